"""Glossaries: terms by hand, CSV and TBX import (all or nothing), export, the CLI."""

from __future__ import annotations

import pytest

from tests.conftest import snapshot
from workbench import glossary, services
from workbench.errors import InputError

TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
<text><body>
  <termEntry id="t1">
    <descrip type="definition">The world organisation founded in 1945.</descrip>
    <langSet xml:lang="sq"><tig><term>Kombet e Bashkuara</term></tig></langSet>
    <langSet xml:lang="en">
      <tig><term>United Nations</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>Allied Nations</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    </langSet>
  </termEntry>
  <termEntry id="t2">
    <langSet xml:lang="de"><tig><term>Gipfel</term></tig></langSet>
    <langSet xml:lang="fr"><tig><term>sommet</term></tig></langSet>
  </termEntry>
</body></text>
</martif>
"""
TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
  <conceptEntry id="c1">
    <langSec xml:lang="ru"><termSec><term>Генеральная Ассамблея</term></termSec></langSec>
    <langSec xml:lang="en"><termSec><term>General Assembly</term></termSec></langSec>
  </conceptEntry>
</body></text>
</tbx>
"""
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<martif><text><body><termEntry><langSet xml:lang="sq"><tig><term>&lol2;</term></tig></langSet>
</termEntry></body></text></martif>
"""


@pytest.fixture
def doc(store) -> int:
    return services.import_file(
        store, b"Tekst.", filename="s.txt", language="sq", role="source", user="t"
    ).document


def test_add_edit_delete_list(store, doc) -> None:
    term = glossary.add(
        store,
        glossary.TermInput(" Kombet e Bashkuara ", "United Nations", "UN", ["UNO", ""]),
        document_id=doc,
        tgt_lang="en",
        user="rev",
    ).term
    assert term["source_term"] == "Kombet e Bashkuara" and term["forbidden"] == ["UNO"]
    assert (term["source_language"], term["target_language"]) == ("sq", "en")
    edited = glossary.edit_term(store, term["id"], note="the organisation", user="ed")
    assert edited["note"] == "the organisation" and edited["updated_by"] == "ed"
    shared = glossary.add(
        store,
        glossary.TermInput("Neni", "Article"),
        document_id=None,
        src_lang="sq",
        tgt_lang="en",
        user="rev",
    ).term
    assert [t["id"] for t in glossary.list_terms(store, document_id=doc)] == [term["id"]]
    both = glossary.list_terms(store, document_id=doc, shared=True)
    assert [t["id"] for t in both] == [term["id"], shared["id"]]
    assert [t.target for t in glossary.terms_for(store, doc, "sq", "en")] == [
        "United Nations",
        "Article",
    ]
    glossary.delete_term(store, term["id"], user="ed")
    assert glossary.list_terms(store, document_id=doc) == []
    with pytest.raises(InputError):
        glossary.add(store, glossary.TermInput("x", " "), document_id=doc, tgt_lang="en", user="r")


def test_csv_round_trip(store, doc, tmp_path) -> None:
    data = (
        "\ufeffsource,target,note,forbidden\n"
        "Kombet e Bashkuara,United Nations,,Allied Nations;UNO\n"
        '"Asambleja e Përgjithshme","General Assembly","plenary, not committee",\n'
    ).encode()
    result = glossary.import_file(
        store, data, filename="g.csv", document_id=doc, tgt_lang="en", user="rev"
    )
    assert (result["added"], result["updated"]) == (2, 0)
    again = glossary.import_file(
        store, data, filename="g.csv", document_id=doc, tgt_lang="en", user="rev"
    )
    # the same file again matches every term and changes none
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 2)
    terms = glossary.list_terms(store, document_id=doc)
    assert terms[0]["forbidden"] == ["Allied Nations", "UNO"]
    out = glossary.write_csv(terms)
    assert glossary.read_csv(out.encode())[1].note == "plenary, not committee"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("source,target\nA,B\nC,\n", "row 3"),
        ("source,target\nA,B\nC,D,E\n", "row 3"),
        ("source,translation\nA,B\n", "header"),
        ("source,target\n", "no terms"),
        ("", "empty"),
        ('source,target\nA,"B\n', "row"),
    ],
)
def test_bad_csv_stores_nothing(store, doc, db_path, data, message) -> None:
    before = snapshot(db_path)
    with pytest.raises(InputError, match=message):
        glossary.import_file(
            store, data.encode(), filename="g.csv", document_id=doc, tgt_lang="en", user="r"
        )
    assert snapshot(db_path) == before


def test_tbx_v2_and_v3(store, doc) -> None:
    glossary.import_file(
        store, TBX_V2.encode(), filename="g.tbx", document_id=doc, tgt_lang="en", user="r"
    )
    (term,) = glossary.list_terms(store, document_id=doc)
    assert (term["source_term"], term["target_term"]) == ("Kombet e Bashkuara", "United Nations")
    assert term["forbidden"] == ["Allied Nations"] and "1945" in term["note"]
    result = glossary.import_file(
        store,
        TBX_V3.encode(),
        filename="g.tbx",
        document_id=None,
        src_lang="ru",
        tgt_lang="en",
        user="r",
    )
    assert result["added"] == 1


@pytest.mark.parametrize(
    "data",
    [BOMB, "<martif><text>", "<martif/>", TBX_V2.replace("<term>Gipfel</term>", "<term>x")],
)
def test_bad_or_hostile_tbx_stores_nothing(store, doc, db_path, data) -> None:
    before = snapshot(db_path)
    with pytest.raises(InputError):
        glossary.import_file(
            store, data.encode(), filename="g.tbx", document_id=doc, tgt_lang="en", user="r"
        )
    assert snapshot(db_path) == before


def test_cli_import_export_list(cli, store, doc, db_path, tmp_path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target,note,forbidden\nNeni,Article,,\n", encoding="utf-8")
    result = cli("glossary", "import", path, "--document", doc, "--tgt-lang", "en")
    assert result.exit_code == 0, result.output
    assert "1 terms added, 0 updated, 0 unchanged" in result.stdout
    again = cli("glossary", "import", path, "--document", doc, "--tgt-lang", "en")
    assert "0 terms added, 0 updated, 1 unchanged" in again.stdout
    listed = cli("glossary", "list")
    assert "Neni → Article" in listed.stdout
    out = tmp_path / "out.csv"
    assert cli("glossary", "export", "--document", doc, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines() == [
        "source,target,note,forbidden",
        "Neni,Article,,",
    ]
    before = snapshot(db_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target\nA,\n", encoding="utf-8")
    failed = cli("glossary", "import", bad, "--shared", "--src-lang", "sq", "--tgt-lang", "en")
    assert failed.exit_code == 2 and "row 2" in failed.stderr
    assert cli("glossary", "import", path).exit_code == 2  # neither --document nor --shared
    assert snapshot(db_path) == before

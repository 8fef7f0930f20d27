"""Glossary files in and out: TBX keeps every usable term, every text comes in as NFC, and an
export imported again changes nothing.

TBX entries may give several usable terms in one language (a preferred and an admitted term,
or synonyms): every usable source term with every usable target term becomes a term, so the
several translations of one source term are alternatives, as adding them one by one makes
them; deprecated and superseded terms stay forbidden variants. The composed (NFC) and
decomposed (NFD) spellings of one text are one term, whichever way it came in.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import import_pair, snapshot
from workbench import findings, glossary
from workbench.qa.terms import term_key
from workbench.store import Store

SOURCE = ["Kuvendi mbrojti të drejtën e punës.", "Asambleja njohu të drejtën e pronës."]
TARGET = [
    "The Assembly defended the right to work.",
    "The Assembly recognised the entitlement to property.",
]
JSON = {"Accept": "application/json"}
TERMS = "/documents/1/glossary/terms"
IMPORT = "/documents/1/glossary/import"

#: TBX-Basic (TBX v2, martif): a preferred, an admitted and a deprecated English term.
TBX_BASIC = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
<text><body>
  <termEntry id="right">
    <descrip type="definition">A right a person holds.</descrip>
    <langSet xml:lang="sq"><tig><term>e drejta</term></tig></langSet>
    <langSet xml:lang="en">
      <tig><term>right</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>entitlement</term>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
      <tig><term>claim</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    </langSet>
  </termEntry>
</body></text>
</martif>
"""

#: TBX v3 (DCA style): two Albanian synonyms for one English term.
TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
  <conceptEntry id="assembly">
    <langSec xml:lang="sq">
      <termSec><term>Asambleja</term></termSec>
      <termSec><term>Kuvendi</term></termSec>
    </langSec>
    <langSec xml:lang="en">
      <termSec><term>Assembly</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      <termSec><term>Parliament</term>
        <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
    </langSec>
  </conceptEntry>
</body></text>
</tbx>
"""

#: TBX v3 in DCT style: the status is an element of the TBX-Basic module's namespace.
TBX_V3_DCT = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic">
<text><body>
  <conceptEntry id="work">
    <langSec xml:lang="sq"><termSec><term>punë</term></termSec></langSec>
    <langSec xml:lang="en">
      <termSec><term>work</term>
        <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
      <termSec><term>labour</term>
        <basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus>
      </termSec>
    </langSec>
  </conceptEntry>
</body></text>
</tbx>
"""


@pytest.fixture
def document(db_path: Path) -> int:
    store = Store(db_path)
    try:
        return store.alignment(import_pair(store, SOURCE, TARGET, title="Rights"))["document_id"]
    finally:
        store.close()


def stored_terms(db_path: Path) -> list[tuple[str, str, list[str]]]:
    store = Store(db_path)
    try:
        return [
            (t["source_term"], t["target_term"], t["forbidden"]) for t in glossary.list_terms(store)
        ]
    finally:
        store.close()


def glossary_findings(db_path: Path, document: int) -> list[str]:
    store = Store(db_path)
    try:
        report = findings.check_alignment(store, document)
        return [f.message for f in report.findings if f.check == "glossary"]
    finally:
        store.close()


def upload(client, token: str, data: bytes, name: str, **form: str):
    return client.post(
        IMPORT,
        data={"csrf_token": token, "file": (io.BytesIO(data), name), **form},
        headers=JSON,
    )


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- TBX: every usable term ---------------------------------------------------------------------


def test_tbx_basic_imports_the_preferred_and_the_admitted_term_as_alternatives(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    response = upload(client, token, TBX_BASIC.encode(), "rights.tbx")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "2 new, 0 updated, 0 unchanged" in response.get_json()["message"]
    assert stored_terms(db_path) == [
        ("e drejta", "right", ["claim"]),
        ("e drejta", "entitlement", ["claim"]),
    ]
    # paragraph 1 has "right", paragraph 2 "entitlement": each is an accepted translation
    assert glossary_findings(db_path, document) == []


def test_every_usable_source_term_of_an_entry_becomes_a_term(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    # the entry read from English into Albanian: two usable English source terms, one target
    response = upload(
        client,
        token,
        TBX_BASIC.encode(),
        "rights.tbx",
        scope="shared",
        src_lang="en",
        tgt_lang="sq",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "2 new" in response.get_json()["message"]
    store = Store(db_path)
    try:
        english = store.terms(shared=True, source_language="en", target_language="sq")
    finally:
        store.close()
    assert [(t["source_term"], t["target_term"]) for t in english] == [
        ("right", "e drejta"),
        ("entitlement", "e drejta"),
    ]


def test_tbx_v3_synonyms_each_become_a_term_and_superseded_terms_stay_forbidden(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    response = upload(client, token, TBX_V3.encode(), "assembly.tbx")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert stored_terms(db_path) == [
        ("Asambleja", "Assembly", ["Parliament"]),
        ("Kuvendi", "Assembly", ["Parliament"]),
    ]


def test_tbx_v3_dct_status_elements_mark_forbidden_terms(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    response = upload(client, token, TBX_V3_DCT.encode(), "work.tbx")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert stored_terms(db_path) == [("punë", "work", ["labour"])]


def test_the_same_tbx_again_changes_nothing(client, db_path: Path, document: int, as_role) -> None:
    token = as_role("translator")
    upload(client, token, TBX_BASIC.encode(), "rights.tbx")
    before = stored_terms(db_path)
    again = upload(client, token, TBX_BASIC.encode(), "rights.tbx")
    assert "0 new, 0 updated, 2 unchanged" in again.get_json()["message"]
    assert stored_terms(db_path) == before


def test_entries_that_contradict_each_other_are_refused_naming_them(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    second = """
  <termEntry id="claim">
    <langSet xml:lang="sq"><tig><term>e drejta</term></tig></langSet>
    <langSet xml:lang="en"><tig><term>claim</term></tig></langSet>
  </termEntry>
</body>"""
    contradicting = TBX_BASIC.replace("</body>", second)
    before = snapshot(db_path)
    response = upload(client, token, contradicting.encode(), "rights.tbx")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "entry 2" in message and "entry 1" in message and "“claim”" in message
    assert snapshot(db_path) == before


# -- one text, one term: NFC on every way in ---------------------------------------------------


def test_the_composed_and_decomposed_spellings_are_one_term_key() -> None:
    assert nfd("punë") != "punë"
    assert term_key(nfd("Punë")) == term_key("punë") == ("punë",)
    assert term_key(nfd("ë")) == term_key("ë")


def test_a_term_added_in_nfd_is_stored_in_nfc_and_matches_its_nfc_spelling(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    added = client.post(
        TERMS,
        json={
            "source": nfd("punë"),
            "target": "work",
            "note": nfd("punë e rëndë"),
            "forbidden": [nfd("punëtori")],
        },
        headers=headers,
    )
    assert added.status_code == 201
    term = added.get_json()["term"]
    assert term["source_term"] == "punë" and term["note"] == "punë e rëndë"
    assert term["forbidden"] == ["punëtori"]
    again = client.post(
        TERMS, json={"source": "punë", "target": "work", "forbidden": "punëtori"}, headers=headers
    )
    assert again.status_code == 200 and again.get_json()["outcome"] == "unchanged"
    form = client.post(
        TERMS,
        data={"csrf_token": token, "source": nfd("Punë"), "target": "work", "forbidden": "toil"},
    )
    assert form.status_code == 303
    assert stored_terms(db_path) == [("punë", "work", ["punëtori", "toil"])]
    # a translation forbidden in its other spelling is still its own forbidden variant
    both = client.post(
        TERMS,
        json={"source": "Kuvendi", "target": "Kuvëndi", "forbidden": nfd("kuvëndi")},
        headers=headers,
    )
    assert both.status_code == 400


def test_an_edit_in_nfd_is_stored_in_nfc_and_cannot_duplicate_a_term(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    client.post(TERMS, json={"source": "punë", "target": "work"}, headers=headers)
    other = client.post(TERMS, json={"source": "Kuvendi", "target": "Assembly"}, headers=headers)
    other_id = other.get_json()["term"]["id"]
    response = client.post(
        f"{TERMS}/{other_id}",
        json={"source": "Kuvendi", "target": "Assembly", "forbidden": [nfd("Kuvëndi")]},
        headers=headers,
    )
    assert response.status_code == 200
    assert response.get_json()["term"]["forbidden"] == ["Kuvëndi"]
    before = snapshot(db_path)
    duplicate = client.post(
        f"{TERMS}/{other_id}", json={"source": nfd("punë"), "target": "work"}, headers=headers
    )
    assert duplicate.status_code == 409
    assert snapshot(db_path) == before


def test_tbx_in_nfd_and_csv_in_nfc_make_no_duplicates(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    response = upload(client, token, nfd(TBX_V3_DCT).encode(), "work.tbx")
    assert "1 new" in response.get_json()["message"]
    assert stored_terms(db_path) == [("punë", "work", ["labour"])]
    csv = "source,target,note,forbidden\npunë,work,,labour\n".encode()
    again = upload(client, token, csv, "work.csv")
    assert "0 new, 0 updated, 1 unchanged" in again.get_json()["message"]
    decomposed = nfd("source,target,note,forbidden\npunë,work,,labour\n").encode()
    assert "1 unchanged" in upload(client, token, decomposed, "nfd.csv").get_json()["message"]
    assert len(stored_terms(db_path)) == 1


# -- export, then import: nothing changes ------------------------------------------------------


def test_a_csv_export_imported_again_reports_every_term_unchanged(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    upload(client, token, nfd(TBX_BASIC).encode(), "rights.tbx")
    upload(client, token, nfd(TBX_V3).encode(), "assembly.tbx")
    client.post(
        TERMS,
        json={
            "source": nfd("punë"),
            "target": "work",
            "note": nfd('"hard" work, see art. 23'),
            "forbidden": "labour; toil",
        },
        headers=headers,
    )
    before = stored_terms(db_path)
    assert len(before) == 5
    exported = client.get("/documents/1/glossary.csv")
    assert exported.status_code == 200
    assert 'filename="glossary-document-1-sq-en.csv"' in exported.headers["Content-Disposition"]
    response = upload(client, token, exported.get_data(), "glossary-document-1-sq-en.csv")
    assert response.status_code == 200
    assert "0 new, 0 updated, 5 unchanged" in response.get_json()["message"]
    assert stored_terms(db_path) == before


def test_the_cli_export_with_language_columns_round_trips(
    cli, client, db_path: Path, document: int, as_role, tmp_path: Path
) -> None:
    token = as_role("translator")
    upload(client, token, nfd(TBX_BASIC).encode(), "rights.tbx")
    out = tmp_path / "rights.csv"
    result = cli("glossary", "export", "--document", document, "--with-languages", "-o", out)
    assert result.exit_code == 0, result.output
    assert "2 terms (sq→en)" in result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source,target,note,forbidden,source_language,target_language"
    assert lines[1] == "e drejta,right,A right a person holds.,claim,sq,en"
    again = cli("glossary", "import", out, "--document", document)
    assert again.exit_code == 0, again.output
    assert "0 terms added, 0 updated, 2 unchanged" in again.stdout


# -- the language columns and the pair of an export ----------------------------------------------


def test_language_columns_are_optional_and_must_name_the_glossarys_pair(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    plain = upload(client, token, b"source,target,note,forbidden\nNeni,Article,,\n", "a.csv")
    assert plain.status_code == 200
    matching = "source,target,source_language,target_language\nNeni,Article,sq,en-GB\n"
    assert upload(client, token, matching.encode(), "b.csv").status_code == 200
    before = snapshot(db_path)
    other = "source,target,source_language,target_language\nLigji,Law,sq,en\nGesetz,Law,de,en\n"
    response = upload(client, token, other.encode(), "c.csv")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "c.csv, row 3" in message and "source_language is de" in message and "sq→en" in message
    assert snapshot(db_path) == before


def test_a_documents_export_is_one_language_pair_and_says_which(
    client, db_path: Path, document: int, as_role
) -> None:
    store = Store(db_path)
    try:
        french = import_pair(store, ["Le travail."], ["The work."], src_lang="fr", title="Fr")
        french_doc = store.alignment(french)["document_id"]
    finally:
        store.close()
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    client.post(
        TERMS, json={"source": "punë", "target": "work", "scope": "shared"}, headers=headers
    )
    client.post(
        f"/documents/{french_doc}/glossary/terms",
        json={"source": "travail", "target": "work", "scope": "shared"},
        headers=headers,
    )
    shared = client.get(f"/documents/{french_doc}/glossary.csv?scope=shared")
    assert 'filename="glossary-shared-fr-en.csv"' in shared.headers["Content-Disposition"]
    assert shared.get_data(as_text=True) == "source,target,note,forbidden\ntravail,work,,\n"
    # the page offers the export of this document's pair, and lists only its shared terms
    page = lxml.html.fromstring(
        client.get(f"/documents/{french_doc}/glossary").get_data(as_text=True)
    )
    links = [a.get("href") for a in page.xpath("//a[@download]")]
    assert f"/documents/{french_doc}/glossary.csv?src_lang=fr&tgt_lang=en" in links
    shared_rows = page.xpath("//table[@id='shared-terms']//tr[starts-with(@id,'term-')]")
    assert [row.xpath(".//input[@name='source']/@value") for row in shared_rows] == [["travail"]]


# -- spreadsheets: formulas neutralised on request (OWASP "CSV Injection") ----------------------

HOSTILE_TERM = {
    "source": '=HYPERLINK("http://evil","x")',
    "target": "+cmd",
    "note": "@SUM(1)",
    "forbidden": "-2+3",
}


def add_hostile_term(client, token: str) -> None:
    response = client.post(TERMS, json=HOSTILE_TERM, headers={"X-CSRF-Token": token, **JSON})
    assert response.status_code == 201, response.get_data(as_text=True)


def test_the_excel_export_neutralises_formulas_as_the_link_exports_do(
    client, db_path: Path, document: int, as_role
) -> None:
    add_hostile_term(client, as_role("translator"))
    plain = client.get("/documents/1/glossary.csv").get_data(as_text=True)
    assert plain.splitlines()[1] == '"=HYPERLINK(""http://evil"",""x"")",+cmd,@SUM(1),-2+3'
    excel = client.get("/documents/1/glossary.csv?excel=1")
    assert excel.status_code == 200
    text = excel.get_data().decode("utf-8")
    assert text.startswith("\ufeffsource,target,note,forbidden\r\n")
    assert text.splitlines()[1] == '"\'=HYPERLINK(""http://evil"",""x"")",\'+cmd,\'@SUM(1),\'-2+3'
    link_export = client.get("/documents/1/export?format=csv&edition=draft&excel=1")
    assert link_export.get_data().startswith(b"\xef\xbb\xbf") and b"\r\n" in link_export.get_data()
    # the page offers both, for every pair it offers
    page = lxml.html.fromstring(client.get("/documents/1/glossary").get_data(as_text=True))
    links = [a.get("href") for a in page.xpath("//a[@download]")]
    assert "/documents/1/glossary.csv?src_lang=sq&tgt_lang=en&excel=1" in links
    assert "/documents/1/glossary.csv?src_lang=sq&tgt_lang=en" in links


def test_the_cli_export_for_excel(
    cli, client, db_path: Path, document: int, as_role, tmp_path: Path
) -> None:
    add_hostile_term(client, as_role("translator"))
    out = tmp_path / "terms.csv"
    result = cli("glossary", "export", "--document", document, "--excel", "-o", out)
    assert result.exit_code == 0, result.output
    rows = out.read_bytes().decode("utf-8").split("\r\n")
    assert rows[0] == "\ufeffsource,target,note,forbidden"
    assert rows[1] == '"\'=HYPERLINK(""http://evil"",""x"")",\'+cmd,\'@SUM(1),\'-2+3'
    plain = tmp_path / "plain.csv"
    assert cli("glossary", "export", "--document", document, "-o", plain).exit_code == 0
    assert plain.read_text(encoding="utf-8").splitlines()[1].startswith('"=HYPERLINK')

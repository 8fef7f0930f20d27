"""Interchange exports read back by real third-party readers, and the round trip through import.

translate-toolkit reads our TMX (`translate.storage.tmx`) and XLIFF 2 (`translate.storage.xliff2`,
its XLIFF 2.0/2.1 reader); lxml checks well-formedness, namespaces and every TEI pointer; the
csv and json modules read the tabular exports.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from lxml import etree

from tests.test_review import SOURCE, TARGET
from workbench import aligning, editions, export, flags, review, services
from workbench.errors import InputError, NotFound
from workbench.exports.base import ExportOptions
from workbench.formats.bilingual import text_key
from workbench.store import Store

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOSTILE = "<script>alert(1)</script> ]]> & “quotes” \x01\x0b end"


def make_document(store: Store, source: list[str], target: list[str], langs=("sq", "en")) -> int:
    """A document of two versions, aligned; returns the alignment id."""
    doc = services.import_file(
        store,
        "\n\n".join(source).encode(),
        filename="source.txt",
        title="Deklarata — Декларация",
        language=langs[0],
        role="source",
    ).document
    services.import_file(
        store,
        "\n\n".join(target).encode(),
        filename="target.txt",
        document_id=doc,
        language=langs[1],
        role="translation",
    )
    return aligning.align_versions(store, doc)


@pytest.fixture
def published(store: Store) -> dict:
    """Six links, the first four confirmed, one flag with a comment, edition 1 published."""
    alignment = make_document(store, SOURCE, TARGET)
    links = store.links(alignment)
    review.set_status(store, alignment, [link.id for link in links[:4]], user="rita")
    flags.raise_flag(
        store,
        alignment,
        category="accuracy/mistranslation",
        severity="major",
        link_id=links[1].id,
        comment="“endowed” is stronger than the source",
        user="rita",
    )
    edition_id = editions.publish(store, alignment, user="eva", note="first")
    document = store.alignment(alignment)["document_id"]
    store.update_document(document, translator="Enkel Daljani", licence="CC BY 4.0")
    return {"alignment": alignment, "edition": edition_id, "document": document, "links": links}


def exported(store: Store, document: int, fmt: str, edition: int | None = 1, **options) -> bytes:
    data = export.build(store, document, edition=edition, options=ExportOptions(**options))
    return b"".join(export.exporter(fmt).write(data))


def test_tmx_is_read_by_translate_toolkit(store: Store, published: dict, tmp_path) -> None:
    from translate.storage.tmx import tmxfile

    data = exported(store, published["document"], "tmx")
    units = tmxfile.parsestring(data).units
    assert [(u.source, u.target) for u in units] == list(zip(SOURCE[:4], TARGET[:4], strict=True))
    root = etree.fromstring(data)
    header = root.find("header")
    for attribute, value in {
        "srclang": "sq",
        "segtype": "paragraph",
        "datatype": "plaintext",
        "o-tmf": "workbench",
        "adminlang": "en",
        "creationtool": "Workbench",
    }.items():
        assert header.get(attribute) == value
    assert header.get("creationdate").endswith("Z") and header.get("creationtoolversion")
    assert {tuv.get(XML_LANG) for tuv in root.iter("tuv")} == {"sq", "en"}
    for tu in root.iter("tu"):
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-status"] == "confirmed" and props["x-reviewer"] == "rita"
        assert props["x-document"] == "Deklarata — Декларация"
    assert "accuracy/mistranslation" not in data.decode(), "notes only when asked for"
    with_notes = exported(store, published["document"], "tmx", flags=True).decode()
    assert with_notes.count("<note>accuracy/mistranslation (major, open)") == 1


def test_xliff_2_1_is_read_by_translate_toolkit(store: Store, published: dict) -> None:
    from translate.storage.xliff2 import Xliff2File

    data = exported(store, published["document"], "xliff", flags=True)
    store_ = Xliff2File.parsestring(data)
    units = [u for u in store_.units if u.source]
    assert [(u.source, u.target) for u in units] == list(zip(SOURCE[:4], TARGET[:4], strict=True))
    assert all(u.isapproved() for u in units)
    # XLIFF 2 puts <notes> in the <unit> (a <segment> cannot hold them); translate-toolkit's
    # getnotes() looks inside the segment, so the notes are checked with lxml below.
    root = etree.fromstring(data)
    assert root.tag == f"{{{XLIFF_NS}}}xliff" and root.get("version") == "2.1"
    assert (root.get("srcLang"), root.get("trgLang")) == ("sq", "en")
    segments = root.findall(f".//{{{XLIFF_NS}}}segment")
    assert {s.get("state") for s in segments} == {"final"}, "an edition is approved text"
    note = root.find(f".//{{{XLIFF_NS}}}unit/{{{XLIFF_NS}}}notes/{{{XLIFF_NS}}}note")
    assert (note.get("category"), note.get("priority")) == ("accuracy/mistranslation", "3")
    assert "endowed" in note.text and note.getparent().getparent().get("id") == "u2"
    unit = segments[0].getparent()
    children = [etree.QName(c).localname for c in unit]
    assert children[-1] == "segment" and children.count("notes") <= 1


def test_xliff_states_of_a_draft_follow_the_link_statuses(store: Store, published: dict) -> None:
    data = exported(store, published["document"], "xliff", edition=None)
    segments = etree.fromstring(data).findall(f".//{{{XLIFF_NS}}}segment")
    assert [s.get("state") for s in segments] == ["reviewed"] * 4 + ["initial"] * 2


def test_tei_is_well_formed_and_every_link_target_resolves(store: Store, published: dict) -> None:
    data = exported(store, published["document"], "tei", edition=None, flags=True)
    root = etree.fromstring(data)
    ids = {el.get(XML_ID) for el in root.iter() if el.get(XML_ID)}
    texts = root.findall(f"{{{TEI_NS}}}text/{{{TEI_NS}}}group/{{{TEI_NS}}}text")
    assert [t.get(XML_LANG) for t in texts] == ["sq", "en"]
    assert texts[0].find(f".//{{{TEI_NS}}}p").get(XML_ID) == "src-p1"
    links = root.findall(f".//{{{TEI_NS}}}linkGrp[@type='translation']/{{{TEI_NS}}}link")
    assert len(links) == 6
    assert links[0].get("target") == "#src-p1 #tgt-p1"
    for link in links:
        for pointer in link.get("target").split() + link.get("ana").split():
            assert pointer.startswith("#") and pointer[1:] in ids
    header = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc")
    assert header.findtext(f"{{{TEI_NS}}}titleStmt/{{{TEI_NS}}}title") == "Deklarata — Декларация"
    for part in ("publicationStmt", "sourceDesc"):
        assert header.find(f"{{{TEI_NS}}}{part}") is not None
    licence = header.find(f".//{{{TEI_NS}}}licence")
    assert licence.text == "CC BY 4.0"


def test_csv_tsv_and_json(store: Store, published: dict) -> None:
    rows = list(csv.reader(io.StringIO(exported(store, published["document"], "csv").decode())))
    assert rows[0] == [
        "number",
        "source",
        "target",
        "status",
        "confidence",
        "source positions",
        "target positions",
        "text key",  # the fingerprint our import of the table checks its texts against
        "reviewer",  # who set the status
    ]
    assert rows[1][:4] == ["1", SOURCE[0], TARGET[0], "confirmed"] and rows[1][5:7] == ["1", "1"]
    assert rows[1][7] == text_key([SOURCE[0]], [TARGET[0]])
    excel = exported(store, published["document"], "tsv", edition=None, excel=True)
    assert excel.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel and b"sep=" not in excel
    tsv = list(csv.reader(io.StringIO(excel.decode("utf-8-sig")), delimiter="\t"))
    assert len(tsv) == 7 and tsv[6][3] == "auto" and float(tsv[6][4]) > 0
    doc = json.loads(exported(store, published["document"], "json", flags=True))
    assert doc["draft"] is False and doc["edition"]["number"] == 1
    assert doc["document"]["translator"] == "Enkel Daljani" and len(doc["links"]) == 4
    assert doc["links"][1]["notes"][0]["comments"] == ["“endowed” is stronger than the source"]


def test_sentence_level_exports_the_edition_sentence_links(store: Store, published: dict) -> None:
    data = export.build(store, published["document"], edition=1, options=ExportOptions("sentence"))
    links = list(data.links())
    assert len(links) == store.count_edition_links(published["edition"], "sentence") > 4
    tmx = exported(store, published["document"], "tmx", level="sentence")
    assert b'segtype="sentence"' in tmx
    assert export.filenames(data, ".tmx")[0] == "deklarata-deklaratsiya-ed1-sentences.tmx"


def test_draft_approved_only_and_errors(store: Store, published: dict) -> None:
    draft = export.build(store, published["document"], options=ExportOptions(approved_only=True))
    assert draft.draft and draft.count == 4 and "Draft" in draft.state
    with pytest.raises(NotFound):
        export.build(store, published["document"], edition=9)
    with pytest.raises(InputError, match="unknown export format"):
        export.exporter("rtf")
    with pytest.raises(InputError, match="level"):
        export.build(store, published["document"], options=ExportOptions("word"))


def test_confirmed_sentence_links_are_asked_for_when_only_paragraphs_were_confirmed(
    store: Store, published: dict
) -> None:
    # the reviewer confirmed the four paragraph links; their sentence links are still "auto"
    options = ExportOptions("sentence", approved_only=True)
    with pytest.raises(InputError) as refused:
        export.build(store, published["document"], options=options)
    assert str(refused.value) == (
        "there are no confirmed links at sentence level to export: 4 paragraph links are"
        " confirmed, but none of the sentence links inside (confirm those at sentence level on"
        " the review page, or export at paragraph level)"
    )


def test_hostile_text_is_escaped_in_xml_and_inert_in_html(store: Store) -> None:
    alignment = make_document(store, ["Neni 1.", "Tekst."], ["Article 1", "Text."])
    version = store.alignment(alignment)["target_version_id"]
    # Stored text from before the import cleaned control characters: exports must cope.
    store.db.execute(
        "update segments set text = ? where version_id = ? and position = 1",
        [HOSTILE, version],
    )
    store.update_document(store.alignment(alignment)["document_id"], title=HOSTILE)
    document = store.alignment(alignment)["document_id"]
    expected = HOSTILE.replace("\x01", "").replace("\x0b", "")
    for fmt in ("tmx", "xliff", "tei"):
        data = exported(store, document, fmt, edition=None, level="sentence")
        root = etree.fromstring(data)  # raises on anything not well-formed
        assert expected in ["".join(el.itertext()) for el in root.iter()], fmt
        assert b"<script>" not in data
    import lxml.html

    page = exported(store, document, "html", edition=None).decode()
    tree = lxml.html.document_fromstring(page)
    assert tree.findall(".//script") == [] and "<script>alert" not in page
    assert any(expected in "".join(p.itertext()) for p in tree.iter("p"))


def test_round_trip_through_import_keeps_pairs_statuses_and_reviewers(
    store: Store, published: dict
) -> None:
    alignment = published["alignment"]
    links = store.links(alignment)
    store.db.execute(
        "update links set status = 'edited', set_by = 'Ана & <Bo>' where id = ?", [links[2].id]
    )

    def state(links):
        return [(link.source, link.target, link.status, link.set_by) for link in links]

    before = state(exported_links(store, published))
    assert {row[2] for row in before} == {"auto", "confirmed", "edited"}
    assert [row[3] for row in before] == ["rita", "rita", "Ана & <Bo>", "rita", None, None]
    for fmt, name in (("tmx", "round.tmx"), ("xliff", "round.xlf")):
        data = exported(store, published["document"], fmt, edition=None)
        result = services.import_file(store, data, filename=name, user="cli")
        after = state(export.build(store, result.document).links())
        assert after == before, fmt
    # An edition (every link final) keeps its reviewers too.
    data = exported(store, published["document"], "xliff")
    result = services.import_file(store, data, filename="edition.xlf", user="cli")
    assert {link.set_by for link in store.links(result.alignment)} == {"rita"}


def test_files_naming_no_reviewer_are_vouched_for_by_the_importer(store: Store) -> None:
    tmx = (
        b'<tmx version="1.4"><header srclang="en"/><body>'
        b'<tu><prop type="x-status">confirmed</prop><prop type="x-reviewer">eva</prop>'
        b'<tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="de"><seg>Eins.</seg></tuv></tu>'
        b'<tu><prop type="x-status">confirmed</prop>'
        b'<tuv xml:lang="en"><seg>Two.</seg></tuv><tuv xml:lang="de"><seg>Zwei.</seg></tuv></tu>'
        b'<tu><prop type="x-status">auto</prop>'
        b'<tuv xml:lang="en"><seg>Three.</seg></tuv><tuv xml:lang="de"><seg>Drei.</seg></tuv></tu>'
        b"</body></tmx>"
    )
    result = services.import_file(store, tmx, filename="mixed.tmx", user="ivo")
    links = store.links(result.alignment)
    assert [(link.status, link.set_by) for link in links] == [
        ("confirmed", "eva"),
        ("confirmed", "ivo"),
        ("auto", None),
    ]


def test_an_edition_holds_the_notes_as_they_stood_at_publication(
    store: Store, published: dict, monkeypatch
) -> None:
    """Notes of an edition: flags raised up to its publication, with the status and comments
    they had then, on positions inside the edition's links; the export says so."""
    alignment, links = published["alignment"], published["links"]

    def flag(link, comment):
        return flags.raise_flag(
            store,
            alignment,
            category="terminology",
            severity="minor",
            link_id=link.id,
            comment=comment,
            user="rita",
        )["id"]

    def clock(at: str) -> None:
        for module in ("base", "flags", "editions"):
            monkeypatch.setattr(f"workbench.store.{module}.now", lambda: at)

    clock("2998-01-01T00:00:00Z")  # after edition 1, up to the publication of edition 2
    kept = flag(links[0], "kept, then dismissed after publication")
    flag(links[5], "on an auto link: not in the edition")
    dismissed = flag(links[3], "dismissed before publication")
    flags.set_status(store, dismissed, "dismissed", user="eva")
    second = store.edition(editions.publish(store, alignment, user="eva"))["number"]
    clock("2999-01-01T00:00:00Z")  # after the publication of edition 2
    flags.set_status(store, kept, "dismissed", user="eva")
    [old] = [f["id"] for f in store.flags(alignment_id=alignment) if f["link_id"] == links[1].id]
    flags.add_comment(store, old, "a comment after publication", user="eva")
    flag(links[2], "raised after publication")

    def notes(edition):
        doc = json.loads(exported(store, published["document"], "json", edition, flags=True))
        found = {
            row["number"]: [(n["status"], n["comments"]) for n in row.get("notes", [])]
            for row in doc["links"]
        }
        return {k: v for k, v in found.items() if v}, doc["notes_included"]

    found, about = notes(second)
    assert found == {
        1: [("open", ["kept, then dismissed after publication"])],
        2: [("open", ["“endowed” is stronger than the source"])],
    }
    assert about.startswith("2 translator’s notes from the flags raised up to publication (")
    assert "dismissed flags, and flags outside the edition’s links, are left out" in about
    found, about = notes(1)
    assert found == {2: [("open", ["“endowed” is stronger than the source"])]}
    assert about.startswith("1 translator’s note from")
    found, about = notes(None)  # the draft: flags as they are now
    assert found == {
        2: [("open", ["“endowed” is stronger than the source", "a comment after publication"])],
        3: [("open", ["raised after publication"])],
        6: [("open", ["on an auto link: not in the edition"])],
    }
    assert about.startswith("3 translator’s notes from the open and resolved flags as they are")
    tmx = exported(store, published["document"], "tmx", second, flags=True).decode()
    assert '<prop type="x-notes">2 translator’s notes' in tmx
    xliff = exported(store, published["document"], "xliff", second, flags=True).decode()
    assert '<note id="notes" category="notes">2 translator’s notes' in xliff
    assert "notesStmt" in exported(store, published["document"], "tei", second, flags=True).decode()
    assert "x-notes" not in exported(store, published["document"], "tmx", second).decode()


def exported_links(store: Store, published: dict):
    return export.build(store, published["document"]).links()


def test_files_without_statuses_still_import_as_confirmed(store: Store) -> None:
    tmx = (
        b'<tmx version="1.4"><header srclang="en"/><body>'
        b'<tu><tuv xml:lang="en"><seg>One.</seg></tuv>'
        b'<tuv xml:lang="de"><seg>Eins.</seg></tuv></tu>'
        b"</body></tmx>"
    )
    result = services.import_file(store, tmx, filename="plain.tmx")
    assert [link.status for link in store.links(result.alignment)] == ["confirmed"]


def test_interchange_writers_stream(store: Store, published: dict) -> None:
    data = export.build(store, published["document"], edition=None)
    for fmt in ("tmx", "xliff", "tei", "csv", "tsv", "json"):
        chunks = export.exporter(fmt).write(data)
        assert iter(chunks) is chunks, f"{fmt} is a generator, not a finished file"
        assert b"".join(chunks)


def test_safe_file_names() -> None:
    assert (
        export.slug("Всеобщая декларация: прав/человека?")
        == "vseobshchaya-deklaratsiya-prav-cheloveka"
    )
    assert export.slug("") == "document" and export.slug("../../etc") == "etc"

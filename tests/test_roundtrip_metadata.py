"""The record's citation block and its headings through TMX and XLIFF and back.

Our exports write the record's metadata where our reader takes it back into the new document:
TMX header props (`x-date`, `x-summary`, `x-citation`, `x-archive-reference`, `x-translator`,
`x-licence`, `x-source-url`, `x-original-language`), XLIFF notes of the <file> by category
(`date`, `summary`, `document-citation`, …). The citation a reader copies (the TMX header's
note, the XLIFF "citation" note, which name the edition and the day) is not the record's own
citation and is not read back. Headings: a TMX unit's `x-kind` (or a <tuv>'s
`x-paragraph-kinds` where headings and paragraphs share a unit), an XLIFF unit's
type="workbench:heading" (or `<mda:meta type="…-paragraph-kinds">`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from lxml import etree

from tests.conftest import import_pair
from tests.test_formats_exchange import read, texts, tmx, tu
from tests.test_roundtrip_paragraphs import written, xliff_ours
from workbench import editions, export, review, services
from workbench.exports.base import ExportLink, ExportOptions
from workbench.model import ParsedDocument
from workbench.store import Store

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
RECORD = {
    "date": "June 16, 1961",
    "summary": "Manush Myftiu & Kim Il Sung on the <talks> of “June 1961”.",
    "citation": "“Account on the Reception…”, June 16, 1961, AQSH, F. 14/AP. Wilson Center.",
    "archive_reference": "AQSH, F. 14/AP, M-PKK, V. 1961, Dos. 13, Fl. 1-13",
    "translator": "Enkel Daljani",
    "licence": "CC BY 4.0",
}
EXTRA = {"source_url": "https://digitalarchive.wilsoncenter.org/document/114880"}
FORMATS = [("tmx", "record.tmx"), ("xliff", "record.xlf")]


@pytest.fixture
def record(store: Store) -> int:
    """A document with its citation block, aligned and published; the alignment id."""
    alignment = import_pair(
        store,
        ["Mbi pritjen e delegacionit.", "Shoku Kim Ir Sen tha: „Mirë.“"],
        ["On the reception of the delegation.", "Comrade Kim Il Sung said: “Very well.”"],
        title="Account on the Reception of the Delegation",
    )
    document = store.alignment(alignment)["document_id"]
    store.update_document(document, **RECORD, metadata=json.dumps(EXTRA))
    review.set_status(store, alignment, [link.id for link in store.links(alignment)], user="rita")
    editions.publish(store, alignment, user="eva")
    return alignment


def exported(store: Store, alignment: int, fmt: str, edition: int | None) -> bytes:
    document = store.alignment(alignment)["document_id"]
    data = export.build(store, document, edition=edition, options=ExportOptions())
    return b"".join(export.exporter(fmt).write(data))


@pytest.mark.parametrize("edition", [None, 1], ids=["draft", "edition"])
@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_the_citation_block_comes_back_with_the_document(
    store: Store, record: int, fmt: str, filename: str, edition: int | None
) -> None:
    data = exported(store, record, fmt, edition)
    result = services.import_file(store, data, filename=filename, user="cli")
    document = store.document(result.document)
    assert {key: document[key] for key in RECORD} == RECORD
    assert document["metadata"] == EXTRA
    assert document["title"] == "Account on the Reception of the Delegation"
    assert (document["source_language"], document["target_language"]) == ("sq", "en")


def test_the_metadata_is_structured_where_other_tools_see_it_too(store: Store, record: int) -> None:
    from translate.storage import tmx as tt_tmx
    from translate.storage import xliff2

    memory = exported(store, record, "tmx", 1)
    header = etree.fromstring(memory).find("header")
    props = {prop.get("type"): prop.text for prop in header.findall("prop")}
    assert props["x-archive-reference"] == RECORD["archive_reference"]
    assert props["x-citation"] == RECORD["citation"]
    assert props["x-source-url"] == EXTRA["source_url"]
    assert "Edition 1" in header.findtext("note")  # the citation a reader copies, as before
    assert len(tt_tmx.tmxfile.parsestring(memory).units) == 2
    job = exported(store, record, "xliff", 1)
    notes = etree.fromstring(job).findall(f".//{{{XLIFF_NS}}}file/{{{XLIFF_NS}}}notes/*")
    categories = {note.get("category"): note.text for note in notes}
    assert categories["translator"] == RECORD["translator"]
    assert categories["document-citation"] == RECORD["citation"]
    assert categories["summary"] == RECORD["summary"]
    assert "Edition 1" in categories["citation"]
    assert len({note.get("id") for note in notes}) == len(notes)  # note ids are unique
    first = xliff2.Xliff2File.parsestring(job).units[0]
    assert first.target == "On the reception of the delegation."


def test_a_document_without_metadata_writes_none() -> None:
    links = [
        ExportLink(1, "Një.", "One.", "confirmed", None, (0, 1), (0, 1), "rita"),
    ]
    for fmt, name in FORMATS:
        data = written(fmt, links, level="paragraph")
        assert b"x-date" not in data and b'category="date"' not in data
        assert read(data, name).metadata == {}


def test_other_tools_notes_are_not_taken_for_metadata() -> None:
    """A note to the translator in someone else's XLIFF is no record of who translated; our
    metadata notes are read from our own files only. TMX props are metadata by design."""
    notes = '<notes><note category="translator">Keep the names as they are.</note></notes>'
    foreign = (
        f'<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang="sq" trgLang="en"><file id="f">'
        f'{notes}<unit id="u"><segment><source>Një.</source><target>One.</target></segment>'
        "</unit></file></xliff>"
    )
    assert read(foreign, "a.xlf").metadata == {}
    ours = foreign.replace('<file id="f">', '<file id="f" original="workbench:document/9">')
    assert read(ours, "a.xlf").metadata == {"translator": "Keep the names as they are."}
    header = '<prop type="x-translator">  Enkel\n Daljani </prop><prop type="x-other">y</prop>'
    memory = tmx(tu(sq="Një.", en="One."), srclang="sq").replace(
        "/><body>", f">{header}</header><body>"
    )
    assert read(memory, "m.tmx").metadata == {"translator": "Enkel Daljani"}


# --- headings ----------------------------------------------------------------------------------


def kinds(doc: ParsedDocument, side: int) -> list[str]:
    return [segment.kind for segment in doc.versions[side].segments]


def test_headings_are_read_from_tmx_and_xliff() -> None:
    heading = '<tu><prop type="x-kind">heading</prop>' + tu(sq="Neni 1", en="Article 1")[4:]
    mixed = (
        '<tu><tuv xml:lang="sq"><prop type="x-paragraph-kinds">heading paragraph</prop>'
        "<seg>Neni 2\n\nÇdo njeri.</seg></tuv>"
        '<tuv xml:lang="en"><seg>Article 2 Everyone.</seg></tuv></tu>'
    )
    wrong = (  # a record that no longer fits the text (edited elsewhere) is ignored
        '<tu><tuv xml:lang="sq"><prop type="x-paragraph-kinds">heading</prop>'
        "<seg>Një.\n\nDy.</seg></tuv></tu>"
    )
    doc = read(tmx(heading, mixed, wrong, tu(sq="Fund.", en="End."), srclang="sq"), "m.tmx")
    assert kinds(doc, 0) == [
        "heading",
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
    assert kinds(doc, 1) == ["heading", "paragraph", "paragraph"]
    meta = (
        '<mda:metadata xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0">'
        '<mda:metaGroup category="workbench">'
        '<mda:meta type="source-paragraph-kinds">heading paragraph</mda:meta>'
        "</mda:metaGroup></mda:metadata>"
    )
    segment = '<segment><source xml:space="preserve">{}</source><target>{}</target></segment>'
    heading_unit = segment.format("Neni 1", "Article 1")
    mixed_unit = segment.format("Neni 2\n\nÇdo.", "Every.")
    doc = read(
        xliff_ours(
            f'<unit id="u1" type="workbench:heading">{heading_unit}</unit>',
            f'<unit id="u2">{meta}{mixed_unit}</unit>',
            f'<unit id="u3">{segment.format("Fund.", "End.")}</unit>',
        ),
        "a.xlf",
    )
    assert texts(doc, 0) == ["Neni 1", "Neni 2", "Çdo.", "Fund."]
    assert kinds(doc, 0) == ["heading", "heading", "paragraph", "paragraph"]
    assert kinds(doc, 1) == ["heading", "paragraph", "paragraph"]


@dataclass(frozen=True)
class Kinded(ExportLink):
    """A link as the export gives it when it knows its paragraphs' kinds."""

    source_kinds: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()


def kinded_links() -> list[ExportLink]:
    return [
        Kinded(
            1, "Neni 1", "Article 1", "confirmed", None, (0, 1), (0, 1), "rita",
            source_parts=("Neni 1",), target_parts=("Article 1",),
            source_kinds=("heading",), target_kinds=("heading",),
        ),
        Kinded(
            2, "Neni 2\n\nÇdo njeri.", "Everyone.", "confirmed", None, (1, 3), (1, 2), "rita",
            source_parts=("Neni 2", "Çdo njeri."), target_parts=("Everyone.",),
            source_kinds=("heading", "paragraph"), target_kinds=("paragraph",),
        ),
        Kinded(
            3, "Fund.", "End.", "confirmed", None, (3, 4), (2, 3), "rita",
            source_parts=("Fund.",), target_parts=("End.",),
            source_kinds=("paragraph",), target_kinds=("paragraph",),
        ),
    ]  # fmt: skip


@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_headings_are_written_as_the_export_knows_them_and_read_back(
    store: Store, fmt: str, filename: str
) -> None:
    data = written(fmt, kinded_links(), level="paragraph")
    if fmt == "xliff":
        units = etree.fromstring(data).findall(f".//{{{XLIFF_NS}}}unit")
        assert [unit.get("type") for unit in units] == ["workbench:heading", None, None]
        assert b"heading paragraph</mda:meta>" in data
    else:
        assert data.count(b'<prop type="x-kind">heading</prop>') == 1
        assert data.count(b'<prop type="x-paragraph-kinds">heading paragraph</prop>') == 1
    doc = read(data, filename)
    assert kinds(doc, 0) == ["heading", "heading", "paragraph", "paragraph"]
    assert kinds(doc, 1) == ["heading", "paragraph", "paragraph"]
    result = services.import_file(store, data, filename=filename, user="cli")
    stored = [(segment["kind"], segment["text"]) for segment in store.segments(result.versions[0])]
    assert stored[:2] == [("heading", "Neni 1"), ("heading", "Neni 2")]
    assert [kind for kind, _ in stored[2:]] == ["paragraph", "paragraph"]

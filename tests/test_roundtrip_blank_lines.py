"""A paragraph holding a blank line of its own, through our TMX and XLIFF and back.

A translator's approved revision may hold a blank line (two stanzas kept in one paragraph).
Our exports join an n-m link's paragraphs with a blank line too, so the file says which blank
lines end a paragraph (TMX `x-paragraph-blocks`, XLIFF 2 `<mda:meta
type="…-paragraph-blocks">`): our own file reads back as the paragraphs, links, statuses and
text it was written from, as a memoQ or Trados user expects of a round trip, while other tools
(translate-toolkit here) read one unit with the blank line in its text. A file without that
record, from another tool, is still cut at every blank line, as the README says.

A single line break inside a paragraph (a poem's lines) is kept by every reader edition, as
the DOCX one always kept it: a <br> in HTML, PDF and EPUB, where a bare one is a space.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.test_formats_exchange import read, texts, tmx, tu
from tests.test_formats_roundtrip import import_units
from workbench import editions, export, review, revisions, services
from workbench.exports.base import ExportOptions
from workbench.store import Store

FORMATS = [("tmx", "round.tmx"), ("xliff", "round.xlf")]
STANZAS = "Two, stanza one.\n\n\nTwo, stanza  two,\nits second line."


def revise(store: Store, segment_id: int, text: str) -> None:
    """Propose `text` for a paragraph as a translator and approve it as an editor."""
    segment = store.segment(segment_id)
    proposed = revisions.propose(
        store, segment_id, text, base_revision=segment["revision"], user="ana"
    )
    revisions.approve(store, proposed, user="eva")


@pytest.fixture
def stanzas(store: Store) -> int:
    """A confirmed and published alignment whose revised paragraphs hold blank lines: one in a
    1-2 link (beside a paragraph of its own), one in a 1-1 link; the alignment id."""
    alignment = import_units(
        store,
        tmx(
            tu(sq="Një.", en="One."),
            tu(sq="Dy.", en="Two."),
            tu(en="Two, continued."),
            tu(sq="Tre.", en="Three."),
            tu(sq="Katër.", en="Four."),
            srclang="sq",
        ),
    )
    review.merge(store, alignment, store.links(alignment)[2].id, "previous", user="ana")
    target = store.alignment(alignment)["target_version_id"]
    paragraphs = store.segments(target)
    revise(store, paragraphs[1]["id"], STANZAS)
    revise(store, paragraphs[3]["id"], "Three,\n\nthree.")
    links = [link.id for link in store.links(alignment)]
    review.set_status(store, alignment, links, user="eva", status="confirmed")
    editions.publish(store, alignment, user="eva")
    return alignment


def snapshot(store: Store, alignment_id: int) -> dict[str, Any]:
    alignment = store.alignment(alignment_id)
    return {
        "source": [s["text"] for s in store.segments(alignment["source_version_id"])],
        "target": [s["text"] for s in store.segments(alignment["target_version_id"])],
        "links": [
            (link.src, link.tgt, link.status, link.set_by) for link in store.links(alignment_id)
        ],
    }


def exported(store: Store, alignment_id: int, fmt: str, edition: int | None) -> bytes:
    document = store.alignment(alignment_id)["document_id"]
    data = export.build(store, document, edition=edition, options=ExportOptions())
    return b"".join(export.exporter(fmt).write(data))


@pytest.mark.parametrize("edition", [None, 1], ids=["draft", "edition"])
@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_a_paragraph_with_a_blank_line_reads_back_as_one_paragraph(
    store: Store, stanzas: int, fmt: str, filename: str, edition: int | None
) -> None:
    before = snapshot(store, stanzas)
    assert before["target"] == ["One.", STANZAS, "Two, continued.", "Three,\n\nthree.", "Four."]
    assert [(src, tgt) for src, tgt, *_ in before["links"]] == [
        ([0], [0]),
        ([1], [1, 2]),
        ([2], [3]),
        ([3], [4]),
    ]
    data = exported(store, stanzas, fmt, edition)
    result = services.import_file(store, data, filename=filename, user="cli")
    assert result.alignment is not None
    assert snapshot(store, result.alignment) == before


@pytest.mark.parametrize("edition", [None, 1], ids=["draft", "edition"])
def test_translate_toolkit_reads_each_link_as_one_unit_with_its_blank_lines(
    store: Store, stanzas: int, edition: int | None
) -> None:
    from translate.storage.tmx import tmxfile
    from translate.storage.xliff2 import Xliff2File

    expected = [
        ("Një.", "One."),
        ("Dy.", f"{STANZAS}\n\nTwo, continued."),
        ("Tre.", "Three,\n\nthree."),
        ("Katër.", "Four."),
    ]
    for reader, fmt in ((tmxfile, "tmx"), (Xliff2File, "xliff")):
        units = reader.parsestring(exported(store, stanzas, fmt, edition)).units
        assert [(unit.source, unit.target) for unit in units] == expected, fmt


def test_a_foreign_unit_with_a_blank_line_is_still_two_paragraphs() -> None:
    """Without our record of paragraph blocks, a blank line ends a paragraph; a record that
    no longer adds up (the text was changed in a CAT tool) is ignored the same way."""
    plain = tu(en="One.", de="Eins.\n\nZwei.")
    stale = (
        '<tu><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="de">'
        '<prop type="x-paragraph-blocks">2</prop>'
        '<seg xml:space="preserve">Eins.\n\nZwei.\n\nDrei.</seg></tuv></tu>'
    )
    assert texts(read(tmx(plain), "foreign.tmx"), 1) == ["Eins.", "Zwei."]
    assert texts(read(tmx(stale), "edited.tmx"), 1) == ["Eins.", "Zwei.", "Drei."]


# -- a line break inside a paragraph, in every reader edition --------------------------------

POEM = "Shoku im,\nmik i vjetër."
VERSE = "My comrade,\nold friend of mine."


@pytest.fixture
def verse(store: Store) -> int:
    """A published edition whose paragraphs hold a line break (a revision of a poem's lines,
    or a text imported with its spaces kept); the document id."""
    alignment = import_units(store, tmx(tu(sq="Hyrje.", en="Opening."), srclang="sq"))
    versions = store.alignment(alignment)
    revise(store, store.segments(versions["source_version_id"])[0]["id"], POEM)
    revise(store, store.segments(versions["target_version_id"])[0]["id"], VERSE)
    links = [link.id for link in store.links(alignment)]
    review.set_status(store, alignment, links, user="eva", status="confirmed")
    editions.publish(store, alignment, user="eva")
    return versions["document_id"]


def edition_file(store: Store, document: int, fmt: str, **options: Any) -> bytes:
    data = export.build(store, document, edition=1, options=ExportOptions(**options))
    return b"".join(export.exporter(fmt).write(data))


def test_the_html_edition_breaks_the_line_where_the_paragraph_does(
    store: Store, verse: int
) -> None:
    """As the DOCX edition does (a Word line break): in HTML a bare line break is a space."""
    import lxml.html

    tree = lxml.html.document_fromstring(edition_file(store, verse, "html"))
    for lang, text in (("sq", POEM), ("en", VERSE)):
        [paragraph] = tree.xpath(f".//main//p[@lang='{lang}']")
        assert [br.tail for br in paragraph.findall("br")] == [text.split("\n")[1]]
        assert paragraph.text_content() == text.replace("\n", "")


@pytest.mark.parametrize("layout", ["facing", "columns"])
def test_the_pdf_edition_sets_each_line_of_a_verse_on_its_own_line(
    store: Store, verse: int, layout: str, tmp_path
) -> None:
    import subprocess

    path = tmp_path / "verse.pdf"
    path.write_bytes(edition_file(store, verse, "pdf", layout=layout))
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    for line in (*POEM.split("\n"), *VERSE.split("\n")):
        assert any(found.endswith(line) for found in lines), (line, lines)


def test_the_epub_edition_breaks_the_line_where_the_paragraph_does(
    store: Store, verse: int
) -> None:
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(edition_file(store, verse, "epub"))) as archive:
        [name] = [n for n in archive.namelist() if n.rsplit("/", 1)[-1].startswith("text-")]
        page = etree.fromstring(archive.read(name))
    xhtml = "{http://www.w3.org/1999/xhtml}"
    for cls, text in (("src", POEM), ("tgt", VERSE)):
        [paragraph] = [p for p in page.iter(f"{xhtml}p") if p.get("class") == cls]
        assert [br.tail for br in paragraph.iter(f"{xhtml}br")] == [text.split("\n")[1]]


# -- a blank line inside a paragraph, at sentence level and through the tables ---------------

FIRST_EN = "First sentence here.\n\nSecond sentence after a blank line."
FIRST_DE = "Erster Satz hier.\n\nZweiter Satz nach einer Leerzeile."
BLOCKED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"'
    ' segtype="paragraph" o-tmf="x" adminlang="en" datatype="plaintext" creationtool="t"'
    ' creationtoolversion="1"/><body>'
    '<tu><tuv xml:lang="en"><prop type="x-paragraph-blocks">2</prop>'
    f'<seg xml:space="preserve">{FIRST_EN}</seg></tuv>'
    '<tuv xml:lang="de"><prop type="x-paragraph-blocks">2</prop>'
    f'<seg xml:space="preserve">{FIRST_DE}</seg></tuv></tu>'
    '<tu><tuv xml:lang="en"><seg>Another paragraph.</seg></tuv>'
    '<tuv xml:lang="de"><seg>Ein weiterer Absatz.</seg></tuv></tu>'
    "</body></tmx>\n"
)
TABLES = [("csv", "round.csv", False), ("tsv", "round.tsv", False), ("csv", "excel.csv", True)]
DELIMITERS = {"csv": ",", "tsv": "\t"}


@pytest.fixture
def blocked(store: Store) -> int:
    """The first paragraph of each side holds a blank line of its own (its two sentences stand
    a blank line apart), imported from a TMX that says so; the alignment id."""
    result = services.import_file(store, BLOCKED.encode(), filename="blocked.tmx", user="rita")
    assert result.alignment is not None
    before = snapshot(store, result.alignment)
    assert before["source"] == [FIRST_EN, "Another paragraph."]
    assert before["target"] == [FIRST_DE, "Ein weiterer Absatz."]
    assert [(src, tgt) for src, tgt, *_ in before["links"]] == [([0], [0]), ([1], [1])]
    return result.alignment


def sentence_spans(store: Store, alignment_id: int) -> list[tuple[list[int], list[int]]]:
    return [(link.src, link.tgt) for link in store.links(alignment_id, "sentence")]


def exported_as(store: Store, alignment_id: int, fmt: str, **options: Any) -> bytes:
    document = store.alignment(alignment_id)["document_id"]
    data = export.build(store, document, options=ExportOptions(**options))
    return b"".join(export.exporter(fmt).write(data))


def reimported(store: Store, data: bytes, filename: str, **languages: str) -> int:
    result = services.import_file(store, data, filename=filename, user="cli", **languages)
    assert result.alignment is not None
    return result.alignment


def merge_first_sentences(store: Store, alignment_id: int) -> None:
    """A reviewer makes the first paragraph's two sentence links one (a 2-2 sentence link
    whose sentences stand a blank line apart)."""
    first = store.links(alignment_id, "sentence")[0]
    review.merge(store, alignment_id, first.id, "next", user="ana")
    assert sentence_spans(store, alignment_id)[0] == ([0, 1], [0, 1])


@pytest.mark.parametrize("merged", [False, True], ids=["sentence-links", "merged"])
@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_a_sentence_level_file_keeps_a_paragraph_with_a_blank_line_whole(
    store: Store, blocked: int, fmt: str, filename: str, merged: bool
) -> None:
    """A unit (XLIFF) or a sentence link (TMX, after a merge) that holds a blank line which
    is no paragraph break says so, and reads back as the paragraphs and links it was."""
    if merged:
        merge_first_sentences(store, blocked)
    before, sentences = snapshot(store, blocked), sentence_spans(store, blocked)
    data = exported_as(store, blocked, fmt, level="sentence")
    again = reimported(store, data, filename)
    assert snapshot(store, again) == before
    assert sentence_spans(store, again) == sentences


@pytest.mark.parametrize("edition", [None, 1], ids=["draft", "edition"])
@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_stanzas_in_an_n_m_link_read_back_from_a_sentence_level_file(
    store: Store, stanzas: int, fmt: str, filename: str, edition: int | None
) -> None:
    before = snapshot(store, stanzas)
    document = store.alignment(stanzas)["document_id"]
    data = export.build(store, document, edition=edition, options=ExportOptions("sentence"))
    again = reimported(store, b"".join(export.exporter(fmt).write(data)), filename)
    assert snapshot(store, again) == before


def test_other_tools_read_the_sentence_level_files_with_the_blank_line_in_the_text(
    store: Store, blocked: int
) -> None:
    """translate-toolkit reads each segment of the XLIFF and each unit of the TMX as the
    merged sentence link, its two sentences a blank line apart; the record is ours alone."""
    from translate.storage.tmx import tmxfile
    from translate.storage.xliff2 import Xliff2File

    merge_first_sentences(store, blocked)
    expected = [(FIRST_EN, FIRST_DE), ("Another paragraph.", "Ein weiterer Absatz.")]
    for reader, fmt in ((tmxfile, "tmx"), (Xliff2File, "xliff")):
        units = reader.parsestring(exported_as(store, blocked, fmt, level="sentence")).units
        assert [(unit.source, unit.target) for unit in units] == expected, fmt


@pytest.mark.parametrize(("fmt", "filename", "excel"), TABLES)
def test_a_table_keeps_a_paragraph_with_a_blank_line_whole(
    store: Store, blocked: int, fmt: str, filename: str, excel: bool
) -> None:
    """A cell of one position holds one paragraph, whatever blank lines it has."""
    before = snapshot(store, blocked)
    data = exported_as(store, blocked, fmt, excel=excel)
    again = reimported(store, data, filename, language="en", target_language="de")
    assert snapshot(store, again) == before


@pytest.mark.parametrize("edition", [None, 1], ids=["draft", "edition"])
@pytest.mark.parametrize(("fmt", "filename", "excel"), TABLES)
def test_a_table_says_which_blank_lines_end_the_paragraphs_of_an_n_m_link(
    store: Store, stanzas: int, fmt: str, filename: str, excel: bool, edition: int | None
) -> None:
    """A 1-2 link whose first paragraph holds blank lines: its cell's blank lines cannot all
    be paragraph breaks, so its positions say how many blocks each paragraph holds."""
    before = snapshot(store, stanzas)
    document = store.alignment(stanzas)["document_id"]
    options = ExportOptions(excel=excel)
    data = b"".join(
        export.exporter(fmt).write(export.build(store, document, edition=edition, options=options))
    )
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=DELIMITERS[fmt]))
    assert [(row["source positions"], row["target positions"]) for row in rows] == [
        ("1", "1"),
        ("2", "2-3 (blocks 2 1)"),
        ("3", "4"),
        ("4", "5"),
    ]
    again = reimported(store, data, filename, language="sq", target_language="en")
    assert snapshot(store, again) == before


def test_a_sentence_level_table_keeps_a_merged_sentence_link_in_its_paragraph(
    store: Store, blocked: int
) -> None:
    """A table keeps no paragraphs at sentence level (a paragraph a row), but a row whose
    sentences stand a blank line apart inside their paragraph is still one paragraph."""
    merge_first_sentences(store, blocked)
    data = exported_as(store, blocked, "csv", level="sentence")
    again = reimported(store, data, "sentences.csv", language="en", target_language="de")
    after = snapshot(store, again)
    assert (after["source"], after["target"]) == (
        [FIRST_EN, "Another paragraph."],
        [FIRST_DE, "Ein weiterer Absatz."],
    )


def test_a_foreign_table_is_still_cut_at_every_blank_line() -> None:
    """A table of another tool's (no positions of ours) says nothing of paragraphs but its
    blank lines, as the README says."""
    doc = read('"One.\n\nTwo.","Eins.\n\nZwei."\n', "pair.csv", source_language="en",
               target_language="de")  # fmt: skip
    assert texts(doc, 0) == ["One.", "Two."] and texts(doc, 1) == ["Eins.", "Zwei."]

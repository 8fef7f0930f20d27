"""Exports say what the texts are, whole and exactly, to the readers and tools that open them.

- A reader edition marks every stretch of the source it leaves out, the end of the text too.
- TEI gives each paragraph of each text its own element, numbered as in its own text.
- TSV keeps one record a line; CSV keeps RFC 4180's quoted line breaks.
- TMX keeps the spaces that are text.
- The CLI refuses options a format would ignore, and names the file it writes without `-o`.
- A download's name keeps the title's script, dashes and parentheses.
- A PDF export says which characters no font here has (they would show as boxes).

Every file is read by a real reader: lxml.html, python-docx, ebooklib, pdftotext, lxml for
TEI, awk for TSV, the csv module, translate-toolkit and our own importer for TMX, the email
package for Content-Disposition, WeasyPrint's own log for missing glyphs.
"""

from __future__ import annotations

import csv
import email.message
import io
import logging
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from werkzeug.http import parse_options_header

from tests.test_export import TEI_NS, XML_ID, exported, make_document
from tests.test_review import SOURCE, TARGET
from workbench import editions, export, review, services
from workbench.exports import fonts
from workbench.exports.base import ExportOptions
from workbench.exports.delimited import TSV_ESCAPES
from workbench.store import Store

T = f"{{{TEI_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def squeeze(text: str) -> str:
    return " ".join(text.split())


def publish_confirming(store: Store, alignment: int, indexes: list[int]) -> int:
    """Confirm the paragraph links at `indexes`, publish edition 1; the document id."""
    links = store.links(alignment)
    review.set_status(store, alignment, [links[i].id for i in indexes], user="rita")
    editions.publish(store, alignment, user="eva")
    return store.alignment(alignment)["document_id"]


# -- 1. a reader edition marks what it leaves out at the end of the text ------------------------


@pytest.fixture
def end_left_out(store: Store) -> int:
    """Edition 1 of six paragraphs holding ¶ 1 and 3: ¶ 2 and ¶ 4–6 are left out."""
    return publish_confirming(store, make_document(store, SOURCE, TARGET), [0, 2])


GAPS = ["2 […] ¶ 2 is not in this edition", "4–6 […] ¶ 4–6 are not in this edition"]


def test_the_html_edition_marks_paragraphs_left_out_after_its_last_one(
    store: Store, end_left_out: int
) -> None:
    page = lxml.html.document_fromstring(exported(store, end_left_out, "html", layout="columns"))
    [columns] = page.xpath("//main/div[@class='columns']")
    rows = [squeeze(div.text_content()) for div in columns.xpath("div")]
    assert [row for row in rows if "not in this edition" in row] == GAPS
    assert rows[-1] == GAPS[-1], "the last thing in the text says what its end leaves out"


def test_the_facing_pages_mark_the_end_left_out_on_both_pages_of_the_last_spread(
    store: Store, end_left_out: int
) -> None:
    page = lxml.html.document_fromstring(exported(store, end_left_out, "html", layout="facing"))
    last = page.xpath("//main/section[@class='spread']")[-1]
    for side in ("verso", "recto"):
        [column] = last.xpath(f"div[@class='{side}']")
        assert squeeze(column.xpath("div")[-1].text_content()) == GAPS[-1], side
    gaps = [squeeze(div.text_content()) for div in page.xpath("//main//div[@role='note']")]
    assert gaps == GAPS * 2, "each page of the spread marks both"


def test_the_docx_edition_ends_with_a_row_for_what_it_leaves_out(
    store: Store, end_left_out: int
) -> None:
    import docx

    word = docx.Document(io.BytesIO(exported(store, end_left_out, "docx")))
    rows = [[cell.text for cell in row.cells] for row in word.tables[0].rows][1:]
    assert [row[0] for row in rows] == ["1", "2", "3", "4–6"]
    assert rows[-1][1:] == ["[…] ¶ 4–6 are not in this edition", ""]


def test_the_epub_edition_ends_its_last_chapter_with_what_it_leaves_out(
    store: Store, end_left_out: int, tmp_path: Path
) -> None:
    from ebooklib import ITEM_DOCUMENT, epub

    path = tmp_path / "edition.epub"
    path.write_bytes(exported(store, end_left_out, "epub"))
    book = epub.read_epub(str(path))
    [text] = [item for item in book.get_items_of_type(ITEM_DOCUMENT) if "text-" in item.file_name]
    body = lxml.html.document_fromstring(text.get_content()).find(".//body")
    assert [p.text_content() for p in body.xpath("p[@class='num gap']")] == [
        "[…] ¶ 2 is not in this edition",
        "[…] ¶ 4–6 are not in this edition",
    ]
    assert body[-1].text_content() == "[…] ¶ 4–6 are not in this edition"


@pytest.mark.parametrize("layout", ["columns", "facing"])
def test_the_pdf_edition_marks_the_end_left_out_after_the_last_paragraph(
    store: Store, end_left_out: int, tmp_path: Path, layout: str
) -> None:
    path = tmp_path / "edition.pdf"
    path.write_bytes(exported(store, end_left_out, "pdf", layout=layout))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = squeeze(text)
    assert flat.count("¶ 4–6 are not in this edition") == (1 if layout == "columns" else 2)
    assert flat.index("Neni 2.") < flat.index("¶ 4–6 are not in this edition")


def test_a_draft_of_confirmed_links_marks_the_end_not_confirmed_yet(
    store: Store, end_left_out: int
) -> None:
    page = lxml.html.document_fromstring(
        exported(store, end_left_out, "html", edition=None, approved_only=True)
    )
    gaps = [squeeze(div.text_content()) for div in page.xpath("//main//div[@role='note']")]
    assert gaps[-1] == "4–6 […] ¶ 4–6 are not confirmed yet"


def test_a_sentence_level_edition_marks_the_sentences_left_out_at_the_end(
    store: Store, end_left_out: int
) -> None:
    page = lxml.html.document_fromstring(exported(store, end_left_out, "html", level="sentence"))
    gaps = [squeeze(div.text_content()) for div in page.xpath("//main//div[@role='note']")]
    # sentences: ¶ 1 is 1, ¶ 2 is 2–3, ¶ 3 is 4, ¶ 4–6 are 5–7
    assert gaps == [
        "2–3 […] sentences 2–3 are not in this edition",
        "5–7 […] sentences 5–7 are not in this edition",
    ]


def test_an_edition_holding_the_whole_text_marks_no_gap(store: Store) -> None:
    import docx

    document = publish_confirming(store, make_document(store, SOURCE, TARGET), list(range(6)))
    for layout in ("columns", "facing"):
        page = lxml.html.document_fromstring(exported(store, document, "html", layout=layout))
        assert not page.xpath("//main//div[@role='note']"), layout
    word = docx.Document(io.BytesIO(exported(store, document, "docx")))
    assert [row.cells[0].text for row in word.tables[0].rows][1:] == ["1", "2", "3", "4", "5", "6"]


def test_the_cli_edition_of_three_paragraphs_with_only_the_first_marks_the_other_two(
    cli, db_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "s.txt").write_text("One.\n\nTwo.\n\nThree.\n")
    (tmp_path / "t.txt").write_text("Eins.\n\nZwei.\n\nDrei.\n")
    assert cli("init").exit_code == 0
    assert cli("import", tmp_path / "s.txt", "--lang", "en").exit_code == 0
    assert cli("import", tmp_path / "t.txt", "--document", 1, "--lang", "de").exit_code == 0
    assert cli("align", "--document", 1).exit_code == 0
    store = Store(db_path)
    try:
        [first, *_] = store.links(1)
        review.set_status(store, 1, [first.id], user="rita")
    finally:
        store.close()
    assert cli("publish", 1).exit_code == 0
    out = tmp_path / "x.html"
    result = cli("export", 1, "--edition", 1, "--format", "html", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text().count("not in this edition") == 1
    assert "¶ 2–3 are not in this edition" in out.read_text()


# -- 2. TEI: one element per paragraph of each text, numbered as in its own text ---------------


@pytest.fixture
def reshaped(store: Store) -> int:
    """Six paragraphs a side, reshaped as reviewers do: ¶ 3 translated by target ¶ 3–4 (a 1-2
    link), source ¶ 4 left untranslated (1-0), ¶ 5 detached (1-0 and 0-1)."""
    alignment = make_document(store, SOURCE, TARGET)
    review.shift(store, alignment, store.links(alignment)[3].id, "target", "up", user="rita")
    review.detach(store, alignment, store.links(alignment)[4].id, user="rita")
    shapes = [(link.src, link.tgt) for link in store.links(alignment)]
    assert shapes == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2, 3]),
        ([3], []),
        ([4], []),
        ([], [4]),
        ([5], [5]),
    ]
    return alignment


def tei(data: bytes) -> etree._Element:
    """The TEI document, checked as any TEI reader would: well-formed, ids unique, every
    pointer of every link resolving to an element of the right side."""
    root = etree.fromstring(data)
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids)), "xml:id values are unique"
    for link in root.iter(f"{T}link"):
        pointers = link.get("target").split()
        assert len(pointers) >= 2, "a TEI link joins two things at least"
        assert all(p.startswith("#") and p[1:] in ids for p in pointers)
        sides = [p[1:4] for p in pointers]
        assert sides == sorted(sides, key=["src", "tgt"].index), "source first"
        assert {"src", "tgt"} <= set(sides)
    return root


def units(root: etree._Element, kind: str = "p") -> list[list[tuple[str, str, str]]]:
    """(xml:id, n, text) of every paragraph (or sentence) of the source, then the target."""
    texts = root.findall(f"{T}text/{T}group/{T}text")
    assert [t.get("type") for t in texts] == ["source", "translation"]
    return [
        [(el.get(XML_ID), el.get("n"), el.text) for el in text.iter(f"{T}{kind}")] for text in texts
    ]


def paragraphs_of(store: Store, version: int, level: str = "paragraph") -> list[str]:
    return [segment["text"] for segment in store.segments(version, level)]


@pytest.mark.parametrize("edition", [None, 1], ids=["draft", "edition"])
def test_tei_has_one_p_per_paragraph_of_each_text_numbered_as_in_that_text(
    store: Store, reshaped: int, edition: int | None
) -> None:
    alignment = store.alignment(reshaped)
    if edition:
        review.set_status(store, reshaped, [link.id for link in store.links(reshaped)], user="r")
        editions.publish(store, reshaped, user="eva")
    root = tei(exported(store, alignment["document_id"], "tei", edition=edition))
    source, target = units(root)
    for side, prefix, version in (
        (source, "src", alignment["source_version_id"]),
        (target, "tgt", alignment["target_version_id"]),
    ):
        texts = paragraphs_of(store, version)
        assert side == [(f"{prefix}-p{n}", str(n), text) for n, text in enumerate(texts, 1)]
    links = [link.get("target") for link in root.iter(f"{T}link")]
    assert links == [
        "#src-p1 #tgt-p1",
        "#src-p2 #tgt-p2",
        "#src-p3 #tgt-p3 #tgt-p4",
        "#src-p6 #tgt-p6",
    ], "untranslated and detached paragraphs have no link"


def test_tei_of_an_edition_skips_ids_only_where_it_leaves_paragraphs_out(store: Store) -> None:
    document = publish_confirming(store, make_document(store, SOURCE, TARGET), [0, 2, 5])
    source, target = units(tei(exported(store, document, "tei")))
    assert [(xml_id, n) for xml_id, n, _ in source] == [
        ("src-p1", "1"),
        ("src-p3", "3"),
        ("src-p6", "6"),
    ]
    assert [n for _, n, _ in target] == ["1", "3", "6"]
    assert [text for _, _, text in source] == [SOURCE[0], SOURCE[2], SOURCE[5]]


@pytest.mark.parametrize("edition", [None, 1], ids=["draft", "edition"])
def test_tei_at_sentence_level_has_one_s_per_sentence(
    store: Store, reshaped: int, edition: int | None
) -> None:
    sentences = store.links(reshaped, "sentence")
    review.merge(store, reshaped, sentences[1].id, "next", user="rita")  # a 2-2 sentence link
    alignment = store.alignment(reshaped)
    if edition:
        review.set_status(store, reshaped, [link.id for link in store.links(reshaped)], user="r")
        editions.publish(store, reshaped, user="eva")
    data = exported(store, alignment["document_id"], "tei", edition=edition, level="sentence")
    root = tei(data)
    source, target = units(root, "s")
    for side, prefix, version in (
        (source, "src", alignment["source_version_id"]),
        (target, "tgt", alignment["target_version_id"]),
    ):
        texts = paragraphs_of(store, version, "sentence")
        assert side == [(f"{prefix}-s{n}", str(n), text) for n, text in enumerate(texts, 1)]
    links = [link.get("target") for link in root.iter(f"{T}link")]
    assert "#src-s2 #src-s3 #tgt-s2 #tgt-s3" in links


def test_an_edition_s_n_m_link_is_cut_into_its_paragraphs_while_the_version_has_them(
    store: Store,
) -> None:
    """An edition stores a link's paragraphs joined by a blank line; a paragraph whose own text
    holds one is told apart by the paragraphs the edition kept at publication, also after the
    version's text changed (it was then kept whole, named by its first number)."""
    alignment = make_document(store, SOURCE, TARGET)
    review.merge(store, alignment, store.links(alignment)[0].id, "next", user="rita")
    version = store.alignment(alignment)["target_version_id"]
    update = (
        "update segments set text = ? where version_id = ? and level = 'paragraph' and position = 0"
    )
    store.db.execute(update, ["Article 1\n\n(a heading)", version])
    document = publish_confirming(store, alignment, [0])
    source, target = units(tei(exported(store, document, "tei")))
    assert [(xml_id, n) for xml_id, n, _ in source] == [("src-p1", "1"), ("src-p2", "2")]
    assert [(xml_id, n) for xml_id, n, _ in target] == [("tgt-p1", "1"), ("tgt-p2", "2")]
    assert target[0][2] == "Article 1\n\n(a heading)"
    store.db.execute(update, ["Article 1\n\n(a heading, revised)", version])
    source, target = units(tei(exported(store, document, "tei")))
    assert [(xml_id, n) for xml_id, n, _ in target] == [("tgt-p1", "1"), ("tgt-p2", "2")]
    assert target[0][2] == "Article 1\n\n(a heading)"


# -- 3. TSV: one record a line; CSV: RFC 4180 -------------------------------------------------

LINES = "Line one\nline two"  # a poem's line break inside one paragraph
TRICKY = "tab\there, back\\slash, and\r a carriage return"


@pytest.fixture
def tricky(store: Store) -> int:
    """A draft whose texts hold a line break, a tab, a backslash and a carriage return (as a
    TMX or XLIFF import that keeps spaces stores them)."""
    alignment = make_document(store, SOURCE, TARGET)
    version = store.alignment(alignment)["target_version_id"]
    for position, text in ((1, LINES), (3, TRICKY)):
        store.db.execute(
            "update segments set text = ? where version_id = ? and level = 'paragraph'"
            " and position = ?",
            [text, version, position],
        )
    return store.alignment(alignment)["document_id"]


def unescaped(cell: str) -> str:
    """A TSV cell read back: each escape once, left to right (`\\\\n` is a backslash, n)."""
    reverse = {escape: char for char, escape in TSV_ESCAPES.items()}
    out, index = [], 0
    while index < len(cell):
        pair = cell[index : index + 2]
        if pair in reverse:
            out.append(reverse[pair])
            index += 2
        else:
            out.append(cell[index])
            index += 1
    return "".join(out)


@pytest.mark.parametrize("excel", [False, True])
def test_tsv_has_one_line_per_record_for_line_based_tools(
    store: Store, tricky: int, tmp_path: Path, excel: bool
) -> None:
    data = exported(store, tricky, "tsv", edition=None, flags=True, excel=excel)
    path = tmp_path / "links.tsv"
    path.write_bytes(data)
    ending = b"\r\n" if excel else b"\n"
    assert data.count(ending) == data.count(b"\n") == 1 + 6, "a header and six records"
    fields = subprocess.run(
        ["awk", "-F", "\t", "{print NF}"], input=data, capture_output=True, check=True
    ).stdout.split()
    assert fields == [b"10"] * 7, "every record has its ten fields (reviewer, notes last)"
    body = data.decode("utf-8-sig").split(ending.decode())
    rows = [[unescaped(cell) for cell in line.split("\t")] for line in body if line]
    assert [row[2] for row in rows[1:]][1] == LINES
    assert [row[2] for row in rows[1:]][3] == TRICKY
    assert rows[1][1] == SOURCE[0]


def test_csv_keeps_rfc_4180_quoted_line_breaks(store: Store, tricky: int) -> None:
    data = exported(store, tricky, "csv", edition=None).decode()
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert [row[2] for row in rows[1:]][1] == LINES
    assert [row[2] for row in rows[1:]][3] == TRICKY
    assert '"Line one\nline two"' in data


# -- 4. TMX keeps the spaces that are text ------------------------------------------------------

SPACED = ["a  b (two spaces)", "tab\tinside", "line one\nline two", "plain text"]


def spaced_tmx() -> bytes:
    """A memory whose segments keep their spaces under xml:space="preserve"."""
    units = "".join(
        f'<tu><tuv xml:lang="en"><seg xml:space="preserve">{text}</seg></tuv>'
        f'<tuv xml:lang="de"><seg xml:space="preserve">{text.upper()}</seg></tuv></tu>'
        for text in SPACED
    )
    return f'<tmx version="1.4"><header srclang="en"/><body>{units}</body></tmx>'.encode()


def test_tmx_keeps_inner_spaces_through_export_and_import(store: Store) -> None:
    first = services.import_file(store, spaced_tmx(), filename="spaced.tmx", user="ivo")
    texts = [(link.source, link.target) for link in export.build(store, first.document).links()]
    assert texts == [(text, text.upper()) for text in SPACED], "the import kept them"
    data = exported(store, first.document, "tmx", edition=None)
    again = services.import_file(store, data, filename="again.tmx", user="ivo")
    back = [(link.source, link.target) for link in export.build(store, again.document).links()]
    assert back == texts
    segs = etree.fromstring(data).iter("seg")
    marked = [seg.text for seg in segs if seg.get(XML_SPACE) == "preserve"]
    assert marked == [text for pair in texts[:3] for text in pair], "only where spaces matter"


def test_translate_toolkit_reads_the_spaced_tmx(store: Store) -> None:
    from translate.storage.tmx import tmxfile

    first = services.import_file(store, spaced_tmx(), filename="spaced.tmx", user="ivo")
    units = tmxfile.parsestring(exported(store, first.document, "tmx", edition=None)).units
    assert [(unit.source, unit.target) for unit in units] == [(t, t.upper()) for t in SPACED]


# -- 5. the CLI refuses options a format would ignore -------------------------------------------


@pytest.fixture
def on_disk(db_path: Path) -> int:
    store = Store(db_path)
    try:
        return publish_confirming(store, make_document(store, SOURCE, TARGET), [0, 1, 2])
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json", "--excel"], "error: --excel is for csv and tsv, not json"),
        (["--format", "tmx", "--layout", "facing"], "error: --layout is for html and pdf, not tmx"),
        (["--format", "docx", "--layout", "columns"], "error: --layout is for html and pdf"),
        (
            ["--format", "csv", "--edition", "1", "--approved-only"],
            "error: --approved-only is for a draft: edition 1 holds confirmed links only",
        ),
    ],
)
def test_an_option_the_format_would_ignore_is_refused_in_one_line(
    cli, on_disk: int, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    result = cli("export", on_disk, *args, "-o", out)
    assert result.exit_code == 2
    assert result.output.startswith(message) and result.output.count("\n") == 1
    assert not out.exists()


def test_options_the_format_reads_are_taken(cli, on_disk: int, tmp_path: Path) -> None:
    for args in (
        ["--format", "tsv", "--excel"],
        ["--format", "html", "--layout", "facing"],
        ["--format", "csv", "--approved-only"],
    ):
        result = cli("export", on_disk, *args, "-o", tmp_path / "out")
        assert result.exit_code == 0, (args, result.output)


def test_without_o_the_export_is_named_after_the_title_in_the_current_folder(
    cli, on_disk: int, tmp_path: Path, monkeypatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert cli("export", on_disk, "--format", "csv").exit_code == 0
    assert cli("export", on_disk, "--format", "tmx", "--edition", 1).exit_code == 0
    assert cli("export", on_disk, "--format", "json", "--level", "sentence").exit_code == 0
    assert sorted(path.name for path in here.iterdir()) == [
        "deklarata-deklaratsiya-draft-sentences.json",
        "deklarata-deklaratsiya-draft.csv",
        "deklarata-deklaratsiya-ed1.tmx",
    ]


# -- 6. download names keep the title ------------------------------------------------------------

TITLE = "Всеобщая декларация (1948) – ru/en: draft"


def test_the_download_name_keeps_letters_dashes_and_parentheses(store: Store) -> None:
    alignment = make_document(store, SOURCE, TARGET)
    document = store.alignment(alignment)["document_id"]
    store.update_document(document, title=TITLE)
    data = export.build(store, document, options=ExportOptions())
    header = export.content_disposition(data, ".pdf")
    assert header.isascii()
    kind, params = parse_options_header(header)  # werkzeug: filename* first, as RFC 6266 says
    assert (kind, params["filename"]) == (
        "attachment",
        "Всеобщая декларация (1948) – ru en draft draft.pdf",
    )
    message = email.message.Message()  # a client that knows only filename=
    message["Content-Disposition"] = header
    ascii_name = message.get_param("filename", header="content-disposition")
    assert ascii_name == "vseobshchaya-deklaratsiya-1948-ru-en-draft-draft.pdf"
    assert "%28" in header and "%E2%80%93" in header, "RFC 5987: ( ) and – percent-encoded"


def test_the_udhr_download_name_keeps_the_en_dash_between_words(store: Store) -> None:
    alignment = make_document(store, SOURCE, TARGET)
    document = store.alignment(alignment)["document_id"]
    store.update_document(document, title="Universal Declaration of Human Rights (Russian–English)")
    data = export.build(store, document, options=ExportOptions())
    assert export.filenames(data, ".pdf")[1] == (
        "Universal Declaration of Human Rights (Russian–English) draft.pdf"
    )


# -- 7. a PDF says which characters no font here has ---------------------------------------------

#: CJK extension B ideographs, emoji (a ZWJ family, a party popper) and a private-use character
#: of plane 16 that no font has anywhere.
RARE = "𠀀 𪚥 👩\u200d👩\u200d👧 🎉 \U0010fffd"


@pytest.fixture
def rare(store: Store) -> int:
    alignment = make_document(store, SOURCE, TARGET)
    version = store.alignment(alignment)["target_version_id"]
    store.db.execute(
        "update segments set text = ? where version_id = ? and level = 'paragraph'"
        " and position = 5",
        [f"Everyone has the right to life {RARE}", version],
    )
    return store.alignment(alignment)["document_id"]


def notdef_glyphs(caplog) -> set[str]:
    """The characters WeasyPrint itself logged as drawn with .notdef (an empty box)."""
    prefix = ".notdef glyph rendered for Unicode string unsupported by fonts: "
    return {
        record.getMessage()[len(prefix) + 1]
        for record in caplog.records
        if record.getMessage().startswith(prefix)
    }


def test_the_characters_warned_about_are_those_weasyprint_draws_as_boxes(
    store: Store, rare: int, caplog
) -> None:
    data = export.build(store, rare, options=ExportOptions())
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        assert b"".join(export.exporter("pdf").write(data)).startswith(b"%PDF")
    boxes = notdef_glyphs(caplog)
    assert "\U0010fffd" in boxes, "a character no font has is drawn as a box"
    assert set(fonts.unrendered(data)) == boxes, "whatever fonts this machine has"


def test_the_cli_warns_on_stderr_and_still_writes_the_pdf(cli, db_path: Path, tmp_path) -> None:
    store = Store(db_path)
    try:
        alignment = make_document(store, SOURCE, TARGET)
        version = store.alignment(alignment)["target_version_id"]
        store.db.execute(
            "update segments set text = ? where version_id = ? and level = 'paragraph'"
            " and position = 0",
            ["Article 1 \U0010fffd", version],
        )
    finally:
        store.close()
    out = tmp_path / "draft.pdf"
    result = cli("export", 1, "--format", "pdf", "-o", out)
    assert result.exit_code == 0 and out.read_bytes().startswith(b"%PDF")
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: 1 character has no font here and shows as a box: \U0010fffd"]


def test_a_machine_without_a_script_s_fonts_gets_a_warning_listing_them(store: Store) -> None:
    only_ascii = fonts._merged([(0x20, 0x7E)])
    assert fonts.missing(["Всё ok\u200d\ufe0f\n"], only_ascii) == ["В", "с", "ё"]
    assert fonts.warning(["В", "с", "ё"]) == (
        "3 characters have no font here and show as boxes: В с ё"
    )
    many = [chr(0x4E00 + k) for k in range(fonts.SHOWN + 5)]
    assert fonts.warning(many).endswith(f"{many[fonts.SHOWN - 1]} …")
    assert fonts.warning([]) is None


def test_without_fontconfig_s_tools_the_font_files_are_read(tmp_path: Path, monkeypatch) -> None:
    found = subprocess.run(
        ["fc-match", "--format", "%{file}", "serif"], capture_output=True, text=True, check=True
    ).stdout
    shutil.copy(found, tmp_path / Path(found).name)
    monkeypatch.setattr(fonts, "FONT_FOLDERS", (str(tmp_path),))
    monkeypatch.setattr(fonts, "_fontconfig_ranges", lambda: None)  # no fc-list here
    fonts.coverage.cache_clear()
    try:
        ranges = fonts.coverage()
        assert fonts.missing(["Hello \U0010fffd"], ranges) == ["\U0010fffd"]
    finally:
        fonts.coverage.cache_clear()

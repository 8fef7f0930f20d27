"""What a file holds is what its import stores: cases a tester found where a reader cut, glued
or invented text.

A TSV that Excel saved (cells quoted, quotes doubled) was read a line a row; a line that only
looks blank (a no-break or zero-width space) did not end a plain-text paragraph; an XHTML
chapter's internal DTD subset left "]>" as its first paragraph; preformatted text lost its
lines and indentation; <br><br> did not end an HTML paragraph; a header of regional tags
(en-US) over an import from en was text; an article's footer was dropped with its notes;
and Word's custom note marks, deleted paragraph marks, content-control placeholders and image
alt text were read wrong.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from tests.conftest import Cli, cli_import
from workbench.errors import InputError
from workbench.formats import read_file
from workbench.model import ParsedDocument, ReadOptions

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)


def read(data: str | bytes, filename: str, **options) -> ParsedDocument:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_file(data, ReadOptions(filename=filename, **options))


def texts(doc: ParsedDocument, side: int = 0) -> list[str]:
    return [segment.text for segment in doc.versions[side].segments]


def segments(doc: ParsedDocument) -> list[tuple[str, str]]:
    return [(segment.kind, segment.text) for segment in doc.versions[0].segments]


# -- 1. TSV as Excel saves it ------------------------------------------------------------------

EXCEL_TSV = 'en\tde\n"Line one\nline two"\tZeile eins\n"He said ""hi"""\tEr sagte hallo\n'


def test_a_tsv_excel_saved_with_quoted_cells_gives_a_link_per_row(cli: Cli, tmp_path: Path) -> None:
    doc = read(EXCEL_TSV.replace("\n", "\r\n"), "ml.tsv")  # Excel ends its lines so
    assert [version.language for version in doc.versions] == ["en", "de"]
    assert texts(doc, 0) == ["Line one\nline two", 'He said "hi"']
    assert texts(doc, 1) == ["Zeile eins", "Er sagte hallo"]
    assert doc.links == [([0], [0]), ([1], [1])]
    result = cli_import(cli, tmp_path, EXCEL_TSV.encode(), "ml.tsv", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["links"] == {"confirmed": 2}


def test_a_tsv_cell_that_opens_with_a_quotation_mark_as_text_keeps_it() -> None:
    """Only a file whose quoting holds throughout is read as quoted: every cell that opens with
    a quote closes at a tab or a line end and held what Excel quotes (a tab, a quote, a line
    break). Here one cell is quoted so, and the others' quotes are their text's."""
    prose = (
        '"Hi," she said.\t„Hallo“, sagte sie.\n'  # no quote closes at the tab
        '"Stop"\t"Halt"\n'  # closed, but nothing in them needed quoting
    )
    doc = read(prose, "prose.tsv", source_language="en", target_language="de")
    assert texts(doc, 0) == ['"Hi," she said.', '"Stop"']
    assert texts(doc, 1) == ["„Hallo“, sagte sie.", '"Halt"']
    quoted = read(EXCEL_TSV + '"Stop"\t"Halt"\n', "mixed.tsv")  # "Stop" not as Excel quotes
    assert texts(quoted, 0) == ['"Line one', 'line two"', '"He said ""hi"""', '"Stop"']
    excel = read(EXCEL_TSV + '"A\ttab"\t„Hallo“\n', "excel.tsv")
    assert texts(excel, 0) == ["Line one\nline two", 'He said "hi"', "A\ttab"]
    assert texts(excel, 1) == ["Zeile eins", "Er sagte hallo", "„Hallo“"]


def test_a_quote_never_closed_in_an_excel_quoted_tsv_is_refused_naming_its_line() -> None:
    table = EXCEL_TSV + '"Never closed\tNie geschlossen\nLast\tLetzte\n'
    with pytest.raises(InputError, match=r"ml\.tsv: the quote that opens a cell on line 5 is"):
        read(table, "ml.tsv")


def test_our_tsv_export_saved_again_by_excel_comes_back_with_escapes_and_quotes_undone() -> None:
    """Excel quotes a cell of ours that holds a quote and leaves our escapes as they are."""
    table = (
        "number\tsource\ttarget\tstatus\n"
        '1\t"Ai tha: ""Po.""\\nDhe iku."\t"He said: ""Yes.""\\nAnd left."\tedited\n'
        "2\tFund.\tThe end.\tconfirmed\n"
    )
    doc = read(table, "ours.tsv", source_language="sq", target_language="en")
    assert texts(doc, 0) == ['Ai tha: "Po."\nDhe iku.', "Fund."]
    assert texts(doc, 1) == ['He said: "Yes."\nAnd left.', "The end."]
    assert doc.link_statuses == ["edited", "confirmed"]


# -- 2. plain text: lines that only look blank -------------------------------------------------


def test_a_line_of_no_break_or_zero_width_spaces_ends_a_plain_text_paragraph() -> None:
    text = (
        "First paragraph,\nhard-wrapped.\n\u00a0\n"  # a no-break space
        "Second paragraph.\n\u200b\n"  # a zero-width space
        "Third paragraph.\n \u3000\u2060\t\n"  # an ideographic space, a word joiner, a tab
        "Fourth paragraph.\n"
    )
    doc = read(text, "text.txt", source_language="en")
    assert texts(doc) == [
        "First paragraph, hard-wrapped.",
        "Second paragraph.",
        "Third paragraph.",
        "Fourth paragraph.",
    ]
    per_line = read(text, "text.txt", source_language="en", one_per_line=True)
    assert texts(per_line) == [
        "First paragraph,",
        "hard-wrapped.",
        "Second paragraph.",
        "Third paragraph.",
        "Fourth paragraph.",
    ]


# -- 3. XHTML with an internal DTD subset ------------------------------------------------------


def test_an_xhtml_chapters_internal_dtd_subset_is_no_text_and_its_entities_are_not_expanded() -> (
    None
):
    chapter = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!DOCTYPE html [\n"
        '  <!ENTITY nbsp "&#160;">\n'
        "  <!-- a comment holding ]> -->\n"
        "  <!ENTITY publisher 'Dajti > [Tirana]'>\n"
        '  <!ENTITY secret SYSTEM "file:///etc/hostname">\n'
        "]>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Kapitulli 1</title></head>'
        "<body><p>Faqja&nbsp;1 nga &publisher; &secret;.</p></body></html>"
    )
    doc = read(chapter, "chapter1.xhtml", source_language="sq")
    assert texts(doc) == ["Faqja\u00a01 nga &publisher; &secret;."]
    assert doc.title == "Kapitulli 1"


# -- 4. preformatted text ----------------------------------------------------------------------


def test_html_preformatted_text_keeps_its_lines_and_their_indentation() -> None:
    page = (
        "<body><p>The program:</p><pre>\n"
        "    def greet(name):\n"
        "        print(f'Hello, {name}')   \n"
        "\n"
        "    greet('Ana')\n"
        "</pre><pre>Roses  are red,<br>  violets are blue.</pre></body>"
    )
    assert texts(read(page, "code.html", source_language="en")) == [
        "The program:",
        "def greet(name):\n    print(f'Hello, {name}')",
        "greet('Ana')",  # a blank line ends a paragraph, as in plain text
        "Roses  are red,\n  violets are blue.",
    ]


def test_markdown_code_blocks_keep_their_lines_and_their_indentation() -> None:
    markdown = (
        "The program:\n\n"
        "```python\n"
        "def greet(name):\n"
        "    print(name)\n"
        "```\n\n"
        "An indented block:\n\n"
        "    line one\n"
        "      line two\n"
    )
    assert texts(read(markdown, "code.md", source_language="en")) == [
        "The program:",
        "def greet(name):\n    print(name)",
        "An indented block:",
        "line one\n  line two",
    ]


# -- 5. <br><br> -------------------------------------------------------------------------------


def test_two_line_breaks_in_a_row_end_an_html_paragraph_and_one_ends_a_line() -> None:
    page = (
        "<body><div>Para one.<br><br>Para two,<br>its second line.<br> <br>\n<br>"
        "Para three.<br></div></body>"
    )
    assert texts(read(page, "br.html", source_language="en")) == [
        "Para one.",
        "Para two,\nits second line.",
        "Para three.",
    ]


# -- 6. a header of regional tags --------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "row"), [("en-US,de-DE", "Hello,Hallo"), ("de-DE,en-US", "Hallo,Hello")]
)
def test_a_header_of_regional_tags_names_the_languages_given_by_their_primary_subtag(
    header: str, row: str
) -> None:
    doc = read(f"{header}\n{row}\n", "greet.csv", source_language="en", target_language="de")
    assert [version.language for version in doc.versions] == ["en-US", "de-DE"]
    assert texts(doc, 0) == ["Hello"] and texts(doc, 1) == ["Hallo"]
    assert doc.links == [([0], [0])]


# -- 7. an article's footer --------------------------------------------------------------------


def test_an_articles_own_footer_is_kept_and_the_sites_footer_dropped() -> None:
    page = (
        "<body><header>Site name</header><main><article><h1>Report</h1>"
        "<p>The delegation arrived<sup>1</sup>.</p>"
        "<footer><p><sup>1</sup> On 3 May 1961.</p></footer></article></main>"
        "<footer>© 2024 Site · Contact</footer></body>"
    )
    assert segments(read(page, "article.html", source_language="en")) == [
        ("heading", "Report"),
        ("paragraph", "The delegation arrived¹."),
        ("paragraph", "¹ On 3 May 1961."),
    ]


# -- 8. Word -----------------------------------------------------------------------------------


def word(*blocks: str, footnotes: dict[str, str] | None = None) -> bytes:
    """A Word document whose body holds the given block XML, in order; `footnotes` (id → the
    XML of the note's runs) in a footnotes part."""
    document = Document()
    body = document.element.body
    for xml in blocks:
        tag = xml[1 : xml.index(">")].split()[0]
        xml = xml.replace(f"<{tag}", f"<{tag} {NAMESPACES}", 1)
        body.insert(len(body) - 1, parse_xml(xml))
    if footnotes:
        notes = "".join(
            f'<w:footnote w:id="{note_id}"><w:p>{runs}</w:p></w:footnote>'
            for note_id, runs in footnotes.items()
        )
        blob = f'<w:footnotes xmlns:w="{W_NS}">{notes}</w:footnotes>'.encode()
        content_type = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
        )
        part = Part(PackURI("/word/footnotes.xml"), content_type, blob, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


def test_a_custom_footnote_mark_is_the_mark_and_the_numbered_notes_go_on_around_it() -> None:
    data = word(
        "<w:p>"
        + run("Starred")
        + "<w:r><w:footnoteReference w:customMarkFollows='1' w:id='1'/><w:t>*</w:t></w:r>"
        + run(" and numbered")
        + "<w:r><w:footnoteReference w:id='2'/></w:r>"
        + run(".")
        + "</w:p>",
        footnotes={
            "1": run("*") + run(" The starred note."),  # Word writes the mark into its note
            "2": "<w:r><w:footnoteRef/></w:r>" + run(" The numbered note."),
        },
    )
    assert segments(read(data, "marks.docx", source_language="en")) == [
        ("paragraph", "Starred* and numbered[1]."),
        ("heading", "Notes"),
        ("paragraph", "* The starred note."),
        ("paragraph", "[1] The numbered note."),
    ]


def test_a_paragraph_whose_mark_is_a_tracked_deletion_runs_on_into_the_next() -> None:
    """The text is read with its tracked changes accepted (a deletion left out, an insertion
    kept): accepting a deleted paragraph mark joins the two paragraphs, in the next one's
    style."""
    deleted_mark = "<w:pPr><w:rPr><w:del w:id='1' w:author='Ana' w:date='2024-01-01T00:00:00Z'/>"
    data = word(
        f"<w:p>{deleted_mark}</w:rPr></w:pPr>" + run("The first half ") + "</w:p>",
        "<w:p><w:pPr><w:pStyle w:val='Heading1'/></w:pPr>" + run("and the second.") + "</w:p>",
        "<w:p>" + run("Its own paragraph.") + "</w:p>",
    )
    assert segments(read(data, "tracked.docx", source_language="en")) == [
        ("heading", "The first half and the second."),
        ("paragraph", "Its own paragraph."),
    ]


def test_a_content_controls_placeholder_text_is_not_text() -> None:
    placeholder = "<w:sdtPr><w:showingPlcHdr/></w:sdtPr>"
    data = word(
        "<w:p>"
        + run("Name: ")
        + f"<w:sdt>{placeholder}<w:sdtContent>{run('Click or tap here to enter text.')}"
        + "</w:sdtContent></w:sdt></w:p>",
        f"<w:sdt>{placeholder}<w:sdtContent><w:p>{run('Enter the summary here.')}</w:p>"
        "</w:sdtContent></w:sdt>",
        "<w:p>" + run("Filled in: ") + f"<w:sdt><w:sdtPr/><w:sdtContent>{run('Ana Kola')}"
        "</w:sdtContent></w:sdt></w:p>",
    )
    assert texts(read(data, "form.docx", source_language="en")) == [
        "Name:",
        "Filled in: Ana Kola",
    ]


def test_a_pictures_alt_text_is_kept_in_brackets_as_html_and_markdown_keep_it() -> None:
    def picture(alt: str) -> str:
        return (
            "<w:r><w:drawing><wp:inline><wp:extent cx='1' cy='1'/>"
            f"<wp:docPr id='1' name='Picture 1' descr='{alt}'/>"
            "<a:graphic><a:graphicData uri='x'/></a:graphic></wp:inline></w:drawing></w:r>"
        )

    data = word(
        "<w:p>" + run("See ") + picture("Map of  Albania") + run(".") + picture("") + "</w:p>"
    )
    assert texts(read(data, "map.docx", source_language="en")) == ["See [Map of Albania]."]

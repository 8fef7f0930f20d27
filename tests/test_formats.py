"""The reader registry, and the readers of running text: plain text, Markdown, HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import InputError, UnsupportedFormat
from workbench.formats import READERS, read_file, reader_for
from workbench.model import ParsedDocument, ReadOptions

DATA = Path(__file__).parent / "data" / "formats"


def read(data: bytes | str, filename: str, format: str | None = None, **options) -> ParsedDocument:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_file(data, ReadOptions(filename=filename, **options), format)


def texts(doc: ParsedDocument, version: int = 0) -> list[str]:
    return [seg.text for seg in doc.versions[version].segments]


def kinds(doc: ParsedDocument) -> list[str]:
    return [seg.kind for seg in doc.versions[0].segments]


# --- the registry ---------------------------------------------------------------------------


def test_every_reader_has_a_name_extensions_and_read() -> None:
    assert list(READERS) == ["txt", "md", "html", "docx", "tmx", "xliff", "csv", "tsv", "record"]
    for name, module in READERS.items():
        assert name == module.NAME
        assert all(ext.startswith(".") and ext == ext.lower() for ext in module.EXTENSIONS)
        assert callable(module.read)


@pytest.mark.parametrize(
    ("filename", "name"),
    [
        ("a.txt", "txt"),
        ("A.TXT", "txt"),
        ("notes.md", "md"),
        ("notes.markdown", "md"),
        ("page.htm", "html"),
        ("page.XHTML", "html"),
        ("letter.docx", "docx"),
        ("memory.tmx", "tmx"),
        ("job.xlf", "xliff"),
        ("job.xliff", "xliff"),
    ],
)
def test_readers_are_chosen_by_extension(filename: str, name: str) -> None:
    assert name == reader_for(filename).NAME


def test_an_explicit_format_wins_over_the_extension() -> None:
    assert reader_for("export.dat", "TMX").NAME == "tmx"
    assert reader_for("page.txt", "record").NAME == "record"


@pytest.mark.parametrize("filename", ["scan.pdf", "README", "archive.tar.gz"])
def test_unknown_extensions_list_the_supported_formats(filename: str) -> None:
    with pytest.raises(UnsupportedFormat, match=r"txt \(\.txt, \.text\), md .*xliff .*record"):
        reader_for(filename)


def test_an_unknown_format_name_is_refused_with_the_list() -> None:
    with pytest.raises(UnsupportedFormat, match=r"unknown format 'pdf'; supported formats: txt"):
        read(b"x", "a.txt", format="pdf")


def test_read_file_sets_the_format() -> None:
    assert read("Hello.", "a.txt").format == "txt"
    assert read("Hello.", "a.dat", format="md").format == "md"


def test_a_file_without_any_text_is_refused() -> None:
    with pytest.raises(InputError, match=r"page\.html contains no text"):
        read("<html><body><script>x()</script><nav>Home</nav></body></html>", "page.html")


def test_binary_content_under_a_text_name_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    for filename in ("photo.txt", "photo.md", "photo.html"):
        with pytest.raises(InputError, match=rf"{filename.replace('.', '[.]')} is a PNG image"):
            read(png, filename)


# --- plain text ---------------------------------------------------------------------------


def test_txt_paragraphs_are_separated_by_blank_lines_and_unwrapped() -> None:
    doc = read("First line\nwrapped here.\n\n  \nSecond “para”.\n\n\nThird.\n", "a.txt")
    assert texts(doc) == ["First line wrapped here.", "Second “para”.", "Third."]
    assert kinds(doc) == ["paragraph"] * 3


def test_txt_one_per_line_makes_each_line_a_segment() -> None:
    doc = read("One.\nTwo.\n\n Three. \n", "a.txt", one_per_line=True)
    assert texts(doc) == ["One.", "Two.", "Three."]


def test_txt_with_crlf_and_windows_1252() -> None:
    doc = read("“Quoted” line\r\nwrapped.\r\n\r\nNext – one.".encode("cp1252"), "old.txt")
    assert texts(doc) == ["“Quoted” line wrapped.", "Next – one."]


# --- Markdown -----------------------------------------------------------------------------

MARKDOWN = """\
---
title: Front matter title
lang: de
date: 1961-10-04
---
# The *first* heading

A paragraph with [a link](https://example.org) and `code`,
wrapped over two lines.

## Second heading

- item one
- item **two**

> A quoted paragraph.

| Name | Date |
|------|------|
| Kim  | 1961 |

    an indented block (code to CommonMark) is kept as text

<div>Raw <em>HTML</em><script>alert("no")</script> block</div>

Inline <script>alert("no")</script>HTML and an image ![alt text](pic.png) end.
"""


def test_a_txt_without_blank_lines_written_one_paragraph_per_line_gives_its_lines() -> None:
    udhr = (
        "Article 1\n"
        "All human beings are born free and equal in dignity and rights.\n"
        "Article 2\n"
        "Everyone is entitled to all the rights and freedoms set forth in this Declaration.\n"
        "Article 3\n"
        "Everyone has the right to life, liberty and security of person.\n"
    )
    assert texts(read(udhr, "udhr.txt")) == [
        "Article 1",
        "All human beings are born free and equal in dignity and rights.",
        "Article 2",
        "Everyone is entitled to all the rights and freedoms set forth in this Declaration.",
        "Article 3",
        "Everyone has the right to life, liberty and security of person.",
    ]


def test_a_hard_wrapped_txt_without_blank_lines_stays_one_paragraph() -> None:
    wrapped = (
        "It was a bright cold day in April, and the clocks were striking\n"
        "thirteen. Winston Smith, his chin nuzzled into his breast in an\n"
        "effort to escape the vile wind, slipped quickly through the glass\n"
        "doors of Victory Mansions, though not quickly enough to prevent a\n"
        "swirl of gritty dust from entering along with him.\n"
    )
    assert len(texts(read(wrapped, "orwell.txt"))) == 1


def test_markdown_blocks_become_segments_with_plain_text() -> None:
    doc = read(MARKDOWN, "notes.md")
    assert texts(doc) == [
        "The first heading",
        "A paragraph with a link and code, wrapped over two lines.",
        "Second heading",
        "item one",
        "item two",
        "A quoted paragraph.",
        "Name | Date",
        "Kim | 1961",
        "an indented block (code to CommonMark) is kept as text",
        "Raw HTML block",
        "Inline HTML and an image [alt text] end.",
    ]
    assert kinds(doc)[:3] == ["heading", "paragraph", "heading"]


def test_markdown_front_matter_gives_title_language_and_metadata() -> None:
    doc = read(MARKDOWN, "notes.md")
    assert doc.title == "Front matter title"
    assert doc.versions[0].language == "de"
    assert doc.metadata == {"date": "1961-10-04"}


def test_markdown_title_is_the_first_h1_without_front_matter() -> None:
    doc = read("Intro.\n\n## Not this\n\n# This *one*\n\nText.", "a.md")
    assert doc.title == "This one"


def test_markdown_with_only_markup_has_no_text() -> None:
    with pytest.raises(InputError, match="contains no text"):
        read("---\n\n***\n\n![](x.png)\n", "a.md")


def test_markdown_images_keep_their_alt_text_in_brackets_where_they_stand() -> None:
    doc = read(
        "![Harta e *Shqipërisë*](map.png)\n\n"
        "See [![the seal](seal.png)](https://example.org) and ![](deco.png) the"
        ' <img src="sig.png" alt="signature &amp; stamp"> here.\n\n'
        "| Plate | ![Tirana, 1961](p1.png) |\n|---|---|\n",
        "a.md",
    )
    assert texts(doc) == [
        "[Harta e Shqipërisë]",
        "See [the seal] and the [signature & stamp] here.",
        "Plate | [Tirana, 1961]",
    ]


# --- HTML ---------------------------------------------------------------------------------


def test_html_page_keeps_the_article_and_drops_the_furniture() -> None:
    doc = read((DATA / "page.html").read_bytes(), "page.html")
    assert texts(doc) == [
        "Record of a conversation",
        "On the reception of the delegation & the talks.",
        "A line broken here\nand continued; entities: é “quoted”.",  # <br>: the line ends
        "Text directly in a div",
        "a nested paragraph",
        "and the text after it.",
        "First item",
        "A nested item",
        "A quotation in a blockquote.",
        "Name | Role",
        "Kim Il Sung | Chairman",
        "Cell paragraph one",
        "Cell paragraph two",
        "Term",
        "Its definition.",
        "[an image]",
        "A figure caption",
        "preformatted\n   text kept",  # <pre>: its lines and their indentation kept
    ]
    assert kinds(doc)[0] == "heading"
    assert kinds(doc)[1:] == ["paragraph"] * 17


def test_html_images_keep_their_alt_text_in_brackets_and_images_without_it_stay_out() -> None:
    page = (
        "<html><body><p>The map <img src=m.png alt=' Map of\n Albania '> shows"
        "<img src=spacer.gif alt=''><img src=logo.png> the border.</p>"
        "<p><img src=seal.png alt='Seal of the Party'></p>"
        "<nav><img src=home.png alt='Home'></nav><p hidden><img src=h.png alt='Hidden'></p>"
        "</body></html>"
    )
    assert texts(read(page, "a.html")) == [
        "The map [Map of Albania] shows the border.",
        "[Seal of the Party]",
    ]


def test_html_script_and_hidden_text_never_become_content() -> None:
    joined = " ".join(texts(read((DATA / "page.html").read_bytes(), "page.html")))
    for banned in ("alert", "evil", "Home", "Cookie", "Copyright", "hidden", "Subscribe", "{"):
        assert banned not in joined


def test_html_title_language_and_metadata() -> None:
    doc = read((DATA / "page.html").read_bytes(), "page.html")
    assert doc.title == "Record of a conversation – Digital Archive"
    assert doc.versions[0].language == "en"
    assert doc.metadata == {
        "summary": "Albanian record of a 1961 meeting.",
        "author": "Hasan Alimerko",
        "date": "1961-10-10",
        "licence": "For research and education",
        "source_url": "https://example.org/record/1",
    }


def test_html_title_falls_back_to_the_first_h1() -> None:
    doc = read(
        "<html><body><h1>Main <script>x</script>title</h1><p>Text.</p></body></html>", "a.htm"
    )
    assert doc.title == "Main title"
    assert doc.versions[0].language is None


def test_html_meta_charset_is_honoured_when_not_utf8() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Хрущёв</p></body></html>'
    assert texts(read(page.encode("cp1251"), "ru.html")) == ["Хрущёв"]


def test_xhtml_with_xml_declaration() -> None:
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="sq"><head><title>T</title></head>'
        "<body><p>Mirë.</p></body></html>"
    )
    doc = read(page, "a.xhtml")
    assert texts(doc) == ["Mirë."]
    assert doc.versions[0].language == "sq"

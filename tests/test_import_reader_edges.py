"""What a Word document or a web page shows is what its import stores, no more and no less.

Each case here lost, glued or invented text before: a footnote mark or an exponent set as a
superscript ran into the number before it (1961¹ became 19611, a different year the numbers
check then reported); Word's hidden text was imported; text boxes, equations, symbols from
the Symbol font, positional tabs and a chunk of HTML a converter embedded were dropped; a
ruby's reading was read into its base text; <q> lost its quotation marks; and a file or a
paragraph made only of zero-width characters was stored as text.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from tests.conftest import Cli
from workbench.errors import InputError
from workbench.formats import read_file
from workbench.model import ReadOptions

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NAMESPACES = (
    f"{W}"
    ' xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
)


def texts(data: bytes, filename: str) -> list[str]:
    doc = read_file(data, ReadOptions(filename=filename, source_language="en"))
    return [segment.text for segment in doc.versions[0].segments]


def word(*paragraphs: str) -> Document:
    """A Word document whose body holds the given <w:p> (or other block) XML, in order."""
    document = Document()
    body = document.element.body
    for xml in paragraphs:
        body.insert(len(body) - 1, parse_xml(xml.replace("<w:p>", f"<w:p {NAMESPACES}>", 1)))
    return document


def saved(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run(text: str, props: str = "") -> str:
    return f"<w:r><w:rPr>{props}</w:rPr><w:t xml:space='preserve'>{text}</w:t></w:r>"


# -- superscripts and subscripts --------------------------------------------------------------


def test_a_superscript_note_mark_or_exponent_does_not_change_the_number_before_it() -> None:
    html = (
        "<html><body><p>The congress of 1961<sup><a href='#fn1'>1</a></sup> sent 10<sup>3</sup>"
        " tons of H<sub>2</sub>O, 1<sup>er</sup> mai; 1961<sup>1,2</sup>.</p></body></html>"
    )
    assert texts(html.encode(), "page.html") == [
        "The congress of 1961¹ sent 10³ tons of H₂O, 1ᵉʳ mai; 1961[1,2]."  # no raised comma
    ]
    superscript = "<w:vertAlign w:val='superscript'/>"
    document = word(
        "<w:p>"
        + run("The congress of 1961")
        + run("1", superscript)
        + run(" decided; H")
        + run("2", "<w:vertAlign w:val='subscript'/>")
        + run("O.")
        + "</w:p>"
    )
    assert texts(saved(document), "letter.docx") == ["The congress of 1961¹ decided; H₂O."]


# -- what Word shows, and only that ---------------------------------------------------------


def test_words_hidden_text_is_not_imported() -> None:
    document = word(
        "<w:p>" + run("Visible ") + run("HIDDEN ", "<w:vanish/>") + run("text.") + "</w:p>",
        "<w:p>" + run("Shown ", "<w:vanish w:val='0'/>") + run("too.") + "</w:p>",
    )
    assert texts(saved(document), "letter.docx") == ["Visible text.", "Shown too."]


def test_a_text_box_is_read_once_after_the_paragraph_it_is_anchored_in() -> None:
    box = "<w:txbxContent><w:p>" + run("The caption in the box.") + "</w:p></w:txbxContent>"
    drawing = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>"
        f"{box}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
        f"{box}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    document = word(
        "<w:p>" + run("Before the box. ") + drawing + run("After it.") + "</w:p>",
        "<w:p>" + run("Next paragraph.") + "</w:p>",
    )
    assert texts(saved(document), "letter.docx") == [
        "Before the box. After it.",
        "The caption in the box.",
        "Next paragraph.",
    ]


def test_an_equation_symbols_and_positional_tabs_keep_their_text() -> None:
    equation = (
        "<m:oMath><m:r><m:t>E=m</m:t></m:r><m:sSup><m:e><m:r><m:t>c</m:t></m:r></m:e>"
        "<m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup><m:r><m:t>, </m:t></m:r><m:f>"
        "<m:num><m:r><m:t>a</m:t></m:r></m:num><m:den><m:r><m:t>b</m:t></m:r></m:den></m:f>"
        "</m:oMath>"
    )
    document = word(
        "<w:p>" + run("Formula: ") + equation + run(" end.") + "</w:p>",
        "<w:p>"
        + run("Arrow ")
        + "<w:r><w:sym w:font='Symbol' w:char='F0AE'/></w:r>"
        + run(" done; ")
        + "<w:r><w:sym w:font='Symbol' w:char='F061'/></w:r>"
        + run(" and ")
        + "<w:r><w:sym w:font='Wingdings' w:char='F04A'/></w:r>"
        + run("smile; ")
        + "<w:r><w:sym w:font='Arial' w:char='2013'/></w:r>"
        + run(" dash.")
        + "</w:p>",
        "<w:p>" + run("Left") + "<w:r><w:ptab w:relativeTo='margin' w:alignment='right'"
        " w:leader='none'/></w:r>" + run("right") + "</w:p>",
    )
    assert texts(saved(document), "letter.docx") == [
        "Formula: E=mc², a/b end.",
        "Arrow → done; α and smile; – dash.",  # a picture font's sign is no letter
        "Left right",
    ]


def test_a_rubys_reading_is_not_read_into_its_base_text() -> None:
    ruby = (
        "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>かん</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>漢</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    document = word("<w:p>" + ruby + run("字です。") + "</w:p>")
    assert texts(saved(document), "letter.docx") == ["漢字です。"]
    html = "<p><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp>字<rt>ji</rt></ruby>です。</p>"
    assert texts(html.encode(), "page.html") == ["漢字です。"]


def test_a_q_element_shows_its_quotation_marks() -> None:
    html = "<p>He said <q>we will <b>come</b> back</q> and left.</p>"
    assert texts(html.encode(), "page.html") == ["He said “we will come back” and left."]


def chunked(blob: bytes, content_type: str, name: str) -> bytes:
    """A Word document with a chunk of another format embedded between two paragraphs."""
    document = Document()
    document.add_paragraph("Intro paragraph.")
    part = Part(PackURI(f"/word/{name}"), content_type, blob, document.part.package)
    rid = document.part.relate_to(part, RT.A_F_CHUNK)
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f'<w:altChunk {NAMESPACES} r:id="{rid}"/>'))
    document.add_paragraph("Outro.")
    return saved(document)


def test_an_embedded_html_chunk_is_read_where_it_stands() -> None:
    html = b"<html><body><p>The body of the letter.</p><p>Its second paragraph.</p></body></html>"
    data = chunked(html, "text/html", "chunk.html")
    assert texts(data, "letter.docx") == [
        "Intro paragraph.",
        "The body of the letter.",
        "Its second paragraph.",
        "Outro.",
    ]
    rtf = chunked(b"{\\rtf1 Hello}", "application/rtf", "chunk.rtf")
    doc = read_file(rtf, ReadOptions(filename="letter.docx"))
    assert [segment.text for segment in doc.versions[0].segments] == ["Intro paragraph.", "Outro."]
    assert doc.notes == ["an embedded application/rtf part (/word/chunk.rtf) was left out"]


# -- text that shows nothing ------------------------------------------------------------------

INVISIBLE = "\u200b\n\n\u200c\u2060\u00ad\n\u200e\u200f\ufeff"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (INVISIBLE.encode(), "blank.txt"),
        (b"<p>&#8203;</p><p>&shy;</p><p>&zwnj;&lrm;</p>", "blank.html"),
        (INVISIBLE.encode(), "blank.md"),
    ],
)
def test_a_file_of_only_invisible_characters_has_no_text(
    data: bytes, filename: str, cli: Cli, tmp_path
) -> None:
    with pytest.raises(InputError, match=r"(contains no text|is empty)"):
        read_file(data, ReadOptions(filename=filename, source_language="en"))
    path = tmp_path / filename
    path.write_bytes(data)
    result = cli("import", str(path), "--lang", "en")
    assert result.exit_code == 2 and result.output.startswith("error:")
    assert "Traceback" not in result.output


def test_a_paragraph_of_only_invisible_characters_is_no_paragraph() -> None:
    html = "<p>First.</p><p>&#8203;&zwj;</p><p>Second.</p>"
    assert texts(html.encode(), "page.html") == ["First.", "Second."]
    assert texts("First.\n\n\u200b\n\nSecond.\n".encode(), "text.txt") == ["First.", "Second."]


# -- a page in a 7-bit Japanese encoding ----------------------------------------------------


@pytest.mark.parametrize("words", [1, 40])
def test_a_page_in_the_iso_2022_jp_it_declares_is_read_in_it(words: int) -> None:
    """ISO-2022-JP's bytes are 7-bit: they passed for UTF-8 (escapes stripped, the Japanese
    garbled to "$BF|K\\8l(B") or, with more Japanese, for a binary file."""
    text = "日本語の文です。" * words
    page = (
        '<html><head><meta charset="iso-2022-jp"></head><body>'
        f"<p>English sentence. The word 日本語 means Japanese.</p><p>{text}</p></body></html>"
    )
    assert texts(page.encode("iso-2022-jp"), "page.html") == [
        "English sentence. The word 日本語 means Japanese.",
        text,
    ]


def test_a_word_document_without_properties_is_titled_by_its_file_name(tmp_path) -> None:
    """python-docx makes up "Word Document" as the title of a package without core
    properties (some converters write none); the file's name is the better title."""
    import re
    import zipfile

    document = Document()
    document.add_paragraph("Text of the letter.")
    source = zipfile.ZipFile(io.BytesIO(saved(document)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                continue
            if item.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", data)
            target.writestr(item, data)
    doc = read_file(out.getvalue(), ReadOptions(filename="letter-1961.docx"))
    assert doc.title is None and doc.metadata == {}
    assert [segment.text for segment in doc.versions[0].segments] == ["Text of the letter."]


# -- a poem's lines ---------------------------------------------------------------------------


def test_a_line_break_inside_a_paragraph_keeps_the_poems_lines() -> None:
    """Word's line break (Shift+Enter) and HTML's <br> end a line of the paragraph, which the
    reader editions print as a line; a page break, a tab and the markup's own line wrapping
    are spaces."""
    document = word(
        "<w:p>"
        + run("Shoku im i vjetër,")
        + "<w:r><w:br/></w:r>"
        + run("mik i rinisë sime.")
        + "<w:r><w:br w:type='page'/></w:r>"
        + run("Fund.")
        + "</w:p>"
    )
    assert texts(saved(document), "poem.docx") == ["Shoku im i vjetër,\nmik i rinisë sime. Fund."]
    html = "<p>My old comrade,<br>\n   friend of my\n youth.<br><br></p><p>Next.</p>"
    assert texts(html.encode(), "poem.html") == ["My old comrade,\nfriend of my youth.", "Next."]

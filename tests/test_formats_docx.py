"""DOCX import: Word documents made with python-docx in the test, read back as segments."""

from __future__ import annotations

import copy
import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from workbench.errors import InputError, TooLarge
from workbench.formats import docx as docx_reader
from workbench.formats import read_file
from workbench.model import ParsedDocument, ReadOptions


def read(data: bytes, filename: str = "letter.docx", language: str | None = None) -> ParsedDocument:
    return read_file(data, ReadOptions(filename=filename, source_language=language))


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def segments(doc: ParsedDocument) -> list[tuple[str, str]]:
    return [(seg.kind, seg.text) for seg in doc.versions[0].segments]


@pytest.fixture
def letter() -> bytes:
    document = Document()
    document.core_properties.title = "Account of the reception"
    document.core_properties.author = "Hasan Alimerko"
    document.core_properties.language = "sq"
    document.add_paragraph("Llogari mbi pritjen", style="Title")
    document.add_heading("Hyrje", level=1)
    para = document.add_paragraph("Shoku ")
    para.add_run("Kim Ir Sen").bold = True
    para.add_run(" tha:")
    para.add_run().add_break(WD_BREAK.LINE)
    para.add_run("„Mirë.“\tFund.")
    document.add_paragraph("")  # empty paragraphs are layout, not text
    document.add_paragraph("   ")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Emri"
    table.cell(0, 1).text = "Detyra"
    table.cell(1, 0).text = "Kim Ir Sen"
    table.cell(1, 1).text = "Kryetar"
    document.add_heading("Përfundim", level=2)
    document.add_paragraph("Phenian, 10 tetor 1961.")
    return save(document)


def test_docx_paragraphs_headings_and_tables_in_document_order(letter: bytes) -> None:
    doc = read(letter)
    assert doc.format == "docx"
    assert segments(doc) == [
        ("heading", "Llogari mbi pritjen"),
        ("heading", "Hyrje"),
        ("paragraph", "Shoku Kim Ir Sen tha:\n„Mirë.“ Fund."),  # a line break, a tab
        ("paragraph", "Emri | Detyra"),
        ("paragraph", "Kim Ir Sen | Kryetar"),
        ("heading", "Përfundim"),
        ("paragraph", "Phenian, 10 tetor 1961."),
    ]


def test_docx_core_properties_give_title_author_and_language(letter: bytes) -> None:
    doc = read(letter)
    assert doc.title == "Account of the reception"
    assert doc.metadata == {"author": "Hasan Alimerko"}
    assert doc.versions[0].language == "sq"


def test_docx_merged_cells_and_nested_tables_are_read_once() -> None:
    document = Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Across three columns"
    table.cell(1, 0).text = "Left"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner A"
    inner.cell(0, 1).text = "inner B"
    table.cell(1, 2).text = "Right"
    doc = read(save(document))
    assert segments(doc) == [
        ("paragraph", "Across three columns"),
        ("paragraph", "Left | inner A inner B | Right"),
    ]


def test_docx_content_controls_and_tracked_insertions_keep_their_text() -> None:
    document = Document()
    kept = document.add_paragraph("Inside a content control.")
    sdt = kept._p.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    sdt.append(content)
    kept._p.addprevious(sdt)
    content.append(kept._p)
    para = document.add_paragraph("Before ")
    insertion = para._p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "A"})
    insertion.append(copy.deepcopy(para.runs[0]._r))
    insertion[0].find(qn("w:t")).text = "inserted"
    para._p.append(insertion)
    deleted = para._p.makeelement(qn("w:del"), {qn("w:id"): "2", qn("w:author"): "A"})
    run = copy.deepcopy(para.runs[0]._r)
    text = run.find(qn("w:t"))
    text.tag = qn("w:delText")
    text.text = " deleted"
    deleted.append(run)
    para._p.append(deleted)
    doc = read(save(document))
    assert segments(doc) == [
        ("paragraph", "Inside a content control."),
        ("paragraph", "Before inserted"),
    ]


def test_docx_without_text_is_refused() -> None:
    document = Document()
    document.add_paragraph("")
    with pytest.raises(InputError, match=r"letter\.docx contains no text"):
        read(save(document))


@pytest.mark.parametrize(
    "data",
    [b"This is plain text, not a Word document.", b"PK\x03\x04 truncated zip"],
    ids=["text", "broken-zip"],
)
def test_a_non_zip_docx_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match=r"letter\.docx is not a DOCX file"):
        read(data)


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    with pytest.raises(InputError, match=r"not a DOCX file \(a ZIP archive without a Word"):
        read(buffer.getvalue())


def test_a_docx_with_broken_xml_is_refused(letter: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(letter))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 2]
            archive.writestr(info, body)
    with pytest.raises(InputError, match=r"cannot read letter\.docx as DOCX"):
        read(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_parsing(letter: bytes, monkeypatch) -> None:
    # A small limit stands in for the real 200 MB: the check counts unpacked bytes.
    monkeypatch.setattr(docx_reader, "MAX_UNZIPPED", 1_000_000)
    source = zipfile.ZipFile(io.BytesIO(letter))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
        archive.writestr("word/media/padding.xml", b"\0" * 2_000_000)
    assert len(buffer.getvalue()) < 100_000  # small on disk, big when unpacked
    with pytest.raises(TooLarge, match="possible zip bomb"):
        read(buffer.getvalue())


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _with_notes(
    body: list[list[str | tuple[str, str]]],
    notes: dict[str, dict[str, str]],
    styles: dict[int, str] | None = None,
) -> bytes:
    """A DOCX whose paragraphs are runs of text or (kind, id) note references (paragraph i in
    the style `styles[i]`, if given), with word/footnotes.xml and word/endnotes.xml holding
    `notes[kind][id]` (plus separators)."""
    document = Document()
    for index, runs in enumerate(body):
        paragraph = document.add_paragraph(style=(styles or {}).get(index))
        for run in runs:
            if isinstance(run, str):
                paragraph.add_run(run)
            else:
                kind, note_id = run
                r = paragraph.add_run()._r
                ref = r.makeelement(qn(f"w:{kind}Reference"), {qn("w:id"): note_id})
                r.append(ref)
    data = save(document)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                extra = "".join(
                    f'<Override PartName="/word/{k}s.xml" ContentType="application/'
                    f'vnd.openxmlformats-officedocument.wordprocessingml.{k}s+xml"/>'
                    for k in notes
                )
                content = content.replace(b"</Types>", extra.encode() + b"</Types>")
            if item.filename == "word/_rels/document.xml.rels":
                extra = "".join(
                    f'<Relationship Id="rIdNotes{k}" Type="http://schemas.openxmlformats.org/'
                    f'officeDocument/2006/relationships/{k}s" Target="{k}s.xml"/>'
                    for k in notes
                )
                content = content.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
            target.writestr(item, content)
        for kind, texts in notes.items():
            items = [
                f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                f"</w:{kind}>"
            ]
            for note_id, text in texts.items():
                items.append(
                    f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:{kind}Ref/></w:r>'
                    f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>'
                )
            xml = f'<w:{kind}s xmlns:w="{W_NS}">{"".join(items)}</w:{kind}s>'
            target.writestr(f"word/{kind}s.xml", xml)
    return out.getvalue()


def test_footnotes_and_endnotes_are_kept_as_marks_and_notes_after_the_body() -> None:
    data = _with_notes(
        [
            ["The meeting took place in Tirana", ("footnote", "2"), "."],
            ["Khrushchev spoke first", ("endnote", "5"), " and then Hoxha", ("footnote", "1")],
        ],
        {
            "footnote": {"1": "Enver Hoxha, First Secretary.", "2": "At the Palace of Brigades."},
            "endnote": {"5": "Translator's note: the Russian text has 'Hrushov'."},
        },
    )
    assert segments(read(data)) == [
        ("paragraph", "The meeting took place in Tirana[1]."),
        ("paragraph", "Khrushchev spoke first[i] and then Hoxha[2]"),
        ("heading", "Notes"),
        ("paragraph", "[1] At the Palace of Brigades."),
        ("paragraph", "[2] Enver Hoxha, First Secretary."),
        ("paragraph", "[i] Translator's note: the Russian text has 'Hrushov'."),
    ]


def test_a_document_without_notes_gets_no_notes_heading(letter: bytes) -> None:
    assert "Notes" not in [text for _kind, text in segments(read(letter))]


NOTED = [["Report"], ["Body text with a footnote", ("footnote", "1"), "."]]
FOOTNOTE = {"footnote": {"1": "The footnote and its text."}}


@pytest.mark.parametrize("heading", ["Notes", "NOTES", "5. Notes:", "Footnotes", "Shënime"])
def test_notes_join_the_documents_own_notes_section_under_its_last_heading(heading: str) -> None:
    data = _with_notes(
        [*NOTED, [heading], ["1. The author's own note."]],
        FOOTNOTE,
        styles={0: "Title", 2: "Heading 1"},
    )
    assert segments(read(data)) == [
        ("heading", "Report"),
        ("paragraph", "Body text with a footnote[1]."),
        ("heading", heading),
        ("paragraph", "1. The author's own note."),
        ("paragraph", "[1] The footnote and its text."),
    ]


def test_a_notes_heading_that_is_not_the_last_heading_gets_notes_a_heading_of_their_own() -> None:
    data = _with_notes(
        [*NOTED, ["Notes"], ["An early section."], ["Conclusion"], ["The end."]],
        FOOTNOTE,
        styles={2: "Heading 1", 4: "Heading 1"},
    )
    assert segments(read(data))[-2:] == [
        ("heading", "Notes"),
        ("paragraph", "[1] The footnote and its text."),
    ]


def test_a_document_titled_notes_still_gets_a_notes_heading() -> None:
    # A heading that opens the document is its title, not its notes section.
    data = _with_notes(
        [["Notes"], ["On the talks", ("footnote", "1"), "."]], FOOTNOTE, {0: "Title"}
    )
    assert segments(read(data)) == [
        ("heading", "Notes"),
        ("paragraph", "On the talks[1]."),
        ("heading", "Notes"),
        ("paragraph", "[1] The footnote and its text."),
    ]


@pytest.mark.parametrize(
    ("language", "heading"), [("sq", "Shënime"), ("ru-RU", "Примечания"), ("ja", "Notes")]
)
def test_the_notes_heading_is_in_the_language_of_the_import(language: str, heading: str) -> None:
    data = _with_notes([["Teksti", ("footnote", "1"), "."]], FOOTNOTE)
    assert segments(read(data, language=language))[1] == ("heading", heading)


def test_a_localised_notes_heading_in_the_document_is_recognised_too() -> None:
    data = _with_notes(
        [["Текст", ("footnote", "1"), "."], ["Примечания"]], FOOTNOTE, styles={1: "Heading 2"}
    )
    assert [kind for kind, _text in segments(read(data, language="ru"))] == [
        "paragraph",
        "heading",
        "paragraph",
    ]

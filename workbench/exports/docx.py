"""The reader edition as a Word document (python-docx), built on real styles.

Paragraph styles "Source Text", "Target Text", "Paragraph Number", "Citation Block" and
"Translator's Note" (each with its language set, so Word checks spelling in the right
language), Title and Heading 1 for the structure; the text in a table of number | source |
target whose header row repeats on every page. The number is the source paragraph's: an
edition that leaves paragraphs out keeps their numbers, and a row says what is missing (after
the last row too, when the end of the text is left out).
Metadata goes into the core properties too. Word has footnotes, but python-docx cannot write
them: notes are numbered endnotes instead.

Styles are looked up by name once (`_Styles`): python-docx searches every style of the document
each time a paragraph's style is set by name, which made a book at sentence level take 12 s.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from workbench import languages
from workbench.exports.base import ExportData, ExportLink, clean, numbers

NAME = "docx"
EXTENSION = ".docx"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BINARY = True

SOURCE_STYLE = "Source Text"
TARGET_STYLE = "Target Text"
NUMBER_STYLE = "Paragraph Number"
CITATION_STYLE = "Citation Block"
NOTE_STYLE = "Translator's Note"
REPORT_EVERY = 100  # rows between progress reports


#: What follows w:bidi in a paragraph's properties, and w:szCs and w:lang in a run's
#: (ECMA-376 fixes their order; Word may refuse a file out of it).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")
_AFTER_SZ_CS = (
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl",
    "w:cs", "w:em", "w:lang", *_AFTER_LANG,
)  # fmt: skip


def _set_language(style: Any, language: str) -> None:
    """<w:lang> on a style: Word's proofing language (and bidi for right-to-left scripts)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)
    rpr.insert_element_before(lang, *_AFTER_LANG)
    if languages.direction(language) == "rtl":
        ppr = style.element.get_or_add_pPr()
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _complex_script(style: Any) -> None:
    """The style's font and size for complex scripts too (w:cs, w:szCs): Word sets Arabic,
    Hebrew or Devanagari in those, and python-docx sets only the others."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    if style.font.name:
        rpr.get_or_add_rFonts().set(qn("w:cs"), style.font.name)
    if rpr.sz is not None:
        size = OxmlElement("w:szCs")
        size.set(qn("w:val"), rpr.sz.get(qn("w:val")))
        rpr.insert_element_before(size, *_AFTER_SZ_CS)


def _styles(document: Any, data: ExportData) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    styles = document.styles
    for name, language, size in (
        (SOURCE_STYLE, data.source_language, 10.5),
        (TARGET_STYLE, data.target_language, 10.5),
        (NUMBER_STYLE, "en", 8),
        (CITATION_STYLE, "en", 9.5),
        (NOTE_STYLE, "en", 9),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(size)
        style.paragraph_format.space_after = Pt(4)
        _set_language(style, language)
    styles[NUMBER_STYLE].font.color.rgb = RGBColor(0x5D, 0x5D, 0x5D)
    styles[SOURCE_STYLE].font.name = styles[TARGET_STYLE].font.name = "Noto Serif"
    for name in (SOURCE_STYLE, TARGET_STYLE, NUMBER_STYLE, CITATION_STYLE, NOTE_STYLE):
        _complex_script(styles[name])


#: python-docx refuses a core property (title, comments...) longer than this
PROPERTY_LIMIT = 255


def _properties(document: Any, data: ExportData) -> None:
    props = document.core_properties
    doc = data.document
    props.title = _property(data.title)
    props.author = _property(doc.get("translator") or "Workbench")
    props.subject = _property(f"{data.source_label} → {data.target_label}")
    props.comments = _property(data.citation())
    props.keywords = _property(f"{data.source_language}, {data.target_language}, translation")
    props.language = data.target_language
    props.category = "Draft" if data.draft else "Edition"
    props.content_status = "Draft" if data.draft else f"Edition {data.edition['number']}"
    props.identifier = f"workbench:document/{doc['id']}/alignment/{data.alignment['id']}" + (
        f"/edition/{data.edition['number']}" if data.edition else "/draft"
    )
    props.version = str(data.edition["number"]) if data.edition else "draft"
    props.last_modified_by = "Workbench"
    # python-docx's template would say the file was made in 2013
    props.created = props.modified = _moment(
        (data.edition or {}).get("published_at") or data.generated_at
    )


def _property(text: str) -> str:
    """A core property as python-docx stores it: at most 255 characters (it refuses more), a
    longer one (a citation of a long title) cut with an ellipsis."""
    text = clean(text)
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1].rstrip() + "…"


def _moment(stamp: str) -> datetime:
    """An ISO time stamp ("2026-11-28T02:13:55Z") as the aware datetime Word expects."""
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class _Styles:
    """Paragraph style ids by name, each looked up once; setting `paragraph.style = name` looks
    it up again among all the document's styles, and searches them for the default too."""

    def __init__(self, document: Any) -> None:
        self.part = document.part
        self.ids: dict[str, str | None] = {}

    def set(self, paragraph: Any, name: str) -> Any:
        """Give `paragraph` the style `name` (as python-docx would); returns the paragraph."""
        from docx.enum.style import WD_STYLE_TYPE

        if name not in self.ids:
            self.ids[name] = self.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        paragraph._p.style = self.ids[name]
        return paragraph


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _cell(cell: Any, link: ExportLink, side: str, style: str, draft: bool, styles: _Styles) -> None:
    """A side's paragraphs in its cell, and the calls of the link's notes after them when
    this side carries them (`_noted`); a draft says the link's status after the translation."""
    parts = link.paragraphs(side) or [""]
    first = styles.set(cell.paragraphs[0], style)
    for index, text in enumerate(parts):
        paragraph = first if index == 0 else styles.set(cell.add_paragraph(), style)
        paragraph.add_run(clean(text))
    last = cell.paragraphs[-1]
    if side == _noted(link):
        for note in link.notes:
            last.add_run(f"[{note.number}]").font.superscript = True
    if side == "target" and draft:
        last.add_run(f"  ({link.status})").italic = True


def _noted(link: ExportLink) -> str:
    """The side whose text a link's notes are called after: its translation, or its source
    when it has none (a 1-0 link), as the HTML, PDF and EPUB editions call them, rather than
    in an empty cell."""
    return "target" if link.paragraphs("target") else "source"


def _row(table: Any, widths: tuple[Any, ...]) -> Any:
    """The cells of a new row, each given its column's width (Word reads it per cell)."""
    cells = table.add_row().cells
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width
    return cells


def _gap_row(
    table: Any,
    widths: tuple[Any, ...],
    styles: _Styles,
    data: ExportData,
    span: tuple[int, int],
    side: str = "source",
) -> None:
    """A row saying which paragraphs of a side the edition leaves out here, numbered as they
    are (the source's in the number column; the translation's in its own column)."""
    cells = _row(table, widths)
    styles.set(cells[0].paragraphs[0], NUMBER_STYLE).add_run(
        numbers(span) if side == "source" else ""
    )
    gap = styles.set(cells[1 if side == "source" else 2].paragraphs[0], NUMBER_STYLE)
    gap.add_run(data.gap_note(span, side)).italic = True


def render(data: ExportData) -> bytes:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    _styles(document, data)
    styles = _Styles(document)
    _properties(document, data)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    if data.draft:
        document.add_paragraph("DRAFT — the current state, not a published edition.", "Heading 2")
    document.add_paragraph(clean(data.title), "Title")
    for label, value in data.metadata():
        paragraph = document.add_paragraph(style=CITATION_STYLE)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph("Text", "Heading 1")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    widths = (Cm(1.2), Cm(8.3), Cm(8.3))
    heads = ("No.", clean(data.source_label), clean(data.target_label))
    for cell, width, head in zip(table.rows[0].cells, widths, heads, strict=True):
        cell.width = width
        styles.set(cell.paragraphs[0], NUMBER_STYLE if head == "No." else "Normal")
        cell.paragraphs[0].add_run(head).bold = True
    _repeat_header(table.rows[0])
    notes = []
    covered = covered_target = 0  # how far into the source (translation) the links reach
    data.report("reading", 0, data.count)
    for done, link in enumerate(data.links(), start=1):
        if link.gap_before:
            _gap_row(table, widths, styles, data, link.gap_before)
        if link.target_gap_before:
            _gap_row(table, widths, styles, data, link.target_gap_before, "target")
        cells = _row(table, widths)
        styles.set(cells[0].paragraphs[0], NUMBER_STYLE).add_run(link.label)
        _cell(cells[1], link, "source", SOURCE_STYLE, data.draft, styles)
        _cell(cells[2], link, "target", TARGET_STYLE, data.draft, styles)
        notes.extend(link.notes)
        covered = max(covered, link.src[1])
        covered_target = max(covered_target, link.tgt[1])
        if done % REPORT_EVERY == 0:
            data.report("reading", done, data.count)
    end_gap = data.gap_after(covered)
    if end_gap:
        _gap_row(table, widths, styles, data, end_gap)
    elif end_gap := data.gap_after(covered_target, "target"):
        _gap_row(table, widths, styles, data, end_gap, "target")
    if notes:
        document.add_paragraph("Translator’s notes", "Heading 1")
        for note in notes:
            styles.set(document.add_paragraph(f"[{note.number}] {clean(note.text)}"), NOTE_STYLE)
    data.report("writing", 0, 1)
    out = io.BytesIO()
    document.save(out)
    data.report("writing", 1, 1)
    return out.getvalue()


def write(data: ExportData) -> Iterator[bytes]:
    yield render(data)

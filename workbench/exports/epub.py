"""The reader edition as EPUB 3 (ebooklib): front matter with the citation, then the text.

E-readers have narrow screens, so each paragraph shows its source and then its translation
(not two columns), in chapters of CHAPTER links; notes are a last chapter of endnotes linked
both ways. Language, translator, licence, date and source go into the package metadata.
Paragraphs carry the source's numbers, chapters the range they cover ("1–12"); a line marks
source paragraphs an edition leaves out, at the end of the last chapter too.
"""

from __future__ import annotations

import html as html_module
import io
from collections.abc import Iterator

from workbench import languages
from workbench.exports.base import ExportData, ExportLink, Note, clean, label_of

NAME = "epub"
EXTENSION = ".epub"
MEDIA_TYPE = "application/epub+zip"
BINARY = True
CHAPTER = 200

CSS = """
body { font-family: serif; line-height: 1.45; }
.pair { margin: 0 0 1em; }
.num { font-size: .8em; color: #666; margin: 0; }
.src { color: #444; margin: 0 0 .3em; }
.tgt { margin: 0; }
.gap { font-style: italic; margin: 0 0 1em; }
.draft { border: 2px solid #a4161a; color: #a4161a; padding: .3em; }
dt { font-weight: bold; }
"""


def _e(text: str | None) -> str:
    return html_module.escape(clean(text), quote=True)


def _lines(text: str) -> str:
    """A paragraph's text, its line breaks (a poem's lines, typed in a revision) as <br/>, as
    the DOCX edition keeps them: in XHTML a bare line break is a space."""
    return "<br/>".join(_e(line) for line in text.split("\n"))


def _attributes(lang: str | None, direction: str | None) -> str:
    """The language and direction of a block of the front matter, which is in English, of
    what people wrote there in no recorded language (`ExportData.metadata_directions`)."""
    said = f' lang="{_e(lang)}" xml:lang="{_e(lang)}"' if lang else ""
    return said + (f' dir="{direction}"' if direction else "")


def _gap(data: ExportData, span: tuple[int, int] | None, side: str = "source") -> str:
    """The line saying which paragraphs of a side the edition leaves out here, if any."""
    return f'<p class="num gap">{_e(data.gap_note(span, side))}</p>' if span else ""


def _refs(link: ExportLink) -> str:
    """The calls of a link's notes. ebooklib takes any element with an epub:type and an id,
    as these have, for a page of a print edition: `render` writes no page list."""
    return "".join(
        f' <a epub:type="noteref" href="notes.xhtml#note-{note.number}"'
        f' id="ref-{note.number}">[{note.number}]</a>'
        for note in link.notes
    )


def _pair(data: ExportData, link: ExportLink, src: tuple[str, str], tgt: tuple[str, str]) -> str:
    """A link's source, then its translation; its notes are called at the end of the
    translation, or of the source when it has none (a 1-0 link)."""
    parts = [_gap(data, link.gap_before), _gap(data, link.target_gap_before, "target")]
    parts.append(f'<div class="pair" id="p{link.number}"><p class="num">{_e(link.label)}</p>')
    noted = "target" if link.paragraphs("target") else "source"
    for side, cls, (lang, direction) in (("source", "src", src), ("target", "tgt", tgt)):
        paras = link.paragraphs(side)
        for index, text in enumerate(paras):
            parts.append(f'<p class="{cls}" lang="{lang}" xml:lang="{lang}" dir="{direction}">')
            parts.append(_lines(text))
            if index == len(paras) - 1:
                parts.append(_refs(link) if side == noted else "")
                if side == "target" and data.draft:
                    parts.append(f" <small>({_e(link.status)})</small>")
            parts.append("</p>")
    parts.append("</div>")
    return "".join(parts)


def _endnotes(notes: list[tuple[Note, str]]) -> str:
    """The notes chapter's list, each note linking back to its call in `chapter` (the file)."""
    return "".join(
        f'<li id="note-{note.number}" value="{note.number}">{_e(note.text)}'
        f' <a href="{chapter}#ref-{note.number}" role="doc-backlink"'
        f' aria-label="back to the text">↩</a></li>'
        for note, chapter in notes
    )


def render(data: ExportData) -> bytes:
    from ebooklib import epub

    book = epub.EpubBook()
    doc = data.document
    ident = f"workbench-{doc['id']}-{data.alignment['id']}-" + (
        f"ed{data.edition['number']}" if data.edition else f"draft-{data.generated_at}"
    )
    book.set_identifier(ident)
    book.set_title(clean(data.title))
    book.set_language(data.target_language)
    if doc.get("translator"):
        book.add_author(clean(doc["translator"]), role="trl")
    for name, value in (
        ("rights", doc.get("licence")),
        ("date", (data.edition or {}).get("published_at") or data.generated_at),
        ("source", doc.get("archive_reference")),
        ("description", doc.get("summary")),
    ):
        if value:
            book.add_metadata("DC", name, clean(value))
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=CSS)
    book.add_item(style)

    def chapter(name: str, title: str, body: str) -> epub.EpubHtml:
        item = epub.EpubHtml(title=title, file_name=name, lang="en")
        item.content = f"<html><head><title>{_e(title)}</title></head><body>{body}</body></html>"
        item.add_item(style)
        book.add_item(item)
        return item

    meta = "".join(
        f"<dt>{_e(label)}</dt><dd{_attributes(lang, direction)}>{_e(value)}</dd>"
        for label, value, lang, direction in data.metadata_directions()
    )
    banner = '<p class="draft">DRAFT — not a published edition.</p>' if data.draft else ""
    title = f"<h1{_attributes(*data.title_direction())}>{_e(data.title)}</h1>"
    chapters = [chapter("front.xhtml", "About", f"{banner}{title}<dl>{meta}</dl>")]
    src = (data.source_language, languages.direction(data.source_language))
    tgt = (data.target_language, languages.direction(data.target_language))
    batch: list[ExportLink] = []
    notes: list[tuple[Note, str]] = []  # each with the chapter that calls it
    covered = covered_target = 0  # how far into the source (translation) the links reach

    def flush(end: str = "") -> None:
        title = label_of(batch)
        body = "".join(_pair(data, link, src, tgt) for link in batch) + end
        name = f"text-{len(chapters):04d}.xhtml"
        chapters.append(chapter(name, title, f"<h2>{_e(title)}</h2>{body}"))
        batch.clear()

    for link in data.links():
        if len(batch) >= CHAPTER:
            flush()
        batch.append(link)
        notes.extend((note, f"text-{len(chapters):04d}.xhtml") for note in link.notes)
        covered = max(covered, link.src[1])
        covered_target = max(covered_target, link.tgt[1])
    # the last chapter, and what the end of each side leaves out
    ends = _gap(data, data.gap_after(covered)) or _gap(
        data, data.gap_after(covered_target, "target"), "target"
    )
    flush(ends)
    if notes:
        items = _endnotes(notes)
        chapters.append(
            chapter("notes.xhtml", "Notes", f"<h2>Translator’s notes</h2><ol>{items}</ol>")
        )
    book.toc = chapters
    book.spine = ["nav", *chapters]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    out = io.BytesIO()
    epub.write_epub(out, book, {"epub3_pages": False})  # the book has no print pages
    return out.getvalue()


def write(data: ExportData) -> Iterator[bytes]:
    yield render(data)

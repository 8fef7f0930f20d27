"""The reader edition as HTML: metadata and citation block, numbered paragraphs, two columns.

Paragraphs carry the source's numbers (`ExportLink.label`), not a count of the links, and a
marker stands where the edition leaves source paragraphs out (`ExportLink.gap_before`), and
after the last paragraph when it leaves out the end of the text (`Body.end_gap`). The template
marks gaps before a link; the one after the last is the same marker (the template's own `gap`
macro) set after the last row of the columns, or on both pages of the last spread.

The download is one standalone file that embeds its stylesheet (it is not served under our
CSP); the app's preview links the static stylesheet instead. The PDF writer renders the same
page with `pdf=True` (notes as real footnotes) and facing pages by default.

On paper a link longer than a page is set in parts of about a page, cut at sentence ends, in
both layouts (`Body`); a sentence longer than a part (run-on text, an unbroken string) at its
spaces, else between characters (`_smaller`). WeasyPrint 70 cannot break a two-column row
across pages: the source ran on alone for pages before its translation began, and laying
out such a row again for every page it spans took a third of the time of a book in columns
(bench/export_pdf_bench.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

from workbench import languages
from workbench.exports.base import (
    LAYOUTS,
    ExportData,
    ExportLink,
    clean,
    label_of,
    numbers,
)
from workbench.segment import sentence_spans

NAME = "html"
EXTENSION = ".html"
MEDIA_TYPE = "text/html; charset=utf-8"
BINARY = False
STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
PAGE_BUDGET = 2500  # characters of the longer side per spread: about one printed page
PART_SHARE = 1.3  # a passage cut from a long paragraph fills a page alone (no neighbours)
#: Characters of the longer side that a column of a printed page holds with room to spare (the
#: two columns are each under half a facing page's width): the size of a part in columns.
COLUMN_PART = 1400
COLUMN_PAGE = 1350  # characters of the longer side per printed page in columns, on average
#: The most characters of an unbroken word (no space in it: a URL, a run of CJK without a
#: sentence end) set as one run where a sentence longer than a page is cut (`_smaller`).
RUN = 200
_WORD = regex.compile(r"\s+|\S+\s*")  # a word with the white space after it (or leading space)
_CLUSTER = regex.compile(r"\X", regex.DOTALL)  # a user-perceived character (grapheme cluster)


def templates_dir() -> Path:
    """templates/ inside the wheel, else the top-level folder of the repository."""
    packaged = Path(__file__).resolve().parent.parent / "templates"
    return packaged if packaged.is_dir() else packaged.parent.parent / "templates"


@cache
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def stylesheet() -> str:
    return (STATIC / "edition.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class _Shown(ExportLink):
    """A link as the page sets it: a line break inside a paragraph (a poem's line, an address,
    typed in a revision) is a <br>, as the DOCX edition keeps it, not a space."""

    def paragraphs(self, side: str) -> list[str]:
        from markupsafe import Markup

        return [Markup("<br>").join(part.split("\n")) for part in super().paragraphs(side)]


def _cleaned(link: ExportLink) -> ExportLink:
    """Control characters are not text and break XHTML readers: drop them."""
    return _Shown(**{**link.__dict__, "source": clean(link.source), "target": clean(link.target)})


@dataclass(frozen=True)
class _Part(_Shown):
    """A piece of a link too long for one page, set on a spread of its own (facing layout)."""

    part: int = 0  # 0: the link's start (its number shown); 1, 2…: continuations

    @property
    def label(self) -> str:
        return numbers(self.src) if self.part == 0 else f"{numbers(self.src)} (cont.)"

    @property
    def anchor(self) -> str:
        return str(self.number) if self.part == 0 else f"{self.number}-{self.part}"


def _sentences(paragraph: str, lang: str | None) -> list[str]:
    """A paragraph's sentences, each with the white space that follows it there: a line break
    between lines of verse, nothing between Japanese sentences, where a space would be wrong."""
    starts = [start for start, _ in sentence_spans(paragraph, lang)] or [0]
    ends = [*starts[1:], len(paragraph)]
    return [paragraph[start:end] for start, end in zip(starts, ends, strict=True)]


def _pieces(text: str, lang: str | None, count: int) -> list[str]:
    """A text cut at sentence ends into `count` pieces of about equal length (paragraph breaks
    and the white space between sentences kept); a side shorter than that gives empty pieces
    at the end. A sentence longer than a piece (run-on text, an unbroken string) is cut at its
    spaces, else between characters (`_smaller`): WeasyPrint's time grows with the square of
    a block's length, so one piece of a whole run-on chapter took minutes."""
    units: list[str] = []  # sentences, each with the separator that follows it
    for paragraph in [p for p in text.split("\n\n") if p.strip()]:
        sentences = _sentences(paragraph, lang)
        units += [*sentences[:-1], sentences[-1] + "\n\n"]
    total = sum(len(u) for u in units) or 1
    units = [small for unit in units for small in _smaller(unit, total / count)]
    pieces, current, done = [], "", 0
    for unit in units:
        # cut before this sentence when it would pass the next piece's share of the text
        share = total * (len(pieces) + 1) / count
        if current and len(pieces) < count - 1 and done + len(unit) / 2 > share:
            pieces.append(current.strip())
            current = ""
        current += unit
        done += len(unit)
    pieces.append(current.strip())
    return pieces + [""] * (count - len(pieces))


def _smaller(unit: str, share: float) -> list[str]:
    """A sentence as it is when it is no longer than a piece's `share` of the text, else cut
    into its words, each with the white space after it, and a word longer than `RUN` into
    runs of whole characters (`_runs`): `_pieces` then cuts about where the share ends, a
    word or a run past it at most, rather than a whole sentence past it."""
    if len(unit) <= share:
        return [unit]
    words = _WORD.findall(unit)
    return [run for word in words for run in (_runs(word) if len(word) > RUN else [word])]


def _runs(word: str) -> list[str]:
    """A word cut into runs of at most `RUN` characters between grapheme clusters (regex's
    `\\X`): never inside a combining sequence, a Hangul syllable of jamo, an emoji with its
    skin tone or ZWJ sequence, or a flag (one cluster longer than `RUN` stays whole)."""
    runs: list[str] = []
    current = ""
    for cluster in _CLUSTER.findall(word):
        if current and len(current) + len(cluster) > RUN:
            runs.append(current)
            current = ""
        current += cluster
    return [*runs, current] if current else runs


def _length(link: ExportLink) -> int:
    """Characters of the longer side, notes counting on the translation's (see `spreads`)."""
    notes = sum(len(note.text) + 60 for note in link.notes)
    return max(len(link.source), len(link.target) + notes)


def _fitted(link: ExportLink, budget: int, src_lang: str | None, tgt_lang: str | None):
    """The link as it is, or, when a side is longer than a page, as parts of about a page each,
    both sides cut into as many parts at sentence ends in proportion to their length, so that
    each spread (or row, in columns) still sets a passage beside its translation."""
    longest = _length(link)
    if longest <= budget:
        return [link]
    count = -(-longest // budget)
    sources = _pieces(link.source, src_lang, count)
    targets = _pieces(link.target, tgt_lang, count)
    texts = [(s, t) for s, t in zip(sources, targets, strict=True) if s or t]
    noted = _notes_part(texts)
    skip = ("source", "target", "notes", "gap_before", "target_gap_before")
    fields = {k: v for k, v in link.__dict__.items() if k not in skip}
    return [
        _Part(
            **fields,
            source=source,
            target=target,
            notes=link.notes if k == noted else (),
            gap_before=link.gap_before if k == 0 else None,
            target_gap_before=link.target_gap_before if k == 0 else None,
            part=k,
        )
        for k, (source, target) in enumerate(texts)
    ]


def _notes_part(texts: list[tuple[str, str]]) -> int:
    """Which part carries the link's notes: the last with translation, else the last. Notes
    count toward cutting a link, so a short text with long notes is cut into more parts than
    it has sentences, and the parts at the end are empty (and left out)."""
    return max((k for k, (_, target) in enumerate(texts) if target), default=len(texts) - 1)


def spreads(
    rows: list[ExportLink],
    budget: int = PAGE_BUDGET,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> list[list[ExportLink]]:
    """Links grouped so that each group's longer side fills about one page: each group starts
    a new verso, so source and translation stay face to face. Translator's notes are set at
    the foot of the recto, so they count on the translation's side."""
    groups: list[list[ExportLink]] = []
    size = budget
    cut = int(budget * PART_SHARE)
    for link in (part for row in rows for part in _fitted(row, cut, src_lang, tgt_lang)):
        length = _length(link) + 80
        if size + length > budget and (not groups or groups[-1]):
            groups.append([])
            size = 0
        groups[-1].append(link)
        size += length
    return groups


def layout_of(requested: str | None, usual: str = "columns") -> str:
    """The layout a page is set in: the one asked for, `usual` when none, columns when the one
    asked for is unknown."""
    if not requested:
        return usual
    return requested if requested in LAYOUTS else "columns"


@dataclass(frozen=True)
class Body:
    """The rows of a page and, in facing pages, their spreads: what the template sets."""

    layout: str
    rows: list[ExportLink]
    spreads: list[list[ExportLink]]
    end_gap: _Gap | None = None  # positions of each side left out after the last row

    def pages(self) -> int:
        """About how many printed pages this fills: a guess for a progress bar, not a count."""
        if self.layout == "facing":
            return 2 + 2 * len(self.spreads)
        return 2 + sum(_length(link) + 80 for link in self.rows) // COLUMN_PAGE


def body(data: ExportData, *, pdf: bool = False, layout: str | None = None) -> Body:
    """The page's rows, read from the database once; on paper (`pdf`) a link longer than a
    column is set in parts (see the module's docstring)."""
    chosen = layout_of(layout or data.options.layout)
    rows = [_cleaned(link) for link in data.links()]
    end_gap = _Gap(*data.end_gaps(rows))
    src_lang = languages.primary(data.source_language)
    tgt_lang = languages.primary(data.target_language)
    if chosen == "facing":
        grouped = spreads(rows, src_lang=src_lang, tgt_lang=tgt_lang)
        return Body(chosen, rows, grouped, end_gap)
    if pdf:
        rows = [part for row in rows for part in _fitted(row, COLUMN_PART, src_lang, tgt_lang)]
    return Body(chosen, rows, [], end_gap)


def render(
    data: ExportData,
    *,
    css_href: str | None = None,
    pdf: bool = False,
    layout: str | None = None,
    laid_out: Body | None = None,
) -> str:
    """The page as a string; `css_href` links a stylesheet instead of embedding it;
    `laid_out` is the body when the caller made it already (the PDF writer estimates pages)."""
    page = laid_out or body(data, pdf=pdf, layout=layout)
    rows = page.rows
    context = {
        "data": data,
        "meta": data.metadata_directions(),
        "rows": rows,
        "spreads": page.spreads,
        "notes": [note for link in rows for note in link.notes],
        "layout": page.layout,
        "pdf": pdf,
        "src_lang": data.source_language,
        "tgt_lang": data.target_language,
        "src_dir": languages.direction(data.source_language),
        "tgt_dir": languages.direction(data.target_language),
        "numbers": numbers,
        "label_of": label_of,
        "inline_css": None if css_href else stylesheet(),
        "css_href": css_href,
    }
    template = _environment().get_template("edition_reader.html")
    html = template.render(context)
    gap = page.end_gap
    if gap is None or not (gap.gap_before or gap.target_gap_before):
        return html
    both = _end_marker(template, context, page)
    verso = _end_marker(template, context, page, translation=False)
    return _with_end_gap(html, page.layout, both, verso)


@dataclass(frozen=True)
class _Gap:
    """What the template's `gap` macro reads of a link: the positions of each side left out."""

    gap_before: tuple[int, int] | None
    target_gap_before: tuple[int, int] | None = None


def _end_marker(
    template: Any, context: dict[str, Any], page: Body, *, translation: bool = True
) -> str:
    """The marker of the gap after the last row, made by the template's own `gap` macro (the
    module is the template evaluated without rows, which costs next to nothing); without the
    translation's part for a verso, which shows the source."""
    empty = {**context, "rows": [], "spreads": [], "notes": []}
    module = template.make_module(empty)
    cls = "para" if page.layout == "facing" else "pair"
    return str(module.gap(page.end_gap, cls, translation))


def _with_end_gap(html: str, layout: str, marker: str, verso_marker: str = "") -> str:
    """The page with `marker` after its last paragraph: at the end of the columns, or of both
    pages of the last spread, the verso's without what the translation leaves out
    (`verso_marker`) (every other tag the search passes is ours: text is escaped)."""
    end = html.rindex("</main>")
    if layout != "facing":
        columns = html.rindex("</div>", 0, end)
        return html[:columns] + marker + html[columns:]
    spread = html.rindex("</section>", 0, end)
    recto = html.rindex("</div>", 0, spread)
    verso = html.rindex("</div>", 0, html.rindex('<div class="recto"', 0, spread))
    return html[:verso] + verso_marker + html[verso:recto] + marker + html[recto:]


def write(data: ExportData) -> Iterator[bytes]:
    yield render(data).encode("utf-8")

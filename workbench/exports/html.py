"""The reader edition as HTML: metadata and citation block, numbered paragraphs, two columns.

Paragraphs carry the source's numbers (`ExportLink.label`), not a count of the links, and a
marker stands where the edition leaves source paragraphs out (`ExportLink.gap_before`).

The download is one standalone file that embeds its stylesheet (it is not served under our
CSP); the app's preview links the static stylesheet instead. The PDF writer renders the same
page with `pdf=True` (notes as real footnotes) and facing pages by default.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from workbench import languages
from workbench.exports.base import LAYOUTS, ExportData, ExportLink, clean, label_of, numbers

NAME = "html"
EXTENSION = ".html"
MEDIA_TYPE = "text/html; charset=utf-8"
BINARY = False
STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
PAGE_BUDGET = 2500  # characters of the longer side per spread: about one printed page


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


def _cleaned(link: ExportLink) -> ExportLink:
    """Control characters are not text and break XHTML readers: drop them."""
    return ExportLink(
        **{**link.__dict__, "source": clean(link.source), "target": clean(link.target)}
    )


def spreads(rows: list[ExportLink], budget: int = PAGE_BUDGET) -> list[list[ExportLink]]:
    """Links grouped so that each group's longer side fills about one page: each group starts
    a new verso, so source and translation stay face to face. Translator's notes are set at
    the foot of the recto, so they count on the translation's side."""
    groups: list[list[ExportLink]] = []
    size = budget
    for link in rows:
        notes = sum(len(note.text) + 60 for note in link.notes)
        length = max(len(link.source), len(link.target) + notes) + 80
        if size + length > budget and (not groups or groups[-1]):
            groups.append([])
            size = 0
        groups[-1].append(link)
        size += length
    return groups


def render(
    data: ExportData,
    *,
    css_href: str | None = None,
    pdf: bool = False,
    layout: str | None = None,
) -> str:
    """The page as a string; `css_href` links a stylesheet instead of embedding it."""
    layout = layout or data.options.layout or "columns"
    if layout not in LAYOUTS:
        layout = "columns"
    rows = [_cleaned(link) for link in data.links()]
    return (
        _environment()
        .get_template("edition_reader.html")
        .render(
            data=data,
            meta=data.metadata(),
            rows=rows,
            spreads=spreads(rows) if layout == "facing" else [],
            notes=[note for link in rows for note in link.notes],
            layout=layout,
            pdf=pdf,
            src_lang=data.source_language,
            tgt_lang=data.target_language,
            src_dir=languages.direction(data.source_language),
            tgt_dir=languages.direction(data.target_language),
            numbers=numbers,
            label_of=label_of,
            inline_css=None if css_href else stylesheet(),
            css_href=css_href,
        )
    )


def write(data: ExportData) -> Iterator[bytes]:
    yield render(data).encode("utf-8")

"""The reader edition as PDF (WeasyPrint): facing pages, footnotes, embedded fonts.

WeasyPrint embeds subsets of the system fonts the stylesheet names: Noto Serif / DejaVu Serif
for Latin and Cyrillic, Noto Serif CJK for Chinese, Japanese and Korean (scripts/test installs
them). Columns are the fallback layout when asked for.

Translator's notes are `float: footnote` and land on the page of their call in both layouts
(tests/test_export_readers.py checks it page by page with pdftotext). Two WeasyPrint 70 traps
are avoided in edition.css: a footnote area with fractional-pixel border or padding pushes every
note to the next page, and a grid row moved to the next page leaves its notes behind (the
columns are flex rows on paper). Spreads count a note's text on the recto's side.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.exports import html
from workbench.exports.base import ExportData

NAME = "pdf"
EXTENSION = ".pdf"
MEDIA_TYPE = "application/pdf"
BINARY = True


def render(data: ExportData) -> bytes:
    from weasyprint import HTML

    page = html.render(data, pdf=True, layout=data.options.layout or "facing")
    return HTML(string=page).write_pdf()


def write(data: ExportData) -> Iterator[bytes]:
    yield render(data)

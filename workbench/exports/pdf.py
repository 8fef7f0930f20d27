"""The reader edition as PDF (WeasyPrint): facing pages, footnotes, embedded fonts.

WeasyPrint embeds subsets of the system fonts the stylesheet names: Noto Serif / DejaVu Serif
for Latin and Cyrillic, Noto Serif CJK for Chinese, Japanese and Korean (scripts/test installs
them). Columns are the fallback layout when asked for.

Translator's notes are `float: footnote` and land on the page of their call in both layouts
(tests/test_export_readers.py checks it page by page with pdftotext). Two WeasyPrint 70 traps
are avoided in edition.css: a footnote area with fractional-pixel border or padding pushes every
note to the next page, and a grid row moved to the next page leaves its notes behind (the
columns are flex rows on paper). Spreads count a note's text on the recto's side. Each
footnote is numbered as its note, not counted on paper (the template sets the counter): on
facing pages an untranslated paragraph's note stands on the verso, before the recto's notes.

A book takes seconds, nearly all of it WeasyPrint laying out pages (bench/export_pdf_bench.py),
so the export reports its stages, and the pages as WeasyPrint lays them out (`_Pages`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from workbench.errors import InputError
from workbench.exports import html
from workbench.exports.base import ExportData

NAME = "pdf"
EXTENSION = ".pdf"
MEDIA_TYPE = "application/pdf"
BINARY = True
USUAL_LAYOUT = "facing"
_PAGE_MESSAGE = "Step 5 - Creating layout - Page %d"
#: The most text (characters of both sides together) a PDF is laid out for. WeasyPrint holds
#: the whole book's boxes at once, and its time and memory grow with the text (/usr/bin/time
#: -v): 100 kB a side (199,000 characters) 11 s and 276 MB; Genesis by verse (1,533 links,
#: 386,000) 20 s and 464 MB; 500 kB a side (1,014,000) 60 s and 1.1 GB; two 1 MB texts 75 s
#: and 1.7 GB. 600,000 still takes a whole book of Genesis's size (a publisher's usual PDF;
#: bench/export_pdf_bench.py lays it out) at some 35 s and 700 MB at most; DOCX, EPUB and
#: HTML of a longer text take seconds, so it is sent to them.
MAX_CHARACTERS = 600_000


def layout_of(requested: str | None) -> str:
    """The layout a PDF is set in: facing pages unless columns are asked for."""
    return html.layout_of(requested, USUAL_LAYOUT)


class _Pages(logging.Handler):
    """The pages WeasyPrint lays out, told to the export of the thread laying them out.

    WeasyPrint has no progress callback, but it logs each page it lays out on its documented
    `weasyprint.progress` logger. That logger is shared by every thread (the web app renders
    several exports at once), so each report goes to the listener of the thread that made it.
    """

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.listeners: dict[int, Callable[[int], None]] = {}
        self.saved: tuple[int, bool] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        listener = self.listeners.get(record.thread or 0)
        if listener is not None and record.msg == _PAGE_MESSAGE and record.args:
            listener(int(record.args[0]))  # type: ignore[index]


_PAGES = _Pages()
_LOCK = threading.Lock()


@contextmanager
def _listening(listener: Callable[[int], None]) -> Iterator[None]:
    """Send the pages this thread lays out to `listener` while the block runs.

    The progress logger is off by default (its level is the root's, WARNING): it is turned on
    only while someone listens, and then kept from passing page reports on to the app's log.
    """
    logger = logging.getLogger("weasyprint.progress")
    with _LOCK:
        if not _PAGES.listeners:
            logger.addHandler(_PAGES)
            if not logger.isEnabledFor(logging.INFO):
                _PAGES.saved = (logger.level, logger.propagate)
                logger.setLevel(logging.INFO)
                logger.propagate = False
        _PAGES.listeners[threading.get_ident()] = listener
    try:
        yield
    finally:
        with _LOCK:
            del _PAGES.listeners[threading.get_ident()]
            if not _PAGES.listeners:
                logger.removeHandler(_PAGES)
                if _PAGES.saved is not None:
                    logger.level, logger.propagate = _PAGES.saved
                    _PAGES.saved = None


def page(data: ExportData) -> tuple[str, int]:
    """The reader edition's page for paper, and about how many pages it will fill."""
    data.report("reading", 0, data.count)
    body = html.body(data, pdf=True, layout=layout_of(data.options.layout))
    data.report("reading", data.count, data.count)
    return html.render(data, pdf=True, laid_out=body), body.pages()


def layout(data: ExportData, page: str, estimate: int) -> Any:
    """WeasyPrint's laid-out document, reporting pages as they are laid out (the total is the
    estimate until the pages pass it)."""
    from weasyprint import HTML

    def laid_out(number: int) -> None:
        data.report("layout", number, max(estimate, number + 1))

    data.report("layout", 0, estimate)
    with _listening(laid_out):
        document = HTML(string=page).render()
    pages = len(document.pages)
    data.report("layout", pages, pages)
    return document


def write_pdf(data: ExportData, document: Any) -> bytes:
    """The laid-out document as PDF bytes (fonts subset and embedded)."""
    data.report("writing", 0, 1)
    pdf = document.write_pdf()
    data.report("writing", 1, 1)
    return pdf


def characters(data: ExportData, stop: int) -> int:
    """The characters of both sides of the export's links, counted up to past `stop` (one
    pass over the database, no layout: the rest need not be read to know it is too much)."""
    total = 0
    for link in data.links():
        total += len(link.source) + len(link.target)
        if total > stop:
            break
    return total


def check(data: ExportData) -> None:
    """InputError, before any layout, for an export with more text than MAX_CHARACTERS: its
    PDF would take a minute and more and gigabytes of memory (see MAX_CHARACTERS)."""
    if characters(data, MAX_CHARACTERS) > MAX_CHARACTERS:
        raise InputError(
            f"this export has more than {MAX_CHARACTERS:,} characters of text, the most a PDF"
            " is laid out for (it would take minutes and gigabytes of memory): export it as"
            " DOCX, EPUB or HTML instead, or export a part of it"
        )


def render(data: ExportData) -> bytes:
    check(data)
    text, estimate = page(data)
    return write_pdf(data, layout(data, text, estimate))


def write(data: ExportData) -> Iterator[bytes]:
    yield render(data)

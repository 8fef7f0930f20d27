"""The export writers, one small module per format behind one interface (see base.py).

Writers import their heavy libraries (weasyprint, python-docx, ebooklib) inside `write`, so
importing this package stays cheap for the CLI and the web app.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from workbench.exports import delimited, docx, epub, html, json_links, pdf, tei, tmx, xliff
from workbench.exports.base import ExportData


class Writer(Protocol):
    NAME: str
    EXTENSION: str
    MEDIA_TYPE: str
    BINARY: bool

    def write(self, data: ExportData) -> Iterator[bytes]: ...


#: Writers by format name, reader editions first, then interchange formats.
EXPORTERS: dict[str, Writer] = {
    w.NAME: w
    for w in (html, pdf, docx, epub, tmx, xliff, tei, delimited.CSV, delimited.TSV, json_links)
}

#: What a person picks from: (name, label) in menu order.
LABELS = {
    "html": "Reader edition (HTML)",
    "pdf": "Reader edition (PDF, facing pages)",
    "docx": "Word document (DOCX)",
    "epub": "E-book (EPUB)",
    "tmx": "Translation memory (TMX 1.4b)",
    "xliff": "XLIFF 2.1",
    "tei": "TEI P5 XML",
    "csv": "CSV (spreadsheet)",
    "tsv": "TSV (tab-separated)",
    "json": "JSON",
}
INTERCHANGE = ("tmx", "xliff", "tei", "csv", "tsv", "json")
#: Options that only some formats read, and those formats: any other would ignore them, so
#: the CLI refuses them there rather than leave a script believing they took effect.
OPTION_FORMATS = {"excel": ("csv", "tsv"), "layout": ("html", "pdf")}
#: Formats laid out as a whole, which takes seconds for a book: an edition's file is cached
#: (exports/cache.py), and the web app makes it in a background job with a progress bar.
SLOW = ("pdf", "docx", "epub")

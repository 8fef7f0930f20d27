"""CSV and TSV: one row per link, UTF-8, with a header row.

Columns: number, source, target, status, confidence, source positions, target positions
(1-based, "3" or "3-4", empty for the empty side of a 1-0 link), and with notes from flags
asked for, notes: the link's translator's notes, one a line, "[n] text" as the DOCX edition
numbers them (the same text as TMX and XLIFF notes), empty for a link without any.

The Excel-friendly variant adds a UTF-8 BOM (Excel otherwise reads UTF-8 as a legacy code
page), ends lines with CRLF, writes no `sep=` line (it would hide the BOM from Excel), and
starts cells that Excel would run as a formula (= + - @) with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.exports.base import CHUNK, ExportData, positions

HEADER = (
    "number",
    "source",
    "target",
    "status",
    "confidence",
    "source positions",
    "target positions",
)
NOTES = "notes"  # the last column, when notes from flags are asked for
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell


@dataclass(frozen=True)
class Delimited:
    NAME: str
    EXTENSION: str
    MEDIA_TYPE: str
    delimiter: str
    BINARY: bool = False

    def write(self, data: ExportData) -> Iterator[bytes]:
        excel = data.options.excel
        buffer = io.StringIO()
        writer = csv.writer(
            buffer, delimiter=self.delimiter, lineterminator="\r\n" if excel else "\n"
        )
        if excel:
            buffer.write("\ufeff")
        notes = data.options.flags
        writer.writerow((*HEADER, NOTES) if notes else HEADER)
        for link in data.links():
            source, target = link.source, link.target
            if excel:
                source, target = _safe(source), _safe(target)
            row = [
                link.number,
                source,
                target,
                link.status,
                "" if link.confidence is None else f"{link.confidence:.3f}",
                positions(link.src),
                positions(link.tgt),
            ]
            if notes:
                text = "\n".join(f"[{note.number}] {note.text}" for note in link.notes)
                row.append(_safe(text) if excel else text)
            writer.writerow(row)
            if buffer.tell() >= CHUNK:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")


CSV = Delimited("csv", ".csv", "text/csv; charset=utf-8", ",")
TSV = Delimited("tsv", ".tsv", "text/tab-separated-values; charset=utf-8", "\t")

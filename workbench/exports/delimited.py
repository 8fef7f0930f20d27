"""CSV and TSV: one row per link, UTF-8, with a header row.

Columns: number, source, target, status, confidence, source positions, target positions
(1-based, "3" or "3-4", empty for the empty side of a 1-0 link; "3-4 (blocks 2 1)" where a
cell of several positions holds a blank line that ends no paragraph: how many blocks of text,
between blank lines, each paragraph of the cell holds, so that our reader cuts the cell there
and nowhere else; at sentence level the cell is one paragraph, "(blocks 2)"), text key (a
fingerprint of the two texts, white space aside: formats/bilingual.py `text_key`; our import
of the table takes a row whose texts no longer fit it, edited in a spreadsheet since, for
`edited`), reviewer (who set the status, restored with it, as TMX's x-reviewer is), and with
notes from flags asked for, notes: the link's translator's notes, one a line, "[n] text" as
the DOCX edition numbers them (the same text as TMX and XLIFF notes), empty for a link without
any.

CSV is RFC 4180: a cell holding a comma, a quote or a line break is quoted, so a paragraph's
line breaks stay in its cell. TSV (IANA text/tab-separated-values) has no quoting, and line-based
tools (cut, awk, grep, wc -l) take every line for a record: a cell's tab, line feed, carriage
return and backslash are written `\t`, `\n`, `\r` and `\\`, so each record is one line.

The Excel-friendly variant adds a UTF-8 BOM (Excel otherwise reads UTF-8 as a legacy code
page), ends lines with CRLF, writes no `sep=` line (it would hide the BOM from Excel), and
starts cells that Excel would run as a formula (= + - @) with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from workbench.exports.base import CHUNK, ExportData, ExportLink, clean, positions
from workbench.formats.bilingual import paragraph_blocks, text_key
from workbench.formats.delimited import TSV_ESCAPES, excel_guarded  # the reader undoes them

HEADER = (
    "number",
    "source",
    "target",
    "status",
    "confidence",
    "source positions",
    "target positions",
    "text key",
    "reviewer",
)
NOTES = "notes"  # the last column, when notes from flags are asked for
_TSV_TABLE = str.maketrans(TSV_ESCAPES)


def _safe(cell: str) -> str:
    """An apostrophe before a cell Excel would run, and before one whose own apostrophes
    precede a formula character ("'=x"), so that our import, which takes one away, gives it
    back as it was."""
    return "'" + cell if excel_guarded(cell) else cell


def tsv_cell(cell: str) -> str:
    """A TSV cell: tab, line breaks and backslash escaped, so a record stays one line."""
    return cell.translate(_TSV_TABLE)


def cell_positions(link: ExportLink, side: str, level: str) -> str:
    """A side's positions ("3-4"), and after them its paragraph blocks ("3-4 (blocks 2 1)")
    where a cell of several positions holds a blank line that is no paragraph break: at
    paragraph level a paragraph's own (`ExportLink.blocks`), at sentence level any (the row
    is one paragraph, as our reader takes it). A cell of one position is one paragraph
    whatever its blank lines (our reader's rule), so it needs none."""
    span = link.src if side == "source" else link.tgt
    written = positions(span)
    if span[1] - span[0] < 2:
        return written
    if level == "paragraph":
        blocks = link.blocks(side)
    else:
        count = paragraph_blocks(clean(link.source if side == "source" else link.target))
        blocks = str(count) if count > 1 else None
    return f"{written} (blocks {blocks})" if blocks else written


def _row(link: ExportLink, level: str, notes: bool, excel: bool) -> list[str]:
    """A link's cells, as text (an Excel cell that looks like a formula is made text)."""
    safe = _safe if excel else str
    row = [
        str(link.number),
        safe(link.source),
        safe(link.target),
        link.status,
        "" if link.confidence is None else f"{link.confidence:.3f}",
        cell_positions(link, "source", level),
        cell_positions(link, "target", level),
        text_key([link.source], [link.target]),
        safe(link.set_by or ""),
    ]
    if notes:
        row.append(safe("\n".join(f"[{note.number}] {note.signed_text}" for note in link.notes)))
    return row


@dataclass(frozen=True)
class Delimited:
    NAME: str
    EXTENSION: str
    MEDIA_TYPE: str
    delimiter: str
    BINARY: bool = False

    def write(self, data: ExportData) -> Iterator[bytes]:
        excel, notes = data.options.excel, data.options.flags
        buffer = io.StringIO()
        line = self._line_writer(buffer, "\r\n" if excel else "\n")
        if excel:
            buffer.write("\ufeff")
        line((*HEADER, NOTES) if notes else HEADER)
        for link in data.links():
            line(_row(link, data.level, notes, excel))
            if buffer.tell() >= CHUNK:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    def _line_writer(self, buffer: io.StringIO, end: str) -> Callable[[Sequence[str]], object]:
        """Writes one record: RFC 4180 quoting for CSV, escapes and no quoting for TSV."""
        if self.delimiter == ",":
            return csv.writer(buffer, lineterminator=end).writerow

        def tsv_line(cells: Sequence[str]) -> None:
            buffer.write("\t".join(tsv_cell(cell) for cell in cells) + end)

        return tsv_line


CSV = Delimited("csv", ".csv", "text/csv; charset=utf-8", ",")
TSV = Delimited("tsv", ".tsv", "text/tab-separated-values; charset=utf-8", "\t")

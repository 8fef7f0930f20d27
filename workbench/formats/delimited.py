"""Bilingual tables, CSV and TSV: a row per link, its source in one column and its
translation in the next, as LF Aligner and InterText save an alignment and as a reviewer
edits one of our exports in a spreadsheet.

Three shapes are read:

- our own export (its header row: number, source, target, status, …): each row one link, its
  status and notes read back as TMX's are (a cell's blank lines separate the paragraphs of an
  n-m link; the notes become flags, formats/comments.py), the Excel variant's apostrophes
  before formula characters and the TSV escapes (\\t, \\n, \\r, \\\\) undone; its `text key`
  column fingerprints the two texts, and a row whose texts were changed since (in a
  spreadsheet) comes back `edited`, whatever its status said;
- a header row of two language tags ("sq", "en"), which say the languages, or of two column
  names ("source", "target"; "original", "translation": `COLUMN_NAMES`), which are skipped;
- no header: the first column is the source, the second the translation (any further columns,
  a file name or a score, are not text).

A table says nothing of its languages but in such a header: the source language is --lang,
the translation's --target-lang. The delimiter is the extension's (a tab for .tsv and .tab,
else the first line's commonest of comma, semicolon and tab: Excel writes semicolons in many
locales). A row with both cells empty is skipped; one with a single side is a 1-0 or 0-1
link, never confirmed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from workbench import languages, textio
from workbench.errors import InputError
from workbench.formats.bilingual import LINK_STATUSES, Pairs, paragraphs, text_key
from workbench.formats.comments import comment
from workbench.model import FileComment, ParsedDocument, ReadOptions

#: Our export's header (exports/delimited.py), by column name; `notes` and `text key` optional.
OUR_COLUMNS = ("number", "source", "target", "status")
#: A header row other tools write over the two columns (not text to import).
COLUMN_NAMES = {
    ("source", "target"),
    ("source text", "target text"),
    ("source segment", "target segment"),
    ("original", "translation"),
    ("src", "tgt"),
}
#: What the Excel variant of our export puts an apostrophe before (Excel would run it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What a TSV cell of our export cannot hold as it is, and how it is written (backslash first).
TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_ESCAPE = re.compile(r"\\(.)")
_TSV_UNESCAPES = {escape[1]: char for char, escape in TSV_ESCAPES.items()}
_NOTE_NUMBER = re.compile(r"\[\d+\] ")  # "[3] terminology (major, open): …"
#: csv's default cell limit (128 KB) is less than a paragraph may hold.
csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class TableReader:
    """The reader of one delimited format: its --format name, extensions and delimiter (None:
    the first line says)."""

    NAME: str
    EXTENSIONS: tuple[str, ...]
    delimiter: str | None

    def read(self, data: bytes, options: ReadOptions) -> ParsedDocument:
        name = textio.label(options.filename)
        wanted = [lang for lang in (options.source_language, options.target_language) if lang]
        text = textio.decode(data, options.filename, language=wanted or None)
        delimiter = self._delimiter(text)
        rows = _rows(text, delimiter, name)
        if not rows:
            raise InputError(f"{name} contains no text")
        header = [cell.strip().lower() for cell in rows[0]]
        ours = all(column in header for column in OUR_COLUMNS)
        tags = _language_tags(rows[0]) if not ours else None
        source_lang, target_lang = _languages(options, tags, name)
        pairs = Pairs()
        if ours:
            excel = data.startswith(b"\xef\xbb\xbf")  # the Excel variant's mark (a BOM)
            _read_ours(rows[1:], header, delimiter, excel, pairs)
        else:
            headed = tags is not None or tuple(header[:2]) in COLUMN_NAMES
            for row in rows[1:] if headed else rows:
                cells = [*row[:2], "", ""][:2]
                pairs.add(paragraphs(cells[0], True), paragraphs(cells[1], True))
        return pairs.document(source_lang, target_lang, options.filename)

    def _delimiter(self, text: str) -> str:
        if self.delimiter:
            return self.delimiter
        first = text.split("\n", 1)[0]
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _rows(text: str, delimiter: str, name: str) -> list[list[str]]:
    """The table's rows: RFC 4180 for commas and semicolons (a quoted cell keeps its line
    breaks), one line a row for tabs (TSV has no quoting)."""
    if delimiter == "\t":
        rows = [line.split("\t") for line in text.split("\n")]
    else:
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=False))
        except csv.Error as err:
            raise InputError(f"{name} is not a readable table: {err}") from None
    return [row for row in rows if any(cell.strip() for cell in row)]


def _language_tags(row: list[str]) -> tuple[str, str] | None:
    """The languages a header row of two language tags names ("sq", "en-GB"), else None."""
    cells = [cell.strip() for cell in row[:2]]
    if len(cells) < 2 or not all(
        re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", c) for c in cells
    ):
        return None
    try:
        return languages.normalise(cells[0]), languages.normalise(cells[1])
    except InputError:
        return None


def _languages(options: ReadOptions, tags: tuple[str, str] | None, name: str) -> tuple[str, str]:
    """The source and target languages: the options', else the header's."""
    source = options.source_language or (tags[0] if tags else None)
    target = options.target_language or (tags[1] if tags else None)
    if not source or not target:
        raise InputError(
            f"{name} does not say its languages: give the source language with --lang and the"
            " translation's with --target-lang"
        )
    if source.lower() == target.lower():
        raise InputError(f"{name}: source and target language are both {source!r}")
    return source, target


def _read_ours(
    rows: list[list[str]], header: list[str], delimiter: str, excel: bool, pairs: Pairs
) -> None:
    """The rows of our own export: text, status, notes, and the text key that says whether
    the texts are still those the status was given to. `excel`: the Excel variant, whose
    apostrophes before formula characters are ours, not the text's."""
    column = {name: index for index, name in reversed(list(enumerate(header)))}

    def cell(row: list[str], name: str) -> str:
        index = column.get(name)
        value = row[index] if index is not None and index < len(row) else ""
        if delimiter == "\t":
            value = _TSV_ESCAPE.sub(lambda m: _TSV_UNESCAPES.get(m[1], m[0]), value)
        if excel and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
            value = value[1:]  # the Excel variant's guard against formulas
        return value

    for row in rows:
        source, target = cell(row, "source"), cell(row, "target")
        status = cell(row, "status").strip()
        key = cell(row, "text key").strip()
        if key and key != text_key([source], [target]):
            status = "edited"  # changed in a spreadsheet since the export: not as reviewed
        pairs.add(
            paragraphs(source, True),
            paragraphs(target, True),
            status if status in LINK_STATUSES else None,
            recorded=status in LINK_STATUSES,
            comments=_notes(cell(row, "notes")),
        )


def _notes(cell: str) -> list[FileComment]:
    """The comments of a notes cell: one a line, "[n] " before each as our export numbers
    them (a line without it goes on with the note before)."""
    notes: list[str] = []
    for line in cell.split("\n"):
        if _NOTE_NUMBER.match(line) or not notes:
            notes.append(_NOTE_NUMBER.sub("", line, count=1))
        else:
            notes[-1] += "\n" + line
    return [found for note in notes if (found := comment(note))]


CSV = TableReader("csv", (".csv",), None)
TSV = TableReader("tsv", (".tsv", ".tab"), "\t")

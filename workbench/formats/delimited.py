"""Bilingual tables, CSV and TSV: a row per link, its source in one column and its
translation in the next, as LF Aligner and InterText save an alignment and as a reviewer
edits one of our exports in a spreadsheet.

Three shapes are read:

- our own export (its header row: number, source, target, status, …): each row one link, its
  status and notes read back as TMX's are (a cell's blank lines separate the paragraphs of an
  n-m link, but where its positions cell says otherwise: a cell of one position is one
  paragraph, blank lines and all, and "3-4 (blocks 2 1)" says how many blocks of text each of
  its paragraphs holds, `cell_blocks`; the notes become flags, formats/comments.py), the Excel
  variant's apostrophes before formula characters and the TSV escapes (\\t, \\n, \\r, \\\\)
  undone; its `text key` column fingerprints the two texts, and a row whose texts were changed
  since (in a spreadsheet) comes back `edited`, whatever its status said;
- a header row of two language tags ("sq", "en"), which say the languages, or of two column
  names ("source", "target"; "original", "translation": `COLUMN_NAMES`), which are skipped;
- no header: the first column is the source, the second the translation (any further columns,
  a file name or a score, are not text).

A table says nothing of its languages but in such a header: the source language is --lang,
the translation's --target-lang (one language for both only in our own export, whose columns
say which is the source: two versions in one language compared; elsewhere it is a mistake); a
first row of two tags other than those languages is text ("Ja;Yes"), and so is one of
capitalised words ("Art", "Es"). The delimiter is the extension's (a tab for .tsv and .tab),
else the one Excel's `sep=;` line names, else the one of comma, semicolon and tab found in the
most of the first lines (Excel writes semicolons in many locales; a first row's commas in its
text do not decide). Tab-separated text is read a line a row, as we write it (escapes for what
a cell cannot hold), unless its cells are quoted as Excel quotes them throughout (a cell that
holds a tab, a quote or a line break in quotes, each quote inside doubled): then as the csv
module reads Excel's. A row with both cells empty is skipped; one with a single side is a 1-0
or 0-1 link, never confirmed but by our own export's status. A quote never closed, which would
make the rest of the file one cell, and a table with no second column anywhere (the wrong
delimiter, or no translation) are refused.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from workbench import languages, textio
from workbench.errors import InputError
from workbench.formats.bilingual import (
    LINK_STATUSES,
    Pairs,
    match_language,
    paragraph_blocks,
    paragraphs,
    text_key,
)
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
#: A note's first line in a notes cell: "[3] terminology (major, open) …".
_NOTE_START = re.compile(r"\[(?P<number>\d+)\] (?=[a-z/-]+ \([a-z]+, [a-z]+\))")
#: A positions cell of our export: "3", "3-4", "3-4 (blocks 2 1)" (see `cell_blocks`).
_POSITIONS = re.compile(
    r"(?P<first>\d{1,9})(?:\s*-\s*(?P<last>\d{1,9}))?(?:\s*\(blocks\s+(?P<blocks>[\d ]+)\))?"
)
#: A cell that opens with a quote in a tab-separated file, as the csv module reads one, up to the
#: quote (not doubled) that closes it at a tab or a line end: `bare` when nothing in it (a tab, a
#: quote, a line break) needed the quotes.
_QUOTED_TAB_CELL = re.compile(
    r'(?<![^\t\n])"(?:(?P<bare>[^"\t\n]++)|(?:[^"]++|"")*+)"(?=[\t\n]|\Z)'
)
_SEP_LINE = re.compile(r"sep=(?P<delimiter>.)[ \t]*")  # Excel's hint, a first line "sep=;"
SNIFFED_LINES = 50  # how many of the first lines choose the delimiter
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
        hint = _SEP_LINE.fullmatch(_first_lines(text, 1)[0].rstrip("\r"))
        delimiter = self.delimiter or (hint["delimiter"] if hint else _sniffed(text))
        rows = _rows(text, delimiter, name)[1 if hint else 0 :]
        if not rows:
            raise InputError(f"{name} contains no text")
        header = [cell.strip().lower() for cell in rows[0]]
        ours = all(column in header for column in OUR_COLUMNS)
        tags = _language_tags(rows[0], wanted) if not ours else None
        source_lang, target_lang = _languages(options, tags, name, same_allowed=ours)
        pairs = Pairs()
        notes: list[str] = []
        if ours:
            excel = data.startswith(b"\xef\xbb\xbf")  # the Excel variant's mark (a BOM)
            notes = _read_ours(rows[1:], header, delimiter, excel, pairs)
        else:
            headed = tags is not None or tuple(header[:2]) in COLUMN_NAMES
            body = rows[1:] if headed else rows
            if body and not any(len(row) > 1 and row[1].strip() for row in body):
                raise InputError(
                    f"{name}: no row has a second column, read with {_NAMES[delimiter]} between"
                    " cells: a bilingual table holds the source in its first column and the"
                    " translation in the next (is the delimiter or the --format right?)"
                )
            for row in body:
                cells = [*row[:2], "", ""][:2]
                one_sided = not (cells[0].strip() and cells[1].strip())
                pairs.add(
                    paragraphs(cells[0], True),
                    paragraphs(cells[1], True),
                    "auto" if one_sided else None,
                )
        if tags and list(tags) == [target_lang, source_lang]:
            pairs = pairs.reversed()  # "en;sq" over an import from sq into en
        doc = pairs.document(source_lang, target_lang, options.filename)
        doc.notes.extend(notes)
        return doc


_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _sniffed(text: str) -> str:
    """The delimiter found in the most of the first lines (then the most often in the first):
    a first row's commas inside its text do not outvote the semicolons of every row."""
    lines = [line for line in _first_lines(text, SNIFFED_LINES) if line.strip()]
    if not lines:
        return ","
    scores = {d: (sum(d in line for line in lines), lines[0].count(d)) for d in _NAMES}
    best = max(scores, key=lambda d: scores[d])
    return best if scores[best][0] else ","


def _first_lines(text: str, count: int) -> list[str]:
    """The first `count` lines of a text, without copying the rest of it (a table may be
    megabytes long; `split` with a limit would copy all that follows)."""
    lines, start = [], 0
    while len(lines) < count and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        lines.append(text[start:end])
        start = end + 1
    return lines


def _rows(text: str, delimiter: str, name: str) -> list[list[str]]:
    """The table's rows: RFC 4180 for commas and semicolons (a quoted cell keeps its line
    breaks), for tabs one line a row (TSV as we write it: no quoting, backslash escapes) unless
    the file is quoted as Excel quotes (`_excel_tab_rows`). A quote left open to the end of
    the file is refused: the lines after it would silently be one cell."""
    if delimiter == "\t":
        rows = _excel_tab_rows(text, name) or [line.split("\t") for line in text.split("\n")]
    else:
        try:  # one strict pass, which a well-formed table passes with the same rows
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
        except csv.Error as err:
            rows = _lenient_rows(text, delimiter, name, unclosed="end of data" in str(err))
    return [row for row in rows if any(cell.strip() for cell in row)]


def _excel_tab_rows(text: str, name: str) -> list[list[str]] | None:
    """The rows of a tab-separated file Excel saved, read in the csv module's excel-tab
    dialect; None for a file to read one line a row.

    Excel quotes a cell that holds a tab, a quote or a line break, and only such a cell,
    writing each quote inside twice (""). A cell of text may open with a quotation mark too
    ("Hi," she said), so the file is read so only when its quoting holds throughout
    (`_excel_quoted`): every cell that opens with a quote closes at a tab or a line end, and
    held what needed quoting. A quote left open to the end of a file quoted so before it is
    refused, naming its line: the rest of the file would be that one cell."""
    if not (text.startswith('"') or '\t"' in text or '\n"' in text):
        return None  # no cell opens with a quote (a substring search, at memory speed)
    reader = csv.reader(io.StringIO(text), dialect="excel-tab", strict=True)
    rows: list[list[str]] = []
    read = 0  # lines the rows read so far hold
    try:
        for row in reader:
            rows.append(row)
            read = reader.line_num
    except csv.Error as err:
        if "end of data" in str(err) and _excel_quoted(text[: _line_start(text, read + 1)]):
            raise InputError(_unclosed(name, read + 1)) from None
        return None
    return rows if _excel_quoted(text) else None


def _excel_quoted(text: str) -> bool:
    """Whether the cells that open with a quote in this text (`_QUOTED_TAB_CELL`: closed at a
    tab or a line end, inner quotes doubled) are quoted as Excel quotes: each held a tab, a
    quote or a line break (an empty one aside), and there is one."""
    needed = False
    for cell in _QUOTED_TAB_CELL.finditer(text):
        if cell["bare"] is not None:
            return False  # "Stop": a text's own quotation marks
        needed = needed or cell.end() - cell.start() > 2  # not an empty cell, ""
    return needed


def _line_start(text: str, line: int) -> int:
    """Where a line (counted from 1) starts in the text."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    return start


def _unclosed(name: str, line: int) -> str:
    """The refusal of a quote that opens a cell on this line and is never closed."""
    return (
        f"{name}: the quote that opens a cell on line {line:,} is never closed, so every"
        " line after it would be that one cell; close it (a quote inside a cell is written"
        ' twice: "")'
    )


def _lenient_rows(text: str, delimiter: str, name: str, *, unclosed: bool) -> list[list[str]]:
    """The rows of a table the strict reader refused (a stray quote inside a cell: kept as
    text); a quote left open to the end of the file is refused, naming the line it opens on,
    since every line after it would silently be one cell."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
    rows, start, line = [], 1, 0
    for row in reader:
        rows.append(row)
        start, line = line + 1, reader.line_num
    if unclosed and rows:
        raise InputError(_unclosed(name, start))
    return rows


def _language_tags(row: list[str], wanted: list[str]) -> tuple[str, str] | None:
    """The languages a header row of two language tags names ("sq", "en-GB"), else None.
    Words that happen to be tags are text: a capitalised one ("Ja", "Art"), and tags that do
    not name the language(s) the import was given, each its own tag or one of its primary
    language (en-US for en, as TMX and XLIFF match them: `match_language`)."""
    cells = [cell.strip() for cell in row[:2]]
    if len(cells) < 2 or not all(
        re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", c) for c in cells
    ):
        return None
    if any(c[:3].istitle() for c in cells):
        return None
    try:
        tags = languages.normalise(cells[0]), languages.normalise(cells[1])
    except InputError:
        return None
    found = [match_language(languages.normalise(lang), tags) for lang in wanted]
    if None in found or len(set(found)) < len(found):
        return None  # not the languages the import was given: words of the text
    return tags


def _languages(
    options: ReadOptions, tags: tuple[str, str] | None, name: str, *, same_allowed: bool = False
) -> tuple[str, str]:
    """The source and target languages: the header's, the tags an option names as the file
    spells them (--lang en over "en-US;de-DE" is en-US, as TMX reads it), else the options'
    (the header's other one, when an option names one of its two: --lang sq over "en;sq"
    makes en the target); without a header of tags, those the options leave out are the
    document's a table is imported into. One language for both is a mistake, but in our own export
    (`same_allowed`), whose columns say which is the source: two versions in one language,
    compared."""
    source, target = options.source_language, options.target_language
    if tags:
        source = source and match_language(source, tags)
        target = target and match_language(target, tags)
        if source and not target:
            target = tags[0] if source == tags[1] else tags[1]
        elif target and not source:
            source = tags[1] if target == tags[0] else tags[0]
        elif not source:
            source, target = tags
    elif options.document_languages:  # a table of ours going back into its document
        source = source or options.document_languages[0]
        target = target or options.document_languages[1]
    if not source or not target:
        raise InputError(
            f"{name} does not say its languages: give the source language with --lang and the"
            " translation's with --target-lang"
        )
    if source.lower() == target.lower() and not same_allowed:
        raise InputError(f"{name}: source and target language are both {source!r}")
    return source, target


def excel_guarded(cell: str) -> bool:
    """Whether the Excel variant of our export puts an apostrophe before this cell: Excel
    would run it as a formula, or its own apostrophes come before a formula character (so
    that the one our import takes away is always the export's)."""
    return cell.lstrip("'").startswith(FORMULA_STARTS)


def _read_ours(
    rows: list[list[str]], header: list[str], delimiter: str, excel: bool, pairs: Pairs
) -> list[str]:
    """The rows of our own export: text, status and who set it, notes, and the text key that
    says whether the texts are still those the status was given to; what the import should
    say of them.
    `excel`: the Excel variant, whose apostrophes before formula characters are ours, not
    the text's."""
    column = {name: index for index, name in reversed(list(enumerate(header)))}

    def cell(row: list[str], name: str) -> str:
        index = column.get(name)
        value = row[index] if index is not None and index < len(row) else ""
        if delimiter == "\t":
            value = _TSV_ESCAPE.sub(lambda m: _TSV_UNESCAPES.get(m[1], m[0]), value)
        if excel and value.startswith("'") and excel_guarded(value[1:]):
            value = value[1:]  # the Excel variant's guard against formulas
        return value

    unknown: dict[str, int] = {}
    for row in rows:
        source, target = cell(row, "source"), cell(row, "target")
        written = cell(row, "status").strip()
        status = written.lower()
        if status not in LINK_STATUSES:
            # a status typed by hand that is none of ours: not reviewed, whatever it meant
            unknown[written] = unknown.get(written, 0) + 1
            status = "auto"
        reviewer = cell(row, "reviewer").strip() or None
        key = cell(row, "text key").strip()
        if key and key != text_key([source], [target]):
            status = "edited"  # changed in a spreadsheet since the export: not as reviewed
            reviewer = None  # nor by whom
        pairs.add(
            paragraphs(source, True, cell_blocks(source, cell(row, "source positions"))),
            paragraphs(target, True, cell_blocks(target, cell(row, "target positions"))),
            status,
            reviewer,
            recorded=True,
            comments=_notes(cell(row, "notes")),
        )
    if not unknown:
        return []
    count = sum(unknown.values())
    said = ", ".join(repr(value) if value else "empty" for value in list(unknown)[:5])
    return [
        f"{count:,} row{'s' if count > 1 else ''} had a status other than auto, edited or"
        f" confirmed ({said}{', …' if len(unknown) > 5 else ''}): imported as auto, to be"
        " reviewed"
    ]


def cell_blocks(text: str, written: str) -> str | None:
    """The paragraph blocks of a cell of ours (bilingual.paragraphs), from its positions cell:
    the blocks it names ("3-4 (blocks 2 1)": the cell's paragraphs hold two blocks of text,
    then one), else one paragraph for one position ("3": its blank lines are its own), else
    None (several positions, or none that read: every blank line ends a paragraph)."""
    said = _POSITIONS.fullmatch(written.strip())
    if not said:
        return None
    if said["blocks"]:
        return said["blocks"]
    first, last = int(said["first"]), int(said["last"] or said["first"])
    return str(paragraph_blocks(textio.normalise(text))) if first == last else None


def _notes(cell: str) -> list[FileComment]:
    """The comments of a notes cell: one a line, "[n] " before each as our export numbers
    them, one up from the note before; any other line goes on with the note before (a
    comment's own line that starts "[2] " stays in it)."""
    notes: list[str] = []
    number = None
    for line in cell.split("\n"):
        start = _NOTE_START.match(line)
        if start and (number is None or int(start["number"]) == number + 1):
            number = int(start["number"])
            notes.append(line[start.end() :])
        elif notes:
            notes[-1] += "\n" + line
        else:
            notes.append(line)
    return [found for note in notes if (found := comment(note))]


CSV = TableReader("csv", (".csv",), None)
TSV = TableReader("tsv", (".tsv", ".tab"), "\t")

"""Plain text: paragraphs separated by blank lines, or one segment per line on request.

Hard-wrapped paragraphs (an e-mail, a scan's OCR) are joined with spaces, since a segment is a
paragraph, not a printed line. A file with no blank line at all whose line breaks nearly all
fall where paragraphs end (after a full stop, or a short heading line before a capital) was
written one paragraph per line, as many exports are: its lines are its paragraphs. Every
segment is a "paragraph": guessing headings in plain text would be wrong as often as right.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import regex

from workbench import textio
from workbench.model import ParsedDocument, ParsedSegment, ParsedVersion, ReadOptions

NAME = "txt"
EXTENSIONS = (".txt", ".text")

#: Lines that show nothing (`textio.blank`: spaces, no-break and other Unicode spaces, zero-width
#: and other format characters) between two lines of text: where one paragraph ends. `regex`
#: for its Unicode categories; Zs and tab are all the white space a normalised text has but
#: its line ends.
_BLANK_LINES = regex.compile(r"\n[\t\p{Zs}\p{Cf}]*+(?:\n[\t\p{Zs}\p{Cf}]*+)+")
# what a paragraph may end with: final punctuation, possibly inside closing quotes or brackets
_ENDS_PARAGRAPH = re.compile(r"[.!?…:;؟۔。](?:[\"'»”’)\]]*)$|[\"»”]$")
#: A line this short before a capitalised line reads as a heading ("Article 1", "CHAPTER II").
HEADING_LENGTH = 40
#: The share of line breaks that must look like paragraph ends for lines to be paragraphs.
LINE_PARAGRAPHS = 0.8


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each with its lines stripped and joined by a space;
    a text without blank lines written one paragraph per line gives its lines.

    A one-line file of 50 MB is one block of one line: it is split and stripped once, and
    joined never (a line stripped of nothing is the same string), so no copy of it is made
    but the one a strip must make."""
    blocks = _BLANK_LINES.split(text)
    if len(blocks) == 1:
        lines = _lines(text)
        if _one_paragraph_per_line(lines):
            return lines
        joined = _joined(lines)
        return [joined] if joined else []
    out = []
    for block in blocks:
        joined = _joined(_lines(block))
        if joined:
            out.append(joined)
    return out


def _lines(block: str) -> list[str]:
    """The lines of a block that hold text, stripped: not a line that shows nothing (a
    zero-width space alone, `textio.blank`), which only a line that starts with a format
    character may be (asked first: a book has a million lines)."""
    return [
        line
        for line in map(str.strip, block.split("\n"))
        if line and (unicodedata.category(line[0]) != "Cf" or not textio.blank(line))
    ]


def _joined(lines: list[str]) -> str:
    """Lines of one paragraph joined by a space (one line: itself, not a copy)."""
    return lines[0] if len(lines) == 1 else " ".join(lines)


def _one_paragraph_per_line(lines: list[str]) -> bool:
    """Whether nearly every break between these lines falls where a paragraph ends."""
    if len(lines) < 2:
        return False
    ends = sum(_ends_paragraph(line, nxt) for line, nxt in itertools.pairwise(lines))
    return ends >= LINE_PARAGRAPHS * (len(lines) - 1)


def _ends_paragraph(line: str, nxt: str) -> bool:
    """A break after `line` that a paragraph end explains: final punctuation, or a short line
    (a heading) followed by a line that starts as a sentence does."""
    if _ENDS_PARAGRAPH.search(line):
        return True
    first = nxt[0]
    return len(line) <= HEADING_LENGTH and (
        first.isupper() or first.isdigit() or not first.isalpha()
    )


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    text = textio.decode(data, options.filename, language=options.source_language)
    return read_text(text, options)


def read_text(text: str, options: ReadOptions) -> ParsedDocument:
    """`read` of a text decoded already (`formats.read_file` decodes a .txt file once)."""
    texts = _lines(text) if options.one_per_line else paragraphs(text)
    return ParsedDocument(versions=[ParsedVersion(segments=[ParsedSegment(t) for t in texts])])

"""Plain text: paragraphs separated by blank lines, or one segment per line on request.

Hard-wrapped paragraphs (an e-mail, a scan's OCR) are joined with spaces, since a segment is a
paragraph, not a printed line. Every segment is a "paragraph": guessing headings in plain text
would be wrong as often as right.
"""

from __future__ import annotations

import re

from workbench import textio
from workbench.model import ParsedDocument, ParsedSegment, ParsedVersion, ReadOptions

NAME = "txt"
EXTENSIONS = (".txt", ".text")

_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each with its lines stripped and joined by a space."""
    out = []
    for block in _BLANK_LINES.split(text):
        lines = [line.strip() for line in block.split("\n")]
        joined = " ".join(line for line in lines if line)
        if joined:
            out.append(joined)
    return out


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    text = textio.decode(data, options.filename, language=options.source_language)
    if options.one_per_line:
        texts = [line.strip() for line in text.split("\n") if line.strip()]
    else:
        texts = paragraphs(text)
    return ParsedDocument(versions=[ParsedVersion(segments=[ParsedSegment(t) for t in texts])])

"""The interface every reader module implements.

A reader module defines:

    NAME: str                    # the --format value, e.g. "txt"
    EXTENSIONS: tuple[str, ...]  # lower-case, with dot, e.g. (".txt",)
    def read(data: bytes, options: ReadOptions) -> ParsedDocument

`read` raises `workbench.errors.InputError` (with a message a user understands) for anything it
cannot turn into at least one non-empty segment. It never touches the database.
"""

from __future__ import annotations

from typing import Protocol

from workbench.errors import InputError
from workbench.model import ParsedDocument, ReadOptions
from workbench.textio import blank


class Reader(Protocol):
    NAME: str
    EXTENSIONS: tuple[str, ...]

    def read(self, data: bytes, options: ReadOptions) -> ParsedDocument: ...


def ensure_text(doc: ParsedDocument, filename: str) -> ParsedDocument:
    """Return `doc` if some segment has text, else raise the InputError every reader owes."""
    if any(not blank(seg.text) for version in doc.versions for seg in version.segments):
        return doc
    raise InputError(f"{filename or 'the file'} contains no text")

"""The reader registry: which module reads a file, chosen by --format or by extension.

Readers import their heavy libraries (python-docx, lxml, markdown-it) inside `read`, so importing
this package stays cheap for the CLI and the web app.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from types import ModuleType

from workbench import textio
from workbench.errors import InputError, TooLarge, UnsupportedFormat
from workbench.formats import docx, html, markdown, plaintext, record, tmx, xliff
from workbench.formats.base import Reader
from workbench.formats.delimited import CSV, TSV
from workbench.model import ParsedDocument, ReadOptions

#: Reader modules by --format name, in the order we list them to users.
READERS: dict[str, Reader] = {
    module.NAME: module
    for module in (plaintext, markdown, html, docx, tmx, xliff, CSV, TSV, record)
}

#: Every file extension some reader takes, in READERS order: what the upload form's file picker
#: offers (its `accept`), derived here so that the picker and the importer cannot drift apart.
EXTENSIONS: tuple[str, ...] = tuple(
    dict.fromkeys(ext for module in READERS.values() for ext in module.EXTENSIONS)
)

#: Nothing we read is legitimately bigger; refusing early keeps a stray upload from eating memory.
MAX_INPUT_BYTES = 100 * 1024 * 1024


def supported() -> str:
    """The formats and their extensions, for error messages and --help."""
    return ", ".join(
        f"{name} ({', '.join(m.EXTENSIONS)})" if m.EXTENSIONS else name
        for name, m in READERS.items()
    )


def reader_for(filename: str, format: str | None = None, option: str = "--format") -> Reader:
    """The reader for an explicit format name, else for the file's extension (`option`: how
    the caller names the format, for the error when neither says)."""
    if format:
        module = READERS.get(format.strip().lower())
        if module is None:
            raise UnsupportedFormat(f"unknown format {format!r}; supported formats: {supported()}")
        return module
    suffix = PurePath(filename).suffix.lower()
    for module in READERS.values():
        if suffix and suffix in module.EXTENSIONS:
            return module
    what = f"extension {suffix!r}" if suffix else "no extension"
    raise UnsupportedFormat(
        f"cannot read {textio.label(filename)} ({what}); give {option}, one of: {supported()}"
    )


def check_size(data: bytes, filename: str) -> None:
    """TooLarge for input over MAX_INPUT_BYTES (every way a file comes in goes through this)."""
    if len(data) > MAX_INPUT_BYTES:
        name = textio.label(filename)
        raise TooLarge(f"{name} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")


def read_file(data: bytes, options: ReadOptions, format: str | None = None) -> ParsedDocument:
    """Read one file into a ParsedDocument with `.format` set; at least one segment has text.

    A .txt file that is a TMX or XLIFF document (a memory saved or renamed as text) goes to
    that reader, one that looks like an archive record page to the record reader, unless the
    caller asked for --format txt explicitly.
    """
    name = textio.label(options.filename)
    check_size(data, options.filename)
    reader = reader_for(options.filename, format, options.format_option)
    if reader is plaintext or reader is record:
        # decoded once, for the record test and the reader (a book took seconds a reading)
        text = textio.decode(data, options.filename, language=options.source_language)
        if reader is plaintext and not format:
            reader = _bilingual_root(text) or (record if record.looks_like(text) else plaintext)
        if reader is plaintext or reader is record:
            doc = reader.read_text(text, options)
        else:
            doc = _read_sniffed(reader, data, options)
    else:
        doc = reader.read(data, options)
    doc.format = reader.NAME
    if doc.links is None:  # a paragraph showing nothing (a zero-width space) is none
        for version in doc.versions:
            version.segments = [seg for seg in version.segments if not textio.blank(seg.text)]
    if not has_text(doc):
        raise InputError(f"{name} contains no text")
    return doc


#: The start of an XML document whose root is <tmx> or <xliff> (any prefix): declaration,
#: comments, processing instructions and a doctype may come first.
_BILINGUAL_ROOT = re.compile(
    r"\A\s*(?:(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)\s*)*"
    r"<(?:[\w.-]+:)?(tmx|xliff)[\s/>]",
    re.DOTALL,
)


def _bilingual_root(text: str) -> ModuleType | None:
    """The TMX or XLIFF reader when `text` is such a document, whatever its file was called."""
    found = _BILINGUAL_ROOT.match(text[:65536])
    return {"tmx": tmx, "xliff": xliff}[found.group(1)] if found else None


def _read_sniffed(reader: ModuleType, data: bytes, options: ReadOptions) -> ParsedDocument:
    """A text file read as the TMX or XLIFF its first tag says it is; if it cannot be, the
    error says how to read it as the text it may be ("<tmx> is the root element of…")."""
    try:
        return reader.read(data, options)
    except InputError as error:
        if type(error) is not InputError:  # too large, say: nothing to do with its format
            raise
        raise InputError(
            f"{error} (it begins like a {reader.NAME.upper()} file; if it is plain text, give"
            f" {options.format_option} txt)"
        ) from error


def has_text(doc: ParsedDocument) -> bool:
    """Whether some segment of `doc` shows some text (`textio.blank`)."""
    return any(not textio.blank(seg.text) for version in doc.versions for seg in version.segments)

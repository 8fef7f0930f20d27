"""Input hygiene shared by every text reader: bytes in, clean Unicode out.

Files reach us from archives, word processors and old Windows machines, so we accept the
encodings people actually save in (UTF-8 with or without BOM, UTF-16, Windows-1252) and refuse,
with a message naming the file, whatever would turn into garbage segments later.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from workbench.errors import InputError

# Known binary signatures: a file starting with one of these is never text, whatever its name.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (e.g. DOCX)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Office file (.doc)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Line separators of all kinds become "\n"; form feeds (page breaks) too.
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# What is left of C0/C1 controls after line breaks are handled (tab and newline are kept).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile("[ \t\n]+")


def label(filename: str) -> str:
    """How messages name the file: by its name when we know it."""
    return filename or "the file"


def decode(data: bytes, filename: str = "", declared: str | None = None) -> str:
    """Turn a text file's bytes into NFC text with "\\n" line ends, or raise InputError.

    `declared` is an encoding the file names itself (an HTML meta charset); it is tried after
    UTF-8 and before the Windows-1252 fallback, read by the WHATWG rules (`declared_encoding`).
    """
    name = label(filename)
    check_not_binary(data, filename)
    text = _decode_bytes(data, name, declared)
    if _too_many_controls(text):
        raise InputError(f"{name} looks like a binary file, not text")
    text = normalise(text)
    if not text.strip():
        raise InputError(f"{name} is empty")
    return text


def check_not_binary(data: bytes, filename: str = "") -> None:
    """Refuse empty input and files whose first bytes say they are not text (PDF, ZIP, PNG…)."""
    name = label(filename)
    if not data.strip():
        raise InputError(f"{name} is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name} is {what}, not a text file")


def normalise(text: str) -> str:
    """Clean text from any source: NFC, "\\n" line ends, no control characters but tab/newline.

    NFC matters because aligners and diffs compare code points: a decomposed "é" from a Mac
    would otherwise differ from the composed one typed on Windows.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = text.replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """Normalise and collapse runs of whitespace to one space, for text from markup.

    Not `\\s`: a no-break space (French « guillemets ») is part of the text, not layout.
    """
    return _SPACES.sub(" ", normalise(text)).strip()


def _decode_bytes(data: bytes, name: str, declared: str | None) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise InputError(
                    f"{name} starts with a {codec.upper()} byte order mark but has invalid bytes"
                    f" at position {err.start}; save it again as UTF-8"
                ) from None
    utf16 = _bomless_utf16(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            raise InputError(f"cannot tell the encoding of {name}; save it as UTF-8") from None
    if b"\x00" in data:
        raise InputError(f"{name} looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = declared_encoding(declared)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"cannot tell the encoding of {name}; save it as UTF-8") from None


# WHATWG labels that mean Windows-1252: a page saying "iso-8859-1" or "ascii" is decoded as
# Windows-1252 by every browser, so its curly quotes (0x93, 0x94) stay quotes, not C1 controls.
_WINDOWS_1252 = {
    "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
    "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
    "us-ascii", "windows-1252", "x-cp1252", "x-user-defined",
}  # fmt: skip
_WINDOWS_1254 = {
    "cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
    "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254",
}  # fmt: skip
_WINDOWS_874 = {"dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"}
# A document whose bytes let us read its declaration is not UTF-16 or UTF-32, whatever it says.
_WIDE_OR_UNSAFE = re.compile(r"^(?:utf-?(?:16|32)|ucs-?[24]|unicode|csunicode|iso-10646|utf-?7)")
_ASCII = bytes(range(0x20, 0x7F))


def declared_encoding(label: str | None) -> str | None:
    """The codec for an encoding a document declares (an HTML meta charset), or None.

    By the WHATWG encoding rules: utf-16 and its relatives mean UTF-8 (HTML's prescan rule: a
    declaration we could read in ASCII bytes is not in UTF-16), latin1/ascii mean Windows-1252;
    anything that is not an ASCII-compatible text encoding (utf-7, rot13, base64…) is ignored.
    """
    label = (label or "").strip().strip("\"'").strip().lower()
    if not label:
        return None
    if label in _WINDOWS_1252:
        return "cp1252"
    if label in _WINDOWS_1254:
        return "cp1254"
    if label in _WINDOWS_874:
        return "cp874"
    if _WIDE_OR_UNSAFE.match(label):
        return "utf-8"
    try:
        codec = codecs.lookup(label)
        if _ASCII.decode(codec.name) != _ASCII.decode("ascii"):
            return None  # not ASCII-compatible: the label cannot be what the bytes are in
    except (LookupError, UnicodeDecodeError):
        return None  # unknown, or not a text encoding (rot13, base64, zlib…)
    name = codec.name
    return "utf-8" if _WIDE_OR_UNSAFE.match(name) else name


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM shows as NUL bytes at every other position in mostly-ASCII text."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    if odd >= 0.4 and even <= 0.05:
        return "utf-16-le"
    if even >= 0.4 and odd <= 0.05:
        return "utf-16-be"
    return None


def _too_many_controls(text: str) -> bool:
    """Binary data that survives decoding still shows as a high share of control characters."""
    bad = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\x0b\x0c")
    return bad > max(1, len(text) // 100)

"""Input hygiene shared by every text reader: bytes in, clean Unicode out.

Files reach us from archives, word processors and old Windows machines, so we accept the
encodings people actually save in (UTF-8 with or without BOM, UTF-16, and the 8-bit code pages
of the file's language: Windows-1252, Windows-1251, KOI8-R, …) and refuse, with a message naming
the file, whatever would turn into garbage segments later.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from workbench import languages as language_codes
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
_LINE_BREAK_CHARS = "\r\x0b\x0c\x85\u2028\u2029"
#: Breaks that end no line of a file as line-reading tools count lines (Python's universal
#: newlines, `wc -l`): a page break pdftotext writes, a vertical tab, NEL, U+2028/U+2029.
_OTHER_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
# What is left of C0/C1 controls after line breaks are handled (tab and newline are kept), and
# U+FFFE/U+FFFF: no characters at all, which XML (so no TMX or XLIFF export) cannot carry, so
# a text that kept them would not read back as itself.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# What binary data leaves in decoded text (`_too_many_controls`): C0 controls but the layout ones.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")
_SPACES = re.compile("[ \t\n]+")
# A one-line field: every C0 and C1 control goes (line breaks and tabs first become spaces).
_ONE_LINE_BREAKS = re.compile("[\t\n\x0b\x0c\r\x85\u2028\u2029]+")
_ALL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ufeff]")


def label(filename: str) -> str:
    """How messages name the file: by its name when we know it."""
    return filename or "the file"


def decode(
    data: bytes,
    filename: str = "",
    declared: str | None = None,
    language: str | Sequence[str | None] | None = None,
    other_breaks: str = "\n",
) -> str:
    """Turn a text file's bytes into NFC text with "\\n" line ends, or raise InputError.

    `other_breaks`: what a form feed, vertical tab, NEL or U+2028/U+2029 becomes: a line end
    for text read as paragraphs, a space where a file's lines are counted as tools count them
    (`workbench align --unit line`: line N must be the file's line N).

    `declared` is an encoding the file names itself (an HTML meta charset); it is tried after
    UTF-8 and before the 8-bit code pages, read by the WHATWG rules (`declared_encoding`).
    `language` (a code, or several for a file in two languages such as a glossary) chooses the
    code pages a file that is not UTF-8 may be in; see `legacy_decode`.
    """
    name = label(filename)
    text = _shifting(data, name, declared)
    if text is None:
        check_not_binary(data, filename)
        text = _decode_bytes(data, name, declared, language)
    if _too_many_controls(text):
        raise InputError(_binary(name))
    text = normalise(text, other_breaks=other_breaks)
    if blank(text):
        raise InputError(f"{name} is empty")
    return text


def _shifting(data: bytes, name: str, declared: str | None) -> str | None:
    """A file in an ISO-2022 encoding it declares (iso-2022-jp, a Japanese mail or page): its
    bytes are 7-bit, with escape sequences switching the character set, so they would pass
    for UTF-8 (the escapes stripped, the Japanese garbled) or, with enough of them, for a
    binary file. None for any other file."""
    codec = declared_encoding(declared)
    if not (codec and codec.startswith("iso2022") and b"\x1b" in data):
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name} declares {declared} but has invalid bytes at position {err.start}"
        ) from None


def blank(text: str) -> bool:
    """Whether `text` shows nothing: empty, or only white space and format characters
    (zero-width spaces and joiners, soft hyphens, bidi marks, a BOM), without copying a
    book-length text to find out (the first visible character ends the search)."""
    if not text or text.isspace():
        return True
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


#: Unicode's own superscript and subscript characters (Latin letters as modifier letters).
_SUPERSCRIPT = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW ",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ ",
        strict=True,
    )
)
_SUBSCRIPT = dict(
    zip("0123456789+-=()aehijklmnoprstuvx ", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ ", strict=True)
)


def raised(text: str, *, sub: bool = False) -> str | None:
    """`text` set as a superscript (or subscript) in Unicode's own characters, when it has
    one for each (1961<sup>1</sup> → 1961¹, H<sub>2</sub>O → H₂O, 1<sup>er</sup> → 1ᵉʳ), so
    that a note mark or an exponent does not run into the number before it (19611); None when
    it has not (the caller keeps the text apart some other way)."""
    table = _SUBSCRIPT if sub else _SUPERSCRIPT
    if not text.strip() or any(char not in table for char in text):
        return None
    return "".join(table[char] for char in text)


def raised_mark(text: str, *, sub: bool = False) -> str:
    """A superscript's (subscript's) text as every reader stores it: `raised` where Unicode
    can set it, else in square brackets, as note marks stand in our texts ("1961[1,2]",
    "x[кр]"), so that it never runs into the number or word before it ("19611,2"); text in
    brackets already, or blank, as it is."""
    shown = raised(text, sub=sub)
    if shown is not None:
        return shown
    bare = squash(text)
    if not bare or (bare.startswith("[") and bare.endswith("]")):
        return text
    return f"[{bare}]"


def _binary(name: str) -> str:
    """The refusal of bytes that are not text, or text whose encoding cannot be told (UTF-16
    without BOM and without a space or line end, say): a BOM or UTF-8 would name it."""
    return f"{name} looks like a binary file, not text; if it is text, {SAVE_AS_UNICODE}"


def check_not_binary(data: bytes, filename: str = "") -> None:
    """Refuse empty input and files whose first bytes say they are not text (PDF, ZIP, PNG…)."""
    name = label(filename)
    if not data or data.isspace():  # bytes.strip()'s white space, without copying the file
        raise InputError(f"{name} is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name} is {what}, not a text file")


def normalise(text: str, *, other_breaks: str = "\n") -> str:
    """Clean text from any source: NFC, "\\n" line ends, no control characters but tab/newline
    (nor the noncharacters U+FFFE and U+FFFF); `other_breaks` as for `decode`.

    NFC matters because aligners and diffs compare code points: a decomposed "é" from a Mac
    would otherwise differ from the composed one typed on Windows.

    Each step first looks whether it has anything to do (a substring search runs at memory
    speed, a regular expression's substitution took half a second on 50 MB with nothing to
    replace): a clean text is read a few times and copied never.
    """
    if any(char in text for char in _LINE_BREAK_CHARS):
        if other_breaks != "\n":
            text = _OTHER_BREAKS.sub(other_breaks, text)
        text = _LINE_BREAKS.sub("\n", text)
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)
    text = text.replace("\ufeff", "")  # the same string when there is none
    return unicodedata.normalize("NFC", text)  # the same string when it is NFC already


def squash(text: str) -> str:
    """Normalise and collapse runs of whitespace to one space, for text from markup.

    Not `\\s`: a no-break space (French « guillemets ») is part of the text, not layout.
    """
    return _SPACES.sub(" ", normalise(text)).strip()


#: What a reader puts where its format breaks a line inside a paragraph (HTML's <br>, Word's
#: line break, Markdown's hard break): U+2028 LINE SEPARATOR, which `squash_lines` keeps as
#: "\n" while it collapses the white space of the markup's layout.
LINE_BREAK = "\u2028"


def squash_lines(text: str) -> str:
    """`squash`, but a LINE_BREAK is a line break of the paragraph ("\n"): the lines of a poem
    or an address stay lines. Empty lines are dropped (a paragraph holds no blank line)."""
    if LINE_BREAK not in text:
        return squash(text)
    lines = (squash(line) for line in text.split(LINE_BREAK))
    return "\n".join(line for line in lines if line)


def one_line(text: str, field: str = "") -> str:
    """A title, label or other one-line field as it is stored and shown: NFC, line breaks and
    tabs as spaces, no C0/C1 control characters (an ESC would reach a terminal that lists
    titles, a CR rewrite its line), runs of spaces as one, trimmed. `field` names it in the
    InputError when nothing is left. No-break spaces inside stay: they are text."""
    text = _ONE_LINE_BREAKS.sub(" ", text)
    text = _ALL_CONTROLS.sub("", text)
    text = re.sub(" {2,}", " ", unicodedata.normalize("NFC", text)).strip()
    if field and not text:
        raise InputError(f"the {field} has no text (only spaces or control characters)")
    return text


def _decode_bytes(
    data: bytes, name: str, declared: str | None, language: str | Sequence[str | None] | None
) -> str:
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
            raise InputError(f"cannot tell the encoding of {name}; {SAVE_AS_UNICODE}") from None
    if b"\x00" in data:
        raise InputError(_binary(name))
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
    return legacy_decode(data, name, language)


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


#: What a message advises for a file whose encoding cannot be told (a BOM names UTF-16's).
SAVE_AS_UNICODE = "save it as UTF-8, or as UTF-16 with a byte order mark"
#: How much of a BOM-less file the UTF-16 test reads (in bytes; an even number).
_WIDE_SAMPLE = 1 << 16
#: Unicode categories no text has: unassigned, private use, surrogates.
_NOT_TEXT = frozenset(("Cn", "Co", "Cs"))


def _bomless_utf16(data: bytes) -> str | None:
    """The UTF-16 codec of a file without BOM, or None. Mostly-ASCII text shows as NUL bytes at
    every other position; text in another script (Russian, Greek, Chinese) has NUL bytes only
    for its spaces, digits and punctuation, so it is told by reading it (`_wide_text`)."""
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
    return _wide_text(data)


def _wide_text(data: bytes) -> str | None:
    """The byte order in which a file with NUL bytes reads as UTF-16 text, or None.

    Only a file with NUL bytes is asked: UTF-8 and 8-bit text never has them, and text read
    two bytes at a time can look like CJK ("Bush hid the facts"), so they are never taken for
    UTF-16. The byte order whose high bytes hold more of the NULs (where spaces, digits and
    punctuation put them) is tried first; it must decode without error and read as text
    (`_reads_as_text`). Binary files fail that: NUL characters, unassigned or private-use
    code points, invalid surrogates, control characters.
    """
    if len(data) % 2 or b"\x00" not in data:
        return None
    sample = data[:_WIDE_SAMPLE]
    if _utf8_with_nuls(sample):
        return None
    high_in_odd = sample[1::2].count(0) >= sample[0::2].count(0)
    orders = ("utf-16-le", "utf-16-be") if high_in_odd else ("utf-16-be", "utf-16-le")
    for codec in orders:
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        try:  # final=False: the sample may end inside a surrogate pair
            text = decoder.decode(sample, final=len(sample) == len(data))
        except UnicodeDecodeError:
            continue
        if _reads_as_text(text):
            return codec
    return None


def _utf8_with_nuls(sample: bytes) -> bool:
    """Whether the bytes other than NULs read as UTF-8 (or ASCII) text: a text file with stray
    NUL bytes, which read two bytes at a time would pass for CJK. UTF-16 of another script
    does not: its high bytes are C0 controls ("\\x04" under Cyrillic, "\\x03" under Greek,
    tabs under Devanagari) at every other position, or invalid UTF-8 (CJK)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        text = decoder.decode(sample.replace(b"\x00", b""), final=False)
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ch < " " and ch not in "\n\r")
    return controls <= len(text) // 10


def _reads_as_text(text: str) -> bool:
    """Whether decoded characters look like text: no NUL; no unassigned, private-use or
    surrogate code points and few control characters (0.5% and 1% are allowed for letters
    newer than this Python's Unicode, and stray controls, which `normalise` drops); some
    characters of the ASCII range (spaces, line ends, digits, punctuation), which every
    real text has and UTF-16 puts NUL bytes in; and letters mostly of at most three scripts
    (Japanese writes three), where bytes that are not text scatter over all of them."""
    if not text or "\x00" in text:
        return False
    if not any("\t" <= ch <= "~" for ch in text):
        return False
    odd = sum(1 for ch in text if unicodedata.category(ch) in _NOT_TEXT)
    if odd > len(text) // 200 or _too_many_controls(text):
        return False
    scripts = Counter(_script(ch) for ch in text if ch.isalpha())
    letters = sum(scripts.values())
    return sum(count for _, count in scripts.most_common(3)) >= 0.9 * letters


def _too_many_controls(text: str) -> bool:
    """Binary data that survives decoding still shows as a high share of control characters.
    (Counted by a regular expression that stops at the first one too many: a loop over every
    character in Python took a second per 50 MB.)"""
    allowed = max(1, len(text) // 100)
    found = enumerate(_BINARY_CONTROLS.finditer(text), 1)
    return any(bad > allowed for bad, _match in found)


# -- 8-bit code pages ----------------------------------------------------------------------------
#
# Bytes that are not UTF-8 come from an 8-bit code page, and a code page decodes almost any bytes
# without an error: Russian saved in Windows-1251 reads as "Âñåîáùàÿ" in Windows-1252. So each
# code page the file's language is written in is tried, and the text it gives is scored by what
# real text in that language looks like (its own letters; words in one script; capitals only
# where words start; few rare letters, which a scrambled reading such as KOI8-R bytes read as
# Windows-1251 over-uses). A file that no code page reads convincingly is refused, never stored
# as garbage.


@dataclass(frozen=True)
class _Profile:
    """What text in a language looks like to the encoding guess, and its code pages."""

    name: str
    codecs: tuple[str, ...]
    scripts: frozenset[str]  # Unicode script names: "LATIN", "CYRILLIC", …
    weights: dict[str, float]  # the non-ASCII letters it writes (both cases), by frequency
    #: a stand-in for any language of a script (none was given): every accented letter is in
    #: it, so a word made mostly of them is suspect by itself
    guess: bool = False


# Weights of a language's letters by how often texts use them: a scrambled reading (KOI8-R
# bytes read as Windows-1251, ISO-8859-7 as Windows-1255) uses the rare ones far too often.
_BANDS = (1.0, 0.6, 0.2)


def _profile(
    code: str, codecs_: tuple[str, ...], script: str, letters: str, guess: bool = False
) -> _Profile:
    """A profile from letters written common|middle|rare (one band: all count the same)."""
    weights: dict[str, float] = {}
    for band, weight in zip(letters.split("|"), _BANDS, strict=False):
        for letter in band:
            for case in (letter, letter.upper()):
                if len(case) == 1 and not case.isascii():
                    weights.setdefault(case, weight)
    name = language_codes.NAMES.get(code) or _OTHER_NAMES.get(code, code)
    return _Profile(name, codecs_, frozenset({script}), weights, guess)


_OTHER_NAMES = {
    "be": "Belarusian", "sk": "Slovak", "sl": "Slovenian", "lt": "Lithuanian", "lv": "Latvian",
    "gl": "Galician", "ca": "Catalan", "af": "Afrikaans", "da": "Danish", "nb": "Norwegian",
    "nn": "Norwegian", "no": "Norwegian", "sv": "Swedish", "fi": "Finnish", "et": "Estonian",
    "is": "Icelandic", "ga": "Irish", "eu": "Basque", "la": "Latin",
}  # fmt: skip
_CYRILLIC_CODECS = ("cp1251", "koi8-r", "koi8-u", "iso-8859-5", "mac-cyrillic", "cp866")
_UKRAINIAN_CODECS = ("cp1251", "koi8-u", "koi8-r", "iso-8859-5", "mac-cyrillic", "cp866")
_WESTERN = ("cp1252", "iso-8859-15")  # ISO-8859-1 is Windows-1252 less C1 controls (WHATWG)
_CENTRAL = ("cp1250", "iso-8859-2")
_BALTIC = ("cp1257", "iso-8859-13", "iso-8859-4")
_RUSSIAN = "оеаинтсрвлкмдпу|яыьгзбчй|хжшюцщэфъё"
_ARABIC = "اليمونهربتعدةكفس|قحأجشطىصإخزثضغذ|ءآؤئظ"
_GREEK = "αετοινσρκπμλυηςάέίόύή|γδθχφωβώζ|ξψϊϋΐΰ"
_WESTERN_LETTERS = {
    "en": "éèêëïîôöüçñàâæœáó",  # loanwords: café, naïve, façade, señor
    "de": "äöüßé", "fr": "àâæçéèêëîïôœùûüÿ", "sq": "çë", "es": "áéíñóúü", "gl": "áéíñóúü",
    "it": "àèéìíîòóùú", "pt": "áâãàçéêíóôõú", "ca": "àçéèíïòóúü", "nl": "éèëïöüáà",
    "af": "êëéèîïôûáó", "da": "æøåé", "nb": "æøåé", "nn": "æøåé", "no": "æøåé", "sv": "åäöé",
    "fi": "äöåšž", "et": "äöõüšž", "is": "áðéíóúýþæö", "ga": "áéíóú", "eu": "ñ", "la": "",
}  # fmt: skip
_CENTRAL_LETTERS = {
    "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "hu": "áéíóöőúüű",
    "hr": "čćđšž", "bs": "čćđšž", "sl": "čšž",
}  # fmt: skip
_PROFILES: dict[str, _Profile] = {
    "ru": _profile("ru", _CYRILLIC_CODECS, "CYRILLIC", _RUSSIAN),
    "uk": _profile("uk", _UKRAINIAN_CODECS, "CYRILLIC", "оанитвіерсклудмп|язьгбчхйї|єжшюцщфґ"),
    "be": _profile("be", _CYRILLIC_CODECS, "CYRILLIC", "аеоіныртсвлкдмпу|яьзгбчйўх|жшюцэфё"),
    "bg": _profile("bg", _CYRILLIC_CODECS, "CYRILLIC", "оеаинтрсвлкдпмъ|зугябчйх|жшцюфщь"),
    "sr": _profile("sr", _CYRILLIC_CODECS, "CYRILLIC", "аиоенсртјвдлкупм|зграбчшњћљ|хжцфџђ"),
    "mk": _profile("mk", _CYRILLIC_CODECS, "CYRILLIC", "аеоинтрсвдклпм|уѕјзгбчшњљ|жцхќѓфџ"),
    "el": _profile("el", ("cp1253", "iso-8859-7"), "GREEK", _GREEK),
    "ar": _profile("ar", ("cp1256", "iso-8859-6"), "ARABIC", _ARABIC),
    "fa": _profile("fa", ("cp1256",), "ARABIC", "یکگچپژ" + _ARABIC),
    "he": _profile("he", ("cp1255", "iso-8859-8"), "HEBREW", "יוהלאמרבתשנםןעדכק|חפגסצזךט|ףץ"),
    "tr": _profile("tr", ("cp1254", "iso-8859-9"), "LATIN", "çğıöşüâîûİ"),
    "ro": _profile("ro", ("cp1250", "iso-8859-16", "iso-8859-2"), "LATIN", "ăâîșțşţ"),
    "lt": _profile("lt", _BALTIC, "LATIN", "ąčęėįšųūž"),
    "lv": _profile("lv", _BALTIC, "LATIN", "āčēģīķļņšūž"),
    **{code: _profile(code, _CENTRAL, "LATIN", abc) for code, abc in _CENTRAL_LETTERS.items()},
    **{code: _profile(code, _WESTERN, "LATIN", abc) for code, abc in _WESTERN_LETTERS.items()},
}
# Without a language: the code pages most files that are not UTF-8 are in, Windows-1252 first
# (what this workbench always read them as), each with what any text in its script looks like.
_ANY_CYRILLIC = _profile("", (), "CYRILLIC", _RUSSIAN + "іїєґў", guess=True)
_GUESSES: tuple[tuple[str, _Profile], ...] = (
    ("cp1252", _profile("", (), "LATIN", "".join(_WESTERN_LETTERS.values()), guess=True)),
    ("cp1250", _profile("", (), "LATIN", "".join(_CENTRAL_LETTERS.values()), guess=True)),
    ("cp1251", _ANY_CYRILLIC),
    ("koi8-r", _ANY_CYRILLIC),
    ("cp1253", _PROFILES["el"]),
    ("cp1255", _PROFILES["he"]),
    ("cp1256", _PROFILES["ar"]),
)

# Runs of bytes that may be letters in some code page; those with at least one non-ASCII byte
# are all that differs between code pages (ASCII reads the same in all of them). Found as whole
# runs and then tested: a pattern asking for the non-ASCII byte inside the run
# (`[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*`, as it was) backtracks through a run of
# ASCII letters from each of its positions, and took 8 s for 40,000 letters without a space.
_LETTER_RUNS = re.compile(rb"[A-Za-z\x80-\xff]+")
_SAMPLE_RUNS = 5000
_C1 = re.compile("[\x80-\x9f]")
_WORDS = re.compile(r"[^\W\d_]+")
# Final forms end a word: "ρςισ" is Hebrew misread as Greek.
_FINAL_FORMS = frozenset("ςךםןףץ")
# Punctuation and signs of running text: neither for nor against a reading, unless they stand
# between two letters (where only apostrophes, middle dots and soft hyphens belong).
_NEUTRAL = frozenset("\u00a0\u00ad«»‹›‘’‚‛“”„–—…•·§°№€£¥©®™‰†‡¿¡ªº")
_INSIDE_WORDS = frozenset("’·\u00ad")
_AFTER_WORDS = frozenset("²³¹°′″%")  # m², 5 m³, x′


@dataclass
class _Tally:
    """Evidence for one reading: letters the language writes (good); letters of its script it
    does not write, Latin ones (foreign: names, loanwords, "São Paulo" in English) apart from
    the others (doubtful); and what no real text has (bad)."""

    good: float = 0.0
    foreign: int = 0
    doubtful: int = 0
    bad: float = 0.0

    @property
    def score(self) -> float:
        return self.good - self.bad - self.doubtful - self.foreign

    @property
    def convincing(self) -> bool:
        """The language's text with little noise beside it, or no letters to tell readings
        apart (punctuation only). A few foreign Latin letters pass even with none of the
        language's own ("São Paulo" in English); in the score they count against a reading,
        so that the language's own code page wins."""
        noise = self.bad + 0.5 * self.doubtful <= 0.2 * self.good
        return noise and 0.25 * self.foreign <= 0.2 * self.good + 0.5


def legacy_decode(
    data: bytes, name: str, language: str | Sequence[str | None] | None = None
) -> str:
    """Bytes that are not UTF-8, read in the code page of `language` that reads them best.

    Without a language the common code pages of each script compete and Windows-1252 wins
    ties; when none is convincing, Windows-1252 is kept (as before), if it reads the bytes at
    all. With a language only its code pages may win (the common ones, for a language whose
    code pages we do not know), and a file none of them reads as that language's text is
    refused: it is in some other encoding, and would be stored as garbage.
    """
    profile = _language_profile(language)
    sample = b"\n".join(itertools.islice(_high_runs(data), _SAMPLE_RUNS))
    for codec in _ranked(sample, profile):
        text = _strict(data, codec)  # the sample may not hold every byte the file has
        if text is not None:
            return text
    fallback = None if profile or _any_language(language) else _strict(data, "cp1252")
    if fallback is not None:
        return fallback
    raise InputError(_undecodable(name, profile, language))


def _high_runs(data: bytes) -> Iterator[bytes]:
    """The runs of letter bytes holding a non-ASCII byte, in order."""
    for match in _LETTER_RUNS.finditer(data):
        run = match.group()
        if not run.isascii():
            yield run


def _ranked(sample: bytes, profile: _Profile | None) -> list[str]:
    """The code pages that read the sample convincingly, best first (ties: in listed order).

    Without a language, a code page other than Windows-1252 must show letters of its script:
    bytes that are only symbols in it ("│█" in KOI8-R) say nothing for it.
    """
    candidates = [(c, profile) for c in profile.codecs] if profile else list(_GUESSES)
    ranked = []
    for order, (codec, candidate) in enumerate(candidates):
        tally = _read_sample(sample, codec, candidate)
        if tally is None or not tally.convincing:
            continue
        if profile is None and order > 0 and not tally.good:
            continue
        ranked.append((-tally.score, order, codec))
    return [codec for _score, _order, codec in sorted(ranked)]


def _any_language(language: str | Sequence[str | None] | None) -> bool:
    """Whether the caller named a language at all (one we know no code pages of, too)."""
    return any(_codes(language))


def _codes(language: str | Sequence[str | None] | None) -> list[str]:
    if language is None:
        return []
    items = [language] if isinstance(language, str) else list(language)
    return [code.strip() for code in items if code and code.strip()]


def _language_profile(language: str | Sequence[str | None] | None) -> _Profile | None:
    """The profile of the language(s) given, merged for several; None for none we know."""
    found = [p for p in map(_profile_of, _codes(language)) if p is not None]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return _Profile(
        " or ".join(dict.fromkeys(p.name for p in found)),
        tuple(dict.fromkeys(c for p in found for c in p.codecs)),
        frozenset().union(*(p.scripts for p in found)),
        {k: v for p in reversed(found) for k, v in p.weights.items()},
    )


def _profile_of(code: str) -> _Profile | None:
    """A language tag's profile; Serbian, Bosnian… in Latin script ("sr-Latn") is Croatian's."""
    subtags = code.lower().replace("_", "-").split("-")
    if "latn" in subtags[1:] and subtags[0] in ("sr", "mk", "bs", "be", "uk", "ru", "bg"):
        return _PROFILES["hr"]
    return _PROFILES.get(subtags[0])


def _undecodable(name: str, profile: _Profile | None, language) -> str:
    if profile is None and not _any_language(language):
        return f"cannot tell the encoding of {name}; save it as UTF-8"
    if profile is None:
        return (
            f"cannot tell the encoding of {name}: it is not UTF-8, and we know no 8-bit encoding"
            f" of {', '.join(_codes(language))} that reads it; save it as UTF-8"
        )
    return (
        f"cannot tell the encoding of {name}: it is not UTF-8, and it does not read as"
        f" {profile.name} text in {', '.join(profile.codecs)}; save it as UTF-8"
    )


def _strict(data: bytes, codec: str) -> str | None:
    """The whole text in `codec`, or None where a byte is undefined or a C1 control there."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if _C1.search(text) else text


def _read_sample(sample: bytes, codec: str, profile: _Profile) -> _Tally | None:
    """Evidence for reading the sample in `codec` as `profile`'s text (None: it cannot)."""
    text = _strict(sample, codec)
    if text is None:
        return None
    tally = _Tally()
    for word in _words(text):
        _score_word(word, profile, tally)
    for index, char in enumerate(text):
        if char in _NEUTRAL or (not char.isascii() and _is_sign(char)):
            _score_sign(text, index, tally)
    return tally


def _words(text: str) -> Iterator[str]:
    """Runs of letters (a regular expression's word characters include "²" and "½")."""
    for match in _WORDS.finditer(text):
        word = match.group()
        if word.isalpha():
            yield word
        else:
            runs = itertools.groupby(word, str.isalpha)
            yield from ("".join(run) for alpha, run in runs if alpha)


def _score_word(word: str, profile: _Profile, tally: _Tally) -> None:
    """Its non-ASCII letters count for the reading, unless the word itself is implausible."""
    letters = [c for c in word if not c.isascii() and c not in _NEUTRAL]
    if not letters:
        return
    scripts = {_script(c) for c in word if c not in _NEUTRAL}
    if len(scripts) > 1 or _odd_form(word) or _mostly_accents(word, scripts, profile):
        tally.bad += len(letters)
        return
    for char in letters:
        if char in profile.weights:
            tally.good += profile.weights[char]
        elif _script(char) == "LATIN" and "LATIN" in profile.scripts:
            tally.foreign += 1
        elif _script(char) in profile.scripts:
            tally.doubtful += 1
        else:
            tally.bad += 1


def _score_sign(text: str, index: int, tally: _Tally) -> None:
    """A symbol before a letter ("³adny" for "ładny") or after one ("by³"; but "m²", "5°C"),
    or punctuation inside a word ("сво€" for "своя"), is what a wrong code page makes of a
    letter."""
    before = index > 0 and text[index - 1].isalpha()
    after = index + 1 < len(text) and text[index + 1].isalpha()
    char = text[index]
    if char in _NEUTRAL:
        if before and after and char not in _INSIDE_WORDS:
            tally.bad += 1
    elif after or (before and char not in _AFTER_WORDS):
        tally.bad += 1
    elif ord(char) > 0xFF:
        tally.doubtful += 1  # box drawing, "≈", "⌠": KOI8-R's and DOS's, rarely in prose


def _is_sign(char: str) -> bool:
    """Punctuation, symbols and odd numbers (², ½); not letters, marks, spaces or format
    characters (Hebrew points and the direction marks of Windows-1255/1256 are text)."""
    return unicodedata.category(char)[0] in "PSN"


def _odd_form(word: str) -> bool:
    """A capital right after a small letter ("рТЙЧЕФ": KOI8-R and Windows-1251 swap the cases
    of each other's letters), where a non-ASCII letter is involved, or a final form inside a
    word."""
    if any(c in _FINAL_FORMS for c in word[:-1]):
        return True
    return any(
        a.islower() and b.isupper() and not (a.isascii() and b.isascii()) for a, b in pairwise(word)
    )


def _mostly_accents(word: str, scripts: set[str], profile: _Profile) -> bool:
    """A Latin word made (mostly) of accented letters, "Äà", "Âñåîáùàÿ", is another script
    misread, unless all of them are the language's own ("Żółć")."""
    if scripts != {"LATIN"} or len(word) < 2:
        return False
    if not profile.guess and all(c.isascii() or c in profile.weights for c in word):
        return False
    accents = sum(not c.isascii() for c in word)
    return accents == len(word) or (len(word) >= 4 and accents > 0.6 * len(word))


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script a letter belongs to, by the first word of its Unicode name."""
    if char.isascii():
        return "LATIN"
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]

"""Archive record pages saved as text (e.g. the Wilson Center Digital Archive), read by structure.

Such a page is: page furniture ("Search in", the archive's banner), a date line ("October 04,
1961"), maybe the title, a citation block ("Citation" / "get citation", a one-sentence summary,
the citation '"Title," date, Publisher Digital Archive, archive reference. Translated by X.'),
more furniture ("share document", language tabs such as "English HTML"), then the record's text,
and maybe a trailer ("Related Documents", "Document Information" with "Source", "Rights"…).
We recognise those parts by their shape, not by one page's wording: the furniture and the
citation become metadata, the text becomes segments; its first short line without final
punctuation is the record's heading.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from itertools import pairwise

from workbench import textio
from workbench.formats.base import ensure_text
from workbench.formats.plaintext import paragraphs
from workbench.model import ParsedDocument, ParsedSegment, ParsedVersion, ReadOptions

NAME = "record"
EXTENSIONS: tuple[str, ...] = ()  # chosen by --format record, or by looks_like() on a .txt

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_SEASONS = ("spring", "summer", "autumn", "fall", "winter")
# A date line, in the forms a citation's date takes (_CITATION_DATE): "October 04, 1961",
# "Oct. 4, 1961", "June 1950", "Summer 1961", "1961", "c. 1950", "undated", "n.d.".
_DATE = re.compile(
    r"(?P<circa>c(?:a|irca)?\.?\s*)?"
    r"(?:(?P<month>[a-z]+)\.?,?\s+(?:(?P<day>\d{1,2}),?\s+)?)?(?P<year>\d{4})\b"
    r"|(?P<undated>undated\b|n\.\s?d\.)",
    re.I,
)
_BULLETS = "•·▪◦‣*"
_FURNITURE = {
    "search in", "search", "digital archive international history declassified",
    "digital archive", "citation", "get citation", "cite", "share document", "share",
    "download pdf", "download", "print", "email", "copy link", "skip to main content",
    "back to top", "menu", "close",
}  # fmt: skip
_CITATION_MARKERS = {"citation", "get citation", "cite"}
_TAB = re.compile(r"^(?P<lang>[A-Z][a-z]+)(?: [A-Z][a-z]+)? (?:HTML|PDF|Transcript|Scan)$")
_LANGUAGES = {
    "english": "en", "albanian": "sq", "russian": "ru", "german": "de", "french": "fr",
    "chinese": "zh", "korean": "ko", "japanese": "ja", "polish": "pl", "czech": "cs",
    "hungarian": "hu", "romanian": "ro", "bulgarian": "bg", "vietnamese": "vi",
    "spanish": "es", "italian": "it", "serbian": "sr", "mongolian": "mn", "persian": "fa",
}  # fmt: skip
# "Key: value" lines of the header or trailer, and trailer headings whose value is the next line.
_KEYS = {
    "original language": "original_language", "original languages": "original_language",
    "source": "archive_reference", "original archive": "original_archive",
    "rights": "licence", "licence": "licence", "license": "licence",
    "record type": "record_type", "translated by": "translator", "translator": "translator",
}  # fmt: skip
_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]{2,30}?)\s*:\s*(?P<value>\S.*)$")
_TRAILER = set(_KEYS) | {
    "related documents", "document information", "subjects discussed", "languages",
    "associated people & organizations", "associated places", "donors", "record id",
    "original uploaded date", "last updated date", "other languages", "preferred citation",
}  # fmt: skip
_CREDIT = re.compile(
    r"\s(?:obtained and translated by|obtained by|translated(?: for [^.,]+)? by|"
    r"contributed by|donated by|edited by|included in|https?://)",
    re.I,
)
_TRANSLATOR = re.compile(r"translated(?: for [^.,]+)? by\s+(?P<who>.+)", re.I)
# Where a translator's name ends: the next sentence ("… Smith. Included in"), a link, or a
# credit going on in lower case (", with edits by", " and included in", "; edited by"); a name
# after "and" or a comma is another translator ("Ann Smith and John Doe", "J. K. Smith and…").
_NEXT_CREDIT = re.compile(
    r"\.\s+(?:(?:[A-Z][a-z]+ )?(?:by|in)|and)\b|\s+https?://"
    r"|\s*[,;]\s*(?!and\b)(?=[a-z])|\s*[,;]?\s+(?:and|with)\s+(?=[a-z])"
)
_FINAL_PUNCTUATION = ".!?…:;"
# The date field right after a citation's title: "October 04, 1961", "Oct. 4, 1961",
# "June 1950", "Summer 1961", "1961", "c. 1950", "undated", "n.d.".
_CITATION_DATE = re.compile(
    r"""(?:c(?:a|irca)?\.?\s*)?
        (?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter)
           [a-z]*\.?\s+(?:\d{1,2},?\s+)?)?
        \d{4}\b
      | undated\b | n\.\s?d\.""",
    re.I | re.X,
)
# A paragraph longer than this is running text, never part of a page's trailer.
_TRAILER_TEXT = 400
# A "Key: value" line after the header's end is a field only if its value is this short.
_FIELD_VALUE = 40


def looks_like(text: str) -> bool:
    """A record page's header near the top: a date line, then its citation block (a citation
    line, or at least two of the block's markers: "Citation", "get citation", "share document",
    a language tab such as "English HTML"). A date and a quotation in prose are not one."""
    lines = [_line(raw) for raw in _head_lines(text, 200)]
    lines = [line for line in lines if line][:60]
    dated = next((i for i, line in enumerate(lines) if _date(line)), None)
    if dated is None:
        return False
    after = lines[dated + 1 :]
    if any(_citation(line) for line in after):
        return True
    markers = {_marker(line) for line in after} - {None}
    return len(markers) >= 2


def _head_lines(text: str, count: int) -> list[str]:
    """The first `count` lines of `text`, without splitting (copying) the rest of it."""
    lines, start = [], 0
    while len(lines) < count and start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        lines.append(text[start:end])
        start = end + 1
    return lines


def _marker(line: str) -> str | None:
    """Which part of a citation block this line is, if it is one of its fixed lines."""
    low = line.lower()
    if low in ("citation", "cite"):
        return "citation"
    if low in ("get citation", "share document"):
        return low
    return "tab" if _TAB.match(line) else None


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    text = textio.decode(data, options.filename, language=options.source_language)
    return read_text(text, options)


def read_text(text: str, options: ReadOptions) -> ParsedDocument:
    """`read` of a text decoded already (`formats.read_file` decodes a .txt file once)."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    start, heading_title, language = _header(lines, meta)
    end = _trailer_start(lines, start)
    _trailer(lines[end:], meta)
    texts = _without_furniture(paragraphs("\n".join(lines[start:end])))
    segments = [ParsedSegment(t) for t in texts]
    if segments and _is_heading(segments[0].text):
        segments[0].kind = "heading"
    title = meta.pop("title", None) or heading_title
    if heading_title and not _words(heading_title) <= _words(title or ""):
        # The page's title line says more than the citation's title: it is text, keep it.
        segments.insert(0, ParsedSegment(heading_title, "heading"))
    if not title and segments and segments[0].kind == "heading":
        title = segments[0].text
    doc = ParsedDocument(
        versions=[ParsedVersion(segments=segments, language=language)],
        title=title,
        metadata=meta,
    )
    return ensure_text(doc, options.filename)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _trailer_start(lines: list[str], start: int) -> int:
    """Where the trailer ("Related Documents", "Document Information"…) begins, else the end.

    Its heading stands alone after a blank line, and no running text follows it (a paragraph
    longer than _TRAILER_TEXT): a line "Source" or "Languages" inside the record is a heading of
    the record's own, and what follows it is text, not page furniture.
    """
    # text_after[i]: a paragraph of running text starts at line i or later.
    text_after = [False] * (len(lines) + 1)
    length = 0  # of the paragraph the backward scan is in
    for i in range(len(lines) - 1, start - 1, -1):
        stripped = lines[i].strip()
        length = length + len(stripped) + 1 if stripped else 0
        text_after[i] = text_after[i + 1] or length > _TRAILER_TEXT
    for i in range(start, len(lines)):
        if _line(lines[i]).lower() not in _TRAILER:
            continue
        if (i == start or not lines[i - 1].strip()) and not text_after[i]:
            return i
    return len(lines)


def _without_furniture(texts: list[str]) -> list[str]:
    """The record's paragraphs without furniture left at their start or end ("Download PDF"
    after the header, "Print" before the trailer); a "Print" inside the text is text."""
    first = next((i for i, t in enumerate(texts) if not _is_furniture(t)), len(texts))
    last = next((i for i in range(len(texts), 0, -1) if not _is_furniture(texts[i - 1])), 0)
    return texts[first:last]


def _header(lines: list[str], meta: dict[str, str]) -> tuple[int, str | None, str | None]:
    """Read the header into `meta`; return where the text starts, a title line, the language."""
    in_citation = cited = ended = False
    title_at: int | None = None
    summary: list[str] = []
    language = None
    for i, raw in enumerate(lines):
        line = _line(raw)
        low = line.lower()
        if not line:
            in_citation = in_citation and not summary  # the summary is one block of lines
            continue
        if low in _CITATION_MARKERS:
            in_citation = True
        elif low == "share document" or (low not in _FURNITURE and _TAB.match(line)):
            in_citation, ended = False, True  # the page's own text comes next
            tab = _TAB.match(line)
            language = language or (_LANGUAGES.get(tab["lang"].lower()) if tab else None)
        elif low in _FURNITURE:
            pass
        elif "date" not in meta and not ended and _date(line):
            _set_date(meta, line)
        elif _header_field(line, meta, ended):
            pass
        elif _citation(line) and not cited:
            _read_citation(line, meta)
            cited, in_citation = True, False
        elif in_citation and not cited:
            summary.append(line)
        elif title_at is None and not (cited or ended):
            title_at = i  # the page's title line, if a citation block follows
        else:
            if not (cited or ended) and title_at is not None:
                i, title_at = title_at, None  # no citation after it: that line was text
            break
    else:
        i = len(lines)
    if summary:
        meta["summary"] = " ".join(summary)
    return i, _line(lines[title_at]) if title_at is not None else None, language


def _header_field(line: str, meta: dict[str, str], ended: bool) -> bool:
    """A "Key: value" line of the header, read into `meta`. After the header's end (the
    language tab) the record's text begins, and may begin so ("SOURCE: A former official…"):
    there only a short field the header did not give yet ("Original language: Russian") is
    one; a sentence, or a key known already, is text that would otherwise be lost."""
    if ended:
        match = _KEY_LINE.match(line)
        key = _KEYS.get(match["key"].strip().lower()) if match else None
        if not (match and key) or key in meta or not _is_field(match["value"].strip()):
            return False
    return _key_value(line, meta)


def _is_field(value: str) -> bool:
    """A field's value is a few words ("Russian"), not a sentence."""
    return len(value) <= _FIELD_VALUE and value[-1:] not in _FINAL_PUNCTUATION


def _trailer(lines: list[str], meta: dict[str, str]) -> None:
    """Trailer headings ("Source", "Rights"…) with their value on the next line; "Key: value"."""
    lines = [line for line in (_line(raw) for raw in lines) if line]
    for here, after in pairwise([*lines, ""]):
        key = _KEYS.get(here.lower())
        if key and after and after.lower() not in _TRAILER:
            meta.setdefault(key, after)
        else:
            _key_value(here, meta)


def _line(raw: str) -> str:
    """A line without surrounding space and bullet markers."""
    return raw.strip().lstrip(_BULLETS).strip()


def _is_furniture(paragraph: str) -> bool:
    line = _line(paragraph)
    return line.lower() in _FURNITURE or bool(_TAB.match(line))


def _is_heading(text: str) -> bool:
    return len(text) <= 300 and text.rstrip("\"'”’)]")[-1:] not in _FINAL_PUNCTUATION


def _date(text: str, whole: bool = True) -> re.Match[str] | None:
    """A date (a year at least, or "undated") at the start of `text`, or all of it."""
    match = (_DATE.fullmatch if whole else _DATE.match)(text)
    if match and match["month"] and _month(match["month"]) is None:
        return None  # "Marching 1961", "Mr 1961": a word before a year is no date
    return match


def _month(word: str) -> int | None:
    """1-12 for a month's name or abbreviation ("Oct", "Sept"), 0 for a season, else None."""
    low = word.lower()
    if low in _SEASONS:
        return 0
    return next(
        (n for n, name in enumerate(_MONTHS, 1) if len(low) >= 3 and name.startswith(low)), None
    )


def _set_date(meta: dict[str, str], text: str) -> None:
    match = _date(text, whole=False)
    if not match:
        return
    meta["date"] = match.group(0).strip(", ")
    if match["undated"] or match["circa"]:
        return  # no date, or about then: no ISO date says that
    year = int(match["year"])
    month = _month(match["month"]) if match["month"] else 0
    if not month:  # "1961", "Summer 1961"
        meta["date_iso"] = f"{year:04d}"
    elif not match["day"]:
        meta["date_iso"] = f"{year:04d}-{month:02d}"
    else:
        with contextlib.suppress(ValueError):  # "February 30": the printed date, no ISO form
            meta["date_iso"] = datetime.date(year, month, int(match["day"])).isoformat()


def _key_value(line: str, meta: dict[str, str]) -> bool:
    match = _KEY_LINE.match(line)
    key = _KEYS.get(match["key"].strip().lower()) if match else None
    if key and match:
        meta.setdefault(key, match["value"].strip())
    return bool(key)


def _citation(line: str) -> tuple[str, str] | None:
    """(title, rest) of a citation line: a quoted title, then its date (or year, or "undated")
    right after it, then publisher, archive… A quotation in prose ('"Welcome," said the keeper
    of the archive') has no date there."""
    if not line or line[0] not in '"“':
        return None
    comma_quote = re.search(r",\s*[\"”]", line)  # Chicago style: the comma inside the quotes
    if comma_quote:
        title, rest = line[1 : comma_quote.start()], line[comma_quote.end() :]
    else:
        close = re.search(r"[\"”]", line[1:])
        if not close:
            return None
        title, rest = line[1 : close.start() + 1], line[close.end() + 1 :]
    title, rest = title.strip().rstrip(",").strip(), rest.lstrip(" ,")
    dated = _CITATION_DATE.match(rest)
    return (title, rest) if title and dated and "archive" in rest.lower() else None


def _read_citation(line: str, meta: dict[str, str]) -> None:
    title, rest = _citation(line) or ("", "")
    meta["citation"] = line
    meta["title"] = title
    if "date" not in meta and _date(rest, whole=False):
        _set_date(meta, rest)
    field = _CITATION_DATE.match(rest)  # _citation() made sure there is one
    if field:
        rest = rest[field.end() :].lstrip(" ,")
    publisher = re.match(r"(?P<name>[^,]*?Digital Archive)\s*,\s*", rest)
    if publisher:
        meta["publisher"] = publisher["name"].strip()
        rest = rest[publisher.end() :]
    credit = _CREDIT.search(rest)
    reference = (rest[: credit.start()] if credit else rest).strip().rstrip(".").strip()
    if reference:
        meta["archive_reference"] = reference
    url = re.search(r"https?://\S+", rest)
    if url:
        meta["source_url"] = url.group(0).rstrip(".,)")
    who = _TRANSLATOR.search(rest)
    if who:
        name = _NEXT_CREDIT.split(who["who"], maxsplit=1)[0].strip()
        if name.endswith(".") and not re.search(r"\b\w\.$", name):
            name = name[:-1]  # the sentence's full stop, not an initial's
        if name:
            meta["translator"] = name

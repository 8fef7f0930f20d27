"""Full-text search across every version: words (FTS5), advanced FTS5 syntax, or a regex.

Plain queries are turned into quoted FTS5 phrases, so nothing a user types is FTS5 syntax and
no input can make the index fail; `syntax=fts` passes the query through and reports a syntax
error as a 400. A regular expression is tried row by row with the `regex` package, because its
per-call timeout also stops a pattern that backtracks catastrophically inside one long row
(Python's `re` cannot be interrupted, so a deadline checked between rows would not be enough).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import regex

from workbench import kwic, languages, textfold
from workbench.errors import InputError
from workbench.regex_size import compiled_size
from workbench.store import Store
from workbench.store.search import SegmentFilter

MODES = ("words", "fts", "regex")
LEVELS = ("paragraph", "sentence")
LINK_STATUSES = ("confirmed", "unconfirmed", "unlinked")
MAX_LIMIT = 100
MAX_OFFSET = 10_000
#: Totals are counted up to here: "10,000+" is as useful as the exact number, and cheaper.
COUNT_CAP = 10_000
#: A regular expression scans rows until this many seconds have passed or this many hits.
REGEX_SECONDS = 2.0
REGEX_MAX_HITS = 1_000
MAX_QUERY = 500
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class SearchQuery:
    q: str
    mode: str = "words"
    level: str = "paragraph"
    document_id: int | None = None
    version_id: int | None = None
    language: str | None = None
    link_status: str | None = None
    limit: int = 20
    offset: int = 0

    def segment_filter(self, covered: tuple[str, ...] | None) -> SegmentFilter:
        """The filter, its language as the stored codes it covers (see covered_languages)."""
        return SegmentFilter(
            level=self.level,
            document_id=self.document_id,
            version_id=self.version_id,
            languages=covered,
            link_status=self.link_status,
        )


@dataclass
class SearchResult:
    query: SearchQuery
    items: list[dict[str, Any]]
    total: int
    exact: bool  # False: at least `total` (capped count, or a regex stopped by its bounds)
    took_ms: float
    stopped: str | None = None  # why a regex scan stopped early: "time" or "hits"
    terms: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "total": self.total,
            "total_exact": self.exact,
            "limit": self.query.limit,
            "offset": self.query.offset,
            "mode": self.query.mode,
            "level": self.query.level,
            "stopped": self.stopped,
            "took_ms": round(self.took_ms, 1),
        }


# -- parsing ------------------------------------------------------------------------------------


def digits_value(text: str, most: int = MAX_ID) -> int | None:
    """The number `text` spells in ASCII digits, from 0 to `most`; None for anything else.

    The one rule for numbers typed into URLs and forms (search, the pages' forms, exports):
    str.isdigit() alone takes '²' and other digits int() refuses or reads otherwise, and
    int() of more than 4,300 digits raises, so the length is checked before it is called."""
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(most)):
        return None
    number = int(digits)
    return number if number <= most else None


def shown(value: Any, limit: int = 40) -> str:
    """A refused value in a message: quoted, cut short (a value may be thousands of digits)."""
    text = str(value)
    return f"'{text if len(text) <= limit else text[:limit] + '…'}'"


def whole_number(args: Mapping[str, Any], name: str, default: int | None = None) -> int | None:
    """A non-negative id or count from a query string, or InputError (never a 500)."""
    value = args.get(name)
    if value is None or str(value).strip() == "":
        return default
    number = digits_value(str(value).strip())
    if number is None:
        raise InputError(f"{name} must be a whole number from 0, not {shown(value)}")
    return number


def choice(args: Mapping[str, Any], name: str, allowed: tuple[str, ...], default: Any) -> Any:
    value = args.get(name) or default
    if value is not None and value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(allowed)}, not '{value}'")
    return value


#: How a yes and a no are spelled in a query string, the same in the pages and the API (an
#: empty value is a no, as an unticked checkbox sends none).
YES = frozenset({"1", "true", "on", "yes"})
NO = frozenset({"", "0", "false", "off", "no"})


def flag(args: Mapping[str, Any], name: str) -> bool:
    """A yes or no from a query string; anything else is refused (a typo is not a no)."""
    value = str(args.get(name) or "").strip().lower()
    if value not in YES | NO:
        spelled = ", ".join(sorted(YES - {""})) + " or " + ", ".join(sorted(NO - {""}))
        raise InputError(f"{name} must be one of {spelled}, not {shown(args.get(name))}")
    return value in YES


def parse_query(args: Mapping[str, Any]) -> SearchQuery:
    """A search from request arguments: q, regex=1 | syntax=fts, level, document, version,
    lang, link_status, limit, offset."""
    q = str(args.get("q") or "").strip()
    if not q:
        raise InputError("type something to search for (q)")
    if len(q) > MAX_QUERY:
        raise InputError(f"a search is at most {MAX_QUERY} characters")
    mode = "regex" if flag(args, "regex") else "fts" if args.get("syntax") == "fts" else "words"
    choice(args, "syntax", ("words", "fts"), None)
    language = str(args.get("lang") or "").strip() or None
    limit = whole_number(args, "limit", 20)
    offset = whole_number(args, "offset", 0) or 0
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit is between 1 and {MAX_LIMIT}")
    if offset > MAX_OFFSET:
        raise InputError(f"offset is at most {MAX_OFFSET:,}: narrow the search with filters")
    return SearchQuery(
        q=q,
        mode=mode,
        level=choice(args, "level", LEVELS, "paragraph"),
        document_id=whole_number(args, "document"),
        version_id=whole_number(args, "version"),
        language=languages.normalise(language) if language else None,
        link_status=choice(args, "link_status", LINK_STATUSES, None),
        limit=limit,
        offset=offset,
    )


# -- FTS5 ---------------------------------------------------------------------------------------


def covered_languages(store: Store, language: str | None) -> tuple[str, ...] | None:
    """The language codes of versions a language filter takes (None: no filter). A primary
    subtag alone covers its regions (`en`: en, en-GB, en-US), a tag with a region only that
    region (`en-US`); resolved here against the few languages in use, so the index keeps one tag
    per version's own code and needs no rebuild. Empty when no version has the language."""
    return None if language is None else store.languages_covered(language)


def language_tags(language: str, covered: tuple[str, ...] | None) -> str:
    """The FTS5 tag tokens of the codes covered (as SEARCH_TAGS_SQL writes them), as one OR
    group; without any (unresolved, or no version has the language), the filter's own tag."""
    codes = ("".join(c for c in code.lower() if c.isalnum()) for code in covered or (language,))
    tags = list(dict.fromkeys(f'"l{code}"' for code in codes))
    return tags[0] if len(tags) == 1 else f"({' OR '.join(tags)})"


def tag_terms(query: SearchQuery, covered: tuple[str, ...] | None = None) -> list[str]:
    """The filter as tag tokens (see m007_search): FTS5 intersects them with the words. The
    language as the codes it covers (covered_languages); without them, its own code alone."""
    tags = [query.level]
    if query.version_id is not None:
        tags.append(f"v{query.version_id}")
    if query.document_id is not None:
        tags.append(f"d{query.document_id}")
    if query.language:
        tags.append(language_tags(query.language, covered))
    return tags


def fts_match(
    query: SearchQuery, covered: tuple[str, ...] | None = None
) -> tuple[str, list[kwic.Term]]:
    """The FTS5 MATCH expression and the terms to highlight (`covered`: see tag_terms)."""
    if query.mode == "fts":
        # read as the index reads its text ("ёлка", "كَتَبَ"), else it is tokenized differently
        text, terms = textfold.index_form(query.q), kwic.fts_words(query.q)
    else:
        terms = kwic.parse_terms(query.q)
        if not terms:
            raise InputError("the search has no words to look for (letters or digits)")
        text = " ".join(term.fts() for term in terms)
    # AND written out: FTS5 reads two phrases side by side as AND, but not a phrase beside
    # a bracketed group (the languages covered)
    return f"text : ({text}) AND tags : ({' AND '.join(tag_terms(query, covered))})", terms


def _fts_error(error: sqlite3.OperationalError, query: SearchQuery) -> InputError | None:
    """The person's mistake in their own words: SQLite reports it inside the expression we
    built around their query ("near ')'" for a NOT at the end), so a syntax error is looked
    for again in their query alone."""
    message = str(error)
    if not (
        message.startswith("fts5:") or "no such column" in message or "unterminated" in message
    ):
        return None
    if query.mode == "fts" and "syntax error" in message:
        message = _fts_syntax_error(textfold.index_form(query.q)) or message
    message = message.replace('syntax error near ""', "syntax error at the end of the query")
    return InputError(f"the search cannot be read as an FTS5 query ({message})")


def _fts_syntax_error(text: str) -> str | None:
    """What FTS5 says of `text` alone, on an empty table with the index's columns."""
    scratch = sqlite3.connect(":memory:")
    try:
        scratch.execute("create virtual table s using fts5(text, tags)")
        scratch.execute("select rowid from s where s match ?", [text]).fetchall()
    except sqlite3.OperationalError as error:
        return str(error)
    finally:
        scratch.close()
    return None


def search(store: Store, query: SearchQuery) -> SearchResult:
    """One page of hits with their aligned counterparts, and the (capped) total."""
    started = time.perf_counter()
    covered = covered_languages(store, query.language)
    if query.mode == "regex":
        return _regex_search(store, query, started, covered)
    match, terms = fts_match(query, covered)
    where = query.segment_filter(covered)
    try:
        rows = store.fts_hits(match, where, limit=query.limit, offset=query.offset)
        total = store.fts_count(match, where, COUNT_CAP + 1)
    except sqlite3.OperationalError as error:
        raise (_fts_error(error, query) or error) from None
    items = [hit_json(store, row, kwic.term_spans(row["text"], terms)) for row in rows]
    return SearchResult(
        query,
        items,
        min(total, COUNT_CAP),
        total <= COUNT_CAP,
        (time.perf_counter() - started) * 1000,
        terms=[" ".join(t.words) for t in terms],
    )


# -- regular expressions ----------------------------------------------------------------------


#: Recursion into the pattern itself ((?R), (?1), (?&name), (?P>name)): the `regex` package
#: supports it, and on ordinary text it can eat all memory before any time limit is checked.
_RECURSION = re.compile(r"\(\?(?:R|[+-]?\d+|&\w+|P>\w+)\)")


#: An inline flags group that turns verbose mode on: (?x), (?ix), (?x: ...), (?V1x).
_VERBOSE = re.compile(r"\(\?[a-zA-Z0-9^]*x[a-zA-Z0-9]*(?:-[a-zA-Z]*)?[:)]")

#: Nodes a regular expression may compile to (regex_size): "x{20000}" takes a few MB, while
#: "x{10000000}" would take seconds and gigabytes before any match timeout could act.
MAX_REGEX_SIZE = 20_000


def compile_regex(pattern: str) -> regex.Pattern:
    if _RECURSION.search(pattern):
        raise InputError("the regular expression may not call itself ((?R), (?1), (?&name))")
    if _VERBOSE.search(pattern):
        # spaces and comments would then hide repeats from the size estimate ("x{2000 000}")
        raise InputError(
            "verbose mode ((?x)) is not allowed in a search: write the pattern plainly"
        )
    if compiled_size(pattern) > MAX_REGEX_SIZE:
        raise InputError(
            "the regular expression is too large once its repeats are counted out"
            f" (over {MAX_REGEX_SIZE:,} parts): use smaller repeat counts"
        )
    try:
        return regex.compile(pattern, regex.IGNORECASE)
    except (regex.error, ValueError, OverflowError, RecursionError) as error:
        raise InputError(f"the regular expression is not valid: {error}") from None


def _regex_search(
    store: Store, query: SearchQuery, started: float, covered: tuple[str, ...] | None
) -> SearchResult:
    """Rows in document order tried against the pattern, within a time and a hit budget."""
    pattern = compile_regex(query.q)
    deadline = started + REGEX_SECONDS
    total, stopped, page = 0, None, []
    for row in store.scan_segments(query.segment_filter(covered)):
        left = deadline - time.perf_counter()
        if left <= 0:
            stopped = "time"
            break
        try:
            matches = pattern.finditer(row["text"], timeout=left)
            spans = list(islice((m.span() for m in matches if m.end() > m.start()), 50))
            hit = bool(spans) or pattern.search(row["text"], timeout=left) is not None
        except TimeoutError:
            stopped = "time"
            break
        except (MemoryError, RecursionError):
            raise InputError("the regular expression needs too much memory: simplify it") from None
        if not hit:
            continue
        if query.offset <= total < query.offset + query.limit:
            page.append((row, spans))
        total += 1
        if total >= REGEX_MAX_HITS:
            stopped = "hits"
            break
    items = [hit_json(store, row, spans) for row, spans in page]
    took = (time.perf_counter() - started) * 1000
    return SearchResult(query, items, total, stopped is None, took, stopped)


# -- hits ---------------------------------------------------------------------------------------


def review_path(alignment_id: int, link_id: int) -> str:
    """The review page at a link (the review blueprint's URL, fixed by the issue)."""
    return f"/alignments/{alignment_id}/review?at={link_id}"


def paragraph_position(store: Store, segment: dict[str, Any]) -> int:
    if segment["level"] == "paragraph":
        return segment["position"]
    return store.segment(segment["parent_id"])["position"]


def hit_json(store: Store, row: dict[str, Any], spans: list[tuple[int, int]]) -> dict[str, Any]:
    """A hit as the API returns it and the page shows it."""
    return {
        "segment": row["id"],
        "level": row["level"],
        "position": row["position"],
        "paragraph_position": paragraph_position(store, row),
        "text": row["text"],
        "highlights": [list(span) for span in spans],
        "document": {"id": row["document_id"], "title": row["document_title"]},
        "version": {
            "id": row["version_id"],
            "label": row["version_label"],
            "language": row["language"],
            "dir": languages.direction(row["language"]),
        },
        "counterparts": counterparts(store, row),
    }


def counterparts(store: Store, segment: dict[str, Any]) -> list[dict[str, Any]]:
    """The other side of the link holding the segment, in each alignment of its version.

    The paragraph link decides the review row; a sentence hit shows the other side of its
    sentence link when there is one (finer), else of the paragraph link.
    """
    position = paragraph_position(store, segment)
    out = []
    for alignment, side in store.alignments_of_version(segment["version_id"]):
        link = store.covering_link(alignment["id"], "paragraph", side, position)
        if link is None:
            continue
        other_side = "target" if side == "source" else "source"
        other = store.version(alignment[f"{other_side}_version_id"])
        shown, level = link, "paragraph"
        if segment["level"] == "sentence":
            sentence = store.covering_link(alignment["id"], "sentence", side, segment["position"])
            if sentence is not None:
                shown, level = sentence, "sentence"
        col = "tgt" if other_side == "target" else "src"
        texts = store.texts(other["id"], level, shown[f"{col}_start"], shown[f"{col}_end"])
        out.append(
            {
                "alignment": alignment["id"],
                "link": link["id"],
                "link_status": link["status"],
                "confidence": link["confidence"],
                "side": other_side,
                "version": {
                    "id": other["id"],
                    "label": other["label"],
                    "language": other["language"],
                    "dir": languages.direction(other["language"]),
                },
                "texts": [t["text"] for t in texts],
                "review_url": review_path(alignment["id"], link["id"]),
            }
        )
    return out

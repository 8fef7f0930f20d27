"""Fold text for search exactly as the search index does, so query, index and highlights agree.

The index (m007/m008) tokenizes with SQLite FTS5's `unicode61 remove_diacritics 2`: it
lower-cases and strips diacritics from Latin letters but keeps Cyrillic "й", Greek accents and
"ß". Folding in Python with Unicode NFD instead would turn the query "мой" into "мои" (another
word) and "Straße" into "strasse" (no hit). So each character is folded by asking FTS5 itself
once (an in-memory index; cached). Additions on both sides, made to the text before FTS5 sees
it: Russian "ё" is written "е" in most printed text, so both read "ё" as "е" (m008_search_yo);
Hebrew and Arabic are mostly written without their vowel marks, so both drop the marks and read
the Arabic letters searchers write interchangeably as one (m010_search_rtl_marks).
"""

from __future__ import annotations

import sqlite3
import threading
from functools import lru_cache

#: The non-spacing marks of the Hebrew and Arabic blocks, as (first, last) code points: Hebrew
#: cantillation and niqqud (dagesh and the shin/sin dots included), Arabic harakat (tanwin,
#: shadda, sukun), superscript alef and Quranic annotation marks; and tatweel (U+0640), a letter
#: to Unicode that only stretches a word. FTS5 splits words at the marks and keeps tatweel, so
#: "كَتَبَ" would never meet "كتب": the index (m010_search_rtl_marks) and `fold` drop them all.
RTL_MARKS = (
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),
    (0x0640, 0x0640),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
)
#: Arabic letters searchers write one for another, read as one as Lucene's ArabicNormalizer does
#: (alef with hamza or madda, and alef wasla, as bare alef; alef maksura as yeh; teh marbuta as
#: heh): "الى" finds "إلى", "مدرسه" finds "مدرسة".
ARABIC_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
_MARKS = {chr(code): "" for first, last in RTL_MARKS for code in range(first, last + 1)}
#: Characters no one sees that sit inside words: the soft hyphen (a hyphenation hint from word
#: processors and PDFs), the zero-width space and the word joiner. FTS5 splits a word at them,
#: so "Every­one" was found neither by "everyone" nor by its visible spelling: the index
#: (m014_search_invisible) and `fold` drop them.
INVISIBLE = "\u00ad\u200b\u2060"
#: Characters read as another (or as nothing) by the index and by `fold`: SQL replace() in the
#: view that feeds the index (m008_search_yo, m010_search_rtl_marks, m014_search_invisible).
EQUIVALENT = {"ё": "е", "Ё": "е", **ARABIC_LETTERS, **_MARKS, **dict.fromkeys(INVISIBLE, "")}
_INDEX_FORM = str.maketrans(EQUIVALENT)
_UNMARKED = str.maketrans({**_MARKS, **dict.fromkeys(INVISIBLE, "")})
#: A regex character class of the marks (and the invisible characters), for word patterns that
#: must keep a marked word whole.
MARK_CLASS = "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in RTL_MARKS) + INVISIBLE


def index_form(text: str) -> str:
    """The text as the view feeding the index hands it to FTS5 (its tokenizer does the rest):
    an FTS5 query passed through must be read the same way to meet the indexed words."""
    return text.translate(_INDEX_FORM)


def unmarked(text: str) -> str:
    """The text without Hebrew and Arabic vowel marks (and tatweel), letters untouched: a
    vocalised word and its plain spelling compare equal, nothing else changes."""
    return text.translate(_UNMARKED)


_lock = threading.Lock()
_index: sqlite3.Connection | None = None


def _fts() -> sqlite3.Connection:
    """A private in-memory FTS5 table with the search index's tokenizer (made on first use)."""
    global _index
    if _index is None:
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.execute(
            "create virtual table probe using fts5(x, tokenize='unicode61 remove_diacritics 2')"
        )
        db.execute("create virtual table probe_terms using fts5vocab(probe, 'instance')")
        _index = db
    return _index


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """What the index makes of one character inside a word ("" for a mark it drops)."""
    if ch in EQUIVALENT:
        return EQUIVALENT[ch]
    if ch.isascii():
        return ch.lower()
    with _lock:
        db = _fts()
        # between two ASCII letters, so a mark or joiner still sits inside a token
        db.execute("insert into probe(rowid, x) values (1, ?)", (f"a{ch}a",))
        terms = [row[0] for row in db.execute("select term from probe_terms")]
        db.execute("delete from probe")
    if len(terms) != 1:
        return ch.lower()  # not a word character for the index: the tokenizer splits there
    return terms[0][1:-1]


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case and strip diacritics where the index does ("Përgjithshme" = "pergjithshme").

    Called once per word of every highlighted hit: words repeat, so the result is cached."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(ch) for ch in text)

"""Fold text for search exactly as the search index does, so query, index and highlights agree.

The index (m007/m008) tokenizes with SQLite FTS5's `unicode61 remove_diacritics 2`: it
lower-cases and strips diacritics from Latin letters but keeps Cyrillic "й", Greek accents and
"ß". Folding in Python with Unicode NFD instead would turn the query "мой" into "мои" (another
word) and "Straße" into "strasse" (no hit). So each character is folded by asking FTS5 itself
once (an in-memory index; cached). One addition on both sides: Russian "ё" is written "е" in
most printed text, so the index and this fold both read "ё" as "е" (see m008_search_yo).
"""

from __future__ import annotations

import sqlite3
import threading
from functools import lru_cache

#: Letters read as another letter by the index and by `fold` (SQL replace() in m008_search_yo).
EQUIVALENT = {"ё": "е", "Ё": "е"}

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

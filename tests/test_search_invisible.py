"""A word with an invisible character inside is found by its visible spelling.

Texts copied from word processors and PDFs carry soft hyphens (U+00AD, a hyphenation hint)
inside words, and some zero-width spaces or word joiners: "Every­one" looks like "Everyone",
and a searcher types what they see. The index, the query and the highlights read such a word
as if the character were not there; a regular expression stays literal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import import_pair
from workbench import concordance, search
from workbench.migrations.search_marks import feed_view_sql as feed_view_before_m014
from workbench.store import Store

SOFT = "\u00ad"
SOURCE = [
    f"Every{SOFT}one has the right to life.",
    "Hu\u200bman dig\u2060nity is in\u00adviolable.",
]
TARGET = ["Çdo njeri ka të drejtë për jetë.", "Dinjiteti njerëzor është i pacenueshëm."]


@pytest.fixture
def hyphened(db_path: Path) -> Path:
    store = Store(db_path)
    import_pair(store, SOURCE, TARGET, src_lang="en", tgt_lang="sq", title="hyphened")
    store.close()
    return db_path


def found(store: Store, q: str, **args: str) -> list[str]:
    """The highlighted words of every hit, cut from the text as stored."""
    result = search.search(store, search.parse_query({"q": q, **args}))
    return [hit["text"][a:b] for hit in result.items for a, b in hit["highlights"]]


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("everyone", [f"Every{SOFT}one"]),
        (f"every{SOFT}one", [f"Every{SOFT}one"]),
        ('"human dignity"', ["Hu\u200bman dig\u2060nity"]),
        ("inviolable", [f"in{SOFT}violable"]),
        ("hu\u200bman", ["Hu\u200bman"]),
        ("every*", [f"Every{SOFT}one"]),
    ],
)
def test_a_word_is_found_by_its_visible_spelling_and_highlighted_whole(
    hyphened: Path, q: str, words: list[str]
) -> None:
    store = Store(hyphened)
    try:
        assert found(store, q) == words
    finally:
        store.close()


def test_a_regular_expression_stays_literal(hyphened: Path) -> None:
    store = Store(hyphened)
    try:
        assert found(store, "Everyone", regex="1") == []
        assert found(store, f"Every{SOFT}one", regex="1") == [f"Every{SOFT}one"]
    finally:
        store.close()


def test_the_concordance_finds_the_word_as_written(hyphened: Path) -> None:
    store = Store(hyphened)
    try:
        query = concordance.parse_concordance({"term": "everyone", "lang": "en"})
        [line] = concordance.concordance(store, query).lines
        assert line["keyword"] == f"Every{SOFT}one"
    finally:
        store.close()


def test_a_database_from_before_finds_its_hyphened_words_once_upgraded(hyphened: Path) -> None:
    """Its index was built without dropping the characters: the upgrade rebuilds it."""
    store = Store(hyphened)
    store.db.execute("drop view segments_search")
    store.db.execute(feed_view_before_m014())
    store.db.execute("insert into segments_fts(segments_fts) values ('rebuild')")
    store.db.execute("delete from _sqlite_migrations where name = 'm014_search_invisible'")
    store.db.conn.commit()
    assert found(store, "everyone") == []  # as it was before
    store.close()
    upgraded = Store(hyphened)
    try:
        assert found(upgraded, "everyone") == [f"Every{SOFT}one"]
        assert found(upgraded, "inviolable") == [f"in{SOFT}violable"]
    finally:
        upgraded.close()

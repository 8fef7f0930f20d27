"""Imports feed the search index in one statement: every row indexed, as the trigger would."""

from __future__ import annotations

import pytest

from workbench import services
from workbench.errors import InputError
from workbench.migrations.search_marks import PAUSED_TABLE
from workbench.store import Store

ARABIC = "كَتَبَ الوَلَدُ الدَّرْسَ.\n\nذهب إلى المدرسة. ثم عاد.\n"


def indexed(store: Store) -> dict[int, tuple[str, str]]:
    """rowid → (text, tags) as the index holds them (through its external-content view)."""
    rows = store.db.execute("select rowid, text, tags from segments_fts").fetchall()
    return {rowid: (text, tags) for rowid, text, tags in rows}


def fed_by_trigger(store: Store) -> dict[int, tuple[str, str]]:
    """What the row-by-row trigger indexes for every segment: the feed view itself."""
    rows = store.db.execute("select id, text, tags from segments_search").fetchall()
    return {rowid: (text, tags) for rowid, text, tags in rows}


def test_an_import_indexes_every_paragraph_and_sentence_as_the_trigger_does(
    store: Store,
) -> None:
    services.import_file(store, ARABIC.encode(), filename="ar.txt", language="ar")
    services.import_file(
        store, b"One. Two.\n\nThree.\n", filename="en.txt", language="en", document_id=1
    )
    assert store.db.execute("select count(*) from segments").fetchone()[0] == 10
    assert indexed(store) == fed_by_trigger(store)
    store.db.execute("insert into segments_fts(segments_fts, rank) values ('integrity-check', 1)")
    assert store.db.execute(f"select count(*) from {PAUSED_TABLE}").fetchone()[0] == 0
    # the index matches the folded word whatever marks the query has
    hits = store.db.execute(
        "select count(*) from segments_fts where segments_fts match 'كتب'"
    ).fetchone()[0]
    assert hits == 2  # the paragraph and its sentence


def test_rows_added_one_by_one_are_still_indexed_by_the_trigger(store: Store) -> None:
    services.import_file(store, b"First.\n", filename="en.txt", language="en")
    version = store.db.execute("select id from versions").fetchone()[0]
    store.db.execute(
        "insert into segments (version_id, level, position, kind, parent_id, text)"
        " values (?, 'paragraph', 1, 'paragraph', null, 'Second paragraph')",
        [version],
    )
    assert indexed(store) == fed_by_trigger(store)


def test_a_failed_import_leaves_neither_rows_nor_index_entries_nor_a_pause(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.import_file(store, b"Kept.\n", filename="en.txt", language="en")
    before = indexed(store)

    def fail(*args, **kwargs):
        raise InputError("the log is full")

    monkeypatch.setattr(store, "log_event", fail)
    with pytest.raises(InputError):
        services.import_file(store, b"Lost. Twice.\n", filename="de.txt", language="de")
    assert indexed(store) == before == fed_by_trigger(store)
    assert store.db.execute(f"select count(*) from {PAUSED_TABLE}").fetchone()[0] == 0

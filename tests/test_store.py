"""The store: migrations, WAL and foreign keys, transactions, and the schema file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.conftest import REPO, import_pair
from workbench.errors import InputError, NotFound
from workbench.migrations import migrations
from workbench.store import Store
from workbench.users import add_user


def test_a_new_database_ends_at_the_latest_schema(store: Store) -> None:
    names = [m.name for m in migrations._migrations]
    assert store.applied_migrations() == names
    assert {"documents", "versions", "segments", "alignments", "links", "users", "events"} <= set(
        store.db.table_names()
    )


def test_a_database_from_the_previous_schema_is_upgraded_and_keeps_its_rows(db_path) -> None:
    old = Database(db_path)
    migrations.apply(old, stop_before="m002_alignments")
    old["documents"].insert(
        {"title": "Old", "created": "2020-01-01T00:00:00Z", "updated": "2020-01-01T00:00:00Z"}
    )
    old.close()
    store = Store(db_path)
    assert "m002_alignments" in store.applied_migrations()
    assert store.document(1)["title"] == "Old"
    assert "links" in store.db.table_names()
    assert store.migrate() == []  # nothing left to apply the second time


def test_wal_and_foreign_keys_are_on(store: Store) -> None:
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        store.db["versions"].insert(
            {"document_id": 999, "language": "en", "role": "source", "label": "x", "created": "t"}
        )


def test_a_failed_transaction_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_document("Half", {})
        raise RuntimeError("crash in the middle")
    assert store.documents() == []


def test_unknown_ids_are_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.document(42)
    with pytest.raises(NotFound):
        store.version(42)


def test_a_file_that_is_not_a_database_is_refused(tmp_path) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(InputError, match="not a workbench database"):
        Store(path)


def test_db_schema_sql_is_the_schema_of_a_fresh_database(store: Store) -> None:
    assert (REPO / "db" / "schema.sql").read_text() == store.schema()


def test_a_deleted_links_id_is_never_given_to_another_link(store: Store) -> None:
    """A shared `?at=<link id>` must not come to mean a different pair after a merge."""
    alignment_id = import_pair(store, ["Një.", "Dy.", "Tre."], ["One.", "Two.", "Three."])
    newest = store.db.execute("select max(id) from links").fetchone()[0]
    with store.transaction():
        store.db.execute("delete from links where id = ?", [newest])
        store.db.execute(
            "insert into links (alignment_id, level, src_start, src_end, tgt_start, tgt_end,"
            " status) values (?, 'paragraph', 90, 90, 90, 90, 'auto')",
            [alignment_id],
        )
    assert store.db.execute("select max(id) from links").fetchone()[0] == newest + 1


def test_upgrading_to_autoincrement_link_ids_keeps_every_link(db_path) -> None:
    old = Store(db_path)
    import_pair(old, ["Një.", "Dy."], ["One.", "Two."])
    before = old.db.execute("select * from links order by id").fetchall()
    old.close()
    db = Database(db_path)
    db.execute("drop table links")  # back to the table as m002 made it, with the same rows
    db.execute("delete from _sqlite_migrations where name = 'm009_link_ids'")
    db.execute(
        "create table links (id integer primary key, alignment_id integer not null"
        " references alignments(id), level text not null, src_start integer not null,"
        " src_end integer not null, tgt_start integer not null, tgt_end integer not null,"
        " score real, confidence real, reasons text, status text not null, set_by text,"
        " set_at text)"
    )
    db["links"].insert_all([dict(zip(_LINK_COLUMNS, row, strict=True)) for row in before])
    db.close()
    store = Store(db_path)
    assert "m009_link_ids" in store.applied_migrations()
    assert store.db.execute("select * from links order by id").fetchall() == before
    assert "AUTOINCREMENT" in store.schema()
    assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    store.close()


_LINK_COLUMNS = [
    "id",
    "alignment_id",
    "level",
    "src_start",
    "src_end",
    "tgt_start",
    "tgt_end",
    "score",
    "confidence",
    "reasons",
    "status",
    "set_by",
    "set_at",
]


def _in_another_process(path: Path, code: str) -> str:
    """Run `code` with `c`, a plain sqlite3 connection to `path`, in a new Python process."""
    script = f"import sqlite3; c = sqlite3.connect({str(path)!r}); {code}"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_opening_another_store_in_the_process_keeps_the_first_ones_writes_safe(
    tmp_path: Path,
) -> None:
    """The server opens a store per request. Opening one must not drop the SQLite locks that
    the other threads' connections hold on the file: without them, another process that closes
    its connection (the QA worker) thinks it is the last one and deletes the WAL, and every
    write committed after that is acknowledged but lost."""
    path = tmp_path / "shared.db"
    serving = Store(path)
    serving.db.execute("create table notes (text)")
    Store(path).close()  # another request
    _in_another_process(
        path, "c.execute('select count(*) from sqlite_master').fetchall(); c.close()"
    )
    with serving.transaction():
        serving.db.execute("insert into notes values ('acknowledged')")
    try:
        seen = _in_another_process(
            path, "print(c.execute('select count(*) from notes').fetchone()[0])"
        )
        assert seen == "1"
    finally:
        serving.close()


def test_a_snapshot_reads_one_state_while_another_connection_commits(tmp_path) -> None:
    """A page and its total are read in one snapshot: a row committed by another connection
    between the two reads is in neither (and is there for the next request)."""
    path = tmp_path / "snap.db"
    reader, writer = Store(path), Store(path)
    add_user(writer, "ann", "translator", "password-1", by="test")

    def users() -> int:
        return reader.db.execute("select count(*) from users").fetchone()[0]

    with reader.snapshot():
        before = users()
        add_user(writer, "bob", "translator", "password-2", by="test")  # committed elsewhere
        assert users() == before
        with reader.snapshot():  # nested: the same view
            assert users() == before
    assert users() == before + 1
    assert not reader.db.conn.in_transaction
    reader.close()
    writer.close()

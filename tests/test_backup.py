"""`workbench backup` and `workbench restore`: consistent copies while people write, and a
restore that checks the file first, keeps what it replaced and refuses under a running server."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from workbench import backup
from workbench.errors import Conflict, InputError
from workbench.store import Store


def _count(path: Path, table: str = "events") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        conn.close()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _write_pairs(db_path: Path, stop: threading.Event, written: list[int]) -> None:
    """Commit two events per transaction until told to stop: a torn copy shows an odd count."""
    store = Store(db_path)
    try:
        while not stop.is_set():
            with store.transaction():
                store.log_event("test.a", "test", len(written), user="writer", after="x" * 500)
                store.log_event("test.b", "test", len(written), user="writer", after="y" * 500)
            written.append(1)
    finally:
        store.close()


def test_a_backup_under_concurrent_writes_is_consistent(tmp_path: Path) -> None:
    db_path = tmp_path / "live.db"
    Store(db_path).close()
    stop, written = threading.Event(), []
    writer = threading.Thread(target=_write_pairs, args=(db_path, stop, written))
    writer.start()
    try:
        while len(written) < 50:
            threading.Event().wait(0.01)
        copies = []
        for number in range(3):
            before = 2 * len(written)
            target = tmp_path / f"copy-{number}.db"
            result = backup.backup(db_path, target)
            after = 2 * len(written) + 2  # a pair may be committing right now
            copies.append((target, result, before, after))
    finally:
        stop.set()
        writer.join(timeout=30)
    assert len(written) > 50
    for target, result, before, after in copies:
        assert _integrity(target) == "ok"
        events = _count(target)
        assert events % 2 == 0, "a transaction was copied in half"
        assert before <= events <= after
        assert result.events == events
        assert not Path(f"{target}-wal").exists()  # one self-contained file
        Store(target).close()  # opens as a workbench database
    assert not list(tmp_path.glob(".*.tmp")), "temporary files left behind"


def test_backup_refuses_to_overwrite_without_force(tmp_path: Path, cli, db_path: Path) -> None:
    Store(db_path).close()
    target = tmp_path / "backup.db"
    target.write_bytes(b"precious")
    result = cli("backup", target)
    assert result.exit_code == 2
    assert "--force" in result.output
    assert target.read_bytes() == b"precious"
    result = cli("backup", target, "--force")
    assert result.exit_code == 0, result.output
    assert _integrity(target) == "ok"
    assert cli("backup", db_path, "--force").exit_code == 2  # never onto the database itself


def test_restore_replaces_the_database_and_keeps_the_old_one(
    tmp_path: Path, cli, db_path: Path
) -> None:
    store = Store(db_path)
    store.add_document("Kept in the backup", {})
    store.close()
    db_path.with_name(db_path.name + ".secret").write_text("old-key")
    saved = tmp_path / "saved.db"
    assert cli("backup", saved).exit_code == 0
    store = Store(db_path)
    store.add_document("Written after the backup", {})
    store.close()

    result = cli("restore", saved, "--yes")
    assert result.exit_code == 0, result.output
    titles = [row["title"] for row in Store(db_path).documents()]
    assert titles == ["Kept in the backup"]
    kept = backup.before_restore_path(db_path)
    conn = sqlite3.connect(kept)
    assert sorted(r[0] for r in conn.execute("select title from documents")) == [
        "Kept in the backup",
        "Written after the backup",
    ]
    conn.close()
    assert not db_path.with_name(db_path.name + ".secret").exists()  # sessions end
    assert _integrity(db_path) == "ok"


@pytest.mark.parametrize("kind", ["garbage", "empty-sqlite", "newer"])
def test_restore_refuses_a_file_that_is_not_a_sound_workbench_database(
    tmp_path: Path, db_path: Path, kind: str
) -> None:
    store = Store(db_path)
    store.add_document("Current", {})
    store.close()
    candidate = tmp_path / "candidate.db"
    if kind == "garbage":
        candidate.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    elif kind == "empty-sqlite":
        sqlite3.connect(candidate).execute("create table t (x)").connection.close()
    else:
        Store(candidate).close()
        conn = sqlite3.connect(candidate)
        conn.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at) "
            "values ('workbench', 'm999_from_the_future', '2099-01-01')"
        )
        conn.commit()
        conn.close()
    before = db_path.read_bytes()
    with pytest.raises(InputError):
        backup.restore(db_path, candidate)
    assert [d["title"] for d in Store(db_path).documents()] == ["Current"]
    assert not backup.before_restore_path(db_path).exists()
    assert len(db_path.read_bytes()) == len(before)


def test_restore_refuses_while_a_server_runs(tmp_path: Path, db_path: Path) -> None:
    Store(db_path).close()
    saved = tmp_path / "saved.db"
    backup.backup(db_path, saved)
    with backup.serving_lock(db_path), pytest.raises(Conflict, match="server is running"):
        backup.restore(db_path, saved)
    backup.restore(db_path, saved)  # the server stopped: now it goes through


def test_restore_through_a_symbolic_link_replaces_the_database_and_waits_for_its_server(
    tmp_path: Path, db_path: Path
) -> None:
    """A server on the file and a restore through a link to it (or the other way round)
    take one lock; the restore replaces the file the link points to, not the link."""
    store = Store(db_path)
    store.add_document("Before", {})
    store.close()
    saved = tmp_path / "saved.db"
    backup.backup(db_path, saved)
    store = Store(db_path)
    store.add_document("After", {})
    store.close()
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    for served, restored in ((db_path, link), (link, db_path)):
        with backup.serving_lock(served), pytest.raises(Conflict, match="server is running"):
            backup.restore(restored, saved)
    assert _titles(db_path) == ["After", "Before"]
    backup.restore(link, saved)
    assert link.is_symlink() and link.resolve() == db_path.resolve()
    assert _titles(db_path) == ["Before"]


def test_restore_upgrades_an_older_backup(tmp_path: Path, db_path: Path) -> None:
    """A backup made before a migration existed gets the migration when restored."""
    from sqlite_utils import Database

    from workbench.migrations import migrations

    old = tmp_path / "old.db"
    database = Database(old)
    names = [m.name for m in migrations.pending(Database(memory=True))]
    migrations.apply(database, stop_before=names[-1])
    database.close()
    Store(db_path).close()
    backup.restore(db_path, old)
    assert Store(db_path).applied_migrations() == names


@pytest.mark.parametrize("suffix", [".secret", ".lock"])
def test_backup_never_writes_over_the_files_beside_the_database(
    tmp_path: Path, cli, db_path: Path, suffix: str
) -> None:
    """The tester's `backup prod/wb.db.secret --force` wrote SQLite over the session key, and
    the next `serve` died in a UnicodeDecodeError traceback."""
    Store(db_path).close()
    beside = db_path.with_name(db_path.name + suffix)
    beside.write_bytes(b"0123456789abcdef" * 4)
    for target in (beside, tmp_path / "link"):
        if target.name == "link":
            target.symlink_to(beside)
        result = cli("backup", target, "--force")
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("error: the backup cannot replace")
        assert len(result.stderr.strip().splitlines()) == 1
        assert beside.read_bytes() == b"0123456789abcdef" * 4
    with pytest.raises(InputError, match="cannot replace"):
        backup.backup(db_path, beside, force=True)


def test_restore_ends_every_session_in_the_restored_file(tmp_path: Path, db_path: Path) -> None:
    from workbench import users

    store = Store(db_path)
    users.add_user(store, "ana", "editor", "password-1", by="test")
    users.start_session(store, store.user_by_name("ana"), "127.0.0.1")
    store.close()
    saved = tmp_path / "saved.db"
    backup.backup(db_path, saved)
    assert _count(saved, "sessions") == 1  # a backup is a copy of everything ...
    backup.restore(db_path, saved)
    assert _count(db_path, "sessions") == 0  # ... but no session comes back from one


def _titles(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(row[0] for row in conn.execute("select title from documents"))
    finally:
        conn.close()


def test_each_restore_keeps_the_database_it_replaced_under_a_new_name(
    tmp_path: Path, cli, db_path: Path
) -> None:
    """A second restore used to write over DB.before-restore, losing the only copy of the data
    from before the first one. The first keeps its name (scripts look for it); later ones are
    numbered, and the CLI names the file it wrote each time."""
    saved = tmp_path / "saved.db"
    Store(db_path).close()
    assert cli("backup", saved).exit_code == 0
    written = []
    for title in ("First day", "Second day", "Third day"):
        store = Store(db_path)
        store.add_document(title, {})
        store.close()
        result = cli("restore", saved, "--yes")
        assert result.exit_code == 0, result.output
        written.append(result.stdout.strip().splitlines()[-1])
    first = backup.before_restore_path(db_path)
    kept = [first, Path(f"{first}.2"), Path(f"{first}.3")]
    assert written == [f"the replaced database is kept as {path}" for path in kept]
    assert [_titles(path) for path in kept] == [["First day"], ["Second day"], ["Third day"]]
    assert backup.kept_before_restore(db_path) == kept
    assert _titles(db_path) == []


def test_restore_numbers_past_the_highest_kept_copy_even_after_older_ones_were_deleted(
    tmp_path: Path, db_path: Path
) -> None:
    """An admin who deleted DB.before-restore but kept .2 still finds the newest copy under the
    highest number: the next one is .3, never the freed first name."""
    saved = tmp_path / "saved.db"
    Store(db_path).close()
    backup.backup(db_path, saved)
    first = backup.before_restore_path(db_path)
    assert backup.restore(db_path, saved).kept == first
    assert backup.restore(db_path, saved).kept == Path(f"{first}.2")
    first.unlink()
    Path(f"{first}.notes").write_text("not a kept database")  # not a number: ignored
    result = backup.restore(db_path, saved)
    assert result.kept == Path(f"{first}.3")
    assert not first.exists()
    assert result.documents == 0 and result.path == db_path  # still the restored file's summary


def test_a_restore_onto_no_database_keeps_nothing_and_says_so(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    Store(source).close()
    saved = tmp_path / "saved.db"
    backup.backup(source, saved)
    fresh = tmp_path / "fresh.db"
    assert backup.restore(fresh, saved).kept is None
    assert backup.kept_before_restore(fresh) == []

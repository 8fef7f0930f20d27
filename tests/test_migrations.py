"""The migration runner: every pending migration in one transaction, once, and never on a file
that is not a workbench database."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.conftest import snapshot
from workbench import migrations as runner
from workbench.errors import InputError
from workbench.migrations import migrations
from workbench.store import Store
from workbench.store.base import NotAWorkbenchDatabase


def test_known_lists_every_registered_migration_in_order() -> None:
    names = runner.known()
    assert names[0] == "m001_core" and names == sorted(names)
    assert len(names) == len(set(names))


def test_apply_all_applies_every_pending_migration_and_then_nothing(tmp_path: Path) -> None:
    db = Database(tmp_path / "new.db")
    assert runner.apply_all(db) == runner.known()
    assert runner.applied(db) == runner.known()
    assert runner.apply_all(db) == []
    db.close()


def test_apply_all_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m003_flags")
    db.execute("create table edition_links (x)")  # m005 will fail on it
    before = snapshot(path)
    with pytest.raises(sqlite3.OperationalError, match="edition_links"):
        runner.apply_all(db)
    assert not db.conn.in_transaction
    db.close()
    assert snapshot(path) == before


def test_store_reports_a_failed_upgrade_as_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m003_flags")
    db.execute("create table edition_links (x)")
    db.close()
    before = snapshot(path)
    with pytest.raises(InputError, match="left as it was"):
        Store(path)
    assert snapshot(path) == before


def test_threads_opening_a_new_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def open_it() -> None:
        try:
            start.wait()
            Store(path).close()
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("select name from _sqlite_migrations order by id")]
    conn.close()
    assert names == runner.known()


def test_store_refuses_a_file_with_tables_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table inventory (item text)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAWorkbenchDatabase, match="inventory"):
        Store(path)
    assert path.read_bytes() == before


def test_store_opens_a_file_holding_only_an_empty_migrations_table(tmp_path: Path) -> None:
    """What an interrupted first start could leave: bookkeeping, no data of anyone's."""
    path = tmp_path / "started.db"
    migrations.ensure_migrations_table(Database(path))
    store = Store(path)
    assert store.applied_migrations() == runner.known()
    store.close()


def test_store_refuses_a_database_from_a_newer_workbench(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at)"
        " values ('workbench', 'm999_from_the_future', '2099-01-01')"
    )
    conn.commit()
    conn.close()
    before = snapshot(path)
    with pytest.raises(InputError, match="newer workbench"):
        Store(path)
    assert snapshot(path) == before

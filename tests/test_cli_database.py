"""Which database a command opens: only `init` (and `serve`, the start command) makes a new one;
no command migrates a file that is not a workbench database or comes from a newer workbench;
an upgrade that fails changes nothing."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.conftest import Cli, snapshot
from workbench.migrations import migrations

#: Every command that opens the database, with arguments that would otherwise run.
COMMANDS = [
    ("documents",),
    ("show", "1"),
    ("schema",),
    ("import", "{text}", "--lang", "en"),
    ("align", "--document", "1"),
    ("compare", "1", "--a", "1", "--b", "2"),
    ("qa", "1"),
    ("publish", "1"),
    ("editions", "1"),
    ("export", "1", "--format", "csv", "-o", "{out}"),
    ("glossary", "list"),
    ("glossary", "export", "--shared", "-o", "{out}"),
    ("glossary", "import", "{glossary}", "--shared", "--src-lang", "sq", "--tgt-lang", "en"),
    ("users", "list"),
    ("users", "add", "ana", "--role", "editor", "--password-stdin"),
    ("users", "token", "ana"),
    ("users", "disable", "ana"),
    ("users", "enable", "ana"),
    ("users", "passwd", "ana", "--password-stdin"),
    ("users", "role", "ana", "admin"),
    ("events",),
    ("events", "--user", "ana", "--since", "2024-01-01"),
]


def arguments(command: tuple[str, ...], tmp_path: Path) -> list[str]:
    text = tmp_path / "text.txt"
    text.write_text("A paragraph.\n", encoding="utf-8")
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target\nneni,article\n", encoding="utf-8")
    values = {"text": text, "glossary": glossary, "out": tmp_path / "out.csv"}
    return [part.format(**values) for part in command]


def fails_in_one_line(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def foreign_sqlite_file(path: Path) -> bytes:
    """Somebody else's SQLite file, which happens to have a table named like one of ours."""
    conn = sqlite3.connect(path)
    conn.execute("create table editions (isbn text, title text)")
    conn.execute("insert into editions values ('978-0', 'Not ours')")
    conn.commit()
    conn.close()
    return path.read_bytes()


# -- a path with no database ----------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_mistyped_db_path_is_refused_and_no_file_is_created(tmp_path, command) -> None:
    typo = tmp_path / "typo.db"
    result = Cli(typo)(*arguments(command, tmp_path), input="password-1\n")
    fails_in_one_line(result, f"no database at {typo}: run `workbench --db {typo} init` first")
    assert not typo.exists()
    assert not (tmp_path / "out.csv").exists()


def test_init_creates_a_new_database_and_its_folders(tmp_path) -> None:
    path = tmp_path / "new" / "folder" / "workbench.db"
    result = Cli(path)("init")
    assert result.exit_code == 0, result.output
    assert "m001_core" in result.stdout
    assert Cli(path)("documents").exit_code == 0


# -- a file with no database in it yet ------------------------------------------------------


def zero_byte_file(path: Path) -> bytes:
    """What `: > FILE` leaves, or Python's sqlite3 after a connection that committed nothing."""
    sqlite3.connect(path).close()
    assert path.read_bytes() == b""
    return b""


def table_less_sqlite_file(path: Path) -> bytes:
    """A valid SQLite database with nothing in it (`pragma user_version=0; vacuum;`)."""
    conn = sqlite3.connect(path)
    conn.execute("pragma user_version=0")
    conn.execute("vacuum")
    conn.close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    return path.read_bytes()


BLANK_FILES = [zero_byte_file, table_less_sqlite_file]


def assert_untouched(path: Path, before: bytes) -> None:
    """Byte for byte as it was, and no journal, WAL or shared memory file beside it."""
    assert path.read_bytes() == before
    for suffix in ("-wal", "-shm", "-journal"):
        assert not path.with_name(path.name + suffix).exists()


@pytest.mark.parametrize("make", BLANK_FILES, ids=lambda make: make.__name__)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_file_with_no_database_in_it_is_refused_and_left_alone(tmp_path, command, make) -> None:
    path = tmp_path / "empty.txt"
    before = make(path)
    result = Cli(path)(*arguments(command, tmp_path), input="password-1\n")
    fails_in_one_line(
        result,
        f"error: {path} is empty, not a workbench database:"
        f" run `workbench --db {path} init` to create one there",
    )
    assert_untouched(path, before)
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("make", BLANK_FILES, ids=lambda make: make.__name__)
def test_init_makes_the_database_in_a_file_with_none_in_it(tmp_path, make) -> None:
    path = tmp_path / "empty.txt"
    make(path)
    result = Cli(path)("init")
    assert result.exit_code == 0, result.output
    assert "m001_core" in result.stdout
    listed = Cli(path)("documents")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout == ""


def test_serve_makes_the_database_in_an_empty_file(tmp_path, monkeypatch) -> None:
    """The start command (`scripts/start` runs `serve --demo`) still creates the database."""
    import flask

    served: list[str] = []
    monkeypatch.setattr(flask.Flask, "run", lambda app, **options: served.append(app.name))
    path = tmp_path / "empty.db"
    zero_byte_file(path)
    result = Cli(path)("serve", "--port", "0")
    assert result.exit_code == 0, result.output
    assert served and f"database: {path}" in result.stdout
    assert Cli(path)("documents").exit_code == 0


@pytest.mark.parametrize("content", [b"x", b"SQLite", b"hello\n", b"\x00" * 4096])
def test_a_short_or_zeroed_file_that_is_not_sqlite_is_refused_even_by_init(
    tmp_path, monkeypatch, content
) -> None:
    """SQLite itself would take a one-byte file for an empty database and write over it."""
    import flask

    monkeypatch.setattr(flask.Flask, "run", lambda app, **options: None)  # never serve here
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    for command in (("init",), ("serve",), ("documents",), ("backup", str(tmp_path / "b.db"))):
        fails_in_one_line(Cli(path)(*command), f"{path} is not a workbench database")
        assert_untouched(path, content)
    assert not (tmp_path / "b.db").exists()


# -- backups read the database as it is ------------------------------------------------------


@pytest.mark.parametrize("make", BLANK_FILES, ids=lambda make: make.__name__)
def test_backup_refuses_a_file_with_no_database_and_writes_nothing(tmp_path, make) -> None:
    path = tmp_path / "empty.txt"
    before = make(path)
    target = tmp_path / "saved.db"
    fails_in_one_line(Cli(path)("backup", str(target)), f"{path} is empty", "init")
    assert_untouched(path, before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


def test_backup_refuses_a_missing_or_foreign_database_and_writes_nothing(tmp_path) -> None:
    typo = tmp_path / "no" / "such.db"
    target = tmp_path / "saved.db"
    fails_in_one_line(Cli(typo)("backup", str(target)), f"no database at {typo}")
    assert not typo.parent.exists()
    other = tmp_path / "other.db"
    before = foreign_sqlite_file(other)
    fails_in_one_line(Cli(other)("backup", str(target)), f"{other} is not a workbench database")
    assert_untouched(other, before)
    assert not target.exists()


def test_restore_into_a_new_path_claims_no_replaced_database(tmp_path) -> None:
    saved = tmp_path / "saved.db"
    assert Cli(tmp_path / "a.db")("init").exit_code == 0
    assert Cli(tmp_path / "a.db")("backup", str(saved)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = Cli(fresh)("restore", str(saved), "--yes")
    assert result.exit_code == 0, result.output
    assert "replaced" not in result.stdout
    assert Cli(fresh)("documents").exit_code == 0
    again = Cli(fresh)("restore", str(saved), "--yes")
    assert f"kept as {fresh}.before-restore" in again.stdout


def test_backup_of_an_older_database_saves_it_unmigrated(tmp_path) -> None:
    """A backup taken before an upgrade must be the database before the upgrade."""
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m002_alignments")
    old.close()
    before = snapshot(path)
    target = tmp_path / "saved.db"
    result = Cli(path)("backup", str(target))
    assert result.exit_code == 0, result.output
    assert snapshot(path) == before
    assert snapshot(target) == before


def test_a_database_path_under_a_regular_file_is_one_line(tmp_path) -> None:
    regular = tmp_path / "ok.txt"
    regular.write_text("a regular file", encoding="utf-8")
    path = regular / "x.db"
    fails_in_one_line(Cli(path)("documents"), f"no database at {path}")
    fails_in_one_line(Cli(path)("init"), f"cannot create the database {path}", "not a folder")
    assert regular.read_text(encoding="utf-8") == "a regular file"


# -- a file that is not ours ----------------------------------------------------------------


@pytest.mark.parametrize("command", [("documents",), ("users", "list"), ("schema",)])
def test_a_command_refuses_an_sqlite_file_of_someone_else_and_leaves_it_alone(
    tmp_path, command
) -> None:
    path = tmp_path / "other.db"
    before = foreign_sqlite_file(path)
    result = Cli(path)(*command)
    fails_in_one_line(result, f"{path} is not a workbench database", "init")
    assert path.read_bytes() == before
    assert not path.with_name("other.db-wal").exists()


def test_init_refuses_an_sqlite_file_of_someone_else_without_creating_a_table(tmp_path) -> None:
    path = tmp_path / "other.db"
    before = foreign_sqlite_file(path)
    result = Cli(path)("init")
    fails_in_one_line(result, f"{path} is not a workbench database", "editions")
    assert path.read_bytes() == before  # no table, no migration record, no WAL mode
    conn = sqlite3.connect(path)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in conn.execute("select name from sqlite_master")] == ["editions"]
    conn.close()


def test_a_file_that_is_not_sqlite_is_refused_in_one_line(tmp_path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"plain notes, not a database " * 200)
    before = path.read_bytes()
    for command in (("init",), ("documents",)):
        fails_in_one_line(Cli(path)(*command), f"{path} is not a workbench database")
    assert path.read_bytes() == before


def test_a_database_from_a_newer_workbench_is_refused_by_every_command(tmp_path) -> None:
    path = tmp_path / "newer.db"
    assert Cli(path)("init").exit_code == 0
    conn = sqlite3.connect(path)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at)"
        " values ('workbench', 'm999_from_the_future', '2099-01-01')"
    )
    conn.commit()
    conn.close()
    before = snapshot(path)
    for command in (("documents",), ("init",), ("users", "list")):
        fails_in_one_line(Cli(path)(*command), "newer workbench", "m999_from_the_future")
    assert snapshot(path) == before


# -- an upgrade is all or nothing -----------------------------------------------------------


def test_an_upgrade_that_fails_half_way_leaves_the_database_as_it_was(tmp_path) -> None:
    """m002–m004 would apply, m005 fails on a table someone added by hand: none is kept."""
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m002_alignments")
    old.execute("create table editions (note text)")
    old.close()
    before = snapshot(path)
    result = Cli(path)("init")
    fails_in_one_line(result, f"cannot upgrade {path}", "left as it was", "editions")
    assert snapshot(path) == before
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("select name from _sqlite_migrations")] == ["m001_core"]
    conn.close()


# -- file modes and the session key ---------------------------------------------------------


def test_a_new_database_and_its_wal_are_readable_by_their_owner_only(tmp_path) -> None:
    """The file holds password and token hashes: 0600, not the umask's 0644."""
    import os
    import stat

    path = tmp_path / "new.db"
    old_umask = os.umask(0o022)
    try:
        assert Cli(path)("init").exit_code == 0
        conn = sqlite3.connect(path)  # WAL mode: -wal and -shm appear while it is open
        conn.execute("create table if not exists probe (x)")
        files = [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))]
        modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files if f.exists()}
        conn.close()
    finally:
        os.umask(old_umask)
    assert modes[path.name] == 0o600
    assert set(modes.values()) == {0o600}, modes


@pytest.mark.parametrize(
    "content",
    [b"SQLite format 3\x00\xff\xfe" + bytes(range(256)), b"", b"short"],
    ids=["a backup written over it", "empty", "too short"],
)
def test_a_broken_session_key_is_one_error_line_at_start(tmp_path, content: bytes) -> None:
    path = tmp_path / "wb.db"
    assert Cli(path)("init").exit_code == 0
    secret = path.with_name(path.name + ".secret")
    secret.write_bytes(content)
    result = Cli(path)("serve", "--port", "0")
    fails_in_one_line(result, f"{secret} is not a session key", "remove it")
    assert secret.read_bytes() == content  # never replaced behind the admin's back


# -- serve: where it listens -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (("--port", "99999"), ("99999 is not in the range 0<=x<=65535",)),
        (("--port", "-1"), ("-1 is not in the range",)),
        (("--host", "999.1.1.1", "--port", "0"), ("--host 999.1.1.1",)),
        (("--host", "999.1.1.1", "--port", "0", "--production"), ("--host 999.1.1.1",)),
        (("--threads", "4", "--port", "0"), ("--threads is for --production",)),
    ],
)
def test_serve_refuses_an_address_it_cannot_listen_on_in_one_line(
    tmp_path, monkeypatch, options, words
) -> None:
    """A port past 65535 wrapped round (99999 served on 34463 after announcing 99999), -1 and
    a host that does not resolve gave tracebacks and exit 1."""
    import flask

    served: list[str] = []
    monkeypatch.setattr(flask.Flask, "run", lambda app, **kw: served.append(app.name))
    path = tmp_path / "w.db"
    assert Cli(path)("init").exit_code == 0
    fails_in_one_line(Cli(path)("serve", *options), *words)
    assert not served


def test_serve_refuses_a_port_in_use_before_starting(tmp_path, monkeypatch) -> None:
    import flask

    served: list[str] = []
    monkeypatch.setattr(flask.Flask, "run", lambda app, **kw: served.append(app.name))
    path = tmp_path / "w.db"
    assert Cli(path)("init").exit_code == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        fails_in_one_line(Cli(path)("serve", "--port", str(port)), f"127.0.0.1:{port}", "in use")
    assert not served

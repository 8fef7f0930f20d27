"""All storage: the only module that writes SQL. A thin typed layer over sqlite-utils.

Store methods never commit on their own: services wrap each use case in `store.transaction()`,
so a failure half-way leaves the database exactly as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from workbench import migrations
from workbench.errors import InputError
from workbench.linkops import Span
from workbench.migrations import MIGRATIONS_TABLE

DEFAULT_DB = Path("db") / "workbench.db"
DOCUMENT_FIELDS = (
    "title",
    "source_language",
    "target_language",
    "date",
    "summary",
    "citation",
    "archive_reference",
    "translator",
    "licence",
)


def now() -> str:
    """UTC timestamp with seconds, the one format used in every table."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fold_name(username: str) -> str:
    """The name as compared for sameness: "Admin" and "admin" are one account name."""
    return unicodedata.normalize("NFKC", username).casefold()


def _fold_name_sql(value: Any) -> Any:
    """`fold_name` as an SQL function: NULL and non-text stay as they are."""
    return fold_name(value) if isinstance(value, str) else value


#: SQL: the text `user` holds a character beyond ASCII (`length` counts characters, a blob's
#: `length` bytes: they differ exactly then).
_NOT_ASCII = "length(user) < length(cast(user as blob))"


def _user_folds_to(folded: str) -> str:
    """SQL: the column `user` folds (`fold_name`) to the parameter :name, itself `folded`.

    An ASCII name folds as SQLite's NOCASE compares, in C, with nothing allocated; only the
    rare stored name with other characters (a failed login's `ＡＤＭＩＮ`) goes through Python.
    A folded name beyond ASCII no ASCII name folds to, so then only those rows are folded.
    """
    others = f"({_NOT_ASCII} and fold_name(user) = :name)"
    return f"(user = :name collate nocase or {others})" if folded.isascii() else others


def default_db_path() -> Path:
    """`WORKBENCH_DB` if set, else db/workbench.db below the working directory."""
    return Path(os.environ.get("WORKBENCH_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class LinkRow:
    """One stored link: half-open position ranges on each side, at one level."""

    id: int
    alignment_id: int
    level: str
    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int
    score: float | None
    confidence: float | None
    reasons: list[str]
    status: str
    set_by: str | None
    set_at: str | None

    @property
    def src(self) -> list[int]:
        return list(range(self.src_start, self.src_end))

    @property
    def span(self) -> Span:
        return Span(self.src_start, self.src_end, self.tgt_start, self.tgt_end)

    def as_row(self) -> dict[str, Any]:
        """The stored columns without the id (what an event records and undo restores)."""
        row = {k: v for k, v in self.__dict__.items() if k != "id"}
        return row

    @property
    def tgt(self) -> list[int]:
        return list(range(self.tgt_start, self.tgt_end))


def link_row(row: dict[str, Any]) -> LinkRow:
    return LinkRow(
        id=row["id"],
        alignment_id=row["alignment_id"],
        level=row["level"],
        src_start=row["src_start"],
        src_end=row["src_end"],
        tgt_start=row["tgt_start"],
        tgt_end=row["tgt_end"],
        score=row["score"],
        confidence=row["confidence"],
        reasons=json.loads(row["reasons"] or "[]"),
        status=row["status"],
        set_by=row["set_by"],
        set_at=row["set_at"],
    )


_WRITER_LOCKS: dict[str, threading.RLock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(path: Path | None) -> threading.RLock | nullcontext[None]:
    """One lock per database file in this process (none for a memory database)."""
    if path is None:
        return nullcontext()
    key = os.path.realpath(path)
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(key, threading.RLock())


def _make_folder(path: Path) -> None:
    """Create the database's folder; a clear InputError when a file stands in the way."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        blocker = next((p for p in path.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            reason = f"{blocker} is not a folder"
        else:
            reason = error.strerror or str(error)
        raise InputError(f"cannot create the database {path}: {reason}") from error


def _create_private(path: Path) -> None:
    """Create a new database file readable by its owner only (0600): it holds password and
    token hashes. SQLite gives the -wal and -shm files it makes beside it the same mode."""
    # An existing file keeps its mode (README: `chmod 600` an older one); a folder or an
    # unwritable place is left for the connection to refuse, in its own words.
    with suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


#: The size of the smallest SQLite database file: one page of the smallest page size.
MIN_SQLITE_BYTES = 512


class NoDatabase(InputError):
    """No database at the path yet, refused when the caller may not create one there.

    Only `init` and `serve` make a database, so a mistyped --db leaves no file behind.
    """

    def __init__(self, path: Path, message: str | None = None) -> None:
        self.path = path
        super().__init__(message or f"no database at {path}")


class EmptyDatabase(NoDatabase):
    """A zero-byte file, or an SQLite file with nothing in it: no database yet either.

    Safe to initialise (nothing can be lost), but refused like a missing file otherwise, so that
    a wrong --db never turns somebody's empty file into a workbench database.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{path} is empty, not a workbench database")


class NotAWorkbenchDatabase(InputError):
    """An SQLite file holding tables of its own and no record of our migrations."""

    def __init__(self, path: Path, tables: list[str]) -> None:
        self.path = path
        self.tables = tables
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        super().__init__(f"{path} is not a workbench database (it has tables of its own: {shown})")


def check_database(path: Path) -> None:
    """Refuse `path` as `Store(path, create=False)` would, but neither migrate nor write it.

    For a command that reads the file as it is: a backup copies the database before any
    upgrade, never after.
    """
    _open_checked(path, create=False).close()


def _open_checked(path: Path, *, create: bool) -> Database:
    """A connection to `path`, once the file proved to be ours (or new, when `create`)."""
    if not create and not path.exists():
        raise NoDatabase(path)  # before connecting, which would create the file
    _refuse_not_sqlite(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise InputError(f"cannot open the database {path}: {error}") from error
    db = Database(conn)
    try:
        db.execute("PRAGMA busy_timeout=5000")
        _refuse_unless_ours(db, path, create=create)
    except sqlite3.OperationalError:  # locked, unreadable: not a question of format
        db.close()
        raise
    except sqlite3.DatabaseError as error:  # "file is not a database", "malformed"
        db.close()
        raise InputError(f"{path} is not a workbench database: {error}") from error
    except BaseException:
        db.close()
        raise
    return db


def _refuse_not_sqlite(path: Path) -> None:
    """Refuse a non-empty file too short to be an SQLite database (one page, 512 bytes at least).

    SQLite itself takes such a file for an empty database and would migrate over it; a longer
    file that is not SQLite it refuses on the first read ("file is not a database").

    Only the size is looked at: opening and closing the file here would drop every POSIX lock
    this process's SQLite connections hold on it (closing any descriptor of a file does that),
    and then another process closing its connection takes itself for the last one and deletes
    the WAL under the server's feet, so that writes the server acknowledged are lost.
    """
    with suppress(OSError):  # missing (a new database), unreadable: SQLite says which
        if path.is_file() and 0 < path.stat().st_size < MIN_SQLITE_BYTES:
            raise InputError(f"{path} is not a workbench database: file is not a database")


def _refuse_unless_ours(db: Database, path: Path, *, create: bool) -> None:
    """Refuse, before writing anything, a file that is not ours to migrate.

    A new (empty) file is ours when we may create a database; one that records our
    migrations is ours, unless it records one this version does not know (a newer workbench
    wrote it: its schema is not ours). A file with tables of its own and no record of our
    migrations is someone else's.
    """
    applied = set(migrations.applied(db))
    if not applied:
        tables = _own_tables(db)
        if tables:
            raise NotAWorkbenchDatabase(path, tables)
        if not create:
            raise EmptyDatabase(path)
        return
    unknown = sorted(applied - set(migrations.known()))
    if unknown:
        raise InputError(
            f"{path} comes from a newer workbench (migrations {', '.join(unknown)}):"
            " upgrade the workbench to open it"
        )


def _own_tables(db: Database) -> list[str]:
    """The tables and views of the file, apart from SQLite's and the migrations record."""
    rows = db.execute(
        "select name from sqlite_master where type in ('table', 'view')"
        " and name not like 'sqlite_%' and name != ? order by name",
        [MIGRATIONS_TABLE],
    ).fetchall()
    return [row[0] for row in rows]


class StoreBase:
    """The connection, schema, transactions, the events log and users."""

    def __init__(
        self, path: str | Path | None = None, *, memory: bool = False, create: bool = True
    ) -> None:
        """Open (and migrate) the database; `create=False` refuses a file with none in it yet."""
        if memory:
            self.db = Database(memory=True)
            self.path: Path | None = None
        else:
            self.path = Path(path) if path else default_db_path()
            if create:
                _make_folder(self.path)
                _create_private(self.path)
            self.db = _open_checked(self.path, create=create)
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
            except BaseException:
                self.db.close()
                raise
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=5000")
        try:
            self.migrate()
        except BaseException:
            self.db.close()
            raise

    # -- schema ---------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply pending migrations, all in one transaction; return the names applied now."""
        if not migrations.migrations.pending(self.db):
            return []
        with _writer_lock(self.path):
            try:
                return migrations.apply_all(self.db)
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    raise
                raise InputError(
                    f"cannot upgrade {self.path or 'the database'} (it is left as it was): {error}"
                ) from error

    def applied_migrations(self) -> list[str]:
        return migrations.applied(self.db)

    def schema(self) -> str:
        """The schema as SQL, tables in name order (what db/schema.sql records)."""
        rows = self.db.execute(
            "select sql from sqlite_master where sql is not null "
            "and name not like 'sqlite_%' order by type desc, name"
        ).fetchall()
        return ";\n".join(row[0] for row in rows) + ";\n"

    @contextmanager
    def transaction(self) -> Iterator[StoreBase]:
        """One use case, all or nothing (nested calls become savepoints).

        The outermost transaction starts with BEGIN IMMEDIATE, taking the write lock at once:
        a plain (deferred) BEGIN reads first and upgrades to a writer later, and in WAL mode that
        upgrade fails with "database is locked" at once, without waiting for busy_timeout,
        whenever another connection committed in between (several server threads writing).
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():  # a savepoint inside the outer transaction
                yield self
            return
        # Threads of one process (the server's) queue for the write lock here, in order, rather
        # than in SQLite's busy handler, which polls with sleeps of up to 100 ms.
        with _writer_lock(self.path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:  # an error may already have rolled it back
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def snapshot(self) -> Iterator[StoreBase]:
        """Reads that see one state of the database: a page and the total it is counted
        against, so a flag raised between the two cannot make "201–400 of 450" lie.

        A deferred BEGIN takes no lock; in WAL mode its first read fixes what every later read
        sees until the end. For reads only: a write inside it could not become the writer
        once another connection has committed (use `transaction` for writes). Inside a
        transaction it is that transaction's view already.
        """
        conn = self.db.conn
        if conn.in_transaction:
            yield self
            return
        conn.execute("BEGIN")
        try:
            yield self
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")  # nothing was written: this only ends the read

    def close(self) -> None:
        self.db.close()

    # -- events ---------------------------------------------------------------------------

    def log_event(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        *,
        user: str | None,
        document_id: int | None = None,
        before: Any = None,
        after: Any = None,
    ) -> int:
        """Append to the events log: who, when, what, before and after (JSON)."""
        return self.insert_row(
            "events",
            {
                "at": now(),
                "user": user,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "document_id": document_id,
                "before": None if before is None else json.dumps(before, ensure_ascii=False),
                "after": None if after is None else json.dumps(after, ensure_ascii=False),
            },
        )

    def insert_row(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row of plain values; its id. One statement: sqlite-utils' `insert`
        looks the table up first (six statements a row), which an import raising thousands
        of flags from a file's comments pays for each of them."""
        names = ", ".join(f'"{name}"' for name in row)
        marks = ", ".join("?" for _ in row)
        sql = f'insert into "{table}" ({names}) values ({marks})'
        return self.db.conn.execute(sql, list(row.values())).lastrowid

    def events(self, document_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
        where, params = ("where document_id = ?", [document_id]) if document_id else ("", [])
        sql = f"select * from events {where} order by id desc limit ?"
        return list(self.db.query(sql, [*params, limit]))

    def events_log(
        self, *, user: str | None = None, since: str | None = None, limit: int = 50
    ) -> list[dict[str, Any]]:
        """The newest events, newest first: by or about the account `user`, from `since` on.

        `user` is matched as account names are (`fold_name`: "Admin" finds what `admin` did,
        and a failed login typed as `ADMIN`); the scan runs newest first and stops at `limit`.
        """
        clauses: list[str] = []
        params: dict[str, Any] = {"limit": limit}
        if user is not None:
            self._fold_names_in_sql()
            params["name"] = folded = fold_name(user)
            clauses.append(
                f"({_user_folds_to(folded)} or (entity = 'user' and entity_id in"
                " (select id from users where fold_name(username) = :name)))"
            )
        if since is not None:
            clauses.append("at >= :since")
            params["since"] = since
        where = f"where {' and '.join(clauses)}" if clauses else ""
        sql = f"select * from events {where} order by id desc limit :limit"
        return list(self.db.query(sql, params))

    def _fold_names_in_sql(self) -> None:
        """Make `fold_name(text)` callable in this connection's SQL (once per connection)."""
        connection = self.db.conn
        if getattr(self, "_names_folded_on", None) is not connection:
            connection.create_function("fold_name", 1, _fold_name_sql, deterministic=True)
            self._names_folded_on = connection

    # -- users ----------------------------------------------------------------------------

    def add_user(self, username: str, password_hash: str | None, role: str) -> int:
        return (
            self.db["users"]
            .insert(
                {
                    "username": username,
                    "password_hash": password_hash,
                    "role": role,
                    "created": now(),
                }
            )
            .last_pk
        )

    def user_by_id(self, user_id: int) -> dict[str, Any] | None:
        """An account's id, name, role and state (never the password or token hash)."""
        rows = self.db.query(
            "select id, username, role, created, disabled, api_token_created"
            " from users where id = ?",
            [user_id],
        )
        return next(iter(rows), None)

    def user_by_name(self, username: str) -> dict[str, Any] | None:
        """The account named `username`, whatever its case ("Admin" logs in as `admin`): names
        are ASCII and no two fold alike (users.add_user), so NOCASE finds at most one; a pair
        left from before that rule gives the exact spelling first."""
        sql = "select * from users where username = ? collate nocase order by username = ? desc"
        rows = list(self.db.query(sql, [username, username]))
        return rows[0] if rows else None

    def usernames(self) -> list[str]:
        """Every user name (to refuse one that differs from another only in case)."""
        return [row[0] for row in self.db.execute("select username from users").fetchall()]

    def users(self) -> list[dict[str, Any]]:
        return list(
            self.db.query("select id, username, role, created, disabled from users order by id")
        )

    def enabled_admin_count(self) -> int:
        """How many accounts may administer the workbench: admins not disabled. Read it in
        the transaction that would demote or disable one, so the answer holds for the change."""
        sql = "select count(*) from users where role = 'admin' and disabled is null"
        return self.db.execute(sql).fetchone()[0]

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.db.execute("update users set password_hash = ? where id = ?", [password_hash, user_id])

    def set_role(self, user_id: int, role: str) -> None:
        self.db.execute("update users set role = ? where id = ?", [role, user_id])

    def set_disabled(self, user_id: int, disabled: str | None) -> None:
        """Disable an account from `disabled` (a time) on, or enable it again (None)."""
        self.db.execute("update users set disabled = ? where id = ?", [disabled, user_id])

    def revoke_api_token(self, user_id: int) -> None:
        self.db.execute(
            "update users set api_token_hash = null, api_token_created = null where id = ?",
            [user_id],
        )

    def active_user_by_api_token(self, token_hash: str) -> dict[str, Any] | None:
        """The enabled account holding this API token."""
        rows = self.db.query(
            "select id, username, role from users where api_token_hash = ? and disabled is null",
            [token_hash],
        )
        return next(iter(rows), None)

    # -- sessions -------------------------------------------------------------------------

    def add_session(self, user_id: int, token_hash: str, expires: str, address: str) -> int:
        row = {
            "token_hash": token_hash,
            "user_id": user_id,
            "created": now(),
            "expires": expires,
            "address": address,
        }
        return self.db["sessions"].insert(row).last_pk

    def session_user(self, token_hash: str) -> dict[str, Any] | None:
        """The enabled account a live session belongs to (None once ended or expired)."""
        rows = self.db.query(
            "select u.id, u.username, u.role from sessions s join users u on u.id = s.user_id"
            " where s.token_hash = ? and s.expires > ? and u.disabled is null",
            [token_hash, now()],
        )
        return next(iter(rows), None)

    def session_count(self, user_id: int) -> int:
        """How many unexpired sessions an account has (what its account page shows)."""
        sql = "select count(*) from sessions where user_id = ? and expires > ?"
        return self.db.execute(sql, [user_id, now()]).fetchone()[0]

    def delete_session(self, token_hash: str) -> int:
        return self.db.execute("delete from sessions where token_hash = ?", [token_hash]).rowcount

    def delete_sessions(self, user_id: int, *, keep: str | None = None) -> int:
        """End every session of an account, but the one whose hash is `keep`."""
        sql = "delete from sessions where user_id = ? and token_hash is not ?"
        return self.db.execute(sql, [user_id, keep]).rowcount

    def delete_expired_sessions(self) -> int:
        return self.db.execute("delete from sessions where expires <= ?", [now()]).rowcount

    def delete_all_sessions(self) -> int:
        """End everyone's sessions (a restored backup's rows belong to another time)."""
        return self.db.execute("delete from sessions").rowcount

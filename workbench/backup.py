"""Backups and restores of a workbench database, safe while people keep working.

A backup goes through SQLite's online backup API in one step: it reads one consistent snapshot
(WAL readers never block writers, so the server keeps answering), writes it to a temporary file
beside the target, checks it, and only then renames it into place, so a crash never leaves half
a backup under the real name.

A restore replaces the database file as a whole (rename, which is atomic) after the backup has
passed `PRAGMA integrity_check` and our migrations. A running server must not have the file
open at that moment: its connections would keep the old file, and a stale `-wal` beside the new
file could be replayed into it. So `workbench serve` holds a shared lock on `DB.lock` while it
runs, and a restore takes that lock exclusively or refuses.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import Conflict, InputError

try:  # POSIX only; elsewhere the server lock is not enforced
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: Tables every workbench database has; a file without them is not one of ours.
CORE_TABLES = ("users", "documents", "versions", "segments", "events", "_sqlite_migrations")


@dataclass(frozen=True)
class DatabaseSummary:
    """What a backup or restore reports: enough to see at a glance that it is the right file."""

    path: Path
    bytes: int
    documents: int
    versions: int
    segments: int
    events: int

    def line(self) -> str:
        return (
            f"{self.path}: {self.documents} documents, {self.versions} versions, "
            f"{self.segments} segments, {self.events} events ({self.bytes / 2**20:.1f} MB)"
        )


@dataclass(frozen=True)
class RestoreSummary(DatabaseSummary):
    """A restore's report: the restored database, and where the one it replaced is kept
    (None when there was none)."""

    kept: Path | None = None


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def secret_path(db_path: Path) -> Path:
    """The session key the web app keeps beside the database (see workbench.web)."""
    return db_path.with_name(db_path.name + ".secret")


def real_path(db_path: Path) -> Path:
    """The database file itself when `db_path` is a symbolic link to it: a server started
    through the link and a restore through the file's own name (or the other way round) must
    take one lock, and a restore must replace the file, not the link."""
    return db_path.resolve() if db_path.is_symlink() else db_path


@contextlib.contextmanager
def serving_lock(db_path: Path) -> Iterator[None]:
    """Held (shared) by a running server, so that a restore can tell it must wait."""
    with _lock(real_path(Path(db_path)), exclusive=False):
        yield


@contextlib.contextmanager
def _lock(db_path: Path, *, exclusive: bool) -> Iterator[None]:
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as file:
        if fcntl is not None:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            try:
                fcntl.flock(file.fileno(), mode | fcntl.LOCK_NB)
            except BlockingIOError:
                if exclusive:
                    raise Conflict(
                        f"a server is running on {db_path}: stop it before restoring"
                    ) from None
                raise Conflict(
                    f"{db_path} is being restored: start the server afterwards"
                ) from None
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def summary(path: Path) -> DatabaseSummary:
    """Counts of the main tables of a workbench database."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counts = [
            conn.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("documents", "versions", "segments", "events")
        ]
    finally:
        conn.close()
    return DatabaseSummary(path, path.stat().st_size, *counts)


#: The files SQLite keeps beside a database: writing over any of them corrupts it.
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def database_files(db_path: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it (some may not exist)."""
    return [db_path.with_name(db_path.name + suffix) for suffix in DATABASE_SUFFIXES]


def is_database_file(path: Path, db_path: Path) -> bool:
    """`path` is the database or one of SQLite's files beside it (through links too)."""
    return any(_same_file(path, candidate) for candidate in database_files(db_path))


def protected_file(path: Path, db_path: Path) -> str | None:
    """What `path` is, when it is a file no backup or export may write over: the database (or
    SQLite's files beside it), its lock (a server's lock held on the file an export renamed
    over would no longer stop a restore), its session key, or a database a restore kept."""
    if is_database_file(path, db_path):
        return f"the database itself ({db_path})"
    for companion, what in ((secret_path(db_path), "session key"), (lock_path(db_path), "lock")):
        if _same_file(path, companion):
            return f"{companion}, the database's {what}"
    for kept in kept_before_restore(db_path):
        if _same_file(path, kept):
            return f"{kept}, the database a restore replaced and kept"
    if os.path.realpath(path) == os.path.realpath(before_restore_path(db_path)):
        return f"{path}, where the next restore keeps the database it replaces"
    return None


def _same_file(a: Path, b: Path) -> bool:
    """The same file: by inode when both exist (hard links too), else by resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def backup(db_path: Path, target: Path, *, force: bool = False) -> DatabaseSummary:
    """Copy the database (a consistent snapshot, even under writes) to `target`."""
    db_path, target = Path(db_path), Path(target)
    if not db_path.is_file():
        raise InputError(f"no database at {db_path}")
    protected = protected_file(target, db_path)
    if protected:
        raise InputError(f"the backup cannot replace {protected}")
    if target.is_dir():
        raise InputError(f"{target} is a folder: give a file name")
    if target.exists() and not force:
        raise InputError(f"{target} exists: give --force to replace it")
    _make_folder(target)
    source = sqlite3.connect(db_path, timeout=30)
    try:
        _copy_checked(source, target)
    finally:
        source.close()
    return summary(target)


def _make_folder(target: Path) -> None:
    """Create the target's folder, or say in one line why it cannot be."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        blocker = next((p for p in target.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            raise InputError(f"cannot write {target}: {blocker} is not a folder") from error
        raise InputError(f"cannot write {target}: {error.strerror or error}") from error


def _copy_checked(source: sqlite3.Connection, target: Path) -> None:
    """Back `source` up into a temporary file beside `target`, check it, rename it into place."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise InputError(f"cannot write {target}: {error.strerror or error}") from error
    os.close(fd)
    temporary = Path(name)
    try:
        copy = sqlite3.connect(temporary)
        try:
            # pages=-1: one step, one read transaction, hence one consistent snapshot; copying in
            # steps would restart whenever another connection writes.
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
            _check_integrity(copy, target)
        finally:
            copy.close()
        _fsync(temporary)
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise InputError(f"cannot write {target}: {error.strerror or error}") from error
        _fsync_dir(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _check_integrity(conn: sqlite3.Connection, name: Path) -> None:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        raise InputError(f"{name} fails the integrity check: {'; '.join(rows[:5])}")


def check_workbench_file(path: Path) -> None:
    """Refuse a file that is not a sound workbench database (or one from a newer workbench)."""
    from workbench import migrations

    if not path.is_file():
        raise InputError(f"no such file: {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            _check_integrity(conn, path)
            tables = {row[0] for row in conn.execute("select name from sqlite_master")}
            missing = [t for t in CORE_TABLES if t not in tables]
            if missing:
                raise InputError(f"{path} is not a workbench database (no {', '.join(missing)})")
            applied = {
                row[0]
                for row in conn.execute(
                    "select name from _sqlite_migrations where migration_set = 'workbench'"
                )
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise InputError(f"{path} is not a workbench database: {error}") from error
    unknown = sorted(applied - set(migrations.known()))
    if unknown:
        raise InputError(
            f"{path} comes from a newer workbench (migrations {', '.join(unknown)}): upgrade first"
        )


def before_restore_path(db_path: Path) -> Path:
    """Where the first restore keeps the database it replaced: DB.before-restore."""
    return db_path.with_name(db_path.name + ".before-restore")


def kept_before_restore(db_path: Path) -> list[Path]:
    """Every database a restore replaced and kept, oldest first: DB.before-restore, then
    DB.before-restore.2, .3, …"""
    first = before_restore_path(db_path)
    numbered = []
    for path in first.parent.glob(glob.escape(first.name) + ".*"):
        number = path.name[len(first.name) + 1 :]
        if number.isascii() and number.isdigit():
            numbered.append((int(number), path))
    kept = [first] if os.path.lexists(first) else []
    return kept + [path for _, path in sorted(numbered)]


def next_before_restore_path(db_path: Path) -> Path:
    """The name for the database the next restore replaces, never one already kept: the
    first is DB.before-restore (what scripts look for), later ones DB.before-restore.2, .3,
    … numbered past the highest there, so the numbers follow the restores' order even after
    older ones were deleted."""
    first = before_restore_path(db_path)
    kept = kept_before_restore(db_path)
    if not kept:
        return first
    last = kept[-1]
    number = 1 if last == first else int(last.name[len(first.name) + 1 :])
    return first.with_name(f"{first.name}.{number + 1}")


def restore(db_path: Path, backup_file: Path) -> RestoreSummary:
    """Replace the database by `backup_file` (checked and migrated first), atomically.

    The replaced database is kept, never over one kept before: as DB.before-restore the first
    time, then DB.before-restore.2, .3, … (`next_before_restore_path`); the summary's `kept`
    names it. Refused while a server holds the database (see `serving_lock`). Sessions end:
    the restored file keeps none, and the cookie key beside the database is removed too.
    """
    db_path, backup_file = real_path(Path(db_path)), Path(backup_file)
    if is_database_file(backup_file, db_path):
        raise InputError("the backup is the database itself")
    check_workbench_file(backup_file)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _lock(db_path, exclusive=True):
        fd, name = tempfile.mkstemp(
            prefix=f".{db_path.name}.", suffix=".restore", dir=db_path.parent
        )
        os.close(fd)
        incoming = Path(name)
        try:
            source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
            try:
                copy = sqlite3.connect(incoming)
                try:
                    source.backup(copy, pages=-1)
                finally:
                    copy.close()
            finally:
                source.close()
            _end_sessions(incoming)
            conn = sqlite3.connect(incoming)
            try:
                _check_integrity(conn, backup_file)
                conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                conn.close()
            kept = _keep_replaced(db_path) if db_path.exists() else None
            _fsync(incoming)
            os.replace(incoming, db_path)
            _fsync_dir(db_path.parent)
        except BaseException:
            incoming.unlink(missing_ok=True)
            raise
        secret_path(db_path).unlink(missing_ok=True)
    restored = summary(db_path)
    return RestoreSummary(**vars(restored), kept=kept)


def _end_sessions(path: Path) -> None:
    """Migrate a restored copy (an older backup has fewer tables) and drop the sessions it
    recorded: they belong to another time, and logouts since then would be undone."""
    from workbench.store import Store

    store = Store(path)
    try:
        with store.transaction():
            store.delete_all_sessions()
    finally:
        store.close()


def _keep_replaced(db_path: Path) -> Path:
    """Save the current database under the next free DB.before-restore name (returned) and
    leave no -wal/-shm behind it. The caller holds the restore lock, so no other restore
    can take the same name meanwhile."""
    current = sqlite3.connect(db_path, timeout=30)
    try:
        keep = next_before_restore_path(db_path)
        _copy_checked(current, keep)
        # Fold the WAL into the file; closing the last connection then removes -wal and -shm,
        # so nothing of the old database can be replayed into the new one.
        current.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        current.close()
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    return keep


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (the directory entry), where the platform allows."""
    with contextlib.suppress(OSError):
        _fsync(path)

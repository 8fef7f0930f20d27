"""The schema, as ordered migrations. Never edit an applied migration: add a new one.

Every table is created explicitly with its keys, NOT NULLs and foreign keys; nothing is created
implicitly by an insert. `sqlite_utils.Migrations` records what ran in `_sqlite_migrations`
and runs them in the order they are registered: the modules below are imported in that order
(core, publishing, search, ids, search_marks, accounts, dismissals, search_invisible,
edition_segments).

`apply_all` is how a database is migrated: every pending migration in one transaction, so a
failure half-way leaves the file exactly as it was (never half a schema).
"""

from __future__ import annotations

import functools

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("workbench")

#: Bookkeeping of sqlite-utils, not a table of anyone's data.
MIGRATIONS_TABLE = Migrations.migrations_table


def known() -> list[str]:
    """The names of every migration this version has, in the order they run."""
    return list(_known())


@functools.cache
def _known() -> tuple[str, ...]:
    # All are registered once this package is imported (below); every Store open asks.
    return tuple(migration.name for migration in migrations.pending(Database(memory=True)))


def applied(db: Database) -> list[str]:
    """The names of the workbench migrations recorded in `db` (read only)."""
    return [migration.name for migration in migrations.applied(db)]


def apply_all(db: Database) -> list[str]:
    """Apply every pending migration in ONE transaction (all or nothing); the names applied.

    The pending list is read again after BEGIN IMMEDIATE, under the write lock, so two
    processes opening a new database at once do not both migrate it. `sqlite_utils` runs each
    migration in `db.atomic()`, which inside our transaction is a savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        raise RuntimeError("migrations run in a transaction of their own")
    conn.execute("BEGIN IMMEDIATE")
    try:
        pending = [migration.name for migration in migrations.pending(db)]
        if pending:
            migrations.apply(db)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # an error may already have rolled it back
            conn.execute("ROLLBACK")
        raise
    return pending


# isort: off
from workbench.migrations import core  # noqa: E402,F401  m001–m004
from workbench.migrations import publishing  # noqa: E402,F401  m005–m006
from workbench.migrations import search  # noqa: E402,F401  m007–m008
from workbench.migrations import ids  # noqa: E402,F401  m009
from workbench.migrations import search_marks  # noqa: E402,F401  m010–m011
from workbench.migrations import accounts  # noqa: E402,F401  m012
from workbench.migrations import dismissals  # noqa: E402,F401  m013
from workbench.migrations import search_invisible  # noqa: E402,F401  m014
from workbench.migrations import edition_segments  # noqa: E402,F401  m015–
# isort: on

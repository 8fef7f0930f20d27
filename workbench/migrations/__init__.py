"""The schema, as ordered migrations. Never edit an applied migration: add a new one.

Every table is created explicitly with its keys, NOT NULLs and foreign keys; nothing is created
implicitly by an insert. `sqlite_utils.Migrations` records what ran in `_sqlite_migrations`
and runs them in the order they are registered: the modules below are imported in that order
(core, publishing, search, ids).
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("workbench")

# isort: off
from workbench.migrations import core  # noqa: E402,F401  m001–m004
from workbench.migrations import publishing  # noqa: E402,F401  m005–m006
from workbench.migrations import search  # noqa: E402,F401  m007–m008
from workbench.migrations import ids  # noqa: E402,F401  m009–
# isort: on

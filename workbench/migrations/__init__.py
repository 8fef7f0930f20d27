"""The schema, as ordered migrations. Never edit an applied migration: add a new one.

Every table is created explicitly with its keys, NOT NULLs and foreign keys; nothing is created
implicitly by an insert. `sqlite_utils.Migrations` records what ran in `_sqlite_migrations`
and runs them in the order they are registered: the modules below are imported in that order
(core: m001–m004, publishing: m005–m006, search: m007–).
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("workbench")

from workbench.migrations import core, publishing, search  # noqa: E402,F401 (registers them)

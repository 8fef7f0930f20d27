"""The `workbench` command. Each command parses options, calls a service and prints.

Every user error is one line on stderr and exit code 2; the services' transactions leave the
database as it was.

This package holds the `main` group and what the commands share; the commands themselves live
in one module per area (documents, aligning, publishing, quality, admin), imported at the end
so that they register on `main`.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from workbench import __version__
from workbench.errors import WorkbenchError
from workbench.store import Store, default_db_path


class WorkbenchGroup(click.Group):
    """Turns domain errors into one clean line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(2)
        except sqlite3.Error as error:
            click.echo(f"error: database: {error}", err=True)
            ctx.exit(2)


def open_store(ctx: click.Context) -> Store:
    """The store named by --db / WORKBENCH_DB, opened once per command."""
    obj = ctx.ensure_object(dict)
    if "store" not in obj:
        obj["store"] = Store(obj.get("db_path") or default_db_path())
        ctx.call_on_close(obj["store"].close)
    return obj["store"]


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(cls=WorkbenchGroup)
@click.version_option(__version__, prog_name="workbench")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="WORKBENCH_DB",
    help="SQLite database file (default db/workbench.db; env WORKBENCH_DB).",
)
@click.pass_context
def main(ctx: click.Context, db_path: Path | None) -> None:
    """Align source texts with their translations, review, revise and export them."""
    ctx.ensure_object(dict)["db_path"] = db_path


def progress_bar(label: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress callback that draws a bar on stderr once the work is long enough to need it."""
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if total < 2000:
                return
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
            state["done"] = 0
        state["bar"].update(done - state["done"])
        state["done"] = done

    def close() -> None:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)

    return update, close


def load_demo_texts(store: Store) -> None:
    """Load the demo texts and logins (once) and print the logins (`init` and `serve`)."""
    from workbench.demo import DEMO_USERS, load_demo

    created = load_demo(store)
    click.echo(f"demo documents loaded: {len(created)}" if created else "demo already loaded")
    click.echo("demo logins (user / password):")
    for username, role, password in DEMO_USERS:
        click.echo(f"  {role:<11} {username} / {password}")


# The command modules register their commands on `main` when imported.
from workbench.cli import admin, aligning, documents, publishing, quality  # noqa: E402, F401

"""The `workbench` command. Each command parses options, calls a service and prints.

Every user error is one line on stderr and exit code 2; the services' transactions leave the
database as it was.

This package holds the `main` group and what the commands share; the commands themselves live
in one module per area (documents, aligning, publishing, quality, admin), imported at the end
so that they register on `main`.
"""

from __future__ import annotations

import json
import shlex
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from workbench import __version__
from workbench.errors import InputError, TooLarge, WorkbenchError
from workbench.store import Store, default_db_path
from workbench.store.base import (
    EmptyDatabase,
    NoDatabase,
    NotAWorkbenchDatabase,
    check_database,
)


class OneLineUsageError(click.UsageError):
    """A mistyped command line (unknown option, bad value, missing argument) as one `error:`
    line, as every other user error is: click's own form spans three lines or more (usage,
    hint, error, and one line per choice), which a script reading stderr cannot take as one."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(error.format_message(), error.ctx)

    def show(self, file: Any = None) -> None:
        message = " ".join(self.message.split())  # click lists choices one per line
        hint = f" (see `{self.ctx.command_path} --help`)" if self.ctx is not None else ""
        click.echo(f"error: {message}{hint}", err=True)


def _one_line(error: click.UsageError) -> click.UsageError:
    """`error` shown in one line; a bare group's help (no command given) stays as it is."""
    if isinstance(error, OneLineUsageError | click.exceptions.NoArgsIsHelpError):
        return error
    return OneLineUsageError(error)


class WorkbenchGroup(click.Group):
    """Turns domain errors, database errors, file errors and usage errors into one clean line
    and exit 2."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:  # the group's own options: `workbench --dbb x`
            raise _one_line(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:  # a command's options and arguments
            raise _one_line(error) from None
        except WorkbenchError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(2)
        except sqlite3.Error as error:
            click.echo(f"error: database: {error}", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            raise  # stdout went away (`| head`): click ends quietly
        except OSError as error:
            click.echo(f"error: {describe_os_error(error)}", err=True)
            ctx.exit(2)


class StoredNumber(click.ParamType):
    """An id or number the database stores: a whole number SQLite's integers hold. One past
    them (a mistyped id of 20 digits) is a usage error, not a traceback from SQLite."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = value if isinstance(value, int) else click.INT.convert(value, param, ctx)
        from workbench.search import MAX_ID  # the bound the web app's ids have too

        if abs(number) > MAX_ID:
            shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "…"
            self.fail(f"{shown} is too large a number for an id", param, ctx)
        return number


#: The type of every id and number option and argument.
ID = StoredNumber()


def describe_os_error(error: OSError) -> str:
    """`cannot use PATH: reason` for a file error nothing more specific caught."""
    if error.filename is not None and error.strerror:
        return f"cannot use {error.filename}: {error.strerror}"
    return error.strerror or str(error)


def db_path_of(ctx: click.Context) -> Path:
    """The database named by --db / WORKBENCH_DB, else the default."""
    return Path(ctx.ensure_object(dict).get("db_path") or default_db_path())


def open_store(ctx: click.Context, *, create: bool = False) -> Store:
    """The store named by --db / WORKBENCH_DB, opened once per command.

    Only `init` and `serve` (`create=True`) make a new database: any other command refuses a
    path with none yet (missing, zero bytes, an SQLite file with no tables), so a mistyped --db
    fails without leaving a new file behind or filling somebody's empty file.
    """
    obj = ctx.ensure_object(dict)
    if "store" not in obj:
        path = db_path_of(ctx)
        with _refusals(ctx, path, create=create):
            obj["store"] = Store(path, create=create)
        ctx.call_on_close(obj["store"].close)
    return obj["store"]


def checked_db_path(ctx: click.Context) -> Path:
    """The database path, refused as `open_store` refuses it, but neither migrated nor written.

    A backup copies the database as it is: taken before an upgrade, it must not upgrade.
    """
    path = db_path_of(ctx)
    with _refusals(ctx, path, create=False):
        check_database(path)
    return path


@contextmanager
def _refusals(ctx: click.Context, path: Path, *, create: bool) -> Iterator[None]:
    """The store's refusals of a path, each with what to do about it on the command line."""
    option = f"--db {shlex.quote(str(path))} " if ctx.ensure_object(dict).get("db_path") else ""
    try:
        yield
    except EmptyDatabase as error:
        raise InputError(f"{error}: run `workbench {option}init` to create one there") from None
    except NoDatabase as error:
        raise InputError(f"{error}: run `workbench {option}init` first") from None
    except NotAWorkbenchDatabase as error:
        if create:
            raise InputError(
                f"{error}: a new database is made only in a new or empty file"
            ) from None
        raise InputError(
            f"{error}: check --db, or run `workbench --db NEW.db init` to create one"
        ) from None


def read_input(path: Path) -> bytes:
    """The bytes of an input file, refused unread when larger than the readers accept."""
    from workbench.formats import MAX_INPUT_BYTES
    from workbench.textio import label

    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            limit = MAX_INPUT_BYTES // (1024 * 1024)
            raise TooLarge(f"{label(path.name)} is larger than {limit} MB")
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error


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
    from workbench.demo import demo_logins, load_demo

    created = load_demo(store)
    logins = demo_logins(store)
    if created:
        click.echo(f"demo documents loaded: {len(created)}")
    elif logins:
        click.echo("demo already loaded")
    else:  # someone's database: no demo texts, and no published passwords added to it
        click.echo(
            "demo not loaded: this database already holds documents or accounts (the demo goes"
            " into an empty one only)"
        )
        return
    click.echo("demo logins (user / password):")
    for username, role, password in logins:
        click.echo(f"  {role:<11} {username} / {password}")


# The command modules register their commands on `main` when imported.
from workbench.cli import admin, aligning, documents, publishing, quality  # noqa: E402, F401

"""Administration: the web server, user accounts, backups and restores."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from workbench import users
from workbench.cli import (
    WorkbenchGroup,
    checked_db_path,
    db_path_of,
    echo_json,
    load_demo_texts,
    main,
    open_store,
)
from workbench.errors import InputError


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int, help="0 picks a free port.")
@click.option("--demo", is_flag=True, help="Load the demo texts and logins first (once).")
@click.option("--debug", is_flag=True, help="Flask's reloader and debugger (never in production).")
@click.option(
    "--production",
    is_flag=True,
    help="Serve with waitress: many threads, one process, no debugger.",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Worker threads of the production server.",
)
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="Behind an HTTPS reverse proxy: trust its X-Forwarded-* headers, Secure cookies.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    demo: bool,
    debug: bool,
    production: bool,
    threads: int,
    behind_proxy: bool,
) -> None:
    """Start the web app (Flask's development server, or waitress with --production).

    One process with threads suits SQLite: each request opens its own connection, WAL lets
    readers run beside the one writer, and writers queue on busy_timeout.
    """
    from workbench.backup import serving_lock
    from workbench.web import create_app

    if production and debug:
        raise InputError("--debug and --production exclude each other")
    store = open_store(ctx, create=True)  # the start command makes the default database
    if demo:
        load_demo_texts(store)
    db_path = store.path
    store.close()
    assert db_path is not None
    config: dict[str, Any] = {"DATABASE": str(db_path)}
    if behind_proxy:
        config["BEHIND_PROXY"] = True
    app = create_app(config)
    click.echo(f"database: {db_path}")
    with serving_lock(db_path):  # a restore refuses while this is held
        if not production:
            click.echo(f"open http://{host}:{port}/")
            app.run(host=host, port=port, debug=debug, use_reloader=debug)
            return
        _serve_production(app, host, port, threads)


def _serve_production(app: Any, host: str, port: int, threads: int) -> None:
    """waitress: pure Python, threads in one process, bounded request bodies."""
    import logging

    from waitress import create_server

    from workbench import findings, findings_cache

    findings_cache.offload_checks()  # long QA runs in a worker process, not under the GIL
    findings.prewarm(app.config["DATABASE"])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    limit = app.config.get("MAX_CONTENT_LENGTH") or 50 * 2**20
    server = create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="workbench",
        max_request_body_size=limit + 2**20,  # Flask answers 413 itself below this
        connection_limit=max(100, 8 * threads),
        channel_timeout=60,
        trusted_proxy=None,
    )
    click.echo(f"serving on http://{host}:{server.effective_port}/ with {threads} threads")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


@main.group("users", cls=WorkbenchGroup)
def users_group() -> None:
    """Manage user accounts."""


@users_group.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(users.ROLES))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def users_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Add a user NAME with a ROLE."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    user_id = users.add_user(open_store(ctx), name, role, password, by="cli")
    click.echo(f"user {user_id}: {name} ({role})")


@users_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def users_list(ctx: click.Context, as_json: bool) -> None:
    """List users and their roles."""
    rows = open_store(ctx).users()
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:>4}  {row['username']:<20} {row['role']:<11} {row['created']}")


@users_group.command("token")
@click.argument("name")
@click.pass_context
def users_token(ctx: click.Context, name: str) -> None:
    """Print a new API token for NAME (shown once; it replaces the old one)."""
    from workbench.users import issue_token

    click.echo(issue_token(open_store(ctx), name))


# -- backups ---------------------------------------------------------------------------------


@main.command("backup")
@click.argument("path", type=click.Path(path_type=Path))  # a folder: refused in one line
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.pass_context
def backup_command(ctx: click.Context, path: Path, force: bool) -> None:
    """Write a consistent copy of the database to PATH, also while the server runs."""
    from workbench import backup

    db_path = checked_db_path(ctx)  # ours, as it is: not upgraded before it is saved
    click.echo(f"backup {backup.backup(db_path, path, force=force).line()}")


@main.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore_command(ctx: click.Context, path: Path, yes: bool) -> None:
    """Replace the database by the backup PATH (checked first); the old one is kept.

    Refused while `workbench serve` runs on the database: stop it, restore, start it again.
    Everyone logs in again afterwards.
    """
    from workbench import backup

    db_path = db_path_of(ctx)
    replacing = db_path.exists()
    if not yes and replacing:
        click.confirm(f"replace {db_path} by {path}?", abort=True)
    result = backup.restore(db_path, path)
    click.echo(f"restored {result.line()}")
    if replacing:  # else nothing was replaced, and an old DB.before-restore is not this one
        click.echo(f"the replaced database is kept as {backup.before_restore_path(db_path)}")

"""Administration: the web server, user accounts, the events log, backups and restores."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

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
from workbench.errors import InputError, NotFound


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    default=5000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="0 picks a free port.",
)
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
@click.option(
    "--proxy-address",
    metavar="ADDRESS",
    help="With --behind-proxy: the address the proxy connects from; X-Forwarded-* headers "
    "from any other are dropped.  [default: 127.0.0.1]",
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
    proxy_address: str | None,
) -> None:
    """Start the web app (Flask's development server, or waitress with --production).

    One process with threads suits SQLite: each request opens its own connection, WAL lets
    readers run beside the one writer, and writers queue on busy_timeout.
    """
    from workbench.backup import serving_lock
    from workbench.web import create_app

    if production and debug:
        raise InputError("--debug and --production exclude each other")
    if not production and ctx.get_parameter_source("threads") is ParameterSource.COMMANDLINE:
        raise InputError("--threads is for --production (the development server has its own)")
    if proxy_address is not None and not behind_proxy:
        raise InputError("--proxy-address goes with --behind-proxy")
    if proxy_address is not None:
        proxy_address = proxy_ip(proxy_address)
    store = open_store(ctx, create=True)  # the start command makes the default database
    if demo:
        load_demo_texts(store)
    db_path = store.path
    store.close()
    assert db_path is not None
    # under waitress, waitress reads the proxy's headers (checking where they come from)
    config: dict[str, Any] = {"DATABASE": str(db_path), "PROXY_HEADERS_IN_SERVER": production}
    if behind_proxy:
        config["BEHIND_PROXY"] = True
    if proxy_address:
        config["PROXY_ADDRESS"] = proxy_address
    app = create_app(config)
    port = check_address(host, port)
    click.echo(f"database: {db_path}")
    with serving_lock(db_path):  # a restore refuses while this is held
        if not production:
            click.echo(f"open http://{host}:{port}/")
            app.run(host=host, port=port, debug=debug, use_reloader=debug)
            return
        _serve_production(app, host, port, threads)


def proxy_ip(address: str) -> str:
    """The proxy's address as the server compares it with where a request comes from: an IP
    address; anything else (a typo, a host name) would silently drop every proxy header, so
    the login throttle would count the proxy's address for everyone."""
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        raise InputError(
            f"--proxy-address {address.strip()[:60]!r} is not an IP address (the address the"
            " proxy connects from, such as 127.0.0.1 or ::1)"
        ) from None


def check_address(host: str, port: int) -> int:
    """InputError, before anything starts, when the server could not listen on host:port (a
    name that does not resolve, an address not of this machine, a port in use): one line, not
    the traceback or the exit 1 each server has its own way of giving. Returns the port, the
    free one the system picked for port 0 (so that the address printed is where it listens)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
    except (socket.gaierror, UnicodeError) as error:
        reason = error.strerror if isinstance(error, socket.gaierror) else str(error)
        raise InputError(f"--host {host}: {reason}") from error
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as both servers do
        try:
            probe.bind(address)
        except OSError as error:
            raise InputError(f"cannot listen on {host}:{port}: {error.strerror}") from error
        return port or probe.getsockname()[1]


#: Seconds an idle connection, or one whose request has not fully arrived, is kept open
#: (waitress's default of 120 lets slow clients hold every connection for minutes).
CHANNEL_TIMEOUT = 20
#: Seconds between waitress's sweeps for such connections (its default is 30).
CLEANUP_INTERVAL = 5
#: Open connections before waitress stops accepting; poll() instead of select() makes more
#: than 1,024 file descriptors usable.
CONNECTION_LIMIT = 1000


def _serve_production(app: Any, host: str, port: int, threads: int) -> None:
    """waitress: pure Python, threads in one process, bounded request bodies."""
    import logging

    from waitress import create_server

    from workbench import findings, findings_cache

    findings_cache.offload_checks()  # long QA runs in a worker process, not under the GIL
    findings.prewarm(app.config["DATABASE"])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = server_settings(app, host, port, threads)
    _allow_open_files(settings["connection_limit"] + 64)
    server = create_server(app, **settings)
    click.echo(f"serving on http://{host}:{server.effective_port}/ with {threads} threads")
    if app.config.get("BEHIND_PROXY"):
        click.echo(f"trusting X-Forwarded-* from {app.config['PROXY_ADDRESS']} only")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def server_settings(app: Any, host: str, port: int, threads: int) -> dict[str, Any]:
    """waitress's settings. Slow clients (slowloris) are cut after CHANNEL_TIMEOUT idle
    seconds; a server reachable from the internet still belongs behind a buffering reverse
    proxy (README: "Running it for real"), which is what absorbs them.

    Request bodies: waitress refuses a body from its ceiling up with a bare text 413 of its
    own ("exceeds max_body of N"), so the ceiling lies well above the app's limit
    (MAX_CONTENT_LENGTH): an upload between the two gets the app's 413 page, which names the
    limit and what to do. The ceiling is a round 250,000,000 bytes so that waitress's text,
    for bigger bodies, still reads as a size. The trade-off: waitress takes a whole body in
    before the app sees the request, spooling past 512 KB to a temporary file (not memory),
    so each connection may hold up to the ceiling on the temporary directory's disk and a
    client sends that much before it is told no; a buffering proxy (nginx's
    `client_max_body_size 51m`) refuses such bodies before they reach us.
    """
    limit = app.config.get("MAX_CONTENT_LENGTH") or 50 * 2**20
    return {
        "host": host,
        "port": port,
        "threads": threads,
        "ident": "workbench",
        "max_request_body_size": max(250_000_000, limit + 2**20),
        "connection_limit": max(CONNECTION_LIMIT, 8 * threads),
        "channel_timeout": CHANNEL_TIMEOUT,
        "cleanup_interval": CLEANUP_INTERVAL,
        "asyncore_use_poll": True,
        **proxy_settings(app),
    }


def proxy_settings(app: Any) -> dict[str, Any]:
    """Who may say, in X-Forwarded-*, which client and scheme a request came from: under
    --behind-proxy the proxy's address only (waitress replaces REMOTE_ADDR and the scheme
    with what it says, and drops the headers from anyone else); otherwise no one."""
    from workbench.web import PROXY_HEADERS

    if not app.config.get("BEHIND_PROXY"):
        return {"trusted_proxy": None, "clear_untrusted_proxy_headers": True}
    if not app.config.get("PROXY_HEADERS_IN_SERVER"):  # the app reads them itself
        return {"trusted_proxy": None, "clear_untrusted_proxy_headers": False}
    return {
        "trusted_proxy": app.config["PROXY_ADDRESS"],
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": set(PROXY_HEADERS),
        "clear_untrusted_proxy_headers": True,
    }


def _allow_open_files(wanted: int) -> None:
    """Raise the soft limit of open files towards `wanted` (one per connection), as far as the
    hard limit allows: 1,024 is a common default."""
    try:
        import resource
    except ImportError:  # not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


@main.group("users", cls=WorkbenchGroup)
def users_group() -> None:
    """Manage user accounts."""


def _read_password(password_stdin: bool) -> str:
    """The password from one line of standard input, or typed twice at a hidden prompt.

    A script without --password-stdin is refused in one line: the hidden prompt would read its
    piped input with a warning that the password may be echoed, then abort on the second line.
    """
    if password_stdin:
        line = sys.stdin.buffer.readline()
        try:
            return line.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise InputError("the password on standard input is not UTF-8 text") from None
    if not sys.stdin.isatty():
        raise InputError("no terminal to type the password at: give --password-stdin")
    return click.prompt("password", hide_input=True, confirmation_prompt=True)


@users_group.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(users.ROLES))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def users_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Add a user NAME with a ROLE."""
    password = _read_password(password_stdin)
    user_id = users.add_user(open_store(ctx), name, role, password, by="cli")
    click.echo(f"user {user_id}: {name} ({role})")


@users_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def users_list(ctx: click.Context, as_json: bool) -> None:
    """List users, their roles and whether they are disabled."""
    rows = open_store(ctx).users()
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        state = f"  disabled {row['disabled']}" if row["disabled"] else ""
        click.echo(
            f"{row['id']:>4}  {row['username']:<20} {row['role']:<11} {row['created']}{state}"
        )


@users_group.command("token")
@click.argument("name")
@click.pass_context
def users_token(ctx: click.Context, name: str) -> None:
    """Print a new API token for NAME (shown once; it replaces the old one)."""
    click.echo(users.issue_token(open_store(ctx), name))


@users_group.command("disable")
@click.argument("name")
@click.pass_context
def users_disable(ctx: click.Context, name: str) -> None:
    """Disable NAME: no login, their sessions end and their API token is revoked.

    The last enabled admin account is refused: give another account the admin role first.
    """
    if users.disable_user(open_store(ctx), name, by="cli"):
        click.echo(f"{name}: disabled; sessions ended, API token revoked")
    else:
        click.echo(f"{name} is disabled already")


@users_group.command("enable")
@click.argument("name")
@click.pass_context
def users_enable(ctx: click.Context, name: str) -> None:
    """Let the disabled user NAME log in again (a new API token takes `users token`)."""
    if users.enable_user(open_store(ctx), name, by="cli"):
        click.echo(f"{name}: enabled")
    else:
        click.echo(f"{name} is enabled already")


@users_group.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def users_passwd(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME: their sessions end and their API token is revoked."""
    store = open_store(ctx)
    if store.user_by_name(name) is None:  # before asking for a password in vain
        raise NotFound(f"no user '{name}'")
    users.reset_password(store, name, _read_password(password_stdin), by="cli")
    click.echo(f"{name}: new password; sessions ended, API token revoked")


@users_group.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(users.ROLES))
@click.pass_context
def users_role(ctx: click.Context, name: str, role: str) -> None:
    """Give NAME the ROLE: their sessions end (they log in again under it).

    The last enabled admin account keeps its role: give another account the admin role first.
    """
    if users.set_role(open_store(ctx), name, role, by="cli"):
        click.echo(f"{name}: now {role}; sessions ended")
    else:
        click.echo(f"{name} is {role} already")


# -- the events log ----------------------------------------------------------------------------


@main.command("events")
@click.option(
    "--user",
    "user_name",
    metavar="NAME",
    help="Only what NAME did or was done to (whatever its case: Admin finds admin).",
)
@click.option("--since", metavar="DATE", help="From DATE on: 2024-05-01 or 2024-05-01T14:00Z.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def events_command(
    ctx: click.Context, user_name: str | None, since: str | None, limit: int, as_json: bool
) -> None:
    """Show the events log, the newest LIMIT events oldest first: logins, failed logins,
    logouts, changes to accounts and to the texts, who did them and from where."""
    rows = open_store(ctx).events_log(user=user_name, since=_since(since), limit=limit)
    rows.reverse()
    if as_json:
        echo_json([_event(row) for row in rows])
        return
    for row in rows:
        click.echo(_event_line(_event(row)))


_AFTER_ALL = "9999-12-31T23:59:59Z"  # later than any event the log holds


def _since(value: str | None) -> str | None:
    """A date or time as the events log writes it (UTC); a time without a zone is UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        message = f"--since: '{value}' is not a date (2024-05-01 or 2024-05-01T14:00Z)"
        raise InputError(message) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 is before year 1 in UTC
        return "0001-01-01T00:00:00Z" if moment.year == 1 else _AFTER_ALL
    # four-digit years always: strftime writes year 999 as "999", which sorts after "2024"
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}Z"


def _event(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the log with its JSON columns read."""
    event = dict(row)
    for column in ("before", "after"):
        if event[column] is not None:
            event[column] = json.loads(event[column])
    return event


def _event_line(event: dict[str, Any]) -> str:
    """One event on one line; what others typed (a tried user name) shown escaped."""
    target = f"{event['entity']} {event['entity_id']}" if event["entity_id"] else event["entity"]
    details = []
    for column in ("before", "after"):
        value = event[column]
        if isinstance(value, dict):
            pairs = " ".join(f"{key}={_printable(item)}" for key, item in value.items())
            details.append(f"{column}: {pairs}" if column == "before" else pairs)
    user = _printable(event["user"] or "-")
    line = f"{event['at']}  {user:<16} {event['action']:<13} {target:<16} {' '.join(details)}"
    return line.rstrip()


def _printable(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if text.isprintable() else ascii(text)


# -- backups ---------------------------------------------------------------------------------


@main.command("backup")
@click.argument("path", type=click.Path(path_type=Path))  # a folder: refused in one line
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.pass_context
def backup_command(ctx: click.Context, path: Path, force: bool) -> None:
    """Write a consistent copy of the database to PATH, also while the server runs."""
    from workbench import backup

    if str(path) == "-":  # not stdout: a file named "-" would be a surprise in the folder
        raise InputError("a backup is written to a file: give its name, not -")
    db_path = checked_db_path(ctx)  # ours, as it is: not upgraded before it is saved
    click.echo(f"backup {backup.backup(db_path, path, force=force).line()}")


@main.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore_command(ctx: click.Context, path: Path, yes: bool) -> None:
    """Replace the database by the backup PATH (checked first); the old one is kept
    (DB.before-restore, then DB.before-restore.2, .3, …: none is overwritten).

    Refused while `workbench serve` runs on the database: stop it, restore, start it again.
    Everyone logs in again afterwards.
    """
    from workbench import backup

    db_path = db_path_of(ctx)
    replacing = db_path.exists()
    if not yes and replacing:
        if not sys.stdin.isatty():  # a script: no one to answer, so say how, in one line
            raise InputError(f"no terminal to confirm replacing {db_path}: give --yes")
        if not click.confirm(f"replace {db_path} by {path}?", default=False):
            raise InputError(f"not restored: {db_path} is as it was")
    result = backup.restore(db_path, path)
    click.echo(f"restored {result.line()}")
    if result.kept is not None:  # the file written now, not an older DB.before-restore
        click.echo(f"the replaced database is kept as {result.kept}")

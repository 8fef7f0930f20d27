"""The `workbench` command. Each command parses options, calls a service and prints.

Every user error is one line on stderr and exit code 2; the services' transactions leave the
database as it was.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from workbench import __version__, services, users
from workbench.beadio import write_beads
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


@main.command()
@click.option("--demo", is_flag=True, help="Also load the sample texts and demo logins.")
@click.pass_context
def init(ctx: click.Context, demo: bool) -> None:
    """Create or upgrade the database (and load the demo)."""
    store = open_store(ctx)
    click.echo(f"database: {store.path} (migrations: {', '.join(store.applied_migrations())})")
    if demo:
        _load_demo(store)


def _load_demo(store: Store) -> None:
    from workbench.demo import DEMO_USERS, load_demo

    created = load_demo(store)
    click.echo(f"demo documents loaded: {len(created)}" if created else "demo already loaded")
    click.echo("demo logins (user / password):")
    for username, role, password in DEMO_USERS:
        click.echo(f"  {role:<11} {username} / {password}")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--document", "document_id", type=int, help="Add a version to this document.")
@click.option("--title", help="Title of the new document (default: from the file).")
@click.option("--lang", "language", help="Language of the text (e.g. sq, en, ru).")
@click.option("--target-lang", help="Target language to take from a multilingual TMX.")
@click.option("--role", type=click.Choice(services.VERSION_ROLES), help="source or translation.")
@click.option("--label", help='Version label, e.g. "English translation, 2011".')
@click.option("--format", "format_name", help="Reader to use instead of the file extension.")
@click.option("--one-per-line", is_flag=True, help="Plain text: each line is a segment.")
@click.option("--json", "as_json", is_flag=True, help="Print the created ids as JSON.")
@click.pass_context
def import_command(
    ctx: click.Context,
    file: Path,
    document_id: int | None,
    title: str | None,
    language: str | None,
    target_lang: str | None,
    role: str | None,
    label: str | None,
    format_name: str | None,
    one_per_line: bool,
    as_json: bool,
) -> None:
    """Import FILE as a new document, or as a version of --document."""
    if document_id is not None and title:
        raise click.UsageError("--document and --title exclude each other")
    result = services.import_file(
        open_store(ctx),
        file.read_bytes(),
        filename=file.name,
        format=format_name,
        document_id=document_id,
        title=title,
        language=language,
        target_language=target_lang,
        role=role,
        label=label,
        one_per_line=one_per_line,
        user="cli",
    )
    if as_json:
        echo_json(result.as_json())
        return
    click.echo(f"document {result.document}" + (" (new)" if result.created_document else ""))
    for version_id in result.versions:
        click.echo(f"version {version_id}: {result.segments[version_id]} paragraphs")
    if result.alignment:
        click.echo(f"alignment {result.alignment}")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def documents(ctx: click.Context, as_json: bool) -> None:
    """List documents."""
    rows = open_store(ctx).documents()
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        languages = "→".join(filter(None, [row["source_language"], row["target_language"]]))
        click.echo(
            f"{row['id']:>4}  {languages or '-':<8} {row['versions']} versions  "
            f"{row['paragraphs']:>5} paragraphs  {row['title']}"
        )


@main.command()
@click.argument("document_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def show(ctx: click.Context, document_id: int, as_json: bool) -> None:
    """Show a document: metadata, versions with segment counts, alignments."""
    store = open_store(ctx)
    document = store.document(document_id)
    versions = store.versions(document_id)
    alignments = store.alignments(document_id)
    if as_json:
        echo_json({"document": document, "versions": versions, "alignments": alignments})
        return
    click.echo(f"document {document['id']}: {document['title']}")
    for key in ("source_language", "target_language", *services.METADATA_COLUMNS):
        if document.get(key):
            click.echo(f"  {key.replace('_', ' ')}: {document[key]}")
    for key, value in document["metadata"].items():
        click.echo(f"  {key.replace('_', ' ')}: {value}")
    click.echo("versions:")
    for v in versions:
        click.echo(
            f"  {v['id']:>4}  {v['role']:<11} {v['language']:<6} {v['paragraphs']:>5} paragraphs "
            f"{v['sentences']:>6} sentences  {v['label']}"
        )
    if alignments:
        click.echo("alignments:")
    for a in alignments:
        click.echo(
            f"  {a['id']:>4}  versions {a['source_version_id']}→{a['target_version_id']}  "
            f"{a['links']} links, {a['confirmed'] or 0} confirmed  ({a['method']})"
        )


@main.command()
@click.pass_context
def schema(ctx: click.Context) -> None:
    """Print the schema a migrated database has (db/schema.sql)."""
    click.echo(open_store(ctx).schema(), nl=False)


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


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--src-lang", help="Language of SRC_FILE.")
@click.option("--tgt-lang", help="Language of TGT_FILE.")
@click.option(
    "--unit",
    type=click.Choice(["line", "paragraph", "sentence"]),
    default="paragraph",
    show_default=True,
    help="What one segment is: an input line, a paragraph, or a sentence.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["beads", "tsv", "json"]),
    default="beads",
    show_default=True,
)
@click.option("--document", "document_id", type=int, help="Align stored versions instead.")
@click.option(
    "--source", "source_version", type=int, help="Source version id (default: the source)."
)
@click.option(
    "--target", "target_version", type=int, help="Target version id (default: first translation)."
)
@click.pass_context
def align(
    ctx: click.Context,
    files: tuple[Path, ...],
    src_lang: str | None,
    tgt_lang: str | None,
    unit: str,
    output: str,
    document_id: int | None,
    source_version: int | None,
    target_version: int | None,
) -> None:
    """Align SRC_FILE with TGT_FILE, or the versions of a stored --document.

    Beads are printed one per line, 0-based, source first: [0]:[0], [1, 2]:[1], []:[3].
    """
    update, close = progress_bar("aligning")
    try:
        if document_id is not None:
            if files:
                raise click.UsageError("give either two files or --document, not both")
            store = open_store(ctx)
            alignment_id = services.align_versions(
                store, document_id, source_version, target_version, user="cli", progress=update
            )
            close()
            links = store.links(alignment_id)
            confirmed = sum(link.status != "auto" for link in links)
            click.echo(
                f"alignment {alignment_id}: {len(links)} links, {confirmed} kept as confirmed"
            )
            return
        if len(files) != 2:
            raise click.UsageError("give SRC_FILE and TGT_FILE (or --document ID)")
        source, target = files
        result = services.align_texts(
            source.read_bytes(),
            target.read_bytes(),
            src_name=source.name,
            tgt_name=target.name,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            unit=unit,
            progress=update,
        )
    finally:
        close()
    click.echo(write_beads(result.beads, output, result.source, result.target), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Load the demo texts and logins first (once).")
@click.option("--debug", is_flag=True, help="Flask's reloader and debugger (never in production).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, demo: bool, debug: bool) -> None:
    """Start the web app."""
    from workbench.web import create_app

    store = open_store(ctx)
    if demo:
        _load_demo(store)
    app = create_app({"DATABASE": str(store.path)})
    click.echo(f"database: {store.path}")
    click.echo(f"open http://{host}:{port}/")
    app.run(host=host, port=port, debug=debug, use_reloader=debug)


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


@main.command("compare")
@click.argument("document_id", type=int)
@click.option("--a", "a_version", type=int, required=True, help="Version id of translation A.")
@click.option("--b", "b_version", type=int, required=True, help="Version id of translation B.")
@click.option("--changed-only", is_flag=True, help="Only rows where A and B differ.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def compare_command(
    ctx: click.Context,
    document_id: int,
    a_version: int,
    b_version: int,
    changed_only: bool,
    as_json: bool,
) -> None:
    """Compare two translations of a document row by row, with word-level diffs."""
    from workbench.compare import compare

    result = compare(open_store(ctx), document_id, a_version, b_version)
    rows = [row for row in result.rows if row.changed or not changed_only]
    if as_json:
        echo_json(
            {
                "document": document_id,
                "a": a_version,
                "b": b_version,
                "mode": result.mode,
                "rows": [row.as_json() for row in rows],
            }
        )
        return
    click.echo(f"{result.a['label']} (A) vs {result.b['label']} (B), {result.mode}:")
    for row in rows:
        marked = "".join(
            c.old
            if c.kind == "equal"
            else (f"[-{c.old}-]" if c.old else "") + (f"{{+{c.new}+}}" if c.new else "")
            for c in row.changes
        )
        click.echo(f"\n#{row.index + 1}  similarity {row.similarity:.2f}")
        click.echo(marked)

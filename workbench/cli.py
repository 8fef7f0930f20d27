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

from workbench import __version__, aligning, services, users
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
            alignment_id = aligning.align_versions(
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
        result = aligning.align_texts(
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
        raise click.UsageError("--debug and --production exclude each other")
    store = open_store(ctx)
    if demo:
        _load_demo(store)
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

    from workbench import findings_cache

    findings_cache.offload_checks()  # long QA runs in a worker process, not under the GIL
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


# -- editions and exports ---------------------------------------------------------------------


@main.command("publish")
@click.argument("document_id", type=int)
@click.option("--alignment", "alignment_id", type=int, help="Alignment (default: the first).")
@click.option("--note", default="", help="What this edition is, e.g. 'after the 2nd review'.")
@click.pass_context
def publish_command(ctx: click.Context, document_id: int, alignment_id: int | None, note: str):
    """Publish the confirmed links of DOC as its next numbered, immutable edition."""
    from workbench import editions, export

    store = open_store(ctx)
    alignment_id = export.resolve_alignment(store, document_id, alignment_id)
    edition = store.edition(editions.publish(store, alignment_id, user="cli", note=note))
    click.echo(
        f"edition {edition['number']} of alignment {alignment_id} (id {edition['id']}): "
        f"{edition['links_included']} of {edition['links_total']} links"
    )


@main.command("editions")
@click.argument("document_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def editions_command(ctx: click.Context, document_id: int, as_json: bool) -> None:
    """List the editions of DOC."""
    store = open_store(ctx)
    store.document(document_id)
    rows = store.editions(document_id=document_id)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(
            f"alignment {row['alignment_id']:>3}  edition {row['number']:>3}  "
            f"{row['published_at']}  {row['published_by'] or '-':<10} "
            f"{row['links_included']}/{row['links_total']} links  {row['note'] or ''}".rstrip()
        )


@main.command("export")
@click.argument("document_id", type=int)
@click.option(
    "--format",
    "format_name",
    required=True,
    type=click.Choice(["html", "pdf", "docx", "epub", "tmx", "xliff", "tei", "csv", "tsv", "json"]),
)
@click.option("--edition", type=int, help="Edition number (default: the current state, a draft).")
@click.option("--alignment", "alignment_id", type=int, help="Alignment (default: the first).")
@click.option(
    "--level", type=click.Choice(["paragraph", "sentence"]), default="paragraph", show_default=True
)
@click.option("--flags", is_flag=True, help="Include flags as translator's notes.")
@click.option("--approved-only", is_flag=True, help="Draft: only confirmed links.")
@click.option("--excel", is_flag=True, help="CSV/TSV for Excel: UTF-8 BOM, CRLF.")
@click.option("--layout", type=click.Choice(["columns", "facing"]), help="HTML/PDF page layout.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File, or - for stdout.",
)
@click.pass_context
def export_command(
    ctx: click.Context,
    document_id: int,
    format_name: str,
    edition: int | None,
    alignment_id: int | None,
    level: str,
    flags: bool,
    approved_only: bool,
    excel: bool,
    layout: str | None,
    output: str | None,
) -> None:
    """Export DOC (an edition, or the current state as a draft) as FORMAT, written as it goes."""
    from workbench import export
    from workbench.exports.base import ExportOptions

    writer = export.exporter(format_name)
    options = ExportOptions(level, flags, approved_only, excel, layout)
    data = export.build(
        open_store(ctx), document_id, edition=edition, alignment_id=alignment_id, options=options
    )
    path = output or export.filenames(data, writer.EXTENSION)[0]
    if path == "-":
        if writer.BINARY:
            raise click.UsageError(f"{format_name} is binary: write it to a file with -o")
        out = sys.stdout.buffer
        for chunk in writer.write(data):
            out.write(chunk)
        out.flush()
        return
    target = Path(path)
    try:
        with target.open("wb") as file:
            for chunk in writer.write(data):
                file.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)  # never leave half a file that looks whole
        raise
    click.echo(f"{target} ({data.state.split(' (')[0].lower()}, {data.count} links)", err=True)


# -- QA checks and glossaries ------------------------------------------------------------------


@main.command("qa")
@click.argument("document_id", type=int)
@click.option("--alignment", "alignment_id", type=int, help="Alignment id (default: the first).")
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--fail-on",
    type=click.Choice(["minor", "major", "critical"]),
    help="Exit with code 1 when a finding of this severity or worse remains.",
)
@click.pass_context
def qa_command(
    ctx: click.Context,
    document_id: int,
    alignment_id: int | None,
    output: str,
    fail_on: str | None,
) -> None:
    """Run the QA checks over DOC's alignment; dismissed findings stay hidden.

    Positions are 0-based paragraph positions, as in beads; spans are character offsets into
    the link's text (its paragraphs joined by a blank line).
    """
    from workbench import findings
    from workbench.qa import severity_rank

    report = findings.check_alignment(open_store(ctx), document_id, alignment_id)
    if output == "json":
        echo_json(report.as_json())
    else:
        for finding in report.findings:
            row = report.finding_json(finding)
            click.echo(
                f"{row['source']}:{row['target']}  {finding.severity:<8} {finding.check:<17} "
                f"{finding.message}  [{finding.key}]"
            )
        click.echo(
            f"{len(report.findings)} findings in alignment {report.alignment_id}"
            + (f" ({report.dismissed} dismissed)" if report.dismissed else ""),
            err=True,
        )
    if fail_on and any(
        severity_rank(f.severity) >= severity_rank(fail_on) for f in report.findings
    ):
        ctx.exit(1)


@main.group("glossary", cls=WorkbenchGroup)
def glossary_group() -> None:
    """Manage glossaries: required translations of terms, per document or shared."""


@glossary_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--document", "document_id", type=int, help="The document's glossary.")
@click.option("--shared", is_flag=True, help="The glossary shared by every document.")
@click.option("--src-lang", help="Source language (default: the document's).")
@click.option("--tgt-lang", help="Target language (default: the document's).")
@click.pass_context
def glossary_import(
    ctx: click.Context,
    file: Path,
    document_id: int | None,
    shared: bool,
    src_lang: str | None,
    tgt_lang: str | None,
) -> None:
    """Import a CSV (source,target,note,forbidden) or TBX glossary FILE, all or nothing."""
    from workbench import glossary

    if (document_id is None) == (not shared):
        raise click.UsageError("give either --document ID or --shared")
    result = glossary.import_file(
        open_store(ctx),
        file.read_bytes(),
        filename=file.name,
        document_id=document_id,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        user="cli",
    )
    click.echo(
        f"glossary {result['glossary']}: {result['added']} terms added, {result['updated']} updated"
    )


@glossary_group.command("export")
@click.option("--document", "document_id", type=int, help="The document's glossary.")
@click.option("--shared", is_flag=True, help="The shared glossary.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_context
def glossary_export(
    ctx: click.Context, document_id: int | None, shared: bool, output: Path
) -> None:
    """Write a glossary as CSV (UTF-8, header source,target,note,forbidden)."""
    from workbench import glossary

    if (document_id is None) == (not shared):
        raise click.UsageError("give either --document ID or --shared")
    store = open_store(ctx)
    if document_id is not None:
        terms = glossary.list_terms(store, document_id=document_id)
    else:
        terms = [t for t in store.terms(shared=True) if t["document_id"] is None]
    output.write_text(glossary.write_csv(terms), encoding="utf-8")
    click.echo(f"{output}: {len(terms)} terms", err=True)


@glossary_group.command("list")
@click.option("--document", "document_id", type=int, help="Only this document's (and shared).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def glossary_list(ctx: click.Context, document_id: int | None, as_json: bool) -> None:
    """List glossary terms."""
    from workbench import glossary

    terms = glossary.list_terms(
        open_store(ctx), document_id=document_id, shared=document_id is not None
    )
    if as_json:
        echo_json(terms)
        return
    for t in terms:
        owner = f"doc {t['document_id']}" if t["document_id"] is not None else "shared"
        forbidden = f"  (not: {'; '.join(t['forbidden'])})" if t["forbidden"] else ""
        click.echo(
            f"{t['id']:>4}  {owner:<8} {t['source_language']}→{t['target_language']}  "
            f"{t['source_term']} → {t['target_term']}{forbidden}"
        )


# -- backups ---------------------------------------------------------------------------------


def _db_path(ctx: click.Context) -> Path:
    return Path(ctx.ensure_object(dict).get("db_path") or default_db_path())


@main.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.pass_context
def backup_command(ctx: click.Context, path: Path, force: bool) -> None:
    """Write a consistent copy of the database to PATH, also while the server runs."""
    from workbench import backup

    click.echo(f"backup {backup.backup(_db_path(ctx), path, force=force).line()}")


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

    db_path = _db_path(ctx)
    if not yes and db_path.exists():
        click.confirm(f"replace {db_path} by {path}?", abort=True)
    result = backup.restore(db_path, path)
    click.echo(f"restored {result.line()}")
    click.echo(f"the replaced database is kept as {backup.before_restore_path(db_path)}")

"""Documents: create the database, import texts, list and show documents, print the schema."""

from __future__ import annotations

from pathlib import Path

import click

from workbench import services
from workbench.cli import ID, echo_json, load_demo_texts, main, open_store, read_input
from workbench.errors import InputError
from workbench.textio import one_line


@main.command()
@click.option("--demo", is_flag=True, help="Also load the sample texts and demo logins.")
@click.pass_context
def init(ctx: click.Context, demo: bool) -> None:
    """Create or upgrade the database (and load the demo)."""
    store = open_store(ctx, create=True)
    click.echo(f"database: {store.path} (migrations: {', '.join(store.applied_migrations())})")
    if demo:
        load_demo_texts(store)


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--document", "document_id", type=ID, help="Add a version to this document.")
@click.option("--title", help="Title of the new document (default: from the file).")
@click.option(
    "--lang", "language", help="Language of the text, or of a table's source (e.g. sq, en, ru)."
)
@click.option(
    "--target-lang",
    help="Language of a CSV or TSV table's translation; the target to take from a multilingual"
    " TMX.",
)
@click.option(
    "--role",
    type=click.Choice(services.VERSION_ROLES),
    help="source or translation (default: the file's own; else source for a new document, "
    "translation for a document that has its source).",
)
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
        raise InputError("--document and --title exclude each other")
    result = services.import_file(
        open_store(ctx),
        read_input(file),
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
    for note in result.notes:  # on stderr, so that --json output stays one document
        click.echo(f"note: {note}", err=True)
    if as_json:
        echo_json(result.as_json())
        return
    click.echo(f"document {result.document}" + (" (new)" if result.created_document else ""))
    for version_id in result.versions:
        click.echo(f"version {version_id}: {result.segments[version_id]} paragraphs")
    if result.alignment:
        click.echo(f"alignment {result.alignment} ({result.links_summary()})")


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
            f"{row['paragraphs']:>5} paragraphs  {one_line(row['title'])}"
        )


@main.command()
@click.argument("document_id", type=ID)
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
    # one line each, whatever a row stored before titles were cleaned (textio.one_line)
    click.echo(f"document {document['id']}: {one_line(document['title'])}")
    for key in ("source_language", "target_language", *services.METADATA_COLUMNS):
        if document.get(key):
            click.echo(f"  {key.replace('_', ' ')}: {one_line(str(document[key]))}")
    for key, value in document["metadata"].items():
        click.echo(f"  {one_line(key.replace('_', ' '))}: {one_line(str(value))}")
    click.echo("versions:")
    for v in versions:
        click.echo(
            f"  {v['id']:>4}  {v['role']:<11} {v['language']:<6} {v['paragraphs']:>5} paragraphs "
            f"{v['sentences']:>6} sentences  {one_line(v['label'])}"
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

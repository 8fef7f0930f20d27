"""Publishing: numbered, immutable editions and exports in every format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli import db_path_of, echo_json, main, open_store
from workbench.cli.files import refuse_database, write_file
from workbench.errors import InputError


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
    type=click.Path(allow_dash=True),  # a folder is refused in one line when writing
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
    if output and output != "-":
        refuse_database(Path(output), db_path_of(ctx), "an export")
    options = ExportOptions(level, flags, approved_only, excel, layout)
    data = export.build(
        open_store(ctx), document_id, edition=edition, alignment_id=alignment_id, options=options
    )
    path = output or export.filenames(data, writer.EXTENSION)[0]
    if path == "-":
        if writer.BINARY:
            raise InputError(f"{format_name} is binary: write it to a file with -o")
        out = sys.stdout.buffer
        for chunk in writer.write(data):
            out.write(chunk)
        out.flush()
        return
    target = Path(path)
    refuse_database(target, db_path_of(ctx), "an export")
    write_file(target, writer.write(data))  # beside the target, renamed into place when whole
    click.echo(f"{target} ({data.state.split(' (')[0].lower()}, {data.count} links)", err=True)

"""Publishing: numbered, immutable editions and exports in every format.

A book's PDF takes seconds: an export that runs longer than LONG_EXPORT seconds draws the
aligner's progress bar on stderr. An edition's PDF, DOCX or EPUB is kept beside the database
(workbench/exports/cache.py), the web app's cache too, so exporting it again is immediate.
An option the format would ignore (--excel for JSON, --layout for TMX) is refused, as every
user error is, in one line with exit code 2; a PDF with characters no font here has (they show
as boxes) is written, with a warning naming them on stderr.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli import ID, db_path_of, echo_json, main, open_store, progress_bar
from workbench.cli.files import refuse_database, write_file
from workbench.errors import InputError
from workbench.textio import one_line

if TYPE_CHECKING:
    from workbench.exports.base import ExportData

LONG_EXPORT = 1.0  # seconds an export runs before it shows a progress bar


@main.command("publish")
@click.argument("document_id", type=ID)
@click.option("--alignment", "alignment_id", type=ID, help="Alignment (default: the first).")
@click.option("--note", default="", help="What this edition is, e.g. 'after the 2nd review'.")
@click.option(
    "--yes",
    is_flag=True,
    help="Publish even while critical or major flags are open or revisions pending.",
)
@click.pass_context
def publish_command(
    ctx: click.Context, document_id: int, alignment_id: int | None, note: str, yes: bool
) -> None:
    """Publish the confirmed links of DOC as its next numbered, immutable edition.

    What is still open (flags by severity, pending revisions) is said on stderr first. While
    critical or major flags are open or revisions pending, a terminal asks; a script (stdin
    or stdout not a terminal) is refused, naming them, unless it gives --yes."""
    from workbench import editions, export

    store = open_store(ctx)
    alignment_id = export.resolve_alignment(store, document_id, alignment_id, action="publish")
    found = editions.open_work(store, alignment_id)
    if found.anything:
        click.echo(f"open: {found.summary()} (not settled in this edition)", err=True)
    refuse = found.blocks and not yes
    if refuse and _interactive():
        if not click.confirm(f"Publish with {found.blocking()}?", default=False, err=True):
            raise InputError(f"not published: {found.blocking()} on alignment {alignment_id}")
        refuse = False
    try:
        edition_id = editions.publish(
            store, alignment_id, user="cli", note=note, refuse_open=refuse
        )
    except editions.OpenWorkConflict as error:
        hint = "give --yes to publish with them open"
        raise editions.OpenWorkConflict(error.open, hint) from None
    edition = store.edition(edition_id)
    click.echo(
        f"edition {edition['number']} of alignment {alignment_id} (id {edition['id']}): "
        f"{edition['links_included']} of {edition['links_total']} links"
    )


def _interactive() -> bool:
    """Whether a person is at a terminal to answer a question (stdin and stdout both)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@main.command("editions")
@click.argument("document_id", type=ID)
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
        note = one_line(row["note"] or "")  # one line an edition, whatever its note holds
        click.echo(
            f"alignment {row['alignment_id']:>3}  edition {row['number']:>3}  "
            f"{row['published_at']}  {row['published_by'] or '-':<10} "
            f"{row['links_included']}/{row['links_total']} links  {note}".rstrip()
        )


@main.command("export")
@click.argument("document_id", type=ID)
@click.option(
    "--format",
    "format_name",
    required=True,
    type=click.Choice(["html", "pdf", "docx", "epub", "tmx", "xliff", "tei", "csv", "tsv", "json"]),
)
@click.option("--edition", type=ID, help="Edition number (default: the current state, a draft).")
@click.option("--alignment", "alignment_id", type=ID, help="Alignment (default: the first).")
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
    _refuse_ignored(format_name, {"excel": excel, "layout": layout}, edition, approved_only)
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
    chunks = [_laid_out(ctx, data, format_name)] if writer.BINARY else writer.write(data)
    write_file(target, chunks)  # beside the target, renamed into place when whole
    click.echo(f"{target} ({data.state.split(' (')[0].lower()}, {data.count} links)", err=True)
    if format_name == "pdf":
        _warn_of_boxes(data)


def _refuse_ignored(
    format_name: str, options: dict[str, object], edition: int | None, approved_only: bool
) -> None:
    """InputError (one line, exit 2) for an option this export would ignore: a script that
    asks for Excel's CSV in JSON, or facing pages in TMX, would otherwise believe it got them."""
    from workbench.exports import OPTION_FORMATS

    for name, value in options.items():
        formats = OPTION_FORMATS[name]
        if value and format_name not in formats:
            raise InputError(
                f"--{name} is for {' and '.join(formats)}, not {format_name}: leave it out"
            )
    if approved_only and edition is not None:
        raise InputError(
            f"--approved-only is for a draft: edition {edition} holds confirmed links only"
        )


def _warn_of_boxes(data: ExportData) -> None:
    """A warning on stderr naming the characters no font here has: the PDF shows them as
    empty boxes (WeasyPrint says nothing), and fonts can be installed before exporting again."""
    from workbench import export

    message = export.font_warning(data)
    if message:
        click.echo(f"warning: {message}", err=True)


def _laid_out(ctx: click.Context, data: ExportData, format_name: str) -> bytes:
    """A format laid out whole: an edition's from the cache beside the database when it was
    made before, else made now, with a progress bar when that takes long."""
    from workbench import export
    from workbench.exports.cache import ExportCache

    report, close = _progress(f"exporting {format_name.upper()}")
    try:
        return export.whole(data, format_name, ExportCache.beside(db_path_of(ctx)), report)
    finally:
        close()


def _progress(label: str) -> tuple[Callable[[str, int, int], None], Callable[[], None]]:
    """A writer's progress (exports/base.py) drawn as the aligner's bar on stderr, once the
    export has run LONG_EXPORT seconds: a short one prints nothing."""
    from workbench.exports.base import SCALE, overall

    update, close = progress_bar(label)
    start = time.monotonic()
    shown = [0]

    def report(stage: str, done: int, total: int) -> None:
        count = overall(stage, done, total)
        if count > shown[0] and time.monotonic() - start >= LONG_EXPORT:
            shown[0] = count
            update(count, SCALE)

    return report, close

"""Aligning: align two files or the versions of a stored document; compare two translations."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from workbench import aligning
from workbench.beadio import write_beads
from workbench.cli import ID, echo_json, main, open_store, progress_bar, read_input
from workbench.errors import InputError


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
@click.option(
    "--input-format",
    help="Read both files as this format (txt, md, html, docx…) whatever their extensions.",
)
@click.option("--document", "document_id", type=ID, help="Align stored versions instead.")
@click.option(
    "--source", "source_version", type=ID, help="Source version id (default: the source)."
)
@click.option(
    "--target", "target_version", type=ID, help="Target version id (default: first translation)."
)
@click.pass_context
def align(
    ctx: click.Context,
    files: tuple[Path, ...],
    src_lang: str | None,
    tgt_lang: str | None,
    unit: str,
    output: str,
    input_format: str | None,
    document_id: int | None,
    source_version: int | None,
    target_version: int | None,
) -> None:
    """Align SRC_FILE with TGT_FILE, or the versions of a stored --document.

    Beads are printed one per line, 0-based, source first: [0]:[0], [1, 2]:[1], []:[3].
    """
    if document_id is not None:
        if files:
            raise InputError("give either two files or --document, not both")
        for name, given in (("--src-lang", src_lang), ("--tgt-lang", tgt_lang)):
            if given is not None:
                raise InputError(f"{name} is for two files: --document uses its versions' own")
        for name, option in (
            ("unit", "--unit"),
            ("output", "--format"),
            ("input_format", "--input-format"),
        ):
            if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE:
                raise InputError(f"{option} is for two files, not for --document")
    else:
        if source_version is not None or target_version is not None:
            raise InputError("--source and --target choose stored versions: give --document ID")
        if len(files) != 2:
            raise InputError("give SRC_FILE and TGT_FILE (or --document ID)")
    update, close = progress_bar("aligning")
    try:
        if document_id is not None:
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
        source, target = files
        result = aligning.align_texts(
            read_input(source),
            read_input(target),
            src_name=source.name,
            tgt_name=target.name,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            unit=unit,
            input_format=input_format,
            progress=update,
        )
    finally:
        close()
    click.echo(write_beads(result.beads, output, result.source, result.target), nl=False)


@main.command("compare")
@click.argument("document_id", type=ID)
@click.option("--a", "a_version", type=ID, required=True, help="Version id of translation A.")
@click.option("--b", "b_version", type=ID, required=True, help="Version id of translation B.")
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

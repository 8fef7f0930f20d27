"""Quality: the QA checks over an alignment, and the glossaries they check against."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli import WorkbenchGroup, db_path_of, echo_json, main, open_store, read_input
from workbench.cli.files import refuse_database, write_file
from workbench.errors import InputError

#: How the glossary commands' errors name the language pair: by the options the user types.
LANGUAGE_OPTIONS = ("--src-lang", "--tgt-lang")


def _shared_needs_languages(shared: bool, src_lang: str | None, tgt_lang: str | None) -> None:
    """The shared glossary has no document to take languages from: say which options give
    them, rather than the web form's field names the glossary module would use."""
    missing = [
        option
        for option, value in zip(LANGUAGE_OPTIONS, (src_lang, tgt_lang), strict=True)
        if not (value and value.strip())
    ]
    if shared and missing:
        raise InputError(
            "the shared glossary takes any language pair: give "
            + " and ".join(f"{option} L" for option in missing)
            + " (e.g. --src-lang sq --tgt-lang en)"
        )


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
    """Run the QA checks over DOC's alignment; dismissed findings, and findings raised as
    flags, stay hidden (the summary on stderr counts each: "1 dismissed, 2 raised as flags").

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
            + (f" ({report.handled()})" if report.handled() else ""),
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
        raise InputError("give either --document ID or --shared")
    _shared_needs_languages(shared, src_lang, tgt_lang)
    result = glossary.import_file(
        open_store(ctx),
        read_input(file),
        filename=file.name,
        document_id=document_id,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        user="cli",
        language_names=LANGUAGE_OPTIONS,
    )
    click.echo(
        f"glossary {result['glossary']}: {result['added']} terms added, {result['updated']} "
        f"updated, {result['unchanged']} unchanged"
    )


@glossary_group.command("export")
@click.option("--document", "document_id", type=int, help="The document's glossary.")
@click.option("--shared", is_flag=True, help="The shared glossary.")
@click.option("--src-lang", help="Source language (default: the document's, else the only one).")
@click.option("--tgt-lang", help="Target language (default: the document's, else the only one).")
@click.option(
    "--with-languages",
    is_flag=True,
    help="Add the columns source_language,target_language (import checks them).",
)
@click.option(
    "--excel",
    is_flag=True,
    help="For a spreadsheet: BOM, CRLF, and an apostrophe before a cell that would run as a "
    "formula (= + - @).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    required=True,
    help="File, or - for stdout.",
)
@click.pass_context
def glossary_export(
    ctx: click.Context,
    document_id: int | None,
    shared: bool,
    src_lang: str | None,
    tgt_lang: str | None,
    with_languages: bool,
    excel: bool,
    output: Path,
) -> None:
    """Write one glossary in one language pair as CSV (UTF-8, header
    source,target,note,forbidden): a document's glossary in the document's languages unless
    --src-lang/--tgt-lang choose another pair; the shared glossary in its only pair, else the
    one they choose."""
    from workbench import glossary

    if (document_id is None) == (not shared):
        raise InputError("give either --document ID or --shared")
    to_stdout = str(output) == "-"  # as `export -o -`, not a file named "-"
    if not to_stdout:
        refuse_database(output, db_path_of(ctx), "a glossary export")
    exported = glossary.export_terms(
        open_store(ctx),
        document_id=document_id,
        shared=shared,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        language_names=LANGUAGE_OPTIONS,
    )
    text = glossary.write_csv(exported.terms, with_languages=with_languages, excel=excel)
    if to_stdout:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        write_file(output, [text.encode("utf-8")])
    pair = f" ({glossary.pair_name(exported.pair)})" if exported.pair else ""
    click.echo(f"{'stdout' if to_stdout else output}: {len(exported.terms)} terms{pair}", err=True)
    for other in exported.other_pairs:
        click.echo(
            f"  this glossary also has {glossary.pair_name(other)} terms: export them with "
            f"--src-lang {other[0]} --tgt-lang {other[1]}",
            err=True,
        )


@glossary_group.command("list")
@click.option(
    "--document",
    "document_id",
    type=int,
    help="Only this document's terms and the shared ones of its languages.",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def glossary_list(ctx: click.Context, document_id: int | None, as_json: bool) -> None:
    """List glossary terms: every term, or a document's own and the shared terms the glossary
    check reads with them (those of the document's languages)."""
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

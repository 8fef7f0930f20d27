"""Quality: the QA checks over an alignment, and the glossaries they check against."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli import ID, WorkbenchGroup, db_path_of, echo_json, main, open_store, read_input
from workbench.cli.files import refuse_database, write_file
from workbench.errors import InputError

if TYPE_CHECKING:
    from workbench.store import LinkRow

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


#: Characters of an excerpt in `workbench qa` text output, and how many before the first
#: highlighted span.
EXCERPT_WIDTH = 100
EXCERPT_BEFORE = 35
#: How `workbench qa` marks a finding's spans in an excerpt.
MARKS = ("⟦", "⟧")
# ANSI/VT escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other ESC + one,
# and their 8-bit forms (CSI U+009B, OSC U+009D).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_ -/]?"
)
# Characters that reorder or hide text on a terminal: bidirectional embeddings, overrides
# and isolates, shown by their code point.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


_BREAK = "\ue000"  # a line break, until breaks and the spaces around them become " ¶ "
_BREAKS = re.compile(r"\s*" + _BREAK + r"(?:\s*" + _BREAK + r")*\s*")


def _visible(text: str) -> list[str]:
    """What each character of `text` shows as on a terminal line: escape sequences nothing, a
    line break a ¶ (see `terminal_safe`), a tab a space, other control characters their
    picture (␇) or code point, bidirectional overrides their code point."""
    shown = list(text)
    for m in _ESCAPES.finditer(text):
        shown[m.start() : m.end()] = [""] * (m.end() - m.start())
    for i, ch in enumerate(text):
        if not shown[i]:
            continue
        code = ord(ch)
        if ch in "\n\r\v\f\x85\u2028\u2029":
            shown[i] = "" if ch == "\r" and text[i + 1 : i + 2] == "\n" else _BREAK
        elif ch == "\t":
            shown[i] = " "
        elif ch == _BREAK:  # the private character that stands for breaks here
            shown[i] = "<U+E000>"
        elif code < 0x20:
            shown[i] = chr(0x2400 + code)
        elif code == 0x7F:
            shown[i] = "␡"
        elif 0x80 <= code < 0xA0 or _BIDI.match(ch):
            shown[i] = f"<U+{code:04X}>"
    return shown


def _joined(pieces: list[str]) -> str:
    return _BREAKS.sub(" ¶ ", "".join(pieces))


def terminal_safe(text: str) -> str:
    """One line of text safe to print on a terminal: escape sequences removed, a line break
    (a paragraph break is a blank line) shown as ¶, a tab as a space, any other control
    character as its visible picture (␇) or code point, bidirectional overrides too."""
    return _joined(_visible(text))


def excerpt(text: str, spans: list[tuple[int, int]], width: int = EXCERPT_WIDTH) -> str:
    """One line of a pair's text: around the finding's first span (from the start when it has
    none) with its spans marked ⟦…⟧, cut with …, made `terminal_safe`; spans beyond the
    line are counted ("+2 more")."""
    if not text.strip():
        return "(empty)"
    spans = sorted((max(0, a), min(len(text), b)) for a, b in spans if a < b)
    start = max(0, spans[0][0] - EXCERPT_BEFORE) if spans else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))  # near the end: show a whole line still
    shown = _visible(text)  # escape sequences are read whole, before any cut or mark
    pieces, at, beyond = [], start, 0
    for a, b in spans:
        if a >= end or b <= at:
            beyond += a >= end
            continue
        a, b = max(a, at), min(b, end)
        marked = shown[a:b]
        if any(marked):  # a span inside an escape sequence shows nothing to mark
            marked = [MARKS[0], *marked, MARKS[1]]
        pieces += [*shown[at:a], *marked]
        at = b
    pieces += shown[at:end]
    line = _joined(pieces).strip()
    line = ("…" if start else "") + line + ("…" if end < len(text) else "")
    return line + (f" (+{beyond} more)" if beyond else "")


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _confidences(confidence: float, link: LinkRow | None) -> str:
    """ "confidence 0.9; link 0.74 (confirmed)": the finding's evidence and the aligner's
    confidence in the link it is on (a link the aligner may have got wrong can explain it)."""
    if link is None:
        return f"confidence {confidence:.2f}"
    score = "unscored" if link.confidence is None else f"{link.confidence:.2f}"
    return f"confidence {confidence:.2f}; link {score} ({link.status})"


@main.command("qa")
@click.argument("document_id", type=ID)
@click.option("--alignment", "alignment_id", type=ID, help="Alignment id (default: the first).")
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

    Text output lists the most serious findings first (critical, major, minor), each severity
    in document order: a line with positions, severity, check, message and key, then one line
    of each side's text around the finding's spans (marked ⟦…⟧; line breaks shown as ¶,
    escape sequences and control characters made harmless) and the finding's confidence with
    the aligner's confidence in the link. Positions are 0-based paragraph positions, as in
    beads; spans are character offsets into the link's text (its paragraphs joined by a blank
    line). JSON rows also carry `link_confidence`.
    """
    from workbench import findings
    from workbench.qa import severity_rank

    store = open_store(ctx)
    report = findings.check_alignment(store, document_id, alignment_id)
    links = {link.id: link for link in store.links(report.alignment_id, "paragraph")}
    if output == "json":
        rows = report.as_json()
        for row in rows:
            link = links.get(row["link"])
            row["link_confidence"] = _rounded(link.confidence) if link else None
        echo_json(rows)
    else:
        # the most serious first, each severity in document order (the report's order)
        ordered = sorted(report.findings, key=lambda f: -severity_rank(f.severity))
        for finding in ordered:
            row = report.finding_json(finding)
            pair = report.pairs[finding.pair or 0]
            click.echo(
                f"{row['source']}:{row['target']}  {finding.severity:<8} {finding.check:<17} "
                f"{terminal_safe(finding.message)}  [{finding.key}]"
            )
            click.echo(f"    source: {excerpt(pair.source, finding.source_spans)}")
            click.echo(f"    target: {excerpt(pair.target, finding.target_spans)}")
            click.echo(f"    {_confidences(finding.confidence, links.get(finding.link))}")
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
@click.option("--document", "document_id", type=ID, help="The document's glossary.")
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
@click.option("--document", "document_id", type=ID, help="The document's glossary.")
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
    type=ID,
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

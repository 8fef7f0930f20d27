"""What the review page marks on a window of rows, and its `qa` filter.

A row shows its confidence band, its open flags (a count per link, and spans marked in the
text), the revision numbers and pending revisions of its target paragraphs, and its open QA
findings. Flags and findings are marked on paragraph links only. The `qa` filter narrows the
page (and its "next" jumps) to the links with open findings at or above a severity; at
sentence level, to the sentence links inside such paragraph links (as `flagged` does).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from flask import current_app

from workbench import findings, findings_cache, flags, qa, revisions
from workbench.errors import InputError, WorkbenchError
from workbench.review import ReviewPage
from workbench.store import LinkRow, Store
from workbench.store.review import LinkFilter


def band(confidence: float | None) -> str:
    """The colour band of a confidence (the same cut-offs as the document page's map)."""
    value = 1.0 if confidence is None else confidence
    return "low" if value < 0.5 else "doubtful" if value < 0.8 else "high"


# -- the qa filter ----------------------------------------------------------------------------


def qa_severity(data: Mapping[str, Any]) -> str | None:
    """The `qa` filter: links with open QA findings at or above this severity (None: all)."""
    value = data.get("qa")
    value = ("" if value is None else str(value).strip()) or None
    if value is not None and value not in qa.SEVERITIES:
        raise InputError(f"qa must be one of {', '.join(qa.SEVERITIES)}, not '{value}'")
    return value


def with_findings(
    store: Store, alignment_id: int, link_filter: LinkFilter, severity: str | None
) -> LinkFilter:
    """The filter narrowed to the links with QA findings of `severity` or worse (if given)."""
    if severity is None:
        return link_filter
    # paragraph link ids: at sentence level the filter keeps the sentence links inside them
    ids = findings.links_with_findings(store, alignment_id, severity)
    return replace(link_filter, ids=ids)


# -- marks ------------------------------------------------------------------------------------


def marked_rows(
    store: Store, alignment_id: int, window: ReviewPage, level: str
) -> tuple[list[dict[str, Any]], bool]:
    """The window's rows as the template shows them, and whether the QA checks failed."""
    paragraphs = level == "paragraph"
    links = [row.link for row in window.rows]
    counts, spans = flag_marks(store, alignment_id, links) if paragraphs else ({}, {})
    qa_found, qa_failed = qa_marks(store, alignment_id) if paragraphs else ({}, False)
    targets = [s["id"] for row in window.rows for s in row.target] if paragraphs else []
    marks = revisions.marks(store, targets)  # revision numbers and pending revisions
    rows = [
        {
            "link": row.link,
            "index": row.index,
            "band": band(row.link.confidence),
            "flags": counts.get(row.link.id, 0),
            "findings": qa_row(qa_found.get(row.link.id, [])),
            "source": [with_pieces(s, spans.get(("source", s["position"]))) for s in row.source],
            "target": [
                {
                    **with_pieces(s, spans.get(("target", s["position"]))),
                    **marks.get(s["id"], {}),
                }
                for s in row.target
            ],
        }
        for row in window.rows
    ]
    return rows, qa_failed


def flag_marks(
    store: Store, alignment_id: int, links: Iterable[LinkRow]
) -> tuple[dict[int, int], dict[tuple[str, int], list[dict[str, Any]]]]:
    """Open flags per current link id, and open span flags per (side, paragraph position),
    of the flags on the window's paragraph links `links` (what its rows show: a row's count
    is of the flags whose current link it is, and they all overlap it; its spans are in its
    paragraphs), read in SQL, not every flag of the alignment on every render."""
    counts: dict[int, int] = {}
    spans: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for flag in flags.open_flags_within(store, alignment_id, links):
        if flag["current_link_id"] is not None:
            counts[flag["current_link_id"]] = counts.get(flag["current_link_id"], 0) + 1
        if flag["span_side"]:
            spans.setdefault((flag["span_side"], flag["span_position"]), []).append(flag)
    return counts, spans


def qa_marks(store: Store, alignment_id: int) -> tuple[dict[int, list[Any]], bool]:
    """Open QA findings per link id, and whether the checks failed: a bug in a check must
    not take the review page down with it (it is logged, and the page says so)."""
    try:
        return findings.open_by_link(store, alignment_id, stale_ok=True), False
    except findings_cache.Pending:
        return {}, False  # a long document's first report: its badges come with a reload
    except WorkbenchError:
        raise
    except Exception:
        current_app.logger.exception("QA checks failed on alignment %s", alignment_id)
        return {}, True


def qa_row(found: list[Any]) -> list[dict[str, Any]]:
    """One row's open QA findings (check, severity, message, key), worst first."""
    rows = [
        {"check": f.check, "severity": f.severity, "message": f.message, "key": f.key}
        for f in found
    ]
    return sorted(rows, key=lambda f: -qa.severity_rank(f["severity"]))


def with_pieces(segment: dict[str, Any], marks: list[dict[str, Any]] | None) -> dict[str, Any]:
    """A segment with its text cut into pieces, the flagged ones carrying their flag."""
    text = segment["text"]
    pieces: list[tuple[str, dict[str, Any] | None]] = []
    at = 0
    # a revision since the flag may have moved its words, or removed them (then the row's
    # flag count still shows it, and the flags page quotes the words as flagged)
    placed = [(found, flag) for flag in marks or [] if (found := flags.locate(flag, text))]
    for (span_start, span_end), flag in sorted(placed, key=lambda item: item[0]):
        start, end = max(span_start, at), min(span_end, len(text))
        if start >= end:
            continue  # overlaps a span already marked: the first one wins
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], flag))
        at = end
    if at < len(text) or not pieces:
        pieces.append((text[at:], None))
    return {**segment, "pieces": pieces}

"""Flags: issues a reviewer raises on a link or on a span of text, with a comment thread.

Each public function that writes is one transaction and one event. Permissions are checked by
the views ("flag" to raise and change status, "comment" to comment).

A flag keeps the paragraph position ranges it was raised on besides the link id, because link
ids change when links are merged, split or re-aligned: flags are found by position overlap.
Span offsets are Python string indices (Unicode code points) into the paragraph's text. A span
can also be given by its words (a quote typed instead of selected): they are looked for in the
link's paragraphs of one side.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from workbench.errors import Conflict, InputError, NotFound
from workbench.model import FileComment
from workbench.store import LinkRow, Store
from workbench.typed import invisible, typed_text
from workbench.typology import (  # the flags' vocabulary, which views read from here
    CATEGORIES,
    COUNTED_STATUSES,
    SEVERITIES,
    SEVERITY_WEIGHTS,
    STATUSES,
)

SIDES = ("source", "target")
MAX_COMMENT = 10_000


@dataclass(frozen=True)
class Quality:
    """MQM-style penalty points of one version, per 1,000 words of its text."""

    words: int
    points: int
    flags: int

    @property
    def score(self) -> float | None:
        return round(self.points * 1000 / self.words, 2) if self.words else None


# -- writing ----------------------------------------------------------------------------------


def raise_flag(
    store: Store,
    alignment_id: int,
    *,
    category: str,
    severity: str,
    link_id: int | None = None,
    ranges: tuple[int, int, int, int] | None = None,
    side: str | None = None,
    position: int | None = None,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    occurrence: int | None = None,
    comment: str | None = None,
    user: str | None,
) -> dict[str, Any]:
    """Flag a link (by id or by position ranges) or a span inside one side of it: by its
    paragraph and offsets, or by its words (`quote`, with the side and the link's id; when the
    words occur more than once there, `occurrence` says which: 1, the default, is the first)."""
    _check_choice("category", category, CATEGORIES)
    _check_choice("severity", severity, SEVERITIES)
    body = _comment_body(comment) if comment and not invisible(comment) else None
    alignment = store.alignment(alignment_id)
    row: dict[str, Any] = {"alignment_id": alignment_id, "category": category}
    if occurrence is not None and quote is None:
        raise InputError("occurrence says which occurrence of a quote to flag: give the quote")
    if quote is not None:
        if position is not None or start is not None or end is not None:
            raise InputError("a span is given by its offsets or by its quote, not both")
        position, start, end = find_quote(
            store,
            alignment,
            link_id,
            side,
            quote,
            occurrence=1 if occurrence is None else occurrence,
        )
    if side is not None or position is not None:
        link, span = _span(store, alignment, side, position, start, end, link_id)
        row.update(span)
    elif link_id is not None:
        link = store.paragraph_link(alignment_id, link_id)
    elif ranges is not None:
        link = _link_for_ranges(store, alignment, ranges)
    else:
        raise InputError("say what to flag: a link id, position ranges or a span")
    kept = ranges if ranges is not None and side is None and link_id is None else None
    src_start, src_end, tgt_start, tgt_end = kept or (
        link.src_start,
        link.src_end,
        link.tgt_start,
        link.tgt_end,
    )
    row.update(
        link_id=link.id,
        src_start=src_start,
        src_end=src_end,
        tgt_start=tgt_start,
        tgt_end=tgt_end,
        severity=severity,
        status="open",
        created_by=user,
    )
    with store.transaction():
        flag_id = store.add_flag(row)
        if body:
            store.add_flag_comment(flag_id, user, body)
        store.log_event(
            "flag",
            "flag",
            flag_id,
            user=user,
            document_id=alignment["document_id"],
            after={k: v for k, v in row.items() if k != "quote"} | {"comment": body},
        )
    return flag_json(store, flag_id)


def raise_from_file(
    store: Store,
    alignment_id: int,
    found: Iterable[tuple[LinkRow, FileComment]],
    *,
    user: str | None,
) -> int:
    """Flags for the comments a bilingual file makes on its links, as it is imported (in the
    import's transaction); how many.

    Each goes on its link: on the words it quotes where the link's text on that side (on
    either side, when the comment does not say) holds them, else on the whole link with the
    quote kept in front of its comment. It is raised, and its comment written, by the author
    the file names, else by `user`; open, unless it is a flag our export wrote as resolved.
    A comment on one side that quotes no words says that side in front of its text."""
    alignment = store.alignment(alignment_id)
    count = 0
    for link, said in found:
        by = said.author or user
        row: dict[str, Any] = {
            "alignment_id": alignment_id,
            "link_id": link.id,
            "src_start": link.src_start,
            "src_end": link.src_end,
            "tgt_start": link.tgt_start,
            "tgt_end": link.tgt_end,
            "category": said.category if said.category in CATEGORIES else "other",
            "severity": said.severity if said.severity in SEVERITIES else "neutral",
            "status": "open",
            "created_by": by,
        }
        body = said.text
        span = _quoted(store, alignment, link, said.side, said.quote) if said.quote else None
        if span:
            row.update(span)
        elif said.quote:
            body = f"“{said.quote}”: {body}" if body else f"“{said.quote}”"
        elif said.side in SIDES:
            # a comment on one side's text, not on words of it: a flag on the link that says
            # which side (a span is words; the whole of a side's paragraphs is no span)
            body = f"On the {said.side}: {body}" if body else f"On the {said.side}."
        flag_id = store.add_flag(row)
        status = said.status if said.status in STATUSES else "open"
        if status != "open":
            store.set_flag_status(flag_id, status, by)
        for author, text in ((by, body), *said.replies):
            if text:
                store.add_flag_comment(flag_id, author or user, text)
        store.log_event(
            "flag",
            "flag",
            flag_id,
            user=by,
            document_id=alignment["document_id"],
            after={k: v for k, v in row.items() if k != "quote"}
            | {"status": status, "comment": body or None, "from_file": True},
        )
        count += 1
    return count


def _quoted(
    store: Store, alignment: dict[str, Any], link: LinkRow, side: str | None, quote: str
) -> dict[str, Any] | None:
    """The span of a link's text that `quote` is (its first occurrence on `side`, or on
    either side when None), as a flag's span columns; None where the text does not hold it."""
    words = unicodedata.normalize("NFC", quote).strip()
    for name in (side,) if side in SIDES else SIDES:
        low, high = (
            (link.src_start, link.src_end) if name == "source" else (link.tgt_start, link.tgt_end)
        )
        version_id = alignment["source_version_id" if name == "source" else "target_version_id"]
        texts = store.paragraph_texts(version_id, low, high) if high > low else []
        for position, text in enumerate(texts, start=low):
            at = text.find(words) if words else -1
            if at >= 0:
                return {
                    "span_side": name,
                    "span_position": position,
                    "span_start": at,
                    "span_end": at + len(words),
                    "quote": words,
                }
    return None


def add_comment(store: Store, flag_id: int, body: str, *, user: str | None) -> dict[str, Any]:
    """Append to a flag's thread."""
    text = _comment_body(body)
    flag = store.flag(flag_id)
    with store.transaction():
        comment_id = store.add_flag_comment(flag_id, user, text)
        store.log_event(
            "comment",
            "flag",
            flag_id,
            user=user,
            document_id=flag["document_id"],
            after={"comment": comment_id, "body": text},
        )
    return store.flag_comments([flag_id])[flag_id][-1]


class StatusChanged(Conflict):
    """A status change asked from a status the flag no longer has: someone changed it since
    the asker saw it. Refused, so that a decision is never undone by someone who did not see
    it (a dismissal also takes the flag out of the quality score)."""


#: What each status change is called, after "who ... it" (the events log's actions).
STATUS_VERBS = {"resolved": "resolved", "dismissed": "dismissed", "open": "reopened"}


def set_status(
    store: Store,
    flag_id: int,
    status: str,
    *,
    user: str | None,
    comment: str | None = None,
    from_status: str | None = None,
) -> dict[str, Any]:
    """Resolve, dismiss or reopen a flag, optionally saying why in its thread. `from_status`:
    the status the asker saw (a page's form sends the one it showed); a flag that has another
    one now is left as it is (StatusChanged, naming who changed it to what). None: the caller
    did not say (scripts), any status but `status` itself may change."""
    _check_choice("status", status, STATUSES)
    if from_status is not None:
        _check_choice("from_status", from_status, STATUSES)
    body = _comment_body(comment) if comment and not invisible(comment) else None
    with store.transaction():  # read and change at once: two people cannot both change it
        flag = store.flag(flag_id)
        if flag["status"] == status:
            raise Conflict(f"flag {flag_id} is already {status}")
        if from_status is not None and flag["status"] != from_status:
            raise StatusChanged(_changed_since(store, flag, from_status, status))
        store.set_flag_status(flag_id, status, user)
        if body:
            store.add_flag_comment(flag_id, user, body)
        store.log_event(
            status if status != "open" else "reopen",
            "flag",
            flag_id,
            user=user,
            document_id=flag["document_id"],
            before={"status": flag["status"]},
            after={"status": status, "comment": body},
        )
    return flag_json(store, flag_id)


def _changed_since(store: Store, flag: dict[str, Any], seen: str, asked: str) -> str:
    """Why a change from `seen` to `asked` was refused: who changed the flag to what, when,
    and what they said, from its last status change (the events log has it)."""
    change = store.last_flag_status_change(flag["id"])
    now = flag["status"]
    if change is None:  # raised with that status (from a file) after the page was made
        done = f"it is {now} now"
    else:
        said = f", saying “{change['comment']}”" if change.get("comment") else ""
        who = change["user"] or "someone"
        done = f"{who} {STATUS_VERBS[now]} it at {change['at']}{said}"
    return (
        f"flag {flag['id']} was {seen} when you saw it, but {done}: it stays {now}, and "
        f"was not {STATUS_VERBS[asked]}. Look at it again before changing it"
    )


# -- reading ----------------------------------------------------------------------------------


def flag_json(store: Store, flag_id: int) -> dict[str, Any]:
    """A flag with its comment thread, as the review page's scripts get it."""
    flag = store.flag(flag_id)
    return {**flag, "thread": store.flag_comments([flag_id])[flag_id]}


def flags_for_link(
    store: Store,
    alignment_id: int,
    link_id: int | None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The flags of an alignment (all of them, or those overlapping one link), with threads,
    oldest first; `limit` and `offset` (in SQL) pick one page of them, and only that page's
    threads are read (without them: every flag)."""
    link = _link_or_all(store, alignment_id, link_id)
    flags = store.flags(alignment_id=alignment_id, overlapping=link, limit=limit, offset=offset)
    threads = store.flag_comments(f["id"] for f in flags)
    return [{**flag, "thread": threads[flag["id"]]} for flag in flags]


def count_for_link(store: Store, alignment_id: int, link_id: int | None) -> int:
    """How many flags flags_for_link lists (a paged listing's total), counted in SQL; the
    alignment and the link are checked as flags_for_link checks them."""
    link = _link_or_all(store, alignment_id, link_id)
    return store.count_flags(alignment_id=alignment_id, overlapping=link)


def _link_or_all(store: Store, alignment_id: int, link_id: int | None) -> LinkRow | None:
    """The paragraph link `link_id` of the alignment (None: the whole alignment), or
    NotFound for an alignment or a link there is not."""
    store.alignment(alignment_id)
    return store.paragraph_link(alignment_id, link_id) if link_id is not None else None


def open_flags_within(
    store: Store, alignment_id: int, links: Iterable[LinkRow]
) -> list[dict[str, Any]]:
    """The open flags of an alignment that overlap any of `links` (paragraph links), oldest
    first, without threads: every one a window of rows shows or counts (a flag's current link
    is one it overlaps), found in SQL among the flags overlapping the ranges the links span,
    not by listing all of them. No links, no flags."""
    links = list(links)
    if not links:
        return []
    around = replace(
        links[0],
        src_start=min(link.src_start for link in links),
        src_end=max(link.src_end for link in links),
        tgt_start=min(link.tgt_start for link in links),
        tgt_end=max(link.tgt_end for link in links),
    )
    return store.flags(alignment_id=alignment_id, status="open", overlapping=around)


def list_flags(
    store: Store,
    document_id: int,
    *,
    status: str | None = None,
    severity: str | None = None,
    category: str | None = None,
    version_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """A document's flags matching the filters, each with its thread and the flagged text;
    `limit` and `offset` (in SQL) pick one page of them, and only that page's threads and
    texts are built: a document may have thousands of flags (without them: every flag)."""
    filters = _document_filters(store, document_id, status, severity, category, version_id)
    flags = store.flags(**filters, limit=limit, offset=offset)
    threads = store.flag_comments(f["id"] for f in flags)
    languages: dict[int, str] = {}

    def language(version_id: int) -> str:
        if version_id not in languages:
            languages[version_id] = store.version(version_id)["language"]
        return languages[version_id]

    result = []
    for flag in flags:
        texts = _flagged_text(store, flag)
        source, target = flag["source_version_id"], flag["target_version_id"]
        result.append(
            {
                **flag,
                **texts,
                "thread": threads[flag["id"]],
                "source_language": language(source),
                "target_language": language(target),
                "span_language": language(flag["version_id"]),
            }
        )
    return result


def count_flags(
    store: Store,
    document_id: int,
    *,
    status: str | None = None,
    severity: str | None = None,
    category: str | None = None,
    version_id: int | None = None,
) -> int:
    """How many flags list_flags would give with these filters (a paged listing's total),
    counted in SQL; the document and the filters are checked as list_flags checks them."""
    filters = _document_filters(store, document_id, status, severity, category, version_id)
    return store.count_flags(**filters)


def flag_position(
    store: Store,
    document_id: int,
    flag_id: int,
    *,
    status: str | None = None,
    severity: str | None = None,
    category: str | None = None,
    version_id: int | None = None,
) -> int | None:
    """Where a flag is in list_flags's order with these filters (0 for the first), or None
    when the filters leave it out: the page a link to one flag opens, found without listing."""
    filters = _document_filters(store, document_id, status, severity, category, version_id)
    return store.flag_position(flag_id, **filters)


def severity_counts(store: Store, document_id: int | None = None) -> dict[int, dict[str, int]]:
    """Open flags per document and severity."""
    return store.flag_severity_counts(document_id=document_id)


def quality_scores(store: Store, document_id: int) -> dict[int, Quality]:
    """Penalty points per 1,000 words for each version of a document.

    A span flag counts against the version of its side; a flag on a whole link against the
    link's translation (the target version), since that is what a review assesses. Open and
    resolved flags count, dismissed ones do not. Words are whitespace-separated tokens of the
    version's paragraphs.
    """
    counts = store.flag_severities_by_version(document_id, COUNTED_STATUSES)
    scores = {}
    for version in store.versions(document_id):
        counted = counts.get(version["id"], {})
        words = sum(len(s["text"].split()) for s in store.segments(version["id"]))
        points = sum(SEVERITY_WEIGHTS[severity] * n for severity, n in counted.items())
        scores[version["id"]] = Quality(words, points, sum(counted.values()))
    return scores


# -- helpers ----------------------------------------------------------------------------------


def _check_choice(name: str, value: Any, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    if value is None:
        raise InputError(f"{name} must be one of {', '.join(allowed)}, and is missing")
    if value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(allowed)}, not '{value}'")


def _document_filters(
    store: Store,
    document_id: int,
    status: str | None,
    severity: str | None,
    category: str | None,
    version_id: int | None,
) -> dict[str, Any]:
    """The store's filters for a document's flags, after checking that the document exists
    (404) and that each value given is a known one (400), in that order, whichever of the
    listing, its count or a flag's position is asked for first."""
    store.document(document_id)
    for name, value, allowed in (
        ("status", status, STATUSES),
        ("severity", severity, SEVERITIES),
        ("category", category, CATEGORIES),
    ):
        if value is not None:
            _check_choice(name, value, allowed)
    return {
        "document_id": document_id,
        "status": status,
        "severity": severity,
        "category": category,
        "version_id": version_id,
    }


def _comment_body(body: str | None) -> str:
    """A comment as stored: "\\n" line ends, NFC (as texts are), without surrounding white
    space; one holding a control character other than tab and line breaks, or a lone
    surrogate, or more than MAX_COMMENT characters is refused (`typed.typed_text`)."""
    text = typed_text(body, field="comment", max_chars=MAX_COMMENT)
    if not text:
        raise InputError("a comment cannot be empty")
    return text


def _span(
    store: Store,
    alignment: dict[str, Any],
    side: str | None,
    position: int | None,
    start: int | None,
    end: int | None,
    link_id: int | None,
) -> tuple[LinkRow, dict[str, Any]]:
    """The link a span lies in and the span's columns, after checking the offsets."""
    _check_choice("side", side, SIDES)
    if position is None or start is None or end is None:
        raise InputError("a span needs a paragraph position and start and end offsets")
    version_id = alignment["source_version_id" if side == "source" else "target_version_id"]
    try:
        text = store.paragraph_at(version_id, position)["text"]
    except NotFound as error:
        raise InputError(f"the {side} text has no paragraph {position}") from error
    if not 0 <= start < end <= len(text):
        raise InputError(
            f"a span must lie inside the paragraph: 0 ≤ start < end ≤ {len(text)}, "
            f"not {start}–{end}"
        )
    if link_id is not None:
        link = store.paragraph_link(alignment["id"], link_id)
        low, high = (
            (link.src_start, link.src_end)
            if side == "source"
            else (
                link.tgt_start,
                link.tgt_end,
            )
        )
        if not low <= position < high:
            raise InputError(f"{side} paragraph {position} is not part of link {link_id}")
    else:
        try:
            link = store.paragraph_link_covering(alignment["id"], side, position)
        except NotFound as error:
            raise InputError(str(error)) from error
    span = {
        "span_side": side,
        "span_position": position,
        "span_start": start,
        "span_end": end,
        "quote": text[start:end],
    }
    return link, span


def _link_for_ranges(
    store: Store, alignment: dict[str, Any], ranges: tuple[int, int, int, int]
) -> LinkRow:
    """The first link the ranges overlap (the flag keeps the ranges themselves)."""
    src_start, src_end, tgt_start, tgt_end = ranges
    if not (0 <= src_start <= src_end and 0 <= tgt_start <= tgt_end):
        raise InputError("position ranges need 0 ≤ start ≤ end on both sides")
    if src_start == src_end and tgt_start == tgt_end:
        raise InputError("position ranges cannot both be empty")
    counts = {v["id"]: v["paragraphs"] for v in store.versions(alignment["document_id"])}
    for side, end in (("source", src_end), ("target", tgt_end)):
        paragraphs = counts.get(alignment[f"{side}_version_id"], 0)
        if end > paragraphs:
            raise InputError(
                f"position ranges end past the {side} text: it has {paragraphs:,} paragraphs"
                f" (positions 0 to {paragraphs:,}), not {end:,}"
            )
    side, position = ("source", src_start) if src_end > src_start else ("target", tgt_start)
    try:
        return store.paragraph_link_covering(alignment["id"], side, position)
    except NotFound as error:
        raise InputError(str(error)) from error


def find_quote(
    store: Store,
    alignment: dict[str, Any],
    link_id: int | None,
    side: str | None,
    quote: str,
    *,
    occurrence: int = 1,
) -> tuple[int, int, int]:
    """Where typed words are in a link's paragraphs of one side: (position, start, end) of
    their `occurrence`-th occurrence in reading order (1, the first, unless told otherwise;
    every place the words begin counts). The words are compared as stored (NFC), without the
    white space around them; words the link's text does not hold, or an occurrence past the
    last one, are refused."""
    _check_choice("side", side, SIDES)
    if link_id is None:
        raise InputError("a quote is looked for in one link: give its link_id")
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
        raise InputError(
            f"occurrence must be a whole number from 1 (1 is the first), not {occurrence!r}"
        )
    words = unicodedata.normalize("NFC", quote).strip()
    if not words:
        raise InputError("the quote is empty: leave it out to flag the whole link")
    link = store.paragraph_link(alignment["id"], link_id)
    source = side == "source"
    low, high = (link.src_start, link.src_end) if source else (link.tgt_start, link.tgt_end)
    if high <= low:
        raise InputError(f"this link has no {side} text to quote: leave the quote out to flag it")
    version_id = alignment["source_version_id" if source else "target_version_id"]
    hits = [
        (position, at)
        for position, text in enumerate(store.paragraph_texts(version_id, low, high), start=low)
        for at in _occurrences(text, words)
    ]
    where = f"¶ {low + 1}" if high == low + 1 else f"¶ {low + 1}–{high}"
    shown = words if len(words) <= 60 else f"{words[:59]}…"
    if not hits:
        raise InputError(
            f"“{shown}” is not in the {side} text of this link ({where}): type the words "
            "exactly as they read there, or leave the quote empty to flag the whole link"
        )
    if occurrence > len(hits):
        times = "once" if len(hits) == 1 else f"{len(hits)} times"
        raise InputError(
            f"occurrence must be from 1 to {len(hits)}, not {occurrence}: “{shown}” occurs "
            f"{times} in the {side} text of this link ({where})"
        )
    position, at = hits[occurrence - 1]
    return position, at, at + len(words)


def _occurrences(text: str, words: str) -> list[int]:
    """Every index where `words` begin in `text` (overlapping ones too), in order."""
    found, at = [], text.find(words)
    while at >= 0:
        found.append(at)
        at = text.find(words, at + 1)
    return found


def locate(flag: dict[str, Any], text: str) -> tuple[int, int] | None:
    """Where a span flag's words are in its paragraph's text as it reads now: at the flagged
    offsets if unchanged, else the occurrence of the same words nearest to them (a revision
    moved them), else None (the revision changed or removed them)."""
    start, end, quote = flag["span_start"], flag["span_end"], flag["quote"]
    if text[start:end] == quote:
        return start, end
    if not quote:
        return None
    hits = _occurrences(text, quote)
    if not hits:
        return None
    best = min(hits, key=lambda k: abs(k - start))
    return best, best + len(quote)


def _flagged_text(store: Store, flag: dict[str, Any]) -> dict[str, Any]:
    """The flagged text as parts to show: (before, span, after) of a span's paragraph as it
    reads now, or the linked paragraphs of both sides for a flag on a whole link."""
    if flag["span_side"]:
        try:
            text = store.paragraph_at(flag["version_id"], flag["span_position"])["text"]
        except NotFound:
            text = ""
        found = locate(flag, text)
        if found is None:  # the text was revised since and the words are gone
            return {"parts": ("", flag["quote"], ""), "stale": True}
        start, end = found
        return {"parts": (text[:start], text[start:end], text[end:]), "stale": False}
    return {
        "source_texts": store.paragraph_texts(
            flag["source_version_id"], flag["src_start"], flag["src_end"]
        ),
        "target_texts": store.paragraph_texts(
            flag["target_version_id"], flag["tgt_start"], flag["tgt_end"]
        ),
    }

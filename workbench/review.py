"""Reviewing an alignment: pages of links with their texts, and every edit a person makes.

Each edit is one transaction and one event in the log. A structural edit (merge, split, shift,
detach, realign) replaces some paragraph links and re-derives the sentence links inside them;
its event records the rows removed and added, keyed by position, so `undo` can put them back
as long as nobody changed that stretch since. Status changes (confirm) update rows in place,
so a link keeps its id (and a shared URL to it keeps working).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from workbench import aligning, languages, linkops
from workbench.errors import Conflict, InputError
from workbench.linkops import Span
from workbench.store import LinkRow, Store, now
from workbench.store.review import LinkFilter

PAGE_SIZE = 200
NO_FILTER = LinkFilter()
STRUCTURAL = ("link.merge", "link.split", "link.shift", "link.detach", "link.realign")


@dataclass
class ReviewRow:
    link: LinkRow
    index: int
    source: list[dict[str, Any]]
    target: list[dict[str, Any]]


@dataclass
class ReviewPage:
    alignment: dict[str, Any]
    source_version: dict[str, Any]
    target_version: dict[str, Any]
    rows: list[ReviewRow]
    total: int
    offset: int
    limit: int
    level: str


def _where(store: Store, alignment: dict[str, Any], link_filter: LinkFilter):
    return link_filter.sql(alignment["source_version_id"], alignment["target_version_id"])


def page(
    store: Store,
    alignment_id: int,
    link_filter: LinkFilter = NO_FILTER,
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    level: str = "paragraph",
) -> ReviewPage:
    """One window of links with the texts of both sides: two segment queries per window."""
    if level not in ("paragraph", "sentence"):
        raise InputError("level is paragraph or sentence")
    alignment = store.alignment(alignment_id)
    where = _where(store, alignment, link_filter)
    offset, limit = max(0, offset), max(1, min(limit, 1000))
    links = store.filtered_links(alignment_id, level, where, offset=offset, limit=limit)
    rows = []
    if links:
        sides = []
        for version_key, start_key, end_key in (
            ("source_version_id", "src_start", "src_end"),
            ("target_version_id", "tgt_start", "tgt_end"),
        ):
            start = min(getattr(link, start_key) for link in links)
            end = max(getattr(link, end_key) for link in links)
            by_position = {
                s["position"]: s for s in store.texts(alignment[version_key], level, start, end)
            }
            sides.append(by_position)
        for number, link in enumerate(links):
            rows.append(
                ReviewRow(
                    link,
                    offset + number,
                    [sides[0][p] for p in link.src if p in sides[0]],
                    [sides[1][p] for p in link.tgt if p in sides[1]],
                )
            )
    return ReviewPage(
        alignment,
        store.version(alignment["source_version_id"]),
        store.version(alignment["target_version_id"]),
        rows,
        store.count_links(alignment_id, level, where),
        offset,
        limit,
        level,
    )


def position_of(store: Store, alignment_id: int, link_id: int, link_filter: LinkFilter) -> int:
    """The index of a link in the (filtered) list, to open the page window around it."""
    alignment = store.alignment(alignment_id)
    return store.link_index(
        store.link(link_id, alignment_id), _where(store, alignment, link_filter)
    )


def next_suspicious(
    store: Store, alignment_id: int, link_filter: LinkFilter = NO_FILTER
) -> LinkRow | None:
    """The least confident unconfirmed link (within the filter)."""
    alignment = store.alignment(alignment_id)
    return store.least_confident(alignment_id, "paragraph", _where(store, alignment, link_filter))


# -- status changes -------------------------------------------------------------------------


def set_status(
    store: Store, alignment_id: int, link_ids: list[int], *, user: str, status: str = "confirmed"
) -> int:
    """Confirm (or return to `auto`) links; one event lists each link's old and new status."""
    if status not in ("confirmed", "auto"):
        raise InputError("status is confirmed or auto")
    with store.transaction():
        links = [store.link(link_id, alignment_id) for link_id in link_ids]
        changed = [link for link in links if link.status != status]
        if not changed:
            return 0
        at = now()
        store.set_link_status([link.id for link in changed], status, user, at)
        store.log_event(
            "link.confirm" if status == "confirmed" else "link.unconfirm",
            "alignment",
            alignment_id,
            user=user,
            document_id=store.alignment(alignment_id)["document_id"],
            before={"kind": "status", "links": [_status_row(link) for link in changed]},
            after={
                "kind": "status",
                "links": [
                    {**_status_row(link), "status": status, "set_by": user, "set_at": at}
                    for link in changed
                ],
            },
        )
    return len(changed)


def confirm_above(
    store: Store, alignment_id: int, threshold: float, link_filter: LinkFilter, *, user: str
) -> int:
    """Confirm every unconfirmed paragraph link in the filter with confidence ≥ threshold."""
    if not 0 <= threshold <= 1:
        raise InputError("the confidence threshold is between 0 and 1")
    alignment = store.alignment(alignment_id)
    bulk = replace(link_filter, status="unconfirmed", at_least=threshold)
    links = store.filtered_links(
        alignment_id, "paragraph", _where(store, alignment, bulk), limit=-1
    )
    return set_status(store, alignment_id, [link.id for link in links], user=user)


def _status_row(link: LinkRow) -> dict[str, Any]:
    return {
        "level": link.level,
        "src_start": link.src_start,
        "tgt_start": link.tgt_start,
        "status": link.status,
        "set_by": link.set_by,
        "set_at": link.set_at,
    }


# -- structural edits -----------------------------------------------------------------------


def merge(store: Store, alignment_id: int, link_id: int, direction: str, *, user: str) -> list[int]:
    """Merge a link with the next or the previous one."""
    link = store.link(link_id, alignment_id)
    _paragraph_only(link)
    other = store.link_after(link) if direction == "next" else store.link_before(link)
    if other is None:
        raise InputError(f"there is no {direction} link to merge with")
    first, second = (link, other) if direction == "next" else (other, link)
    return _replace(
        store, [first, second], linkops.merge(first.span, second.span), "link.merge", user
    )


def split(
    store: Store, alignment_id: int, link_id: int, src_at: int, tgt_at: int, *, user: str
) -> list[int]:
    """Split a link before source position `src_at` and target position `tgt_at`."""
    link = store.link(link_id, alignment_id)
    _paragraph_only(link)
    return _replace(store, [link], linkops.split(link.span, src_at, tgt_at), "link.split", user)


def shift(
    store: Store, alignment_id: int, link_id: int, side: str, direction: str, *, user: str
) -> list[int]:
    """Move a link's first segment up into the previous link, or its last one down."""
    link = store.link(link_id, alignment_id)
    _paragraph_only(link)
    neighbour = store.link_before(link) if direction == "up" else store.link_after(link)
    if neighbour is None:
        raise InputError(f"there is no link {'above' if direction == 'up' else 'below'}")
    spans = linkops.shift(link.span, neighbour.span, side=side, direction=direction)
    pair = [neighbour, link] if direction == "up" else [link, neighbour]
    return _replace(store, pair, spans, "link.shift", user)


def detach(store: Store, alignment_id: int, link_id: int, *, user: str) -> list[int]:
    """Make the source and target of a link stand alone (n-0 and 0-m)."""
    link = store.link(link_id, alignment_id)
    _paragraph_only(link)
    return _replace(store, [link], linkops.detach(link.span), "link.detach", user)


def realign(store: Store, alignment_id: int, link_id: int, *, user: str) -> list[int]:
    """Align again the unconfirmed stretch around a link, between two kept links."""
    from workbench.align import align_document

    link = store.link(link_id, alignment_id)
    _paragraph_only(link)
    if link.status != "auto":
        raise InputError("this link is confirmed: only unconfirmed stretches are realigned")
    stretch = [link]
    while (before := store.link_before(stretch[0])) and before.status == "auto":
        stretch.insert(0, before)
    while (after := store.link_after(stretch[-1])) and after.status == "auto":
        stretch.append(after)
    alignment = store.alignment(alignment_id)
    source = store.version(alignment["source_version_id"])
    target = store.version(alignment["target_version_id"])
    src0, src1 = stretch[0].src_start, stretch[-1].src_end
    tgt0, tgt1 = stretch[0].tgt_start, stretch[-1].tgt_end
    result = align_document(
        store.sentences_by_paragraph(source["id"])[src0:src1],
        store.sentences_by_paragraph(target["id"])[tgt0:tgt1],
        src_lang=languages.primary(source["language"]),
        tgt_lang=languages.primary(target["language"]),
    )
    rows = aligning.link_rows(result.paragraphs, start=(src0, tgt0))
    spans = [Span(r["src_start"], r["src_end"], r["tgt_start"], r["tgt_end"]) for r in rows]
    return _replace(store, stretch, spans, "link.realign", user, status="auto", scored=rows)


def _paragraph_only(link: LinkRow) -> None:
    if link.level != "paragraph":
        raise InputError("sentence links change with their paragraph link: edit that one")


def _replace(
    store: Store,
    old: list[LinkRow],
    spans: list[Span],
    action: str,
    user: str,
    *,
    status: str = "edited",
    scored: list[dict[str, Any]] | None = None,
) -> list[int]:
    """Swap paragraph links `old` for `spans` and re-derive the sentence links inside them."""
    alignment = store.alignment(old[0].alignment_id)
    at = now()
    new_rows = scored or [
        {
            "src_start": s.src_start,
            "src_end": s.src_end,
            "tgt_start": s.tgt_start,
            "tgt_end": s.tgt_end,
            "score": None,
            "confidence": 1.0,
            "reasons": [f"set by {user}"],
        }
        for s in spans
    ]
    for row in new_rows:
        row.update(level="paragraph")
        if status != "auto":
            row.update(status=status, set_by=user, set_at=at)
        else:
            row.setdefault("status", "auto")
    with store.transaction():
        src = (old[0].src_start, old[-1].src_end)
        tgt = (old[0].tgt_start, old[-1].tgt_end)
        s_range = store.sentence_range(alignment["source_version_id"], *src)
        t_range = store.sentence_range(alignment["target_version_id"], *tgt)
        old_sentences = store.links_within(alignment["id"], "sentence", s_range, t_range)
        new_sentences = sentence_links(store, alignment, spans, old_sentences)
        removed = [link.as_row() for link in [*old, *old_sentences]]
        store.delete_links([link.id for link in [*old, *old_sentences]])
        ids = store.insert_links(alignment["id"], new_rows)
        store.insert_links(alignment["id"], new_sentences)
        store.touch_document(alignment["document_id"])
        store.log_event(
            action,
            "alignment",
            alignment["id"],
            user=user,
            document_id=alignment["document_id"],
            before={"kind": "replace", "links": removed},
            after={"kind": "replace", "links": [*new_rows, *new_sentences]},
        )
    return ids


def sentence_links(
    store: Store, alignment: dict[str, Any], spans: list[Span], old: list[LinkRow]
) -> list[dict[str, Any]]:
    """Sentence links inside each new paragraph link, keeping confirmed ones that still fit."""
    from workbench.align import align

    source = store.version(alignment["source_version_id"])
    target = store.version(alignment["target_version_id"])
    rows: list[dict[str, Any]] = []
    for span in spans:
        s0, s1 = store.sentence_range(source["id"], span.src_start, span.src_end)
        t0, t1 = store.sentence_range(target["id"], span.tgt_start, span.tgt_end)
        kept = [
            link
            for link in old
            if link.status != "auto"
            and s0 <= link.src_start
            and link.src_end <= s1
            and t0 <= link.tgt_start
            and link.tgt_end <= t1
        ]
        beads = align(
            [r["text"] for r in store.texts(source["id"], "sentence", s0, s1)],
            [r["text"] for r in store.texts(target["id"], "sentence", t0, t1)],
            src_lang=languages.primary(source["language"]),
            tgt_lang=languages.primary(target["language"]),
            keep=[([i - s0 for i in k.src], [i - t0 for i in k.tgt]) for k in kept],
        )
        for row in aligning.link_rows(beads, kept, start=(s0, t0)):
            rows.append({**row, "level": "sentence"})
    return rows


# -- undo -----------------------------------------------------------------------------------


def undo(store: Store, alignment_id: int, *, user: str) -> str:
    """Undo this user's latest edit on the alignment that is not undone yet."""
    events = store.edit_events(alignment_id, user)
    undone = {json.loads(e["after"])["undoes"] for e in events if e["action"] == "link.undo"}
    target = next((e for e in events if e["action"] != "link.undo" and e["id"] not in undone), None)
    if target is None:
        raise InputError("nothing of yours to undo here")
    before, after = json.loads(target["before"]), json.loads(target["after"])
    with store.transaction():
        if before["kind"] == "status":
            _restore_status(store, alignment_id, after["links"], before["links"])
        else:
            _restore_links(store, alignment_id, after["links"], before["links"])
        store.log_event(
            "link.undo",
            "alignment",
            alignment_id,
            user=user,
            document_id=target["document_id"],
            after={"undoes": target["id"], "action": target["action"]},
        )
    return target["action"]


def _link_at(store: Store, alignment_id: int, row: dict[str, Any]) -> LinkRow:
    """The current link where an event says one was; Conflict when it is gone or different."""
    link = store.link_at(alignment_id, row["level"], row["src_start"], row["tgt_start"])
    if link is None or (
        "src_end" in row and (link.src_end, link.tgt_end) != (row["src_end"], row["tgt_end"])
    ):
        raise Conflict("this stretch was changed since: undo is no longer possible here")
    return link


def _restore_status(
    store: Store, alignment_id: int, now_rows: list[dict], old_rows: list[dict]
) -> None:
    for current_row, old_row in zip(now_rows, old_rows, strict=True):
        link = _link_at(store, alignment_id, current_row)
        if link.status != current_row["status"]:
            raise Conflict("this link was changed since: undo is no longer possible here")
        store.set_link_status([link.id], old_row["status"], old_row["set_by"], old_row["set_at"])


def _restore_links(
    store: Store, alignment_id: int, now_rows: list[dict], old_rows: list[dict]
) -> None:
    current = [_link_at(store, alignment_id, row) for row in now_rows]
    store.delete_links([link.id for link in current])
    store.insert_links(alignment_id, old_rows)

"""Reviewing an alignment: pages of links with their texts, and every edit a person makes.

Each edit is one transaction and one event in the log. A structural edit (merge, split, shift,
detach, realign) of paragraph links replaces some of them and re-derives the sentence links
inside them; the same edit of sentence links replaces sentence links only, and only inside
one paragraph link (an edit that would cross its boundary is refused). Its event records the
rows removed and added, keyed by position, so `undo` can put them back as long as nobody
changed that stretch since, with the ids they had. Status changes (confirm) update rows in
place, so a link keeps its id (and a shared URL to it keeps working).

A revision approved after an edit moves later sentence positions (`revisions.set_text` logs
how): undo finds the edit's links where they are now. Events also record a fingerprint of the
texts each confirmed (or edited) link they take away joins: a link undo puts back over text
changed since comes back unconfirmed, since its confirmation was of the text as it was.

An edit that would drop confirmed links (a reviewer's work) raises `DropsConfirmations`
unless the caller passes `confirmed_ok=True`: the page asks the person first, the API wants
`"confirmed_ok": true`. So does an undo that would drop links someone else confirmed since the
edit. (Callers in code, imports and tests, go ahead by default.)
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from workbench import aligning, languages, linkops
from workbench.errors import Conflict, InputError, PermissionDenied
from workbench.formats.bilingual import text_key
from workbench.linkops import Span
from workbench.store import LinkRow, Store, now
from workbench.store.review import LinkFilter

PAGE_SIZE = 200
NO_FILTER = LinkFilter()
STRUCTURAL = ("link.merge", "link.split", "link.shift", "link.detach", "link.realign")
#: What each structural edit does to the links it replaces, for the question asked first.
DOES = {
    "link.merge": "merges",
    "link.split": "splits",
    "link.shift": "changes",
    "link.detach": "detaches",
    "link.realign": "realigns",
}
#: Undoing an edit: the edit as the question names it, and what the undo does to its links.
UNDOES = {
    "link.merge": ("merge", "splits"),
    "link.split": ("split", "merges"),
    "link.shift": ("shift", "changes"),
    "link.detach": ("detach", "joins"),
    "link.realign": ("realignment", "changes"),
    "link.confirm": ("confirmation", "unconfirms"),
    "link.unconfirm": ("unconfirmation", "changes"),
}


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


class DropsConfirmations(Conflict):
    """An edit that would drop confirmed links: the person (or script) must say yes first,
    since a reviewer would have to confirm them again."""

    def __init__(
        self, action: str, level: str, links: list[LinkRow], *, undoes: str | None = None
    ) -> None:
        self.action = action
        self.links = links
        self.summary = _dropping(action, level, links, undoes)
        super().__init__(f"{self.summary} Send confirmed_ok: true to go ahead.")

    @property
    def verb(self) -> str:
        """The edit as a button says it: 'Merge', 'Split', …"""
        return self.action.removeprefix("link.").capitalize()

    def as_json(self) -> list[dict[str, Any]]:
        """The confirmed links the edit would drop: where they are and who confirmed them."""
        return [
            {
                "link_id": link.id,
                "level": link.level,
                "src_start": link.src_start,
                "src_end": link.src_end,
                "tgt_start": link.tgt_start,
                "tgt_end": link.tgt_end,
                "confirmed_by": link.set_by,
                "confirmed_at": link.set_at,
            }
            for link in self.links
        ]


def _dropping(action: str, level: str, links: list[LinkRow], undoes: str | None = None) -> str:
    """'This merges 2 links confirmed by reviewer; they will need confirming again.', or for
    an undo (`undoes`: the edit undone) 'Undoing your merge splits a link confirmed by rita;
    …', since an undo does the opposite of the edit to the links made since."""
    if undoes is None:
        lead, does = "This", DOES[action]
    else:
        edit, does = UNDOES.get(undoes, (undoes.removeprefix("link."), "changes"))
        lead = f"Undoing your {edit}"
    edited = [link for link in links if link.level == level]
    inside = [link for link in links if link.level != level]
    parts = []
    if edited:
        parts.append(f"{does} {_confirmed(edited)}")
    if inside:
        parts.append(f"drops {_confirmed(inside)}")
    they = "it" if len(links) == 1 else "they"
    return f"{lead} {' and '.join(parts)}; {they} will need confirming again."


def _confirmed(links: list[LinkRow]) -> str:
    """'a link confirmed by reviewer', '3 sentence links confirmed by ana and rita'."""
    noun = "sentence link" if links[0].level == "sentence" else "link"
    count = f"a {noun}" if len(links) == 1 else f"{len(links)} {noun}s"
    names = sorted({link.set_by or "someone" for link in links})
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{count} confirmed by {who}"


def _where(store: Store, alignment: dict[str, Any], link_filter: LinkFilter):
    if link_filter.flagged:  # the flagged paragraph links, found per flag, as an id filter
        flagged = store.flagged_paragraph_links(alignment["id"])
        if link_filter.ids is not None:
            flagged = [i for i in flagged if i in set(link_filter.ids)]
        link_filter = replace(link_filter, flagged=False, ids=tuple(flagged))
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
    """One window of links with the texts of both sides: two segment queries per window,
    read with their total in one snapshot (edits committed between the reads made "Links
    1–216 of 213", or texts from after a revision beside links from before it)."""
    _check_level(level)
    with store.snapshot():
        return _page(store, alignment_id, link_filter, offset, limit, level)


def _page(
    store: Store,
    alignment_id: int,
    link_filter: LinkFilter,
    offset: int,
    limit: int,
    level: str,
) -> ReviewPage:
    """`page`'s reads, inside its snapshot."""
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
            wanted = [
                p for link in links for p in range(getattr(link, start_key), getattr(link, end_key))
            ]
            version = alignment[version_key]
            # a filtered window's links lie far apart: read their segments, not all between
            texts = (
                store.texts_at(version, level, wanted)
                if end - start > 2 * len(wanted) + 50
                else store.texts(version, level, start, end)
            )
            sides.append({s["position"]: s for s in texts})
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


def neighbours(store: Store, links: list[LinkRow]) -> dict[int, tuple[int | None, int | None]]:
    """The ids of the links before and after each of `links` (a window's, in order), None at
    an end of the alignment. The page sends the one a merge or shift joins back with the edit,
    so that a neighbour replaced since it was shown is not edited unseen. Rows that follow
    each other are each other's neighbours; only the window's ends and a filter's gaps are
    looked up."""
    found: dict[int, tuple[int | None, int | None]] = {}
    for i, link in enumerate(links):
        previous = links[i - 1] if i > 0 else None
        following = links[i + 1] if i + 1 < len(links) else None
        if previous is None or not linkops.follows(previous.span, link.span):
            previous = store.link_before(link)
        if following is None or not linkops.follows(link.span, following.span):
            following = store.link_after(link)
        found[link.id] = (
            None if previous is None else previous.id,
            None if following is None else following.id,
        )
    return found


def position_of(store: Store, alignment_id: int, link_id: int, link_filter: LinkFilter) -> int:
    """The index of a link in the (filtered) list, to open the page window around it."""
    alignment = store.alignment(alignment_id)
    return store.link_index(
        store.link(link_id, alignment_id), _where(store, alignment, link_filter)
    )


def next_suspicious(
    store: Store, alignment_id: int, link_filter: LinkFilter = NO_FILTER, level: str = "paragraph"
) -> LinkRow | None:
    """The least confident unconfirmed link of `level` (within the filter)."""
    _check_level(level)
    alignment = store.alignment(alignment_id)
    return store.least_confident(alignment_id, level, _where(store, alignment, link_filter))


def _check_level(level: str) -> None:
    if level not in ("paragraph", "sentence"):
        raise InputError("level is paragraph or sentence")


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
        alignment = store.alignment(alignment_id)
        texts = _fingerprints(store, alignment, [link.as_row() for link in changed])
        store.set_link_status([link.id for link in changed], status, user, at)
        store.log_event(
            "link.confirm" if status == "confirmed" else "link.unconfirm",
            "alignment",
            alignment_id,
            user=user,
            document_id=alignment["document_id"],
            before={
                "kind": "status",
                "links": [_status_row(link) for link in changed],
                **texts,
            },
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
    store: Store,
    alignment_id: int,
    threshold: float,
    link_filter: LinkFilter,
    *,
    user: str,
    level: str = "paragraph",
) -> int:
    """Confirm every unconfirmed link of `level` in the filter with confidence ≥ threshold."""
    if not 0 <= threshold <= 1:
        raise InputError("the confidence threshold is between 0 and 1")
    _check_level(level)
    alignment = store.alignment(alignment_id)
    bulk = replace(link_filter, status="unconfirmed", at_least=threshold)
    with store.transaction():
        links = store.filtered_links(alignment_id, level, _where(store, alignment, bulk), limit=-1)
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
#
# Paragraph links are edited anywhere; their sentence links are derived again inside them.
# Sentence links are edited inside their paragraph link: every edit of a sentence link must
# leave each new sentence link within the sentences of that paragraph link's source and
# target paragraphs (its "box"), else it is refused and the paragraph link is to be edited.

CROSSES = (
    "sentence links stay inside their paragraph link, and this edit would cross into the next"
    " or previous one: edit the paragraph link instead (switch to paragraph level)"
)


def merge(
    store: Store,
    alignment_id: int,
    link_id: int,
    direction: str,
    *,
    user: str,
    confirmed_ok: bool = True,
    neighbour: int | None = None,
) -> list[int]:
    """Merge a link with the next or the previous one. `neighbour`, when given, is the id of
    that link as the caller saw it: the edit is refused (`Conflict`) if it is another link now."""
    with store.transaction():
        link = store.link(link_id, alignment_id)
        other = store.link_after(link) if direction == "next" else store.link_before(link)
        _same_neighbour(other, neighbour, f"the {direction} link")
        if other is None:
            raise InputError(f"there is no {direction} link to merge with")
        first, second = (link, other) if direction == "next" else (other, link)
        spans = linkops.merge(first.span, second.span)
        return _edit(store, link, [first, second], spans, "link.merge", user, confirmed_ok)


def split(
    store: Store,
    alignment_id: int,
    link_id: int,
    src_at: int,
    tgt_at: int,
    *,
    user: str,
    confirmed_ok: bool = True,
) -> list[int]:
    """Split a link before source position `src_at` and target position `tgt_at`."""
    with store.transaction():
        link = store.link(link_id, alignment_id)
        spans = linkops.split(link.span, src_at, tgt_at)
        return _edit(store, link, [link], spans, "link.split", user, confirmed_ok)


def shift(
    store: Store,
    alignment_id: int,
    link_id: int,
    side: str,
    direction: str,
    *,
    user: str,
    confirmed_ok: bool = True,
    neighbour: int | None = None,
) -> list[int]:
    """Move a link's first segment up into the previous link, or its last one down.
    `neighbour`, when given, is the id of the link above (up) or below (down) as the caller
    saw it: the edit is refused (`Conflict`) if it is another link now."""
    with store.transaction():
        link = store.link(link_id, alignment_id)
        where = "above" if direction == "up" else "below"
        other = store.link_before(link) if direction == "up" else store.link_after(link)
        _same_neighbour(other, neighbour, f"the link {where}")
        if other is None:
            raise InputError(f"there is no link {where}")
        spans = linkops.shift(link.span, other.span, side=side, direction=direction)
        pair = [other, link] if direction == "up" else [link, other]
        return _edit(store, link, pair, spans, "link.shift", user, confirmed_ok)


def _same_neighbour(other: LinkRow | None, seen: int | None, what: str) -> None:
    """Refuse a merge or shift whose neighbour is not the link the caller saw (`seen`, its
    id; None: not said). A neighbour merged, split or re-aligned since has another id, and
    going ahead would join (or move a segment into) text the person never saw, as an edit of
    a link replaced since is refused."""
    if seen is None or (other is not None and other.id == seen):
        return
    raise Conflict(
        f"{what} is no longer link {seen} (it was merged, split or re-aligned by someone else"
        " meanwhile): reload the page to see the alignment as it is now"
    )


def detach(
    store: Store, alignment_id: int, link_id: int, *, user: str, confirmed_ok: bool = True
) -> list[int]:
    """Make the source and target of a link stand alone (n-0 and 0-m)."""
    with store.transaction():
        link = store.link(link_id, alignment_id)
        spans = linkops.detach(link.span)
        return _edit(store, link, [link], spans, "link.detach", user, confirmed_ok)


def realign(
    store: Store, alignment_id: int, link_id: int, *, user: str, confirmed_ok: bool = True
) -> list[int]:
    """Align again the unconfirmed stretch around a link, between two kept links (for a
    sentence link: between kept sentence links, inside its paragraph link).

    The aligner runs outside the write transaction (a long stretch takes a while); the
    transaction then checks that the stretch is still as it was read. The stretch holds no
    confirmed link, but confirmed sentence links inside it may not fit the new paragraph links.
    """
    link = store.link(link_id, alignment_id)
    if link.status != "auto":
        raise InputError(
            f"this link is {link.status} (set by {link.set_by or 'a person'}): only automatic"
            " stretches are realigned"
        )
    if link.level == "sentence":
        return _realign_sentences(store, link, user)
    return _realign_paragraphs(store, link, user, confirmed_ok)


def _realign_paragraphs(store: Store, link: LinkRow, user: str, confirmed_ok: bool) -> list[int]:
    from workbench.align import align_document

    stretch = _stretch(store, link)
    alignment = store.alignment(link.alignment_id)
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
    spans = [_span(row) for row in rows]
    return _replace(
        store,
        stretch,
        spans,
        "link.realign",
        user,
        status="auto",
        scored=rows,
        confirmed_ok=confirmed_ok,
    )


def _realign_sentences(store: Store, link: LinkRow, user: str) -> list[int]:
    from workbench.align import align

    box = paragraph_box(store, link)[1]
    stretch = _stretch(store, link, box)
    alignment = store.alignment(link.alignment_id)
    source = store.version(alignment["source_version_id"])
    target = store.version(alignment["target_version_id"])
    src0, src1 = stretch[0].src_start, stretch[-1].src_end
    tgt0, tgt1 = stretch[0].tgt_start, stretch[-1].tgt_end
    beads = align(
        [r["text"] for r in store.texts(source["id"], "sentence", src0, src1)],
        [r["text"] for r in store.texts(target["id"], "sentence", tgt0, tgt1)],
        src_lang=languages.primary(source["language"]),
        tgt_lang=languages.primary(target["language"]),
    )
    rows = aligning.link_rows(beads, start=(src0, tgt0))
    spans = [_span(row) for row in rows]
    return _replace_sentences(
        store, stretch, spans, box, "link.realign", user, status="auto", scored=rows
    )


def _stretch(store: Store, link: LinkRow, box: Span | None = None) -> list[LinkRow]:
    """The unconfirmed links around `link` (inside `box`, if given), in order."""

    def extends(other: LinkRow | None) -> bool:
        if other is None or other.status != "auto":
            return False
        return box is None or _inside(other.span, box)

    stretch = [link]
    while extends(before := store.link_before(stretch[0])):
        stretch.insert(0, before)
    while extends(after := store.link_after(stretch[-1])):
        stretch.append(after)
    return stretch


def _span(row: dict[str, Any]) -> Span:
    return Span(row["src_start"], row["src_end"], row["tgt_start"], row["tgt_end"])


def _inside(span: Span, box: Span) -> bool:
    return (
        box.src_start <= span.src_start
        and span.src_end <= box.src_end
        and box.tgt_start <= span.tgt_start
        and span.tgt_end <= box.tgt_end
    )


def paragraph_box(store: Store, sentence: LinkRow) -> tuple[LinkRow, Span]:
    """The paragraph link holding a sentence link, and the sentence positions of its source
    and target paragraphs (the box every sentence link inside it stays in)."""
    parent = paragraph_link_of(store, sentence)
    if parent is None:
        raise InputError(
            "this sentence link spans two paragraph links: edit the paragraph links instead"
            " (switch to paragraph level)"
        )
    return parent, _box(store, parent)


def _box(store: Store, paragraph: LinkRow) -> Span:
    alignment = store.alignment(paragraph.alignment_id)
    s0, s1 = store.sentence_range(
        alignment["source_version_id"], paragraph.src_start, paragraph.src_end
    )
    t0, t1 = store.sentence_range(
        alignment["target_version_id"], paragraph.tgt_start, paragraph.tgt_end
    )
    return Span(s0, s1, t0, t1)


def paragraph_link_of(store: Store, sentence: LinkRow) -> LinkRow | None:
    """The paragraph link whose paragraphs hold all of a sentence link (None if none does)."""
    alignment = store.alignment(sentence.alignment_id)
    if sentence.src_end > sentence.src_start:
        side, version, position = "source", "source_version_id", sentence.src_start
    else:
        side, version, position = "target", "target_version_id", sentence.tgt_start
    paragraph = store.paragraph_of_sentence(alignment[version], position)
    if paragraph is None:
        return None
    parent = store.link_covering(alignment["id"], "paragraph", side, paragraph)
    if parent is None or not _inside(sentence.span, _box(store, parent)):
        return None
    return parent


def link_at_level(store: Store, alignment_id: int, link_id: int, level: str) -> LinkRow | None:
    """Link `link_id`, or at the other level its counterpart: the paragraph link holding a
    sentence link, the first sentence link inside a paragraph link (None if there is none)."""
    link = store.link(link_id, alignment_id)
    if link.level == level:
        return link
    if level == "paragraph":
        return paragraph_link_of(store, link)
    box = _box(store, link)
    inside = store.links_within(
        alignment_id, "sentence", (box.src_start, box.src_end), (box.tgt_start, box.tgt_end)
    )
    return inside[0] if inside else None


def _edit(
    store: Store,
    link: LinkRow,
    old: list[LinkRow],
    spans: list[Span],
    action: str,
    user: str,
    confirmed_ok: bool,
) -> list[int]:
    """Replace links `old` (neighbours around `link`) by `spans`, at `link`'s level."""
    if link.level == "paragraph":
        return _replace(store, old, spans, action, user, confirmed_ok=confirmed_ok)
    box = paragraph_box(store, link)[1]
    return _replace_sentences(store, old, spans, box, action, user, confirmed_ok=confirmed_ok)


def _new_rows(
    spans: list[Span],
    level: str,
    user: str,
    status: str,
    scored: list[dict[str, Any]] | None,
) -> list[dict[str, Any]]:
    """Rows for new links: set by `user` (status edited) unless the aligner scored them."""
    at = now()
    rows = scored or [
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
    for row in rows:
        row.update(level=level)
        if status != "auto":
            row.update(status=status, set_by=user, set_at=at)
        else:
            row.setdefault("status", "auto")
    return rows


def _check_confirmations(
    action: str, level: str, old: list[LinkRow], new_rows: list[dict[str, Any]], confirmed_ok: bool
) -> None:
    """Refuse (unless `confirmed_ok`) an edit that drops confirmed links: those of `old` that
    do not come back, confirmed and where they were, among `new_rows`."""
    if confirmed_ok:
        return
    kept = {_place_of(row) for row in new_rows if row.get("status") == "confirmed"}
    dropped = [
        link for link in old if link.status == "confirmed" and _place_of(link.__dict__) not in kept
    ]
    if dropped:
        raise DropsConfirmations(action, level, dropped)


def _place_of(row: dict[str, Any]) -> tuple[str, int, int, int, int]:
    return (row["level"], row["src_start"], row["src_end"], row["tgt_start"], row["tgt_end"])


def _removed(links: list[LinkRow]) -> list[dict[str, Any]]:
    """Links an edit removes, as its event records them: with their ids, so that undo can
    give them back and a shared URL to one can find where it was."""
    return [{"id": link.id, **link.as_row()} for link in links]


def _text_keys(store: Store, alignment: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    """For each link row, a fingerprint of the texts it joins now (`bilingual.text_key`):
    two reads of the segments a side, however many rows."""
    texts: dict[tuple[str, str], dict[int, str]] = {}
    for side, version, start, end in _SIDES:
        for level in {row["level"] for row in rows}:
            wanted = {
                p for row in rows if row["level"] == level for p in range(row[start], row[end])
            }
            found = store.texts_at(alignment[version], level, sorted(wanted)) if wanted else []
            texts[side, level] = {segment["position"]: segment["text"] for segment in found}
    return [
        text_key(
            *(
                [texts[side, row["level"]].get(p, "") for p in range(row[start], row[end])]
                for side, _version, start, end in _SIDES
            )
        )
        for row in rows
    ]


_SIDES = (
    ("source", "source_version_id", "src_start", "src_end"),
    ("target", "target_version_id", "tgt_start", "tgt_end"),
)


def _fingerprints(
    store: Store, alignment: dict[str, Any], rows: list[dict[str, Any]]
) -> dict[str, list[str | None]]:
    """What an event records of the texts of the links it takes away (`rows`): `texts`, a
    fingerprint for each link a person vouched for (confirmed or edited), None for automatic
    ones; nothing when all of them are automatic (a bulk confirm of 5,000 links)."""
    vouched = [row for row in rows if row["status"] != "auto"]
    if not vouched:
        return {}
    keys = iter(_text_keys(store, alignment, vouched))
    return {"texts": [None if row["status"] == "auto" else next(keys) for row in rows]}


def _check_unchanged(store: Store, old: list[LinkRow]) -> None:
    """Inside the write transaction: the links an edit was computed from are still there."""
    for link in old:
        current = store.link_at(link.alignment_id, link.level, link.src_start, link.tgt_start)
        if current != link:
            raise Conflict("these links were changed meanwhile: look again, then edit")


def _replace_sentences(
    store: Store,
    old: list[LinkRow],
    spans: list[Span],
    box: Span,
    action: str,
    user: str,
    *,
    status: str = "edited",
    scored: list[dict[str, Any]] | None = None,
    confirmed_ok: bool = True,
) -> list[int]:
    """Swap sentence links `old` for `spans`, all inside one paragraph link's `box`."""
    if not all(_inside(link.span, box) for link in old) or not all(
        _inside(span, box) for span in spans
    ):
        raise InputError(CROSSES)
    alignment = store.alignment(old[0].alignment_id)
    new_rows = _new_rows(spans, "sentence", user, status, scored)
    with store.transaction():
        _check_unchanged(store, old)
        _check_confirmations(action, "sentence", old, new_rows, confirmed_ok)
        removed = _removed(old)
        store.delete_links([link.id for link in old])
        ids = store.insert_links(alignment["id"], new_rows)
        store.touch_document(alignment["document_id"])
        store.log_event(
            action,
            "alignment",
            alignment["id"],
            user=user,
            document_id=alignment["document_id"],
            before={
                "kind": "replace",
                "level": "sentence",
                "links": removed,
                **_fingerprints(store, alignment, removed),
            },
            after={"kind": "replace", "level": "sentence", "links": new_rows},
        )
    return ids


def _replace(
    store: Store,
    old: list[LinkRow],
    spans: list[Span],
    action: str,
    user: str,
    *,
    status: str = "edited",
    scored: list[dict[str, Any]] | None = None,
    confirmed_ok: bool = True,
) -> list[int]:
    """Swap paragraph links `old` for `spans` and re-derive the sentence links inside them."""
    alignment = store.alignment(old[0].alignment_id)
    new_rows = _new_rows(spans, "paragraph", user, status, scored)
    with store.transaction():
        _check_unchanged(store, old)
        src = (old[0].src_start, old[-1].src_end)
        tgt = (old[0].tgt_start, old[-1].tgt_end)
        s_range = store.sentence_range(alignment["source_version_id"], *src)
        t_range = store.sentence_range(alignment["target_version_id"], *tgt)
        old_sentences = store.links_within(alignment["id"], "sentence", s_range, t_range)
        new_sentences = sentence_links(store, alignment, spans, old_sentences)
        replaced = [*old, *old_sentences]
        _check_confirmations(action, "paragraph", replaced, new_rows + new_sentences, confirmed_ok)
        removed = _removed(replaced)
        store.delete_links([link.id for link in replaced])
        ids = store.insert_links(alignment["id"], new_rows)
        store.insert_links(alignment["id"], new_sentences)
        store.touch_document(alignment["document_id"])
        store.log_event(
            action,
            "alignment",
            alignment["id"],
            user=user,
            document_id=alignment["document_id"],
            before={
                "kind": "replace",
                "links": removed,
                **_fingerprints(store, alignment, removed),
            },
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
            keep=[aligning.kept_bead(k, start=(s0, t0)) for k in kept],
        )
        for row in aligning.link_rows(beads, kept, start=(s0, t0)):
            rows.append({**row, "level": "sentence"})
    return rows


# -- undo -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Undone:
    """What an undo put back: the edit's action, the level of its links, the ids of the links
    now standing where the edit was (in reading order) and, for people, where they are."""

    action: str
    level: str
    links: list[int]
    where: str
    #: links left unconfirmed (automatic) although the edit took them away confirmed, or
    #: edited: the texts they join changed since, and a confirmation was of the text as it was
    unconfirmed: tuple[int, ...] = ()

    @property
    def focus(self) -> int | None:
        """The link to show: the first one put back."""
        return self.links[0] if self.links else None

    def describe(self) -> str:
        """'confirm of ¶12 → ¶12', 'merge of ¶3–4 → ¶3', 'confirm of 40 links, ¶2 → ¶2 …',
        and what it left unconfirmed: 'merge of ¶2–3 → ¶2–3; a link is left unconfirmed: its
        text changed since'."""
        said = f"{self.action.removeprefix('link.')} of {self.where}"
        count = len(self.unconfirmed)
        if count == 1:
            said += "; a link is left unconfirmed: its text changed since"
        elif count:
            said += f"; {count} links are left unconfirmed: their texts changed since"
        return said


#: The permission an undo needs, by the kind of edit it takes back: a status change (confirm,
#: unconfirm) or links replaced (merge, split, shift, realign...).
UNDO_NEEDS = {"status": "confirm", "replace": "edit_alignment"}


def undo(
    store: Store,
    alignment_id: int,
    *,
    user: str,
    confirmed_ok: bool = True,
    may: Collection[str] = UNDO_NEEDS.values(),
) -> str:
    """Undo this user's latest edit on the alignment that is not undone yet; its action."""
    return undo_last(store, alignment_id, user=user, confirmed_ok=confirmed_ok, may=may).action


def undo_last(
    store: Store,
    alignment_id: int,
    *,
    user: str,
    confirmed_ok: bool = True,
    may: Collection[str] = UNDO_NEEDS.values(),
) -> Undone:
    """Undo this user's latest edit on the alignment that is not undone yet, and say what was
    undone and where (the latest edit may lie far from where the person is looking).

    Links someone else confirmed since the edit are a reviewer's work, as for any edit: an
    undo that would drop them raises `DropsConfirmations` unless `confirmed_ok`. An undo is
    that kind of edit again, so it needs the permission the edit needs (`UNDO_NEEDS`, checked
    against `may`, the permissions the person has now): a translator made reviewer since a
    merge may no longer take it back."""
    events = store.edit_events(alignment_id, user)
    undone = {json.loads(e["after"])["undoes"] for e in events if e["action"] == "link.undo"}
    target = next((e for e in events if e["action"] != "link.undo" and e["id"] not in undone), None)
    if target is None:
        raise InputError("nothing of yours to undo here")
    before, after = json.loads(target["before"]), json.loads(target["after"])
    needed = UNDO_NEEDS.get(before["kind"], "edit_alignment")
    if needed not in may:
        what = "changes link statuses" if before["kind"] == "status" else "edits the alignment"
        raise PermissionDenied(
            f"undoing your {target['action']} {what}, which your role may no longer do"
        )
    level = before["links"][0]["level"]
    alignment = store.alignment(alignment_id)
    undoing = None
    with store.transaction():
        undo = _Undoing(
            store,
            alignment,
            user,
            _Since(store, alignment, target["id"]),
            _UndoCheck(target["action"], level, user, confirmed_ok),
        )
        texts = before.get("texts")  # events logged before they were recorded have none
        if before["kind"] == "status":
            restored, unconfirmed = undo.statuses(after["links"], before["links"], texts)
        else:
            ids, removed, unconfirmed = undo.links(after["links"], before["links"], texts)
            restored = [
                store.link(link_id, alignment_id)
                for link_id, row in zip(ids, before["links"], strict=True)
                if row["level"] == level
            ]
            undoing = {"kind": "replace", "links": _removed(removed)}
        store.log_event(
            "link.undo",
            "alignment",
            alignment_id,
            user=user,
            document_id=target["document_id"],
            before=undoing,
            after={"undoes": target["id"], "action": target["action"]},
        )
    restored.sort(key=lambda link: (link.src_start, link.tgt_start))
    return Undone(
        target["action"],
        level,
        [link.id for link in restored],
        _place(restored),
        tuple(sorted(unconfirmed)),
    )


def _place(links: list[LinkRow]) -> str:
    """Where links are, in the page's terms: '¶12 → ¶12', '¶3–4 → ¶3' (a stretch of
    neighbours), '40 links, ¶2 → ¶2 … ¶90 → ¶91' (links scattered over the alignment)."""
    if not links:
        return "nothing"
    unit = "¶" if links[0].level == "paragraph" else "s. "

    def side(start: int, end: int) -> str:
        if end <= start:
            return "—"
        return f"{unit}{start + 1}" if end == start + 1 else f"{unit}{start + 1}–{end}"

    def pair(first: LinkRow, last: LinkRow) -> str:
        src = side(first.src_start, last.src_end)
        return f"{src} → {side(first.tgt_start, last.tgt_end)}"

    first, last = links[0], links[-1]
    neighbours = all(
        (a.src_end, a.tgt_end) == (b.src_start, b.tgt_start) for a, b in itertools.pairwise(links)
    )
    if len(links) == 1 or neighbours:
        return pair(first, last)
    return f"{len(links)} links, {pair(first, first)} … {pair(last, last)}"


@dataclass(frozen=True)
class Successor:
    """Where a removed link was (`was`: its level and positions) and the link there now."""

    was: dict[str, Any]
    link: LinkRow


def successor(store: Store, alignment_id: int, link_id: int) -> Successor | None:
    """The link that now holds the first segment of removed link `link_id`, so that a URL
    shared before a merge, split or undo, or before an approved revision re-split the
    paragraph and so re-derived its sentence links, still opens where it pointed, also
    after revisions approved since moved later sentences (`_Since`; a link inside a
    paragraph a revision re-split is looked for where its paragraph's sentences begin).
    None when no recorded edit removed it (an edit logged before ids were recorded, a
    re-alignment, a revision approved before its event recorded the links it took away)."""
    alignment = store.alignment(alignment_id)
    edited = store.where_link_was(alignment_id, link_id)
    found = [
        was
        for was in (
            None if edited is None else {**edited, "since": edited["event"]},
            _resplit_took(store, alignment, link_id),
        )
        if was is not None
    ]
    if not found:
        return None
    was = max(found, key=lambda row: row["event"])  # the later record: what removed it
    where = was
    if was["level"] == "sentence":
        where = _Since(store, alignment, was["since"]).nearest(was)
    if where["src_end"] > where["src_start"]:
        side, position = "source", where["src_start"]
    else:
        side, position = "target", where["tgt_start"]
    now = store.link_covering(alignment_id, was["level"], side, position)
    return None if now is None else Successor(was, now)


def _resplit_took(store: Store, alignment: dict[str, Any], link_id: int) -> dict[str, Any] | None:
    """Where sentence link `link_id` was when an approved revision took it away, with that
    event's id (`event`), and under `since` the event from which on revisions moved its
    positions: the one just before, so that the revision that removed it is applied too (its
    positions are those before the re-split). None when no revision's event names it."""
    took = store.where_resplit_took(alignment["document_id"], alignment["id"], link_id)
    return None if took is None else {**took, "since": took["event"] - 1}


def _link_at(
    store: Store, alignment_id: int, row: dict[str, Any], since: _Since | None = None
) -> LinkRow:
    """The current link where an event says one was (`row`, where it is now: `_Since.row`);
    Conflict when it is gone or different, naming the revision that changed the text under
    it, if one did."""
    link = store.link_at(alignment_id, row["level"], row["src_start"], row["tgt_start"])
    if link is None or (
        "src_end" in row and (link.src_end, link.tgt_end) != (row["src_end"], row["tgt_end"])
    ):
        revised = since.revised(row) if since is not None and "src_end" in row else None
        raise Conflict(_CHANGED if revised is None else _revised(*revised))
    return link


_CHANGED = "this stretch was changed since: undo is no longer possible here"


def _revised(side: str, paragraph: int) -> str:
    return (
        f"this stretch was changed since (a revision changed the {side} text of"
        f" ¶{paragraph + 1}): undo is no longer possible here"
    )


class _Since:
    """How an alignment's positions moved after an edit: the paragraphs whose text approved
    revisions changed since (`Store.resplits_since`), oldest first, with the side they are
    on. Paragraph positions never move; the sentence positions after a changed paragraph
    move by the number of sentences it gained or lost."""

    def __init__(self, store: Store, alignment: dict[str, Any], event_id: int) -> None:
        self.store = store
        self.resplits = [
            (side, resplit)
            for resplit in store.resplits_since(alignment["document_id"], event_id)
            for side, version, _start, _end in _SIDES
            if alignment[version] == resplit["version_id"]
        ]

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        """Where a link an event recorded is now. Conflict when a revision since changed
        the number of sentences of a paragraph the link begins or ends inside: nothing
        there is what the link joined."""
        if row["level"] == "paragraph" or not self.resplits:
            return row
        moved = dict(row)
        for side, resplit in self.resplits:
            for key in _SIDE_KEYS[side]:
                if key not in moved:  # a status change records where links start only
                    continue
                position = linkops.moved(
                    moved[key], resplit["first"], resplit["old_end"], resplit["delta"]
                )
                if position is None:
                    raise Conflict(_revised(side, resplit["paragraph"]))
                moved[key] = position
        return moved

    def nearest(self, row: dict[str, Any]) -> dict[str, Any]:
        """Where a link an event recorded is now, as near as can be (for a link URL, not an
        undo): a position inside a paragraph re-split since goes to its first sentence."""
        moved = dict(row)
        for side, resplit in self.resplits:
            for key in _SIDE_KEYS[side]:
                position = linkops.moved(
                    moved[key], resplit["first"], resplit["old_end"], resplit["delta"]
                )
                moved[key] = resplit["first"] if position is None else position
        return moved

    def revised(self, row: dict[str, Any]) -> tuple[str, int] | None:
        """The first paragraph under link `row` (where it is now) whose text changed since,
        as its side and position; None when there is none."""
        for side, resplit in self.resplits:
            start, end = (row[key] for key in _SIDE_KEYS[side])
            paragraph = resplit["paragraph"]
            if row["level"] == "paragraph":
                under = start <= paragraph < end
            else:
                first, last = self.store.sentence_range(
                    resplit["version_id"], paragraph, paragraph + 1
                )
                under = start < last and end > first if end > start else first < start < last
            if under:
                return side, paragraph
        return None


_SIDE_KEYS = {"source": ("src_start", "src_end"), "target": ("tgt_start", "tgt_end")}


@dataclass(frozen=True)
class _UndoCheck:
    """What an undo must not do unasked: drop links confirmed by someone other than the
    person undoing (their own confirmations are theirs to undo)."""

    undoes: str
    level: str
    user: str
    confirmed_ok: bool

    def __call__(self, current: list[LinkRow], old_rows: list[dict[str, Any]]) -> None:
        """Refuse (unless `confirmed_ok`) to take away links of `current` that someone else
        confirmed, unless they come back, confirmed and where they were, among `old_rows`."""
        if self.confirmed_ok:
            return
        kept = {_place_of(row) for row in old_rows if row.get("status") == "confirmed"}
        dropped = [
            link
            for link in current
            if link.status == "confirmed"
            and link.set_by != self.user
            and _place_of(link.__dict__) not in kept
        ]
        if dropped:
            raise DropsConfirmations("link.undo", self.level, dropped, undoes=self.undoes)


@dataclass(frozen=True)
class _Undoing:
    """One undo, inside its transaction: who undoes, how positions moved since the edit, and
    what it must not do unasked."""

    store: Store
    alignment: dict[str, Any]
    user: str
    since: _Since
    check: _UndoCheck

    def statuses(
        self, now_rows: list[dict], old_rows: list[dict], texts: list[str | None] | None
    ) -> tuple[list[LinkRow], list[int]]:
        """Put back the statuses of `old_rows`; the links, which keep their ids, and those of
        them left automatic (their texts changed since: `vouched`)."""
        links = []
        for current_row in now_rows:
            link = _link_at(self.store, self.alignment["id"], self.since.row(current_row))
            if link.status != current_row["status"]:
                raise Conflict("this link was changed since: undo is no longer possible here")
            links.append(link)
        self.check(links, [])  # a link unconfirmed and confirmed again since is theirs
        rows = [
            {**link.as_row(), **{key: old[key] for key in ("status", "set_by", "set_at")}}
            for link, old in zip(links, old_rows, strict=True)
        ]
        rows, unvouched = self.vouched(rows, texts)
        for link, row in zip(links, rows, strict=True):
            self.store.set_link_status([link.id], row["status"], row["set_by"], row["set_at"])
        return links, [links[i].id for i in unvouched]

    def links(
        self, now_rows: list[dict], old_rows: list[dict], texts: list[str | None] | None
    ) -> tuple[list[int], list[LinkRow], list[int]]:
        """Swap the links an edit made for those it removed, each under the id it had (events
        since ids were recorded name them), so that a URL shared before the edit works again.
        The ids of `old_rows` now, the links taken away, and the ids of those put back
        automatic although the edit took them away confirmed or edited (`vouched`)."""
        current = [
            _link_at(self.store, self.alignment["id"], self.since.row(row), self.since)
            for row in now_rows
        ]
        rows, unvouched = self.vouched([self.since.row(row) for row in old_rows], texts)
        # a link confirmed (or edited) since at the very place of one that would come back
        # unconfirmed keeps its status: that is of the text as it is now
        confirmed = {_place_of(link.__dict__): link for link in current if link.status != "auto"}
        for i in [i for i in unvouched if _place_of(rows[i]) in confirmed]:
            link = confirmed[_place_of(rows[i])]
            rows[i] = {
                **rows[i],
                "status": link.status,
                "set_by": link.set_by,
                "set_at": link.set_at,
            }
            unvouched.remove(i)
        self.check(current, rows)
        self.store.delete_links([link.id for link in current])
        ids = self.store.restore_links(self.alignment["id"], rows)
        return ids, current, [ids[i] for i in unvouched]

    def vouched(
        self, rows: list[dict[str, Any]], texts: list[str | None] | None
    ) -> tuple[list[dict[str, Any]], list[int]]:
        """Links to put back (`rows`, where they are now), those a person confirmed or
        edited over texts that changed since the edit made automatic: a confirmation is of
        the text as it was. The event's fingerprints (`texts`) say which texts changed; an
        event logged before they were recorded has the paragraphs revisions changed since.
        The rows, and the indexes of those made automatic."""
        texts = texts or [None] * len(rows)
        vouched = [i for i, row in enumerate(rows) if row["status"] != "auto"]
        keyed = [i for i in vouched if texts[i] is not None]
        now_keys = _text_keys(self.store, self.alignment, [rows[i] for i in keyed])
        keys = dict(zip(keyed, now_keys, strict=True))
        changed = [
            i
            for i in vouched
            if (keys[i] != texts[i] if i in keys else self.since.revised(rows[i]) is not None)
        ]
        at = now()
        for i in changed:
            rows[i] = {**rows[i], "status": "auto", "set_by": self.user, "set_at": at}
        return rows, changed

"""Editions: what an editor publishes and what exports are made from.

An edition holds only confirmed (or person-edited) links with the current, approved text of
both sides, at paragraph and sentence level, and the segments they hold as they stand (texts,
kinds, where sentences lie in their paragraphs), so that its exports never read today's. It is
numbered per alignment and never changes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from workbench.diff import Change, similarity, word_diff
from workbench.errors import Conflict, InputError
from workbench.flags import SEVERITIES
from workbench.revisions import MAX_COMMENT, normal
from workbench.store import Store
from workbench.store.review import LinkSpan

#: What an edition's rows hold besides their edition and id: equal rows, equal editions.
ROW_FIELDS = (
    "level",
    "ordinal",
    "src_start",
    "src_end",
    "tgt_start",
    "tgt_end",
    "source_text",
    "target_text",
    "status",
    "set_by",
)
#: What an edition says of itself besides its number, note and who published it when.
HEAD_FIELDS = ("title", "source_language", "target_language", "links_total", "links_included")


#: How many times publishing reads an alignment that changed while it was read.
READ_ATTEMPTS = 3


def _texts(store: Store, version_id: int, level: str) -> dict[int, str]:
    return {s["position"]: s["text"] for s in store.segments(version_id, level)}


def _sentences_before(store: Store, version_id: int) -> Callable[[int], int]:
    """How many sentences of a version lie in its paragraphs before a paragraph position (what
    `store.sentence_range` counts), for every position from one query."""
    positions: list[int] = []
    totals = [0]
    for position, count in store.sentences_per_paragraph(version_id):
        positions.append(position)
        totals.append(totals[-1] + count)
    return lambda position: totals[bisect_left(positions, position)]


def _sentence_links(
    store: Store,
    alignment: dict[str, Any],
    confirmed: list[LinkSpan],
    before: dict[str, Callable[[int], int]],
) -> list[LinkSpan]:
    """The sentence links lying inside the confirmed paragraph links (as `store.links_within`
    finds them in the sentences of each), each paragraph link's in order: the sentence links
    are read once, in order, and each paragraph link's are looked up by their source start."""
    links = store.link_spans(alignment["id"], "sentence")
    starts = [link.src_start for link in links]
    found = []
    for paragraph in confirmed:
        src = before["source"](paragraph.src_start), before["source"](paragraph.src_end)
        tgt = before["target"](paragraph.tgt_start), before["target"](paragraph.tgt_end)
        # a link starting after src[1] cannot end by it: those starting in [src[0], src[1]]
        for k in range(bisect_left(starts, src[0]), bisect_right(starts, src[1])):
            link = links[k]
            if link.src_end <= src[1] and tgt[0] <= link.tgt_start and link.tgt_end <= tgt[1]:
                found.append(link)
    return found


def _snapshot(
    store: Store, alignment: dict[str, Any], level: str, links: list[LinkSpan]
) -> list[dict[str, Any]]:
    """Rows of the included links: confirmed paragraph links, and at sentence level the
    sentence links inside them (a reviewer confirms a pair; its sentences come with it)."""
    source = _texts(store, alignment["source_version_id"], level)
    target = _texts(store, alignment["target_version_id"], level)
    joiner = "\n\n" if level == "paragraph" else " "
    return [
        {
            "level": level,
            "ordinal": ordinal,
            "src_start": link.src_start,
            "src_end": link.src_end,
            "tgt_start": link.tgt_start,
            "tgt_end": link.tgt_end,
            "source_text": joiner.join(source[p] for p in link.src),
            "target_text": joiner.join(target[p] for p in link.tgt),
            "status": link.status,
            "set_by": link.set_by,
        }
        for ordinal, link in enumerate(links)
    ]


def _segments(
    store: Store,
    alignment: dict[str, Any],
    paragraphs: list[dict[str, Any]],
    before: dict[str, Callable[[int], int]],
) -> list[dict[str, Any]]:
    """What an edition's exports need besides its links, as it stands now (`edition_segments`
    rows): per side each paragraph its paragraph links hold and each sentence of those
    paragraphs, with its text, its paragraph's position and kind, and the white space before
    a sentence in its paragraph."""
    segments: list[dict[str, Any]] = []
    for side, prefix in (("source", "src"), ("target", "tgt")):
        version = alignment[f"{side}_version_id"]
        held = {
            p for row in paragraphs for p in range(row[f"{prefix}_start"], row[f"{prefix}_end"])
        }
        if not held:
            continue
        low, high = min(held), max(held) + 1
        for level, (texts, places) in (
            ("paragraph", store.paragraphs_between(version, low, high)),
            ("sentence", store.sentences_between(version, before[side](low), before[side](high))),
        ):
            segments.extend(
                {
                    "side": side,
                    "level": level,
                    "position": position,
                    "paragraph": places[position].paragraph,
                    "kind": places[position].kind,
                    "space": places[position].space if level == "sentence" else None,
                    "text": text,
                }
                for position, text in sorted(texts.items())
                if position in places and places[position].paragraph in held
            )
    return segments


@dataclass(frozen=True)
class _Reading:
    """What an edition of an alignment would hold, read in one snapshot, and the stamp of
    what it was read from (`_stamp`): the edition is written only while that still holds."""

    stamp: tuple[Any, ...]
    document_id: int
    head: dict[str, Any]  # the edition's row but who publishes it and the note
    rows: list[dict[str, Any]]  # its links: paragraph, then sentence
    segments: list[dict[str, Any]]
    same_as: dict[str, Any] | None  # the latest edition, when it holds exactly this


def _stamp(store: Store, alignment_id: int) -> tuple[Any, ...]:
    """What publishing reads, in a few cheap aggregates: its links (where, their status and
    who set it), the two versions' texts, title, languages and the latest edition."""
    inputs = store.publishing_inputs(alignment_id)
    _document, source, target = inputs[:3]
    return (*inputs, *store.alignment_inputs(source, target))


def _read(store: Store, alignment_id: int) -> _Reading:
    """Everything the edition will hold, read in one snapshot without the write lock (a
    document of thousands of paragraphs takes a while, and everyone else's saves would wait)."""
    with store.snapshot():
        stamp = _stamp(store, alignment_id)
        alignment = store.alignment(alignment_id)
        document = store.document(alignment["document_id"])
        links = store.link_spans(alignment_id, "paragraph")
        # a link a translator edited waits for a reviewer's confirmation, like an automatic one
        confirmed = [link for link in links if link.status == "confirmed"]
        paragraphs = _snapshot(store, alignment, "paragraph", confirmed)
        if not paragraphs:
            raise InputError("nothing is confirmed yet: confirm links before publishing")
        before = {
            side: _sentences_before(store, alignment[f"{side}_version_id"])
            for side in ("source", "target")
        }
        inside = _sentence_links(store, alignment, confirmed, before)
        sentences = _snapshot(store, alignment, "sentence", inside)
        head = {
            "alignment_id": alignment_id,
            "title": document["title"],
            "source_language": store.version(alignment["source_version_id"])["language"],
            "target_language": store.version(alignment["target_version_id"])["language"],
            "links_total": len(links),
            "links_included": len(paragraphs),
        }
        rows = [*paragraphs, *sentences]
        return _Reading(
            stamp,
            document["id"],
            head,
            rows,
            _segments(store, alignment, paragraphs, before),
            _latest_if_same(store, alignment_id, head, rows),
        )


def publish(
    store: Store,
    alignment_id: int,
    *,
    user: str,
    note: str = "",
    refuse_open: bool = False,
    accepted: Iterable[str] | None = None,
) -> int:
    """Snapshot the confirmed links and approved text as the next numbered edition.

    Refused (Conflict) when it would be the same as the latest edition: same links, same
    texts, same statuses and reviewers, same title and counts, and no flag raised, changed or
    commented since (an edition's exports carry the flags as they stood). A new note alone
    makes no new edition. With `refuse_open`, also refused (OpenWorkConflict) while critical
    or major flags are open or revisions pending on the alignment (see `open_work`), checked
    in the same transaction as the publishing. `accepted`: the open work a publisher saw and
    published anyway (`OpenWork.blocking_keys`); refused as `refuse_open` is when anything
    else blocks now (a critical flag raised after the form was shown).

    What the edition holds is read in a snapshot outside the write lock (`_read`); the short
    write transaction checks that none of it changed since (`_stamp`) and writes it, or it is
    read again; the last of `READ_ATTEMPTS` readings is made under the write lock, so that an
    alignment a busy team changes every second is still published (others' saves then wait
    for that one reading, about a second for 17,000 paragraphs)."""
    note = normal(note)
    if len(note) > MAX_COMMENT:
        raise InputError(f"a note is at most {MAX_COMMENT:,} characters, not {len(note):,}")
    for attempt in range(READ_ATTEMPTS):
        last = attempt == READ_ATTEMPTS - 1
        reading = None if last else _read(store, alignment_id)
        with store.transaction():
            if reading is None:  # the last attempt reads under the write lock: it cannot miss
                reading = _read(store, alignment_id)
            elif _stamp(store, alignment_id) != reading.stamp:
                continue  # a link, a text or the latest edition changed meanwhile: read again
            if reading.same_as is not None:
                _refuse_unchanged(store, alignment_id, reading.same_as)
            if refuse_open or accepted is not None:
                _refuse_unaccepted(store, alignment_id, None if refuse_open else accepted)
            head = {**reading.head, "published_by": user, "note": note or None}
            edition_id = store.add_edition(head, reading.rows, reading.segments)
            edition = store.edition(edition_id)
            store.log_event(
                "edition.publish",
                "edition",
                edition_id,
                user=user,
                document_id=reading.document_id,
                after={
                    "number": edition["number"],
                    "links": head["links_included"],
                    "of": head["links_total"],
                },
            )
            return edition_id
    raise AssertionError("unreachable: the last reading, made under the write lock, publishes")


def _refuse_unaccepted(store: Store, alignment_id: int, accepted: Iterable[str] | None) -> None:
    """OpenWorkConflict when open work blocks publishing that is not among `accepted` (None:
    none is), saying, when some was accepted, that it is new since."""
    found = open_work(store, alignment_id)
    if not found.blocks:
        return
    if accepted is None:
        raise OpenWorkConflict(found)
    if not set(found.blocking_keys()) <= set(accepted):
        raise OpenWorkConflict(found, "more is open than when you chose to publish anyway")


def _latest_if_same(
    store: Store, alignment_id: int, head: dict[str, Any], rows: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The latest edition of the alignment when it holds exactly this, else None."""
    published = store.editions(alignment_id=alignment_id)
    if not published:
        return None
    latest = published[-1]
    if any(latest[name] != head[name] for name in HEAD_FIELDS):
        return None
    stored = [
        *store.edition_links(latest["id"], "paragraph"),
        *store.edition_links(latest["id"], "sentence"),
    ]
    if len(stored) != len(rows) or any(
        old[name] != new[name] for old, new in zip(stored, rows, strict=True) for name in ROW_FIELDS
    ):
        return None
    return latest


def _refuse_unchanged(store: Store, alignment_id: int, latest: dict[str, Any]) -> None:
    """Conflict when no flag changed since `latest`, an edition holding exactly what would
    be published (the notes an edition's exports carry, flags as they stand, would be new)."""
    state = store.edition_state(latest["id"])
    if (
        store.flags_changed_after(alignment_id, state)
        if state is not None
        else store.flags_changed_since(alignment_id, latest["published_at"])
    ):
        return
    raise Conflict(
        f"nothing changed since edition {latest['number']} of alignment {alignment_id}"
        " (the same confirmed links and texts): confirm links or approve revisions first"
    )


# -- what is still open when an edition is published ------------------------------------------

#: Severities of open flags that make publishing ask first (web, CLI) or refuse (API
#: `require_clean`); minor and neutral ones are only mentioned.
SERIOUS = ("critical", "major")
#: Paragraphs named in a summary before "and N more".
NAMED_PARAGRAPHS = 10


@dataclass(frozen=True)
class PendingRevision:
    """A pending revision of a paragraph of the alignment's source or target version."""

    id: int
    side: str  # source | target
    position: int  # 0-based paragraph position in its version
    author: str | None

    @property
    def paragraph(self) -> str:
        """'¶2' (a target paragraph, 1-based) or 'source ¶2'."""
        where = f"¶{self.position + 1}"
        return where if self.side == "target" else f"source {where}"


@dataclass(frozen=True)
class OpenWork:
    """What is still open on an alignment: an edition published now holds the text as it
    stands, so pending revisions are not in it and open flags stay open on it."""

    alignment_id: int
    flags: dict[str, int]  # open flags by severity, every severity (most severe first)
    pending: list[PendingRevision]  # by side (target first), then paragraph
    links: int  # paragraph links
    confirmed: int  # of them confirmed (what an edition holds)
    serious_ids: tuple[int, ...] = ()  # the open critical and major flags

    def blocking_keys(self) -> list[str]:
        """What makes publishing ask first, one key each ('f12': open serious flag 12, 'r7':
        pending revision 7): what a "Publish anyway" form shows and accepts, so that work
        that blocks and was not shown (a critical flag raised since) is not published over."""
        return [f"f{flag_id}" for flag_id in self.serious_ids] + [f"r{r.id}" for r in self.pending]

    @property
    def serious_flags(self) -> int:
        """Open critical and major flags."""
        return sum(self.flags[severity] for severity in SERIOUS)

    @property
    def open_flags(self) -> int:
        return sum(self.flags.values())

    @property
    def unconfirmed(self) -> int:
        return self.links - self.confirmed

    @property
    def blocks(self) -> bool:
        """Whether publishing asks first: serious flags are open or revisions pending."""
        return bool(self.serious_flags or self.pending)

    @property
    def anything(self) -> bool:
        """Whether any flag is open or any revision pending (minor and neutral flags too)."""
        return bool(self.open_flags or self.pending)

    def paragraphs(self) -> list[str]:
        """The paragraphs with pending revisions, each once: ['¶2', '¶5', 'source ¶1']."""
        return list(dict.fromkeys(revision.paragraph for revision in self.pending))

    def describe_flags(self, severities: tuple[str, ...] = SEVERITIES) -> str:
        """'1 major flag, 2 minor flags' (of `severities`, most severe first), or ''."""
        order = [s for s in reversed(SEVERITIES) if s in severities]
        return ", ".join(_count(self.flags[s], f"{s} flag") for s in order if self.flags.get(s))

    def describe_pending(self) -> str:
        """'1 pending revision (¶2)', '3 pending revisions (¶2, ¶5 and 1 more)', or ''."""
        if not self.pending:
            return ""
        named = self.paragraphs()
        shown = ", ".join(named[:NAMED_PARAGRAPHS])
        if len(named) > NAMED_PARAGRAPHS:
            shown += f" and {len(named) - NAMED_PARAGRAPHS:,} more"
        return f"{_count(len(self.pending), 'pending revision')} ({shown})"

    def summary(self) -> str:
        """'1 major flag, 2 minor flags; 1 pending revision (¶2)', or '' when nothing is open."""
        return "; ".join(part for part in (self.describe_flags(), self.describe_pending()) if part)

    def blocking(self) -> str:
        """What makes publishing ask first: '1 major flag open; 1 pending revision (¶2)'."""
        serious = self.describe_flags(SERIOUS)
        parts = [f"{serious} open" if serious else "", self.describe_pending()]
        return "; ".join(part for part in parts if part)

    def as_json(self) -> dict[str, Any]:
        """The API's `open` object."""
        return {
            "flags": dict(self.flags),
            "flags_total": self.open_flags,
            "serious_flags": self.serious_flags,
            "pending_revisions": len(self.pending),
            "pending_paragraphs": [
                {"side": side, "position": position}
                for side, position in dict.fromkeys((r.side, r.position) for r in self.pending)
            ],
            "unconfirmed_links": self.unconfirmed,
            "summary": self.summary(),
        }


class OpenWorkConflict(Conflict):
    """Publishing refused while serious flags are open or revisions pending (on request)."""

    def __init__(self, found: OpenWork, hint: str = "") -> None:
        self.open = found
        message = f"not published: {found.blocking()} on alignment {found.alignment_id}"
        super().__init__(message + (f" ({hint})" if hint else ""))


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def open_work(store: Store, alignment_id: int) -> OpenWork:
    """What is open on the alignment now: its open flags by severity, the pending revisions
    of its source and target paragraphs, and how many of its links are confirmed (the counts
    the editions page shows)."""
    with store.snapshot():
        alignment = store.alignment(alignment_id)
        document_id = alignment["document_id"]
        flags = {
            severity: store.count_flags(alignment_id=alignment_id, status="open", severity=severity)
            for severity in reversed(SEVERITIES)
        }
        sides = {
            alignment["source_version_id"]: "source",
            alignment["target_version_id"]: "target",
        }
        total = store.count_revisions(status="pending", document_id=document_id)
        found = (
            store.revisions(status="pending", document_id=document_id, limit=total) if total else []
        )
        pending = sorted(
            (
                PendingRevision(r["id"], sides[r["version_id"]], r["position"], r["author"])
                for r in found
                if r["version_id"] in sides
            ),
            key=lambda r: (r.side != "target", r.position, r.id),
        )
        counts = next(a for a in store.alignments(document_id) if a["id"] == alignment_id)
        serious = tuple(
            flag["id"]
            for severity in SERIOUS
            if flags[severity]
            for flag in store.flags(alignment_id=alignment_id, status="open", severity=severity)
        )
    links, confirmed = counts["links"] or 0, counts["confirmed"] or 0
    return OpenWork(alignment_id, flags, pending, links, confirmed, tuple(sorted(serious)))


@dataclass
class EditionRow:
    """A row of two editions: `changes` diff the target texts, `source_changes` the source
    texts when an approved revision of the source changed them (else empty)."""

    kind: str  # same | changed | regrouped | added | removed
    source_text: str
    old: str
    new: str
    changes: list[Change]
    similarity: float
    source_changes: list[Change] = field(default_factory=list)
    #: how many links of each edition the row stands for (2 → 1: two links merged)
    old_links: int = 1
    new_links: int = 1


def comparable(store: Store, old_id: int, new_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two editions, if they can be compared: only editions of one alignment can.

    An edition's rows are keyed by paragraph positions in its alignment's source and target
    versions, and editions are numbered per alignment. Two editions of different alignments
    hold positions in different texts (another document, another translation of the same
    source, or another source version), so pairing their rows by position would set unrelated
    paragraphs side by side, and "edition 1 → edition 1" would not even say which is which.
    Two translations of one document are compared through the source on the compare page.
    """
    old, new = store.edition(old_id), store.edition(new_id)
    if old["alignment_id"] != new["alignment_id"]:
        raise InputError(
            f"edition {old['number']} of “{old['title']}” (alignment {old['alignment_id']}) and"
            f" edition {new['number']} of “{new['title']}” (alignment {new['alignment_id']})"
            " belong to different alignments: only editions of the same alignment can be"
            " compared (to compare two translations of a document, use its compare page)"
        )
    return old, new


def _spans_meet(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two rows of two editions share a source or a target paragraph."""
    return max(a["src_start"], b["src_start"]) < min(a["src_end"], b["src_end"]) or max(
        a["tgt_start"], b["tgt_start"]
    ) < min(a["tgt_end"], b["tgt_end"])


def _groups(
    old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """The rows of two editions in groups that share paragraphs, in text order.

    Paragraph positions are fixed when a version is imported, so a row of one edition and a
    row of the other that hold a paragraph in common are about the same text: two links merged
    into one, or one split, are one group (regrouped) and not rows removed and added.
    A sweep over rows ordered by where they start finds them without comparing every pair.
    """
    rows = [(0, r) for r in old] + [(1, r) for r in new]
    rows.sort(key=lambda x: (x[1]["src_start"], x[1]["tgt_start"], x[0]))
    parent = list(range(len(rows)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    # rows of one edition never share a paragraph; each side is in text order on both sides,
    # so a row can only meet rows of the other edition that are still open on either side
    for side in ("src", "tgt"):
        order = sorted(range(len(rows)), key=lambda k: rows[k][1][f"{side}_start"])
        open_rows: list[int] = []
        for k in order:
            start = rows[k][1][f"{side}_start"]
            open_rows = [o for o in open_rows if rows[o][1][f"{side}_end"] > start]
            if rows[k][1][f"{side}_end"] <= start:
                continue  # nothing on this side
            for o in open_rows:
                if rows[o][0] != rows[k][0] and _spans_meet(rows[o][1], rows[k][1]):
                    parent[find(o)] = find(k)
            open_rows.append(k)
    grouped: dict[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for k, (edition, row) in enumerate(rows):
        grouped.setdefault(find(k), ([], []))[edition].append(row)
    return list(grouped.values())


def _joined(rows: list[dict[str, Any]], key: str) -> str:
    """The texts of a group's rows of one edition, one paragraph after another."""
    return "\n\n".join(r[key] for r in rows if r[key])


def diff_editions(store: Store, old_id: int, new_id: int) -> list[EditionRow]:
    """Paragraph rows of two editions of one alignment, paired by the paragraphs they hold,
    with word diffs; editions of different alignments are refused (see `comparable`).

    Rows that share a paragraph are one row of the diff: "same" or "changed" when the link
    is the same, "regrouped" when links were merged or split between the editions.
    """
    comparable(store, old_id, new_id)
    rows = []
    for before, after in _groups(store.edition_links(old_id), store.edition_links(new_id)):
        old_text, new_text = _joined(before, "target_text"), _joined(after, "target_text")
        source_text = _joined(after or before, "source_text")
        # a revised source paragraph is a change of the edition too, not "the same"
        old_source = _joined(before, "source_text") if before else source_text
        kind = (
            "added"
            if not before
            else "removed"
            if not after
            else "regrouped"
            if [_span(r) for r in before] != [_span(r) for r in after]
            else "same"
            if old_text == new_text and old_source == source_text
            else "changed"
        )
        rows.append(
            EditionRow(
                kind,
                source_text,
                old_text,
                new_text,
                changes := word_diff(old_text, new_text),
                similarity(old_text, new_text, changes),
                word_diff(old_source, source_text) if old_source != source_text else [],
                old_links=len(before),
                new_links=len(after),
            )
        )
    return rows


def _span(row: dict[str, Any]) -> tuple[int, int, int, int]:
    """Where a row's link lies on both sides."""
    return (row["src_start"], row["src_end"], row["tgt_start"], row["tgt_end"])

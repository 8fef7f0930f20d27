"""Editions: what an editor publishes and what exports are made from.

An edition holds only confirmed (or person-edited) links with the current, approved text of
both sides, at paragraph and sentence level, and the segments they hold as they stand (texts,
kinds, where sentences lie in their paragraphs), so that its exports never read today's. It is
numbered per alignment and never changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.diff import Change, similarity, word_diff
from workbench.errors import Conflict, InputError
from workbench.flags import SEVERITIES
from workbench.revisions import MAX_COMMENT, normal
from workbench.store import Store

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


def _texts(store: Store, version_id: int, level: str) -> dict[int, str]:
    return {s["position"]: s["text"] for s in store.segments(version_id, level)}


def _snapshot(store: Store, alignment: dict[str, Any], level: str) -> list[dict[str, Any]]:
    """Rows of the included links: confirmed paragraph links, and at sentence level the
    sentence links inside them (a reviewer confirms a pair; its sentences come with it)."""
    source = _texts(store, alignment["source_version_id"], level)
    target = _texts(store, alignment["target_version_id"], level)
    joiner = "\n\n" if level == "paragraph" else " "
    # a link a translator edited waits for a reviewer's confirmation, like an automatic one
    confirmed = [link for link in store.links(alignment["id"]) if link.status == "confirmed"]
    if level == "paragraph":
        links = confirmed
    else:
        links = [
            sentence
            for link in confirmed
            for sentence in store.links_within(
                alignment["id"],
                "sentence",
                store.sentence_range(alignment["source_version_id"], link.src_start, link.src_end),
                store.sentence_range(alignment["target_version_id"], link.tgt_start, link.tgt_end),
            )
        ]
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
    store: Store, alignment: dict[str, Any], paragraphs: list[dict[str, Any]]
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
            (
                "sentence",
                store.sentences_between(version, *store.sentence_range(version, low, high)),
            ),
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


def publish(
    store: Store,
    alignment_id: int,
    *,
    user: str,
    note: str = "",
    refuse_open: bool = False,
) -> int:
    """Snapshot the confirmed links and approved text as the next numbered edition.

    Refused (Conflict) when it would be the same as the latest edition: same links, same
    texts, same statuses and reviewers, same title and counts, and no flag raised, changed or
    commented since (an edition's exports carry the flags as they stood). A new note alone
    makes no new edition. With `refuse_open`, also refused (OpenWorkConflict) while critical
    or major flags are open or revisions pending on the alignment (see `open_work`), checked
    in the same transaction as the publishing."""
    note = normal(note)
    if len(note) > MAX_COMMENT:
        raise InputError(f"a note is at most {MAX_COMMENT:,} characters, not {len(note):,}")
    with store.transaction():
        alignment = store.alignment(alignment_id)
        document = store.document(alignment["document_id"])
        paragraphs = _snapshot(store, alignment, "paragraph")
        if not paragraphs:
            raise InputError("nothing is confirmed yet: confirm links before publishing")
        sentences = _snapshot(store, alignment, "sentence")
        total = len(store.links(alignment_id, "paragraph"))
        head = {
            "alignment_id": alignment_id,
            "title": document["title"],
            "source_language": store.version(alignment["source_version_id"])["language"],
            "target_language": store.version(alignment["target_version_id"])["language"],
            "published_by": user,
            "note": note or None,
            "links_total": total,
            "links_included": len(paragraphs),
        }
        rows = [*paragraphs, *sentences]
        _refuse_unchanged(store, alignment_id, head, rows)
        if refuse_open:
            found = open_work(store, alignment_id)
            if found.blocks:
                raise OpenWorkConflict(found)
        edition_id = store.add_edition(head, rows, _segments(store, alignment, paragraphs))
        edition = store.edition(edition_id)
        store.log_event(
            "edition.publish",
            "edition",
            edition_id,
            user=user,
            document_id=document["id"],
            after={"number": edition["number"], "links": len(paragraphs), "of": total},
        )
    return edition_id


def _refuse_unchanged(
    store: Store, alignment_id: int, head: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    """Conflict when the latest edition of the alignment holds exactly this."""
    published = store.editions(alignment_id=alignment_id)
    if not published:
        return
    latest = published[-1]
    if any(latest[name] != head[name] for name in HEAD_FIELDS):
        return
    stored = [
        *store.edition_links(latest["id"], "paragraph"),
        *store.edition_links(latest["id"], "sentence"),
    ]
    if len(stored) != len(rows) or any(
        old[name] != new[name] for old, new in zip(stored, rows, strict=True) for name in ROW_FIELDS
    ):
        return
    state = store.edition_state(latest["id"])
    if (
        store.flags_changed_after(alignment_id, state)
        if state is not None
        else store.flags_changed_since(alignment_id, latest["published_at"])
    ):
        return  # the notes an edition's exports carry (flags as they stand) are new
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
    return OpenWork(alignment_id, flags, pending, counts["links"] or 0, counts["confirmed"] or 0)


@dataclass
class EditionRow:
    """A row of two editions: `changes` diff the target texts, `source_changes` the source
    texts when an approved revision of the source changed them (else empty)."""

    kind: str  # same | changed | added | removed
    source_text: str
    old: str
    new: str
    changes: list[Change]
    similarity: float
    source_changes: list[Change] = field(default_factory=list)


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


def _row_key(row: dict[str, Any]) -> tuple[int, ...]:
    """What pairs a row with its counterpart: its source span, and for a target-only link
    (no source) its target span too, since several of them sit at one source position."""
    if row["src_end"] > row["src_start"]:
        return (row["src_start"], row["src_end"])
    return (row["src_start"], row["src_end"], row["tgt_start"], row["tgt_end"])


def diff_editions(store: Store, old_id: int, new_id: int) -> list[EditionRow]:
    """Paragraph rows of two editions of one alignment paired by their source span, with word
    diffs; editions of different alignments are refused (see `comparable`)."""
    comparable(store, old_id, new_id)
    old = {_row_key(r): r for r in store.edition_links(old_id)}
    new = {_row_key(r): r for r in store.edition_links(new_id)}
    rows = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        old_text = before["target_text"] if before else ""
        new_text = after["target_text"] if after else ""
        source_text = (after or before)["source_text"]
        # a revised source paragraph is a change of the edition too, not "the same"
        old_source = before["source_text"] if before else source_text
        kind = (
            "added"
            if before is None
            else "removed"
            if after is None
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
                word_diff(old_text, new_text),
                similarity(old_text, new_text),
                word_diff(old_source, source_text) if old_source != source_text else [],
            )
        )
    return rows

"""Editions: what an editor publishes and what exports are made from.

An edition holds only confirmed (or person-edited) links with the current, approved text of
both sides, at paragraph and sentence level. It is numbered per alignment and never changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.diff import Change, similarity, word_diff
from workbench.errors import Conflict, InputError
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


def publish(store: Store, alignment_id: int, *, user: str, note: str = "") -> int:
    """Snapshot the confirmed links and approved text as the next numbered edition.

    Refused (Conflict) when it would be the same as the latest edition: same links, same
    texts, same statuses and reviewers, same title and counts, and no flag raised, changed or
    commented since (an edition's exports carry the flags as they stood). A new note alone
    makes no new edition."""
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
        edition_id = store.add_edition(head, rows)
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
    if store.flags_changed_since(alignment_id, latest["published_at"]):
        return  # the notes an edition's exports carry (flags as they stand) are new
    raise Conflict(
        f"nothing changed since edition {latest['number']} of alignment {alignment_id}"
        " (the same confirmed links and texts): confirm links or approve revisions first"
    )


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

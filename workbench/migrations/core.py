"""Migrations m001–m004: documents, alignments, flags, revisions."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.migrations import migrations


@migrations()
def m001_core(db: Database) -> None:
    """Documents, their versions and paragraph/sentence segments, users and the events log."""
    db["users"].create(
        {
            "id": int,
            "username": str,
            "password_hash": str,
            "role": str,
            "created": str,
        },
        pk="id",
        not_null={"username", "role", "created"},
    )
    db["users"].create_index(["username"], unique=True)
    db["documents"].create(
        {
            "id": int,
            "title": str,
            "source_language": str,
            "target_language": str,
            "date": str,
            "summary": str,
            "citation": str,
            "archive_reference": str,
            "translator": str,
            "licence": str,
            "metadata": str,  # JSON object: any further keys a reader found
            "created": str,
            "updated": str,
        },
        pk="id",
        not_null={"title", "created", "updated"},
    )
    db["versions"].create(
        {
            "id": int,
            "document_id": int,
            "language": str,
            "role": str,  # source | translation
            "label": str,
            "author": str,
            "format": str,
            "filename": str,
            "created": str,
            "created_by": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "language", "role", "label", "created"},
    )
    db["versions"].create_index(["document_id"])
    db["segments"].create(
        {
            "id": int,
            "version_id": int,
            "level": str,  # paragraph | sentence
            "position": int,  # 0-based within (version, level)
            "kind": str,  # paragraph | heading | sentence
            "parent_id": int,  # the paragraph a sentence belongs to
            "text": str,
        },
        pk="id",
        foreign_keys=[("version_id", "versions", "id"), ("parent_id", "segments", "id")],
        not_null={"version_id", "level", "position", "kind", "text"},
    )
    db["segments"].create_index(["version_id", "level", "position"], unique=True)
    db["segments"].create_index(["parent_id"])
    db["events"].create(
        {
            "id": int,
            "at": str,
            "user": str,
            "action": str,
            "entity": str,
            "entity_id": int,
            "document_id": int,
            "before": str,  # JSON
            "after": str,  # JSON
        },
        pk="id",
        not_null={"at", "action", "entity"},
    )
    db["events"].create_index(["document_id", "id"])


@migrations()
def m002_alignments(db: Database) -> None:
    """Alignments between two versions and their links (beads) at paragraph and sentence level.

    A link covers contiguous position ranges [start, end) on each side, because beads are
    monotone and contiguous; an empty range is a 1-0 or 0-1 link. Positions are those of the
    segments at the link's level (paragraph positions, or sentence positions across the version).
    """
    db["alignments"].create(
        {
            "id": int,
            "document_id": int,
            "source_version_id": int,
            "target_version_id": int,
            "method": str,
            "created": str,
            "created_by": str,
            "updated": str,
        },
        pk="id",
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("source_version_id", "versions", "id"),
            ("target_version_id", "versions", "id"),
        ],
        not_null={"document_id", "source_version_id", "target_version_id", "created"},
    )
    db["alignments"].create_index(["source_version_id", "target_version_id"], unique=True)
    db["links"].create(
        {
            "id": int,
            "alignment_id": int,
            "level": str,  # paragraph | sentence
            "src_start": int,
            "src_end": int,
            "tgt_start": int,
            "tgt_end": int,
            "score": float,
            "confidence": float,
            "reasons": str,  # JSON list of strings
            "status": str,  # auto | confirmed | edited
            "set_by": str,
            "set_at": str,
        },
        pk="id",
        foreign_keys=[("alignment_id", "alignments", "id")],
        not_null={
            "alignment_id",
            "level",
            "src_start",
            "src_end",
            "tgt_start",
            "tgt_end",
            "status",
        },
    )
    # Beads are monotone and each consumes at least one segment, so (src_start, tgt_start)
    # strictly increases along an alignment: it orders the links without a stored ordinal
    # that every merge or split would have to renumber.
    db["links"].create_index(["alignment_id", "level", "src_start", "tgt_start"], unique=True)


@migrations()
def m003_flags(db: Database) -> None:
    """Flags on links and on spans of text, with their comment threads.

    Link ids change when links are merged, split or re-aligned, so a flag also keeps the
    paragraph position ranges it was raised on: it survives link edits and is found again by
    position overlap. `link_id` is a hint (no foreign key: links are replaced wholesale). A span
    flag names one side, one paragraph position and [span_start, span_end) character offsets
    into that paragraph's text, and keeps the flagged text as it was (`quote`).
    """
    db["flags"].create(
        {
            "id": int,
            "alignment_id": int,
            "link_id": int,
            "src_start": int,
            "src_end": int,
            "tgt_start": int,
            "tgt_end": int,
            "span_side": str,  # source | target, or null for a flag on the whole link
            "span_position": int,  # paragraph position on that side
            "span_start": int,  # character offsets, half-open
            "span_end": int,
            "quote": str,
            "category": str,  # MQM-style typology, see workbench/flags.py
            "severity": str,  # neutral | minor | major | critical
            "status": str,  # open | resolved | dismissed
            "status_by": str,
            "status_at": str,
            "created_by": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("alignment_id", "alignments", "id")],
        not_null={
            "alignment_id",
            "src_start",
            "src_end",
            "tgt_start",
            "tgt_end",
            "category",
            "severity",
            "status",
            "created_at",
        },
    )
    db["flags"].create_index(["alignment_id", "status"])
    db["flag_comments"].create(
        {"id": int, "flag_id": int, "author": str, "at": str, "body": str},
        pk="id",
        foreign_keys=[("flag_id", "flags", "id")],
        not_null={"flag_id", "at", "body"},
    )
    db["flag_comments"].create_index(["flag_id", "id"])


@migrations()
def m004_revisions(db: Database) -> None:
    """Proposed wordings, their review, and the history of every text a segment had.

    `segments.revision` counts the changes of a segment's text: a save names the revision it
    was based on, and a save based on an older one is refused (no lost updates).
    """
    db["segments"].add_column("revision", int, not_null_default=0)
    db["documents"].add_column("allow_self_approval", int, not_null_default=0)
    db["segment_history"].create(
        {
            "id": int,
            "segment_id": int,
            "revision": int,
            "text": str,
            "set_by": str,
            "set_at": str,
            "reason": str,
        },
        pk="id",
        foreign_keys=[("segment_id", "segments", "id")],
        not_null={"segment_id", "revision", "text", "set_at"},
    )
    db["segment_history"].create_index(["segment_id", "revision"], unique=True)
    db["revisions"].create(
        {
            "id": int,
            "segment_id": int,
            "alignment_id": int,
            "base_revision": int,
            "base_text": str,
            "text": str,
            "note": str,  # the translator's why
            "status": str,  # pending | approved | rejected | withdrawn | superseded
            "author": str,
            "created": str,
            "decided_by": str,
            "decided_at": str,
            "reason_code": str,
            "reason_text": str,
        },
        pk="id",
        foreign_keys=[("segment_id", "segments", "id"), ("alignment_id", "alignments", "id")],
        not_null={"segment_id", "base_revision", "base_text", "text", "status", "created"},
    )
    db["revisions"].create_index(["segment_id", "status"])
    db["revisions"].create_index(["status", "id"])
    db["revision_comments"].create(
        {"id": int, "revision_id": int, "author": str, "at": str, "body": str},
        pk="id",
        foreign_keys=[("revision_id", "revisions", "id")],
        not_null={"revision_id", "at", "body"},
    )
    db["revision_comments"].create_index(["revision_id", "id"])

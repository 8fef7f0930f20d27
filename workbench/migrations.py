"""The schema, as ordered migrations. Never edit an applied migration: add a new one.

Every table is created explicitly with its keys, NOT NULLs and foreign keys; nothing is created
implicitly by an insert. `sqlite_utils.Migrations` records what ran in `_sqlite_migrations`.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("workbench")


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

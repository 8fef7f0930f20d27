"""Migrations m005–m006: editions, QA findings and glossaries."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.migrations import migrations


@migrations()
def m005_editions(db: Database) -> None:
    """Immutable, numbered snapshots of an alignment's confirmed links and approved text."""
    db["editions"].create(
        {
            "id": int,
            "alignment_id": int,
            "number": int,
            "title": str,
            "source_language": str,
            "target_language": str,
            "published_by": str,
            "published_at": str,
            "note": str,
            "links_total": int,
            "links_included": int,
        },
        pk="id",
        foreign_keys=[("alignment_id", "alignments", "id")],
        not_null={"alignment_id", "number", "published_at"},
    )
    db["editions"].create_index(["alignment_id", "number"], unique=True)
    db["edition_links"].create(
        {
            "id": int,
            "edition_id": int,
            "level": str,
            "ordinal": int,
            "src_start": int,
            "src_end": int,
            "tgt_start": int,
            "tgt_end": int,
            "source_text": str,
            "target_text": str,
            "status": str,
            "set_by": str,
        },
        pk="id",
        foreign_keys=[("edition_id", "editions", "id")],
        not_null={"edition_id", "level", "ordinal", "source_text", "target_text"},
    )
    db["edition_links"].create_index(["edition_id", "level", "ordinal"], unique=True)
    # An edition never changes once published: the database itself refuses.
    for table in ("editions", "edition_links"):
        for event in ("update", "delete"):
            db.execute(
                f"create trigger {table}_no_{event} before {event} on {table}"
                " begin select raise(abort, 'editions are immutable'); end"
            )


@migrations()
def m006_qa(db: Database) -> None:
    """Glossaries (per document, or shared when document_id is null) and dismissed findings.

    A dismissal is keyed on the finding's check, message and the exact (normalised) texts of
    its pair, not on a link id, so it survives re-running the checks and re-aligning.
    """
    db["glossaries"].create(
        {
            "id": int,
            "document_id": int,  # null: shared by every document with these languages
            "source_language": str,
            "target_language": str,
            "created_by": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"source_language", "target_language", "created_at"},
    )
    db["glossaries"].create_index(["document_id", "source_language", "target_language"])
    db["glossary_terms"].create(
        {
            "id": int,
            "glossary_id": int,
            "source_term": str,
            "target_term": str,
            "note": str,
            "forbidden": str,  # JSON list of target variants not to use
            "created_by": str,
            "created_at": str,
            "updated_by": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("glossary_id", "glossaries", "id")],
        not_null={"glossary_id", "source_term", "target_term", "forbidden", "created_at"},
    )
    db["glossary_terms"].create_index(["glossary_id", "source_term", "target_term"], unique=True)
    db["dismissed_findings"].create(
        {
            "id": int,
            "document_id": int,
            "key": str,
            "check_name": str,
            "message": str,
            "source_text": str,
            "target_text": str,
            "reason": str,
            "dismissed_by": str,
            "dismissed_at": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "key", "check_name", "message", "dismissed_at"},
    )
    db["dismissed_findings"].create_index(["document_id", "key"], unique=True)

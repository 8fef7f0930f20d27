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


#: The tags an indexed segment carries besides its text: version, document, language and level
#: as single tokens ("v3 d2 lsq paragraph"), so filters are posting lists that FTS5 intersects
#: with the words' (fast on a million rows) rather than rows joined and thrown away one by one.
SEARCH_TAGS_SQL = (
    "'v' || {s}.version_id || ' d' || {v}.document_id || ' l' ||"
    " lower(replace(replace({v}.language, '-', ''), '_', '')) || ' ' || {s}.level"
)


@migrations()
def m007_search(db: Database) -> None:
    """Full-text search over every segment, and per-user API tokens.

    `segments_fts` is an FTS5 index with external content (the view `segments_search`): the
    text is not stored twice. Diacritics are folded ("pergjithshme" finds "Përgjithshme"),
    Cyrillic is lower-cased like Latin. Triggers keep it in step with `segments`; a version's
    document and language never change, so the tags a delete recomputes are those indexed.
    `users.api_token_hash` is the SHA-256 of the user's one API token (the token itself is
    shown once and never stored).
    """
    tags = SEARCH_TAGS_SQL.format(s="s", v="v")
    db.execute(
        "create view segments_search as select s.id as id, s.text as text,"
        f" {tags} as tags from segments s join versions v on v.id = s.version_id"
    )
    db.execute(
        "create virtual table segments_fts using fts5(text, tags,"
        " content='segments_search', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    new_tags = SEARCH_TAGS_SQL.format(s="new", v="v")
    old_tags = SEARCH_TAGS_SQL.format(s="old", v="v")
    insert = (
        "insert into segments_fts(rowid, text, tags) select new.id, new.text, {tags}"
        " from versions v where v.id = new.version_id;"
    )
    delete = (
        "insert into segments_fts(segments_fts, rowid, text, tags)"
        " select 'delete', old.id, old.text, {tags} from versions v where v.id = old.version_id;"
    )
    db.execute(
        "create trigger segments_fts_insert after insert on segments begin "
        + insert.format(tags=new_tags)
        + " end"
    )
    db.execute(
        "create trigger segments_fts_delete after delete on segments begin "
        + delete.format(tags=old_tags)
        + " end"
    )
    db.execute(
        "create trigger segments_fts_update after update of text, version_id, level"
        " on segments begin "
        + delete.format(tags=old_tags)
        + " "
        + insert.format(tags=new_tags)
        + " end"
    )
    db.execute("insert into segments_fts(segments_fts) values ('rebuild')")
    # The link holding a target paragraph, found like the source one: by the greatest start.
    db["links"].create_index(["alignment_id", "level", "tgt_start"])
    db["alignments"].create_index(["target_version_id"])
    db["users"].add_column("api_token_hash", str)
    db["users"].add_column("api_token_created", str)
    db["users"].create_index(["api_token_hash"], unique=True)

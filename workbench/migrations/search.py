"""Migrations m007–: full-text search and API tokens."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.migrations import migrations

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
    _create_feed_view(db, "{s}.text")
    db.execute(
        "create virtual table segments_fts using fts5(text, tags,"
        " content='segments_search', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    _create_feed_triggers(db, "{s}.text")
    db.execute("insert into segments_fts(segments_fts) values ('rebuild')")
    # The link holding a target paragraph, found like the source one: by the greatest start.
    db["links"].create_index(["alignment_id", "level", "tgt_start"])
    db["alignments"].create_index(["target_version_id"])
    db["users"].add_column("api_token_hash", str)
    db["users"].add_column("api_token_created", str)
    db["users"].create_index(["api_token_hash"], unique=True)


#: The indexed form of a segment's text: Russian "ё" read as "е" (workbench.textfold.EQUIVALENT).
SEARCH_TEXT_SQL = "replace(replace({s}.text, 'ё', 'е'), 'Ё', 'Е')"


@migrations()
def m008_search_yo(db: Database) -> None:
    """Index "ё" as "е", so "елка" finds "ёлка" and the reverse (printed Russian mostly omits
    the dots; FTS5's unicode61 keeps them apart). The view that feeds the index and the three
    triggers are made again with the folded text, then the index is rebuilt from the view.
    """
    for trigger in ("insert", "delete", "update"):
        db.execute(f"drop trigger segments_fts_{trigger}")
    db.execute("drop view segments_search")
    _create_feed_view(db, SEARCH_TEXT_SQL)
    _create_feed_triggers(db, SEARCH_TEXT_SQL)
    db.execute("insert into segments_fts(segments_fts) values ('rebuild')")


def _create_feed_view(db: Database, text: str) -> None:
    """The view the external-content index reads; `text`: the indexed text as SQL of {s}."""
    tags = SEARCH_TAGS_SQL.format(s="s", v="v")
    db.execute(
        f"create view segments_search as select s.id as id, {text.format(s='s')} as text,"
        f" {tags} as tags from segments s join versions v on v.id = s.version_id"
    )


def _create_feed_triggers(db: Database, text: str) -> None:
    """Triggers that keep the index in step with `segments` (the same text as the view)."""
    insert = (
        "insert into segments_fts(rowid, text, tags) select new.id, {text}, {tags}"
        " from versions v where v.id = new.version_id;"
    )
    delete = (
        "insert into segments_fts(segments_fts, rowid, text, tags)"
        " select 'delete', old.id, {text}, {tags} from versions v where v.id = old.version_id;"
    )
    new = {"text": text.format(s="new"), "tags": SEARCH_TAGS_SQL.format(s="new", v="v")}
    old = {"text": text.format(s="old"), "tags": SEARCH_TAGS_SQL.format(s="old", v="v")}
    db.execute(
        "create trigger segments_fts_insert after insert on segments begin "
        + insert.format(**new)
        + " end"
    )
    db.execute(
        "create trigger segments_fts_delete after delete on segments begin "
        + delete.format(**old)
        + " end"
    )
    db.execute(
        "create trigger segments_fts_update after update of text, version_id, level"
        " on segments begin " + delete.format(**old) + " " + insert.format(**new) + " end"
    )

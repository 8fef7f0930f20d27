"""Migration m010: search reads Hebrew and Arabic with or without their vowel marks."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.migrations import migrations
from workbench.migrations.search import SEARCH_TAGS_SQL, SEARCH_TEXT_SQL

#: Dropped from the indexed text, as (first, last) code points: the non-spacing marks of the
#: Hebrew and Arabic blocks (cantillation, niqqud, harakat, superscript alef, Quranic marks)
#: and tatweel. Frozen here as this migration indexed them (workbench.textfold.RTL_MARKS is what
#: the query side folds; tests/test_textfold.py checks the two agree).
MARKS = (
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),
    (0x0640, 0x0640),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
)
#: Arabic letters indexed as another (code point → code point): آ أ إ ٱ → ا, ى → ي, ة → ه.
LETTERS = ((0x0622, 0x0627), (0x0623, 0x0627), (0x0625, 0x0627), (0x0671, 0x0627))
LETTERS += ((0x0649, 0x064A), (0x0629, 0x0647))
#: replace() calls per step: SQLite's parser (a stack of 100) overflows at about 28 nested
#: calls, so the 110 replacements are made in steps, one common table expression each.
STEP = 16


@migrations()
def m010_search_rtl_marks(db: Database) -> None:
    """Index Hebrew and Arabic without their vowel marks, and the Arabic letters searchers write
    one for another as one: FTS5 splits "كَتَبَ" at its marks into "ك ت ب", so neither "كتب"
    nor "كَتَبَ" (folded the same) found it. The view that feeds the index drops the marks in
    steps; the triggers read the view (their old text before the change, the new after it), as
    one expression could not hold every replace(). The index is rebuilt from the view.
    """
    for trigger in ("insert", "delete", "update"):
        db.execute(f"drop trigger segments_fts_{trigger}")
    db.execute("drop view segments_search")
    db.execute(feed_view_sql())
    for sql in feed_trigger_sqls():
        db.execute(sql)
    db.execute("insert into segments_fts(segments_fts) values ('rebuild')")


def replacements() -> list[tuple[int, int | None]]:
    """(code point, its replacement or None to drop it), in code point order."""
    dropped = [(code, None) for first, last in MARKS for code in range(first, last + 1)]
    return sorted([*dropped, *LETTERS])


def step_sql(pairs: list[tuple[int, int | None]]) -> str:
    """One step's replace() calls on `text` (named once: SQLite flattens the steps into one
    expression, and a step naming it twice would double the work at every step)."""
    folded = "text"
    for code, into in pairs:
        folded = f"replace({folded}, char({code}), {f'char({into})' if into else repr('')})"
    return folded


def feed_view_sql(plain: str | None = None) -> str:
    """The view the index reads: m008's text and tags, then the steps, one CTE each. Only a
    text holding a character of the Hebrew or Arabic range goes through them (one GLOB scan
    is cheaper than a hundred copies, and most texts hold none). `plain`: the text before the
    steps as SQL of `s` (m008's; a later migration's folds more)."""
    yo = plain or SEARCH_TEXT_SQL.format(s="s")
    fed = (
        f"fed as (select s.id as id, s.text as raw, {yo} as plain, {yo} as text,"
        f" {SEARCH_TAGS_SQL.format(s='s', v='v')} as tags"
        " from segments s join versions v on v.id = s.version_id)"
    )
    pairs = replacements()
    steps, before = [fed], "fed"
    for n, start in enumerate(range(0, len(pairs), STEP), 1):
        folded = step_sql(pairs[start : start + STEP])
        steps.append(f"step{n} as (select id, raw, plain, {folded} as text, tags from {before})")
        before = f"step{n}"
    low, high = pairs[0][0], pairs[-1][0]
    guard = f"raw glob '*[' || char({low}) || '-' || char({high}) || ']*'"
    return (
        f"create view segments_search as with {', '.join(steps)}"
        f" select id, case when {guard} then text else plain end as text, tags from {before}"
    )


def feed_trigger_sqls() -> list[str]:
    """Triggers that keep the index in step with `segments`, reading the view by id: a row's
    indexed values are unindexed before it is deleted or changed, indexed after it is added."""
    unindex = (
        "insert into segments_fts(segments_fts, rowid, text, tags)"
        " select 'delete', id, text, tags from segments_search where id = old.id;"
    )
    index = (
        "insert into segments_fts(rowid, text, tags)"
        " select id, text, tags from segments_search where id = new.id;"
    )
    changed = "update of text, version_id, level on segments"
    return [
        f"create trigger segments_fts_insert after insert on segments begin {index} end",
        f"create trigger segments_fts_delete before delete on segments begin {unindex} end",
        f"create trigger segments_fts_update_old before {changed} begin {unindex} end",
        f"create trigger segments_fts_update after {changed} begin {index} end",
    ]


#: Versions whose new segments the insert trigger leaves unindexed: their importer indexes
#: them all at once (`Store.add_segments`), inside the same transaction.
PAUSED_TABLE = "segments_fts_paused"


@migrations()
def m011_search_bulk_feed(db: Database) -> None:
    """Let an import index its segments in one statement instead of one trigger run per row.

    Reading the feed view once per inserted row cost about 150 µs: a 20,000-paragraph book
    held the write lock for 10 s, and everyone's saves waited. The insert trigger now skips
    rows of a version listed in `segments_fts_paused`; the importer lists its new version,
    inserts, indexes the new rows with one INSERT … SELECT and removes the entry, all in one
    transaction, so no other connection ever sees the list non-empty.
    """
    db.execute(f"create table {PAUSED_TABLE} (version_id integer primary key)")
    db.execute("drop trigger segments_fts_insert")
    db.execute(insert_trigger_sql())


def insert_trigger_sql() -> str:
    """The insert trigger of m010, skipping the rows of paused versions."""
    index = (
        "insert into segments_fts(rowid, text, tags)"
        " select id, text, tags from segments_search where id = new.id;"
    )
    return (
        "create trigger segments_fts_insert after insert on segments"
        f" when not exists (select 1 from {PAUSED_TABLE} where version_id = new.version_id)"
        f" begin {index} end"
    )

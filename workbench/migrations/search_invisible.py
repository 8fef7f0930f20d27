"""Migration m014: search reads a word the same with or without invisible characters in it."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.migrations import migrations, search_marks
from workbench.migrations.search import SEARCH_TEXT_SQL

#: Dropped from the indexed text: the soft hyphen (U+00AD, a hyphenation hint that word
#: processors and PDFs leave inside words), the zero-width space (U+200B) and the word joiner
#: (U+2060). Frozen here as this migration indexed them (workbench.textfold.INVISIBLE is what the
#: query side drops; tests/test_textfold.py checks the two agree).
INVISIBLE = (0x00AD, 0x200B, 0x2060)


@migrations()
def m014_search_invisible(db: Database) -> None:
    """Index "Every­one" (a soft hyphen inside) as "everyone": FTS5 split the word there, so
    neither "everyone" nor its visible spelling found it. The view that feeds the index drops
    the invisible characters first (only from a text that holds one: a GLOB scan), then m010's
    Hebrew and Arabic steps; the triggers read the view by id and stay as they are. The index
    is rebuilt from the view."""
    db.execute("drop view segments_search")
    db.execute(feed_view_sql())
    db.execute("insert into segments_fts(segments_fts) values ('rebuild')")


def feed_view_sql() -> str:
    """m010's view (`search_marks.feed_view_sql`) on the text without the invisible
    characters (replaced only in a text that holds one: a GLOB scan)."""
    yo = SEARCH_TEXT_SQL.format(s="s")
    visible = yo
    for code in INVISIBLE:
        visible = f"replace({visible}, char({code}), '')"
    holds = " || ".join(f"char({code})" for code in INVISIBLE)
    return search_marks.feed_view_sql(
        f"(case when s.text glob '*[' || {holds} || ']*' then {visible} else {yo} end)"
    )

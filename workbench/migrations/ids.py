"""Migrations m009–: identifiers that are never handed out twice."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.migrations import migrations

LINK_COLUMNS = (
    "id, alignment_id, level, src_start, src_end, tgt_start, tgt_end, score, confidence,"
    " reasons, status, set_by, set_at"
)


@migrations()
def m009_link_ids(db: Database) -> None:
    """Links get AUTOINCREMENT ids. Without it SQLite hands the id of the newest link to the next
    one once it is deleted (a merge, a split, a re-alignment), so a shared review URL
    (`?at=<link id>`) or a flag's link id could silently point at a different pair. The table
    is rebuilt with the same columns, rows and indexes (nothing refers to it by foreign key).
    """
    db.execute(
        """CREATE TABLE "links_new" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "alignment_id" INTEGER NOT NULL REFERENCES "alignments"("id"),
   "level" TEXT NOT NULL,
   "src_start" INTEGER NOT NULL,
   "src_end" INTEGER NOT NULL,
   "tgt_start" INTEGER NOT NULL,
   "tgt_end" INTEGER NOT NULL,
   "score" REAL,
   "confidence" REAL,
   "reasons" TEXT,
   "status" TEXT NOT NULL,
   "set_by" TEXT,
   "set_at" TEXT
)"""
    )
    db.execute(f"insert into links_new ({LINK_COLUMNS}) select {LINK_COLUMNS} from links")
    db.execute("drop table links")
    db.execute("alter table links_new rename to links")
    db["links"].create_index(["alignment_id", "level", "src_start", "tgt_start"], unique=True)
    db["links"].create_index(["alignment_id", "level", "tgt_start"])

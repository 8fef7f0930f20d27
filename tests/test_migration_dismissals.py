"""Migration m013: a finding raised as a flag before it was remembered with the reason "raised
as flag N"; after it, with the flag's id, and every reason a person typed stays a reason."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from workbench import findings
from workbench import migrations as runner
from workbench.migrations import migrations
from workbench.store import Store

YEAR = "number without counterpart: 1961 in the source; 1916 in the target"
MEMBERS = "number without counterpart: 80 in the source; 8 in the target"


def before_m013(path: Path) -> Database:
    """A database migrated up to m012 holding documents 1 and 2, each aligned (alignment 1 and
    2), and two flags of document 1 that `to_flag` raised from findings: flag 1 from the year
    finding, flag 2 from the members one (a thread opens with its finding's message)."""
    db = Database(path)
    migrations.apply(db, stop_before="m013_dismissals_flag_id")
    for document in (1, 2):
        db.execute(
            "insert into documents (id, title, created, updated) values (?, 'd', 'x', 'x')",
            [document],
        )
        for role in ("source", "translation"):
            db.execute(
                "insert into versions (document_id, language, role, label, created)"
                " values (?, 'sq', ?, 'l', 'x')",
                [document, role],
            )
        db.execute(
            "insert into alignments (id, document_id, source_version_id, target_version_id,"
            " created) values (?, ?, ?, ?, 'x')",
            [document, document, 2 * document - 1, 2 * document],
        )
    for flag, message in ((1, YEAR), (2, MEMBERS)):
        db.execute(
            "insert into flags (id, alignment_id, src_start, src_end, tgt_start, tgt_end,"
            " category, severity, status, created_at)"
            " values (?, 1, 0, 1, 0, 1, 'numbers-and-dates', 'major', 'open', 'x')",
            [flag],
        )
        db.execute(
            "insert into flag_comments (flag_id, author, at, body) values (?, 'rev', 'x', ?)",
            [flag, f"{message}\n\ncheck the report"],
        )
    return db


def dismissed(db: Database, document: int, key: str, message: str, reason: str | None) -> None:
    """A row of dismissed_findings as the workbench wrote it before m013."""
    db.execute(
        "insert into dismissed_findings (document_id, key, check_name, message, reason,"
        " dismissed_by, dismissed_at) values (?, ?, 'numbers', ?, ?, 'rev', 'x')",
        [document, key, message, reason],
    )


def migrated(path: Path, document: int = 1) -> list[dict]:
    """Opens the file as the workbench does (every pending migration, in one transaction) and
    returns the document's handled findings."""
    store = Store(path)
    try:
        assert store.applied_migrations() == runner.known()
        return findings.dismissals(store, document)
    finally:
        store.close()


def test_a_finding_raised_as_a_flag_records_the_flag_after_m013(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = before_m013(path)
    dismissed(db, 1, "year", YEAR, "raised as flag 1")
    db.close()
    [row] = migrated(path)
    assert (row["key"], row["flag_id"], row["reason"]) == ("year", 1, None)
    assert findings.handled_as(row) == "raised as flag 1"
    assert findings.handled_counts([row]) == (0, 1)


def test_reasons_people_typed_stay_reasons_and_no_row_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = before_m013(path)
    typed = {
        "ordinary": (1, YEAR, "the source is wrong"),
        "no reason": (1, YEAR, None),
        "no such flag": (1, YEAR, "raised as flag 7"),
        "another finding's flag": (1, YEAR, "raised as flag 2"),
        "another document's flag": (2, YEAR, "raised as flag 1"),
        "more words": (1, YEAR, "raised as flag 1 by mistake"),
        "a number no integer holds": (1, YEAR, "raised as flag 123456789012345678901234567"),
    }
    for key, (document, message, reason) in typed.items():
        dismissed(db, document, key, message, reason)
    db.close()
    rows = migrated(path) + migrated(path, document=2)
    assert len(rows) == len(typed)
    assert {row["key"]: row["reason"] for row in rows} == {k: v[2] for k, v in typed.items()}
    assert [row["flag_id"] for row in rows] == [None] * len(typed)
    assert findings.handled_counts(rows) == (len(typed), 0)


def test_m013_keeps_every_other_column_of_a_row(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = before_m013(path)
    dismissed(db, 1, "year", YEAR, "raised as flag 1")
    dismissed(db, 1, "members", MEMBERS, "not an error")
    before = [dict(row) for row in db["dismissed_findings"].rows]
    db.close()
    after = migrated(path)
    assert [{k: v for k, v in row.items() if k not in ("flag_id", "reason")} for row in after] == [
        {k: v for k, v in row.items() if k != "reason"} for row in before
    ]
    assert [(row["flag_id"], row["reason"]) for row in after] == [(1, None), (None, "not an error")]


def test_the_flag_a_finding_was_raised_as_is_a_reference_to_the_flags_table(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "new.db")
    try:
        table = store.db["dismissed_findings"]
        assert table.columns_dict["flag_id"] is int
        assert {fk.column: fk.other_table for fk in table.foreign_keys}["flag_id"] == "flags"
    finally:
        store.close()

"""Migration m013: a finding raised as a flag records the flag's id, not a reason naming it."""

from __future__ import annotations

import re
import unicodedata

from sqlite_utils import Database

from workbench.migrations import migrations

#: The reason `findings.to_flag` gave a finding it raised as a flag before m013, frozen here
#: as it was written (at most 18 digits: a longer number, typed, is no SQLite integer).
RAISED_AS = re.compile(r"raised as flag ([0-9]{1,18})")


@migrations()
def m013_dismissals_flag_id(db: Database) -> None:
    """A finding raised as a flag was remembered as a dismissal with the reason "raised as flag
    N", so a person who typed exactly that as a reason had dismissed nothing: the finding
    counted as a flag. `dismissed_findings.flag_id` is now the flag a finding was raised as
    (NULL: dismissed). A row gets it when its reason names a flag `to_flag` raised from that
    very finding: a flag of the same document whose thread opens with the finding's message;
    that reason, written by the program, is then cleared. Any other reason is a person's and
    stays as it is.
    """
    db.execute(
        'alter table dismissed_findings add column "flag_id" INTEGER REFERENCES "flags"("id")'
    )
    for dismissal_id, flag_id in _raised_as_flags(db):
        db.execute(
            "update dismissed_findings set flag_id = ?, reason = null where id = ?",
            [flag_id, dismissal_id],
        )


def _raised_as_flags(db: Database) -> list[tuple[int, int]]:
    """(dismissal id, flag id) of each row that recorded a flag in its reason."""
    rows = db.execute(
        "select id, document_id, message, reason from dismissed_findings"
        " where reason like 'raised as flag %' order by id"
    ).fetchall()
    found = []
    for dismissal_id, document_id, message, reason in rows:
        match = RAISED_AS.fullmatch(reason)
        if match and _raised_from(db, int(match.group(1)), document_id, message):
            found.append((dismissal_id, int(match.group(1))))
    return found


def _raised_from(db: Database, flag_id: int, document_id: int, message: str) -> bool:
    """Whether flag `flag_id` is the one raised from a finding with this message: `to_flag`
    raised it in the finding's document and opened its thread with the message (as stored,
    NFC and stripped)."""
    row = db.execute(
        "select c.body from flags f join alignments a on a.id = f.alignment_id"
        " join flag_comments c on c.flag_id = f.id"
        " where f.id = ? and a.document_id = ? order by c.id limit 1",
        [flag_id, document_id],
    ).fetchone()
    return row is not None and _nfc(row[0]).startswith(_nfc(message).strip())


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)

"""Editions: immutable, numbered snapshots of an alignment (the database refuses changes)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workbench.errors import NotFound
from workbench.store.base import StoreBase, now


class EditionQueries(StoreBase):
    def add_edition(self, row: dict[str, Any], links: Iterable[dict[str, Any]]) -> int:
        """Insert an edition with the next number for its alignment, and its links."""
        number = self.db.execute(
            "select coalesce(max(number), 0) + 1 from editions where alignment_id = ?",
            [row["alignment_id"]],
        ).fetchone()[0]
        edition_id = (
            self.db["editions"].insert({**row, "number": number, "published_at": now()}).last_pk
        )
        self.db["edition_links"].insert_all(
            ({**link, "edition_id": edition_id} for link in links), batch_size=2000
        )
        return edition_id

    def edition(self, edition_id: int) -> dict[str, Any]:
        rows = list(
            self.db.query(
                "select e.*, a.document_id from editions e"
                " join alignments a on a.id = e.alignment_id where e.id = ?",
                [edition_id],
            )
        )
        if not rows:
            raise NotFound(f"no edition with id {edition_id}")
        return rows[0]

    def edition_by_number(self, alignment_id: int, number: int) -> dict[str, Any]:
        rows = list(
            self.db.query(
                "select id from editions where alignment_id = ? and number = ?",
                [alignment_id, number],
            )
        )
        if not rows:
            raise NotFound(f"alignment {alignment_id} has no edition {number}")
        return self.edition(rows[0]["id"])

    def editions(self, alignment_id: int | None = None, document_id: int | None = None):
        clauses, params = [], []
        if alignment_id is not None:
            clauses.append("e.alignment_id = ?")
            params.append(alignment_id)
        if document_id is not None:
            clauses.append("a.document_id = ?")
            params.append(document_id)
        where = " where " + " and ".join(clauses) if clauses else ""
        return list(
            self.db.query(
                "select e.*, a.document_id from editions e join alignments a"
                f" on a.id = e.alignment_id{where} order by e.alignment_id, e.number",
                params,
            )
        )

    def edition_links(self, edition_id: int, level: str = "paragraph") -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select * from edition_links where edition_id = ? and level = ? order by ordinal",
                [edition_id, level],
            )
        )

    def edition_links_page(
        self, edition_id: int, level: str, offset: int, limit: int
    ) -> list[dict[str, Any]]:
        """Ordinals run 0..n-1 per level, so a page is an index range scan at any depth."""
        return list(
            self.db.query(
                "select * from edition_links where edition_id = ? and level = ?"
                " and ordinal >= ? and ordinal < ? order by ordinal",
                [edition_id, level, offset, offset + limit],
            )
        )

    def edition_covers(self, edition_id: int, level: str, side: str, position: int) -> bool:
        """Whether a link of the edition holds segment `position` on `side`."""
        start, end = ("src_start", "src_end") if side == "source" else ("tgt_start", "tgt_end")
        sql = (
            f"select 1 from edition_links where edition_id = ? and level = ?"
            f" and {start} <= ? and ? < {end} limit 1"
        )
        return self.db.execute(sql, [edition_id, level, position, position]).fetchone() is not None

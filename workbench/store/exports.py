"""Reading links in batches for exports: constant memory however long the alignment is.

Exports stream: each batch is one query for the links (keyset pagination on the ordering key,
so batch 500 costs what batch 1 does) and one query per side for the texts they cover.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workbench.store.base import LinkRow, StoreBase, link_row


class ExportQueries(StoreBase):
    def edition_link_batches(
        self, edition_id: int, level: str, batch: int = 1000
    ) -> Iterator[list[dict[str, Any]]]:
        """An edition's links of one level in ordinal order, `batch` rows at a time."""
        after = -1
        while True:
            rows = list(
                self.db.query(
                    "select * from edition_links where edition_id = ? and level = ?"
                    " and ordinal > ? order by ordinal limit ?",
                    [edition_id, level, after, batch],
                )
            )
            if not rows:
                return
            yield rows
            after = rows[-1]["ordinal"]

    def link_batches(
        self,
        alignment_id: int,
        level: str,
        *,
        confirmed_only: bool = False,
        batch: int = 1000,
    ) -> Iterator[tuple[list[LinkRow], dict[int, str], dict[int, str]]]:
        """Current links of one level in order with the source and target texts they cover:
        (links, {source position: text}, {target position: text}) per batch."""
        alignment = self.db["alignments"].get(alignment_id)
        status = " and status = 'confirmed'" if confirmed_only else ""
        after = (-1, -1)
        while True:
            links = [
                link_row(row)
                for row in self.db.query(
                    "select * from links where alignment_id = ? and level = ?"
                    f"{status} and (src_start > ? or (src_start = ? and tgt_start > ?))"
                    " order by src_start, tgt_start limit ?",
                    [alignment_id, level, after[0], after[0], after[1], batch],
                )
            ]
            if not links:
                return
            yield (
                links,
                self._texts_between(
                    alignment["source_version_id"],
                    level,
                    min(link.src_start for link in links),
                    max(link.src_end for link in links),
                ),
                self._texts_between(
                    alignment["target_version_id"],
                    level,
                    min(link.tgt_start for link in links),
                    max(link.tgt_end for link in links),
                ),
            )
            after = (links[-1].src_start, links[-1].tgt_start)

    def count_export_links(self, alignment_id: int, level: str, confirmed_only: bool) -> int:
        status = " and status = 'confirmed'" if confirmed_only else ""
        sql = f"select count(*) from links where alignment_id = ? and level = ?{status}"
        return self.db.execute(sql, [alignment_id, level]).fetchone()[0]

    def count_edition_links(self, edition_id: int, level: str) -> int:
        sql = "select count(*) from edition_links where edition_id = ? and level = ?"
        return self.db.execute(sql, [edition_id, level]).fetchone()[0]

    def _texts_between(self, version_id: int, level: str, start: int, end: int) -> dict[int, str]:
        rows = self.db.execute(
            "select position, text from segments where version_id = ? and level = ?"
            " and position >= ? and position < ?",
            [version_id, level, start, end],
        ).fetchall()
        return dict(rows)

"""Alignments between two versions and their links."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from workbench.errors import NotFound
from workbench.store.base import LinkRow, StoreBase, link_row, now


class AlignmentQueries(StoreBase):
    # -- alignments and links -------------------------------------------------------------

    def alignment_between(self, source_version_id: int, target_version_id: int) -> int | None:
        rows = list(
            self.db.query(
                "select id from alignments where source_version_id = ? and target_version_id = ?",
                [source_version_id, target_version_id],
            )
        )
        return rows[0]["id"] if rows else None

    def alignment_inputs(self, source_version_id: int, target_version_id: int) -> tuple:
        """What aligning two versions reads, in a few cheap aggregates: whether they have an
        alignment, its links (where, their status and who set it) and the two versions'
        segments (a revision approved adds history, a sentence re-split new rows). Read again
        in the write transaction, it tells whether anything changed while the aligner ran."""
        sql = """
            select a.id,
              (select count(*) || ':' || total(l.id) || ':' || total(l.id * (l.src_start
                 + 3 * l.src_end + 7 * l.tgt_start + 13 * l.tgt_end + 1)) || ':'
                 || total(l.id * (length(l.status) + 31 * length(coalesce(l.set_by, ''))))
                 || ':' || coalesce(max(l.set_at), '')
               from links l where l.alignment_id = a.id),
              (select count(*) || ':' || total(s.id) from segments s
                 where s.version_id in (:source, :target)),
              (select max(h.id) from segment_history h join segments s on s.id = h.segment_id
                 where s.version_id in (:source, :target))
            from (select :source as source, :target as target) v
            left join alignments a
              on a.source_version_id = v.source and a.target_version_id = v.target
        """
        row = self.db.execute(sql, {"source": source_version_id, "target": target_version_id})
        return tuple(row.fetchone())

    def add_alignment(
        self,
        document_id: int,
        source_version_id: int,
        target_version_id: int,
        *,
        method: str,
        created_by: str | None,
    ) -> int:
        return (
            self.db["alignments"]
            .insert(
                {
                    "document_id": document_id,
                    "source_version_id": source_version_id,
                    "target_version_id": target_version_id,
                    "method": method,
                    "created": now(),
                    "updated": now(),
                    "created_by": created_by,
                }
            )
            .last_pk
        )

    def alignment(self, alignment_id: int) -> dict[str, Any]:
        rows = list(self.db.query("select * from alignments where id = ?", [alignment_id]))
        if not rows:
            raise NotFound(f"no alignment with id {alignment_id}")
        return rows[0]

    def recent_alignments(self, limit: int) -> list[int]:
        """Ids of the alignments changed most recently (what people are working on)."""
        rows = self.db.query(
            "select id from alignments order by coalesce(updated, created) desc, id desc limit ?",
            [limit],
        )
        return [row["id"] for row in rows]

    def alignments(self, document_id: int) -> list[dict[str, Any]]:
        """Alignments of a document with link counts: all, confirmed (by a reviewer) and edited
        (changed by a translator, not confirmed yet)."""
        sql = """
            select a.*, count(l.id) as links,
                   coalesce(sum(l.status = 'confirmed'), 0) as confirmed,
                   coalesce(sum(l.status = 'edited'), 0) as edited
            from alignments a
            left join links l on l.alignment_id = a.id and l.level = 'paragraph'
            where a.document_id = ? group by a.id order by a.id
        """
        return list(self.db.query(sql, [document_id]))

    def set_alignment_method(self, alignment_id: int, method: str) -> None:
        self.db["alignments"].update(alignment_id, {"method": method, "updated": now()})

    def replace_links(self, alignment_id: int, level: str, links: Iterable[dict[str, Any]]) -> None:
        """Replace every link of one level with `links` (dicts with the link columns)."""
        self.db.execute(
            "delete from links where alignment_id = ? and level = ?", [alignment_id, level]
        )
        self.db["links"].insert_all(
            (
                {
                    **link,
                    "alignment_id": alignment_id,
                    "level": level,
                    "reasons": json.dumps(link.get("reasons") or [], ensure_ascii=False),
                }
                for link in links
            ),
            batch_size=2000,
        )

    def links(
        self, alignment_id: int, level: str = "paragraph", *, offset: int = 0, limit: int = -1
    ) -> list[LinkRow]:
        sql = (
            "select * from links where alignment_id = ? and level = ? "
            "order by src_start, tgt_start limit ? offset ?"
        )
        return [link_row(row) for row in self.db.query(sql, [alignment_id, level, limit, offset])]

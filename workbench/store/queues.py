"""Queries for the work queues and the review page's revision marks.

A translator's open flags are those on text they are answerable for: every open flag of an
alignment whose target version they imported (`versions.created_by`), and every open flag whose
target range (or flagged target span) covers a paragraph they proposed a revision of.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workbench.store.base import StoreBase

#: The open flags a translator answers for (`:user`), as the from-and-where of a query.
_TRANSLATOR_FLAGS_WHERE = """
from flags f join alignments a on a.id = f.alignment_id
join versions v on v.id = a.target_version_id
join documents d on d.id = a.document_id
where f.status = 'open' and (v.created_by = :user or exists (
    select 1 from revisions r join segments s on s.id = r.segment_id
    where r.author = :user and s.version_id = a.target_version_id and s.level = 'paragraph'
      and ((f.span_side = 'target' and f.span_position = s.position)
        or (f.tgt_start <= s.position and s.position < f.tgt_end))))
"""

_TRANSLATOR_FLAGS = f"""
select f.id, f.alignment_id, f.category, f.severity, f.quote, f.created_by, f.created_at,
       f.src_start, f.src_end, f.tgt_start, f.tgt_end, f.span_side, f.span_position,
       a.document_id, d.title as document_title, v.label as target_label,
       (select count(*) from flag_comments c where c.flag_id = f.id) as comments
{_TRANSLATOR_FLAGS_WHERE}
order by f.id desc limit :limit offset :offset
"""

_COUNT_TRANSLATOR_FLAGS = f"select count(*) {_TRANSLATOR_FLAGS_WHERE}"

_UNCONFIRMED = """
select a.id, a.document_id, d.title as document_title, sv.label as source_label,
       tv.label as target_label, tv.language as target_language,
       count(l.id) as total, sum(l.status != 'confirmed') as unconfirmed
from alignments a join documents d on d.id = a.document_id
join versions sv on sv.id = a.source_version_id join versions tv on tv.id = a.target_version_id
join links l on l.alignment_id = a.id and l.level = 'paragraph'
group by a.id having sum(l.status != 'confirmed') > 0
order by unconfirmed desc, a.id
"""


class QueueQueries(StoreBase):
    """Read-only queries behind the work queues."""

    def segment_revisions(self, segment_ids: Iterable[int]) -> dict[int, int]:
        """{segment id: its current revision number}."""
        ids = list(segment_ids)
        found: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"select id, revision from segments where id in ({marks})"
            found.update({row["id"]: row["revision"] for row in self.db.query(sql, chunk)})
        return found

    def pending_revisions_of(self, segment_ids: Iterable[int]) -> list[dict[str, Any]]:
        """Pending revisions of these segments, oldest first."""
        ids = list(segment_ids)
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = (
                "select r.id, r.segment_id, r.author, r.created, r.note, r.base_revision,"
                " r.base_text, r.text from revisions r where r.status = 'pending'"
                f" and r.segment_id in ({marks}) order by r.id"
            )
            rows += list(self.db.query(sql, chunk))
        return rows

    def pending_authors(self) -> list[str]:
        """Everyone with a pending revision, by name."""
        sql = (
            "select distinct author from revisions where status = 'pending'"
            " and author is not null order by author"
        )
        return [row["author"] for row in self.db.query(sql)]

    def translator_flags(
        self, user: str, limit: int = 200, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Open flags on text `user` answers for (see the module's docstring), newest first,
        one page of them."""
        params = {"user": user, "limit": limit, "offset": offset}
        return list(self.db.query(_TRANSLATOR_FLAGS, params))

    def count_translator_flags(self, user: str) -> int:
        """How many open flags `translator_flags` would list with no page limit."""
        return self.db.execute(_COUNT_TRANSLATOR_FLAGS, {"user": user}).fetchone()[0]

    def unconfirmed_by_alignment(self) -> list[dict[str, Any]]:
        """Alignments with unconfirmed paragraph links: counts, most unconfirmed first."""
        return list(self.db.query(_UNCONFIRMED))

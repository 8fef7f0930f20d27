"""Full-text search, the links around a hit, paged listings for the API, and API tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from workbench import languages
from workbench.store.base import StoreBase, now

#: A hit's paragraph position: its own, or its parent's for a sentence.
_PARAGRAPH_POSITION = (
    "(case when s.level = 'paragraph' then s.position"
    " else (select p.position from segments p where p.id = s.parent_id) end)"
)
#: "The paragraph link holding the hit, in some alignment of its version, has this status."
#: The covering link is the one with the greatest start ≤ the position (an index lookup, not a
#: scan of every earlier link) whose end lies beyond it.
_LINK_STATUS = """exists (select 1 from alignments a join links l on l.alignment_id = a.id
    where a.{side}_version_id = s.version_id and l.level = 'paragraph'
    and l.{col}_start = (select max(k.{col}_start) from links k where k.alignment_id = a.id
        and k.level = 'paragraph' and k.{col}_start <= {pos})
    and l.{col}_end > {pos} and l.status {test})"""
SEGMENT_COLUMNS = (
    "s.id, s.version_id, s.level, s.position, s.kind, s.parent_id, s.text, s.revision,"
    " v.document_id, v.language, v.label as version_label, v.role, d.title as document_title"
)
_FROM = (
    " from segments s join versions v on v.id = s.version_id"
    " join documents d on d.id = v.document_id"
)


@dataclass
class SegmentFilter:
    """Which segments a search looks at; every field optional except the level."""

    level: str = "paragraph"
    document_id: int | None = None
    version_id: int | None = None
    #: The stored language codes a language filter covers (SearchQueries.languages_covered);
    #: None: any language; empty: a language no version has, so nothing.
    languages: tuple[str, ...] | None = None
    link_status: str | None = None  # confirmed | unconfirmed | unlinked
    tags: list[str] = field(default_factory=list)

    def sql(self) -> tuple[str, list[Any]]:
        """A WHERE fragment over `segments s` / `versions v` from fixed clauses and parameters."""
        clauses, params = ["s.level = ?"], [self.level]
        for column, value in (
            ("v.document_id", self.document_id),
            ("s.version_id", self.version_id),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.languages is not None:
            marks = ",".join("?" * len(self.languages))
            clauses.append(f"v.language in ({marks})" if marks else "0")
            params.extend(self.languages)
        if self.link_status:
            clauses.append(link_status_sql(self.link_status))
        return " and ".join(clauses), params


def link_status_sql(status: str) -> str:
    test = {
        "confirmed": "= 'confirmed'",
        "unconfirmed": "!= 'confirmed'",
        "unlinked": "is not null",
    }[status]
    either = " or ".join(
        _LINK_STATUS.format(side=side, col=col, pos=_PARAGRAPH_POSITION, test=test)
        for side, col in (("source", "src"), ("target", "tgt"))
    )
    return f"not ({either})" if status == "unlinked" else f"({either})"


class SearchQueries(StoreBase):
    """Queries for search and the concordance, the API's paged lists, and API tokens."""

    def fts_hits(
        self, match: str, where: SegmentFilter, *, limit: int, offset: int
    ) -> list[dict[str, Any]]:
        """Segments matching an FTS5 query (tags included) and the filter, in document order."""
        clause, params = where.sql()
        sql = (
            f"select {SEGMENT_COLUMNS} from segments_fts f join segments s on s.id = f.rowid"
            " join versions v on v.id = s.version_id join documents d on d.id = v.document_id"
            f" where segments_fts match ? and {clause} order by f.rowid limit ? offset ?"
        )
        return list(self.db.query(sql, [match, *params, limit, offset]))

    def fts_count(self, match: str, where: SegmentFilter, cap: int) -> int:
        """How many segments match, counting no further than `cap` (a long list needs no
        exact total, and counting a million rows would take longer than the search)."""
        clause, params = where.sql()
        sql = (
            "select count(*) from (select f.rowid from segments_fts f"
            " join segments s on s.id = f.rowid join versions v on v.id = s.version_id"
            f" where segments_fts match ? and {clause} limit ?)"
        )
        return self.db.execute(sql, [match, *params, cap]).fetchone()[0]

    def scan_segments(self, where: SegmentFilter, after_id: int = 0) -> Iterator[dict[str, Any]]:
        """Every segment in the filter in id order (what a regular expression is tried on)."""
        clause, params = where.sql()
        sql = f"select {SEGMENT_COLUMNS}{_FROM} where s.id > ? and {clause} order by s.id"
        cursor = self.db.execute(sql, [after_id, *params])
        columns = [c[0] for c in cursor.description]
        for row in cursor:
            yield dict(zip(columns, row, strict=True))

    def segments_by_id(self, ids: list[int]) -> list[dict[str, Any]]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = f"select {SEGMENT_COLUMNS}{_FROM} where s.id in ({marks}) order by s.id"
        return list(self.db.query(sql, ids))

    def covering_link(
        self, alignment_id: int, level: str, side: str, position: int
    ) -> dict[str, Any] | None:
        """The link of `level` holding `position` on `side`, by an index lookup."""
        col = "src" if side == "source" else "tgt"
        sql = (
            f"select * from links where alignment_id = ? and level = ? and {col}_start ="
            f" (select max({col}_start) from links where alignment_id = ? and level = ?"
            f" and {col}_start <= ?) and {col}_end > ? limit 1"
        )
        params = [alignment_id, level, alignment_id, level, position, position]
        return next(iter(self.db.query(sql, params)), None)

    def confident_links(
        self, alignment_id: int, level: str, threshold: float
    ) -> list[dict[str, Any]]:
        """Links a person confirmed, or the aligner was sure of (what a lexicon learns from)."""
        sql = (
            "select * from links where alignment_id = ? and level = ?"
            " and (status != 'auto' or coalesce(confidence, 0) >= ?)"
            " and src_end > src_start and tgt_end > tgt_start order by src_start, tgt_start"
        )
        return list(self.db.query(sql, [alignment_id, level, threshold]))

    def has_links(self, alignment_id: int, level: str) -> bool:
        sql = "select 1 from links where alignment_id = ? and level = ? limit 1"
        return self.db.execute(sql, [alignment_id, level]).fetchone() is not None

    def all_alignments(self) -> list[dict[str, Any]]:
        return list(self.db.query("select * from alignments order by id"))

    def languages_in_use(self) -> list[str]:
        return [r["language"] for r in self.db.query("select distinct language from versions")]

    def languages_covered(self, wanted: str) -> tuple[str, ...]:
        """The language codes in use that a filter covers (languages.covers: `en` covers
        `en-US` and `en-GB`, `en-US` only itself), sorted; empty when no version has one."""
        return tuple(sorted(c for c in self.languages_in_use() if languages.covers(wanted, c)))

    # -- paged listings (the API) -------------------------------------------------------------

    def page_of(
        self, table: str, where: dict[str, Any], *, limit: int, offset: int, order: str = "id"
    ) -> tuple[list[dict[str, Any]], int]:
        """Rows of a table matching equalities, and their total. Names come from code only."""
        clause = " and ".join(f"{column} = ?" for column in where) or "1"
        params = list(where.values())
        with self.snapshot():
            total = self.db.execute(f"select count(*) from {table} where {clause}", params)
            count = total.fetchone()[0]
            rows = self.db.query(
                f"select * from {table} where {clause} order by {order} limit ? offset ?",
                [*params, limit, offset],
            )
            return list(rows), count

    # -- API tokens ---------------------------------------------------------------------------

    def set_api_token_hash(self, user_id: int, token_hash: str) -> None:
        self.db["users"].update(user_id, {"api_token_hash": token_hash, "api_token_created": now()})

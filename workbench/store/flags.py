"""Flags on links and spans, with their comment threads."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from workbench.errors import NotFound
from workbench.store.base import LinkRow, StoreBase, link_row, now


def _covering(side: str, position: str, before: str | None = None) -> str:
    """The id of the paragraph link of flag `f`'s alignment whose range on `side` holds
    `position` (an SQL expression), by two index lookups: the greatest start at or before it,
    then that start's link reaching past it. Paragraph links tile both texts in order
    (`linkops`), so at most one link holds a position and none starts between its start and
    the position. `before`: only a link that starts before it (unary `+` keeps that test
    off the index, whose lookup is by the start found)."""
    col = "src" if side == "source" else "tgt"
    also = f" and +l.{col}_start < {before}" if before else ""
    return f"""(select l.id from links l
          where l.alignment_id = f.alignment_id and l.level = 'paragraph'
            and l.{col}_start = (select m.{col}_start from links m
              where m.alignment_id = f.alignment_id and m.level = 'paragraph'
                and m.{col}_start <= {position} order by m.{col}_start desc limit 1)
            and {position} < l.{col}_end{also} limit 1)"""


#: A flag's columns plus what every listing needs: its document, the version it concerns (the
#: side of a span, else the translation) and the paragraph link that covers it *now*, found by
#: position because link ids change when links are merged, split or re-aligned: for a span,
#: the link holding its paragraph; for a flag on a whole link, the first link (in the
#: alignment's order) its ranges overlap on either side. Links tile each side in order, so on
#: one side the first link a range [start, end) overlaps is the one holding `start`, if that
#: link begins before `end`: each is one index lookup (`_covering`), never a scan of the links.
_FLAG_SELECT = f"""
    select f.*, a.document_id, a.source_version_id, a.target_version_id,
        case when f.span_side = 'source' then a.source_version_id
             else a.target_version_id end as version_id,
        case when f.span_side = 'source' then {_covering("source", "f.span_position")}
             when f.span_side = 'target' then {_covering("target", "f.span_position")}
             when f.span_side is null then (select w.id from links w where w.id in (
               {_covering("source", "f.src_start", "f.src_end")},
               {_covering("target", "f.tgt_start", "f.tgt_end")})
               order by w.src_start, w.tgt_start limit 1)
        end as current_link_id,
        (select count(*) from flag_comments c where c.flag_id = f.id) as comments
    from flags f join alignments a on a.id = f.alignment_id
"""

#: A flag overlaps a link when its span's paragraph lies in the link's range on that side, or,
#: for a flag on a whole link, when either of its position ranges meets the link's.
_OVERLAPS = """(
    (f.span_side = 'source' and :src_start <= f.span_position and f.span_position < :src_end)
    or (f.span_side = 'target' and :tgt_start <= f.span_position and f.span_position < :tgt_end)
    or (f.span_side is null and (
        (f.src_start < :src_end and :src_start < f.src_end)
        or (f.tgt_start < :tgt_end and :tgt_start < f.tgt_end))))"""


def _overlapping(col: str) -> str:
    """Paragraph links `l` whose range on one side (`col`: src, tgt) meets flag `f`'s range
    there; links tile the side in order, so only those from the one holding the range's start
    (the greatest start at or before it) up to its end can: an index range, not a scan."""
    return f"""select l.id from flags f join links l
        on l.alignment_id = f.alignment_id and l.level = 'paragraph'
        and l.{col}_start < f.{col}_end
        and l.{col}_start >= coalesce((select m.{col}_start from links m
            where m.alignment_id = f.alignment_id and m.level = 'paragraph'
              and m.{col}_start <= f.{col}_start order by m.{col}_start desc limit 1), 0)
        and f.{col}_start < l.{col}_end
        where f.alignment_id = :alignment and f.status = 'open' and f.span_side is null"""


#: The paragraph links of an alignment an open flag lies on (`flagged_paragraph_links`).
_FLAGGED_LINKS = f"""
    select {_covering("source", "f.span_position")} from flags f
        where f.alignment_id = :alignment and f.status = 'open' and f.span_side = 'source'
    union select {_covering("target", "f.span_position")} from flags f
        where f.alignment_id = :alignment and f.status = 'open' and f.span_side = 'target'
    union {_overlapping("src")}
    union {_overlapping("tgt")}
"""


#: The events that change a flag's status (`flags.set_status` logs them), as SQL.
_STATUS_CHANGES = "'resolved', 'dismissed', 'reopen'"

#: The count of flags matching a filter: the same join as _FLAG_SELECT, none of its subqueries.
_FLAG_COUNT = "select count(*) from flags f join alignments a on a.id = f.alignment_id"


def _flag_filter(
    *,
    document_id: int | None = None,
    alignment_id: int | None = None,
    status: str | None = None,
    severity: str | None = None,
    category: str | None = None,
    version_id: int | None = None,
    overlapping: LinkRow | None = None,
) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (empty, or starting with " where") and its parameters for the filters
    given, over `flags f join alignments a`: one builder, so a page, its total and a flag's
    position always count the same flags."""
    where: list[str] = []
    params: dict[str, Any] = {}
    for column, value in (
        ("a.document_id", document_id),
        ("f.alignment_id", alignment_id),
        ("f.status", status),
        ("f.severity", severity),
        ("f.category", category),
    ):
        if value is not None:
            name = column.split(".")[1]
            where.append(f"{column} = :{name}")
            params[name] = value
    if version_id is not None:
        where.append(
            "(case when f.span_side = 'source' then a.source_version_id "
            "else a.target_version_id end) = :version_id"
        )
        params["version_id"] = version_id
    if overlapping is not None:
        where.append(_OVERLAPS)
        params.update(
            src_start=overlapping.src_start,
            src_end=overlapping.src_end,
            tgt_start=overlapping.tgt_start,
            tgt_end=overlapping.tgt_end,
        )
    return (" where " + " and ".join(where)) if where else "", params


class FlagQueries(StoreBase):
    """Queries over flags and their comments."""

    def add_flag(self, row: dict[str, Any]) -> int:
        return self.insert_row("flags", {**row, "created_at": now()})

    def flag(self, flag_id: int) -> dict[str, Any]:
        rows = list(self.db.query(_FLAG_SELECT + " where f.id = :id", {"id": flag_id}))
        if not rows:
            raise NotFound(f"no flag with id {flag_id}")
        return rows[0]

    def set_flag_status(self, flag_id: int, status: str, user: str | None) -> None:
        self.db["flags"].update(flag_id, {"status": status, "status_by": user, "status_at": now()})

    def last_flag_status_change(self, flag_id: int) -> dict[str, Any] | None:
        """The flag's latest status change (`user`, `at`, `action`, and the `comment` made
        with it), what a refused change from a stale status names; None when its status
        never changed (raised so)."""
        sql = (
            "select user, at, action, after from events where entity = 'flag'"
            f" and entity_id = ? and action in ({_STATUS_CHANGES}) order by id desc limit 1"
        )
        row = self.db.execute(sql, [flag_id]).fetchone()
        if row is None:
            return None
        user, at, action, after = row
        comment = json.loads(after).get("comment") if after else None
        return {"user": user, "at": at, "action": action, "comment": comment}

    def flags(
        self, *, limit: int | None = None, offset: int = 0, **filters: Any
    ) -> list[dict[str, Any]]:
        """Flags matching every filter given (see `_flag_filter`), oldest first; `limit` and
        `offset` page them in SQL, so a listing builds only the rows it shows (without them:
        every one)."""
        clause, params = _flag_filter(**filters)
        sql = _FLAG_SELECT + clause + " order by f.id"
        if limit is not None or offset:
            # SQLite's "no limit" is -1: an offset alone still needs a limit clause
            sql += " limit :_limit offset :_offset"
            params.update(_limit=-1 if limit is None else limit, _offset=offset)
        return list(self.db.query(sql, params))

    def count_flags(self, **filters: Any) -> int:
        """How many flags `flags` would list with the same filters (a page's total), without
        building their rows."""
        clause, params = _flag_filter(**filters)
        return self.db.execute(_FLAG_COUNT + clause, params).fetchone()[0]

    def flag_position(self, flag_id: int, **filters: Any) -> int | None:
        """Where flag `flag_id` is among the flags `flags` would list with the same filters (0
        for the first: the number of matching flags with a smaller id), or None when it is not
        one of them; a link to one flag opens the page that holds it without listing the
        others."""
        clause, params = _flag_filter(**filters)
        sql = (
            "select coalesce(sum(f.id < :_flag_id), 0), coalesce(max(f.id = :_flag_id), 0)"
            " from flags f join alignments a on a.id = f.alignment_id" + clause
        )
        before, listed = self.db.execute(sql, {**params, "_flag_id": flag_id}).fetchone()
        return before if listed else None

    def flag_severity_counts(
        self, *, document_id: int | None = None, statuses: Iterable[str] = ("open",)
    ) -> dict[int, dict[str, int]]:
        """{document id: {severity: number of flags}} for flags in `statuses`."""
        statuses = list(statuses)
        marks = ", ".join("?" for _ in statuses)
        sql = f"""
            select a.document_id, f.severity, count(*) as n
            from flags f join alignments a on a.id = f.alignment_id
            where f.status in ({marks}) {"and a.document_id = ?" if document_id else ""}
            group by a.document_id, f.severity
        """
        params: list[Any] = [*statuses, *([document_id] if document_id else [])]
        counts: dict[int, dict[str, int]] = {}
        for row in self.db.query(sql, params):
            counts.setdefault(row["document_id"], {})[row["severity"]] = row["n"]
        return counts

    def flag_severities_by_version(
        self, document_id: int, statuses: Iterable[str]
    ) -> dict[int, dict[str, int]]:
        """{version id: {severity: number of flags}} of a document's flags in `statuses`, by
        the version each concerns (`version_id` of _FLAG_SELECT), counted in SQL."""
        statuses = list(statuses)
        marks = ", ".join("?" for _ in statuses)
        sql = f"""
            select case when f.span_side = 'source' then a.source_version_id
                        else a.target_version_id end as version_id, f.severity, count(*) as n
            from flags f join alignments a on a.id = f.alignment_id
            where a.document_id = ? and f.status in ({marks})
            group by 1, 2
        """
        counts: dict[int, dict[str, int]] = {}
        for row in self.db.query(sql, [document_id, *statuses]):
            counts.setdefault(row["version_id"], {})[row["severity"]] = row["n"]
        return counts

    # -- comments -------------------------------------------------------------------------

    def flags_changed_since(self, alignment_id: int, at: str) -> bool:
        """Whether a flag of the alignment was raised, changed status or got a comment after
        `at` (ISO time, to the second): an edition's notes would then differ from an earlier
        edition's. What an edition published before m015 has to go by (`flags_changed_after`
        tells a change in the second of publication too)."""
        row = self.db.execute(
            "select 1 from flags where alignment_id = ? and (created_at > ? or status_at > ?)"
            " union all select 1 from flag_comments c join flags f on f.id = c.flag_id"
            " where f.alignment_id = ? and c.at > ? limit 1",
            [alignment_id, at, at, alignment_id, at],
        ).fetchone()
        return row is not None

    def flags_changed_after(self, alignment_id: int, state: dict[str, Any]) -> bool:
        """Whether a flag of the alignment was raised, changed status or got a comment after
        an edition's publication, by the last flag, comment and event it recorded
        (`edition_state`): ids only grow, so what came after has a larger one, in the second
        of publication too."""
        row = self.db.execute(
            "select 1 from flags where alignment_id = :alignment and id > :flag"
            " union all select 1 from flag_comments c join flags f on f.id = c.flag_id"
            " where f.alignment_id = :alignment and c.id > :comment"
            " union all select 1 from events e join flags f on f.id = e.entity_id"
            f" where e.entity = 'flag' and e.action in ({_STATUS_CHANGES}) and e.id > :event"
            " and f.alignment_id = :alignment limit 1",
            {
                "alignment": alignment_id,
                "flag": state["last_flag_id"],
                "comment": state["last_flag_comment_id"],
                "event": state["last_event_id"],
            },
        ).fetchone()
        return row is not None

    def flags_status_changed_after(self, alignment_id: int, event_id: int) -> set[int]:
        """The flags of the alignment whose status changed after event `event_id`."""
        sql = (
            "select distinct e.entity_id from events e join flags f on f.id = e.entity_id"
            f" where e.entity = 'flag' and e.action in ({_STATUS_CHANGES}) and e.id > ?"
            " and f.alignment_id = ?"
        )
        return {row[0] for row in self.db.execute(sql, [event_id, alignment_id])}

    def add_flag_comment(self, flag_id: int, author: str | None, body: str) -> int:
        row = {"flag_id": flag_id, "author": author, "at": now(), "body": body}
        return self.insert_row("flag_comments", row)

    def flag_comments(self, flag_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        """Each flag's comments, oldest first."""
        ids = list(flag_ids)
        threads: dict[int, list[dict[str, Any]]] = {flag_id: [] for flag_id in ids}
        if not ids:
            return threads
        marks = ", ".join("?" for _ in ids)
        sql = f"select * from flag_comments where flag_id in ({marks}) order by id"
        for row in self.db.query(sql, ids):
            threads[row["flag_id"]].append(row)
        return threads

    # -- the links a flag is raised on ----------------------------------------------------

    def flagged_paragraph_links(self, alignment_id: int) -> list[int]:
        """The paragraph links an open flag of the alignment lies on, what the review page's
        "flagged" filter shows: the link holding a span's paragraph, and every link a flag on
        a whole link overlaps on either side (`_OVERLAPS`). Each flag's links are found by
        index lookups; comparing every link with every open flag cost seconds a page turn
        (16,000 links, 1,600 flags)."""
        rows = self.db.execute(_FLAGGED_LINKS, {"alignment": alignment_id})
        return sorted({row[0] for row in rows if row[0] is not None})

    def paragraph_link(self, alignment_id: int, link_id: int) -> LinkRow:
        """A paragraph link of this alignment, or NotFound."""
        rows = list(
            self.db.query(
                "select * from links where id = ? and alignment_id = ? and level = 'paragraph'",
                [link_id, alignment_id],
            )
        )
        if not rows:
            raise NotFound(f"alignment {alignment_id} has no paragraph link {link_id}")
        return link_row(rows[0])

    def paragraph_link_covering(self, alignment_id: int, side: str, position: int) -> LinkRow:
        """The paragraph link whose range on `side` holds `position`, or NotFound."""
        column = "src" if side == "source" else "tgt"
        sql = (
            f"select * from links where alignment_id = ? and level = 'paragraph' "
            f"and {column}_start <= ? and ? < {column}_end"
        )
        rows = list(self.db.query(sql, [alignment_id, position, position]))
        if not rows:
            raise NotFound(
                f"no link of alignment {alignment_id} covers {side} paragraph {position}"
            )
        return link_row(rows[0])

    def flag_status_events(
        self, flag_ids: list[int], as_of: str | None = None, *, through: int | None = None
    ) -> list[tuple[int, str]]:
        """(flag id, event JSON) of the flags' raising (its status, from a file) and status
        changes up to event id `through`, or else up to time `as_of`, oldest first."""
        marks = ", ".join("?" for _ in flag_ids)
        bound, value = ("id <= ?", through) if through is not None else ("at <= ?", as_of)
        sql = (
            "select entity_id, after from events where entity = 'flag' and action in"
            f" ('flag', {_STATUS_CHANGES}) and entity_id in ({marks}) and {bound}"
            " order by id"
        )
        return [tuple(row) for row in self.db.execute(sql, [*flag_ids, value]).fetchall()]

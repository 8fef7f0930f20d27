"""Queries the review page needs: links with their texts, filters, neighbours, edits."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from workbench.errors import NotFound
from workbench.segment import sentence_starts
from workbench.store.base import LinkRow, StoreBase, link_row
from workbench.textfold import fold, fold_char


@dataclass(frozen=True)
class LinkFilter:
    """What the review page narrows the links to. Every field is optional."""

    status: str | None = None  # "unconfirmed" | "confirmed"
    below: float | None = None  # confidence strictly below this
    at_least: float | None = None  # confidence at or above this
    text: str | None = None  # substring of the source or target text (case, accents folded)
    flagged: bool = False  # has an open flag (a sentence link: its paragraph link has one)
    ids: tuple[int, ...] | None = None  # only these links, or the sentence links inside them

    def sql(self, source_version: int, target_version: int) -> tuple[str, list[Any]]:
        """A WHERE fragment over `links l` built only from fixed clauses and parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.status == "unconfirmed":
            clauses.append("l.status != 'confirmed'")
        elif self.status == "confirmed":
            clauses.append("l.status = 'confirmed'")
        if self.below is not None:
            clauses.append("coalesce(l.confidence, 1) < ?")
            params.append(self.below)
        if self.at_least is not None:
            clauses.append("coalesce(l.confidence, 1) >= ?")
            params.append(self.at_least)
        if self.text:
            needle = fold(self.text) or self.text
            pattern = (
                "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            clauses.append(
                f"(exists (select 1 from segments s where s.version_id = ? and s.level = l.level"
                f" and s.position >= l.src_start and s.position < l.src_end and {_HAS_TEXT})"
                f" or exists (select 1 from segments s where s.version_id = ?"
                f" and s.level = l.level and s.position >= l.tgt_start"
                f" and s.position < l.tgt_end and {_HAS_TEXT}))"
            )
            params += [source_version, pattern, needle, target_version, pattern, needle]
        if self.flagged:  # review._where turns it into the ids of the flagged links
            raise ValueError("a flagged filter is resolved into link ids before its SQL")
        if self.ids is not None:
            # paragraph links by id; at sentence level, the sentence links inside them
            inside = _in_paragraph_link("p.id in (select value from json_each(?))")
            clauses.append(
                f"(l.id in (select value from json_each(?)) or (l.level = 'sentence' and {inside}))"
            )
            ids = json.dumps(list(self.ids))
            params += [ids, ids, source_version, target_version]
        return (" and " + " and ".join(clauses) if clauses else ""), params


#: The SQL function the text filter calls: whether a text, folded, holds a folded needle.
FOLDED_HAS = "workbench_folded_has"

#: Segment `s` holds the filter's text (parameters: a LIKE pattern of the folded text, and the
#: folded text), diacritics and case folded as search and the concordance fold them
#: (workbench.textfold), so "Perendia" finds "Perëndia". LIKE (in C) is exact for ASCII
#: texts, which fold by lower-casing alone, and finds most hits in others; only the rest of
#: the texts with other letters are folded in Python.
_HAS_TEXT = (
    "(s.text like ? escape '\\'"
    f" or (length(cast(s.text as blob)) > length(s.text) and {FOLDED_HAS}(s.text, ?)))"
)


class LinkSpan(NamedTuple):
    """A link's place on each side and who stands by it, without its scores and reasons
    (what an edition keeps of it; no JSON to parse)."""

    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int
    status: str
    set_by: str | None

    @property
    def src(self) -> range:
        return range(self.src_start, self.src_end)

    @property
    def tgt(self) -> range:
        return range(self.tgt_start, self.tgt_end)


class _FoldTable(dict):
    """str.translate's table for textfold.fold_char: each character asked once."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


class _FoldedTexts:
    """Folded segment texts, least recently used dropped beyond a budget of characters (a
    window of a long document re-reads the same texts: folding them again would cost about
    30 ns a character, chapter-size paragraphs 0.2 ms each)."""

    def __init__(self, budget: int = 8_000_000) -> None:
        self.budget = budget
        self.size = 0
        self.texts: OrderedDict[str, str] = OrderedDict()
        self.table = _FoldTable()
        self.lock = threading.Lock()

    def __call__(self, text: str) -> str:
        with self.lock:
            folded = self.texts.get(text)
            if folded is not None:
                self.texts.move_to_end(text)
                return folded
        folded = text.translate(self.table)
        if len(text) <= self.budget // 8:
            with self.lock:
                if text not in self.texts:
                    self.texts[text] = folded
                    self.size += len(text)
                while self.size > self.budget:
                    dropped, _ = self.texts.popitem(last=False)
                    self.size -= len(dropped)
        return folded


_folded = _FoldedTexts()


def folded_has(text: str | None, needle: str) -> bool:
    """Whether `text`, folded as the search index folds it, holds `needle` (folded)."""
    return text is not None and needle in _folded(text)


def _in_paragraph_link(condition: str) -> str:
    """Sentence link l lies in a paragraph link p meeting `condition` (two parameters: the
    source and the target version, whose sentences know their paragraphs)."""
    return f"""exists (select 1 from links p where p.alignment_id = l.alignment_id
    and p.level = 'paragraph' and ({condition}) and (
    exists (select 1 from segments s join segments par on par.id = s.parent_id
        where s.version_id = ? and s.level = 'sentence' and s.position = l.src_start
        and l.src_end > l.src_start
        and par.position >= p.src_start and par.position < p.src_end)
    or exists (select 1 from segments s join segments par on par.id = s.parent_id
        where s.version_id = ? and s.level = 'sentence' and s.position = l.tgt_start
        and l.tgt_end > l.tgt_start
        and par.position >= p.tgt_start and par.position < p.tgt_end)))"""


class ReviewQueries(StoreBase):
    """Queries for reviewing and editing an alignment."""

    def _filtering(self, where: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
        """A LinkFilter's WHERE fragment, with the text filter's function on this connection."""
        connection = self.db.conn
        if FOLDED_HAS in where[0] and getattr(self, "_folding_on", None) is not connection:
            connection.create_function(FOLDED_HAS, 2, folded_has, deterministic=True)
            self._folding_on = connection
        return where

    def link(self, link_id: int, alignment_id: int | None = None) -> LinkRow:
        rows = list(self.db.query("select * from links where id = ?", [link_id]))
        if not rows or (alignment_id is not None and rows[0]["alignment_id"] != alignment_id):
            raise NotFound(f"no link with id {link_id} in this alignment")
        return link_row(rows[0])

    def link_was_replaced(self, link_id: int) -> bool:
        """Whether a link with this id existed and is gone (ids are never reused: m009)."""
        seq = self.db.execute("select seq from sqlite_sequence where name = 'links'").fetchone()
        if seq is None or not 0 < link_id <= seq[0]:
            return False
        return self.db.execute("select 1 from links where id = ?", [link_id]).fetchone() is None

    def link_at(
        self, alignment_id: int, level: str, src_start: int, tgt_start: int
    ) -> LinkRow | None:
        rows = self.db.query(
            "select * from links where alignment_id = ? and level = ? and src_start = ?"
            " and tgt_start = ?",
            [alignment_id, level, src_start, tgt_start],
        )
        return next((link_row(row) for row in rows), None)

    def link_covering(
        self, alignment_id: int, level: str, side: str, position: int
    ) -> LinkRow | None:
        """The link holding segment `position` on `side` (source or target)."""
        start, end = ("src_start", "src_end") if side == "source" else ("tgt_start", "tgt_end")
        rows = self.db.query(
            f"select * from links where alignment_id = ? and level = ?"
            f" and {start} <= ? and {end} > ? limit 1",
            [alignment_id, level, position, position],
        )
        return next((link_row(row) for row in rows), None)

    def alignment_covers(
        self, alignment_id: int, level: str, side: str, position: int, *, confirmed_only: bool
    ) -> bool:
        """Whether a link (a confirmed one, if asked) holds segment `position` on `side`."""
        start, end = ("src_start", "src_end") if side == "source" else ("tgt_start", "tgt_end")
        status = " and status = 'confirmed'" if confirmed_only else ""
        sql = (
            f"select 1 from links where alignment_id = ? and level = ?{status}"
            f" and {start} <= ? and ? < {end} limit 1"
        )
        return (
            self.db.execute(sql, [alignment_id, level, position, position]).fetchone() is not None
        )

    def link_before(self, link: LinkRow) -> LinkRow | None:
        rows = self.db.query(
            "select * from links where alignment_id = ? and level = ?"
            " and (src_start, tgt_start) < (?, ?) order by src_start desc, tgt_start desc limit 1",
            [link.alignment_id, link.level, link.src_start, link.tgt_start],
        )
        return next((link_row(row) for row in rows), None)

    def link_after(self, link: LinkRow) -> LinkRow | None:
        rows = self.db.query(
            "select * from links where alignment_id = ? and level = ?"
            " and (src_start, tgt_start) > (?, ?) order by src_start, tgt_start limit 1",
            [link.alignment_id, link.level, link.src_start, link.tgt_start],
        )
        return next((link_row(row) for row in rows), None)

    def links_within(
        self, alignment_id: int, level: str, src: tuple[int, int], tgt: tuple[int, int]
    ) -> list[LinkRow]:
        """Links of `level` lying inside the position ranges src and tgt (ends exclusive)."""
        rows = self.db.query(
            "select * from links where alignment_id = ? and level = ?"
            " and src_start >= ? and src_end <= ? and tgt_start >= ? and tgt_end <= ?"
            " order by src_start, tgt_start",
            [alignment_id, level, src[0], src[1], tgt[0], tgt[1]],
        )
        return [link_row(row) for row in rows]

    def delete_links(self, link_ids: Iterable[int]) -> None:
        ids = list(link_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            self.db.execute(f"delete from links where id in ({marks})", chunk)

    def insert_links(self, alignment_id: int, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert links (dicts with level and the link columns); return their new ids."""
        ids = []
        for row in rows:
            reasons = row.get("reasons") or []
            record = {**row, "alignment_id": alignment_id, "reasons": json.dumps(reasons)}
            record.pop("id", None)
            ids.append(self.db["links"].insert(record).last_pk)
        return ids

    def restore_links(self, alignment_id: int, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert links an undo puts back, each under the id its row records when that id is
        free (links have AUTOINCREMENT ids since m009: an old id is never handed out again,
        and inserting it below the sequence leaves the sequence as it is); else a new id."""
        ids = []
        for row in rows:
            old_id = row.get("id")
            if old_id is None or self._link_id_taken(old_id):
                ids += self.insert_links(alignment_id, [row])
                continue
            reasons = json.dumps(row.get("reasons") or [])
            record = {**row, "id": old_id, "alignment_id": alignment_id, "reasons": reasons}
            ids.append(self.db["links"].insert(record).last_pk)
        return ids

    def _link_id_taken(self, link_id: int) -> bool:
        return self.db.execute("select 1 from links where id = ?", [link_id]).fetchone() is not None

    def where_link_was(self, alignment_id: int, link_id: int) -> dict[str, Any] | None:
        """The row of link `link_id` as the latest edit (or undo) that removed it recorded it:
        its level and positions then, and under `event` that edit's event id (None when no
        recorded edit names it)."""
        row = self.db.execute(
            "select j.value, e.id from events e, json_each(e.before, '$.links') j"
            " where e.entity = 'alignment' and e.entity_id = ? and e.action like 'link.%'"
            " and e.before is not null and json_extract(j.value, '$.id') = ?"
            " order by e.id desc limit 1",
            [alignment_id, link_id],
        ).fetchone()
        return None if row is None else {**json.loads(row[0]), "event": row[1]}

    def where_resplit_took(
        self, document_id: int, alignment_id: int, link_id: int
    ) -> dict[str, Any] | None:
        """Sentence link `link_id` as the latest approved revision that re-split its paragraph
        recorded it when taking it away (`revisions.set_text`): its positions then, and under
        `event` that approval's event id (None when no approval names it)."""
        row = self.db.execute(
            "select j.value, e.id from events e, json_each(e.after, '$.sentences.links') j"
            " where e.document_id = ? and e.action = 'revision.approve'"
            " and json_extract(j.value, '$.id') = ?"
            " and json_extract(j.value, '$.alignment_id') = ?"
            " order by e.id desc limit 1",
            [document_id, link_id, alignment_id],
        ).fetchone()
        return None if row is None else {**json.loads(row[0]), "event": row[1]}

    def link_was_elsewhere(self, alignment_id: int, link_id: int) -> bool:
        """Whether a recorded edit (or undo) removed link `link_id` from another alignment
        than `alignment_id`: then it never was this one's."""
        row = self.db.execute(
            "select 1 from events e, json_each(e.before, '$.links') j"
            " where e.entity = 'alignment' and e.entity_id != ? and e.action like 'link.%'"
            " and e.before is not null and json_extract(j.value, '$.id') = ? limit 1",
            [alignment_id, link_id],
        ).fetchone()
        return row is not None

    def set_link_status(
        self, link_ids: Sequence[int], status: str, user: str | None, at: str
    ) -> None:
        for start in range(0, len(link_ids), 500):
            chunk = list(link_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            self.db.execute(
                f"update links set status = ?, set_by = ?, set_at = ? where id in ({marks})",
                [status, user, at, *chunk],
            )

    def sentence_range(self, version_id: int, start: int, end: int) -> tuple[int, int]:
        """Sentence positions [s, e) of the paragraphs at positions [start, end)."""
        sql = (
            "select count(*) from segments s join segments p on s.parent_id = p.id"
            " where s.version_id = ? and s.level = 'sentence' and p.position < ?"
        )
        first = self.db.execute(sql, [version_id, start]).fetchone()[0]
        last = self.db.execute(sql, [version_id, end]).fetchone()[0]
        return first, last

    def sentences_per_paragraph(self, version_id: int) -> list[tuple[int, int]]:
        """(paragraph position, how many sentences it holds) of each paragraph of a version
        that holds sentences, in position order, in one query: their running sums give
        `sentence_range` of every paragraph at once (it counts a whole version's sentences
        for each paragraph it is asked about)."""
        sql = (
            "select p.position, count(*) from segments s join segments p on s.parent_id = p.id"
            " where s.version_id = ? and s.level = 'sentence' group by p.position"
            " order by p.position"
        )
        return [(position, count) for position, count in self.db.execute(sql, [version_id])]

    def link_spans(self, alignment_id: int, level: str) -> list[LinkSpan]:
        """The links of one level as `links` orders them (by source, then target start),
        each as a `LinkSpan`."""
        sql = (
            "select src_start, src_end, tgt_start, tgt_end, status, set_by from links"
            " where alignment_id = ? and level = ? order by src_start, tgt_start"
        )
        return [LinkSpan(*row) for row in self.db.execute(sql, [alignment_id, level])]

    def sentence_at(self, version_id: int, paragraph: int, offset: int) -> int:
        """The position of the sentence holding character `offset` of the paragraph at
        `paragraph` (its first sentence when the offset is before all of them, its last when
        after): each sentence is found in the paragraph's text in order, so a repeated one
        ("Yes.") is found in its own place."""
        first, _end = self.sentence_range(version_id, paragraph, paragraph + 1)
        row = self.db.execute(
            "select id, text from segments where version_id = ? and level = 'paragraph'"
            " and position = ?",
            [version_id, paragraph],
        ).fetchone()
        if row is None:
            return first
        sentences = self.db.execute(
            "select position, text from segments where parent_id = ? and level = 'sentence'"
            " order by position",
            [row[0]],
        ).fetchall()
        starts = sentence_starts(row[1], [text for _position, text in sentences])
        found = first
        for (position, _text), at in zip(sentences, starts, strict=True):
            if at is None:
                continue
            if at > offset:
                break
            found = position
        return found

    def offset_in_paragraph(self, paragraph_id: int, text: str, position: int) -> int | None:
        """Where the sentence at `position` starts in its paragraph's `text`: its sentences
        found in order, so that a repeated one ("Zog said no.") is found in its own place;
        None when a sentence is not found (the texts disagree)."""
        sentences = self.db.execute(
            "select position, text from segments where parent_id = ? and level = 'sentence'"
            " and position <= ? order by position",
            [paragraph_id, position],
        ).fetchall()
        starts = sentence_starts(text, [sentence for _position, sentence in sentences])
        if not sentences or sentences[-1][0] != position or None in starts:
            return None
        return starts[-1]

    def paragraph_of_sentence(self, version_id: int, position: int) -> int | None:
        """The position of the paragraph holding sentence `position` of a version."""
        row = self.db.execute(
            "select p.position from segments s join segments p on s.parent_id = p.id"
            " where s.version_id = ? and s.level = 'sentence' and s.position = ?",
            [version_id, position],
        ).fetchone()
        return None if row is None else row[0]

    def texts(self, version_id: int, level: str, start: int, end: int) -> list[dict[str, Any]]:
        """Segments of one version at positions [start, end), in order."""
        return list(
            self.db.query(
                "select id, position, kind, parent_id, text from segments"
                " where version_id = ? and level = ? and position >= ? and position < ?"
                " order by position",
                [version_id, level, start, end],
            )
        )

    def texts_at(self, version_id: int, level: str, positions: list[int]) -> list[dict[str, Any]]:
        """Segments of one version at these positions (a filtered window's scattered links)."""
        return list(
            self.db.query(
                "select id, position, kind, parent_id, text from segments"
                " where version_id = ? and level = ?"
                " and position in (select value from json_each(?)) order by position",
                [version_id, level, json.dumps(positions)],
            )
        )

    def count_links(self, alignment_id: int, level: str, where: tuple[str, list[Any]]) -> int:
        where = self._filtering(where)
        sql = f"select count(*) from links l where l.alignment_id = ? and l.level = ?{where[0]}"
        return self.db.execute(sql, [alignment_id, level, *where[1]]).fetchone()[0]

    def filtered_links(
        self,
        alignment_id: int,
        level: str,
        where: tuple[str, list[Any]],
        *,
        offset: int = 0,
        limit: int = 200,
    ) -> list[LinkRow]:
        where = self._filtering(where)
        sql = (
            f"select l.* from links l where l.alignment_id = ? and l.level = ?{where[0]}"
            " order by l.src_start, l.tgt_start limit ? offset ?"
        )
        rows = self.db.query(sql, [alignment_id, level, *where[1], limit, offset])
        return [link_row(row) for row in rows]

    def link_index(self, link: LinkRow, where: tuple[str, list[Any]]) -> int:
        """How many links (of the filtered list) come before `link`."""
        where = self._filtering(where)
        sql = (
            "select count(*) from links l where l.alignment_id = ? and l.level = ?"
            f" and (l.src_start, l.tgt_start) < (?, ?){where[0]}"
        )
        params = [link.alignment_id, link.level, link.src_start, link.tgt_start, *where[1]]
        return self.db.execute(sql, params).fetchone()[0]

    def least_confident(
        self, alignment_id: int, level: str, where: tuple[str, list[Any]]
    ) -> LinkRow | None:
        where = self._filtering(where)
        sql = (
            "select l.* from links l where l.alignment_id = ? and l.level = ?"
            f" and l.status = 'auto'{where[0]}"
            " order by coalesce(l.confidence, 1), l.src_start limit 1"
        )
        rows = self.db.query(sql, [alignment_id, level, *where[1]])
        return next((link_row(row) for row in rows), None)

    def findings_stamp(self, alignment_id: int) -> tuple[Any, ...]:
        """What an alignment's QA findings depend on, read cheaply (about a millisecond for
        5,000 links): the alignment's and its document's `updated`, the versions and their
        languages, a checksum of the paragraph links, the paragraph count and the latest text
        change in either version (every changed paragraph text adds a `segment_history` row)."""
        sql = """
            select a.updated, d.updated, sv.id, sv.language, tv.id, tv.language,
              (select count(*) || ':' || total(id) || ':' || total(id * (src_start
                 + 3 * src_end + 7 * tgt_start + 13 * tgt_end + 1))
               from links where alignment_id = a.id and level = 'paragraph') as links,
              (select count(*) from segments where level = 'paragraph'
                 and version_id in (a.source_version_id, a.target_version_id)) as paragraphs,
              (select max(h.id) from segment_history h join segments s on s.id = h.segment_id
                 where s.version_id in (a.source_version_id, a.target_version_id)) as texts
            from alignments a join documents d on d.id = a.document_id
            join versions sv on sv.id = a.source_version_id
            join versions tv on tv.id = a.target_version_id
            where a.id = ?
        """
        row = self.db.execute(sql, [alignment_id]).fetchone()
        if row is None:
            raise NotFound(f"no alignment with id {alignment_id}")
        return tuple(row)

    def resplits_since(self, document_id: int, event_id: int) -> list[dict[str, Any]]:
        """The paragraphs of a document whose text an approved revision changed after event
        `event_id`, oldest first: how each one's sentences were split again (`version_id`,
        `paragraph`, `first`, `old_end`, `delta`, as `revisions.set_text` logs it; approvals
        logged before it did are left out)."""
        rows = self.db.execute(
            "select json_extract(after, '$.sentences') from events"
            " where document_id = ? and id > ? and action = 'revision.approve'"
            " and json_extract(after, '$.sentences') is not null order by id",
            [document_id, event_id],
        )
        return [json.loads(row[0]) for row in rows]

    def edit_events(self, alignment_id: int, user: str | None) -> list[dict[str, Any]]:
        """This user's link edits and undos on an alignment, newest first."""
        return list(
            self.db.query(
                "select * from events where entity = 'alignment' and entity_id = ?"
                " and user is ? and action like 'link.%' order by id desc limit 200",
                [alignment_id, user],
            )
        )

"""Segment texts over time: history, proposed revisions and their comments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.errors import NotFound
from workbench.store.base import StoreBase, now


class RevisionQueries(StoreBase):
    """Queries for revisions and for changing a paragraph's text in place."""

    def segment(self, segment_id: int) -> dict[str, Any]:
        rows = list(
            self.db.query(
                "select s.*, v.document_id, v.language, v.role from segments s"
                " join versions v on v.id = s.version_id where s.id = ?",
                [segment_id],
            )
        )
        if not rows:
            raise NotFound(f"no segment with id {segment_id}")
        return rows[0]

    def segment_at(self, version_id: int, level: str, position: int) -> dict[str, Any]:
        rows = list(
            self.db.query(
                "select id from segments where version_id = ? and level = ? and position = ?",
                [version_id, level, position],
            )
        )
        if not rows:
            raise NotFound(f"no {level} {position} in version {version_id}")
        return self.segment(rows[0]["id"])

    # -- history ------------------------------------------------------------------------------

    def history(self, segment_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select * from segment_history where segment_id = ? order by revision",
                [segment_id],
            )
        )

    def add_history(
        self,
        segment_id: int,
        revision: int,
        text: str,
        set_by: str | None,
        reason: str,
        *,
        set_at: str | None = None,
    ) -> None:
        """One text of a segment; `set_at` defaults to now (revision 0 gives the import's)."""
        self.db["segment_history"].insert(
            {
                "segment_id": segment_id,
                "revision": revision,
                "text": text,
                "set_by": set_by,
                "set_at": set_at or now(),
                "reason": reason,
            }
        )

    def set_segment_text(self, segment_id: int, text: str, revision: int) -> None:
        self.db["segments"].update(segment_id, {"text": text, "revision": revision})

    # -- sentences below a paragraph ------------------------------------------------------------

    def sentences_of(self, paragraph_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select * from segments where parent_id = ? order by position", [paragraph_id]
            )
        )

    def replace_sentences(
        self, paragraph: dict[str, Any], sentences: Sequence[str]
    ) -> tuple[int, int, int]:
        """Give a paragraph new sentences; later sentence positions move by the difference.

        Returns (first, old_end, delta): the paragraph's sentences were [first, old_end).
        """
        old = self.sentences_of(paragraph["id"])
        version_id = paragraph["version_id"]
        if old:
            first, old_end = old[0]["position"], old[-1]["position"] + 1
        else:
            first = old_end = self._sentence_count_before(version_id, paragraph["position"])
        delta = len(sentences) - (old_end - first)
        self.db.execute("delete from segments where parent_id = ?", [paragraph["id"]])
        self._shift_positions(
            "segments",
            "position",
            None,
            "version_id = ? and level = 'sentence'",
            [version_id],
            old_end,
            delta,
        )
        self.db["segments"].insert_all(
            {
                "version_id": version_id,
                "level": "sentence",
                "position": first + offset,
                "kind": "sentence",
                "parent_id": paragraph["id"],
                "text": text,
            }
            for offset, text in enumerate(sentences)
        )
        return first, old_end, delta

    def _sentence_count_before(self, version_id: int, paragraph_position: int) -> int:
        return self.db.execute(
            "select count(*) from segments s join segments p on s.parent_id = p.id"
            " where s.version_id = ? and s.level = 'sentence' and p.position < ?",
            [version_id, paragraph_position],
        ).fetchone()[0]

    def shift_sentence_links(self, alignment_id: int, side: str, start: int, delta: int) -> None:
        """Move the sentence links at or after `start` on one side by `delta` positions."""
        column, end = ("src_start", "src_end") if side == "source" else ("tgt_start", "tgt_end")
        self._shift_positions(
            "links",
            column,
            end,
            "alignment_id = ? and level = 'sentence'",
            [alignment_id],
            start,
            delta,
        )

    def _shift_positions(
        self,
        table: str,
        column: str,
        end_column: str | None,
        where: str,
        params: list[Any],
        start: int,
        delta: int,
    ) -> None:
        """Add `delta` to `column` from `start` on, through negative values, so that a unique
        index over the column never sees two rows at one position in the middle."""
        if delta == 0:
            return
        also = f", {end_column} = {end_column} + ?" if end_column else ""
        extra = [delta] if end_column else []
        self.db.execute(
            f"update {table} set {column} = -{column} - 1 - ?{also}"
            f" where {where} and {column} >= ?",
            [delta, *extra, *params, start],
        )
        self.db.execute(
            f"update {table} set {column} = -{column} - 1 where {where} and {column} < 0", params
        )

    def alignments_of_version(self, version_id: int) -> list[tuple[dict[str, Any], str]]:
        """Every alignment that uses the version, with the side it is on."""
        rows = self.db.query(
            "select * from alignments where source_version_id = ? or target_version_id = ?",
            [version_id, version_id],
        )
        return [
            (row, "source" if row["source_version_id"] == version_id else "target") for row in rows
        ]

    # -- revisions ----------------------------------------------------------------------------

    def add_revision(self, row: dict[str, Any]) -> int:
        return self.db["revisions"].insert({**row, "created": now()}).last_pk

    def revision(self, revision_id: int) -> dict[str, Any]:
        rows = list(self.db.query(_REVISION_SELECT + " where r.id = ?", [revision_id]))
        if not rows:
            raise NotFound(f"no revision with id {revision_id}")
        return rows[0]

    def revisions(
        self,
        *,
        status: str | None = None,
        document_id: int | None = None,
        author: str | None = None,
        segment_id: int | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Revisions matching every filter given, newest first, one page of them."""
        where, params = _revision_filter(status, document_id, author, segment_id)
        sql = f"{_REVISION_SELECT}{where} order by r.id desc limit ? offset ?"
        return list(self.db.query(sql, [*params, limit, offset]))

    def count_revisions(
        self,
        *,
        status: str | None = None,
        document_id: int | None = None,
        author: str | None = None,
        segment_id: int | None = None,
    ) -> int:
        """How many revisions `revisions` would list with no page limit."""
        where, params = _revision_filter(status, document_id, author, segment_id)
        sql = (
            "select count(*) from revisions r join segments s on s.id = r.segment_id"
            f" join versions v on v.id = s.version_id{where}"
        )
        return self.db.execute(sql, params).fetchone()[0]

    def decide_revision(self, revision_id: int, **fields: Any) -> None:
        self.db["revisions"].update(revision_id, fields)

    def add_revision_comment(self, revision_id: int, author: str, body: str) -> int:
        return (
            self.db["revision_comments"]
            .insert({"revision_id": revision_id, "author": author, "at": now(), "body": body})
            .last_pk
        )

    def revision_comments(self, revision_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select * from revision_comments where revision_id = ? order by id",
                [revision_id],
            )
        )


_REVISION_SELECT = (
    "select r.*, s.version_id, s.position, s.revision as current_revision,"
    " s.text as current_text, v.document_id, v.language, v.label as version_label,"
    " d.title as document_title, d.allow_self_approval"
    " from revisions r join segments s on s.id = r.segment_id"
    " join versions v on v.id = s.version_id join documents d on d.id = v.document_id"
)


def _revision_filter(
    status: str | None, document_id: int | None, author: str | None, segment_id: int | None
) -> tuple[str, list[Any]]:
    """The where clause (and its parameters) of a revision list's filters."""
    clauses, params = [], []
    for column, value in (
        ("r.status", status),
        ("v.document_id", document_id),
        ("r.author", author),
        ("r.segment_id", segment_id),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return (" where " + " and ".join(clauses) if clauses else ""), params

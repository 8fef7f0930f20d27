"""Editions: immutable, numbered snapshots of an alignment (the database refuses changes)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workbench.errors import NotFound
from workbench.store.base import StoreBase, now


class EditionQueries(StoreBase):
    def add_edition(
        self,
        row: dict[str, Any],
        links: Iterable[dict[str, Any]],
        segments: Iterable[dict[str, Any]] | None = None,
    ) -> int:
        """Insert an edition with the next number for its alignment, and its links.

        With `segments` (`edition_segments` rows without their edition: what its links hold),
        also those and its state (`edition_state`): how many paragraphs and sentences each
        text has, and the last flag, flag comment and event there are now (call it in the
        transaction that read, or checked unchanged, what it publishes: whatever comes after
        has a larger id).
        Without, the edition keeps nothing but its links, as one published before m015."""
        number = self.db.execute(
            "select coalesce(max(number), 0) + 1 from editions where alignment_id = ?",
            [row["alignment_id"]],
        ).fetchone()[0]
        edition_id = (
            self.db["editions"].insert({**row, "number": number, "published_at": now()}).last_pk
        )
        self._insert_many("edition_links", edition_id, links)
        if segments is None:
            return edition_id
        self._insert_many("edition_segments", edition_id, segments)
        alignment = self.db["alignments"].get(row["alignment_id"])
        state: dict[str, Any] = {"edition_id": edition_id}
        for side in ("source", "target"):
            for level in ("paragraph", "sentence"):
                state[f"{side}_{level}s"] = self.db.execute(
                    "select count(*) from segments where version_id = ? and level = ?",
                    [alignment[f"{side}_version_id"], level],
                ).fetchone()[0]
        for column, table in (
            ("last_flag_id", "flags"),
            ("last_flag_comment_id", "flag_comments"),
            ("last_event_id", "events"),
        ):
            state[column] = self.db.execute(f"select coalesce(max(id), 0) from {table}").fetchone()[
                0
            ]
        self.insert_row("edition_state", state)
        return edition_id

    def publishing_inputs(self, alignment_id: int) -> tuple[Any, ...]:
        """What publishing the alignment reads besides its links' places and its versions'
        texts (`alignment_inputs` stamps those), read cheaply: its document and versions,
        the title and languages, its latest edition, and the links set in the latest second
        any of them was set, with their status and who set it (a link confirmed again by
        another reviewer in that second changes neither the set time nor the counts)."""
        sql = """
            select a.document_id, a.source_version_id, a.target_version_id, d.title,
              sv.language, tv.language,
              (select max(e.id) from editions e where e.alignment_id = :id),
              (select group_concat(l.id || ':' || l.status || ':' || coalesce(l.set_by, ''), ' ')
               from links l where l.alignment_id = :id and l.set_at =
                 (select max(m.set_at) from links m where m.alignment_id = :id))
            from alignments a join documents d on d.id = a.document_id
            join versions sv on sv.id = a.source_version_id
            join versions tv on tv.id = a.target_version_id
            where a.id = :id
        """
        row = self.db.execute(sql, {"id": alignment_id}).fetchone()
        if row is None:
            raise NotFound(f"no alignment with id {alignment_id}")
        return tuple(row)

    def _insert_many(self, table: str, edition_id: int, rows: Iterable[dict[str, Any]]) -> None:
        """Insert an edition's rows of plain values (a column a row lacks is NULL) with one
        `executemany`: sqlite-utils' `insert_all` looks at every value of every row first,
        which was most of the time a long edition's write transaction took."""
        rows = list(rows)
        if not rows:
            return
        names = [n for n in dict.fromkeys(n for row in rows for n in row) if n != "edition_id"]
        columns = ", ".join(f'"{name}"' for name in ["edition_id", *names])
        marks = ", ".join("?" for _ in range(len(names) + 1))
        self.db.conn.executemany(
            f'insert into "{table}" ({columns}) values ({marks})',
            ([edition_id, *(row.get(name) for name in names)] for row in rows),
        )

    def edition_state(self, edition_id: int) -> dict[str, Any] | None:
        """What an edition recorded of the alignment besides its links (`edition_state`: its
        texts' sizes, the last flag, flag comment and event at publication), or None for an
        edition published before it was recorded (m015), whose segments were not kept either."""
        rows = list(self.db.query("select * from edition_state where edition_id = ?", [edition_id]))
        return rows[0] if rows else None

    def edition_paragraph_sentences(
        self, edition_id: int, side: str, paragraph: int
    ) -> tuple[str | None, list[tuple[int, str]]]:
        """A paragraph of an edition's side as published: its text (None when the edition
        holds no such paragraph) and its sentences, (position, text) in order."""
        row = self.db.execute(
            "select text from edition_segments where edition_id = ? and side = ?"
            " and level = 'paragraph' and position = ?",
            [edition_id, side, paragraph],
        ).fetchone()
        sentences = self.db.execute(
            "select position, text from edition_segments where edition_id = ? and side = ?"
            " and level = 'sentence' and paragraph = ? order by position",
            [edition_id, side, paragraph],
        ).fetchall()
        return (row[0] if row else None), [tuple(s) for s in sentences]

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

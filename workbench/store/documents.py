"""Documents, their versions and their paragraph and sentence segments."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from workbench.errors import NotFound
from workbench.migrations.search_marks import PAUSED_TABLE
from workbench.store.base import DOCUMENT_FIELDS, StoreBase, now


class DocumentQueries(StoreBase):
    # -- documents ------------------------------------------------------------------------

    def add_document(self, title: str, metadata: dict[str, str]) -> int:
        """Insert a document; known metadata keys get columns, the rest go to `metadata`."""
        row: dict[str, Any] = {key: metadata.get(key) for key in DOCUMENT_FIELDS}
        row["title"] = title
        extra = {k: v for k, v in metadata.items() if k not in DOCUMENT_FIELDS and v}
        row["metadata"] = json.dumps(extra, ensure_ascii=False)
        row["created"] = row["updated"] = now()
        return self.db["documents"].insert(row).last_pk

    def document(self, document_id: int) -> dict[str, Any]:
        rows = list(self.db.query("select * from documents where id = ?", [document_id]))
        if not rows:
            raise NotFound(f"no document with id {document_id}")
        document = rows[0]
        document["metadata"] = json.loads(document["metadata"] or "{}")
        return document

    def update_document(self, document_id: int, **fields: Any) -> None:
        self.document(document_id)
        self.db["documents"].update(document_id, {**fields, "updated": now()})

    def documents(self) -> list[dict[str, Any]]:
        """Every document with its version count and how long it is, newest first: the
        paragraphs of its source (of its first version while it has none), not of all its
        versions, so that a text with seven translations is not counted eight times."""
        sql = """
            select d.id, d.title, d.source_language, d.target_language, d.date, d.updated,
                   count(distinct v.id) as versions,
                   (select count(*) from segments s where s.level = 'paragraph'
                     and s.version_id = (select v2.id from versions v2
                       where v2.document_id = d.id
                       order by v2.role = 'source' desc, v2.id limit 1)) as paragraphs
            from documents d left join versions v on v.document_id = d.id
            group by d.id order by d.id desc
        """
        return list(self.db.query(sql))

    def touch_document(self, document_id: int) -> None:
        self.db["documents"].update(document_id, {"updated": now()})

    # -- versions and segments ------------------------------------------------------------

    def add_version(
        self,
        document_id: int,
        *,
        language: str,
        role: str,
        label: str,
        author: str | None = None,
        format: str | None = None,
        filename: str | None = None,
        created_by: str | None = None,
    ) -> int:
        self.document(document_id)
        return (
            self.db["versions"]
            .insert(
                {
                    "document_id": document_id,
                    "language": language,
                    "role": role,
                    "label": label,
                    "author": author,
                    "format": format,
                    "filename": filename,
                    "created": now(),
                    "created_by": created_by,
                }
            )
            .last_pk
        )

    def version(self, version_id: int) -> dict[str, Any]:
        rows = list(self.db.query("select * from versions where id = ?", [version_id]))
        if not rows:
            raise NotFound(f"no version with id {version_id}")
        return rows[0]

    def versions(self, document_id: int) -> list[dict[str, Any]]:
        """Versions of a document with their paragraph and sentence counts."""
        sql = """
            select v.*,
              (select count(*) from segments s where s.version_id = v.id
                and s.level = 'paragraph') as paragraphs,
              (select count(*) from segments s where s.version_id = v.id
                and s.level = 'sentence') as sentences
            from versions v where v.document_id = ? order by v.id
        """
        return list(self.db.query(sql, [document_id]))

    def version_size(self, version_id: int) -> tuple[int, int]:
        """A version's sentences and the characters of its paragraphs (what the aligner's
        limits count), or NotFound."""
        self.version(version_id)
        row = self.db.conn.execute(
            "select (select count(*) from segments where version_id = ? and level = 'sentence'),"
            " (select coalesce(sum(length(text)), 0) from segments"
            "  where version_id = ? and level = 'paragraph')",
            [version_id, version_id],
        ).fetchone()
        return row[0], row[1]

    def add_segments(
        self, version_id: int, paragraphs: Sequence[tuple[str, str, Sequence[str]]]
    ) -> None:
        """Store paragraphs as (kind, text, sentences) with their sentences below them.

        Two `executemany` calls, not a sqlite-utils insert per row, and the search index fed
        once for all the new rows, not by the trigger row by row: a book of 20,000 paragraphs
        took minutes, holding the write lock against every other save (m011).
        """
        with self.transaction():
            conn = self.db.conn
            first = conn.execute("select coalesce(max(id), 0) + 1 from segments").fetchone()[0]
            conn.execute(f"insert into {PAUSED_TABLE} (version_id) values (?)", [version_id])
            self._insert_segments(version_id, paragraphs)
            conn.execute(
                "insert into segments_fts(rowid, text, tags)"
                " select id, text, tags from segments_search where id >= ?",
                [first],
            )
            conn.execute(f"delete from {PAUSED_TABLE} where version_id = ?", [version_id])

    def _insert_segments(
        self, version_id: int, paragraphs: Sequence[tuple[str, str, Sequence[str]]]
    ) -> None:
        """The rows of add_segments: paragraphs, then their sentences with parent ids."""
        conn = self.db.conn
        conn.executemany(
            "insert into segments (version_id, level, position, kind, parent_id, text)"
            " values (?, 'paragraph', ?, ?, null, ?)",
            [(version_id, k, kind, text) for k, (kind, text, _) in enumerate(paragraphs)],
        )
        parents = [
            row[0]
            for row in conn.execute(
                "select id from segments where version_id = ? and level = 'paragraph'"
                " order by position",
                [version_id],
            )
        ]
        rows = []
        for parent, (_, _, sentences) in zip(parents, paragraphs, strict=True):
            for sentence in sentences:
                rows.append((version_id, len(rows), parent, sentence))
        conn.executemany(
            "insert into segments (version_id, level, position, kind, parent_id, text)"
            " values (?, 'sentence', ?, 'sentence', ?, ?)",
            rows,
        )

    def segments(self, version_id: int, level: str = "paragraph") -> list[dict[str, Any]]:
        sql = (
            "select id, position, kind, parent_id, text from segments "
            "where version_id = ? and level = ? order by position"
        )
        return list(self.db.query(sql, [version_id, level]))

    def sentences_by_paragraph(self, version_id: int) -> list[list[str]]:
        """Each paragraph's sentences in order (what the document aligner takes)."""
        sql = """
            select p.position as paragraph, s.text from segments p
            left join segments s on s.parent_id = p.id
            where p.version_id = ? and p.level = 'paragraph'
            order by p.position, s.position
        """
        result: list[list[str]] = []
        for row in self.db.query(sql, [version_id]):
            while len(result) <= row["paragraph"]:
                result.append([])
            if row["text"] is not None:
                result[row["paragraph"]].append(row["text"])
        return result

    # -- the documents page and flags (added for the web pages) -----------------------------

    def documents_overview(self) -> list[dict[str, Any]]:
        """Every document with its languages, versions, paragraph links (all and confirmed)
        and last activity (latest event, else its `updated`), newest first."""
        sql = """
            select d.id, d.title, d.date, d.updated,
              (select group_concat(language, ' ') from (select distinct language from versions
                where document_id = d.id order by id)) as languages,
              (select count(*) from versions v where v.document_id = d.id) as versions,
              (select count(*) from links l join alignments a on a.id = l.alignment_id
                where a.document_id = d.id and l.level = 'paragraph') as links,
              (select count(*) from links l join alignments a on a.id = l.alignment_id
                where a.document_id = d.id and l.level = 'paragraph'
                and l.status = 'confirmed') as confirmed,
              (select count(*) from links l join alignments a on a.id = l.alignment_id
                where a.document_id = d.id and l.level = 'paragraph'
                and l.status = 'edited') as edited,
              coalesce((select max(at) from events e where e.document_id = d.id), d.updated)
                as last_activity
            from documents d order by d.id desc
        """
        return list(self.db.query(sql))

    def paragraph_at(self, version_id: int, position: int) -> dict[str, Any]:
        """One paragraph of a version by position, or NotFound."""
        rows = list(
            self.db.query(
                "select id, position, kind, text from segments "
                "where version_id = ? and level = 'paragraph' and position = ?",
                [version_id, position],
            )
        )
        if not rows:
            raise NotFound(f"version {version_id} has no paragraph {position}")
        return rows[0]

    def paragraph_texts(self, version_id: int, start: int, end: int) -> list[str]:
        """The texts of paragraphs [start, end) of a version, in order."""
        sql = (
            "select text from segments where version_id = ? and level = 'paragraph' "
            "and position >= ? and position < ? order by position"
        )
        return [row["text"] for row in self.db.query(sql, [version_id, start, end])]

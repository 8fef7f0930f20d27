"""All storage: the only module that writes SQL. A thin typed layer over sqlite-utils.

Store methods never commit on their own: services wrap each use case in `store.transaction()`,
so a failure half-way leaves the database exactly as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from workbench.errors import InputError, NotFound
from workbench.migrations import migrations

DEFAULT_DB = Path("db") / "workbench.db"
DOCUMENT_FIELDS = (
    "title",
    "source_language",
    "target_language",
    "date",
    "summary",
    "citation",
    "archive_reference",
    "translator",
    "licence",
)


def now() -> str:
    """UTC timestamp with seconds, the one format used in every table."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_db_path() -> Path:
    """`WORKBENCH_DB` if set, else db/workbench.db below the working directory."""
    return Path(os.environ.get("WORKBENCH_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class LinkRow:
    """One stored link: half-open position ranges on each side, at one level."""

    id: int
    level: str
    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int
    score: float | None
    confidence: float | None
    reasons: list[str]
    status: str
    set_by: str | None
    set_at: str | None

    @property
    def src(self) -> list[int]:
        return list(range(self.src_start, self.src_end))

    @property
    def tgt(self) -> list[int]:
        return list(range(self.tgt_start, self.tgt_end))


def _link_row(row: dict[str, Any]) -> LinkRow:
    return LinkRow(
        id=row["id"],
        level=row["level"],
        src_start=row["src_start"],
        src_end=row["src_end"],
        tgt_start=row["tgt_start"],
        tgt_end=row["tgt_end"],
        score=row["score"],
        confidence=row["confidence"],
        reasons=json.loads(row["reasons"] or "[]"),
        status=row["status"],
        set_by=row["set_by"],
        set_at=row["set_at"],
    )


class Store:
    """A workbench database: opened, migrated, and queried only through these methods."""

    def __init__(self, path: str | Path | None = None, *, memory: bool = False) -> None:
        if memory:
            self.db = Database(memory=True)
            self.path: Path | None = None
        else:
            self.path = Path(path) if path else default_db_path()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                self.db = Database(conn)
                self.db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.DatabaseError as error:
                raise InputError(f"{self.path} is not a workbench database: {error}") from error
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.migrate()

    # -- schema ---------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply pending migrations; return the names applied now."""
        pending = [m.name for m in migrations.pending(self.db)]
        if pending:
            migrations.apply(self.db)
        return pending

    def applied_migrations(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    def schema(self) -> str:
        """The schema as SQL, tables in name order (what db/schema.sql records)."""
        rows = self.db.execute(
            "select sql from sqlite_master where sql is not null "
            "and name not like 'sqlite_%' order by type desc, name"
        ).fetchall()
        return ";\n".join(row[0] for row in rows) + ";\n"

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One use case, all or nothing (nested calls become savepoints)."""
        with self.db.atomic():
            yield self

    def close(self) -> None:
        self.db.close()

    # -- events ---------------------------------------------------------------------------

    def log_event(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        *,
        user: str | None,
        document_id: int | None = None,
        before: Any = None,
        after: Any = None,
    ) -> int:
        """Append to the events log: who, when, what, before and after (JSON)."""
        return (
            self.db["events"]
            .insert(
                {
                    "at": now(),
                    "user": user,
                    "action": action,
                    "entity": entity,
                    "entity_id": entity_id,
                    "document_id": document_id,
                    "before": None if before is None else json.dumps(before, ensure_ascii=False),
                    "after": None if after is None else json.dumps(after, ensure_ascii=False),
                }
            )
            .last_pk
        )

    def events(self, document_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
        where, params = ("where document_id = ?", [document_id]) if document_id else ("", [])
        sql = f"select * from events {where} order by id desc limit ?"
        return list(self.db.query(sql, [*params, limit]))

    # -- users ----------------------------------------------------------------------------

    def add_user(self, username: str, password_hash: str | None, role: str) -> int:
        return (
            self.db["users"]
            .insert(
                {
                    "username": username,
                    "password_hash": password_hash,
                    "role": role,
                    "created": now(),
                }
            )
            .last_pk
        )

    def user_by_name(self, username: str) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from users where username = ?", [username]))
        return rows[0] if rows else None

    def users(self) -> list[dict[str, Any]]:
        return list(self.db.query("select id, username, role, created from users order by id"))

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
        """Every document with its version count and paragraph count, newest first."""
        sql = """
            select d.id, d.title, d.source_language, d.target_language, d.date, d.updated,
                   count(distinct v.id) as versions,
                   (select count(*) from segments s join versions v2 on s.version_id = v2.id
                     where v2.document_id = d.id and s.level = 'paragraph') as paragraphs
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

    def add_segments(
        self, version_id: int, paragraphs: Sequence[tuple[str, str, Sequence[str]]]
    ) -> None:
        """Store paragraphs as (kind, text, sentences) with their sentences below them."""
        sentence_position = 0
        for position, (kind, text, sentences) in enumerate(paragraphs):
            parent = (
                self.db["segments"]
                .insert(
                    {
                        "version_id": version_id,
                        "level": "paragraph",
                        "position": position,
                        "kind": kind,
                        "parent_id": None,
                        "text": text,
                    }
                )
                .last_pk
            )
            rows = []
            for sentence in sentences:
                rows.append(
                    {
                        "version_id": version_id,
                        "level": "sentence",
                        "position": sentence_position,
                        "kind": "sentence",
                        "parent_id": parent,
                        "text": sentence,
                    }
                )
                sentence_position += 1
            self.db["segments"].insert_all(rows)

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

    # -- alignments and links -------------------------------------------------------------

    def alignment_between(self, source_version_id: int, target_version_id: int) -> int | None:
        rows = list(
            self.db.query(
                "select id from alignments where source_version_id = ? and target_version_id = ?",
                [source_version_id, target_version_id],
            )
        )
        return rows[0]["id"] if rows else None

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

    def alignments(self, document_id: int) -> list[dict[str, Any]]:
        """Alignments of a document with link counts and the share confirmed."""
        sql = """
            select a.*, count(l.id) as links,
                   sum(l.status != 'auto') as confirmed
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
        return [_link_row(row) for row in self.db.query(sql, [alignment_id, level, limit, offset])]

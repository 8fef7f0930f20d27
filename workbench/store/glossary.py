"""Glossaries and their terms, and the findings people dismissed."""

from __future__ import annotations

import json
from typing import Any

from workbench.errors import NotFound
from workbench.store.base import StoreBase, now


def _term(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "forbidden": json.loads(row["forbidden"] or "[]")}


_TERM_SELECT = """
    select t.*, g.document_id, g.source_language, g.target_language
    from glossary_terms t join glossaries g on g.id = t.glossary_id
"""


class GlossaryQueries(StoreBase):
    """Queries over glossaries, glossary terms and dismissed findings."""

    # -- glossaries -----------------------------------------------------------------------

    def glossary_id(
        self, document_id: int | None, source_language: str, target_language: str
    ) -> int | None:
        """The glossary of a document (or the shared one, document_id None) for a language pair."""
        rows = list(
            self.db.query(
                "select id from glossaries where document_id is ? "
                "and source_language = ? and target_language = ? order by id limit 1",
                [document_id, source_language, target_language],
            )
        )
        return rows[0]["id"] if rows else None

    def add_glossary(
        self,
        document_id: int | None,
        source_language: str,
        target_language: str,
        created_by: str | None,
    ) -> int:
        row = {
            "document_id": document_id,
            "source_language": source_language,
            "target_language": target_language,
            "created_by": created_by,
            "created_at": now(),
        }
        return self.db["glossaries"].insert(row).last_pk

    def glossary_pairs(self, document_id: int | None) -> list[tuple[str, str]]:
        """The language pairs of a document's glossaries (the shared ones with None) that
        have terms, in the order they were created."""
        rows = self.db.query(
            "select g.source_language, g.target_language from glossaries g "
            "where g.document_id is ? "
            "and exists (select 1 from glossary_terms t where t.glossary_id = g.id) order by g.id",
            [document_id],
        )
        return list(dict.fromkeys((r["source_language"], r["target_language"]) for r in rows))

    def version_languages(self, document_id: int) -> list[tuple[str, str]]:
        """(role, language) of a document's versions, oldest first: cheaper than versions()."""
        rows = self.db.query(
            "select role, language from versions where document_id = ? order by id",
            [document_id],
        )
        return [(r["role"], r["language"]) for r in rows]

    def stored_languages(self) -> set[str]:
        """Every language code a version, a document or a glossary has."""
        rows = self.db.query(
            "select language as code from versions union "
            "select source_language from documents union select target_language from documents "
            "union select source_language from glossaries "
            "union select target_language from glossaries"
        )
        return {r["code"] for r in rows if r["code"]}

    # -- terms ----------------------------------------------------------------------------

    def add_term(self, glossary_id: int, row: dict[str, Any], user: str | None) -> int:
        values = {
            **row,
            "glossary_id": glossary_id,
            "forbidden": json.dumps(list(row.get("forbidden") or []), ensure_ascii=False),
            "created_by": user,
            "created_at": now(),
        }
        return self.db["glossary_terms"].insert(values).last_pk

    def update_term(self, term_id: int, fields: dict[str, Any], user: str | None) -> None:
        values = dict(fields)
        if "forbidden" in values:
            values["forbidden"] = json.dumps(list(values["forbidden"] or []), ensure_ascii=False)
        values.update(updated_by=user, updated_at=now())
        self.db["glossary_terms"].update(term_id, values)

    def delete_term(self, term_id: int) -> None:
        self.db.execute("delete from glossary_terms where id = ?", [term_id])

    def term(self, term_id: int) -> dict[str, Any]:
        rows = list(self.db.query(_TERM_SELECT + " where t.id = ?", [term_id]))
        if not rows:
            raise NotFound(f"no glossary term with id {term_id}")
        return _term(rows[0])

    def glossary_terms(self, glossary_id: int) -> list[dict[str, Any]]:
        """The terms of one glossary, oldest first."""
        rows = self.db.query(_TERM_SELECT + " where t.glossary_id = ? order by t.id", [glossary_id])
        return [_term(r) for r in rows]

    def terms(
        self,
        *,
        document_id: int | None = None,
        shared: bool = False,
        source_language: str | None = None,
        target_language: str | None = None,
    ) -> list[dict[str, Any]]:
        """Terms of a document's glossaries, the shared ones too when `shared`, oldest first.

        With neither a document nor `shared`, every term of every glossary.
        """
        where, params = [], []
        owners = []
        if document_id is not None:
            owners.append("g.document_id = ?")
            params.append(document_id)
        if shared:
            owners.append("g.document_id is null")
        if owners:
            where.append("(" + " or ".join(owners) + ")")
        for column, value in (
            ("g.source_language", source_language),
            ("g.target_language", target_language),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        clause = (" where " + " and ".join(where)) if where else ""
        return [_term(r) for r in self.db.query(_TERM_SELECT + clause + " order by t.id", params)]

    # -- dismissed findings ---------------------------------------------------------------

    def dismissed_keys(self, document_id: int) -> set[str]:
        rows = self.db.query(
            "select key from dismissed_findings where document_id = ?", [document_id]
        )
        return {row["key"] for row in rows}

    def dismissal(self, document_id: int, key: str) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "select * from dismissed_findings where document_id = ? and key = ?",
                [document_id, key],
            )
        )
        return rows[0] if rows else None

    def dismissals(self, document_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select * from dismissed_findings where document_id = ? order by id",
                [document_id],
            )
        )

    def add_dismissal(self, row: dict[str, Any]) -> int:
        return self.db["dismissed_findings"].insert({**row, "dismissed_at": now()}).last_pk

    def delete_dismissal(self, dismissal_id: int) -> None:
        self.db.execute("delete from dismissed_findings where id = ?", [dismissal_id])

"""Glossaries: required translations of terms, per document or shared, and their exchange.

A glossary belongs to one document (or to none: shared by every document with its languages)
and one language pair. Terms come from the review page's selection, from CSV (header
`source,target,note,forbidden`, forbidden variants separated by `;`) or from TBX (TBX-Basic,
TBX v2 and v3: deprecated or superseded terms become forbidden variants). An import is all or
nothing: any bad row is an InputError naming it, and nothing is stored.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from workbench import languages
from workbench.errors import InputError, NotFound
from workbench.qa import Term
from workbench.store import Store
from workbench.textio import decode

CSV_COLUMNS = ("source", "target", "note", "forbidden")
MAX_TERM = 500
MAX_NOTE = 2000
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORBIDDEN_STATUS = re.compile(r"deprecated|superseded|notrecommended|forbidden", re.I)


@dataclass
class TermInput:
    """One term as read from a form or a file, before it is stored."""

    source: str
    target: str
    note: str | None = None
    forbidden: list[str] = field(default_factory=list)


def _lang(code: str | None, what: str) -> str:
    if not code:
        raise InputError(f"give the {what} language")
    return languages.primary(languages.normalise(code)) or code


def _languages(
    store: Store, document_id: int | None, src_lang: str | None, tgt_lang: str | None
) -> tuple[str, str]:
    """The glossary's language pair: as given, else the document's."""
    if document_id is not None:
        document = store.document(document_id)
        src_lang = src_lang or document["source_language"]
        tgt_lang = tgt_lang or document["target_language"]
    return _lang(src_lang, "source"), _lang(tgt_lang, "target")


def _clean(term: TermInput, where: str) -> TermInput:
    """Strip and validate one term; `where` names it in the error ("row 3")."""
    source, target = (term.source or "").strip(), (term.target or "").strip()
    if not source or not target:
        raise InputError(f"{where}: a term needs both a source and a target")
    if len(source) > MAX_TERM or len(target) > MAX_TERM:
        raise InputError(f"{where}: a term has at most {MAX_TERM} characters")
    note = (term.note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise InputError(f"{where}: a note has at most {MAX_NOTE} characters")
    forbidden = [v.strip() for v in term.forbidden if v and v.strip()]
    if any(len(v) > MAX_TERM for v in forbidden):
        raise InputError(f"{where}: a forbidden variant has at most {MAX_TERM} characters")
    return TermInput(source, target, note, list(dict.fromkeys(forbidden)))


def _glossary(store: Store, document_id: int | None, src: str, tgt: str, user: str | None) -> int:
    found = store.glossary_id(document_id, src, tgt)
    return found if found is not None else store.add_glossary(document_id, src, tgt, user)


def _save(store: Store, glossary_id: int, term: TermInput, user: str | None) -> tuple[int, bool]:
    """Insert a term, or update the note and forbidden variants of the same pair of terms."""
    row = {
        "source_term": term.source,
        "target_term": term.target,
        "note": term.note,
        "forbidden": term.forbidden,
    }
    existing = store.term_by_text(glossary_id, term.source, term.target)
    if existing is not None:
        store.update_term(existing, {"note": term.note, "forbidden": term.forbidden}, user)
        return existing, False
    return store.add_term(glossary_id, row, user), True


# -- one term at a time ------------------------------------------------------------------------


def add_term(
    store: Store,
    term: TermInput,
    *,
    document_id: int | None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    user: str | None,
) -> dict[str, Any]:
    """Add a term (e.g. from a selection on the review page) to a document's or the shared
    glossary; the same source and target again updates its note and forbidden variants."""
    term = _clean(term, "term")
    src, tgt = _languages(store, document_id, src_lang, tgt_lang)
    with store.transaction():
        glossary_id = _glossary(store, document_id, src, tgt, user)
        term_id, _ = _save(store, glossary_id, term, user)
        store.log_event(
            "glossary.add",
            "glossary_term",
            term_id,
            user=user,
            document_id=document_id,
            after=term.__dict__,
        )
    return store.term(term_id)


def edit_term(
    store: Store,
    term_id: int,
    *,
    source: str | None = None,
    target: str | None = None,
    note: str | None = None,
    forbidden: list[str] | None = None,
    user: str | None,
) -> dict[str, Any]:
    """Change any of a term's fields; fields left None keep their value."""
    before = store.term(term_id)
    merged = _clean(
        TermInput(
            before["source_term"] if source is None else source,
            before["target_term"] if target is None else target,
            before["note"] if note is None else note,
            before["forbidden"] if forbidden is None else forbidden,
        ),
        f"term {term_id}",
    )
    with store.transaction():
        store.update_term(
            term_id,
            {
                "source_term": merged.source,
                "target_term": merged.target,
                "note": merged.note,
                "forbidden": merged.forbidden,
            },
            user,
        )
        store.log_event(
            "glossary.edit",
            "glossary_term",
            term_id,
            user=user,
            document_id=before["document_id"],
            before=_plain(before),
            after=merged.__dict__,
        )
    return store.term(term_id)


def delete_term(store: Store, term_id: int, *, user: str | None) -> None:
    before = store.term(term_id)
    with store.transaction():
        store.delete_term(term_id)
        store.log_event(
            "glossary.delete",
            "glossary_term",
            term_id,
            user=user,
            document_id=before["document_id"],
            before=_plain(before),
        )


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("source_term", "target_term", "note", "forbidden", "source_language", "target_language")
    return {k: row[k] for k in keys}


def list_terms(
    store: Store, *, document_id: int | None = None, shared: bool = False
) -> list[dict[str, Any]]:
    """A document's terms (and the shared ones with `shared`), or every term with neither."""
    if document_id is not None:
        store.document(document_id)
    return store.terms(document_id=document_id, shared=shared)


def document_terms(
    store: Store, document_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What a document's glossary page lists: its own terms (every language pair), and the
    shared terms from its source language."""
    document = store.document(document_id)
    own = store.terms(document_id=document_id)
    source = languages.primary(document["source_language"] or "")
    shared = store.terms(shared=True, source_language=source) if source else []
    return own, shared


def term_of(store: Store, document_id: int, term_id: int) -> dict[str, Any]:
    """A term of this document's glossary or of a shared one (NotFound for another's)."""
    term = store.term(term_id)
    if term["document_id"] not in (None, document_id):
        raise NotFound(f"no glossary term with id {term_id} for document {document_id}")
    return term


def terms_for(store: Store, document_id: int, src_lang: str, tgt_lang: str) -> list[Term]:
    """What the glossary check needs for one document: its own terms and the shared ones."""
    rows = store.terms(
        document_id=document_id,
        shared=True,
        source_language=languages.primary(src_lang),
        target_language=languages.primary(tgt_lang),
    )
    return [
        Term(r["source_term"], r["target_term"], tuple(r["forbidden"]), r["note"]) for r in rows
    ]


# -- files ---------------------------------------------------------------------------------------


def read_csv(data: bytes, filename: str = "glossary.csv") -> list[TermInput]:
    """Terms from CSV with a `source,target[,note][,forbidden]` header; InputError per bad row."""
    text = decode(data, filename)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{filename} is empty") from None
    except csv.Error as error:
        raise InputError(f"{filename}, row 1: {error}") from error
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if (
        unknown
        or "source" not in header
        or "target" not in header
        or len(set(header)) < len(header)
    ):
        raise InputError(
            f"{filename}: the header must be {','.join(CSV_COLUMNS)} (note and forbidden optional)"
        )
    terms = []
    row_number = 1
    try:
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InputError(
                    f"{filename}, row {row_number}: {len(row)} fields, the header has {len(header)}"
                )
            cells = dict(zip(header, row, strict=True))
            term = TermInput(
                cells["source"],
                cells["target"],
                cells.get("note"),
                re.split(r"[;|]", cells.get("forbidden") or ""),
            )
            terms.append(_clean(term, f"{filename}, row {row_number}"))
    except csv.Error as error:
        raise InputError(f"{filename}, row {row_number + 1}: {error}") from error
    if not terms:
        raise InputError(f"{filename} has no terms")
    return terms


def write_csv(terms: list[dict[str, Any]]) -> str:
    """CSV with the import header, one term per row (UTF-8 when encoded)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for t in terms:
        writer.writerow(
            [t["source_term"], t["target_term"], t["note"] or "", ";".join(t["forbidden"])]
        )
    return out.getvalue()


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _children(element: Element, *names: str) -> list[Element]:
    return [e for e in element.iter() if _local(e) in names]


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _lang_terms(lang_set: Element) -> tuple[list[str], list[str]]:
    """(usable terms, forbidden terms) of one langSet / langSec."""
    usable, forbidden = [], []
    for group in _children(lang_set, "tig", "ntig", "termSec"):
        terms = [_text(t) for t in _children(group, "term") if _text(t)]
        status = " ".join(
            _text(n)
            for n in _children(group, "termNote")
            if n.get("type") in ("administrativeStatus", "normativeAuthorization")
        )
        (forbidden if _FORBIDDEN_STATUS.search(status) else usable).extend(terms)
    if not usable and not forbidden:  # TBX-Basic without tig: term directly in langSet
        usable = [_text(t) for t in _children(lang_set, "term") if _text(t)]
    return usable, forbidden


def read_tbx(
    data: bytes, src_lang: str, tgt_lang: str, filename: str = "glossary.tbx"
) -> list[TermInput]:
    """Terms from TBX: each entry with a term in both languages gives one term."""
    try:
        root = SafeET.fromstring(data)
    except (DefusedXmlException, ParseError, ValueError) as error:
        raise InputError(f"{filename} is not safe, well-formed TBX: {error}") from error
    src, tgt = languages.primary(src_lang), languages.primary(tgt_lang)
    terms = []
    for number, entry in enumerate(_children(root, "termEntry", "conceptEntry"), start=1):
        sides: dict[str, tuple[list[str], list[str]]] = {}
        for lang_set in [e for e in entry if _local(e) in ("langSet", "langSec")]:
            code = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            try:
                key = languages.primary(languages.normalise(code))
            except InputError:
                continue
            usable, forbidden = _lang_terms(lang_set)
            have = sides.setdefault(key or "", ([], []))
            have[0].extend(usable)
            have[1].extend(forbidden)
        if src not in sides or tgt not in sides or not sides[src][0] or not sides[tgt][0]:
            continue
        notes = [
            _text(n)
            for n in _children(entry, "descrip", "note")
            if n.get("type") in (None, "definition", "context") and _text(n)
        ]
        term = TermInput(
            sides[src][0][0], sides[tgt][0][0], "; ".join(notes) or None, sides[tgt][1]
        )
        terms.append(_clean(term, f"{filename}, entry {number}"))
    if not terms:
        raise InputError(f"{filename} has no entry with terms in both {src} and {tgt}")
    return terms


def import_file(
    store: Store,
    data: bytes,
    *,
    filename: str,
    document_id: int | None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    user: str | None,
) -> dict[str, int]:
    """Import a CSV or TBX glossary (by extension) into one glossary, all or nothing."""
    src, tgt = _languages(store, document_id, src_lang, tgt_lang)
    name = filename.lower()
    if name.endswith((".tbx", ".xml")):
        terms = read_tbx(data, src, tgt, filename)
    elif name.endswith((".csv", ".txt")):
        terms = read_csv(data, filename)
    else:
        raise InputError(f"{filename}: a glossary is a .csv or .tbx file")
    added = updated = 0
    with store.transaction():
        glossary_id = _glossary(store, document_id, src, tgt, user)
        for term in terms:
            _, new = _save(store, glossary_id, term, user)
            added += new
            updated += not new
        store.log_event(
            "glossary.import",
            "glossary",
            glossary_id,
            user=user,
            document_id=document_id,
            after={"filename": filename, "added": added, "updated": updated},
        )
    return {"glossary": glossary_id, "added": added, "updated": updated}

"""Glossaries: required translations of terms, per document or shared, and their exchange.

A glossary belongs to one document (or to none: shared by every document with its languages)
and one language pair. Terms come from the review page's selection, from CSV (header
`source,target,note,forbidden`, forbidden variants separated by `;`) or from TBX (TBX-Basic,
TBX v2 and v3: deprecated or superseded terms become forbidden variants). An import is all or
nothing: any bad row is an InputError naming it, and nothing is stored.

Terms are compared by their words, case-folded (`qa.terms.term_key`). Adding a pair that is
there already never erases anything: an empty note is filled in and new forbidden variants are
added to the old ones; a stored note stays. Adding a new translation of a source term that has
one already adds an alternative: as in a termbase entry with several accepted translations,
the glossary check accepts any of them. A translation cannot be forbidden by an alternative
(a Conflict, nothing stored). An import replaces the note and forbidden variants a row gives,
and keeps those it leaves empty.
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
from workbench.errors import Conflict, InputError, NotFound
from workbench.qa import Term
from workbench.qa.terms import term_key
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


def _key(source: str, target: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return term_key(source), term_key(target)


def _save(
    store: Store,
    glossary_id: int,
    known: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, Any]],
    term: TermInput,
    user: str | None,
) -> str:
    """Import one term into a glossary whose terms `known` holds by pair (kept up to date):
    a new pair is inserted ("added"); a known one takes the note and forbidden variants the
    term gives and keeps those it leaves empty ("updated", or "unchanged")."""
    key = _key(term.source, term.target)
    existing = known.get(key)
    if existing is None:
        row = {
            "source_term": term.source,
            "target_term": term.target,
            "note": term.note,
            "forbidden": term.forbidden,
        }
        known[key] = {**row, "id": store.add_term(glossary_id, row, user)}
        return "added"
    fields = {
        "note": term.note or existing["note"],
        "forbidden": term.forbidden or existing["forbidden"],
    }
    if fields == {"note": existing["note"], "forbidden": existing["forbidden"]}:
        return "unchanged"
    store.update_term(existing["id"], fields, user)
    existing.update(fields)
    return "updated"


# -- one term at a time ------------------------------------------------------------------------


@dataclass
class Addition:
    """What adding a term did.

    `outcome` is "added" (a new term), "alternative" (a new term whose source term has other
    translations already: `alternatives`), "unchanged" (the pair was there, nothing to fill
    in) or "updated" (the pair was there; its empty note was filled in or forbidden variants
    were added: `filled`). `term` is the new term or the one that was there.
    """

    term: dict[str, Any]
    outcome: str
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    added_forbidden: list[str] = field(default_factory=list)
    kept_note: bool = False
    also_shared: bool = False

    @property
    def created(self) -> bool:
        return self.outcome in ("added", "alternative")

    def message(self, where: str) -> str:
        """One sentence for the person who added the term; `where` names the glossary."""
        source, target = self.term["source_term"], self.term["target_term"]
        if self.outcome == "added":
            shared = " The shared glossary has the same term." if self.also_shared else ""
            return f"Added “{source}” → “{target}” to {where}.{shared}"
        if self.outcome == "alternative":
            others = ", ".join(f"“{t['target_term']}”" for t in self.alternatives)
            return (
                f"Added “{target}” to {where} as an alternative translation of “{source}” "
                f"(besides {others}): the glossary check accepts any of them."
            )
        changes = []
        if "note" in self.filled:
            changes.append("its note")
        if self.added_forbidden:
            variants = ", ".join(f"“{v}”" for v in self.added_forbidden)
            plural = "s" if len(self.added_forbidden) > 1 else ""
            changes.append(f"the forbidden variant{plural} {variants}")
        done = f"added {' and '.join(changes)}" if changes else "nothing changed"
        kept = " It keeps its note: edit the term to change it." if self.kept_note else ""
        return f"“{source}” → “{target}” is already in {where}: {done}.{kept}"


def add(
    store: Store,
    term: TermInput,
    *,
    document_id: int | None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    user: str | None,
) -> Addition:
    """Add a term to a document's glossary (the shared one with document_id None), in one
    transaction. The same pair again erases nothing: it fills in an empty note and adds new
    forbidden variants. Another translation of a source term that is there already is added
    as an alternative; one that the glossary forbids for that term is a Conflict."""
    term = _clean(term, "term")
    src, tgt = _languages(store, document_id, src_lang, tgt_lang)
    source_key, target_key = _key(term.source, term.target)
    if target_key in {term_key(v) for v in term.forbidden}:
        raise InputError(f"“{term.target}” cannot be both the translation and a forbidden variant")
    with store.transaction():
        glossary_id = store.glossary_id(document_id, src, tgt)
        # the terms the glossary check will read with this one: the document's and the shared
        # ones of this language pair (the shared ones alone for a shared term)
        visible = store.terms(
            document_id=document_id, shared=True, source_language=src, target_language=tgt
        )
        same_source = [t for t in visible if term_key(t["source_term"]) == source_key]
        same = [t for t in same_source if term_key(t["target_term"]) == target_key]
        here = [t for t in same if t["glossary_id"] == glossary_id]
        _check_alternatives(term, same_source, new=not here)
        if here:
            exact = [
                t
                for t in here
                if (t["source_term"], t["target_term"]) == (term.source, term.target)
            ]
            return _fill(store, (exact or here)[0], term, user)
        if glossary_id is None:
            glossary_id = store.add_glossary(document_id, src, tgt, user)
        row = {
            "source_term": term.source,
            "target_term": term.target,
            "note": term.note,
            "forbidden": term.forbidden,
        }
        term_id = store.add_term(glossary_id, row, user)
        alternatives = [t for t in same_source if term_key(t["target_term"]) != target_key]
        store.log_event(
            "glossary.add",
            "glossary_term",
            term_id,
            user=user,
            document_id=document_id,
            after={**term.__dict__, "alternative_of": [t["id"] for t in alternatives]},
        )
        return Addition(
            store.term(term_id),
            "alternative" if alternatives else "added",
            alternatives=_one_per_target(alternatives),
            also_shared=bool(same),
        )


def _one_per_target(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The terms less those translated as an earlier one is (a document's and a shared one)."""
    first: dict[tuple[str, ...], dict[str, Any]] = {}
    for term in terms:
        first.setdefault(term_key(term["target_term"]), term)
    return list(first.values())


def _check_alternatives(term: TermInput, same_source: list[dict[str, Any]], *, new: bool) -> None:
    """A Conflict when a `new` term's translation is forbidden by another translation of its
    source term, or when the term forbids one of them."""
    target_key = term_key(term.target)
    forbidden = {term_key(v) for v in term.forbidden}
    for other in same_source:
        if term_key(other["target_term"]) == target_key:
            continue
        if new and target_key in {term_key(v) for v in other["forbidden"]}:
            raise Conflict(
                f"“{term.target}” is a forbidden variant of “{other['source_term']}” → "
                f"“{other['target_term']}” (term {other['id']}): edit that term first"
            )
        if term_key(other["target_term"]) in forbidden:
            raise Conflict(
                f"“{other['target_term']}” is an accepted translation of "
                f"“{other['source_term']}” (term {other['id']}), so it cannot be forbidden"
            )


def _fill(store: Store, existing: dict[str, Any], term: TermInput, user: str | None) -> Addition:
    """The pair is there already: fill in an empty note, add new forbidden variants."""
    filled = []
    note = existing["note"]
    if term.note and not note:
        note = term.note
        filled.append("note")
    kept_note = bool(term.note and existing["note"] and term.note != existing["note"])
    known = {term_key(v) for v in existing["forbidden"]}
    added = []
    for variant in term.forbidden:
        if term_key(variant) not in known:
            known.add(term_key(variant))
            added.append(variant)
    if added:
        filled.append("forbidden")
    if not filled:
        return Addition(existing, "unchanged", kept_note=kept_note)
    after = {"note": note, "forbidden": existing["forbidden"] + added}
    store.update_term(existing["id"], after, user)
    store.log_event(
        "glossary.add",
        "glossary_term",
        existing["id"],
        user=user,
        document_id=existing["document_id"],
        before=_plain(existing),
        after={**_plain(existing), **after},
    )
    return Addition(
        store.term(existing["id"]),
        "updated",
        filled=filled,
        added_forbidden=added,
        kept_note=kept_note,
    )


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
    if term_key(merged.target) in {term_key(v) for v in merged.forbidden}:
        raise InputError(
            f"“{merged.target}” cannot be both the translation and a forbidden variant"
        )
    with store.transaction():
        key = _key(merged.source, merged.target)
        for other in store.glossary_terms(before["glossary_id"]):
            if other["id"] != term_id and _key(other["source_term"], other["target_term"]) == key:
                raise Conflict(
                    f"“{other['source_term']}” → “{other['target_term']}” is already in this "
                    f"glossary (term {other['id']})"
                )
        # the same contradictions adding refuses: a translation an alternative forbids
        visible = store.terms(
            document_id=before["document_id"],
            shared=True,
            source_language=before["source_language"],
            target_language=before["target_language"],
        )
        same_source = [
            t for t in visible if t["id"] != term_id and term_key(t["source_term"]) == key[0]
        ]
        _check_alternatives(merged, same_source, new=True)
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
    counts = dict.fromkeys(("added", "updated", "unchanged"), 0)
    with store.transaction():
        glossary_id = _glossary(store, document_id, src, tgt, user)
        known = {
            _key(t["source_term"], t["target_term"]): t for t in store.glossary_terms(glossary_id)
        }
        for term in terms:
            counts[_save(store, glossary_id, known, term, user)] += 1
        store.log_event(
            "glossary.import",
            "glossary",
            glossary_id,
            user=user,
            document_id=document_id,
            after={"filename": filename, **counts},
        )
    return {"glossary": glossary_id, **counts}

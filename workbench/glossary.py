"""Glossaries: required translations of terms, per document or shared, and their exchange.

A glossary belongs to one document (or to none: shared by every document with its languages)
and one language pair. A document's glossary has the document's languages: its source
language, and the language of one of its translations (the document's target language); the
shared glossary takes any pair of language codes this workbench knows. Terms come from the
review page's selection, from CSV (header `source,target,note,forbidden`, cells separated by
commas, semicolons or tabs, forbidden variants separated by `;` or `|`, optionally
`source_language,target_language` columns, which must then be the glossary's pair) or from
TBX (TBX-Basic, TBX v2 and v3: every usable source term with every usable target term of an
entry, so several targets are alternatives; deprecated or superseded terms become forbidden
variants). Every text comes in as NFC. An import is all or nothing: any
bad row, or rows that contradict each other or the glossary (a translation one row accepts and
another forbids), is an InputError naming them, and nothing is stored.

Terms are compared by their words, NFC and case-folded (`qa.terms.term_key`). Adding a pair
that is there already never erases anything: an empty note is filled in and new forbidden
variants are added to the old ones; a stored note stays. Adding a new translation of a source
term that has one already adds an alternative: as in a termbase entry with several accepted
translations, the glossary check accepts any of them. A translation cannot be forbidden by an
alternative (a Conflict, nothing stored). An import replaces the note and forbidden variants a
row gives, and keeps those it leaves empty.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping
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
from workbench.textio import decode, normalise
from workbench.typed import unwanted

CSV_COLUMNS = ("source", "target", "note", "forbidden")
#: How errors name the language pair's fields (the web form's and the API's; the CLI names
#: its options, --src-lang and --tgt-lang, instead).
LANGUAGE_FIELDS = ("src_lang", "tgt_lang")
#: Optional CSV columns: when a row fills them in they must name the glossary's pair.
CSV_LANGUAGE_COLUMNS = ("source_language", "target_language")
MAX_TERM = 500
MAX_NOTE = 2000
#: Terms one document's glossary (of one language pair) may hold. The glossary page lists a
#: glossary unpaged and the glossary check compares every term with every link: 12,328 terms
#: made a 14.6 MB page and QA of a 92-link document 25 s instead of 0.3 s. 5,000 is several
#: times a book's terminology, and keeps both a few seconds at worst.
MAX_DOCUMENT_TERMS = 5_000
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORBIDDEN_STATUS = re.compile(r"deprecated|superseded|notrecommended|forbidden", re.I)
_STATUS_TYPES = ("administrativeStatus", "normativeAuthorization")
#: What a term cannot hold: C0 and C1 controls (tab and newline too) and Unicode line breaks.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: ISO 639-1: the primary language subtags a glossary takes (others only when a document,
#: a version or a glossary of this workbench has them already).
_ISO_639_1_CODES = """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca
ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv
ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr
nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss
st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh
zu"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())


@dataclass
class TermInput:
    """One term as read from a form or a file, before it is stored."""

    source: str
    target: str
    note: str | None = None
    forbidden: list[str] = field(default_factory=list)
    #: where a file gave it ("row 3", "entry 2"), to name it when rows contradict each other
    origin: str | None = field(default=None, compare=False)

    def as_event(self) -> dict[str, Any]:
        """What an event records of it."""
        return {
            "source": self.source,
            "target": self.target,
            "note": self.note,
            "forbidden": self.forbidden,
        }


def pair_name(pair: tuple[str, str]) -> str:
    return f"{pair[0]}→{pair[1]}"


def language(store: Store, code: Any, name: str) -> str:
    """A language code as glossaries keep it (its primary subtag), or an InputError naming
    the field `name`: a language tag whose language is an ISO 639-1 code (or an ISO 639-2/3
    code that has one), or one a document, a version or a glossary of this workbench has."""
    if not isinstance(code, str) or not code.strip():
        raise InputError(f"{name} must be a language code such as sq, en, de, fr or ru")
    try:
        primary = languages.primary(languages.normalise(code)) or ""
    except InputError:
        raise InputError(
            f"{name}: '{code}' is not a language code (use e.g. sq, en, de, fr, ru)"
        ) from None
    if primary not in ISO_639_1:
        known = {languages.primary(c) for c in store.stored_languages()}
        if primary not in known:
            raise InputError(
                f"{name}: '{code}' is not a known language (use e.g. sq, en, de, fr, ru)"
            )
    return primary


def document_languages(store: Store, document_id: int) -> tuple[set[str], set[str]]:
    """The languages a document's glossary may have: (source, target) languages, each the
    primary subtag. The source language is the document's; the targets are its target
    language and those of its translations. An empty set: the document has none yet."""
    document = store.document(document_id)
    sources = {languages.primary(document["source_language"])} - {None}
    targets = {languages.primary(document["target_language"])} - {None}
    for role, code in store.version_languages(document_id):
        if role == "source" and not sources:
            sources.add(languages.primary(code))
        elif role == "translation" and code:
            targets.add(languages.primary(code))
    return {c for c in sources if c}, {c for c in targets if c}


def _fits(pair: tuple[str, str], allowed: tuple[set[str], set[str]]) -> bool:
    return all(not ok or code in ok for code, ok in zip(pair, allowed, strict=True))


def _languages(
    store: Store,
    document_id: int | None,
    src_lang: Any,
    tgt_lang: Any,
    names: tuple[str, str] = LANGUAGE_FIELDS,
) -> tuple[str, str]:
    """The glossary's language pair: as given, else the document's. A document's glossary
    has the document's languages (an InputError names the field that has others, by
    `names`: the form's fields, or the CLI's options)."""
    src_name, tgt_name = names
    if document_id is None:
        return (
            language(store, src_lang, src_name),
            language(store, tgt_lang, tgt_name),
        )
    document = store.document(document_id)
    if not src_lang and not document["source_language"]:
        raise InputError(f"give the source language ({src_name})")
    if not tgt_lang and not document["target_language"]:
        raise InputError(f"give the target language ({tgt_name})")
    pair = (
        language(store, src_lang or document["source_language"], src_name),
        language(store, tgt_lang or document["target_language"], tgt_name),
    )
    allowed = document_languages(store, document_id)
    for name, code, ok in zip(names, pair, allowed, strict=True):
        if ok and code not in ok:
            theirs = f"{'/'.join(sorted(allowed[0])) or '?'}→{'/'.join(sorted(allowed[1])) or '?'}"
            raise InputError(
                f"{name}: document {document_id} is {theirs}, so its glossary cannot have "
                f"{pair_name(pair)} terms (the shared glossary takes any language pair)"
            )
    return pair


def _kind(value: Any) -> str:
    """How a value that is not a string is named in an error (as JSON names it)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _string(value: Any, name: str, where: str, *, one_line: bool = False) -> str:
    """NFC text without surrounding space ("" for None), or an InputError naming the field
    that is not a string or holds a lone surrogate (or, `one_line`, that holds a line break or
    a control character)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where}: {name} must be a string, not {_kind(value)}")
    found = unwanted(value, controls=False)  # JSON's "\ud800": SQLite cannot store it
    if found:
        raise InputError(f"{where}: {name} {found}")
    if one_line:
        _check_one_line(value.strip(), name, where)
    return normalise(value).strip()


def _check_one_line(text: str, name: str, where: str) -> None:
    """A term is one line of text. A line break (a CSV cell quoted across lines, a pasted
    paragraph), a tab or another control character inside it would never match a text the
    glossary check reads, and would break `glossary list` and exports line by line."""
    match = _NOT_ONE_LINE.search(text)
    if match is None:
        return
    char = match.group()
    if char in _LINE_BREAKS:
        what = "a line break"
    elif char == "\t":
        what = "a tab"
    else:
        what = f"a control character (U+{ord(char):04X})"
    shown = _escaped(text if len(text) <= 60 else text[:59] + "…")
    raise InputError(f"{where}: {name} must be one line of text, but “{shown}” contains {what}")


def _escaped(text: str) -> str:
    """The text with its control characters and line breaks written as escapes (\\n, \\x07)."""
    return _NOT_ONE_LINE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _clean(term: TermInput, where: str) -> TermInput:
    """Check types, normalise (NFC), strip and validate one term; `where` names it in the
    error ("row 3")."""
    source = _string(term.source, "source", where, one_line=True)
    target = _string(term.target, "target", where, one_line=True)
    if not source or not target:
        raise InputError(f"{where}: a term needs both a source and a target")
    if len(source) > MAX_TERM or len(target) > MAX_TERM:
        raise InputError(f"{where}: a term has at most {MAX_TERM} characters")
    note = _string(term.note, "note", where) or None
    if note and len(note) > MAX_NOTE:
        raise InputError(f"{where}: a note has at most {MAX_NOTE} characters")
    if not isinstance(term.forbidden, list | tuple):
        raise InputError(
            f"{where}: forbidden must be a list of strings, not {_kind(term.forbidden)}"
        )
    variants = [_string(v, "every forbidden variant", where, one_line=True) for v in term.forbidden]
    forbidden = [v for v in variants if v]
    if any(len(v) > MAX_TERM for v in forbidden):
        raise InputError(f"{where}: a forbidden variant has at most {MAX_TERM} characters")
    if term_key(target) in {term_key(v) for v in forbidden}:
        raise InputError(
            f"{where}: “{target}” cannot be both the translation and a forbidden variant"
        )
    distinct: dict[tuple[str, ...], str] = {}
    for variant in forbidden:
        distinct.setdefault(term_key(variant), variant)
    return TermInput(source, target, note, list(distinct.values()), term.origin)


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
        _check_room(store, document_id, glossary_id, 1)
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
            after={**term.as_event(), "alternative_of": [t["id"] for t in alternatives]},
        )
        return Addition(
            store.term(term_id),
            "alternative" if alternatives else "added",
            alternatives=_one_per_target(alternatives),
            also_shared=bool(same),
        )


def _check_room(store: Store, document_id: int | None, glossary_id: int | None, new: int) -> None:
    """Refuse `new` more terms in a document's glossary that would pass MAX_DOCUMENT_TERMS:
    past it the glossary page and the glossary check get slow for everyone who opens them.
    The shared glossary is an editor's, curated once for every document, and is not capped."""
    if document_id is None or new <= 0:
        return
    count = len(store.glossary_terms(glossary_id)) if glossary_id is not None else 0
    if count + new > MAX_DOCUMENT_TERMS:
        adding = "a term" if new == 1 else f"{new:,} new terms"
        raise InputError(
            f"a document's glossary holds at most {MAX_DOCUMENT_TERMS:,} terms; this one has "
            f"{count:,}, so {adding} cannot be added: nothing was stored (delete terms no "
            "longer needed, or put terms every document uses in the shared glossary)"
        )


def _check_import_room(
    store: Store,
    document_id: int | None,
    glossary_id: int | None,
    terms: list[TermInput],
    filename: str,
) -> None:
    """Refuse a whole import whose new pairs would pass MAX_DOCUMENT_TERMS (rows for pairs
    the glossary has already only update them, and count nothing), before anything is
    stored."""
    known = (
        {_key(t["source_term"], t["target_term"]) for t in store.glossary_terms(glossary_id)}
        if glossary_id is not None
        else set()
    )
    new = {_key(t.source, t.target) for t in terms} - known
    try:
        _check_room(store, document_id, glossary_id, len(new))
    except InputError as error:
        raise InputError(f"{filename}: {error}") from None


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


def term_stamp(term: Mapping[str, Any]) -> str:
    """A fingerprint of what a term says (both terms, forbidden variants, note): an edit form
    sends the one it was filled from, so that a save over someone's change made since is
    refused, not silently undone."""
    said = [term["source_term"], term["target_term"], list(term["forbidden"]), term["note"] or ""]
    return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()[:16]


def _check_stamp(term: Mapping[str, Any], base: str | None, doing: str) -> None:
    """Refuse (409) an edit or deletion of a term based on how it read before another
    change; `base` None: the caller did not say (scripts), nothing to check."""
    if base is None or base == term_stamp(term):
        return
    by = f" by {term['updated_by']}" if term.get("updated_by") else ""
    forbidden = "; ".join(term["forbidden"])
    raise Conflict(
        f"the term was changed{by} since this page was opened; it now reads"
        f" “{term['source_term']}” → “{term['target_term']}”"
        + (f", forbidden: {forbidden}" if forbidden else "")
        + (f", note: {term['note']}" if term["note"] else "")
        + f"; nothing was {doing}: reload the glossary and try again"
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
    base: str | None = None,
) -> dict[str, Any]:
    """Change any of a term's fields; fields left None keep their value. `base`: the
    `term_stamp` the change was made from (see `_check_stamp`)."""
    with store.transaction():
        before = store.term(term_id)
        _check_stamp(before, base, "saved")
        merged = _clean(
            TermInput(
                before["source_term"] if source is None else source,
                before["target_term"] if target is None else target,
                before["note"] if note is None else note,
                before["forbidden"] if forbidden is None else forbidden,
            ),
            f"term {term_id}",
        )
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
            after=merged.as_event(),
        )
    return store.term(term_id)


def delete_term(store: Store, term_id: int, *, user: str | None, base: str | None = None) -> None:
    """Delete a term; `base` as for `edit_term`: a term changed since is not deleted unseen."""
    with store.transaction():
        before = store.term(term_id)
        _check_stamp(before, base, "deleted")
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
    """A document's terms (and with `shared` the shared ones of the document's languages, the
    ones the glossary check reads with them), or every term with neither."""
    if document_id is None:
        return store.terms(shared=shared)
    own, shared_terms = document_terms(store, document_id)
    return sorted(own + shared_terms, key=lambda t: t["id"]) if shared else own


def document_terms(
    store: Store, document_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What a document's glossary page lists: its own terms, and the shared terms of its
    languages (its source language and the language of one of its translations)."""
    allowed = document_languages(store, document_id)
    own = store.terms(document_id=document_id)
    shared = [
        t
        for t in store.terms(shared=True)
        if _fits((t["source_language"], t["target_language"]), allowed)
    ]
    return own, shared


def document_pairs(store: Store, document_id: int) -> list[tuple[str, str]]:
    """The language pairs a document's CSV exports offer: the document's own pair first (when
    it has both languages), then those its own glossary has terms in."""
    document = store.document(document_id)
    src = languages.primary(document["source_language"])
    tgt = languages.primary(document["target_language"])
    pairs = [(src, tgt)] if src and tgt else []
    return list(dict.fromkeys([*pairs, *store.glossary_pairs(document_id)]))


@dataclass
class Export:
    """The terms of one glossary in one language pair (`pair` None: no terms to export), and
    the other pairs that glossary has terms in."""

    pair: tuple[str, str] | None
    terms: list[dict[str, Any]]
    other_pairs: list[tuple[str, str]]


def export_terms(
    store: Store,
    *,
    document_id: int | None,
    shared: bool = False,
    src_lang: Any = None,
    tgt_lang: Any = None,
    language_names: tuple[str, str] = LANGUAGE_FIELDS,
) -> Export:
    """What a CSV export writes: one glossary (a document's, or the shared one with `shared`)
    in one language pair: the pair given, else the document's, else the only pair the glossary
    has terms in (several: an InputError asking for one, naming src_lang and tgt_lang by
    `language_names`)."""
    src_name, tgt_name = language_names
    owner = None if shared else document_id
    document = store.document(document_id) if document_id is not None else None
    pairs = store.glossary_pairs(owner)
    if (
        src_lang
        or tgt_lang
        or (document and document["source_language"] and document["target_language"])
    ):
        src = src_lang or (document and document["source_language"])
        tgt = tgt_lang or (document and document["target_language"])
        if not src or not tgt:
            raise InputError(
                f"give both the source and the target language ({src_name}, {tgt_name})"
            )
        pair: tuple[str, str] | None = (
            language(store, src, src_name),
            language(store, tgt, tgt_name),
        )
    elif len(pairs) > 1:
        owned = "the shared glossary" if owner is None else f"document {owner}'s glossary"
        raise InputError(
            f"{owned} has terms in {', '.join(pair_name(p) for p in pairs)}: "
            f"choose one pair ({src_name} and {tgt_name})"
        )
    else:
        pair = pairs[0] if pairs else None
    glossary_id = store.glossary_id(owner, *pair) if pair else None
    terms = store.glossary_terms(glossary_id) if glossary_id is not None else []
    return Export(pair, terms, [p for p in pairs if p != pair])


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


def read_csv(
    data: bytes, filename: str = "glossary.csv", pair: tuple[str, str] | None = None
) -> list[TermInput]:
    """Terms from CSV with a `source,target[,note][,forbidden]` header (and optionally
    `source_language,target_language`: a row that fills them in must be in `pair`, when
    given), its cells separated by commas, semicolons or tabs (`csv_delimiter`); InputError
    per bad row."""
    text = decode(data, filename, language=pair)  # a file not in UTF-8: the pair's code pages
    delimiter = csv_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = _header_names(next(reader))
    except StopIteration:
        raise InputError(f"{filename} is empty") from None
    except csv.Error as error:
        raise InputError(f"{filename}, row 1: {error}") from error
    if not _is_header(header):
        raise InputError(
            f"{filename} is not a glossary: its first line must be the header "
            f"{','.join(CSV_COLUMNS)} (note and forbidden optional; "
            f"{' and '.join(CSV_LANGUAGE_COLUMNS)} too if you like), separated by commas, "
            "semicolons or tabs"
        )
    terms = []
    row_number = 1
    try:
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            where = f"{filename}, row {row_number}"
            if len(row) != len(header):
                raise InputError(f"{where}: {len(row)} fields, the header has {len(header)}")
            cells = dict(zip(header, row, strict=True))
            _check_row_languages(cells, pair, where)
            term = TermInput(
                cells["source"],
                cells["target"],
                cells.get("note"),
                re.split(r"[;|]", cells.get("forbidden") or ""),
                origin=f"row {row_number}",
            )
            terms.append(_clean(term, where))
    except csv.Error as error:
        raise InputError(f"{filename}, row {row_number + 1}: {error}") from error
    if not terms:
        raise InputError(f"{filename} has no terms")
    return terms


#: What may separate a CSV glossary's cells: a comma; a semicolon, which Excel writes where the
#: decimal separator is a comma (German, French, Albanian Windows…); a tab (TSV).
CSV_DELIMITERS = (",", ";", "\t")


def _header_names(cells: list[str]) -> list[str]:
    """Column names as the header gives them, compared without case or surrounding space."""
    return [cell.strip().lower() for cell in cells]


def _is_header(header: list[str]) -> bool:
    """Whether a row is a glossary header: known column names, each once, source and target
    among them."""
    known = CSV_COLUMNS + CSV_LANGUAGE_COLUMNS
    return (
        all(name in known for name in header)
        and "source" in header
        and "target" in header
        and len(set(header)) == len(header)
    )


def csv_delimiter(text: str) -> str:
    """The delimiter that splits the first line into a glossary header (a comma when none
    does, so that the header is refused as such). The header alone decides, since its names
    are known: a comma or semicolon inside a quoted term of a later row cannot fool it, as
    counting characters (csv.Sniffer) can."""
    first = text.split("\n", 1)[0]
    for delimiter in CSV_DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=delimiter, strict=True), [])
        except csv.Error:
            continue
        if _is_header(_header_names(cells)):
            return delimiter
    return ","


def _check_row_languages(cells: dict[str, str], pair: tuple[str, str] | None, where: str) -> None:
    """A row's language columns, when it fills them in, name the glossary's languages."""
    for index, column in enumerate(CSV_LANGUAGE_COLUMNS):
        code = (cells.get(column) or "").strip()
        if not code:
            continue
        try:
            primary = languages.primary(languages.normalise(code))
        except InputError:
            raise InputError(f"{where}: {column} '{code}' is not a language code") from None
        if pair and primary != pair[index]:
            raise InputError(
                f"{where}: {column} is {code}, but the glossary imported into is {pair_name(pair)}"
            )


#: Cell starts a spreadsheet runs as a formula (OWASP "CSV Injection"), as the link exports
#: (exports/delimited.py) neutralise them: such a cell gets an apostrophe in front.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(
    terms: list[dict[str, Any]], *, with_languages: bool = False, excel: bool = False
) -> str:
    """CSV with the import header, one term per row (UTF-8 when encoded); `with_languages`
    adds the columns source_language,target_language. `excel` writes for a spreadsheet, as
    the link exports do: a BOM (Excel reads UTF-8 without one as a legacy code page), CRLF,
    and an apostrophe before a cell that would run as a formula (`=HYPERLINK(…)`, `+cmd`,
    `@SUM(1)`), which Excel shows but does not run; an import then keeps the apostrophe."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    if excel:
        out.write("\ufeff")
    writer.writerow(CSV_COLUMNS + (CSV_LANGUAGE_COLUMNS if with_languages else ()))
    cell = _spreadsheet_cell if excel else str
    for t in terms:
        row = [t["source_term"], t["target_term"], t["note"] or "", ";".join(t["forbidden"])]
        if with_languages:
            row += [t["source_language"], t["target_language"]]
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def _spreadsheet_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _children(element: Element, *names: str) -> list[Element]:
    return [e for e in element.iter() if _local(e) in names]


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _distinct_terms(texts: list[str]) -> list[str]:
    """The texts less those that are the same term as an earlier one."""
    first: dict[tuple[str, ...], str] = {}
    for text in texts:
        first.setdefault(term_key(text), text)
    return list(first.values())


def _lang_terms(lang_set: Element) -> tuple[list[str], list[str]]:
    """(usable terms, forbidden terms) of one langSet / langSec: a term is forbidden when its
    administrative status or normative authorisation says deprecated, superseded or the like
    (TBX-Basic termNote, or TBX v3 DCT elements); every other term is usable."""
    usable, forbidden = [], []
    for group in _children(lang_set, "tig", "ntig", "termSec"):
        terms = [_text(t) for t in _children(group, "term") if _text(t)]
        status = " ".join(
            _text(n)
            for n in _children(group, "termNote", *_STATUS_TYPES)
            if _local(n) in _STATUS_TYPES or n.get("type") in _STATUS_TYPES
        )
        (forbidden if _FORBIDDEN_STATUS.search(status) else usable).extend(terms)
    if not usable and not forbidden:  # TBX-Basic without tig: term directly in langSet
        usable = [_text(t) for t in _children(lang_set, "term") if _text(t)]
    return usable, forbidden


def read_tbx(
    data: bytes, src_lang: str, tgt_lang: str, filename: str = "glossary.tbx"
) -> list[TermInput]:
    """Terms from TBX: in each entry with usable terms in both languages, every usable source
    term with every usable target term (several targets are alternatives), each forbidding
    the entry's deprecated target terms."""
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
        targets = _distinct_terms(sides[tgt][0])
        accepted = {term_key(t) for t in targets}
        # a term both usable and deprecated in one entry stays usable
        forbidden = [v for v in _distinct_terms(sides[tgt][1]) if term_key(v) not in accepted]
        for source in _distinct_terms(sides[src][0]):
            for target in targets:
                term = TermInput(
                    source, target, "; ".join(notes) or None, forbidden, origin=f"entry {number}"
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
    language_names: tuple[str, str] = LANGUAGE_FIELDS,
) -> dict[str, int]:
    """Import a CSV or TBX glossary (by extension) into one glossary, all or nothing: a bad
    row, or rows that contradict each other or the terms the glossary check reads with them,
    store nothing. `language_names` name src_lang and tgt_lang in errors as the caller's
    user knows them."""
    src, tgt = _languages(store, document_id, src_lang, tgt_lang, language_names)
    name = filename.lower()
    if name.endswith((".tbx", ".xml")):
        terms = read_tbx(data, src, tgt, filename)
    elif name.endswith((".csv", ".txt")):
        terms = read_csv(data, filename, (src, tgt))
    else:
        raise InputError(f"{filename}: a glossary is a .csv or .tbx file")
    counts = dict.fromkeys(("added", "updated", "unchanged"), 0)
    with store.transaction():
        glossary_id = store.glossary_id(document_id, src, tgt)
        # the terms the glossary check will read with these: as adding them one by one would
        visible = store.terms(
            document_id=document_id, shared=True, source_language=src, target_language=tgt
        )
        _check_import(terms, visible, glossary_id, filename)
        _check_import_room(store, document_id, glossary_id, terms, filename)
        if glossary_id is None:
            glossary_id = store.add_glossary(document_id, src, tgt, user)
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


@dataclass
class _Planned:
    """A term as it will be once an import is stored: `added_by` is the row that adds it,
    `forbidden_by` the row that gives its forbidden variants (None: stored before, or kept)."""

    source: str
    target: str
    forbidden: list[str]
    term_id: int | None = None
    added_by: str | None = None
    forbidden_by: str | None = None


#: Contradictions an import's error lists before "and N more".
SHOWN_CONTRADICTIONS = 5


def _check_import(
    terms: list[TermInput],
    visible: list[dict[str, Any]],
    glossary_id: int | None,
    filename: str,
) -> None:
    """The rules adding one term at a time keeps, for a whole file: a row may not add a
    translation that another row or a stored alternative forbids for the same source term,
    nor forbid one that another row adds or a stored alternative is. An InputError names
    every row in such a contradiction; contradictions stored before are not the file's."""
    planned = [
        _Planned(t["source_term"], t["target_term"], list(t["forbidden"]), term_id=t["id"])
        for t in visible
    ]
    # the glossary's own terms, which a row for the same pair changes rather than adds to
    own = {
        _key(p.source, p.target): p
        for p, t in zip(planned, visible, strict=True)
        if t["glossary_id"] == glossary_id
    }
    for term in terms:
        key = _key(term.source, term.target)
        origin = term.origin or "a row"
        found = own.get(key)
        if found is None:
            found = own[key] = _Planned(term.source, term.target, [], added_by=origin)
            planned.append(found)
        if term.forbidden:
            found.forbidden, found.forbidden_by = list(term.forbidden), origin
    groups: dict[tuple[str, ...], list[_Planned]] = {}
    for p in planned:
        groups.setdefault(term_key(p.source), []).append(p)
    problems: dict[str, None] = {}
    for group in groups.values():
        for forbidding in group:
            variants = {term_key(v) for v in forbidding.forbidden}
            for accepted in group:
                target = term_key(accepted.target)
                if target == term_key(forbidding.target) or target not in variants:
                    continue
                if forbidding.forbidden_by or accepted.added_by:
                    problems[_contradiction(forbidding, accepted)] = None
    if problems:
        shown = list(problems)[:SHOWN_CONTRADICTIONS]
        more = len(problems) - len(shown)
        raise InputError(
            f"{filename}: nothing was imported, because "
            + "; ".join(shown)
            + (f"; and {more} more" if more else "")
        )


def _contradiction(forbidding: _Planned, accepted: _Planned) -> str:
    """One contradiction, in the add route's words, naming the file's rows."""
    if accepted.added_by is None:
        return (
            f"{forbidding.forbidden_by} forbids “{accepted.target}”, an accepted translation of "
            f"“{accepted.source}” (term {accepted.term_id})"
        )
    if forbidding.forbidden_by is None:
        return (
            f"{accepted.added_by} (“{accepted.source}” → “{accepted.target}”): "
            f"“{accepted.target}” is a forbidden variant of “{forbidding.source}” → "
            f"“{forbidding.target}” (term {forbidding.term_id})"
        )
    return (
        f"{accepted.added_by} makes “{accepted.target}” an accepted translation of "
        f"“{accepted.source}”, so {forbidding.forbidden_by} cannot forbid it"
    )

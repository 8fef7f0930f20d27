"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json).

Written by hand, one line per operation, so it says what each route takes, what it answers and
who may call it; tests/test_api_openapi.py walks the app's URL map to keep it complete and true,
and a schemathesis run sends generated requests from it. The server checks query parameters
against it (web/api.py, `check_query`), so the bounds written here are the server's.
"""

from __future__ import annotations

import re
from typing import Any

from workbench import aligning, concordance, flags, formats, revisions, search, services
from workbench.exports import EXPORTERS
from workbench.exports.base import LAYOUTS
from workbench.web.api import DEFAULT_PAGE, MAX_PAGE
from workbench.web.auth import PERMISSIONS
from workbench.web.forms import MAX_BODY_BYTES, NO, YES

#: Ids and whole numbers go up to SQLite's largest integer: the server takes no more (a larger
#: one names nothing), and these bounds say so.
ID = {"type": "integer", "minimum": 1, "maximum": search.MAX_ID}
INT = {"type": "integer", "minimum": 0, "maximum": search.MAX_ID}
STR = {"type": "string"}
#: A user name in a query: present means not empty (an empty filter is refused, not ignored).
NAME = {"type": "string", "minLength": 1}
LEVEL = {"type": "string", "enum": ["paragraph", "sentence"]}
#: A language tag as imports take it (`sq`, `en-US`, `EN_us`; normalised before use).
LANG = {"type": "string", "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"}


def lang_filter(what: str) -> dict[str, Any]:
    """A language filter of search and the concordance: a primary subtag covers its regions."""
    return {
        **LANG,
        "description": f"{what}: a primary subtag alone covers its regions (`en`: en, en-GB,"
        " en-US…), a longer tag only itself (`en-US`, in any case).",
    }


#: A yes/no query parameter, spelled as the web forms spell it (web/forms.py).
YES_NO = {"type": "string", "enum": sorted((YES | NO) - {""})}
#: Text fields, with the limits the services keep (counted after surrounding white space is
#: trimmed; text is stored in Unicode NFC).
REVISION_TEXT = {
    "type": "string",
    "minLength": 1,
    "maxLength": revisions.MAX_TEXT,
    "description": f"At most {revisions.MAX_TEXT:,} characters once normalised to Unicode NFC"
    " (what is stored): NFC may lengthen a text (U+0958 becomes two characters) or shorten"
    " it (decomposed accents and Hangul).",
}
COMMENT = {"type": "string", "minLength": 1, "maxLength": flags.MAX_COMMENT}
NOTE = {"type": "string", "maxLength": revisions.MAX_COMMENT}
#: The status a flag had when the caller saw it: a status change someone made since is kept.
FROM_STATUS = {
    "type": "string",
    "enum": list(flags.STATUSES),
    "description": "The status the flag had when you saw it (what the flags page's form"
    " sends): if someone changed it since, nothing changes and the answer is a 409 saying who"
    " changed it to what. Without it, any status but the one asked for changes.",
}
#: A structural edit that would drop confirmed links needs this (else 409 naming them).
CONFIRMED_OK = {
    "type": "boolean",
    "default": False,
    "description": "true: go ahead even though the edit drops confirmed links (they will need"
    " confirming again); without it such an edit is a 409 naming them.",
}

#: The link a merge or shift joins, as the caller saw it (the review page sends it).
NEIGHBOUR = {
    **ID,
    "description": "The id of the link this edit joins (merge: the next or previous link;"
    " shift: the link above or below), as you saw it: if another link is there now (it was"
    " merged, split or re-aligned since), nothing changes and the answer is a 409. Without"
    " it, the edit joins whichever link is there.",
}


def page(limit: int, default: int, offset: int | None = None) -> tuple[tuple[str, Any], ...]:
    """`limit` and `offset` of a list, with the bounds its route keeps."""
    return (
        ("limit", {"type": "integer", "minimum": 1, "maximum": limit, "default": default}),
        ("offset", {**INT, "maximum": search.MAX_ID if offset is None else offset, "default": 0}),
    )


PAGE = page(MAX_PAGE, DEFAULT_PAGE)


def enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def obj(required: tuple[str, ...] = (), **properties: Any) -> dict[str, Any]:
    if isinstance(required, str):
        raise TypeError("required is a tuple of names: write ('name',)")
    return {"type": "object", "properties": properties, "required": list(required)}


SEARCH_PARAMS = (
    ("q", {"type": "string", "minLength": 1, "maxLength": 500}, True),
    ("regex", enum(sorted(search.YES | search.NO - {""}))),
    ("syntax", enum(["words", "fts"])),
    ("level", LEVEL),
    ("document", ID),
    ("version", ID),
    ("lang", lang_filter("Only text in this language")),
    ("link_status", enum(search.LINK_STATUSES)),
    *page(search.MAX_LIMIT, 20, search.MAX_OFFSET),
)
CONCORDANCE_PARAMS = (
    ("term", {"type": "string", "minLength": 1, "maxLength": 100}, True),
    ("lang", lang_filter("The term's language"), True),
    ("target_lang", lang_filter("Only aligned text in this language")),
    ("document", ID),
    ("width", {"type": "integer", "minimum": 1, "maximum": 500, "default": 60}),
    *page(concordance.MAX_LIMIT, 50, concordance.MAX_OCCURRENCES),
)
#: What a download is made of, as the export menu and the web export URL take it.
EXPORT_PARAMS = (
    ("format", enum(EXPORTERS), True),
    ("level", LEVEL),
    ("flags", {**YES_NO, "description": "yes: the flags as notes"}),
    (
        "excel",
        {**YES_NO, "description": "yes: CSV/TSV as Excel opens it (csv, tsv only: a 400 else)"},
    ),
    ("layout", {**enum(LAYOUTS), "description": "html and pdf only (a 400 else)"}),
)
DOCUMENT_EXPORT_PARAMS = (
    *EXPORT_PARAMS,
    (
        "edition",
        {
            "type": "string",
            "pattern": "^(draft|[0-9]{1,18})$",
            "description": "An edition's number (of the alignment), or `draft` (the default):"
            " the current state, marked as a draft.",
        },
    ),
    ("alignment", {**ID, "description": "Which alignment (default: the document's first)."}),
    (
        "approved",
        {**YES_NO, "description": "yes: a draft of confirmed links only (an edition: a 400)"},
    ),
)
FLAG_BODY = obj(
    ("category", "severity"),
    category=enum(flags.CATEGORIES),
    severity=enum(flags.SEVERITIES),
    link_id=ID,
    side=enum(flags.SIDES),
    position=INT,
    start=INT,
    end=INT,
    quote={
        **STR,
        "description": "A span by its words instead of offsets (with link_id and side): their"
        " first occurrence in the link's paragraphs of that side (in reading order), or the one"
        " `occurrence` names; 400 when they are not there. Blank (white space, zero-width"
        " characters, soft hyphens or bidi controls alone): the whole link, whatever `side`"
        " says when no offsets come with it.",
    },
    occurrence={
        "type": "integer",
        "minimum": 1,
        "maximum": search.MAX_ID,
        "default": 1,
        "description": "With a quote: which occurrence of its words to flag when they occur more"
        " than once in the link's text of that side (1: the first; every place the words begin"
        " counts); 400 naming it when the text holds fewer.",
    },
    **{
        name: {**INT, "description": "Position ranges (all four): the link they overlap."}
        for name in ("src_start", "src_end", "tgt_start", "tgt_end")
    },
    comment=NOTE,
)
FLAG_FILTERS = (
    ("status", enum(flags.STATUSES)),
    ("severity", enum(flags.SEVERITIES)),
    ("category", enum(flags.CATEGORIES)),
    ("version", ID),
    *PAGE,
)
LANGUAGE_TAG = LANG
IMPORT_BODY = obj(
    ("file",),
    file={"type": "string", "contentMediaType": "application/octet-stream"},
    lang=LANGUAGE_TAG,
    target_lang={
        **LANGUAGE_TAG,
        "description": "A bilingual file's translation language, when the file does not say"
        " it: a CSV or TSV table's (lang is its source's), a TMX's of several.",
    },
    role=enum(["source", "translation"]),
    title=STR,
    document=ID,
    label=STR,
    format=enum(formats.READERS),
    one_per_line=enum(["0", "1"]),
)

REJECT_BODY = {
    **obj(
        ("reason_code",),
        reason_code=enum(revisions.REJECT_REASONS),
        reason_text={**NOTE, "description": "Why; required (not blank) with reason_code other."},
    ),
    "if": {"properties": {"reason_code": {"const": "other"}}, "required": ["reason_code"]},
    "then": {"required": ["reason_text"], "properties": {"reason_text": {"pattern": "\\S"}}},
}

# -- what the server answers ----------------------------------------------------------------


def fields(*optional: str, **properties: Any) -> dict[str, Any]:
    """An answer's object: exactly these properties, each there unless `optional`."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def listing(item: dict[str, Any], **more: Any) -> dict[str, Any]:
    """A page of a list: {items, total, limit, offset} and what else the route adds."""
    return fields(
        items={"type": "array", "items": item},
        total=COUNT,
        limit=COUNT,
        offset=COUNT,
        **more,
    )


KEY = {"type": "integer", "minimum": 1}
COUNT = {"type": "integer", "minimum": 0}
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}
MAYBE_TEXT = {"type": ["string", "null"]}
MAYBE_KEY = {"type": ["integer", "null"]}
MAYBE_NUMBER = {"type": ["number", "null"]}
TIME = {"type": "string", "description": "UTC, ISO 8601 (2024-05-01T12:00:00Z)"}
MAYBE_TIME = {**TIME, "type": ["string", "null"]}
CHANGED = {
    "type": "integer",
    "enum": [0, 1],
    "description": "1: the state changed; 0: it was so already (nothing changed).",
}
VERSION_FIELDS = {
    "id": KEY,
    "document_id": KEY,
    "language": TEXT,
    "role": enum(["source", "translation"]),
    "label": TEXT,
    "author": MAYBE_TEXT,
    "format": MAYBE_TEXT,
    "filename": MAYBE_TEXT,
    "created": TIME,
    "created_by": MAYBE_TEXT,
}
VERSION = fields(**VERSION_FIELDS)
COUNTED_VERSION = fields(**VERSION_FIELDS, paragraphs=COUNT, sentences=COUNT)
ALIGNMENT_FIELDS = {
    "id": KEY,
    "document_id": KEY,
    "source_version_id": KEY,
    "target_version_id": KEY,
    "method": MAYBE_TEXT,
    "created": TIME,
    "created_by": MAYBE_TEXT,
    "updated": MAYBE_TIME,
}
ALIGNMENT = fields(**ALIGNMENT_FIELDS)
COUNTED_ALIGNMENT = fields(**ALIGNMENT_FIELDS, links=COUNT, confirmed=COUNT, edited=COUNT)
DOCUMENT_LANGUAGES = {"source_language": MAYBE_TEXT, "target_language": MAYBE_TEXT}
DOCUMENT_SUMMARY = fields(
    id=KEY,
    title=TEXT,
    **DOCUMENT_LANGUAGES,
    date=MAYBE_TEXT,
    updated=TIME,
    versions=COUNT,
    paragraphs=COUNT,
)
DOCUMENT = fields(
    id=KEY,
    title=TEXT,
    **DOCUMENT_LANGUAGES,
    **{name: MAYBE_TEXT for name in ("date", "summary", "citation", "archive_reference")},
    translator=MAYBE_TEXT,
    licence=MAYBE_TEXT,
    metadata={"type": "object", "description": "More metadata fields the file had."},
    created=TIME,
    updated=TIME,
    allow_self_approval={
        "type": "integer",
        "enum": [0, 1],
        "description": "1: an editor may approve their own revisions of this document (the"
        " four-eyes rule is off for it); 0, the default: nobody approves their own.",
    },
    versions={"type": "array", "items": COUNTED_VERSION},
    alignments={"type": "array", "items": COUNTED_ALIGNMENT},
)
SEGMENT_FIELDS = {
    "id": KEY,
    "version_id": KEY,
    "level": LEVEL,
    "position": COUNT,
    "kind": TEXT,
    "parent_id": MAYBE_KEY,
    "text": TEXT,
    "revision": COUNT,
}
HISTORY = fields(
    "id",
    id={**KEY, "description": "The history row's (absent while the text never changed)."},
    segment_id=KEY,
    revision=COUNT,
    text=TEXT,
    set_by=MAYBE_TEXT,
    set_at=TIME,
    reason=MAYBE_TEXT,
)
SEGMENT = fields(**SEGMENT_FIELDS)
SEGMENT_WITH_HISTORY = fields(
    **SEGMENT_FIELDS,
    document_id=KEY,
    language=TEXT,
    role=enum(["source", "translation"]),
    history={"type": "array", "items": HISTORY},
)
LINK_FIELDS = {
    "id": KEY,
    "alignment_id": KEY,
    "level": LEVEL,
    **{name: COUNT for name in ("src_start", "src_end", "tgt_start", "tgt_end")},
    "score": MAYBE_NUMBER,
    "confidence": MAYBE_NUMBER,
    "reasons": TEXTS,
    "status": enum(["auto", "edited", "confirmed"]),
    "set_by": MAYBE_TEXT,
    "set_at": MAYBE_TIME,
}
LINK = fields(**LINK_FIELDS)
LINK_WITH_TEXTS = fields(
    **LINK_FIELDS,
    source={**TEXTS, "description": "The texts of the source segments, in order."},
    target={**TEXTS, "description": "The texts of the target segments, in order."},
)
LINK_STATUS = fields(changed=CHANGED, link=LINK)
LINK_EDIT = fields(links={"type": "array", "items": KEY})
FLAG_COMMENT = fields(id=KEY, flag_id=KEY, author=MAYBE_TEXT, at=TIME, body=TEXT)
MAYBE_COUNT = {"type": ["integer", "null"], "minimum": 0}
FLAG_FIELDS = {
    "id": KEY,
    "alignment_id": KEY,
    "document_id": KEY,
    "source_version_id": KEY,
    "target_version_id": KEY,
    "version_id": KEY,
    "link_id": MAYBE_KEY,
    "current_link_id": MAYBE_KEY,
    **{name: COUNT for name in ("src_start", "src_end", "tgt_start", "tgt_end")},
    "span_side": {"type": ["string", "null"], "enum": [*flags.SIDES, None]},
    **{name: MAYBE_COUNT for name in ("span_position", "span_start", "span_end")},
    "quote": MAYBE_TEXT,
    "category": enum(flags.CATEGORIES),
    "severity": enum(flags.SEVERITIES),
    "status": enum(flags.STATUSES),
    "status_by": MAYBE_TEXT,
    "status_at": MAYBE_TIME,
    "created_by": MAYBE_TEXT,
    "created_at": TIME,
    "comments": COUNT,
    "thread": {"type": "array", "items": FLAG_COMMENT},
}
FLAG = fields(**FLAG_FIELDS)
FLAG_STATUS = fields(**FLAG_FIELDS, changed=CHANGED)
#: A document's flag shows the flagged text: a whole link's paragraphs on both sides, or a
#: span's paragraph cut around the span as it reads now (`stale`: revised away since).
DOCUMENT_FLAG = {
    **fields(
        "source_texts",
        "target_texts",
        "parts",
        "stale",
        **FLAG_FIELDS,
        **DOCUMENT_LANGUAGES,
        span_language=MAYBE_TEXT,
        source_texts=TEXTS,
        target_texts=TEXTS,
        parts={
            **TEXTS,
            "minItems": 3,
            "maxItems": 3,
            "description": "A span flag's paragraph: the text before, the span, the text after.",
        },
        stale={
            "type": "boolean",
            "description": "true: the words are no longer in the paragraph (parts holds only"
            " the quote).",
        },
    ),
    "oneOf": [
        {"required": ["source_texts", "target_texts"]},
        {"required": ["parts", "stale"]},
    ],
}
REVISION_COMMENT = fields(id=KEY, revision_id=KEY, author=MAYBE_TEXT, at=TIME, body=TEXT)
REVISION_FIELDS = {
    "id": KEY,
    "segment_id": KEY,
    "alignment_id": MAYBE_KEY,
    "document_id": KEY,
    "document_title": TEXT,
    "version_id": KEY,
    "version_label": TEXT,
    "language": TEXT,
    "position": COUNT,
    "base_revision": COUNT,
    "base_text": TEXT,
    "text": TEXT,
    "note": MAYBE_TEXT,
    "status": enum(revisions.STATUSES),
    "author": MAYBE_TEXT,
    "created": TIME,
    "decided_by": MAYBE_TEXT,
    "decided_at": MAYBE_TIME,
    "reason_code": {"type": ["string", "null"], "enum": [*revisions.REJECT_REASONS, None]},
    "reason_text": MAYBE_TEXT,
    "current_revision": COUNT,
    "current_text": TEXT,
    "allow_self_approval": DOCUMENT["properties"]["allow_self_approval"],
}
REVISION = fields(**REVISION_FIELDS)
REVISION_WITH_COMMENTS = fields(
    **REVISION_FIELDS, comments={"type": "array", "items": REVISION_COMMENT}
)
REVISION_DECIDED = fields(**REVISION_FIELDS, changed=CHANGED)
EDITION_FIELDS = {
    "id": KEY,
    "alignment_id": KEY,
    "document_id": KEY,
    "number": KEY,
    "title": MAYBE_TEXT,
    **DOCUMENT_LANGUAGES,
    "published_by": MAYBE_TEXT,
    "published_at": TIME,
    "note": MAYBE_TEXT,
    "links_total": MAYBE_COUNT,
    "links_included": MAYBE_COUNT,
}
EDITION = fields(**EDITION_FIELDS)
#: What is open on an alignment (editions.OpenWork): as an edition is published, or now.
OPEN_WORK = fields(
    flags={
        **fields(**{severity: COUNT for severity in reversed(flags.SEVERITIES)}),
        "description": "Open flags of the alignment, by severity (every severity, 0 included).",
    },
    flags_total={**COUNT, "description": "Open flags of every severity."},
    serious_flags={**COUNT, "description": "Open critical and major flags."},
    pending_revisions={
        **COUNT,
        "description": "Pending revisions of the alignment's source and target paragraphs:"
        " their wording is not in the edition.",
    },
    pending_paragraphs={
        "type": "array",
        "items": fields(side=enum(flags.SIDES), position=COUNT),
        "description": "The paragraphs with pending revisions, each once (0-based positions"
        " in the side's version), target first.",
    },
    unconfirmed_links={
        **COUNT,
        "description": "Paragraph links not confirmed (not in the edition).",
    },
    summary={
        **TEXT,
        "description": "What is open in words: '1 major flag, 2 minor flags; 1 pending"
        " revision (¶2)' (source paragraphs as 'source ¶2'); empty when nothing is open.",
    },
)
PUBLISHED = fields(**EDITION_FIELDS, open=OPEN_WORK)
#: Publishing refuses what is open only when asked (scripts rely on it going ahead).
REQUIRE_CLEAN = {
    "type": "boolean",
    "default": False,
    "description": "true: refuse (409 naming them, with `open`) while critical or major flags"
    " are open or revisions pending on the alignment; nothing is published then.",
}
EDITION_LINK = fields(
    id=KEY,
    edition_id=KEY,
    level=LEVEL,
    ordinal=COUNT,
    **{name: MAYBE_COUNT for name in ("src_start", "src_end", "tgt_start", "tgt_end")},
    source_text=TEXT,
    target_text=TEXT,
    status=MAYBE_TEXT,
    set_by=MAYBE_TEXT,
)
IMPORTED = fields(
    document=KEY,
    version=KEY,
    versions={"type": "array", "items": KEY},
    alignment={**MAYBE_KEY, "description": "The confirmed alignment of a bilingual file."},
    created_document={"type": "boolean"},
    paragraphs={
        "type": "object",
        "additionalProperties": COUNT,
        "description": "Paragraphs stored, by version id.",
    },
    notes={
        "type": "array",
        "items": TEXT,
        "description": "What the file held and the import left out (a TMX unit's second"
        " text in one language), one line each.",
    },
    links={
        "type": "object",
        "additionalProperties": COUNT,
        "description": "A bilingual file's paragraph links by status (auto, edited,"
        " confirmed); empty for a file of one text.",
    },
    flags={
        **COUNT,
        "description": "Flags raised from the comments a bilingual file makes on its units"
        " (CAT tools' comments and notes, our exports' flags).",
    },
)
VERSION_REF = fields(id=KEY, label=TEXT, language=TEXT, dir=enum(["ltr", "rtl"]))
DOCUMENT_REF = fields(id=KEY, title=TEXT)
SEARCH_HIT = fields(
    segment=KEY,
    level=LEVEL,
    position=COUNT,
    paragraph_position=COUNT,
    text=TEXT,
    highlights={"type": "array", "items": {"type": "array", "items": COUNT}},
    document=DOCUMENT_REF,
    version=VERSION_REF,
    counterparts={
        "type": "array",
        "items": {"type": "object"},
        "description": "The aligned texts of the hit in each alignment of its version.",
    },
)
FOUND = {"total_exact": {"type": "boolean", "description": "false: the total is a lower bound"}}
SEARCH = listing(
    SEARCH_HIT,
    **FOUND,
    mode=enum(["words", "fts", "regex"]),
    level=LEVEL,
    stopped={**MAYBE_TEXT, "description": "Why a regular expression stopped early, if it did."},
    took_ms={"type": "number"},
)
CONCORDANCE_LINE = fields(
    segment=KEY,
    paragraph=KEY,
    keyword=TEXT,
    left=TEXT,
    right=TEXT,
    document=DOCUMENT_REF,
    version=VERSION_REF,
    aligned={"type": "array", "items": {"type": "object"}},
)
CONCORDANCE = listing(
    CONCORDANCE_LINE,
    **FOUND,
    term=TEXT,
    language=TEXT,
    candidates={
        "type": "array",
        "items": fields(text=TEXT, language=TEXT, count=COUNT),
    },
)
#: A downloaded file: its media type is the format's; Content-Disposition names it.
FILE_TYPES = sorted({writer.MEDIA_TYPE.split(";")[0] for writer in EXPORTERS.values()})
IDEMPOTENT = (
    "A write that repeats a state change already made (confirming a confirmed link, resolving"
    " a resolved flag, approving an approved revision) answers 200 with `changed: 0` and"
    " changes nothing, so a script may safely send it again; a change the current state rules"
    " out (approving a rejected revision, rejecting an approved one, withdrawing a decided"
    " one) is a 409. Writes that"
    " make something (a flag, a comment, a revision, an edition) are not repeats: each makes"
    " one, and publishing when nothing changed since the latest edition is a 409."
)

#: (method, path, summary, permission(s) or None, query parameters, JSON body, answer); a
#: tuple of permissions means any one of them; the answer is the schema of a success.
Permission = str | tuple[str, ...] | None
# fmt: off
OPERATIONS: tuple[tuple[str, str, str, Permission, tuple, dict | None, dict], ...] = (
    ("get", "/documents", "List documents", None, PAGE, None, listing(DOCUMENT_SUMMARY)),
    ("post", "/documents", "Import a file (multipart)", "import", (), IMPORT_BODY, IMPORTED),
    ("get", "/documents/{document_id}", "One document with versions and alignments",
     None, (), None, DOCUMENT),
    ("get", "/documents/{document_id}/versions", "Versions of a document",
     None, PAGE, None, listing(COUNTED_VERSION)),
    ("get", "/documents/{document_id}/export",
     "Download the document: an edition, or the current state as a draft",
     None, DOCUMENT_EXPORT_PARAMS, None, {}),
    ("get", "/versions/{version_id}", "One version", None, (), None, VERSION),
    ("get", "/versions/{version_id}/segments", "Segments of a version",
     None, (("level", LEVEL), *PAGE), None, listing(SEGMENT)),
    ("get", "/segments/{segment_id}", "One segment with its text history",
     None, (), None, SEGMENT_WITH_HISTORY),
    ("get", "/documents/{document_id}/alignments", "Alignments of a document",
     None, PAGE, None, listing(COUNTED_ALIGNMENT)),
    ("post", "/documents/{document_id}/alignments", "Align two versions",
     "edit_alignment", (), obj(source=ID, target=ID), ALIGNMENT),
    ("get", "/alignments/{alignment_id}", "One alignment", None, (), None, ALIGNMENT),
    ("get", "/alignments/{alignment_id}/links", "Links with their texts",
     None, (("level", LEVEL), ("status", enum(["confirmed", "unconfirmed"])), *PAGE), None,
     listing(LINK_WITH_TEXTS)),
    ("get", "/alignments/{alignment_id}/links/{link_id}", "One link with its texts",
     None, (), None, LINK_WITH_TEXTS),
    ("post", "/alignments/{alignment_id}/links/{link_id}/confirm", "Confirm a link",
     "confirm", (), None, LINK_STATUS),
    ("post", "/alignments/{alignment_id}/links/{link_id}/unconfirm", "Return a link to automatic",
     "confirm", (), None, LINK_STATUS),
    ("post", "/alignments/{alignment_id}/links/{link_id}/merge",
     "Merge with the next or previous link",
     "edit_alignment", (),
     obj(direction=enum(["next", "previous"]), confirmed_ok=CONFIRMED_OK, neighbour=NEIGHBOUR),
     LINK_EDIT),
    ("post", "/alignments/{alignment_id}/links/{link_id}/split", "Split a link",
     "edit_alignment",
     (),
     obj(("src_at", "tgt_at"), src_at=INT, tgt_at=INT, confirmed_ok=CONFIRMED_OK),
     LINK_EDIT),
    ("post", "/alignments/{alignment_id}/links/{link_id}/shift",
     "Move a paragraph to the neighbouring link",
     "edit_alignment",
     (),
     obj(side=enum(["source", "target"]), direction=enum(["up", "down"]),
         confirmed_ok=CONFIRMED_OK, neighbour=NEIGHBOUR),
     LINK_EDIT),
    ("post", "/alignments/{alignment_id}/links/{link_id}/detach", "Make both sides stand alone",
     "edit_alignment", (), obj(confirmed_ok=CONFIRMED_OK), LINK_EDIT),
    ("post", "/alignments/{alignment_id}/links/{link_id}/realign",
     "Align an unconfirmed stretch again",
     "edit_alignment", (), obj(confirmed_ok=CONFIRMED_OK), LINK_EDIT),
    ("post", "/alignments/{alignment_id}/undo",
     "Undo your own latest edit or confirmation on the alignment",
     ("confirm", "edit_alignment"), (), obj(confirmed_ok=CONFIRMED_OK), fields(undone=TEXT)),
    ("get", "/alignments/{alignment_id}/flags", "Flags of an alignment",
     None, (("link", ID), *PAGE), None, listing(FLAG)),
    ("post", "/alignments/{alignment_id}/flags", "Raise a flag", "flag", (), FLAG_BODY, FLAG),
    ("get", "/documents/{document_id}/flags", "Flags of a document",
     None, FLAG_FILTERS, None, listing(DOCUMENT_FLAG)),
    ("get", "/flags/{flag_id}", "One flag with its thread", None, (), None, FLAG),
    ("post", "/flags/{flag_id}/comments", "Comment on a flag",
     "comment", (), obj(("body",), body=COMMENT), FLAG_COMMENT),
    ("post", "/flags/{flag_id}/status", "Resolve, dismiss or reopen a flag",
     "flag", (), obj(("status",), status=enum(flags.STATUSES), comment=NOTE,
                     from_status=FROM_STATUS), FLAG_STATUS),
    ("get", "/revisions",
     "Revisions",
     None,
     (("status", enum(revisions.STATUSES)), ("document", ID), ("author", NAME), ("segment", ID),
      *PAGE),
     None,
     listing(REVISION)),
    ("get", "/revisions/{revision_id}", "One revision with comments",
     None, (), None, REVISION_WITH_COMMENTS),
    ("post", "/segments/{segment_id}/revisions",
     "Propose new wording",
     "edit_text",
     (),
     obj(
         ("text", "base_revision"),
         text=REVISION_TEXT,
         base_revision=INT,
         note=NOTE,
         alignment={**ID, "description": "An alignment of the paragraph's version."},
         replaces={
             **INT,
             "description": "Your pending revision of the paragraph this wording continued"
             " (0: none). Another pending revision of yours, proposed since, is then refused"
             " with a 409 (its `pending`) instead of being replaced unseen; without the field"
             " any pending revision of yours is replaced.",
         },
     ),
     REVISION),
    ("post", "/revisions/{revision_id}/comments", "Comment on a revision",
     "comment", (), obj(("body",), body=COMMENT), fields(id=KEY, revision=KEY)),
    ("post", "/revisions/{revision_id}/approve",
     "Approve (four-eyes; 409 with the diff when stale)",
     "approve", (), None, REVISION_DECIDED),
    ("post", "/revisions/{revision_id}/reject",
     "Reject with a reason (reason_code other needs a reason_text)",
     "approve", (), REJECT_BODY, REVISION_DECIDED),
    ("post", "/revisions/{revision_id}/withdraw",
     "Withdraw your own pending revision (it leaves the editors' queue)",
     "edit_text", (), None, REVISION_DECIDED),
    ("get", "/editions", "Editions",
     None, (("alignment", ID), ("document", ID), *PAGE), None, listing(EDITION)),
    ("get", "/editions/{edition_id}", "One edition with a page of its links",
     None, (("level", LEVEL), *PAGE), None,
     listing(EDITION_LINK, **EDITION_FIELDS, open=OPEN_WORK)),
    ("get", "/editions/{edition_id}/export", "Download an edition",
     None, EXPORT_PARAMS, None, {}),
    ("post", "/alignments/{alignment_id}/editions", "Publish the next edition",
     "publish", (), obj(note=NOTE, require_clean=REQUIRE_CLEAN), PUBLISHED),
    ("get", "/search", "Full-text search (words, FTS5 syntax or regex)",
     None, SEARCH_PARAMS, None, SEARCH),
    ("get", "/concordance", "Bilingual concordance of a term",
     None, CONCORDANCE_PARAMS, None, CONCORDANCE),
    ("get", "/openapi.json", "This description (no token needed)",
     None, (), None, {"type": "object"}),
)
# fmt: on

#: Successful answers other than a plain 200 OK: a write that creates something answers 201;
#: aligning answers 201 with a new alignment, 200 when it aligned a known pair again.
ANSWERS: dict[tuple[str, str], dict[str, str]] = {
    ("post", "/documents"): {"201": "Imported"},
    ("post", "/documents/{document_id}/alignments"): {
        "201": "A new alignment",
        "200": "The pair had an alignment: aligned again (confirmed and edited links kept)",
    },
    ("post", "/alignments/{alignment_id}/flags"): {"201": "Raised"},
    ("post", "/flags/{flag_id}/comments"): {"201": "Added"},
    ("post", "/segments/{segment_id}/revisions"): {"201": "Proposed"},
    ("post", "/revisions/{revision_id}/comments"): {"201": "Added"},
    ("post", "/alignments/{alignment_id}/editions"): {"201": "Published"},
}
#: What every structural link edit says of confirmed links.
DROPS_CONFIRMED = (
    "An edit that would drop confirmed links (a reviewer's work: they would need confirming"
    " again) is a 409 whose error names them in `confirmations` (link_id, level, positions,"
    " confirmed_by, confirmed_at), and nothing changes, unless the body says"
    ' `"confirmed_ok": true`.'
)
#: What both downloads say.
DOWNLOAD = (
    "The file, as the web export URL answers it (Content-Disposition names it). PDF, DOCX and"
    " EPUB take seconds for a book; a few are made at once, and a request that waited its turn"
    " long enough is a 503 with Retry-After (an edition's file made before is sent at once)."
)
#: What a stale save's 409 carries besides its message: enough to propose again from the text
#: now in place (the review page's editor starts again from it).
STALE_409 = (
    "its error names who approved the text now in place (`changed_by`), the text now and yours"
    " (`theirs`, `yours`), the word diff (`changes`: kind, old, new), and where the paragraph"
    " stands: `current_text`, `current_revision` (send it as the next base_revision) and"
    " `pending`, your own pending revision of the paragraph ({id, text, note, stale}; null when"
    " there is none), which a new proposal replaces."
)
#: More to say of an operation than its summary and permission.
NOTES: dict[tuple[str, str], str] = {
    **{
        ("post", f"/alignments/{{alignment_id}}/links/{{link_id}}/{edit}"): DROPS_CONFIRMED
        for edit in ("merge", "split", "shift", "detach", "realign")
    },
    ("post", "/alignments/{alignment_id}/undo"): "Undoes the caller's own latest link edit or"
    " confirmation on this alignment that is not undone yet, so a reviewer can undo a"
    " confirmation and a translator an edit; 400 when there is nothing of yours to undo. An"
    " undo that would drop links someone else confirmed since is a 409 naming them in"
    ' `confirmations`, and nothing changes, unless the body says `"confirmed_ok": true`.',
    ("post", "/revisions/{revision_id}/reject"): "reason_code `other` needs a reason_text"
    " that is not blank (400 otherwise). Rejecting a rejected revision changes nothing"
    " (`changed: 0`); rejecting an approved one is a 409.",
    ("post", "/segments/{segment_id}/revisions"): "The text is stored in Unicode NFC. 409 with"
    " the diff when the paragraph changed since base_revision: " + STALE_409 + " `alignment`,"
    " when given, must be an alignment of the paragraph's version (404 when there is no such"
    " alignment, 400 when it belongs to another version or document).",
    ("post", "/alignments/{alignment_id}/editions"): "409 when nothing changed since the"
    " latest edition (the same links, texts and statuses): a new note alone makes no edition."
    " The answer's `open` says what is still open on the alignment as it is published:"
    " open flags by severity and pending revisions (not in the edition). Publishing goes"
    ' ahead whatever is open, unless the body says `"require_clean": true`: then open'
    " critical or major flags or pending revisions make it a 409 whose error names them in"
    " its message and in `open` (the same object), and nothing is published.",
    ("post", "/revisions/{revision_id}/approve"): "Nobody approves their own revision unless"
    " its document allows it (`allow_self_approval`); 409 with the diff when the paragraph"
    " changed since it was proposed (its error carries `current_text` and `current_revision`),"
    " and when the revision was rejected or withdrawn."
    " Approving an approved revision changes nothing (`changed: 0`).",
    ("post", "/revisions/{revision_id}/withdraw"): "Only the revision's author withdraws it"
    " (403 for anyone else), and only while it is pending: withdrawing an approved, rejected"
    " or superseded revision is a 409. Withdrawing a withdrawn revision changes nothing"
    " (`changed: 0`).",
    ("post", "/flags/{flag_id}/status"): "Setting the status the flag has changes nothing"
    " (`changed: 0`), and a comment sent with it is not added.",
    ("post", "/alignments/{alignment_id}/links/{link_id}/confirm"): "Confirming a confirmed"
    " link changes nothing (`changed: 0`).",
    ("get", "/editions/{edition_id}"): "The edition's fields, and a page of its links at"
    " `level` in `items` (as every list). `open` is what is open on the edition's alignment"
    " now (open flags by severity, pending revisions), as publishing answers it.",
    ("get", "/documents/{document_id}/export"): DOWNLOAD,
    ("get", "/editions/{edition_id}/export"): DOWNLOAD,
    ("post", "/documents"): f"A file of at most {services.MAX_UPLOAD_BYTES // 2**20} MB whose"
    f" paragraphs have at most {services.MAX_PARAGRAPH_CHARS:,} characters each: a file"
    " holding a longer paragraph (one line of a whole book) is a 413 naming it, and nothing"
    " is stored.",
    ("post", "/documents/{document_id}/alignments"): "400, before any aligning, when a version"
    f" has more than {aligning.MAX_ALIGN_SENTENCES:,} sentences or"
    f" {aligning.MAX_ALIGN_CHARS:,} characters (the aligner's limits).",
}
ERROR = obj(
    ("error",),
    error=obj(("status", "message"), status={"type": "integer"}, message={"type": "string"}),
)


def _parameter(spec: tuple) -> dict[str, Any]:
    name, schema, *required = spec
    return {"name": name, "in": "query", "required": bool(required), "schema": schema}


def _content(path: str, answer: dict[str, Any]) -> dict[str, Any]:
    """The media types of a success: JSON, or a download's file types."""
    if not path.endswith("/export"):
        return {"application/json": {"schema": answer}}
    return {media: {"schema": {}} for media in FILE_TYPES}


def _responses(method: str, path: str, answer: dict[str, Any]) -> dict[str, Any]:
    answers = ANSWERS.get((method, path), {"200": "OK"})
    found: dict[str, Any] = {
        status: {"description": text, "content": _content(path, answer)}
        for status, text in answers.items()
    }
    if path.endswith("/export"):
        disposition = {"description": "attachment; filename=…", "schema": STR}
        found["200"]["headers"] = {"Content-Disposition": disposition}
    found["default"] = {
        "description": "An error (400, 401, 403, 404, 405, 409, 413, 415, 503)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return found


def _operation(
    method: str,
    path: str,
    summary: str,
    permission: Permission,
    query: tuple,
    body: dict | None,
    answer: dict,
) -> dict[str, Any]:
    params = [
        {"name": name, "in": "path", "required": True, "schema": ID}
        for name in re.findall(r"{(\w+)}", path)
    ] + [_parameter(spec) for spec in query]
    needs = (permission,) if isinstance(permission, str) else permission or ()
    roles = set().union(*(PERMISSIONS[name] for name in needs)) if needs else ()
    who = ", ".join(sorted(roles)) if roles else "any user"
    note = NOTES.get((method, path))
    operation: dict[str, Any] = {
        "operationId": f"{method}_{re.sub(r'[^a-z]+', '_', path.lower()).strip('_')}",
        "summary": summary,
        "description": f"Permission: {' or '.join(needs) or 'read'} ({who})."
        + (f" {note}" if note else ""),
        "parameters": params,
        "responses": _responses(method, path, answer),
    }
    if body is not None:
        media = "multipart/form-data" if path == "/documents" else "application/json"
        operation["requestBody"] = {
            "required": media == "multipart/form-data",
            "content": {media: {"schema": body}},
        }
    if path == "/openapi.json":
        operation["security"] = []
    return operation


def description() -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    paths: dict[str, dict[str, Any]] = {}
    for method, path, *rest in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(method, path, *rest)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Workbench API",
            "version": "1",
            "description": "Documents, alignments, review, flags, revisions, editions, search,"
            " downloads. Send `Authorization: Bearer TOKEN` (`workbench users token NAME`)."
            " Lists take `limit` and `offset` and answer {items, total, limit, offset}; errors"
            " answer {error: {status, message}} (a 405 with an `Allow` header, a 503 with"
            " `Retry-After`). Query parameters are checked as described here: a value out of"
            " its bounds, not in its list or not matching its pattern (an empty one too) is a"
            " 400 naming the parameter. Writes take a JSON object (or form fields): a field of"
            " the wrong JSON type (a string where a number or a boolean belongs, a number where"
            " text belongs, null), NaN or Infinity, or a string with a lone surrogate is a 400"
            " naming the field; any other body (text/plain) is a 415. A body other than a"
            f" file upload (multipart/form-data) is at most {MAX_BODY_BYTES // 2**20} MB"
            f" ({MAX_BODY_BYTES:,} bytes): a larger one is a 413 naming the limit, refused"
            " before it is read. " + IDEMPOTENT,
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR},
        },
    }


def query_parameters() -> dict[tuple[str, str], tuple[tuple[str, dict[str, Any], bool], ...]]:
    """Each operation's query parameters (name, schema, required), by (method, path): what
    web/api.py checks a request's query against."""
    return {
        (method, path): tuple((name, schema, bool(rest)) for name, schema, *rest in query)
        for method, path, _summary, _permission, query, *_ in OPERATIONS
    }

"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json).

Written by hand, one line per operation, so it says what each route takes and who may call it;
tests/test_api_openapi.py walks the app's URL map to keep it complete and true, and a
schemathesis run sends generated requests from it.
"""

from __future__ import annotations

import re
from typing import Any

from workbench import concordance, flags, formats, revisions, search
from workbench.web.api import DEFAULT_PAGE, MAX_PAGE
from workbench.web.auth import PERMISSIONS

ID = {"type": "integer", "minimum": 1}
INT = {"type": "integer", "minimum": 0}
STR = {"type": "string"}
LEVEL = {"type": "string", "enum": ["paragraph", "sentence"]}
#: Text fields, with the limits the services keep (counted after surrounding white space is
#: trimmed; text is stored in Unicode NFC).
REVISION_TEXT = {"type": "string", "minLength": 1, "maxLength": revisions.MAX_TEXT}
COMMENT = {"type": "string", "minLength": 1, "maxLength": flags.MAX_COMMENT}
NOTE = {"type": "string", "maxLength": revisions.MAX_COMMENT}
#: A structural edit that would drop confirmed links needs this (else 409 naming them).
CONFIRMED_OK = {
    "type": "boolean",
    "default": False,
    "description": "true: go ahead even though the edit drops confirmed links (they will need"
    " confirming again); without it such an edit is a 409 naming them.",
}


def page(limit: int, default: int, offset: int | None = None) -> tuple[tuple[str, Any], ...]:
    """`limit` and `offset` of a list, with the bounds its route keeps."""
    at = {**INT, "maximum": offset} if offset is not None else INT
    return (
        ("limit", {"type": "integer", "minimum": 1, "maximum": limit, "default": default}),
        ("offset", {**at, "default": 0}),
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
    ("regex", enum(["0", "1"])),
    ("syntax", enum(["words", "fts"])),
    ("level", LEVEL),
    ("document", ID),
    ("version", ID),
    ("lang", {"type": "string", "pattern": "^[A-Za-z]{2,3}$"}),
    ("link_status", enum(search.LINK_STATUSES)),
    *page(search.MAX_LIMIT, 20, search.MAX_OFFSET),
)
CONCORDANCE_PARAMS = (
    ("term", {"type": "string", "minLength": 1, "maxLength": 100}, True),
    ("lang", {"type": "string", "pattern": "^[A-Za-z]{2,3}$"}, True),
    ("target_lang", {"type": "string", "pattern": "^[A-Za-z]{2,3}$"}),
    ("document", ID),
    ("width", {"type": "integer", "minimum": 1, "maximum": 500, "default": 60}),
    *page(concordance.MAX_LIMIT, 50, concordance.MAX_OCCURRENCES),
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
    comment=NOTE,
)
FLAG_FILTERS = (
    ("status", enum(flags.STATUSES)),
    ("severity", enum(flags.SEVERITIES)),
    ("category", enum(flags.CATEGORIES)),
    ("version", ID),
    *PAGE,
)
IMPORT_BODY = obj(
    ("file",),
    file={"type": "string", "contentMediaType": "application/octet-stream"},
    lang={"type": "string", "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"},
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

#: (method, path, summary, permission(s) or None, query parameters, JSON body, list?); a
#: tuple of permissions means any one of them.
Permission = str | tuple[str, ...] | None
# fmt: off
OPERATIONS: tuple[tuple[str, str, str, Permission, tuple, dict | None, bool], ...] = (
    ("get", "/documents", "List documents", None, PAGE, None, True),
    ("post", "/documents", "Import a file (multipart)", "import", (), IMPORT_BODY, False),
    ("get", "/documents/{document_id}", "One document with versions and alignments",
     None, (), None, False),
    ("get", "/documents/{document_id}/versions", "Versions of a document", None, PAGE, None, True),
    ("get", "/versions/{version_id}", "One version", None, (), None, False),
    ("get", "/versions/{version_id}/segments", "Segments of a version",
     None, (("level", LEVEL), *PAGE), None, True),
    ("get", "/segments/{segment_id}", "One segment with its text history", None, (), None, False),
    ("get", "/documents/{document_id}/alignments", "Alignments of a document",
     None, PAGE, None, True),
    ("post", "/documents/{document_id}/alignments", "Align two versions",
     "edit_alignment", (), obj(source=ID, target=ID), False),
    ("get", "/alignments/{alignment_id}", "One alignment", None, (), None, False),
    ("get", "/alignments/{alignment_id}/links", "Links with their texts",
     None, (("level", LEVEL), ("status", enum(["confirmed", "unconfirmed"])), *PAGE), None, True),
    ("get", "/alignments/{alignment_id}/links/{link_id}", "One link", None, (), None, False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/confirm", "Confirm a link",
     "confirm", (), None, False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/unconfirm", "Return a link to automatic",
     "confirm", (), None, False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/merge",
     "Merge with the next or previous link",
     "edit_alignment", (), obj(direction=enum(["next", "previous"]), confirmed_ok=CONFIRMED_OK),
     False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/split", "Split a link",
     "edit_alignment",
     (),
     obj(("src_at", "tgt_at"), src_at=INT, tgt_at=INT, confirmed_ok=CONFIRMED_OK),
     False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/shift",
     "Move a paragraph to the neighbouring link",
     "edit_alignment",
     (),
     obj(side=enum(["source", "target"]), direction=enum(["up", "down"]),
         confirmed_ok=CONFIRMED_OK),
     False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/detach", "Make both sides stand alone",
     "edit_alignment", (), obj(confirmed_ok=CONFIRMED_OK), False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/realign",
     "Align an unconfirmed stretch again",
     "edit_alignment", (), obj(confirmed_ok=CONFIRMED_OK), False),
    ("post", "/alignments/{alignment_id}/undo",
     "Undo your own latest edit or confirmation on the alignment",
     ("confirm", "edit_alignment"), (), None, False),
    ("get", "/alignments/{alignment_id}/flags", "Flags of an alignment",
     None, (("link", ID), *PAGE), None, True),
    ("post", "/alignments/{alignment_id}/flags", "Raise a flag", "flag", (), FLAG_BODY, False),
    ("get", "/documents/{document_id}/flags", "Flags of a document",
     None, FLAG_FILTERS, None, True),
    ("get", "/flags/{flag_id}", "One flag with its thread", None, (), None, False),
    ("post", "/flags/{flag_id}/comments", "Comment on a flag",
     "comment", (), obj(("body",), body=COMMENT), False),
    ("post", "/flags/{flag_id}/status", "Resolve, dismiss or reopen a flag",
     "flag", (), obj(("status",), status=enum(flags.STATUSES), comment=NOTE), False),
    ("get", "/revisions",
     "Revisions",
     None,
     (("status", enum(revisions.STATUSES)), ("document", ID), ("author", STR), ("segment", ID),
      *PAGE),
     None,
     True),
    ("get", "/revisions/{revision_id}", "One revision with comments", None, (), None, False),
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
     ),
     False),
    ("post", "/revisions/{revision_id}/comments", "Comment on a revision",
     "comment", (), obj(("body",), body=COMMENT), False),
    ("post", "/revisions/{revision_id}/approve",
     "Approve (four-eyes; 409 with the diff when stale)",
     "approve", (), None, False),
    ("post", "/revisions/{revision_id}/reject",
     "Reject with a reason (reason_code other needs a reason_text)",
     "approve", (), REJECT_BODY, False),
    ("get", "/editions", "Editions",
     None, (("alignment", ID), ("document", ID), *PAGE), None, True),
    ("get", "/editions/{edition_id}", "One edition with its links",
     None, (("level", LEVEL),), None, False),
    ("post", "/alignments/{alignment_id}/editions", "Publish the next edition",
     "publish", (), obj(note=NOTE), False),
    ("get", "/search", "Full-text search (words, FTS5 syntax or regex)",
     None, SEARCH_PARAMS, None, True),
    ("get", "/concordance", "Bilingual concordance of a term",
     None, CONCORDANCE_PARAMS, None, True),
    ("get", "/openapi.json", "This description (no token needed)", None, (), None, False),
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
#: More to say of an operation than its summary and permission.
NOTES: dict[tuple[str, str], str] = {
    **{
        ("post", f"/alignments/{{alignment_id}}/links/{{link_id}}/{edit}"): DROPS_CONFIRMED
        for edit in ("merge", "split", "shift", "detach", "realign")
    },
    ("post", "/alignments/{alignment_id}/undo"): "Undoes the caller's own latest link edit or"
    " confirmation on this alignment that is not undone yet, so a reviewer can undo a"
    " confirmation and a translator an edit; 400 when there is nothing of yours to undo.",
    ("post", "/revisions/{revision_id}/reject"): "reason_code `other` needs a reason_text"
    " that is not blank (400 otherwise).",
    ("post", "/segments/{segment_id}/revisions"): "The text is stored in Unicode NFC. 409 with"
    " the diff when the paragraph changed since base_revision; `alignment`, when given, must"
    " be an alignment of the paragraph's version (404 when there is no such alignment, 400"
    " when it belongs to another version or document).",
    ("post", "/alignments/{alignment_id}/editions"): "409 when nothing changed since the"
    " latest edition (the same links, texts and statuses): a new note alone makes no edition.",
    ("post", "/revisions/{revision_id}/approve"): "Nobody approves their own revision;"
    " 409 with the diff when the paragraph changed since it was proposed.",
}
ERROR = obj(
    ("error",),
    error=obj(("status", "message"), status={"type": "integer"}, message={"type": "string"}),
)
PAGE_SCHEMA = obj(
    ("items", "total", "limit", "offset"),
    items={"type": "array"},
    total={"type": "integer"},
    limit={"type": "integer"},
    offset={"type": "integer"},
)


def _parameter(spec: tuple) -> dict[str, Any]:
    name, schema, *required = spec
    return {"name": name, "in": "query", "required": bool(required), "schema": schema}


def _operation(
    method: str,
    path: str,
    summary: str,
    permission: Permission,
    query: tuple,
    body: dict | None,
    listing: bool,
) -> dict[str, Any]:
    params = [
        {"name": name, "in": "path", "required": True, "schema": ID}
        for name in re.findall(r"{(\w+)}", path)
    ] + [_parameter(spec) for spec in query]
    result = {"$ref": "#/components/schemas/Page"} if listing else {"type": "object"}
    content = {"application/json": {"schema": result}}
    answers = ANSWERS.get((method, path), {"200": "OK"})
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
        "responses": {
            **{
                status: {"description": text, "content": content}
                for status, text in answers.items()
            },
            "default": {
                "description": "An error (400, 401, 403, 404, 405, 409, 413, 415)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        },
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
            "description": "Documents, alignments, review, flags, revisions, editions, search. "
            "Send `Authorization: Bearer TOKEN` (`workbench users token NAME`). Lists take "
            "`limit` and `offset` and answer {items, total, limit, offset}; errors answer "
            "{error: {status, message}} (a 405 with an `Allow` header). Writes take a JSON "
            "object (or form fields): a field of the wrong JSON type (a number where text "
            "belongs, a boolean, null), NaN or Infinity, or a string with a lone surrogate is "
            "a 400 naming the field; any other body (text/plain) is a 415.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR, "Page": PAGE_SCHEMA},
        },
    }

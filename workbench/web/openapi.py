"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json).

Written by hand, one line per operation, so it says what each route takes and who may call it;
tests/test_api_openapi.py walks the app's URL map to keep it complete and true, and a
schemathesis run sends generated requests from it.
"""

from __future__ import annotations

import re
from typing import Any

from workbench import flags, revisions, search
from workbench.web.auth import PERMISSIONS

ID = {"type": "integer", "minimum": 1}
INT = {"type": "integer", "minimum": 0}
STR = {"type": "string", "maxLength": 200}
LEVEL = {"type": "string", "enum": ["paragraph", "sentence"]}
PAGE = (("limit", {"type": "integer", "minimum": 1, "maximum": 500}), ("offset", INT))


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
    *PAGE,
)
CONCORDANCE_PARAMS = (
    ("term", {"type": "string", "minLength": 1, "maxLength": 100}, True),
    ("lang", {"type": "string", "pattern": "^[A-Za-z]{2,3}$"}, True),
    ("target_lang", {"type": "string", "pattern": "^[A-Za-z]{2,3}$"}),
    ("document", ID),
    ("width", {"type": "integer", "minimum": 1, "maximum": 500}),
    *PAGE,
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
    comment=STR,
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
    lang=STR,
    role=enum(["source", "translation"]),
    title=STR,
    document=ID,
    label=STR,
    format=STR,
    one_per_line=enum(["0", "1"]),
)

#: (method, path, summary, permission or None, query parameters, JSON body, list?)
# fmt: off
OPERATIONS: tuple[tuple[str, str, str, str | None, tuple, dict | None, bool], ...] = (
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
     "edit_alignment", (), obj(direction=enum(["next", "previous"])), False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/split", "Split a link",
     "edit_alignment", (), obj(("src_at", "tgt_at"), src_at=INT, tgt_at=INT), False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/shift",
     "Move a paragraph to the neighbouring link",
     "edit_alignment",
     (),
     obj(side=enum(["source", "target"]), direction=enum(["up", "down"])),
     False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/detach", "Make both sides stand alone",
     "edit_alignment", (), None, False),
    ("post", "/alignments/{alignment_id}/links/{link_id}/realign",
     "Align an unconfirmed stretch again",
     "edit_alignment", (), None, False),
    ("post", "/alignments/{alignment_id}/undo", "Undo your latest edit (confirm or edit_alignment)",
     "edit_alignment", (), None, False),
    ("get", "/alignments/{alignment_id}/flags", "Flags of an alignment",
     None, (("link", ID), *PAGE), None, True),
    ("post", "/alignments/{alignment_id}/flags", "Raise a flag", "flag", (), FLAG_BODY, False),
    ("get", "/documents/{document_id}/flags", "Flags of a document",
     None, FLAG_FILTERS, None, True),
    ("get", "/flags/{flag_id}", "One flag with its thread", None, (), None, False),
    ("post", "/flags/{flag_id}/comments", "Comment on a flag",
     "comment", (), obj(("body",), body=STR), False),
    ("post", "/flags/{flag_id}/status", "Resolve, dismiss or reopen a flag",
     "flag", (), obj(("status",), status=enum(flags.STATUSES), comment=STR), False),
    ("get", "/revisions",
     "Revisions",
     None,
     (("status", STR), ("document", ID), ("author", STR), ("segment", ID), *PAGE),
     None,
     True),
    ("get", "/revisions/{revision_id}", "One revision with comments", None, (), None, False),
    ("post", "/segments/{segment_id}/revisions",
     "Propose new wording",
     "edit_text",
     (),
     obj(("text", "base_revision"), text=STR, base_revision=INT, note=STR, alignment=ID),
     False),
    ("post", "/revisions/{revision_id}/comments", "Comment on a revision",
     "comment", (), obj(("body",), body=STR), False),
    ("post", "/revisions/{revision_id}/approve",
     "Approve (four-eyes; 409 with the diff when stale)",
     "approve", (), None, False),
    ("post", "/revisions/{revision_id}/reject",
     "Reject with a reason",
     "approve",
     (),
     obj(("reason_code",), reason_code=enum(revisions.REJECT_REASONS), reason_text=STR),
     False),
    ("get", "/editions", "Editions",
     None, (("alignment", ID), ("document", ID), *PAGE), None, True),
    ("get", "/editions/{edition_id}", "One edition with its links",
     None, (("level", LEVEL),), None, False),
    ("post", "/alignments/{alignment_id}/editions", "Publish the next edition",
     "publish", (), obj(note=STR), False),
    ("get", "/search", "Full-text search (words, FTS5 syntax or regex)",
     None, SEARCH_PARAMS, None, True),
    ("get", "/concordance", "Bilingual concordance of a term",
     None, CONCORDANCE_PARAMS, None, True),
    ("get", "/openapi.json", "This description (no token needed)", None, (), None, False),
)
# fmt: on

#: Operations whose summary starts with one of these create something: 201.
CREATES = {"Import", "Raise", "Comment", "Propose", "Publish", "Align"}
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
    permission: str | None,
    query: tuple,
    body: dict | None,
    listing: bool,
) -> dict[str, Any]:
    params = [
        {"name": name, "in": "path", "required": True, "schema": ID}
        for name in re.findall(r"{(\w+)}", path)
    ] + [_parameter(spec) for spec in query]
    ok = "201" if method == "post" and summary.split()[0] in CREATES else "200"
    result = {"$ref": "#/components/schemas/Page"} if listing else {"type": "object"}
    who = ", ".join(sorted(PERMISSIONS[permission])) if permission else "any user"
    operation: dict[str, Any] = {
        "operationId": f"{method}_{re.sub(r'[^a-z]+', '_', path.lower()).strip('_')}",
        "summary": summary,
        "description": f"Permission: {permission or 'read'} ({who}).",
        "parameters": params,
        "responses": {
            ok: {"description": "OK", "content": {"application/json": {"schema": result}}},
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
            "{error: {status, message}}.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR, "Page": PAGE_SCHEMA},
        },
    }

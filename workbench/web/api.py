"""The JSON API under /api/v1/: the pages' reads and writes, for scripts, with API tokens.

Every view parses, checks the permission the page checks, calls one service and answers JSON.
Lists answer `{"items": [...], "total": n, "limit": l, "offset": o}` (limit 1 to MAX_PAGE);
errors answer `{"error": {"status": s, "message": "..."}}` (the app's handlers, plus a 409 with
the diff; a 405 keeps its Allow header). Query parameters are checked against the description
(web/openapi.py) before a view runs, so its bounds, lists and patterns are the server's. Bodies
are read by web/forms.py: a JSON object (or form fields) whose values have the types the
description gives them, never coerced.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from flask import Blueprint, jsonify, request

from workbench import aligning, flags, review, revisions, services
from workbench.errors import InputError, NotFound, WorkbenchError
from workbench.revisions import StaleRevision
from workbench.search import MAX_ID, choice, digits_value, whole_number
from workbench.store import LinkRow, Store
from workbench.store.review import LinkFilter
from workbench.web import get_store, json_error
from workbench.web.auth import can, require, username
from workbench.web.documents import _upload_args, in_api_terms
from workbench.web.flags import STATUS_ACTION, _filters, _flag_args, change_status
from workbench.web.forms import one_of, optional_string, payload, string, whole
from workbench.web.review import confirmed_ok, may_undo

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PAGE = 500
DEFAULT_PAGE = 50


@bp.url_value_preprocessor
def ids_in_range(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    """An id beyond SQLite's integers names nothing: 404, not an overflow."""
    for value in (values or {}).values():
        if isinstance(value, int) and value > MAX_ID:
            raise NotFound("no such item")


@bp.after_app_request
def bearer_challenge(response: Any) -> Any:
    """Tell an API client which authentication a 401 wants."""
    if response.status_code == 401 and request.path.startswith("/api/"):
        response.headers["WWW-Authenticate"] = 'Bearer realm="workbench"'
    return response


@bp.errorhandler(review.DropsConfirmations)
def drops_confirmations(error: review.DropsConfirmations) -> Any:
    """A structural edit that would drop confirmed links names them; nothing changed. The
    same request with `"confirmed_ok": true` goes ahead."""
    return json_error(409, str(error), confirmations=error.as_json()), 409


@bp.errorhandler(StaleRevision)
def stale(error: StaleRevision) -> Any:
    """A stale save says who changed the text since and how (the page shows the same), and
    where the paragraph stands now (`current_text`, `current_revision`, and the caller's own
    `pending` revision of it or null), so that a client can propose again from there."""
    changes = [{"kind": c.kind, "old": c.old, "new": c.new} for c in error.changes]
    diff = {"changed_by": error.changed_by, "theirs": error.theirs, "yours": error.yours}
    now = {
        "current_text": error.current_text,
        "current_revision": error.current_revision,
        "pending": error.pending,
    }
    return json_error(409, str(error), **diff, changes=changes, **now), 409


# -- query parameters, as the description has them ------------------------------------------

#: A query parameter: (name, JSON schema, required), as web/openapi.py describes it.
Parameter = tuple[str, dict[str, Any], bool]


@bp.before_app_request
def check_query() -> None:
    """Refuse what the description rules out in the query (a bound, a list of values, a
    pattern; an empty value too) before any view runs, so the server and its description
    agree on every parameter, with one kind of message. Runs after the login check."""
    rule = request.url_rule
    if rule is None or not rule.rule.startswith(f"{bp.url_prefix}/"):
        return
    method = "get" if request.method == "HEAD" else request.method.lower()
    for name, schema, required in _parameters().get((method, _described(rule.rule)), ()):
        values = request.args.getlist(name)
        if required and not values:
            raise InputError(f"{name} is required")
        for value in values:
            check_parameter(name, schema, value)


@functools.cache
def _parameters() -> dict[tuple[str, str], tuple[Parameter, ...]]:
    from workbench.web.openapi import query_parameters

    return query_parameters()


def _described(rule: str) -> str:
    """A Flask rule as the description writes its path: /links/<int:link_id> → /links/{link_id}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.removeprefix(bp.url_prefix or ""))


def check_parameter(name: str, schema: Mapping[str, Any], value: str) -> None:
    """One value of a query parameter against its schema (InputError naming it if it fails)."""
    if schema.get("type") == "integer":
        _check_integer(name, schema, value)
    elif "enum" in schema:
        if value not in schema["enum"]:
            allowed = ", ".join(schema["enum"])
            raise InputError(f"{name} must be one of {allowed}, not {_shown(value)}")
    else:
        _check_text(name, schema, value)


def _check_integer(name: str, schema: Mapping[str, Any], value: str) -> None:
    low, high = schema.get("minimum", 0), schema.get("maximum", MAX_ID)
    number = digits_value(value, high)  # the pages' rule: ASCII digits, no int() of thousands
    if number is None or number < low:
        raise InputError(f"{name} must be a whole number from {low} to {high}, not {_shown(value)}")


def _check_text(name: str, schema: Mapping[str, Any], value: str) -> None:
    """Length and pattern. The description's query patterns are anchored (`^…$`), and JSON
    Schema's `$` is the end of the text: re.fullmatch reads them so, where re.search let
    Python's `$` match before a final line break (`lang=en%0A` passed)."""
    if len(value) < schema.get("minLength", 0):
        raise InputError(f"{name} must not be empty")
    if len(value) > schema.get("maxLength", len(value)):
        raise InputError(f"{name} is at most {schema['maxLength']} characters")
    if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
        raise InputError(f"{name} must match {schema['pattern']}, not {_shown(value)}")


def _shown(value: str, limit: int = 80) -> str:
    """A refused value in a message: quoted, and cut short."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


# -- helpers ----------------------------------------------------------------------------------


def text(data: Mapping[str, Any], name: str, default: str = "") -> str:
    """A text field: a JSON string (another JSON type is refused, never coerced)."""
    return string(data, name, default)


def number(
    data: Mapping[str, Any], name: str, *, required: bool = False, least: int = 0
) -> int | None:
    """A whole number from `least` (an id: 1): a JSON integer (or digits); null, booleans
    and fractions are refused."""
    return whole(data, name, required=required, least=least)


def paged(items: list[Any], total: int | None = None, **extra: Any) -> Any:
    limit, offset = page_args()
    rows = items[offset : offset + limit] if total is None else items
    count = len(items) if total is None else total
    return jsonify(items=rows, total=count, limit=limit, offset=offset, **extra)


def page_args() -> tuple[int, int]:
    """`limit` (1 to MAX_PAGE, default DEFAULT_PAGE) and `offset` (from 0) of a list."""
    limit = whole_number(request.args, "limit", DEFAULT_PAGE)
    offset = whole_number(request.args, "offset", 0)
    assert limit is not None and offset is not None
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"limit is from 1 to {MAX_PAGE}, not {limit}")
    return limit, offset


def link_json(link: LinkRow) -> dict[str, Any]:
    return dict(link.__dict__)


def link_with_texts(store: Store, link: LinkRow) -> dict[str, Any]:
    """A link as the list of links answers it: with the texts of its segments, in order."""
    alignment = store.alignment(link.alignment_id)
    source = store.texts(alignment["source_version_id"], link.level, link.src_start, link.src_end)
    target = store.texts(alignment["target_version_id"], link.level, link.tgt_start, link.tgt_end)
    return {
        **link_json(link),
        "source": [s["text"] for s in source],
        "target": [t["text"] for t in target],
    }


# -- documents, versions, segments ---------------------------------------------------------------


@bp.get("/documents")
def documents() -> Any:
    return paged(get_store().documents())


@bp.post("/documents")
def import_document() -> Any:
    require("import")
    args = _upload_args(request.form, request.files.get("file"))
    try:
        result = services.import_file(
            get_store(), **args, user=username(), may_review=can("confirm") and can("flag")
        )
    except WorkbenchError as error:
        renamed = in_api_terms(error)
        if renamed is error:
            raise
        raise renamed from None
    return jsonify(result.as_json()), 201


@bp.get("/documents/<int:document_id>")
def document(document_id: int) -> Any:
    store = get_store()
    found = store.document(document_id)
    return jsonify(
        found | dict(versions=store.versions(document_id), alignments=store.alignments(document_id))
    )


@bp.get("/documents/<int:document_id>/versions")
def versions(document_id: int) -> Any:
    get_store().document(document_id)
    return paged(get_store().versions(document_id))


@bp.get("/versions/<int:version_id>")
def version(version_id: int) -> Any:
    return jsonify(get_store().version(version_id))


@bp.get("/versions/<int:version_id>/segments")
def segments(version_id: int) -> Any:
    store = get_store()
    store.version(version_id)
    level = choice(request.args, "level", ("paragraph", "sentence"), "paragraph")
    limit, offset = page_args()
    where = {"version_id": version_id, "level": level}
    rows, total = store.page_of("segments", where, limit=limit, offset=offset, order="position")
    return paged(rows, total)


@bp.get("/segments/<int:segment_id>")
def segment(segment_id: int) -> Any:
    store = get_store()
    row = store.segment(segment_id)
    return jsonify({**row, "history": revisions.history(store, segment_id)})


# -- alignments and links ----------------------------------------------------------------------


@bp.get("/documents/<int:document_id>/alignments")
def alignments(document_id: int) -> Any:
    get_store().document(document_id)
    return paged(get_store().alignments(document_id))


@bp.post("/documents/<int:document_id>/alignments")
def align(document_id: int) -> Any:
    """201 with a new alignment; 200 when the pair was aligned before (the same alignment,
    aligned again: confirmed and edited links kept)."""
    require("edit_alignment")
    data = payload()
    store = get_store()
    source, target = number(data, "source", least=1), number(data, "target", least=1)
    store.document(document_id)
    for version_id in (source, target):
        if version_id is not None:
            store.version(version_id)  # 0 names no version (404), never "the default one"
    before = {row["id"] for row in store.alignments(document_id)}
    alignment_id = aligning.align_versions(store, document_id, source, target, user=username())
    return jsonify(store.alignment(alignment_id)), 200 if alignment_id in before else 201


@bp.get("/alignments/<int:alignment_id>")
def alignment(alignment_id: int) -> Any:
    return jsonify(get_store().alignment(alignment_id))


@bp.get("/alignments/<int:alignment_id>/links")
def links(alignment_id: int) -> Any:
    args = request.args
    level = choice(args, "level", ("paragraph", "sentence"), "paragraph")
    status = choice(args, "status", ("confirmed", "unconfirmed"), None)
    limit, offset = page_args()
    store = get_store()
    with store.snapshot():
        page = review.page(
            store,
            alignment_id,
            LinkFilter(status=status),
            offset=offset,
            limit=limit,
            level=level,
        )
    items = [
        {
            **link_json(row.link),
            "source": [s["text"] for s in row.source],
            "target": [t["text"] for t in row.target],
        }
        for row in page.rows
    ]
    return paged(items, page.total)


@bp.get("/alignments/<int:alignment_id>/links/<int:link_id>")
def link(alignment_id: int, link_id: int) -> Any:
    store = get_store()
    return jsonify(link_with_texts(store, store.link(link_id, alignment_id)))


def _status(status: str) -> Callable[..., Any]:
    def edit(store: Store, alignment_id: int, link_id: int, _data: Any, user: str) -> Any:
        changed = review.set_status(store, alignment_id, [link_id], user=user, status=status)
        return {"changed": changed, "link": link_json(store.link(link_id))}

    return edit


def _split(store: Store, alignment_id: int, link_id: int, data: Any, user: str) -> Any:
    src_at, tgt_at = number(data, "src_at", required=True), number(data, "tgt_at", required=True)
    ok = confirmed_ok(data)
    return {"links": review.split(store, alignment_id, link_id, src_at, tgt_at, user=user, **ok)}


def _shift(store: Store, alignment_id: int, link_id: int, data: Any, user: str) -> Any:
    side = one_of(data, "side", ("source", "target"), "source")
    direction = one_of(data, "direction", ("up", "down"), "up")
    ok = {**confirmed_ok(data), "neighbour": number(data, "neighbour", least=1)}
    return {"links": review.shift(store, alignment_id, link_id, side, direction, user=user, **ok)}


def _merge(store: Store, alignment_id: int, link_id: int, data: Any, user: str) -> Any:
    direction = one_of(data, "direction", ("next", "previous"), "next")
    ok = {**confirmed_ok(data), "neighbour": number(data, "neighbour", least=1)}
    return {"links": review.merge(store, alignment_id, link_id, direction, user=user, **ok)}


def _simple(edit: Callable[..., list[int]]) -> Callable[..., Any]:
    return lambda store, alignment_id, link_id, data, user: {
        "links": edit(store, alignment_id, link_id, user=user, **confirmed_ok(data))
    }


#: The review page's edits of one link: action -> (permission, what it does).
LINK_EDITS: dict[str, tuple[str, Callable[..., Any]]] = {
    "confirm": ("confirm", _status("confirmed")),
    "unconfirm": ("confirm", _status("auto")),
    "merge": ("edit_alignment", _merge),
    "split": ("edit_alignment", _split),
    "shift": ("edit_alignment", _shift),
    "detach": ("edit_alignment", _simple(review.detach)),
    "realign": ("edit_alignment", _simple(review.realign)),
}


def _link_edit(action: str) -> Callable[..., Any]:
    permission, edit = LINK_EDITS[action]

    def view(alignment_id: int, link_id: int) -> Any:
        # "may not confirm" would misname an unconfirm, which the same permission covers
        require(permission, action="unconfirm links" if action == "unconfirm" else None)
        return jsonify(edit(get_store(), alignment_id, link_id, payload(), username()))

    return view


for _action in LINK_EDITS:
    bp.add_url_rule(
        f"/alignments/<int:alignment_id>/links/<int:link_id>/{_action}",
        f"link_{_action}",
        _link_edit(_action),
        methods=["POST"],
    )


@bp.post("/alignments/<int:alignment_id>/undo")
def undo(alignment_id: int) -> Any:
    if not (can("confirm") or can("edit_alignment")):
        require("edit_alignment")
    store = get_store()
    store.alignment(alignment_id)  # no such alignment is a 404, not "nothing to undo"
    # dropping links someone else confirmed since the edit wants "confirmed_ok": true (409)
    ok = confirmed_ok(payload())
    undone = review.undo(store, alignment_id, user=username(), may=may_undo(), **ok)
    return jsonify({"undone": undone})


# -- flags ------------------------------------------------------------------------------------


@bp.get("/alignments/<int:alignment_id>/flags")
def alignment_flags(alignment_id: int) -> Any:
    """One page of an alignment's flags (or of those overlapping one link), paged in SQL: the
    total is counted, and only the page's flags are built (the alignment and link first)."""
    link_id = whole_number(request.args, "link")
    store = get_store()
    with store.snapshot():
        total = flags.count_for_link(store, alignment_id, link_id)
        limit, offset = page_args()
        found = flags.flags_for_link(store, alignment_id, link_id, limit=limit, offset=offset)
    return paged(found, total)


@bp.post("/alignments/<int:alignment_id>/flags")
def raise_flag(alignment_id: int) -> Any:
    require("flag")
    flag = flags.raise_flag(get_store(), alignment_id, **_flag_args(payload()), user=username())
    return jsonify(flag), 201


@bp.get("/documents/<int:document_id>/flags")
def document_flags(document_id: int) -> Any:
    """One page of a document's flags, paged in SQL: the total is counted, and only the
    page's flags get their threads and texts (the document and filters are checked first)."""
    store = get_store()
    with store.snapshot():
        filters = _filters(request.args, store, document_id)
        total = flags.count_flags(store, document_id, **filters)
        limit, offset = page_args()
        found = flags.list_flags(store, document_id, **filters, limit=limit, offset=offset)
    return paged(found, total)


@bp.get("/flags/<int:flag_id>")
def flag(flag_id: int) -> Any:
    return jsonify(flags.flag_json(get_store(), flag_id))


@bp.post("/flags/<int:flag_id>/comments")
def flag_comment(flag_id: int) -> Any:
    require("comment")
    added = flags.add_comment(get_store(), flag_id, text(payload(), "body"), user=username())
    return jsonify(added), 201


@bp.post("/flags/<int:flag_id>/status")
def flag_status(flag_id: int) -> Any:
    """The flag with `changed` (0: it had that status already, and nothing changed). With
    `from_status`, the status the caller saw, a flag someone changed since is a 409."""
    require("flag", action=STATUS_ACTION)
    data = payload()
    status, comment = text(data, "status"), optional_string(data, "comment")
    seen = optional_string(data, "from_status")
    flag, changed = change_status(
        get_store(), flag_id, status, comment, user=username(), from_status=seen
    )
    return jsonify({**flag, "changed": changed})


@bp.get("/openapi.json")
def openapi() -> Any:
    from workbench.web.openapi import description

    return jsonify(description())

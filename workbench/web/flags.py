"""Flags: the per-document flags page and the endpoints the review page's scripts call.

Writes take JSON or a form. Scripts get JSON back (201 for what they created); a browser's
form post is redirected back to the flags page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from workbench import flags
from workbench.errors import Conflict, InputError, NotFound, WorkbenchError
from workbench.store import Store
from workbench.typed import invisible
from workbench.web import get_store
from workbench.web.auth import require, username
from workbench.web.documents import error_page, int_field, paragraph_range, prefers_html, review_url
from workbench.web.forms import local_path, optional_string, payload, whole

bp = Blueprint("flags", __name__)


#: Flags on one page of a document's flags page (each has its thread and two forms).
FLAGS_PAGE = 200


@bp.get("/documents/<int:document_id>/flags")
def document_flags(document_id: int) -> str:
    return _flags_page(document_id, request.args)


def _flags_page(document_id: int, args: Mapping[str, str], **more: Any) -> str:
    """The flags page of a document for the query `args` (filters, page, flag), with what
    else the template shows (`refused`: a status change refused, beside its flag)."""
    store = get_store()
    with store.snapshot():
        filters = _filters(args, store, document_id)
        shown = _page(store, document_id, filters, args)
    return render_template(
        "flags.html",
        document=store.document(document_id),
        versions=store.versions(document_id),
        **shown,
        filters=filters,
        categories=flags.CATEGORIES,
        severities=flags.SEVERITIES,
        statuses=flags.STATUSES,
        review_url=review_url,
        paragraphs=paragraph_range,
        **more,
    )


@bp.post("/alignments/<int:alignment_id>/flags")
def raise_flag(alignment_id: int) -> Any:
    require("flag")
    flag = flags.raise_flag(get_store(), alignment_id, **_flag_args(payload()), user=username())
    return _answer(flag, flag, 201)


@bp.post("/flags/<int:flag_id>/comments")
def comment(flag_id: int) -> Any:
    require("comment")
    data = payload()
    body = _raw(data, "body") or _raw(data, "comment") or ""
    added = flags.add_comment(get_store(), flag_id, body, user=username())
    return _answer(added, get_store().flag(flag_id), 201)


#: What a status change is called when a role may not make it (the "flag" permission covers
#: it: whoever may raise a flag may resolve, dismiss or reopen one).
STATUS_ACTION = "change a flag's status"


@bp.post("/flags/<int:flag_id>/status")
def status(flag_id: int) -> Any:
    """`status`, with an optional `comment`; `from_status`, the status the page showed (its
    form sends it), refuses (409) a change of a flag someone changed since."""
    require("flag", action=STATUS_ACTION)
    data = payload()
    status, comment = _raw(data, "status") or "", _raw(data, "comment")
    store = get_store()
    try:
        flag, changed = change_status(
            store, flag_id, status, comment, user=username(), from_status=_raw(data, "from_status")
        )
    except flags.StatusChanged as error:
        if not prefers_html():
            raise
        return _refused(store, flag_id, error), error.status
    return _answer({**flag, "changed": changed}, flag, 200)


def change_status(
    store: Store,
    flag_id: int,
    status: str,
    comment: str | None,
    *,
    user: str | None,
    from_status: str | None = None,
) -> tuple[dict[str, Any], int]:
    """flags.set_status, where asking for the status the flag has is no conflict (a retry, a
    second click, or two people making the same decision): (the flag, 1), or (the flag, 0)
    when it had that status and nothing changed; a comment sent with such a repeat is not
    added. The service checks the status and the comment first, so a repeat is refused for
    what any request would be. A change from a status the flag no longer has (`from_status`,
    what the asker saw) stays a 409: someone else decided otherwise since."""
    try:
        flag = flags.set_status(
            store, flag_id, status, user=user, comment=comment, from_status=from_status
        )
        return flag, 1
    except Conflict:
        if store.flag(flag_id)["status"] != status:
            raise  # a change the state rules out, or a StatusChanged
        return flags.flag_json(store, flag_id), 0


def _refused(store: Store, flag_id: int, error: flags.StatusChanged) -> str:
    """The flags page again for a browser's refused status change: the page that holds the
    flag, unfiltered (a filter on the status it had would hide it now), with the refusal
    beside the flag, so the person sees the decision they were about to undo."""
    flag = store.flag(flag_id)
    refused = {"flag_id": flag_id, "message": str(error)}
    document_id, shown = flag["document_id"], {"flag": str(flag_id)}
    back = url_for(".document_flags", document_id=document_id, **shown)
    return _flags_page(document_id, shown, refused=refused, back=back)


@bp.get("/alignments/<int:alignment_id>/flags.json")
def alignment_flags(alignment_id: int) -> Any:
    link_id = int_field(request.args, "link")
    return jsonify({"flags": flags.flags_for_link(get_store(), alignment_id, link_id)})


@bp.errorhandler(WorkbenchError)
def error(error: WorkbenchError) -> Any:
    """The endpoints scripts call answer errors in JSON too, unless a browser's form posted."""
    if (request.method == "POST" or request.path.endswith(".json")) and not prefers_html():
        return jsonify({"error": {"status": error.status, "message": str(error)}}), error.status
    return error_page(error)


# -- helpers ----------------------------------------------------------------------------------


def _page(
    store: Store, document_id: int, filters: dict[str, Any], args: Mapping[str, str]
) -> dict[str, Any]:
    """One page of the flags matching the filters (`page`, from 1; past the end, the last;
    without it, the page holding `flag` when given), with their total: a document's flags are
    otherwise one page however many there are. The total, the position of `flag` and the page
    come from SQL, so only the shown flags get their threads and texts built."""
    total = flags.count_flags(store, document_id, **filters)
    pages = max(1, -(-total // FLAGS_PAGE))
    page = int_field(args, "page")
    wanted = int_field(args, "flag")  # a link to one flag opens the page that holds it
    if page is None and wanted is not None:
        before = flags.flag_position(store, document_id, wanted, **filters)
        page = before // FLAGS_PAGE + 1 if before is not None else 1
    page = 1 if page is None else page
    if page < 1:
        raise InputError(f"page is a whole number from 1, not {page}")
    page = min(page, pages)
    first = (page - 1) * FLAGS_PAGE
    shown = flags.list_flags(store, document_id, **filters, limit=FLAGS_PAGE, offset=first)
    return {"flags": shown, "total": total, "page": page, "pages": pages, "first": first}


def _answer(body: dict[str, Any], flag: dict[str, Any], status: int) -> Any:
    """JSON for scripts; for a form, back to the page it came from (`next`, a path under
    /documents/: see forms.local_path), else to the page of the document's flags that holds
    this flag."""
    if not prefers_html():
        return jsonify(body), status
    target = local_path(request.form.get("next"), under="/documents/")
    if target is None:
        before = get_store().flag_position(flag["id"], document_id=flag["document_id"])
        page = before // FLAGS_PAGE + 1 if before is not None else 1
        more = {"page": page} if page > 1 else {}
        target = url_for(".document_flags", document_id=flag["document_id"], **more)
    return redirect(f"{target.split('#')[0]}#flag-{flag['id']}", 303)


def _raw(data: Mapping[str, Any], name: str) -> str | None:
    """A text field, or None when absent (JSON: a string; numbers, lists, booleans and null
    where text belongs are refused, naming the field)."""
    return optional_string(data, name)


def _text(data: Mapping[str, Any], name: str) -> str | None:
    return (_raw(data, name) or "").strip() or None


def _quote(data: Mapping[str, Any]) -> str | None:
    """The quoted words, or None when there are none: absent, or blank as the README has
    blank (white space, zero-width characters, soft hyphens, bidi controls alone)."""
    quote = _text(data, "quote")
    return None if quote is None or invisible(quote) else quote


def _flag_args(data: Mapping[str, Any]) -> dict[str, Any]:
    """raise_flag's arguments: a link id, position ranges, or a span (side, position, start,
    end; or side, link id and the quoted words, with which of their occurrences when they occur
    more than once: `occurrence`, from 1), plus category, severity and an optional first
    comment. A blank quote is no quote: the whole link, whatever `side` says when no offsets
    come with it (the review page sends the side it was on with an empty quote)."""
    names = ("src_start", "src_end", "tgt_start", "tgt_end")
    needed = "position ranges need src_start, src_end, tgt_start and tgt_end"
    for name in names:
        if name in data and data[name] is None:
            raise InputError(f"{needed}: {name} is null, not a whole number")
    given = [whole(data, name) for name in names]
    if any(value is not None for value in given) and any(value is None for value in given):
        raise InputError(needed)
    span = {name: whole(data, name) for name in ("position", "start", "end")}
    quote, side = _quote(data), _text(data, "side")
    if quote is None and "quote" in data and all(value is None for value in span.values()):
        side = side if side not in flags.SIDES else None  # a blank quote: the whole link
    return {
        "category": _text(data, "category") or "",
        "severity": _text(data, "severity") or "",
        "link_id": whole(data, "link_id", least=1),
        "ranges": tuple(given) if given[0] is not None else None,
        "side": side,
        **span,
        "quote": quote,
        "occurrence": whole(data, "occurrence"),
        "comment": _raw(data, "comment"),
    }


def _filters(args: Mapping[str, str], store: Store, document_id: int) -> dict[str, Any]:
    """The flags filters of a document's listing (the page's and the API's). A version that is
    not one of the document's (unknown, or another document's) is a 404 that names the
    document's versions, rather than a listing with no flags as if it had none; an unknown
    document is a 404 first. Values of the wrong form stay 400s."""
    version_id = int_field(args, "version")
    if version_id is not None:
        store.document(document_id)  # an unknown document is a 404, whatever the filters
        known = [v["id"] for v in store.versions(document_id)]
        if version_id not in known:
            raise NotFound(
                f"document {document_id} has no version {version_id} "
                f"(its versions: {', '.join(map(str, known)) or 'none'})"
            )
    return {
        "status": args.get("status") or None,
        "severity": args.get("severity") or None,
        "category": args.get("category") or None,
        "version_id": version_id,
    }

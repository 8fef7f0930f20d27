"""The side-by-side review page of an alignment, and the edits its scripts post.

Views stay thin: parse the query or form, call one function of `workbench.review`, then render
the page, a partial (a window of rows, the sentence links of one row) or JSON. The page's
scripts post with the `X-CSRF-Token` header and want JSON back, errors included, so that the
status line can say what went wrong; this blueprint answers its own errors that way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import (
    Blueprint,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException

from workbench import findings, flags, languages, qa, review, revisions
from workbench.errors import Conflict, InputError, NotFound, WorkbenchError
from workbench.store import Store
from workbench.store.review import LinkFilter
from workbench.web import get_store, http_message, json_error, with_headers_of
from workbench.web.auth import can, current_user, require, username
from workbench.web.forms import JsonObject, json_type, payload
from workbench.web.review_marks import band, marked_rows, qa_severity, with_findings

bp = Blueprint("review", __name__)


@bp.record_once
def _note_limit(state: Any) -> None:
    """`max_note` in every template: the longest note a proposed revision may carry, as the
    server holds it (revisions.MAX_COMMENT), for the forms that ask for one (the review
    page's editor, the history page), so that no maxlength is a copy of it that drifts."""
    state.app.jinja_env.globals["max_note"] = revisions.MAX_COMMENT


#: The query parameters that make up a filter (kept in every URL the page builds).
FILTER_PARAMS = ("status", "below", "q", "flagged", "qa", "level")
STATUSES = ("unconfirmed", "confirmed")
LEVELS = ("paragraph", "sentence")


# -- pages and partials -----------------------------------------------------------------------


@bp.get("/alignments/<int:alignment_id>/review")
def page(alignment_id: int) -> Any:
    store = get_store()
    at = whole(request.args, "at", -1)
    if at >= 0:
        store.alignment(alignment_id)  # an unknown alignment stays a 404
        try:
            store.link(at, alignment_id)
        except NotFound:
            args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "at"}
            args.update(_replaced_link(store, alignment_id, at))
            return redirect(url_for("review.page", alignment_id=alignment_id, **args))
    return render_template("review.html", **_window(store, alignment_id, request.args))


def _replaced_link(store: Store, alignment_id: int, at: int) -> dict[str, int]:
    """Say why link `at` is not there; where an edit's record knows the link now holding its
    place, open the page there (`{"at": id}`), else at the start."""
    if not store.link_was_replaced(at) or store.link_was_elsewhere(alignment_id, at):
        # a mistyped id, or one of another alignment (replaced there or not)
        flash(f"There is no link {at} in this alignment.")
        return {}
    gone = f"Link {at} is no longer in this alignment (merged, split or re-aligned)"
    found = review.successor(store, alignment_id, at)
    if found is None:
        flash(f"{gone}.")
        return {}
    was, unit = found.was, "¶" if found.was["level"] == "paragraph" else "s."
    where = (
        f"{positions(was['src_start'], was['src_end'], unit)}"
        f" → {positions(was['tgt_start'], was['tgt_end'], unit)}"
    )
    flash(f"{gone}: its place ({where}) is in link {found.link.id} now, shown here.")
    return {"at": found.link.id}


@bp.get("/alignments/<int:alignment_id>/rows")
def rows(alignment_id: int) -> str:
    """One window of rows (what the scripts swap in after an edit or when paging)."""
    return render_template(
        "_review_window.html", **_window(get_store(), alignment_id, request.args)
    )


@bp.get("/alignments/<int:alignment_id>/links/<int:link_id>/sentences")
def sentences(alignment_id: int, link_id: int) -> str:
    return render_template(
        "_review_sentences.html", **_sentence_links(get_store(), alignment_id, link_id)
    )


@bp.get("/alignments/<int:alignment_id>/next-suspicious")
def next_suspicious(alignment_id: int) -> Any:
    store = get_store()
    link_filter, level = filter_for(store, alignment_id, request.args)
    link = review.next_suspicious(store, alignment_id, link_filter, level)
    noun = "sentence link" if level == "sentence" else "link"
    if link is None:
        return jsonify(link=None, index=None, message=f"No unconfirmed {noun} left in this filter.")
    index = review.position_of(store, alignment_id, link.id, link_filter)
    return jsonify(link=link.id, index=index, message=f"Least confident {noun}: {index + 1}.")


@bp.get("/alignments/<int:alignment_id>/next-finding")
def next_finding(alignment_id: int) -> Any:
    """The next link (within the filter) with open QA findings after link `after`."""
    store = get_store()
    link_filter, _level = filter_for(store, alignment_id, request.args)
    after = whole(request.args, "after", -1)
    severity = qa_severity(request.args) or "minor"
    link, wrapped = findings.next_link_with_findings(
        store, alignment_id, link_filter, after if after >= 0 else None, severity
    )
    if link is None:
        return jsonify(link=None, index=None, message="No link with QA findings in this filter.")
    index = review.position_of(store, alignment_id, link.id, link_filter)
    again = " (from the start again)" if wrapped else ""
    return jsonify(link=link.id, index=index, message=f"QA findings: link {index + 1}{again}.")


# -- edits ------------------------------------------------------------------------------------


@bp.post("/alignments/<int:alignment_id>/links/<int:link_id>/confirm")
def confirm(alignment_id: int, link_id: int) -> Any:
    require("confirm")
    changed = review.set_status(get_store(), alignment_id, [link_id], user=username())
    return done(link_id, "Confirmed." if changed else "Already confirmed.")


@bp.post("/alignments/<int:alignment_id>/links/<int:link_id>/unconfirm")
def unconfirm(alignment_id: int, link_id: int) -> Any:
    require("confirm", action="unconfirm links")
    store = get_store()
    changed = review.set_status(store, alignment_id, [link_id], user=username(), status="auto")
    return done(link_id, "Back to unconfirmed." if changed else "Not confirmed yet.")


@bp.post("/alignments/<int:alignment_id>/confirm-above")
def confirm_above(alignment_id: int) -> Any:
    require("confirm")
    data = payload()
    threshold = number(data, "threshold", required=True)
    store = get_store()
    link_filter, level = filter_for(store, alignment_id, data)
    count = review.confirm_above(
        store, alignment_id, threshold, link_filter, user=username(), level=level
    )
    noun = ("sentence " if level == "sentence" else "") + ("link" if count == 1 else "links")
    message = f"Confirmed {count} {noun} with confidence ≥ {threshold:g}."
    return jsonify(ok=True, focus=None, count=count, message=message)


@bp.post("/alignments/<int:alignment_id>/links/<int:link_id>/merge")
def merge(alignment_id: int, link_id: int) -> Any:
    require("edit_alignment")
    data = payload()
    direction = choice(data, "direction", ("next", "previous"))
    ok = {**confirmed_ok(data), **seen_neighbour(data)}
    ids = review.merge(get_store(), alignment_id, link_id, direction, user=username(), **ok)
    return done(ids[0], f"Merged with the {direction} link.")


@bp.post("/alignments/<int:alignment_id>/links/<int:link_id>/split")
def split(alignment_id: int, link_id: int) -> Any:
    require("edit_alignment")
    data = payload()
    src_at, tgt_at = whole(data, "src_at"), whole(data, "tgt_at")
    store, ok = get_store(), confirmed_ok(data)
    ids = review.split(store, alignment_id, link_id, src_at, tgt_at, user=username(), **ok)
    return done(ids[0], "Split in two.")


@bp.post("/alignments/<int:alignment_id>/links/<int:link_id>/shift")
def shift(alignment_id: int, link_id: int) -> Any:
    require("edit_alignment")
    data = payload()
    side = choice(data, "side", ("source", "target"))
    direction = choice(data, "direction", ("up", "down"))
    store = get_store()
    unit = store.link(link_id, alignment_id).level
    ok = {**confirmed_ok(data), **seen_neighbour(data)}
    ids = review.shift(store, alignment_id, link_id, side, direction, user=username(), **ok)
    # The link itself is the second of the pair when moving up, the first when moving down.
    focus = ids[-1] if direction == "up" else ids[0]
    return done(focus, f"Moved a {side} {unit} {direction}.")


@bp.post("/alignments/<int:alignment_id>/links/<int:link_id>/detach")
def detach(alignment_id: int, link_id: int) -> Any:
    require("edit_alignment")
    ok = confirmed_ok(payload())
    ids = review.detach(get_store(), alignment_id, link_id, user=username(), **ok)
    return done(ids[0], "Detached: source and target now stand alone.")


@bp.post("/alignments/<int:alignment_id>/links/<int:link_id>/realign")
def realign(alignment_id: int, link_id: int) -> Any:
    require("edit_alignment")
    ok = confirmed_ok(payload())
    ids = review.realign(get_store(), alignment_id, link_id, user=username(), **ok)
    return done(ids[0], f"Aligned the unconfirmed stretch again: {len(ids)} links.")


@bp.post("/alignments/<int:alignment_id>/undo")
def undo(alignment_id: int) -> Any:
    if not (can("confirm") or can("edit_alignment")):
        require("edit_alignment")  # raises, naming the missing permission
    store = get_store()
    store.alignment(alignment_id)  # no such alignment is a 404, not "nothing to undo"
    # the latest edit may be far from the focused row: say what and where, and go there;
    # an undo that would drop someone else's confirmations asks first, as any edit does
    ok = confirmed_ok(payload())
    undone = review.undo_last(store, alignment_id, user=username(), may=may_undo(), **ok)
    return done(undone.focus, f"Undone: {undone.describe()}.")


def may_undo() -> list[str]:
    """The permissions of review.UNDO_NEEDS the current user has."""
    return [permission for permission in review.UNDO_NEEDS.values() if can(permission)]


def done(focus: int | None, message: str) -> Any:
    return jsonify(ok=True, focus=focus, message=message)


def confirmed_ok(data: Mapping[str, Any]) -> dict[str, bool]:
    """Whether the person said yes to dropping confirmed links (the page asks first, and
    posts again with confirmed_ok=1); as keyword arguments of the edit."""
    return {"confirmed_ok": boolean(data, "confirmed_ok")}


def seen_neighbour(data: Mapping[str, Any]) -> dict[str, int | None]:
    """The link a merge or shift joins, as the page showed it (`neighbour`: its id, from the
    row's data-next or data-previous), as a keyword argument of the edit: the edit is refused
    if another link is there now. Not sent (an older page, a script): not checked."""
    seen = whole(data, "neighbour", 0)
    if seen < 0:
        raise InputError(f"neighbour must be a link id, not {seen}")
    return {"neighbour": seen or None}


# -- errors -----------------------------------------------------------------------------------


def wants_json() -> bool:
    """Every write here is a script's fetch; partials are JSON on error when asked for."""
    if request.endpoint == "review.page":
        return False
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.method != "GET" or best == "application/json"


@bp.errorhandler(WorkbenchError)
def domain_error(error: WorkbenchError) -> Any:
    """Errors in the app's JSON shape (`{"error": {"status", "message"}}`) for the scripts;
    a 409 that asks first carries the question in the error."""
    link_id = (request.view_args or {}).get("link_id")
    if isinstance(error, NotFound) and request.method == "POST" and link_id is not None:
        error = _replaced(link_id) or error
    if isinstance(error, review.DropsConfirmations):
        # the page asks the person, then posts again with confirmed_ok
        question = {"message": error.summary, "verb": error.verb}
        body = json_error(409, str(error), confirm=question, confirmations=error.as_json())
        return body, error.status
    if wants_json():
        return json_error(error.status, str(error)), error.status
    return render_template("error.html", error=error, status=error.status), error.status


def _replaced(link_id: int) -> Conflict | None:
    """A 409 when someone else merged, split or re-aligned this link of the alignment since
    the page was loaded (an edit's record says it was there); a link that never was in it,
    one of another alignment, stays a 404, as in the API."""
    alignment_id = (request.view_args or {}).get("alignment_id")
    store = get_store()
    if not store.link_was_replaced(link_id) or alignment_id is None:
        return None
    if store.where_link_was(alignment_id, link_id) is None:
        return None
    return Conflict(
        f"link {link_id} was changed meanwhile (merged, split or re-aligned by someone "
        "else): reload the page to see the alignment as it is now"
    )


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Any:
    """CSRF refusals (400) and logged-out scripts (401) get a message the page can show."""
    status = error.code or 500
    if wants_json():
        return with_headers_of(error, json_error(status, http_message(error))), status
    page = make_response(render_template("error.html", error=error.description, status=status))
    return with_headers_of(error, page), status


# -- parsing ----------------------------------------------------------------------------------


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def whole(data: Mapping[str, Any], name: str, default: int | None = None) -> int:
    """A whole number of a form field or query parameter; in JSON, a JSON integer."""
    if isinstance(data, JsonObject) and name in data:
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{name} must be a whole number, not {json_type(value)}")
    value = _text(data, name)
    if not value:
        if default is None:
            raise InputError(f"{name} is missing")
        return default
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{name} must be a whole number, not '{value}'") from None


def number(data: Mapping[str, Any], name: str, *, required: bool = False) -> Any:
    """A confidence between 0 and 1 (None when optional and empty); in JSON, a number."""
    if isinstance(data, JsonObject) and data.get(name) is not None:
        given = data[name]
        if isinstance(given, bool) or not isinstance(given, int | float):
            raise InputError(f"{name} must be a number between 0 and 1, not {json_type(given)}")
    value = _text(data, name)
    if not value:
        if required:
            raise InputError(f"{name} is missing")
        return None
    try:
        result = float(value)
    except ValueError:
        raise InputError(f"{name} must be a number between 0 and 1, not '{value}'") from None
    if not 0 <= result <= 1:
        raise InputError(f"{name} must be between 0 and 1, not {value}")
    return result


#: How a yes or a no is spelled in a form field (JSON says true or false).
YES = ("1", "true", "on", "yes")
NO = ("", "0", "false", "off", "no")


def boolean(data: Mapping[str, Any], name: str) -> bool:
    """A yes/no field: a JSON boolean, or a form field spelled as in YES or NO; absent is no.
    Anything else (a number, null; a string in JSON, `"false"`) is refused rather than
    guessed at."""
    value = data.get(name, False)
    if isinstance(value, bool):
        return value
    spelled = isinstance(value, str) and not isinstance(data, JsonObject)
    if spelled and value.strip().lower() in YES + NO:
        return value.strip().lower() in YES
    raise InputError(f"{name} must be true or false, not {json_type(value)}")


def choice(data: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = _text(data, name)
    if value not in allowed:
        raise InputError(f"{name} must be {' or '.join(allowed)}, not '{value}'")
    return value


def parse_filter(data: Mapping[str, Any]) -> tuple[LinkFilter, str]:
    """The filter and level the page shows, from query parameters or form fields."""
    status = _text(data, "status") or None
    if status is not None and status not in STATUSES:
        raise InputError(f"status must be unconfirmed or confirmed, not '{status}'")
    level = _text(data, "level") or "paragraph"
    if level not in LEVELS:
        raise InputError(f"level must be paragraph or sentence, not '{level}'")
    text = _text(data, "q")[:200] or None
    flagged = boolean(data, "flagged")  # strict: `?flagged=maybe` is a 400, not a quiet "no"
    link_filter = LinkFilter(status=status, below=number(data, "below"), text=text, flagged=flagged)
    return link_filter, level


def filter_for(store: Store, alignment_id: int, data: Mapping[str, Any]) -> tuple[LinkFilter, str]:
    """parse_filter, narrowed to the links with QA findings when `qa` asks for them."""
    link_filter, level = parse_filter(data)
    return with_findings(store, alignment_id, link_filter, qa_severity(data)), level


# -- presentation -----------------------------------------------------------------------------


def _window(store: Store, alignment_id: int, args: Mapping[str, Any]) -> dict[str, Any]:
    """The template context of a window of rows: where it starts, its rows, their flags."""
    link_filter, level = filter_for(store, alignment_id, args)
    limit = max(1, min(whole(args, "limit", review.PAGE_SIZE), 500))
    at = whole(args, "at", -1)
    at_index = None
    if at >= 0:
        # a link of the other level (switching levels, "e" on a sentence link) stands for its
        # counterpart: the paragraph link holding it, or the first sentence link inside it
        found = review.link_at_level(store, alignment_id, at, level)
        at = found.id if found is not None else -1
    if at >= 0:
        at_index = review.position_of(store, alignment_id, at, link_filter)
        offset = at_index - at_index % limit
    else:
        offset = max(0, whole(args, "offset", 0))
    window = review.page(store, alignment_id, link_filter, offset=offset, limit=limit, level=level)
    past_end = None
    if not window.rows and offset > 0:
        # past the last link (an old URL, fewer links after an edit, a link the filter hides
        # after the last one it shows): the last page, and a notice when the URL asked for it
        past_end = offset if at_index is None else None
        offset = max(0, window.total - 1) // limit * limit
        window = review.page(
            store, alignment_id, link_filter, offset=offset, limit=limit, level=level
        )
    rows, qa_failed = marked_rows(store, alignment_id, window, level)
    source_lang = window.source_version["language"]
    target_lang = window.target_version["language"]
    query = {name: args.get(name) for name in FILTER_PARAMS if args.get(name)}
    if limit != review.PAGE_SIZE:
        query["limit"] = str(limit)
    return {
        "page": window,
        "rows": rows,
        "neighbours": review.neighbours(store, [row.link for row in window.rows]),
        "query": query,
        "focus": at if at >= 0 else None,
        "past_end": past_end,
        "filtered": any(name in query for name in FILTER_PARAMS if name != "level"),
        "first_url": _page_url(alignment_id, query, 0),
        "at_index": at_index,
        "filter": link_filter,
        "level": level,
        "unit": "¶" if level == "paragraph" else "s.",
        "source_lang": source_lang,
        "target_lang": target_lang,
        "source_dir": languages.direction(source_lang),
        "target_dir": languages.direction(target_lang),
        "language_name": languages.name,
        "document": store.document(window.alignment["document_id"]),
        "categories": flags.CATEGORIES,
        "severities": flags.SEVERITIES,
        "qa_severities": qa.SEVERITIES,
        "qa_filter": qa_severity(args),
        "qa_failed": qa_failed,
        "prev_url": _page_url(alignment_id, query, offset - limit) if offset > 0 else None,
        "next_url": (
            _page_url(alignment_id, query, offset + limit)
            if offset + limit < window.total
            else None
        ),
        "qa_report_url": url_for("qa.report", alignment_id=alignment_id),
        "can_confirm": can("confirm"),
        "can_edit": can("edit_alignment"),
        "can_flag": can("flag"),
        "can_edit_text": can("edit_text"),
        "can_edit_glossary": can("edit_text"),
        "user": current_user(),
    }


def _page_url(alignment_id: int, query: Mapping[str, str], offset: int) -> str:
    return url_for(".page", alignment_id=alignment_id, **query, offset=max(0, offset))


def positions(start: int, end: int, unit: str = "¶") -> str:
    """1-based numbers for people: '¶ 3', '¶ 3–4' or '—' for an empty side."""
    if end <= start:
        return "—"
    return f"{unit} {start + 1}" if end == start + 1 else f"{unit} {start + 1}–{end}"


bp.add_app_template_filter(positions, "review_positions")


def _sentence_links(store: Store, alignment_id: int, link_id: int) -> dict[str, Any]:
    """The sentence links inside one paragraph link, with their texts.

    `review.page(level="sentence")` cannot be narrowed to a position range, so this reads the
    range through the store directly; it only presents, it changes nothing.
    """
    link = store.link(link_id, alignment_id)
    if link.level != "paragraph":
        raise InputError("only paragraph links have sentence links inside them")
    alignment = store.alignment(alignment_id)
    versions = (alignment["source_version_id"], alignment["target_version_id"])
    s_range = store.sentence_range(versions[0], link.src_start, link.src_end)
    t_range = store.sentence_range(versions[1], link.tgt_start, link.tgt_end)
    texts = [
        {s["position"]: s for s in store.texts(version, "sentence", *span)}
        for version, span in zip(versions, (s_range, t_range), strict=True)
    ]
    found = store.links_within(alignment_id, "sentence", s_range, t_range)
    source_lang = store.version(versions[0])["language"]
    target_lang = store.version(versions[1])["language"]
    return {
        "parent": link,
        "links": [
            {
                "link": sentence,
                "band": band(sentence.confidence),
                "source": [texts[0][p] for p in sentence.src if p in texts[0]],
                "target": [texts[1][p] for p in sentence.tgt if p in texts[1]],
            }
            for sentence in found
        ],
        "source_lang": source_lang,
        "target_lang": target_lang,
        "source_dir": languages.direction(source_lang),
        "target_dir": languages.direction(target_lang),
    }

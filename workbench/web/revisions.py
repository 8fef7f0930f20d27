"""Revisions, paragraph history, work queues, editions and comparisons on the web.

Every page works with plain forms and redirects. The review page's inline editor posts with
fetch (X-CSRF-Token header, Accept: application/json) and gets JSON back, errors included: a
save based on an older text answers 409 with who changed the paragraph and the diff (also as
an HTML fragment rendered and escaped here), and the paragraph as it is now (`current_text`,
`current_revision`, the saver's own `pending` revision), so the editor can start again from it.
A refused proposal from the history page's form comes back to that page with the message and
the typed text. Permissions: proposing, withdrawing (one's own
proposal only) and reverting need "edit_text", comments "comment", approving, rejecting and
composing a version "approve".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
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

from workbench import compare, editions, languages, revisions, services
from workbench.diff import invisible_changes, word_diff
from workbench.errors import Conflict, InputError, NotFound, PermissionDenied, WorkbenchError
from workbench.revisions import REJECT_REASONS, StaleRevision
from workbench.search import digits_value, shown
from workbench.store import Store
from workbench.web import get_store, http_message, json_error, with_headers_of
from workbench.web.auth import can, current_user, require, username
from workbench.web.documents import int_field, review_url, wants_json
from workbench.web.forms import JsonObject, boolean, payload, string, whole

bp = Blueprint("revisions", __name__)


@bp.record_once
def _text_limit(state: Any) -> None:
    """`max_text` in every template: the longest text a revision may have, as the server holds
    it (revisions.MAX_TEXT), for the textareas that propose one (the history page, the review
    page's editor), so that no maxlength is a copy of it that drifts."""
    state.app.jinja_env.globals["max_text"] = revisions.MAX_TEXT


#: The queues there are; an admin's own queue is the editor's.
QUEUE_ROLES = ("translator", "reviewer", "editor")


def _text(data: Mapping[str, Any], name: str) -> str:
    """A text field (JSON: a string; another type is refused, never coerced)."""
    return string(data, name)


def _required(data: Mapping[str, Any], name: str) -> int:
    value = whole(data, name)
    if value is None:
        raise InputError(f"{name} is missing")
    return value


def _done(revision_id: int, message: str, status: int = 200, **extra: Any) -> Any:
    """JSON for scripts; a flash and a redirect to the revision page for forms."""
    if wants_json():
        url = url_for(".revision", revision_id=revision_id)
        return jsonify(ok=True, revision=revision_id, url=url, message=message, **extra), status
    flash(message)
    return redirect(url_for(".revision", revision_id=revision_id), 303)


# -- proposing and deciding -------------------------------------------------------------------


@bp.post("/segments/<int:segment_id>/revisions")
def propose(segment_id: int) -> Any:
    require("edit_text")
    data = payload()
    proposal = revisions.propose_replacing(
        get_store(),
        segment_id,
        _text(data, "text"),
        base_revision=_required(data, "base_revision"),
        user=username() or "",
        note=_text(data, "note"),
        alignment_id=whole(data, "alignment_id", least=1),
        replaces=_replaces(data),
    )
    message = f"Proposed revision {proposal.revision}{_replacing(proposal.replaced)}"
    message += ": an editor will review it."
    return _done(proposal.revision, message, 201, replaced=proposal.replaced)


def _replaces(data: Mapping[str, Any]) -> int | None:
    """`replaces`: the pending revision of one's own that the wording continued, 0 (or an
    empty form field) when it continued none; None when it is not sent (clients before it
    existed: any pending revision of theirs is replaced, as it always was)."""
    if "replaces" not in data:
        return None
    value = data["replaces"]
    if not isinstance(data, JsonObject) and isinstance(value, str) and not value.strip():
        return 0
    return whole(data, "replaces")


def _replacing(replaced: list[int]) -> str:
    """', which replaces your pending revision 11': a superseded proposal is never silent."""
    if not replaced:
        return ""
    noun = "revision" if len(replaced) == 1 else "revisions"
    return f", which replaces your pending {noun} {', '.join(map(str, replaced))}"


@bp.get("/revisions/<int:revision_id>")
def revision(revision_id: int) -> str:
    return render_template("revision.html", **_revision_page(get_store(), revision_id))


@bp.post("/revisions/<int:revision_id>/comments")
def comment(revision_id: int) -> Any:
    require("comment")
    body = _text(payload(), "body")
    revisions.comment(get_store(), revision_id, body, user=username() or "")
    return _done(revision_id, "Comment added.", 201)


@bp.post("/revisions/<int:revision_id>/approve")
def approve(revision_id: int) -> Any:
    require("approve")
    store = get_store()
    changed = approve_once(store, revision_id, user=username() or "")
    if not changed:
        message = f"It was approved already{_by_whom(store, revision_id)}: nothing changed."
        return _done(revision_id, message, changed=0)
    return _done(revision_id, "Approved: the paragraph has the new text now.", changed=1)


@bp.post("/revisions/<int:revision_id>/reject")
def reject(revision_id: int) -> Any:
    require("approve")
    data = payload()
    reason = {"reason_code": _text(data, "reason_code"), "reason_text": _text(data, "reason_text")}
    store = get_store()
    changed = reject_once(store, revision_id, user=username() or "", **reason)
    if not changed:
        message = f"It was rejected already{_by_whom(store, revision_id)}: nothing changed."
        return _done(revision_id, message, changed=0)
    return _done(revision_id, "Rejected: the author sees the reason in their queue.", changed=1)


def _by_whom(store: Store, revision_id: int) -> str:
    """ " by you" or " by eva": who decided first, for the editor whose second decision (a
    second click, or another editor at the same moment) changed nothing."""
    decided_by = store.revision(revision_id).get("decided_by")
    if not decided_by:
        return ""
    return " by you" if decided_by == username() else f" by {decided_by}"


@bp.post("/revisions/<int:revision_id>/withdraw")
def withdraw(revision_id: int) -> Any:
    """The author takes back a pending proposal; from the work queue's list, back to it."""
    require("edit_text")
    changed = revisions.withdraw(get_store(), revision_id, user=username() or "")
    message = (
        f"Withdrew revision {revision_id}: it has left the editors' queue."
        if changed
        else "It was withdrawn already: nothing changed."
    )
    if not wants_json() and request.form.get("back") == "queue":
        flash(message)
        return redirect(url_for(".queue"), 303)
    return _done(revision_id, message, changed=changed)


def approve_once(store: Store, revision_id: int, *, user: str) -> int:
    """revisions.approve, where approving an approved revision again (a retry, a second
    click) is no conflict: 1 when it approved, 0 when it was approved already. Approving a
    rejected, withdrawn or stale revision stays a 409."""
    return _once(
        store, revision_id, "approved", lambda: revisions.approve(store, revision_id, user=user)
    )


def reject_once(store: Store, revision_id: int, *, user: str, **reason: str) -> int:
    """revisions.reject, where rejecting a rejected revision again is no conflict (its first
    reason stays): 1 when it rejected, 0 when it was rejected already. The reason is checked
    either way; rejecting an approved revision stays a 409."""
    return _once(
        store,
        revision_id,
        "rejected",
        lambda: revisions.reject(store, revision_id, user=user, **reason),
    )


def _once(store: Store, revision_id: int, status: str, decide: Callable[[], None]) -> int:
    try:
        decide()
    except Conflict:
        if store.revision(revision_id)["status"] != status:
            raise
        return 0
    return 1


@bp.post("/revisions/approve")
def approve_selected() -> Any:
    """Bulk approval: each revision on its own; refusals are reported, not fatal."""
    require("approve")
    store, user = get_store(), username() or ""
    raw = payload().get("ids") if request.is_json else request.form.getlist("ids")
    raw = raw if isinstance(raw, list) else [raw] if raw else []
    kind = JsonObject if request.is_json else dict  # JSON ids are numbers, form ids digits
    # an id sent twice is one revision: approved once, never also "refused" as approved already
    ids = list(dict.fromkeys(_required(kind(ids=value), "ids") for value in raw))
    if not ids:
        raise InputError("select the revisions to approve")
    for revision_id in ids:
        store.revision(revision_id)  # unknown ids fail before anything changes
    result = revisions.approve_many(store, ids, user=user)
    why = {rid: revisions.refusal_reason(store, rid, user) for rid in result["refused"]}
    if wants_json():
        return jsonify(**result, why={str(k): v for k, v in why.items()})
    flash(f"Approved {len(result['approved'])}, refused {len(result['refused'])}.")
    for revision_id, reason in why.items():
        flash(f"Revision {revision_id} refused: {reason}.")
    fields = ("document", "author", "page")  # back to the page of the queue the editor was on
    back = {name: request.form[name] for name in fields if request.form.get(name)}
    return redirect(url_for(".queue", role="editor", **back), 303)


# -- history ----------------------------------------------------------------------------------


@bp.get("/segments/<int:segment_id>/history")
def history(segment_id: int) -> Any:
    """A paragraph's texts over time. History is kept per paragraph (revisions are proposed
    on paragraphs), so a sentence's history is its paragraph's: a redirect there."""
    store = get_store()
    segment = store.segment(segment_id)
    if segment["level"] != "paragraph":
        if segment["parent_id"] is None:
            raise NotFound(f"segment {segment_id} is a sentence outside any paragraph")
        alignment = int_field(request.args, "alignment")
        target = url_for(".history", segment_id=segment["parent_id"], alignment=alignment)
        return redirect(target, 302)
    page = _history_page(store, segment, request.args, int_field(request.args, "alignment"))
    return render_template("history.html", **page)


def _history_page(
    store: Store, segment: dict[str, Any], args: Mapping[str, Any], alignment_id: int | None
) -> dict[str, Any]:
    """What history.html shows of a paragraph: its texts, texts A and B compared (`a`, `b`
    in `args`; by default the current one and the one before), its proposals."""
    texts = revisions.history(store, segment["id"])
    by_number = {h["revision"]: h for h in texts}
    numbers = list(by_number)
    b = int_field(args, "b")
    b = numbers[-1] if b is None else b
    a = int_field(args, "a")
    a = numbers[max(0, numbers.index(b) - 1)] if a is None and b in by_number else a
    if a not in by_number or b not in by_number:
        raise NotFound(f"the paragraph has revisions {', '.join(map(str, numbers))}")
    return {
        "segment": segment,
        "version": store.version(segment["version_id"]),
        "document": store.document(segment["document_id"]),
        "texts": texts,
        "a": a,
        "b": b,
        "changes": word_diff(by_number[a]["text"], by_number[b]["text"]),
        "proposals": store.revisions(segment_id=segment["id"], limit=100),
        "own_pending": _own_pending(store, segment["id"]),
        "alignment_id": alignment_id,
        "propose_error": None,
        "proposed": None,
    }


def _own_pending(store: Store, segment_id: int) -> dict[str, Any] | None:
    """The user's pending revision of the paragraph, which a proposal from the page replaces:
    the form names it (`replaces`), so one proposed meanwhile elsewhere is refused, not
    replaced unseen."""
    user = username()
    if not user:
        return None
    mine = store.revisions(segment_id=segment_id, status="pending", author=user, limit=1)
    return mine[0] if mine else None


def _refused_proposal(error: WorkbenchError) -> Any:
    """The history page again (400) for its propose form refused as bad input: the
    message beside the form, and the text, note and base revision as sent, so nothing typed
    is lost and a stale base is still caught on the next try. None when the page cannot be
    shown (no such paragraph, a sentence): the plain error page then."""
    segment_id = (request.view_args or {}).get("segment_id")
    form = request.form
    try:
        store = get_store()
        segment = store.segment(segment_id)
        if segment["level"] != "paragraph":
            return None
        alignment_id = whole(form, "alignment_id", least=1)
        base = whole(form, "base_revision")
        page = _history_page(store, segment, {}, alignment_id)
    except WorkbenchError:
        return None
    page["propose_error"] = error
    page["proposed"] = {
        "text": form.get("text", ""),
        "note": form.get("note", ""),
        "base_revision": segment["revision"] if base is None else base,
        "replaces": form.get("replaces", ""),
    }
    return render_template("history.html", **page), error.status


@bp.post("/segments/<int:segment_id>/revert")
def revert(segment_id: int) -> Any:
    require("edit_text")
    data = payload()
    to_revision = _required(data, "to_revision")
    proposal = revisions.revert(
        get_store(),
        segment_id,
        to_revision,
        user=username() or "",
        base_revision=_required(data, "base_revision"),
        replaces=_replaces(data),
    )
    message = f"Proposed the text of revision {to_revision} again{_replacing(proposal.replaced)}."
    return _done(proposal.revision, message, 201, replaced=proposal.replaced)


# -- work queues ------------------------------------------------------------------------------


@bp.get("/queue")
def queue() -> str:
    user = current_user() or {}
    own = "editor" if user.get("role") == "admin" else user.get("role", "")
    role = request.args.get("role") or own
    if role not in QUEUE_ROLES:
        raise InputError(f"role is {', '.join(QUEUE_ROLES)}, not {role!r}")
    who = (request.args.get("user") or "").strip() or user.get("username", "")
    if (role != own or who != user.get("username")) and not can("approve"):
        raise PermissionDenied("only editors and admins look at other people's queues")
    store = get_store()
    me = user.get("username", "")
    context: dict[str, Any] = {"role": role, "who": who, "me": me, "roles": QUEUE_ROLES}
    with store.snapshot():  # the totals and the pages they count, as of one moment
        if role == "editor":
            context.update(_editor_queue(store, request.args))
        elif role == "translator":
            context.update(_translator_queue(store, who, request.args))
        else:
            context["alignments"] = store.unconfirmed_by_alignment()
    return render_template(
        "queue.html",
        **context,
        reasons=REJECT_REASONS,
        invisible=invisible_changes,
        four_eyes=lambda r: r["author"] == me and not r["allow_self_approval"],
    )


def _with_diff(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **r,
            "changes": word_diff(r["base_text"], r["text"]),
            "stale": r["base_revision"] != r["current_revision"],
        }
        for r in rows
    ]


#: Pending revisions on one page of the editor's queue, open flags on one of the translator's.
QUEUE_PAGE = 200


def _queue_page(args: Mapping[str, str], total: int) -> dict[str, int]:
    """The page asked for (`page`, from 1; past the end, the last) of `total` rows: its number,
    how many pages there are and the offset of its first row."""
    pages = max(1, -(-total // QUEUE_PAGE))
    page = int_field(args, "page")
    page = 1 if page is None else page
    if page < 1:
        raise InputError(f"page is a whole number from 1, not {page}")
    page = min(page, pages)
    return {"total": total, "page": page, "pages": pages, "first": (page - 1) * QUEUE_PAGE}


def _editor_queue(store: Store, args: Mapping[str, str]) -> dict[str, Any]:
    """One page of the pending revisions (`page`, from 1), with their total: past the first
    page the oldest proposals, waiting longest, would otherwise never be seen."""
    document = int_field(args, "document")
    author = (args.get("author") or "").strip() or None
    total = store.count_revisions(status="pending", document_id=document, author=author)
    paging = _queue_page(args, total)
    pending = store.revisions(
        status="pending",
        document_id=document,
        author=author,
        limit=QUEUE_PAGE,
        offset=paging["first"],
    )
    return {
        "pending": _with_diff(pending),
        **paging,
        "documents": store.documents(),
        "authors": store.pending_authors(),
        "document": document,
        "author": author,
    }


def _translator_queue(store: Store, who: str, args: Mapping[str, str]) -> dict[str, Any]:
    """One page of the open flags (`page`, from 1, as in the editor's queue) and the newest
    100 of the revisions, each with how many there are (a heading never undercounts)."""
    paging = _queue_page(args, store.count_translator_flags(who))
    return {
        "flags": store.translator_flags(who, limit=QUEUE_PAGE, offset=paging["first"]),
        **paging,
        "rejected": _with_diff(store.revisions(status="rejected", author=who, limit=100)),
        "rejected_total": store.count_revisions(status="rejected", author=who),
        "mine": _with_diff(store.revisions(status="pending", author=who, limit=100)),
        "mine_total": store.count_revisions(status="pending", author=who),
        "review_url": review_url,
    }


# -- editions ---------------------------------------------------------------------------------


@bp.get("/alignments/<int:alignment_id>/editions")
def editions_list(alignment_id: int) -> Any:
    a, b = int_field(request.args, "a"), int_field(request.args, "b")
    if a is not None and b is not None:
        return redirect(url_for(".edition_diff", old_id=a, new_id=b), 303)
    store = get_store()
    alignment = store.alignment(alignment_id)
    counts = next(x for x in store.alignments(alignment["document_id"]) if x["id"] == alignment_id)
    return render_template(
        "editions.html",
        alignment=alignment,
        document=store.document(alignment["document_id"]),
        source=store.version(alignment["source_version_id"]),
        target=store.version(alignment["target_version_id"]),
        editions=store.editions(alignment_id=alignment_id),
        links=counts["links"],
        confirmed=counts["confirmed"] or 0,
        review_url=review_url(alignment_id),
        max_note=revisions.MAX_COMMENT,  # the limit editions.publish holds a note to
        # what is still open, said beside the publish button (only editors see the form)
        open_work=editions.open_work(store, alignment_id) if can("publish") else None,
    )


@bp.get("/editions/<int:old_id>/diff/<int:new_id>")
def edition_diff(old_id: int, new_id: int) -> str:
    store = get_store()
    old, new = editions.comparable(store, old_id, new_id)
    rows = editions.diff_editions(store, old_id, new_id)
    changed_only = boolean(request.args, "changed")
    return render_template(
        "edition_diff.html",
        old=old,
        new=new,
        document=store.document(new["document_id"]),
        rows=[r for r in rows if r.kind != "same"] if changed_only else rows,
        counts=Counter(r.kind for r in rows),
        changed_only=changed_only,
    )


# -- comparing two translations ---------------------------------------------------------------


@bp.get("/documents/<int:document_id>/compare")
def compare_page(document_id: int) -> Any:
    """Two versions side by side; without `a`/`b`, a default pair (see compare.default_pair).
    The same version twice is said on the pickers (400), which keep what was chosen. The rows
    come a page at a time (`page`, from 1; past the end, the last; compare.PAGE_ROWS rows)."""
    store = get_store()
    a, b = int_field(request.args, "a"), int_field(request.args, "b")
    changed_only = boolean(request.args, "changed")
    page = _compare_page(store, document_id, a, b, changed_only, page=_page(request.args))
    return render_template("compare.html", **page), 400 if page["pick_error"] else 200


@bp.post("/documents/<int:document_id>/compose")
def compose(document_id: int) -> Any:
    """A new version from the wording chosen per row (default: A's). The domain decides what
    may be composed; a refusal comes back on the compare page with the choices and the label
    as sent, so an editor's forty choices are not lost to a missing label.

    The form holds the radios of its page's rows (`choice-<row>`), the choices made on other
    pages (`keep-a`, `keep-b`: rows as ranges, compare.row_ranges) and the side of the rows
    never shown on a page (`rest`, A unless said). A `go` button opens that page of rows with
    all of them carried over: nothing is made. Either is refused (409) when the rows changed
    since the page was opened (`rows`, their fingerprint): choices go by row number, and
    would land on other rows; a refused `go` carries none of them."""
    require("approve")
    store, form = get_store(), request.form
    a, b = _required(form, "a"), _required(form, "b")
    label, seen = form.get("label", ""), form.get("rows") or None
    changed_only = boolean(form, "changed")
    rest = form.get("rest") or "a"
    at, go = _page(form), _page(form, "go")
    choices: dict[int, str] = {}
    try:
        comparison = compare.compare(store, document_id, a, b)
        choices = _posted_choices(form, len(comparison.rows))
        if go is not None:
            if _rows_changed(comparison, seen):
                choices = {}  # by row number: on the rows as they are now, they would be others'
                raise Conflict(ROWS_CHANGED)
            page = _compare_page(store, document_id, a, b, changed_only, choices, go, rest)
            page.update(label=label)
            return render_template("compare.html", **page)
        version_id = compare.make_version(
            store, comparison, choices, label=label, user=username() or "", seen=seen, rest=rest
        )
    except (InputError, Conflict) as error:
        if wants_json():
            raise
        page = _compare_page(store, document_id, a, b, changed_only, choices, at, rest)
        page.update(compose_error=error, label=label)
        return render_template("compare.html", **page), error.status
    flash(_composed_message(store, comparison, choices, rest, version_id))
    return redirect(url_for("documents.show", document_id=document_id) + "#versions", 303)


#: Why choices posted on rows that changed since are refused: what compare.make_version says.
ROWS_CHANGED = (
    "A or B changed since the comparison was opened: compare them again and check your choices"
)


def _rows_changed(comparison: compare.Comparison, seen: str | None) -> bool:
    """Whether the rows the page's choices were made on (`seen`, their fingerprint) are not
    the rows now: a page button carries the choices by row number, so after a link or text
    change they would land on other rows, as a final compose refuses (compare.make_version)."""
    return seen is not None and seen != compare.fingerprint(comparison)


def _page(data: Mapping[str, Any], name: str = "page") -> int | None:
    """A page number (from 1) sent, or None."""
    number = int_field(data, name)
    if number is not None and number < 1:
        raise InputError(f"{name} is a whole number from 1, not {number}")
    return number


def _compare_page(
    store: Store,
    document_id: int,
    a: int | None,
    b: int | None,
    changed_only: bool,
    choices: dict[int, str] | None = None,
    page: int | None = None,
    rest: str = "a",
) -> dict[str, Any]:
    """What compare.html shows: the pair (a default one for what was not named), a page of its
    rows (of the changed ones with `changed_only`), why no version can be made from it, and
    the choices made so far (none: all `rest`, A's); an unusable pair goes to the pickers
    instead. Only the page's rows are diffed."""
    document = store.document(document_id)
    versions = store.versions(document_id)
    a, b = compare.default_pair(versions, a, b)
    comparison, pick_error = _compared(store, document_id, a, b)
    rows = comparison.rows if comparison else []
    shown = compare.page_of(comparison.changed_rows if changed_only else rows, page)
    choices = choices or {}
    rest = rest if rest in ("a", "b") else "a"
    return {
        "document": document,
        "versions": versions,
        "a": a,
        "b": b,
        "comparison": comparison,
        "pick_error": pick_error,
        "rows": shown.rows,
        "paging": shown,
        "changed_only": changed_only,
        "refusal": compare.compose_refusal(comparison) if comparison else None,
        "compose_error": None,
        "choices": choices,
        "rest": rest,
        **(_carried(comparison, shown, choices) if comparison else {}),
        "tally": compare.tally(comparison, choices, rest) if comparison else None,
        "composed_language": compare.composed_language(comparison) if comparison else None,
        "fingerprint": compare.fingerprint(comparison) if comparison else None,
        "label": "",
        "max_label": services.MAX_LABEL,
        "page_rows": compare.PAGE_ROWS,
        "language_name": languages.name,
        "invisible": invisible_changes,
    }


def _carried(
    comparison: compare.Comparison, shown: compare.Page, choices: dict[int, str]
) -> dict[str, Any]:
    """The choices made on rows not on this page, as the compose form carries them (`keep_a`,
    `keep_b`), and what compare.js adds to the page's count of B's rows: the changed rows
    elsewhere that take B, and those with no choice (they take `rest`)."""
    here = {row.index for row in shown.rows}
    elsewhere = {row: side for row, side in choices.items() if row not in here}
    changed = [row.index for row in comparison.changed_rows if row.index not in here]
    return {
        "keep_a": compare.row_ranges([row for row, side in elsewhere.items() if side == "a"]),
        "keep_b": compare.row_ranges([row for row, side in elsewhere.items() if side == "b"]),
        "elsewhere_b": sum(1 for row in changed if elsewhere.get(row) == "b"),
        "unchosen": sum(1 for row in changed if row not in elsewhere),
    }


def _compared(
    store: Store, document_id: int, a: int | None, b: int | None
) -> tuple[compare.Comparison | None, InputError | None]:
    """The comparison of A and B, or the reason they cannot be compared (shown on the form);
    a version of another document stays a 404."""
    if a is None or b is None:
        return None, None
    try:
        return compare.compare(store, document_id, a, b), None
    except InputError as error:
        return None, error


def _posted_choices(form: Mapping[str, Any], rows: int) -> dict[int, str]:
    """The choices carried from other pages (`keep-a`, `keep-b`, rows past `rows` left out),
    then the page's choice-<row> fields as sent over them (blank ones dropped: the row keeps
    its carried choice, or `rest`); their values are checked by the domain, never here. A row
    number is ASCII digits up to SQLite's largest integer (search.digits_value): `choice-` and
    5,000 digits, or digits of another script, is a 400, not an int() that fails or a row read
    from Arabic-Indic digits."""
    choices: dict[int, str] = {}
    for side in ("a", "b"):
        field_name = f"keep-{side}"
        for row in compare.parse_row_ranges(form.get(field_name, ""), rows, field_name=field_name):
            choices[row] = side
    for name, value in form.items():
        row = name.removeprefix("choice-")
        if not name.startswith("choice-") or not row.isdecimal() or not value:
            continue
        number = digits_value(row)
        if number is None:
            raise InputError(f"{shown(name)} names no such row (rows are numbered from 0)")
        choices[number] = value
    return choices


def _composed_message(
    store: Store,
    comparison: compare.Comparison,
    choices: dict[int, str],
    rest: str,
    version_id: int,
) -> str:
    """What was made, in the terms of the page: the rows that differ and where each came from."""
    counts = compare.tally(comparison, compare.sides(comparison, choices, rest))
    version = store.version(version_id)
    rows = "row" if comparison.changed == 1 else "rows"
    return (
        f"Made version {version_id}, a {version['role']} in {languages.name(version['language'])}"
        f": of the {comparison.changed} {rows} where A and B differ, {counts['a']} keep A's "
        f"wording and {counts['b']} take B's."
    )


# -- page data and errors ---------------------------------------------------------------------


def _revision_page(store: Store, revision_id: int) -> dict[str, Any]:
    revision = store.revision(revision_id)
    stale = revision["status"] == "pending" and (
        revision["base_revision"] != revision["current_revision"]
    )
    changes = word_diff(revision["base_text"], revision["text"])
    return {
        "revision": revision,
        "comments": store.revision_comments(revision_id),
        "changes": changes,
        "invisible": invisible_changes(changes),
        "stale": stale,
        "current_changes": word_diff(revision["current_text"], revision["text"]) if stale else [],
        "reasons": REJECT_REASONS,
        "own": revision["author"] == username() and not revision["allow_self_approval"],
        "mine": revision["author"] == username(),
        "approve_refusal": _approve_refusal(store, revision, stale),
        "review_at": _review_at(store, revision),
        "successor": _successor(store, revision),
        "direction": languages.direction,
    }


def _approve_refusal(store: Store, revision: dict[str, Any], stale: bool) -> str | None:
    """Why Approve would be refused for the person looking (their own revision, or a stale
    one), so the page disables it and says so instead of offering a click that fails."""
    if revision["status"] != "pending":
        return None
    own = revision["author"] == username() and not revision["allow_self_approval"]
    if not own and not stale:
        return None
    return revisions.refusal_reason(store, revision["id"], username() or "")


def _successor(store: Store, revision: dict[str, Any]) -> dict[str, Any] | None:
    """The author's next proposal for the paragraph, which superseded this one: an editor who
    opened the old one is sent on to it instead of a dead end."""
    if revision["status"] != "superseded":
        return None
    later = [
        r
        for r in store.revisions(segment_id=revision["segment_id"], author=revision["author"])
        if r["id"] > revision["id"]
    ]
    return min(later, key=lambda r: r["id"]) if later else None


def _review_at(store: Store, revision: dict[str, Any]) -> str | None:
    """The review page at the link holding the paragraph, when an alignment is known. The
    paragraph is found on its version's side of that alignment: a revision of a source
    paragraph is at the link holding that source paragraph, not the target one with its
    number."""
    alignment_id = revision["alignment_id"]
    if alignment_id is None:
        return None
    try:
        alignment = store.alignment(alignment_id)
    except NotFound:
        return review_url(alignment_id)
    side = "source" if alignment["source_version_id"] == revision["version_id"] else "target"
    link = store.link_covering(alignment_id, "paragraph", side, revision["position"])
    return review_url(alignment_id) + (f"?at={link.id}" if link else "")


def _language() -> str | None:
    """The language of the paragraph a refused save was about (for lang on its diff)."""
    segment_id = (request.view_args or {}).get("segment_id")
    try:
        return get_store().segment(segment_id)["language"] if segment_id else None
    except WorkbenchError:
        return None


def _conflict(error: StaleRevision) -> dict[str, Any]:
    """Who approved the text now in place (`changed_by`), who wrote it, theirs and yours; the
    paragraph now (`current_text`, `current_revision`) and the saver's own pending revision
    of it (`pending`: id, text, note, stale; or null), to start again from."""
    return {
        "changed_by": error.changed_by,
        "written_by": error.written_by,
        "theirs": error.theirs,
        "yours": error.yours,
        "current_text": error.current_text,
        "current_revision": error.current_revision,
        "pending": error.pending,
    }


@bp.errorhandler(WorkbenchError)
def domain_error(error: WorkbenchError) -> Any:
    """JSON for scripts; a form on the revision page comes back to it with the message."""
    stale = error if isinstance(error, StaleRevision) else None
    lang = _language() if stale is not None else None
    where = {"lang": lang, "dir": languages.direction(lang) if lang else None}
    if wants_json():
        more: dict[str, Any] = {}
        if stale is not None:
            html = render_template("_revision_conflict.html", conflict=stale, **where)
            more = {**_conflict(stale), "html": html}
        return json_error(error.status, str(error), **more), error.status
    revision_id = (request.view_args or {}).get("revision_id")
    if request.method == "POST" and revision_id is not None:
        try:
            page = _revision_page(get_store(), revision_id)
        except WorkbenchError:
            page = None
        if page is not None:
            page.update(error=error, conflict=stale)
            return render_template("revision.html", **page), error.status
    if request.endpoint == "revisions.propose" and isinstance(error, InputError):
        refused = _refused_proposal(error)
        if refused is not None:
            return refused
    if stale is not None:
        return render_template("revision_conflict.html", conflict=stale, **where), error.status
    return render_template("error.html", error=error, status=error.status), error.status


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Any:
    """CSRF refusals (400) and logged-out scripts (401) as JSON when JSON was asked for; the
    exception's own headers (Allow of a 405, Retry-After) are kept."""
    status = error.code or 500
    if wants_json():
        response = json_error(status, http_message(error))
    else:
        response = make_response(
            render_template("error.html", error=error.description, status=status)
        )
    return with_headers_of(error, response), status

"""The JSON API's revision, edition and download routes (on the same /api/v1/ blueprint as
web/api.py).

Split from web/api.py to keep modules small; web/__init__.py imports both before registering.
Downloads are the web export's own code (web/exports.py), so that the limit on slow formats
holds whoever asks.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from workbench import editions, revisions
from workbench.search import choice, whole_number
from workbench.web import exports, get_store, json_error
from workbench.web.api import bp, number, page_args, paged, text
from workbench.web.auth import require, username
from workbench.web.forms import boolean, payload
from workbench.web.revisions import approve_once, reject_once

# -- revisions --------------------------------------------------------------------------------


@bp.get("/revisions")
def revision_list() -> Any:
    args = request.args
    filters = {
        "status": choice(args, "status", revisions.STATUSES, None),
        "document_id": whole_number(args, "document"),
        "author": args.get("author") or None,
        "segment_id": whole_number(args, "segment"),
    }
    limit, offset = page_args()
    store = get_store()
    with store.snapshot():
        found = store.revisions(**filters, limit=limit, offset=offset)
        total = store.count_revisions(**filters)
    return paged(found, total)


@bp.get("/revisions/<int:revision_id>")
def revision(revision_id: int) -> Any:
    store = get_store()
    row = store.revision(revision_id)
    return jsonify({**row, "comments": store.revision_comments(revision_id)})


@bp.post("/segments/<int:segment_id>/revisions")
def propose(segment_id: int) -> Any:
    require("edit_text")
    data = payload()
    revision_id = revisions.propose(
        get_store(),
        segment_id,
        text(data, "text"),
        base_revision=number(data, "base_revision", required=True),
        user=username(),
        note=text(data, "note"),
        alignment_id=number(data, "alignment", least=1),
        replaces=number(data, "replaces"),
    )
    return jsonify(get_store().revision(revision_id)), 201


@bp.post("/revisions/<int:revision_id>/comments")
def revision_comment(revision_id: int) -> Any:
    require("comment")
    comment_id = revisions.comment(
        get_store(), revision_id, text(payload(), "body"), user=username()
    )
    return jsonify({"id": comment_id, "revision": revision_id}), 201


@bp.post("/revisions/<int:revision_id>/approve")
def approve(revision_id: int) -> Any:
    """The revision with `changed` (0: it was approved already, and nothing changed)."""
    require("approve")
    store = get_store()
    changed = approve_once(store, revision_id, user=username() or "")
    return jsonify({**store.revision(revision_id), "changed": changed})


@bp.post("/revisions/<int:revision_id>/reject")
def reject(revision_id: int) -> Any:
    """The revision with `changed` (0: it was rejected already, and nothing changed)."""
    require("approve")
    data = payload()
    store = get_store()
    reason = {"reason_code": text(data, "reason_code"), "reason_text": text(data, "reason_text")}
    changed = reject_once(store, revision_id, user=username() or "", **reason)
    return jsonify({**store.revision(revision_id), "changed": changed})


@bp.post("/revisions/<int:revision_id>/withdraw")
def withdraw(revision_id: int) -> Any:
    """The revision with `changed` (0: it was withdrawn already, and nothing changed)."""
    require("edit_text")
    store = get_store()
    changed = revisions.withdraw(store, revision_id, user=username() or "")
    return jsonify({**store.revision(revision_id), "changed": changed})


# -- editions ---------------------------------------------------------------------------------


@bp.get("/editions")
def edition_list() -> Any:
    args = request.args
    found = get_store().editions(
        alignment_id=whole_number(args, "alignment"), document_id=whole_number(args, "document")
    )
    return paged(found)


@bp.get("/editions/<int:edition_id>")
def edition(edition_id: int) -> Any:
    """The edition's fields and a page of its links (an edition of a book has thousands), and
    in `open` what is open on its alignment now, as publishing answers it."""
    store = get_store()
    level = choice(request.args, "level", ("paragraph", "sentence"), "paragraph")
    limit, offset = page_args()
    with store.snapshot():
        found = store.edition(edition_id)
        total = store.count_edition_links(edition_id, level)
        links = store.edition_links_page(edition_id, level, offset, limit) if offset < total else []
        still = editions.open_work(store, found["alignment_id"])
    return paged(links, total, **found, open=still.as_json())


@bp.get("/documents/<int:document_id>/export")
def document_export(document_id: int) -> Any:
    """An edition or the draft as a file, as the web export URL answers it."""
    return exports.document_file(document_id, request.args)


@bp.get("/editions/<int:edition_id>/export")
def edition_export(edition_id: int) -> Any:
    """An edition as a file, by the edition's id."""
    return exports.edition_file(edition_id, request.args)


@bp.post("/alignments/<int:alignment_id>/editions")
def publish(alignment_id: int) -> Any:
    """The edition, and in `open` what was still open on the alignment when it was published
    (flags by severity, pending revisions). Publishing goes ahead whatever is open, unless the
    body says `"require_clean": true`: then open critical or major flags or pending revisions
    make it a 409 naming them (with the same `open`), and nothing is published."""
    require("publish")
    data = payload()
    note, clean = text(data, "note"), boolean(data, "require_clean")
    store = get_store()
    try:
        with store.transaction():  # `open` is what the edition was published with
            edition_id = editions.publish(
                store, alignment_id, user=username(), note=note, refuse_open=clean
            )
            found = editions.open_work(store, alignment_id)
    except editions.OpenWorkConflict as error:
        hint = "leave out require_clean to publish with them open"
        raise editions.OpenWorkConflict(error.open, hint) from None
    return jsonify({**store.edition(edition_id), "open": found.as_json()}), 201


@bp.errorhandler(editions.OpenWorkConflict)
def open_work_refused(error: editions.OpenWorkConflict) -> Any:
    """`require_clean` refused: what is open, as a published edition's `open` says it."""
    return json_error(409, str(error), open=error.open.as_json()), 409

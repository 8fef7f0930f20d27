"""The JSON API's revision and edition routes (on the same /api/v1/ blueprint as web/api.py).

Split from web/api.py to keep modules small; web/__init__.py imports both before registering.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from workbench import editions, revisions
from workbench.search import choice, whole_number
from workbench.web import get_store
from workbench.web.api import bp, number, paged, text
from workbench.web.auth import require, username
from workbench.web.forms import payload

# -- revisions --------------------------------------------------------------------------------


@bp.get("/revisions")
def revision_list() -> Any:
    args = request.args
    status = choice(args, "status", revisions.STATUSES, None)
    found = get_store().revisions(
        status=status,
        document_id=whole_number(args, "document"),
        author=args.get("author") or None,
        segment_id=whole_number(args, "segment"),
        limit=10_000,
    )
    return paged(found)


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
        alignment_id=number(data, "alignment"),
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
    require("approve")
    revisions.approve(get_store(), revision_id, user=username())
    return jsonify(get_store().revision(revision_id))


@bp.post("/revisions/<int:revision_id>/reject")
def reject(revision_id: int) -> Any:
    require("approve")
    data = payload()
    revisions.reject(
        get_store(),
        revision_id,
        user=username(),
        reason_code=text(data, "reason_code"),
        reason_text=text(data, "reason_text"),
    )
    return jsonify(get_store().revision(revision_id))


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
    store = get_store()
    level = choice(request.args, "level", ("paragraph", "sentence"), "paragraph")
    return jsonify({**store.edition(edition_id), "links": store.edition_links(edition_id, level)})


@bp.post("/alignments/<int:alignment_id>/editions")
def publish(alignment_id: int) -> Any:
    require("publish")
    edition_id = editions.publish(
        get_store(), alignment_id, user=username(), note=text(payload(), "note")
    )
    return jsonify(get_store().edition(edition_id)), 201

"""One shape for every JSON error, the API's: `{"error": {"status": s, "message": "..."}}`,
whichever route a page's script (or a script with a session) calls: review edits, revisions,
flags, the concordance's glossary button, CSRF refusals, logged-out scripts; what a 409 names
is inside the error. And one rule for repeats: the same state change again is a 200 with
`changed: 0`, a change the state rules out a 409, on the pages as in the API."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import add_user, import_pair, login, snapshot
from workbench.store import Store
from workbench.users import issue_token
from workbench.web.openapi import description

JSON = {"Accept": "application/json"}
SOURCE = ["Neni 1.", "Të gjithë njerëzit lindin të lirë.", "Neni 2.", "Çdo njeri gëzon të drejtat."]
TARGET = ["Article 1", "All human beings are born free.", "Article 2", "Everyone has the rights."]


@pytest.fixture
def pair(db_path: Path) -> tuple[int, int]:
    """Two aligned documents: their alignment ids."""
    store = Store(db_path)
    try:
        return import_pair(store, SOURCE, TARGET), import_pair(store, SOURCE, TARGET)
    finally:
        store.close()


def links(db_path: Path, alignment: int) -> list:
    store = Store(db_path)
    try:
        return store.links(alignment, "paragraph")
    finally:
        store.close()


def paragraph(db_path: Path, alignment: int, position: int) -> int:
    store = Store(db_path)
    try:
        target = store.alignment(alignment)["target_version_id"]
        return store.segment_at(target, "paragraph", position)["id"]
    finally:
        store.close()


def error_of(response, status: int) -> dict:
    """The error object of a JSON error answer, after checking its shape."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json, response.get_data(as_text=True)[:200]
    body = response.get_json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["status"] == status and isinstance(error["message"], str) and error["message"]
    return error


def post(client, token: str, url: str, **data):
    return client.post(url, data=data, headers={"X-CSRF-Token": token, **JSON})


def post_json(client, token: str, url: str, body: dict):
    return client.post(url, json=body, headers={"X-CSRF-Token": token, **JSON})


# -- the shape ----------------------------------------------------------------------------------


def test_review_errors_have_the_apis_shape(client, as_role, db_path, pair) -> None:
    first, _other = pair
    link = links(db_path, first)[1].id
    anonymous = client.get(f"/alignments/{first}/rows", headers=JSON)
    assert "log in" in error_of(anonymous, 401)["message"]
    assert "log in" in error_of(client.get(f"/revisions/{link}", headers=JSON), 401)["message"]
    token = as_role("translator")
    refused = post(client, token, f"/alignments/{first}/links/{link}/confirm")
    assert "may not confirm" in error_of(refused, 403)["message"]
    missing = post(client, token, f"/alignments/{first}/links/99999/merge", direction="next")
    assert "no link" in error_of(missing, 404)["message"]
    bad = post(client, token, f"/alignments/{first}/links/{link}/merge", direction="sideways")
    assert "direction" in error_of(bad, 400)["message"]
    forged = post(client, "forged", f"/alignments/{first}/links/{link}/merge", direction="next")
    assert "CSRF" in error_of(forged, 400)["message"]


def test_a_question_before_dropping_confirmations_is_inside_the_error(
    client, app, db_path, pair
) -> None:
    first, _other = pair
    add_user(db_path, "rita", "reviewer")
    add_user(db_path, "tom", "translator")
    one, two = links(db_path, first)[1:3]
    reviewer = app.test_client()
    reviewer_token = login(reviewer, "rita")
    for link in (one, two):
        assert post(reviewer, reviewer_token, f"/alignments/{first}/links/{link.id}/confirm").json[
            "ok"
        ]
    token = login(client, "tom")
    asked = post(client, token, f"/alignments/{first}/links/{one.id}/merge", direction="next")
    error = error_of(asked, 409)
    assert error["message"].startswith("This merges 2 links")
    assert error["confirm"]["verb"] == "Merge"
    assert [c["link_id"] for c in error["confirmations"]] == [one.id, two.id]


def test_revision_errors_have_the_apis_shape_with_the_diff_inside(
    client, app, db_path, pair
) -> None:
    first, _other = pair
    add_user(db_path, "ana", "translator")
    add_user(db_path, "ed", "editor")
    segment = paragraph(db_path, first, 1)
    token = login(client, "ana")
    body = {"text": "All people are born free.", "base_revision": 0}
    proposed = post_json(client, token, f"/segments/{segment}/revisions", body)
    assert proposed.status_code == 201
    refused = post_json(client, token, f"/revisions/{proposed.json['revision']}/approve", {})
    assert "may not approve" in error_of(refused, 403)["message"]
    editor = app.test_client()
    editor_token = login(editor, "ed")
    other = post_json(editor, editor_token, f"/segments/{segment}/revisions", body)
    approved = post_json(
        editor, editor_token, f"/revisions/{proposed.json['revision']}/approve", {}
    )
    assert approved.status_code == 200
    stale = post_json(client, token, f"/segments/{segment}/revisions", {**body, "text": "Free."})
    error = error_of(stale, 409)
    assert error["changed_by"] == "ed" and error["theirs"] == body["text"]
    assert "<del>" in error["html"] or "<ins>" in error["html"]
    assert other.status_code == 201
    missing = post_json(client, token, "/revisions/999/comments", {"body": "Hello."})
    assert "999" in error_of(missing, 404)["message"]


def test_flag_errors_have_the_apis_shape_csrf_refusals_too(client, as_role, db_path, pair) -> None:
    first, _other = pair
    token = as_role("reviewer")
    link = links(db_path, first)[1].id
    body = {"link_id": link, "category": "style", "severity": "minor"}
    assert post_json(client, token, f"/alignments/{first}/flags", body).status_code == 201
    error_of(post_json(client, token, "/flags/1/status", {"status": "gone"}), 400)
    error_of(post_json(client, token, "/flags/7/status", {"status": "resolved"}), 404)
    forged = post_json(client, "forged", "/flags/1/status", {"status": "resolved"})
    assert "CSRF" in error_of(forged, 400)["message"]


def test_the_concordance_glossary_button_answers_a_script_in_json(
    client, as_role, db_path, pair
) -> None:
    """403 and 400 were HTML pages; a script asking for JSON gets the JSON error now, a
    browser's form post still the error page."""
    token = as_role("reviewer")
    form = {"csrf_token": token, "source": "Neni", "target": "Article", "lang": "sq"}
    refused = client.post("/concordance/glossary", data=form, headers=JSON)
    assert "may not edit text" in error_of(refused, 403)["message"]
    page = client.post("/concordance/glossary", data=form)
    assert page.status_code == 403 and page.mimetype == "text/html"
    forged = client.post("/concordance/glossary", data={**form, "csrf_token": "x"}, headers=JSON)
    assert "CSRF" in error_of(forged, 400)["message"]
    translator = as_role("translator")
    empty = {**form, "csrf_token": translator, "source": ""}
    error_of(client.post("/concordance/glossary", data=empty, headers=JSON), 400)


def test_the_api_and_the_pages_share_the_shape(client, db_path, pair) -> None:
    first, _other = pair
    add_user(db_path, "tom", "translator")
    store = Store(db_path)
    token = issue_token(store, "tom")
    store.close()
    h = {"Authorization": f"Bearer {token}"}
    api = client.post(
        f"/api/v1/alignments/{first}/links/{links(db_path, first)[1].id}/confirm", headers=h
    )
    page_token = login(client, "tom")
    page = post(
        client, page_token, f"/alignments/{first}/links/{links(db_path, first)[1].id}/confirm"
    )
    assert set(error_of(api, 403)) == set(error_of(page, 403)) == {"status", "message"}
    assert description()["components"]["schemas"]["Error"]["required"] == ["error"]


# -- 404 for a link that was never there, 409 for one that was merged away ----------------------


def test_a_link_of_another_alignment_is_a_404_as_in_the_api(client, as_role, db_path, pair) -> None:
    first, other = pair
    token = as_role("editor")
    foreign = links(db_path, first)[1].id
    merged = post(client, token, f"/alignments/{first}/links/{foreign}/merge", direction="next")
    assert merged.status_code == 200  # the link is gone from its own alignment now
    before = snapshot(db_path)
    for url in (
        f"/alignments/{other}/links/{foreign}/confirm",
        f"/alignments/{other}/links/1/confirm",
    ):
        assert "no link" in error_of(post(client, token, url), 404)["message"]
    # in its own alignment, the merged-away link is someone else's edit: reload
    late = post(client, token, f"/alignments/{first}/links/{foreign}/confirm")
    assert "changed meanwhile" in error_of(late, 409)["message"]
    assert snapshot(db_path) == before


# -- repeating a state change --------------------------------------------------------------------


def _two_proposals(client, token: str, db_path, alignment: int) -> list[int]:
    """A translator's pending revisions of paragraphs 1 and 3 of the alignment's target."""
    return [
        post_json(
            client,
            token,
            f"/segments/{paragraph(db_path, alignment, position)}/revisions",
            {"text": "A wording of our own.", "base_revision": 0},
        ).json["revision"]
        for position in (1, 3)
    ]


def test_repeating_a_state_change_is_a_200_that_changed_nothing(client, app, db_path, pair) -> None:
    first, _other = pair
    add_user(db_path, "rita", "reviewer")
    add_user(db_path, "ana", "translator")
    add_user(db_path, "ed", "editor")
    reviewer_token = login(client, "rita")
    link = links(db_path, first)[1].id
    for changed in (True, False):
        confirm = post(client, reviewer_token, f"/alignments/{first}/links/{link}/confirm")
        assert confirm.status_code == 200
        assert confirm.json["message"] == ("Confirmed." if changed else "Already confirmed.")
    body = {"link_id": link, "category": "style", "severity": "minor"}
    flag = post_json(client, reviewer_token, f"/alignments/{first}/flags", body).json["id"]
    answers = [
        post_json(client, reviewer_token, f"/flags/{flag}/status", {"status": "resolved"})
        for _ in range(2)
    ]
    assert [(a.status_code, a.json["changed"]) for a in answers] == [(200, 1), (200, 0)]
    translator = app.test_client()
    revisions = _two_proposals(translator, login(translator, "ana"), db_path, first)
    editor = app.test_client()
    editor_token = login(editor, "ed")
    approve = f"/revisions/{revisions[0]}/approve"
    reject = f"/revisions/{revisions[1]}/reject"
    first_approval, again = (post_json(editor, editor_token, approve, {}) for _ in range(2))
    assert (first_approval.json["changed"], again.status_code, again.json["changed"]) == (1, 200, 0)
    assert "approved already" in again.json["message"]
    rejections = [
        post_json(editor, editor_token, reject, {"reason_code": "style"}) for _ in range(2)
    ]
    assert [(r.status_code, r.json["changed"]) for r in rejections] == [(200, 1), (200, 0)]
    # a change the state rules out stays a conflict
    assert (
        "approved already"
        in error_of(
            post_json(
                editor, editor_token, f"/revisions/{revisions[0]}/reject", {"reason_code": "style"}
            ),
            409,
        )["message"]
    )
    assert (
        "rejected already"
        in error_of(post_json(editor, editor_token, f"/revisions/{revisions[1]}/approve", {}), 409)[
            "message"
        ]
    )
    # a repeat is checked like any request: a reject with no reason is still a 400
    error_of(post_json(editor, editor_token, reject, {"reason_code": ""}), 400)


def test_the_api_follows_the_same_rule_and_documents_it(client, db_path, pair) -> None:
    first, _other = pair
    add_user(db_path, "rita", "reviewer")
    add_user(db_path, "ana", "translator")
    add_user(db_path, "ed", "editor")
    store = Store(db_path)
    h = {
        name: {"Authorization": f"Bearer {issue_token(store, name)}"}
        for name in ("rita", "ana", "ed")
    }
    store.close()
    link = links(db_path, first)[1].id
    body = {"link_id": link, "category": "style", "severity": "minor"}
    flag = client.post(f"/api/v1/alignments/{first}/flags", headers=h["rita"], json=body).get_json()
    url = f"/api/v1/flags/{flag['id']}/status"
    resolved = [
        client.post(url, headers=h["rita"], json={"status": "resolved", "comment": "Done."})
        for _ in range(2)
    ]
    assert [(r.status_code, r.get_json()["changed"]) for r in resolved] == [(200, 1), (200, 0)]
    thread = client.get(f"/api/v1/flags/{flag['id']}", headers=h["rita"]).get_json()["thread"]
    assert [c["body"] for c in thread] == ["Done."]  # the repeat added no comment
    segment = paragraph(db_path, first, 1)
    proposal = {"text": "A wording of our own.", "base_revision": 0}
    revision = client.post(
        f"/api/v1/segments/{segment}/revisions", headers=h["ana"], json=proposal
    ).get_json()["id"]
    approvals = [
        client.post(f"/api/v1/revisions/{revision}/approve", headers=h["ed"]) for _ in range(2)
    ]
    assert [(a.status_code, a.get_json()["changed"]) for a in approvals] == [(200, 1), (200, 0)]
    assert approvals[1].get_json()["status"] == "approved"
    rejected = client.post(
        f"/api/v1/revisions/{revision}/reject", headers=h["ed"], json={"reason_code": "style"}
    )
    assert rejected.status_code == 409
    info = description()["info"]["description"]
    assert "`changed: 0`" in info and "409" in info


def test_the_second_of_two_editors_deciding_a_revision_is_told_who_decided_first(
    client, app, db_path, pair
) -> None:
    first, _other = pair
    add_user(db_path, "ana", "translator")
    add_user(db_path, "ed", "editor")
    add_user(db_path, "eva", "editor")
    proposed = _two_proposals(client, login(client, "ana"), db_path, first)
    ed, eva = app.test_client(), app.test_client()
    ed_token, eva_token = login(ed, "ed"), login(eva, "eva")
    approve = f"/revisions/{proposed[0]}/approve"
    assert post_json(ed, ed_token, approve, {}).json["changed"] == 1
    late = post_json(eva, eva_token, approve, {})
    assert (late.status_code, late.json["changed"]) == (200, 0)
    assert late.json["message"] == "It was approved already by ed: nothing changed."
    assert "already by you" in post_json(ed, ed_token, approve, {}).json["message"]
    reject = f"/revisions/{proposed[1]}/reject"
    assert post_json(eva, eva_token, reject, {"reason_code": "style"}).json["changed"] == 1
    late = post_json(ed, ed_token, reject, {"reason_code": "style"})
    assert late.json["message"] == "It was rejected already by eva: nothing changed."


def test_a_database_another_process_holds_is_a_503_saying_when_to_ask_again(
    client, as_role, db_path
) -> None:
    """A long command-line import holds the write lock: an edit waits the busy timeout
    (5 s), then is told the server is busy (503, Retry-After), never a 500."""
    import sqlite3

    as_role("reviewer")
    store = Store(db_path)
    try:
        alignment = import_pair(store, ["Neni 1."], ["Article 1."])
        link = store.links(alignment)[0].id
        bearer = issue_token(store, "reviewer1")
    finally:
        store.close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the other process's write transaction
    try:
        answer = client.post(
            f"/api/v1/alignments/{alignment}/links/{link}/confirm",
            headers={"Authorization": f"Bearer {bearer}"},
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    assert "the database is busy with another change" in answer.json["error"]["message"]

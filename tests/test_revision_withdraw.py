"""A translator withdraws their own pending proposal: in the domain, on the pages and in the API.

Only the author withdraws, only while the revision waits; the withdrawal is logged, repeating
it changes nothing (`changed: 0`, as other repeated state changes), and a withdrawn revision
leaves the editors' queue and cannot be approved any more.
"""

from __future__ import annotations

import pytest

from tests import test_api, test_web_revisions
from tests.conftest import import_pair
from tests.test_api import error_of
from tests.test_review import SOURCE, TARGET
from tests.test_web_revisions import paragraph, post, propose, tree, use
from workbench import revisions
from workbench.errors import Conflict, PermissionDenied
from workbench.store import Store
from workbench.web.openapi import description

api = test_api.api
aligned = test_web_revisions.aligned
people = test_web_revisions.people


def target_paragraph(store: Store, alignment: int, position: int) -> dict:
    return store.segment_at(store.alignment(alignment)["target_version_id"], "paragraph", position)


@pytest.fixture
def proposed(store: Store) -> int:
    """A pending revision by tom."""
    alignment = import_pair(store, SOURCE, TARGET)
    segment = target_paragraph(store, alignment, 3)["id"]
    return revisions.propose(store, segment, "Everyone is entitled.", base_revision=0, user="tom")


# -- the domain -------------------------------------------------------------------------------


def test_the_author_withdraws_a_pending_revision_and_it_is_logged(
    store: Store, proposed: int
) -> None:
    assert revisions.withdraw(store, proposed, user="tom") == 1
    revision = store.revision(proposed)
    assert revision["status"] == "withdrawn" and revision["decided_by"] == "tom"
    [event] = [e for e in store.events() if e["action"] == "revision.withdraw"]
    assert event["user"] == "tom" and event["entity_id"] == proposed


def test_withdrawing_again_changes_nothing(store: Store, proposed: int) -> None:
    revisions.withdraw(store, proposed, user="tom")
    events = len(store.events())
    assert revisions.withdraw(store, proposed, user="tom") == 0
    assert len(store.events()) == events


def test_nobody_else_withdraws_it(store: Store, proposed: int) -> None:
    with pytest.raises(PermissionDenied, match="only the author"):
        revisions.withdraw(store, proposed, user="eva")
    assert store.revision(proposed)["status"] == "pending"


def test_a_decided_revision_is_not_withdrawn(store: Store, proposed: int) -> None:
    revisions.approve(store, proposed, user="eva")
    with pytest.raises(Conflict, match="approved already"):
        revisions.withdraw(store, proposed, user="tom")
    assert store.revision(proposed)["status"] == "approved"


def test_a_superseded_revision_is_not_withdrawn(store: Store, proposed: int) -> None:
    segment = store.revision(proposed)["segment_id"]
    revisions.propose(store, segment, "Everyone, all.", base_revision=0, user="tom")
    with pytest.raises(Conflict, match="superseded already"):
        revisions.withdraw(store, proposed, user="tom")


def test_a_withdrawn_revision_cannot_be_approved(store: Store, proposed: int) -> None:
    revisions.withdraw(store, proposed, user="tom")
    with pytest.raises(Conflict, match="withdrawn already"):
        revisions.approve(store, proposed, user="eva")


# -- the pages --------------------------------------------------------------------------------


def test_the_revision_page_offers_withdraw_to_its_author_only(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    editor, _ = people("editor1", "editor")
    rid = propose(translator, t_token, paragraph(db_path, aligned, 3)["id"], "Everyone.").json[
        "revision"
    ]
    mine = tree(translator.get(f"/revisions/{rid}"))
    [form] = mine.xpath("//form[@class='withdraw']")
    assert form.get("action") == f"/revisions/{rid}/withdraw"
    assert form.xpath("string(.//button)") == "Withdraw"
    assert tree(editor.get(f"/revisions/{rid}")).xpath("//form[@class='withdraw']") == []


def test_withdrawing_from_the_revision_page_leaves_the_editors_queue(
    people, aligned, db_path
) -> None:
    translator, t_token = people("translator1", "translator")
    editor, _ = people("editor1", "editor")
    rid = propose(translator, t_token, paragraph(db_path, aligned, 3)["id"], "Everyone.").json[
        "revision"
    ]
    assert tree(editor.get("/queue?role=editor")).xpath(f"//tr[@id='pending-{rid}']")
    done = post(translator, t_token, f"/revisions/{rid}/withdraw", as_json=False)
    assert done.status_code == 303 and done.headers["Location"] == f"/revisions/{rid}"
    page = tree(translator.get(f"/revisions/{rid}"))
    assert page.xpath("string(//span[contains(@class, 'revision-status')])") == "withdrawn"
    assert "Withdrew revision" in page.text_content()
    assert page.xpath("//form[@class='withdraw']") == []
    queue = tree(editor.get("/queue?role=editor"))
    assert queue.xpath(f"//tr[@id='pending-{rid}']") == []
    assert queue.xpath("string(//h2[@id='pending-heading'])") == "Pending revisions (0)"


def test_the_translators_own_list_withdraws_and_comes_back_to_it(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    rid = propose(translator, t_token, paragraph(db_path, aligned, 3)["id"], "Everyone.").json[
        "revision"
    ]
    queue = tree(translator.get("/queue"))
    [form] = queue.xpath(f"//li[@id='mine-{rid}']//form[@class='withdraw']")
    fields = dict(form.form_values())
    assert fields["back"] == "queue"
    done = translator.post(form.get("action"), data=fields)
    assert done.status_code == 303 and done.headers["Location"] == "/queue"
    after = tree(translator.get("/queue"))
    assert after.xpath(f"//li[@id='mine-{rid}']") == []
    assert f"Withdrew revision {rid}" in after.text_content()


def test_an_editor_looking_at_a_translators_list_gets_no_withdraw_button(
    people, aligned, db_path
) -> None:
    translator, t_token = people("translator1", "translator")
    editor, _ = people("editor1", "editor")
    rid = propose(translator, t_token, paragraph(db_path, aligned, 3)["id"], "Everyone.").json[
        "revision"
    ]
    seen = tree(editor.get("/queue?role=translator&user=translator1"))
    assert seen.xpath(f"//li[@id='mine-{rid}']")
    assert seen.xpath(f"//li[@id='mine-{rid}']//form") == []


def test_the_page_route_refuses_others_and_repeats_change_nothing(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    other, o_token = people("translator2", "translator")
    reviewer, r_token = people("reviewer1", "reviewer")
    rid = propose(translator, t_token, paragraph(db_path, aligned, 3)["id"], "Everyone.").json[
        "revision"
    ]
    refused = post(other, o_token, f"/revisions/{rid}/withdraw")
    assert refused.status_code == 403 and "only the author" in refused.json["error"]["message"]
    assert post(reviewer, r_token, f"/revisions/{rid}/withdraw").status_code == 403
    first = post(translator, t_token, f"/revisions/{rid}/withdraw")
    assert first.status_code == 200 and first.json["changed"] == 1
    again = post(translator, t_token, f"/revisions/{rid}/withdraw")
    assert again.status_code == 200 and again.json["changed"] == 0
    assert "withdrawn already" in again.json["message"]
    assert use(db_path, lambda s: s.revision(rid))["status"] == "withdrawn"


# -- the API ----------------------------------------------------------------------------------


def _proposed_by_translator(client, headers) -> int:
    segment = client.get(
        "/api/v1/versions/2/segments?limit=1&offset=4", headers=headers["translator"]
    ).get_json()["items"][0]
    answer = client.post(
        f"/api/v1/segments/{segment['id']}/revisions",
        headers=headers["translator"],
        json={"text": "A wording to take back.", "base_revision": 0},
    )
    assert answer.status_code == 201
    return answer.get_json()["id"]


def test_the_api_withdraws_once_then_answers_changed_0(api) -> None:
    client, headers = api
    rid = _proposed_by_translator(client, headers)
    url = f"/api/v1/revisions/{rid}/withdraw"
    first = client.post(url, headers=headers["translator"])
    assert first.status_code == 200
    assert (first.get_json()["status"], first.get_json()["changed"]) == ("withdrawn", 1)
    again = client.post(url, headers=headers["translator"])
    assert (again.get_json()["status"], again.get_json()["changed"]) == ("withdrawn", 0)
    pending = client.get("/api/v1/revisions?status=pending", headers=headers["editor"])
    assert rid not in [r["id"] for r in pending.get_json()["items"]]
    assert "withdrawn already" in error_of(
        client.post(f"/api/v1/revisions/{rid}/approve", headers=headers["editor"]), 409
    )


def test_the_api_refuses_with_the_json_error_shape(api) -> None:
    client, headers = api
    rid = _proposed_by_translator(client, headers)
    url = f"/api/v1/revisions/{rid}/withdraw"
    assert "only the author" in error_of(client.post(url, headers=headers["editor"]), 403)
    assert "may not" in error_of(client.post(url, headers=headers["reviewer"]), 403)
    error_of(client.post("/api/v1/revisions/999999/withdraw", headers=headers["translator"]), 404)
    client.post(f"/api/v1/revisions/{rid}/approve", headers=headers["editor"])
    assert "approved already" in error_of(client.post(url, headers=headers["translator"]), 409)


def test_the_api_description_documents_withdrawing() -> None:
    operation = description()["paths"]["/revisions/{revision_id}/withdraw"]["post"]
    assert operation["description"].startswith("Permission: edit_text")
    assert "author" in operation["description"] and "`changed: 0`" in operation["description"]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert "changed" in answer["properties"]
    assert operation["responses"]["default"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }

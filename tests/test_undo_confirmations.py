"""Undo follows the rule every edit follows: it does not drop links another reviewer confirmed
since the edit without asking first (the service raises `DropsConfirmations`, the page's
route answers 409 with the question, the API wants `"confirmed_ok": true`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import add_user, import_pair, login, snapshot
from tests.test_review import SOURCE, TARGET, spans
from workbench import review
from workbench.errors import Conflict
from workbench.store import Store
from workbench.users import issue_token
from workbench.web import create_app

JSON = {"Accept": "application/json"}


@pytest.fixture
def aligned(store: Store) -> int:
    return import_pair(store, SOURCE, TARGET)


# -- the service ----------------------------------------------------------------------------------


def test_undoing_a_merge_someone_confirmed_since_asks_first(store: Store, aligned: int) -> None:
    """The tester's case: ana merges two links, rita confirms the merged link, ana presses z."""
    before = spans(store, aligned)
    third = store.links(aligned)[2]
    [merged] = review.merge(store, aligned, third.id, "next", user="ana")
    review.set_status(store, aligned, [merged], user="rita")
    links, events = store.links(aligned), len(store.events())
    with pytest.raises(review.DropsConfirmations) as refused:
        review.undo(store, aligned, user="ana", confirmed_ok=False)
    assert refused.value.summary == (
        "Undoing your merge splits a link confirmed by rita; it will need confirming again."
    )
    assert refused.value.verb == "Undo" and refused.value.status == 409
    assert [(c["link_id"], c["confirmed_by"]) for c in refused.value.as_json()] == [
        (merged, "rita")
    ]
    # nothing changed, nothing logged
    assert store.links(aligned) == links and len(store.events()) == events
    assert review.undo(store, aligned, user="ana", confirmed_ok=True) == "link.merge"
    assert spans(store, aligned) == before


def test_undoing_a_split_names_the_part_someone_confirmed(store: Store, aligned: int) -> None:
    third = store.links(aligned)[2]
    [merged] = review.merge(store, aligned, third.id, "next", user="tom")
    first, _second = review.split(store, aligned, merged, 3, 3, user="ana")
    review.set_status(store, aligned, [first], user="rita")
    with pytest.raises(review.DropsConfirmations, match=r"^Undoing your split merges a link"):
        review.undo(store, aligned, user="ana", confirmed_ok=False)


def test_undo_names_sentence_links_confirmed_inside(store: Store, aligned: int) -> None:
    """A sentence link rita confirmed inside ana's merged paragraph link would go too."""
    second = store.links(aligned)[1]
    [merged] = review.merge(store, aligned, second.id, "next", user="ana")
    inside = review.link_at_level(store, aligned, merged, "sentence")
    review.set_status(store, aligned, [inside.id], user="rita")
    with pytest.raises(review.DropsConfirmations) as refused:
        review.undo(store, aligned, user="ana", confirmed_ok=False)
    assert refused.value.summary == (
        "Undoing your merge drops a sentence link confirmed by rita; it will need confirming again."
    )


def test_undoing_a_sentence_merge_someone_confirmed_asks_first(store: Store, aligned: int) -> None:
    first = store.links(aligned, "sentence")[1]
    [merged] = review.merge(store, aligned, first.id, "next", user="ana")
    review.set_status(store, aligned, [merged], user="rita")
    with pytest.raises(review.DropsConfirmations) as refused:
        review.undo(store, aligned, user="ana", confirmed_ok=False)
    assert refused.value.summary.startswith(
        "Undoing your merge splits a sentence link confirmed by rita;"
    )


def test_undoing_a_confirmation_someone_made_again_asks_first(store: Store, aligned: int) -> None:
    """ana confirms, rita unconfirms and confirms it again: the confirmation is rita's now."""
    link = store.links(aligned)[0]
    review.set_status(store, aligned, [link.id], user="ana")
    review.set_status(store, aligned, [link.id], user="rita", status="auto")
    review.set_status(store, aligned, [link.id], user="rita")
    with pytest.raises(review.DropsConfirmations) as refused:
        review.undo(store, aligned, user="ana", confirmed_ok=False)
    assert refused.value.summary == (
        "Undoing your confirmation unconfirms a link confirmed by rita; it will need"
        " confirming again."
    )
    assert store.link(link.id).status == "confirmed"
    review.undo(store, aligned, user="ana", confirmed_ok=True)
    assert store.link(link.id).status == "auto"


def test_an_undo_that_drops_no_one_elses_confirmation_does_not_ask(
    store: Store, aligned: int
) -> None:
    """Undo as before: an edit nobody confirmed since, one's own confirmation, and an edit
    that dropped rita's confirmations (undoing it gives them back)."""
    links = store.links(aligned)
    review.merge(store, aligned, links[0].id, "next", user="ana")
    assert review.undo(store, aligned, user="ana", confirmed_ok=False) == "link.merge"
    review.set_status(store, aligned, [links[1].id], user="ana")
    assert review.undo(store, aligned, user="ana", confirmed_ok=False) == "link.confirm"
    review.set_status(store, aligned, [links[3].id, links[4].id], user="rita")
    review.merge(store, aligned, links[3].id, "next", user="ana", confirmed_ok=True)
    assert review.undo(store, aligned, user="ana", confirmed_ok=False) == "link.merge"
    assert [store.link(link.id).set_by for link in links[3:5]] == ["rita", "rita"]


def test_an_undo_of_a_stretch_changed_since_is_still_a_conflict(store: Store, aligned: int) -> None:
    third = store.links(aligned)[2]
    [merged] = review.merge(store, aligned, third.id, "next", user="ana")
    review.set_status(store, aligned, [merged], user="rita")
    review.split(store, aligned, merged, 3, 3, user="tom", confirmed_ok=True)
    with pytest.raises(Conflict, match="changed since"):
        review.undo(store, aligned, user="ana", confirmed_ok=False)


# -- the page's route and the API ---------------------------------------------------------------


@pytest.fixture
def merged_and_confirmed(db_path: Path, aligned: int) -> tuple[int, int]:
    """tom (a translator) merged links 3 and 4, rita (a reviewer) confirmed the merged link;
    the alignment and the merged link."""
    add_user(db_path, "tom", "translator")
    add_user(db_path, "rita", "reviewer")
    store = Store(db_path)
    try:
        third = store.links(aligned)[2]
        [merged] = review.merge(store, aligned, third.id, "next", user="tom")
        review.set_status(store, aligned, [merged], user="rita")
    finally:
        store.close()
    return aligned, merged


def test_the_pages_undo_asks_then_undoes_with_confirmed_ok(
    client, db_path: Path, merged_and_confirmed
) -> None:
    aligned, merged = merged_and_confirmed
    token = login(client, "tom")
    url = f"/alignments/{aligned}/undo"
    headers = {"X-CSRF-Token": token, **JSON}
    before = snapshot(db_path)
    asked = client.post(url, data={}, headers=headers)
    assert asked.status_code == 409
    assert asked.json["error"]["confirm"] == {
        "message": "Undoing your merge splits a link confirmed by rita;"
        " it will need confirming again.",
        "verb": "Undo",
    }
    [dropped] = asked.json["error"]["confirmations"]
    assert (dropped["link_id"], dropped["confirmed_by"]) == (merged, "rita")
    assert snapshot(db_path) == before
    done = client.post(url, data={"confirmed_ok": "1"}, headers=headers)
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.json["message"] == "Undone: merge of ¶3–4 → ¶3–4."


def test_the_apis_undo_is_a_409_until_confirmed_ok(
    app, db_path: Path, merged_and_confirmed
) -> None:
    aligned, merged = merged_and_confirmed
    store = Store(db_path)
    try:
        headers = {"Authorization": f"Bearer {issue_token(store, 'tom')}"}
    finally:
        store.close()
    client = app.test_client()
    url = f"/api/v1/alignments/{aligned}/undo"
    before = snapshot(db_path)
    refused = client.post(url, headers=headers)
    assert refused.status_code == 409, refused.get_data(as_text=True)
    error = refused.get_json()["error"]
    assert error["message"].startswith("Undoing your merge splits a link confirmed by rita;")
    assert "confirmed_ok" in error["message"]
    assert [c["link_id"] for c in error["confirmations"]] == [merged]
    assert snapshot(db_path) == before
    assert client.post(url, headers=headers, json={"confirmed_ok": False}).status_code == 409
    done = client.post(url, headers=headers, json={"confirmed_ok": True})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json() == {"undone": "link.merge"}


def test_the_apis_undo_without_confirmations_to_drop_needs_no_yes(
    db_path: Path, aligned: int
) -> None:
    add_user(db_path, "tom", "translator")
    store = Store(db_path)
    try:
        review.merge(store, aligned, store.links(aligned)[0].id, "next", user="tom")
        headers = {"Authorization": f"Bearer {issue_token(store, 'tom')}"}
    finally:
        store.close()
    client = create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()
    done = client.post(f"/api/v1/alignments/{aligned}/undo", headers=headers)
    assert done.status_code == 200 and done.get_json() == {"undone": "link.merge"}

"""Edit conflicts on a paragraph: a refused save says where the paragraph stands now, so its
editor can start again from there; a save that names the pending revision it continued
(`replaces`) never replaces, unseen, one proposed meanwhile in another tab; the history page's
propose form keeps what was typed when it is refused."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, login
from tests.test_revisions import aligned, target_paragraph  # noqa: F401  (fixture)
from workbench import revisions
from workbench.errors import InputError
from workbench.revisions import MAX_TEXT, PendingReplaced, StaleRevision
from workbench.store import Store
from workbench.users import issue_token
from workbench.web.openapi import description

NEW = "Everyone is entitled to all the rights and freedoms, whoever they are."


def approved_elsewhere(store: Store, paragraph: dict, text: str) -> int:
    """ana's wording of the paragraph, approved by eva meanwhile: its revision id."""
    theirs = revisions.propose(
        store, paragraph["id"], text, base_revision=paragraph["revision"], user="ana"
    )
    revisions.approve(store, theirs, user="eva")
    return theirs


# -- a stale save says where the paragraph stands -------------------------------------------------


def test_a_stale_save_carries_the_current_text_and_revision_to_start_again_from(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    approved_elsewhere(store, paragraph, "Everyone is entitled to every right.")
    with pytest.raises(StaleRevision) as refused:
        revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom")
    error = refused.value
    assert error.kind == "text"
    assert error.current_text == "Everyone is entitled to every right."
    assert error.current_revision == 1
    assert error.pending is None and error.yours == NEW
    # starting again from there is accepted
    again = revisions.propose(
        store, paragraph["id"], NEW, base_revision=error.current_revision, user="tom"
    )
    assert store.revision(again)["base_revision"] == 1


def test_a_stale_save_names_the_savers_own_pending_revision(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    """tom's pending revision went stale under him: the refusal names it, so that his editor
    knows which revision a new save replaces."""
    paragraph = target_paragraph(store, aligned, 3)
    mine = revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom")
    approved_elsewhere(store, paragraph, "Everyone is entitled to every right.")
    with pytest.raises(StaleRevision) as refused:
        revisions.propose(
            store, paragraph["id"], NEW + " Always.", base_revision=0, user="tom", replaces=mine
        )
    assert refused.value.pending == {"id": mine, "text": NEW, "note": "", "stale": True}


def test_a_stale_approval_carries_the_current_text_but_no_pending_revision(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    tom = revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom")
    approved_elsewhere(store, paragraph, "Everyone is entitled to every right.")
    with pytest.raises(StaleRevision) as refused:
        revisions.approve(store, tom, user="eva")
    assert refused.value.current_revision == 1 and refused.value.pending is None


# -- replaces: the pending revision a save continued --------------------------------------------


def test_a_second_tab_does_not_replace_the_first_tabs_proposal_unseen(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    """Tabs A and B opened the same paragraph on its original text; A proposed first. B's save
    started from no pending revision (replaces 0), so it is refused with A's wording."""
    paragraph = target_paragraph(store, aligned, 3)
    tab_a = revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom", replaces=0)
    with pytest.raises(PendingReplaced) as refused:
        revisions.propose(
            store, paragraph["id"], "Everyone, everywhere.", base_revision=0, user="tom", replaces=0
        )
    error = refused.value
    assert error.kind == "pending" and error.status == 409
    assert f"your pending revision {tab_a}" in str(error) and "another tab" in str(error)
    assert error.theirs == NEW and error.yours == "Everyone, everywhere."
    assert error.pending == {"id": tab_a, "text": NEW, "note": "", "stale": False}
    assert (error.current_text, error.current_revision) == (paragraph["text"], 0)
    assert store.revision(tab_a)["status"] == "pending"
    assert len(store.revisions(segment_id=paragraph["id"])) == 1


def test_a_save_that_continued_the_pending_revision_replaces_it(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    first = revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom")
    proposal = revisions.propose_replacing(
        store, paragraph["id"], NEW + " Always.", base_revision=0, user="tom", replaces=first
    )
    assert proposal.replaced == [first]
    assert store.revision(first)["status"] == "superseded"


def test_a_save_that_continued_a_revision_replaced_since_is_refused_naming_the_new_one(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    first = revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom")
    second = revisions.propose(
        store, paragraph["id"], NEW + " Always.", base_revision=0, user="tom", replaces=first
    )
    with pytest.raises(PendingReplaced, match=f"revision {second} .*replaced revision {first}"):
        revisions.propose(
            store, paragraph["id"], NEW + " Never.", base_revision=0, user="tom", replaces=first
        )
    assert store.revision(second)["status"] == "pending"


def test_a_save_that_continued_a_withdrawn_revision_is_a_new_proposal(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    first = revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom")
    revisions.withdraw(store, first, user="tom")
    proposal = revisions.propose_replacing(
        store, paragraph["id"], NEW + " Always.", base_revision=0, user="tom", replaces=first
    )
    assert proposal.replaced == []
    assert store.revision(proposal.revision)["status"] == "pending"


def test_without_replaces_a_save_replaces_the_pending_revision_as_before(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    first = revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom")
    proposal = revisions.propose_replacing(
        store, paragraph["id"], "Everyone, everywhere.", base_revision=0, user="tom"
    )
    assert proposal.replaced == [first]


def test_replaces_names_a_revision_of_ones_own_of_this_paragraph(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    other = target_paragraph(store, aligned, 5)
    anas = revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="ana")
    elsewhere = revisions.propose(
        store, other["id"], "Everyone lives.", base_revision=0, user="tom"
    )
    for wrong in (anas, elsewhere, 999):
        with pytest.raises(InputError, match=f"replaces: revision {wrong} is not"):
            revisions.propose(
                store, paragraph["id"], NEW, base_revision=0, user="tom", replaces=wrong
            )
    assert store.revision(anas)["status"] == "pending"
    assert store.revision(elsewhere)["status"] == "pending"


# -- on the web: the 409 answers ------------------------------------------------------------------


def post_json(client, token: str, url: str, body: dict):
    return client.post(url, json=body, headers={"X-CSRF-Token": token})


def test_the_editors_409_carries_the_current_text_revision_and_pending_revision(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    approved_elsewhere(store, paragraph, "Everyone is entitled to every right.")
    add_user(db_path, "tom", "translator")
    token = login(client, "tom")
    body = {"text": NEW, "base_revision": 0, "replaces": 0}
    refused = post_json(client, token, f"/segments/{paragraph['id']}/revisions", body)
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["current_text"] == "Everyone is entitled to every right."
    assert error["current_revision"] == 1 and error["pending"] is None
    assert error["changed_by"] == "eva" and error["yours"] == NEW
    assert "changed by" in error["html"]
    again = post_json(
        client, token, f"/segments/{paragraph['id']}/revisions", {**body, "base_revision": 1}
    )
    assert again.status_code == 201


def test_the_editors_save_from_a_second_tab_is_a_409_with_the_first_tabs_wording(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    add_user(db_path, "tom", "translator")
    token = login(client, "tom")
    url = f"/segments/{paragraph['id']}/revisions"
    tab_a = post_json(client, token, url, {"text": NEW, "base_revision": 0, "replaces": 0})
    assert tab_a.status_code == 201 and tab_a.get_json()["replaced"] == []
    first = tab_a.get_json()["revision"]
    tab_b = post_json(
        client, token, url, {"text": "Everyone, everywhere.", "base_revision": 0, "replaces": 0}
    )
    assert tab_b.status_code == 409
    error = tab_b.get_json()["error"]
    assert error["pending"] == {"id": first, "text": NEW, "note": "", "stale": False}
    assert error["theirs"] == NEW and error["current_revision"] == 0
    fragment = lxml.html.fragment_fromstring(error["html"])
    assert fragment.get("data-kind") == "pending"
    assert f"pending revision {first}" in " ".join(fragment.text_content().split())
    assert store.revision(first)["status"] == "pending"
    # continuing it (replaces: its id) replaces it, and says so
    continued = post_json(
        client,
        token,
        url,
        {"text": "Everyone, everywhere.", "base_revision": 0, "replaces": first},
    )
    assert continued.status_code == 201 and continued.get_json()["replaced"] == [first]


def test_the_api_takes_replaces_as_the_page_does(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    """/api/v1 proposals name the pending revision they continued too: a second tab's save
    is a 409 with the first tab's revision in `pending`; continuing that one replaces it."""
    paragraph = target_paragraph(store, aligned, 3)
    add_user(db_path, "tom", "translator")
    headers = {"Authorization": f"Bearer {issue_token(store, 'tom')}"}
    url = f"/api/v1/segments/{paragraph['id']}/revisions"
    first = client.post(url, headers=headers, json={"text": NEW, "base_revision": 0})
    assert first.status_code == 201
    mine = first.get_json()["id"]
    body = {"text": "Everyone, everywhere.", "base_revision": 0, "replaces": 0}
    tab_b = client.post(url, headers=headers, json=body)
    assert tab_b.status_code == 409
    error = tab_b.get_json()["error"]
    assert error["pending"] == {"id": mine, "text": NEW, "note": "", "stale": False}
    assert error["current_revision"] == 0 and error["current_text"] == paragraph["text"]
    assert store.revision(mine)["status"] == "pending"
    continued = client.post(url, headers=headers, json={**body, "replaces": mine})
    assert continued.status_code == 201
    assert store.revision(mine)["status"] == "superseded"
    refused = client.post(url, headers=headers, json={**body, "replaces": "x"})
    assert refused.status_code == 400 and "replaces" in refused.get_json()["error"]["message"]
    field = description()["paths"]["/segments/{segment_id}/revisions"]["post"]
    schema = field["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["replaces"]["minimum"] == 0


@pytest.mark.parametrize(
    ("sent", "status"),
    [({}, 201), ({"replaces": ""}, 409), ({"replaces": "0"}, 409), ({"replaces": "x"}, 400)],
)
def test_a_form_sends_replaces_as_digits_or_empty_for_none(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
    sent: dict,
    status: int,
) -> None:
    """Without the field a form replaces one's pending revision as it always did; an empty
    field says it continued none."""
    paragraph = target_paragraph(store, aligned, 3)
    revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom")
    add_user(db_path, "tom", "translator")
    token = login(client, "tom")
    form = {"csrf_token": token, "text": "Everyone, everywhere.", "base_revision": "0", **sent}
    answer = client.post(
        f"/segments/{paragraph['id']}/revisions",
        data=form,
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == status


def test_json_replaces_is_a_whole_number_never_null(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    add_user(db_path, "tom", "translator")
    token = login(client, "tom")
    body = {"text": NEW, "base_revision": 0}
    for wrong in (None, "0", True):
        refused = post_json(
            client, token, f"/segments/{paragraph['id']}/revisions", {**body, "replaces": wrong}
        )
        assert refused.status_code == 400
        assert "replaces must be a whole number" in refused.get_json()["error"]["message"]


def test_the_apis_409_carries_the_current_text_and_revision(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    from workbench.users import issue_token

    paragraph = target_paragraph(store, aligned, 3)
    approved_elsewhere(store, paragraph, "Everyone is entitled to every right.")
    add_user(db_path, "tom", "translator")
    token = issue_token(store, "tom")
    refused = client.post(
        f"/api/v1/segments/{paragraph['id']}/revisions",
        json={"text": NEW, "base_revision": 0},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["current_text"] == "Everyone is entitled to every right."
    assert error["current_revision"] == 1 and error["pending"] is None
    assert error["theirs"] == error["current_text"] and error["changes"]


def test_the_description_says_what_a_stale_saves_409_carries() -> None:
    paths = description()["paths"]
    for path, method in (
        ("/segments/{segment_id}/revisions", "post"),
        ("/revisions/{revision_id}/approve", "post"),
    ):
        said = paths[path][method]["description"]
        assert "`current_text`" in said and "`current_revision`" in said, path
    assert "`pending`" in paths["/segments/{segment_id}/revisions"]["post"]["description"]


# -- the history page's propose form ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (" \n\t ", "a revision needs some text"),
        (None, "the same as the current one"),
        ("x" * 200_000, "at most 100,000 characters, not 200,000"),
    ],
    ids=["blank", "unchanged", "too-long"],
)
def test_a_refused_proposal_comes_back_to_the_history_page_with_the_text_kept(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
    typed: str | None,
    said: str,
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    typed = paragraph["text"] if typed is None else typed
    add_user(db_path, "tom", "translator")
    token = login(client, "tom")
    form = {
        "csrf_token": token,
        "text": typed,
        "note": "as in <the> glossary",
        "base_revision": "0",
        "alignment_id": str(aligned),
    }
    refused = client.post(f"/segments/{paragraph['id']}/revisions", data=form)
    assert refused.status_code == 400
    page = lxml.html.document_fromstring(refused.get_data(as_text=True))
    assert page.xpath("string(//h1)").startswith("History of ¶ 4")
    [propose] = page.xpath("//form[@class='propose']")
    [message] = propose.xpath(".//*[@id='propose-error']")
    assert said in message.text_content()
    [area] = propose.xpath(".//textarea[@name='text']")
    assert area.text_content().strip() == typed.strip()
    assert area.get("aria-describedby") == "propose-error"
    assert area.get("maxlength") == str(MAX_TEXT)
    assert propose.xpath("string(.//input[@name='note']/@value)") == "as in <the> glossary"
    assert propose.xpath("string(.//input[@name='alignment_id']/@value)") == str(aligned)
    assert store.revisions(segment_id=paragraph["id"]) == []


def test_a_refused_proposal_keeps_the_base_revision_it_was_typed_on(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    """The text was typed on revision 0: the page shown again still says so, so that the
    next try is refused as stale instead of quietly undoing the change made meanwhile."""
    paragraph = target_paragraph(store, aligned, 3)
    approved_elsewhere(store, paragraph, "Everyone is entitled to every right.")
    add_user(db_path, "tom", "translator")
    token = login(client, "tom")
    form = {"csrf_token": token, "text": "  ", "base_revision": "0"}
    refused = client.post(f"/segments/{paragraph['id']}/revisions", data=form)
    assert refused.status_code == 400
    page = lxml.html.document_fromstring(refused.get_data(as_text=True))
    assert page.xpath("string(//form[@class='propose']//input[@name='base_revision']/@value)") == (
        "0"
    )


def test_the_history_form_replaces_only_the_pending_revision_it_showed(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    """The page names tom's pending revision and sends it as `replaces`: proposing from it
    replaces that one, but a pending revision made meanwhile in another tab is a 409 and
    stays; a page opened with nothing pending sends 0."""
    paragraph = target_paragraph(store, aligned, 3)
    add_user(db_path, "tom", "translator")
    token = login(client, "tom")
    url = f"/segments/{paragraph['id']}/history"

    def propose_form() -> dict[str, str]:
        page = lxml.html.document_fromstring(client.get(url).get_data(as_text=True))
        [form] = page.xpath("//form[@class='propose']")
        return {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@name]")}

    assert propose_form()["replaces"] == "0"
    first = revisions.propose(store, paragraph["id"], NEW, base_revision=0, user="tom")
    shown = propose_form()
    assert shown["replaces"] == str(first)
    page = lxml.html.document_fromstring(client.get(url).get_data(as_text=True))
    assert f"replaces your pending revision {first}" in page.xpath(
        "string(//*[@id='propose-replaces'])"
    )
    # another tab proposes meanwhile (replacing the first, as that tab had shown it)
    other = revisions.propose(
        store, paragraph["id"], NEW + " Always.", base_revision=0, user="tom", replaces=first
    )
    post = client.post(
        f"/segments/{paragraph['id']}/revisions",
        data={**shown, "csrf_token": token, "text": "Everyone, everywhere."},
    )
    assert post.status_code == 409
    assert f"pending revision {other}" in " ".join(post.get_data(as_text=True).split())
    assert store.revision(other)["status"] == "pending"
    again = propose_form()
    assert again["replaces"] == str(other)
    done = client.post(
        f"/segments/{paragraph['id']}/revisions",
        data={**again, "csrf_token": token, "text": "Everyone, everywhere."},
    )
    assert done.status_code in (302, 303)
    assert store.revision(other)["status"] == "superseded"


def test_the_history_page_and_the_review_page_hold_a_revision_to_the_servers_limit(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    add_user(db_path, "tom", "translator")
    login(client, "tom")
    history = lxml.html.document_fromstring(
        client.get(f"/segments/{paragraph['id']}/history").get_data(as_text=True)
    )
    assert history.xpath("string(//textarea[@id='propose-text']/@maxlength)") == str(MAX_TEXT)
    assert not history.xpath("//*[@id='propose-error']")
    review = lxml.html.document_fromstring(
        client.get(f"/alignments/{aligned}/review").get_data(as_text=True)
    )
    assert review.xpath("string(//*[@id='review']/@data-text-max)") == str(MAX_TEXT)

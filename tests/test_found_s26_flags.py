"""A flag's status is changed from the status the person saw, never over a decision unseen.

The editor and the admin both open the flags page while a flag is open; the editor resolves
it ("Fixed in the text."), then the admin, still looking at "open", dismisses it. The admin's
dismissal is refused (409) with a message naming who changed the flag to what, and the flag
stays as the editor left it (a dismissed flag would leave the quality score unseen). The
page's form sends the status it showed (`from_status`); the API takes the same optional field
(scripts without it work as before). Asking for the status the flag has already stays a repeat
(200, `changed: 0`), whatever was seen.

Likewise "Publish anyway" covers the open work the publish form showed, not a critical flag
raised after it was shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import add_user, import_pair, login
from tests.test_publish_open_work import build, publish_form, published
from tests.test_review_races import at_once
from workbench import flags
from workbench.store import Store
from workbench.users import issue_token


@pytest.fixture
def flag_id(db_path: Path) -> int:
    """An open major flag on the first link of a new document (document 1)."""
    store = Store(db_path)
    try:
        alignment = import_pair(store, ["Paragrafi një."], ["Paragraph one."], user="ana")
        link = store.links(alignment)[0].id
        flag = flags.raise_flag(
            store,
            alignment,
            link_id=link,
            category="accuracy/omission",
            severity="major",
            user="rita",
        )
        return flag["id"]
    finally:
        store.close()


def status_form(page: str, flag_id: int) -> dict[str, str]:
    """The hidden fields of a flag's status form, as a browser would send them."""
    tree = lxml_html.fromstring(page)
    [form] = tree.xpath(f"//article[@id='flag-{flag_id}']//form[@class='status']")
    return {field.get("name"): field.get("value") for field in form.xpath(".//input")}


def flags_page(client) -> str:
    response = client.get("/documents/1/flags")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_status(client, flag_id: int, form: dict[str, str], status: str):
    """A press of one of the form's buttons (a browser's post: it ranks HTML first)."""
    return client.post(
        f"/flags/{flag_id}/status",
        data={**form, "status": status},
        headers={"Accept": "text/html"},
    )


# -- the service -------------------------------------------------------------------------------


def test_a_change_from_a_status_the_flag_no_longer_has_is_refused_naming_who_changed_it(
    store: Store, flag_id: int
) -> None:
    flags.set_status(
        store, flag_id, "resolved", user="eva", comment="Fixed in the text.", from_status="open"
    )
    with pytest.raises(flags.StatusChanged) as refused:
        flags.set_status(
            store, flag_id, "dismissed", user="boss", comment="Not an error.", from_status="open"
        )
    message = str(refused.value)
    assert refused.value.status == 409
    assert "eva resolved it" in message and "Fixed in the text." in message
    assert "was open when you saw it" in message and "stays resolved" in message
    flag = flags.flag_json(store, flag_id)
    assert (flag["status"], flag["status_by"]) == ("resolved", "eva")
    assert [c["body"] for c in flag["thread"]] == ["Fixed in the text."]


def test_from_status_must_be_a_status(store: Store, flag_id: int) -> None:
    with pytest.raises(flags.InputError, match="from_status must be one of"):
        flags.set_status(store, flag_id, "resolved", user="eva", from_status="closed")


def test_resolved_and_dismissed_at_once_from_open_is_one_decision_and_one_refusal(
    db_path: Path, flag_id: int
) -> None:
    outcome = at_once(
        db_path,
        lambda store: flags.set_status(store, flag_id, "resolved", user="eva", from_status="open"),
        lambda store: flags.set_status(
            store, flag_id, "dismissed", user="boss", from_status="open"
        ),
    )
    refused = [o for o in outcome if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], flags.StatusChanged), outcome
    store = Store(db_path)
    try:
        decided = store.flag(flag_id)
        winner = next(o for o in outcome if isinstance(o, dict))
        assert decided["status"] == winner["status"]
        assert f"stays {decided['status']}" in str(refused[0])
    finally:
        store.close()


# -- the flags page ------------------------------------------------------------------------------


def test_the_flags_page_refuses_to_dismiss_a_flag_resolved_since_it_was_shown(
    app, db_path, flag_id
) -> None:
    add_user(db_path, "eva", "editor")
    add_user(db_path, "boss", "admin")
    editor, admin = app.test_client(), app.test_client()
    login(editor, "eva"), login(admin, "boss")
    seen_by_editor = status_form(flags_page(editor), flag_id)
    seen_by_admin = status_form(flags_page(admin), flag_id)
    assert seen_by_admin["from_status"] == "open"

    assert post_status(editor, flag_id, seen_by_editor, "resolved").status_code == 303
    refused = post_status(admin, flag_id, seen_by_admin, "dismissed")

    assert refused.status_code == 409
    tree = lxml_html.fromstring(refused.get_data(as_text=True))
    [alert] = tree.xpath("//p[@role='alert']")
    said = alert.text_content()
    assert "Flag 1 was open when you saw it, but eva resolved it" in said
    assert "stays resolved" in said and "was not dismissed" in said
    beside = tree.xpath(f"//article[@id='flag-{flag_id}']//p[@class='error']")[0]
    assert "eva resolved it" in beside.text_content()
    # the page shows the flag as it is now, ready for a decision made knowingly
    assert status_form(refused.get_data(as_text=True), flag_id)["from_status"] == "resolved"
    store = Store(db_path)
    try:
        assert (store.flag(flag_id)["status"], store.flag(flag_id)["status_by"]) == (
            "resolved",
            "eva",
        )
    finally:
        store.close()


# -- the API -----------------------------------------------------------------------------------


def test_the_api_refuses_a_change_from_a_status_the_flag_no_longer_has(
    app, db_path, flag_id
) -> None:
    add_user(db_path, "eva", "editor")
    add_user(db_path, "boss", "admin")
    store = Store(db_path)
    try:
        editor = {"Authorization": f"Bearer {issue_token(store, 'eva')}"}
        admin = {"Authorization": f"Bearer {issue_token(store, 'boss')}"}
    finally:
        store.close()
    client, url = app.test_client(), f"/api/v1/flags/{flag_id}/status"
    resolve = {"status": "resolved", "comment": "Fixed in the text.", "from_status": "open"}
    assert client.post(url, headers=editor, json=resolve).get_json()["changed"] == 1

    dismiss = {"status": "dismissed", "comment": "Not an error.", "from_status": "open"}
    refused = client.post(url, headers=admin, json=dismiss)
    assert refused.status_code == 409
    message = refused.get_json()["error"]["message"]
    assert "eva resolved it" in message and "Fixed in the text." in message
    assert client.get(f"/api/v1/flags/{flag_id}", headers=admin).get_json()["status"] == (
        "resolved"
    )

    # asking for the status it has is a repeat, whatever was seen
    again = client.post(url, headers=admin, json={"status": "resolved", "from_status": "open"})
    assert again.status_code == 200 and again.get_json()["changed"] == 0
    # scripts that do not say what they saw change it as before
    plain = client.post(url, headers=admin, json={"status": "dismissed"})
    assert plain.status_code == 200 and plain.get_json()["status"] == "dismissed"


def test_the_api_description_documents_from_status(app) -> None:
    description = app.test_client().get("/api/v1/openapi.json").get_json()
    operation = description["paths"]["/flags/{flag_id}/status"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["from_status"]["enum"] == list(flags.STATUSES)
    assert "from_status" not in body["required"]


# -- publishing anyway -------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["editions", "exports"])
def test_publish_anyway_covers_what_the_form_showed_not_a_critical_flag_raised_since(
    client, as_role, db_path: Path, page: str
) -> None:
    setup = build(db_path)
    token = as_role("editor")
    url = (
        f"/alignments/{setup.alignment}/editions"
        if page == "editions"
        else f"/documents/{setup.document}/exports"
    )
    shown = publish_form(client, url)
    form = {field.get("name"): field.get("value") for field in shown.xpath(".//input")}
    form.update(csrf_token=token, note="", publish_anyway="1")
    store = Store(db_path)
    try:  # meanwhile a reviewer raises a critical flag
        link = store.links(setup.alignment)[1].id
        flags.raise_flag(
            store, setup.alignment, link_id=link, category="other", severity="critical", user="r"
        )
    finally:
        store.close()

    refused = client.post(shown.get("action"), data=form)
    assert refused.status_code == 409
    said = " ".join(lxml_html.fromstring(refused.get_data(as_text=True)).text_content().split())
    assert "not published: 1 critical flag, 1 major flag open" in said
    assert "more is open than when you chose to publish anyway" in said
    assert published(db_path, setup.alignment) == []

    # the form shown again names the critical flag; publishing anyway now publishes
    again = publish_form(client, url)
    form = {field.get("name"): field.get("value") for field in again.xpath(".//input")}
    form.update(csrf_token=token, note="", publish_anyway="1")
    assert client.post(again.get("action"), data=form).status_code == 303
    assert len(published(db_path, setup.alignment)) == 1

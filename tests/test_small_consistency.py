"""Small consistencies between what the app says and what it does.

- A refused flag status change names the action asked for, not the permission's name.
- `workbench qa` on a document that cannot be aligned yet advises the step that is missing.
- The flags filter says a version is not the document's, not that it has no flags.
- The forms' note fields take their length limit from the server's.
- The editor's queue tells documents of the same title apart; an admin's queue says whose.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    LiveApp,
    browser_fixture,
    live_fixture,
    log_in,
)
from tests.conftest import add_user, import_pair, login
from tests.test_browser_revisions import ALIGNMENT, PHRASE, target_of
from workbench import flags, revisions, users
from workbench.store import Store
from workbench.users import issue_token
from workbench.web.auth import PERMISSIONS


def tree(response) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def aligned(store: Store) -> int:
    """Document 1, aligned (alignment 1), with one open flag on its first link."""
    alignment = import_pair(store, ["Neni 1.", "Tekst."], ["Article 1.", "Text."])
    link = store.links(alignment)[0]
    flags.raise_flag(
        store, alignment, link_id=link.id, category="other", severity="minor", user="r"
    )
    return alignment


# -- 1. a status change refused names the status change ---------------------------------------


def test_a_translator_may_not_change_a_flags_status_and_hears_just_that(
    client, as_role, store, aligned
) -> None:
    assert "translator" not in PERMISSIONS["flag"], "the rule itself stays as it is"
    [flag] = store.flags(alignment_id=aligned)
    token = as_role("translator")
    expected = "a translator may not change a flag's status"

    by_script = client.post(
        f"/flags/{flag['id']}/status",
        json={"status": "resolved"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert by_script.status_code == 403
    assert by_script.get_json()["error"]["message"] == expected

    by_form = client.post(
        f"/flags/{flag['id']}/status",
        data={"csrf_token": token, "status": "resolved"},
        headers={"Accept": "text/html"},
    )
    assert by_form.status_code == 403
    assert expected in words(tree(by_form).text_content())

    api = {"Authorization": f"Bearer {issue_token(store, 'translator1')}"}
    by_api = client.post(
        f"/api/v1/flags/{flag['id']}/status", headers=api, json={"status": "dismissed"}
    )
    assert by_api.status_code == 403
    assert by_api.get_json()["error"]["message"] == expected
    assert store.flag(flag["id"])["status"] == "open", "nothing changed"


def test_raising_a_flag_is_still_refused_in_the_permissions_words(
    client, as_role, store, aligned
) -> None:
    link = store.links(aligned)[1]
    token = as_role("translator")
    refused = client.post(
        f"/alignments/{aligned}/flags",
        json={"link_id": link.id, "category": "other", "severity": "minor"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == "a translator may not flag"


def test_a_reviewer_still_changes_a_flags_status(client, as_role, store, aligned) -> None:
    [flag] = store.flags(alignment_id=aligned)
    token = as_role("reviewer")
    answer = client.post(
        f"/flags/{flag['id']}/status",
        json={"status": "resolved"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert answer.status_code == 200 and answer.get_json()["status"] == "resolved"


# -- 2. qa's advice fits what the document lacks ----------------------------------------------


def test_qa_without_a_translation_advises_importing_one_and_the_advice_works(
    cli, tmp_path: Path
) -> None:
    assert cli("init").exit_code == 0
    source, target = tmp_path / "sq.txt", tmp_path / "en.txt"
    source.write_text("Neni 1.\n\nTekst.\n", encoding="utf-8")
    target.write_text("Article 1.\n\nText.\n", encoding="utf-8")
    assert cli("import", source, "--lang", "sq").exit_code == 0

    lacking = cli("qa", "1")
    assert lacking.exit_code != 0
    assert "document 1 has no translation version yet" in lacking.output
    advised = "workbench import FILE --document 1 --role translation --lang LANG"
    assert advised in lacking.output
    assert "`workbench align --document 1` first" not in lacking.output

    # the advice, followed, works: the import, then the align it names after it
    imported = cli("import", target, "--document", "1", "--role", "translation", "--lang", "en")
    assert imported.exit_code == 0, imported.output
    unaligned = cli("qa", "1")
    assert unaligned.exit_code != 0
    assert "document 1 has no alignment yet: run `workbench align --document 1` first" in (
        unaligned.output
    )
    assert cli("align", "--document", "1").exit_code == 0
    assert cli("qa", "1").exit_code == 0


def test_qa_without_a_source_advises_importing_the_source(cli, tmp_path: Path) -> None:
    assert cli("init").exit_code == 0
    target = tmp_path / "en.txt"
    target.write_text("Article 1.\n\nText.\n", encoding="utf-8")
    assert cli("import", target, "--lang", "en", "--role", "translation").exit_code == 0
    lacking = cli("qa", "1")
    assert lacking.exit_code != 0
    assert "document 1 has no source version yet" in lacking.output
    assert "workbench import FILE --document 1 --role source --lang LANG" in lacking.output


def test_the_advised_import_options_exist(cli) -> None:
    shown = cli("import", "--help").output
    for option in ("--document", "--role", "--lang"):
        assert option in shown


# -- 3. the flags' version filter -------------------------------------------------------------


@pytest.fixture
def two_documents(store: Store, aligned: int) -> dict[str, int]:
    """Document 1 (aligned, one flag) and the id of a version of document 2."""
    other = import_pair(store, ["Një."], ["One."], title="Other")
    return {
        "own": store.alignment(aligned)["target_version_id"],
        "foreign": store.alignment(other)["target_version_id"],
    }


def test_the_flags_page_says_a_version_is_not_the_documents(client, as_role, two_documents) -> None:
    """Not a page of no flags, as if the version had none: a 404 naming the versions there are."""
    as_role("reviewer")
    for version in (999, two_documents["foreign"]):
        refused = client.get(f"/documents/1/flags?version={version}")
        assert refused.status_code == 404
        said = words(tree(refused).text_content())
        assert f"document 1 has no version {version} (its versions: 1, 2)" in said
    kept = client.get(f"/documents/1/flags?version={two_documents['own']}")
    assert kept.status_code == 200
    # a version that is no number is a 400, as before; an unknown document a 404 of its own
    assert client.get("/documents/1/flags?version=v2").status_code == 400
    unknown = client.get("/documents/999/flags?version=999")
    assert unknown.status_code == 404
    assert "no document with id 999" in words(tree(unknown).text_content())


def test_the_api_says_a_version_is_not_the_documents(client, store, two_documents) -> None:
    users.add_user(store, "reviewer1", "reviewer", "password-1", by="test")
    api = {"Authorization": f"Bearer {issue_token(store, 'reviewer1')}"}
    for version in (999, two_documents["foreign"]):
        refused = client.get(f"/api/v1/documents/1/flags?version={version}", headers=api)
        assert refused.status_code == 404
        message = refused.get_json()["error"]["message"]
        assert message == f"document 1 has no version {version} (its versions: 1, 2)"
    assert client.get("/api/v1/documents/1/flags", headers=api).get_json()["total"] == 1
    kept = client.get(f"/api/v1/documents/1/flags?version={two_documents['own']}", headers=api)
    assert kept.status_code == 200
    unknown = client.get("/api/v1/documents/999/flags?version=1", headers=api)
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["message"] == "no document with id 999"


# -- 4. the note fields' limit is the server's -------------------------------------------------


def test_the_review_pages_note_for_the_editor_allows_what_the_server_accepts(
    client, as_role, store, aligned
) -> None:
    token = as_role("translator")
    page = tree(client.get(f"/alignments/{aligned}/review"))
    [root] = page.xpath("//div[@id='review']")
    assert root.get("data-note-max") == str(revisions.MAX_COMMENT)
    # (the editor's script gives its note field this limit: the browser test below)

    # what the field lets one type, the server takes; one character more it refuses
    segment = store.segments(store.alignment(aligned)["target_version_id"], "paragraph")[0]
    body = {"text": "Article one.", "base_revision": 0}
    headers = {"X-CSRF-Token": token, "Accept": "application/json"}
    url = f"/segments/{segment['id']}/revisions"
    longest = client.post(url, json=body | {"note": "n" * revisions.MAX_COMMENT}, headers=headers)
    assert longest.status_code == 201, longest.get_data(as_text=True)
    too_long = {"note": "n" * (revisions.MAX_COMMENT + 1)}
    assert client.post(url, json=body | too_long, headers=headers).status_code == 400


@pytest.mark.browser
def test_the_inline_editors_note_field_takes_the_servers_limit(browser, live: LiveApp) -> None:
    """In a real Chromium: the note field the review page's script builds (key e) allows
    revisions.MAX_COMMENT characters, the number the server holds a note to."""
    link, _paragraph = target_of(live, PHRASE)
    translator = log_in(browser, live, "translator")
    page = translator.page
    translator.open_review(ALIGNMENT, f"?at={link}")
    page.keyboard.press("e")
    note = page.locator(f"#edit-note-{link}")
    note.wait_for(state="visible")
    assert note.evaluate("field => field.maxLength") == revisions.MAX_COMMENT
    assert translator.errors == [] and translator.dialogs == []
    translator.page.context.close()


def test_the_history_pages_note_for_the_editor_allows_what_the_server_accepts(
    client, as_role, store, aligned
) -> None:
    as_role("translator")
    segment = store.segments(store.alignment(aligned)["target_version_id"], "paragraph")[0]
    page = tree(client.get(f"/segments/{segment['id']}/history"))
    [note] = page.xpath("//input[@id='propose-note']")
    assert note.get("maxlength") == str(revisions.MAX_COMMENT)


def test_the_publish_notes_keep_the_limit_their_views_pass(client, as_role, aligned) -> None:
    as_role("editor")
    page = tree(client.get("/documents/1/exports"))
    limits = {i.get("maxlength") for i in page.xpath("//input[@name='note']")}
    assert limits <= {str(revisions.MAX_COMMENT)}


# -- 5. the editor's queue: documents of one title, an admin's queue ---------------------------


def test_documents_of_one_title_are_told_apart_in_the_queue_filter(
    client, db_path: Path, store: Store
) -> None:
    title = "Shehu–Shikin conversation 1961"
    for target in ("en", "de", "en"):
        import_pair(store, ["Bisedë."], ["Conversation."], title=title, tgt_lang=target)
    add_user(db_path, "editor1", "editor")
    login(client, "editor1")
    page = tree(client.get("/queue?role=editor"))
    labels = [words(o.text_content()) for o in page.xpath("//select[@id='filter-document']/option")]
    assert labels == [
        "any",
        f"{title} (document 3, sq → en)",
        f"{title} (document 2, sq → de)",
        f"{title} (document 1, sq → en)",
    ]
    assert len(set(labels)) == len(labels), "no two options read alike"


def test_a_document_with_one_text_says_which_in_the_queue_filter(
    client, db_path: Path, store: Store
) -> None:
    # the archival record of the demo is a translation whose source is not held: no "? → en"
    from workbench import services

    services.import_file(
        store,
        b"Record of the conversation.",
        filename="record.txt",
        title="Record",
        language="en",
        role="translation",
    )
    add_user(db_path, "editor1", "editor")
    login(client, "editor1")
    page = tree(client.get("/queue?role=editor"))
    labels = [words(o.text_content()) for o in page.xpath("//select[@id='filter-document']/option")]
    assert labels == ["any", "Record (document 1, en only)"]


def test_an_admins_queue_says_it_is_the_editors_seen_as_admin(client, db_path: Path) -> None:
    add_user(db_path, "admin1", "admin")
    login(client, "admin1")
    page = tree(client.get("/queue"))
    assert words(page.xpath("string(//h1)")) == "Work queue · editor (as admin)"
    assert words(page.xpath("string(//title)")).startswith("Work queue · editor (as admin)")
    assert page.xpath("//h2[@id='pending-heading']"), "the page is the editors' queue"


def test_an_editors_queue_is_titled_as_before(client, db_path: Path) -> None:
    add_user(db_path, "editor1", "editor")
    login(client, "editor1")
    page = tree(client.get("/queue"))
    assert words(page.xpath("string(//h1)")) == "Work queue · editor"
    assert words(page.xpath("string(//title)")).startswith("Work queue · editor")
    assert "admin" not in words(page.xpath("string(//title)"))

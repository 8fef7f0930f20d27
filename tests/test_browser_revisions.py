"""Revisions in a real Chromium: the inline editor, review decisions, queues and publishing."""

from __future__ import annotations

import re

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    LiveApp,
    Session,
    browser_fixture,
    live_fixture,
    log_in,
)
from workbench import revisions
from workbench.store import Store

pytestmark = pytest.mark.browser

ALIGNMENT = 1  # the demo's Universal Declaration, Albanian → English
PHRASE = "Whereas recognition of the inherent dignity"


def target_of(live: LiveApp, phrase: str) -> tuple[int, dict]:
    """The paragraph link whose target paragraph starts with `phrase`, and that paragraph."""
    store = Store(live.db_path)
    try:
        alignment = store.alignment(ALIGNMENT)
        for link in store.links(ALIGNMENT):
            for segment in store.texts(
                alignment["target_version_id"], "paragraph", link.tgt_start, link.tgt_end
            ):
                if segment["text"].startswith(phrase):
                    return link.id, store.segment(segment["id"])
    finally:
        store.close()
    raise AssertionError(f"no target paragraph starts with {phrase!r}")


def status(session: Session, pattern: str) -> str:
    session.page.wait_for_function(
        "pattern => new RegExp(pattern).test(document.getElementById('status').textContent)",
        arg=pattern,
    )
    return session.page.locator("#status").text_content()


def edit_inline(session: Session, link: int, old: str, new: str) -> None:
    """Open the review page at `link`, press e, replace a word, save with Ctrl+Enter."""
    page = session.page
    session.open_review(ALIGNMENT, f"?at={link}")
    page.keyboard.press("e")
    area = page.locator(f"#link-{link} form.inline-editor textarea").first
    area.wait_for(state="visible")
    assert page.evaluate("() => document.activeElement.tagName") == "TEXTAREA"
    area.fill(area.input_value().replace(old, new, 1))
    page.keyboard.press("Control+Enter")
    status(session, "Proposed 1 revision")
    page.wait_for_selector(f"#link-{link} li.pending-revision ins")


def test_propose_comment_reject_propose_approve_publish(browser, live: LiveApp) -> None:
    link, paragraph = target_of(live, PHRASE)
    translator = log_in(browser, live, "translator")
    edit_inline(translator, link, "inherent dignity", "innate dignity")
    badge = translator.page.locator(f"#link-{link} a.pending-badge").first
    revision_url = live.url + badge.get_attribute("href")

    reviewer = log_in(browser, live, "reviewer")
    reviewer.page.goto(revision_url)
    reviewer.page.fill("#comment-body", "Is “innate” in the glossary?")
    reviewer.page.click("form.comment button[type=submit]")
    reviewer.page.wait_for_selector("ol.thread li >> text=glossary")

    editor = log_in(browser, live, "editor")
    editor.page.goto(revision_url)
    assert "glossary" in editor.page.locator("ol.thread").text_content()
    editor.page.select_option("#reason-code", "terminology")
    editor.page.fill("#reason-text", "Keep “inherent”, as in the official text.")
    editor.page.click("form.reject button[type=submit]")
    editor.page.wait_for_selector(".revision-status.status-rejected")

    translator.page.goto(f"{live.url}/queue")
    rejected = translator.page.locator("ul.queue.rejected li").first
    assert "Terminology or names not as agreed" in rejected.text_content()
    assert "as in the official text" in rejected.text_content()
    edit_inline(translator, link, "inherent dignity", "inherent dignity, always,")
    href = translator.page.locator(f"#link-{link} a.pending-badge").first.get_attribute("href")

    editor.page.goto(live.url + href)
    editor.page.click("form.approve button[type=submit]")
    editor.page.wait_for_selector(".revision-status.status-approved")
    editor.open_review(ALIGNMENT, f"?at={link}")
    editor.page.keyboard.press("c")
    status(editor, "Confirmed")
    editor.page.goto(f"{live.url}/alignments/{ALIGNMENT}/editions")
    editor.page.fill("#publish-note", "First edition")
    editor.page.click("form.publish button[type=submit]")
    editor.page.wait_for_url(re.compile(r".*/editions/\d+$"))
    assert "inherent dignity, always," in editor.page.locator("table.edition-links").text_content()
    editor.page.goto(f"{live.url}/alignments/{ALIGNMENT}/editions")
    assert editor.page.locator("tr#edition-1").count() == 1
    for session in (translator, reviewer, editor):
        assert session.errors == [] and session.dialogs == []
        session.page.context.close()
    assert paragraph["revision"] == 0


def test_escape_cancels_and_a_stale_save_shows_who_and_the_diff(browser, live: LiveApp) -> None:
    link, paragraph = target_of(live, "Whereas disregard and contempt")
    translator = log_in(browser, live, "translator")
    page = translator.page
    translator.open_review(ALIGNMENT, f"?at={link}")
    page.keyboard.press("e")
    page.keyboard.press("Escape")
    status(translator, "cancelled")
    assert page.locator("form.inline-editor").count() == 0
    assert page.evaluate("() => document.activeElement.id") == f"link-{link}"
    page.locator(f"#link-{link} button.edit-text").click()
    area = page.locator(f"#link-{link} form.inline-editor textarea").first
    area.fill("Whereas contempt for human rights has resulted in barbarous acts.")
    # meanwhile somebody else's revision of the same paragraph is approved
    store = Store(live.db_path)
    try:
        theirs = revisions.propose(
            store,
            paragraph["id"],
            "Whereas disregard has led to barbarous acts.",
            base_revision=paragraph["revision"],
            user="ana",
        )
        revisions.approve(store, theirs, user="eva")
    finally:
        store.close()
    page.keyboard.press("Control+Enter")
    status(translator, "not saved")
    conflict = page.locator(f"#link-{link} .revision-conflict")
    assert "changed by eva" in " ".join(conflict.text_content().split())
    assert conflict.locator("del").count() and conflict.locator("ins").count()
    assert area.input_value().startswith("Whereas contempt")  # nothing lost
    assert translator.errors == [] and translator.dialogs == []
    translator.page.context.close()


def pending_of(live: LiveApp, paragraph: int, author: str) -> list[dict]:
    """The pending revisions of a paragraph by `author`, newest first."""
    store = Store(live.db_path)
    try:
        return store.revisions(segment_id=paragraph, status="pending", author=author)
    finally:
        store.close()


def test_a_second_edit_continues_the_translators_pending_revision(browser, live: LiveApp) -> None:
    """The tester's case: e, change, note, Ctrl+Enter; e again opened on the original text and
    saving silently superseded the first proposal. Now the editor reopens on the pending
    wording and its note, says that saving replaces it, and the answer says it did."""
    link, paragraph = target_of(live, "Whereas it is essential, if man")
    translator = log_in(browser, live, "translator")
    page = translator.page
    translator.open_review(ALIGNMENT, f"?at={link}")
    page.keyboard.press("e")
    area = page.locator(f"#link-{link} form.inline-editor textarea").first
    area.fill(area.input_value().replace("essential", "vital", 1))
    page.fill(f"#edit-note-{link}", "“vital” reads better <b>here</b>")
    page.keyboard.press("Control+Enter")
    status(translator, "Proposed 1 revision")
    [first] = pending_of(live, paragraph["id"], "translator")

    page.keyboard.press("e")
    area = page.locator(f"#link-{link} form.inline-editor textarea").first
    area.wait_for(state="visible")
    assert area.input_value() == first["text"] and "vital" in area.input_value()
    assert page.input_value(f"#edit-note-{link}") == "“vital” reads better <b>here</b>"
    notice = page.locator(f"#link-{link} .editor-pending")
    continuing = f"Continuing your pending revision {first['id']}; saving replaces it."
    assert notice.text_content() == continuing
    assert notice.locator("a").get_attribute("href") == f"/revisions/{first['id']}"
    assert f"Continuing your pending revision {first['id']}" in status(translator, "Continuing")
    # unchanged, it is nothing to propose: the comparison is with the pending wording
    page.keyboard.press("Control+Enter")
    status(translator, "Nothing changed")
    area.fill(area.input_value().replace("vital", "vital indeed", 1))
    page.keyboard.press("Control+Enter")
    message = status(translator, "Proposed 1 revision")
    assert f"It replaces your pending revision {first['id']}." in message
    [second] = pending_of(live, paragraph["id"], "translator")
    assert "vital indeed" in second["text"] and second["note"] == first["note"]
    assert translator.errors == [] and translator.dialogs == []
    translator.page.context.close()


def test_a_stale_pending_revision_of_ones_own_is_named_and_the_editor_opens_on_the_text_now(
    browser, live: LiveApp
) -> None:
    link, paragraph = target_of(live, "Whereas it is essential to promote")
    store = Store(live.db_path)
    try:
        mine = revisions.propose(
            store,
            paragraph["id"],
            paragraph["text"].replace("essential", "needful", 1),
            base_revision=paragraph["revision"],
            user="translator",
        )
        # meanwhile another wording of the paragraph is approved: the pending one is stale
        theirs = revisions.propose(
            store,
            paragraph["id"],
            paragraph["text"].replace("promote", "foster", 1),
            base_revision=paragraph["revision"],
            user="ana",
        )
        revisions.approve(store, theirs, user="eva")
    finally:
        store.close()
    translator = log_in(browser, live, "translator")
    page = translator.page
    translator.open_review(ALIGNMENT, f"?at={link}")
    page.keyboard.press("e")
    area = page.locator(f"#link-{link} form.inline-editor textarea").first
    area.wait_for(state="visible")
    assert "foster" in area.input_value() and "needful" not in area.input_value()
    notice = page.locator(f"#link-{link} .editor-pending")
    assert f"Your pending revision {mine} is stale" in notice.text_content()
    assert "saving replaces it" in notice.text_content()
    assert notice.locator("a").get_attribute("href") == f"/revisions/{mine}"
    assert f"Your pending revision {mine} is stale" in status(translator, "stale")
    assert page.input_value(f"#edit-note-{link}") == ""
    assert translator.errors == [] and translator.dialogs == []
    translator.page.context.close()


def test_the_editor_does_not_continue_someone_elses_pending_revision(
    browser, live: LiveApp
) -> None:
    link, paragraph = target_of(live, "Whereas the peoples of the United Nations")
    store = Store(live.db_path)
    try:
        revisions.propose(
            store,
            paragraph["id"],
            paragraph["text"].replace("peoples", "nations", 1),
            base_revision=paragraph["revision"],
            user="editor",
        )
    finally:
        store.close()
    translator = log_in(browser, live, "translator")
    page = translator.page
    translator.open_review(ALIGNMENT, f"?at={link}")
    page.keyboard.press("e")
    area = page.locator(f"#link-{link} form.inline-editor textarea").first
    area.wait_for(state="visible")
    assert area.input_value() == paragraph["text"]
    assert page.locator(f"#link-{link} .editor-pending").count() == 0
    translator.page.context.close()


def test_a_translator_withdraws_a_proposal_from_their_queue_and_it_leaves_the_editors(
    browser, live: LiveApp
) -> None:
    _, paragraph = target_of(live, "Whereas Member States have pledged")
    store = Store(live.db_path)
    try:
        mine = revisions.propose(
            store,
            paragraph["id"],
            paragraph["text"].replace("pledged", "promised", 1),
            base_revision=paragraph["revision"],
            user="translator",
        )
    finally:
        store.close()
    editor = log_in(browser, live, "editor")
    editor.page.goto(f"{live.url}/queue?role=editor")
    assert editor.page.locator(f"tr#pending-{mine}").count() == 1

    translator = log_in(browser, live, "translator")
    page = translator.page
    page.goto(f"{live.url}/queue")
    with page.expect_navigation():
        page.get_by_role("button", name=f"withdraw revision {mine}").click()
    assert page.url == f"{live.url}/queue"
    page.wait_for_selector(f"ul.flashes li >> text=Withdrew revision {mine}")
    assert page.locator(f"li#mine-{mine}").count() == 0
    page.goto(f"{live.url}/revisions/{mine}")
    assert page.locator(".revision-status").text_content() == "withdrawn"
    assert page.locator("form.withdraw").count() == 0

    editor.page.goto(f"{live.url}/queue?role=editor")
    assert editor.page.locator(f"tr#pending-{mine}").count() == 0
    for session in (translator, editor):
        assert session.errors == [] and session.dialogs == []
        session.page.context.close()


def test_approve_is_disabled_on_the_editors_own_revision_and_says_why(
    browser, live: LiveApp
) -> None:
    _, paragraph = target_of(live, "Whereas a common understanding")
    store = Store(live.db_path)
    try:
        own = revisions.propose(
            store,
            paragraph["id"],
            paragraph["text"].replace("common", "shared", 1),
            base_revision=paragraph["revision"],
            user="editor",
        )
    finally:
        store.close()
    editor = log_in(browser, live, "editor")
    page = editor.page
    page.goto(f"{live.url}/revisions/{own}")
    approve = page.get_by_role("button", name="Approve")
    assert approve.is_disabled()
    reason = page.locator("#" + approve.get_attribute("aria-describedby"))
    assert reason.is_visible() and "four-eyes" in reason.text_content()
    # "select all" in the queue does not tick what bulk approval would refuse
    page.goto(f"{live.url}/queue?role=editor")
    row = page.locator(f"tr#pending-{own}")
    assert row.locator("input[type=checkbox]").count() == 0
    assert "four-eyes" in row.locator("td").first.text_content()
    page.locator("input.select-all").check()
    ticked = page.locator("input[name=ids]:checked").evaluate_all("els => els.map(e => e.value)")
    assert str(own) not in ticked
    assert editor.errors == [] and editor.dialogs == []
    page.context.close()

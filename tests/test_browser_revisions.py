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

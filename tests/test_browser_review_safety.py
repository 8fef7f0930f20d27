"""The review page keeps people's work: an edit that would drop a reviewer's confirmations
asks first, and a shared `?at=` URL keeps pointing where it pointed after an edit and its
undo (a real Chromium on the demo database)."""

from __future__ import annotations

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    LiveApp,
    Session,
    browser_fixture,
    live_fixture,
    log_in,
)
from workbench.store import Store
from workbench.web.review import positions

pytestmark = pytest.mark.browser

ALIGNMENT = 1  # the demo's Universal Declaration, Albanian → English


def status(session: Session, pattern: str) -> str:
    """Wait until the status line matches `pattern`; return its text."""
    session.page.wait_for_function(
        "pattern => new RegExp(pattern).test(document.getElementById('status').textContent)",
        arg=pattern,
    )
    return session.page.locator("#status").text_content()


def link_row(live: LiveApp, link_id: int):
    store = Store(live.db_path)
    try:
        return store.link(link_id)
    finally:
        store.close()


def focused(session: Session) -> str:
    return session.page.evaluate(
        "() => document.querySelector('li.link-row.is-current').dataset.link"
    )


def confirm_as_reviewer(browser, live: LiveApp, link_ids: list[int]) -> None:
    reviewer = log_in(browser, live, "reviewer")
    try:
        for link_id in link_ids:
            reviewer.open_review(ALIGNMENT, f"?at={link_id}")
            reviewer.page.keyboard.press("c")
            status(reviewer, "Confirmed")
        assert reviewer.errors == []
    finally:
        reviewer.page.context.close()


def test_merging_a_reviewers_confirmed_links_asks_first(browser, live: LiveApp) -> None:
    """The tester's case: the reviewer confirms links 40 and 41, the translator presses m on
    40. The page asks; Esc keeps both confirmations, Enter merges."""
    confirm_as_reviewer(browser, live, [40, 41])
    translator = log_in(browser, live, "translator")
    page = translator.page
    translator.open_review(ALIGNMENT, "?at=40")
    page.keyboard.press("m")
    dialog = page.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("#confirm-message").text_content() == (
        "This merges 2 links confirmed by reviewer; they will need confirming again. Merge?"
    )
    assert page.evaluate("() => document.activeElement.id") == "confirm-yes"
    page.keyboard.press("j")  # keys do nothing while it asks
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    status(translator, "Nothing changed: the confirmed links stay")
    assert [link_row(live, i).status for i in (40, 41)] == ["confirmed", "confirmed"]
    assert focused(translator) == "40"

    page.keyboard.press("m")
    dialog.wait_for(state="visible")
    page.keyboard.press("Enter")
    status(translator, "Merged with the next link")
    merged = page.locator("li.link-row.is-current")
    assert "edited by translator" in merged.text_content()
    assert "¶ 40–41 → ¶ 40–41" in merged.locator(".where").text_content()
    # and undo gives the reviewer's confirmed links back, under their own ids
    page.keyboard.press("z")
    status(translator, "Undone: merge")
    assert [link_row(live, i).status for i in (40, 41)] == ["confirmed", "confirmed"]
    assert translator.errors == [] and translator.dialogs == []
    translator.page.context.close()


def test_undoing_a_merge_the_reviewer_confirmed_since_asks_first(browser, live: LiveApp) -> None:
    """The tester's case: the translator merges links 70 and 71, the reviewer confirms the
    merged link, the translator presses z. The page asks; Esc keeps the reviewer's
    confirmation, Enter undoes the merge."""
    translator = log_in(browser, live, "translator")
    page = translator.page
    translator.open_review(ALIGNMENT, "?at=70")
    page.keyboard.press("m")
    status(translator, "Merged with the next link")
    merged = int(focused(translator))
    confirm_as_reviewer(browser, live, [merged])
    page.keyboard.press("z")
    dialog = page.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("#confirm-message").text_content() == (
        "Undoing your merge splits a link confirmed by reviewer; it will need confirming"
        " again. Undo?"
    )
    assert page.evaluate("() => document.activeElement.id") == "confirm-yes"
    assert dialog.locator("#confirm-yes .verb").text_content() == "Undo"
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    status(translator, "Nothing changed: the confirmed links stay")
    assert (link_row(live, merged).status, link_row(live, merged).set_by) == (
        "confirmed",
        "reviewer",
    )

    page.keyboard.press("z")
    dialog.wait_for(state="visible")
    page.keyboard.press("Enter")
    status(translator, "Undone: merge")
    assert focused(translator) == "70"
    assert [link_row(live, i).src_start for i in (70, 71)] == [69, 70]
    assert translator.errors == [] and translator.dialogs == []
    translator.page.context.close()


def test_an_edit_of_unconfirmed_links_does_not_ask(browser, live: LiveApp) -> None:
    translator = log_in(browser, live, "translator")
    page = translator.page
    translator.open_review(ALIGNMENT, "?at=60")
    page.keyboard.press("x")
    status(translator, "Detached")
    assert page.locator("#confirm-dialog").is_visible() is False
    page.keyboard.press("z")
    status(translator, "Undone: detach")
    translator.page.context.close()


def test_a_shared_link_survives_an_edit_and_its_undo(browser, live: LiveApp) -> None:
    """The tester's case: ?at=4, m, z; then ?at=5 said the link was gone. Undo gives links
    back their ids, so ?at=5 opens on link 5."""
    editor = log_in(browser, live, "editor")
    page = editor.page
    editor.open_review(ALIGNMENT, "?at=4")
    page.keyboard.press("m")
    status(editor, "Merged with the next link")
    page.keyboard.press("z")
    status(editor, "Undone: merge")
    assert focused(editor) == "4"
    editor.open_review(ALIGNMENT, "?at=5")
    assert focused(editor) == "5"
    assert page.locator("ul.flashes").count() == 0  # no "no longer in this alignment"
    assert page.url.endswith("?at=5")
    editor.page.context.close()


def test_a_shared_link_to_a_merged_link_opens_at_the_link_holding_its_place(
    browser, live: LiveApp
) -> None:
    old = link_row(live, 11)
    where = f"{positions(old.src_start, old.src_end)} → {positions(old.tgt_start, old.tgt_end)}"
    editor = log_in(browser, live, "editor")
    page = editor.page
    editor.open_review(ALIGNMENT, "?at=10")
    page.keyboard.press("m")
    status(editor, "Merged with the next link")
    merged = focused(editor)
    editor.open_review(ALIGNMENT, "?at=11")
    assert focused(editor) == merged
    notice = editor.flashed()
    assert "Link 11 is no longer in this alignment" in notice
    assert f"its place ({where}) is in link {merged} now" in notice
    assert page.url.endswith(f"?at={merged}")
    page.keyboard.press("z")
    status(editor, "Undone: merge")
    editor.page.context.close()

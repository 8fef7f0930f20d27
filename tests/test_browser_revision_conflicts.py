"""The review page's inline editor after an edit conflict, and its Esc, by keyboard only in a
real Chromium: start again from the current text without losing one's wording, a second tab
that never saw the first tab's proposal, and Esc that asks before it discards changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    LiveApp,
    Session,
    browser_fixture,
    live_fixture,
    log_in,
)
from tests.test_browser_revisions import ALIGNMENT, pending_of, status, target_of
from workbench import revisions
from workbench.revisions import MAX_TEXT
from workbench.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture(name="translator")
def translator_fixture(browser, live: LiveApp) -> Iterator[Session]:
    session = log_in(browser, live, "translator")
    yield session
    assert session.errors == [] and session.dialogs == []
    session.page.context.close()


def approve_elsewhere(live: LiveApp, paragraph: dict, text: str) -> None:
    """Meanwhile admin's wording of the paragraph is approved by the editor."""
    store = Store(live.db_path)
    try:
        theirs = revisions.propose(
            store, paragraph["id"], text, base_revision=paragraph["revision"], user="admin"
        )
        revisions.approve(store, theirs, user="editor")
    finally:
        store.close()


def focused(session: Session) -> dict:
    return session.page.evaluate(
        "() => ({tag: document.activeElement.tagName, id: document.activeElement.id,"
        " text: document.activeElement.textContent, cls: document.activeElement.className})"
    )


def open_editor(session: Session, link: int):
    session.open_review(ALIGNMENT, f"?at={link}")
    session.page.keyboard.press("e")
    area = session.page.locator(f"#link-{link} form.inline-editor textarea[data-segment]").first
    area.wait_for(state="visible")
    assert focused(session)["tag"] == "TEXTAREA"
    return area


def type_at_end(session: Session, words: str) -> None:
    session.page.keyboard.press("Control+End")
    session.page.keyboard.type(words)


def test_after_a_conflict_the_translator_starts_again_from_the_current_text_keeping_theirs(
    live: LiveApp, translator: Session
) -> None:
    link, paragraph = target_of(live, "All human beings are born free")
    page = translator.page
    area = open_editor(translator, link)
    assert area.get_attribute("maxlength") == str(MAX_TEXT)
    type_at_end(translator, " Always.")
    typed = area.input_value()
    current = paragraph["text"].replace("born free", "born free, wherever they are,", 1)
    approve_elsewhere(live, paragraph, current)

    page.keyboard.press("Control+Enter")
    said = status(translator, "not saved")
    assert "Tab to “Start again from the current text”" in said
    assert focused(translator)["tag"] == "TEXTAREA"
    page.keyboard.press("Tab")
    assert focused(translator)["text"] == "Start again from the current text"
    page.keyboard.press("Enter")

    said = status(translator, "Started again")
    assert "the current text (revision 1, changed by editor)" in said
    assert focused(translator)["tag"] == "TEXTAREA"
    assert area.input_value() == current
    yours = page.locator(f"#link-{link} .editor-yours textarea")
    assert yours.input_value() == typed and yours.get_attribute("readonly") is not None
    assert page.locator(f"label[for='{yours.get_attribute('id')}']").text_content() == (
        "Your text (not saved)"
    )
    target = page.locator(f"#link-{link} .segment[data-segment='{paragraph['id']}']")
    assert target.get_attribute("data-revision") == "1"
    assert target.locator("p.text").text_content() == current

    # the current text as it is proposes nothing; the translator's words on it do
    page.keyboard.press("Control+Enter")
    status(translator, "Nothing changed")
    type_at_end(translator, " Always.")
    page.keyboard.press("Control+Enter")
    status(translator, "Proposed 1 revision")
    [mine] = pending_of(live, paragraph["id"], "translator")
    assert mine["text"] == current + " Always." and mine["base_revision"] == 1
    shown = page.locator(f"#link-{link} .segment[data-segment='{paragraph['id']}'] p.text")
    assert shown.text_content() == current


def test_esc_after_a_conflict_asks_then_the_row_and_the_editor_show_the_current_text(
    live: LiveApp, translator: Session
) -> None:
    link, paragraph = target_of(live, "Everyone has the right to life")
    page = translator.page
    open_editor(translator, link)
    type_at_end(translator, " Always.")
    current = paragraph["text"].replace("to life", "to a life", 1)
    approve_elsewhere(live, paragraph, current)
    page.keyboard.press("Control+Enter")
    status(translator, "not saved")

    page.keyboard.press("Escape")
    assert "Press Esc again to discard your changes" in status(translator, "Esc again")
    assert page.locator(f"#link-{link} form.inline-editor").count() == 1
    page.keyboard.press("Escape")
    status(translator, "your changes were discarded")
    page.wait_for_function(
        "([link, text]) => document.querySelector(`#link-${link} .cell.target p.text`)"
        "?.textContent === text",
        arg=[link, current],
    )
    assert page.locator("form.inline-editor").count() == 0
    assert focused(translator)["id"] == f"link-{link}"
    page.keyboard.press("e")
    area = page.locator(f"#link-{link} form.inline-editor textarea[data-segment]").first
    area.wait_for(state="visible")
    assert area.input_value() == current and area.get_attribute("data-base") == "1"


def test_a_second_tabs_save_is_refused_with_the_first_tabs_wording_and_continues_it(
    live: LiveApp, translator: Session
) -> None:
    link, paragraph = target_of(live, "Everyone is entitled to all the rights")
    tab_a = translator
    tab_b = Session(tab_a.page.context.new_page(), live)
    tab_b.page.on("pageerror", lambda error: tab_b.errors.append(str(error)))
    open_editor(tab_a, link)
    open_editor(tab_b, link)

    type_at_end(tab_a, " Without exception.")
    tab_a.page.keyboard.press("Control+Enter")
    status(tab_a, "Proposed 1 revision")
    [first] = pending_of(live, paragraph["id"], "translator")

    type_at_end(tab_b, " In every country.")
    tab_b.page.keyboard.press("Control+Enter")
    said = status(tab_b, "not saved")
    assert f"Tab to “Start again from your pending revision {first['id']}”" in said
    conflict = tab_b.page.locator(f"#link-{link} .revision-conflict")
    assert f"your pending revision {first['id']}" in " ".join(conflict.text_content().split())
    assert "Without exception" in " ".join(conflict.locator("del").all_text_contents())
    assert pending_of(live, paragraph["id"], "translator") == [first]

    tab_b.page.keyboard.press("Tab")
    tab_b.page.keyboard.press("Enter")
    status(tab_b, f"Started again from your pending revision {first['id']}")
    area = tab_b.page.locator(f"#link-{link} form.inline-editor textarea[data-segment]").first
    assert area.input_value() == first["text"]
    kept = tab_b.page.locator(f"#link-{link} .editor-yours textarea").input_value()
    assert kept.endswith(" In every country.")
    type_at_end(tab_b, " In every country.")
    tab_b.page.keyboard.press("Control+Enter")
    said = status(tab_b, "Proposed 1 revision")
    assert f"It replaces your pending revision {first['id']}." in said
    [second] = pending_of(live, paragraph["id"], "translator")
    assert second["text"].endswith("Without exception. In every country.")
    assert tab_b.errors == []
    tab_b.page.close()


def test_esc_asks_before_it_discards_changes_and_closes_at_once_without_them(
    live: LiveApp, translator: Session
) -> None:
    link, paragraph = target_of(live, "No one shall be held in slavery")
    page = translator.page
    open_editor(translator, link)
    page.keyboard.press("Escape")
    assert status(translator, "cancelled") == "Edit cancelled: nothing was proposed."
    assert page.locator("form.inline-editor").count() == 0

    area = open_editor(translator, link)
    type_at_end(translator, " Ever.")
    page.keyboard.press("Escape")
    assert status(translator, "Esc again") == "Press Esc again to discard your changes."
    assert focused(translator)["tag"] == "TEXTAREA"
    assert area.input_value().endswith(" Ever.")
    # typing again means the changes are wanted: the next Esc asks again
    page.keyboard.type(" Never.")
    page.keyboard.press("Escape")
    assert page.locator(f"#link-{link} form.inline-editor").count() == 1
    page.keyboard.press("Escape")
    said = status(translator, "discarded")
    assert said == "Edit cancelled: your changes were discarded; nothing was proposed."
    assert page.locator("form.inline-editor").count() == 0
    assert focused(translator)["id"] == f"link-{link}"
    assert pending_of(live, paragraph["id"], "translator") == []
    area = open_editor(translator, link)
    assert area.input_value() == paragraph["text"]


def test_opening_another_rows_editor_keeps_unsaved_changes_and_goes_back_to_them(
    live: LiveApp, translator: Session
) -> None:
    """e on another row closed the open editor and its typed wording without a word; now the
    focus goes back to that editor, which keeps its text, and the status line says why. An
    editor without changes is closed as before."""
    link, paragraph = target_of(live, "Everyone has the right to recognition")
    other, _ = target_of(live, "All are equal before the law")
    page = translator.page
    area = open_editor(translator, link)
    type_at_end(translator, " Always.")
    page.locator(f"#link-{other}").focus()
    page.keyboard.press("e")
    said = status(translator, "not saved")
    assert said.startswith("Your changes to ¶") and "Esc twice discards them" in said
    assert focused(translator)["tag"] == "TEXTAREA"
    assert area.input_value() == paragraph["text"] + " Always."
    assert page.locator(f"#link-{other} form.inline-editor").count() == 0
    # discarded, the other row's editor opens
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    status(translator, "discarded")
    page.locator(f"#link-{other}").focus()
    page.keyboard.press("e")
    page.locator(f"#link-{other} form.inline-editor textarea[data-segment]").first.wait_for()
    # unchanged, it gives way to the next row's editor at once
    page.locator(f"#link-{link}").focus()
    page.keyboard.press("e")
    page.locator(f"#link-{link} form.inline-editor textarea[data-segment]").first.wait_for()
    assert page.locator(f"#link-{other} form.inline-editor").count() == 0
    assert pending_of(live, paragraph["id"], "translator") == []

"""The compare page in a real Chromium: an editor picks wording on one page of rows, goes on
to the next through the compose form's pager, picks there too, and makes a new version that
holds both choices (the choices of pages left travel with the form)."""

from __future__ import annotations

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    LiveApp,
    Session,
    browser_fixture,
    live_fixture,
    log_in,
    session_fixture,
)
from workbench import compare
from workbench.store import Store

pytestmark = pytest.mark.browser


def _mark(live: LiveApp) -> tuple[int, int, int]:
    """The demo's Mark: its document and its two English versions (ASV, BBE)."""
    store = Store(live.db_path)
    try:
        for document in store.documents():
            english = [v for v in store.versions(document["id"]) if v["language"] == "en"]
            if len(english) == 2:
                return document["id"], english[0]["id"], english[1]["id"]
    finally:
        store.close()
    raise AssertionError("the demo has no document with two English versions")


def test_choices_made_on_two_pages_both_reach_the_new_version(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compare, "PAGE_ROWS", 5)  # the server runs in this process
    document, a, b = _mark(session.live)
    page = session.page
    page.goto(f"{session.live.url}/documents/{document}/compare?a={a}&b={b}")
    page.check("input[name='choice-1'][value='b']")
    page.click("form.compose nav button[name='go'][value='2']")
    page.wait_for_selector("input[name='choice-6']")
    assert page.locator("input[name='choice-1']").count() == 0  # page 2 shows rows 6-10
    assert page.is_checked("input[name='choice-5'][value='a']")
    page.check("input[name='choice-6'][value='b']")
    page.wait_for_function(
        "() => document.querySelector('.compose-tally .from-b').textContent.trim() === '2'"
    )
    page.fill("#compose-label", "ASV with two rows of the BBE")
    page.click("form.compose button:not(.visually-hidden):has-text('Make new version')")
    assert "13 keep A's wording and 2 take B's" in session.flashed()
    store = Store(session.live.db_path)
    try:
        made = next(
            v for v in store.versions(document) if v["label"] == "ASV with two rows of the BBE"
        )
        text = "\n\n".join(s["text"] for s in store.segments(made["id"]))
        rows = compare.compare(store, document, a, b).rows
    finally:
        store.close()
    assert rows[1].b_text in text and rows[6].b_text in text
    assert rows[0].a_text in text and rows[5].a_text in text and rows[7].a_text in text
    assert rows[5].b_text not in text

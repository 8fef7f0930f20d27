"""QA findings and the glossary in a real Chromium: the badge, the q key, dismissing on the
report page, and adding a glossary term from a selection with g."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import LiveApp, Session, browser_fixture, log_in, serving  # noqa: F401 (fixture)
from tests.conftest import import_pair
from workbench import users
from workbench.store import Store

pytestmark = pytest.mark.browser

SOURCE = [
    "Procesverbal i bisedës.",
    "Delegacioni shqiptar arriti në Moskë.",
    "Takimi u mbajt më 12 maj 1961 në Tiranë.",
    "Biseda zgjati dy orë.",
]
TARGET = [
    "Record of conversation.",
    "The Albanian delegation arrived in Moscow.",
    "The meeting was held on 12 May 1962 in Tirana.",
    "The conversation lasted two hours.",
]


@pytest.fixture(scope="module", name="live")
def live_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """A small database (one record with a year mismatch, demo logins) served in a thread."""
    db_path = tmp_path_factory.mktemp("live-qa") / "workbench.db"
    store = Store(db_path)
    try:
        alignment = import_pair(store, SOURCE, TARGET, title="Record of 1961")
        for role in ("editor", "reviewer"):
            users.add_user(store, role, role, f"{role}-demo", by="test")
    finally:
        store.close()
    with serving(db_path) as url:
        yield LiveApp(url, db_path, alignment, [alignment])


@pytest.fixture(name="session")
def session_fixture(browser, live: LiveApp) -> Iterator[Session]:
    session = log_in(browser, live)
    yield session
    session.page.context.close()
    assert session.errors == [], session.errors
    assert session.dialogs == []


def status(session: Session, pattern: str) -> str:
    session.page.wait_for_function(
        "pattern => new RegExp(pattern).test(document.getElementById('status').textContent)",
        arg=pattern,
    )
    return session.page.locator("#status").text_content()


def current_index(session: Session) -> int:
    return int(session.page.locator("li.link-row.is-current").get_attribute("data-index"))


def test_badge_jump_with_q_and_dismiss_on_the_report(session: Session) -> None:
    page, alignment = session.page, session.live.alignments[0]
    session.open_review(alignment)
    assert current_index(session) == 0
    badge = page.locator("li.link-row.has-findings .qa-badge")
    assert badge.count() == 1 and badge.text_content() == "numbers"
    page.keyboard.press("q")
    status(session, "QA findings: link 3")
    row = page.locator("li.link-row.is-current")
    assert current_index(session) == 2 and "1962" in row.text_content()
    assert page.url.endswith(f"?at={row.get_attribute('data-link')}")
    row.locator("details.qa-findings summary").click()
    reason = row.locator("details.qa-findings li").first
    reason.wait_for(state="visible")
    assert "1961" in reason.text_content() and "1962" in reason.text_content()
    # the filter narrows the rows to the one with findings
    page.select_option("select[name=qa]", "minor")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("li.link-row.is-current")
    assert page.locator("li.link-row").count() == 1
    # dismiss it on the report page: gone after a reload, listed under dismissed
    page.goto(f"{session.live.url}/alignments/{alignment}/qa")
    finding = page.locator("li.finding")
    assert finding.count() == 1
    assert finding.locator("mark").all_text_contents() == ["1961", "1962"]
    finding.locator("input[name=reason]").fill("the archive's typo")
    finding.locator("button", has_text="Dismiss").click()
    page.wait_for_selector("ul.flashes li")
    # the page goes on where the reviewer acted (the next finding; here none is left) and
    # the message is in a live region
    assert page.url.endswith("#findings-top")
    page.wait_for_function("document.activeElement.id === 'findings-top'")
    assert page.locator("ul.flashes").get_attribute("aria-live") == "polite"
    page.reload()
    assert page.locator("li.finding").count() == 0
    page.locator("details.dismissed summary").click()
    assert "the archive's typo" in page.locator("details.dismissed").text_content()
    session.open_review(alignment)
    assert page.locator("li.link-row.has-findings").count() == 0
    page.keyboard.press("q")
    status(session, "No link with QA findings")


def test_add_a_glossary_term_from_a_selection_with_g(session: Session) -> None:
    page, alignment = session.page, session.live.alignments[0]
    session.open_review(alignment)
    page.keyboard.press("j")

    def select(side: str, word: str) -> None:
        page.evaluate(
            """([side, word]) => {
                const p = document.querySelector(
                    `li.link-row.is-current p.text[data-side=${side}]`);
                const text = p.firstChild;
                const start = text.textContent.indexOf(word);
                const range = document.createRange();
                range.setStart(text, start);
                range.setEnd(text, start + word.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
            }""",
            [side, word],
        )
        page.wait_for_timeout(50)  # selectionchange is dispatched asynchronously

    select("source", "Delegacioni")
    select("target", "delegation")
    page.keyboard.press("g")
    dialog = page.locator("#glossary-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("input[name=source]").input_value() == "Delegacioni"
    assert dialog.locator("input[name=target]").input_value() == "delegation"
    dialog.locator("input[name=note]").fill("<b>as in the 1961 records</b>")
    dialog.locator("button[type=submit]").click()
    assert "Added “Delegacioni” → “delegation”" in status(session, "Added")
    page.goto(f"{session.live.url}/documents/1/glossary")
    row = page.locator("#own-terms tbody tr").first
    assert row.locator("input[name=source]").input_value() == "Delegacioni"
    assert row.locator("input[name=note]").input_value() == "<b>as in the 1961 records</b>"


def test_reviewers_may_not_add_terms(browser, live: LiveApp) -> None:
    session = log_in(browser, live, "reviewer")
    try:
        session.open_review(live.alignments[0])
        session.page.keyboard.press("g")
        status(session, "may not change the glossary")
        assert session.page.locator("#glossary-dialog[open]").count() == 0
        assert session.errors == []
    finally:
        session.page.context.close()

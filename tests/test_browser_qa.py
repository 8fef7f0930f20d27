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


# -- what a reviewer is told after acting on a finding ---------------------------------------

#: Four records, each with a number that differs: four findings of the numbers check.
NUMBERS_SOURCE = [
    "Takimi u mbajt më 12 maj 1961.",
    "Biseda zgjati 2 orë.",
    "Delegacioni kishte 5 anëtarë.",
    "Ata u kthyen më 20 maj.",
]
NUMBERS_TARGET = [
    "The meeting was held on 12 May 1962.",
    "The conversation lasted 3 hours.",
    "The delegation had 6 members.",
    "They returned on 21 May.",
]
DISMISSED = "Dismissed: it stays hidden while its texts stay the same."

#: Where the focus is, the name a screen reader says for it, and the live regions that hold
#: the given text: [id, name, [ids of role=status / aria-live=polite elements with the text]].
FOCUS_AND_LIVE = """text => {
    const focused = document.activeElement;
    const names = (focused.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    const name = names.map(id => document.getElementById(id).textContent.trim()).join(" ");
    const live = Array.from(document.querySelectorAll('[role=status], [aria-live=polite]'))
        .filter(e => e.textContent.includes(text)).map(e => e.id);
    return [focused.id, name, live];
}"""


def log_in_without_script(browser, live: LiveApp) -> Session:
    """An editor's page in a browser context that runs no script (the forms work without)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    session = Session(page, live)
    page.on("pageerror", lambda error: session.errors.append(str(error)))
    page.goto(f"{live.url}/login")
    page.fill("#username", "editor")
    page.fill("#password", "editor-demo")
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{live.url}/")
    return session


def numbers_report(session: Session) -> tuple[int, list[str]]:
    """A new alignment with four findings, its report page open; its id and the keys."""
    store = Store(session.live.db_path)
    try:
        alignment = import_pair(store, NUMBERS_SOURCE, NUMBERS_TARGET, title="Four numbers")
    finally:
        store.close()
    session.page.goto(f"{session.live.url}/alignments/{alignment}/qa")
    ids = session.page.locator("li.finding").evaluate_all("lis => lis.map(li => li.id)")
    return alignment, [i.removeprefix("finding-") for i in ids]


def act(session: Session, key: str, button: str) -> None:
    """Press a finding's button (Dismiss, Turn into a flag) and wait for the page it opens."""
    page = session.page
    with page.expect_navigation():
        page.locator(f"#finding-{key} button", has_text=button).click()
    page.wait_for_load_state()


def told(session: Session, text: str) -> list:
    session.page.wait_for_function(
        "text => Array.from(document.querySelectorAll('ul.flashes'))"
        ".some(u => u.textContent.includes(text))",
        arg=text,
    )
    return session.page.evaluate(FOCUS_AND_LIVE, text)


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_after_dismissing_the_message_is_said_where_the_focus_lands(
    browser, live: LiveApp, script: bool
) -> None:
    """First, middle and last finding: the focus goes on to the next finding (the top when none
    is left), which is named by the message; the message is in a live region there."""
    session = log_in(browser, live) if script else log_in_without_script(browser, live)
    page = session.page
    try:
        _alignment, keys = numbers_report(session)
        assert len(keys) == 4
        # the first: the page opens at the second, named by the message, then by the finding
        act(session, keys[0], "Dismiss")
        assert page.url.endswith(f"/qa#finding-{keys[1]}")
        focused, name, live_regions = told(session, DISMISSED)
        assert focused == f"finding-{keys[1]}"
        assert name.startswith(DISMISSED + " Next: numbers finding 1: ")
        assert live_regions == [f"flashes-{keys[1]}"]
        # seen where the focus is: in the finding, not at a top scrolled away
        assert page.locator(f"#finding-{keys[1]} ul.flashes").is_visible()
        assert page.locator("#findings-top").text_content().strip() == ""
        # the middle one (the third): on to the last
        act(session, keys[2], "Dismiss")
        assert page.url.endswith(f"/qa#finding-{keys[3]}")
        focused, name, live_regions = told(session, DISMISSED)
        assert (focused, live_regions) == (f"finding-{keys[3]}", [f"flashes-{keys[3]}"])
        assert name.startswith(DISMISSED + " Next: numbers finding 2: ")
        assert page.locator("ul.flashes").count() == 1  # said once, not also the first one
        # turned into a flag: said the same way
        act(session, keys[1], "Turn into a flag")
        focused, name, live_regions = told(session, "Raised flag")
        assert (focused, live_regions) == (f"finding-{keys[3]}", [f"flashes-{keys[3]}"])
        assert name.startswith("Raised flag ") and " Next: numbers finding 1: " in name
        # the last: none is left, the page opens at its top, which the message names
        act(session, keys[3], "Dismiss")
        assert page.url.endswith("/qa#findings-top")
        focused, name, live_regions = told(session, DISMISSED)
        assert (focused, name, live_regions) == ("findings-top", DISMISSED, ["flashes-top"])
        assert page.locator("li.finding").count() == 0
        # reported again: at the top too
        page.locator("details.dismissed summary").click()
        with page.expect_navigation():
            page.locator(f"#dismissed-{keys[0]} button", has_text="Report it again").click()
        again = "The finding is reported again."
        assert told(session, again) == ["findings-top", again, ["flashes-top"]]
        assert page.locator(f"#finding-{keys[0]}").count() == 1
        if script:
            # the name was for the landing: once the focus moves on, the finding loses it
            # (the message stays on the page)
            page.keyboard.press("Tab")
            assert page.locator("#findings-top").get_attribute("aria-labelledby") is None
            assert page.locator("#flashes-top").text_content().strip() == again
        else:  # no script ran: the browser itself focused the place, named by the message
            page.keyboard.press("Tab")
            assert page.locator("#findings-top").get_attribute("aria-labelledby") == "flashes-top"
    finally:
        page.context.close()
    assert session.errors == []


def test_a_filtered_report_stays_filtered_after_dismissing(session: Session) -> None:
    """The answer goes back to the same view, where the next finding is listed."""
    page = session.page
    alignment, keys = numbers_report(session)
    page.goto(f"{session.live.url}/alignments/{alignment}/qa?check=numbers")
    act(session, keys[1], "Dismiss")
    assert page.url.endswith(f"/qa?check=numbers#finding-{keys[2]}")
    focused, _name, live_regions = told(session, DISMISSED)
    assert (focused, live_regions) == (f"finding-{keys[2]}", [f"flashes-{keys[2]}"])

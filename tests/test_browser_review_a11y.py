"""The review page for people who use the keyboard, a screen reader, speech input or Windows
high contrast, in a real Chromium.

The keys act on the current row, and the current row follows the keyboard focus; the keys act
only while the focus is in the grid, and the letters can be turned off; the grid is one Tab
stop, a row's controls are reached from the row with the arrow keys (and its reasons with w);
skip links lead to the grid and the toolbar; flags and glossary terms can be typed instead of
selected with a mouse; each cell names its column to screen readers; forced colours keep the
current row and the confidence bands visible. The compare page's keys follow the same rule.
"""

from __future__ import annotations

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    Session,
    browser_fixture,
    live_fixture,
    session_fixture,
)
from workbench import revisions
from workbench.store import Store

pytestmark = pytest.mark.browser

#: The demo's Gospel of Mark (Albanian → English ASV): 15 long links, every confidence band.
MARK = 3
#: The demo's Universal Declaration (Albanian → English): links 1 and 2 have QA findings.
DECLARATION = 1
#: The Declaration in Russian → English: link 34 gets a QA finding (fixture `omitted`).
RIGHTS = 2

ACTIVE = """() => {
    const e = document.activeElement;
    const row = e.closest("li.link-row");
    return {tag: e.tagName.toLowerCase(), id: e.id, row: row ? row.dataset.link : null,
            kind: e.closest("details")?.className || e.className || "",
            name: e.getAttribute("aria-label") || e.textContent.trim().slice(0, 60)};
}"""


def current(session: Session) -> dict:
    """The current row: its link id, index and status, and whether it has the focus."""
    return session.page.evaluate(
        """() => {
            const row = document.querySelector("li.link-row.is-current");
            return {link: row.dataset.link, index: Number(row.dataset.index),
                    status: row.querySelector(".status-badge").textContent.trim(),
                    focused: document.activeElement === row};
        }"""
    )


def active(session: Session) -> dict:
    return session.page.evaluate(ACTIVE)


def status(session: Session, pattern: str) -> str:
    """Wait until the status line matches `pattern`; return its text."""
    session.page.wait_for_function(
        "pattern => new RegExp(pattern).test(document.getElementById('status').textContent)",
        arg=pattern,
    )
    return session.page.locator("#status").text_content()


def row_status(session: Session, link: str) -> str:
    return session.page.locator(f"#link-{link} .status-badge").text_content().strip()


# -- the current row follows the focus -----------------------------------------------------------


def test_the_row_the_focus_enters_is_the_row_the_keys_act_on(session: Session) -> None:
    """The audit's case: Tab went through the rows' controls while the current row stayed
    behind, and c confirmed a row out of sight."""
    page = session.page
    session.open_review(MARK)
    first = current(session)
    far = page.locator("li.link-row").nth(12)
    link = far.get_attribute("data-link")
    assert row_status(session, link) == "auto"
    scrolled = page.evaluate("scrollY")
    # the focus lands on a control of a row far down (a screen reader, a click): that row is
    # the current one now, and the page does not jump for it
    far.locator("details.reasons summary").evaluate("e => e.focus({preventScroll: true})")
    now = current(session)
    assert now["link"] == link and now["index"] == 12
    assert page.locator("li.link-row.is-current").count() == 1
    assert page.evaluate("scrollY") == scrolled
    assert page.url.endswith(f"?at={link}")
    page.keyboard.press("c")
    status(session, "Confirmed")
    assert row_status(session, link) == "confirmed by editor"
    assert row_status(session, first["link"]) == first["status"]


@pytest.fixture(scope="module")
def omitted(live) -> int:
    """Link 34 of RIGHTS with the second half of its translation cut, approved: a real
    omission that QA finds, so the row has a QA findings button to reach (the demo's own
    translations are complete); the link's id."""
    store = Store(live.db_path)
    try:
        link = store.links(RIGHTS)[33]
        version = store.alignment(RIGHTS)["target_version_id"]
        paragraph = store.paragraph_at(version, link.tgt_start)["id"]
        cut = revisions.propose(
            store,
            paragraph,
            "Everyone is entitled in full equality to a fair and public hearing.",
            base_revision=store.segment(paragraph)["revision"],
            user="translator",
        )
        revisions.approve(store, cut, user="editor")
        return link.id
    finally:
        store.close()


def test_the_grid_is_one_tab_stop_and_the_arrows_reach_a_rows_controls(
    session: Session, omitted: int
) -> None:
    page = session.page
    session.open_review(RIGHTS)
    page.locator("li.link-row[data-index='33']").focus()  # QA findings, Why, Edit, Sentences
    row = current(session)["link"]
    assert row == str(omitted)
    kinds = []
    for _ in range(5):
        page.keyboard.press("ArrowRight")
        kinds.append(active(session)["kind"])
    edit, sentences = "secondary small edit-text", "secondary small expand"
    assert kinds == ["qa-findings", "reasons", edit, sentences, sentences]
    assert active(session)["name"] == "Sentences of link 34 (¶ 33 → ¶ 33)"
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    back = current(session)
    assert (back["link"], back["focused"]) == (row, True)
    # Tab leaves the grid at once (no stop on every row's controls); Shift+Tab comes back
    page.keyboard.press("Tab")
    assert active(session)["row"] is None
    page.keyboard.press("Shift+Tab")
    assert current(session)["focused"] and current(session)["link"] == row


def test_a_pending_revision_is_reached_with_the_arrows_too(session: Session, omitted: int) -> None:
    store = Store(session.live.db_path)
    try:
        link = store.links(RIGHTS)[33]
        version = store.alignment(RIGHTS)["target_version_id"]
        paragraph = store.paragraph_at(version, link.tgt_start)["id"]
        pending = revisions.propose(
            store,
            paragraph,
            "Everyone has the right to a nationality.",
            base_revision=store.segment(paragraph)["revision"],
            user="ana",
        )
    finally:
        store.close()
    page = session.page
    session.open_review(RIGHTS, f"?at={link.id}")
    badge = page.locator(f"#link-{link.id} a.pending-badge")
    assert badge.get_attribute("tabindex") == "-1"
    for _ in range(5):  # QA findings, Why, Edit text, Sentences, then the texts' revisions
        page.keyboard.press("ArrowRight")
    reached = active(session)
    assert (reached["tag"], reached["name"]) == ("a", f"pending revision {pending}")
    page.keyboard.press("Escape")
    assert current(session)["focused"]


def test_w_shows_a_rows_reasons_and_esc_goes_back_to_the_row(session: Session) -> None:
    page = session.page
    session.open_review(MARK)
    page.keyboard.press("j")
    row = current(session)["link"]
    reasons = page.locator(f"#link-{row} details.reasons")
    page.keyboard.press("w")
    assert reasons.evaluate("e => e.open")
    assert active(session)["kind"] == "reasons" and active(session)["row"] == row
    assert reasons.locator("li").first.is_visible()
    page.keyboard.press("w")
    assert not reasons.evaluate("e => e.open")
    page.keyboard.press("Escape")
    assert current(session)["focused"] and current(session)["link"] == row


def test_the_qa_report_link_of_open_findings_is_reached_with_tab(session: Session) -> None:
    page = session.page
    session.open_review(DECLARATION)
    page.keyboard.press("ArrowRight")  # link 1's QA findings
    assert active(session)["kind"] == "qa-findings"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    report = active(session)
    assert report["tag"] == "a" and report["name"].startswith("QA report: the findings on link 1")
    # Esc goes back to the row; closed again, the report is no stop
    page.keyboard.press("Escape")
    assert current(session)["focused"]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert not page.locator("li.link-row.is-current details.qa-findings").evaluate("e => e.open")
    page.keyboard.press("Tab")
    assert active(session)["row"] is None


# -- where the keys work, and turning the letters off ---------------------------------------------


def events(session: Session) -> int:
    store = Store(session.live.db_path)
    try:
        return store.db.execute("select count(*) from events").fetchone()[0]
    finally:
        store.close()


def test_letters_do_nothing_outside_the_grid(session: Session) -> None:
    """The audit's case: with the focus on the site's "Documents" link, u moved a paragraph."""
    page = session.page
    session.open_review(MARK, "?at=395")
    at = current(session)
    before, edits = page.locator("#window").inner_html(), events(session)
    page.locator("header.site nav.sections a").first.focus()
    for key in ("u", "j", "c", "x", "?"):
        page.keyboard.press(key)
    page.locator("#toolbar button[data-action=undo]").focus()  # the toolbar is not the grid
    for key in "jcmsudxrzUDM":
        page.keyboard.press(key)
    page.wait_for_timeout(300)  # an edit, had one been posted, would have been answered
    assert page.locator("#status").text_content() == ""
    assert page.locator("#help-dialog").is_hidden() and page.locator("dialog[open]").count() == 0
    assert page.locator("#window").inner_html() == before
    assert events(session) == edits
    assert current(session)["link"] == at["link"] == "395"
    # back in the grid, they act
    page.locator("#link-395").focus()
    page.keyboard.press("j")
    assert current(session)["index"] == at["index"] + 1


def test_the_letters_can_be_turned_off_and_it_is_remembered(session: Session) -> None:
    page = session.page
    session.open_review(MARK)
    row = current(session)["link"]
    page.click("#toolbar button[data-action=help]")
    toggle = page.locator("#shortcuts-on")
    assert toggle.is_checked()
    toggle.uncheck()
    said = "Keyboard shortcuts are off: letters do nothing"
    assert page.locator("#shortcuts-said").text_content().startswith(said)
    assert page.locator("#shortcuts-said").get_attribute("role") == "status"
    assert page.evaluate("localStorage.getItem('workbench.review.shortcuts')") == "off"
    page.keyboard.press("Escape")
    status(session, said)
    # the toolbar's buttons stop naming the letters
    assert page.locator("#toolbar button[data-action=confirm] kbd").is_hidden()
    page.locator(f"#link-{row}").focus()
    page.keyboard.press("c")
    status(session, "Keyboard shortcuts are off: turn them on in the Keys dialog")
    assert row_status(session, row) == "auto"
    # the arrow keys and the toolbar's buttons still work
    page.keyboard.press("ArrowDown")
    moved = current(session)
    assert moved["index"] == 1 and moved["focused"]
    page.click("#toolbar button[data-action=confirm]")
    status(session, "Confirmed")
    assert row_status(session, moved["link"]) == "confirmed by editor"
    # remembered: after a reload the letters are still off
    page.reload()
    page.wait_for_selector("li.link-row.is-current")
    at = current(session)
    page.keyboard.press("j")
    assert current(session)["link"] == at["link"]
    page.click("#toolbar button[data-action=help]")
    assert not toggle.is_checked()
    toggle.check()
    assert page.locator("#shortcuts-said").text_content().startswith("Keyboard shortcuts are on")
    page.keyboard.press("Escape")
    page.locator("li.link-row.is-current").focus()
    page.keyboard.press("j")
    assert current(session)["index"] == at["index"] + 1


def test_the_help_names_the_keys_that_reach_a_rows_controls(session: Session) -> None:
    page = session.page
    session.open_review(MARK)
    page.keyboard.press("?")
    help_dialog = page.locator("#help-dialog")
    help_dialog.wait_for(state="visible")
    assert active(session)["name"] == "Close"
    keys = help_dialog.locator("dl.keys dt").all_text_contents()
    assert {"→ / ←", "w", "Tab", "↓ / ↑"} <= set(keys)
    where = help_dialog.locator("#keys-where").text_content()
    assert "while the keyboard focus is in the list of links" in where


# -- skip links -----------------------------------------------------------------------------------


#: Where a browser starts when the keyboard enters the page (from the address bar, or a Tab
#: past the page's last stop): the start of the document, before its first focusable element.
DOCUMENT_START = """() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
}"""


def test_skip_links_lead_to_the_current_row_and_to_the_toolbar(session: Session) -> None:
    page = session.page
    session.open_review(MARK, "?at=399")
    page.locator("header.site a.brand").focus()
    # the skip links come before the site's header: back from its first link, not after it
    page.keyboard.press("Shift+Tab")
    assert active(session)["name"] == "Skip to the toolbar"
    page.keyboard.press("Shift+Tab")
    skip = page.get_by_role("link", name="Skip to the links")
    assert skip.evaluate("e => e === document.activeElement")
    box = skip.bounding_box()
    assert box["width"] > 40 and box["height"] > 10  # shown while it has the focus
    page.keyboard.press("Enter")
    row = current(session)
    assert row["link"] == "399" and row["focused"]
    page.keyboard.press("j")  # the keys work at once
    assert current(session)["index"] == row["index"] + 1
    page.get_by_role("link", name="Skip to the toolbar").focus()
    page.keyboard.press("Enter")
    assert active(session)["name"] == "Confirm c"
    assert page.get_by_role("link", name="Skip to the toolbar").bounding_box()["width"] <= 1


def test_the_first_tab_of_the_page_reaches_the_skip_link(session: Session) -> None:
    """WCAG 2.4.1: the skip links are the page's first Tab stops, not the ninth and tenth
    (after the site's header); shown while focused, and Enter puts the focus in the grid."""
    page = session.page
    session.open_review(MARK, "?at=399")
    page.evaluate(DOCUMENT_START)
    page.keyboard.press("Tab")
    assert active(session)["name"] == "Skip to the links"
    box = page.get_by_role("link", name="Skip to the links").bounding_box()
    assert box["width"] > 40 and box["height"] > 10 and box["y"] < 40  # at the top, seen
    page.keyboard.press("Enter")
    row = current(session)
    assert row["link"] == "399" and row["focused"]
    # a Tab past the page's last stop comes round to the skip links again
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert active(session)["name"] == "Skip to the links"


# -- typing what a mouse would select -------------------------------------------------------------


def test_a_span_is_flagged_by_typing_its_words(session: Session) -> None:
    page = session.page
    session.open_review(MARK)
    page.keyboard.press("j")
    row = current(session)["link"]
    target = page.locator(f"#link-{row} p.text[data-side=target]").nth(1)
    paragraph = int(target.get_attribute("data-position")) + 1
    words = "the multitude resorted unto him"
    assert words in target.text_content()
    page.keyboard.press("f")
    dialog = page.locator("#flag-dialog")
    dialog.wait_for(state="visible")
    assert active(session)["id"] == "flag-quote"
    assert dialog.locator("#flag-quote").get_attribute("lang") == "en"
    page.keyboard.type("these words are not there")
    dialog.locator("select[name=category]").select_option("accuracy/mistranslation")
    page.locator("#flag-quote").focus()
    page.keyboard.press("Control+Enter")
    error = dialog.locator("#flag-error")
    error.wait_for(state="visible")
    assert error.get_attribute("role") == "alert"
    assert error.text_content().startswith(
        "“these words are not there” is not in the target text of this link (¶ "
    )
    assert dialog.is_visible() and active(session)["id"] == "flag-quote"
    assert page.locator("#flag-quote").get_attribute("aria-invalid") is not None
    page.locator("#flag-quote").fill(f"  {words} ")
    page.keyboard.press("Control+Enter")
    said = status(session, "Flag raised")
    where = f"(target paragraph {paragraph})"
    assert said == f"Flag raised: accuracy/mistranslation, minor, on “{words}” {where}."
    assert dialog.is_hidden()
    assert page.locator(f"#link-{row} mark.flagged").text_content() == words
    # the source side too, in its own language
    page.keyboard.press("f")
    dialog.wait_for(state="visible")
    assert dialog.locator("#flag-error").is_hidden()
    dialog.locator("#flag-side").select_option("source")
    assert dialog.locator("#flag-quote").get_attribute("lang") == "sq"
    dialog.locator("#flag-quote").fill("fjalë që nuk janë këtu")
    page.keyboard.press("Control+Enter")
    error.wait_for(state="visible")
    assert "is not in the source text of this link" in error.text_content()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")


def test_a_glossary_term_is_added_by_typing_it(session: Session) -> None:
    page = session.page
    session.open_review(MARK)
    page.keyboard.press("g")
    dialog = page.locator("#glossary-dialog")
    dialog.wait_for(state="visible")
    assert "Type the term and its translation" in dialog.locator("p.hint").text_content()
    assert page.evaluate("document.activeElement.name") == "source"
    page.keyboard.type("sinagogë")
    page.keyboard.press("Tab")
    page.keyboard.type("synagogue")
    page.keyboard.press("Control+Enter")
    said = status(session, "Added")
    assert said.startswith("Added “sinagogë” → “synagogue” to ")


# -- screen readers and high contrast -------------------------------------------------------------


def test_each_cell_is_read_with_its_column_and_looks_as_before(session: Session) -> None:
    page = session.page
    session.open_review(MARK)
    row = page.locator("li.link-row").nth(2)
    source = row.locator(".cell.source").aria_snapshot().splitlines()
    target = row.locator(".cell.target").aria_snapshot().splitlines()
    assert source[0] == '- text: "Source, Albanian:"' and source[1].startswith("- paragraph:")
    assert target[0] == '- text: "Target, English:"' and target[1].startswith("- paragraph:")
    room = row.evaluate(
        """row => Array.from(row.querySelectorAll(".cell")).map((cell) => {
            const label = cell.querySelector(".cell-label").getBoundingClientRect();
            return [label.width, label.height,
                    cell.querySelector(".segment").getBoundingClientRect().top
                    - cell.getBoundingClientRect().top];
        })"""
    )
    assert room == [[1, 1, 0], [1, 1, 0]]  # the labels take no room: the texts start where
    # they did


def test_in_forced_colours_the_current_row_and_the_confidence_bands_show(
    session: Session,
) -> None:
    """Windows high contrast drops the current row's shadow and background and the bands'
    colours: the current row keeps an outline in the highlight colour, and a band's bar tells
    it by its style."""
    page = session.page
    page.emulate_media(forced_colors="active", color_scheme="dark")
    session.open_review(MARK)
    page.keyboard.press("j")
    page.locator("#toolbar button[data-action=confirm]").focus()  # the focus elsewhere
    rows = page.eval_on_selector_all(
        "li.link-row",
        """rows => rows.map((row) => {
            const style = getComputedStyle(row);
            return {current: row.classList.contains("is-current"),
                    band: row.className.match(/band-(\\w+)/)[1],
                    outline: [style.outlineStyle, parseFloat(style.outlineWidth)],
                    bar: style.borderLeftStyle, colour: style.borderLeftColor};
        })""",
    )
    [highlighted] = [r for r in rows if r["current"]]
    assert highlighted["outline"] == ["solid", 3]
    assert {r["outline"][0] for r in rows if not r["current"]} == {"none"}
    assert {(r["band"], r["bar"]) for r in rows} == {
        ("high", "solid"),
        ("doubtful", "dashed"),
        ("low", "double"),
    }
    text_colour = page.evaluate("getComputedStyle(document.body).color")
    assert {r["colour"] for r in rows} == {text_colour}


# -- the compare page -----------------------------------------------------------------------------


def test_the_compare_pages_letters_act_only_in_its_grid(session: Session) -> None:
    """Mark's ASV against BBE (the demo's document 3): all its rows differ."""
    page = session.page
    page.goto(f"{session.live.url}/documents/3/compare")
    page.wait_for_selector(".compose-tools:not([hidden])")

    def from_b() -> list[int]:
        script = "els => els.flatMap((e, i) => (e.checked ? [i + 1] : []))"
        return page.eval_on_selector_all("input[type=radio][value=b]", script)

    page.locator("header.site nav.sections a").first.focus()
    for key in ("j", "b", "n", "b"):
        page.keyboard.press(key)
    assert from_b() == [] and page.text_content(".compose-tally .from-b") == "0"
    assert page.evaluate("document.activeElement.textContent") == "Documents"
    page.locator("#row-0 input[value=a]").focus()  # Tab reaches a row's choice
    page.keyboard.press("b")
    assert from_b() == [1] and page.evaluate("document.activeElement.id") == "row-1"
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "row-2"

"""The review page in a real Chromium: keys, dialogs, paging, flags, hostile text, layout."""

from __future__ import annotations

import re

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    ARTIFACTS,
    Session,
    browser_fixture,
    live_fixture,
    log_in,
    session_fixture,
)
from workbench.store import Store

pytestmark = pytest.mark.browser


def current(session: Session) -> dict:
    """The focused row's link id, index and ranges, read from the page."""
    return session.page.evaluate(
        """() => {
            const row = document.querySelector("li.link-row.is-current");
            const d = row.dataset;
            return {link: d.link, index: Number(d.index), active: document.activeElement === row,
                    src: Number(d.srcEnd) - Number(d.srcStart),
                    tgt: Number(d.tgtEnd) - Number(d.tgtStart),
                    confidence: d.confidence, text: row.textContent};
        }"""
    )


def status(session: Session, pattern: str) -> str:
    """Wait until the status line matches `pattern`; return its text."""
    line = session.page.locator("#status")
    session.page.wait_for_function(
        "pattern => new RegExp(pattern).test(document.getElementById('status').textContent)",
        arg=pattern,
    )
    return line.text_content()


def go_to(session: Session, index: int) -> None:
    for _ in range(index - current(session)["index"]):
        session.page.keyboard.press("j")


def test_move_with_j_k_and_confirm_with_c(session: Session) -> None:
    page = session.page
    session.open_review(1)
    assert current(session)["index"] == 0
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    row = current(session)
    assert row["index"] == 1 and row["active"]
    assert page.url.endswith(f"?at={row['link']}")
    page.keyboard.press("c")
    status(session, "Confirmed")
    after = current(session)
    assert after["link"] == row["link"] and after["active"]
    assert "confirmed by editor" in after["text"]
    # the URL keeps the position: a reload opens on the same row
    page.reload()
    page.wait_for_selector("li.link-row.is-current")
    assert current(session)["link"] == row["link"]


def test_merge_split_shift_undo_with_keys(session: Session) -> None:
    page = session.page
    session.open_review(1, "?q=Neni")
    go_to(session, 3)
    before = current(session)
    assert (before["src"], before["tgt"]) == (1, 1)
    page.keyboard.press("s")
    status(session, "nothing to split")
    page.keyboard.press("m")
    status(session, "Merged with the next link")
    merged = current(session)
    assert (merged["src"], merged["tgt"]) == (2, 2) and "edited by editor" in merged["text"]
    page.keyboard.press("r")
    assert "only automatic stretches" in status(session, "this link is edited \\(set by editor\\)")
    assert page.locator("#status.is-error").count() == 1
    page.keyboard.press("s")
    dialog = page.locator("#split-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("input[name=src_at]").count() == 3
    dialog.locator("input[name=src_at]").nth(1).check()
    dialog.locator("input[name=tgt_at]").nth(1).check()
    dialog.locator("button[type=submit]").click()
    status(session, "Split in two")
    split = current(session)
    assert (split["src"], split["tgt"]) == (1, 1) and split["active"]
    page.keyboard.press("j")
    page.keyboard.press("u")
    status(session, "Moved a target paragraph up")
    assert current(session)["tgt"] == 0
    page.keyboard.press("z")
    status(session, "Undone: shift")
    page.keyboard.press("D")
    status(session, "Moved a source paragraph down")
    page.keyboard.press("z")
    status(session, "Undone: shift")
    page.keyboard.press("z")
    status(session, "Undone: split")
    page.keyboard.press("z")
    status(session, "Undone: merge")
    assert page.locator("li.link-row.status-edited").count() == 0


def test_bulk_confirm_and_next_suspicious(session: Session) -> None:
    page = session.page
    session.open_review(2, "?status=unconfirmed")
    total = int(page.locator("#window").get_attribute("data-total"))
    confidences = sorted(
        float(value)
        for value in page.locator("li.link-row").evaluate_all(
            "rows => rows.map(row => row.dataset.confidence)"
        )
    )
    threshold = confidences[len(confidences) // 2]
    expected = sum(value >= threshold for value in confidences)
    page.fill("#bulk-form input[name=threshold]", str(threshold))
    page.click("#bulk-form button[type=submit]")
    assert f"Confirmed {expected} links" in status(session, r"Confirmed \d+")
    page.wait_for_function(
        f"() => document.getElementById('window').dataset.total == {total - expected}"
    )
    page.keyboard.press("n")
    message = status(session, "Least confident link")
    assert current(session)["index"] == int(re.search(r"(\d+)", message).group(1)) - 1
    assert float(current(session)["confidence"]) == confidences[0]


def test_sentences_expand_and_help_overlay(session: Session) -> None:
    page = session.page
    session.open_review(2)
    go_to(session, 3)
    page.keyboard.press("Enter")
    row = page.locator("li.link-row.is-current")
    row.locator(".sentences li.sentence-row").first.wait_for()
    assert row.locator("button.expand").get_attribute("aria-expanded") == "true"
    page.keyboard.press("?")
    page.locator("#help-dialog").wait_for(state="visible")
    page.keyboard.press("j")  # keys do nothing while the help is open
    page.keyboard.press("Escape")
    page.locator("#help-dialog").wait_for(state="hidden")
    assert current(session)["index"] == 3


def test_flag_a_selected_span_with_f(session: Session) -> None:
    page = session.page
    session.open_review(2)
    go_to(session, 4)
    selected = page.evaluate(
        """() => {
            const p = document.querySelector("li.link-row.is-current p.text[data-side=target]");
            const text = p.firstChild;
            const range = document.createRange();
            range.setStart(text, 4);
            range.setEnd(text, 16);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            return range.toString();
        }"""
    )
    page.keyboard.press("f")
    dialog = page.locator("#flag-dialog")
    dialog.wait_for(state="visible")
    quote = dialog.locator("#flag-quote")
    assert quote.input_value() == selected
    assert dialog.locator("#flag-side").input_value() == "target"
    # the quote keeps its paragraph's language, and its direction follows the text
    target_lang = page.evaluate(
        """() => document.querySelector("li.link-row.is-current p.text[data-side=target]")
                   .closest("[lang]").lang"""
    )
    assert (quote.get_attribute("lang"), quote.get_attribute("dir")) == (target_lang, "auto")
    dialog.locator("select[name=category]").select_option("terminology")
    dialog.locator("select[name=severity]").select_option("major")
    dialog.locator("textarea[name=comment]").fill("<b>not bold</b>")
    dialog.locator("button[type=submit]").click()
    status(session, "Flag raised: terminology, major")
    row = page.locator("li.link-row.is-current")
    assert row.locator(".flag-badge").text_content().startswith("⚑ 1")
    assert row.locator("mark.flagged").text_content() == selected


def test_paging_crosses_window_boundaries(session: Session) -> None:
    page = session.page
    session.open_review(2, "?limit=5")
    for _ in range(5):
        page.keyboard.press("j")
    page.wait_for_function("() => document.getElementById('window').dataset.offset === '5'")
    assert current(session)["index"] == 5 and page.locator("li.link-row").count() == 5
    page.keyboard.press("k")
    page.wait_for_function("() => document.getElementById('window').dataset.offset === '0'")
    assert current(session)["index"] == 4
    page.click("nav.pager >> nth=0 >> a.next")
    page.wait_for_function("() => document.getElementById('window').dataset.offset === '5'")
    assert current(session)["index"] == 5


def test_a_new_page_of_rows_and_a_repeated_message_are_announced(session: Session) -> None:
    page = session.page
    session.open_review(2, "?limit=5")
    total = page.evaluate("() => document.getElementById('window').dataset.total")
    for _ in range(5):
        page.keyboard.press("j")
    assert status(session, "^Links 6–10 of ") == f"Links 6–10 of {total}."
    page.keyboard.press("k")
    assert status(session, "^Links 1–5 of ") == f"Links 1–5 of {total}."
    for _ in range(5):  # to the first row, and one more
        page.keyboard.press("k")
    first = status(session, "This is the first link")
    page.keyboard.press("k")  # the same message again changes the live region all the same
    page.wait_for_function(
        "first => document.getElementById('status').textContent !== first", arg=first
    )
    assert status(session, "This is the first link").strip() == first.strip()


def test_hostile_text_is_shown_literally_and_never_runs(session: Session) -> None:
    page = session.page
    session.open_review(session.live.hostile)
    sources = page.locator("p.text[data-side=source]").all_text_contents()
    assert "<script>window.__xss=1</script> Çdo njeri ka të drejtë." in sources
    assert '<img src=x onerror="window.__xss=1"> Neni 2.' in sources
    assert "<script>window.__xss=1</script>" in page.locator("h1").text_content()
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.locator("li.link-row.is-current .sentence-row").first.wait_for()
    page.keyboard.press("f")
    page.locator("#flag-dialog").wait_for(state="visible")
    page.keyboard.press("Escape")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("main img, main script").count() == 0
    assert session.dialogs == []


def test_layout_screenshot_and_narrow_screens(session: Session, browser) -> None:
    page = session.page
    session.open_review(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
    boxes = [
        page.locator("li.link-row >> nth=3 >> .cell." + side).bounding_box()
        for side in ("source", "target")
    ]
    assert boxes[0]["x"] < boxes[1]["x"] and boxes[0]["y"] == boxes[1]["y"]
    narrow = log_in(browser, session.live, "translator", width=700)
    try:
        narrow.open_review(1)
        boxes = [
            narrow.page.locator("li.link-row >> nth=3 >> .cell." + side).bounding_box()
            for side in ("source", "target")
        ]
        assert boxes[1]["y"] > boxes[0]["y"] and abs(boxes[0]["x"] - boxes[1]["x"]) < 1
        assert narrow.page.evaluate("document.documentElement.scrollWidth") <= 700
        # translators edit the alignment (on links no other test confirms: an edit that
        # drops confirmed links asks first, tests/test_browser_review_safety.py)
        narrow.open_review(1, "?at=5")
        narrow.page.keyboard.press("m")
        status(narrow, "Merged")
        narrow.page.keyboard.press("z")
        status(narrow, "Undone: merge")
        assert narrow.errors == []
    finally:
        narrow.page.context.close()


def latest_flag_comment(session: Session) -> str:
    store = Store(session.live.db_path)
    try:
        row = store.db.execute("select body from flag_comments order by id desc limit 1")
        return row.fetchone()[0]
    finally:
        store.close()


def test_ctrl_enter_raises_a_flag_from_its_comment(session: Session) -> None:
    page = session.page
    session.open_review(2)
    go_to(session, 6)
    page.keyboard.press("f")
    dialog = page.locator("#flag-dialog")
    dialog.wait_for(state="visible")
    comment = dialog.locator("textarea[name=comment]")
    comment.click()
    page.keyboard.type("first line")
    page.keyboard.press("Enter")  # a plain Enter is a new line in the comment
    page.keyboard.type("second line")
    assert dialog.is_visible() and comment.input_value() == "first line\nsecond line"
    page.keyboard.press("Control+Enter")
    status(session, "Flag raised: ")
    assert not dialog.is_visible()
    assert page.locator("li.link-row.is-current .flag-badge").text_content().startswith("⚑ 1")
    assert latest_flag_comment(session) == "first line\nsecond line"
    # Cmd+Enter does it too (macOS)
    page.keyboard.press("f")
    dialog.wait_for(state="visible")
    dialog.locator("select[name=severity]").select_option("major")
    dialog.locator("select[name=severity]").focus()
    page.keyboard.press("Meta+Enter")
    status(session, "Flag raised: .*, major")
    assert page.locator("li.link-row.is-current .flag-badge").text_content().startswith("⚑ 2")


def test_the_split_dialog_starts_on_the_chosen_boundary(session: Session) -> None:
    """The tester's case: focus started on "nothing: all go to the second part", unchecked,
    while the middle boundary was the one chosen."""
    page = session.page
    session.open_review(3, "?at=399")  # the Gospel of Mark: ¶ 8–9 → ¶ 45–56
    page.keyboard.press("s")
    dialog = page.locator("#split-dialog")
    dialog.wait_for(state="visible")
    focus = page.evaluate(
        """() => ({name: document.activeElement.name, checked: document.activeElement.checked,
                   value: document.activeElement.value})"""
    )
    assert focus["name"] == "src_at" and focus["checked"]
    assert dialog.locator("input[name=src_at]:checked").get_attribute("value") == focus["value"]
    assert dialog.locator("input[name=src_at]").first.get_attribute("value") != focus["value"]
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")


def test_without_a_script_the_page_hides_the_controls_it_cannot_work_and_says_so(
    browser, live, session: Session
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(f"{live.url}/login")
        page.fill("#username", "editor")
        page.fill("#password", "editor-demo")
        page.click("form.login button[type=submit]")
        page.wait_for_url(f"{live.url}/")
        page.goto(f"{live.url}/alignments/1/review")
        assert page.locator("li.link-row").count() > 0  # the links are listed
        for hidden in ("#toolbar", "#bulk-form", "button.edit-text", "button.expand"):
            assert not page.locator(hidden).first.is_visible(), hidden
        note = page.locator("#needs-script")
        assert note.is_visible() and "needs JavaScript" in note.text_content()
        flags = page.locator("#needs-script a", has_text="flags").get_attribute("href")
        assert page.goto(f"{live.url}{flags}").status == 200
    finally:
        context.close()
    # with the script, the same controls are there and the note is not
    session.open_review(1)
    for shown in ("#toolbar", "#bulk-form", "li.link-row.is-current button.expand"):
        assert session.page.locator(shown).first.is_visible(), shown
    assert not session.page.locator("#needs-script").is_visible()

"""The review page at sentence level in a real Chromium, driven by its keys.

At `?level=sentence` every row is a sentence link: `n` moves to the least confident one (paging
as `?at=` does) and `c` confirms the row it shows; "Confirm all" confirms sentence links of the
filter, never the hidden paragraph links; `m`, `s`, `z` correct sentence links inside their
paragraph link, and an edit that would cross into another paragraph link is refused with a
message, leaving the database as it was. Keys that only work per paragraph say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    LiveApp,
    Session,
    browser_fixture,
    live_fixture,
    log_in,
    session_fixture,
)
from tests.conftest import import_pair
from tests.test_review_sentences import SOURCE, TARGET
from workbench.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture
def translator(browser, live: LiveApp) -> Iterator[Session]:
    session = log_in(browser, live, "translator")
    yield session
    session.page.context.close()
    assert session.errors == [], session.errors


@pytest.fixture
def document(live: LiveApp) -> int:
    """A fresh alignment of three paragraphs (four, four and two sentences, one to one)."""
    store = Store(live.db_path)
    try:
        return import_pair(store, SOURCE, TARGET)
    finally:
        store.close()


def read(live: LiveApp, alignment: int, level: str):
    store = Store(live.db_path)
    try:
        return store.links(alignment, level)
    finally:
        store.close()


def event_count(live: LiveApp) -> int:
    store = Store(live.db_path)
    try:
        return store.db.execute("select count(*) from events").fetchone()[0]
    finally:
        store.close()


def current(session: Session) -> dict:
    """The focused row: link id, index, sizes, text, and whether it is on screen."""
    return session.page.evaluate(
        """() => {
            const row = document.querySelector("li.link-row.is-current");
            const d = row.dataset;
            const box = row.getBoundingClientRect();
            return {link: Number(d.link), index: Number(d.index),
                    src: Number(d.srcEnd) - Number(d.srcStart),
                    tgt: Number(d.tgtEnd) - Number(d.tgtStart),
                    text: row.textContent,
                    shown: box.bottom > 0 && box.top < window.innerHeight};
        }"""
    )


def status(session: Session, pattern: str) -> str:
    """Wait until the status line matches `pattern`; return its text."""
    session.page.wait_for_function(
        "pattern => new RegExp(pattern).test(document.getElementById('status').textContent)",
        arg=pattern,
    )
    return session.page.locator("#status").text_content()


def refusal(session: Session, key: str) -> str:
    """Press `key` on a blank status line; wait for the error it shows and return it."""
    session.page.evaluate("() => { document.getElementById('status').className = 'status-line'; }")
    session.page.keyboard.press(key)
    session.page.wait_for_selector("#status.is-error")
    return session.page.locator("#status").text_content()


def test_n_moves_to_the_least_confident_sentence_link_and_c_confirms_that_row(
    session: Session,
) -> None:
    live = session.live
    # the demo alignment with the most sentence links (a Gospel: long paragraphs)
    alignment = max(live.alignments, key=lambda a: len(read(live, a, "sentence")))
    sentences = read(live, alignment, "sentence")
    paragraphs = read(live, alignment, "paragraph")
    unconfirmed = [link for link in sentences if link.status == "auto"]
    lowest = min(unconfirmed, key=lambda link: (link.confidence, link.src_start))
    index = sentences.index(lowest)
    assert index >= 50, "the least confident sentence link should lie beyond the first page"

    page = session.page
    session.open_review(alignment, "?level=sentence&limit=50")
    assert current(session)["index"] == 0
    page.keyboard.press("n")
    message = status(session, r"Least confident sentence link: \d+")
    assert int(re.search(r"(\d+)", message).group(1)) == index + 1
    page.wait_for_function(f"() => document.getElementById('link-{lowest.id}') !== null")
    row = current(session)
    assert (row["link"], row["index"], row["shown"]) == (lowest.id, index, True)
    assert page.url.endswith(f"at={lowest.id}")

    page.keyboard.press("c")
    status(session, "^Confirmed")
    after = read(live, alignment, "sentence")
    changed = [link for old, link in zip(sentences, after, strict=True) if link != old]
    assert [(link.id, link.status, link.set_by) for link in changed] == [
        (lowest.id, "confirmed", "editor")
    ]
    assert read(live, alignment, "paragraph") == paragraphs
    assert "confirmed by editor" in current(session)["text"]


def test_confirm_all_at_sentence_level_confirms_the_sentence_links_of_the_filter_only(
    session: Session, document: int
) -> None:
    page = session.page
    session.open_review(document, "?level=sentence&q=Article")
    assert page.locator("li.link-row").count() == 3
    page.fill("#bulk-form input[name=threshold]", "0")
    page.click("#bulk-form button[type=submit]")
    assert status(session, r"Confirmed \d+") == "Confirmed 3 sentence links with confidence ≥ 0."
    confirmed = [
        link.src for link in read(session.live, document, "sentence") if link.status != "auto"
    ]
    assert confirmed == [[0], [4], [8]]  # "Article one.", "Article two.", "Article three."
    assert {link.status for link in read(session.live, document, "paragraph")} == {"auto"}
    page.wait_for_function("() => document.querySelectorAll('li.status-confirmed').length === 3")


def test_a_translator_merges_splits_and_undoes_sentence_links_with_keys(
    translator: Session, document: int
) -> None:
    live = translator.live
    page = translator.page
    sentences = read(live, document, "sentence")
    paragraphs = read(live, document, "paragraph")
    before = [link.as_row() for link in sentences]
    translator.open_review(document, f"?level=sentence&at={sentences[1].id}")
    assert current(translator)["link"] == sentences[1].id

    page.keyboard.press("m")
    status(translator, "Merged with the next link")
    merged = current(translator)
    assert (merged["src"], merged["tgt"]) == (2, 2)
    assert "edited by translator" in merged["text"]
    assert [(link.src, link.tgt) for link in read(live, document, "sentence")][1] == (
        [1, 2],
        [1, 2],
    )
    assert read(live, document, "paragraph") == paragraphs

    page.keyboard.press("s")
    dialog = page.locator("#split-dialog")
    dialog.wait_for(state="visible")
    assert "s. 2" in dialog.locator("#split-source").text_content()
    dialog.locator("input[name=src_at]").nth(1).check()
    dialog.locator("input[name=tgt_at]").nth(1).check()
    dialog.locator("button[type=submit]").click()
    status(translator, "Split in two")
    assert (current(translator)["src"], current(translator)["tgt"]) == (1, 1)

    page.keyboard.press("z")
    status(translator, "Undone: split")
    page.keyboard.press("z")
    status(translator, "Undone: merge")
    assert [link.as_row() for link in read(live, document, "sentence")] == before
    assert read(live, document, "paragraph") == paragraphs
    page.wait_for_function("() => document.querySelectorAll('li.status-edited').length === 0")


def test_a_sentence_edit_across_paragraph_links_is_refused_and_changes_nothing(
    translator: Session, document: int
) -> None:
    live = translator.live
    page = translator.page
    sentences = read(live, document, "sentence")
    paragraphs = read(live, document, "paragraph")
    events = event_count(live)
    # sentence link 4 is the last of the first paragraph link
    translator.open_review(document, f"?level=sentence&at={sentences[3].id}")
    assert "edit the paragraph link" in refusal(translator, "m")
    page.keyboard.press("j")  # the first sentence link of the second paragraph link
    assert current(translator)["link"] == sentences[4].id
    assert "edit the paragraph link" in refusal(translator, "M")
    assert "edit the paragraph link" in refusal(translator, "u")
    assert "edit the paragraph link" in refusal(translator, "U")
    assert read(live, document, "sentence") == sentences
    assert read(live, document, "paragraph") == paragraphs
    assert event_count(live) == events
    assert current(translator)["link"] == sentences[4].id


def test_keys_that_work_per_paragraph_say_so_and_e_opens_the_paragraph_editor(
    session: Session, document: int
) -> None:
    live = session.live
    page = session.page
    sentences = read(live, document, "sentence")
    second_paragraph = read(live, document, "paragraph")[1]
    session.open_review(document, f"?level=sentence&at={sentences[5].id}")
    page.keyboard.press("f")
    assert "Flags are raised on paragraphs" in status(session, "Flags")
    assert page.locator("#flag-dialog[open]").count() == 0
    page.keyboard.press("q")
    assert "switch to paragraph level" in status(session, "QA findings")
    page.keyboard.press("Enter")
    status(session, "These are the sentence links already")
    assert "may not" not in page.locator("#status").text_content()

    # e: text is revised per paragraph, so the editor opens on the paragraph link at ¶ level
    page.keyboard.press("e")
    page.wait_for_selector("li.link-row.is-editing form.inline-editor textarea")
    assert "level=paragraph" in page.url
    editing = page.locator("li.link-row.is-editing")
    assert editing.get_attribute("data-link") == str(second_paragraph.id)
    assert editing.locator("textarea").input_value() == TARGET[1]
    page.keyboard.press("Escape")
    status(session, "Edit cancelled")
    assert page.locator("li.link-row.is-editing").count() == 0


def test_a_reviewer_pressing_e_at_sentence_level_is_told_the_truth(
    browser, live: LiveApp, document: int
) -> None:
    reviewer = log_in(browser, live, "reviewer")
    try:
        reviewer.open_review(document, "?level=sentence")
        reviewer.page.keyboard.press("e")
        assert status(reviewer, "may not") == "Your role may not propose revisions."
        reviewer.page.keyboard.press("m")
        assert "may not edit alignment" in status(reviewer, "edit alignment")
        reviewer.page.keyboard.press("c")  # reviewers confirm sentence links
        status(reviewer, "^Confirmed")
        assert read(live, document, "sentence")[0].status == "confirmed"
        assert reviewer.errors == []
    finally:
        reviewer.page.context.close()

"""Word diffs in right-to-left paragraphs: an inserted or deleted left-to-right run reads right.

Inside an Arabic paragraph, an inserted "Hello." used to lose its period to the run's other
end (the bidi algorithm gives a neutral between English and Arabic the paragraph's direction),
so the editor read ".Hello". Each inserted or deleted run is now a bidi isolate (<bdi>), with
the spaces around it left outside, where the paragraph puts them.
"""

from __future__ import annotations

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    LiveApp,
    browser_fixture,
    live_fixture,
    log_in,
)
from tests.conftest import import_pair
from workbench import revisions
from workbench.diff import word_diff
from workbench.store import Store

ARABIC = "مرحبا بالعالم الجميل."
WITH_ENGLISH = "مرحبا Hello. بالعالم الجميل."


def rendered(app, old: str, new: str) -> str:
    """The diff macro's output for old → new, as every page renders it."""
    with app.app_context():
        template = app.jinja_env.from_string(
            '{% from "_diff.html" import diff %}{{ diff(changes) }}'
        )
        return template.render(changes=word_diff(old, new))


def test_an_inserted_run_is_isolated_without_its_surrounding_space(app) -> None:
    html = rendered(app, ARABIC, WITH_ENGLISH)
    assert "<ins><bdi>Hello.</bdi> </ins>" in html


def test_a_deleted_run_is_isolated_too(app) -> None:
    html = rendered(app, "مرحبا UN (1948) بالعالم", "مرحبا بالعالم")
    assert "<del><bdi>UN (1948)</bdi> </del>" in html


def test_a_changed_word_is_isolated_on_both_sides(app) -> None:
    html = rendered(app, "مرحبا word بالعالم", "مرحبا wird بالعالم")
    assert "<del><bdi>w<mark>o</mark>rd</bdi></del><ins><bdi>w<mark>i</mark>rd</bdi></ins>" in html


def test_isolated_text_is_still_escaped(app) -> None:
    html = rendered(app, "مرحبا", "مرحبا <script>x()</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.browser
def test_an_english_word_with_its_period_inserted_into_arabic_reads_left_to_right(
    browser, live: LiveApp
) -> None:
    store = Store(live.db_path)
    try:
        alignment = import_pair(
            store,
            ["Hello, beautiful world.", "A second paragraph."],
            [ARABIC, "فقرة ثانية."],
            src_lang="en",
            tgt_lang="ar",
            title="Arabic greeting",
        )
        target = store.alignment(alignment)["target_version_id"]
        paragraph = store.segment_at(target, "paragraph", 0)
        revision = revisions.propose(
            store, paragraph["id"], WITH_ENGLISH, base_revision=0, user="translator"
        )
    finally:
        store.close()
    session = log_in(browser, live, "editor")
    page = session.page
    page.goto(f"{live.url}/revisions/{revision}")
    block = page.locator("p.diff-block").first
    assert block.get_attribute("dir") == "rtl"
    # where "Hello" and its "." are drawn: the period must follow the word on its right
    where = page.evaluate(
        """() => {
          const ins = document.querySelector("p.diff-block ins");
          const walker = document.createTreeWalker(ins, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode()) && !node.data.includes("Hello."));
          const at = node.data.indexOf("Hello.");
          const box = (start, end) => {
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, end);
            const rect = range.getBoundingClientRect();
            return {left: rect.left, right: rect.right};
          };
          const arabic = document.querySelector("p.diff-block .diff").firstChild;
          const before = document.createRange();
          before.selectNodeContents(arabic);
          return {
            word: box(at, at + 5),
            period: box(at + 5, at + 6),
            preceding: before.getBoundingClientRect().left,
          };
        }"""
    )
    assert where["period"]["left"] >= where["word"]["right"] - 1, where
    # and the run sits left of the Arabic word before it, as right-to-left reading puts it
    assert where["word"]["right"] <= where["preceding"] + 1, where
    assert session.errors == [] and session.dialogs == []
    session.page.context.close()

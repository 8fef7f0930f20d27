"""The review page in Chromium on chapter-size paragraphs (4,000–8,000 characters a row, each
row taller than the window): j and k show the start of the row they move to just below the
sticky toolbar, and z goes to the link it undid, however far away, and says which it was."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    LiveApp,
    Session,
    browser_fixture,
    log_in,
    serving,
)
from tests.conftest import import_pair
from workbench import users
from workbench.store import Store

pytestmark = pytest.mark.browser

CHAPTERS = 24
#: Source words and their translations, word for word.
WORDS = (
    ("dhe", "and"), ("në", "in"), ("që", "that"), ("ishte", "was"), ("toka", "the earth"),
    ("qiejt", "the heavens"), ("uji", "the water"), ("drita", "the light"), ("nata", "night"),
    ("dita", "day"), ("Perëndia", "God"), ("tha", "said"), ("krijoi", "created"),
    ("pa", "saw"), ("mirë", "good"), ("errësira", "the darkness"), ("fryma", "the spirit"),
)  # fmt: skip


def genesis(chapters: int = CHAPTERS, seed: int = 7) -> tuple[list[str], list[str]]:
    """Chapters of 4,000–8,000 characters, one paragraph each, verses numbered c:v."""
    rng = random.Random(seed)
    source, target = [], []
    for chapter in range(1, chapters + 1):
        size = rng.randint(4000, 8000)
        verses: list[tuple[str, str]] = []
        while sum(len(s) for s, _ in verses) < size:
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
            number = f"{chapter}:{len(verses) + 1}"
            verses.append(
                (
                    f"{number} " + " ".join(s for s, _ in words).capitalize() + ".",
                    f"{number} " + " ".join(t for _, t in words).capitalize() + ".",
                )
            )
        source.append(" ".join(s for s, _ in verses))
        target.append(" ".join(t for _, t in verses))
    return source, target


@pytest.fixture(scope="module", name="live")
def live_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """Genesis in chapter-size paragraphs, aligned one chapter to one chapter."""
    db_path = tmp_path_factory.mktemp("long") / "workbench.db"
    store = Store(db_path)
    try:
        source, target = genesis()
        alignment = import_pair(store, source, target, title="Zanafilla")
        assert [(link.src, link.tgt) for link in store.links(alignment)] == [
            ([i], [i]) for i in range(CHAPTERS)
        ]
        for role in ("editor", "translator"):
            users.add_user(store, role, role, f"{role}-demo", by="test")
    finally:
        store.close()
    with serving(db_path) as url:
        yield LiveApp(url, db_path, 0, [alignment])


@pytest.fixture(name="session")
def session_fixture(browser, live: LiveApp) -> Iterator[Session]:
    """An editor's page, 1000 pixels wide: the toolbar wraps onto several lines."""
    session = log_in(browser, live, width=1000)
    yield session
    session.page.context.close()
    assert session.errors == [], session.errors


def where(session: Session) -> dict:
    """The focused row and the toolbar, in window coordinates."""
    return session.page.evaluate(
        """() => {
            const row = document.querySelector("li.link-row.is-current");
            const box = row.getBoundingClientRect();
            const bar = document.querySelector(".toolbar").getBoundingClientRect();
            return {index: Number(row.dataset.index), link: row.dataset.link,
                    status: row.className, top: box.top, height: box.height,
                    bar: bar.bottom, barHeight: bar.height, window: innerHeight};
        }"""
    )


def wait_for_index(session: Session, index: int) -> None:
    session.page.wait_for_function(
        "index => document.querySelector('li.link-row.is-current')?.dataset.index == index",
        arg=str(index),
    )


def status(session: Session, pattern: str) -> str:
    session.page.wait_for_function(
        "pattern => new RegExp(pattern).test(document.getElementById('status').textContent)",
        arg=pattern,
    )
    return session.page.locator("#status").text_content()


def assert_start_shown_below_toolbar(row: dict) -> None:
    """The row's first line sits just below the toolbar: not under it, not far below."""
    assert row["height"] > row["window"], "the rows of this test are taller than the window"
    assert row["bar"] - 1 <= row["top"] <= row["bar"] + 24, row


def test_j_and_k_show_the_start_of_a_tall_row_just_below_the_toolbar(session: Session) -> None:
    page = session.page
    session.open_review(session.live.alignments[0])
    first = where(session)
    assert first["barHeight"] > 80, "the toolbar wraps (taller than the old 5rem margin)"
    for index in (1, 2, 3, 4):
        page.keyboard.press("j")
        wait_for_index(session, index)
        assert_start_shown_below_toolbar(where(session))
    for index in (3, 2, 1):
        page.keyboard.press("k")
        wait_for_index(session, index)
        # not the end of the previous chapter: its start
        assert_start_shown_below_toolbar(where(session))


def test_z_goes_to_the_far_link_it_undid_and_names_it(session: Session) -> None:
    page = session.page
    session.open_review(session.live.alignments[0])
    page.keyboard.press("j")
    wait_for_index(session, 1)
    page.keyboard.press("c")
    status(session, "^Confirmed")
    confirmed = where(session)
    assert "status-confirmed" in confirmed["status"]
    for index in range(2, CHAPTERS):
        page.keyboard.press("j")
        wait_for_index(session, index)
    page.keyboard.press("m")  # the last link has no next one: refused
    assert "no next link" in status(session, "no next link")
    assert where(session)["index"] == CHAPTERS - 1

    page.keyboard.press("z")

    assert status(session, "^Undone") == "Undone: confirm of ¶2 → ¶2."
    wait_for_index(session, 1)
    back = where(session)
    assert back["link"] == confirmed["link"] and "status-auto" in back["status"]
    assert_start_shown_below_toolbar(back)
    assert page.url.endswith(f"?at={confirmed['link']}")
    assert page.evaluate("document.activeElement.dataset.link") == confirmed["link"]


def test_confirming_a_tall_row_read_half_way_keeps_the_reading_place(session: Session) -> None:
    page = session.page
    session.open_review(session.live.alignments[0])
    page.keyboard.press("j")
    wait_for_index(session, 1)
    page.evaluate("() => window.scrollBy(0, 1500)")  # read on, into the middle of the chapter
    before = where(session)
    assert before["top"] < before["bar"] and before["top"] + before["height"] > before["window"]

    page.keyboard.press("c")

    status(session, "^Confirmed")
    after = where(session)
    assert "status-confirmed" in after["status"]
    assert abs(after["top"] - before["top"]) < 2, (before, after)

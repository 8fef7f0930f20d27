"""In a browser: a reviewer's comments in a Trados file arrive on the review page as flags.

The file is uploaded through the documents page's form, as a project manager would send it
back from Trados Studio; the review page then shows the comment's flag on the words it marks,
and its thread on the flags page.
"""

from __future__ import annotations

from tests.browser import (  # noqa: F401 (fixtures)
    Session,
    browser_fixture,
    live_fixture,
    session_fixture,
)
from tests.conftest import REPO
from workbench.store import Store

TRADOS = REPO / "tests" / "data" / "formats" / "sample.sdlxliff"


def test_a_trados_comment_is_a_flag_on_the_words_it_marks(session: Session) -> None:
    page = session.page
    page.goto(f"{session.live.url}/")
    page.set_input_files("#upload-file", str(TRADOS))
    page.locator("form.upload button[type=submit]").click()
    said = session.flashed()
    assert "6 links: 1 confirmed, 1 edited, 4 auto; 1 flag from its comments." in said
    assert "left out, a Trados comment on the whole file (flags go on links)" in said
    store = Store(session.live.db_path)
    try:
        document = max(d["id"] for d in store.documents())
        [alignment] = store.alignments(document)
    finally:
        store.close()
    session.open_review(alignment["id"])
    page.keyboard.press("j")  # the second link: "Comrade Kim Il Sung said: “Very well.” …"
    row = page.locator("li.link-row.is-current")
    row.locator(".flag-badge").wait_for()
    assert row.locator(".flag-badge").text_content().startswith("⚑ 1")
    assert row.locator("mark.flagged").text_content() == "Very well."
    page.goto(f"{session.live.url}/documents/{document}/flags")
    listed = page.locator("main").text_content()
    assert "REVIEWER\\editor" in listed and "TRANSLATOR\\anna" in listed
    assert "Kept: the interpreter's notes use" in listed

"""Hostile markup never runs, checked in Chromium: texts, titles, file names, flags and their
comments, revisions and their comments, glossary terms (user names are validated), made by the
services, then every page that shows them is opened: no dialog opens, `window.__xss` stays
undefined and the page raises no script error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    LiveApp,
    browser_fixture,
    live_fixture,
    log_in,
)
from workbench import aligning, flags, glossary, review, revisions, services
from workbench.store import Store

pytestmark = pytest.mark.browser

PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1;alert(1)">',
    '"><svg onload="window.__xss=1">',
    "javascript:window.__xss=1",
    "</textarea><script>alert(1)</script>",
    "{{7*7}}<iframe src=javascript:alert(1)>",
)
HOSTILE = " ".join(PAYLOADS)


@pytest.fixture(scope="module")
def hostile(live: LiveApp) -> Iterator[dict[str, int]]:
    """A document whose every user-made part is hostile; returns the ids of its pages."""
    store = Store(live.db_path)
    try:
        doc = services.import_file(
            store,
            f"Neni 1.\n\n{HOSTILE} Neni 2.".encode(),
            filename=f"{PAYLOADS[1]}.txt",
            title=HOSTILE,
            language="sq",
            role="source",
        ).document
        services.import_file(
            store,
            f"Article 1.\n\n{HOSTILE} Article 2.".encode(),
            filename='"><svg onload=alert(1)>.txt',
            document_id=doc,
            language="en",
            role="translation",
            label=HOSTILE,
        )
        alignment = aligning.align_versions(store, doc)
        links = store.links(alignment, "paragraph")
        flag = flags.raise_flag(
            store,
            alignment,
            category="style",
            severity="major",
            link_id=links[-1].id,
            comment=HOSTILE,
            user="reviewer",
        )
        flags.add_comment(store, flag["id"], HOSTILE, user="reviewer")
        target = store.alignment(alignment)["target_version_id"]
        segment = store.segment_at(target, "paragraph", 1)
        revision = revisions.propose(
            store,
            segment["id"],
            f"{HOSTILE} revised",
            base_revision=segment["revision"],
            user="translator",
            note=HOSTILE,
        )
        revisions.comment(store, revision, HOSTILE, user="editor")
        glossary.add(
            store,
            glossary.TermInput(PAYLOADS[0], PAYLOADS[1], note=HOSTILE, forbidden=[PAYLOADS[2]]),
            document_id=doc,
            src_lang="sq",
            tgt_lang="en",
            user="editor",
        )
        review.set_status(store, alignment, [links[0].id], user="editor")
    finally:
        store.close()
    yield {
        "document": doc,
        "alignment": alignment,
        "segment": segment["id"],
        "revision": revision,
    }


def test_hostile_markup_never_runs_on_any_page(browser, live: LiveApp, hostile) -> None:
    session = log_in(browser, live, "editor")
    page = session.page
    doc, alignment = hostile["document"], hostile["alignment"]
    paths = [
        "/",
        f"/documents/{doc}",
        f"/documents/{doc}/flags",
        f"/alignments/{alignment}/review",
        f"/alignments/{alignment}/rows",
        f"/segments/{hostile['segment']}/history",
        f"/revisions/{hostile['revision']}",
        "/queue",
        "/queue?role=translator&user=translator",
        f"/documents/{doc}/exports",
        f"/documents/{doc}/read",
        f"/documents/{doc}/glossary",
        f"/alignments/{alignment}/qa",
        "/search?q=script",
        "/search?q=%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E",
        "/concordance?term=onerror&lang=en",
        "/login?next=javascript:alert(1)",
    ]
    opened = 0
    try:
        for path in paths:
            response = page.goto(f"{live.url}{path}")
            assert response is not None
            if response.status == 404:
                continue  # a page another branch has not added yet
            assert response.status < 500, path
            page.wait_for_load_state("load")
            assert page.evaluate("typeof window.__xss") == "undefined", path
            opened += 1
        # Open a row's flag thread and the revision's diff where scripts render them.
        page.goto(f"{live.url}/alignments/{alignment}/review")
        page.wait_for_selector("li.link-row.is-current")
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__xss") == "undefined"
    finally:
        page.context.close()
    assert opened >= 12
    assert session.dialogs == []
    assert session.errors == []

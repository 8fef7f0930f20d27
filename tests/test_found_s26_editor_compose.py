"""Choices made on a compare page are not carried onto rows that changed (found by a tester,
round 26): the page buttons ("Next", a page number) post the page's choices by row number
with `go`, and were accepted after A or B changed, so that the final "Make new version" gave
B's wording to another verse than the one chosen. A page button is now refused as making the
version is (409, the same message), and carries none of the choices."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from tests import test_compare_web
from tests.test_compare_web import compose_form, differing_rows, open_page
from workbench import revisions
from workbench.store import Store

# the compare page's fixtures: a source, two translations (A) and a third that words two
# paragraphs otherwise (B)
two_translations = test_compare_web.two_translations
two_changes = test_compare_web.two_changes

STALE = "No version was made: A or B changed since the comparison was opened"


def revise_a(db_path: Path, a: int) -> None:
    """Meanwhile, A's first paragraph gets a new wording (tom proposes, eva approves)."""
    store = Store(db_path)
    try:
        paragraph = store.segment_at(a, "paragraph", 0)
        proposal = revisions.propose(
            store, paragraph["id"], "The first article.", base_revision=0, user="tom"
        )
        revisions.approve(store, proposal, user="eva")
    finally:
        store.close()


def versions(db_path: Path, document: int) -> int:
    store = Store(db_path)
    try:
        return len(store.versions(document))
    finally:
        store.close()


def test_a_page_button_after_a_or_b_changed_is_refused_and_carries_no_choice(
    client, as_role, two_changes: dict, db_path: Path
) -> None:
    token = as_role("editor")
    document, a, b = two_changes["document"], two_changes["a"], two_changes["b"]
    first, _second = differing_rows(db_path, document, a, b)
    form = compose_form(open_page(client, f"/documents/{document}/compare?a={a}&b={b}"))
    form.update({"csrf_token": token, "label": "", f"choice-{first}": "b", "go": "1"})
    compose = f"/documents/{document}/compose"
    # on the rows as the page showed them, a page button carries the choice
    carried = client.post(compose, data=form)
    assert carried.status_code == 200
    assert (
        compose_form(lxml.html.document_fromstring(carried.get_data(as_text=True)))[
            f"choice-{first}"
        ]
        == "b"
    )

    revise_a(db_path, a)
    response = client.post(compose, data=form)

    assert response.status_code == 409
    page = lxml.html.document_fromstring(response.get_data(as_text=True))
    error = " ".join(page.xpath("string(//p[@id='compose-error'])").split())
    assert error.startswith(STALE)
    shown = compose_form(page)
    assert shown.get(f"choice-{first}") != "b"
    assert not shown.get("keep-b")
    assert versions(db_path, document) == 4

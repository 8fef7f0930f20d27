"""The editor's queue of pending revisions, when more are waiting than one page shows.

The queue lists the newest first, a page at a time: its heading counts every pending revision
(not the page's rows), and a pager reaches the older pages, where the revisions that have
waited longest are. The translator's lists count all of theirs too.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, login
from workbench import revisions, services
from workbench.store import Store
from workbench.web.revisions import QUEUE_PAGE

WAITING = QUEUE_PAGE + 5


@pytest.fixture
def crowded(db_path: Path) -> list[int]:
    """A translation of WAITING paragraphs, each with a pending revision by translator1; the
    revision ids, oldest first."""
    store = Store(db_path)
    try:
        paragraphs = [f"Paragraph number {n} of the text." for n in range(WAITING)]
        version = services.import_file(
            store,
            "\n\n".join(paragraphs).encode(),
            filename="t.txt",
            title="Many paragraphs",
            language="en",
            role="source",
        ).versions[0]
        return [
            revisions.propose(
                store,
                segment["id"],
                segment["text"] + " Revised.",
                base_revision=0,
                user="translator1",
            )
            for segment in store.segments(version, "paragraph")
        ]
    finally:
        store.close()


def tree(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200, response.status_code
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def shown(page: lxml.html.HtmlElement) -> list[int]:
    return [int(value) for value in page.xpath("//input[@name='ids']/@value")]


def test_every_pending_revision_is_counted_and_reachable(
    app, client, db_path: Path, crowded: list[int]
) -> None:
    add_user(db_path, "editor1", "editor")
    login(client, "editor1")
    first = tree(client.get("/queue?role=editor"))
    heading = first.xpath("string(//h2[@id='pending-heading'])")
    assert heading == f"Pending revisions ({WAITING})"
    assert shown(first) == crowded[::-1][:QUEUE_PAGE], "the newest first"
    [older] = first.xpath("(//nav[@class='pager'])[1]//a[@rel='next']/@href")
    second = tree(client.get(older))
    assert shown(second) == crowded[::-1][QUEUE_PAGE:], "the oldest on the next page"
    assert crowded[0] in shown(second)
    assert "Revisions 201–205 of 205" in " ".join(second.text_content().split())
    assert not second.xpath("//nav[@class='pager']//a[@rel='next']")
    # past the last page: the last page, not an empty queue that says nothing is waiting
    assert shown(tree(client.get("/queue?role=editor&page=99"))) == shown(second)
    assert client.get("/queue?role=editor&page=0").status_code == 400


def test_the_pager_keeps_the_filters(app, client, db_path: Path, crowded: list[int]) -> None:
    add_user(db_path, "editor1", "editor")
    login(client, "editor1")
    page = tree(client.get("/queue?role=editor&author=translator1"))
    [older] = page.xpath("(//nav[@class='pager'])[1]//a[@rel='next']/@href")
    assert "author=translator1" in older and "page=2" in older


def test_a_translator_sees_how_many_of_theirs_are_pending(
    app, client, db_path: Path, crowded: list[int]
) -> None:
    add_user(db_path, "translator1", "translator")
    login(client, "translator1")
    page = tree(client.get("/queue"))
    headings = [" ".join(h.text_content().split()) for h in page.iter("h2")]
    assert f"Your pending revisions ({WAITING})" in headings
    assert "The newest 100 are shown." in " ".join(page.text_content().split())


def test_a_revision_named_twice_in_a_bulk_approval_is_approved_once(
    app, client, db_path: Path, crowded: list[int]
) -> None:
    add_user(db_path, "editor1", "editor")
    token = login(client, "editor1")
    answer = client.post(
        "/revisions/approve",
        json={"ids": [crowded[0], crowded[0]]},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert answer.status_code == 200
    assert (answer.json["approved"], answer.json["refused"]) == ([crowded[0]], [])


def test_a_bulk_approval_returns_to_the_page_it_was_made_on(
    app, client, db_path: Path, crowded: list[int]
) -> None:
    add_user(db_path, "editor1", "editor")
    login(client, "editor1")
    second = tree(client.get("/queue?role=editor&author=translator1&page=2"))
    [form] = second.xpath("//form[@class='bulk-approve']")
    fields = dict(form.form_values())
    assert (fields["page"], fields["author"]) == ("2", "translator1")
    answer = client.post(form.get("action"), data={**fields, "ids": str(crowded[0])})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/queue?role=editor&author=translator1&page=2")

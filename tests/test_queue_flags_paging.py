"""The translator's queue of open flags, when there are more than one page shows.

The queue lists the open flags on a translator's text newest first, a page at a time like the
editor's queue of pending revisions: its heading counts every open flag (not the page's rows),
page links reach the older ones, and each flag still links to the page of the document's flags
that holds it. An editor looking at someone else's queue reads that person's name where the
translator reads "your".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, import_pair, login
from workbench import flags
from workbench.store import Store
from workbench.web.revisions import QUEUE_PAGE

SOURCE = [f"Paragrafi {n}." for n in range(1, 6)]
TARGET = [f"Paragraph {n}." for n in range(1, 6)]
RAISED = QUEUE_PAGE + 6  # flags raised on maria's translation, one of them resolved since
OPEN = RAISED - 1


@pytest.fixture(scope="module")
def queue_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database where maria imported a translation with RAISED flags on it (one resolved)
    and tom imported another with one open flag; built once for the module."""
    path = tmp_path_factory.mktemp("queue-flags") / "workbench.db"
    store = Store(path)
    try:
        marias = import_pair(store, SOURCE, TARGET, title="Maria's text", user="maria")
        links = store.links(marias)
        for n in range(RAISED):
            flags.raise_flag(
                store,
                marias,
                link_id=links[n % len(links)].id,
                category="style",
                severity="minor",
                user="rita",
            )
        toms = import_pair(store, SOURCE, TARGET, title="Tom's text", user="tom")
        flags.raise_flag(
            store,
            toms,
            link_id=store.links(toms)[0].id,
            category="terminology",
            severity="major",
            user="rita",
        )
    finally:
        store.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, queue_template: Path) -> Path:
    """This test's copy of the template (the app and the users are made on it)."""
    path = tmp_path / "workbench.db"
    shutil.copyfile(queue_template, path)
    return path


def document(store: Store, title: str) -> int:
    return next(d["id"] for d in store.documents() if d["title"] == title)


@pytest.fixture
def open_flags(db_path: Path) -> list[int]:
    """Resolves one of maria's newest flags; the ids of her open flags, newest first."""
    store = Store(db_path)
    try:
        marias = document(store, "Maria's text")
        ids = sorted((f["id"] for f in store.flags(document_id=marias)), reverse=True)
        assert len(ids) == RAISED
        flags.set_status(store, ids[1], "resolved", user="rita")
        return [ids[0], *ids[2:]]
    finally:
        store.close()


def tree(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def listed(page: lxml.html.HtmlElement) -> list[int]:
    """The ids of the flags in the page's table of open flags."""
    rows = page.xpath("//table[contains(@class, 'flags')]/tbody/tr/@id")
    return [int(row.removeprefix("flag-")) for row in rows]


def headings(page: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(h.text_content().split()) for h in page.iter("h2")]


def pager(page: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return page.xpath("//nav[@class='pager'][@aria-label='pages of open flags']")


def every_page(client, url: str) -> list[lxml.html.HtmlElement]:
    """The page at `url` and every page its "Older" links lead to."""
    pages = [tree(client.get(url))]
    while older := pages[-1].xpath("(//nav[@class='pager'])[1]//a[@rel='next']/@href"):
        assert len(pages) < 10, "the page links go round in circles"
        pages.append(tree(client.get(older[0])))
    return pages


def test_every_open_flag_is_counted_and_reachable_page_by_page(
    app, client, db_path: Path, open_flags: list[int]
) -> None:
    add_user(db_path, "maria", "translator")
    login(client, "maria")
    pages = every_page(client, "/queue")
    assert len(pages) == 2
    first, second = pages
    assert f"Open flags on your text ({OPEN})" in headings(first)
    assert f"Open flags on your text ({OPEN})" in headings(second), "the total on every page"
    assert listed(first) == open_flags[:QUEUE_PAGE], "the newest first"
    assert listed(second) == open_flags[QUEUE_PAGE:], "the oldest on the next page"
    assert [*listed(first), *listed(second)] == open_flags
    assert len(pager(first)) == 2, "page links above and below the list"
    said = " ".join(pager(second)[0].text_content().split())
    assert f"Flags {QUEUE_PAGE + 1}–{OPEN} of {OPEN} (page 2 of 2, newest first)" in said
    assert not second.xpath("//nav[@class='pager']//a[@rel='next']")
    [newer] = pager(second)[0].xpath(".//a[@rel='prev']/@href")
    assert listed(tree(client.get(newer))) == listed(first)
    [older] = pager(first)[0].xpath(".//a[@rel='next']/@href")
    assert older == "/queue?page=2&role=translator#flags-heading"
    # past the last page: the last page; page 0 or no number is refused as on the editor's
    assert listed(tree(client.get("/queue?page=99"))) == listed(second)
    assert client.get("/queue?page=0").status_code == 400
    assert client.get("/queue?page=two").status_code == 400


def test_a_resolved_flag_and_other_peoples_flags_are_not_listed(
    app, client, db_path: Path, open_flags: list[int]
) -> None:
    add_user(db_path, "maria", "translator")
    login(client, "maria")
    shown = [flag for page in every_page(client, "/queue") for flag in listed(page)]
    store = Store(db_path)
    try:
        resolved = [f["id"] for f in store.flags(status="resolved")]
        toms = [f["id"] for f in store.flags(document_id=document(store, "Tom's text"))]
    finally:
        store.close()
    assert len(resolved) == 1 and len(toms) == 1
    assert resolved[0] not in shown and toms[0] not in shown
    assert sorted(shown, reverse=True) == shown == open_flags


def test_each_flag_links_to_the_page_of_the_documents_flags_that_holds_it(
    app, client, db_path: Path, open_flags: list[int]
) -> None:
    add_user(db_path, "maria", "translator")
    login(client, "maria")
    first, second = every_page(client, "/queue")
    for page, flag in ((first, open_flags[0]), (second, open_flags[-1])):
        [link] = page.xpath(f"//tr[@id='flag-{flag}']//a[contains(@href, '/flags?')]/@href")
        assert link.endswith(f"?flag={flag}#flag-{flag}")
        flags_page = tree(client.get(link.split("#")[0]))
        assert flags_page.xpath(f"//article[@id='flag-{flag}']"), link


def test_an_editor_reads_whose_text_it_is_in_every_heading(
    app, client, db_path: Path, open_flags: list[int]
) -> None:
    add_user(db_path, "editor1", "editor")
    login(client, "editor1")
    pages = every_page(client, "/queue?role=translator&user=maria")
    assert [flag for page in pages for flag in listed(page)] == open_flags
    first = pages[0]
    assert headings(first) == [
        "maria's rejected revisions (0)",
        f"Open flags on maria's text ({OPEN})",
        "maria's pending revisions (0)",
    ]
    text = " ".join(first.xpath("string(//main)").split())
    assert "whose translation maria imported" in text
    assert "paragraphs maria proposed revisions of" in text
    assert " your " not in f" {text.lower()} ", "no 'your' in someone else's queue"
    [older] = pager(first)[0].xpath(".//a[@rel='next']/@href")
    assert "user=maria" in older and "role=translator" in older and "page=2" in older
    # the empty lists of someone with nothing open name them too
    olga = tree(client.get("/queue?role=translator&user=olga"))
    assert headings(olga) == [
        "olga's rejected revisions (0)",
        "Open flags on olga's text (0)",
        "olga's pending revisions (0)",
    ]
    assert "No open flags on olga's text." in olga.text_content()
    assert not pager(olga)
    # the editor's own translator queue still says "your"
    own = tree(client.get("/queue?role=translator"))
    assert headings(own) == [
        "Your rejected revisions (0)",
        "Open flags on your text (0)",
        "Your pending revisions (0)",
    ]
    assert "No open flags on your text." in own.text_content()


def test_the_translator_reads_your_in_their_own_queue(
    app, client, db_path: Path, open_flags: list[int]
) -> None:
    add_user(db_path, "tom", "translator")
    login(client, "tom")
    page = tree(client.get("/queue"))
    assert headings(page) == [
        "Your rejected revisions (0)",
        "Open flags on your text (1)",
        "Your pending revisions (0)",
    ]
    assert "whose translation you imported" in page.text_content()
    assert len(listed(page)) == 1 and not pager(page)

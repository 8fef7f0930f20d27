"""The export menu in a real Chromium: a PDF is made in the background with its progress shown
in the form, then downloads by itself, the page staying where it is; a fast format downloads at
once; without JavaScript the menu leads to a page that reloads itself until it offers the PDF."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import LiveApp, Session, browser_fixture, log_in, serving  # noqa: F401 (fixture)
from tests.conftest import import_pair
from workbench import editions, review, users
from workbench.exports import pdf
from workbench.store import Store

pytestmark = pytest.mark.browser

SOURCE = [
    f"Neni {i}. Çdo njeri ka të drejtë për jetën, lirinë dhe sigurimin personal." for i in range(8)
]
TARGET = [
    f"Article {i}. Everyone has the right to life, liberty and security of person."
    for i in range(8)
]


@pytest.fixture(scope="module", name="live")
def live_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """One document with its links confirmed and edition 1 published; demo logins."""
    db_path = tmp_path_factory.mktemp("live-export") / "workbench.db"
    store = Store(db_path)
    try:
        alignment = import_pair(store, SOURCE, TARGET, title="Declaration")
        links = [link.id for link in store.links(alignment)]
        review.set_status(store, alignment, links, user="rita")
        editions.publish(store, alignment, user="eva")
        users.add_user(store, "editor", "editor", "editor-demo", by="test")
    finally:
        store.close()
    with serving(db_path) as url:
        yield LiveApp(url, db_path, alignment, [alignment])


@pytest.fixture(name="session")
def session_fixture(browser, live: LiveApp) -> Iterator[Session]:
    session = log_in(browser, live)
    yield session
    session.page.context.close()
    assert session.errors == [], session.errors
    assert session.dialogs == []


@pytest.fixture
def gate(monkeypatch) -> Iterator[threading.Event]:
    """Hold every PDF layout, after it reported page 3 of about 10, until the event is set
    (the live server runs in this process)."""
    release = threading.Event()
    real = pdf.layout

    def held(data, page, estimate):
        data.report("layout", 3, 10)
        assert release.wait(30), "the test never let the layout go on"
        return real(data, page, estimate)

    monkeypatch.setattr(pdf, "layout", held)
    yield release
    release.set()


def exports_page(session: Session) -> str:
    document = Store(session.live.db_path)
    try:
        document_id = document.alignment(session.live.alignments[0])["document_id"]
    finally:
        document.close()
    url = f"{session.live.url}/documents/{document_id}/exports"
    session.page.goto(url)
    return url


def test_a_pdf_shows_its_progress_in_the_menu_then_downloads_itself(
    session: Session, gate: threading.Event
) -> None:
    page = session.page
    url = exports_page(session)
    menu = page.locator("form.export-menu").first
    menu.locator("select[name=format]").select_option("pdf")
    menu.locator("select[name=edition]").select_option("draft")  # never cached: always made
    menu.locator("button[type=submit]").click()
    status = menu.locator(".export-status")
    status.wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('form.export-menu .export-count').textContent"
        ".includes('Laying out page 3 of about 10')"
    )
    assert (
        "Making the PDF of the current state (draft)"
        in menu.locator(".export-message").text_content()
    )
    assert menu.locator("button[type=submit]").is_disabled()
    with page.expect_download() as download:
        gate.set()
    file = download.value
    assert file.suggested_filename == "Declaration draft.pdf"
    assert Path(file.path()).read_bytes().startswith(b"%PDF")
    message = menu.locator(".export-message")
    assert message.text_content().startswith("Ready: download the PDF")
    assert page.url == url and status.is_hidden()
    assert menu.locator("button[type=submit]").is_enabled()


def test_a_fast_format_downloads_at_once(session: Session) -> None:
    page = session.page
    exports_page(session)
    menu = page.locator("form.export-menu").first
    menu.locator("select[name=format]").select_option("tmx")
    with page.expect_download() as download:
        menu.locator("button[type=submit]").click()
    assert download.value.suggested_filename == "Declaration ed1.tmx"
    assert menu.locator(".export-status").is_hidden()
    assert menu.locator(".export-message").text_content() == ""


def test_without_javascript_a_page_reloads_itself_until_it_offers_the_pdf(
    browser, live: LiveApp, gate: threading.Event
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/login")
        page.fill("#username", "editor")
        page.fill("#password", "editor-demo")
        page.click("form.login button[type=submit]")
        session = Session(page, live)
        exports_page(session)
        menu = page.locator("form.export-menu").first
        menu.locator("select[name=format]").select_option("pdf")
        menu.locator("select[name=layout]").select_option("columns")
        menu.locator("button[type=submit]").click()
        page.wait_for_url("**/exports/jobs/*")
        job = page.locator("#export-job")
        assert "Laying out page 3 of about 10" in job.text_content()
        assert page.locator("meta[http-equiv=refresh]").count() == 1
        gate.set()
        link = page.locator("a.export-download")
        link.wait_for(timeout=30_000)  # the page reloads itself every 2 seconds
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "Declaration ed1.pdf"
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    finally:
        context.close()

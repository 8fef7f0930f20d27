"""Browser-test fixtures: the real app served by werkzeug in a thread, driven by Chromium.

Browser test modules import the fixtures from here (`live_fixture`, `browser_fixture`,
`session_fixture`: the names they are requested by are `live`, `browser` and `session`). The
server and the browser live for a module (starting them is the slow part); every test gets a
fresh browser context logged in through the login form, and a list of the JavaScript dialogs
that opened (hostile text must never open one).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import import_pair
from workbench import demo
from workbench.store import Store
from workbench.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
HOSTILE_SOURCE = [
    "Neni 1.",
    "<script>window.__xss=1</script> Çdo njeri ka të drejtë.",
    '<img src=x onerror="window.__xss=1"> Neni 2.',
]
HOSTILE_TARGET = [
    "Article 1",
    "<script>window.__xss=1</script> Everyone has the right.",
    '<img src=x onerror="window.__xss=1"> Article 2',
]


@dataclass
class LiveApp:
    url: str
    db_path: Path
    hostile: int  # alignment id of the document with hostile paragraphs
    alignments: list[int] = field(default_factory=list)


def _hostile_document(store: Store) -> int:
    title = "<b>Hostile</b> <script>window.__xss=1</script>"
    return import_pair(store, HOSTILE_SOURCE, HOSTILE_TARGET, title=title)


@contextmanager
def serving(db_path: Path) -> Iterator[str]:
    """The real app on a random port of 127.0.0.1, in a thread; yields its base URL."""
    app = create_app({"DATABASE": str(db_path), "SECRET_KEY": "browser-tests"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def build_live_template(path: Path) -> None:
    """The demo database plus a hostile document, at `path` (conftest's `live_template`
    builds it once per test process; each module serves a copy)."""
    store = Store(path)
    try:
        demo.load_demo(store)
        _hostile_document(store)
    finally:
        store.close()


@pytest.fixture(scope="module", name="live")
def live_fixture(
    tmp_path_factory: pytest.TempPathFactory, live_template: Path
) -> Iterator[LiveApp]:
    """The demo database plus a hostile document, served on a random port of 127.0.0.1."""
    db_path = tmp_path_factory.mktemp("live") / "workbench.db"
    shutil.copy(live_template, db_path)
    store = Store(db_path)
    try:
        documents = store.documents()
        hostile = next(
            a["id"] for d in documents if "Hostile" in d["title"] for a in store.alignments(d["id"])
        )
        alignments = [a["id"] for d in documents for a in store.alignments(d["id"])]
    finally:
        store.close()
    with serving(db_path) as url:
        yield LiveApp(url, db_path, hostile, alignments)


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Session:
    """A logged-in page and the dialogs (alert, confirm, prompt) that opened on it."""

    page: object
    live: LiveApp
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open_review(self, alignment: int, query: str = "") -> None:
        self.page.goto(f"{self.live.url}/alignments/{alignment}/review{query}")
        self.page.wait_for_selector("li.link-row.is-current")

    def flashed(self) -> str:
        """The page's messages, once focus.js has announced them: it marks the list live,
        empties it and puts them back a moment later, so that a screen reader says them (read
        before that, the list may be empty)."""
        self.page.wait_for_selector("ul.flashes[aria-live] li")
        return self.page.locator("ul.flashes").text_content()


def log_in(browser, live: LiveApp, user: str = "editor", *, width: int = 1280) -> Session:
    """A fresh browser context logged in through the form with a demo login."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    session = Session(page, live)
    page.on("dialog", lambda dialog: (session.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: session.errors.append(str(error)))
    page.goto(f"{live.url}/login")
    page.fill("#username", user)
    page.fill("#password", f"{user}-demo")
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{live.url}/")
    return session


@pytest.fixture(name="session")
def session_fixture(browser, live: LiveApp) -> Iterator[Session]:
    """An editor's page (editors may confirm, edit and flag)."""
    session = log_in(browser, live)
    yield session
    session.page.context.close()
    assert session.errors == [], session.errors

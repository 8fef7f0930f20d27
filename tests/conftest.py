"""Shared fixtures: a real SQLite file per test, the Flask app on it, and a CLI runner."""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from click.testing import CliRunner

from workbench import passwords
from workbench.cli import main
from workbench.store import Store
from workbench.web import create_app

REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "translations"

# Argon2id through the same code, with argon2-cffi's profile for tests: a default hash or
# check takes some 0.17 s and the suite makes thousands (every login, every test user), which
# was a third of its time. A workbench process keeps the real parameters (tests/test_users.py).
passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workbench.db"


@pytest.fixture
def store(db_path: Path):
    store = Store(db_path)
    yield store
    store.close()


@pytest.fixture
def app(db_path: Path):
    return create_app({"TESTING": True, "DATABASE": str(db_path)})


@pytest.fixture
def client(app):
    return app.test_client()


class Cli:
    """Runs `workbench --db DB ...` in-process, like a user at a shell."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(main, ["--db", str(self.db_path), *map(str, args)], input=input)


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)


def snapshot(db_path: Path) -> list[str]:
    """Every row of every table, as SQL: equal snapshots mean an unchanged database."""
    connection = sqlite3.connect(db_path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def csrf_from(html: str) -> str:
    """The CSRF token a page carries in its <meta name="csrf-token">."""
    marker = 'name="csrf-token" content="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def add_user(db_path: Path, name: str, role: str, password: str = "password-1") -> None:
    from workbench.users import add_user as add

    store = Store(db_path)
    try:
        add(store, name, role, password, by="test")
    finally:
        store.close()


def login(client, name: str, password: str = "password-1") -> str:
    """Log in through the form like a browser; return the session's CSRF token."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": name, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return csrf_from(client.get("/").get_data(as_text=True))


@pytest.fixture
def as_role(client, db_path):
    """`as_role("editor")` logs the client in as a fresh user of that role; returns the token."""

    def log_in(role: str) -> str:
        add_user(db_path, f"{role}1", role)
        return login(client, f"{role}1")

    return log_in


def upload(client, token: str, data: bytes, filename: str):
    """The upload form's answer (redirects followed) to a file, for a logged-in client."""
    form = {"csrf_token": token, "file": (io.BytesIO(data), filename)}
    return client.post(
        "/documents/upload", data=form, content_type="multipart/form-data", follow_redirects=True
    )


def api_upload(client, db_path: Path, data: bytes, filename: str, user: str = "translator1"):
    """`POST /api/v1/documents` of a file with a bearer token of `user` (who must exist)."""
    from workbench.users import issue_token

    store = Store(db_path)
    try:
        bearer = issue_token(store, user)
    finally:
        store.close()
    return client.post(
        "/api/v1/documents",
        headers={"Authorization": f"Bearer {bearer}"},
        data={"file": (io.BytesIO(data), filename)},
    )


def cli_import(cli: Cli, folder: Path, data: bytes, filename: str, *options: str):
    """`workbench import` of a file written into `folder`, in a database made for it."""
    assert cli("init").exit_code == 0
    path = folder / filename
    path.write_bytes(data)
    return cli("import", str(path), *options)


def import_pair(
    store: Store,
    source: list[str],
    target: list[str],
    *,
    src_lang: str = "sq",
    tgt_lang: str = "en",
    title: str | None = None,
    user: str | None = None,
) -> int:
    """A new document of a source and a translation (paragraphs), aligned; the alignment id."""
    from workbench import aligning, services

    document = services.import_file(
        store,
        "\n\n".join(source).encode(),
        filename="source.txt",
        title=title,
        language=src_lang,
        role="source",
        user=user,
    ).document
    services.import_file(
        store,
        "\n\n".join(target).encode(),
        filename="target.txt",
        document_id=document,
        language=tgt_lang,
        role="translation",
        user=user,
    )
    return aligning.align_versions(store, document, user=user)


# -- the demo database, built once per test process ---------------------------------------------

GERMAN = ["Die Besteigung des Gipfels gelang am 3. Juni.", "Der Gletscher war steil und vereist."]
FRENCH = ["L'ascension du sommet réussit le 3 juin.", "Le glacier était raide et glacé."]


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo (UDHR sq/ru/en, Mark sq/ASV/BBE, the archive record) plus a German–French
    text, aligned, built once per test process (loading the demo takes seconds: a module
    that built its own cost that again); each test gets a copy (`corpus`)."""
    from workbench import demo

    path = tmp_path_factory.mktemp("corpus") / "template.db"
    store = Store(path)
    try:
        demo.load_demo(store)
        import_pair(store, GERMAN, FRENCH, src_lang="de", tgt_lang="fr", title="berg")
    finally:
        store.close()
    return path


@pytest.fixture
def corpus(corpus_template: Path, db_path: Path) -> Path:
    """A copy of the corpus template for one test."""
    shutil.copy(corpus_template, db_path)
    return db_path


@pytest.fixture
def cstore(corpus: Path):
    store = Store(corpus)
    yield store
    store.close()


@pytest.fixture(scope="session")
def live_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The browser tests' database (the demo plus a hostile document), built once per test
    process; each browser test module serves a copy (tests/browser.py)."""
    from tests.browser import build_live_template

    path = tmp_path_factory.mktemp("live-template") / "template.db"
    build_live_template(path)
    return path

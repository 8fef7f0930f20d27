"""Shared fixtures: a real SQLite file per test, the Flask app on it, and a CLI runner."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.store import Store
from workbench.web import create_app

REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "translations"


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

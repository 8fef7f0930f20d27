"""Titles and labels are one line of text, wherever they come from (the API, the upload form,
the CLI, a file's own title): NFC, no control characters (an ESC reached the terminal of whoever
listed the documents, a CR rewrote the line), line breaks and tabs as spaces, trimmed; one that
holds nothing else is refused. The CLI prints a stored title as one line too."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import add_user
from workbench import services
from workbench.errors import InputError
from workbench.store import Store
from workbench.textio import one_line
from workbench.users import issue_token
from workbench.web import create_app

HOSTILE = "\x1b[2J\x1b[31mReport\r\nof the\tCouncil\x00\x07\x85 e\u0301\u009b "


def test_one_line_keeps_the_text_and_drops_the_rest() -> None:
    assert one_line(HOSTILE) == "[2J[31mReport of the Council é"
    assert unicodedata.is_normalized("NFC", one_line(HOSTILE))
    assert one_line("  Über\u2028die  Lage\u00a0(1961) ") == "Über die Lage\u00a0(1961)"
    assert one_line("\ufeffTitle") == "Title"
    with pytest.raises(InputError, match="the title has no text"):
        one_line("\x00\r\n\t \x1b", "title")
    assert one_line("\x00\r\n") == "", "unnamed: nothing left is no error"


def test_an_api_import_stores_a_clean_title_and_label(db_path: Path) -> None:
    add_user(db_path, "tina", "translator")
    store = Store(db_path)
    try:
        headers = {"Authorization": f"Bearer {issue_token(store, 'tina')}"}
    finally:
        store.close()
    client = create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()
    data = {
        "file": (io.BytesIO(b"Neni 1.\n\nNeni 2.\n"), "a.txt"),
        "lang": "sq",
        "title": HOSTILE,
        "label": "Albanian\x1b[0m\noriginal",
    }
    response = client.post("/api/v1/documents", data=data, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    document = response.get_json()["document"]
    store = Store(db_path)
    try:
        assert store.document(document)["title"] == "[2J[31mReport of the Council é"
        [version] = store.versions(document)
        assert version["label"] == "Albanian[0m original"
    finally:
        store.close()
    data = {"file": (io.BytesIO(b"Neni 1.\n"), "b.txt"), "lang": "sq", "title": "\x1b\x00\r"}
    refused = client.post("/api/v1/documents", data=data, headers=headers)
    assert refused.status_code == 400
    assert "title has no text" in refused.get_json()["error"]["message"]


def test_titles_from_files_and_file_names_are_cleaned_too(store: Store) -> None:
    html = (
        b"<html><head><title>Line one\r\nline\x1b two</title></head><body><p>A.</p></body></html>"
    )
    from_file = services.import_file(store, html, filename="page.html", language="en")
    assert store.document(from_file.document)["title"] == "Line one line two"
    named = services.import_file(store, b"Text.\n", filename="bad\x1bname\r.txt", language="en")
    assert store.document(named.document)["title"] == "badname"
    with pytest.raises(InputError, match="label has no text"):
        services.import_file(store, b"Text.\n", filename="c.txt", language="en", label="\t\n")


def test_the_cli_imports_clean_and_lists_stored_rows_on_one_line(cli, db_path: Path) -> None:
    source = db_path.parent / "source.txt"
    source.write_text("Neni 1.\n", encoding="utf-8")
    assert cli("init").exit_code == 0
    result = cli("import", str(source), "--lang", "sq", "--title", "A\x1b[31m\r\nB")
    assert result.exit_code == 0, result.output
    store = Store(db_path)
    try:
        [row] = store.documents()
        assert row["title"] == "A[31m B"
        # a row stored before titles were cleaned still prints as one line
        store.db.execute("update documents set title = ?", ["Old\x1b[2J\r\ntitle"])
        store.db.conn.commit()
    finally:
        store.close()
    listed = cli("documents").output
    assert "\x1b" not in listed and "\r" not in listed and listed.count("\n") == 1
    shown = cli("show", str(row["id"])).output
    assert shown.splitlines()[0] == f"document {row['id']}: Old[2J title"
    assert "\x1b" not in shown

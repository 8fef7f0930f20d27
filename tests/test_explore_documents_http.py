"""What the documents pages and the API answer at the edges of HTTP: OPTIONS, a method a route
does not take, and a write whose session has ended (an archivist's upload after lunch).

Each test drives the real app on a real database, as a browser or a script would."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from tests.conftest import add_user, csrf_from, login, snapshot
from workbench.store import Store
from workbench.users import issue_token


def methods(response) -> set[str]:
    return {m.strip() for m in response.headers["Allow"].split(",")}


def test_options_under_the_api_is_a_204_naming_the_methods(client, db_path: Path) -> None:
    """OPTIONS says which methods a resource takes, with no page to go with it, and grants no
    other site anything (CORS stays off)."""
    add_user(db_path, "tina", "translator")
    store = Store(db_path)
    try:
        headers = {"Authorization": f"Bearer {issue_token(store, 'tina')}"}
    finally:
        store.close()
    response = client.options("/api/v1/documents", headers=headers)
    assert response.status_code == 204
    assert methods(response) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert response.get_data() == b"" and "Content-Type" not in response.headers
    names = [name.lower() for name, _ in response.headers]
    assert not any(name.startswith("access-control-") for name in names)
    response = client.options(
        "/api/v1/documents", headers={**headers, "Origin": "https://elsewhere.example"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers
    response = client.options("/api/v1/alignments/1/undo", headers=headers)
    assert response.status_code == 204 and methods(response) == {"POST", "OPTIONS"}


def test_a_method_a_page_does_not_take_is_405_whatever_the_csrf_token(client, as_role) -> None:
    """DELETE on a document's page is not a forged form: the route has no DELETE at all."""
    token = as_role("editor")
    for headers in ({}, {"X-CSRF-Token": "wrong"}, {"X-CSRF-Token": token}):
        response = client.delete("/documents/1", headers=headers)
        assert response.status_code == 405, headers
        assert methods(response) == {"GET", "HEAD", "OPTIONS"}
    response = client.put("/documents/upload", headers={"Accept": "application/json"})
    assert response.status_code == 405 and methods(response) == {"POST", "OPTIONS"}
    assert response.get_json()["error"]["status"] == 405


def test_a_write_to_a_page_still_needs_its_csrf_token(client, as_role) -> None:
    token = as_role("translator")
    data = {"lang": "en", "file": (io.BytesIO(b"One.\n\nTwo."), "a.txt")}
    response = client.post("/documents/upload", data=data)
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    data = {"lang": "en", "csrf_token": token, "file": (io.BytesIO(b"x"), "a.txt")}
    assert client.post("/documents/upload", data=data).status_code == 303


def upload_form(token: str) -> dict:
    record = "Account of the reception, 1961.\n\nThe delegation arrived on 7 September."
    return {"lang": "en", "csrf_token": token, "file": (io.BytesIO(record.encode()), "r.txt")}


def test_an_upload_after_the_session_ended_says_to_log_in_and_stores_nothing(
    client, db_path: Path
) -> None:
    """The session was ended on the server (a logout in another tab, a password change): the
    page says so and offers the login, not Werkzeug's words on credentials."""
    add_user(db_path, "tina", "translator")
    token = login(client, "tina")
    ended = sqlite3.connect(db_path)
    with ended:
        ended.execute("DELETE FROM sessions")
    ended.close()
    before = snapshot(db_path)
    response = client.post("/documents/upload", data=upload_form(token))
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "you are logged out" in page and "log in again" in page
    assert "could not verify" not in page and 'href="/login"' in page
    assert snapshot(db_path) == before


def test_an_upload_after_the_cookie_expired_says_to_log_in_not_csrf(
    app, client, db_path: Path
) -> None:
    """A session idle past its lifetime: the browser still sends the old form, but the cookie
    holds nothing any more (no CSRF token either); that is a logout, not a forged form."""
    add_user(db_path, "tina", "translator")
    token = login(client, "tina")
    client.delete_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    response = client.post("/documents/upload", data=upload_form(token))
    page = response.get_data(as_text=True)
    assert response.status_code == 401 and "you are logged out" in page, page[:600]
    assert "CSRF" not in page
    json = client.post(
        "/documents/1/align", data={"csrf_token": token}, headers={"Accept": "application/json"}
    )
    assert json.status_code == 401 and "log in again" in json.get_json()["error"]["message"]


def test_the_login_form_without_its_token_is_still_refused_as_csrf(client, db_path) -> None:
    add_user(db_path, "tina", "translator")
    response = client.post("/login", data={"username": "tina", "password": "password-1"})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert csrf_from(client.get("/login").get_data(as_text=True))


def test_an_upload_naming_a_document_id_beyond_any_number_keeps_the_form(client, as_role) -> None:
    """A tampered or mistyped document field is the form's mistake: the form comes back with
    its fields and says what is wrong, rather than a bare error page."""
    token = as_role("translator")
    data = {**upload_form(token), "document": "9" * 30, "title": "Account of 1961"}
    response = client.post("/documents/upload", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="upload-error"' in page and "document is too large a number" in page
    assert 'value="Account of 1961"' in page

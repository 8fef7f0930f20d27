"""Logging in and out, roles, CSRF and cookie settings."""

from __future__ import annotations

from tests.conftest import add_user, csrf_from, login


def test_anonymous_visitors_are_sent_to_the_login_form(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_login_with_the_right_password_opens_the_documents_page(client, db_path) -> None:
    add_user(db_path, "ana", "editor")
    login(client, "ana")
    page = client.get("/").get_data(as_text=True)
    assert "Documents" in page and "ana (editor)" in page


def test_a_wrong_password_is_refused_with_401(client, db_path) -> None:
    add_user(db_path, "ana", "editor")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": "ana", "password": "wrong-one", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Wrong user name or password" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_a_post_without_the_csrf_token_is_refused(client, db_path) -> None:
    add_user(db_path, "ana", "editor")
    client.get("/login")
    response = client.post("/login", data={"username": "ana", "password": "password-1"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_logout_needs_csrf_and_ends_the_session(client, db_path) -> None:
    add_user(db_path, "ana", "editor")
    token = login(client, "ana")
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_session_cookie_is_httponly_and_samesite(client, db_path) -> None:
    add_user(db_path, "ana", "editor")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": "ana", "password": "password-1", "csrf_token": token}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_never_redirects_to_another_site(client, db_path) -> None:
    add_user(db_path, "ana", "editor")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=//evil.example/x",
        data={"username": "ana", "password": "password-1", "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_pages_carry_a_content_security_policy_without_inline_scripts(client) -> None:
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy

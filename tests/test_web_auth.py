"""Logging in and out, roles, CSRF and cookie settings."""

from __future__ import annotations

import json

import lxml.html
import pytest

from tests.conftest import add_user, csrf_from, login
from workbench import users
from workbench.store import Store


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


# -- who may log in, and what is recorded ------------------------------------------------------


def _post_login(client, name: str, password: str, address: str = "127.0.0.1"):
    environ = {"REMOTE_ADDR": address}
    token = csrf_from(client.get("/login", environ_base=environ).get_data(as_text=True))
    return client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token},
        environ_base=environ,
    )


def _events(db_path, *actions: str) -> list[dict]:
    store = Store(db_path)
    try:
        rows = [row for row in reversed(store.events_log(limit=1000))]
    finally:
        store.close()
    return [row for row in rows if row["action"] in actions]


def test_a_disabled_user_hears_what_a_wrong_password_gets_and_the_log_says_why(
    client, db_path
) -> None:
    add_user(db_path, "ana", "editor")
    store = Store(db_path)
    users.disable_user(store, "ana", by="test")
    store.close()
    disabled = _post_login(client, "ana", "password-1")
    wrong = _post_login(client, "ana", "wrong-one")
    unknown = _post_login(client, "nobody", "password-1")
    assert disabled.status_code == wrong.status_code == unknown.status_code == 401
    assert disabled.get_data() == wrong.get_data() == unknown.get_data()
    assert client.get("/").status_code == 302
    reasons = [json.loads(row["after"])["reason"] for row in _events(db_path, "login_failed")]
    assert reasons == ["account disabled", "wrong password", "unknown user"]


def test_logins_failures_and_logouts_are_events_with_the_address(client, db_path) -> None:
    add_user(db_path, "ana", "editor")
    store = Store(db_path)
    users_before = store.users()
    store.close()
    assert _post_login(client, "ana", "wrong-one", "10.0.0.1").status_code == 401
    assert _post_login(client, "ghost", "password-1", "10.0.0.2").status_code == 401
    assert _post_login(client, "ana", "password-1", "10.0.0.3").status_code == 302
    token = csrf_from(client.get("/", environ_base={"REMOTE_ADDR": "10.0.0.3"}).get_data(True))
    client.post("/logout", data={"csrf_token": token}, environ_base={"REMOTE_ADDR": "10.0.0.4"})
    rows = _events(db_path, "login", "login_failed", "logout")
    seen = [(r["action"], r["user"], json.loads(r["after"])["address"]) for r in rows]
    assert seen == [
        ("login_failed", "ana", "10.0.0.1"),
        ("login_failed", "ghost", "10.0.0.2"),
        ("login", "ana", "10.0.0.3"),
        ("logout", "ana", "10.0.0.4"),
    ]
    assert rows[1]["entity_id"] is None  # an unknown name is recorded, never created
    store = Store(db_path)
    assert store.users() == users_before
    store.close()


def test_an_unknown_name_costs_a_password_check_like_a_known_one(
    client, db_path, monkeypatch
) -> None:
    """Without it an unknown name was refused in 3 ms and a known one in 150–390 ms."""
    from argon2 import PasswordHasher

    checks: list[str] = []
    real = PasswordHasher.verify

    def counting(self, stored, password):
        checks.append(password)
        return real(self, stored, password)

    add_user(db_path, "ana", "editor")
    monkeypatch.setattr(PasswordHasher, "verify", counting)
    for name in ("ana", "nobody", "No Such User!"):
        checks.clear()
        assert _post_login(client, name, "guess-guess").status_code == 401
        assert checks == ["guess-guess"], name


def test_a_huge_password_is_refused_without_hashing_it(client, db_path, monkeypatch) -> None:
    from argon2 import PasswordHasher

    add_user(db_path, "ana", "editor")
    monkeypatch.setattr(PasswordHasher, "verify", lambda *args: pytest.fail("hashed"))
    assert _post_login(client, "ana", "a" * 100_000).status_code == 401


# -- one's own account -----------------------------------------------------------------------


def _change(client, token: str, current: str, new: str, again: str | None = None):
    return client.post(
        "/account",
        data={
            "csrf_token": token,
            "current_password": current,
            "new_password": new,
            "new_password_again": new if again is None else again,
        },
    )


def test_the_account_page_changes_the_password_and_ends_the_other_sessions(app, db_path) -> None:
    add_user(db_path, "ana", "editor")
    here, elsewhere = app.test_client(), app.test_client()
    token = login(here, "ana")
    login(elsewhere, "ana")
    page = here.get("/account").get_data(as_text=True)
    assert "Change your password" in page and 'href="/account"' in page
    response = _change(here, token, "password-1", "a-new-passphrase")
    assert response.status_code == 302
    assert "Your password is changed" in here.get("/account").get_data(as_text=True)
    assert here.get("/").status_code == 200  # this session goes on
    assert elsewhere.get("/").status_code == 302  # the other one ended
    assert _post_login(app.test_client(), "ana", "password-1").status_code == 401
    assert _post_login(app.test_client(), "ana", "a-new-passphrase").status_code == 302
    assert [row["user"] for row in _events(db_path, "password")] == ["ana"]


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("wrong-password", "a-new-passphrase", None, "The current password is wrong"),
        ("password-1", "a-new-passphrase", "another-one", "The two new passwords differ"),
        ("password-1", "        ", None, "may not begin or end with spaces"),
        ("password-1", "short", None, "at least 8 characters"),
        ("password-1", "password-1", None, "the current one"),
    ],
)
def test_the_account_page_refuses_a_bad_change(
    client, db_path, current, new, again, message
) -> None:
    add_user(db_path, "ana", "editor")
    token = login(client, "ana")
    response = _change(client, token, current, new, again)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert client.get("/").status_code == 200
    assert _post_login(client, "ana", "password-1").status_code == 302


def test_guessing_the_current_password_on_the_account_page_is_throttled(client, db_path) -> None:
    add_user(db_path, "ana", "editor")
    token = login(client, "ana")
    for _ in range(5):
        assert _change(client, token, "guess-guess", "a-new-passphrase").status_code == 400
    refused = _change(client, token, "password-1", "a-new-passphrase")
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.get_data(as_text=True)


def test_the_account_page_needs_a_login_and_the_csrf_token(client, db_path) -> None:
    assert client.get("/account").status_code == 302
    add_user(db_path, "ana", "editor")
    login(client, "ana")
    response = client.post(
        "/account",
        data={
            "current_password": "password-1",
            "new_password": "a-new-passphrase",
            "new_password_again": "a-new-passphrase",
        },
    )
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)


# -- everyone's accounts, for admins ---------------------------------------------------------


def test_admins_disable_enable_change_roles_and_reset_passwords_on_the_users_page(
    app, db_path
) -> None:
    add_user(db_path, "boss", "admin")
    add_user(db_path, "tom", "translator")
    admin, tom = app.test_client(), app.test_client()
    token = login(admin, "boss")
    login(tom, "tom")
    page = admin.get("/users").get_data(as_text=True)
    assert "tom" in page and "Disable tom" in page and "Disable boss" not in page

    assert admin.post("/users/2/disable", data={"csrf_token": token}).status_code == 302
    assert "tom: disabled" in admin.get("/users").get_data(as_text=True)
    assert tom.get("/").status_code == 302
    assert _post_login(app.test_client(), "tom", "password-1").status_code == 401
    admin.post("/users/2/enable", data={"csrf_token": token})
    admin.post("/users/2/role", data={"csrf_token": token, "role": "reviewer"})
    admin.post(
        "/users/2/password",
        data={
            "csrf_token": token,
            "new_password": "tom-new-pass",
            "new_password_again": "tom-new-pass",
        },
    )
    assert _post_login(app.test_client(), "tom", "password-1").status_code == 401
    login(tom, "tom", "tom-new-pass")
    assert "tom (reviewer)" in tom.get("/").get_data(as_text=True)
    actions = [
        (row["action"], row["user"])
        for row in _events(db_path, "disable", "enable", "role", "password")
    ]
    assert actions == [(action, "boss") for action in ("disable", "enable", "role", "password")]


def test_the_users_page_is_for_admins_only_and_spares_the_admins_own_account(app, db_path) -> None:
    add_user(db_path, "boss", "admin")
    add_user(db_path, "ed", "editor")
    editor = app.test_client()
    token = login(editor, "ed")
    assert editor.get("/users").status_code == 403
    assert editor.post("/users/1/disable", data={"csrf_token": token}).status_code == 403
    admin = app.test_client()
    token = login(admin, "boss")
    refused = admin.post("/users/1/disable", data={"csrf_token": token})
    assert refused.status_code == 400 and "your own account" in refused.get_data(as_text=True)
    assert (
        admin.post("/users/1/role", data={"csrf_token": token, "role": "editor"}).status_code == 400
    )
    assert admin.get("/").status_code == 200
    assert "boss (admin)" in admin.get("/").get_data(as_text=True)
    assert admin.post("/users/99/disable", data={"csrf_token": token}).status_code == 404


def test_a_user_name_logs_in_whatever_its_case_as_the_one_account_it_names(client, db_path) -> None:
    """Names fold alike or are refused at sign-up, so "ANA" can only mean `ana`: the session,
    the page and the events log name the account as it is spelled."""
    add_user(db_path, "ana", "editor")
    login(client, "ANA")
    page = client.get("/").get_data(as_text=True)
    assert "ana (editor)" in page and "ANA" not in page
    store = Store(db_path)
    logins = [e for e in store.events_log() if e["action"] == "login"]
    store.close()
    assert [e["user"] for e in logins] == ["ana"]


def test_the_admin_commands_find_an_account_whatever_the_case_typed(cli, db_path) -> None:
    add_user(db_path, "ana", "editor")
    result = cli("users", "role", "Ana", "reviewer")
    assert result.exit_code == 0, result.output
    store = Store(db_path)
    assert store.user_by_name("ana")["role"] == "reviewer"
    store.close()


def test_a_token_made_for_a_name_typed_in_another_case_logs_the_accounts_name(cli, db_path) -> None:
    """The events log names the account as it is stored, not as the command was typed, so
    `events --user ana` finds it and no second spelling of the name is recorded."""
    add_user(db_path, "ana", "editor")
    assert cli("users", "token", "ANA").exit_code == 0
    store = Store(db_path)
    [token] = [e for e in store.events(limit=100) if e["action"] == "token"]
    assert json.loads(token["after"]) == {"username": "ana"}
    store.close()


@pytest.mark.parametrize("role", ["translator", "reviewer", "editor", "admin"])
def test_the_sections_bar_offers_the_users_page_to_admins_only(client, as_role, role) -> None:
    as_role(role)
    page = lxml.html.document_fromstring(client.get("/").get_data(as_text=True))
    sections = page.xpath("//nav[@aria-label='Sections']//a/text()")
    assert ("Users" in sections) == (role == "admin")
    if role == "admin":
        [link] = page.xpath("//nav[@aria-label='Sections']//a[text()='Users']/@href")
        assert client.get(link).status_code == 200

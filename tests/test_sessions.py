"""Sessions the server keeps: a cookie holds a random session id, worth something only while
its row exists. Logout, a new password, a new role or a disabled account end sessions; a
restored backup brings none back; a session ends after 12 idle hours or 7 days at most."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import add_user, csrf_from, import_pair, login
from workbench import backup, users
from workbench.store import Store
from workbench.store import base as store_base
from workbench.web import create_app

KEY = "a-fixed-key-like-WORKBENCH_SECRET_KEY-0123456789"


def make_app(db_path: Path, **config: Any) -> Any:
    """The app with a fixed cookie key, as with WORKBENCH_SECRET_KEY set."""
    return create_app({"TESTING": True, "DATABASE": str(db_path), "SECRET_KEY": KEY, **config})


def cookie_of(client: Any) -> str:
    return client.get_cookie("session").value


def replay(app: Any, cookie: str) -> Any:
    """A new browser holding a copy of someone's cookie."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def logged_in_as(client: Any) -> str | None:
    """Whose page this client sees ("name (role)"), or None when sent to the login form."""
    response = client.get("/")
    if response.status_code != 200:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        return None
    page = response.get_data(as_text=True)
    start = page.index('class="who"')
    return page[page.index(">", start) + 1 : page.index("</a>", start)]


def session_rows(db_path: Path) -> int:
    store = Store(db_path)
    try:
        return store.db.execute("select count(*) from sessions").fetchone()[0]
    finally:
        store.close()


# -- the cookie holds a session id, not a user id -----------------------------------------------


def test_the_cookie_holds_a_random_session_id_stored_only_as_its_hash(db_path: Path) -> None:
    add_user(db_path, "ana", "editor")
    client = make_app(db_path).test_client()
    login(client, "ana")
    with client.session_transaction() as cookie:
        assert "user_id" not in cookie
        session_id = cookie["sid"]
    assert len(session_id) >= 40
    store = Store(db_path)
    rows = list(store.db.query("select * from sessions"))
    store.close()
    assert [row["token_hash"] for row in rows] == [users.hash_token(session_id)]
    assert session_id not in str(rows)


def test_a_cookie_from_before_a_restore_logs_in_as_nobody(tmp_path: Path, db_path: Path) -> None:
    """What the tester found: with a fixed key, a translator's cookie from after the backup
    became the cookie of the admin created with the same id after the restore."""
    add_user(db_path, "ana", "admin")
    saved = tmp_path / "saved.db"
    backup.backup(db_path, saved)
    add_user(db_path, "tom", "translator")  # id 2, not in the backup
    app = make_app(db_path)
    tom, ana = app.test_client(), app.test_client()
    login(tom, "tom")
    login(ana, "ana")  # a session of a user who is in the backup too
    tom_cookie, ana_cookie = cookie_of(tom), cookie_of(ana)

    backup.restore(db_path, saved)
    add_user(db_path, "boss", "admin")  # id 2 now
    app = make_app(db_path)
    assert logged_in_as(replay(app, tom_cookie)) is None
    assert logged_in_as(replay(app, ana_cookie)) is None
    assert replay(app, tom_cookie).get("/api/v1/documents").status_code == 401
    assert session_rows(db_path) == 0


def test_a_restore_brings_back_no_session_of_the_backup(tmp_path: Path, db_path: Path) -> None:
    """A session recorded in the backup ended since (logout): restoring must not revive it."""
    add_user(db_path, "ana", "editor")
    app = make_app(db_path)
    client = app.test_client()
    csrf = login(client, "ana")
    cookie = cookie_of(client)
    saved = tmp_path / "saved.db"
    backup.backup(db_path, saved)  # holds the live session
    client.post("/logout", data={"csrf_token": csrf})
    backup.restore(db_path, saved)
    assert logged_in_as(replay(make_app(db_path), cookie)) is None


# -- logout ends the session on the server ------------------------------------------------------


def test_a_cookie_kept_after_logout_opens_nothing(db_path: Path) -> None:
    """The tester's t15.py: pages, the API and a confirm with the old CSRF token."""
    add_user(db_path, "rita", "reviewer")
    with closing(Store(db_path)) as store:
        alignment = import_pair(store, ["Neni 1."], ["Article 1."])
        link = store.links(alignment, "paragraph")[0].id
    app = make_app(db_path)
    client = app.test_client()
    csrf = login(client, "rita")
    cookie = cookie_of(client)
    assert logged_in_as(replay(app, cookie)) == "rita (reviewer)"
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302

    thief = replay(app, cookie)
    assert logged_in_as(thief) is None
    assert replay(app, cookie).get("/api/v1/documents").status_code == 401
    confirm = replay(app, cookie).post(
        f"/alignments/{alignment}/links/{link}/confirm",
        data={"csrf_token": csrf},
        headers={"Accept": "application/json"},
    )
    assert confirm.status_code == 401
    with closing(Store(db_path)) as store:
        assert store.links(alignment, "paragraph")[0].status != "confirmed"


def test_logout_ends_only_that_session(db_path: Path) -> None:
    add_user(db_path, "ana", "editor")
    app = make_app(db_path)
    laptop, phone = app.test_client(), app.test_client()
    csrf = login(laptop, "ana")
    login(phone, "ana")
    laptop.post("/logout", data={"csrf_token": csrf})
    assert logged_in_as(laptop) is None
    assert logged_in_as(phone) == "ana (editor)"


# -- lifetimes ----------------------------------------------------------------------------------


def test_a_session_ends_after_its_absolute_lifetime_however_active(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(db_path, "ana", "editor")
    client = make_app(db_path).test_client()
    login(client, "ana")
    assert logged_in_as(client) == "ana (editor)"
    monkeypatch.setattr(store_base, "now", lambda: "2999-01-01T00:00:00Z")
    assert logged_in_as(client) is None


def test_the_lifetime_is_seven_days_by_default(db_path: Path) -> None:
    add_user(db_path, "ana", "editor")
    client = make_app(db_path).test_client()
    login(client, "ana")
    with closing(Store(db_path)) as store:
        row = next(iter(store.db.query("select created, expires from sessions")))
    created = datetime.fromisoformat(row["created"])
    expires = datetime.fromisoformat(row["expires"])
    assert timedelta(days=7) - timedelta(seconds=5) <= expires - created <= timedelta(days=7)


def test_a_session_unused_for_the_idle_limit_ends(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The idle limit is the age of the cookie's signature, renewed by each request."""
    from itsdangerous.timed import TimestampSigner

    clock = [1_700_000_000]
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: clock[0])
    add_user(db_path, "ana", "editor")
    client = make_app(db_path, PERMANENT_SESSION_LIFETIME=timedelta(hours=12)).test_client()
    login(client, "ana")
    clock[0] += 11 * 3600
    assert logged_in_as(client) == "ana (editor)"  # in use: the cookie is signed anew
    clock[0] += 11 * 3600
    assert logged_in_as(client) == "ana (editor)"
    clock[0] += 13 * 3600
    assert logged_in_as(client) is None


def test_expired_sessions_are_swept_at_the_next_login(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(db_path, "ana", "editor")
    app = make_app(db_path, SESSION_ABSOLUTE_LIFETIME=timedelta(seconds=0))
    login_status = _login_status(app.test_client(), "ana")
    assert login_status == 302
    assert session_rows(db_path) == 1
    monkeypatch.setattr(store_base, "now", lambda: "2999-01-01T00:00:00Z")
    _login_status(app.test_client(), "ana")
    assert session_rows(db_path) == 1  # the old one went, the new one stays


def _login_status(client: Any, name: str, password: str = "password-1") -> int:
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": name, "password": password, "csrf_token": token}
    )
    return response.status_code


# -- changes to the account end its sessions ----------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda store: users.disable_user(store, "tom", by="test"),
        lambda store: users.set_role(store, "tom", "admin", by="test"),
        lambda store: users.reset_password(store, "tom", "another-pass", by="test"),
    ],
    ids=["disable", "role", "password"],
)
def test_an_admin_change_ends_the_accounts_sessions(db_path: Path, change: Any) -> None:
    add_user(db_path, "tom", "translator")
    add_user(db_path, "ana", "editor")
    app = make_app(db_path)
    tom, ana = app.test_client(), app.test_client()
    login(tom, "tom")
    login(ana, "ana")
    with closing(Store(db_path)) as store:
        change(store)
    assert logged_in_as(tom) is None
    assert logged_in_as(ana) == "ana (editor)"


def test_a_new_role_takes_effect_at_the_next_login_not_in_an_old_session(db_path: Path) -> None:
    add_user(db_path, "tom", "translator")
    app = make_app(db_path)
    client = app.test_client()
    login(client, "tom")
    cookie = cookie_of(client)
    with closing(Store(db_path)) as store:
        users.set_role(store, "tom", "admin", by="test")
    assert logged_in_as(replay(app, cookie)) is None
    login(client, "tom")
    assert logged_in_as(client) == "tom (admin)"

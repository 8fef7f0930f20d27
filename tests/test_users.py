"""Accounts: user names of exactly 1–64 letters, digits, '.', '_' or '-', one account per name
whatever its case, passwords that can be typed and not guessed at once, and the commands that
disable, enable, reset and re-role an account."""

from __future__ import annotations

import json

import pytest

from tests.conftest import snapshot
from workbench.errors import Conflict, InputError
from workbench.passwords import verify_password
from workbench.store import Store
from workbench.users import MAX_PASSWORD, add_user, fold_name, reset_password
from workbench.web import create_app


@pytest.mark.parametrize(
    "name",
    [
        "translator\n",
        "translator\r\n",
        " translator",
        "translator ",
        "trans lator",
        "",
        "a" * 65,
        "tränslator",
        "translator\x00",
    ],
    ids=repr,
)
def test_a_user_name_with_anything_but_the_allowed_characters_is_refused(
    store, db_path, name
) -> None:
    add_user(store, "translator", "translator", "password-1", by="test")
    before = snapshot(db_path)
    with pytest.raises(InputError, match="a user name is 1–64"):
        add_user(store, name, "translator", "password-1", by="test")
    assert snapshot(db_path) == before


@pytest.mark.parametrize("name", ["a", "ana.m", "ana_m-2", "A" * 64])
def test_allowed_user_names_are_accepted(store, name) -> None:
    add_user(store, name, "editor", "password-1", by="test")
    assert store.user_by_name(name)["role"] == "editor"


def test_the_cli_refuses_a_look_alike_name_with_a_trailing_newline(cli, db_path) -> None:
    assert cli("init").exit_code == 0
    added = cli(
        "users",
        "add",
        "translator",
        "--role",
        "translator",
        "--password-stdin",
        input="password-1\n",
    )
    assert added.exit_code == 0, added.output
    before = snapshot(db_path)
    result = cli(
        "users", "add", "translator\n", "--role", "admin", "--password-stdin", input="password-1\n"
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: a user name is 1–64")
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(db_path) == before
    listed = json.loads(cli("users", "list", "--json").stdout)
    assert [user["username"] for user in listed] == ["translator"]


# -- one account per name, whatever its case ------------------------------------------------


@pytest.mark.parametrize("name", ["Admin", "ADMIN", "aDmIn"])
def test_a_name_equal_to_another_but_for_case_is_refused(store, db_path, name) -> None:
    add_user(store, "admin", "admin", "password-1", by="test")
    before = snapshot(db_path)
    with pytest.raises(Conflict, match="user 'admin' exists already"):
        add_user(store, name, "translator", "password-1", by="test")
    assert snapshot(db_path) == before


def test_names_fold_as_unicode_compares_them() -> None:
    assert fold_name("Admin") == fold_name("ADMIN") == "admin"
    assert fold_name("ﬀ") == fold_name("FF")  # NFKC, then casefold


# -- passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (" " * 8, "begin or end with spaces"),
        ("\u3000" * 8, "begin or end with spaces"),
        (" password-1", "begin or end with spaces"),
        ("password-1 ", "begin or end with spaces"),
        ("pass\tword-1", "control characters"),
        ("short", "at least 8 characters"),
        ("x" * (MAX_PASSWORD + 1), f"at most {MAX_PASSWORD}"),
    ],
    ids=["spaces", "ideographic-spaces", "leading", "trailing", "tab", "short", "huge"],
)
def test_a_weak_or_untypable_password_is_refused(store, db_path, password, message) -> None:
    before = snapshot(db_path)
    with pytest.raises(InputError, match=message):
        add_user(store, "ana", "editor", password, by="test")
    assert snapshot(db_path) == before
    add_user(store, "ana", "editor", "password-1", by="test")
    with pytest.raises(InputError, match=message):
        reset_password(store, "ana", password, by="test")


def test_a_password_with_spaces_inside_is_a_passphrase(store) -> None:
    add_user(store, "ana", "editor", "correct horse battery staple", by="test")


# -- disable, enable, passwd, role on the command line ----------------------------------------


def _add(cli, name: str, role: str = "translator", password: str = "password-1") -> None:
    result = cli("users", "add", name, "--role", role, "--password-stdin", input=password + "\n")
    assert result.exit_code == 0, result.output


def _account(db_path, name: str) -> dict:
    store = Store(db_path)
    try:
        return store.user_by_name(name)
    finally:
        store.close()


def test_users_disable_revokes_the_token_and_enable_lets_the_user_in_again(cli, db_path) -> None:
    assert cli("init").exit_code == 0
    _add(cli, "tom")
    token = cli("users", "token", "tom").stdout.strip()
    app = create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()
    bearer = {"Authorization": f"Bearer {token}"}
    assert app.get("/api/v1/documents", headers=bearer).status_code == 200

    result = cli("users", "disable", "tom")
    assert result.exit_code == 0 and "disabled" in result.stdout
    assert _account(db_path, "tom")["disabled"] and not _account(db_path, "tom")["api_token_hash"]
    assert app.get("/api/v1/documents", headers=bearer).status_code == 401
    assert "is disabled already" in cli("users", "disable", "tom").stdout
    refused = cli("users", "token", "tom")
    assert refused.exit_code == 2 and "disabled" in refused.stderr
    listed = json.loads(cli("users", "list", "--json").stdout)
    assert listed[0]["disabled"] and "disabled" in cli("users", "list").stdout

    assert cli("users", "enable", "tom").exit_code == 0
    assert _account(db_path, "tom")["disabled"] is None
    assert app.get("/api/v1/documents", headers=bearer).status_code == 401  # stays revoked
    assert "is enabled already" in cli("users", "enable", "tom").stdout


def test_a_disabled_users_old_token_is_refused_even_if_still_stored(cli, db_path) -> None:
    """Belt and braces: the API checks the account too, not only that the token exists."""
    assert cli("init").exit_code == 0
    _add(cli, "tom")
    token = cli("users", "token", "tom").stdout.strip()
    store = Store(db_path)
    store.db.execute("update users set disabled = '2024-01-01T00:00:00Z'")
    store.close()
    app = create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()
    response = app.get("/api/v1/documents", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_users_passwd_sets_a_new_password_and_revokes_the_token(cli, db_path) -> None:
    assert cli("init").exit_code == 0
    _add(cli, "tom")
    cli("users", "token", "tom")
    result = cli("users", "passwd", "tom", "--password-stdin", input="tom-new-pass\n")
    assert result.exit_code == 0, result.output
    account = _account(db_path, "tom")
    assert verify_password(account["password_hash"], "tom-new-pass")
    assert account["api_token_hash"] is None
    weak = cli("users", "passwd", "tom", "--password-stdin", input="        \n")
    assert weak.exit_code == 2 and "spaces" in weak.stderr
    missing = cli("users", "passwd", "nobody", "--password-stdin", input="whatever-1\n")
    assert missing.exit_code == 2 and "no user 'nobody'" in missing.stderr


def test_users_role_changes_the_role_and_refuses_an_unknown_one(cli, db_path) -> None:
    assert cli("init").exit_code == 0
    _add(cli, "tom")
    result = cli("users", "role", "tom", "editor")
    assert result.exit_code == 0 and "now editor" in result.stdout
    assert _account(db_path, "tom")["role"] == "editor"
    assert "is editor already" in cli("users", "role", "tom", "editor").stdout
    assert cli("users", "role", "tom", "overlord").exit_code == 2
    assert cli("users", "role", "nobody", "editor").exit_code == 2


def test_account_changes_are_events_and_never_record_a_password(cli, db_path) -> None:
    assert cli("init").exit_code == 0
    _add(cli, "tom")
    cli("users", "role", "tom", "reviewer")
    cli("users", "passwd", "tom", "--password-stdin", input="secret-word-9\n")
    cli("users", "disable", "tom")
    cli("users", "enable", "tom")
    store = Store(db_path)
    rows = list(reversed(store.events_log(limit=100)))
    dump = str(store.db.execute("select * from events").fetchall())
    store.close()
    assert [row["action"] for row in rows] == ["add", "role", "password", "disable", "enable"]
    assert all(row["user"] == "cli" for row in rows[1:])
    assert "secret-word-9" not in dump and "password-1" not in dump


def test_a_real_workbench_process_hashes_with_argon2ids_recommended_parameters(tmp_path) -> None:
    """The suite hashes with argon2-cffi's cheap test profile (tests/conftest.py); a workbench
    process, as people run it, must use RFC 9106's low-memory profile, and the account it makes
    must log in wherever the stored hash is checked."""
    import subprocess
    import sys
    from pathlib import Path

    from argon2 import extract_parameters, profiles

    program = str(Path(sys.executable).with_name("workbench"))
    db = tmp_path / "real.db"
    assert subprocess.run([program, "--db", str(db), "init"], capture_output=True).returncode == 0
    added = subprocess.run(
        [program, "--db", str(db), "users", "add", "tom", "--role", "editor", "--password-stdin"],
        input="tom-password\n",
        capture_output=True,
        text=True,
    )
    assert added.returncode == 0, added.stderr
    stored = _account(db, "tom")["password_hash"]
    assert stored.startswith("$argon2id$")
    assert extract_parameters(stored) == profiles.RFC_9106_LOW_MEMORY
    assert verify_password(stored, "tom-password")
    assert not verify_password(stored, "tom-passwore")

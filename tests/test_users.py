"""User names: exactly 1–64 letters, digits, '.', '_' or '-', so no account looks like another."""

from __future__ import annotations

import json

import pytest

from tests.conftest import snapshot
from workbench.errors import InputError
from workbench.users import add_user


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

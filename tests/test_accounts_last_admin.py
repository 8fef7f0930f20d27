"""The last enabled admin account cannot be demoted or disabled, by the CLI or on the users
page: with no admin left nobody could manage accounts from the web again. The count is read in
the change's own transaction, so two admins demoting each other at once cannot both succeed."""

from __future__ import annotations

import html
import threading
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import add_user, login, snapshot
from workbench import users
from workbench.errors import Conflict
from workbench.store import Store
from workbench.users import LastAdmin


def _role_and_state(db_path: Path, name: str) -> tuple[str, str | None]:
    with closing(Store(db_path)) as store:
        account = store.user_by_name(name)
    return account["role"], account["disabled"]


# -- the rule, in the use cases ----------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda store: users.set_role(store, "boss", "editor", by="test"),
        lambda store: users.disable_user(store, "boss", by="test"),
    ],
    ids=["demote", "disable"],
)
def test_the_only_enabled_admin_is_neither_demoted_nor_disabled(db_path: Path, change) -> None:
    """Refused as a conflict with the present state (409 on the web), and nothing changes: no
    role, no sessions ended, no event."""
    add_user(db_path, "boss", "admin")
    add_user(db_path, "tom", "translator")
    before = snapshot(db_path)
    with closing(Store(db_path)) as store, pytest.raises(LastAdmin) as refused:
        change(store)
    assert isinstance(refused.value, Conflict) and refused.value.status == 409
    assert "'boss' is the last enabled admin account" in str(refused.value)
    assert "give another account the admin role first" in str(refused.value)
    assert snapshot(db_path) == before


def test_a_disabled_admin_does_not_count_as_another_admin(db_path: Path) -> None:
    """An admin who cannot log in cannot manage accounts either: the enabled one stays."""
    add_user(db_path, "boss", "admin")
    add_user(db_path, "former", "admin")
    with closing(Store(db_path)) as store:
        assert users.disable_user(store, "former", by="test")
        with pytest.raises(LastAdmin):
            users.set_role(store, "boss", "editor", by="test")
        # the disabled admin itself may be demoted: it is not one of the admins counted
        assert users.set_role(store, "former", "editor", by="test")
    assert _role_and_state(db_path, "boss") == ("admin", None)


def test_with_two_enabled_admins_one_may_go_and_the_other_is_then_the_last(db_path: Path) -> None:
    add_user(db_path, "boss", "admin")
    add_user(db_path, "deputy", "admin")
    with closing(Store(db_path)) as store:
        assert users.disable_user(store, "deputy", by="boss")
        with pytest.raises(LastAdmin):
            users.disable_user(store, "boss", by="deputy")
        assert users.enable_user(store, "deputy", by="boss")
        assert users.set_role(store, "boss", "editor", by="deputy")
        with pytest.raises(LastAdmin):
            users.set_role(store, "deputy", "reviewer", by="deputy")


def test_giving_the_last_admin_the_admin_role_again_is_still_nothing_to_change(
    db_path: Path,
) -> None:
    """Only a change that removes an admin is refused; a no-op answers as before."""
    add_user(db_path, "boss", "admin")
    with closing(Store(db_path)) as store:
        assert users.set_role(store, "boss", "admin", by="test") is False


# -- two admins at once ----------------------------------------------------------------------


def test_two_admins_demoting_each_other_at_once_cannot_both_succeed(db_path: Path) -> None:
    """The second change waits for the first's write transaction and counts after it: had it
    counted before waiting, it would have seen two admins and left none."""
    add_user(db_path, "ana", "admin")
    add_user(db_path, "bea", "admin")
    outcome: list[object] = []

    def bea_demotes_ana() -> None:
        with closing(Store(db_path)) as store:
            try:
                outcome.append(users.set_role(store, "ana", "editor", by="bea"))
            except LastAdmin as error:
                outcome.append(error)

    with closing(Store(db_path)) as store:
        with store.transaction():
            assert users.set_role(store, "bea", "editor", by="ana")
            other = threading.Thread(target=bea_demotes_ana)
            other.start()
            other.join(timeout=0.5)
            assert other.is_alive(), "the second change must wait for the first's transaction"
        other.join(timeout=30)
    assert not other.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], LastAdmin)
    assert _role_and_state(db_path, "ana") == ("admin", None)
    assert _role_and_state(db_path, "bea") == ("editor", None)


def test_admins_demoting_each_other_from_threads_leave_exactly_one_admin(db_path: Path) -> None:
    """Whatever the order the threads happen to run in, one change wins and one is refused."""
    add_user(db_path, "ana", "admin")
    add_user(db_path, "bea", "admin")
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def demote(actor: str, target: str) -> None:
        with closing(Store(db_path)) as store:
            start.wait(timeout=10)
            try:
                outcomes[actor] = users.set_role(store, target, "translator", by=actor)
            except LastAdmin as error:
                outcomes[actor] = error

    threads = [
        threading.Thread(target=demote, args=("ana", "bea")),
        threading.Thread(target=demote, args=("bea", "ana")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(type(value).__name__ for value in outcomes.values()) == ["LastAdmin", "bool"]
    with closing(Store(db_path)) as store:
        assert store.enabled_admin_count() == 1


# -- the CLI ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (("users", "role", "boss", "editor"), "cannot make 'boss' editor"),
        (("users", "disable", "boss"), "cannot disable 'boss'"),
    ],
    ids=["role", "disable"],
)
def test_the_cli_refuses_to_remove_the_last_admin_in_one_error_line(
    cli, db_path: Path, command: tuple[str, ...], words: str
) -> None:
    assert cli("init").exit_code == 0
    add_user(db_path, "boss", "admin")
    result = cli(*command)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {words}: 'boss' is the last enabled admin account")
    assert len(result.stderr.strip().splitlines()) == 1
    assert _role_and_state(db_path, "boss") == ("admin", None)


def test_the_cli_removes_an_admin_once_another_account_is_admin(cli, db_path: Path) -> None:
    """What the refusal advises works: make another admin, then demote or disable."""
    assert cli("init").exit_code == 0
    add_user(db_path, "boss", "admin")
    add_user(db_path, "tom", "translator")
    assert cli("users", "role", "tom", "admin").exit_code == 0
    result = cli("users", "disable", "boss")
    assert result.exit_code == 0 and "boss: disabled" in result.stdout
    assert cli("users", "role", "tom", "editor").exit_code == 2  # now tom is the last one


# -- the users page ----------------------------------------------------------------------------


def _race_on_the_users_page(app, db_path: Path, monkeypatch, action: str):
    """bea's request passed the admin check; before it changes anything, ana demotes bea (the
    other admin's request, committed first). bea's change to ana must then be refused."""
    add_user(db_path, "ana", "admin")
    add_user(db_path, "bea", "admin")
    client = app.test_client()
    token = login(client, "bea")
    service = {"role": "set_role", "disable": "disable_user"}[action]
    real, demote = getattr(users, service), users.set_role

    def after_anas_change(store, name, *args, **kwargs):
        with closing(Store(db_path)) as other:
            demote(other, "bea", "editor", by="ana")
        return real(store, name, *args, **kwargs)

    monkeypatch.setattr(users, service, after_anas_change)
    form = {"csrf_token": token, "role": "editor"} if action == "role" else {"csrf_token": token}
    return client, f"/users/1/{action}", form


@pytest.mark.parametrize("action", ["role", "disable"])
def test_the_users_page_refuses_to_remove_the_last_admin_with_a_409_page(
    app, db_path: Path, monkeypatch, action: str
) -> None:
    client, url, form = _race_on_the_users_page(app, db_path, monkeypatch, action)
    response = client.post(url, data=form)
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    assert "'ana' is the last enabled admin account" in page
    assert _role_and_state(db_path, "ana") == ("admin", None)


def test_a_script_on_the_users_page_gets_the_refusal_as_json(
    app, db_path: Path, monkeypatch
) -> None:
    client, url, form = _race_on_the_users_page(app, db_path, monkeypatch, "role")
    response = client.post(url, data=form, headers={"Accept": "application/json"})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["status"] == 409
    assert error["message"].startswith("cannot make 'ana' editor: 'ana' is the last enabled")

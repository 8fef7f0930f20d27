"""`workbench events`: the log of logins, failed logins, logouts and changes, read from the
command line by user, from a date, the newest N, as text or JSON."""

from __future__ import annotations

import json

import pytest

from workbench.store import Store


def _log(db_path, *events: tuple[str, str, str | None, dict | None]) -> None:
    """Write events as (at, action, user, after) directly, at known times."""
    store = Store(db_path)
    try:
        with store.transaction():
            for at, action, user, after in events:
                event_id = store.log_event(action, "user", None, user=user, after=after)
                store.db.execute("update events set at = ? where id = ?", [at, event_id])
    finally:
        store.close()


@pytest.fixture
def logged(cli, db_path):
    assert cli("init").exit_code == 0
    added = cli("users", "add", "ana", "--role", "editor", "--password-stdin", input="pw-ana-123\n")
    assert added.exit_code == 0
    _log(
        db_path,
        ("2024-05-01T09:00:00Z", "login", "ana", {"address": "10.0.0.1"}),
        ("2024-05-01T10:00:00Z", "login_failed", "bob", {"address": "10.0.0.2"}),
        ("2024-05-02T08:30:00Z", "logout", "ana", {"address": "10.0.0.1"}),
        ("2024-05-03T12:00:00Z", "login_failed", "\x1b[31mevil", {"reason": "unknown user"}),
    )
    return cli


def _json(cli, *args: str) -> list[dict]:
    result = cli("events", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_events_lists_the_newest_oldest_first(logged) -> None:
    rows = _json(logged)
    actions = ["add", "login", "login_failed", "logout", "login_failed"]
    assert [row["action"] for row in rows] == actions  # in the order they were written
    assert rows[-4]["after"] == {"address": "10.0.0.1"}  # JSON columns read, not strings
    assert [row["action"] for row in _json(logged, "--limit", "2")] == ["logout", "login_failed"]


def test_events_by_user_shows_what_they_did_and_what_was_done_to_them(logged) -> None:
    logged("users", "role", "ana", "admin")  # done by "cli" to ana
    rows = _json(logged, "--user", "ana")
    assert [(row["action"], row["user"]) for row in rows] == [
        ("add", "cli"),
        ("login", "ana"),
        ("logout", "ana"),
        ("role", "cli"),
    ]
    assert [row["action"] for row in _json(logged, "--user", "bob")] == ["login_failed"]
    assert _json(logged, "--user", "nobody") == []


@pytest.mark.parametrize(
    ("since", "count"),
    [("2024-05-02", 2), ("2024-05-01T10:00:00Z", 3), ("2024-05-01T12:00+02:00", 3)],
)
def test_events_since_a_date_or_a_time(logged, since, count) -> None:
    rows = [row for row in _json(logged, "--since", since) if row["at"].startswith("2024")]
    assert len(rows) == count


def test_events_as_text_one_line_each_with_what_others_typed_escaped(logged) -> None:
    result = logged("events", "--since", "2024-05-01")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("2024")]
    assert len(lines) == 4
    assert lines[0].startswith("2024-05-01T09:00:00Z  ana") and "address=10.0.0.1" in lines[0]
    assert "\x1b" not in result.stdout and "\\x1b[31mevil" in lines[3]


def test_events_refuses_a_date_it_cannot_read_in_one_line(logged) -> None:
    result = logged("events", "--since", "yesterday")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --since: 'yesterday' is not a date")
    assert len(result.stderr.strip().splitlines()) == 1


# -- names matched as account names are (NFKC, then casefold) ----------------------------------


@pytest.mark.parametrize("typed", ["ana", "Ana", "ANA", "ＡＮＡ"])
def test_events_by_user_finds_the_account_whatever_the_case_it_is_typed_in(logged, typed) -> None:
    """`Ana` and `ana` are one account name (as `users add` refuses the other), so asking for
    either shows the same events: what ana did and what was done to her account."""
    logged("users", "role", "ana", "admin")
    rows = _json(logged, "--user", typed)
    assert [(row["action"], row["user"]) for row in rows] == [
        ("add", "cli"),
        ("login", "ana"),
        ("logout", "ana"),
        ("role", "cli"),
    ]


def test_events_by_user_finds_failed_logins_typed_in_another_case(logged, db_path) -> None:
    """A login tried as `ANA` or `ａｎａ` is aimed at ana's account: an admin looking at ana's
    events sees it; a longer or different name is not hers."""
    _log(
        db_path,
        ("2024-05-04T07:00:00Z", "login_failed", "ANA", {"reason": "unknown user"}),
        ("2024-05-04T07:01:00Z", "login_failed", "ａｎａ", {"reason": "unknown user"}),
        ("2024-05-04T07:02:00Z", "login_failed", "anabel", {"reason": "unknown user"}),
        ("2024-05-04T07:03:00Z", "login_failed", "ÄNA", {"reason": "unknown user"}),
    )

    def failed_logins(name: str) -> list[str]:
        rows = _json(logged, "--user", name, "--since", "2024-05-04")
        return [row["user"] for row in rows if row["action"] == "login_failed"]

    assert failed_logins("ana") == ["ANA", "ａｎａ"]
    assert failed_logins("äna") == ["ÄNA"]
    assert [row["user"] for row in _json(logged, "--user", "BOB")] == ["bob"]


def test_events_by_user_in_a_large_log_folds_in_python_only_names_beyond_ascii(
    db_path, monkeypatch
) -> None:
    """Logs grow to millions of rows: SQLite compares ASCII names itself (NOCASE), so the
    Python fold runs on the few stored names with other characters, not on every event."""
    from workbench.store import base as store_base

    folded: list[str] = []
    real = store_base._fold_name_sql
    monkeypatch.setattr(
        store_base, "_fold_name_sql", lambda value: folded.append(value) or real(value)
    )
    store = Store(db_path)
    try:
        with store.transaction():
            for number in range(500):
                store.log_event("login", "user", None, user=f"user{number % 7}")
            store.log_event("login_failed", "user", None, user="ＵＳＥＲ3")
        rows = store.events_log(user="User3", limit=10_000)
    finally:
        store.close()
    assert len(rows) == 72  # 71 logins by user3 and the failed one typed in full width
    assert "ＵＳＥＲ3" in folded and not any(name.startswith("user") for name in folded)

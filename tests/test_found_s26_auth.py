"""The login throttle holds when guesses arrive at once.

At most 5 failed logins per user name and address in 10 minutes, then 429: however many
requests arrive together, at most 5 passwords of one name and address are ever checked. An
attempt is counted as failed before its password is checked, in the same step as the check of
the counts; checking the counts first and counting after the slow hash let every request that
arrived during a verification through (40 guesses at once: 12 checked under `serve
--production`, 34 on the development server).
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from tests.conftest import add_user, csrf_from, login
from tests.test_production_server import CSRF, start, stop
from workbench import passwords, users
from workbench.web.auth import LoginThrottle

GUESSES = 40
LIMIT = 5  # LOGIN_MAX_FAILURES


def slow_verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, every password the server checks, each check made slow (as argon2 is in
    production), so that requests arriving together are all in flight while the first ones
    are checked."""
    checked: list[str] = []
    real = users.verify_password

    def slow(password_hash: str | None, password: str) -> bool:
        checked.append(password)
        threading.Event().wait(0.2)
        return real(password_hash, password)

    monkeypatch.setattr(users, "verify_password", slow)
    return checked


def at_once(requests: list[Callable[[], Any]]) -> list[Any]:
    """Run the requests on threads of their own, released together by a barrier."""
    barrier = threading.Barrier(len(requests))

    def run(send: Callable[[], Any]) -> Any:
        barrier.wait()
        return send()

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(run, requests))


def test_forty_wrong_passwords_at_once_check_at_most_five(app, db_path, monkeypatch) -> None:
    add_user(db_path, "reviewer", "reviewer")
    guesses = []
    for number in range(GUESSES):  # every guesser has the login page first, for its token
        client = app.test_client()
        token = csrf_from(client.get("/login").get_data(as_text=True))
        form = {"username": "reviewer", "password": f"guess-{number}", "csrf_token": token}
        guesses.append(lambda client=client, form=form: client.post("/login", data=form))
    verifications = slow_verifications(monkeypatch)
    answers = Counter(response.status_code for response in at_once(guesses))
    assert len(verifications) == LIMIT
    assert answers == {401: LIMIT, 429: GUESSES - LIMIT}


def test_current_passwords_guessed_at_once_on_the_account_page_check_at_most_five(
    app, db_path, monkeypatch
) -> None:
    add_user(db_path, "reviewer", "reviewer")
    guesses = []
    for number in range(2 * LIMIT + 10):  # sessions opened one by one, before the guessing
        client = app.test_client()
        token = login(client, "reviewer")
        form = {
            "csrf_token": token,
            "current_password": f"guess-{number}",
            "new_password": "a-new-passphrase",
            "new_password_again": "a-new-passphrase",
        }
        guesses.append(lambda client=client, form=form: client.post("/account", data=form))
    verifications = slow_verifications(monkeypatch)
    answers = Counter(response.status_code for response in at_once(guesses))
    assert len(verifications) == LIMIT
    assert answers == {400: LIMIT, 429: len(guesses) - LIMIT}


def test_the_throttle_lets_five_of_many_simultaneous_attempts_through() -> None:
    throttle = LoginThrottle()
    attempts = at_once([lambda: throttle.attempt("reviewer", "203.0.113.7")] * GUESSES)
    assert sum(not attempt.refused for attempt in attempts) == LIMIT
    assert all(0 < attempt.wait <= 600 for attempt in attempts if attempt.refused)


def test_a_right_password_in_flight_is_given_back_and_clears_the_failures() -> None:
    throttle = LoginThrottle()
    guesses = [throttle.attempt("reviewer", "203.0.113.7") for _ in range(LIMIT - 1)]
    right = throttle.attempt("reviewer", "203.0.113.7")
    assert not any(attempt.refused for attempt in [*guesses, right])
    assert throttle.attempt("reviewer", "203.0.113.7").refused  # five in flight: the limit
    throttle.succeeded(right)
    assert not throttle.attempt("reviewer", "203.0.113.7").refused


# -- the production server, as README "Running it for real" starts it -------------------------


def _guess(port: int, number: int, barrier: threading.Barrier) -> int:
    """A guesser: the login page (its cookie and token), then, with the others, its post."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/login")
    page = connection.getresponse()
    token = CSRF.search(page.read().decode()).group(1)
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    body = f"username=reviewer&password=guess-{number}&csrf_token={token}"
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    barrier.wait()
    connection.request("POST", "/login", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def test_the_production_server_checks_at_most_five_of_forty_simultaneous_guesses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "workbench.db"
    with monkeypatch.context() as hashing:  # a real hash, as slow to check as in production
        hashing.setattr(passwords, "_hasher", PasswordHasher())
        add_user(db_path, "reviewer", "reviewer")
    process, port = start(db_path)  # waitress, one process, a pool of threads
    try:
        barrier = threading.Barrier(GUESSES)
        with ThreadPoolExecutor(GUESSES) as pool:
            answers = Counter(pool.map(lambda n: _guess(port, n, barrier), range(GUESSES)))
    finally:
        stop(process)
    assert answers == {401: LIMIT, 429: GUESSES - LIMIT}

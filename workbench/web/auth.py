"""Login, logout, roles, accounts and CSRF protection for every state-changing request.

Pages need a logged-in user; each write needs a permission, granted by role. A CSRF token lives
in the session and must come back with every POST/PUT/PATCH/DELETE, as the form field
`csrf_token` or the `X-CSRF-Token` header (what the review page's scripts send).

The signed cookie names a session the server keeps (`sessions`, by the SHA-256 of a random
id), never a user directly: logout deletes the row, so a kept copy of the cookie is worthless;
changes to an account delete its rows; a restored backup holds none. The idle limit is the age
of the cookie's signature (PERMANENT_SESSION_LIFETIME, renewed by each request), so no request
writes to the database to keep a session alive; the row's `expires` bounds it absolutely.

The JSON API under /api/ authenticates with a per-user token instead (`Authorization: Bearer
TOKEN`, from `workbench users token NAME`); only its SHA-256 is stored, which is enough for a
random 32-byte token. A session cookie also reads the API (GET) but never writes through it:
the API checks no CSRF token, so a cookie alone must not change anything.
"""

from __future__ import annotations

import functools
import hmac
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from workbench import passwords, users
from workbench.errors import InputError, NotFound, PermissionDenied, WorkbenchError
from workbench.users import hash_token
from workbench.web import get_store
from workbench.web.forms import local_path

bp = Blueprint("auth", __name__)

#: Which roles may do what. Everyone logged in can read.
PERMISSIONS: dict[str, frozenset[str]] = {
    "edit_alignment": frozenset({"translator", "editor", "admin"}),
    "edit_text": frozenset({"translator", "editor", "admin"}),
    "import": frozenset({"translator", "editor", "admin"}),
    "confirm": frozenset({"reviewer", "editor", "admin"}),
    "flag": frozenset({"reviewer", "editor", "admin"}),
    "comment": frozenset({"translator", "reviewer", "editor", "admin"}),
    "approve": frozenset({"editor", "admin"}),
    "publish": frozenset({"editor", "admin"}),
    "manage_users": frozenset({"admin"}),
}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: API endpoints anyone may read: the description of the API itself.
API_OPEN_ENDPOINTS = {"api.openapi"}
#: Pages anyone may open: the login form, and the assets it needs.
OPEN_ENDPOINTS = {"auth.login", "static", "favicon"}


def current_user() -> dict[str, Any] | None:
    """The logged-in user (id, username, role), loaded once per request."""
    if "user" not in g:
        g.user = _api_user() if request.path.startswith("/api/") else _session_user()
    return g.user


def _session_user() -> dict[str, Any] | None:
    """The account of the cookie's session, while the server still has it; a cookie whose
    session ended (logout, a password or role change, a disabled account) forgets it."""
    session_id = session.get("sid")
    if session_id is None:
        return None
    user = users.session_user(get_store(), session_id)
    if user is None:
        session.clear()
    return user


def _bearer() -> str | None:
    """The token of an `Authorization: Bearer TOKEN` header ("" when the header is malformed)."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _api_user() -> dict[str, Any] | None:
    """The API caller: by bearer token; by session cookie only for reading (no CSRF here)."""
    token = _bearer()
    if token is not None:
        return get_store().active_user_by_api_token(hash_token(token)) if token else None
    if request.method in UNSAFE_METHODS:
        return None
    return _session_user()


def _api_refusal() -> str:
    if _bearer() is not None:
        return "the API token is wrong or was replaced: create one with `workbench users token`"
    if request.method in UNSAFE_METHODS and session.get("sid") is not None:
        return "API writes need an API token (Authorization: Bearer TOKEN), not a session"
    return "send an API token: Authorization: Bearer TOKEN (workbench users token NAME)"


def can(permission: str, user: dict[str, Any] | None = None) -> bool:
    user = user if user is not None else current_user()
    return bool(user) and user["role"] in PERMISSIONS[permission]


def username() -> str | None:
    user = current_user()
    return user["username"] if user else None


def require(permission: str, *, action: str | None = None) -> None:
    """Raise PermissionDenied unless the current user's role grants `permission`. The refusal
    names `action`, what was asked for, where the permission's name would not ("a translator
    may not change a flag's status", which the "flag" permission covers)."""
    if not can(permission):
        user = current_user()
        role = user["role"] if user else "anonymous"
        raise PermissionDenied(f"a {role} may not {action or permission.replace('_', ' ')}")


def permission_required(permission: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(permission)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def csrf_token() -> str:
    if "csrf_token" not in session:
        session["csrf_token"] = secrets.token_urlsafe(32)
    return session["csrf_token"]


def _safe_next(target: str | None) -> str:
    """Only same-site paths (forms.local_path): an open redirect after login would be a
    phishing aid, and a line break in the Location header a 500."""
    return local_path(target) or url_for("documents.index")


@bp.before_app_request
def guard() -> Any:
    """Check CSRF on writes and send anonymous visitors of pages to the login form (a write
    whose session ended hears that, whatever its token). A request that routing refused (a
    method the route does not take: 405 with Allow; no such page: 404) runs no view, so it
    gets that answer whatever its CSRF token."""
    routed = request.routing_exception is None
    if routed and _automatic_options():
        return None  # 204 with Allow, as WorkbenchFlask answers it: no view runs, nothing shown
    if routed and request.method in UNSAFE_METHODS and not request.path.startswith("/api/"):
        if request.endpoint not in OPEN_ENDPOINTS and current_user() is None:
            abort(401)  # the session ended or expired: a logout to tell, not a forged form
        sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
        expected = session.get("csrf_token") or ""
        if not expected or not hmac.compare_digest(sent, expected):
            abort(
                400,
                description="the form is out of date or was not sent by this site "
                "(CSRF token missing or wrong): reload the page and try again",
            )
    if request.path.startswith("/api/"):
        if request.endpoint not in API_OPEN_ENDPOINTS and current_user() is None:
            abort(401, description=_api_refusal())
        return None
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if current_user() is None:
        if request.method in UNSAFE_METHODS or request.accept_mimetypes.best == "application/json":
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def _automatic_options() -> bool:
    """An OPTIONS request that Flask answers itself (no route here handles OPTIONS): it
    names a route's methods, which the public description (/api/v1/openapi.json) names too,
    and runs no view, so it needs no login: WorkbenchFlask answers every route so."""
    rule = request.url_rule
    return request.method == "OPTIONS" and bool(getattr(rule, "provide_automatic_options", False))


@bp.app_context_processor
def inject() -> dict[str, Any]:
    return {"current_user": current_user(), "csrf_token": csrf_token, "can": can}


@dataclass(frozen=True)
class Attempt:
    """One login (or current-password) attempt as the throttle saw it: counted as failed
    from the moment it was let through (`at`, its mark in the window), or refused (`at`
    None) with the seconds until the name is heard again (`wait`)."""

    name: str
    address: str
    at: float | None
    wait: int = 0

    @property
    def refused(self) -> bool:
        return self.at is None


class LoginThrottle:
    """Failed logins per (user name, client address) in a sliding window.

    In memory, per process: enough for the one waitress process `serve --production` runs
    (its threads share it); a restart forgets the counts. Keyed by name and address, so that
    a guesser at one address cannot lock a colleague out from another. Each address also has
    a larger limit over all names, against guessing many names at once.

    An attempt is counted as failed *before* its password is checked (`attempt`), in the
    same locked step as the check of the counts, and given back once it turns out not to be
    a failure (`succeeded`, `give_back`). Checking first and counting after the slow hash
    let every request that arrived during a verification through: 40 guesses sent at once
    were 12 to 35 passwords tried, not 5.
    """

    def __init__(self, failures: int = 5, window: float = 600.0, per_address: int = 50) -> None:
        self.failures = failures
        self.window = window
        self.per_address = per_address
        self._seen: dict[tuple[str | None, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _keys(self, name: str, address: str) -> tuple[tuple[str | None, str], ...]:
        """The counts an attempt is in: its name's at its address, and its address's."""
        return (users.fold_name(name), address), (None, address)

    def _recent(self, key: tuple[str | None, str], now: float) -> deque[float]:
        times = self._seen.get(key) or deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def _wait(self, name: str, address: str, now: float) -> float:
        """Seconds until a limit lets `name` at `address` through (0: now); under the lock."""
        wait = 0.0
        name_key, address_key = self._keys(name, address)
        for key, limit in ((name_key, self.failures), (address_key, self.per_address)):
            times = self._recent(key, now)
            if len(times) >= limit:
                wait = max(wait, times[len(times) - limit] + self.window - now)
        return wait

    def attempt(self, name: str, address: str) -> Attempt:
        """Let an attempt through, counted as failed until told otherwise, or refuse it (a
        refusal counts nothing). One step under the lock: however many requests arrive at
        once, at most `failures` passwords of one name and address are ever checked."""
        now = time.monotonic()
        with self._lock:
            wait = self._wait(name, address, now)
            if wait > 0:
                return Attempt(name, address, None, math.ceil(wait))
            if len(self._seen) > 10_000:  # bound the memory a flood of names can take
                self._seen = {k: v for k, v in self._seen.items() if self._recent(k, now)}
            for key in self._keys(name, address):
                times = self._recent(key, now)
                times.append(now)
                self._seen[key] = times
        return Attempt(name, address, now)

    def give_back(self, attempt: Attempt) -> None:
        """Uncount an attempt that was no failure (a right password, a form refused before
        the password was checked): the counts are then what they were without it."""
        with self._lock:
            for key in self._keys(attempt.name, attempt.address):
                self._unmark(key, attempt)

    def succeeded(self, attempt: Attempt) -> None:
        """A login succeeded: its name's failures at its address are forgotten, and the
        attempt is given back to the address's count (successes never counted there)."""
        name_key, address_key = self._keys(attempt.name, attempt.address)
        with self._lock:
            self._seen.pop(name_key, None)
            self._unmark(address_key, attempt)

    def _unmark(self, key: tuple[str | None, str], attempt: Attempt) -> None:
        """Remove the attempt's mark from one count (gone already when the window passed it
        or a success cleared the count); under the lock."""
        times = self._seen.get(key)
        if times is not None and attempt.at is not None and attempt.at in times:
            times.remove(attempt.at)


def login_throttle() -> LoginThrottle:
    """The app's throttle (LOGIN_MAX_FAILURES within LOGIN_WINDOW_SECONDS), made on first use."""
    app = current_app
    with _THROTTLE_LOCK:
        throttle = app.extensions.get("workbench_login_throttle")
        if throttle is None:
            throttle = LoginThrottle(
                int(app.config.get("LOGIN_MAX_FAILURES", 5)),
                float(app.config.get("LOGIN_WINDOW_SECONDS", 600)),
                int(app.config.get("LOGIN_MAX_FAILURES_PER_ADDRESS", 50)),
            )
            app.extensions["workbench_login_throttle"] = throttle
    return throttle


_THROTTLE_LOCK = threading.Lock()


def client_address() -> str:
    """Where the request came from (the proxy's word for it only when trusted)."""
    return request.remote_addr or "-"


def session_lifetime() -> timedelta:
    """How long a session lives at most, however active (SESSION_ABSOLUTE_LIFETIME); the idle
    limit is PERMANENT_SESSION_LIFETIME, the age of the cookie's signature."""
    lifetime = current_app.config.get("SESSION_ABSOLUTE_LIFETIME", users.SESSION_LIFETIME)
    return lifetime if isinstance(lifetime, timedelta) else timedelta(seconds=int(lifetime))


@bp.record_once
def _prepare(_state: Any) -> None:
    passwords.prepare()  # the first login of an unknown name must not be the slow one


def _attempt(name: str) -> Attempt:
    """This request's attempt at `name`'s password from its address: let through (counted as
    failed until given back) or refused. Refused before the password is checked: even the
    right one waits, or the answer would tell a guesser when they got it."""
    address = client_address()
    attempt = login_throttle().attempt(name, address)
    if attempt.refused:
        current_app.logger.warning("login of %r from %s throttled", name, address)
    return attempt


def _refused(attempt: Attempt, template: str, **context: Any) -> Any:
    """The 429 page of a refused attempt, saying when to try again (also in Retry-After)."""
    minutes = max(1, math.ceil(attempt.wait / 60))
    error = f"Too many failed logins: try again in {minutes} minute(s)."
    return (
        render_template(template, error=error, **context),
        429,
        {"Retry-After": str(attempt.wait)},
    )


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET":
        return render_template("login.html", error=None)
    name = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    attempt = _attempt(name)
    if attempt.refused:
        return _refused(attempt, "login.html")
    store, address = get_store(), client_address()
    check = users.check_login(store, name, password)
    if check.user is None:  # the attempt stays counted as failed
        users.record_failed_login(store, name, address, check)
        current_app.logger.info("failed login for %r from %s: %s", name, address, check.reason)
        return render_template("login.html", error="Wrong user name or password."), 401
    login_throttle().succeeded(attempt)
    session_id = users.start_session(store, check.user, address, lifetime=session_lifetime())
    session.clear()  # nothing of the anonymous session carries over (fixation)
    session["sid"] = session_id
    session.permanent = True
    csrf_token()
    return redirect(_safe_next(request.args.get("next")))


@bp.post("/logout")
def logout() -> Any:
    """End this session on the server, so the cookie is worth nothing even if kept."""
    user = current_user()
    session_id = session.get("sid")
    if user is not None and isinstance(session_id, str):
        users.end_session(get_store(), session_id, user, client_address())
    session.clear()
    return redirect(url_for("auth.login"))


# -- one's own account ------------------------------------------------------------------------


@bp.route("/account", methods=["GET", "POST"])
def account() -> Any:
    """Who one is, and a new password: the current one, the new one twice."""
    user = current_user()
    assert user is not None  # the guard sent anonymous visitors to the login form
    if request.method == "GET":
        return _account_page(user, error=None)
    attempt = _attempt(user["username"])
    if attempt.refused:
        return _refused(attempt, "account.html", **_account_context(user))
    try:
        _change_password(user)
    except WorkbenchError as error:
        if not isinstance(error, users.WrongPassword):  # a wrong one stays counted as failed
            login_throttle().give_back(attempt)  # refused before or after a right password
        return _account_page(user, error=_sentence(error), status=error.status)
    login_throttle().give_back(attempt)
    flash("Your password is changed. Your other sessions have ended; this one goes on.")
    return redirect(url_for("auth.account"))


def _sentence(error: Exception) -> str:
    text = str(error)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _change_password(user: dict[str, Any]) -> None:
    new = request.form.get("new_password", "")
    if new != request.form.get("new_password_again", ""):
        raise InputError("the two new passwords differ")
    users.change_own_password(
        get_store(),
        user,
        request.form.get("current_password", ""),
        new,
        session_id=session["sid"],
        address=client_address(),
    )


def _account_context(user: dict[str, Any]) -> dict[str, Any]:
    store = get_store()
    return {
        "account": store.user_by_id(user["id"]),
        "sessions": store.session_count(user["id"]),
        "idle": current_app.permanent_session_lifetime,
        "lifetime": session_lifetime(),
    }


def _account_page(
    user: dict[str, Any], *, error: str | None, status: int = 200, **more: Any
) -> Any:
    context = _account_context(user)
    return render_template("account.html", error=error, **context, **more), status


# -- everyone's accounts (admins) --------------------------------------------------------------


@bp.get("/users")
@permission_required("manage_users")
def users_page() -> Any:
    """Every account, with its role and state, and what an admin may change about it."""
    store = get_store()
    accounts = store.users()
    return render_template("users.html", accounts=accounts, roles=users.ROLES)


def _other_account(user_id: int) -> dict[str, Any]:
    """The account an admin acts on; never their own here (they would lock themselves out:
    the CLI can, on purpose)."""
    account = get_store().user_by_id(user_id)
    if account is None:
        raise NotFound(f"no user {user_id}")
    if account["id"] == current_user()["id"]:  # type: ignore[index]
        raise InputError("change your own account on your account page, or with the CLI")
    return account


def _by_admin(action: Callable[..., Any], user_id: int, *args: Any, done: str) -> Any:
    """Apply an admin's change to another account and say on the list what became of it."""
    name = _other_account(user_id)["username"]
    changed = action(get_store(), name, *args, by=username(), address=client_address())
    flash(f"{name}: {done}" if changed is not False else f"{name}: nothing to change.")
    return redirect(url_for("auth.users_page"))


@bp.post("/users/<int:user_id>/disable")
@permission_required("manage_users")
def disable_user(user_id: int) -> Any:
    done = "disabled; their sessions ended and their API token is revoked."
    return _by_admin(users.disable_user, user_id, done=done)


@bp.post("/users/<int:user_id>/enable")
@permission_required("manage_users")
def enable_user(user_id: int) -> Any:
    done = "enabled; they log in again (an API token needs `workbench users token`)."
    return _by_admin(users.enable_user, user_id, done=done)


@bp.post("/users/<int:user_id>/role")
@permission_required("manage_users")
def user_role(user_id: int) -> Any:
    role = request.form.get("role", "")
    done = f"now {role}; their sessions ended."
    return _by_admin(users.set_role, user_id, role, done=done)


@bp.post("/users/<int:user_id>/password")
@permission_required("manage_users")
def user_password(user_id: int) -> Any:
    new = request.form.get("new_password", "")
    if new != request.form.get("new_password_again", ""):
        raise InputError("the two new passwords differ")
    done = "password reset; their sessions ended and their API token is revoked."
    return _by_admin(users.reset_password, user_id, new, done=done)

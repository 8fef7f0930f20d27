"""Login, logout, roles and CSRF protection for every state-changing request.

Pages need a logged-in user; each write needs a permission, granted by role. A CSRF token lives
in the session and must come back with every POST/PUT/PATCH/DELETE, as the form field
`csrf_token` or the `X-CSRF-Token` header (what the review page's scripts send).

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
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from workbench.errors import PermissionDenied
from workbench.passwords import verify_password
from workbench.users import hash_token
from workbench.web import get_store

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


def current_user() -> dict[str, Any] | None:
    """The logged-in user (id, username, role), loaded once per request."""
    if "user" not in g:
        g.user = None
        user_id = session.get("user_id")
        if request.path.startswith("/api/"):
            g.user = _api_user()
        elif user_id is not None:
            g.user = get_store().user_by_id(user_id)
    return g.user


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
        return get_store().user_by_api_token(hash_token(token)) if token else None
    user_id = session.get("user_id")
    if user_id is None or request.method in UNSAFE_METHODS:
        return None
    return get_store().user_by_id(user_id)


def _api_refusal() -> str:
    if _bearer() is not None:
        return "the API token is wrong or was replaced: create one with `workbench users token`"
    if request.method in UNSAFE_METHODS and session.get("user_id") is not None:
        return "API writes need an API token (Authorization: Bearer TOKEN), not a session"
    return "send an API token: Authorization: Bearer TOKEN (workbench users token NAME)"


def can(permission: str, user: dict[str, Any] | None = None) -> bool:
    user = user if user is not None else current_user()
    return bool(user) and user["role"] in PERMISSIONS[permission]


def username() -> str | None:
    user = current_user()
    return user["username"] if user else None


def require(permission: str) -> None:
    """Raise PermissionDenied unless the current user's role grants `permission`."""
    if not can(permission):
        user = current_user()
        role = user["role"] if user else "anonymous"
        raise PermissionDenied(f"a {role} may not {permission.replace('_', ' ')}")


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
    """Only same-site paths: an open redirect after login would be a phishing aid."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("documents.index")


@bp.before_app_request
def guard() -> Any:
    """Check CSRF on writes and send anonymous visitors of pages to the login form."""
    if request.method in UNSAFE_METHODS and not request.path.startswith("/api/"):
        sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
        expected = session.get("csrf_token") or ""
        if not expected or not hmac.compare_digest(sent, expected):
            abort(
                400,
                description="the form is out of date or was not sent by this site "
                "(CSRF token missing or wrong): reload the page and try again",
            )
    open_endpoints = {"auth.login", "static", "favicon"}
    if request.path.startswith("/api/"):
        if request.endpoint not in API_OPEN_ENDPOINTS and current_user() is None:
            abort(401, description=_api_refusal())
        return None
    if request.endpoint in open_endpoints:
        return None
    if current_user() is None:
        if request.method in UNSAFE_METHODS or request.accept_mimetypes.best == "application/json":
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


@bp.app_context_processor
def inject() -> dict[str, Any]:
    return {"current_user": current_user(), "csrf_token": csrf_token, "can": can}


class LoginThrottle:
    """Failed logins per (user name, client address) in a sliding window.

    In memory, per process: enough for the one waitress process `serve --production` runs; a
    restart forgets the counts. Keyed by name and address, so that a guesser at one address
    cannot lock a colleague out from another. Each address also has a larger limit over all
    names, against guessing many names at once.
    """

    def __init__(self, failures: int = 5, window: float = 600.0, per_address: int = 50) -> None:
        self.failures = failures
        self.window = window
        self.per_address = per_address
        self._seen: dict[tuple[str | None, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str | None, str], now: float) -> deque[float]:
        times = self._seen.get(key) or deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, name: str, address: str) -> int:
        """Seconds until a login of `name` from `address` is heard again (0: now)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key, limit in (
                ((name.lower(), address), self.failures),
                ((None, address), self.per_address),
            ):
                times = self._recent(key, now)
                if len(times) >= limit:
                    wait = max(wait, times[len(times) - limit] + self.window - now)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:  # bound the memory a flood of names can take
                self._seen = {k: v for k, v in self._seen.items() if self._recent(k, now)}
            for key in ((name.lower(), address), (None, address)):
                times = self._recent(key, now)
                times.append(now)
                self._seen[key] = times

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._seen.pop((name.lower(), address), None)


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


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error = None
    if request.method == "POST":
        name = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        address = request.remote_addr or "-"
        throttle = login_throttle()
        wait = throttle.retry_after(name, address)
        if wait:
            # Refused before the password is checked: even the right one waits, or the
            # answer would tell a guesser when they got it.
            current_app.logger.warning("login of %r from %s throttled", name, address)
            minutes = max(1, math.ceil(wait / 60))
            error = f"Too many failed logins: try again in {minutes} minute(s)."
            response = render_template("login.html", error=error), 429
            return (*response, {"Retry-After": str(wait)})
        user = get_store().user_by_name(name)
        if user and verify_password(user["password_hash"], password):
            throttle.succeeded(name, address)
            session.clear()
            session["user_id"] = user["id"]
            session.permanent = True
            csrf_token()
            return redirect(_safe_next(request.args.get("next")))
        throttle.failed(name, address)
        error = "Wrong user name or password."
        current_app.logger.info("failed login for %r", name)
    status = 401 if error else 200
    return render_template("login.html", error=error), status


@bp.post("/logout")
def logout() -> Any:
    session.clear()
    return redirect(url_for("auth.login"))

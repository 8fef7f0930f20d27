"""User accounts, roles, logins and sessions (the use cases; storage stays in the store).

Every change to an account that matters for access ends the account's sessions (a new role,
a new password, disabling it), and disabling or resetting a password also revokes its API
token: a session or a token never outlives the reason it was trusted. Logins, failed logins,
logouts and these changes are events, with the address they came from.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from workbench.errors import Conflict, InputError, NotFound
from workbench.passwords import hash_password, verify_dummy, verify_password
from workbench.store import Store, now
from workbench.store.base import fold_name

#: What each role may do, from least to most. Everyone logged in can read.
ROLES = ("translator", "reviewer", "editor", "admin")
_USERNAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")  # whole name: fullmatch, never `$`
MIN_PASSWORD = 8
#: Longer passwords are refused (and never hashed at login): hashing megabytes is a cheap
#: way to keep a server busy.
MAX_PASSWORD = 1024
#: How long a session lives at most, however active (the idle limit is the cookie's).
SESSION_LIFETIME = timedelta(days=7)
#: What a failed login records of the name tried (enough to recognise it, bounded).
TRIED_NAME_CHARS = 64


def check_username(username: str) -> None:
    if not _USERNAME.fullmatch(username or ""):
        raise InputError("a user name is 1–64 letters, digits, '.', '_' or '-'")


def check_password(password: str) -> None:
    """Refuse a password a typist cannot reproduce or a guesser finds at once, with the same
    rule everywhere one is set (CLI, account page, reset by an admin)."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"a password has at most {MAX_PASSWORD} characters")
    if password != password.strip():
        raise InputError("a password may not begin or end with spaces (nor be only spaces)")
    if any(unicodedata.category(char) == "Cc" for char in password):
        raise InputError("a password may not hold control characters (tabs, line breaks)")
    if any(unicodedata.category(char) == "Cs" or char == "\ufffd" for char in password):
        # what bytes that are not UTF-8 become on the way in (a form decoded with
        # replacement, a terminal's surrogate escapes): not what was typed, so not storable
        raise InputError("a password must be UTF-8 text: it holds bytes that are not")


def check_role(role: str) -> None:
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}, not '{role}'")


def add_user(store: Store, username: str, role: str, password: str, *, by: str | None) -> int:
    """Create a user with a hashed password; one transaction, one event."""
    check_username(username)
    check_role(role)
    check_password(password)
    with store.transaction():
        _refuse_taken(store, username)
        user_id = store.add_user(username, hash_password(password), role)
        store.log_event("add", "user", user_id, user=by, after={"username": username, "role": role})
    return user_id


def _refuse_taken(store: Store, username: str) -> None:
    """Names differing only in case would make the audit trail ambiguous."""
    folded = fold_name(username)
    taken = next((name for name in store.usernames() if fold_name(name) == folded), None)
    if taken == username:
        raise Conflict(f"user '{username}' exists already")
    if taken is not None:
        raise Conflict(f"user '{taken}' exists already (names differing only in case are one)")


def hash_token(token: str) -> str:
    """What is stored of an API or session token: 32 random bytes need no salt or slow hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _account(store: Store, name: str) -> dict[str, Any]:
    user = store.user_by_name(name)
    if user is None:
        raise NotFound(f"no user '{name}'")
    return user


def issue_token(store: Store, name: str) -> str:
    """A new API token for user `name`, replacing the old one; returned once, stored hashed."""
    token = secrets.token_urlsafe(32)
    with store.transaction():
        user = _account(store, name)
        if user["disabled"]:
            raise Conflict(f"user '{name}' is disabled: enable the account first")
        store.set_api_token_hash(user["id"], hash_token(token))
        store.log_event(
            "token", "user", user["id"], user="cli", after={"username": user["username"]}
        )
    return token


# -- logins and sessions ------------------------------------------------------------------


@dataclass(frozen=True)
class LoginCheck:
    """The outcome of a login: the account when it may log in, else only why not (for the
    log; the person at the form hears the same whatever the reason)."""

    user: dict[str, Any] | None
    reason: str
    account_id: int | None = None  # the named account, if there is one (for the event)


class WrongPassword(InputError):
    """The current password given to change it is wrong (counted like a failed login)."""


def check_login(store: Store, name: str, password: str) -> LoginCheck:
    """Check a name and password in the same time whether or not the name exists: an unknown
    name is verified against a dummy hash, so the answer's delay tells nothing."""
    user = store.user_by_name(name) if _USERNAME.fullmatch(name) else None
    stored = user["password_hash"] if user else None
    if len(password) > MAX_PASSWORD:
        matches = False  # refused unhashed, whoever the name is
    elif stored:
        matches = verify_password(stored, password)
    else:
        matches = verify_dummy(password)
    if user is None:
        return LoginCheck(None, "unknown user")
    if not matches:
        return LoginCheck(None, "wrong password", user["id"])
    if user["disabled"]:
        return LoginCheck(None, "account disabled", user["id"])
    return LoginCheck(user, "ok", user["id"])


def _later(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def start_session(
    store: Store, user: dict[str, Any], address: str, *, lifetime: timedelta = SESSION_LIFETIME
) -> str:
    """A new session for a user who just logged in: the random id for the cookie (stored
    only hashed). Expired sessions are swept here, the one moment a row is added."""
    session_id = secrets.token_urlsafe(32)
    with store.transaction():
        store.delete_expired_sessions()
        store.add_session(user["id"], hash_token(session_id), _later(lifetime), address)
        store.log_event(
            "login", "user", user["id"], user=user["username"], after={"address": address}
        )
    return session_id


def record_failed_login(store: Store, name: str, address: str, check: LoginCheck) -> None:
    """An event for a refused login; an unknown name creates nothing but this row."""
    with store.transaction():
        store.log_event(
            "login_failed",
            "user",
            check.account_id,
            user=name[:TRIED_NAME_CHARS],
            after={"address": address, "reason": check.reason},
        )


def end_session(store: Store, session_id: str, user: dict[str, Any], address: str) -> None:
    """Logout: the session's row goes, so the cookie is worth nothing even if kept."""
    with store.transaction():
        store.delete_session(hash_token(session_id))
        store.log_event(
            "logout", "user", user["id"], user=user["username"], after={"address": address}
        )


def session_user(store: Store, session_id: Any) -> dict[str, Any] | None:
    """The account of a live session id from a cookie (None for anything else)."""
    if not isinstance(session_id, str) or not session_id:
        return None
    return store.session_user(hash_token(session_id))


# -- changes to accounts --------------------------------------------------------------------


def _detail(user: dict[str, Any], address: str | None, **more: Any) -> dict[str, Any]:
    detail = {"username": user["username"], **more}
    if address:
        detail["address"] = address
    return detail


class LastAdmin(Conflict):
    """Demoting or disabling the one enabled admin would leave no one to manage accounts
    (the web's /users needs an admin; the CLI could still repair it, but only on the server)."""


def _refuse_last_admin(store: Store, user: dict[str, Any], change: str) -> None:
    """Refuse `change` ("disable 'ana'") when it is done to the last enabled admin.

    Called inside the change's transaction, whose BEGIN IMMEDIATE holds the write lock before
    the count is read: two admins demoting each other at once are served one after the other,
    and the second sees the first's change."""
    if user["role"] != "admin" or user["disabled"]:
        return  # not one of the admins counted
    if store.enabled_admin_count() <= 1:
        raise LastAdmin(
            f"cannot {change}: '{user['username']}' is the last enabled admin account;"
            " give another account the admin role first"
        )


def disable_user(store: Store, name: str, *, by: str, address: str | None = None) -> bool:
    """Disable an account: no login, no API token, its sessions end. False if it already was.
    The last enabled admin is refused (LastAdmin)."""
    with store.transaction():
        user = _account(store, name)
        if user["disabled"]:
            return False
        _refuse_last_admin(store, user, f"disable '{user['username']}'")
        store.set_disabled(user["id"], now())
        store.revoke_api_token(user["id"])
        store.delete_sessions(user["id"])
        store.log_event("disable", "user", user["id"], user=by, after=_detail(user, address))
    return True


def enable_user(store: Store, name: str, *, by: str, address: str | None = None) -> bool:
    """Let a disabled account log in again (its API token stays revoked). False if it was
    enabled already."""
    with store.transaction():
        user = _account(store, name)
        if not user["disabled"]:
            return False
        store.set_disabled(user["id"], None)
        store.log_event("enable", "user", user["id"], user=by, after=_detail(user, address))
    return True


def set_role(store: Store, name: str, role: str, *, by: str, address: str | None = None) -> bool:
    """Give an account another role; its sessions end (they were granted under the old one).
    False if it had that role already. The last enabled admin keeps it (LastAdmin)."""
    check_role(role)
    with store.transaction():
        user = _account(store, name)
        if user["role"] == role:
            return False
        _refuse_last_admin(store, user, f"make '{user['username']}' {role}")
        store.set_role(user["id"], role)
        store.delete_sessions(user["id"])
        store.log_event(
            "role",
            "user",
            user["id"],
            user=by,
            before={"role": user["role"]},
            after=_detail(user, address, role=role),
        )
    return True


def reset_password(
    store: Store, name: str, password: str, *, by: str, address: str | None = None
) -> None:
    """Set a new password for someone (an admin's reset): their sessions end and their API
    token is revoked, as whoever knew the old password may hold either."""
    check_password(password)
    password_hash = hash_password(password)
    with store.transaction():
        user = _account(store, name)
        store.set_password_hash(user["id"], password_hash)
        store.revoke_api_token(user["id"])
        store.delete_sessions(user["id"])
        store.log_event("password", "user", user["id"], user=by, after=_detail(user, address))


def change_own_password(
    store: Store,
    user: dict[str, Any],
    current: str,
    new: str,
    *,
    session_id: str,
    address: str,
) -> None:
    """A logged-in user's new password (the current one proves it is them): their other
    sessions end, the one they use stays."""
    check_password(new)  # first: a new password that cannot be is refused unhashed
    stored = store.user_by_name(user["username"])
    known = stored["password_hash"] if stored else None
    if len(current) > MAX_PASSWORD or not verify_password(known, current):
        raise WrongPassword("the current password is wrong")
    if new == current:
        raise InputError("the new password is the current one")
    password_hash = hash_password(new)
    with store.transaction():
        store.set_password_hash(user["id"], password_hash)
        store.delete_sessions(user["id"], keep=hash_token(session_id))
        store.log_event(
            "password", "user", user["id"], user=user["username"], after=_detail(user, address)
        )

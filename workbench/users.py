"""User accounts and roles (the use cases; storage stays in the store)."""

from __future__ import annotations

import hashlib
import re
import secrets

from workbench.errors import Conflict, InputError, NotFound
from workbench.passwords import hash_password
from workbench.store import Store

#: What each role may do, from least to most. Everyone logged in can read.
ROLES = ("translator", "reviewer", "editor", "admin")
_USERNAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")  # whole name: fullmatch, never `$`
MIN_PASSWORD = 8


def add_user(store: Store, username: str, role: str, password: str, *, by: str | None) -> int:
    """Create a user with a hashed password; one transaction, one event."""
    if not _USERNAME.fullmatch(username or ""):
        raise InputError("a user name is 1–64 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}, not '{role}'")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    with store.transaction():
        if store.user_by_name(username):
            raise Conflict(f"user '{username}' exists already")
        user_id = store.add_user(username, hash_password(password), role)
        store.log_event("add", "user", user_id, user=by, after={"username": username, "role": role})
    return user_id


def hash_token(token: str) -> str:
    """What is stored of an API token: a token of 32 random bytes needs no salt or slow hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(store: Store, name: str) -> str:
    """A new API token for user `name`, replacing the old one; returned once, stored hashed."""
    user = store.user_by_name(name)
    if user is None:
        raise NotFound(f"no user '{name}'")
    token = secrets.token_urlsafe(32)
    with store.transaction():
        store.set_api_token_hash(user["id"], hash_token(token))
        store.log_event("token", "user", user["id"], user="cli", after={"username": name})
    return token

"""User accounts and roles (the use cases; storage stays in the store)."""

from __future__ import annotations

import re

from workbench.errors import Conflict, InputError
from workbench.passwords import hash_password
from workbench.store import Store

#: What each role may do, from least to most. Everyone logged in can read.
ROLES = ("translator", "reviewer", "editor", "admin")
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
MIN_PASSWORD = 8


def add_user(store: Store, username: str, role: str, password: str, *, by: str | None) -> int:
    """Create a user with a hashed password; one transaction, one event."""
    if not _USERNAME.match(username or ""):
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

"""Password hashing with argon2id (argon2-cffi): slow on purpose, salted, upgradable."""

from __future__ import annotations

import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; False for a wrong password or a user with no password."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password, made with the current parameters like every stored one."""
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_dummy(password: str) -> bool:
    """Take as long as checking a real password and fail: what a login of an unknown name
    does, so that the answer's delay does not tell which names exist."""
    verify_password(_dummy_hash(), password)
    return False


def prepare() -> None:
    """Make the dummy hash now (at start), not during the first login of an unknown name."""
    _dummy_hash()

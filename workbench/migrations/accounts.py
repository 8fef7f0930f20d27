"""Migration m012: accounts that can be disabled, and sessions the server can end."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.migrations import migrations


@migrations()
def m012_accounts(db: Database) -> None:
    """A session cookie held only a user id: it outlived a logout, a restore of an older
    backup could hand it to whoever has that id now, and nothing could revoke it. A cookie
    now holds a random session id whose SHA-256 is a row of `sessions`: logout, a password
    change, a new role or disabling the account delete rows, and a row expires on its own.
    `users.disabled` is when an account was disabled (NULL: it is active).
    """
    db.execute('alter table users add column "disabled" TEXT')
    db.execute(
        """CREATE TABLE "sessions" (
   "id" INTEGER PRIMARY KEY,
   "token_hash" TEXT NOT NULL,
   "user_id" INTEGER NOT NULL REFERENCES "users"("id"),
   "created" TEXT NOT NULL,
   "expires" TEXT NOT NULL,
   "address" TEXT
)"""
    )
    db["sessions"].create_index(["token_hash"], unique=True)
    db["sessions"].create_index(["user_id"])

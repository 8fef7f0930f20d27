"""Crashes: `kill -9` of the production server in the middle of writes, and of a long import.

After each crash the database must open, pass `PRAGMA integrity_check`, hold every write the
server acknowledged, and contain no half-imported document. "Half-imported" means, checked by
`half_imports`: a document without versions, a version without paragraphs, paragraph or
sentence positions with gaps, a paragraph without sentences, or a sentence without its paragraph.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from workbench import aligning, services, users
from workbench.store import Store

CLI = [sys.executable, "-c", "from workbench.cli import main; main()"]
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
WORDS = ("the of and to in a is that for it was with be by on council article state law").split()  # noqa: SIM905


def text(paragraphs: int, seed: int) -> str:
    rng = random.Random(seed)
    return "\n\n".join(
        " ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))).capitalize() + "."
            for _ in range(rng.randint(1, 3))
        )
        + f" {number}."
        for number in range(paragraphs)
    )


def half_imports(db_path: Path) -> list[str]:
    """Everything that would show a document stored in part (see the module docstring)."""
    conn = sqlite3.connect(db_path)
    checks = {
        "document without versions": "select id from documents where id not in "
        "(select document_id from versions)",
        "version without paragraphs": "select id from versions where id not in "
        "(select version_id from segments where level = 'paragraph')",
        "positions with gaps": "select version_id, level from segments group by version_id, level "
        "having max(position) + 1 != count(*) or min(position) != 0",
        "paragraph without sentences": "select p.id from segments p where p.level = 'paragraph' "
        "and not exists (select 1 from segments s where s.parent_id = p.id)",
        "sentence without paragraph": "select s.id from segments s where s.level = 'sentence' "
        "and (s.parent_id is null or s.parent_id not in (select id from segments))",
    }
    try:
        return [name for name, sql in checks.items() if conn.execute(sql).fetchall()]
    finally:
        conn.close()


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def start_server(db_path: Path) -> tuple[subprocess.Popen[str], int]:
    command = [*CLI, "--db", str(db_path), "serve", "--production", "--port", "0"]
    log = (db_path.parent / "server.log").open("a")  # the server's errors, for a failure message
    process = subprocess.Popen(
        [*command, "--threads", "4"], stdout=subprocess.PIPE, stderr=log, text=True
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    output = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            output += line
            found = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", line)
            if found:
                return process, int(found.group(1))
            if not line and process.poll() is not None:
                break
    process.kill()
    raise AssertionError(f"the server did not start: {output}")


class Browser:
    """Keep-alive HTTP with a session cookie and the CSRF token, like the review page."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.cookie = ""
        self.csrf = ""

    def send(self, method: str, path: str, body: Any = None, form: bool = False) -> Any:
        headers = {"Cookie": self.cookie, "X-CSRF-Token": self.csrf, "Accept": "application/json"}
        data = None
        if form:
            data = "&".join(f"{k}={v}" for k, v in body.items()).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, payload

    def log_in(self, name: str, password: str) -> None:
        self.csrf = CSRF.search(self.send("GET", "/login")[1].decode()).group(1)
        status, _ = self.send(
            "POST",
            "/login",
            {"username": name, "password": password, "csrf_token": self.csrf},
            True,
        )
        assert status == 302
        self.csrf = CSRF.search(self.send("GET", "/")[1].decode()).group(1)


@pytest.fixture
def aligned_db(tmp_path: Path) -> tuple[Path, int, list[int]]:
    """A small aligned document and an editor: (database, alignment id, paragraph link ids)."""
    db_path = tmp_path / "crash.db"
    store = Store(db_path)
    try:
        doc = services.import_file(
            store, text(80, 1).encode(), filename="s.txt", language="sq", role="source"
        ).document
        services.import_file(
            store,
            text(80, 2).encode(),
            filename="t.txt",
            document_id=doc,
            language="en",
            role="translation",
        )
        alignment = aligning.align_versions(store, doc)
        links = [link.id for link in store.links(alignment, "paragraph")]
        users.add_user(store, "ed", "editor", "ed-password-1", by="test")
    finally:
        store.close()
    return db_path, alignment, links


def _writer(
    port: int, alignment: int, links: list[int], seed: int, acknowledged: list[dict[str, Any]]
) -> None:
    """Confirm links and raise flags until the server dies; log what it acknowledged."""
    rng = random.Random(seed)
    browser = Browser(port)
    try:
        browser.log_in("ed", "ed-password-1")
        for number in range(10_000):
            link = rng.choice(links)
            if number % 2:
                status, body = browser.send(
                    "POST", f"/alignments/{alignment}/links/{link}/confirm", {}
                )
                if status == 200:
                    acknowledged.append({"kind": "confirm", "link": link})
            else:
                comment = f"writer {seed} number {number}"
                status, body = browser.send(
                    "POST",
                    f"/alignments/{alignment}/flags",
                    {"link_id": link, "category": "style", "severity": "minor", "comment": comment},
                )
                if status == 201:
                    flag = json.loads(body)["id"]
                    acknowledged.append({"kind": "flag", "id": flag, "comment": comment})
            assert status in (200, 201), body[:300]
    except (OSError, http.client.HTTPException):
        return  # the server was killed


def missing_writes(db_path: Path, acknowledged: list[dict[str, Any]]) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db_path)
    missing = []
    try:
        for write in acknowledged:
            if write["kind"] == "confirm":
                row = conn.execute("select status from links where id = ?", [write["link"]])
                if (row.fetchone() or ["auto"])[0] == "auto":
                    missing.append(write)
            else:
                row = conn.execute(
                    "select 1 from flag_comments where flag_id = ? and body = ?",
                    [write["id"], write["comment"]],
                ).fetchone()
                if row is None:
                    missing.append(write)
    finally:
        conn.close()
    return missing


def test_kill_9_of_the_server_during_writes_loses_no_acknowledged_write(aligned_db) -> None:
    db_path, alignment, links = aligned_db
    process, port = start_server(db_path)
    acknowledged: list[dict[str, Any]] = []
    writers = [
        threading.Thread(target=_writer, args=(port, alignment, links, seed, acknowledged))
        for seed in range(4)
    ]
    try:
        for thread in writers:
            thread.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert process.poll() is None
        os.kill(process.pid, signal.SIGKILL)  # while the writers keep sending
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        for thread in writers:
            thread.join(timeout=15)
    server_log = (db_path.parent / "server.log").read_text(errors="replace")
    assert len(acknowledged) >= 60, server_log[-3000:]
    assert integrity(db_path) == "ok"
    assert missing_writes(db_path, acknowledged) == []
    assert half_imports(db_path) == []
    # It starts again on the same file (the lock of the dead server is gone with it).
    process, port = start_server(db_path)
    try:
        browser = Browser(port)
        browser.log_in("ed", "ed-password-1")
        status, body = browser.send("GET", f"/alignments/{alignment}/flags.json")
        assert status == 200
        assert len(json.loads(body)["flags"]) >= sum(w["kind"] == "flag" for w in acknowledged)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_kill_9_of_a_long_import_leaves_no_half_document(tmp_path: Path) -> None:
    """The import is one transaction: killed in the middle, nothing of it remains."""
    db_path = tmp_path / "import.db"
    store = Store(db_path)
    services.import_file(store, text(20, 3).encode(), filename="small.txt", language="en",
                         role="source")  # fmt: skip
    store.close()
    before = (integrity(db_path), sqlite3.connect(db_path).execute(
        "select count(*) from segments").fetchone()[0])  # fmt: skip
    big = tmp_path / "big.txt"
    big.write_text(text(12_000, 4))  # about 1.5 MB: some seconds of sentence splitting
    process = subprocess.Popen(
        [*CLI, "--db", str(db_path), "import", str(big), "--lang", "en", "--role", "source"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = Path(f"{db_path}-wal")
    deadline = time.monotonic() + 60
    try:
        # Pages of the open transaction spill into the WAL once SQLite's cache is full: past
        # 1 MB of WAL the import is inside its transaction, half-way through its rows.
        while time.monotonic() < deadline and process.poll() is None:
            if wal.exists() and wal.stat().st_size > 1_000_000:
                break
            time.sleep(0.01)
        assert process.poll() is None, "the import ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert integrity(db_path) == "ok"
    assert half_imports(db_path) == []
    store = Store(db_path)  # opens (recovers) and migrates as usual
    try:
        assert [d["title"] for d in store.documents()] == ["small"]
    finally:
        store.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("select count(*) from segments").fetchone()[0] == before[1]
    conn.close()

"""Load test: simulated people against `workbench serve --production` on 127.0.0.1.

Builds a temporary database with the demo, starts the production server (waitress) on a free
loopback port, and lets `--users` simulated people work for `--seconds`: reviewers open review
pages and windows of rows, confirm links and raise flags; translators read a paragraph and
propose new wording; editors approve those revisions (four-eyes: the proposer is the demo
translator, the approver the demo editor); admins browse and search. Each person waits a
random think time (mean `--think` seconds) between requests, as people do.

Then it prints throughput, p50/p95/p99 and errors per kind of request as a Markdown table,
stops the server, and checks that every write the server acknowledged (2xx) is in the database
(confirmed links, flags with their comment, revisions, approvals) and that the file passes
`PRAGMA integrity_check`. Exit code 1 on errors, lost writes or a p95 above the target.

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--threads 8] [--think 1] [--ramp 20]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

TARGET_P95_MS = 150.0
ROLES = ("reviewer", "translator", "editor", "reviewer", "translator", "admin", "reviewer")
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


# -- the server -------------------------------------------------------------------------------


def build_database(folder: Path) -> Path:
    """A fresh database with the demo texts, alignments and logins."""
    from workbench import demo
    from workbench.store import Store

    db_path = folder / "load.db"
    store = Store(db_path)
    try:
        demo.load_demo(store)
    finally:
        store.close()
    return db_path


def start_server(db_path: Path, threads: int) -> tuple[subprocess.Popen[str], int]:
    """`workbench serve --production --port 0`; returns the process and the port it bound."""
    command = [
        sys.executable,
        "-c",
        "from workbench.cli import main; main()",
        "--db",
        str(db_path),
        "serve",
        "--production",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--threads",
        str(threads),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", line)
        if found:
            return process, int(found.group(1))
    process.kill()
    raise SystemExit("the server did not start")


# -- one simulated person ---------------------------------------------------------------------


class Client:
    """A browser-like HTTP/1.1 client with keep-alive and a session cookie."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(
        self, method: str, path: str, body: Any = None, *, form: bool = False
    ) -> tuple[int, bytes]:
        headers = {"Accept": "text/html" if form or method == "GET" else "application/json"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            if form:
                data = urlencode(body).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        if method != "GET" and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once, as browsers
                # do. A second failure is an error.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, payload


@dataclass
class World:
    """What the simulated people share: the ids to work on and what the server acknowledged."""

    port: int
    alignments: list[dict[str, Any]]
    start: float
    deadline: float
    think: float
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    acknowledged: list[dict[str, Any]] = field(default_factory=list)
    to_approve: list[dict[str, Any]] = field(default_factory=list)
    pending_segments: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, started: float, status: int, ok: set[int], note: str = "") -> bool:
        elapsed = time.perf_counter() - started
        with self.lock:
            self.timings[kind].append(elapsed)
            if status not in ok:
                self.errors[kind].append(f"{status} {note}"[:300])
                return False
        return True

    def acknowledge(self, write: dict[str, Any]) -> None:
        with self.lock:
            self.acknowledged.append(write)


def timed(
    world: World,
    client: Client,
    kind: str,
    method: str,
    path: str,
    body: Any = None,
    ok: frozenset[int] = frozenset({200}),
    form: bool = False,
) -> tuple[int, bytes] | None:
    started = time.perf_counter()
    try:
        status, payload = client.request(method, path, body, form=form)
    except Exception as error:  # a refused or dropped connection is an error of this kind
        world.record(kind, started, -1, set(ok), repr(error))
        return None
    world.record(kind, started, status, set(ok), payload[:200].decode("utf-8", "replace"))
    return status, payload


def log_in(world: World, client: Client, name: str) -> bool:
    result = timed(world, client, "GET /login", "GET", "/login")
    if not result:
        return False
    client.csrf = CSRF.search(result[1].decode()).group(1)  # type: ignore[union-attr]
    form = {"username": name, "password": f"{name}-demo", "csrf_token": client.csrf}
    result = timed(world, client, "POST /login", "POST", "/login", form, frozenset({302}), True)
    if not result:
        return False
    result = timed(world, client, "GET / (documents)", "GET", "/")
    if not result:
        return False
    client.csrf = CSRF.search(result[1].decode()).group(1)  # type: ignore[union-attr]
    return True


def browse(world: World, client: Client, rng: random.Random) -> None:
    alignment = rng.choice(world.alignments)
    roll = rng.random()
    if roll < 0.15:
        timed(world, client, "GET / (documents)", "GET", "/")
    elif roll < 0.3:
        timed(world, client, "GET document", "GET", f"/documents/{alignment['document_id']}")
    elif roll < 0.55:
        timed(world, client, "GET review page", "GET", f"/alignments/{alignment['id']}/review")
    elif roll < 0.9:
        offset = rng.randrange(0, max(1, len(alignment["links"])), 200)
        path = f"/alignments/{alignment['id']}/rows?offset={offset}"
        timed(world, client, "GET rows window", "GET", path)
    else:
        timed(
            world, client, "GET flags page", "GET", f"/documents/{alignment['document_id']}/flags"
        )


def confirm(world: World, client: Client, rng: random.Random) -> None:
    alignment = rng.choice(world.alignments)
    link = rng.choice(alignment["links"])
    path = f"/alignments/{alignment['id']}/links/{link}/confirm"
    result = timed(world, client, "POST confirm", "POST", path)
    if result and result[0] == 200:
        world.acknowledge({"kind": "confirm", "link": link})


def flag(world: World, client: Client, rng: random.Random, tag: str) -> None:
    alignment = rng.choice(world.alignments)
    body = {
        "link_id": rng.choice(alignment["links"]),
        "category": rng.choice(["style", "terminology", "accuracy/omission"]),
        "severity": rng.choice(["minor", "major"]),
        "comment": f"load test {tag}",
    }
    result = timed(
        world,
        client,
        "POST flag",
        "POST",
        f"/alignments/{alignment['id']}/flags",
        body,
        frozenset({201}),
    )
    if result and result[0] == 201:
        flag_id = json.loads(result[1])["id"]
        world.acknowledge(
            {"kind": "flag", "id": flag_id, "link": body["link_id"], "comment": body["comment"]}
        )


def propose(
    world: World, client: Client, rng: random.Random, segments: list[int], tag: str
) -> None:
    with world.lock:
        free = [s for s in segments if s not in world.pending_segments]
        if not free:
            return
        segment = rng.choice(free)
        world.pending_segments.add(segment)
    result = timed(world, client, "GET segment (API)", "GET", f"/api/v1/segments/{segment}")
    if not result or result[0] != 200:
        with world.lock:
            world.pending_segments.discard(segment)
        return
    current = json.loads(result[1])
    text = f"{current['text'].split(' [load ')[0]} [load {tag}]"
    body = {"text": text, "base_revision": current["revision"]}
    result = timed(
        world,
        client,
        "POST propose revision",
        "POST",
        f"/segments/{segment}/revisions",
        body,
        frozenset({201}),
    )
    if result and result[0] == 201:
        revision = json.loads(result[1])["revision"]
        write = {"kind": "propose", "id": revision, "segment": segment, "text": text}
        world.acknowledge(write)
        with world.lock:
            world.to_approve.append(write)
    else:
        with world.lock:
            world.pending_segments.discard(segment)


def approve(world: World, client: Client) -> bool:
    with world.lock:
        if not world.to_approve:
            return False
        write = world.to_approve.pop(0)
    result = timed(
        world, client, "POST approve revision", "POST", f"/revisions/{write['id']}/approve", {}
    )
    if result and result[0] == 200:
        world.acknowledge({**write, "kind": "approve"})
    with world.lock:
        world.pending_segments.discard(write["segment"])
    return True


def person(world: World, number: int, role: str, segments: list[int]) -> None:
    """One simulated person: log in, then act by role until the deadline."""
    rng = random.Random(number)
    client = Client(world.port)
    # People arrive over the ramp (each login hashes with argon2, ~0.25 s of CPU on purpose),
    # then all work from `start` on: the table then describes the steady state.
    time.sleep(rng.uniform(0, max(0.0, world.start - time.monotonic() - 1)))
    if not log_in(world, client, role):
        return
    time.sleep(max(0.0, world.start - time.monotonic()) + rng.uniform(0, world.think))
    actions = 0
    while time.monotonic() < world.deadline:
        actions += 1
        tag = f"u{number} n{actions}"
        roll = rng.random()
        if role == "reviewer" and roll < 0.35:
            confirm(world, client, rng)
        elif role == "reviewer" and roll < 0.45:
            flag(world, client, rng, tag)
        elif role == "translator" and roll < 0.3:
            propose(world, client, rng, segments, tag)
        elif role == "editor" and roll < 0.6 and approve(world, client):
            pass
        elif role == "admin" and roll < 0.2:
            query = urlencode({"q": rng.choice(["drejt", "right", "Jesus", "1961", "свобод"])})
            timed(world, client, "GET search", "GET", f"/search?{query}")
        else:
            browse(world, client, rng)
        time.sleep(rng.uniform(0.5, 1.5) * world.think)
    client.connection.close()


# -- checking and reporting -------------------------------------------------------------------


def load_ids(db_path: Path) -> tuple[list[dict[str, Any]], list[int]]:
    """The alignments with their paragraph link ids, and the target paragraphs to revise."""
    conn = sqlite3.connect(db_path)
    try:
        alignments = []
        targets: list[int] = []
        for alignment_id, document_id, target in conn.execute(
            "select id, document_id, target_version_id from alignments order by id"
        ):
            links = [
                row[0]
                for row in conn.execute(
                    "select id from links where alignment_id = ? and level = 'paragraph' "
                    "order by src_start, tgt_start",
                    [alignment_id],
                )
            ]
            alignments.append({"id": alignment_id, "document_id": document_id, "links": links})
            targets += [
                row[0]
                for row in conn.execute(
                    "select id from segments where version_id = ? and level = 'paragraph' "
                    "order by position limit 400",
                    [target],
                )
            ]
    finally:
        conn.close()
    return alignments, sorted(set(targets))


def verify(db_path: Path, acknowledged: list[dict[str, Any]]) -> list[str]:
    """Every acknowledged write, looked up in the database; returns what is missing."""
    conn = sqlite3.connect(db_path)
    missing = []
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            missing.append("integrity_check failed")
        for write in acknowledged:
            kind = write["kind"]
            if kind == "confirm":
                row = conn.execute("select status from links where id = ?", [write["link"]])
                found = row.fetchone()
                if not found or found[0] == "auto":
                    missing.append(f"confirmation of link {write['link']}")
            elif kind == "flag":
                row = conn.execute(
                    "select 1 from flags f join flag_comments c on c.flag_id = f.id "
                    "where f.id = ? and f.link_id = ? and c.body = ?",
                    [write["id"], write["link"], write["comment"]],
                ).fetchone()
                if not row:
                    missing.append(f"flag {write['id']}")
            elif kind == "propose":
                row = conn.execute(
                    "select 1 from revisions where id = ? and segment_id = ? and text = ?",
                    [write["id"], write["segment"], write["text"]],
                ).fetchone()
                if not row:
                    missing.append(f"revision {write['id']}")
            elif kind == "approve":
                decided = conn.execute(
                    "select status from revisions where id = ?", [write["id"]]
                ).fetchone()
                history = conn.execute(
                    "select 1 from segment_history where segment_id = ? and text = ?",
                    [write["segment"], write["text"]],
                ).fetchone()
                if not decided or decided[0] != "approved" or not history:
                    missing.append(f"approval of revision {write['id']}")
    finally:
        conn.close()
    return missing


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def table(world: World, seconds: float) -> tuple[str, float]:
    """The Markdown table of the run, and the p95 over all requests in ms."""
    lines = [
        "| request | count | per s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    everything: list[float] = []
    for kind in sorted(world.timings):
        values = world.timings[kind]
        everything += values
        lines.append(_row(kind, values, len(world.errors.get(kind, [])), seconds))
    errors = sum(len(e) for e in world.errors.values())
    lines.append(_row("**all**", everything, errors, seconds))
    # Logging in hashes with argon2 on purpose (slow against guessing): once per session.
    work = [v for kind, values in world.timings.items() if kind != "POST /login" for v in values]
    lines.append(_row("**all but POST /login**", work, errors, seconds))
    return "\n".join(lines), percentile(work, 0.95) * 1000 if work else 0.0


def _row(kind: str, values: list[float], errors: int, seconds: float) -> str:
    ms = [1000 * v for v in values]
    return (
        f"| {kind} | {len(ms)} | {len(ms) / seconds:.1f} | {percentile(ms, 0.5):.1f} | "
        f"{percentile(ms, 0.95):.1f} | {percentile(ms, 0.99):.1f} | {max(ms):.1f} | {errors} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time (s)")
    parser.add_argument(
        "--ramp", type=float, default=20.0, help="seconds over which people log in (not timed)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="workbench-load-") as folder:
        print(f"building the demo database in {folder} ...", file=sys.stderr)
        db_path = build_database(Path(folder))
        alignments, targets = load_ids(db_path)
        process, port = start_server(db_path, args.threads)
        print(
            f"server on 127.0.0.1:{port}; {args.users} users for {args.seconds:g} s",
            file=sys.stderr,
        )
        start = time.monotonic() + args.ramp
        world = World(port, alignments, start, start + args.seconds, args.think)
        roles = [ROLES[i % len(ROLES)] for i in range(args.users)]
        translators = [i for i, role in enumerate(roles) if role == "translator"]
        shares = {n: targets[k :: max(1, len(translators))] for k, n in enumerate(translators)}
        people = [
            threading.Thread(target=person, args=(world, i, role, shares.get(i, [])), daemon=True)
            for i, role in enumerate(roles)
        ]
        for thread in people:
            thread.start()
        for thread in people:
            thread.join(timeout=args.ramp + args.seconds + 120)
        elapsed = time.monotonic() - start
        if world.to_approve:  # approve what is still waiting, so every proposal is decided
            client = Client(port)
            if log_in(world, client, "editor"):
                while approve(world, client):
                    pass
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        report, p95 = table(world, elapsed)
        missing = verify(db_path, world.acknowledged)
        counts = defaultdict(int)
        for write in world.acknowledged:
            counts[write["kind"]] += 1
        print(
            f"\n{args.users} users, {elapsed:.0f} s after a {args.ramp:g} s ramp of logins, "
            f"{args.threads} server threads, think time {args.think:g} s (mean)\n"
        )
        print(report)
        print(f"\nacknowledged writes: {dict(counts)}; missing after the run: {len(missing)}")
        for line in missing[:20]:
            print(f"  missing: {line}")
        for kind, errors in world.errors.items():
            for error in errors[:3]:
                print(f"  error in {kind}: {error}")
        errors = sum(len(e) for e in world.errors.values())
        print(f"p95 over all requests but logins: {p95:.1f} ms (target < {TARGET_P95_MS:g} ms)")
        return 1 if errors or missing or p95 >= TARGET_P95_MS else 0


if __name__ == "__main__":
    sys.exit(main())

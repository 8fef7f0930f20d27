"""The QA worker process never outlives the server that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SERVER = """
import sys, time
from workbench import findings_cache
findings_cache.offload_checks()
print(findings_cache._POOL.submit(findings_cache._warm).result(), flush=True)
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for our purpose (its parent has not reaped it yet)
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ")[-1][0] != "Z"


def test_the_worker_exits_when_the_server_is_killed_outright() -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        worker = int(server.stdout.readline())
        assert alive(worker)
        server.send_signal(signal.SIGKILL)  # no shutdown of its pool, as after an OOM kill
        server.wait(10)
        deadline = time.monotonic() + 15
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive(worker)
    finally:
        if server.poll() is None:
            server.kill()

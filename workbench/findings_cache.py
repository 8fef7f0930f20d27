"""QA reports kept per alignment state, so pages do not run every check on every request.

Checking a long alignment takes seconds; its stamp (links, texts, glossary) takes a
millisecond. A report is computed by one thread at a time per alignment, from the alignment's
previous report when there is one, so that only what changed is checked again (how, and what
"changed" means, is the compute function's business: workbench/findings.py). The review page's
badges (`stale_ok`) never wait long for a slow report: while texts and links keep changing they
take the last one (at most STALE_SECONDS old) and a background thread computes the next; with
no report yet, they wait FIRST_WAIT_SECONDS for one and otherwise go without (`Pending`). On
the production server the checks run in a worker process (`offload_checks`), so a long
computation never holds the server's interpreter lock.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from workbench.store import Store

#: A report computed faster than this is simply computed again in the request when stale.
SYNC_SECONDS = 0.05
#: How old a slow report the badges accept before a background refresh is started.
STALE_SECONDS = 30.0
CACHE_SIZE = 8
#: How long the review page waits for a first report before showing the page without badges.
FIRST_WAIT_SECONDS = 2.0
#: How often the worker process checks that the server that started it is still there.
PARENT_POLL_SECONDS = 1.0


class Pending(Exception):
    """No report yet for a `stale_ok` caller; one is being computed in the background."""


#: compute(store, document_id, alignment_id, previous report of the alignment or None)
Compute = Callable[[Store, int, int, Any], Any]


@dataclass
class Entry:
    stamp: tuple[Any, ...]
    report: Any
    at: float
    #: The longest a report of this alignment took: a quick re-check after a small change
    #: does not make the next one, after a text change, quick.
    seconds: float
    memo: dict[Any, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """One report to compute: for which alignment and stamp, and how."""

    key: tuple[str, int]
    alignment_id: int
    document_id: int
    stamp: tuple[Any, ...]
    compute: Compute


_CACHE: OrderedDict[tuple[str, int], Entry] = OrderedDict()
_LOCK = threading.Lock()
_COMPUTING: dict[tuple[str, int], threading.Lock] = {}
_POOL: ProcessPoolExecutor | None = None


def offload_checks() -> None:
    """Run checks in one worker process from now on (the production server calls this)."""
    global _POOL
    with _LOCK:
        if _POOL is None:
            _POOL = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_follow_parent,
                initargs=(os.getpid(),),
            )
            _POOL.submit(_warm)  # start the worker and its imports now, not in a request


def _warm() -> int:
    import workbench.findings  # noqa: F401  (the checks and their imports)

    return os.getpid()


def _follow_parent(parent: int) -> None:
    """In the worker: exit when the server that started it is gone. A server killed with
    SIGKILL (or an OOM kill) never shuts its pool down, and the worker would wait forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def get(
    store: Store,
    alignment_id: int,
    document_id: int,
    stamp: tuple[Any, ...],
    compute: Compute,
    *,
    stale_ok: bool = False,
) -> Entry:
    """The entry for this stamp, computing it if needed (see the module's docstring)."""
    key = (str(store.path or id(store.db)), alignment_id)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            if hit.stamp == stamp:
                return hit
        computing = _COMPUTING.setdefault(key, threading.Lock())
    job = Job(key, alignment_id, document_id, stamp, compute)
    if stale_ok and hit is None and store.path is not None:
        # nothing to show yet: compute in the background, wait a little (a short document is
        # done by then), and let the page go without badges rather than wait for a long one
        if computing.acquire(blocking=False):
            _start_refresh(str(store.path), job, computing)
        finished = computing.acquire(timeout=FIRST_WAIT_SECONDS)
        if finished:
            computing.release()
        with _LOCK:
            fresh = _CACHE.get(key)
        if fresh is not None and fresh.stamp == stamp:
            return fresh
        if not finished:
            raise Pending(f"the QA report of alignment {alignment_id} is being computed")
        # finished without a report: it failed; run it here so that its error reaches the page
    if stale_ok and hit is not None and hit.seconds >= SYNC_SECONDS and store.path is not None:
        if time.monotonic() - hit.at >= STALE_SECONDS and computing.acquire(blocking=False):
            _start_refresh(str(store.path), job, computing)
        return hit
    slow = hit is None or hit.seconds >= SYNC_SECONDS
    with computing:
        with _LOCK:  # another thread may have finished it while this one waited
            fresh = _CACHE.get(key)
            if fresh is not None and fresh.stamp == stamp:
                return fresh
        return _store(job, *_run(store, job, slow))


def _start_refresh(path: str, job: Job, computing: threading.Lock) -> None:
    threading.Thread(target=_refresh, args=(path, job, computing), daemon=True).start()


def _refresh(path: str, job: Job, computing: threading.Lock) -> None:
    """Compute the next report in the background; the lock was taken by the caller."""
    try:
        store = Store(path)
        try:
            _store(job, *_run(store, job, True))
        finally:
            store.close()
    except Exception:  # a failed refresh leaves the last report; the next request retries
        pass
    finally:
        computing.release()


def _previous(key: tuple[str, int]) -> Any:
    """The alignment's last report, whatever its stamp: what a re-check starts from."""
    with _LOCK:
        entry = _CACHE.get(key)
    return entry.report if entry is not None else None


def _run(store: Store, job: Job, slow: bool) -> tuple[Any, float]:
    """A slow (or never measured) report goes to the worker process when there is one; a
    fast one is quicker here than queued behind a slow one there. The previous report goes
    along either way (to the worker, pickled), so the worker keeps no state of its own."""
    started = time.monotonic()
    args = (job.document_id, job.alignment_id, _previous(job.key))
    if slow and _POOL is not None and store.path is not None:
        report = _POOL.submit(_in_worker, str(store.path), job.compute, *args)
        return report.result(), time.monotonic() - started
    return job.compute(store, *args), time.monotonic() - started


def _in_worker(
    path: str, compute: Compute, document_id: int, alignment_id: int, previous: Any
) -> Any:
    store = Store(path)
    try:
        return compute(store, document_id, alignment_id, previous)
    finally:
        store.close()


def _store(job: Job, report: Any, seconds: float) -> Entry:
    with _LOCK:
        last = _CACHE.get(job.key)
        longest = max(seconds, last.seconds) if last is not None else seconds
        entry = Entry(job.stamp, report, time.monotonic(), longest)
        _CACHE[job.key] = entry
        _CACHE.move_to_end(job.key)
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return entry

"""QA reports kept per alignment state, so pages do not run every check on every request.

Checking a long alignment takes seconds; its stamp (links, texts, glossary) takes a
millisecond. A report is computed by one thread at a time per alignment. The review page's
badges (`stale_ok`) never wait long for a slow report: while texts and links keep changing they
take the last one (at most STALE_SECONDS old) and a background thread computes the next; with
no report yet, they wait FIRST_WAIT_SECONDS for one and otherwise go without (`Pending`). On
the production server the checks run in a worker process (`offload_checks`), so a long
computation never holds the server's interpreter lock.
"""

from __future__ import annotations

import multiprocessing
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


class Pending(Exception):
    """No report yet for a `stale_ok` caller; one is being computed in the background."""


Compute = Callable[[Store, int, int], Any]


@dataclass
class Entry:
    stamp: tuple[Any, ...]
    report: Any
    at: float
    seconds: float
    memo: dict[Any, Any] = field(default_factory=dict)


_CACHE: OrderedDict[tuple[str, int], Entry] = OrderedDict()
_LOCK = threading.Lock()
_COMPUTING: dict[tuple[str, int], threading.Lock] = {}
_POOL: ProcessPoolExecutor | None = None


def offload_checks() -> None:
    """Run checks in one worker process from now on (the production server calls this)."""
    global _POOL
    with _LOCK:
        if _POOL is None:
            _POOL = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            _POOL.submit(_warm)  # start the worker and its imports now, not in a request


def _warm() -> None:
    import workbench.findings  # noqa: F401  (the checks and their imports)


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
    if stale_ok and hit is None and store.path is not None:
        # nothing to show yet: compute in the background, wait a little (a short document is
        # done by then), and let the page go without badges rather than wait for a long one
        if computing.acquire(blocking=False):
            args = (str(store.path), key, alignment_id, document_id, stamp, compute, computing)
            threading.Thread(target=_refresh, args=args, daemon=True).start()
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
            args = (str(store.path), key, alignment_id, document_id, stamp, compute, computing)
            threading.Thread(target=_refresh, args=args, daemon=True).start()
        return hit
    slow = hit is None or hit.seconds >= SYNC_SECONDS
    with computing:
        with _LOCK:  # another thread may have finished it while this one waited
            fresh = _CACHE.get(key)
            if fresh is not None and fresh.stamp == stamp:
                return fresh
        return _store(key, stamp, *_run(store, document_id, alignment_id, compute, slow))


def _refresh(
    path: str,
    key: tuple[str, int],
    alignment_id: int,
    document_id: int,
    stamp: tuple[Any, ...],
    compute: Compute,
    computing: threading.Lock,
) -> None:
    """Compute the next report in the background; the lock was taken by the caller."""
    try:
        store = Store(path)
        try:
            _store(key, stamp, *_run(store, document_id, alignment_id, compute, True))
        finally:
            store.close()
    except Exception:  # a failed refresh leaves the last report; the next request retries
        pass
    finally:
        computing.release()


def _run(
    store: Store, document_id: int, alignment_id: int, compute: Compute, slow: bool
) -> tuple[Any, float]:
    """A slow (or never measured) report goes to the worker process when there is one; a
    fast one is quicker here than queued behind a slow one there."""
    started = time.monotonic()
    if slow and _POOL is not None and store.path is not None:
        report = _POOL.submit(_in_worker, str(store.path), document_id, alignment_id, compute)
        return report.result(), time.monotonic() - started
    return compute(store, document_id, alignment_id), time.monotonic() - started


def _in_worker(path: str, document_id: int, alignment_id: int, compute: Compute) -> Any:
    store = Store(path)
    try:
        return compute(store, document_id, alignment_id)
    finally:
        store.close()


def _store(key: tuple[str, int], stamp: tuple[Any, ...], report: Any, seconds: float) -> Entry:
    entry = Entry(stamp, report, time.monotonic(), seconds)
    with _LOCK:
        _CACHE[key] = entry
        _CACHE.move_to_end(key)
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return entry

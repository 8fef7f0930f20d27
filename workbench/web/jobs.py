"""Background jobs of this process: the align form's and the export menu's.

A slow request (aligning a long text, laying a book out) starts a job and answers at once; a
script polls the job by its id. Jobs live in memory only, the last `keep` of them, so memory
stays bounded and a restart forgets them (a client then starts again). Each runs in a daemon
thread on a Store of its own: SQLite connections stay with the thread that opened them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from typing import Generic, TypeVar

from workbench.errors import NotFound, WorkbenchError
from workbench.store import Store


@dataclass
class BackgroundJob:
    """What every job records, written by its thread and read by the polling views."""

    id: str
    _: KW_ONLY  # so that subclasses add their own fields, with or without defaults
    state: str = "queued"  # queued | running | done | error
    error: str | None = None
    finished: threading.Event = field(default_factory=threading.Event, repr=False)

    def run(self) -> None:
        """It is at work: at once, or once it has its turn (exports wait for one)."""
        self.state = "running"


J = TypeVar("J", bound=BackgroundJob)


class Jobs(Generic[J]):
    """The `what` jobs of this process, the last `keep` of them; subclasses say which running
    job a new one would repeat (`twin`) and what to clean up when one is dropped (`forget`)."""

    def __init__(self, what: str, keep: int, not_found: str = "no {what} job {id}") -> None:
        self.what = what  # "alignment": in error messages and the log
        self.keep = keep
        self.not_found = not_found
        self.jobs: dict[str, J] = {}  # oldest first
        self.lock = threading.Lock()

    def submit(
        self, db_path: str, job: J, work: Callable[[J, Store], object], logger: logging.Logger
    ) -> J:
        """Run `work(job, store)` in a thread of its own; its twin instead, if there is one."""
        with self.lock:
            twin = self.twin(job)
            if twin is not None:
                return twin
            self.jobs[job.id] = job
            while len(self.jobs) > self.keep:
                self.forget(self.jobs.pop(next(iter(self.jobs))))
        args = (job, db_path, work, logger)
        threading.Thread(target=self._run, args=args, daemon=True).start()
        return job

    def twin(self, job: J) -> J | None:
        """A job already under way that `job` would repeat (called under the lock)."""
        return None

    def forget(self, job: J) -> None:
        """Clean up after a job dropped to keep only `keep` (called under the lock)."""

    def get(self, job_id: str) -> J:
        job = self.jobs.get(job_id)
        if job is None:
            raise NotFound(self.not_found.format(what=self.what, id=job_id))
        return job

    def _run(
        self, job: J, db_path: str, work: Callable[[J, Store], object], logger: logging.Logger
    ) -> None:
        """A WorkbenchError is the user's to read; anything else goes to the log, not to them."""
        try:
            with contextlib.closing(Store(db_path)) as store:
                work(job, store)
            job.state = "done"
        except WorkbenchError as error:
            job.error, job.state = str(error), "error"
        except Exception:
            logger.exception("%s job %s failed", self.what, job.id)
            job.error, job.state = f"the {self.what} failed (see the server log)", "error"
        finally:
            job.finished.set()

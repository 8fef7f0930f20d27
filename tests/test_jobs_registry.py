"""The background-job registry the align form and the export menu share (web/jobs.py): real
threads on a real SQLite file, as the app runs them."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench.errors import InputError, NotFound
from workbench.store import Store
from workbench.web.jobs import BackgroundJob, Jobs

LOG = logging.getLogger("test_jobs_registry")


@dataclass
class Sample(BackgroundJob):
    key: str | None = None
    seen: object = None


class Recording(Jobs[Sample]):
    """Remembers what it forgot, and shares an unfinished job of the same key."""

    def __init__(self, keep: int) -> None:
        super().__init__("sample", keep=keep)
        self.forgotten: list[str] = []

    def twin(self, job: Sample) -> Sample | None:
        same = [j for j in self.jobs.values() if job.key and j.key == job.key]
        return same[-1] if same and not same[-1].finished.is_set() else None

    def forget(self, job: Sample) -> None:
        self.forgotten.append(job.id)


def nothing(job: Sample, store: Store) -> None:
    job.run()


def finished(job: Sample) -> Sample:
    assert job.finished.wait(30), job
    return job


def test_it_keeps_the_last_jobs_and_forgets_the_oldest_with_its_hook(db_path: Path) -> None:
    jobs = Recording(keep=2)
    for name in ("a", "b", "c", "d"):
        finished(jobs.submit(str(db_path), Sample(name), nothing, LOG))
    assert list(jobs.jobs) == ["c", "d"]
    assert jobs.forgotten == ["a", "b"]
    assert jobs.get("d").state == "done" and jobs.get("d").error is None
    with pytest.raises(NotFound, match="no sample job a"):
        jobs.get("a")


def test_an_unknown_id_is_not_found_in_the_registrys_words(db_path: Path) -> None:
    with pytest.raises(NotFound) as plain:
        Jobs[Sample]("sample", keep=1).get("nope")
    assert str(plain.value) == "no sample job nope" and plain.value.status == 404
    worded = Jobs[Sample]("export", keep=1, not_found="no {what} job {id}: export again")
    with pytest.raises(NotFound, match=r"^no export job nope: export again$"):
        worded.get("nope")


def test_a_job_refused_by_the_workbench_keeps_its_message(db_path: Path) -> None:
    def refused(job: Sample, store: Store) -> None:
        raise InputError("a version cannot be aligned with itself")

    job = finished(Recording(keep=5).submit(str(db_path), Sample("x"), refused, LOG))
    assert (job.state, job.error) == ("error", "a version cannot be aligned with itself")


def test_a_job_that_breaks_says_so_and_logs_the_traceback(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(job: Sample, store: Store) -> None:
        raise RuntimeError("secret detail")

    with caplog.at_level(logging.ERROR, logger=LOG.name):
        job = finished(Recording(keep=5).submit(str(db_path), Sample("x"), broken, LOG))
    assert (job.state, job.error) == ("error", "the sample failed (see the server log)")
    assert "sample job x failed" in caplog.text and "secret detail" in caplog.text


def test_a_job_runs_in_its_own_thread_on_its_own_store_of_the_file(db_path: Path) -> None:
    setup = Store(db_path)
    try:
        before = setup.add_document("Before", {})
    finally:
        setup.close()

    def work(job: Sample, store: Store) -> None:
        job.run()
        titles = [document["title"] for document in store.documents()]
        job.seen = (threading.get_ident(), store.path, titles, store.add_document("During", {}))

    job = finished(Recording(keep=5).submit(str(db_path), Sample("x"), work, LOG))
    assert job.state == "done", job.error
    thread, path, titles, during = job.seen  # type: ignore[misc]
    assert thread != threading.get_ident() and path == db_path and titles == ["Before"]
    after = Store(db_path)
    try:
        assert after.document(during)["title"] == "During" and during != before
    finally:
        after.close()


def test_a_job_is_queued_until_its_work_runs_it_and_a_twin_is_shared(db_path: Path) -> None:
    go, started = threading.Event(), threading.Event()

    def held(job: Sample, store: Store) -> None:
        started.set()
        assert go.wait(30)
        job.run()

    jobs = Recording(keep=5)
    first = jobs.submit(str(db_path), Sample("one", key="k"), held, LOG)
    assert started.wait(30) and first.state == "queued"
    assert jobs.submit(str(db_path), Sample("two", key="k"), held, LOG) is first
    go.set()
    assert finished(first).state == "done" and list(jobs.jobs) == ["one"]
    again = finished(jobs.submit(str(db_path), Sample("three", key="k"), nothing, LOG))
    assert again.id == "three" and list(jobs.jobs) == ["one", "three"]

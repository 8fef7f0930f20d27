"""Aligning a document reports one progress that only goes forward: the two methods the
document aligner tries (paragraph-first, then sentence-first) are the two halves of one count,
where each used to report its own count from 0 (6456/7068 → 1536/7068 → 7068)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.conftest import import_pair
from workbench import aligning
from workbench.align import align_document
from workbench.store import Store
from workbench.web.documents import Job


def chapters(count: int, n: int) -> tuple[list[list[str]], list[list[str]]]:
    """Paragraphs as lists of sentences, a translation with the same numbers in it."""
    source = [
        [f"Kapitulli {c}, vargu {v}: toka ishte e zbrazët numri {c * 100 + v}." for v in range(n)]
        for c in range(count)
    ]
    target = [
        [f"Chapter {c}, verse {v}: the earth was empty number {c * 100 + v}." for v in range(n)]
        for c in range(count)
    ]
    return source, target


def reports(source, target) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    align_document(
        source, target, src_lang="sq", tgt_lang="en", progress=lambda d, t: seen.append((d, t))
    )
    return seen


def test_progress_over_both_methods_never_goes_back() -> None:
    seen = reports(*chapters(6, 12))
    assert len(seen) > 4
    done = [d for d, _ in seen]
    assert done == sorted(done), "the bar went back"
    assert len({t for _, t in seen}) == 1, "the total changed on the way"
    assert seen[-1][0] == seen[-1][1]


def test_each_method_fills_one_half() -> None:
    seen = reports(*chapters(6, 12))
    total = seen[0][1]
    # the first method ends at the half, the second starts from there
    assert (total // 2, total) in seen
    assert any(0 < d < total // 2 for d, _ in seen)
    assert any(total // 2 < d < total for d, _ in seen)


def test_storing_an_alignment_reports_the_same_forward_progress(db_path: Path) -> None:
    source, target = chapters(4, 10)
    store = Store(db_path)
    try:
        alignment = import_pair(store, [" ".join(p) for p in source], [" ".join(p) for p in target])
        document = store.alignment(alignment)["document_id"]
        seen: list[tuple[int, int]] = []
        aligning.align_versions(store, document, progress=lambda d, t: seen.append((d, t)))
    finally:
        store.close()
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[-1][0] == seen[-1][1]


def test_a_job_ignores_a_report_that_would_move_its_bar_back() -> None:
    job = Job("j", 1)
    job.progress(6456, 7068)
    job.progress(1536, 7068)
    assert (job.done, job.total) == (6456, 7068)
    job.progress(7068, 7068)
    assert (job.done, job.total) == (7068, 7068)


def test_the_align_job_polled_by_the_page_only_moves_forward(client, as_role, db_path) -> None:
    source, target = chapters(8, 20)
    store = Store(db_path)
    try:
        alignment = import_pair(store, [" ".join(p) for p in source], [" ".join(p) for p in target])
        document = store.alignment(alignment)["document_id"]
    finally:
        store.close()
    token = as_role("translator")
    response = client.post(
        f"/documents/{document}/align",
        data={"csrf_token": token},
        headers={"Accept": "application/json"},
    )
    job = response.get_json()
    fractions = []
    deadline = time.monotonic() + 120
    while job["state"] not in ("done", "error") and time.monotonic() < deadline:
        if job["total"]:
            fractions.append(job["done"] / job["total"])
        time.sleep(0.01)
        job = client.get(job["status_url"], headers={"Accept": "application/json"}).get_json()
    assert job["state"] == "done", job
    assert fractions == sorted(fractions)
    assert job["done"] == job["total"] > 0

"""One limit on slow exports, however they are asked for. A dozen readers asking for PDFs at
once made every other page wait a minute and more: now at most two PDF, DOCX or EPUB files are
made at once in the process (plain GET, the menu, background jobs alike). A plain GET waits a
bounded time for its turn (and only two wait, each holding a server thread), then answers 503
with Retry-After and says what to do; a job waits its turn in the queue; a file the cache holds
is served at once, without a turn."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import csrf_from, login
from tests.test_export_web import aligned_document, publish
from workbench.exports import docx, epub, pdf
from workbench.web import exports as web_exports

JSON = {"Accept": "application/json"}


class Layouts:
    """Every slow writer held at its start while `open` is clear; counts those at work."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()
        self.lock = threading.Lock()
        self.now = self.most = self.started = 0

    def wrap(self, real: Any) -> Any:
        def held(*args: Any, **kwargs: Any) -> Any:
            with self.lock:
                self.now += 1
                self.started += 1
                self.most = max(self.most, self.now)
            try:
                assert self.open.wait(30), "the test never let the writers go on"
                return real(*args, **kwargs)
            finally:
                with self.lock:
                    self.now -= 1

        return held

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 30
        while self.now < count:
            assert time.monotonic() < deadline, f"{self.now} writers at work, not {count}"
            time.sleep(0.02)


@pytest.fixture
def writers(monkeypatch) -> Iterator[Layouts]:
    layouts = Layouts()
    monkeypatch.setattr(pdf, "layout", layouts.wrap(pdf.layout))
    for module in (docx, epub):
        monkeypatch.setattr(module, "write", layouts.wrap(module.write))
    monkeypatch.setattr(web_exports, "GET_WAIT", 0.3)
    monkeypatch.setattr(web_exports, "QUICK", 0.05)
    yield layouts
    layouts.open.set()  # a failed test leaves nothing waiting


@pytest.fixture
def edition(client, db_path, as_role) -> int:
    """A document with edition 1; the client logged in as editor1."""
    document, alignment = aligned_document(db_path)
    assert publish(client, as_role("editor"), alignment).status_code == 303
    return document


def draft_url(document: int, format_name: str = "pdf") -> str:
    return f"/documents/{document}/export?format={format_name}&edition=draft"


def in_background(app: Any, url: str, results: list[Any]) -> threading.Thread:
    """GET `url` as editor1 on a client of its own, in a thread; the response to `results`."""

    def get() -> None:
        client = app.test_client()
        login(client, "editor1")
        results.append(client.get(url))

    thread = threading.Thread(target=get, daemon=True)
    thread.start()
    return thread


def test_a_plain_get_waits_its_turn_then_answers_503_with_retry_after(
    app, client, edition, writers
) -> None:
    writers.open.clear()
    results: list[Any] = []
    threads = [in_background(app, draft_url(edition), results) for _ in range(2)]
    writers.wait_for(2)
    started = time.monotonic()
    busy = client.get(draft_url(edition, "docx"))
    assert busy.status_code == 503 and time.monotonic() - started < 5
    assert 0 < int(busy.headers["Retry-After"]) <= 120
    assert "try again" in busy.get_data(as_text=True)
    as_json = client.get(draft_url(edition, "epub"), headers=JSON)
    assert as_json.status_code == 503 and "Retry-After" in as_json.headers
    assert "PDF, DOCX or EPUB" in as_json.get_json()["error"]["message"]
    assert writers.now == 2, "the refused ones never started"
    writers.open.set()
    for thread in threads:
        thread.join(60)
    assert [r.status_code for r in results] == [200, 200]
    assert client.get(draft_url(edition, "docx")).status_code == 200, "a turn is free again"


def test_few_requests_wait_so_that_the_servers_threads_keep_serving_pages(
    app, client, edition, writers, monkeypatch
) -> None:
    """A waiting request holds a server thread: two may wait, a third is refused at once."""
    monkeypatch.setattr(web_exports, "GET_WAIT", 30.0)
    writers.open.clear()
    results: list[Any] = []
    threads = [in_background(app, draft_url(edition), results) for _ in range(4)]
    writers.wait_for(2)
    deadline = time.monotonic() + 30
    while web_exports.LIMIT.waiting < 2:
        assert time.monotonic() < deadline, "two requests should be waiting"
        time.sleep(0.02)
    started = time.monotonic()
    refused = client.get(draft_url(edition, "epub"))
    assert refused.status_code == 503 and time.monotonic() - started < 2
    assert client.get("/").status_code == 200
    writers.open.set()
    for thread in threads:
        thread.join(60)
    assert [r.status_code for r in results] == [200] * 4, "the waiting ones had their turn"


def test_fast_formats_and_cached_edition_files_need_no_turn(client, edition, writers) -> None:
    edition_pdf = f"/documents/{edition}/export?format=pdf&edition=1"
    first = client.get(edition_pdf)
    assert first.status_code == 200
    writers.open.clear()
    results: list[Any] = []
    threads = [in_background(client.application, draft_url(edition), results) for _ in range(2)]
    writers.wait_for(2)
    cached = client.get(edition_pdf)
    assert cached.status_code == 200 and cached.get_data() == first.get_data()
    for fast in ("tmx", "csv", "html"):
        assert client.get(draft_url(edition, fast)).status_code == 200
    writers.open.set()
    for thread in threads:
        thread.join(60)


def test_jobs_menu_and_plain_gets_share_one_limit_of_two(app, client, edition, writers) -> None:
    writers.open.clear()
    token = csrf_from(client.get("/").get_data(as_text=True))
    jobs = []
    for format_name in ("pdf", "docx", "epub"):
        form = {"format": format_name, "edition": "draft", "csrf_token": token}
        response = client.post(f"/documents/{edition}/export/jobs", data=form, headers=JSON)
        assert response.status_code == 202
        jobs.append(response.get_json())
    writers.wait_for(2)
    states = [client.get(j["status_url"], headers=JSON).get_json() for j in jobs]
    assert sorted(s["state"] for s in states) == ["queued", "running", "running"]
    waiting = next(s for s in states if s["state"] == "queued")
    assert waiting["message"] == "Waiting for other exports to finish…"
    assert client.get(draft_url(edition)).status_code == 503, "the GET found no turn either"
    menu = client.get(draft_url(edition) + "&progress=page")
    assert menu.status_code == 303, "the menu's GET queues a job instead"
    queued = menu.headers["Location"].removeprefix("/exports/jobs/")
    writers.open.set()
    for job_id in [j["job"] for j in jobs] + [queued]:
        assert web_exports.JOBS.get(job_id).finished.wait(60)
    assert writers.most == 2 and writers.started == 4


def test_the_limit_counts_turns_and_gives_them_back_after_a_failure() -> None:
    limit = web_exports.SlowLimit(1, queue=1)
    with pytest.raises(RuntimeError), limit.turn(None):
        raise RuntimeError("a writer's bug")
    with limit.turn(0.01), pytest.raises(web_exports.Busy) as refused, limit.turn(0.01):
        pass
    assert refused.value.status == 503 and refused.value.retry_after > 0
    with limit.turn(0.01):
        pass

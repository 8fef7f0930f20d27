"""Slow exports as a publisher expects them. An edition's PDF, DOCX or EPUB is made once and
read from a cache beside the database after that (a draft is made every time); the web app
makes one as a background job, whose progress a script polls and a browser without scripts
watches on a page that reloads itself, then offers the file; the CLI draws a progress bar on
stderr when an export takes long. A plain GET of the export URL still answers with the file."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from tests.conftest import csrf_from
from tests.test_export import make_document
from tests.test_export_readers import page_texts
from tests.test_export_web import aligned_document, publish
from workbench import editions, export, review
from workbench.exports import html, pdf
from workbench.exports.base import SCALE, ExportOptions, overall
from workbench.exports.cache import ExportCache, folder_for
from workbench.store import Store
from workbench.web import exports as web_exports

JSON = {"Accept": "application/json"}


def edition_url(document: int, query: str = "") -> str:
    return f"/documents/{document}/export?format=pdf&edition=1{query}"


@pytest.fixture
def layouts(monkeypatch) -> list[int]:
    """The PDFs WeasyPrint lays out (one entry per layout, the pages it made)."""
    made: list[int] = []
    real = pdf.layout

    def counted(data, page, estimate):
        document = real(data, page, estimate)
        made.append(len(document.pages))
        return document

    monkeypatch.setattr(pdf, "layout", counted)
    return made


@pytest.fixture
def gate(monkeypatch) -> Iterator[threading.Event]:
    """Hold every PDF layout, after it reported page 3 of about 10, until the event is set."""
    release = threading.Event()
    real = pdf.layout

    def held(data, page, estimate):
        data.report("layout", 3, 10)
        assert release.wait(30), "the test never let the layout go on"
        return real(data, page, estimate)

    monkeypatch.setattr(pdf, "layout", held)
    monkeypatch.setattr(web_exports, "QUICK", 0.05)
    yield release
    release.set()  # a failed test leaves no job waiting


def laying_out(job_id: str) -> None:
    """Wait until a held job has reported its page 3 (it builds its HTML first)."""
    job = web_exports.JOBS.get(job_id)
    deadline = time.monotonic() + 30
    while job.stage != "layout":
        assert time.monotonic() < deadline and not job.finished.is_set(), job.message()
        time.sleep(0.02)


@pytest.fixture
def edition(client, db_path, as_role) -> int:
    """A document (three of its links confirmed) with edition 1; a logged-in editor."""
    document, alignment = aligned_document(db_path)
    token = as_role("editor")
    assert publish(client, token, alignment).status_code == 303
    return document


def cached_files(db_path: Path) -> list[str]:
    folder = folder_for(db_path)
    return sorted(p.name for p in folder.glob("edition-*")) if folder.exists() else []


# -- the cache --------------------------------------------------------------------------------


def test_an_editions_pdf_is_made_once_then_read_from_the_cache(
    client, db_path, edition, layouts
) -> None:
    first = client.get(edition_url(edition))
    second = client.get(edition_url(edition))
    assert first.status_code == second.status_code == 200
    assert first.get_data().startswith(b"%PDF") and first.get_data() == second.get_data()
    assert len(layouts) == 1
    assert first.headers["Content-Disposition"] == second.headers["Content-Disposition"]
    assert len(cached_files(db_path)) == 1
    assert folder_for(db_path) == db_path.with_name("workbench.db.export-cache")


def test_options_that_change_the_file_have_their_own_and_the_others_share_it(
    client, db_path, edition, layouts
) -> None:
    for query in ["", "&layout=facing"]:  # the usual layout is facing
        assert client.get(edition_url(edition, query)).status_code == 200
    assert len(layouts) == 1
    for query in ["&approved=1", "&excel=1"]:  # an edition is confirmed links; PDF no Excel
        assert client.get(edition_url(edition, query)).status_code == 400
    for query in ["&layout=columns", "&level=sentence", "&flags=1"]:
        assert client.get(edition_url(edition, query)).status_code == 200
    assert len(layouts) == 4 and len(cached_files(db_path)) == 4
    assert client.get(f"/documents/{edition}/export?format=docx&edition=1").status_code == 200
    docx_columns = client.get(f"/documents/{edition}/export?format=docx&edition=1&layout=columns")
    assert docx_columns.status_code == 400, "a DOCX has no layouts: refused, not ignored"
    assert len(cached_files(db_path)) == 5


def test_drafts_are_made_every_time_and_never_cached(client, db_path, edition, layouts) -> None:
    for _ in range(2):
        response = client.get(f"/documents/{edition}/export?format=pdf&edition=draft")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert len(layouts) == 2 and cached_files(db_path) == []


def test_a_change_to_the_documents_metadata_makes_a_new_file(
    client, db_path, edition, layouts
) -> None:
    before = client.get(edition_url(edition)).get_data()
    store = Store(db_path)
    try:
        store.update_document(edition, archive_reference="AQSH F.14 D.23")
    finally:
        store.close()
    after = client.get(edition_url(edition)).get_data()
    assert len(layouts) == 2 and before != after
    client.get(edition_url(edition))
    assert len(layouts) == 2


def test_the_cache_keeps_within_its_limit_by_dropping_the_file_read_longest_ago(
    tmp_path: Path,
) -> None:
    cache = ExportCache(tmp_path / "cache", limit=250)
    cache.put("edition-1-pdf-a", b"a" * 100)
    cache.put("edition-2-pdf-b", b"b" * 100)
    old = time.time() - 60
    for name in ("edition-1-pdf-a", "edition-2-pdf-b"):
        os.utime(tmp_path / "cache" / name, (old, old))
    assert cache.read("edition-1-pdf-a") == b"a" * 100  # read now: the newest
    cache.put("edition-3-pdf-c", b"c" * 100)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [
        "edition-1-pdf-a",
        "edition-3-pdf-c",
    ]


def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path: Path, store: Store) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    alignment = make_document(store, ["Neni 1."], ["Article 1."])
    review.set_status(store, alignment, [link.id for link in store.links(alignment)], user="r")
    edition_id = editions.publish(store, alignment, user="eva")
    data = export.build_edition(store, edition_id, ExportOptions())
    assert export.whole(data, "pdf", ExportCache(blocker)).startswith(b"%PDF")


# -- progress ---------------------------------------------------------------------------------


def test_a_pdf_reports_reading_then_each_page_laid_out_then_writing(store: Store) -> None:
    alignment = make_document(store, [f"Neni {i}. " * 40 for i in range(30)], [
        f"Article {i}. " * 40 for i in range(30)
    ])  # fmt: skip
    review.set_status(store, alignment, [link.id for link in store.links(alignment)], user="r")
    edition_id = editions.publish(store, alignment, user="eva")
    data = export.build_edition(store, edition_id, ExportOptions())
    reports: list[tuple[str, int, int]] = []
    export.whole(data, "pdf", progress=lambda *report: reports.append(report))
    stages = [stage for stage, _, _ in reports]
    assert stages == sorted(stages, key=["reading", "layout", "writing"].index)
    pages = [done for stage, done, _ in reports if stage == "layout"]
    assert pages[:3] == [0, 1, 2] and pages[-1] == pages[-2] > 3, "every page, then the count"
    counts = [overall(*report) for report in reports]
    assert counts == sorted(counts) and counts[-1] == SCALE


# -- the web app ------------------------------------------------------------------------------


def job_id_of(location: str) -> str:
    assert location.startswith("/exports/jobs/"), location
    return location.removeprefix("/exports/jobs/")


def test_the_menu_without_scripts_shows_a_page_that_reloads_until_it_offers_the_file(
    client, db_path, edition, gate
) -> None:
    menu = client.get(f"/documents/{edition}/exports").get_data(as_text=True)
    form = lxml.html.document_fromstring(menu).find(".//form[@class='export-menu']")
    assert form.get("method") == "get" and form.get("action") == f"/documents/{edition}/export"
    assert form.find("input[@name='progress']").get("value") == "page"

    response = client.get(edition_url(edition, "&progress=page"))
    assert response.status_code == 303
    status_url = response.headers["Location"]
    laying_out(job_id_of(status_url))
    tree = lxml.html.document_fromstring(client.get(status_url).get_data(as_text=True))
    assert tree.find(".//meta[@http-equiv='refresh']").get("content") == "2"
    section = tree.get_element_by_id("export-job")
    assert section.findtext(".//h2") == "PDF of edition 1"
    assert "Laying out page 3 of about 10" in section.text_content()
    assert section.find(".//progress") is not None

    gate.set()
    assert web_exports.JOBS.get(job_id_of(status_url)).finished.wait(30)
    tree = lxml.html.document_fromstring(client.get(status_url).get_data(as_text=True))
    assert tree.find(".//meta[@http-equiv='refresh']") is None
    link = tree.find(".//a[@class='export-download']")
    made = client.get(link.get("href"))
    direct = client.get(edition_url(edition))
    assert made.status_code == 200 and made.mimetype == "application/pdf"
    assert made.get_data() == direct.get_data()
    assert made.headers["Content-Disposition"] == direct.headers["Content-Disposition"]


def test_the_menu_without_scripts_gets_a_file_made_before_at_once(
    client, db_path, edition, layouts
) -> None:
    client.get(edition_url(edition))
    response = client.get(edition_url(edition, "&progress=page"))
    assert response.status_code == 200 and response.get_data().startswith(b"%PDF")
    assert len(layouts) == 1
    quick = client.get(f"/documents/{edition}/export?format=tmx&edition=1&progress=page")
    assert quick.status_code == 200 and b"<tmx" in quick.get_data(), "fast formats: the file"


def start(client, document: int, token: str | None, **fields: str):
    form = {"format": "pdf", "edition": "1", "level": "paragraph", "progress": "page", **fields}
    headers = {**JSON, "X-CSRF-Token": token} if token else JSON
    return client.post(f"/documents/{document}/export/jobs", data=form, headers=headers)


def test_a_script_starts_a_job_and_follows_its_progress_forward_to_the_file(
    client, db_path, as_role, gate
) -> None:
    document, alignment = aligned_document(db_path)
    token = as_role("editor")
    publish(client, token, alignment)
    response = start(client, document, token)
    assert response.status_code == 202
    job = response.get_json()
    assert job["state"] in ("queued", "running") and job["download_url"] is None
    assert job["what"] == "PDF of edition 1" and job["total"] == SCALE
    laying_out(job["job"])
    seen = [client.get(job["status_url"], headers=JSON).get_json()]
    assert seen[0]["message"] == "Laying out page 3 of about 10…"
    gate.set()
    while seen[-1]["state"] != "done":
        assert len(seen) < 300, seen[-1]
        time.sleep(0.1)
        seen.append(client.get(job["status_url"], headers=JSON).get_json())
    done = [s["done"] for s in seen]
    assert done == sorted(done) and done[-1] == SCALE
    made = client.get(seen[-1]["download_url"])
    assert made.status_code == 200 and made.get_data().startswith(b"%PDF")


def test_two_asks_for_the_same_edition_file_share_one_job(
    client, db_path, edition, gate, layouts
) -> None:
    token = csrf_from(client.get("/").get_data(as_text=True))
    first = start(client, edition, token).get_json()
    second = start(client, edition, token, layout="facing").get_json()
    assert first["job"] == second["job"]
    draft = start(client, edition, token, edition="draft").get_json()
    assert draft["job"] != first["job"] and draft["what"] == "PDF of the current state (draft)"
    gate.set()
    for job in (first, draft):
        assert web_exports.JOBS.get(job["job"]).finished.wait(30)
    assert len(layouts) == 2, "one PDF of the edition, one of the draft"


def test_jobs_refuse_what_downloads_refuse(client, db_path, edition) -> None:
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert start(client, edition, None).status_code == 400  # no CSRF token
    missing = start(client, edition, token, edition="7")
    assert missing.status_code == 404 and "no edition 7" in missing.get_json()["error"]["message"]
    assert start(client, edition, token, format="tmx").status_code == 400
    assert start(client, 99, token).status_code == 404
    assert client.get("/exports/jobs/nothing-here", headers=JSON).status_code == 404
    assert client.get("/exports/jobs/nothing-here").status_code == 404
    page = client.get(f"/documents/{edition}/export?format=pdf&edition=7&progress=page")
    assert page.status_code == 404 and "no edition 7" in page.get_data(as_text=True)


def test_a_job_that_fails_says_so_on_its_page(client, db_path, edition, monkeypatch) -> None:
    def broken(data: Any, page: str, estimate: int) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(pdf, "layout", broken)
    monkeypatch.setattr(web_exports, "QUICK", 0.0)
    status_url = client.get(edition_url(edition, "&progress=page")).headers["Location"]
    assert web_exports.JOBS.get(job_id_of(status_url)).finished.wait(30)
    state = client.get(status_url, headers=JSON).get_json()
    assert state["state"] == "error" and "server log" in state["error"]
    tree = lxml.html.document_fromstring(client.get(status_url).get_data(as_text=True))
    assert "The export failed" in tree.find(".//p[@role='alert']").text_content()
    assert client.get(f"{status_url}/file").status_code == 400


# -- the CLI ----------------------------------------------------------------------------------


def cli_edition(cli, db_path: Path) -> int:
    document, _ = aligned_document(db_path)
    assert cli("publish", document).exit_code == 0
    return document


def test_the_cli_draws_progress_on_stderr_for_a_long_export(
    cli, db_path, tmp_path, monkeypatch
) -> None:
    from workbench.cli import publishing

    document = cli_edition(cli, db_path)
    monkeypatch.setattr(publishing, "LONG_EXPORT", 0.0)
    out = tmp_path / "out.pdf"
    result = cli("export", document, "--format", "pdf", "--edition", "1", "-o", out)
    assert result.exit_code == 0, result.output
    assert "exporting PDF" in result.stderr
    assert result.stderr.endswith(f"{out} (edition 1, 3 links)\n")
    assert out.read_bytes().startswith(b"%PDF")


def test_the_cli_prints_no_bar_for_a_short_export_and_reads_the_cache_again(
    cli, db_path, tmp_path, layouts
) -> None:
    document = cli_edition(cli, db_path)
    files: list[bytes] = []
    for name in ("one.pdf", "two.pdf"):
        result = cli("export", document, "--format", "pdf", "--edition", "1", "-o", tmp_path / name)
        assert result.stderr == f"{tmp_path / name} (edition 1, 3 links)\n"
        files.append((tmp_path / name).read_bytes())
    assert files[0] == files[1] and len(layouts) == 1
    assert len(cached_files(db_path)) == 1


# -- long paragraphs in columns ---------------------------------------------------------------


def chapter(word: str, c: int, sentences: int = 120) -> str:
    return " ".join(f"{word} {c}x{i} of a long text with many words." for i in range(sentences))


def test_links_longer_than_a_column_are_set_in_parts_on_paper_and_whole_on_screen(
    store: Store,
) -> None:
    alignment = make_document(store, [chapter("Fjalia", 0)], [chapter("Sentence", 0)])
    document = store.alignment(alignment)["document_id"]
    data = export.build(store, document, options=ExportOptions(layout="columns"))
    on_paper = html.body(data, pdf=True).rows
    assert len(on_paper) > 3 and all(len(row.source) <= html.COLUMN_PART for row in on_paper)
    assert "".join(row.source for row in on_paper).replace(" ", "") == chapter("Fjalia", 0).replace(
        " ", ""
    )
    assert [row.label for row in on_paper[:2]] == ["1", "1 (cont.)"]
    assert len(html.body(data).rows) == 1, "a screen shows the link whole"


def test_chapters_in_columns_keep_source_and_translation_side_by_side_on_every_page(
    store: Store, tmp_path: Path
) -> None:
    """WeasyPrint 70 cannot break a two-column row across pages: a chapter's source ran on
    alone for pages before its translation began. Every page of text holds both."""
    alignment = make_document(
        store, [chapter("Fjalia", c) for c in range(2)], [chapter("Sentence", c) for c in range(2)]
    )
    review.set_status(store, alignment, [link.id for link in store.links(alignment)], user="r")
    editions.publish(store, alignment, user="eva")
    document = store.alignment(alignment)["document_id"]
    data = export.build(store, document, edition=1, options=ExportOptions(layout="columns"))
    pages = page_texts(export.whole(data, "pdf"), tmp_path)
    body = [text for text in pages if "Fjalia" in text or "Sentence" in text]
    assert len(body) >= 4
    for number, text in enumerate(body, start=1):
        assert "Fjalia" in text and "Sentence" in text, f"page {number} has one language"

"""A limit on the text a PDF is laid out for. Two 1 MB texts took WeasyPrint 75 s and 1.7 GB:
an export with more than pdf.MAX_CHARACTERS characters is refused before any layout, by the
service (and so the CLI), a plain GET of the web or API export URL, and the export menu's
background job alike, naming the limit and the formats that take it (DOCX, EPUB, HTML). The
limit is made small here rather than the texts huge."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import test_api as shared
from tests.test_export_web import aligned_document
from workbench import export
from workbench.errors import InputError
from workbench.exports import pdf
from workbench.exports.base import ExportOptions
from workbench.store import Store
from workbench.web import exports as web_exports

JSON = {"Accept": "application/json"}
SMALL = 20  # characters: less than the test document's text
api = shared.api


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_CHARACTERS", SMALL)


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many PDFs reached WeasyPrint's layout (none may, over the limit)."""
    calls: list[int] = []
    real = pdf.layout

    def counted(data, page, estimate):
        calls.append(1)
        return real(data, page, estimate)

    monkeypatch.setattr(pdf, "layout", counted)
    return calls


def refusal(message: str) -> None:
    assert f"more than {SMALL:,} characters" in message, message
    assert "DOCX, EPUB or HTML" in message, message


def test_the_service_refuses_a_pdf_over_the_limit_before_layout(
    db_path: Path, small_limit: None, laid_out: list[int]
) -> None:
    document, _ = aligned_document(db_path)
    store = Store(db_path)
    try:
        data = export.build(store, document, options=ExportOptions())
        with pytest.raises(InputError) as raised:
            export.whole(data, "pdf")
        refusal(str(raised.value))
        assert export.whole(data, "docx").startswith(b"PK"), "DOCX is not limited"
    finally:
        store.close()
    assert laid_out == []


def test_a_pdf_under_the_limit_is_made(db_path: Path, laid_out: list[int]) -> None:
    document, _ = aligned_document(db_path)
    store = Store(db_path)
    try:
        data = export.build(store, document, options=ExportOptions())
        assert pdf.characters(data, pdf.MAX_CHARACTERS) < pdf.MAX_CHARACTERS
        assert export.whole(data, "pdf").startswith(b"%PDF")
    finally:
        store.close()
    assert laid_out == [1]


def test_the_web_download_and_the_menus_job_refuse_it_with_a_400(
    client, db_path: Path, as_role, small_limit: None, laid_out: list[int]
) -> None:
    document, _ = aligned_document(db_path)
    token = as_role("translator")
    plain = client.get(f"/documents/{document}/export?format=pdf", headers=JSON)
    assert plain.status_code == 400
    refusal(plain.get_json()["error"]["message"])
    menu = client.get(f"/documents/{document}/export?format=pdf&progress=page")
    assert menu.status_code == 400
    refusal(menu.get_data(as_text=True))
    jobs = set(web_exports.JOBS.jobs)
    job = client.post(
        f"/documents/{document}/export/jobs",
        data={"format": "pdf", "level": "paragraph"},
        headers={**JSON, "X-CSRF-Token": token},
    )
    assert job.status_code == 400
    refusal(job.get_json()["error"]["message"])
    assert set(web_exports.JOBS.jobs) <= jobs, "no job was started"
    assert client.get(f"/documents/{document}/export?format=docx").status_code == 200
    assert laid_out == []


def test_the_api_download_refuses_it_too(api, small_limit: None, laid_out: list[int]) -> None:
    client, headers = api
    response = client.get("/api/v1/documents/1/export?format=pdf", headers=headers["editor"])
    assert response.status_code == 400
    refusal(response.get_json()["error"]["message"])
    assert laid_out == []


def test_the_cli_says_error_and_exits_non_zero(
    cli, db_path: Path, tmp_path: Path, small_limit: None
) -> None:
    document, _ = aligned_document(db_path)
    target = tmp_path / "out.pdf"
    result = cli("export", str(document), "--format", "pdf", "-o", str(target))
    assert result.exit_code != 0
    assert "error:" in result.output
    refusal(result.output)
    assert not target.exists()

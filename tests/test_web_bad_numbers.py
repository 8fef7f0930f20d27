"""Numbers in URLs and forms are ASCII digits up to SQLite's largest integer: anything else
(a superscript two, which str.isdigit() takes for a digit; thousands of digits, which int()
refuses to read) is a 400 naming the field, never a 500. And a form whose field is larger than
Werkzeug keeps in memory hears that, not that the upload is over the 50 MB limit."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import login, snapshot
from workbench import editions, review
from workbench.store import Store
from workbench.web import create_app

SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes; int() says no
HUGE = "1" * 5_000  # more digits than int() reads (4,300)
LONG = "1" * 4_400
#: Values that are no whole number a URL may carry, by name (the names are the test ids).
NOT_WHOLE = {
    "superscript-two": SUPERSCRIPT_TWO,
    "5000-digits": HUGE,
    "beyond-sqlite": "99999999999999999999",
    "negative": "-1",
}


def web(corpus: Path, user: str = "translator"):
    """A client of the demo logged in as its `user`, and the CSRF token."""
    client = create_app({"TESTING": True, "DATABASE": str(corpus)}).test_client()
    return client, login(client, user, f"{user}-demo")


def refusal(response) -> str:
    """The message of a 400 (the error page's text, or a JSON error's message)."""
    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    if response.is_json:
        return response.get_json()["error"]["message"]
    return response.get_data(as_text=True)


@pytest.fixture
def edition(corpus: Path) -> int:
    """Edition 1 of the UDHR's alignment (document 1), of its first three links; its id."""
    store = Store(corpus)
    try:
        links = [link.id for link in store.links(1)[:3]]
        review.set_status(store, 1, links, user="rita")
        return editions.publish(store, 1, user="eva", note="first")
    finally:
        store.close()


# -- exports and editions ---------------------------------------------------------------------


@pytest.mark.parametrize("value", NOT_WHOLE.values(), ids=NOT_WHOLE.keys())
@pytest.mark.parametrize(
    ("url", "field", "least"),
    [
        ("/documents/1/export?format=csv&edition={}", "edition", 1),
        ("/documents/1/export?format=csv&alignment={}", "alignment", 1),
        ("/documents/5/read?alignment={}", "alignment", 1),
    ],
)
def test_an_export_with_a_number_that_is_no_whole_number_is_a_400(
    corpus: Path, url: str, field: str, least: int, value: str
) -> None:
    client, _token = web(corpus)
    message = refusal(client.get(url.format(value)))
    assert f"{field} must be a whole number from {least}" in message


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE], ids=["superscript-two", "5000-digits"])
def test_an_edition_page_with_an_offset_that_is_no_whole_number_is_a_400(
    corpus: Path, edition: int, value: str
) -> None:
    client, _token = web(corpus)
    assert client.get(f"/editions/{edition}").status_code == 200
    message = refusal(client.get(f"/editions/{edition}?offset={value}"))
    assert "offset must be a whole number from 0" in message


def test_a_refused_number_is_not_echoed_in_full(corpus: Path) -> None:
    client, _token = web(corpus)
    message = refusal(client.get(f"/documents/1/export?format=csv&edition={HUGE}"))
    assert HUGE not in message


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE], ids=["superscript-two", "5000-digits"])
def test_an_export_job_with_an_edition_that_is_no_whole_number_is_a_400(
    corpus: Path, value: str
) -> None:
    client, token = web(corpus)
    response = client.post(
        "/documents/1/export/jobs",
        data={"format": "pdf", "edition": value, "level": "paragraph"},
        headers={"Accept": "application/json", "X-CSRF-Token": token},
    )
    assert "edition must be a whole number from 1" in refusal(response)


def test_the_export_fields_still_take_a_draft_and_plain_numbers(corpus: Path) -> None:
    client, _token = web(corpus)
    assert client.get("/documents/1/export?format=csv&edition=draft").status_code == 200
    assert client.get("/documents/1/export?format=csv&alignment=1").status_code == 200
    assert client.get("/documents/1/export?format=csv&edition=1").status_code == 404


# -- search, the concordance's glossary button, composing a version ---------------------------


@pytest.mark.parametrize("field", ["document", "version", "limit", "offset"])
@pytest.mark.parametrize("value", [LONG, SUPERSCRIPT_TWO], ids=["4400-digits", "superscript-two"])
def test_a_search_with_a_number_that_is_no_whole_number_is_a_400(
    corpus: Path, field: str, value: str
) -> None:
    client, _token = web(corpus)
    message = refusal(client.get("/search", query_string={"q": "right", field: value}))
    assert f"{field} must be a whole number from 0" in message


def test_a_glossary_pair_for_a_document_of_thousands_of_digits_is_a_400(corpus: Path) -> None:
    client, token = web(corpus)
    before = snapshot(corpus)
    form = {"source": "Jezusi", "target": "jesus", "document": LONG, "csrf_token": token}
    message = refusal(client.post("/concordance/glossary", data=form))
    assert "document must be a whole number from 0" in message
    assert snapshot(corpus) == before


def test_a_compose_choice_for_a_row_of_thousands_of_digits_is_a_400(corpus: Path) -> None:
    client, token = web(corpus, "editor")
    before = snapshot(corpus)
    form = {"a": "6", "b": "7", "label": "x", "csrf_token": token, f"choice-{HUGE}": "b"}
    message = refusal(client.post("/documents/3/compose", data=form))
    assert "choice-" in message and "no such row" in message
    assert snapshot(corpus) == before


def test_a_flag_form_with_a_link_id_of_thousands_of_digits_is_a_400(corpus: Path) -> None:
    client, token = web(corpus, "reviewer")
    before = snapshot(corpus)
    form = {"link_id": HUGE, "category": "style", "severity": "minor", "csrf_token": token}
    message = refusal(client.post("/alignments/1/flags", data=form))
    assert "link_id must be a whole number from 1" in message
    assert snapshot(corpus) == before


# -- a form field over Werkzeug's max_form_memory_size ----------------------------------------

BIG_TITLE = "T" * 600_000  # 0.6 MB: under the 50 MB upload limit, over 500 KB for one field


def test_the_upload_form_with_a_huge_title_names_the_field_limit_not_the_upload_limit(
    corpus: Path,
) -> None:
    client, token = web(corpus)
    before = snapshot(corpus)
    form = {"csrf_token": token, "title": BIG_TITLE, "file": (io.BytesIO(b"Hello."), "a.txt")}
    response = client.post("/documents/upload", data=form, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "a form field is larger than 500 KB" in body
    assert "the title may have at most 500 characters" in body
    assert "50 MB" not in body and "MAX_CONTENT_LENGTH" not in body
    assert snapshot(corpus) == before


def test_the_api_upload_with_a_huge_title_names_the_field_limit(corpus: Path) -> None:
    from workbench.users import issue_token

    store = Store(corpus)
    try:
        bearer = issue_token(store, "translator")
    finally:
        store.close()
    client = create_app({"TESTING": True, "DATABASE": str(corpus)}).test_client()
    response = client.post(
        "/api/v1/documents",
        headers={"Authorization": f"Bearer {bearer}"},
        data={"title": BIG_TITLE, "file": (io.BytesIO(b"Hello."), "a.txt")},
    )
    assert response.status_code == 413
    message = response.get_json()["error"]["message"]
    assert "a form field is larger than 500 KB" in message
    assert "50 MB" not in message


def test_a_form_of_too_many_fields_is_told_so(corpus: Path) -> None:
    client, token = web(corpus)
    form = {f"extra-{n}": "x" for n in range(1_001)}
    form.update({"csrf_token": token, "file": (io.BytesIO(b"Hello."), "a.txt")})
    response = client.post("/documents/upload", data=form, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "the form has more than 1,000 fields" in body
    assert "50 MB" not in body

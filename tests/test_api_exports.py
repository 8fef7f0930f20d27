"""Downloads through the API: a script with a token gets the file the web export URL sends a
logged-in person, made by the same code (web/exports.py), so the limit on slow formats holds
for both; the fields are the web route's and are checked as the description says."""

from __future__ import annotations

import json

import pytest

from tests import test_api as shared
from tests.conftest import login
from workbench.web import exports
from workbench.web.openapi import description

#: The API tests' fixtures: the demo database (copied per test) and a token per role.
api = shared.api
error_of = shared.error_of
ROLES = shared.ROLES


def web_client(client):
    """Another client of the same app, logged in through the login form (the web route)."""
    web = client.application.test_client()
    login(web, "editor", "editor-demo")
    return web


def publish(client, h: dict) -> dict:
    """Edition 1 of alignment 1 (document 1), two links confirmed."""
    items = client.get("/api/v1/alignments/1/links?limit=3", headers=h).get_json()["items"]
    for link in items[1:]:
        client.post(f"/api/v1/alignments/1/links/{link['id']}/confirm", headers=h)
    response = client.post("/api/v1/alignments/1/editions", headers=h, json={})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def without_time(body: bytes) -> dict:
    data = json.loads(body)
    data.pop("generated_at", None)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_a_script_downloads_the_draft_with_its_token_as_the_web_route_sends_it(api, role) -> None:
    client, headers = api
    query = {"format": "csv", "level": "sentence", "excel": "1"}
    response = client.get("/api/v1/documents/1/export", query_string=query, headers=headers[role])
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert "draft" in response.headers["Content-Disposition"]
    assert response.mimetype == "text/csv"
    web = web_client(client).get("/documents/1/export", query_string=query)
    assert web.status_code == 200
    assert response.headers["Content-Disposition"] == web.headers["Content-Disposition"]
    assert response.data == web.data and response.data


def test_an_edition_downloads_by_its_id_as_the_web_route_by_its_number(api) -> None:
    client, headers = api
    h = headers["reviewer"]
    edition = publish(client, headers["editor"])
    query = {"format": "json", "flags": "yes"}
    by_id = client.get(f"/api/v1/editions/{edition['id']}/export", query_string=query, headers=h)
    assert by_id.status_code == 200, by_id.get_data(as_text=True)
    assert "ed1" in by_id.headers["Content-Disposition"]
    web_query = {**query, "edition": str(edition["number"])}
    web = web_client(client).get("/documents/1/export", query_string=web_query)
    assert by_id.headers["Content-Disposition"] == web.headers["Content-Disposition"]
    assert without_time(by_id.data) == without_time(web.data)
    by_number = client.get("/api/v1/documents/1/export", query_string=web_query, headers=h)
    assert without_time(by_number.data) == without_time(by_id.data)
    links = without_time(by_id.data)["links"]
    assert len(links) == 2  # an edition holds its confirmed links only


def test_the_web_export_url_still_wants_a_login_and_the_api_a_token(api) -> None:
    """A token opens the API, not the pages: the web URL sends it to the login form."""
    client, headers = api
    web = client.get("/documents/1/export?format=json", headers=headers["editor"])
    assert web.status_code == 302 and "/login" in web.headers["Location"]
    assert client.get("/api/v1/documents/1/export?format=json").status_code == 401
    reader = web_client(client)  # a session reads the API too, as every GET
    assert reader.get("/api/v1/documents/1/export?format=json").status_code == 200


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v1/documents/1/export", 400, "format is required"),
        ("/api/v1/documents/1/export?format=doc", 400, "format must be one of html, pdf"),
        ("/api/v1/documents/1/export?format=json&edition=7", 404, "no edition 7"),
        ("/api/v1/documents/1/export?format=json&edition=first", 400, "edition must match"),
        ("/api/v1/documents/1/export?format=json&alignment=0", 400, "alignment must be a whole"),
        ("/api/v1/documents/1/export?format=json&flags=maybe", 400, "flags must be one of"),
        ("/api/v1/documents/1/export?format=html&layout=grid", 400, "layout must be one of"),
        ("/api/v1/documents/999/export?format=json", 404, "no document"),
        ("/api/v1/editions/999/export?format=json", 404, "no edition with id 999"),
        ("/api/v1/editions/1/export", 400, "format is required"),
    ],
)
def test_what_a_download_is_refused_for(api, url: str, status: int, message: str) -> None:
    client, headers = api
    assert message in error_of(client.get(url, headers=headers["translator"]), status)


def test_slow_formats_take_turns_with_the_web_and_a_busy_server_says_when_to_retry(
    api, monkeypatch
) -> None:
    """One limit on PDFs, DOCX and EPUBs whoever asks: with every turn taken (here, by the
    test), the API and the web route both wait, then answer 503 with Retry-After."""
    client, headers = api
    limit = exports.SlowLimit(size=1, queue=2)
    monkeypatch.setattr(exports, "LIMIT", limit)
    monkeypatch.setattr(exports, "GET_WAIT", 0.05)
    with limit.turn(None):
        response = client.get("/api/v1/documents/1/export?format=pdf", headers=headers["editor"])
        assert "other PDF, DOCX or EPUB" in error_of(response, 503)
        assert response.headers["Retry-After"] == str(exports.RETRY_AFTER)
        web = web_client(client).get("/documents/1/export?format=pdf")
        assert web.status_code == 503 and web.headers["Retry-After"] == str(exports.RETRY_AFTER)
    assert limit.waiting == 0


def test_the_description_offers_the_web_routes_fields_and_says_what_comes_back() -> None:
    paths = description()["paths"]
    document = paths["/documents/{document_id}/export"]["get"]
    names = {p["name"] for p in document["parameters"] if p["in"] == "query"}
    assert names == set(exports.FIELDS)
    edition = paths["/editions/{edition_id}/export"]["get"]
    assert {p["name"] for p in edition["parameters"] if p["in"] == "query"} == set(
        exports.FIELDS
    ) - {"edition", "alignment", "approved"}
    for operation in (document, edition):
        ok = operation["responses"]["200"]
        assert {"text/csv", "application/pdf", "application/json"} <= set(ok["content"])
        assert "Content-Disposition" in ok["headers"]
        assert "503" in operation["description"] and "Retry-After" in operation["description"]

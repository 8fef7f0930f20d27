"""The OpenAPI description is complete and true: every /api/v1 route is described, nothing
described is missing, and generated requests (schemathesis) never make the server fail, get
answers of the documented shape and content type, and an undocumented method gets a 405 with
an Allow header. tests/test_api_inputs.py probes the documented limits one past the edge."""

from __future__ import annotations

import io
import re
from pathlib import Path

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    unsupported_method,
)

from tests import test_api as shared
from workbench import aligning, services
from workbench.store import Store
from workbench.users import add_user, issue_token
from workbench.web import create_app
from workbench.web.openapi import description

SOURCE = "".join(f"Paragrafi {i}: Deklarata e Përgjithshme, neni {i}.\n\n" for i in range(1, 9))
TARGET = "".join(f"Paragraph {i}: the Universal Declaration, article {i}.\n\n" for i in range(1, 9))


def described() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in description()["paths"].items()
        for method in operations
    }


def routed(app) -> set[tuple[str, str]]:
    """Every /api/v1 route and method of the app, in OpenAPI's path syntax."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        found |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_every_route_is_described_and_nothing_else(app) -> None:
    assert routed(app) == described()


def test_each_write_names_its_permission(app) -> None:
    for path, operations in description()["paths"].items():
        for method, operation in operations.items():
            assert operation["description"].startswith("Permission: ")
            if method == "post":
                assert "read" not in operation["description"], path


@pytest.mark.parametrize("edit", ["merge", "split", "shift", "detach", "realign"])
def test_structural_edits_document_confirmed_ok_and_its_409(edit: str) -> None:
    operation = description()["paths"][f"/alignments/{{alignment_id}}/links/{{link_id}}/{edit}"]
    body = operation["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["confirmed_ok"]["type"] == "boolean"
    assert "confirmed_ok" not in body["required"]
    assert "409" in operation["post"]["description"]
    assert '"confirmed_ok": true' in operation["post"]["description"]


def test_the_description_is_served_without_a_token(client) -> None:
    body = client.get("/api/v1/openapi.json").get_json()
    assert body["openapi"] == "3.1.0" and body["paths"]


# -- schemathesis ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api_app(tmp_path_factory: pytest.TempPathFactory):
    """A small aligned Albanian–English text, an editor with a token, and the app on it."""
    path: Path = tmp_path_factory.mktemp("schemathesis") / "api.db"
    store = Store(path)
    first = services.import_file(
        store, SOURCE.encode(), filename="s.txt", language="sq", role="source"
    )
    services.import_file(
        store,
        TARGET.encode(),
        filename="t.txt",
        document_id=first.document,
        language="en",
        role="translation",
    )
    aligning.align_versions(store, first.document)
    add_user(store, "ed", "editor", "password-1", by="test")
    token = issue_token(store, "ed")
    store.close()
    app = create_app({"TESTING": False, "DATABASE": str(path)})
    app.config["API_TOKEN"] = token
    return app


#: Generated from the description itself; requests go to the fixture's app in-process. One
#: test per operation, named by it (`schema.parametrize()` gives all of them one node id, which
#: pytest-xdist then runs once instead of once per operation).
schema = schemathesis.openapi.from_dict(description())
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_generated_requests_never_get_a_server_error(operation, api_app) -> None:
    operation.schema.app = api_app
    headers = {"Authorization": f"Bearer {api_app.config['API_TOKEN']}"}
    checks = [
        not_a_server_error,
        response_schema_conformance,
        content_type_conformance,
        unsupported_method,
    ]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=10,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def requests_answered_as_described(case) -> None:
        case.call_and_validate(headers=headers, checks=checks, app=api_app)

    requests_answered_as_described()


# -- every answer has the documented shape -------------------------------------------------

#: The API tests' fixtures: the demo database (copied per test) and a token per role.
api = shared.api


def answer_schema(method: str, path: str, status: int) -> dict:
    responses = description()["paths"][path][method]["responses"]
    return responses[str(status)]["content"]["application/json"]["schema"]


def check(response, method: str, path: str) -> dict:
    """The response's JSON, after checking it against the documented schema of its status."""
    assert response.status_code in (200, 201), (path, response.get_data(as_text=True))
    body = response.get_json()
    validator = jsonschema_rs.validator_for(answer_schema(method, path, response.status_code))
    errors = [error.message for error in validator.iter_errors(body)]
    assert not errors, (method, path, errors[:3])
    return body


def test_every_answer_has_the_documented_shape_and_no_undocumented_field(api) -> None:
    """Every field the server answers is in the description (`allow_self_approval` of a
    document and a revision too), with its type; nothing documented is missing."""
    client, headers = api
    h, t, r = headers["editor"], headers["translator"], headers["reviewer"]

    def get(path: str, url: str) -> dict:
        return check(client.get("/api/v1" + url, headers=h), "get", path)

    def post(path: str, url: str, who: dict, body: dict | None = None) -> dict:
        return check(client.post("/api/v1" + url, headers=who, json=body or {}), "post", path)

    links = get("/alignments/{alignment_id}/links", "/alignments/1/links?limit=20")["items"]
    first, second = links[3]["id"], links[10]["id"]
    confirmed = post(
        "/alignments/{alignment_id}/links/{link_id}/confirm",
        f"/alignments/1/links/{first}/confirm",
        r,
    )
    assert confirmed["changed"] == 1
    post(
        "/alignments/{alignment_id}/links/{link_id}/unconfirm",
        f"/alignments/1/links/{first}/unconfirm",
        r,
    )
    post(
        "/alignments/{alignment_id}/links/{link_id}/confirm",
        f"/alignments/1/links/{first}/confirm",
        r,
    )
    post(
        "/alignments/{alignment_id}/links/{link_id}/merge", f"/alignments/1/links/{second}/merge", t
    )
    post("/alignments/{alignment_id}/undo", "/alignments/1/undo", t)
    flag = post(
        "/alignments/{alignment_id}/flags",
        "/alignments/1/flags",
        r,
        {"link_id": first, "category": "style", "severity": "minor", "comment": "Look."},
    )
    post("/flags/{flag_id}/comments", f"/flags/{flag['id']}/comments", t, {"body": "Agreed."})
    for _ in range(2):
        post("/flags/{flag_id}/status", f"/flags/{flag['id']}/status", r, {"status": "resolved"})
    segments = get("/versions/{version_id}/segments", "/versions/2/segments?limit=10")["items"]
    proposed = [
        post(
            "/segments/{segment_id}/revisions",
            f"/segments/{segment['id']}/revisions",
            t,
            {"text": "A wording of our own.", "base_revision": 0, "alignment": 1},
        )
        for segment in segments[4:6]
    ]
    post(
        "/revisions/{revision_id}/comments",
        f"/revisions/{proposed[0]['id']}/comments",
        h,
        {"body": "Fine."},
    )
    for _ in range(2):
        post("/revisions/{revision_id}/approve", f"/revisions/{proposed[0]['id']}/approve", h)
        post(
            "/revisions/{revision_id}/reject",
            f"/revisions/{proposed[1]['id']}/reject",
            h,
            {"reason_code": "style"},
        )
    edition = post(
        "/alignments/{alignment_id}/editions", "/alignments/1/editions", h, {"note": "One."}
    )
    upload = {"file": (io.BytesIO(b"Hello.\n\nWorld.\n"), "h.txt"), "lang": "en"}
    check(client.post("/api/v1/documents", headers=t, data=upload), "post", "/documents")
    for path, url in (
        ("/documents", "/documents"),
        ("/documents/{document_id}", "/documents/1"),
        ("/documents/{document_id}/versions", "/documents/1/versions"),
        ("/versions/{version_id}", "/versions/1"),
        ("/versions/{version_id}/segments", "/versions/1/segments?level=sentence"),
        ("/segments/{segment_id}", f"/segments/{segments[4]['id']}"),
        ("/documents/{document_id}/alignments", "/documents/1/alignments"),
        ("/alignments/{alignment_id}", "/alignments/1"),
        ("/alignments/{alignment_id}/links", "/alignments/1/links?level=sentence"),
        ("/alignments/{alignment_id}/links/{link_id}", f"/alignments/1/links/{first}"),
        ("/alignments/{alignment_id}/flags", "/alignments/1/flags"),
        ("/documents/{document_id}/flags", "/documents/1/flags"),
        ("/flags/{flag_id}", f"/flags/{flag['id']}"),
        ("/revisions", "/revisions"),
        ("/revisions/{revision_id}", f"/revisions/{proposed[0]['id']}"),
        ("/editions", "/editions"),
        ("/editions/{edition_id}", f"/editions/{edition['id']}"),
        ("/search", "/search?q=Jesus"),
        ("/search", "/search?q=Jes.s&regex=1&lang=en"),
        ("/concordance", "/concordance?term=Jezusi&lang=sq&target_lang=en"),
    ):
        get(path, url)
    check(  # last: aligning the pair again gives unconfirmed stretches new links
        client.post("/api/v1/documents/1/alignments", headers=t, json={}),
        "post",
        "/documents/{document_id}/alignments",
    )
    document = get("/documents/{document_id}", "/documents/1")
    assert document["allow_self_approval"] == 0
    described = answer_schema("get", "/documents/{document_id}", 200)["properties"]
    assert "four-eyes" in described["allow_self_approval"]["description"]

"""The OpenAPI description is complete and true: every /api/v1 route is described, nothing
described is missing, and generated requests (schemathesis) never make the server fail, get
answers of the documented shape and content type, and an undocumented method gets a 405 with
an Allow header. tests/test_api_inputs.py probes the documented limits one past the edge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    unsupported_method,
)

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


#: Generated from the description itself; requests go to the fixture's app in-process (the lazy
#: `from_fixture` loader does not work with pytest 9 yet).
schema = schemathesis.openapi.from_dict(description())


@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_generated_requests_never_get_a_server_error(case, api_app) -> None:
    case.operation.schema.app = api_app
    headers = {"Authorization": f"Bearer {api_app.config['API_TOKEN']}"}
    checks = [
        not_a_server_error,
        response_schema_conformance,
        content_type_conformance,
        unsupported_method,
    ]
    case.call_and_validate(headers=headers, checks=checks, app=api_app)

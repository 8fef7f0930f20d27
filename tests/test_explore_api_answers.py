"""Answers a script author met that the description or the status code got wrong.

- A document's flags list shows a span flag's paragraph cut around the span (`parts`,
  `stale`), not both sides' texts: the description says so, so strict clients validate it.
- A flag's body is described with every field the route reads: a span by its typed words
  (`quote`) and a flag by position ranges were taken but not described.
- Undo on an alignment that does not exist is a 404 naming it, as every other route of an
  alignment answers, not a 400 "nothing of yours to undo".
- Aligning with version 0 names no version (404), as ids start at 1: it aligned the default
  pair again.
"""

from __future__ import annotations

import pytest

from tests import test_api as shared
from tests.test_api_exports import web_client
from tests.test_api_openapi import check
from workbench.web.openapi import description

api = shared.api
error_of = shared.error_of


def test_a_span_flag_in_a_documents_flags_has_the_documented_shape(api) -> None:
    client, headers = api
    link = client.get("/api/v1/alignments/1/links?limit=5", headers=headers["editor"])
    target = link.get_json()["items"][4]
    assert target["target"], "a link with target text"
    span = {"side": "target", "position": target["tgt_start"], "start": 0, "end": 3}
    body = {"category": "style", "severity": "minor", "link_id": target["id"], **span}
    raised = client.post("/api/v1/alignments/1/flags", headers=headers["reviewer"], json=body)
    assert raised.status_code == 201, raised.get_data(as_text=True)
    whole = {"category": "style", "severity": "minor", "link_id": target["id"]}
    client.post("/api/v1/alignments/1/flags", headers=headers["reviewer"], json=whole)
    listed = client.get("/api/v1/documents/1/flags", headers=headers["editor"])
    items = check(listed, "get", "/documents/{document_id}/flags")["items"]
    shown = {item["id"]: item for item in items}
    flagged = shown[raised.get_json()["id"]]
    assert flagged["parts"][1] == target["target"][0][:3] and flagged["stale"] is False
    assert "source_texts" not in flagged
    assert any("source_texts" in item for item in items)


@pytest.mark.parametrize("role", ["translator", "reviewer"])
def test_undo_on_an_alignment_that_does_not_exist_is_a_404(api, role: str) -> None:
    client, headers = api
    response = client.post("/api/v1/alignments/999/undo", headers=headers[role])
    assert error_of(response, 404) == "no alignment with id 999"
    web = web_client(client)
    page = web.get("/alignments/1/review").get_data(as_text=True)
    csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
    answer = web.post(
        "/alignments/999/undo", headers={"X-CSRF-Token": csrf, "Accept": "application/json"}
    )
    assert answer.status_code == 404
    assert answer.get_json()["error"] == {"status": 404, "message": "no alignment with id 999"}


def test_a_flag_is_raised_by_typed_words_as_the_description_says(api) -> None:
    client, headers = api
    operation = description()["paths"]["/alignments/{alignment_id}/flags"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["properties"]
    ranges = {"src_start", "src_end", "tgt_start", "tgt_end"}
    span = {"side", "position", "start", "end", "quote", "occurrence"}
    assert set(body) == {"category", "severity", "link_id", "comment"} | ranges | span
    link = client.get("/api/v1/alignments/1/links?limit=5", headers=headers["editor"])
    target = link.get_json()["items"][4]
    words = target["target"][0].split()[1]
    sent = {"category": "style", "severity": "minor", "link_id": target["id"]}
    raised = client.post(
        "/api/v1/alignments/1/flags",
        headers=headers["reviewer"],
        json={**sent, "side": "target", "quote": words},
    )
    flag = check(raised, "post", "/alignments/{alignment_id}/flags")
    assert (flag["quote"], flag["span_side"]) == (words, "target")


@pytest.mark.parametrize("body", [{"source": 0}, {"target": 0}, {"source": 0, "target": 0}])
def test_aligning_with_version_0_names_no_version_rather_than_the_default(api, body) -> None:
    """`{"source": 0}` aligned the default pair again (0 read as "not given"), while
    `{"source": 0, "target": 0}` was a 404: an id starts at 1, as the schema's minimum says,
    so 0 is refused as the input it is (400), naming the field, and nothing is aligned."""
    client, headers = api
    before = client.get("/api/v1/alignments/1", headers=headers["editor"]).get_json()
    response = client.post("/api/v1/documents/1/alignments", headers=headers["editor"], json=body)
    field = next(iter(body))
    assert error_of(response, 400).startswith(f"{field} must be a whole number from 1 to ")
    after = client.get("/api/v1/alignments/1", headers=headers["editor"]).get_json()
    assert after["updated"] == before["updated"]

"""What the API does with what clients send: every unusable request body is a 400 (or 415) in
the API's error shape, never a 500, and nothing is stored; values keep their JSON types; text is
stored in Unicode NFC; a revision names an alignment of its own paragraph; the description's
limits, statuses and permissions are the server's.

Flask's test client on a copy of the demo database (tests/test_search.py's corpus), and the
real app over HTTP (werkzeug in a thread) where the raw bytes on the wire matter.
"""

from __future__ import annotations

import http.client
import io
import json
import re
import unicodedata
from urllib.parse import urlsplit

import jsonschema_rs
import pytest

from tests import test_api as shared
from tests.browser import serving
from tests.conftest import login
from workbench.store import Store
from workbench.web.openapi import description

#: The API tests' fixtures: the demo database (copied per test) and a token per role.
api = shared.api
error_of = shared.error_of

RAW = {"Content-Type": "application/json"}


def auth(headers: dict, role: str) -> dict:
    return {**headers[role], **RAW}


def segment_id(client, h, version: int, position: int) -> int:
    page = client.get(f"/api/v1/versions/{version}/segments?limit=1&offset={position}", headers=h)
    return page.get_json()["items"][0]["id"]


def link_id(client, h, alignment: int = 1, position: int = 5) -> int:
    page = client.get(f"/api/v1/alignments/{alignment}/links?limit=1&offset={position}", headers=h)
    return page.get_json()["items"][0]["id"]


def new_flag(client, headers) -> int:
    body = {"link_id": link_id(client, headers["editor"]), "category": "style", "severity": "minor"}
    response = client.post("/api/v1/alignments/1/flags", headers=headers["editor"], json=body)
    assert response.status_code == 201
    return response.get_json()["id"]


def thread_of(client, headers, flag: int) -> list:
    return client.get(f"/api/v1/flags/{flag}", headers=headers["editor"]).get_json()["thread"]


def new_revision(client, headers, text: str = "A wording of our own.") -> int:
    segment = segment_id(client, headers["editor"], 2, 4)
    body = {"text": text, "base_revision": 0}
    response = client.post(
        f"/api/v1/segments/{segment}/revisions", headers=headers["translator"], json=body
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["id"]


def schema_of(path: str, method: str = "post") -> dict:
    operation = description()["paths"][path][method]
    return operation["requestBody"]["content"]["application/json"]["schema"]


# -- bodies that are not usable JSON objects ---------------------------------------------------

SURROGATES = [
    pytest.param('{"body": "\\ud800"}', "body", id="lone-high"),
    pytest.param('{"body": "abc \\udc80"}', "body", id="lone-low"),
    pytest.param('{"body": ["ok", {"deep": "\\udfff"}]}', "body", id="nested"),
    pytest.param('{"\\ud800": "x", "body": "fine"}', "\\ud800", id="in-a-key"),
]


@pytest.mark.parametrize(("raw", "field"), SURROGATES)
def test_a_lone_surrogate_in_json_is_a_400_naming_the_field(api, raw, field) -> None:
    client, headers = api
    flag = new_flag(client, headers)
    response = client.post(
        f"/api/v1/flags/{flag}/comments", headers=auth(headers, "editor"), data=raw
    )
    message = error_of(response, 400)
    assert message.startswith(field) and "surrogate" in message
    assert thread_of(client, headers, flag) == []


def test_a_lone_surrogate_in_revision_text_note_or_reason_stores_nothing(api) -> None:
    client, headers = api
    segment = segment_id(client, headers["editor"], 2, 4)
    url = f"/api/v1/segments/{segment}/revisions"
    for raw in (
        '{"text": "abc \\udc80", "base_revision": 0}',
        '{"text": "A fine text.", "base_revision": 0, "note": "\\ud800"}',
    ):
        error_of(client.post(url, headers=auth(headers, "translator"), data=raw), 400)
    revision = new_revision(client, headers)
    reject = f"/api/v1/revisions/{revision}/reject"
    raw = '{"reason_code": "other", "reason_text": "\\udbff"}'
    assert "reason_text" in error_of(
        client.post(reject, headers=auth(headers, "editor"), data=raw), 400
    )
    comment = f"/api/v1/revisions/{revision}/comments"
    error_of(client.post(comment, headers=auth(headers, "editor"), data='{"body": "\\ud800"}'), 400)
    found = client.get(f"/api/v1/revisions?segment={segment}", headers=headers["editor"])
    assert [r["id"] for r in found.get_json()["items"]] == [revision]
    assert (
        client.get(f"/api/v1/revisions/{revision}", headers=headers["editor"]).get_json()[
            "comments"
        ]
        == []
    )


def test_a_surrogate_pair_is_one_character_and_welcome(api) -> None:
    client, headers = api
    flag = new_flag(client, headers)
    response = client.post(
        f"/api/v1/flags/{flag}/comments",
        headers=auth(headers, "editor"),
        data='{"body": "well done \\ud83d\\ude00"}',
    )
    assert response.status_code == 201
    assert thread_of(client, headers, flag)[0]["body"] == "well done \U0001f600"


DEEP = [
    pytest.param("[" * 100_000 + "]" * 100_000, id="arrays"),
    pytest.param('{"a":' * 100_000 + "1" + "}" * 100_000, id="objects"),
    pytest.param('{"body": ' + "[" * 100_000 + "]" * 100_000 + "}", id="inside-a-field"),
]


@pytest.mark.parametrize("raw", DEEP)
def test_json_nested_too_deeply_is_a_400(api, raw) -> None:
    client, headers = api
    flag = new_flag(client, headers)
    response = client.post(
        f"/api/v1/flags/{flag}/comments", headers=auth(headers, "editor"), data=raw
    )
    assert "send a JSON object" in error_of(response, 400)
    assert thread_of(client, headers, flag) == []


def test_json_nested_as_deeply_as_the_parser_reads_is_still_checked(api) -> None:
    client, headers = api
    flag = new_flag(client, headers)
    raw = '{"body": ' + "[" * 500 + '"\\ud800"' + "]" * 500 + "}"
    response = client.post(
        f"/api/v1/flags/{flag}/comments", headers=auth(headers, "editor"), data=raw
    )
    assert "surrogate" in error_of(response, 400)
    raw = '{"body": ' + "[" * 500 + "]" * 500 + "}"
    response = client.post(
        f"/api/v1/flags/{flag}/comments", headers=auth(headers, "editor"), data=raw
    )
    assert error_of(response, 400) == "body must be a string, not an array"


@pytest.mark.parametrize(
    "raw",
    ["", "not json", '"a string"', "[1, 2]", "null", '{"body": "x"', b'{"body": "\xff"}'],
    ids=["empty", "text", "string", "array", "null", "cut", "not-utf8"],
)
def test_anything_but_a_json_object_is_a_400(api, raw) -> None:
    client, headers = api
    flag = new_flag(client, headers)
    response = client.post(
        f"/api/v1/flags/{flag}/comments", headers=auth(headers, "editor"), data=raw
    )
    assert "send a JSON object" in error_of(response, 400)


@pytest.mark.parametrize(
    ("content_type", "raw"),
    [("text/plain", "note=hello"), ("application/xml", "<note/>"), (None, '{"note": "x"}')],
    ids=["text-plain", "xml", "no-content-type"],
)
def test_a_body_that_is_neither_json_nor_form_fields_is_a_415(api, content_type, raw) -> None:
    client, headers = api
    h = headers["editor"]
    client.post(f"/api/v1/alignments/1/links/{link_id(client, h)}/confirm", headers=h)
    sent = {**h, **({"Content-Type": content_type} if content_type else {})}
    response = client.post("/api/v1/alignments/1/editions", headers=sent, data=raw)
    assert "send a JSON object" in error_of(response, 415)
    assert client.get("/api/v1/editions?alignment=1", headers=h).get_json()["total"] == 0
    # form fields and JSON are what writes take; a write with no body at all is fine
    published = client.post("/api/v1/alignments/1/editions", headers=h, data={"note": "first"})
    assert published.status_code == 201 and published.get_json()["note"] == "first"


# -- JSON types ------------------------------------------------------------------------------


def _revision_url(client, headers) -> str:
    return f"/api/v1/segments/{segment_id(client, headers['editor'], 2, 4)}/revisions"


WRONG_TYPES = [
    # (what is posted where, the raw JSON body, the message)
    ("flag comment", '{"body": 123}', "body must be a string, not a number (123)"),
    ("flag comment", '{"body": {"a": 1}}', "body must be a string, not an object"),
    ("flag comment", '{"body": true}', "body must be a string, not a boolean (true)"),
    ("flag comment", '{"body": null}', "body must be a string, not null"),
    ("flag comment", '{"body": ["a"]}', "body must be a string, not an array"),
    ("flag comment", '{"body": NaN}', "body: NaN is not JSON"),
    ("flag comment", '{"body": Infinity}', "body: Infinity is not JSON"),
    ("flag comment", '{"body": -Infinity}', "body: -Infinity is not JSON"),
    ("flag comment", '{"body": 1e999}', "body: 1e999 is too large"),
    ("flag status", '{"status": false}', "status must be a string, not a boolean (false)"),
    ("flag status", '{"status": "resolved", "comment": 5}', "comment must be a string"),
    ("merge", '{"direction": false}', "direction must be a string, not a boolean (false)"),
    ("shift", '{"side": 0}', "side must be a string, not a number (0)"),
    ("split", '{"src_at": "one", "tgt_at": 1}', "src_at must be a whole number, not a string"),
    ("split", '{"src_at": "1", "tgt_at": 1}', "src_at must be a whole number, not a string"),
    ("split", '{"src_at": -1, "tgt_at": 1}', "src_at must be a whole number from 0 to"),
    ("split", '{"src_at": 1.5, "tgt_at": 1}', "src_at must be a whole number, not a number"),
    ("split", '{"src_at": 1, "tgt_at": 1, "confirmed_ok": "false"}', "confirmed_ok must be true"),
    ("merge", '{"confirmed_ok": "false"}', "confirmed_ok must be true or false, not a string"),
    ("merge", '{"confirmed_ok": "1"}', "confirmed_ok must be true or false, not a string"),
    ("align", '{"target": null}', "target must be a whole number, not null"),
    ("align", '{"source": true}', "source must be a whole number, not a boolean (true)"),
    ("align", '{"source": -1}', "source must be a whole number from 1"),
    ("align", '{"source": 0}', "source must be a whole number from 1 to"),  # an id: from 1
    ("align", '{"source": 99999999999999999999}', "source must be a whole number from 1"),
    ("align", '{"source": "1"}', "source must be a whole number, not a string"),
    ("propose", '{"text": 123, "base_revision": 0}', "text must be a string, not a number"),
    ("propose", '{"text": "x y", "base_revision": 0, "note": []}', "note must be a string"),
    ("propose", '{"text": "x y", "base_revision": "0"}', "base_revision must be a whole number"),
    ("propose", '{"text": "x y", "base_revision": true}', "base_revision must be a whole"),
    ("propose", '{"text": "x y", "base_revision": 0, "alignment": 1.0}', "alignment must be"),
    ("raise", '{"category": "style", "severity": "minor", "link_id": "x"}', "link_id must be"),
    (
        "raise",
        '{"category": "style", "severity": "minor", "link_id": "1669"}',
        "link_id must be a whole number, not a string",
    ),
    (
        "raise",
        '{"category": "style", "severity": "minor", "side": "target", "position": "0"}',
        "position must be a whole number, not a string",
    ),
    ("raise", '{"category": ["style"], "severity": "minor"}', "category must be a string"),
    (
        "raise",
        '{"category": "style", "severity": "minor", "link_id": 0}',
        "link_id must be a whole number from 1 to",
    ),
    (
        "propose",
        '{"text": "x y", "base_revision": 0, "alignment": 0}',
        "alignment must be a whole number from 1 to",
    ),
    ("publish", '{"note": 5}', "note must be a string, not a number (5)"),
]


@pytest.mark.parametrize(("where", "raw", "message"), WRONG_TYPES)
def test_a_value_of_the_wrong_json_type_is_refused_not_coerced(api, where, raw, message) -> None:
    client, headers = api
    h = headers["editor"]
    link = link_id(client, h)
    urls = {
        "flag comment": lambda: f"/api/v1/flags/{new_flag(client, headers)}/comments",
        "flag status": lambda: f"/api/v1/flags/{new_flag(client, headers)}/status",
        "merge": lambda: f"/api/v1/alignments/1/links/{link}/merge",
        "shift": lambda: f"/api/v1/alignments/1/links/{link}/shift",
        "split": lambda: f"/api/v1/alignments/1/links/{link}/split",
        "align": lambda: "/api/v1/documents/3/alignments",
        "propose": lambda: _revision_url(client, headers),
        "raise": lambda: "/api/v1/alignments/1/flags",
        "publish": lambda: "/api/v1/alignments/1/editions",
    }
    url = urls[where]()
    before = client.get("/api/v1/alignments/1/links?limit=500", headers=h).get_json()
    response = client.post(url, headers=auth(headers, "editor"), data=raw)
    assert message in error_of(response, 400)
    assert client.get("/api/v1/alignments/1/links?limit=500", headers=h).get_json() == before


def test_the_pages_scripts_post_to_refuse_wrong_types_too(api) -> None:
    """The review page's endpoints read the same fields the same way (session + CSRF)."""
    client, headers = api
    flag = new_flag(client, headers)
    csrf = login(client, "editor", "editor-demo")
    page = {"X-CSRF-Token": csrf, "Accept": "application/json"}
    response = client.post(f"/flags/{flag}/comments", headers=page, json={"body": 123})
    assert response.status_code == 400 and "body must be a string" in response.get_data(
        as_text=True
    )
    raw = '{"body": "\\ud800"}'
    response = client.post(f"/flags/{flag}/comments", headers={**page, **RAW}, data=raw)
    assert response.status_code == 400 and "surrogate" in response.get_data(as_text=True)
    segment = segment_id(client, headers["editor"], 2, 4)
    body = {"text": ["x"], "base_revision": 0}
    response = client.post(f"/segments/{segment}/revisions", headers=page, json=body)
    assert "text must be a string" in error_of(response, 400)
    body = {"link_id": str(link_id(client, headers["editor"])), "category": "style"}
    response = client.post("/alignments/1/flags", headers=page, json={**body, "severity": "minor"})
    assert "link_id must be a whole number, not a string" in error_of(response, 400)
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post(f"/segments/{segment}/revisions", headers={**page, **RAW}, data=deep)
    assert response.status_code == 400
    assert thread_of(client, headers, flag) == []


def test_form_fields_with_bytes_that_are_not_utf8_are_no_500(api) -> None:
    client, headers = api
    flag = new_flag(client, headers)
    for data in (b"body=%ED%A0%80", b"body=\xed\xa0\x80"):
        response = client.post(
            f"/api/v1/flags/{flag}/comments",
            headers={**headers["editor"], "Content-Type": "application/x-www-form-urlencoded"},
            data=data,
        )
        assert response.status_code in (201, 400), response.get_data(as_text=True)
        for comment in thread_of(client, headers, flag):
            comment["body"].encode("utf-8")  # whatever was stored is Unicode text


# -- over real HTTP -----------------------------------------------------------------------------


def test_over_http_bad_json_is_a_400_and_405_says_what_is_allowed(api, corpus) -> None:
    client, headers = api
    flag = new_flag(client, headers)
    token = headers["editor"]["Authorization"]
    with serving(corpus) as url:
        host = urlsplit(url)

        def send(method: str, path: str, body: bytes | None = None) -> tuple[int, dict, dict]:
            connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
            try:
                sent = {"Authorization": token, "Content-Type": "application/json"}
                connection.request(method, path, body=body, headers=sent)
                response = connection.getresponse()
                return response.status, dict(response.getheaders()), json.loads(response.read())
            finally:
                connection.close()

        status, _, body = send("POST", f"/api/v1/flags/{flag}/comments", b'{"body": "\\ud800"}')
        assert status == 400 and body["error"]["status"] == 400
        deep = b"[" * 100_000 + b"]" * 100_000
        status, _, body = send("POST", f"/api/v1/flags/{flag}/comments", deep)
        assert status == 400 and body["error"]["message"].startswith("send a JSON object")
        for method, path, allowed in (
            ("TRACE", f"/api/v1/flags/{flag}", {"GET", "HEAD", "OPTIONS"}),
            ("DELETE", "/api/v1/documents/1", {"GET", "HEAD", "OPTIONS"}),
            ("PUT", "/api/v1/alignments/1/undo", {"POST", "OPTIONS"}),
        ):
            status, sent, body = send(method, path)
            assert status == 405 and body["error"]["status"] == 405, (method, path)
            assert {m.strip() for m in sent["Allow"].split(",")} == allowed
    assert thread_of(client, headers, flag) == []


def test_a_405_page_says_what_is_allowed_too(client, as_role) -> None:
    as_role("translator")
    response = client.open("/queue", method="TRACE")
    assert response.status_code == 405 and "<html" in response.get_data(as_text=True)
    assert {m.strip() for m in response.headers["Allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}


# -- revisions: their alignment, NFC, statuses --------------------------------------------------


def test_a_revision_names_an_alignment_of_its_own_paragraph(api) -> None:
    """Mark (document 3) has the Albanian source (version 5) and two English translations
    (6, the ASV: alignment 3; 7, the BBE: alignment 4); alignment 1 is the UDHR's."""
    client, headers = api
    h = headers["translator"]
    asv = segment_id(client, h, 6, 2)
    source = segment_id(client, h, 5, 2)
    url = f"/api/v1/segments/{asv}/revisions"

    def propose(alignment: int, segment: int = asv):
        body = {"text": "And it came to pass.", "base_revision": 0, "alignment": alignment}
        return client.post(f"/api/v1/segments/{segment}/revisions", headers=h, json=body)

    assert "no alignment with id 99999" in error_of(propose(99999), 404)
    message = error_of(propose(1), 400)
    assert "alignment 1 is not an alignment of this paragraph's document" in message
    message = error_of(propose(4), 400)
    assert "alignment 4 is not an alignment of this paragraph's version" in message
    assert client.get(f"/api/v1/revisions?segment={asv}", headers=h).get_json()["total"] == 0
    made = propose(3)
    assert made.status_code == 201 and made.get_json()["alignment_id"] == 3
    assert (
        client.post(url, headers=h, json={"text": "Another.", "base_revision": 0}).status_code
        == 201
    )
    # the source paragraph is in both of the document's alignments
    assert propose(4, source).status_code == 201


def test_revision_text_and_comments_are_stored_in_nfc_so_search_finds_them(api) -> None:
    client, headers = api
    decomposed = "Ame\u0301lie has the right to life, liberty and se\u0301curite\u0301."
    composed = unicodedata.normalize("NFC", decomposed)
    assert composed != decomposed
    revision = new_revision(client, headers, decomposed)
    stored = client.get(f"/api/v1/revisions/{revision}", headers=headers["editor"]).get_json()
    assert stored["text"] == composed
    client.post(
        f"/api/v1/revisions/{revision}/comments",
        headers=headers["editor"],
        json={"body": "Cafe\u0301 au lait"},
    )
    stored = client.get(f"/api/v1/revisions/{revision}", headers=headers["editor"]).get_json()
    assert stored["comments"][0]["body"] == "Caf\u00e9 au lait"
    flag = new_flag(client, headers)
    body = {"body": "nai\u0308ve"}
    client.post(f"/api/v1/flags/{flag}/comments", headers=headers["editor"], json=body)
    assert thread_of(client, headers, flag)[0]["body"] == "na\u00efve"
    approved = client.post(f"/api/v1/revisions/{revision}/approve", headers=headers["editor"])
    assert approved.get_json()["status"] == "approved"
    found = client.get("/api/v1/search?q=Amélie&regex=1", headers=headers["reviewer"]).get_json()
    assert [hit["segment"] for hit in found["items"]] == [stored["segment_id"]]


def test_revisions_are_listed_by_a_status_they_can_have_and_no_other(api) -> None:
    client, headers = api
    h = headers["reviewer"]
    new_revision(client, headers)
    statuses = description()["paths"]["/revisions"]["get"]["parameters"][0]["schema"]["enum"]
    assert "pending" in statuses
    for status in statuses:
        response = client.get(f"/api/v1/revisions?status={status}", headers=h)
        assert response.status_code == 200
        assert {r["status"] for r in response.get_json()["items"]} <= {status}
    assert "status must be one of" in error_of(
        client.get("/api/v1/revisions?status=bogus", headers=h), 400
    )
    # an empty status is no status the description lists (it was taken for "any" before)
    assert "status must be one of" in error_of(
        client.get("/api/v1/revisions?status=", headers=h), 400
    )
    assert client.get("/api/v1/revisions", headers=h).get_json()["total"] == 1


def test_rejecting_with_other_needs_a_reason_as_the_description_says(api) -> None:
    client, headers = api
    revision = new_revision(client, headers)
    schema = jsonschema_rs.validator_for(schema_of("/revisions/{revision_id}/reject"))
    url = f"/api/v1/revisions/{revision}/reject"
    for body in ({"reason_code": "other"}, {"reason_code": "other", "reason_text": "  "}):
        assert not schema.is_valid(body)
        assert "say why" in error_of(client.post(url, headers=headers["editor"], json=body), 400)
    assert schema.is_valid({"reason_code": "style"})
    body = {"reason_code": "other", "reason_text": "We keep the older wording."}
    assert schema.is_valid(body)
    rejected = client.post(url, headers=headers["editor"], json=body)
    assert rejected.get_json()["status"] == "rejected"
    assert (
        "reason_text"
        in description()["paths"]["/revisions/{revision_id}/reject"]["post"]["description"]
    )


# -- answers the description promises ----------------------------------------------------------


def documented(method: str, path: str) -> set[int]:
    responses = description()["paths"][path][method]["responses"]
    return {int(code) for code in responses if code != "default"}


def test_realigning_a_stretch_answers_200_as_documented(api) -> None:
    client, headers = api
    h = headers["translator"]
    link = link_id(client, h, 1, 10)
    response = client.post(f"/api/v1/alignments/1/links/{link}/realign", headers=h)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert documented("post", "/alignments/{alignment_id}/links/{link_id}/realign") == {200}


def test_aligning_answers_201_for_a_new_alignment_and_200_for_a_known_pair(api) -> None:
    client, headers = api
    h = headers["editor"]
    data = {
        "file": (io.BytesIO(b"All human beings are born free.\n\nArticle 2."), "en2.txt"),
        "lang": "en",
        "role": "translation",
        "document": "1",
    }
    version = client.post("/api/v1/documents", headers=h, data=data).get_json()["version"]
    path = "/documents/{document_id}/alignments"
    assert documented("post", path) == {200, 201}
    first = client.post("/api/v1/documents/1/alignments", headers=h, json={"target": version})
    assert first.status_code == 201 and first.get_json()["target_version_id"] == version
    again = client.post("/api/v1/documents/1/alignments", headers=h, json={"target": version})
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    listed = client.get("/api/v1/documents/1/alignments", headers=h).get_json()["items"]
    assert [a["id"] for a in listed].count(first.get_json()["id"]) == 1


def test_a_reviewer_undoes_their_own_confirmation_as_documented(api) -> None:
    client, headers = api
    h = headers["reviewer"]
    link = link_id(client, h)
    operation = description()["paths"]["/alignments/{alignment_id}/undo"]["post"]
    assert "reviewer" in operation["description"] and "own" in operation["description"]
    assert client.post(f"/api/v1/alignments/1/links/{link}/confirm", headers=h).status_code == 200
    assert client.post("/api/v1/alignments/1/undo", headers=h).get_json() == {
        "undone": "link.confirm"
    }
    assert "nothing of yours" in error_of(
        client.post("/api/v1/alignments/1/undo", headers=headers["translator"]), 400
    )


def test_publishing_twice_with_nothing_changed_is_a_409(api) -> None:
    client, headers = api
    h = headers["editor"]
    client.post(f"/api/v1/alignments/1/links/{link_id(client, h, 1, 1)}/confirm", headers=h)
    first = client.post("/api/v1/alignments/1/editions", headers=h, json={"note": "first"})
    assert first.status_code == 201 and first.get_json()["number"] == 1
    for body in ({}, {"note": "first"}, {"note": "only the note is new"}):
        again = client.post("/api/v1/alignments/1/editions", headers=h, json=body)
        assert "nothing changed since edition 1" in error_of(again, 409)
    assert client.get("/api/v1/editions?alignment=1", headers=h).get_json()["total"] == 1
    client.post(f"/api/v1/alignments/1/links/{link_id(client, h, 1, 2)}/confirm", headers=h)
    second = client.post("/api/v1/alignments/1/editions", headers=h, json={})
    assert second.status_code == 201 and second.get_json()["number"] == 2
    assert (
        "409"
        in description()["paths"]["/alignments/{alignment_id}/editions"]["post"]["description"]
    )


# -- the documented limits are the server's -----------------------------------------------------


def published(client, headers) -> int:
    """The id of a new edition of alignment 1 (two links confirmed)."""
    h = headers["editor"]
    for position in (1, 2):
        client.post(
            f"/api/v1/alignments/1/links/{link_id(client, h, 1, position)}/confirm", headers=h
        )
    response = client.post("/api/v1/alignments/1/editions", headers=h, json={})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["id"]


#: Required query parameters of lists, so a probe is a valid request but for its limit.
REQUIRED = {"/search": "q=Jesus", "/concordance": "term=Jezusi&lang=sq"}


def lists() -> list[tuple[str, dict]]:
    found = []
    for path, operations in description()["paths"].items():
        operation = operations.get("get")
        if operation and any(p["name"] == "limit" for p in operation["parameters"]):
            found.append((path, {p["name"]: p["schema"] for p in operation["parameters"]}))
    return found


LISTS = lists()


@pytest.mark.parametrize(("path", "params"), LISTS, ids=[path for path, _ in LISTS])
def test_every_documented_limit_and_offset_bound_is_the_servers(api, path, params) -> None:
    client, headers = api
    h = headers["reviewer"]
    url = "/api/v1" + path.format(
        document_id=1, alignment_id=1, version_id=1, edition_id=published(client, headers)
    )
    base = url + "?" + (REQUIRED.get(path, "") + "&" if path in REQUIRED else "")

    def status(query: str) -> int:
        return client.get(base + query, headers=h).status_code

    limit, offset = params["limit"], params["offset"]
    assert status(f"limit={limit['maximum']}") == 200
    assert status(f"limit={limit['maximum'] + 1}") == 400
    assert status(f"limit={limit['minimum']}") == 200
    assert status(f"limit={limit['minimum'] - 1}") == 400
    assert status("offset=0") == 200
    if "maximum" in offset:
        assert status(f"offset={offset['maximum']}") == 200
        assert status(f"offset={offset['maximum'] + 1}") == 400
    else:
        assert status("offset=1000000") == 200
    page = client.get(base + "offset=1", headers=h).get_json()
    assert page["limit"] == limit["default"] and page["offset"] == 1


def _text_limit(client, headers, field: str) -> tuple[str, str, dict, int]:
    """(documented path, URL, body but for the field, success status) of a text field."""
    h = headers["editor"]
    if field == "revision text":
        return "/segments/{segment_id}/revisions", _revision_url(client, headers), {}, 201
    if field == "revision note":
        body = {"text": "Text of our own."}
        return "/segments/{segment_id}/revisions", _revision_url(client, headers), body, 201
    if field == "revision comment":
        url = f"/api/v1/revisions/{new_revision(client, headers)}/comments"
        return "/revisions/{revision_id}/comments", url, {}, 201
    if field == "reject reason":
        url = f"/api/v1/revisions/{new_revision(client, headers)}/reject"
        return "/revisions/{revision_id}/reject", url, {"reason_code": "other"}, 200
    if field == "flag comment":
        url = f"/api/v1/flags/{new_flag(client, headers)}/comments"
        return "/flags/{flag_id}/comments", url, {}, 201
    if field == "flag status comment":
        url = f"/api/v1/flags/{new_flag(client, headers)}/status"
        return "/flags/{flag_id}/status", url, {"status": "resolved"}, 200
    if field == "first flag comment":
        body = {"link_id": link_id(client, h), "category": "style", "severity": "minor"}
        return "/alignments/{alignment_id}/flags", "/api/v1/alignments/1/flags", body, 201
    assert field == "edition note"
    client.post(f"/api/v1/alignments/1/links/{link_id(client, h)}/confirm", headers=h)
    return "/alignments/{alignment_id}/editions", "/api/v1/alignments/1/editions", {}, 201


TEXT_FIELDS = [
    ("revision text", "text"),
    ("revision note", "note"),
    ("revision comment", "body"),
    ("reject reason", "reason_text"),
    ("flag comment", "body"),
    ("flag status comment", "comment"),
    ("first flag comment", "comment"),
    ("edition note", "note"),
]


@pytest.mark.parametrize(("field", "name"), TEXT_FIELDS, ids=[f for f, _ in TEXT_FIELDS])
def test_every_documented_text_length_is_the_servers(api, field, name) -> None:
    client, headers = api
    path, url, body, ok = _text_limit(client, headers, field)
    longest = schema_of(path)["properties"][name]["maxLength"]
    assert longest >= 10_000
    extra = {"base_revision": 0} if "revisions" in path and "segment" in path else {}
    too_long = client.post(
        url, headers=headers["editor"], json={**body, **extra, name: "x" * (longest + 1)}
    )
    assert f"{longest:,}" in error_of(too_long, 400)
    just_so = client.post(
        url, headers=headers["editor"], json={**body, **extra, name: "x" * longest}
    )
    assert just_so.status_code == ok, just_so.get_data(as_text=True)


def test_concordance_width_and_term_length_are_the_documented_ones(api) -> None:
    client, headers = api
    h = headers["reviewer"]
    url = "/api/v1/concordance?lang=sq&"
    assert client.get(url + "term=Jezusi&width=1", headers=h).status_code == 200
    assert client.get(url + "term=Jezusi&width=0", headers=h).status_code == 400
    assert client.get(url + "term=" + "a" * 100, headers=h).status_code == 200
    too_long = client.get(url + "term=" + "a" * 101, headers=h)
    assert too_long.status_code == 400 and "at most 100" in too_long.get_json()["error"]["message"]


# -- every query parameter, one past each of its bounds --------------------------------------

#: Query parameters a probe needs beside the probed one (a download needs its format).
NEEDED = {
    "/search": {"q": "Jesus"},
    "/concordance": {"term": "Jezusi", "lang": "sq"},
    "/documents/{document_id}/export": {"format": "json"},
    "/editions/{edition_id}/export": {"format": "json"},
}
#: The format a download's option is for (another format refuses it: web/exports.py).
FORMAT_FOR = {"excel": {"format": "csv"}, "layout": {"format": "html"}}
#: Values that take seconds to make (PDF, DOCX, EPUB): refusals are probed, not these.
SLOW_VALUES = {"pdf", "docx", "epub"}


def query_parameters() -> list[tuple[str, str, dict, bool]]:
    """(path, name, schema, required) of every documented query parameter."""
    return [
        (path, spec["name"], spec["schema"], spec["required"])
        for path, operations in description()["paths"].items()
        for spec in operations.get("get", {}).get("parameters", [])
        if spec["in"] == "query"
    ]


QUERY = query_parameters()


def accepted_values(schema: dict) -> list[str]:
    """Values the schema allows, at its edges where it has them."""
    if schema.get("type") == "integer":
        return [str(schema["minimum"]), str(schema["maximum"])]
    if "enum" in schema:
        return [v for v in schema["enum"] if v not in SLOW_VALUES]
    if "pattern" in schema:
        return [next(v for v in ("sq", "draft", "en") if re.search(schema["pattern"], v))]
    return ["x" * schema.get("maxLength", 10)]


def refused_values(schema: dict) -> list[str]:
    """Values the schema rules out, one past each edge: below the minimum, above the maximum,
    empty, not a whole number, not in the list, too long."""
    if schema.get("type") == "integer":
        low, high = schema["minimum"], schema["maximum"]
        return [str(low - 1), str(high + 1), "", "1.5", "x", "9" * 5000]
    if "enum" in schema:
        return ["", "bogus", schema["enum"][0].upper() + "x"]
    found = []
    if "pattern" in schema:
        found += ["", "x1!"]
    if "maxLength" in schema:
        found += ["", "x" * (schema["maxLength"] + 1)]
    return found


@pytest.mark.parametrize(
    ("path", "name", "schema", "required"), QUERY, ids=[f"{p} {n}" for p, n, *_ in QUERY]
)
def test_every_query_parameter_is_refused_one_past_its_bounds_and_taken_within(
    api, path, name, schema, required
) -> None:
    """What the description rules out is a 400 naming the parameter, what it allows is not:
    ids start at 1, whole numbers end at SQLite's largest, listed values are the only ones
    (an empty one is none of them), patterns and lengths hold."""
    client, headers = api
    h = headers["reviewer"]
    ids = {"document_id": 1, "alignment_id": 1, "version_id": 1}
    if "{edition_id}" in path or path.endswith("/export"):
        ids["edition_id"] = published(client, headers)  # and confirmed links to export
    url = "/api/v1" + path.format(**ids)
    needed = {k: v for k, v in NEEDED.get(path, {}).items() if k != name}
    if path.endswith("/export"):
        needed.update(FORMAT_FOR.get(name, {}))

    def get(value: str | None):
        query = needed if value is None else {**needed, name: value}
        return client.get(url, query_string=query, headers=h)

    for value in refused_values(schema):
        assert error_of(get(value), 400).startswith(name), (name, value[:20])
    for value in accepted_values(schema):
        response = get(value)
        assert response.status_code in (200, 404), (name, value, response.get_data(as_text=True))
    if required:
        assert error_of(get(None), 400) == f"{name} is required"


def test_too_large_numbers_name_the_largest_and_limit_names_its_own_minimum(api) -> None:
    """The tester's probes: an offset past SQLite's integers, and limit=0."""
    client, headers = api
    h = headers["reviewer"]
    big = client.get("/api/v1/documents?offset=62896397447999700992", headers=h)
    assert error_of(big, 400) == (
        "offset must be a whole number from 0 to 9223372036854775807, not '62896397447999700992'"
    )
    largest = client.get("/api/v1/documents?offset=9223372036854775807", headers=h)
    assert largest.status_code == 200 and largest.get_json()["items"] == []
    assert "from 1 to 500" in error_of(client.get("/api/v1/documents?limit=0", headers=h), 400)
    for query in ("segment=0", "document=0"):
        assert "from 1 to" in error_of(client.get(f"/api/v1/revisions?{query}", headers=h), 400)
    assert "from 1 to" in error_of(client.get("/api/v1/search?q=x&version=0", headers=h), 400)
    assert error_of(client.get("/api/v1/search?q=x&lang=", headers=h), 400).startswith("lang")


def test_every_documented_id_and_number_has_sqlites_largest_as_maximum() -> None:
    def integers(schema):
        if isinstance(schema, dict):
            if schema.get("type") == "integer" and "minimum" in schema:
                yield schema
            for value in schema.values():
                yield from integers(value)
        elif isinstance(schema, list):
            for value in schema:
                yield from integers(value)

    for path, operations in description()["paths"].items():
        for operation in operations.values():
            taken = [*operation["parameters"], operation.get("requestBody", {})]
            for schema in integers(taken):
                assert "maximum" in schema, (path, schema)
                assert schema["maximum"] <= 2**63 - 1


def test_the_revision_list_pages_past_ten_thousand_and_counts_them_all(api, corpus) -> None:
    """A long project's history: `total` counts every revision the filters match and any
    page of it can be read (the list used to stop at the newest 10,000)."""
    client, headers = api
    h = headers["editor"]
    segment = segment_id(client, h, 2, 4)
    store = Store(corpus)
    try:
        with store.transaction():
            store.db["revisions"].insert_all(
                {
                    "segment_id": segment,
                    "base_revision": 0,
                    "base_text": "before",
                    "text": f"wording {number}",
                    "status": "rejected",
                    "author": "translator",
                    "created": "2026-01-01T00:00:00Z",
                }
                for number in range(10_050)
            )
    finally:
        store.close()
    first = client.get("/api/v1/revisions?status=rejected&limit=500", headers=h).get_json()
    assert first["total"] == 10_050 and len(first["items"]) == 500
    assert first["items"][0]["text"] == "wording 10049", "newest first"
    last = client.get("/api/v1/revisions?status=rejected&limit=100&offset=10000", headers=h)
    assert [r["text"] for r in last.get_json()["items"]] == [
        f"wording {n}" for n in range(49, -1, -1)
    ]
    assert last.get_json()["total"] == 10_050
    past = client.get("/api/v1/revisions?status=rejected&offset=20000", headers=h).get_json()
    assert past["items"] == [] and past["total"] == 10_050


def test_an_import_error_names_the_apis_fields_not_the_command_lines_options(api) -> None:
    """A memory of two target languages needs a choice: the API says which field makes it."""
    client, headers = api
    memory = (
        b'<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en"'
        b' datatype="plaintext" creationtool="t" creationtoolversion="1"/><body><tu>'
        b'<tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="de"><seg>Hallo.</seg></tuv>'
        b'<tuv xml:lang="fr"><seg>Bonjour.</seg></tuv></tu></body></tmx>'
    )
    data = {"file": (io.BytesIO(memory), "m.tmx")}
    message = error_of(client.post("/api/v1/documents", headers=headers["editor"], data=data), 400)
    assert message.endswith("choose one with the target_lang field")
    data = {"file": (io.BytesIO(memory), "m.tmx"), "target_lang": "fr"}
    answer = client.post("/api/v1/documents", headers=headers["editor"], data=data)
    assert answer.status_code == 201

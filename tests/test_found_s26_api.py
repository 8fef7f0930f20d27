"""What the JSON API answers to requests a tester sent against `serve --production`: a body
far larger than any write takes, a blank quote on a flag, a query value with a final line
break, an id in the path spelled in other digits, a number too long to read, and OPTIONS
without a token.

Flask's test client on a copy of the demo database (tests/conftest.py's corpus), with an API
token per role (tests/test_api.py's fixture), as the other API tests do.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests import test_api as shared
from tests.conftest import add_user, login
from workbench.web.openapi import description

api = shared.api
error_of = shared.error_of

#: The largest body a write takes that is not a file upload: 2 MiB (the README says so).
LIMIT = 2 * 2**20
RAW = {"Content-Type": "application/json"}


class Watched(io.BytesIO):
    """A request body that counts the bytes the server reads of it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk

    def readinto(self, buffer) -> int:  # type: ignore[override]
        count = super().readinto(buffer)
        self.taken += count
        return count


def empty_arrays(size: int) -> bytes:
    """A JSON object of `size` bytes or a little more, nearly all of it `[],[],...`: the
    tester's body, which took 900 MB to 2.3 GB and 47 s of CPU at 15 to 48 MB."""
    start, end = b'{"body": "hi", "x": [', b"]}"
    count = max(1, -(-(size - len(start) - len(end) + 1) // 3))
    body = start + b",".join([b"[]"] * count) + end
    assert size <= len(body) <= size + 2
    return body


def new_flag(client, headers) -> int:
    link = link_id(client, headers)
    body = {"link_id": link, "category": "style", "severity": "minor"}
    response = client.post("/api/v1/alignments/1/flags", headers=headers["editor"], json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["id"]


def link_id(client, headers, position: int = 5) -> int:
    page = client.get(
        f"/api/v1/alignments/1/links?limit=1&offset={position}", headers=headers["editor"]
    )
    return page.get_json()["items"][0]["id"]


def thread_of(client, headers, flag: int) -> list:
    return client.get(f"/api/v1/flags/{flag}", headers=headers["editor"]).get_json()["thread"]


# -- 1. a body larger than any write takes ------------------------------------------------------


def test_a_json_body_over_2_mb_is_a_413_naming_the_limit_and_is_never_read(api) -> None:
    """Refused by its Content-Length before anything reads it: even a flag that does not exist
    is not looked up first, and not one byte of the body is taken from the client."""
    client, headers = api
    body = empty_arrays(LIMIT + 1)
    for flag in (new_flag(client, headers), 999_999):
        stream = Watched(body)
        response = client.post(
            f"/api/v1/flags/{flag}/comments",
            headers={**headers["editor"], **RAW},
            input_stream=stream,
            content_length=len(body),
        )
        message = error_of(response, 413)
        assert "2 MB" in message and f"{LIMIT:,} bytes" in message, message
        assert stream.taken == 0


def test_a_body_of_exactly_2_mb_is_read(api) -> None:
    """The limit is the largest body taken: a comment padded with spaces to 2 MiB is added;
    one byte more is refused."""
    client, headers = api
    flag = new_flag(client, headers)
    start = b'{"body": "within the limit"}'
    exact = start + b" " * (LIMIT - len(start))
    response = client.post(
        f"/api/v1/flags/{flag}/comments", headers={**headers["editor"], **RAW}, data=exact
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    over = client.post(
        f"/api/v1/flags/{flag}/comments", headers={**headers["editor"], **RAW}, data=exact + b" "
    )
    assert "2 MB" in error_of(over, 413)
    assert [c["body"] for c in thread_of(client, headers, flag)] == ["within the limit"]


def test_a_chunked_body_is_read_no_further_than_the_limit(api) -> None:
    """Without a Content-Length (chunked transfer), at most the limit and one byte are read
    before the 413."""
    client, headers = api
    flag = new_flag(client, headers)
    body = empty_arrays(8 * LIMIT)
    stream = Watched(body)
    response = client.post(
        f"/api/v1/flags/{flag}/comments",
        headers={**headers["editor"], **RAW},
        input_stream=stream,
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert "2 MB" in error_of(response, 413)
    assert stream.taken <= LIMIT + 1 + 64 * 1024  # Werkzeug reads in chunks of 64 KB at most
    assert thread_of(client, headers, flag) == []


def test_form_fields_and_other_bodies_over_2_mb_are_a_413_too(api, corpus: Path) -> None:
    """Form-urlencoded bodies, in the API and on a page (whose CSRF check reads the form),
    and a body of a type no write takes (a 415 once read) are refused unread; a file upload
    keeps its own limit."""
    client, headers = api
    flag = new_flag(client, headers)
    fields = b"body=hi&x=" + b"a" * LIMIT
    for sent in (
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "text/plain"},
    ):
        stream = Watched(fields)
        response = client.post(
            f"/api/v1/flags/{flag}/comments",
            headers={**headers["editor"], **sent},
            input_stream=stream,
            content_length=len(fields),
        )
        assert "2 MB" in error_of(response, 413) and stream.taken == 0, sent
    add_user(corpus, "paula", "editor")
    token = login(client, "paula")
    stream = Watched(fields + b"&csrf_token=" + token.encode())
    response = client.post(
        f"/flags/{flag}/comments",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        input_stream=stream,
        content_length=len(stream.getvalue()),
    )
    assert response.status_code == 413 and stream.taken == 0
    assert "2 MB" in response.get_json()["error"]["message"]
    assert thread_of(client, headers, flag) == []
    # only a file upload (multipart) may be larger: a 3 MB file is read and judged on what it
    # holds (binary here: a 400 or 415 naming that), not refused for its size
    upload = {"file": (io.BytesIO(b"\0" * (3 * 2**20)), "big.txt"), "lang": "en"}
    response = client.post("/api/v1/documents", headers=headers["translator"], data=upload)
    assert response.status_code in (400, 415), response.get_data(as_text=True)[:300]
    assert "2 MB" not in error_of(response, response.status_code)


def test_json_within_the_limit_nested_as_deep_as_it_goes_is_a_400(api) -> None:
    """2 MiB of `[` is two million levels: the parser's depth limit makes it a 400, and an
    array of 700,000 empty arrays in an unknown field is checked and ignored."""
    client, headers = api
    flag = new_flag(client, headers)
    url = f"/api/v1/flags/{flag}/comments"
    auth = {**headers["editor"], **RAW}
    for deep in (b"[" * LIMIT, b'{"body": ' + b"[" * (LIMIT - 10) + b"}"):
        assert "send a JSON object" in error_of(client.post(url, headers=auth, data=deep), 400)
    wide = empty_arrays(LIMIT - 2)
    assert client.post(url, headers=auth, data=wide).status_code == 201
    over = client.post(url, headers=auth, data=empty_arrays(LIMIT + 1))
    assert "2 MB" in error_of(over, 413)


def test_the_description_states_the_limit_of_a_body(api) -> None:
    text = description()["info"]["description"]
    assert "2 MB" in text and "413" in text and "multipart/form-data" in text


# -- 2. a blank quote flags the whole link ------------------------------------------------------

BLANK_QUOTES = [
    pytest.param({"quote": "", "side": "source"}, id="empty-source"),
    pytest.param({"quote": "   ", "side": "target"}, id="spaces-target"),
    pytest.param({"quote": "\u200b"}, id="zero-width"),
    pytest.param({"quote": "\u00ad\u200f", "side": "target"}, id="soft-hyphen-bidi"),
]


@pytest.mark.parametrize("blank", BLANK_QUOTES)
def test_a_blank_quote_flags_the_whole_link_whatever_the_side(api, blank) -> None:
    """The description: "Blank: the whole link". White space, zero-width characters, soft
    hyphens and bidi controls alone are blank, as everywhere in the README."""
    client, headers = api
    link = link_id(client, headers)
    body = {"link_id": link, "category": "style", "severity": "minor", **blank}
    response = client.post("/api/v1/alignments/1/flags", headers=headers["reviewer"], json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    flag = response.get_json()
    assert flag["link_id"] == link and flag["span_side"] is None and flag["span_position"] is None


def test_a_blank_quote_with_offsets_is_a_span_and_without_them_the_whole_link(api) -> None:
    """A blank quote is no quote: offsets sent beside it still make a span on that side; the
    same body without them flags the whole link; a side that is none is still refused."""
    client, headers = api
    link = link_id(client, headers)
    body = {"link_id": link, "category": "style", "severity": "minor", "quote": " "}
    response = client.post(
        "/api/v1/alignments/1/flags", headers=headers["reviewer"], json={**body, "side": "target"}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["span_side"] is None
    found = client.get(f"/api/v1/alignments/1/links/{link}", headers=headers["editor"]).get_json()
    span = {"side": "target", "position": found["tgt_start"], "start": 0, "end": 1}
    response = client.post(
        "/api/v1/alignments/1/flags", headers=headers["reviewer"], json={**body, **span}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    flag = response.get_json()
    assert flag["span_side"] == "target" and (flag["span_start"], flag["span_end"]) == (0, 1)
    refused = client.post(
        "/api/v1/alignments/1/flags", headers=headers["reviewer"], json={**body, "side": "up"}
    )
    assert "side must be one of source, target" in error_of(refused, 400)


# -- 3. a pattern matches the whole value -------------------------------------------------------


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/search?q=the&lang=en%0A", "lang"),
        ("/api/v1/documents/1/export?format=csv&edition=draft%0A", "edition"),
        ("/api/v1/documents/1/export?format=csv&edition=1%0A", "edition"),
    ],
)
def test_a_query_value_with_a_final_line_break_does_not_match_its_pattern(api, url, name) -> None:
    """JSON Schema's `$` is the end of the value: `en\\n` is no language tag."""
    client, headers = api
    message = error_of(client.get(url, headers=headers["editor"]), 400)
    assert message.startswith(f"{name} must match"), message
    without = client.get(url.replace("%0A", ""), headers=headers["editor"])
    assert without.status_code in (200, 404)  # the demo has no edition 1 yet


# -- 4. ids in paths are ASCII digits -----------------------------------------------------------


@pytest.mark.parametrize(
    "digit", ["%D9%A1", "%EF%BC%91", "%E0%A5%A7"], ids=["arabic", "fullwidth", "devanagari"]
)
def test_an_id_in_a_path_in_other_digits_names_nothing(api, corpus: Path, digit) -> None:
    """`/documents/١` is not document 1, in the API or on the pages, as a query id is not."""
    client, headers = api
    assert client.get("/api/v1/documents/1", headers=headers["editor"]).status_code == 200
    assert error_of(client.get(f"/api/v1/documents/{digit}", headers=headers["editor"]), 404)
    add_user(corpus, "rita", "translator")
    login(client, "rita")
    assert client.get("/documents/1").status_code == 200
    assert client.get(f"/documents/{digit}").status_code == 404
    assert client.get(f"/documents/{digit}/flags").status_code == 404


def test_no_route_of_any_blueprint_takes_other_digits_for_an_id(api) -> None:
    """Every `<int:...>` of every blueprint: a path with `١` where the id goes matches no
    route, or another one (never the route itself)."""
    client, _headers = api
    adapter = client.application.url_map.bind("localhost")
    checked = set()
    for rule in client.application.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        path = re.sub(r"<int:[^>]+>", "\u0661", rule.rule)
        path = re.sub(r"<[^>]+>", "x", path)
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        try:
            endpoint, _values = adapter.match(path, method=method)
        except (NotFound, MethodNotAllowed):
            endpoint = None
        assert endpoint != rule.endpoint, rule.rule
        checked.add(rule.endpoint.split(".")[0])
    assert {"api", "documents", "flags", "review", "revisions", "exports", "qa"} <= checked


# -- 5. a number too long to read; OPTIONS without a token --------------------------------------


def test_an_integer_too_long_to_read_is_refused_naming_its_field(api) -> None:
    client, headers = api
    flag = new_flag(client, headers)
    for field, raw in (
        ("body", '{"body": ' + "7" * 5000 + "}"),
        ("x", '{"body": "hi", "x": [1, {"y": -' + "9" * 5000 + "}]}"),
    ):
        response = client.post(
            f"/api/v1/flags/{flag}/comments", headers={**headers["editor"], **RAW}, data=raw
        )
        message = error_of(response, 400)
        assert message.startswith(f"{field}: "), message
        assert "5,000 digits" in message and "too large" in message, message
        assert "int_max_str_digits" not in message and len(message) < 200, message
    assert thread_of(client, headers, flag) == []


@pytest.mark.parametrize("path", ["/api/v1/documents", "/api/v1/alignments/1/undo", "/documents/1"])
def test_options_needs_no_token_and_shows_nothing_else(api, path) -> None:
    """OPTIONS answers 204 with the route's methods in Allow for anyone (the description,
    public too, names them): no body, no CORS; a GET still needs a token or a login."""
    client, _headers = api
    response = client.options(path)
    assert response.status_code == 204, response.get_data(as_text=True)[:200]
    assert "OPTIONS" in response.headers["Allow"] and response.get_data() == b""
    assert not any(name.lower().startswith("access-control-") for name, _ in response.headers)
    if path.startswith("/api/") and "undo" not in path:
        assert client.get(path).status_code == 401
    assert client.options(f"{path}/nothing-here").status_code != 204

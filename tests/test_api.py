"""The JSON API: tokens, permissions per role, error shape, pagination, writes via services."""

from __future__ import annotations

import io

import pytest

from tests.conftest import login
from workbench.store import Store
from workbench.users import hash_token, issue_token
from workbench.web import create_app
from workbench.web.auth import PERMISSIONS

ROLES = ("translator", "reviewer", "editor", "admin")


@pytest.fixture
def api(corpus):
    """(client, {role: auth headers}) on a copy of the demo database."""
    store = Store(corpus)
    tokens = {role: issue_token(store, role) for role in ROLES}
    store.close()
    client = create_app({"TESTING": True, "DATABASE": str(corpus)}).test_client()
    return client, {role: {"Authorization": f"Bearer {t}"} for role, t in tokens.items()}


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]["message"]


def test_the_cli_prints_a_token_once_and_stores_only_its_hash(cli, db_path) -> None:
    assert cli("init").exit_code == 0
    cli("users", "add", "ana", "--role", "editor", "--password-stdin", input="password-1\n")
    first = cli("users", "token", "ana").stdout.strip()
    second = cli("users", "token", "ana").stdout.strip()
    assert len(first) >= 40 and first != second
    store = Store(db_path)
    row = store.db.execute("select api_token_hash from users where username = 'ana'").fetchone()
    assert row[0] == hash_token(second) and first not in str(
        store.db.execute("select * from users").fetchall()
    )
    store.close()
    app = create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()
    assert (
        app.get("/api/v1/documents", headers={"Authorization": f"Bearer {first}"}).status_code
        == 401
    )
    assert (
        app.get("/api/v1/documents", headers={"Authorization": f"Bearer {second}"}).status_code
        == 200
    )
    assert cli("users", "token", "nobody").exit_code == 2


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic eDp5"},
        {"Authorization": "Bearer"},
    ],
)
def test_a_missing_or_wrong_token_is_401_json(api, headers) -> None:
    client, _ = api
    response = client.get("/api/v1/documents", headers=headers)
    error_of(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    error_of(client.post("/api/v1/alignments/1/links/1/confirm", headers=headers), 401)


def test_the_description_needs_no_token(api) -> None:
    client, _ = api
    assert client.get("/api/v1/openapi.json").get_json()["openapi"] == "3.1.0"


def test_a_session_reads_but_never_writes(api) -> None:
    client, _ = api
    csrf = login(client, "editor", "editor-demo")
    assert client.get("/api/v1/documents").status_code == 200
    message = error_of(
        client.post("/api/v1/alignments/1/links/1/confirm", headers={"X-CSRF-Token": csrf}), 401
    )
    assert "token" in message


def test_errors_have_one_shape(api) -> None:
    client, headers = api
    h = headers["editor"]
    error_of(client.get("/api/v1/documents/999", headers=h), 404)
    error_of(client.get("/api/v1/nothing-here", headers=h), 404)
    error_of(client.delete("/api/v1/documents", headers=h), 405)
    error_of(client.get("/api/v1/documents?limit=x", headers=h), 400)
    error_of(client.get("/api/v1/documents/99999999999999999999999", headers=h), 404)
    error_of(
        client.post(
            "/api/v1/alignments/1/links/1/merge",
            headers=h,
            data="[1]",
            content_type="application/json",
        ),
        400,
    )
    error_of(client.get("/api/v1/search?q=(x&regex=1", headers=h), 400)
    error_of(client.get("/api/v1/search?q=NEAR(&syntax=fts", headers=h), 400)


def test_the_api_and_the_search_page_take_the_same_yes_and_no(api) -> None:
    """The page took regex=true while the API wanted 0 or 1; both took a typo for a no or
    refused it differently. Now one rule: 1/true/on/yes, 0/false/off/no, else a 400."""
    client, headers = api
    h = headers["translator"]
    for yes in ("1", "true", "yes", "on"):
        found = client.get(f"/api/v1/search?q=Jes.s&regex={yes}", headers=h)
        assert found.status_code == 200 and found.get_json()["mode"] == "regex", yes
    words = client.get("/api/v1/search?q=Jesus&regex=false", headers=h)
    assert words.status_code == 200 and words.get_json()["mode"] == "words"
    assert "regex must be one of" in error_of(
        client.get("/api/v1/search?q=Jesus&regex=maybe", headers=h), 400
    )
    login(client, "translator", "translator-demo")
    page = client.get("/search?q=Jesus&regex=maybe")
    assert page.status_code == 400 and "regex must be one of" in page.get_data(as_text=True)
    assert client.get("/search?q=Jes.s&regex=true").status_code == 200


def test_too_large_is_413_json() -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.db"
        store = Store(path)
        from workbench.users import add_user

        add_user(store, "ed", "editor", "password-1", by="t")
        token = issue_token(store, "ed")
        store.close()
        app = create_app({"TESTING": True, "DATABASE": str(path), "MAX_CONTENT_LENGTH": 1000})
        response = app.test_client().post(
            "/api/v1/documents",
            headers={"Authorization": f"Bearer {token}"},
            data={"file": (io.BytesIO(b"x" * 5000), "big.txt"), "lang": "en"},
        )
        error_of(response, 413)


def test_pagination_shape(api) -> None:
    client, headers = api
    page = client.get(
        "/api/v1/documents?limit=2&offset=1", headers=headers["translator"]
    ).get_json()
    assert set(page) >= {"items", "total", "limit", "offset"}
    assert page["limit"] == 2 and page["offset"] == 1 and len(page["items"]) == 2
    assert page["total"] >= 5
    links = client.get("/api/v1/alignments/1/links?limit=3&offset=3", headers=headers["translator"])
    body = links.get_json()
    assert len(body["items"]) == 3 and body["total"] > 6 and "source" in body["items"][0]
    segments = client.get(
        "/api/v1/versions/1/segments?level=sentence&limit=4", headers=headers["translator"]
    )
    assert len(segments.get_json()["items"]) == 4
    hits = client.get(
        "/api/v1/search?q=Jesus&limit=3&offset=3", headers=headers["translator"]
    ).get_json()
    assert len(hits["items"]) == 3 and hits["offset"] == 3 and hits["total"] > 6


def first_link(client, h, alignment: int = 1) -> dict:
    return client.get(
        f"/api/v1/alignments/{alignment}/links?limit=1&offset=5", headers=h
    ).get_json()["items"][0]


A1 = "/api/v1/alignments/1"


def _flag(client, h, link):
    body = {"link_id": link["id"], "category": "grammar", "severity": "minor"}
    return client.post(f"{A1}/flags", headers=h, json=body)


def _propose(client, h, link):
    body = {"text": "Një tekst i ri.", "base_revision": 0}
    return client.post(
        f"/api/v1/segments/{segment_of(client, h, link)}/revisions", headers=h, json=body
    )


def _import(client, h, link):
    data = {"file": (io.BytesIO(b"Hello.\n"), "h.txt"), "lang": "en", "role": "source"}
    return client.post("/api/v1/documents", headers=h, data=data)


WRITES = [
    ("confirm", lambda c, h, link: c.post(f"{A1}/links/{link['id']}/confirm", headers=h)),
    ("edit_alignment", lambda c, h, link: c.post(f"{A1}/links/{link['id']}/detach", headers=h)),
    ("flag", _flag),
    ("edit_text", _propose),
    ("publish", lambda c, h, link: c.post(f"{A1}/editions", headers=h, json={})),
    ("import", _import),
]


def segment_of(client, h, link: dict) -> int:
    rows = client.get("/api/v1/versions/2/segments?limit=1&offset=3", headers=h).get_json()
    return rows["items"][0]["id"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission, write", WRITES, ids=[w[0] for w in WRITES])
def test_each_role_may_write_what_the_pages_let_it(api, role, permission, write) -> None:
    client, headers = api
    h = headers[role]
    if permission == "publish":  # something must be confirmed to publish
        admin = headers["admin"]
        client.post(f"{A1}/links/{first_link(client, admin)['id']}/confirm", headers=admin)
    response = write(client, h, first_link(client, h))
    if role in PERMISSIONS[permission]:
        assert response.status_code in (200, 201), response.get_data(as_text=True)
    else:
        assert "may not" in error_of(response, 403)


def test_revision_flow_four_eyes_and_stale_409(api) -> None:
    client, headers = api
    segment = client.get(
        "/api/v1/versions/2/segments?limit=1&offset=4", headers=headers["editor"]
    ).get_json()["items"][0]
    proposed = client.post(
        f"/api/v1/segments/{segment['id']}/revisions",
        headers=headers["translator"],
        json={"text": "A new wording.", "base_revision": 0},
    )
    assert proposed.status_code == 201
    revision = proposed.get_json()["id"]
    other = client.post(
        f"/api/v1/segments/{segment['id']}/revisions",
        headers=headers["editor"],
        json={"text": "The editor's wording.", "base_revision": 0},
    )
    assert "four-eyes" in error_of(
        client.post(
            f"/api/v1/revisions/{other.get_json()['id']}/approve", headers=headers["editor"]
        ),
        403,
    )
    error_of(
        client.post(f"/api/v1/revisions/{revision}/approve", headers=headers["translator"]), 403
    )
    approved = client.post(f"/api/v1/revisions/{revision}/approve", headers=headers["admin"])
    assert approved.get_json()["status"] == "approved"
    stale = client.post(
        f"/api/v1/revisions/{other.get_json()['id']}/approve", headers=headers["admin"]
    )
    error_of(stale, 409)
    body = stale.get_json()["error"]
    assert body["changed_by"] == "admin" and body["theirs"] == "A new wording."
    assert any(c["kind"] != "equal" for c in body["changes"])
    found = client.get("/api/v1/search?q=wording", headers=headers["reviewer"]).get_json()
    assert [h["segment"] for h in found["items"]] == [segment["id"]]


def test_flag_comment_status_undo_and_align(api) -> None:
    client, headers = api
    h = headers["editor"]
    link = first_link(client, h)
    flag = client.post(
        "/api/v1/alignments/1/flags",
        headers=h,
        json={"link_id": link["id"], "category": "style", "severity": "minor"},
    ).get_json()
    assert (
        client.post(
            f"/api/v1/flags/{flag['id']}/comments",
            headers=headers["translator"],
            json={"body": "agreed"},
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"/api/v1/flags/{flag['id']}/status", headers=h, json={"status": "resolved"}
        ).get_json()["status"]
        == "resolved"
    )
    assert (
        client.get(f"/api/v1/flags/{flag['id']}", headers=h).get_json()["thread"][0]["body"]
        == "agreed"
    )
    client.post(f"/api/v1/alignments/1/links/{link['id']}/confirm", headers=h)
    assert client.post("/api/v1/alignments/1/undo", headers=h).get_json() == {
        "undone": "link.confirm"
    }
    before = client.get("/api/v1/documents/3/alignments", headers=h).get_json()["items"]
    aligned = client.post("/api/v1/documents/3/alignments", headers=h, json={})
    # the demo's pair is aligned already: aligned again, nothing created
    assert aligned.status_code == 200 and aligned.get_json()["document_id"] == 3
    assert aligned.get_json()["id"] == before[0]["id"]


def test_concordance_over_the_api(api) -> None:
    client, headers = api
    body = client.get(
        "/api/v1/concordance?term=Jezusi&lang=sq&target_lang=en&limit=2",
        headers=headers["reviewer"],
    ).get_json()
    assert len(body["items"]) == 2 and body["candidates"][0]["text"] == "jesus"


def test_an_edit_that_would_drop_confirmations_is_a_409_naming_them(api) -> None:
    """Scripts cannot drop a reviewer's confirmations by accident: the edit names them and
    changes nothing until the request says "confirmed_ok": true."""
    client, headers = api
    first = first_link(client, headers["translator"])
    client.post(f"{A1}/links/{first['id']}/confirm", headers=headers["reviewer"])
    url = f"{A1}/links/{first['id']}/merge"
    before = client.get(f"{A1}/links?limit=20", headers=headers["translator"]).get_json()
    message = error_of(client.post(url, headers=headers["translator"], json={}), 409)
    assert message.startswith("This merges a link confirmed by reviewer;")
    assert "confirmed_ok" in message
    refused = client.post(url, headers=headers["translator"], json={"direction": "next"})
    [dropped] = refused.get_json()["error"]["confirmations"]
    assert (dropped["link_id"], dropped["confirmed_by"]) == (first["id"], "reviewer")
    assert client.get(f"{A1}/links?limit=20", headers=headers["translator"]).get_json() == before
    body = {"direction": "next", "confirmed_ok": True}
    merged = client.post(url, headers=headers["translator"], json=body)
    assert merged.status_code == 200, merged.get_data(as_text=True)
    [link] = merged.get_json()["links"]
    edited = client.get(f"{A1}/links/{link}", headers=headers["translator"]).get_json()
    assert edited["status"] == "edited" and edited["src_end"] - edited["src_start"] >= 2


@pytest.mark.parametrize("edit", ["split", "shift", "detach"])
def test_split_shift_and_detach_of_a_confirmed_link_need_confirmed_ok(api, edit: str) -> None:
    client, headers = api
    h = headers["editor"]
    link = first_link(client, h)
    [merged] = client.post(
        f"{A1}/links/{link['id']}/merge", headers=h, json={"direction": "next"}
    ).get_json()["links"]
    client.post(f"{A1}/links/{merged}/confirm", headers=headers["reviewer"])
    body = {
        "split": {"src_at": link["src_end"], "tgt_at": link["tgt_end"]},
        "shift": {"side": "target", "direction": "down"},
        "detach": {},
    }[edit]
    url = f"{A1}/links/{merged}/{edit}"
    refused = client.post(url, headers=h, json=body)
    assert "confirmed by reviewer" in error_of(refused, 409)
    assert [c["link_id"] for c in refused.get_json()["error"]["confirmations"]] == [merged]
    done = client.post(url, headers=h, json={**body, "confirmed_ok": True})
    assert done.status_code == 200, done.get_data(as_text=True)


@pytest.mark.parametrize("edit", ["merge", "split", "shift", "detach", "realign"])
def test_confirmed_ok_is_a_json_boolean(api, edit: str) -> None:
    client, headers = api
    h = headers["editor"]
    url = f"{A1}/links/{first_link(client, h)['id']}/{edit}"
    body = {"confirmed_ok": 1, "src_at": 0, "tgt_at": 0}
    assert "confirmed_ok must be true or false, not a number (1)" in error_of(
        client.post(url, headers=h, json=body), 400
    )
    if edit == "realign":
        realigned = client.post(url, headers=h, json={"confirmed_ok": False})
        assert realigned.status_code == 200, realigned.get_data(as_text=True)


def test_one_link_has_the_texts_the_list_gives_it(api) -> None:
    client, headers = api
    h = headers["reviewer"]
    for level in ("paragraph", "sentence"):
        listed = client.get(f"{A1}/links?level={level}&limit=5&offset=3", headers=h).get_json()
        for item in listed["items"]:
            one = client.get(f"{A1}/links/{item['id']}", headers=h).get_json()
            assert one == item and one["source"] and isinstance(one["target"], list)


def test_an_edition_pages_its_links_as_every_list_does_with_its_fields(api) -> None:
    """A 5,000-link edition answered every link with both texts (megabytes); now a page."""
    client, headers = api
    h = headers["editor"]
    items = client.get(f"{A1}/links?limit=12", headers=h).get_json()["items"]
    for link in items:
        client.post(f"{A1}/links/{link['id']}/confirm", headers=h)
    edition = client.post(f"{A1}/editions", headers=h, json={"note": "Twelve."}).get_json()
    url = f"/api/v1/editions/{edition['id']}"
    first = client.get(url, headers=h).get_json()
    assert (first["total"], first["limit"], first["offset"]) == (12, 50, 0)
    assert len(first["items"]) == 12 and "links" not in first
    assert {k: first[k] for k in edition} == edition  # the edition's own fields stay
    pages = [client.get(f"{url}?limit=5&offset={o}", headers=h).get_json() for o in (0, 5, 10)]
    assert [len(p["items"]) for p in pages] == [5, 5, 2]
    assert [i for p in pages for i in p["items"]] == first["items"]
    assert [i["ordinal"] for i in first["items"]] == list(range(12))
    past = client.get(f"{url}?offset=9223372036854775807", headers=h).get_json()
    assert past["items"] == [] and past["total"] == 12
    assert "limit must be" in error_of(client.get(f"{url}?limit=501", headers=h), 400)
    sentences = client.get(f"{url}?level=sentence&limit=1", headers=h).get_json()
    assert sentences["total"] >= 12 and len(sentences["items"]) == 1


def test_import_documents_what_it_takes() -> None:
    """target_lang was taken but not described."""
    from workbench.web.openapi import description

    body = description()["paths"]["/documents"]["post"]["requestBody"]["content"]
    fields = body["multipart/form-data"]["schema"]["properties"]
    assert {"file", "lang", "target_lang", "role", "title", "document", "label"} <= set(fields)


def test_a_regex_search_too_large_to_compile_is_a_400_not_a_dead_server(api) -> None:
    client, headers = api
    h = headers["translator"]
    message = error_of(client.get("/api/v1/search?q=x{99999999}&regex=1", headers=h), 400)
    assert "too large" in message
    assert client.get("/api/v1/search?q=x{2}&regex=1", headers=h).status_code == 200


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("human NOT", "syntax error at the end of the query"),
        ("NEAR(", "syntax error at the end of the query"),
        ("rights)", 'syntax error near ")"'),
        ('"unbalanced', "unterminated string"),
    ],
)
def test_an_fts_syntax_error_names_the_place_in_the_query_as_typed(api, query, said) -> None:
    # the query is wrapped in an expression with the filter's tags; the error must not point
    # at a bracket of that wrapper, which the person never typed
    client, headers = api
    response = client.get(
        "/api/v1/search", query_string={"q": query, "syntax": "fts"}, headers=headers["editor"]
    )
    assert said in error_of(response, 400)

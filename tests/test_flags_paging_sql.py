"""A document's flags are paged in SQL: the flags page and the API list answer what they
answered when every flag was built and then sliced (the same flags, totals, page links and
errors), but building one page builds the threads and texts of that page's flags only.

The document has 450 flags, raised in order as flag 1 to flag 450 (the n-th raised is
`ids[n - 1]`): every third one minor (the others major), every second one `style` (the others
`grammar`), every fourth one resolved, every fifth one a span of the source text (the others
on the whole link, whose version is the translation), every tenth one with a first comment.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from lxml import html as lxml_html

from tests.conftest import add_user, import_pair
from workbench import flags
from workbench.store import Store
from workbench.users import issue_token
from workbench.web import get_store
from workbench.web.flags import FLAGS_PAGE

SOURCE = [f"Paragrafi {n}." for n in range(1, 6)]
TARGET = [f"Paragraph {n}." for n in range(1, 6)]
FLAGS = 450
DOCUMENT = 1


def severity(n: int) -> str:
    return "minor" if n % 3 == 0 else "major"


def category(n: int) -> str:
    return "style" if n % 2 else "grammar"


def status(n: int) -> str:
    return "resolved" if n % 4 == 0 else "open"


def on_source(n: int) -> bool:
    return n % 5 == 0


@dataclass(frozen=True)
class Template:
    """The database built once for the module, and what a test needs to know about it."""

    path: Path
    ids: list[int]  # flag ids in the order raised (the listing's order)
    source_version: int
    target_version: int


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    path = tmp_path_factory.mktemp("paging") / "workbench.db"
    store = Store(path)
    try:
        alignment = import_pair(store, SOURCE, TARGET, user="ana")
        link = store.links(alignment)[0]
        ids = []
        for n in range(1, FLAGS + 1):
            where: dict[str, Any] = {"link_id": link.id}
            if on_source(n):
                where |= {"side": "source", "quote": "Paragrafi"}
            flag = flags.raise_flag(
                store,
                alignment,
                **where,
                category=category(n),
                severity=severity(n),
                comment=f"note {n}" if n % 10 == 0 else None,
                user="rita",
            )
            if status(n) == "resolved":
                flags.set_status(store, flag["id"], "resolved", user="rita")
            ids.append(flag["id"])
        found = store.alignment(alignment)
        versions = found["source_version_id"], found["target_version_id"]
    finally:
        store.close()
    return Template(path, ids, *versions)


@pytest.fixture
def db_path(tmp_path: Path, template: Template) -> Path:
    """This test's copy of the template (the app and its users are made on it)."""
    path = tmp_path / "workbench.db"
    shutil.copyfile(template.path, path)
    return path


@pytest.fixture
def ids(template: Template) -> list[int]:
    return template.ids


def matching(ids: list[int], keep: Callable[[int], bool]) -> list[int]:
    """The ids of the flags (by their number n, from 1) that a filter keeps, in order."""
    return [flag_id for n, flag_id in enumerate(ids, start=1) if keep(n)]


def shown(response) -> tuple[list[int], str, str]:
    """(ids of the flags on the page, its count line, its pager's text)."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    on_page = [int(a.get("id").removeprefix("flag-")) for a in tree.xpath("//article[@id]")]
    count = tree.xpath("//p[@class='count']")[0].text_content()
    pager = " ".join(" ".join(tree.xpath("(//nav[@class='pager'])[1]//text()")).split())
    return on_page, count, pager


# -- the flags page -----------------------------------------------------------------------------


def test_page_2_shows_flags_201_to_400_of_450(client, as_role, ids) -> None:
    assert FLAGS_PAGE == 200  # the numbers of these specifications
    as_role("reviewer")
    on_page, count, pager = shown(client.get(f"/documents/{DOCUMENT}/flags?page=2"))
    assert on_page == ids[200:400]
    assert count == f"{FLAGS} flags"
    assert f"Flags 201–400 of {FLAGS} (page 2 of 3)" in pager


def test_the_last_page_holds_the_rest_and_a_page_past_it_is_the_last(client, as_role, ids) -> None:
    as_role("reviewer")
    last, count, pager = shown(client.get(f"/documents/{DOCUMENT}/flags?page=3"))
    assert last == ids[400:] and count == f"{FLAGS} flags"
    assert "page 3 of 3" in pager
    assert shown(client.get(f"/documents/{DOCUMENT}/flags?page=40"))[0] == last


def test_a_link_to_the_401st_flag_opens_page_3(client, as_role, ids) -> None:
    as_role("reviewer")
    on_page, _count, pager = shown(client.get(f"/documents/{DOCUMENT}/flags?flag={ids[400]}"))
    assert on_page == ids[400:] and "page 3 of 3" in pager
    on_page, _count, _pager = shown(client.get(f"/documents/{DOCUMENT}/flags?flag={ids[399]}"))
    assert on_page == ids[200:400]


def test_an_explicit_page_wins_over_the_flag_link(client, as_role, ids) -> None:
    as_role("reviewer")
    url = f"/documents/{DOCUMENT}/flags?flag={ids[400]}&page=1"
    assert shown(client.get(url))[0] == ids[:200]


def test_a_link_to_a_flag_the_filters_leave_out_or_no_flag_opens_page_1(
    client, as_role, ids
) -> None:
    as_role("reviewer")
    minor = matching(ids, lambda n: severity(n) == "minor")[-1]
    majors = matching(ids, lambda n: severity(n) == "major")
    url = f"/documents/{DOCUMENT}/flags?severity=major&flag={minor}"
    assert shown(client.get(url))[0] == majors[:200]
    assert shown(client.get(f"/documents/{DOCUMENT}/flags?flag=999999"))[0] == ids[:200]


def test_filters_combine_with_paging(client, as_role, ids) -> None:
    as_role("reviewer")
    kept = matching(ids, lambda n: severity(n) == "major" and status(n) == "open")
    assert len(kept) == 225
    base = f"/documents/{DOCUMENT}/flags?severity=major&status=open"
    on_page, count, pager = shown(client.get(f"{base}&page=2"))
    assert on_page == kept[200:] and count == "225 flags"
    assert "Flags 201–225 of 225 (page 2 of 2)" in pager
    # the 211th of the filtered flags is on their second page, whatever its place overall
    on_page, _count, _pager = shown(client.get(f"{base}&flag={kept[210]}"))
    assert on_page == kept[200:]


def test_the_version_filter_pages_too(client, as_role, template, ids) -> None:
    as_role("reviewer")
    base = f"/documents/{DOCUMENT}/flags?version="
    on_target = matching(ids, lambda n: not on_source(n))
    on_page, count, _pager = shown(client.get(f"{base}{template.target_version}&page=2"))
    assert count == f"{len(on_target)} flags" and on_page == on_target[200:]
    on_page, count, pager = shown(client.get(f"{base}{template.source_version}"))
    assert on_page == matching(ids, on_source) and count == "90 flags" and pager == ""


def test_the_pager_links_keep_the_filters(client, as_role) -> None:
    as_role("reviewer")
    response = client.get(f"/documents/{DOCUMENT}/flags?severity=major&status=open")
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    following = tree.xpath("//nav[@class='pager']//a[@rel='next']/@href")[0]
    assert following == f"/documents/{DOCUMENT}/flags?page=2&status=open&severity=major"


@pytest.mark.parametrize(
    ("query", "status_code"),
    [
        ("page=0", 400),
        ("page=two", 400),
        ("flag=x", 400),
        ("severity=fatal", 400),
        ("version=v2", 400),
    ],
)
def test_bad_paging_or_filter_values_are_refused_as_before(
    client, as_role, query, status_code
) -> None:
    as_role("reviewer")
    assert client.get(f"/documents/{DOCUMENT}/flags?{query}").status_code == status_code


def test_an_unknown_document_is_a_404_before_any_paging(client, as_role) -> None:
    as_role("reviewer")
    assert client.get("/documents/999/flags?page=0").status_code == 404


def test_a_status_change_by_form_returns_to_the_page_holding_the_flag(client, as_role, ids) -> None:
    token = as_role("reviewer")
    flag_id = ids[420]
    response = client.post(
        f"/flags/{flag_id}/status",
        data={"csrf_token": token, "status": "dismissed"},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/documents/{DOCUMENT}/flags?page=3#flag-{flag_id}"


# -- building one page builds only that page ---------------------------------------------------

#: The statements that read a flag's text (a span's paragraph or a link's paragraphs).
TEXT_READ = re.compile(r"from segments where version_id = \d+ and level = 'paragraph'")
#: The statement that loads the comment threads of the listed flags.
THREADS = re.compile(r"from flag_comments where flag_id in \(([\d, ]+)\)")


def traced(app: Flask) -> list[str]:
    """Every SQL statement the app's requests run on their real store, in order."""
    statements: list[str] = []

    @app.before_request
    def trace() -> None:
        get_store().db.conn.set_trace_callback(statements.append)

    return statements


def threads_loaded(statements: list[str]) -> list[list[int]]:
    """The flag ids of each thread query run."""
    return [
        [int(i) for i in found.group(1).split(",")]
        for found in map(THREADS.search, statements)
        if found
    ]


def test_the_last_page_builds_threads_and_texts_for_its_50_flags_only(
    app, client, as_role, ids
) -> None:
    statements = traced(app)
    as_role("reviewer")
    statements.clear()
    on_page, count, _pager = shown(client.get(f"/documents/{DOCUMENT}/flags?page=3"))
    assert len(on_page) == 50 and count == f"{FLAGS} flags"
    assert threads_loaded(statements) == [on_page]
    # a span flag reads one paragraph, a flag on a link those of its two sides
    texts = sum(1 for s in statements if TEXT_READ.search(s))
    assert texts == sum(1 if on_source(n) else 2 for n in range(401, FLAGS + 1))
    assert len(statements) < FLAGS  # building every flag would take two reads for most


def test_a_link_to_one_flag_builds_only_its_page(app, client, as_role, ids) -> None:
    statements = traced(app)
    as_role("reviewer")
    statements.clear()
    on_page, _count, _pager = shown(client.get(f"/documents/{DOCUMENT}/flags?flag={ids[449]}"))
    assert threads_loaded(statements) == [on_page] and on_page == ids[400:]


def test_the_api_builds_only_the_flags_it_answers(app, client, db_path, ids) -> None:
    statements = traced(app)
    headers = token_headers(db_path)
    statements.clear()
    body = client.get(
        f"/api/v1/documents/{DOCUMENT}/flags?limit=7&offset=300", headers=headers
    ).get_json()
    assert [f["id"] for f in body["items"]] == ids[300:307] and body["total"] == FLAGS
    assert threads_loaded(statements) == [ids[300:307]]
    assert sum(1 for s in statements if TEXT_READ.search(s)) <= 2 * 7


def test_list_flags_builds_a_page_as_the_whole_list_builds_those_flags(store, db_path) -> None:
    """The service's page is the slice of the unpaged list, threads and texts included; other
    callers, which give no limit, still get every flag."""
    everything = flags.list_flags(store, DOCUMENT)
    assert len(everything) == FLAGS
    assert flags.list_flags(store, DOCUMENT, limit=30, offset=395) == everything[395:425]
    assert flags.list_flags(store, DOCUMENT, offset=440) == everything[440:]
    assert flags.list_flags(store, DOCUMENT, limit=10, offset=FLAGS) == []
    with_comments = [f for f in everything if f["thread"]]
    assert len(with_comments) == 45 and all(f["thread"][0]["body"] for f in with_comments)


def test_the_store_counts_and_places_flags_with_the_listing_filters(store, ids) -> None:
    filters = {"document_id": DOCUMENT, "severity": "major", "category": "style"}
    kept = matching(ids, lambda n: severity(n) == "major" and category(n) == "style")
    assert [f["id"] for f in store.flags(**filters)] == kept
    assert store.count_flags(**filters) == len(kept) == 150
    assert [f["id"] for f in store.flags(**filters, limit=5, offset=148)] == kept[148:]
    assert store.flag_position(kept[0], **filters) == 0
    assert store.flag_position(kept[149], **filters) == 149
    assert store.flag_position(ids[1], **filters) is None  # flag 2 is grammar
    assert store.flag_position(999_999, **filters) is None
    assert store.count_flags(document_id=2) == 0
    assert store.count_flags() == FLAGS and store.flag_position(ids[-1]) == FLAGS - 1


# -- the API ------------------------------------------------------------------------------------


def token_headers(db_path: Path) -> dict[str, str]:
    add_user(db_path, "reviewer1", "reviewer")
    store = Store(db_path)
    try:
        return {"Authorization": f"Bearer {issue_token(store, 'reviewer1')}"}
    finally:
        store.close()


@pytest.fixture
def api(client, db_path) -> Callable[[str], Any]:
    """GET a query of the document's flags through the API: (status, JSON body)."""
    headers = token_headers(db_path)

    def get(query: str) -> Any:
        response = client.get(f"/api/v1/documents/{DOCUMENT}/flags?{query}", headers=headers)
        return response.status_code, response.get_json()

    return get


def test_the_api_answers_a_page_with_the_total_of_every_matching_flag(api, store, ids) -> None:
    code, body = api("limit=100&offset=350")
    assert code == 200 and set(body) == {"items", "total", "limit", "offset"}
    assert (body["total"], body["limit"], body["offset"]) == (FLAGS, 100, 350)
    assert [f["id"] for f in body["items"]] == ids[350:]
    # each item is what the unpaged listing builds for that flag
    whole = json.loads(json.dumps(flags.list_flags(store, DOCUMENT)))
    assert body["items"] == whole[350:]


def test_the_api_pages_default_to_50_from_the_first(api, ids) -> None:
    code, body = api("")
    assert code == 200 and (body["total"], body["limit"], body["offset"]) == (FLAGS, 50, 0)
    assert [f["id"] for f in body["items"]] == ids[:50]


def test_the_api_filters_combine_with_limit_and_offset(api, ids) -> None:
    kept = matching(ids, lambda n: status(n) == "open" and category(n) == "grammar")
    code, body = api("status=open&category=grammar&limit=40&offset=100")
    assert code == 200 and body["total"] == len(kept) == 113
    assert [f["id"] for f in body["items"]] == kept[100:]


def test_an_offset_past_the_end_answers_no_items_and_the_total(api) -> None:
    code, body = api("limit=10&offset=5000")
    assert code == 200 and body == {"items": [], "total": FLAGS, "limit": 10, "offset": 5000}


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=501", "offset=-1", "offset=x", "limit=ten", "severity=fatal", "status="],
)
def test_the_api_refuses_bad_paging_and_filter_values(api, query) -> None:
    code, body = api(query)
    assert code == 400 and body["error"]["status"] == 400


def test_the_api_answers_404_for_an_unknown_document(client, db_path) -> None:
    headers = token_headers(db_path)
    response = client.get("/api/v1/documents/999/flags?limit=10", headers=headers)
    assert response.status_code == 404

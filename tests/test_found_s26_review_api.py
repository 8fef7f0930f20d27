"""A merge or shift joins the neighbour its caller saw, or nothing (round 26): the review
page renders each row's neighbours and sends the one an edit joins; the API takes the same
optional `neighbour`, and a request without it behaves as before."""

from __future__ import annotations

import lxml.html
import pytest

from tests import test_api as shared
from tests.conftest import login
from workbench.web import create_app
from workbench.web.openapi import description

#: The API tests' fixture: the demo database (copied per test) and a token per role.
api = shared.api

A1 = "/api/v1/alignments/1"  # the demo's Universal Declaration: link id n holds ¶n


def spans(client, headers, first: int, last: int) -> list[tuple[int, int, int, int]]:
    """The paragraph links from ¶first to ¶last: (src_start, src_end, tgt_start, tgt_end)."""
    items = client.get(f"{A1}/links?limit=100", headers=headers).get_json()["items"]
    return [
        (i["src_start"], i["src_end"], i["tgt_start"], i["tgt_end"])
        for i in items
        if i["src_end"] >= first and i["src_start"] < last
    ]


def merge(client, headers, link: int, **body):
    return client.post(f"{A1}/links/{link}/merge", headers=headers, json=body)


@pytest.mark.parametrize(
    ("edit", "body", "said"),
    [
        ("merge", {"direction": "next"}, "the next link is no longer link 13"),
        ("shift", {"side": "target", "direction": "down"}, "the link below is no longer link 13"),
        ("shift", {"side": "source", "direction": "down"}, "the link below is no longer link 13"),
    ],
)
def test_an_edit_of_link_12_naming_a_replaced_next_link_is_a_409_and_changes_nothing(
    api, edit: str, body: dict, said: str
) -> None:
    client, headers = api
    h = headers["translator"]
    assert merge(client, h, 13, direction="next").status_code == 200  # 13 and 14: a new link
    before = spans(client, h, 12, 14)

    refused = client.post(f"{A1}/links/12/{edit}", headers=h, json={**body, "neighbour": 13})

    message = shared.error_of(refused, 409)
    assert message.startswith(f"{said} (it was merged, split or re-aligned")
    assert spans(client, h, 12, 14) == before
    # without `neighbour`, whatever link is there is joined, as before
    assert client.post(f"{A1}/links/12/{edit}", headers=h, json=body).status_code == 200
    assert spans(client, h, 12, 14) != before


def test_naming_the_link_there_now_goes_ahead(api) -> None:
    """Up and previous too: after a shift, link 12 is replaced; a merge back naming it is
    refused, naming the link that took its place goes ahead."""
    client, headers = api
    h = headers["translator"]
    [joined] = merge(client, h, 13, direction="next").get_json()["links"]
    shifted = client.post(
        f"{A1}/links/12/shift",
        headers=h,
        json={"side": "source", "direction": "down", "neighbour": joined},
    )
    assert shifted.status_code == 200, shifted.get_data(as_text=True)
    [up, down] = shifted.get_json()["links"]
    stale = merge(client, h, down, direction="previous", neighbour=12)
    assert shared.error_of(stale, 409).startswith("the previous link is no longer link 12")
    merged = merge(client, h, down, direction="previous", neighbour=up)
    assert merged.status_code == 200, merged.get_data(as_text=True)
    assert spans(client, h, 12, 14) == [(11, 14, 9, 14)]


@pytest.mark.parametrize("neighbour", [0, -1, True, "13", 1.5])
def test_a_neighbour_that_is_no_link_id_is_a_400(api, neighbour: object) -> None:
    client, headers = api
    response = merge(client, headers["translator"], 12, direction="next", neighbour=neighbour)
    assert "neighbour" in shared.error_of(response, 400)


def test_the_api_description_names_neighbour_for_merge_and_shift() -> None:
    for edit in ("merge", "shift"):
        operation = description()["paths"][f"/alignments/{{alignment_id}}/links/{{link_id}}/{edit}"]
        body = operation["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert body["properties"]["neighbour"]["type"] == "integer"
        assert "409" in body["properties"]["neighbour"]["description"]
        assert "neighbour" not in body["required"]


# -- the page: each row names its neighbours ---------------------------------------------------


@pytest.fixture
def editor(corpus):
    """The review page's client on a copy of the demo database, logged in as the demo's
    editor; (client, CSRF token)."""
    client = create_app({"TESTING": True, "DATABASE": str(corpus)}).test_client()
    return client, login(client, "editor", "editor-demo")


def rows(client, query: str) -> dict[str, tuple[str, str]]:
    page = lxml.html.fromstring(client.get(f"/alignments/1/review{query}").get_data(as_text=True))
    return {
        row.get("data-link"): (row.get("data-previous"), row.get("data-next"))
        for row in page.xpath("//li[contains(@class, 'link-row')]")
    }


def test_each_row_names_the_links_before_and_after_it_also_past_the_window(editor) -> None:
    client, _token = editor
    shown = rows(client, "?offset=10&limit=10")
    assert list(shown) == [str(i) for i in range(11, 21)]
    assert shown["11"] == ("10", "12")  # the link before the window
    assert shown["20"] == ("19", "21")  # the link after it
    assert rows(client, "?limit=5")["1"] == ("", "2")  # nothing before the first


def test_in_a_filtered_window_a_row_names_its_neighbours_not_the_next_row_shown(editor) -> None:
    """A merge joins the link next in the alignment, which a filter may hide: that is the
    one the page names and sends."""
    client, token = editor
    headers = {"X-CSRF-Token": token, "Accept": "application/json"}
    for link in (13, 14):
        assert (
            client.post(f"/alignments/1/links/{link}/confirm", headers=headers).status_code == 200
        )
    shown = rows(client, "?status=unconfirmed&limit=20")
    assert "13" not in shown and "14" not in shown
    assert shown["12"] == ("11", "13") and shown["15"] == ("14", "16")


def test_the_pages_merge_naming_a_replaced_neighbour_is_a_409_in_json(editor) -> None:
    client, token = editor
    headers = {"X-CSRF-Token": token, "Accept": "application/json"}
    assert (
        client.post(
            "/alignments/1/links/13/merge", headers=headers, data={"direction": "next"}
        ).status_code
        == 200
    )
    refused = client.post(
        "/alignments/1/links/12/merge",
        headers=headers,
        data={"direction": "next", "neighbour": "13"},
    )
    assert refused.status_code == 409
    assert refused.get_json()["error"]["message"].startswith("the next link is no longer link 13")
    bad = client.post(
        "/alignments/1/links/12/merge",
        headers=headers,
        data={"direction": "next", "neighbour": "x"},
    )
    assert bad.status_code == 400

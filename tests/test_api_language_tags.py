"""Query parameters take what the rest of the API takes: a language tag with its region
(`en-US`, as imports keep it) filters search and the concordance, and an empty `author`
filter is refused like every empty query value, not read as "everyone"."""

from __future__ import annotations

import io

from tests import test_api as shared

api = shared.api
error_of = shared.error_of


def import_en_us(client, headers: dict) -> None:
    data = {
        "file": (io.BytesIO(b"A zebracorn grazed by the river.\n"), "zebra.txt"),
        "lang": "en-US",
        "role": "source",
    }
    assert client.post("/api/v1/documents", headers=headers, data=data).status_code == 201


def test_search_filters_by_a_language_tag_with_its_region(api) -> None:
    client, headers = api
    import_en_us(client, headers["translator"])
    found = client.get("/api/v1/search?q=zebracorn&lang=en-US", headers=headers["reviewer"])
    assert found.status_code == 200 and found.get_json()["total"] == 1
    also = client.get("/api/v1/search?q=zebracorn&lang=EN_us", headers=headers["reviewer"])
    assert also.get_json()["total"] == 1
    message = error_of(
        client.get("/api/v1/search?q=zebracorn&lang=e", headers=headers["reviewer"]), 400
    )
    assert message.startswith("lang must match")


def test_the_concordance_takes_a_language_tag_with_its_region(api) -> None:
    client, headers = api
    import_en_us(client, headers["translator"])
    response = client.get(
        "/api/v1/concordance?term=zebracorn&lang=en-US", headers=headers["reviewer"]
    )
    assert response.status_code == 200


def test_an_empty_author_filter_is_refused(api) -> None:
    client, headers = api
    message = error_of(client.get("/api/v1/revisions?author=", headers=headers["editor"]), 400)
    assert message == "author must not be empty"

"""The search page: results with highlights and counterparts, escaping, errors as 400."""

from __future__ import annotations

import lxml.html

from tests.conftest import login
from workbench import services
from workbench.store import Store
from workbench.web import create_app


def client_for(corpus):
    client = create_app({"TESTING": True, "DATABASE": str(corpus)}).test_client()
    login(client, "translator", "translator-demo")
    return client


def test_results_show_marks_counterparts_and_review_links(corpus) -> None:
    response = client_for(corpus).get("/search?q=pergjithshme")
    assert response.status_code == 200
    page = lxml.html.fromstring(response.get_data(as_text=True))
    hits = page.xpath("//ol[@class='hits']/li")
    assert hits
    quote = hits[0].xpath(".//blockquote")[0]
    assert quote.get("lang") == "sq" and quote.get("dir") == "ltr"
    assert quote.xpath(".//mark")[0].text_content() == "Përgjithshme"
    review = [a.get("href") for a in page.xpath("//div[@class='counterpart']//a")]
    assert any(href.startswith("/alignments/") and "/review?at=" in href for href in review)
    assert "style=" not in response.get_data(as_text=True)
    assert "<script>" not in response.get_data(as_text=True)


def test_hostile_text_is_escaped(corpus) -> None:
    store = Store(corpus)
    services.import_file(
        store,
        b"<script>alert('zorglub')</script> <img src=x onerror=zorglub()>\n",
        filename="evil.txt",
        language="en",
        role="source",
    )
    store.close()
    body = client_for(corpus).get("/search?q=zorglub").get_data(as_text=True)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body


def test_a_regex_that_calls_itself_is_refused_before_it_eats_memory(corpus) -> None:
    client = client_for(corpus)
    for pattern in ("(?R)", "(a(?1)?b)", "(?P<x>a(?&x)?)", "(?P<y>a(?P>y)?)"):
        response = client.get("/search", query_string={"q": pattern, "regex": "1"})
        assert response.status_code == 400, pattern
        page = lxml.html.fromstring(response.get_data(as_text=True))
        assert "may not call itself" in page.xpath("//p[@class='error']")[0].text_content()
    # a group reference that is not a call still works
    assert client.get("/search", query_string={"q": r"(e)\1", "regex": "1"}).status_code == 200


def test_a_bad_regex_is_a_400_page_with_the_message(corpus) -> None:
    response = client_for(corpus).get("/search?q=(unclosed&regex=1")
    assert response.status_code == 400
    page = lxml.html.fromstring(response.get_data(as_text=True))
    assert "regular expression" in page.xpath("//p[@class='error']")[0].text_content()


def test_pages_and_filters(corpus) -> None:
    client = client_for(corpus)
    page = lxml.html.fromstring(client.get("/search?q=Jesus&limit=5").get_data(as_text=True))
    assert len(page.xpath("//ol[@class='hits']/li")) == 5
    next_link = page.xpath("//a[@rel='next']")[0].get("href")
    assert "offset=5" in next_link
    second = lxml.html.fromstring(client.get(next_link).get_data(as_text=True))
    assert second.xpath("//ol[@class='hits']")[0].get("start") == "6"


def test_the_search_page_needs_a_login(corpus) -> None:
    client = create_app({"TESTING": True, "DATABASE": str(corpus)}).test_client()
    assert client.get("/search?q=x").status_code == 302


def test_a_regex_with_a_huge_repeat_is_a_400_and_the_server_answers_the_next_request(
    corpus,
) -> None:
    # "x{99999999}" would make the regex module unroll a hundred million nodes (gigabytes)
    client = client_for(corpus)
    response = client.get("/search", query_string={"q": "x{99999999}", "regex": "1"})
    assert response.status_code == 400
    page = lxml.html.fromstring(response.get_data(as_text=True))
    assert "too large" in page.xpath("//p[@class='error']")[0].text_content()
    assert client.get("/search", query_string={"q": r"\d{4}", "regex": "1"}).status_code == 200

"""A language filter of search and the concordance takes a language with its regions.

An English translation tagged `en-US` is English: `lang=en` (a primary subtag alone) finds text
in versions tagged en, en-GB and en-US, while `lang=en-US` finds en-US alone (in any case, as
imports normalise it). Every search mode, the concordance, the pages and the API agree, and a
language no version has finds nothing, without an error.
"""

from __future__ import annotations

import lxml.html
import pytest

from tests.conftest import add_user, import_pair, login
from workbench import concordance, languages, search
from workbench.store import Store
from workbench.users import issue_token

#: One document per English tag: (title, tag of the translation, its text).
ENGLISH = (
    ("American", "en-US", "The zebracorn grazed by the river in Ohio."),
    ("British", "en-GB", "The zebracorn grazed by the river in Kent."),
    ("Plain", "en", "The zebracorn grazed by the river in town."),
)
ALBANIAN = "Zebrakorni kulloste pranë lumit."


@pytest.fixture
def english(store: Store) -> Store:
    """Three documents, each an Albanian source aligned with an English translation tagged
    en-US, en-GB or plain en."""
    for title, tag, text in ENGLISH:
        import_pair(store, [ALBANIAN], [text], src_lang="sq", tgt_lang=tag, title=title)
    return store


def found(store: Store, **args: str) -> list[str]:
    """The titles of the documents a search finds, in order."""
    result = search.search(store, search.parse_query(args))
    assert result.total == len(result.items)
    return [hit["document"]["title"] for hit in result.items]


def looked_up(store: Store, **args: str) -> concordance.Concordance:
    return concordance.concordance(store, concordance.parse_concordance(args))


ALL = ["American", "British", "Plain"]
MODES = {
    "words": {"q": "zebracorn"},
    "fts": {"q": "zebracorn OR unicorn", "syntax": "fts"},
    "regex": {"q": r"zebrac\w+", "regex": "1"},
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_a_primary_subtag_finds_every_region_of_its_language(english, mode, level) -> None:
    assert found(english, **MODES[mode], level=level, lang="en") == ALL


@pytest.mark.parametrize("mode", MODES)
def test_a_tag_with_a_region_finds_that_region_only(english, mode) -> None:
    assert found(english, **MODES[mode], lang="en-US") == ["American"]
    assert found(english, **MODES[mode], lang="EN_gb") == ["British"]
    assert found(english, **MODES[mode], lang="en-AU") == []


@pytest.mark.parametrize("mode", MODES)
def test_a_language_no_version_has_finds_nothing(english, mode) -> None:
    assert found(english, **MODES[mode], lang="de") == []


@pytest.mark.parametrize("mode", MODES)
def test_without_a_language_every_version_is_searched(english, mode) -> None:
    assert found(english, **MODES[mode]) == ALL


def test_the_other_filters_still_narrow_a_primary_subtag(english) -> None:
    american = next(d for d in english.documents() if d["title"] == "American")
    assert found(english, q="zebracorn", lang="en", document=str(american["id"])) == ["American"]
    assert found(english, q="Zebrakorni", lang="en") == []
    assert len(found(english, q="Zebrakorni", lang="sq")) == 3


def test_the_concordance_of_a_primary_subtag_covers_its_regions(english) -> None:
    every = looked_up(english, term="zebracorn", lang="en")
    assert [line["document"]["title"] for line in every.lines] == ALL
    assert {line["version"]["language"] for line in every.lines} == {"en", "en-GB", "en-US"}
    american = looked_up(english, term="zebracorn", lang="en-us")
    assert [line["document"]["title"] for line in american.lines] == ["American"]
    assert looked_up(english, term="zebracorn", lang="de").total == 0


def test_the_concordance_aligned_language_covers_its_regions_too(english) -> None:
    every = looked_up(english, term="zebrakorni", lang="sq", target_lang="en")
    assert [len(line["aligned"]) for line in every.lines] == [1, 1, 1]
    american = looked_up(english, term="zebrakorni", lang="sq", target_lang="en-US")
    aligned = [[a["version"]["language"] for a in line["aligned"]] for line in american.lines]
    assert aligned == [["en-US"], [], []]


def test_a_filter_covers_the_longer_tags_that_begin_with_it() -> None:
    assert languages.covers("en", "en-US") and languages.covers("en", "en")
    assert languages.covers("en-US", "en-us") and not languages.covers("en-US", "en")
    assert not languages.covers("en", "eng") and not languages.covers("en-US", "en-GB")


def test_the_language_lists_offer_a_language_with_several_regions_as_a_whole() -> None:
    assert languages.filter_choices(["sq", "en-US", "en", "en-GB"]) == [
        ("en", "English (all regions)"),
        ("en-GB", "English (en-GB)"),
        ("en-US", "English (en-US)"),
        ("sq", "Albanian"),
    ]
    assert languages.filter_choices(["sr-Latn", "sr-Cyrl", "pt-BR"]) == [
        ("pt", "Portuguese (all regions)"),
        ("pt-BR", "Portuguese (pt-BR)"),
        ("sr", "Serbian (all variants)"),
        ("sr-Cyrl", "Serbian (sr-Cyrl)"),
        ("sr-Latn", "Serbian (sr-Latn)"),
    ]


def page_titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    return [a.text_content() for a in tree.xpath("//ol[@class='hits']/li/p[@class='meta']/a[1]")]


def test_the_search_page_filters_by_a_language_with_its_regions(english, client, db_path):
    add_user(db_path, "ana", "translator")
    login(client, "ana")
    assert page_titles(client, "/search?q=zebracorn&lang=en") == ALL
    assert page_titles(client, "/search?q=zebrac%5Cw%2B&regex=1&lang=en") == ALL
    assert page_titles(client, "/search?q=zebracorn&lang=en-US") == ["American"]
    assert page_titles(client, "/search?q=zebracorn&lang=de") == []
    tree = lxml.html.fromstring(client.get("/search?q=zebracorn&lang=en").get_data(as_text=True))
    offered = {o.text_content(): o.get("value") for o in tree.xpath("//select[@id='lang']/option")}
    assert offered["English (all regions)"] == "en" and offered["English (en-US)"] == "en-US"
    selected = tree.xpath("//select[@id='lang']/option[@selected]")
    assert [option.text_content() for option in selected] == ["English (all regions)"]


def test_the_concordance_page_filters_by_a_language_with_its_regions(english, client, db_path):
    add_user(db_path, "ana", "translator")
    login(client, "ana")
    for url, count in (
        ("/concordance?term=zebracorn&lang=en", 3),
        ("/concordance?term=zebracorn&lang=en-GB", 1),
        ("/concordance?term=zebracorn&lang=de", 0),
    ):
        page = lxml.html.fromstring(client.get(url).get_data(as_text=True))
        status = page.xpath("//p[@class='count']")[0].text_content()
        assert status.startswith(f"{count} occurrence"), (url, status)


def test_the_api_filters_by_a_language_with_its_regions(english, client, db_path) -> None:
    add_user(db_path, "ana", "reviewer")
    headers = {"Authorization": f"Bearer {issue_token(english, 'ana')}"}

    def titles(url: str) -> list[str]:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [item["document"]["title"] for item in response.get_json()["items"]]

    assert titles("/api/v1/search?q=zebracorn&lang=en") == ALL
    assert titles("/api/v1/search?q=zebrac%5Cw%2B&regex=1&lang=en") == ALL
    assert titles("/api/v1/search?q=zebracorn&lang=en-US") == ["American"]
    assert titles("/api/v1/search?q=zebracorn&lang=en_us") == ["American"]
    assert titles("/api/v1/search?q=zebracorn&lang=de") == []
    assert titles("/api/v1/concordance?term=zebracorn&lang=en") == ALL
    assert titles("/api/v1/concordance?term=zebracorn&lang=en-US") == ["American"]
    assert titles("/api/v1/concordance?term=zebracorn&lang=de") == []

"""The review page on long alignments: an undo says what it undid and where and goes there,
offsets past the end and unknown link ids get accurate messages, and the text filter folds
accents as search does. Flask's test client on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import import_pair
from workbench import review, search
from workbench.store import Store
from workbench.store.review import LinkFilter
from workbench.textfold import fold

JSON = {"Accept": "application/json"}
CHAPTERS = 60


def verse(number: int) -> tuple[str, str]:
    """One short paragraph each side; every fifth names God (Perëndia / PERËNDIA / perëndia)."""
    name = ("Perëndia", "PERËNDIA", "perëndia")[number % 3] if number % 5 == 0 else "njeriu"
    return (
        f"Vargu {number}: {name} foli dhe toka u bë e gjelbër, numri {number}.",
        f"Verse {number}: {'God' if number % 5 == 0 else 'man'} spoke and the earth turned"
        f" green, number {number}.",
    )


@pytest.fixture
def aligned(db_path: Path) -> int:
    """An alignment of 60 paragraph links, one per verse."""
    pairs = [verse(n) for n in range(1, CHAPTERS + 1)]
    store = Store(db_path)
    try:
        alignment = import_pair(store, [s for s, _ in pairs], [t for _, t in pairs])
        assert len(store.links(alignment)) == CHAPTERS
        return alignment
    finally:
        store.close()


@pytest.fixture
def editor(client, as_role):
    return client, as_role("editor")


def links(db_path: Path, alignment: int, level: str = "paragraph"):
    store = Store(db_path)
    try:
        return store.links(alignment, level)
    finally:
        store.close()


def post(client, token: str, url: str, **data):
    return client.post(url, data=data, headers={"X-CSRF-Token": token, **JSON})


def tree(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def row_ids(response) -> list[int]:
    return [int(i) for i in tree(response).xpath("//li[contains(@class, 'link-row')]/@data-link")]


# -- 1. undo says what and where, and goes there ---------------------------------------------


def test_undo_names_the_edit_and_its_place_and_focuses_that_link(editor, db_path, aligned):
    """A reviewer confirms ¶12, works 50 rows further down, has an edit refused there and
    presses z: the confirm of ¶12 is undone, the answer says so and points the page at it."""
    client, token = editor
    every = links(db_path, aligned)
    twelfth, last = every[11], every[-1]
    url = f"/alignments/{aligned}"
    assert post(client, token, f"{url}/links/{twelfth.id}/confirm").json["message"] == "Confirmed."
    refused = post(client, token, f"{url}/links/{last.id}/merge", direction="next")
    assert refused.status_code == 400 and "no next link" in refused.json["error"]["message"]

    response = post(client, token, f"{url}/undo")

    assert response.json == {
        "ok": True,
        "focus": twelfth.id,
        "message": "Undone: confirm of ¶12 → ¶12.",
    }
    assert links(db_path, aligned)[11].status == "auto"
    # the window the page then loads (?at=focus) holds that row, and opens on it
    window = client.get(f"{url}/rows?at={twelfth.id}")
    assert twelfth.id in row_ids(window)
    assert tree(window).xpath("//div[@id='window']/@data-focus") == [str(twelfth.id)]


def test_undoing_a_bulk_confirm_names_how_many_links_and_where_they_lie(editor, db_path, aligned):
    client, token = editor
    url = f"/alignments/{aligned}"
    response = post(client, token, f"{url}/confirm-above", threshold="0", q="Perëndia")
    assert response.json["count"] == 12
    godly = [link for link in links(db_path, aligned) if link.status == "confirmed"]

    response = post(client, token, f"{url}/undo")

    assert response.json["focus"] == godly[0].id
    assert response.json["message"] == "Undone: confirm of 12 links, ¶5 → ¶5 … ¶60 → ¶60."
    assert all(link.status == "auto" for link in links(db_path, aligned))


def test_undoing_a_merge_focuses_the_first_link_put_back(editor, db_path, aligned):
    client, token = editor
    thirtieth = links(db_path, aligned)[29]
    url = f"/alignments/{aligned}"
    post(client, token, f"{url}/links/{thirtieth.id}/merge", direction="next")

    response = post(client, token, f"{url}/undo")

    back = links(db_path, aligned)
    assert [(link.src, link.tgt) for link in back[29:31]] == [([29], [29]), ([30], [30])]
    assert response.json["focus"] == back[29].id
    assert response.json["message"] == "Undone: merge of ¶30–31 → ¶30–31."


def test_the_service_reports_what_it_undid(db_path, aligned):
    store = Store(db_path)
    try:
        link = store.links(aligned)[6]
        review.detach(store, aligned, link.id, user="tom")

        undone = review.undo_last(store, aligned, user="tom")

        assert (undone.action, undone.level) == ("link.detach", "paragraph")
        assert undone.links == [store.links(aligned)[6].id] and undone.focus == undone.links[0]
        assert undone.describe() == "detach of ¶7 → ¶7"
    finally:
        store.close()


# -- 5. an offset past the end ---------------------------------------------------------------


def test_an_offset_past_the_end_shows_the_last_page_and_says_so(editor, db_path, aligned):
    client, _token = editor
    response = client.get(f"/alignments/{aligned}/review?offset=99999&limit=25")
    assert response.status_code == 200
    page = tree(response)
    notice = " ".join(page.xpath("string(//p[@class='past-end'])").split())
    assert notice == (
        "No links at 100000: the alignment has 60 links, so this is the last page."
        " Go to the first page"
    )
    assert page.xpath("//p[@class='past-end']/a/@href") == [
        f"/alignments/{aligned}/review?limit=25&offset=0"
    ]
    every = links(db_path, aligned)
    assert row_ids(response) == [link.id for link in every[50:]]
    ranges = {" ".join(r.split()) for r in page.xpath("//nav[@class='pager']//span/text()")}
    assert "Links 51–60 of 60" in ranges
    assert "No link matches" not in response.get_data(as_text=True)


def test_an_offset_past_the_filtered_links_names_the_filter(editor, db_path, aligned):
    client, _token = editor
    response = client.get(f"/alignments/{aligned}/rows?q=God&offset=500")
    notice = " ".join(tree(response).xpath("string(//p[@class='past-end'])").split())
    assert notice == "No links at 501: 12 links match these filters, so this is the last page."
    assert len(row_ids(response)) == 12
    response = client.get(f"/alignments/{aligned}/rows?q=nowhere-to-be-found&offset=400")
    notice = " ".join(tree(response).xpath("string(//p[@class='past-end'])").split())
    assert notice == "No links at 401: none match these filters."


def test_a_link_the_filter_hides_after_its_last_link_opens_the_last_page(editor, db_path, aligned):
    """Confirming the last link in the "unconfirmed" filter: the window the page loads around
    it (?at=) is the last page of what the filter shows, without a notice."""
    client, token = editor
    last = links(db_path, aligned)[-1]
    post(client, token, f"/alignments/{aligned}/links/{last.id}/confirm")
    response = client.get(f"/alignments/{aligned}/rows?status=unconfirmed&limit=59&at={last.id}")
    assert len(row_ids(response)) == 59 and last.id not in row_ids(response)
    assert not tree(response).xpath("//p[@class='past-end']")


def test_an_alignment_with_no_links_in_a_filter_says_so(editor, aligned):
    client, _token = editor
    page = tree(client.get(f"/alignments/{aligned}/review?q=nowhere-to-be-found"))
    assert page.xpath("string(//p[@class='empty'])") == "No link matches these filters."
    assert not page.xpath("//p[@class='past-end']")


# -- 6. a link id that never existed ---------------------------------------------------------


def test_a_link_id_that_never_existed_is_not_called_replaced(editor, db_path, aligned):
    client, _token = editor
    response = client.get(f"/alignments/{aligned}/review?at=5000000")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "There is no link 5000000 in this alignment." in page
    assert "no longer" not in page


def test_a_link_of_another_alignment_is_not_in_this_one(editor, db_path, aligned):
    client, _token = editor
    store = Store(db_path)
    try:
        other = import_pair(store, ["Një.", "Dy."], ["One.", "Two."])
        foreign = store.links(other)[0].id
    finally:
        store.close()
    response = client.get(f"/alignments/{aligned}/review?at={foreign}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"There is no link {foreign} in this alignment." in page


def test_a_link_replaced_in_another_alignment_is_not_in_this_one(editor, db_path, aligned):
    client, token = editor
    store = Store(db_path)
    try:
        other = import_pair(store, ["Një.", "Dy."], ["One.", "Two."])
        first, second = store.links(other)
    finally:
        store.close()
    post(client, token, f"/alignments/{other}/links/{first.id}/merge", direction="next")
    response = client.get(f"/alignments/{aligned}/review?at={second.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"There is no link {second.id} in this alignment." in page
    assert "no longer" not in page


def test_a_replaced_link_is_still_called_replaced(editor, db_path, aligned):
    client, token = editor
    first, second = links(db_path, aligned)[:2]
    post(client, token, f"/alignments/{aligned}/links/{first.id}/merge", direction="next")
    response = client.get(f"/alignments/{aligned}/review?at={second.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Link {second.id} is no longer in this alignment" in page


# -- 7. the text filter folds accents as search does -----------------------------------------


@pytest.mark.parametrize("query", ["Perendia", "perendia", "PERENDIA", "Perëndia", "PERËNDIA"])
def test_the_text_filter_ignores_accents_and_case(editor, db_path, aligned, query):
    client, _token = editor
    response = client.get(f"/alignments/{aligned}/rows", query_string={"q": query})
    every = links(db_path, aligned)
    assert row_ids(response) == [every[n - 1].id for n in range(5, CHAPTERS + 1, 5)]


def test_the_text_filter_agrees_with_search_folding(db_path, aligned):
    """The review filter finds a word where /search finds it: both fold with textfold."""
    store = Store(db_path)
    try:
        hits = search.search(store, search.SearchQuery(q="perendia")).total
        found = review.page(store, aligned, LinkFilter(text="perendia")).total
        assert hits == found == 12
        assert fold("Perëndia") == "perendia"
    finally:
        store.close()


def test_the_text_filter_still_finds_parts_of_words_and_takes_wildcards_literally(db_path, aligned):
    store = Store(db_path)
    try:
        assert review.page(store, aligned, LinkFilter(text="rëndi")).total == 12
        assert review.page(store, aligned, LinkFilter(text="gjelber, numri 45")).total == 1
        assert review.page(store, aligned, LinkFilter(text="Perendi_")).total == 0
        assert review.page(store, aligned, LinkFilter(text="%")).total == 0
    finally:
        store.close()


def test_the_text_filter_reads_russian_yo_as_ye(db_path):
    store = Store(db_path)
    try:
        alignment = import_pair(
            store,
            ["Ёлка стоит в лесу.", "Дом стоит у реки."],
            ["The fir tree stands in the forest.", "The house stands by the river."],
            src_lang="ru",
        )
        first = store.links(alignment)[0].id
        for query in ("елка", "ЕЛКА", "ёлка"):
            page = review.page(store, alignment, LinkFilter(text=query))
            assert [row.link.id for row in page.rows] == [first], query
    finally:
        store.close()


def test_next_suspicious_and_bulk_confirm_use_the_same_folding(editor, db_path, aligned):
    client, token = editor
    found = client.get(f"/alignments/{aligned}/next-suspicious?q=PERENDIA", headers=JSON).json
    godly = {link.id for i, link in enumerate(links(db_path, aligned)) if (i + 1) % 5 == 0}
    assert found["link"] in godly
    response = post(
        client, token, f"/alignments/{aligned}/confirm-above", threshold="0", q="perendia"
    )
    assert response.json["count"] == 12
    confirmed = {link.id for link in links(db_path, aligned) if link.status == "confirmed"}
    assert confirmed == godly

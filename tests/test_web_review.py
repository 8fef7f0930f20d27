"""The review page and the edits its scripts post, through the Flask test client."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, csrf_from, import_pair, login, snapshot
from workbench import flags, users
from workbench.store import Store
from workbench.web.auth import PERMISSIONS

HOSTILE_SCRIPT = "<script>window.__xss=1</script> Neni 9."
HOSTILE_IMG = '<img src=x onerror="window.__xss=1"> Article 9'
SOURCE = [
    "Neni 1.",
    "Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta. "
    "Ata kanë arsye dhe ndërgjegje.",
    "Neni 2.",
    "Çdo njeri gëzon të gjitha të drejtat dhe liritë e shpallura në këtë Deklaratë.",
    "Neni 3.",
    "Çdo individ ka të drejtën e jetës, të lirisë dhe të sigurimit personal.",
    HOSTILE_SCRIPT,
]
TARGET = [
    "Article 1",
    "All human beings are born free and equal in dignity and rights. "
    "They are endowed with reason and conscience.",
    "Article 2",
    "Everyone is entitled to all the rights and freedoms set forth in this Declaration.",
    "Article 3",
    "Everyone has the right to life, liberty and security of person.",
    HOSTILE_IMG,
]
ROLES = ("translator", "reviewer", "editor", "admin")
JSON = {"Accept": "application/json"}


@pytest.fixture
def aligned(db_path: Path) -> int:
    store = Store(db_path)
    try:
        return import_pair(store, SOURCE, TARGET)
    finally:
        store.close()


def links(db_path: Path, alignment: int, level: str = "paragraph"):
    store = Store(db_path)
    try:
        return store.links(alignment, level)
    finally:
        store.close()


def spans(db_path: Path, alignment: int) -> list[tuple]:
    return [(link.src, link.tgt) for link in links(db_path, alignment)]


def tree(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def rows_of(response) -> list:
    return tree(response).xpath("//li[contains(@class, 'link-row')]")


@pytest.fixture
def editor(client, as_role):
    """The client logged in as an editor; returns (client, token)."""
    return client, as_role("editor")


def post(client, token: str, url: str, **data):
    return client.post(url, data=data, headers={"X-CSRF-Token": token, **JSON})


# -- access -----------------------------------------------------------------------------------


def test_anonymous_pages_go_to_login_and_scripts_get_401(client, aligned) -> None:
    response = client.get(f"/alignments/{aligned}/review?at=3")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    response = client.get(f"/alignments/{aligned}/rows", headers=JSON)
    assert response.status_code == 401 and "log in" in response.json["error"]["message"]
    token = csrf_from(client.get("/login").get_data(as_text=True))
    first = links(client.application.config["DATABASE"], aligned)[0]
    for path in (f"links/{first.id}/confirm", f"links/{first.id}/merge", "undo"):
        response = post(client, token, f"/alignments/{aligned}/{path}", direction="next")
        assert response.status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_what_the_permission_table_says(
    client, db_path, aligned, as_role, role: str
) -> None:
    token = as_role(role)
    assert client.get(f"/alignments/{aligned}/review").status_code == 200
    first, second = links(db_path, aligned)[:2]
    confirm = post(client, token, f"/alignments/{aligned}/links/{first.id}/confirm")
    assert confirm.status_code == (200 if role in PERMISSIONS["confirm"] else 403)
    bulk = post(client, token, f"/alignments/{aligned}/confirm-above", threshold="0.5")
    assert bulk.status_code == (200 if role in PERMISSIONS["confirm"] else 403)
    # the links may be confirmed by now: saying yes to that is part of the request
    url = f"/alignments/{aligned}/links/{second.id}/merge"
    merge = post(client, token, url, direction="next", confirmed_ok="1")
    assert merge.status_code == (200 if role in PERMISSIONS["edit_alignment"] else 403)
    if merge.status_code == 403:
        assert "may not edit alignment" in merge.json["error"]["message"]
    assert post(client, token, f"/alignments/{aligned}/undo").status_code == 200


def test_a_translator_may_merge_but_not_confirm(client, db_path, aligned, as_role) -> None:
    token = as_role("translator")
    first = links(db_path, aligned)[0]
    response = post(client, token, f"/alignments/{aligned}/links/{first.id}/confirm")
    assert response.status_code == 403 and "may not confirm" in response.json["error"]["message"]
    response = post(
        client, token, f"/alignments/{aligned}/links/{first.id}/merge", direction="next"
    )
    assert response.status_code == 200


def test_the_page_shows_buttons_only_as_the_role_allows(client, aligned, as_role) -> None:
    as_role("translator")
    page = tree(client.get(f"/alignments/{aligned}/review"))
    [confirm] = page.xpath("//button[@data-action='confirm']")
    [merge] = page.xpath("//button[@data-action='merge-next']")
    assert confirm.get("disabled") is not None and merge.get("disabled") is None


def test_a_post_without_the_csrf_header_is_refused(editor, db_path, aligned) -> None:
    client, _token = editor
    first = links(db_path, aligned)[0]
    response = client.post(f"/alignments/{aligned}/links/{first.id}/confirm", headers=JSON)
    assert response.status_code == 400 and "CSRF" in response.json["error"]["message"]
    bad = {"X-CSRF-Token": "forged", **JSON}
    response = client.post(f"/alignments/{aligned}/undo", headers=bad)
    assert response.status_code == 400
    assert links(db_path, aligned)[0].status == "auto"


# -- errors -----------------------------------------------------------------------------------


def test_a_shared_link_to_a_replaced_link_opens_at_the_link_holding_its_place(
    editor, db_path, aligned
) -> None:
    client, token = editor
    first, second = links(db_path, aligned)[:2]
    merged = post(client, token, f"/alignments/{aligned}/links/{first.id}/merge", direction="next")
    focus = merged.json["focus"]
    response = client.get(f"/alignments/{aligned}/review?at={second.id}&status=unconfirmed")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/alignments/{aligned}/review?status=unconfirmed&at={focus}"
    )
    page = client.get(response.headers["Location"])
    [notice] = tree(page).xpath("//ul[@class='flashes']/li/text()")
    assert notice == (
        f"Link {second.id} is no longer in this alignment (merged, split or re-aligned):"
        f" its place (¶ 2 → ¶ 2) is in link {focus} now, shown here."
    )
    assert tree(page).xpath("//div[@id='window']/@data-focus") == [str(focus)]


def test_a_shared_link_works_again_after_the_edit_is_undone(editor, db_path, aligned) -> None:
    """Undo gives back the links an edit removed under their own ids."""
    client, token = editor
    before = links(db_path, aligned)
    post(client, token, f"/alignments/{aligned}/links/{before[3].id}/merge", direction="next")
    undone = post(client, token, f"/alignments/{aligned}/undo").json
    assert undone["focus"] == before[3].id
    assert links(db_path, aligned) == before
    response = client.get(f"/alignments/{aligned}/review?at={before[4].id}")
    assert response.status_code == 200 and b"no longer" not in response.data


def test_a_replaced_link_whose_place_is_not_recorded_opens_the_start_with_a_notice(
    editor, db_path, aligned
) -> None:
    """A link an edit removed before ids were recorded, or one a re-alignment replaced."""
    client, _token = editor
    second = links(db_path, aligned)[1]
    store = Store(db_path)
    try:
        store.db.execute("delete from links where id = ?", [second.id])
    finally:
        store.close()
    response = client.get(f"/alignments/{aligned}/review?at={second.id}")
    assert response.headers["Location"].endswith(f"/alignments/{aligned}/review")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Link {second.id} is no longer in this alignment (merged, split or re-aligned)." in page


def test_an_edit_of_a_link_someone_else_replaced_is_a_conflict(
    editor, db_path, aligned, as_role
) -> None:
    client, token = editor
    first, second = links(db_path, aligned)[:2]
    merged = post(client, token, f"/alignments/{aligned}/links/{first.id}/merge", direction="next")
    assert merged.status_code == 200
    before = snapshot(db_path)
    # the other reviewer's page still shows the second link
    late = post(client, token, f"/alignments/{aligned}/links/{second.id}/merge", direction="next")
    assert late.status_code == 409
    assert f"link {second.id} was changed meanwhile" in late.json["error"]["message"]
    assert "reload" in late.json["error"]["message"]
    assert snapshot(db_path) == before


def test_unknown_ids_are_404(editor, db_path, aligned) -> None:
    client, token = editor
    assert client.get("/alignments/999/review").status_code == 404
    assert client.get("/alignments/999/rows", headers=JSON).status_code == 404
    assert client.get("/alignments/999/review?at=1").status_code == 404
    response = post(client, token, f"/alignments/{aligned}/links/99999/confirm")
    assert response.status_code == 404 and "no link" in response.json["error"]["message"]
    sentence = links(db_path, aligned, "sentence")[0]
    response = client.get(f"/alignments/{aligned}/links/99999/sentences", headers=JSON)
    assert response.status_code == 404
    response = post(client, token, f"/alignments/999/links/{sentence.id}/detach")
    assert response.status_code == 404
    assert post(client, token, "/alignments/999/undo").status_code in (400, 404)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("merge", {"direction": "sideways"}),
        ("merge", {}),
        ("split", {"src_at": "abc", "tgt_at": "1"}),
        ("split", {"src_at": "0"}),
        ("split", {"src_at": "50", "tgt_at": "50"}),
        ("shift", {"side": "middle", "direction": "up"}),
        ("shift", {"side": "target", "direction": "left"}),
    ],
)
def test_bad_parameters_are_400_json(editor, db_path, aligned, path: str, data: dict) -> None:
    client, token = editor
    second = links(db_path, aligned)[1]
    response = post(client, token, f"/alignments/{aligned}/links/{second.id}/{path}", **data)
    assert response.status_code == 400 and response.json["error"]["message"]
    assert spans(db_path, aligned) == [([i], [i]) for i in range(7)]


@pytest.mark.parametrize(
    "query",
    ["status=maybe", "below=abc", "below=3", "level=word", "offset=x", "at=y", "flagged=maybe"],
)
def test_bad_filters_are_400(editor, aligned, query: str) -> None:
    client, token = editor
    response = client.get(f"/alignments/{aligned}/rows?{query}", headers=JSON)
    assert response.status_code == 400 and response.json["error"]["message"]
    assert client.get(f"/alignments/{aligned}/review?{query}").status_code == 400
    response = post(client, token, f"/alignments/{aligned}/confirm-above", threshold="2")
    assert response.status_code == 400 and "between 0 and 1" in response.json["error"]["message"]


def test_moving_a_sentence_out_of_its_paragraph_link_says_to_edit_that_link(
    editor, db_path, aligned
) -> None:
    client, token = editor
    sentence = links(db_path, aligned, "sentence")[0]
    url = f"/alignments/{aligned}/links/{sentence.id}/merge"
    response = post(client, token, url, direction="next")
    assert response.status_code == 400 and "paragraph link" in response.json["error"]["message"]


# -- the page ---------------------------------------------------------------------------------


def test_the_page_shows_one_row_per_link_with_both_texts(editor, aligned) -> None:
    client, _token = editor
    response = client.get(f"/alignments/{aligned}/review")
    assert response.status_code == 200
    rows = rows_of(response)
    assert len(rows) == 7
    second = rows[1]
    assert "¶ 2 → ¶ 2" in " ".join(second.xpath(".//span[@class='where']//text()"))
    [source] = second.xpath(".//div[contains(@class, 'cell source')]")
    [target] = second.xpath(".//div[contains(@class, 'cell target')]")
    assert (source.get("lang"), source.get("dir")) == ("sq", "ltr")
    assert (target.get("lang"), target.get("dir")) == ("en", "ltr")
    assert source.xpath(".//p[@data-position='1']/text()")[0].startswith("Të gjithë")
    assert second.xpath(".//meter/@value") and second.xpath(".//details[@class='reasons']")
    assert second.xpath(".//span[contains(@class, 'status-badge')]/text()") == ["auto"]


def test_the_at_parameter_opens_the_window_holding_that_link(editor, db_path, aligned) -> None:
    client, _token = editor
    fifth = links(db_path, aligned)[4]
    response = client.get(f"/alignments/{aligned}/review?at={fifth.id}&limit=2")
    page = tree(response)
    [window] = page.xpath("//div[@id='window']")
    assert (window.get("data-offset"), window.get("data-focus")) == ("4", str(fifth.id))
    assert rows_of(response)[0].get("data-link") == str(fifth.id)
    assert set(page.xpath("//a[@class='prev']/@data-offset")) == {"2"}
    response = client.get(f"/alignments/{aligned}/rows?offset=6&limit=2")
    assert [row.get("data-index") for row in rows_of(response)] == ["6"]
    assert not tree(response).xpath("//a[@class='next']")


def test_filters_narrow_the_rows(editor, db_path, aligned) -> None:
    client, token = editor
    first = links(db_path, aligned)[0]
    post(client, token, f"/alignments/{aligned}/links/{first.id}/confirm")
    base = f"/alignments/{aligned}/rows"
    assert len(rows_of(client.get(f"{base}?status=unconfirmed"))) == 6
    confirmed = rows_of(client.get(f"{base}?status=confirmed"))
    assert [row.get("data-link") for row in confirmed] == [str(first.id)]
    assert "confirmed by editor1" in confirmed[0].text_content()
    found = rows_of(client.get(f"{base}?q=liberty"))
    assert len(found) == 1 and "liberty" in found[0].text_content()
    assert rows_of(client.get(f"{base}?below=0.0001")) == []
    sentences = rows_of(client.get(f"{base}?level=sentence"))
    assert len(sentences) >= 8 and "s. 1" in sentences[0].text_content()


@pytest.mark.parametrize(("flagged", "shown"), [("yes", 1), ("TRUE", 1), ("no", 7), ("", 7)])
def test_the_flagged_filter_takes_a_yes_or_a_no_as_forms_spell_them(
    editor, db_path, aligned, flagged: str, shown: int
) -> None:
    """`?flagged=yes` showed every row, as if it said no: a yes is any spelling forms take."""
    client, _token = editor
    third = links(db_path, aligned)[2]
    store = Store(db_path)
    try:
        flags.raise_flag(
            store, aligned, category="style", severity="minor", link_id=third.id, user="rita"
        )
    finally:
        store.close()
    rows = rows_of(client.get(f"/alignments/{aligned}/rows?flagged={flagged}"))
    assert len(rows) == shown
    assert shown == 7 or rows[0].get("data-link") == str(third.id)


def test_hostile_text_is_shown_as_text(editor, db_path, aligned) -> None:
    client, _token = editor
    for response in (
        client.get(f"/alignments/{aligned}/review"),
        client.get(f"/alignments/{aligned}/rows?q=xss"),
        client.get(f"/alignments/{aligned}/links/{links(db_path, aligned)[6].id}/sentences"),
    ):
        html = response.get_data(as_text=True)
        assert "<script>window" not in html and "<img src=x" not in html
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=" in html
        assert not tree(response).xpath("//main//script | //img")
    page = tree(client.get(f"/alignments/{aligned}/review"))
    texts = page.xpath("//p[contains(@class, 'text')]/text()")
    assert HOSTILE_SCRIPT in texts and HOSTILE_IMG in texts


def test_the_sentences_of_a_paragraph_link(editor, db_path, aligned) -> None:
    client, _token = editor
    second = links(db_path, aligned)[1]
    response = client.get(f"/alignments/{aligned}/links/{second.id}/sentences")
    assert response.status_code == 200
    rows = tree(response).xpath("//li[contains(@class, 'sentence-row')]")
    assert len(rows) == 2
    assert rows[1].xpath(".//div[contains(@class, 'target')]/p/text()") == [
        "They are endowed with reason and conscience."
    ]
    sentence = links(db_path, aligned, "sentence")[0]
    response = client.get(f"/alignments/{aligned}/links/{sentence.id}/sentences", headers=JSON)
    assert response.status_code == 400


# -- edits ------------------------------------------------------------------------------------


def test_confirm_and_unconfirm_keep_the_focus_on_the_link(editor, db_path, aligned) -> None:
    client, token = editor
    link = links(db_path, aligned)[2]
    response = post(client, token, f"/alignments/{aligned}/links/{link.id}/confirm")
    assert response.json == {"ok": True, "focus": link.id, "message": "Confirmed."}
    assert links(db_path, aligned)[2].status == "confirmed"
    response = post(client, token, f"/alignments/{aligned}/links/{link.id}/unconfirm")
    assert response.json["focus"] == link.id and links(db_path, aligned)[2].status == "auto"


def test_structural_edits_and_undo(editor, db_path, aligned) -> None:
    client, token = editor
    url = f"/alignments/{aligned}/links"
    first = links(db_path, aligned)[0]
    merged = post(client, token, f"{url}/{first.id}/merge", direction="next").json
    assert merged["ok"] and spans(db_path, aligned)[0] == ([0, 1], [0, 1])
    split = post(client, token, f"{url}/{merged['focus']}/split", src_at="1", tgt_at="1").json
    assert spans(db_path, aligned)[:2] == [([0], [0]), ([1], [1])]
    assert split["focus"] == links(db_path, aligned)[0].id
    second = links(db_path, aligned)[1]
    shifted = post(client, token, f"{url}/{second.id}/shift", side="target", direction="up").json
    assert spans(db_path, aligned)[:2] == [([0], [0, 1]), ([1], [])]
    assert shifted["focus"] == links(db_path, aligned)[1].id
    third = links(db_path, aligned)[2]
    detached = post(client, token, f"{url}/{third.id}/detach").json
    assert spans(db_path, aligned)[2:4] == [([2], []), ([], [2])]
    assert detached["focus"] == links(db_path, aligned)[2].id
    # each undo says what it undid and where, and focuses the first link it put back
    for action, where, first_back in (
        ("detach", "¶3 → ¶3", 2),
        ("shift", "¶1–2 → ¶1–2", 0),
        ("split", "¶1–2 → ¶1–2", 0),
        ("merge", "¶1–2 → ¶1–2", 0),
    ):
        response = post(client, token, f"/alignments/{aligned}/undo")
        focus = links(db_path, aligned)[first_back].id
        message = f"Undone: {action} of {where}."
        assert response.json == {"ok": True, "focus": focus, "message": message}
    assert spans(db_path, aligned) == [([i], [i]) for i in range(7)]
    response = post(client, token, f"/alignments/{aligned}/undo")
    assert response.status_code == 400 and "nothing of yours" in response.json["error"]["message"]


def test_realign_and_merge_previous(editor, db_path, aligned) -> None:
    client, token = editor
    url = f"/alignments/{aligned}/links"
    third = links(db_path, aligned)[2]
    response = post(client, token, f"{url}/{third.id}/merge", direction="previous").json
    assert spans(db_path, aligned)[1] == ([1, 2], [1, 2])
    post(client, token, f"{url}/{response['focus']}/unconfirm")
    response = post(client, token, f"{url}/{response['focus']}/realign")
    assert (
        response.status_code == 200
        and "Aligned the unconfirmed stretch" in response.json["message"]
    )
    assert spans(db_path, aligned) == [([i], [i]) for i in range(7)]
    first = links(db_path, aligned)[0]
    response = post(client, token, f"{url}/{first.id}/merge", direction="previous")
    assert response.status_code == 400 and "no previous link" in response.json["error"]["message"]


def test_bulk_confirm_counts_the_links_of_the_filter(editor, db_path, aligned) -> None:
    client, token = editor
    response = post(client, token, f"/alignments/{aligned}/confirm-above", threshold="0", q="Neni")
    assert response.status_code == 200
    expected = sum("Neni" in text for text in SOURCE)
    assert response.json["count"] == expected
    assert f"Confirmed {expected} links" in response.json["message"]
    statuses = [link.status for link in links(db_path, aligned)]
    assert statuses.count("confirmed") == expected


def test_next_suspicious_names_the_least_confident_link_and_its_index(
    editor, db_path, aligned
) -> None:
    client, token = editor
    all_links = links(db_path, aligned)
    lowest = min(all_links, key=lambda link: link.confidence)
    response = client.get(f"/alignments/{aligned}/next-suspicious")
    assert response.json["link"] == lowest.id
    assert response.json["index"] == all_links.index(lowest)
    post(client, token, f"/alignments/{aligned}/confirm-above", threshold="0")
    response = client.get(f"/alignments/{aligned}/next-suspicious?status=unconfirmed")
    assert response.json["link"] is None and "No unconfirmed link" in response.json["message"]


def test_flags_show_as_badges_and_marked_spans(client, db_path, aligned, as_role) -> None:
    token = as_role("reviewer")
    second = links(db_path, aligned)[1]
    response = client.post(
        f"/alignments/{aligned}/flags",
        json={
            "link_id": second.id,
            "side": "target",
            "position": 1,
            "start": 4,
            "end": 16,
            "category": "terminology",
            "severity": "major",
        },
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    [row] = [
        r
        for r in rows_of(client.get(f"/alignments/{aligned}/review"))
        if r.get("data-link") == str(second.id)
    ]
    assert "⚑ 1" in row.xpath(".//span[@class='flag-badge']")[0].text_content()
    [paragraph] = row.xpath(".//p[@data-side='target']")
    assert paragraph.xpath("./mark/text()") == ["human beings"]
    assert paragraph.text_content() == TARGET[1]


def test_a_second_user_cannot_undo_the_first_users_edit(client, app, db_path, aligned) -> None:
    add_user(db_path, "tom", "editor")
    add_user(db_path, "ana", "editor")
    token = login(client, "tom")
    first = links(db_path, aligned)[0]
    post(client, token, f"/alignments/{aligned}/links/{first.id}/merge", direction="next")
    other = app.test_client()
    other_token = login(other, "ana")
    response = post(other, other_token, f"/alignments/{aligned}/undo")
    assert response.status_code == 400
    assert spans(db_path, aligned)[0] == ([0, 1], [0, 1])


def test_a_row_tells_screen_readers_its_confidence_flags_and_findings(
    editor, db_path, aligned
) -> None:
    client, _token = editor
    low = links(db_path, aligned)[1]
    store = Store(db_path)
    try:
        store.db.execute("update links set confidence = 0.3 where id = ?", [low.id])
    finally:
        store.close()
    page = tree(client.get(f"/alignments/{aligned}/review"))
    [row] = page.xpath(f"//li[@data-link='{low.id}']")
    assert "confidence 0.30 (low)" in row.get("aria-label")
    [meter] = row.xpath(".//meter")
    assert meter.get("aria-label") == "aligner's confidence, low"
    assert row.xpath("string(.//span[@class='band-word'])").strip() == "low"  # not colour alone


def test_each_cell_names_its_column_to_screen_readers(editor, db_path, aligned) -> None:
    """The grid's head is hidden from screen readers (it is a picture of columns): each cell
    starts with its column's name, visually hidden, in the page and in the rows swapped in."""
    client, _token = editor
    for url in (f"/alignments/{aligned}/review", f"/alignments/{aligned}/rows?offset=0"):
        row = rows_of(client.get(url))[1]
        for side, name in (("source", "Source, Albanian: "), ("target", "Target, English: ")):
            [cell] = row.xpath(f".//div[contains(@class, 'cell {side}')]")
            label = cell[0]
            assert (label.get("class"), label.text) == ("visually-hidden cell-label", name)
            assert (label.get("lang"), label.get("dir")) == ("en", "ltr")
    second = links(db_path, aligned)[1]
    sentences = tree(client.get(f"/alignments/{aligned}/links/{second.id}/sentences"))
    labels = sentences.xpath("//li[contains(@class, 'sentence-row')][1]//span[@lang='en']/text()")
    assert labels == ["Source: ", "Target: "]


def test_a_rows_controls_are_not_tab_stops_of_their_own(editor, db_path, aligned) -> None:
    """Tab goes from the grid (one stop: the focused row) to what follows it; a row's controls
    are reached from the row with keys (review.js), not by tabbing through every row's."""
    client, token = editor
    segment = target_segment(db_path, aligned, 1)
    assert propose(client, token, segment["id"], "Changed.").status_code == 201
    page = tree(client.get(f"/alignments/{aligned}/review"))
    controls = page.xpath(
        "//li[contains(@class, 'link-row')]//*[self::summary or self::button or self::a]"
    )
    kinds = {c.get("class") or c.tag for c in controls}
    assert {"summary", "pending-badge", "secondary small expand"} <= kinds
    assert {c.get("tabindex") for c in controls if c.xpath("not(ancestor::details)")} == {"-1"}
    assert {c.get("tabindex") for c in controls if c.tag == "summary"} == {"-1"}
    skips = page.xpath("//nav[@class='skip-links']/a")
    assert [(a.text, a.get("href")) for a in skips] == [
        ("Skip to the links", "#window"),
        ("Skip to the toolbar", "#toolbar"),
    ]
    # the page's first Tab stops (WCAG 2.4.1): before the site's header, not after it
    assert page.xpath("/html/body/*[1]/@class") == ["skip-links"]
    focusable = "(//a[@href] | //button | //input | //select | //textarea)[position() <= 2]"
    assert [e.text for e in page.xpath(focusable)] == [a.text for a in skips]
    assert page.xpath("//*[@id='window']") and page.xpath("//*[@id='toolbar']")  # the targets
    assert page.xpath("//div[@id='toolbar']/@role") == ["toolbar"]


# -- edits that would drop confirmations ----------------------------------------------------------


def test_a_translator_is_asked_before_merging_a_reviewers_confirmed_links(
    client, app, db_path, aligned
) -> None:
    """README roles: translators edit the alignment, reviewers confirm. A translator may still
    merge confirmed links (the text may need it), but only after saying yes to dropping them."""
    add_user(db_path, "rita", "reviewer")
    add_user(db_path, "tom", "translator")
    first, second = links(db_path, aligned)[3:5]
    reviewer = app.test_client()
    reviewer_token = login(reviewer, "rita")
    for link in (first, second):
        post(reviewer, reviewer_token, f"/alignments/{aligned}/links/{link.id}/confirm")
    token = login(client, "tom")
    url = f"/alignments/{aligned}/links/{first.id}/merge"
    before = snapshot(db_path)
    asked = post(client, token, url, direction="next")
    assert asked.status_code == 409
    assert asked.json["error"]["confirm"] == {
        "message": "This merges 2 links confirmed by rita; they will need confirming again.",
        "verb": "Merge",
    }
    assert [c["link_id"] for c in asked.json["error"]["confirmations"]] == [first.id, second.id]
    assert snapshot(db_path) == before
    merged = post(client, token, url, direction="next", confirmed_ok="1")
    assert merged.status_code == 200 and merged.json["message"] == "Merged with the next link."
    assert links(db_path, aligned)[3].status == "edited"


@pytest.mark.parametrize("answer", ["maybe", "2"])
def test_confirmed_ok_is_a_yes_or_a_no(editor, db_path, aligned, answer: str) -> None:
    client, token = editor
    first = links(db_path, aligned)[0]
    url = f"/alignments/{aligned}/links/{first.id}/detach"
    response = post(client, token, url, confirmed_ok=answer)
    assert response.status_code == 400
    assert response.json["error"]["message"] == "confirmed_ok must be true or false, not a string"


# -- the inline editor's pending revisions ---------------------------------------------------------


def target_segment(db_path: Path, alignment: int, position: int) -> dict:
    store = Store(db_path)
    try:
        version = store.alignment(alignment)["target_version_id"]
        return store.texts(version, "paragraph", position, position + 1)[0]
    finally:
        store.close()


def propose(client, token: str, segment: int, text: str, note: str = ""):
    body = {"text": text, "base_revision": 0, "note": note}
    return client.post(
        f"/segments/{segment}/revisions", json=body, headers={"X-CSRF-Token": token, **JSON}
    )


def test_a_row_gives_the_editor_the_users_own_pending_wording_escaped(
    client, app, db_path, aligned
) -> None:
    add_user(db_path, "tom", "translator")
    add_user(db_path, "ana", "translator")
    segment = target_segment(db_path, aligned, 1)
    token = login(client, "tom")
    assert propose(client, token, segment["id"], "All <b>people</b> are free.", "a <i>note</i>")
    other = app.test_client()
    assert propose(other, login(other, "ana"), segment["id"], "Ana's wording.").status_code == 201
    page = client.get(f"/alignments/{aligned}/review")
    html = page.get_data(as_text=True)
    assert "<b>people</b>" not in html and "&lt;b&gt;people&lt;/b&gt;" in html
    [root] = tree(page).xpath("//div[@id='review']")
    assert root.get("data-user") == "tom"
    [own] = tree(page).xpath(f"//div[@data-segment='{segment['id']}']/template")
    assert (own.get("class"), own.get("data-author")) == ("own-pending", "tom")
    assert own.xpath("string(p[@class='text'])") == "All <b>people</b> are free."
    assert own.xpath("string(p[@class='note'])") == "a <i>note</i>"
    assert own.get("data-stale") is None
    # ana sees her own wording, never tom's
    ana = tree(other.get(f"/alignments/{aligned}/review"))
    [hers] = ana.xpath(f"//div[@data-segment='{segment['id']}']/template")
    assert hers.xpath("string(p[@class='text'])") == "Ana's wording."


def test_proposing_again_says_which_pending_revision_it_replaces(
    client, db_path, aligned, as_role
) -> None:
    token = as_role("translator")
    segment = target_segment(db_path, aligned, 2)
    first = propose(client, token, segment["id"], "Article two.").json
    assert first["replaced"] == [] and "replaces" not in first["message"]
    second = propose(client, token, segment["id"], "Article 2.").json
    assert second["replaced"] == [first["revision"]]
    assert second["message"] == (
        f"Proposed revision {second['revision']}, which replaces your pending revision"
        f" {first['revision']}: an editor will review it."
    )
    # a form post hears it too, in the flash on the revision page
    form = {"text": "Art. 2.", "base_revision": "0", "csrf_token": token}
    response = client.post(f"/segments/{segment['id']}/revisions", data=form)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"which replaces your pending revision {second['revision']}" in page


def test_an_undo_needs_the_permission_its_edit_needs_now(client, db_path, aligned) -> None:
    """An undo is the same kind of edit again: a translator made reviewer since a merge may
    no longer take it back (a reviewer may not edit the alignment), on the page or the API."""
    add_user(db_path, "tina", "translator")
    token = login(client, "tina")
    first = links(db_path, aligned)[0]
    merged = post(client, token, f"/alignments/{aligned}/links/{first.id}/merge", direction="next")
    assert merged.status_code == 200
    store = Store(db_path)
    try:
        users.set_role(store, "tina", "reviewer", by="admin")
        api_token = users.issue_token(store, "tina")
    finally:
        store.close()
    token = login(client, "tina")  # the role change ended the session
    before = snapshot(db_path)
    refused = post(client, token, f"/alignments/{aligned}/undo")
    assert refused.status_code == 403
    message = refused.get_json()["error"]["message"]
    assert (
        message == "undoing your link.merge edits the alignment, which your role may no longer do"
    )
    api = client.post(
        f"/api/v1/alignments/{aligned}/undo",
        json={},
        headers={"Authorization": f"Bearer {api_token}"},
    )
    assert api.status_code == 403 and api.get_json()["error"]["message"] == message
    assert spans(db_path, aligned)[0] == ([0, 1], [0, 1])
    assert snapshot(db_path) == before


def test_a_translator_is_told_unconfirming_is_not_theirs_in_those_words(
    client, db_path, aligned, as_role
) -> None:
    """Unconfirm needs the confirm permission; the refusal names what was asked."""
    from workbench.users import issue_token

    token = as_role("translator")
    first = links(db_path, aligned)[0]
    page = post(client, token, f"/alignments/{aligned}/links/{first.id}/unconfirm")
    assert page.status_code == 403
    assert "a translator may not unconfirm links" in page.json["error"]["message"]
    store = Store(db_path)
    try:
        bearer = issue_token(store, "translator1")
    finally:
        store.close()
    api = client.post(
        f"/api/v1/alignments/{aligned}/links/{first.id}/unconfirm",
        headers={"Authorization": f"Bearer {bearer}"},
    )
    assert api.status_code == 403
    assert "a translator may not unconfirm links" in api.json["error"]["message"]

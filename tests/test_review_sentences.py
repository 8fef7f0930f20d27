"""Reviewing at sentence level: sentence links are corrected inside their paragraph link.

A translator who sees a misaligned sentence in a long paragraph merges, splits, shifts,
detaches or realigns sentence links there, as at paragraph level: each edit is one event and
can be undone. An edit that would move a sentence into another paragraph link is refused (the
paragraph link is to be edited instead) and changes nothing. "Next suspicious" and "confirm
all" act on the level being viewed.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, import_pair, login, snapshot
from workbench import review
from workbench.errors import InputError
from workbench.linkops import check_tiling
from workbench.store import Store
from workbench.store.review import LinkFilter

# Three paragraphs of four, four and two sentences: paragraph link i holds sentences
# 0–3, 4–7 and 8–9 on both sides, each sentence aligned one to one.
SOURCE = [
    "Neni i parë. Të gjithë njerëzit lindin të lirë. Ata kanë arsye dhe ndërgjegje. "
    "Ata duhet të sillen si vëllezër.",
    "Neni i dytë. Çdo njeri gëzon të gjitha të drejtat. Nuk do të bëhet asnjë dallim. "
    "Kjo vlen për çdo vend.",
    "Neni i tretë. Çdo individ ka të drejtën e jetës.",
]
TARGET = [
    "Article one. All human beings are born free. They are endowed with reason and "
    "conscience. They should act towards one another in a spirit of brotherhood.",
    "Article two. Everyone is entitled to all the rights. No distinction shall be made. "
    "This applies to every country.",
    "Article three. Everyone has the right to life.",
]
ONE_TO_ONE = [([i], [i]) for i in range(10)]
PARAGRAPHS = [([i], [i]) for i in range(3)]
JSON = {"Accept": "application/json"}


@pytest.fixture
def aligned(db_path: Path) -> int:
    store = Store(db_path)
    try:
        return import_pair(store, SOURCE, TARGET)
    finally:
        store.close()


def spans(store: Store, alignment: int, level: str) -> list[tuple]:
    return [(link.src, link.tgt) for link in store.links(alignment, level)]


def sentence(store: Store, alignment: int, source_position: int):
    """The sentence link holding source sentence `source_position`."""
    return store.link_covering(alignment, "sentence", "source", source_position)


def assert_tiled_inside_paragraph_links(store: Store, alignment: int) -> None:
    a = store.alignment(alignment)
    for level in ("paragraph", "sentence"):
        check_tiling(
            [link.span for link in store.links(alignment, level)],
            len(store.segments(a["source_version_id"], level)),
            len(store.segments(a["target_version_id"], level)),
        )
    for link in store.links(alignment, "sentence"):
        assert review.paragraph_link_of(store, link) is not None, link


# -- editing sentence links (the service) -----------------------------------------------------


def test_the_fixture_has_one_to_one_sentences_in_three_paragraph_links(
    store: Store, aligned: int
) -> None:
    assert spans(store, aligned, "paragraph") == PARAGRAPHS
    assert spans(store, aligned, "sentence") == ONE_TO_ONE


def test_merging_two_sentence_links_inside_a_paragraph_link_then_undo(
    store: Store, aligned: int
) -> None:
    before = [link.as_row() for link in store.links(aligned, "sentence")]
    paragraphs = store.links(aligned, "paragraph")
    [merged] = review.merge(store, aligned, sentence(store, aligned, 1).id, "next", user="tom")
    link = store.link(merged)
    assert (link.level, link.src, link.tgt) == ("sentence", [1, 2], [1, 2])
    assert (link.status, link.set_by) == ("edited", "tom")
    assert spans(store, aligned, "sentence") == [ONE_TO_ONE[0], ([1, 2], [1, 2]), *ONE_TO_ONE[3:]]
    assert store.links(aligned, "paragraph") == paragraphs  # ids, statuses: all unchanged
    assert_tiled_inside_paragraph_links(store, aligned)

    assert review.undo(store, aligned, user="tom") == "link.merge"
    assert [link.as_row() for link in store.links(aligned, "sentence")] == before
    assert store.links(aligned, "paragraph") == paragraphs


def test_a_sentence_edit_is_one_event_recording_the_sentence_rows(
    store: Store, aligned: int
) -> None:
    review.merge(store, aligned, sentence(store, aligned, 5).id, "previous", user="tom")
    event = store.events()[0]
    assert (event["action"], event["user"]) == ("link.merge", "tom")
    before, after = json.loads(event["before"]), json.loads(event["after"])
    assert before["level"] == after["level"] == "sentence"
    assert [(row["src_start"], row["src_end"]) for row in before["links"]] == [(4, 5), (5, 6)]
    assert [(row["src_start"], row["src_end"]) for row in after["links"]] == [(4, 6)]
    assert {row["level"] for row in before["links"] + after["links"]} == {"sentence"}


def test_split_shift_detach_and_realign_stay_inside_the_paragraph_link(
    store: Store, aligned: int
) -> None:
    paragraphs = store.links(aligned, "paragraph")
    [merged] = review.merge(store, aligned, sentence(store, aligned, 4).id, "next", user="tom")
    review.split(store, aligned, merged, 5, 5, user="tom")
    assert spans(store, aligned, "sentence")[4:6] == [([4], [4]), ([5], [5])]
    review.shift(store, aligned, sentence(store, aligned, 5).id, "target", "up", user="tom")
    assert spans(store, aligned, "sentence")[4:6] == [([4], [4, 5]), ([5], [])]
    review.detach(store, aligned, sentence(store, aligned, 6).id, user="tom")
    assert spans(store, aligned, "sentence")[6:8] == [([6], []), ([], [6])]
    assert_tiled_inside_paragraph_links(store, aligned)
    assert store.links(aligned, "paragraph") == paragraphs

    # realign: the unconfirmed stretch inside the paragraph link is aligned again
    edited = [link.id for link in store.links(aligned, "sentence") if link.status == "edited"]
    review.set_status(store, aligned, edited, user="rita", status="auto")
    review.realign(store, aligned, sentence(store, aligned, 5).id, user="tom")
    assert spans(store, aligned, "sentence") == ONE_TO_ONE
    assert store.links(aligned, "paragraph") == paragraphs
    event = store.events()[0]
    assert event["action"] == "link.realign"
    realigned = json.loads(event["after"])["links"]
    assert [(row["src_start"], row["src_end"]) for row in realigned] == [
        (4, 5),
        (5, 6),
        (6, 7),
        (7, 8),
    ]

    for action in ("realign", "unconfirm", "detach", "shift", "split", "merge"):
        user = "rita" if action == "unconfirm" else "tom"
        assert review.undo(store, aligned, user=user) == f"link.{action}"
    assert spans(store, aligned, "sentence") == ONE_TO_ONE
    assert {link.status for link in store.links(aligned, "sentence")} == {"auto"}


@pytest.mark.parametrize(
    ("edit", "source_position"),
    [
        (lambda s, a, link: review.merge(s, a, link, "next", user="tom"), 3),
        (lambda s, a, link: review.merge(s, a, link, "previous", user="tom"), 4),
        (lambda s, a, link: review.shift(s, a, link, "target", "up", user="tom"), 4),
        (lambda s, a, link: review.shift(s, a, link, "source", "down", user="tom"), 7),
    ],
    ids=["merge next", "merge previous", "shift up", "shift down"],
)
def test_an_edit_across_a_paragraph_link_boundary_is_refused_and_changes_nothing(
    store: Store, db_path: Path, aligned: int, edit, source_position: int
) -> None:
    before = snapshot(db_path)
    with pytest.raises(InputError, match="edit the paragraph link"):
        edit(store, aligned, sentence(store, aligned, source_position).id)
    assert snapshot(db_path) == before


def test_realign_of_a_sentence_link_stops_at_its_paragraph_link(store: Store, aligned: int) -> None:
    # every sentence link is unconfirmed, but only paragraph link 1's sentences are realigned
    review.realign(store, aligned, sentence(store, aligned, 6).id, user="tom")
    realigned = json.loads(store.events()[0]["after"])["links"]
    assert [(row["src_start"], row["tgt_start"]) for row in realigned] == [
        (4, 4),
        (5, 5),
        (6, 6),
        (7, 7),
    ]
    assert_tiled_inside_paragraph_links(store, aligned)


def test_edited_sentence_links_survive_a_paragraph_edit_that_keeps_them_inside(
    store: Store, aligned: int
) -> None:
    [merged] = review.merge(store, aligned, sentence(store, aligned, 1).id, "next", user="tom")
    first = store.links(aligned, "paragraph")[0]
    review.merge(store, aligned, first.id, "next", user="tom")
    kept = sentence(store, aligned, 1)
    assert (kept.src, kept.tgt, kept.status) == ([1, 2], [1, 2], "edited")
    assert_tiled_inside_paragraph_links(store, aligned)
    assert merged  # the sentence edit happened before the paragraph edit


def test_a_sentence_link_knows_its_paragraph_link_and_back(store: Store, aligned: int) -> None:
    second = store.links(aligned, "paragraph")[1]
    inside = sentence(store, aligned, 6)
    assert review.paragraph_link_of(store, inside) == second
    assert review.link_at_level(store, aligned, inside.id, "paragraph") == second
    assert review.link_at_level(store, aligned, second.id, "sentence") == sentence(
        store, aligned, 4
    )
    assert review.link_at_level(store, aligned, inside.id, "sentence") == inside


# -- status changes at sentence level ---------------------------------------------------------


def test_next_suspicious_at_sentence_level_is_the_least_confident_sentence_link(
    store: Store, aligned: int
) -> None:
    sentences = store.links(aligned, "sentence")
    lowest = min(sentences, key=lambda link: (link.confidence, link.src_start))
    assert review.next_suspicious(store, aligned, LinkFilter(), "sentence") == lowest
    assert review.next_suspicious(store, aligned).level == "paragraph"


def test_bulk_confirm_at_sentence_level_confirms_sentence_links_of_the_filter_only(
    store: Store, aligned: int
) -> None:
    count = review.confirm_above(
        store, aligned, 0.0, LinkFilter(text="Article"), user="rita", level="sentence"
    )
    assert count == 3  # "Article one.", "Article two.", "Article three."
    confirmed = [link.src for link in store.links(aligned, "sentence") if link.status != "auto"]
    assert confirmed == [[0], [4], [8]]
    assert {link.status for link in store.links(aligned, "paragraph")} == {"auto"}
    assert review.undo(store, aligned, user="rita") == "link.confirm"
    assert {link.status for link in store.links(aligned, "sentence")} == {"auto"}


def test_flag_and_finding_filters_at_sentence_level_keep_the_sentences_of_those_paragraphs(
    store: Store, aligned: int
) -> None:
    from workbench import flags

    second = store.links(aligned, "paragraph")[1]
    flags.raise_flag(
        store,
        aligned,
        link_id=second.id,
        category="accuracy/mistranslation",
        severity="major",
        user="rita",
    )
    flagged = review.page(store, aligned, LinkFilter(flagged=True), level="sentence").rows
    assert [row.link.src for row in flagged] == [[4], [5], [6], [7]]
    paragraphs = review.page(store, aligned, LinkFilter(flagged=True)).rows
    assert [row.link.id for row in paragraphs] == [second.id]
    third = store.links(aligned, "paragraph")[2]
    inside = review.page(store, aligned, LinkFilter(ids=(third.id,)), level="sentence").rows
    assert [row.link.src for row in inside] == [[8], [9]]


# -- through the web app ----------------------------------------------------------------------


def post(client, token: str, url: str, **data):
    return client.post(url, data=data, headers={"X-CSRF-Token": token, **JSON})


def read(db_path: Path, alignment: int, level: str):
    store = Store(db_path)
    try:
        return store.links(alignment, level)
    finally:
        store.close()


@pytest.fixture
def translator(client, as_role):
    return client, as_role("translator")


def test_a_translator_merges_and_undoes_sentence_links_over_http(
    translator, db_path: Path, aligned: int
) -> None:
    client, token = translator
    url = f"/alignments/{aligned}/links"
    second = read(db_path, aligned, "sentence")[1]
    response = post(client, token, f"{url}/{second.id}/merge", direction="next")
    assert response.status_code == 200, response.json
    assert response.json["message"] == "Merged with the next link."
    merged = response.json["focus"]
    assert [(link.src, link.tgt) for link in read(db_path, aligned, "sentence")][1] == (
        [1, 2],
        [1, 2],
    )
    response = post(client, token, f"{url}/{merged}/shift", side="target", direction="down")
    assert response.json["message"] == "Moved a target sentence down."
    for action, where in (("shift", "s. 2–4 → s. 2–4"), ("merge", "s. 2–3 → s. 2–3")):
        response = post(client, token, f"/alignments/{aligned}/undo")
        assert response.json["message"] == f"Undone: {action} of {where}."
        assert response.json["focus"] == read(db_path, aligned, "sentence")[1].id
    assert [(link.src, link.tgt) for link in read(db_path, aligned, "sentence")] == ONE_TO_ONE


def test_a_merge_across_paragraph_links_is_a_400_that_says_what_to_do(
    translator, db_path: Path, aligned: int
) -> None:
    client, token = translator
    last_of_first = read(db_path, aligned, "sentence")[3]
    before = snapshot(db_path)
    response = post(
        client, token, f"/alignments/{aligned}/links/{last_of_first.id}/merge", direction="next"
    )
    assert response.status_code == 400
    assert "edit the paragraph link" in response.json["error"]["message"]
    assert snapshot(db_path) == before


def test_roles_at_sentence_level_are_the_roles_at_paragraph_level(
    client, app, db_path: Path, aligned: int
) -> None:
    add_user(db_path, "rita", "reviewer")
    add_user(db_path, "tom", "translator")
    reviewer_token = login(client, "rita")
    translator = app.test_client()
    translator_token = login(translator, "tom")
    first = read(db_path, aligned, "sentence")[0]
    url = f"/alignments/{aligned}/links/{first.id}"
    response = post(client, reviewer_token, f"{url}/merge", direction="next")
    assert (
        response.status_code == 403
        and "may not edit alignment" in response.json["error"]["message"]
    )
    response = post(translator, translator_token, f"{url}/confirm")
    assert response.status_code == 403 and "may not confirm" in response.json["error"]["message"]
    assert post(client, reviewer_token, f"{url}/confirm").status_code == 200
    assert read(db_path, aligned, "sentence")[0].status == "confirmed"
    # a translator may undo a reviewer's confirmation, but only when saying so
    assert post(translator, translator_token, f"{url}/detach").status_code == 409
    response = post(translator, translator_token, f"{url}/detach", confirmed_ok="1")
    assert response.status_code == 200


def test_confirm_all_at_sentence_level_over_http(client, as_role, db_path, aligned) -> None:
    token = as_role("reviewer")
    response = post(
        client, token, f"/alignments/{aligned}/confirm-above", threshold="0", level="sentence"
    )
    assert response.status_code == 200
    assert response.json["message"] == "Confirmed 10 sentence links with confidence ≥ 0."
    assert {link.status for link in read(db_path, aligned, "sentence")} == {"confirmed"}
    assert {link.status for link in read(db_path, aligned, "paragraph")} == {"auto"}


def test_next_suspicious_at_sentence_level_over_http(client, as_role, db_path, aligned) -> None:
    as_role("reviewer")
    sentences = read(db_path, aligned, "sentence")
    lowest = min(sentences, key=lambda link: (link.confidence, link.src_start))
    response = client.get(f"/alignments/{aligned}/next-suspicious?level=sentence")
    assert response.json["link"] == lowest.id
    assert response.json["index"] == sentences.index(lowest)
    assert response.json["message"].startswith("Least confident sentence link:")


def test_the_sentence_level_page_offers_what_works_there(
    translator, db_path: Path, aligned: int
) -> None:
    client, _token = translator
    page = lxml.html.fromstring(
        client.get(f"/alignments/{aligned}/review?level=sentence").get_data(as_text=True)
    )
    [root] = page.xpath("//div[@id='review']")
    assert root.get("data-level") == "sentence"

    def button(action: str):
        [found] = page.xpath(f"//div[@role='toolbar']//button[@data-action='{action}']")
        return found

    for action in ("merge-next", "split", "shift-target-up", "detach", "realign", "edit"):
        assert button(action).get("disabled") is None, action
    assert "paragraph" in button("edit").get("title")
    for action in ("flag", "next-finding"):
        assert button(action).get("disabled") is not None
        assert "paragraph level" in button(action).get("title")
    assert "sentence links" in page.xpath("string(//form[@id='bulk-form']//label)")
    assert root.get("data-can-edit-text") == "yes"  # a translator may propose revisions


def test_at_opens_the_counterpart_of_a_link_of_the_other_level(
    translator, db_path: Path, aligned: int
) -> None:
    client, _token = translator
    inside = read(db_path, aligned, "sentence")[6]
    second = read(db_path, aligned, "paragraph")[1]
    page = lxml.html.fromstring(
        client.get(f"/alignments/{aligned}/review?level=paragraph&at={inside.id}").data
    )
    assert page.xpath("//div[@id='window']/@data-focus") == [str(second.id)]
    page = lxml.html.fromstring(
        client.get(f"/alignments/{aligned}/rows?level=sentence&at={second.id}").data
    )
    first_inside = read(db_path, aligned, "sentence")[4]
    assert page.xpath("//div[@id='window']/@data-focus") == [str(first_inside.id)]


def test_the_sentences_of_a_paragraph_link_lead_to_their_correction(
    translator, db_path: Path, aligned: int
) -> None:
    client, _token = translator
    second = read(db_path, aligned, "paragraph")[1]
    page = lxml.html.fromstring(
        client.get(f"/alignments/{aligned}/links/{second.id}/sentences").data
    )
    [href] = page.xpath("//p[@class='sentence-edit']/a/@href")
    assert "level=sentence" in href and f"at={second.id}" in href

"""Review edits: each is one event, keeps the path tiled, and can be undone."""

from __future__ import annotations

import pytest

from tests.conftest import import_pair
from workbench import review
from workbench.errors import Conflict, InputError
from workbench.linkops import check_tiling
from workbench.store import Store
from workbench.store.review import LinkFilter

SOURCE = [
    "Neni 1.",
    "Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta. "
    "Ata kanë arsye dhe ndërgjegje.",
    "Neni 2.",
    "Çdo njeri gëzon të gjitha të drejtat dhe liritë e shpallura në këtë Deklaratë.",
    "Neni 3.",
    "Çdo individ ka të drejtën e jetës, të lirisë dhe të sigurimit personal.",
]
TARGET = [
    "Article 1",
    "All human beings are born free and equal in dignity and rights. "
    "They are endowed with reason and conscience.",
    "Article 2",
    "Everyone is entitled to all the rights and freedoms set forth in this Declaration.",
    "Article 3",
    "Everyone has the right to life, liberty and security of person.",
]


@pytest.fixture
def aligned(store: Store) -> int:
    return import_pair(store, SOURCE, TARGET)


def spans(store: Store, alignment: int, level: str = "paragraph") -> list[tuple]:
    return [(link.src, link.tgt) for link in store.links(alignment, level)]


def assert_tiled(store: Store, alignment: int) -> None:
    for level in ("paragraph", "sentence"):
        links = store.links(alignment, level)
        a = store.alignment(alignment)
        n_src = len(store.segments(a["source_version_id"], level))
        n_tgt = len(store.segments(a["target_version_id"], level))
        check_tiling([link.span for link in links], n_src, n_tgt)


def test_the_aligner_pairs_the_articles_one_to_one(store: Store, aligned: int) -> None:
    assert spans(store, aligned) == [([i], [i]) for i in range(6)]
    assert_tiled(store, aligned)


def test_a_page_carries_the_texts_of_both_sides(store: Store, aligned: int) -> None:
    page = review.page(store, aligned, offset=1, limit=2)
    assert page.total == 6 and [row.index for row in page.rows] == [1, 2]
    assert page.rows[0].source[0]["text"].startswith("Të gjithë")
    assert page.rows[0].target[0]["text"].startswith("All human beings")
    sentences = review.page(store, aligned, level="sentence")
    assert sentences.total >= 7


def test_filters_narrow_the_links(store: Store, aligned: int) -> None:
    first = store.links(aligned)[0]
    review.set_status(store, aligned, [first.id], user="rita")
    assert review.page(store, aligned, LinkFilter(status="unconfirmed")).total == 5
    assert review.page(store, aligned, LinkFilter(status="confirmed")).total == 1
    found = review.page(store, aligned, LinkFilter(text="LIBERTY"))
    assert [row.link.src for row in found.rows] == [[5]]
    assert review.page(store, aligned, LinkFilter(text="100%_\\")).total == 0


def test_merge_then_undo_restores_the_links(store: Store, aligned: int) -> None:
    before = spans(store, aligned)
    sentences_before = spans(store, aligned, "sentence")
    first = store.links(aligned)[0]
    review.merge(store, aligned, first.id, "next", user="tom")
    assert spans(store, aligned)[0] == ([0, 1], [0, 1])
    assert store.links(aligned)[0].status == "edited"
    assert_tiled(store, aligned)
    assert review.undo(store, aligned, user="tom") == "link.merge"
    assert spans(store, aligned) == before
    assert spans(store, aligned, "sentence") == sentences_before
    with pytest.raises(InputError, match="nothing of yours"):
        review.undo(store, aligned, user="tom")


def test_split_shift_and_detach_keep_the_texts_tiled(store: Store, aligned: int) -> None:
    first = store.links(aligned)[0]
    [merged] = review.merge(store, aligned, first.id, "next", user="tom")
    review.split(store, aligned, merged, 1, 1, user="tom")
    assert spans(store, aligned)[:2] == [([0], [0]), ([1], [1])]
    second = store.links(aligned)[1]
    review.shift(store, aligned, second.id, "target", "up", user="tom")
    assert spans(store, aligned)[:2] == [([0], [0, 1]), ([1], [])]
    third = store.links(aligned)[2]
    review.detach(store, aligned, third.id, user="tom")
    assert spans(store, aligned)[2:4] == [([2], []), ([], [2])]
    assert_tiled(store, aligned)
    for _ in range(4):
        review.undo(store, aligned, user="tom")
    assert spans(store, aligned) == [([i], [i]) for i in range(6)]


def test_each_edit_is_an_event_with_before_and_after(store: Store, aligned: int) -> None:
    first = store.links(aligned)[0]
    review.detach(store, aligned, first.id, user="tom")
    event = store.events()[0]
    assert event["action"] == "link.detach" and event["user"] == "tom"
    assert '"src_start": 0' in event["before"] and event["after"]


def test_confirm_keeps_the_link_id_and_undo_returns_it_to_auto(store: Store, aligned: int) -> None:
    link = store.links(aligned)[2]
    assert review.set_status(store, aligned, [link.id], user="rita") == 1
    confirmed = store.link(link.id)
    assert (confirmed.status, confirmed.set_by) == ("confirmed", "rita")
    review.undo(store, aligned, user="rita")
    assert store.link(link.id).status == "auto"


def test_bulk_confirm_takes_only_links_at_or_above_the_threshold(
    store: Store, aligned: int
) -> None:
    confidences = sorted(link.confidence for link in store.links(aligned))
    threshold = confidences[3]
    count = review.confirm_above(store, aligned, threshold, LinkFilter(), user="rita")
    assert count == sum(c >= threshold for c in confidences)
    assert all(
        (link.status == "confirmed") == (link.confidence >= threshold)
        for link in store.links(aligned)
    )


def test_undo_refuses_when_someone_changed_the_stretch_since(store: Store, aligned: int) -> None:
    first = store.links(aligned)[0]
    [merged] = review.merge(store, aligned, first.id, "next", user="tom")
    review.split(store, aligned, merged, 1, 1, user="ana")
    with pytest.raises(Conflict):
        review.undo(store, aligned, user="tom")


def test_realign_solves_the_unconfirmed_stretch_between_kept_links(
    store: Store, aligned: int
) -> None:
    links = store.links(aligned)
    review.set_status(store, aligned, [links[0].id, links[5].id], user="rita")
    [merged] = review.merge(store, aligned, links[2].id, "next", user="tom")
    assert review.set_status(store, aligned, [merged], user="rita", status="auto") == 1
    middle = store.link(merged)
    assert spans(store, aligned)[2] == ([2, 3], [2, 3])
    review.realign(store, aligned, middle.id, user="tom")
    assert spans(store, aligned) == [([i], [i]) for i in range(6)]
    statuses = [link.status for link in store.links(aligned)]
    assert statuses[0] == statuses[5] == "confirmed"


def test_next_suspicious_is_the_least_confident_unconfirmed_link(
    store: Store, aligned: int
) -> None:
    links = store.links(aligned)
    lowest = min(links, key=lambda link: link.confidence)
    assert review.next_suspicious(store, aligned).id == lowest.id
    review.set_status(store, aligned, [lowest.id], user="rita")
    assert review.next_suspicious(store, aligned).id != lowest.id


def test_sentence_links_are_edited_only_inside_their_paragraph_link(
    store: Store, aligned: int
) -> None:
    sentence = store.links(aligned, "sentence")[0]  # "Neni 1." / "Article 1", alone in ¶ 1
    with pytest.raises(InputError, match="edit the paragraph link"):
        review.merge(store, aligned, sentence.id, "next", user="tom")
    review.detach(store, aligned, sentence.id, user="tom")
    assert spans(store, aligned, "sentence")[:2] == [([0], []), ([], [0])]
    assert_tiled(store, aligned)


def test_the_flagged_filter_finds_links_with_open_flags(store: Store, aligned: int) -> None:
    from workbench import flags

    links = store.links(aligned)
    flags.raise_flag(
        store, aligned, category="style", severity="minor", link_id=links[1].id, user="rita"
    )
    flags.raise_flag(
        store,
        aligned,
        category="grammar",
        severity="major",
        side="target",
        position=4,
        start=0,
        end=7,
        user="rita",
    )
    resolved = flags.raise_flag(
        store, aligned, category="other", severity="minor", link_id=links[5].id, user="rita"
    )
    flags.set_status(store, resolved["id"], "resolved", user="rita")
    found = review.page(store, aligned, LinkFilter(flagged=True))
    assert [row.link.src for row in found.rows] == [[1], [4]]


def test_a_filtered_window_of_far_apart_links_shows_each_links_own_text(store: Store) -> None:
    source = [f"Paragrafi {k} flet për diçka." for k in range(300)]
    target = [f"Paragraph {k} speaks of something." for k in range(300)]
    source[7], target[7] = "Kjo ka një fjalë rrallë: zorglub.", "This has a rare word: zorglub."
    source[283], target[283] = "Dhe këtu zorglub sërish.", "And here zorglub again."
    alignment = import_pair(store, source, target)
    window = review.page(store, alignment, LinkFilter(text="zorglub"))
    assert [(row.link.src, [s["text"] for s in row.target]) for row in window.rows] == [
        ([7], ["This has a rare word: zorglub."]),
        ([283], ["And here zorglub again."]),
    ]


# -- confirmations are not dropped by accident --------------------------------------------------


def test_an_edit_that_would_drop_confirmed_links_is_refused_unless_confirmed_ok(
    store: Store, aligned: int
) -> None:
    ids = [link.id for link in store.links(aligned)[3:5]]
    review.set_status(store, aligned, ids, user="rita")
    links = store.links(aligned)
    events = len(store.events())
    with pytest.raises(review.DropsConfirmations) as refused:
        review.merge(store, aligned, links[3].id, "next", user="tom", confirmed_ok=False)
    assert refused.value.summary == (
        "This merges 2 links confirmed by rita; they will need confirming again."
    )
    assert refused.value.verb == "Merge" and refused.value.status == 409
    assert [row["link_id"] for row in refused.value.as_json()] == [links[3].id, links[4].id]
    assert {row["confirmed_by"] for row in refused.value.as_json()} == {"rita"}
    # nothing changed, nothing logged
    assert store.links(aligned) == links
    assert len(store.events()) == events
    [merged] = review.merge(store, aligned, links[3].id, "next", user="tom", confirmed_ok=True)
    assert (store.link(merged).status, store.link(merged).src) == ("edited", [3, 4])


def test_an_edit_of_unconfirmed_links_needs_no_yes(store: Store, aligned: int) -> None:
    links = store.links(aligned)
    review.set_status(store, aligned, [links[0].id], user="rita")
    [merged] = review.merge(store, aligned, links[1].id, "next", user="tom", confirmed_ok=False)
    assert store.link(merged).src == [1, 2]
    assert store.link(links[0].id).status == "confirmed"


@pytest.mark.parametrize(
    ("edit", "does"),
    [
        (
            lambda s, a, link: review.split(s, a, link, 3, 3, user="tom", confirmed_ok=False),
            "splits a link",
        ),
        (
            lambda s, a, link: review.detach(s, a, link, user="tom", confirmed_ok=False),
            "detaches a link",
        ),
        (
            lambda s, a, link: review.shift(
                s, a, link, "target", "down", user="tom", confirmed_ok=False
            ),
            "changes 2 links",
        ),
    ],
    ids=["split", "detach", "shift"],
)
def test_split_detach_and_shift_name_the_confirmations_they_would_drop(
    store: Store, aligned: int, edit, does: str
) -> None:
    """¶ 3–4 in one link confirmed by rita (so is ¶ 5), with a sentence link across both
    paragraphs that ana confirmed: each edit names the paragraph links it changes and the
    sentence link that would no longer fit."""
    first = store.links(aligned)[2]
    [merged] = review.merge(store, aligned, first.id, "next", user="tom")  # ¶ 3–4
    review.set_status(store, aligned, [merged, store.links(aligned)[3].id], user="rita")
    inside = review.link_at_level(store, aligned, merged, "sentence")
    [across] = review.merge(store, aligned, inside.id, "next", user="tom")  # ¶ 3's and ¶ 4's
    review.set_status(store, aligned, [across], user="ana")
    before = store.links(aligned, "sentence")
    with pytest.raises(review.DropsConfirmations) as refused:
        edit(store, aligned, merged)
    assert refused.value.summary == (
        f"This {does} confirmed by rita and drops a sentence link confirmed by ana;"
        " they will need confirming again."
    )
    assert store.links(aligned, "sentence") == before


def test_a_sentence_link_edit_names_the_confirmed_sentence_links(
    store: Store, aligned: int
) -> None:
    sentence = store.links(aligned, "sentence")[0]
    review.set_status(store, aligned, [sentence.id], user="rita")
    with pytest.raises(review.DropsConfirmations, match="detaches a sentence link confirmed"):
        review.detach(store, aligned, sentence.id, user="tom", confirmed_ok=False)
    review.detach(store, aligned, sentence.id, user="tom", confirmed_ok=True)
    assert spans(store, aligned, "sentence")[:2] == [([0], []), ([], [0])]


# -- undo gives links back their ids; a removed link's place is known --------------------------


def test_undo_gives_the_links_back_their_ids(store: Store, aligned: int) -> None:
    paragraphs, sentences = store.links(aligned), store.links(aligned, "sentence")
    review.merge(store, aligned, paragraphs[3].id, "next", user="tom")
    review.undo(store, aligned, user="tom")
    assert store.links(aligned) == paragraphs
    assert store.links(aligned, "sentence") == sentences


def test_undo_takes_a_new_id_when_the_old_one_is_in_use(store: Store, aligned: int) -> None:
    link = store.links(aligned)[0]
    row = {"id": link.id, **link.as_row(), "src_start": 99, "tgt_start": 99}
    [new_id] = store.restore_links(aligned, [row])
    assert new_id != link.id and store.link(link.id) == link


def test_a_removed_link_is_found_where_its_place_is_now(store: Store, aligned: int) -> None:
    first, second = store.links(aligned)[1:3]
    [merged] = review.merge(store, aligned, first.id, "next", user="tom")
    found = review.successor(store, aligned, second.id)
    assert found.link.id == merged
    assert (found.was["src_start"], found.was["tgt_start"]) == (2, 2)
    review.undo(store, aligned, user="tom")
    # the merged link is gone again: its place is the first link the undo put back
    assert review.successor(store, aligned, merged).link.id == first.id
    assert review.successor(store, aligned, first.id).link.id == first.id


def test_a_link_no_recorded_edit_removed_has_no_known_place(store: Store, aligned: int) -> None:
    link = store.links(aligned)[0]
    assert review.successor(store, aligned, link.id) is None  # still there, never removed
    assert review.successor(store, aligned, 9999) is None


def test_a_page_and_its_total_are_read_at_one_moment(
    store: Store, aligned: int, db_path, monkeypatch
) -> None:
    """A reviewer elsewhere confirms a link between the read of the rows and the count: the
    page shows the rows and the total of one state ("Links 1–216 of 213" was possible)."""
    unconfirmed = LinkFilter(status="unconfirmed")
    before = review.page(store, aligned, unconfirmed)
    assert before.total == len(before.rows) > 1
    other = Store(db_path)
    read_rows = store.filtered_links

    def then_someone_confirms(*args, **kwargs):
        found = read_rows(*args, **kwargs)
        review.set_status(other, aligned, [found[0].id], user="rita")  # committed at once
        return found

    monkeypatch.setattr(store, "filtered_links", then_someone_confirms)
    try:
        during = review.page(store, aligned, unconfirmed)
    finally:
        other.close()
    assert during.total == len(during.rows) == before.total
    monkeypatch.undo()
    assert review.page(store, aligned, unconfirmed).total == before.total - 1

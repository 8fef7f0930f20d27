"""Undo after a revision was approved: approving a revision splits the paragraph's sentences
again, moves every later sentence position (and the sentence links on them) and aligns the
paragraph link's sentences again. An edit made before keeps its undo:

- a revision elsewhere only renumbers the sentences of the edited stretch, so undo finds the
  stretch where it is now (it no longer refuses a whole history after one revision);
- a link undo puts back over text changed since comes back unconfirmed (a confirmation is of
  the text as it was), and a confirmation over unchanged text is kept;
- a stretch someone changed since, by a link edit, or by a revision that changed how many
  sentences a paragraph the stretch's links begin or end inside has, is still refused.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import import_pair
from tests.test_review import assert_tiled
from workbench import linkops, review, revisions
from workbench.errors import Conflict, InputError
from workbench.store import Store

SQ = [
    "Titulli.",
    "Fjalia e parë. Fjalia e dytë.",
    "Paragrafi i tretë. Me dy fjali.",
    "I katërti.",
    "I pesti.",
]
EN = [
    "The title.",
    "First sentence. Second sentence.",
    "Third paragraph. With two sentences.",
    "The fourth.",
    "The fifth.",
]
REWRITTEN = "First sentence. The second sentence was rewritten completely."
LONGER = {
    "source": "Fjalia e parë. Fjalia e dytë. Dhe një e treta.",
    "target": "First sentence. Second sentence. And a third.",
}


def approve_text(store: Store, alignment: int, position: int, text: str, side="target") -> None:
    """tom proposes `text` for paragraph `position` of one side, eva approves it."""
    version = store.alignment(alignment)[f"{side}_version_id"]
    paragraph = store.segment_at(version, "paragraph", position)
    proposal = revisions.propose(
        store, paragraph["id"], text, base_revision=paragraph["revision"], user="tom"
    )
    revisions.approve(store, proposal, user="eva")


def state(store: Store, alignment: int) -> list[tuple]:
    """Every link of both levels: where it is and its status (who set it, for a person's)."""
    return [
        (
            link.level,
            link.src_start,
            link.src_end,
            link.tgt_start,
            link.tgt_end,
            link.status,
            None if link.status == "auto" else link.set_by,
        )
        for level in ("paragraph", "sentence")
        for link in store.links(alignment, level)
    ]


def sentence_link(store: Store, alignment: int, target_text: str):
    """The sentence link whose target is the sentence `target_text` (exactly one)."""
    version = store.alignment(alignment)["target_version_id"]
    [sentence] = [s for s in store.segments(version, "sentence") if s["text"] == target_text]
    [link] = [
        link
        for link in store.links(alignment, "sentence")
        if link.tgt_start <= sentence["position"] < link.tgt_end
    ]
    return link


def unchanged(store: Store, alignment: int):
    """What an undo that is refused must leave as it is: the links and the log."""
    return (
        state(store, alignment),
        [link.id for link in store.links(alignment, "sentence")],
        len(store.events(limit=10_000)),
    )


# -- a revision changes text the edit's links join: their confirmations do not come back ---------


def test_undoing_a_merge_after_a_revision_does_not_confirm_the_rewritten_sentence(
    store: Store,
) -> None:
    """The report's case A: rita confirmed the sentence links of ¶2, tom merged ¶2 and ¶3,
    a revision rewrote ¶2's second sentence, tom undoes the merge without saying yes."""
    al = import_pair(store, SQ[:4], EN[:4])
    confirmed = [link.id for link in store.links(al, "sentence") if 1 <= link.tgt_start < 3]
    review.set_status(store, al, confirmed, user="rita")
    review.merge(store, al, store.links(al)[1].id, "next", user="tom")
    approve_text(store, al, 1, REWRITTEN)
    # the revision leaves rita's confirmation on the sentence it did not change, not on the other
    assert sentence_link(store, al, "The second sentence was rewritten completely.").status == (
        "auto"
    )
    first = sentence_link(store, al, "First sentence.")
    assert (first.status, first.set_by) == ("confirmed", "rita")

    undone = review.undo_last(store, al, user="tom", confirmed_ok=False)

    assert undone.action == "link.merge"
    assert [(link.src, link.tgt) for link in store.links(al)] == [([i], [i]) for i in range(4)]
    rewritten = sentence_link(store, al, "The second sentence was rewritten completely.")
    assert rewritten.status == "auto"
    assert rewritten.set_by != "rita"
    kept = sentence_link(store, al, "First sentence.")
    assert (kept.status, kept.set_by) == ("confirmed", "rita")
    assert undone.unconfirmed == (rewritten.id,)
    assert undone.describe() == (
        "merge of ¶2–3 → ¶2–3; a link is left unconfirmed: its text changed since"
    )
    # nobody's confirmation stands on a sentence rita did not see
    confirmed_now = [link for link in store.links(al, "sentence") if link.status == "confirmed"]
    assert [link.id for link in confirmed_now] == [kept.id]
    assert_tiled(store, al)


def test_a_paragraph_link_over_a_revised_paragraph_comes_back_unconfirmed(store: Store) -> None:
    al = import_pair(store, SQ[:4], EN[:4])
    second, third = store.links(al)[1:3]
    review.set_status(store, al, [second.id, third.id], user="rita")
    review.merge(store, al, second.id, "next", user="tom")
    approve_text(store, al, 1, REWRITTEN)

    undone = review.undo_last(store, al, user="tom", confirmed_ok=False)

    assert [store.link(link.id).span for link in (second, third)] == [second.span, third.span]
    assert store.link(second.id).status == "auto"
    assert (store.link(third.id).status, store.link(third.id).set_by) == ("confirmed", "rita")
    assert undone.unconfirmed == (second.id,)


def test_undoing_an_unconfirm_does_not_confirm_a_sentence_rewritten_since(store: Store) -> None:
    """tom unconfirms two of rita's sentence links; a revision rewrites one of them; tom's
    undo gives rita's confirmation back to the other only."""
    al = import_pair(store, SQ[:4], EN[:4])
    second = sentence_link(store, al, "Second sentence.")
    fourth = sentence_link(store, al, "The fourth.")
    review.set_status(store, al, [second.id, fourth.id], user="rita")
    review.set_status(store, al, [second.id, fourth.id], user="tom", status="auto")
    approve_text(store, al, 1, REWRITTEN)

    undone = review.undo_last(store, al, user="tom", confirmed_ok=False)

    assert undone.action == "link.unconfirm"
    rewritten = sentence_link(store, al, "The second sentence was rewritten completely.")
    assert rewritten.status == "auto"
    assert (store.link(fourth.id).status, store.link(fourth.id).set_by) == ("confirmed", "rita")
    assert undone.unconfirmed == (rewritten.id,)


def test_without_a_revision_the_undo_gives_every_confirmation_back(store: Store) -> None:
    al = import_pair(store, SQ[:4], EN[:4])
    confirmed = [link.id for link in store.links(al, "sentence") if 1 <= link.tgt_start < 3]
    review.set_status(store, al, confirmed, user="rita")
    before = state(store, al)
    review.merge(store, al, store.links(al)[1].id, "next", user="tom")

    undone = review.undo_last(store, al, user="tom", confirmed_ok=False)

    assert state(store, al) == before
    assert undone.unconfirmed == ()
    assert undone.describe() == "merge of ¶2–3 → ¶2–3"


def test_an_edit_logged_without_fingerprints_unconfirms_what_lies_in_a_revised_paragraph(
    store: Store,
) -> None:
    """Edits logged before the texts were fingerprinted: the revisions approved since say
    which paragraphs changed, and every confirmation the undo would give back in them comes
    back unconfirmed; one the revision itself kept (its sentence unchanged) stays."""
    al = import_pair(store, SQ[:4], EN[:4])
    confirmed = [link.id for link in store.links(al, "sentence") if 1 <= link.tgt_start < 4]
    review.set_status(store, al, confirmed, user="rita")
    review.merge(store, al, store.links(al)[1].id, "next", user="tom")
    [merge] = [e for e in store.events(limit=100) if e["action"] == "link.merge"]
    old = json.loads(merge["before"])
    assert "texts" in old
    del old["texts"]
    with store.transaction():
        store.db.execute(
            "update events set before = ? where id = ?", [json.dumps(old), merge["id"]]
        )
    approve_text(store, al, 1, REWRITTEN)

    review.undo_last(store, al, user="tom", confirmed_ok=False)

    assert sentence_link(store, al, "The second sentence was rewritten completely.").status == (
        "auto"
    )
    first = sentence_link(store, al, "First sentence.")
    assert (first.status, first.set_by) == ("confirmed", "rita")
    third = sentence_link(store, al, "Third paragraph.")
    assert (third.status, third.set_by) == ("confirmed", "rita")


# -- a revision elsewhere renumbers the stretch's sentences: undo finds them ----------------------


@pytest.mark.parametrize("side", ["target", "source"])
def test_a_revision_earlier_in_the_version_does_not_block_the_undo_history(
    store: Store, side: str
) -> None:
    """The report's case B: tom merges ¶4 and ¶5 and confirms a sentence link in them; a
    revision gives ¶2 a third sentence (every later sentence moves by one); both of tom's
    undos work, and leave what the revision alone would have left."""
    al = import_pair(store, SQ, EN)
    paragraphs = store.links(al)
    review.merge(store, al, paragraphs[3].id, "next", user="tom")
    mine = [link.id for link in store.links(al, "sentence") if link.src_start == 5]
    review.set_status(store, al, mine, user="tom")
    approve_text(store, al, 1, LONGER[side], side=side)
    twin = import_pair(store, SQ, EN)
    approve_text(store, twin, 1, LONGER[side], side=side)

    first = review.undo_last(store, al, user="tom")
    assert (first.action, first.links) == ("link.confirm", mine)
    assert store.link(mine[0]).status == "auto"
    second = review.undo_last(store, al, user="tom")
    assert second.action == "link.merge"
    assert second.links == [paragraphs[3].id, paragraphs[4].id]

    assert state(store, al) == state(store, twin)
    assert [link.id for link in store.links(al)] == [link.id for link in paragraphs]
    assert_tiled(store, al)
    with pytest.raises(InputError, match="nothing of yours to undo"):
        review.undo_last(store, al, user="tom")


def test_the_merge_undo_gives_the_sentence_links_their_ids_where_they_are_now(
    store: Store,
) -> None:
    al = import_pair(store, SQ, EN)
    fourth, fifth = (sentence_link(store, al, text) for text in ("The fourth.", "The fifth."))
    review.merge(store, al, store.links(al)[3].id, "next", user="tom")
    approve_text(store, al, 1, LONGER["target"])

    review.undo_last(store, al, user="tom")

    assert sentence_link(store, al, "The fourth.").id == fourth.id
    assert sentence_link(store, al, "The fifth.").id == fifth.id
    assert store.link(fourth.id).tgt_start == fourth.tgt_start + 1


def test_a_sentence_level_edit_is_undone_after_a_revision_before_it(store: Store) -> None:
    """A merge of two sentence links inside ¶3's link, then ¶2 gains a sentence."""
    al = import_pair(store, SQ, EN)
    before = sentence_link(store, al, "Third paragraph.")
    review.merge(store, al, before.id, "next", user="tom")
    approve_text(store, al, 1, LONGER["target"])
    twin = import_pair(store, SQ, EN)
    approve_text(store, twin, 1, LONGER["target"])

    undone = review.undo_last(store, al, user="tom")

    assert (undone.action, undone.level) == ("link.merge", "sentence")
    assert state(store, al) == state(store, twin)
    assert sentence_link(store, al, "Third paragraph.").id == before.id


def test_positions_are_followed_through_several_revisions(store: Store) -> None:
    """¶2 gains a sentence, then ¶3 loses one, then ¶2 gains another: the stretch of ¶4–5
    moves by +1, back, and +1 again."""
    al = import_pair(store, SQ, EN)
    paragraphs = store.links(al)
    review.merge(store, al, paragraphs[3].id, "next", user="tom")
    edits = [
        (1, LONGER["target"]),
        (2, "Third paragraph with one sentence."),
        (1, "First sentence. Second sentence. And a third. And a fourth."),
    ]
    twin = import_pair(store, SQ, EN)
    for alignment in (al, twin):
        for position, text in edits:
            approve_text(store, alignment, position, text)

    review.undo_last(store, al, user="tom")

    assert state(store, al) == state(store, twin)
    assert_tiled(store, al)


def test_a_revision_that_adds_a_sentence_inside_the_stretch_leaves_it_whole(
    store: Store,
) -> None:
    """¶4 of the merged ¶4–5 gains a sentence: the links of the stretch begin and end at
    its paragraphs' edges, which the revision moved, so the undo puts the two paragraph
    links back; the sentence link of ¶4 joins both its sentences now."""
    al = import_pair(store, SQ, EN)
    paragraphs = store.links(al)
    review.merge(store, al, paragraphs[3].id, "next", user="tom")
    approve_text(store, al, 3, "The fourth. Added here.")

    review.undo_last(store, al, user="tom")

    assert [(link.src, link.tgt) for link in store.links(al)] == [([i], [i]) for i in range(5)]
    assert_tiled(store, al)
    fifth = sentence_link(store, al, "The fifth.")
    assert (fifth.src_start, fifth.tgt_start) == (6, 7)


# -- a stretch changed since is still refused -----------------------------------------------------


def assert_refused(store: Store, al: int, error: type[Conflict] = Conflict, **undo) -> Conflict:
    """tom's undo is refused (`error`) and changes nothing: the links and the log as they were."""
    kept = unchanged(store, al)
    with pytest.raises(error) as refused:
        review.undo_last(store, al, user="tom", **undo)
    assert unchanged(store, al) == kept
    return refused.value


def test_a_revision_that_changes_how_many_sentences_the_stretch_cuts_through_is_refused(
    store: Store,
) -> None:
    """tom merged ¶2 and ¶3, whose sentence links begin and end between ¶2's two sentences;
    a revision makes them one: nothing is where those links were, and the refusal says why."""
    al = import_pair(store, SQ, EN)
    review.merge(store, al, store.links(al)[1].id, "next", user="tom")
    approve_text(store, al, 1, "First and second sentence together.")

    assert str(assert_refused(store, al, confirmed_ok=False)) == (
        "this stretch was changed since (a revision changed the target text of ¶2):"
        " undo is no longer possible here"
    )


#: ana's edits of the stretch tom merged (¶4–5), after a revision moved it
ANA_EDITS = {
    "sentence-link": lambda store, al: review.merge(
        store, al, sentence_link(store, al, "The fourth.").id, "next", user="ana"
    ),
    "paragraph-link": lambda store, al: review.merge(
        store, al, store.links(al)[2].id, "next", user="ana"
    ),
}


@pytest.mark.parametrize("edit", ANA_EDITS.values(), ids=list(ANA_EDITS))
def test_a_link_edit_of_the_stretch_after_a_revision_is_still_a_conflict(
    store: Store, edit
) -> None:
    al = import_pair(store, SQ, EN)
    review.merge(store, al, store.links(al)[3].id, "next", user="tom")
    approve_text(store, al, 1, LONGER["target"])
    edit(store, al)

    assert str(assert_refused(store, al)) == (
        "this stretch was changed since: undo is no longer possible here"
    )


def test_a_status_changed_since_by_someone_else_is_still_a_conflict(store: Store) -> None:
    al = import_pair(store, SQ, EN)
    fifth = sentence_link(store, al, "The fifth.")
    review.set_status(store, al, [fifth.id], user="tom")
    approve_text(store, al, 1, LONGER["target"])
    review.set_status(store, al, [fifth.id], user="rita", status="auto")

    assert str(assert_refused(store, al)) == (
        "this link was changed since: undo is no longer possible here"
    )


def test_an_undo_after_a_revision_still_asks_before_dropping_someone_elses_confirmation(
    store: Store,
) -> None:
    al = import_pair(store, SQ, EN)
    review.merge(store, al, store.links(al)[3].id, "next", user="tom")
    approve_text(store, al, 1, LONGER["target"])
    fifth = sentence_link(store, al, "The fifth.")
    review.set_status(store, al, [fifth.id], user="rita")

    asked = assert_refused(store, al, review.DropsConfirmations, confirmed_ok=False)

    assert [(c["link_id"], c["confirmed_by"]) for c in asked.as_json()] == [(fifth.id, "rita")]
    assert review.undo_last(store, al, user="tom", confirmed_ok=True).action == "link.merge"


# -- where a position is after a paragraph's sentences were split again ---------------------------


@pytest.mark.parametrize(
    "position, delta, moved",
    [
        (0, 1, 0),  # before the paragraph
        (2, 1, 2),  # its first sentence, or the edge before it
        (4, 1, 5),  # the edge after it
        (6, 1, 7),  # after it
        (3, 1, None),  # inside it, when its number of sentences changed
        (3, 0, 3),  # inside it, when it did not
        (4, -1, 3),
        (5, -1, 4),
    ],
)
def test_moved_maps_positions_past_a_paragraph_split_again(
    position: int, delta: int, moved: int | None
) -> None:
    # the paragraph's sentences were [2, 4)
    assert linkops.moved(position, 2, 4, delta) == moved


def test_moved_cannot_place_the_edge_of_a_paragraph_that_had_no_sentence() -> None:
    assert linkops.moved(3, 3, 3, 1) is None
    assert (linkops.moved(2, 3, 3, 1), linkops.moved(4, 3, 3, 1)) == (2, 5)
    assert linkops.moved(3, 3, 3, 0) == 3


def test_a_confirmation_of_the_rewritten_sentence_given_since_is_kept(store: Store) -> None:
    """rita confirms the rewritten sentence's link after the revision: that confirmation is
    of the text as it is, so tom's undo neither asks to drop it nor drops it."""
    al = import_pair(store, SQ[:4], EN[:4])
    confirmed = [link.id for link in store.links(al, "sentence") if 1 <= link.tgt_start < 3]
    review.set_status(store, al, confirmed, user="rita")
    review.merge(store, al, store.links(al)[1].id, "next", user="tom")
    approve_text(store, al, 1, REWRITTEN)
    rewritten = sentence_link(store, al, "The second sentence was rewritten completely.")
    review.set_status(store, al, [rewritten.id], user="ana")

    undone = review.undo_last(store, al, user="tom", confirmed_ok=False)

    now = sentence_link(store, al, "The second sentence was rewritten completely.")
    assert (now.status, now.set_by) == ("confirmed", "ana")
    assert undone.unconfirmed == ()


# -- a link URL shared before an edit and a revision ----------------------------------------------


def test_a_removed_sentence_link_is_found_where_its_sentences_moved(store: Store) -> None:
    """A link URL shared before a sentence-link merge, opened after a revision that added a
    sentence earlier in the text: it opens the merged link where its sentences are now, not
    the link one sentence before (it looked at the recorded position, which had moved)."""
    alignment = import_pair(store, SQ, EN)
    third = sentence_link(store, alignment, "Third paragraph.")
    [merged] = review.merge(store, alignment, third.id, "next", user="tom")
    approve_text(store, alignment, 1, LONGER["target"])
    approve_text(store, alignment, 1, LONGER["source"], side="source")
    found = review.successor(store, alignment, third.id)
    now = next(link for link in store.links(alignment, "sentence") if link.id == merged)
    assert found is not None and found.link.id == merged
    assert (now.src_start, now.tgt_start) == (third.src_start + 1, third.tgt_start + 1)


def test_a_removed_sentence_link_inside_a_paragraph_re_split_since_opens_its_paragraph(
    store: Store,
) -> None:
    """Its source sentence lay inside a paragraph whose text a revision changed (two sentences
    became three): nothing there is what it joined, so the URL opens the paragraph's first
    sentence link (asking where its place had moved once was a 409 or a wrong link)."""
    alignment = import_pair(store, SQ, EN)
    second = sentence_link(store, alignment, "Second sentence.")
    assert (second.src_start, second.src_end) == (2, 3)
    review.detach(store, alignment, second.id, user="tom")
    approve_text(store, alignment, 1, LONGER["source"], side="source")
    found = review.successor(store, alignment, second.id)
    assert found is not None
    assert found.link.src_start == 1  # the first sentence of the re-split paragraph

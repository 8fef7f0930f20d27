"""Revisions: propose, comment, approve or reject; history; no lost updates; four eyes."""

from __future__ import annotations

import json

import pytest

from tests.conftest import import_pair
from tests.test_review import SOURCE, TARGET, assert_tiled
from workbench import revisions
from workbench.errors import Conflict, InputError, PermissionDenied
from workbench.revisions import StaleRevision
from workbench.store import Store


@pytest.fixture
def aligned(store: Store) -> int:
    return import_pair(store, SOURCE, TARGET)


def target_paragraph(store: Store, alignment: int, position: int) -> dict:
    return store.segment_at(store.alignment(alignment)["target_version_id"], "paragraph", position)


def test_a_proposal_is_pending_and_leaves_the_text_alone(store: Store, aligned: int) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    revision_id = revisions.propose(
        store, paragraph["id"], "Everyone is entitled to every right.", base_revision=0, user="tom"
    )
    revision = store.revision(revision_id)
    assert revision["status"] == "pending" and revision["author"] == "tom"
    assert store.segment(paragraph["id"])["text"] == paragraph["text"]


def test_approval_by_another_person_changes_the_text_and_keeps_history(
    store: Store, aligned: int
) -> None:
    paragraph = target_paragraph(store, aligned, 1)
    new = (
        "All human beings are born free and equal in dignity and rights. They have reason. "
        "They have conscience. They should act in a spirit of brotherhood."
    )
    revision_id = revisions.propose(store, paragraph["id"], new, base_revision=0, user="tom")
    revisions.approve(store, revision_id, user="eva")
    changed = store.segment(paragraph["id"])
    assert changed["text"] == new and changed["revision"] == 1
    assert [h["text"] for h in revisions.history(store, paragraph["id"])] == [
        paragraph["text"],
        new,
    ]
    assert [s["text"] for s in store.sentences_of(paragraph["id"])][-1].startswith("They should")
    assert_tiled(store, aligned)
    assert store.revision(revision_id)["status"] == "approved"
    assert [e["action"] for e in store.events()][:2] == ["revision.approve", "revision.propose"]


def test_the_four_eyes_rule(store: Store, aligned: int) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    revision_id = revisions.propose(
        store, paragraph["id"], "Everyone.", base_revision=0, user="tom"
    )
    with pytest.raises(PermissionDenied, match="four-eyes"):
        revisions.approve(store, revision_id, user="tom")
    document = store.alignment(aligned)["document_id"]
    store.update_document(document, allow_self_approval=1)
    revisions.approve(store, revision_id, user="tom")
    assert store.segment(paragraph["id"])["text"] == "Everyone."


def test_reject_needs_a_reason_and_the_author_can_propose_again(store: Store, aligned: int) -> None:
    paragraph = target_paragraph(store, aligned, 5)
    first = revisions.propose(
        store, paragraph["id"], "Everyone lives.", base_revision=0, user="tom"
    )
    with pytest.raises(InputError):
        revisions.reject(store, first, user="eva", reason_code="because")
    with pytest.raises(InputError):
        revisions.reject(store, first, user="eva", reason_code="other")
    revisions.reject(store, first, user="eva", reason_code="incomplete", reason_text="liberty?")
    rejected = store.revision(first)
    assert (rejected["status"], rejected["reason_code"]) == ("rejected", "incomplete")
    second = revisions.propose(
        store,
        paragraph["id"],
        "Everyone has the right to life and liberty.",
        base_revision=0,
        user="tom",
    )
    revisions.approve(store, second, user="eva")
    with pytest.raises(Conflict):
        revisions.approve(store, first, user="eva")


def test_a_save_based_on_an_older_text_is_refused_with_who_and_the_diff(
    store: Store, aligned: int
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    mine = revisions.propose(
        store, paragraph["id"], "Everyone is entitled.", base_revision=0, user="tom"
    )
    theirs = revisions.propose(
        store, paragraph["id"], "Each person is entitled.", base_revision=0, user="ana"
    )
    revisions.approve(store, theirs, user="eva")
    with pytest.raises(StaleRevision) as refused:
        revisions.approve(store, mine, user="eva")
    assert refused.value.changed_by == "eva" and refused.value.theirs == "Each person is entitled."
    assert refused.value.written_by == "ana"
    assert any(change.kind == "replace" for change in refused.value.changes)
    with pytest.raises(StaleRevision, match=r"ana's wording \(revision \d+\), changed by eva's"):
        revisions.propose(store, paragraph["id"], "Everybody.", base_revision=0, user="tom")
    assert store.segment(paragraph["id"])["text"] == "Each person is entitled."


def test_a_new_proposal_supersedes_the_authors_pending_one(store: Store, aligned: int) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    first = revisions.propose(store, paragraph["id"], "One.", base_revision=0, user="tom")
    revisions.propose(store, paragraph["id"], "Two.", base_revision=0, user="tom")
    assert store.revision(first)["status"] == "superseded"


def test_comments_and_revert(store: Store, aligned: int) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    revision_id = revisions.propose(store, paragraph["id"], "Changed.", base_revision=0, user="tom")
    revisions.comment(store, revision_id, "Too short?", user="rita")
    assert [c["body"] for c in store.revision_comments(revision_id)] == ["Too short?"]
    revisions.approve(store, revision_id, user="eva")
    back = revisions.revert(store, paragraph["id"], 0, user="tom", base_revision=1).revision
    revisions.approve(store, back, user="eva")
    assert store.segment(paragraph["id"])["text"] == paragraph["text"]
    assert [h["revision"] for h in revisions.history(store, paragraph["id"])] == [0, 1, 2]


def test_reverting_a_paragraph_never_changed_says_it_is_as_imported(
    store: Store, aligned: int
) -> None:
    paragraph = target_paragraph(store, aligned, 2)
    with pytest.raises(InputError, match=r"as it was imported \(revision 0\): nothing to revert"):
        revisions.revert(store, paragraph["id"], 0, user="tom", base_revision=0)
    with pytest.raises(InputError, match="the paragraph has no revision 3"):
        revisions.revert(store, paragraph["id"], 3, user="tom", base_revision=0)


def test_empty_or_unchanged_text_is_refused(store: Store, aligned: int) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    with pytest.raises(InputError):
        revisions.propose(store, paragraph["id"], "   ", base_revision=0, user="tom")
    with pytest.raises(InputError):
        revisions.propose(store, paragraph["id"], paragraph["text"], base_revision=0, user="tom")


def test_bulk_approval_reports_what_was_refused(store: Store, aligned: int) -> None:
    ids = [
        revisions.propose(
            store,
            target_paragraph(store, aligned, p)["id"],
            f"Text {p}.",
            base_revision=0,
            user="tom",
        )
        for p in (1, 3)
    ]
    own = revisions.propose(
        store, target_paragraph(store, aligned, 5)["id"], "Mine.", base_revision=0, user="eva"
    )
    result = revisions.approve_many(store, [*ids, own], user="eva")
    assert result == {"approved": ids, "refused": [own]}
    assert_tiled(store, aligned)


def test_confirmed_sentence_links_after_the_change_move_with_their_sentences(
    store: Store, aligned: int
) -> None:
    last = store.links(aligned, "sentence")[-1]
    store.set_link_status([last.id], "confirmed", "rita", "2026-01-01T00:00:00Z")
    paragraph = target_paragraph(store, aligned, 1)
    revision_id = revisions.propose(
        store, paragraph["id"], "One. Two. Three. Four.", base_revision=0, user="tom"
    )
    revisions.approve(store, revision_id, user="eva")
    moved = store.links(aligned, "sentence")[-1]
    assert moved.status == "confirmed" and moved.set_by == "rita"
    assert moved.tgt_start == last.tgt_start + 2
    assert_tiled(store, aligned)


# -- what a proposal may name and how its text is kept ---------------------------------------


def test_a_proposal_names_an_alignment_of_its_paragraphs_version(
    store: Store, aligned: int
) -> None:
    from workbench.errors import NotFound

    paragraph = target_paragraph(store, aligned, 2)
    other = import_pair(store, SOURCE, TARGET, title="Another document")
    with pytest.raises(NotFound, match="no alignment with id 999"):
        revisions.propose(
            store, paragraph["id"], "New.", base_revision=0, user="tom", alignment_id=999
        )
    with pytest.raises(InputError, match=f"alignment {other} is not an alignment of this para"):
        revisions.propose(
            store, paragraph["id"], "New.", base_revision=0, user="tom", alignment_id=other
        )
    assert store.revisions(segment_id=paragraph["id"]) == []
    made = revisions.propose(
        store, paragraph["id"], "New.", base_revision=0, user="tom", alignment_id=aligned
    )
    assert store.revision(made)["alignment_id"] == aligned


def test_proposed_text_notes_comments_and_reasons_are_kept_in_nfc(
    store: Store, aligned: int
) -> None:
    paragraph = target_paragraph(store, aligned, 2)
    made = revisions.propose(
        store,
        paragraph["id"],
        "  Everyone has the right to a cafe\u0301.  ",
        base_revision=0,
        user="tom",
        note="re\u0301sume\u0301",
    )
    revision = store.revision(made)
    assert revision["text"] == "Everyone has the right to a caf\u00e9."
    assert revision["note"] == "r\u00e9sum\u00e9"
    revisions.comment(store, made, "Cre\u0300me", user="eva")
    assert store.revision_comments(made)[0]["body"] == "Cr\u00e8me"
    revisions.reject(store, made, user="eva", reason_code="other", reason_text="Na\u0308he")
    assert store.revision(made)["reason_text"] == "N\u00e4he"
    # the same text in another normal form is no change at all
    approved = revisions.propose(
        store, paragraph["id"], "A caf\u00e9.", base_revision=0, user="tom"
    )
    revisions.approve(store, approved, user="eva")
    with pytest.raises(InputError, match="the same as the current one"):
        revisions.propose(store, paragraph["id"], "A cafe\u0301.", base_revision=1, user="tom")


def test_notes_and_reasons_have_the_comment_limit(store: Store, aligned: int) -> None:
    paragraph = target_paragraph(store, aligned, 2)
    with pytest.raises(InputError, match="a note is at most 10,000 characters"):
        revisions.propose(
            store, paragraph["id"], "New.", base_revision=0, user="tom", note="n" * 10_001
        )
    made = revisions.propose(store, paragraph["id"], "New.", base_revision=0, user="tom")
    with pytest.raises(InputError, match="a reason is at most 10,000 characters"):
        revisions.reject(store, made, user="eva", reason_code="other", reason_text="r" * 10_001)
    with pytest.raises(InputError, match="say why"):
        revisions.reject(store, made, user="eva", reason_code="other", reason_text=" \n ")
    for shows_nothing in ("\u200b", "\u200f\u202a", "\u00ad \ufeff"):
        with pytest.raises(InputError, match="say why"):
            revisions.reject(
                store, made, user="eva", reason_code="other", reason_text=shows_nothing
            )
    assert store.revision(made)["status"] == "pending"


def test_a_rejection_is_logged_from_the_state_it_left(store: Store, aligned: int) -> None:
    paragraph = target_paragraph(store, aligned, 2)
    made = revisions.propose(store, paragraph["id"], "New.", base_revision=0, user="tom")
    revisions.reject(store, made, user="eva", reason_code="terminology", reason_text="\u200b")
    assert store.revision(made)["reason_text"] is None  # nothing shown, nothing kept
    [event] = [e for e in store.events() if e["action"] == "revision.reject"]
    assert (json.loads(event["before"]), json.loads(event["after"])) == (
        {"status": "pending"},
        {"status": "rejected", "reason": "terminology", "text": ""},
    )


def test_control_characters_never_reach_a_revision_as_they_never_reach_an_import(
    store: Store, aligned: int
) -> None:
    paragraph = target_paragraph(store, aligned, 2)
    made = revisions.propose(
        store,
        paragraph["id"],
        "Every\x00one has\x07 the right\r\nto rest.\x1b",
        base_revision=0,
        user="tom",
        note="see\x00 line\x0b2",
    )
    revision = store.revision(made)
    assert revision["text"] == "Everyone has the right\nto rest."
    assert revision["note"] == "see line\n2"
    with pytest.raises(InputError, match="needs some text"):
        revisions.propose(store, paragraph["id"], "\x00\x01 \x02", base_revision=0, user="tom")


def test_a_too_long_revision_is_refused_saying_how_long_it_was(store: Store, aligned: int) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    text = "a" * (revisions.MAX_TEXT + 1)
    with pytest.raises(InputError, match=r"at most 100,000 characters, not 100,001"):
        revisions.propose(store, paragraph["id"], text, base_revision=0, user="tom")

"""Editions: numbered, immutable snapshots of confirmed links and approved text."""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_revisions import aligned, target_paragraph  # noqa: F401  (fixture)
from workbench import editions, review, revisions
from workbench.errors import Conflict, InputError
from workbench.store import Store


def test_publishing_needs_confirmed_links(store: Store, aligned: int) -> None:  # noqa: F811
    with pytest.raises(InputError, match="nothing is confirmed"):
        editions.publish(store, aligned, user="eva")


def test_an_edition_holds_only_confirmed_links_and_approved_text(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    links = store.links(aligned)
    review.set_status(store, aligned, [links[0].id, links[1].id], user="rita")
    paragraph = target_paragraph(store, aligned, 1)
    pending = revisions.propose(
        store, paragraph["id"], "Not approved.", base_revision=0, user="tom"
    )
    first = editions.publish(store, aligned, user="eva", note="first")
    edition = store.edition(first)
    assert (edition["number"], edition["links_included"], edition["links_total"]) == (1, 2, 6)
    rows = store.edition_links(first)
    assert [r["target_text"] for r in rows] == [
        "Article 1",
        paragraph["text"],
    ]
    assert store.edition_links(first, "sentence"), "sentence links of confirmed ones too"

    revisions.approve(store, pending, user="eva")
    second = editions.publish(store, aligned, user="eva")
    assert store.edition(second)["number"] == 2
    changes = editions.diff_editions(store, first, second)
    assert [row.kind for row in changes] == ["same", "changed"]
    assert changes[1].new == "Not approved." and changes[1].similarity < 0.5


def test_a_link_a_translator_edited_waits_for_a_reviewer_before_an_edition(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    from workbench.store.review import LinkFilter

    links = store.links(aligned)
    review.set_status(store, aligned, [links[0].id], user="rita")
    [edited] = review.merge(store, aligned, links[1].id, "next", user="tom")
    assert store.link(edited).status == "edited"
    # the reviewer's "unconfirmed" filter shows it; the counts keep it apart from confirmed ones
    unconfirmed = review.page(store, aligned, LinkFilter(status="unconfirmed")).rows
    assert edited in [row.link.id for row in unconfirmed]
    [row] = store.alignments(store.alignment(aligned)["document_id"])
    assert (row["confirmed"], row["edited"]) == (1, 1)
    first = editions.publish(store, aligned, user="eva")
    assert store.edition(first)["links_included"] == 1
    review.set_status(store, aligned, [edited], user="rita")
    second = editions.publish(store, aligned, user="eva")
    assert store.edition(second)["links_included"] == 2


def test_an_edition_cannot_be_changed_or_deleted(store: Store, aligned: int) -> None:  # noqa: F811
    review.set_status(store, aligned, [store.links(aligned)[0].id], user="rita")
    edition_id = editions.publish(store, aligned, user="eva")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        store.db.execute("update editions set note = 'x' where id = ?", [edition_id])
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        store.db.execute("delete from edition_links where edition_id = ?", [edition_id])


# -- publishing only what is new ------------------------------------------------------------


def test_publishing_again_with_nothing_changed_is_refused(store: Store, aligned: int) -> None:  # noqa: F811
    links = store.links(aligned)
    review.set_status(store, aligned, [links[0].id], user="rita")
    first = editions.publish(store, aligned, user="eva", note="first")
    for note in ("", "first", "a new note is no new edition"):
        with pytest.raises(Conflict, match="nothing changed since edition 1"):
            editions.publish(store, aligned, user="eva", note=note)
    assert [e["id"] for e in store.editions(alignment_id=aligned)] == [first]
    # a text approved since, a link confirmed since, or one unconfirmed: a new edition each
    paragraph = target_paragraph(store, aligned, 0)
    proposal = revisions.propose(store, paragraph["id"], "Article One", base_revision=0, user="t")
    revisions.approve(store, proposal, user="eva")
    assert store.edition(editions.publish(store, aligned, user="eva"))["number"] == 2
    review.set_status(store, aligned, [links[1].id], user="rita")
    assert store.edition(editions.publish(store, aligned, user="eva"))["number"] == 3
    review.set_status(store, aligned, [links[1].id], user="rita", status="auto")
    fourth = store.edition(editions.publish(store, aligned, user="eva"))
    assert (fourth["number"], fourth["links_included"]) == (4, 1)


def test_an_edition_note_is_stored_in_nfc_and_has_a_limit(store: Store, aligned: int) -> None:  # noqa: F811
    review.set_status(store, aligned, [store.links(aligned)[0].id], user="rita")
    with pytest.raises(InputError, match="at most 10,000"):
        editions.publish(store, aligned, user="eva", note="x" * 10_001)
    assert store.editions(alignment_id=aligned) == []
    edition = editions.publish(store, aligned, user="eva", note=" Revu\u0308 ")
    assert store.edition(edition)["note"] == "Revü"


def test_the_publish_command_says_nothing_changed_in_one_line(
    cli,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    review.set_status(store, aligned, [store.links(aligned)[0].id], user="rita")
    document = store.alignment(aligned)["document_id"]
    first = cli("publish", document, "--note", "first")
    assert first.exit_code == 0 and "edition 1" in first.stdout
    again = cli("publish", document)
    assert again.exit_code == 2 and again.stdout == ""
    assert again.stderr.splitlines() == [
        f"error: nothing changed since edition 1 of alignment {aligned} (the same confirmed"
        " links and texts): confirm links or approve revisions first"
    ]
    assert len(store.editions(alignment_id=aligned)) == 1


# -- the diff between two editions -------------------------------------------------------------


def test_links_merged_between_editions_are_one_regrouped_row_not_removed_and_added(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    links = store.links(aligned)
    review.set_status(store, aligned, [link.id for link in links], user="rita")
    first = editions.publish(store, aligned, user="eva")
    [merged] = review.merge(store, aligned, links[1].id, "next", user="tom")
    review.set_status(store, aligned, [merged], user="rita")
    second = editions.publish(store, aligned, user="eva")
    rows = editions.diff_editions(store, first, second)
    assert [row.kind for row in rows] == ["same", "regrouped"] + ["same"] * (len(links) - 3)
    regrouped = rows[1]
    assert (regrouped.old_links, regrouped.new_links) == (2, 1)
    # the two paragraphs, text unchanged, one after another on both sides
    before = store.edition_links(first)
    assert (
        regrouped.old
        == regrouped.new
        == before[1]["target_text"] + "\n\n" + before[2]["target_text"]
    )
    assert regrouped.source_text == before[1]["source_text"] + "\n\n" + before[2]["source_text"]
    assert regrouped.similarity == 1.0
    # split again: the same row the other way round
    link = store.link(merged, aligned)
    halves = review.split(
        store, aligned, merged, link.src_start + 1, link.tgt_start + 1, user="tom"
    )
    review.set_status(store, aligned, halves, user="rita")
    third = editions.publish(store, aligned, user="eva")
    back = editions.diff_editions(store, second, third)
    assert [(row.kind, row.old_links, row.new_links) for row in back if row.kind != "same"] == [
        ("regrouped", 1, 2)
    ]


def test_a_link_widened_over_a_paragraph_it_did_not_hold_is_regrouped_with_that_text(
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    """A paragraph left out of the first edition (unconfirmed) joins a confirmed link: the
    row shows the text it gained, not a removed row and an added one."""
    links = store.links(aligned)
    review.set_status(store, aligned, [links[0].id, links[1].id], user="rita")
    first = editions.publish(store, aligned, user="eva")
    [merged] = review.merge(store, aligned, links[1].id, "next", user="tom")
    review.set_status(store, aligned, [merged], user="rita")
    second = editions.publish(store, aligned, user="eva")
    rows = editions.diff_editions(store, first, second)
    assert [(row.kind, row.old_links, row.new_links) for row in rows] == [
        ("same", 1, 1),
        ("regrouped", 1, 1),
    ]
    [_, gained] = store.edition_links(second)
    assert rows[1].new == gained["target_text"] and rows[1].old != rows[1].new
    assert any(change.kind == "insert" for change in rows[1].changes)

"""Editions: numbered, immutable snapshots of confirmed links and approved text."""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_revisions import aligned, target_paragraph  # noqa: F401  (fixture)
from workbench import editions, review, revisions
from workbench.errors import InputError
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

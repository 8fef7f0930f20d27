"""A note on words stays with the words after a revision moved them (found by a tester, round
26): a sentence-level export anchored a span flag by the character offset it recorded when it
was raised, so once an approved revision added a sentence before the words, the note sat on
another sentence, in the draft and in an edition published after, while the flags page still
marked the right words. Exports now find the words where they are, as the pages do."""

from __future__ import annotations

import json

import pytest

from tests.test_formats_exchange import tmx, tu
from tests.test_formats_roundtrip import import_units
from workbench import editions, export, flags, review, revisions
from workbench.exports.base import ExportOptions
from workbench.store import Store

SOURCE = "Delegacioni arriti të hënën. Ai takoi Enver Hoxhën të martën. Pastaj iku."
TARGET = "The delegation arrived on Monday. It met Enver Hoxha on Tuesday. Then it left."
ADDED = "A whole new sentence was put in front of all the others here. "


@pytest.fixture
def alignment(store: Store) -> int:
    """One paragraph of three sentences, "Enver Hoxha" flagged in its translation."""
    alignment = import_units(store, tmx(tu(sq=SOURCE, en=TARGET), srclang="sq"))
    flags.raise_flag(
        store,
        alignment,
        category="terminology",
        severity="minor",
        link_id=store.links(alignment)[0].id,
        side="target",
        quote="Enver Hoxha",
        user="rita",
    )
    return alignment


def sentence_notes(store: Store, alignment: int, edition: int | None = None) -> list[str]:
    """The target sides of the sentence links of an export (draft or edition) that carry
    notes (the aligner may join the added sentence to a neighbour: a link's side is then
    two sentences)."""
    document = store.alignment(alignment)["document_id"]
    options = ExportOptions(level="sentence", flags=True)
    data = export.build(store, document, edition=edition, options=options)
    found = json.loads(b"".join(export.exporter("json").write(data)))
    return [link["target"] for link in found["links"] if link.get("notes")]


def add_a_sentence_in_front(store: Store, alignment: int) -> None:
    """tom's revision puts a sentence before the flagged words; eva approves it."""
    target = store.segment_at(store.alignment(alignment)["target_version_id"], "paragraph", 0)
    revision = revisions.propose(
        store, target["id"], ADDED + target["text"], base_revision=0, user="tom"
    )
    revisions.approve(store, revision, user="eva")


def test_a_draft_puts_the_note_on_the_sentence_the_words_moved_with(
    store: Store, alignment: int
) -> None:
    add_a_sentence_in_front(store, alignment)
    [noted] = sentence_notes(store, alignment)
    assert "Enver Hoxha" in noted


def test_an_edition_published_after_the_revision_puts_it_there_too(
    store: Store, alignment: int
) -> None:
    add_a_sentence_in_front(store, alignment)
    links = store.links(alignment)
    review.set_status(store, alignment, [link.id for link in links], user="eva")
    editions.publish(store, alignment, user="eva")
    [noted] = sentence_notes(store, alignment, edition=1)
    assert "Enver Hoxha" in noted

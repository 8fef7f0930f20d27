"""Approving a revision keeps a reviewer's work on the sentences it did not change (found by a
tester, round 26): a one-word fix in one sentence of a long paragraph threw away every
confirmed sentence link of that paragraph. Now a confirmed (or edited) sentence link whose
sentences kept their texts keeps its status and who set it, at the sentences' new positions,
whichever side of the alignment the revised paragraph is on; only links touching a changed
sentence are aligned again, automatically."""

from __future__ import annotations

import pytest

from tests.conftest import import_pair
from tests.test_review import assert_tiled
from workbench import revisions
from workbench.store import LinkRow, Store

SOURCE = [
    "Kreu i parë.",
    "Ai erdhi në shtëpi vonë në mbrëmje. Ajo hapi derën e madhe të oborrit. "
    "Ata hëngrën bukë dhe djathë në tryezë. Pastaj ata fjetën gjithë natën pa u zgjuar.",
    "Kreu i dytë.",
]
TARGET = [
    "Chapter one.",
    "He came home late in the evening. She opened the big door of the yard. "
    "They ate bread and cheese at the table. Then they slept all night without waking.",
    "Chapter two.",
]
CONFIRMED_AT = "2026-01-01T00:00:00Z"


@pytest.fixture
def aligned(store: Store) -> int:
    """The pair, whose sentences the aligner pairs one to one (what the tests start from)."""
    alignment = import_pair(store, SOURCE, TARGET)
    joined = [texts(store, alignment, link) for link in store.links(alignment, "sentence")]
    assert [(len(s), len(t)) for s, t in joined] == [(1, 1)] * 6
    return alignment


def paragraph(store: Store, alignment: int, side: str, position: int) -> dict:
    version = store.alignment(alignment)[f"{side}_version_id"]
    return store.segment_at(version, "paragraph", position)


def texts(store: Store, alignment: int, link: LinkRow) -> tuple[list[str], list[str]]:
    """The sentence texts a sentence link joins, source and target."""
    a = store.alignment(alignment)
    source = store.segments(a["source_version_id"], "sentence")
    target = store.segments(a["target_version_id"], "sentence")
    return (
        [source[i]["text"] for i in link.src],
        [target[i]["text"] for i in link.tgt],
    )


def confirm_all(store: Store, alignment: int) -> dict[tuple, tuple[str, str | None]]:
    """Confirm every sentence link as rita; what each joins -> (status, set_by)."""
    links = store.links(alignment, "sentence")
    store.set_link_status([link.id for link in links], "confirmed", "rita", CONFIRMED_AT)
    return statuses(store, alignment)


def statuses(store: Store, alignment: int) -> dict[tuple, tuple[str, str | None]]:
    """Each sentence link by the texts it joins: its status and who set it."""
    found = {}
    for link in store.links(alignment, "sentence"):
        source, target = texts(store, alignment, link)
        found[(tuple(source), tuple(target))] = (link.status, link.set_by)
    return found


def approve(store: Store, segment: dict, text: str, alignment: int) -> None:
    revision = revisions.propose(
        store, segment["id"], text, base_revision=0, user="tom", alignment_id=alignment
    )
    revisions.approve(store, revision, user="eva")


def test_a_one_word_fix_in_a_target_sentence_keeps_the_other_sentences_confirmed(
    store: Store, aligned: int
) -> None:
    before = confirm_all(store, aligned)
    target = paragraph(store, aligned, "target", 1)
    approve(store, target, target["text"].replace("late in", "early in"), aligned)
    after = statuses(store, aligned)
    fixed = [key for key in after if any("early in" in t for t in key[1])]
    assert [after[key] for key in fixed] == [("auto", None)]
    kept = {key: value for key, value in after.items() if key not in fixed}
    assert kept == {key: before[key] for key in kept}
    assert len(kept) == 5 and set(kept.values()) == {("confirmed", "rita")}
    assert_tiled(store, aligned)


def test_a_fix_in_a_source_sentence_keeps_the_other_sentences_confirmed(
    store: Store, aligned: int
) -> None:
    """The revised version is the alignment's source: its side of the links is re-mapped."""
    confirm_all(store, aligned)
    source = paragraph(store, aligned, "source", 1)
    approve(store, source, source["text"].replace("djathë", "mjaltë"), aligned)
    after = statuses(store, aligned)
    assert [value for key, value in after.items() if "mjaltë" in " ".join(key[0])] == [
        ("auto", None)
    ]
    assert (
        sorted(value for key, value in after.items() if "mjaltë" not in " ".join(key[0]))
        == [("confirmed", "rita")] * 5
    )
    assert_tiled(store, aligned)


def test_a_sentence_added_in_the_middle_moves_the_later_confirmed_links_with_their_sentences(
    store: Store, aligned: int
) -> None:
    confirm_all(store, aligned)
    target = paragraph(store, aligned, "target", 1)
    added = target["text"].replace(
        " They ate", " A dog barked loudly outside the window. They ate", 1
    )
    approve(store, target, added, aligned)
    links = store.links(aligned, "sentence")
    by_target = {texts(store, aligned, link)[1][-1]: link for link in links}
    for sentence in (
        "He came home late in the evening.",
        "She opened the big door of the yard.",
        "They ate bread and cheese at the table.",
        "Then they slept all night without waking.",
        "Chapter two.",
    ):
        link = by_target[sentence]
        assert (link.status, link.set_by, link.set_at) == ("confirmed", "rita", CONFIRMED_AT)
    ate = by_target["They ate bread and cheese at the table."]
    assert texts(store, aligned, ate)[0] == ["Ata hëngrën bukë dhe djathë në tryezë."]
    assert_tiled(store, aligned)


def test_a_link_that_joined_a_changed_sentence_is_aligned_again_automatically(
    store: Store, aligned: int
) -> None:
    """A confirmation was of the texts as they were: a sentence whose wording changed, or a
    sentence split in two, loses it."""
    confirm_all(store, aligned)
    target = paragraph(store, aligned, "target", 1)
    split = target["text"].replace(
        "She opened the big door of the yard.", "She opened the door. It was big.", 1
    )
    approve(store, target, split, aligned)
    after = statuses(store, aligned)
    touched = [
        value
        for key, value in after.items()
        if {"She opened the door.", "It was big."} & set(key[1])
    ]
    assert touched and set(touched) == {("auto", None)}
    assert (
        sorted(value for value in after.values() if value[0] != "auto")
        == [("confirmed", "rita")] * 5
    )
    assert_tiled(store, aligned)


def test_an_alignment_where_the_revised_version_is_the_target_and_another_where_it_is_the_source(
    store: Store, aligned: int
) -> None:
    """One version in two alignments, on each side: both keep the unchanged sentences' links."""
    from workbench import aligning

    a = store.alignment(aligned)
    reverse = aligning.align_versions(
        store, a["document_id"], a["target_version_id"], a["source_version_id"]
    )
    confirm_all(store, aligned)
    confirm_all(store, reverse)
    target = paragraph(store, aligned, "target", 1)
    approve(store, target, target["text"].replace("late in", "early in"), aligned)
    for alignment in (aligned, reverse):
        kept = [value for value in statuses(store, alignment).values() if value[0] != "auto"]
        assert kept == [("confirmed", "rita")] * 5, alignment
        assert_tiled(store, alignment)

"""Aligning again keeps what a person did, wherever it lies.

A link with one empty side (a paragraph detached as untranslated) has a place on that side
all the same; a confirmed link whose sentences all stand alone is still one link; sentence
links a person confirmed or edited come back. Found by aligning the UDHR again after edits.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import import_pair
from workbench import aligning, review
from workbench.align import align, align_document
from workbench.segment import split_sentences
from workbench.store import Store

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def _paragraphs(name: str) -> list[str]:
    text = (TRANSLATIONS / name).read_text(encoding="utf-8").strip("\n")
    return [p.strip() for p in re.split(r"\n\s*\n", text)]


@pytest.fixture(scope="module")
def udhr() -> tuple[list[str], list[str]]:
    return _paragraphs("udhr_als.txt"), _paragraphs("udhr_eng.txt")


def _pairs(beads) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(b.src), tuple(b.tgt)) for b in beads]


def test_a_kept_one_sided_bead_stays_where_its_range_puts_it(udhr) -> None:
    src, tgt = udhr
    first = _pairs(align(src, tgt, src_lang="sq", tgt_lang="en"))
    assert ((49,), (49,)) in first
    detached = [(range(49, 50), range(49, 49)), (range(50, 50), range(49, 50))]
    again = _pairs(align(src, tgt, src_lang="sq", tgt_lang="en", keep=detached))
    rest = [b for b in first if b != ((49,), (49,))]
    assert again == [*rest[:49], ((49,), ()), ((), (49,)), *rest[49:]]


def test_a_kept_one_sided_bead_without_a_place_stands_where_aligning_puts_it(udhr) -> None:
    src, tgt = udhr
    free = _pairs(align(src[:12], tgt[:12], src_lang="sq", tgt_lang="en"))
    assert ((6,), (4,)) in free
    kept = [((6,), ())]  # no place on the target side: an empty tuple
    beads = _pairs(align(src[:12], tgt[:12], src_lang="sq", tgt_lang="en", keep=kept))
    # the rest as before: not every paragraph before it torn from its translation
    assert set(beads) - {((6,), ()), ((), (4,))} == set(free) - {((6,), (4,))}
    assert ((6,), ()) in beads and ((), (4,)) in beads


def test_an_empty_range_out_of_order_is_refused() -> None:
    with pytest.raises(ValueError, match="out of order"):
        align(["a", "b"], ["a", "b"], keep=[(range(1, 2), range(1, 2)), (range(0, 1), range(1, 1))])
    with pytest.raises(ValueError, match="out of range"):
        align(["a"], ["a"], keep=[(range(0, 1), range(3, 3))])


def test_a_kept_paragraph_link_whose_sentences_all_stand_alone_stays_one_link() -> None:
    """A person linked an English paragraph to a Russian heading ("Статья 15"): its sentences
    come out 1-0 then 0-1, and the sentence-first method cut the link between them, where one
    side had ended and the other not begun, so that the confirmed link was gone."""
    en, ru = _paragraphs("udhr_eng.txt")[41:57], _paragraphs("udhr_rus.txt")[42:60]
    src = [split_sentences(p, "en") for p in en]
    tgt = [split_sentences(p, "ru") for p in ru]
    result = align_document(src, tgt, src_lang="en", tgt_lang="ru", keep_paragraphs=[([2], [2])])
    assert result.method == "sentence-first"
    assert ((2,), (2,)) in _pairs(result.paragraphs)


def test_kept_sentence_links_come_back_inside_their_paragraph_links() -> None:
    src = [["One sentence.", "Two sentences."], ["Three."]]
    tgt = [["Një fjali.", "Dy fjali."], ["Tre."]]
    kept = [(range(0, 2), range(0, 1)), (range(2, 2), range(1, 2))]  # a person's 2-1 and 0-1
    result = align_document(
        src, tgt, src_lang="en", tgt_lang="sq", keep_sentences=kept, keep_paragraphs=[([0], [0])]
    )
    assert _pairs(result.sentences)[:2] == [((0, 1), (0,)), ((), (1,))]
    assert ((0,), (0,)) in _pairs(result.paragraphs)


def _document(store: Store, alignment: int) -> int:
    return store.alignment(alignment)["document_id"]


def test_aligning_again_after_a_detach_keeps_both_halves_and_the_rest(store: Store, udhr) -> None:
    alignment = import_pair(store, *udhr)
    before = [(link.src, link.tgt) for link in store.links(alignment, "paragraph")]
    link = next(x for x in store.links(alignment, "paragraph") if x.src == [49])
    assert link.tgt == [49]
    review.detach(store, alignment, link.id, user="tr")
    aligning.align_versions(store, _document(store, alignment))
    after = [(x.src, x.tgt, x.status) for x in store.links(alignment, "paragraph")]
    assert ([49], [], "edited") in after and ([], [49], "edited") in after
    assert [(s, t) for s, t, _ in after if s and t] == [
        (s, t) for s, t in before if s and t and (s, t) != ([49], [49])
    ]


def test_aligning_again_keeps_confirmed_and_edited_sentence_links(store: Store, udhr) -> None:
    alignment = import_pair(store, *udhr)
    source = store.alignment(alignment)["source_version_id"]
    paragraph = next(
        x
        for x in store.links(alignment, "paragraph")
        if x.src == [13]
        and store.sentence_range(source, 13, 14)[1] - store.sentence_range(source, 13, 14)[0] > 1
    )
    review.set_status(store, alignment, [paragraph.id], user="ed")
    first_sentence = store.sentence_range(source, 13, 14)[0]
    link = next(x for x in store.links(alignment, "sentence") if x.src[:1] == [first_sentence])
    review.detach(store, alignment, link.id, user="tr")
    halves = [x for x in store.links(alignment, "sentence") if x.status == "edited"]
    assert len(halves) == 2
    review.set_status(store, alignment, [halves[0].id], user="ed")
    kept = sorted(
        (x.src_start, x.src_end, x.tgt_start, x.tgt_end, s)
        for x, s in ((halves[0], "confirmed"), (halves[1], "edited"))
    )
    aligning.align_versions(store, _document(store, alignment))
    again = store.links(alignment, "sentence")
    assert (
        sorted(
            (x.src_start, x.src_end, x.tgt_start, x.tgt_end, x.status)
            for x in again
            if x.status != "auto"
        )
        == kept
    )

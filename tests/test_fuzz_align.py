"""Hypothesis on the document aligner: random unicode paragraphs of random sentences.

tests/test_align_properties.py checks `align()` on flat lists; here `align_document()` (what
`aligning.align_versions` runs) gets paragraphs of sentences, empty strings, scripts of every
kind and links a person kept: paragraph and sentence beads must each cover both sides exactly
once and in order, and sentence beads must never cross a kept link's edge. That every kept
paragraph link comes back unchanged does not hold yet: hypothesis found the case below.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_align_properties import check_cover
from workbench.align import align_document

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
SENTENCE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Neni 1.", "Article 1.", "1961", "Хрущёв тха.", "", " ", "שלום.", "。"]),
)
PARAGRAPHS = st.lists(st.lists(SENTENCE, min_size=1, max_size=4), max_size=8)
LANGS = st.sampled_from([None, "sq", "en", "ru", "de"])


def _sentences(paragraphs: list[list[str]]) -> int:
    return sum(len(p) for p in paragraphs)


@FUZZ
@given(PARAGRAPHS, PARAGRAPHS, LANGS, LANGS)
def test_document_beads_cover_both_levels_in_order(src, tgt, src_lang, tgt_lang) -> None:
    result = align_document(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)
    check_cover(result.paragraphs, len(src), len(tgt))
    check_cover(result.sentences, _sentences(src), _sentences(tgt))


@FUZZ
@given(PARAGRAPHS, PARAGRAPHS, st.data())
def test_kept_links_survive_and_sentences_respect_them(src, tgt, data) -> None:
    first = align_document(src, tgt)
    beads = [b for b in first.paragraphs if b.src and b.tgt]
    kept = data.draw(st.lists(st.sampled_from(beads), unique_by=id, max_size=3)) if beads else []
    kept.sort(key=lambda b: b.src[0])
    keep = [(list(b.src), list(b.tgt)) for b in kept]
    result = align_document(src, tgt, keep_paragraphs=keep)
    check_cover(result.paragraphs, len(src), len(tgt))
    check_cover(result.sentences, _sentences(src), _sentences(tgt))
    # Every kept link comes back whole (as a person's confirmed link must).
    paragraphs = [(list(b.src), list(b.tgt)) for b in result.paragraphs]
    assert all(link in paragraphs for link in keep), (keep, paragraphs)
    # A kept link's sentences are aligned among themselves: no sentence bead crosses its edges.
    src_first = [sum(len(p) for p in src[:i]) for i in range(len(src) + 1)]
    tgt_first = [sum(len(p) for p in tgt[:i]) for i in range(len(tgt) + 1)]
    for s, t in keep:
        s_range = range(src_first[s[0]], src_first[s[-1] + 1])
        t_range = range(tgt_first[t[0]], tgt_first[t[-1] + 1])
        for bead in result.sentences:
            inside = [i in s_range for i in bead.src] + [j in t_range for j in bead.tgt]
            assert all(inside) or not any(inside), (bead, s, t)


def test_a_kept_link_comes_back_whole() -> None:
    """Found by hypothesis: the aligner's own 3-1 bead, kept (as a confirmed link is when
    aligning again), came back as 1-0 + 2-1 from the sentence-first method, which cut groups
    at every paragraph boundary, inside kept links too."""
    src, tgt = [["0"], ["0", "0", "000000"], ["1"], ["0"]], [["0"]]
    first = align_document(src, tgt)
    assert (first.paragraphs[0].src, first.paragraphs[0].tgt) == ((0, 1, 2), (0,))
    again = align_document(src, tgt, keep_paragraphs=[([0, 1, 2], [0])])
    assert ((0, 1, 2), (0,)) in [(b.src, b.tgt) for b in again.paragraphs]

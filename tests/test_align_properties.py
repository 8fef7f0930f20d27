"""Invariants of align() on arbitrary input (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.align import align

texts = st.lists(st.text(max_size=40), max_size=12)


def check_cover(beads, n: int, m: int) -> None:
    """Every segment in exactly one bead, in order, contiguous."""
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n))
    assert tgt == list(range(m))
    for b in beads:
        assert b.src or b.tgt
        assert list(b.src) == list(range(b.src[0], b.src[0] + len(b.src))) if b.src else True
        assert 0.0 <= b.confidence <= 1.0


@settings(max_examples=60, deadline=None)
@given(texts, texts)
def test_cover_order_and_confidence_on_any_unicode(src, tgt):
    check_cover(align(src, tgt), len(src), len(tgt))


@settings(max_examples=20, deadline=None)
@given(texts)
def test_same_language_identical_texts(src):
    check_cover(align(src, src, src_lang="en", tgt_lang="en"), len(src), len(src))


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.sampled_from(["Zoti tha.", "Dhe u bë dritë.", "1961", "", "Хрущёв"]), max_size=60)
)
def test_longer_repetitive_inputs(src):
    tgt = list(reversed(src))
    check_cover(align(src, tgt), len(src), len(tgt))

"""Regions that meet are aligned as one block (workbench/align/blocks.py): the same beads and
confidences as each region aligned on its own, no bead across the corner where two meet, and
far fewer calls for a document of many paragraphs."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_align_model import EN, SQ
from workbench.align import align
from workbench.align.aligner import _Aligner, align_regions
from workbench.align.blocks import Region, join

DATA = Path(__file__).resolve().parent / "data" / "textberg-dev"
DE = (DATA / "excerpt.de").read_text("utf-8").splitlines()
FR = (DATA / "excerpt.fr").read_text("utf-8").splitlines()


def regions_at_every(k: int, src: list[str], tgt: list[str]) -> list[Region]:
    """Regions cut at every k-th bead boundary of an alignment of the whole text."""
    corners, i, j = [(0, 0)], 0, 0
    for number, bead in enumerate(align(src, tgt), 1):
        i, j = i + len(bead.src), j + len(bead.tgt)
        last = corners[-1]
        if number % k == 0 and last[0] < i < len(src) and last[1] < j < len(tgt):
            corners.append((i, j))  # each region with something on both sides
    corners.append((len(src), len(tgt)))
    return [Region(a[0], b[0], a[1], b[1]) for a, b in pairwise(corners)]


def beads(found) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(f.src, f.tgt) for f in found]


def test_a_block_finds_what_each_of_its_regions_finds_alone() -> None:
    for src, tgt in ((DE, FR), (SQ * 3, EN * 3)):
        regions = regions_at_every(3, src, tgt)
        assert len(regions) > 2
        [(block, members)] = join(regions, kept_after=set())
        assert members == list(range(len(regions)))
        al = _Aligner(src, tgt, False, None, None, None)
        together, _ = al.solve(block, None)
        alone = [f for r in regions for f in al.solve(r, None)[0]]
        assert beads(together) == beads(alone)
        assert np.allclose([f.posterior for f in together], [f.posterior for f in alone], atol=1e-6)
        assert np.allclose([f.score for f in together], [f.score for f in alone])


def test_regions_join_only_where_they_meet_with_both_sides_and_no_kept_bead_between() -> None:
    meet = [Region(0, 2, 0, 3), Region(2, 4, 3, 5), Region(4, 6, 5, 7)]
    [(block, members)] = join(meet, kept_after=set())
    assert (block.s0, block.s1, block.t0, block.t1, block.cuts) == (0, 6, 0, 7, ((2, 3), (4, 5)))
    assert members == [0, 1, 2]
    # kept bead 0 follows region 0: the regions on either side stay apart
    assert [m for _, m in join(meet, kept_after={0})] == [[0], [1, 2]]
    assert [m for _, m in join(meet, kept_after={1})] == [[0, 1], [2]]
    # a region with nothing on one side needs no programme and joins nothing
    empty_side = [Region(0, 2, 0, 3), Region(2, 3, 3, 3), Region(3, 5, 3, 6)]
    assert [m for _, m in join(empty_side, kept_after=set())] == [[0], [1], [2]]
    # regions that do not meet (a kept bead's segments lie between them) stay apart
    apart = [Region(0, 2, 0, 2), Region(3, 5, 3, 5)]
    assert [m for _, m in join(apart, kept_after=set())] == [[0], [1]]


texts = st.lists(st.text(max_size=30), min_size=1, max_size=10)


@settings(max_examples=40, deadline=None)
@given(texts, texts, st.data())
def test_no_bead_crosses_a_corner_where_two_regions_meet(src, tgt, data) -> None:
    n, m = len(src), len(tgt)
    cuts = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, m)), max_size=4))
    corners = [(0, 0)]
    for corner in sorted({*cuts, (n, m)}):
        if corner[1] >= corners[-1][1] and corner != corners[-1]:
            corners.append(corner)  # ascending on both sides, ending at (n, m)
    regions = [(a[0], b[0], a[1], b[1]) for a, b in pairwise(corners)]
    result = align_regions(src, tgt, regions)
    assert [i for b in result for i in b.src] == list(range(n))
    assert [j for b in result for j in b.tgt] == list(range(m))
    for bead in result:
        inside = [
            (s0, s1, t0, t1)
            for s0, s1, t0, t1 in regions
            if all(s0 <= i < s1 for i in bead.src) and all(t0 <= j < t1 for j in bead.tgt)
        ]
        assert inside, f"{bead.src}:{bead.tgt} crosses from one region into another"
        assert 0.0 <= bead.confidence <= 1.0

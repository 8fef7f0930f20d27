"""The compiled sweeps compute what their definitions say, checked against plain Python.

The reference below walks the same band cell by cell with dictionaries: the Viterbi score is
the best path's total, the forward and backward log-sums are the log of the summed weights of
all monotone bead paths into and out of each cell.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from workbench.align import band as bandmod
from workbench.align import dp
from workbench.align.scoring import ALL_TYPES, TYPES


class Given:
    """Fixed bead scores per (cell, type), handed out a chunk of rows at a time."""

    def __init__(self, band: bandmod.Band, scores: np.ndarray):
        self.band, self.table = band, scores

    def scores(self, r0: int, r1: int) -> np.ndarray:
        return self.table[self.band.off[r0] : self.band.off[r1]].copy()


def _log_sum(values: list[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return -math.inf
    return top + math.log(sum(math.exp(v - top) for v in values))


def _reference(band: bandmod.Band, types, scores: np.ndarray, m: int):
    """Best, forward and backward per cell, by the textbook recurrences."""
    cells = [(i, j) for i in range(band.n + 1) for j in range(band.lo[i], band.hi[i] + 1)]
    index = {cell: k for k, cell in enumerate(cells)}

    def score(cell, t):
        s = scores[index[cell], t]
        return -math.inf if s <= dp.NEG else float(s)

    best, fwd = {(0, 0): 0.0}, {(0, 0): 0.0}
    for cell in cells[1:]:
        i, j = cell
        into = [
            (prev, t)
            for t, (a, b) in enumerate(types)
            if (prev := (i - a, j - b)) in index and prev in fwd
        ]
        best[cell] = max([best[p] + score(cell, t) for p, t in into], default=-math.inf)
        fwd[cell] = _log_sum([fwd[p] + score(cell, t) for p, t in into] or [-math.inf])
    bwd = {(band.n, m): 0.0}
    for cell in reversed(cells[:-1]):
        i, j = cell
        out = [
            (nxt, t)
            for t, (a, b) in enumerate(types)
            if (nxt := (i + a, j + b)) in index and nxt in bwd
        ]
        bwd[cell] = _log_sum([bwd[q] + score(q, t) for q, t in out] or [-math.inf])
    return [best[c] for c in cells], [fwd[c] for c in cells], [bwd[c] for c in cells]


def _random_case(seed: int, types):
    rng = random.Random(seed)
    n, m = rng.randint(1, 14), rng.randint(1, 14)
    centre = np.round(np.linspace(0, m, n + 1)).astype(np.int64)
    width = rng.randint(0, 4)
    band = bandmod.make_band(centre - width, centre + width, m)
    scores = np.array([[rng.uniform(-9.0, 0.0) for _ in types] for _ in range(band.size)])
    # some beads ruled out, as a scorer does at a region's walls; never a lone segment, so
    # that some path always reaches the end
    ruled_out = [[rng.random() < 0.15 and 0 not in t for t in types] for _ in range(band.size)]
    scores[np.array(ruled_out)] = dp.NEG
    return band, scores, m


def _finite(values) -> np.ndarray:
    """Log weights with 'no path' as -inf, whichever large negative stands for it."""
    a = np.asarray(values, dtype=float)
    return np.where(a < -1e20, -np.inf, a)


@pytest.mark.parametrize("types", [TYPES, ALL_TYPES], ids=["first pass", "second pass"])
@pytest.mark.parametrize("seed", range(12))
def test_sweeps_sum_over_every_path_of_the_band(monkeypatch, seed, types):
    monkeypatch.setattr(dp, "CHUNK", 3)  # rows reach back across chunk boundaries
    band, scores, m = _random_case(seed, types)
    best, fwd, _back = dp.viterbi_forward(band, types, Given(band, scores))
    bwd = dp.backward(band, types, Given(band, scores))
    want_best, want_fwd, want_bwd = _reference(band, types, scores, m)
    size = band.size
    np.testing.assert_allclose(_finite(best[:size]), want_best, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(_finite(fwd[:size]), want_fwd, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(_finite(bwd[:size]), want_bwd, rtol=1e-9, atol=1e-9)
    # all paths into the end are all paths out of the start
    assert fwd[size - 1] == pytest.approx(bwd[0], abs=1e-9)


@pytest.mark.parametrize("seed", range(12))
def test_the_traced_path_is_the_best_path(seed):
    band, scores, m = _random_case(seed, ALL_TYPES)
    best, _fwd, back = dp.viterbi_forward(band, ALL_TYPES, Given(band, scores))
    ends = dp.trace(band, ALL_TYPES, back, m)
    i = j = 0
    total = 0.0
    for end_i, end_j, k in ends:
        a, b = ALL_TYPES[k]
        assert (end_i - a, end_j - b) == (i, j)  # beads follow one another
        total += scores[band.flat(np.array([end_i]), np.array([end_j]))[0], k]
        i, j = end_i, end_j
    assert (i, j) == (band.n, m)
    assert total == pytest.approx(best[band.size - 1], abs=1e-9)

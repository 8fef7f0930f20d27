"""Banded dynamic programming: Viterbi path plus forward–backward bead posteriors.

Scores are computed vectorised, a chunk of rows at a time (scoring.py); the sweeps themselves
walk the band cell by cell in compiled loops (numba).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
from numba import njit

from .band import Band

NEG = -1e300
CHUNK = 512

Tick = Callable[[int], None]


class Scorer(Protocol):
    """Bead scores of a band's rows (see scoring.Scorer)."""

    def scores(self, r0: int, r1: int) -> np.ndarray:
        """Log score per (cell of rows r0..r1-1, bead type); NEG: ruled out."""
        ...


class Remembered:
    """A scorer that keeps its scores, compactly, for the backward sweep to read once.

    Scoring is most of a sweep's cost and the backward sweep needs exactly the forward's
    scores; float32 keeps them within 1e-6 relative, far below any difference that matters.
    """

    def __init__(self, scorer: Scorer):
        """Wrap a scorer; nothing is computed yet."""
        self.scorer = scorer
        self.rows: dict[int, np.ndarray] = {}

    def scores(self, r0: int, r1: int) -> np.ndarray:
        """Rows r0..r1-1: scored and kept the first time, handed out (and freed) the second."""
        kept = self.rows.pop(r0, None)
        if kept is not None:
            return kept.astype(np.float64)
        score = self.scorer.scores(r0, r1)
        # NEG (ruled out) does not fit float32: -1e30 is as impossible and stays finite
        self.rows[r0] = np.maximum(score, -1e30).astype(np.float32)
        return score


def _steps(types) -> tuple[int, np.ndarray, np.ndarray]:
    """Column of the insertion type 0-1 (a step inside a row) and every type's row and
    column steps."""
    da = np.array([a for a, _b in types], dtype=np.int64)
    db = np.array([b for _a, b in types], dtype=np.int64)
    return types.index((0, 1)), da, db


def viterbi_forward(band: Band, types, scorer: Scorer, tick: Tick | None = None):
    """One sweep: Viterbi scores and back-pointers, and forward log-sums of all paths."""
    size = band.size
    best = np.full(size + 1, NEG)  # [size]: any cell outside the band
    fwd = np.full(size + 1, NEG)
    back = np.zeros(size, dtype=np.int8)
    ins, da, db = _steps(types)
    for r0 in range(0, band.n + 1, CHUNK):
        r1 = min(band.n + 1, r0 + CHUNK)
        sc = scorer.scores(r0, r1)
        _forward_rows(r0, r1, band.off, band.lo, band.hi, da, db, ins, sc, best, fwd, back)
        if tick:
            tick(r1 - r0)
    return best, fwd, back


def backward(band: Band, types, scorer: Scorer, tick: Tick | None = None) -> np.ndarray:
    """Backward log-sums: log total weight of all paths from each cell to the end."""
    size = band.size
    bwd = np.full(size + 1, NEG)
    acc = np.full(size + 1, NEG)  # per cell: what the rows below push into it so far
    acc[size - 1] = 0.0  # the end cell (n, m)
    ins, da, db = _steps(types)
    for r0 in reversed(range(0, band.n + 1, CHUNK)):
        r1 = min(band.n + 1, r0 + CHUNK)
        sc = scorer.scores(r0, r1)
        _backward_rows(r0, r1, band.off, band.lo, band.hi, da, db, ins, sc, acc, bwd)
        if tick:
            tick(r1 - r0)
    return bwd


def trace(band: Band, types, back: np.ndarray, m: int) -> list[tuple[int, int, int]]:
    """Follow back-pointers from (n, m); returns (i, j, type index) of each bead's end cell."""
    i, j = band.n, m
    out = []
    while i > 0 or j > 0:
        k = int(back[band.off[i] + j - band.lo[i]])
        out.append((i, j, k))
        a, b = types[k]
        i, j = i - a, j - b
    out.reverse()
    return out


# The sweeps proper, compiled by numba (cached on disk after the first call). A band row is
# some 20-80 cells: numpy's per-call overhead, a dozen calls a row, cost more than the
# arithmetic (Text+Berg x20: 3.2 s of 5.6 s in the two sweeps); compiled loops take a tenth.


#: exp() of anything below this is 0.0 exactly; glibc takes some 100 ns to say so for the
#: -1e300 of a ruled-out bead, which most candidates are, so such terms are skipped.
UNDERFLOW = -745.2


@njit(cache=True, nogil=True)
def _logaddexp(a: float, b: float) -> float:
    """log(exp(a) + exp(b)) without overflow."""
    if a < b:
        a, b = b, a
    if b - a < UNDERFLOW:
        return a
    return a + np.log1p(np.exp(b - a))


@njit(cache=True, nogil=True)
def _forward_rows(r0, r1, off, lo, hi, da, db, ins, sc, best, fwd, back):
    """Rows r0..r1-1 of the forward sweep; `sc` holds their scores, a row per cell.

    A bead of type k ends at (i, j) and starts at (i - da[k], j - db[k]); a start outside the
    band reads the NEG kept at index `size`. Insertions (0-1) start in the same row, to the
    left, so they come last, once the cell's other candidates are known.
    """
    base, size, types = off[r0], off[-1], len(da)
    start = np.empty(types, np.int64)
    for i in range(r0, r1):
        for j in range(lo[i], hi[i] + 1):
            cell = off[i] + j - lo[i]
            row = cell - base
            top, arg, peak = -np.inf, -1, -np.inf
            for k in range(types):
                si, sj = i - da[k], j - db[k]
                start[k] = off[si] + sj - lo[si] if si >= 0 and lo[si] <= sj <= hi[si] else size
                if k != ins:
                    v = best[start[k]] + sc[row, k]
                    if v > top:
                        top, arg = v, k
                    peak = max(peak, fwd[start[k]] + sc[row, k])
            total = 0.0
            for k in range(types):
                d = fwd[start[k]] + sc[row, k] - peak
                if k != ins and d > UNDERFLOW:
                    total += np.exp(d)
            summed = peak + np.log(total)
            if i == 0 and j == lo[0]:
                top, summed = 0.0, 0.0
            if j > lo[i]:
                c = sc[row, ins]
                if best[cell - 1] + c > top:
                    top, arg = best[cell - 1] + c, ins
                summed = _logaddexp(summed, fwd[cell - 1] + c)
            best[cell], fwd[cell], back[cell] = top, summed, arg


@njit(cache=True, nogil=True)
def _backward_rows(r0, r1, off, lo, hi, da, db, ins, sc, acc, bwd):
    """Rows r1-1 down to r0 of the backward sweep.

    A row's own insertions are summed right to left; then the row pushes its weight to the
    start cell of every other bead type ending in it (always an earlier row).
    """
    base = off[r0]
    for i in range(r1 - 1, r0 - 1, -1):
        o, e = off[i], off[i] + hi[i] - lo[i] + 1
        bwd[e - 1] = acc[e - 1]
        for cell in range(e - 2, o - 1, -1):
            bwd[cell] = _logaddexp(acc[cell], sc[cell + 1 - base, ins] + bwd[cell + 1])
        for k in range(len(da)):
            r = i - da[k]
            if k == ins or r < 0:
                continue
            for j in range(max(lo[i], lo[r] + db[k]), min(hi[i], hi[r] + db[k]) + 1):
                cell = o + j - lo[i]
                d = off[r] + j - db[k] - lo[r]
                acc[d] = _logaddexp(acc[d], sc[cell - base, k] + bwd[cell])

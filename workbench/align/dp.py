"""Banded dynamic programming: Viterbi path plus forward–backward bead posteriors.

Rows are processed one at a time; everything inside a row is vectorised. The one dependency
inside a row (an insertion, bead type 0-1) is solved with cumulative max / logaddexp.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

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


def _split(types) -> tuple[int, list[int]]:
    """Column of the insertion type 0-1 (handled inside a row) and the columns of the others."""
    ins = types.index((0, 1))
    return ins, [k for k in range(len(types)) if k != ins]


def viterbi_forward(band: Band, types, scorer: Scorer, tick: Tick | None = None):
    """One sweep: Viterbi scores and back-pointers, and forward log-sums of all paths."""
    size = band.size
    best = np.full(size + 1, NEG)
    fwd = np.full(size + 1, NEG)
    back = np.zeros(size, dtype=np.int8)
    ins, others = _split(types)
    kinds = np.asarray(others, dtype=np.int8)
    off = band.off.tolist()
    n = band.n
    for r0 in range(0, n + 1, CHUNK):
        r1 = min(n + 1, r0 + CHUNK)
        sc = scorer.scores(r0, r1)
        # per chunk, not per row: the columns split once, each row then reads plain slices
        po_all = band.starts(r0, r1, [types[k] for k in others])
        so_all = sc[:, others]
        c_all = sc[:, ins].copy()
        base = off[r0]
        for i in range(r0, r1):
            o, e = off[i], off[i + 1]
            a, b = o - base, e - base
            po, so = po_all[a:b], so_all[a:b]
            cv = best[po] + so
            cf = fwd[po] + so
            arg = np.argmax(cv, axis=1)
            av = cv.max(axis=1)
            mf = cf.max(axis=1)
            af = mf + np.log(np.exp(cf - mf[:, None]).sum(axis=1))
            if i == 0:
                av[0] = 0.0
                af[0] = 0.0
            # insertions inside the row: D[j] = max(A[j], D[j-1] + c[j])
            c = c_all[a:b]
            c[0] = 0.0
            cum = np.cumsum(c)
            rest = av - cum
            run = np.maximum.accumulate(rest)
            best[o:e] = cum + run
            fwd[o:e] = cum + np.logaddexp.accumulate(af - cum)
            t = kinds[arg]
            t[run > rest] = ins
            back[o:e] = t
        if tick:
            tick(r1 - r0)
    return best, fwd, back


def backward(band: Band, types, scorer: Scorer, tick: Tick | None = None) -> np.ndarray:
    """Backward log-sums: log total weight of all paths from each cell to the end.

    Each row pushes its weight to its predecessors one bead type at a time; a type's
    predecessors of a row are a shifted run of cells of one earlier row, so plain slices
    do it (a bead a type may not form has the score NEG already).
    """
    size = band.size
    bwd = np.full(size + 1, NEG)
    acc = np.full(size + 1, NEG)
    acc[size - 1] = 0.0  # the end cell (n, m)
    ins, others = _split(types)
    off, lo, hi = band.off.tolist(), band.lo.tolist(), band.hi.tolist()
    n = band.n
    starts = list(range(0, n + 1, CHUNK))
    for r0 in reversed(starts):
        r1 = min(n + 1, r0 + CHUNK)
        sc = scorer.scores(r0, r1)
        steps = [(types[k][0], types[k][1], sc[:, k]) for k in others]
        c_all = sc[:, ins].copy()
        base = off[r0]
        for i in range(r1 - 1, r0 - 1, -1):
            o, e = off[i], off[i + 1]
            a0 = o - base
            # insertions inside the row, right to left: B[j] = logaddexp(acc[j], c[j+1] + B[j+1])
            # so B[j] = logsumexp_{k>=j}(acc[k] + P[k]) - P[j] with P the prefix sum of c
            c = c_all[a0 : a0 + e - o]
            c[0] = 0.0
            cum = np.cumsum(c)
            bw = np.logaddexp.accumulate((acc[o:e] + cum)[::-1])[::-1] - cum
            bwd[o:e] = bw
            lo_i, hi_i = lo[i], hi[i]
            for da, db, sk in steps:
                r = i - da
                if r < 0:
                    continue
                j0, j1 = max(lo_i, lo[r] + db), min(hi_i, hi[r] + db) + 1
                if j0 >= j1:
                    continue
                d0 = off[r] + j0 - db - lo[r]
                dst = acc[d0 : d0 + j1 - j0]
                np.logaddexp(
                    dst, sk[a0 + j0 - lo_i : a0 + j1 - lo_i] + bw[j0 - lo_i : j1 - lo_i], out=dst
                )
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

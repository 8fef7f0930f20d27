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

# scorer(r0, r1) -> (pred, score): for each cell of rows r0..r1-1 and each bead type,
# the flat index of the predecessor cell (band.size = none) and the bead's log score.
Scorer = Callable[[int, int], tuple[np.ndarray, np.ndarray]]
Tick = Callable[[int], None]


class ScoringModel(Protocol):
    """A scorer that can also list predecessors alone (see scoring.Scorer)."""

    def __call__(self, r0: int, r1: int) -> tuple[np.ndarray, np.ndarray]: ...

    def preds(self, r0: int, r1: int) -> np.ndarray: ...


class Remembered:
    """A scorer that keeps its scores, compactly, for the backward sweep to read once.

    Scoring is most of a sweep's cost and the backward sweep needs exactly the forward's
    scores; float32 keeps them within 1e-6 relative, far below any difference that matters.
    Predecessors are cheap to recompute and would double the memory, so they are not kept.
    """

    def __init__(self, scorer: ScoringModel):
        """Wrap a scorer; nothing is computed yet."""
        self.scorer = scorer
        self.rows: dict[int, np.ndarray] = {}

    def __call__(self, r0: int, r1: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows r0..r1-1: scored and kept the first time, handed out (and freed) the second."""
        kept = self.rows.pop(r0, None)
        if kept is not None:
            return self.scorer.preds(r0, r1), kept.astype(np.float64)
        pred, score = self.scorer(r0, r1)
        # NEG (ruled out) does not fit float32: -1e30 is as impossible and stays finite
        self.rows[r0] = np.maximum(score, -1e30).astype(np.float32)
        return pred, score


def _ins_col(types: list[tuple[int, int]]) -> int:
    """Column of the insertion type 0-1 (handled inside a row)."""
    return types.index((0, 1))


def viterbi_forward(
    band: Band, types, scorer: Scorer, tick: Tick | None = None, scale: float = 1.0
):
    """One sweep: Viterbi scores/back-pointers, and forward log-sums of scores times `scale`."""
    size = band.size
    best = np.full(size + 1, NEG)
    fwd = np.full(size + 1, NEG)
    back = np.zeros(size, dtype=np.int8)
    ins = _ins_col(types)
    others = [k for k in range(len(types)) if k != ins]
    n = band.n
    for r0 in range(0, n + 1, CHUNK):
        r1 = min(n + 1, r0 + CHUNK)
        pred, sc = scorer(r0, r1)
        base = band.off[r0]
        for i in range(r0, r1):
            a, b = band.off[i] - base, band.off[i + 1] - base
            p, s = pred[a:b], sc[a:b]
            po, so = p[:, others], s[:, others]
            cv = best[po] + so
            cf = fwd[po] + scale * so
            arg = np.argmax(cv, axis=1)
            av = cv[np.arange(len(cv)), arg]
            mf = cf.max(axis=1)
            af = mf + np.log(np.exp(cf - mf[:, None]).sum(axis=1))
            if i == 0:
                av[0] = 0.0
                af[0] = 0.0
            # insertions inside the row: D[j] = max(A[j], D[j-1] + c[j])
            c = s[:, ins].copy()
            c[0] = 0.0
            cum = np.cumsum(c)
            cums = scale * cum
            run = np.maximum.accumulate(av - cum)
            v = cum + run
            from_ins = run > (av - cum)
            f = cums + np.logaddexp.accumulate(af - cums)
            o = band.off[i]
            best[o : o + len(v)] = v
            fwd[o : o + len(f)] = f
            t = np.asarray(others, dtype=np.int8)[arg]
            t[from_ins] = ins
            back[o : o + len(v)] = t
        if tick:
            tick(r1 - r0)
    return best, fwd, back


def backward(
    band: Band, types, scorer: Scorer, tick: Tick | None = None, scale: float = 1.0
) -> np.ndarray:
    """Backward log-sums: log total weight (scores times `scale`) of all paths to the end."""
    size = band.size
    bwd = np.full(size + 1, NEG)
    acc = np.full(size + 1, NEG)
    acc[size - 1] = 0.0  # the end cell (n, m)
    ins = _ins_col(types)
    others = [k for k in range(len(types)) if k != ins]
    n = band.n
    starts = list(range(0, n + 1, CHUNK))
    for r0 in reversed(starts):
        r1 = min(n + 1, r0 + CHUNK)
        pred, sc = scorer(r0, r1)
        base = band.off[r0]
        for i in range(r1 - 1, r0 - 1, -1):
            a, b = band.off[i] - base, band.off[i + 1] - base
            o = band.off[i]
            s = scale * sc[a:b]
            # insertions inside the row, right to left: B[j] = logaddexp(acc[j], c[j+1] + B[j+1])
            # so B[j] = logsumexp_{k>=j}(acc[k] + P[k]) - P[j] with P the prefix sum of c
            c = s[:, ins].copy()
            c[0] = 0.0
            cum = np.cumsum(c)
            x = acc[o : o + (b - a)] + cum
            bw = np.logaddexp.accumulate(x[::-1])[::-1] - cum
            bwd[o : o + (b - a)] = bw
            # push to predecessors (within one type, predecessors are distinct cells)
            p = pred[a:b]
            for k in others:
                pk = p[:, k]
                acc[pk] = np.logaddexp(acc[pk], s[:, k] + bw)
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

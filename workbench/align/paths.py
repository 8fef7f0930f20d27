"""Small helpers of the aligner: kept-bead checks, DP paths as bands, per-text statistics."""

from __future__ import annotations

import numpy as np

from . import band as bandmod
from .evidence import Pairs

Keep = list[tuple[tuple[int, ...], tuple[int, ...]]]


def check_keep(keep, n: int, m: int) -> Keep:
    """Validate kept beads: contiguous, in range, in order and not overlapping."""
    out = []
    last_s, last_t = -1, -1
    for s, t in keep:
        s, t = tuple(int(x) for x in s), tuple(int(x) for x in t)
        if not s and not t:
            raise ValueError("a kept bead needs at least one segment")
        for side, size in ((s, n), (t, m)):
            if side and (side != tuple(range(side[0], side[0] + len(side)))):
                raise ValueError(f"kept bead {s}:{t} is not contiguous and ascending")
            if side and (side[0] < 0 or side[-1] >= size):
                raise ValueError(f"kept bead {s}:{t} is out of range")
        if (s and s[0] <= last_s) or (t and t[0] <= last_t):
            raise ValueError(f"kept bead {s}:{t} overlaps or is out of order")
        last_s = s[-1] if s else last_s
        last_t = t[-1] if t else last_t
        out.append((s, t))
    return out


def text_ids(texts: list[str]) -> list[int]:
    """Per segment, the index of the first segment with the same text."""
    first: dict[str, int] = {}
    return [first.setdefault(t, k) for k, t in enumerate(texts)]


def word_table(p: Pairs, sv: list[str], tv: list[str]) -> dict[str, set[str]]:
    """Pairs as a dict of sets of words, for explanations."""
    out: dict[str, set[str]] = {}
    for s, t in zip(p.s.tolist(), p.t.tolist(), strict=True):
        out.setdefault(sv[s], set()).add(tv[t])
    return out


def solo_odds(found, flagged: np.ndarray, side: int) -> float:
    """Odds ratio of standing alone (1-0 / 0-1) for flagged vs other segments, from a pass."""
    alone = np.zeros(len(flagged), dtype=bool)
    for f in found:
        mine, other = (f.src, f.tgt) if side == 0 else (f.tgt, f.src)
        if mine and not other:
            alone[list(mine)] = True
    p1 = (alone[flagged].sum() + 0.5) / (flagged.sum() + 1.0)
    p0 = (alone[~flagged].sum() + 0.5) / ((~flagged).sum() + 1.0)
    odds = (p1 / (1 - p1)) / (p0 / (1 - p0))
    return float(min(max(odds, 1.0), 1000.0))


def path_rows(ends, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per DP row, the first and last column the path visits."""
    lo = np.full(n + 1, np.iinfo(np.int64).max, dtype=np.int64)
    hi = np.full(n + 1, -1, dtype=np.int64)
    pi, pj = 0, 0
    lo[0] = hi[0] = 0
    for i, j, _k in ends:
        lo[pi : i + 1] = np.minimum(lo[pi : i + 1], pj)
        hi[pi : i + 1] = np.maximum(hi[pi : i + 1], j)
        pi, pj = i, j
    return lo, hi


def touches(band: bandmod.Band, lo: np.ndarray, hi: np.ndarray, m: int) -> bool:
    """Whether the path runs along an inner edge of the band (so the truth may lie outside)."""
    margin = 3
    left = (lo - band.lo < margin) & (band.lo > 0)
    right = (band.hi - hi < margin) & (band.hi < m)
    return bool(left.any() or right.any())


def region_path(reg, found) -> tuple[np.ndarray, np.ndarray] | None:
    """The first-pass path of a region as per-row column ranges (local coordinates)."""
    n = reg.s1 - reg.s0
    if n == 0 or reg.t1 == reg.t0:
        return None
    ends, i, j = [], 0, 0
    for f in found:
        i += len(f.src)
        j += len(f.tgt)
        ends.append((i, j, 0))
    return path_rows(ends, n)


def path_cells(found) -> tuple[np.ndarray, np.ndarray]:
    """The cells a pass's path visits between its beads (local coordinates), start included."""
    i, j = [0], [0]
    for f in found:
        i.append(i[-1] + len(f.src))
        j.append(j[-1] + len(f.tgt))
    return np.array(i, dtype=np.int64), np.array(j, dtype=np.int64)


def end_agreement(found, first) -> list[float]:
    """Per bead of `found`, a factor for how far the first pass agrees on where it starts and ends.

    Both lists tile the same region in order. Whether the bead's two ends (cuts on both sides at
    once) are right is judged by two opinions with equal weight: the final pass, which chose
    both, and the first pass, whose path crosses none, one or both of them. The factor is the
    average share of ends each opinion accepts: 1, 3/4 or 1/2.
    """
    cells, i, j = {(0, 0)}, 0, 0
    for f in first:
        i += len(f.src)
        j += len(f.tgt)
        cells.add((i, j))
    out, i, j = [], 0, 0
    for f in found:
        start = (i, j) in cells
        i += len(f.src)
        j += len(f.tgt)
        out.append(0.5 + 0.25 * (start + ((i, j) in cells)))
    return out

"""Small helpers of the aligner: kept-bead checks, DP paths as bands, per-text statistics."""

from __future__ import annotations

import numpy as np

from . import band as bandmod
from .evidence import Pairs


class Kept(tuple):
    """A kept bead: (src, tgt) like any bead, and where it stands on each side. An empty side
    stands somewhere all the same (a paragraph left untranslated sits between two target
    paragraphs): `src_at` / `tgt_at` is the first index of a side, or the place of an empty
    one (None while unknown: `place_one_sided` finds it)."""

    src_at: int | None
    tgt_at: int | None

    def __new__(cls, src: tuple[int, ...], tgt: tuple[int, ...], src_at, tgt_at) -> Kept:
        self = super().__new__(cls, (src, tgt))
        self.src_at, self.tgt_at = src_at, tgt_at
        return self

    @property
    def placed(self) -> bool:
        return self.src_at is not None and self.tgt_at is not None


Keep = list[Kept]


def check_keep(keep, n: int, m: int) -> Keep:
    """Validate kept beads: contiguous, in range, in order and not overlapping.

    A side is a sequence of indices; an empty side given as an empty `range` (`range(49, 49)`)
    says where it stands, an empty tuple leaves that to the aligner.
    """
    out = []
    ends = [0, 0]  # where the last kept bead ended, per side
    for item in keep:
        s, t = item
        given = (item.src_at, item.tgt_at) if isinstance(item, Kept) else (None, None)
        at = []
        for k, (side, size) in enumerate(((s, n), (t, m))):
            idx = tuple(int(x) for x in side)
            if idx and idx != tuple(range(idx[0], idx[0] + len(idx))):
                raise ValueError(f"kept bead {list(s)}:{list(t)} is not contiguous and ascending")
            place = idx[0] if idx else side.start if isinstance(side, range) else given[k]
            if place is not None and (place < 0 or place + len(idx) > size):
                raise ValueError(f"kept bead {list(s)}:{list(t)} is out of range")
            if place is not None and place < ends[k]:
                raise ValueError(f"kept bead {list(s)}:{list(t)} overlaps or is out of order")
            if place is not None:
                ends[k] = place + len(idx)
            at.append(place)
        src, tgt = tuple(int(x) for x in s), tuple(int(x) for x in t)
        if not src and not tgt:
            raise ValueError("a kept bead needs at least one segment")
        out.append(Kept(src, tgt, at[0], at[1]))
    return out


def place_one_sided(kept: Keep, beads, n: int, m: int) -> Keep:
    """Kept beads with every empty side placed where `beads` (an alignment of the same
    segments, ordered, covering all) put the segments of the other side, kept in order."""
    if all(k.placed for k in kept):
        return kept
    src_at_tgt = np.zeros(m + 1, dtype=np.int64)  # per target segment: sources before its bead
    tgt_at_src = np.zeros(n + 1, dtype=np.int64)
    i = j = 0
    for b in beads:
        src_at_tgt[list(b.tgt)] = i
        tgt_at_src[list(b.src)] = j
        i, j = i + len(b.src), j + len(b.tgt)
    at = [
        [
            k.src_at if k.src_at is not None else int(src_at_tgt[k[1][0]]),
            k.tgt_at if k.tgt_at is not None else int(tgt_at_src[k[0][0]]),
        ]
        for k in kept
    ]
    # in order: no earlier than the kept bead before ends, no later than the one after begins
    ends = [0, 0]
    for k, place in zip(kept, at, strict=True):
        for side in (0, 1):
            place[side] = max(place[side], ends[side])
            ends[side] = place[side] + len(k[side])
    starts = [n, m]
    for k, place in zip(reversed(kept), reversed(at), strict=True):
        for side in (0, 1):
            place[side] = min(place[side], starts[side] - len(k[side]))
            starts[side] = place[side]
    return [Kept(k[0], k[1], a, b) for k, (a, b) in zip(kept, at, strict=True)]


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

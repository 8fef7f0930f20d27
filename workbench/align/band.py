"""The search band: per DP row a column range, stored flat, so memory grows with n, not n*m."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Band:
    """Cells (i, j), 0 <= i <= n, lo[i] <= j <= hi[i], of the DP lattice, numbered row by row."""

    lo: np.ndarray  # int64 (n+1,)
    hi: np.ndarray  # int64 (n+1,), inclusive
    off: np.ndarray  # int64 (n+2,): first flat index of each row; off[n+1] == size

    @property
    def n(self) -> int:
        """Number of source segments."""
        return len(self.lo) - 1

    @property
    def size(self) -> int:
        """Number of cells."""
        return int(self.off[-1])

    def flat(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Flat index of cells (i, j); -1 where the cell is outside the band or the lattice."""
        n = self.n
        ok = (i >= 0) & (i <= n)
        ic = np.minimum(np.maximum(i, 0), n)  # np.clip: the same, at thrice the cost per call
        ok &= (j >= self.lo[ic]) & (j <= self.hi[ic])
        return np.where(ok, self.off[ic] + j - self.lo[ic], -1)

    def cells(self, r0: int, r1: int) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of every cell in rows r0..r1-1, in flat order."""
        widths = self.hi[r0:r1] - self.lo[r0:r1] + 1
        rows = np.repeat(np.arange(r0, r1), widths)
        k = np.arange(self.off[r0], self.off[r1])
        return rows, self.lo[rows] + (k - self.off[rows])


def make_band(lo: np.ndarray, hi: np.ndarray, m: int) -> Band:
    """Build a band, repairing it so that a monotone path from (0,0) to (n,m) always exists."""
    lo = np.clip(np.asarray(lo, dtype=np.int64), 0, m)
    hi = np.clip(np.asarray(hi, dtype=np.int64), 0, m)
    lo[0], hi[-1] = 0, m
    hi = np.maximum.accumulate(np.maximum(hi, lo))
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    # each row must start no later than one column after the previous row ends
    lo[1:] = np.minimum(lo[1:], hi[:-1] + 1)
    lo = np.minimum(lo, hi)
    off = np.zeros(len(lo) + 1, dtype=np.int64)
    off[1:] = np.cumsum(hi - lo + 1)
    return Band(lo, hi, off)


def diagonal_band(src_len: np.ndarray, tgt_len: np.ndarray, width: int) -> Band:
    """Band around the diagonal of cumulative length (long paragraphs move it, captions don't)."""
    n, m = len(src_len), len(tgt_len)
    cs = np.concatenate([[0.0], np.cumsum(src_len + 1.0)])
    ct = np.concatenate([[0.0], np.cumsum(tgt_len + 1.0)])
    centre = np.searchsorted(ct / ct[-1], cs / cs[-1]) if m else np.zeros(n + 1, np.int64)
    return make_band(centre - width, centre + width, m)


def path_band(path_lo: np.ndarray, path_hi: np.ndarray, width: int, m: int) -> Band:
    """Band of half-width `width` around a previous path (per row its first and last column)."""
    return make_band(path_lo - width, path_hi + width, m)


MAX_GAP = 3  # beads span at most 4 segments per side


@dataclass
class PairEvidence:
    """Token-match evidence in the band, so that each token counts once per bead.

    weight/count: per segment pair (stored at cell (s+1, t+1)), the summed match weights and
    number of matches. src_dup[g-1]: weight to remove when a source token matches two target
    segments g apart that fall in one bead (stored at the later one); tgt_dup likewise.
    Every array has one element more than the band has cells, always zero: a cell outside the
    band (flat index -1) reads it, and the scorer needs no padded copies.
    """

    weight: np.ndarray
    count: np.ndarray
    src_dup: list[np.ndarray]
    tgt_dup: list[np.ndarray]

    @staticmethod
    def zeros(size: int) -> PairEvidence:
        """No evidence."""
        # single precision where it is exact (counts) or a small correction (repeats)
        z = [np.zeros(size + 1, np.float32) for _ in range(1 + 2 * MAX_GAP)]
        return PairEvidence(np.zeros(size + 1), z[0], z[1 : 1 + MAX_GAP], z[1 + MAX_GAP :])


def _add(into: np.ndarray, cell: np.ndarray, weights: np.ndarray | None = None) -> None:
    """Sum weights (or ones) by cell into an evidence array, leaving its padding alone."""
    into[:-1] += np.bincount(cell, weights=weights, minlength=len(into) - 1)


def _expand(keys: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each query q, every position p of sorted `keys` with lo[q] <= keys[p] <= hi[q]."""
    a = np.searchsorted(keys, lo, "left")
    b = np.searchsorted(keys, hi, "right")
    cnt = np.maximum(b - a, 0)
    rep = np.repeat(np.arange(len(lo)), cnt)
    pos = a[rep] + (np.arange(len(rep)) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    return rep, pos


#: Matches materialised per call at most (each costs about 100 bytes on the way). A real text
#: stays far below (Text+Berg ×20: 130,000); a text whose few words recur everywhere would
#: otherwise need gigabytes for matches worth almost nothing.
MAX_MATCHES = 2_000_000


def within_budget(
    band: Band,
    src_tok: np.ndarray,
    tgt_tok: np.ndarray,
    pair_s: np.ndarray,
    pair_t: np.ndarray,
    pair_w: np.ndarray,
    m: int,
) -> np.ndarray:
    """Which token pairs to match (a mask): all of them, unless their expected matches in the
    band exceed MAX_MATCHES; then the most telling (largest weight) pairs that fit. The
    commonest words go first: they match everywhere and weigh least (weight is rarity)."""
    keep = np.ones(len(pair_s), dtype=bool)
    if len(pair_s) == 0:
        return keep
    df_s = np.bincount(src_tok, minlength=int(pair_s.max()) + 1)[pair_s]
    df_t = np.bincount(tgt_tok, minlength=int(pair_t.max()) + 1)[pair_t]
    share = band.size / ((band.n + 1) * (m + 1))  # of all segment pairs, those in the band
    expected = df_s * df_t * share
    if expected.sum() <= MAX_MATCHES:
        return keep
    order = np.argsort(-pair_w, kind="stable")
    keep[order[np.cumsum(expected[order]) > MAX_MATCHES]] = False
    return keep


def pair_evidence(
    band: Band,
    src_seg: np.ndarray,
    src_tok: np.ndarray,
    tgt_seg: np.ndarray,
    tgt_tok: np.ndarray,
    pair_s: np.ndarray,
    pair_t: np.ndarray,
    pair_w: np.ndarray,
    m: int,
    ev: PairEvidence,
) -> None:
    """Add the weights of matching token pairs for every segment pair (s, t) in the band to
    `ev` (one set of arrays for every channel: a band's evidence is its largest memory).

    Occurrences are (segment, token) without duplicates; pairs say which tokens match and how
    much. Each match is worth half its weight to the source token and half to the target token;
    the *_dup arrays let a bead count a token matched twice inside it only once.
    """
    if len(src_seg) == 0 or len(tgt_seg) == 0 or len(pair_s) == 0:
        return
    # 1. expand each source occurrence into the target tokens it matches
    order = np.argsort(pair_s, kind="stable")
    ps, pt, pw = pair_s[order], pair_t[order], pair_w[order]
    rep1, pos1 = _expand(ps, src_tok, src_tok)
    if len(rep1) == 0:
        return
    e_seg, e_tok, e_w = src_seg[rep1], pt[pos1], pw[pos1]
    # 2. find the target occurrences of those tokens whose segment lies inside the band row
    mm = m + 2
    keys = tgt_tok.astype(np.int64) * mm + tgt_seg
    korder = np.argsort(keys, kind="stable")
    keys = keys[korder]
    row = e_seg + 1
    base = e_tok.astype(np.int64) * mm
    rep2, pos2 = _expand(keys, base + band.lo[row] - 1, base + band.hi[row] - 1)
    if len(rep2) == 0:
        return
    s_occ, t_occ = rep1[rep2], korder[pos2]
    s, t, w = src_seg[s_occ], tgt_seg[t_occ], e_w[rep2]
    cell = band.flat(s + 1, t + 1)
    ok = cell >= 0
    s, t, w, cell, s_occ, t_occ = s[ok], t[ok], w[ok], cell[ok], s_occ[ok], t_occ[ok]
    _add(ev.weight, cell, w)
    _add(ev.count, cell)
    # 3. a token matched in several nearby segments: remove the repeats (inclusion-exclusion)
    for occ, near, dups in ((s_occ, t, ev.src_dup), (t_occ, s, ev.tgt_dup)):
        o = np.lexsort((near, occ))
        same = occ[o][1:] == occ[o][:-1]
        gap = near[o][1:] - near[o][:-1]
        half = 0.5 * np.minimum(w[o][1:], w[o][:-1])
        at = cell[o][1:]
        sel = same & (gap == 0)
        _add(ev.weight, at[sel], -half[sel])
        for g in range(1, MAX_GAP + 1):
            sel = same & (gap == g)
            _add(dups[g - 1], at[sel], half[sel])
    return

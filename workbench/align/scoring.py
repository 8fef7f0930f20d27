"""Bead scores as log-likelihood ratios (nats): type prior + length + anchor evidence."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .band import MAX_GAP, Band, PairEvidence
from .blocks import Parts
from .lengths import LengthModel

TYPES: list[tuple[int, int]] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (1, 3),
    (3, 1),
    (2, 3),
    (3, 2),
    (1, 4),
    (4, 1),
]
# Larger beads (a gold 3-3 or 1-5 that smaller types can only split) are allowed in the
# second pass only, and only as a union of consecutive first-pass beads (see Scorer.joins):
# enough to undo a split the first pass made, at almost no cost. Their prior stays fixed.
EXTRA_TYPES: list[tuple[int, int]] = [(3, 3), (1, 5), (5, 1)]
EXTRA_PRIOR = 0.003
ALL_TYPES = TYPES + EXTRA_TYPES
# Starting priors (Gale & Church's counts, with room for loose literary translation);
# they are re-estimated from the first pass of every text pair.
DEFAULT_PRIOR = {
    (1, 1): 0.80,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 1): 0.06,
    (1, 2): 0.06,
    (2, 2): 0.02,
    (1, 3): 0.02,
    (3, 1): 0.02,
    (2, 3): 0.005,
    (3, 2): 0.005,
    (1, 4): 0.005,
    (4, 1): 0.005,
}
NEG = -1e300
CAPTION_ODDS = 8.0  # starting odds multiplier for a caption-like segment to stand alone
EMPTY_ODDS = 200.0  # an empty segment has nothing to align with


@dataclass
class Params:
    """Everything calibrated per text pair."""

    length: LengthModel
    prior: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIOR))
    caption_odds_src: float = CAPTION_ODDS
    caption_odds_tgt: float = CAPTION_ODDS
    cut_src: np.ndarray | None = None  # per cut class: LLR of a cut inside a bead (boundaries)
    cut_tgt: np.ndarray | None = None

    def log_prior(self, t: tuple[int, int]) -> float:
        """Log prior probability of a bead type."""
        return math.log(self.prior.get(t, EXTRA_PRIOR))


def solo_bonus(caption: np.ndarray, empty: np.ndarray, odds: float) -> np.ndarray:
    """Extra log-odds for a segment to form a 1-0 / 0-1 bead (captions, headers, empty rows)."""
    return np.where(empty, math.log(EMPTY_ODDS), np.where(caption, math.log(odds), 0.0))


def _start_bonus(src_starts: np.ndarray, tgt_starts: np.ndarray) -> float:
    """Log-odds of a bead opening a paragraph on both sides: the rarer openings are, the more
    two at once tell (none flagged: nothing)."""
    if not src_starts.any():
        return 0.0
    fs = max(src_starts.mean() if len(src_starts) else 0.0, 1e-9)
    ft = max(tgt_starts.mean() if len(tgt_starts) else 0.0, 1e-9)
    return 0.5 * math.log(1.0 / max(fs, ft))


class Near:
    """Flat indices of the cells (i - da, j - db) for given cells (i, j), each offset computed
    once: every bead type of a chunk reads the same few neighbours (-1: outside the band)."""

    def __init__(self, band: Band, i: np.ndarray, j: np.ndarray):
        """Cells (i, j); nothing is looked up yet."""
        self.band, self.i, self.j = band, i, j
        self.seen: dict[tuple[int, int], np.ndarray] = {}

    def __call__(self, da: int, db: int) -> np.ndarray:
        """Flat index of (i - da, j - db) per cell."""
        k = self.seen.get((da, db))
        if k is None:
            k = self.seen[(da, db)] = self.band.flat(self.i - da, self.j - db)
        return k


class Scorer:
    """Computes, for a chunk of DP rows, the bead scores of every type."""

    def __init__(
        self,
        band: Band,
        params: Params,
        src_len: np.ndarray,
        tgt_len: np.ndarray,
        evidence: PairEvidence,
        src_pen: np.ndarray,
        tgt_pen: np.ndarray,
        src_solo: np.ndarray,
        tgt_solo: np.ndarray,
        src_starts: np.ndarray,
        tgt_starts: np.ndarray,
        types: list[tuple[int, int]] = TYPES,
        src_cut: np.ndarray | None = None,
        tgt_cut: np.ndarray | None = None,
        joins: np.ndarray | None = None,
        walls: Parts | None = None,
    ):
        """Keep cumulative sums so that any bead's totals are two lookups.

        joins: per flat cell, whether a bead of EXTRA_TYPES may start or end there (None: anywhere).
        walls: the regions of a block; no bead may cross from one into the next.
        """
        self.band, self.params, self.types = band, params, types
        self.walls = walls
        self.joins = None if joins is None else np.concatenate([joins, [False]])
        self.cs = np.concatenate([[0.0], np.cumsum(src_len)])
        self.ct = np.concatenate([[0.0], np.cumsum(tgt_len)])
        self.cps = np.concatenate([[0.0], np.cumsum(src_pen)])
        self.cpt = np.concatenate([[0.0], np.cumsum(tgt_pen)])
        # per segment, the LLR of the cut before it lying inside a bead (cut k: segments k-1, k)
        zs, zt = np.zeros(len(src_len)), np.zeros(len(tgt_len))
        src_cut = zs if src_cut is None else src_cut
        tgt_cut = zt if tgt_cut is None else tgt_cut
        self.ccs = np.concatenate([[0.0], np.cumsum(src_cut)])
        self.cct = np.concatenate([[0.0], np.cumsum(tgt_cut)])
        # padded with a zero each (PairEvidence): flat index -1 (outside the band) reads it
        self.pe, self.pc = evidence.weight, evidence.count
        # for beads of several segments, per cell: the weight plus half its matches times the log
        # lengths of the cell's own two segments, so that parts() can charge each match the log
        # of (bead text / own segment text) on each side with a single lookup per cell
        rows, cols = band.cells(0, band.n + 1)
        log_s = np.log(np.concatenate([[1.0], src_len + 1.0]))
        log_t = np.log(np.concatenate([[1.0], tgt_len + 1.0]))
        own = log_s[rows]
        own += log_t[cols]
        del rows, cols
        own *= evidence.count[:-1]
        self.pe_multi = evidence.weight.copy()
        self.pe_multi[:-1] += 0.5 * own
        self.src_dup, self.tgt_dup = evidence.src_dup, evidence.tgt_dup
        self.src_solo = np.concatenate([[0.0], src_solo])
        self.tgt_solo = np.concatenate([[0.0], tgt_solo])
        self.logp = [params.log_prior(t) for t in types]
        self.starts_s = np.concatenate([src_starts, [False]])
        self.starts_t = np.concatenate([tgt_starts, [False]])
        # both sides opening a paragraph at once is rare by chance, common in a translation;
        # in a block, each region's own odds, by the row its beads start from
        self.start_bonus: float | np.ndarray = _start_bonus(src_starts, tgt_starts)
        if walls is not None:
            self.start_bonus = np.zeros(len(src_starts) + 1)
            for s0, s1, t0, t1 in walls.rows():
                self.start_bonus[s0:s1] = _start_bonus(src_starts[s0:s1], tgt_starts[t0:t1])

    def parts(
        self, i: np.ndarray, j: np.ndarray, a: int, b: int, near: Near | None = None
    ) -> tuple[np.ndarray, ...]:
        """Length LLR, evidence and penalties of beads of type (a, b) ending at cells (i, j).

        near: the same cells' neighbours, shared by every bead type scored on them.
        """
        near = near or Near(self.band, i, j)
        ii, jj = np.maximum(i - a, 0), np.maximum(j - b, 0)
        if a == 0 or b == 0:
            solo = self.tgt_solo[j] if a == 0 else self.src_solo[i]
            return np.zeros(len(i)), solo, np.zeros(len(i))
        ls, lt = self.cs[i] - self.cs[ii], self.ct[j] - self.ct[jj]
        length = self.params.length.llr(ls, lt)
        ev = np.zeros(len(i))
        count = np.zeros(len(i))
        pe = self.pe if a * b == 1 else self.pe_multi
        for da in range(a):
            for db in range(b):
                k = near(da, db)
                ev += pe[k]
                count += self.pc[k]
                # a token matched in two segments of this bead counts once
                if db + 1 < b:
                    ev -= sum(self.src_dup[g - 1][k] for g in range(1, min(b - db, MAX_GAP + 1)))
                if da + 1 < a:
                    ev -= sum(self.tgt_dup[g - 1][k] for g in range(1, min(a - da, MAX_GAP + 1)))
        if a * b > 1:
            # a match is likelier by chance in a bead with more text, in proportion to the text
            # added around its own segments: a caption joined to a paragraph adds little, two
            # equal halves double it (this was log(a * b) per match, whatever the lengths)
            total = np.log(self.cs[i] - self.cs[ii] + a) + np.log(self.ct[j] - self.ct[jj] + b)
            ev -= 0.5 * total * count
        if isinstance(self.start_bonus, np.ndarray):
            ev += self.start_bonus[ii] * (self.starts_s[ii] & self.starts_t[jj])
        elif self.start_bonus:
            ev += self.start_bonus * (self.starts_s[ii] & self.starts_t[jj])
        pen = (self.cps[i] - self.cps[ii]) + (self.cpt[j] - self.cpt[jj])
        # the cuts inside the bead: segments ii+1..i-1 (source), jj+1..j-1 (target)
        if a > 1 or b > 1:
            cut_s = self.ccs[i] - self.ccs[ii + 1] if a > 1 else 0.0
            cut_t = self.cct[j] - self.cct[jj + 1] if b > 1 else 0.0
            if a > 1 and b > 1:
                # cuts at matching places on both sides are a parallel split, not a join:
                # count one side's evidence only
                pen += np.maximum(cut_s, cut_t)
            else:
                pen += cut_s + cut_t
        return length, ev, pen

    def scores(self, r0: int, r1: int) -> np.ndarray:
        """Log score per (cell, type) for rows r0..r1-1; NEG where a bead may not end.

        A bead whose start lies outside the band needs no NEG: the DP reads no such start.
        """
        band = self.band
        i, j = band.cells(r0, r1)
        near = Near(band, i, j)
        score = np.empty((len(i), len(self.types)), dtype=np.float64)
        for k, (a, b) in enumerate(self.types):
            if self.joins is not None and (a, b) in EXTRA_TYPES:
                # only unions of consecutive first-pass beads: parts() on those cells alone
                start = near(a, b)
                here = np.arange(band.off[r0], band.off[r1])
                sel = np.flatnonzero((start >= 0) & self.joins[here] & self.joins[start])
                length, ev, pen = self.parts(i[sel], j[sel], a, b)
                score[:, k] = NEG
                score[sel, k] = self.logp[k] + length + ev + pen
            else:
                length, ev, pen = self.parts(i, j, a, b, near)
                score[:, k] = self.logp[k] + length + ev + pen
        if self.walls is not None:
            first_s, first_t = self.walls.floors(i, j)
            for k, (a, b) in enumerate(self.types):
                score[(i - a < first_s) | (j - b < first_t), k] = NEG
        return score

"""align(): two passes of banded DP (anchors, then anchors + a learned lexicon) with posteriors."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import band as bandmod
from . import dp, lengths, lexicon
from .anchors import Features, extract
from .bead import Bead
from .confidence import Explainer
from .evidence import Channel, Pairs, build_channels
from .scoring import DEFAULT_PRIOR, TYPES, Params, Scorer, solo_bonus
from .similarity import text_similarity

FIRST_WIDTH = 40  # half-width of the first band around the length diagonal (widened on demand)
SECOND_WIDTH = 8  # half-width around the first path for the realignment
MIN_POSTERIOR = 0.9  # beads trusted to teach the lexicon
PRIOR_STRENGTH = 20.0  # pseudo-counts of the default priors when re-estimating them

Progress = Callable[[int, int], None]


@dataclass
class _Region:
    """A gap between kept beads: source s0..s1-1 and target t0..t1-1."""

    s0: int
    s1: int
    t0: int
    t1: int


@dataclass
class _Found:
    """A bead found by the DP, with its score and posterior."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float
    posterior: float


def _check_keep(keep, n: int, m: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
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


class _Aligner:
    """State shared by the passes over all regions of one text pair."""

    def __init__(self, src, tgt, same_language: bool, progress: Progress | None, ss, ts):
        """Extract features and evidence once for the whole text pair."""
        self.src_starts = np.zeros(len(src), bool) if ss is None else np.asarray(ss, bool)
        self.tgt_starts = np.zeros(len(tgt), bool) if ts is None else np.asarray(ts, bool)
        self.src, self.tgt = list(src), list(tgt)
        self.same = same_language
        self.fs: Features = extract(self.src)
        self.ft: Features = extract(self.tgt)
        self.n, self.m = len(self.src), len(self.tgt)
        self.channels: list[Channel] = build_channels(self.fs, self.ft, same_language)
        self.word_channel = self.channels[-1]
        self.lexicon = Pairs.empty()
        self.miss_s = np.zeros(len(self.word_channel.src.vocab))
        self.miss_t = np.zeros(len(self.word_channel.tgt.vocab))
        self.params = Params(length=lengths.estimate(self.fs.lengths, self.ft.lengths))
        self.progress = progress
        self.done = 0
        self.total = 4 * (self.n + 1)

    def tick(self, rows: int) -> None:
        """Report progress (clipped, since widening the band adds work)."""
        self.done += rows
        if self.progress:
            self.progress(min(self.done, self.total), self.total)

    def _evidence(self, reg: _Region, band: bandmod.Band):
        """Pair evidence in the band and per-segment unmatched penalties for a region."""
        n, m = reg.s1 - reg.s0, reg.t1 - reg.t0
        ev = bandmod.PairEvidence.zeros(band.size)
        pen_s, pen_t = np.zeros(n), np.zeros(m)
        for ch in self.channels:
            ss = (ch.src.seg >= reg.s0) & (ch.src.seg < reg.s1)
            ts = (ch.tgt.seg >= reg.t0) & (ch.tgt.seg < reg.t1)
            pairs = ch.pairs
            if ch is self.word_channel:
                # learned translations; a match also cancels the cost of its words missing
                p = ch.pairs.merged(self.lexicon)
                pairs = Pairs(p.s, p.t, p.w - self.miss_s[p.s] - self.miss_t[p.t])
                pen_s += np.bincount(
                    ch.src.seg[ss] - reg.s0, weights=self.miss_s[ch.src.tok[ss]], minlength=n
                )
                pen_t += np.bincount(
                    ch.tgt.seg[ts] - reg.t0, weights=self.miss_t[ch.tgt.tok[ts]], minlength=m
                )
            e = bandmod.pair_evidence(
                band,
                ch.src.seg[ss] - reg.s0,
                ch.src.tok[ss],
                ch.tgt.seg[ts] - reg.t0,
                ch.tgt.tok[ts],
                pairs.s,
                pairs.t,
                pairs.w,
                m,
            )
            ev.add(e)
            pen_s += ch.src_penalty[reg.s0 : reg.s1]
            pen_t += ch.tgt_penalty[reg.t0 : reg.t1]
        if self.same:
            ev.weight += text_similarity(band, self.src[reg.s0 : reg.s1], self.tgt[reg.t0 : reg.t1])
        return ev, pen_s, pen_t

    def _scorer(self, reg: _Region, band: bandmod.Band) -> Scorer:
        """A scorer for one region and band under the current parameters."""
        ev, pen_s, pen_t = self._evidence(reg, band)
        p = self.params
        fs, ft = self.fs, self.ft
        sl, tl = slice(reg.s0, reg.s1), slice(reg.t0, reg.t1)
        return Scorer(
            band,
            p,
            fs.lengths[sl],
            ft.lengths[tl],
            ev,
            pen_s,
            pen_t,
            solo_bonus(fs.caption[sl], fs.empty[sl], p.caption_odds_src),
            solo_bonus(ft.caption[tl], ft.empty[tl], p.caption_odds_tgt),
            self.src_starts[sl],
            self.tgt_starts[tl],
        )

    def solve(self, reg: _Region, path: tuple[np.ndarray, np.ndarray] | None) -> list[_Found]:
        """Align one region: widen the band until the best path stays clear of its edges."""
        n, m = reg.s1 - reg.s0, reg.t1 - reg.t0
        if n == 0 or m == 0:
            return [_Found((reg.s0 + i,), (), 0.0, 1.0) for i in range(n)] + [
                _Found((), (reg.t0 + j,), 0.0, 1.0) for j in range(m)
            ]
        sl, tl = slice(reg.s0, reg.s1), slice(reg.t0, reg.t1)
        width = SECOND_WIDTH if path is not None else FIRST_WIDTH
        if path is not None:
            band = bandmod.path_band(path[0], path[1], width, m)
        else:
            band = bandmod.diagonal_band(self.fs.lengths[sl], self.ft.lengths[tl], width)
        while True:
            scorer = self._scorer(reg, band)
            _best, fwd, back = dp.viterbi_forward(band, TYPES, scorer, self.tick)
            ends = dp.trace(band, TYPES, back, m)
            lo, hi = _path_rows(ends, n)
            if not _touches(band, lo, hi, m) or width > max(n, m):
                break
            width *= 2
            band = bandmod.path_band(lo, hi, width, m)
        bwd = dp.backward(band, TYPES, scorer, self.tick)
        return self._found(reg, band, scorer, ends, fwd, bwd)

    def _found(self, reg, band, scorer: Scorer, ends, fwd, bwd) -> list[_Found]:
        """Beads of a traced path with their scores and posteriors (global indices)."""
        z = fwd[band.size - 1]
        out = []
        if not ends:
            return out
        e = np.array(ends, dtype=np.int64)
        score = np.zeros(len(e))
        post = np.zeros(len(e))
        for k, (a, b) in enumerate(TYPES):
            sel = e[:, 2] == k
            if not sel.any():
                continue
            i, j = e[sel, 0], e[sel, 1]
            length, ev, pen = scorer.parts(i, j, a, b)
            sc = scorer.logp[k] + length + ev + pen
            cell = band.flat(i, j)
            prev = band.flat(i - a, j - b)
            score[sel] = sc
            post[sel] = np.exp(np.minimum(fwd[prev] + sc + bwd[cell] - z, 0.0))
        for (i, j, k), s, p in zip(ends, score, post, strict=True):
            a, b = TYPES[k]
            src = tuple(range(reg.s0 + i - a, reg.s0 + i))
            tgt = tuple(range(reg.t0 + j - b, reg.t0 + j))
            out.append(_Found(src, tgt, float(s), float(p)))
        return out

    def recalibrate(self, found: list[_Found]) -> None:
        """Re-estimate priors, caption odds and the length model from the first pass."""
        counts = Counter((len(f.src), len(f.tgt)) for f in found)
        total = sum(counts.values())
        prior = {
            t: (counts.get(t, 0) + PRIOR_STRENGTH * p) / (total + PRIOR_STRENGTH)
            for t, p in DEFAULT_PRIOR.items()
        }
        self.params.prior = prior
        self.params.caption_odds_src = _caption_odds(found, self.fs, 0)
        self.params.caption_odds_tgt = _caption_odds(found, self.ft, 1)
        ones = [f for f in found if len(f.src) == 1 == len(f.tgt) and f.posterior >= 0.5]
        if ones:
            ls = self.fs.lengths[[f.src[0] for f in ones]]
            lt = self.ft.lengths[[f.tgt[0] for f in ones]]
            self.params.length = lengths.refit(
                self.params.length, ls, lt, self.fs.lengths, self.ft.lengths
            )

    def learn_lexicon(self, found: list[_Found]) -> None:
        """Learn word translations from the confident beads of the first pass."""
        sure = [(f.src, f.tgt) for f in found if f.src and f.tgt and f.posterior >= MIN_POSTERIOR]
        ch = self.word_channel
        self.lexicon, self.miss_s, self.miss_t = lexicon.learn(sure, ch.src, ch.tgt, self.n, self.m)

    def explainer(self) -> Explainer:
        """Reason builder with the final tables."""
        ch = self.word_channel
        return Explainer(
            self.fs,
            self.ft,
            self.params.length.ratio,
            _table(ch.pairs, ch.src.vocab, ch.tgt.vocab),
            _table(self.lexicon, ch.src.vocab, ch.tgt.vocab),
        )


def _table(p: Pairs, sv: list[str], tv: list[str]) -> dict[str, set[str]]:
    """Pairs as a dict of sets of words, for explanations."""
    out: dict[str, set[str]] = {}
    for s, t in zip(p.s.tolist(), p.t.tolist(), strict=True):
        out.setdefault(sv[s], set()).add(tv[t])
    return out


def _caption_odds(found: list[_Found], feats: Features, side: int) -> float:
    """Odds ratio of standing alone for caption-like vs other segments, from the first pass."""
    alone = np.zeros(len(feats.caption), dtype=bool)
    for f in found:
        mine, other = (f.src, f.tgt) if side == 0 else (f.tgt, f.src)
        if mine and not other:
            alone[list(mine)] = True
    cap = feats.caption & ~feats.empty
    rest = ~feats.caption
    p1 = (alone[cap].sum() + 0.5) / (cap.sum() + 1.0)
    p0 = (alone[rest].sum() + 0.5) / (rest.sum() + 1.0)
    odds = (p1 / (1 - p1)) / (p0 / (1 - p0))
    return float(min(max(odds, 1.0), 1000.0))


def _path_rows(ends, n: int) -> tuple[np.ndarray, np.ndarray]:
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


def _touches(band: bandmod.Band, lo: np.ndarray, hi: np.ndarray, m: int) -> bool:
    """Whether the path runs along an inner edge of the band (so the truth may lie outside)."""
    margin = 3
    left = (lo - band.lo < margin) & (band.lo > 0)
    right = (band.hi - hi < margin) & (band.hi < m)
    return bool(left.any() or right.any())


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    keep: Sequence[tuple[Sequence[int], Sequence[int]]] = (),
    progress: Progress | None = None,
) -> list[Bead]:
    """Align two lists of segments into ordered beads covering every segment exactly once."""
    n, m = len(src), len(tgt)
    kept = _check_keep(keep, n, m)
    regions, s, t = [], 0, 0
    for ks, kt in kept:
        s1 = ks[0] if ks else s
        t1 = kt[0] if kt else t
        regions.append((s, s1, t, t1))
        s = ks[-1] + 1 if ks else s
        t = kt[-1] + 1 if kt else t
    regions.append((s, n, t, m))
    same = src_lang is not None and src_lang == tgt_lang
    return align_regions(src, tgt, regions, kept, same=same, progress=progress)


def align_regions(
    src: Sequence[str],
    tgt: Sequence[str],
    regions: Sequence[tuple[int, int, int, int]],
    kept: Sequence[tuple[tuple[int, ...], tuple[int, ...]]] = (),
    *,
    same: bool = False,
    progress: Progress | None = None,
    src_starts: np.ndarray | None = None,
    tgt_starts: np.ndarray | None = None,
) -> list[Bead]:
    """Align inside given regions (s0, s1, t0, t1); kept bead k is emitted after region k.

    The model (rarity, lexicon, priors) is learned from the whole text pair. `*_starts` flag
    segments that open a paragraph: beads that open a paragraph on both sides are likelier.
    """
    al = _Aligner(src, tgt, same, progress, src_starts, tgt_starts)
    regs = [_Region(*r) for r in regions]
    first = [al.solve(r, None) for r in regs]
    flat = [f for fs in first for f in fs]
    al.recalibrate(flat)
    al.learn_lexicon(flat + [_Found(a, b, 0.0, 1.0) for a, b in kept if a and b])
    second = [al.solve(r, _region_path(r, fs)) for r, fs in zip(regs, first, strict=True)]
    explain = al.explainer()
    out: list[Bead] = []
    for k, found in enumerate(second):
        for f in found:
            reasons = explain.reasons(f.src, f.tgt)
            out.append(Bead(f.src, f.tgt, round(f.score, 4), _clip(f.posterior), reasons))
        if k < len(kept):
            ks, kt = kept[k]
            out.append(Bead(ks, kt, 0.0, 1.0, ("kept: confirmed by a person",)))
    if progress:
        progress(al.total, al.total)
    return out


def _clip(p: float) -> float:
    """A probability rounded and kept inside [0, 1]."""
    return 0.0 if math.isnan(p) else round(min(max(p, 0.0), 1.0), 6)


def _region_path(reg: _Region, found: list[_Found]) -> tuple[np.ndarray, np.ndarray] | None:
    """The first-pass path of a region as per-row column ranges (local coordinates)."""
    n = reg.s1 - reg.s0
    if n == 0 or reg.t1 == reg.t0:
        return None
    ends, i, j = [], 0, 0
    for f in found:
        i += len(f.src)
        j += len(f.tgt)
        ends.append((i, j, 0))
    return _path_rows(ends, n)

"""align(): two passes of banded DP (anchors, then anchors + a learned lexicon) with posteriors."""

from __future__ import annotations

import copy
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from . import band as bandmod
from . import boundaries, dp, lengths, lexicon, splits
from .anchors import Features, extract
from .bead import Bead
from .blocks import Parts
from .blocks import Region as _Region
from .blocks import join as join_regions
from .confidence import Explainer
from .evidence import Channel, Pairs, build_channels
from .paths import (
    check_keep,
    end_agreement,
    path_cells,
    path_rows,
    place_one_sided,
    region_path,
    solo_odds,
    text_ids,
    touches,
    word_table,
)
from .scoring import ALL_TYPES, DEFAULT_PRIOR, TYPES, Params, Scorer, solo_bonus
from .similarity import text_similarity

FIRST_WIDTH = 40  # half-width of the first band around the length diagonal (widened on demand)
SECOND_WIDTH = 8  # half-width around the first path for the realignment
#: The band is widened while the best path runs along its edge, but never beyond this many
#: cells (about 220 bytes each across evidence, scores and sweeps: some 330 MB). The benchmark's
#: largest band is 0.76 million (Text+Berg x20, never widened), so a text of that size may
#: still double it once; two unrelated texts would otherwise widen it towards the whole
#: n x m matrix (bench/align_unrelated_bench.py, 10,000 paragraphs a side: 855 MB and 28 s).
MAX_BAND_CELLS = 1_500_000
MIN_POSTERIOR = 0.9  # beads trusted to teach the lexicon
PRIOR_STRENGTH = 20.0  # pseudo-counts of the default priors when re-estimating them

Progress = Callable[[int, int], None]


@dataclass
class _Model:
    """What a pass scores with: calibrated parameters and the learned word table."""

    params: Params
    lexicon: Pairs
    miss_s: np.ndarray  # per source word: log-probability cost of its translation missing
    miss_t: np.ndarray


@dataclass
class _Lattice:
    """A solved region's band with its forward and backward log-sums."""

    band: bandmod.Band
    fwd: np.ndarray
    bwd: np.ndarray


@dataclass
class _Found:
    """A bead found by the DP, with its score and posterior."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float
    posterior: float


class _Aligner:
    """State shared by the passes over all regions of one text pair."""

    def __init__(self, src, tgt, same_language: bool, progress: Progress | None, ss, ts):
        """Extract features and evidence once for the whole text pair."""
        self.src_starts = np.zeros(len(src), bool) if ss is None else np.asarray(ss, bool)
        self.tgt_starts = np.zeros(len(tgt), bool) if ts is None else np.asarray(ts, bool)
        self.src, self.tgt = list(src), list(tgt)
        self.src_ids, self.tgt_ids = text_ids(self.src), text_ids(self.tgt)
        self.same = same_language
        self.fs: Features = extract(self.src)
        self.ft: Features = extract(self.tgt)
        self.n, self.m = len(self.src), len(self.tgt)
        self.cut_s, self.cut_t = boundaries.classes(self.src), boundaries.classes(self.tgt)
        self.channels: list[Channel] = build_channels(self.fs, self.ft, same_language)
        self.word_channel = self.channels[-1]
        self.model = _Model(
            Params(
                length=lengths.estimate(self.fs.lengths, self.ft.lengths),
                cut_src=boundaries.llr_table(self.cut_s),
                cut_tgt=boundaries.llr_table(self.cut_t),
            ),
            Pairs.empty(),
            np.zeros(len(self.word_channel.src.vocab)),
            np.zeros(len(self.word_channel.tgt.vocab)),
        )
        # per channel: (the lexicon its pairs were merged with, the indexed pairs)
        self._indexed: dict[int, tuple[Pairs | None, _IndexedPairs]] = {}
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
            ss = _rows(ch.src.seg, reg.s0, reg.s1)
            ts = _rows(ch.tgt.seg, reg.t0, reg.t1)
            pairs = self._pairs(ch).taking_part(ch.src.tok[ss], ch.tgt.tok[ts])
            if ch is self.word_channel:
                # learned translations; a match also cancels the cost of its words missing
                miss_s, miss_t = self.model.miss_s, self.model.miss_t
                p = pairs
                keep = bandmod.within_budget(band, ch.src.tok[ss], ch.tgt.tok[ts], p.s, p.t, p.w, m)
                if not keep.all():
                    # words too common to match everywhere: neither matched nor missed
                    miss_s, miss_t = miss_s.copy(), miss_t.copy()
                    miss_s[p.s[~keep]] = 0.0
                    miss_t[p.t[~keep]] = 0.0
                    p = Pairs(p.s[keep], p.t[keep], p.w[keep])
                pairs = Pairs(p.s, p.t, p.w - miss_s[p.s] - miss_t[p.t])
                pen_s += np.bincount(
                    ch.src.seg[ss] - reg.s0, weights=miss_s[ch.src.tok[ss]], minlength=n
                )
                pen_t += np.bincount(
                    ch.tgt.seg[ts] - reg.t0, weights=miss_t[ch.tgt.tok[ts]], minlength=m
                )
            bandmod.pair_evidence(
                band,
                ch.src.seg[ss] - reg.s0,
                ch.src.tok[ss],
                ch.tgt.seg[ts] - reg.t0,
                ch.tgt.tok[ts],
                pairs.s,
                pairs.t,
                pairs.w,
                m,
                ev,
            )
            pen_s += ch.src_penalty[reg.s0 : reg.s1]
            pen_t += ch.tgt_penalty[reg.t0 : reg.t1]
        if self.same:
            similar = text_similarity(band, self.src[reg.s0 : reg.s1], self.tgt[reg.t0 : reg.t1])
            ev.weight[:-1] += similar
        return ev, pen_s, pen_t

    def _pairs(self, ch: Channel) -> _IndexedPairs:
        """A channel's matching pairs, indexed; the word channel's merged with the current
        model's learned lexicon (once per model, not once per region)."""
        lexicon = self.model.lexicon if ch is self.word_channel else None
        cached = self._indexed.get(id(ch))
        if cached is None or cached[0] is not lexicon:
            pairs = ch.pairs if lexicon is None else ch.pairs.merged(lexicon)
            cached = self._indexed[id(ch)] = (lexicon, _IndexedPairs(pairs))
        return cached[1]

    def _scorer(self, reg: _Region, band: bandmod.Band, cells=None, types=TYPES) -> Scorer:
        """A scorer for one region and band; `cells`: where larger beads may start and end."""
        joins = None
        if cells is not None:
            joins = np.zeros(band.size, dtype=bool)
            flat = band.flat(*cells)
            joins[flat[flat >= 0]] = True
        ev, pen_s, pen_t = self._evidence(reg, band)
        p = self.model.params
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
            types,
            src_cut=p.cut_src[self.cut_s[sl]],
            tgt_cut=p.cut_tgt[self.cut_t[tl]],
            joins=joins,
            walls=Parts.of(reg) if reg.cuts else None,
        )

    def solve(self, reg: _Region, path, cells=None) -> tuple[list[_Found], _Lattice | None]:
        """Align one region (or a block of regions that meet: `reg.cuts`): widen each region's
        band until the best path stays clear of its edges.

        With a previous path (second pass), also beads of EXTRA_TYPES joining its beads (`cells`).
        """
        n, m = reg.s1 - reg.s0, reg.t1 - reg.t0
        if n == 0 or m == 0:
            found = [_Found((reg.s0 + i,), (), 0.0, 1.0) for i in range(n)]
            return found + [_Found((), (reg.t0 + j,), 0.0, 1.0) for j in range(m)], None
        parts = Parts.of(reg)
        width = SECOND_WIDTH if path is not None else FIRST_WIDTH
        types = TYPES if cells is None else ALL_TYPES
        bands, widths, done = [], [], []
        for k, (s0, s1, t0, t1) in enumerate(parts.rows()):
            if path is not None:
                lo, hi = parts.local(path[0], path[1], k)
                bands.append(bandmod.path_band(lo, hi, width, t1 - t0))
            else:
                sl, tl = slice(reg.s0 + s0, reg.s0 + s1), slice(reg.t0 + t0, reg.t0 + t1)
                bands.append(bandmod.diagonal_band(self.fs.lengths[sl], self.ft.lengths[tl], width))
            widths.append(width)
            done.append(False)
        band = bands[0] if len(bands) == 1 else parts.stitch([(b.lo, b.hi) for b in bands], m)
        while True:
            scorer = self._scorer(reg, band, cells, types)
            sweep = dp.Remembered(scorer)
            _best, fwd, back = dp.viterbi_forward(band, types, sweep, self.tick)
            ends = dp.trace(band, types, back, m)
            lo, hi = path_rows(ends, n)
            grew = False
            for k, (s0, s1, t0, t1) in enumerate(parts.rows()):
                plo, phi = parts.local(lo, hi, k)
                if done[k] or not touches(bands[k], plo, phi, t1 - t0):
                    continue
                if widths[k] > max(s1 - s0, t1 - t0):
                    done[k] = True
                    continue
                widths[k] *= 2
                wider = bandmod.path_band(plo, phi, widths[k], t1 - t0)
                if wider.size > MAX_BAND_CELLS:
                    done[k] = True  # texts that do not translate each other: keep this path
                    continue
                bands[k], grew = wider, True
            if not grew:
                break
            band = bands[0] if len(bands) == 1 else parts.stitch([(b.lo, b.hi) for b in bands], m)
        bwd = dp.backward(band, types, sweep, self.tick)
        return self._found(reg, band, scorer, ends, fwd, bwd), _Lattice(band, fwd, bwd)

    def hedge(self, reg: _Region, found: list[_Found], lattice: _Lattice, model: _Model) -> None:
        """Average each bead's posterior with a second opinion that used no learned table.

        The final model learned its word table from its own first-pass output, so it can be
        surest exactly where it taught itself a mistake. The second opinion takes the rest of
        the text from the first pass (its lattice's forward and backward sums, under the
        starting calibration) and scores the bead itself with `model`: the recalibrated
        parameters (priors, the refitted and much tighter length model, cut classes) without
        the table. It is not a normalised posterior: a bead that fits the recalibrated model
        better than the starting one gains (clipped at 1), one that fits it worse loses, so it
        mostly says how well the bead's lengths fit once the text's own ratio is known.
        Averaging the two: a bead only one of them believes in ends up below every bead both
        believe in. (Measured on Text+Berg: a true first-pass posterior in its place ranks
        wrong beads worse, 22 against 26 in the lowest 10 %.)
        """
        n, m = reg.s1 - reg.s0, reg.t1 - reg.t0
        if n == 0 or m == 0 or not found:
            return
        ends, i, j = [], 0, 0
        for f in found:
            i += len(f.src)
            j += len(f.tgt)
            ends.append((i, j, ALL_TYPES.index((len(f.src), len(f.tgt)))))
        lo, hi = path_rows(ends, n)
        mine, self.model = self.model, model
        # cheap: cells near the path
        scorer = self._scorer(reg, bandmod.path_band(lo, hi, 1, m), types=ALL_TYPES)
        self.model = mine
        band, fwd, bwd = lattice.band, lattice.fwd, lattice.bwd
        e = np.array(ends, dtype=np.int64)
        other = np.zeros(len(e))
        for k, (a, b) in enumerate(ALL_TYPES):
            sel = np.flatnonzero(e[:, 2] == k)
            if len(sel) == 0:
                continue
            i, j = e[sel, 0], e[sel, 1]
            length, ev, pen = scorer.parts(i, j, a, b)
            cell, prev = band.flat(i, j), band.flat(i - a, j - b)
            ok = (cell >= 0) & (prev >= 0)  # outside the other band: ruled out there
            sc = scorer.logp[k] + length + ev + pen
            lp = fwd[prev[ok]] + sc[ok] + bwd[cell[ok]] - fwd[band.size - 1]
            other[sel[ok]] = np.exp(np.minimum(lp, 0.0))
        for f, q in zip(found, other.tolist(), strict=True):
            f.posterior = 0.5 * (f.posterior + q)

    def _found(self, reg, band, scorer: Scorer, ends, fwd, bwd) -> list[_Found]:
        """Beads of a traced path with their scores and posteriors (global indices)."""
        z = fwd[band.size - 1]
        out = []
        if not ends:
            return out
        e = np.array(ends, dtype=np.int64)
        score = np.zeros(len(e))
        post = np.zeros(len(e))
        for k, (a, b) in enumerate(scorer.types):
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
            a, b = scorer.types[k]
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
        params = copy.deepcopy(self.model.params)
        self.model = replace(self.model, params=params)
        params.prior = prior
        fs, ft = self.fs, self.ft
        params.caption_odds_src = solo_odds(found, fs.caption & ~fs.empty, 0)
        params.caption_odds_tgt = solo_odds(found, ft.caption & ~ft.empty, 1)
        params.cut_src = boundaries.llr_table(self.cut_s, boundaries.inside_cuts(found, self.n, 0))
        params.cut_tgt = boundaries.llr_table(self.cut_t, boundaries.inside_cuts(found, self.m, 1))
        ones = [f for f in found if len(f.src) == 1 == len(f.tgt) and f.posterior >= 0.5]
        if ones:
            ls = self.fs.lengths[[f.src[0] for f in ones]]
            lt = self.ft.lengths[[f.tgt[0] for f in ones]]
            params.length = lengths.refit(params.length, ls, lt, self.fs.lengths, self.ft.lengths)

    def learn_lexicon(self, found: list[_Found]) -> None:
        """Learn word translations from the confident beads of the first pass."""
        sure, seen = [], set()
        for f in found:
            if f.src and f.tgt and f.posterior >= MIN_POSTERIOR:
                # a repeated sentence pair (formulae, a text pasted twice) is one observation:
                # otherwise repetition alone would push chance co-occurrences past MIN_COUNT
                key = (tuple(self.src_ids[k] for k in f.src), tuple(self.tgt_ids[k] for k in f.tgt))
                if key not in seen:
                    seen.add(key)
                    sure.append((f.src, f.tgt))
        ch = self.word_channel
        table, miss_s, miss_t = lexicon.learn(sure, ch.src, ch.tgt, self.n, self.m)
        self.model = _Model(self.model.params, table, miss_s, miss_t)

    def explainer(self) -> Explainer:
        """Reason builder with the final tables."""
        ch = self.word_channel
        return Explainer(
            self.fs,
            self.ft,
            self.model.params.length.ratio,
            word_table(ch.pairs, ch.src.vocab, ch.tgt.vocab),
            word_table(self.model.lexicon, ch.src.vocab, ch.tgt.vocab),
        )


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    keep: Sequence[tuple[Sequence[int], Sequence[int]]] = (),
    progress: Progress | None = None,
) -> list[Bead]:
    """Align two lists of segments into ordered beads covering every segment exactly once.

    `keep`: beads to keep as they are (paths.check_keep); the spans between them are aligned.
    A kept bead with an empty side not placed (an empty tuple, not an empty range) stands
    where aligning without it puts its other side.
    """
    n, m = len(src), len(tgt)
    kept = check_keep(keep, n, m)
    if not all(k.placed for k in kept):
        free = align(
            src, tgt, src_lang=src_lang, tgt_lang=tgt_lang, keep=[k for k in kept if k.placed]
        )
        kept = place_one_sided(kept, free, n, m)
    regions, s, t = [], 0, 0
    for k in kept:
        regions.append((s, k.src_at, t, k.tgt_at))
        s, t = k.src_at + len(k[0]), k.tgt_at + len(k[1])
    regions.append((s, n, t, m))
    same = src_lang is not None and src_lang == tgt_lang
    return align_regions(src, tgt, regions, kept, same=same, progress=progress)


def align_regions(
    src: Sequence[str],
    tgt: Sequence[str],
    regions: Sequence[tuple[int, int, int, int]],
    kept: Sequence[tuple[tuple[int, ...], tuple[int, ...]] | None] = (),
    *,
    same: bool = False,
    progress: Progress | None = None,
    src_starts: np.ndarray | None = None,
    tgt_starts: np.ndarray | None = None,
) -> list[Bead]:
    """Align inside given regions (s0, s1, t0, t1); kept bead k (unless None) is emitted after
    region k.

    The model (rarity, lexicon, priors) is learned from the whole text pair. `*_starts` flag
    segments that open a paragraph: beads that open a paragraph on both sides are likelier.
    """
    al = _Aligner(src, tgt, same, progress, src_starts, tgt_starts)
    # regions that meet are solved as one block (blocks.py): the same beads, far fewer calls
    after = {k for k, bead in enumerate(kept) if bead is not None}
    blocks = join_regions([_Region(*r) for r in regions], after)
    regs = [block for block, _members in blocks]
    first = [al.solve(r, None) for r in regs]
    flat = [f for fs, _lat in first for f in fs]
    al.recalibrate(flat)
    unlearned = al.model  # recalibrated, no word table yet: the hedge's second opinion
    al.learn_lexicon(flat + [_Found(k[0], k[1], 0.0, 1.0) for k in kept if k and k[0] and k[1]])
    second = [
        al.solve(r, region_path(r, fs), path_cells(fs))[0]
        for r, (fs, _) in zip(regs, first, strict=True)
    ]
    for r, found, (found1, lattice) in zip(regs, second, first, strict=True):
        if lattice is not None:
            al.hedge(r, found, lattice, unlearned)
        for f, agree in zip(found, end_agreement(found, found1), strict=True):
            f.posterior *= agree
    # each region's beads on their own again: a one-sided bead's neighbours stay in its region
    per_region = [part for r, found in zip(regs, second, strict=True) for part in _split(r, found)]
    splits.recheck(splits.Links(al.channels, al.word_channel, al.model.lexicon), per_region)
    explain = al.explainer()
    out: list[Bead] = []
    for k, found in enumerate(per_region):
        for f in found:
            reasons = explain.reasons(f.src, f.tgt)
            out.append(Bead(f.src, f.tgt, round(f.score, 4), _clip(f.posterior), reasons))
        if k < len(kept) and kept[k] is not None:
            ks, kt = kept[k]
            out.append(Bead(tuple(ks), tuple(kt), 0.0, 1.0, ("kept: confirmed by a person",)))
    if progress:
        progress(al.total, al.total)
    return out


def _split(reg: _Region, found: list[_Found]) -> list[list[_Found]]:
    """A block's beads as each of its regions' (a single region's as they are)."""
    return Parts.of(reg).split(found) if reg.cuts else [found]


def _rows(seg: np.ndarray, lo: int, hi: int) -> slice:
    """The occurrences of segments lo..hi-1 (`seg` ascending): a slice, found by bisection,
    so that a region costs what it holds and not what the whole text holds (a boolean mask
    per region made a file of 20,000 linked paragraphs quadratic)."""
    a, b = np.searchsorted(seg, [lo, hi])
    return slice(int(a), int(b))


class _IndexedPairs:
    """Matching token pairs, sorted by either token once, so that a region finds the pairs
    its own tokens take part in without reading all of them."""

    def __init__(self, pairs: Pairs):
        self.pairs = pairs
        self.by_s = np.argsort(pairs.s, kind="stable")
        self.by_t = np.argsort(pairs.t, kind="stable")
        self.sorted_s = pairs.s[self.by_s]
        self.sorted_t = pairs.t[self.by_t]

    def taking_part(self, src_tok: np.ndarray, tgt_tok: np.ndarray) -> Pairs:
        """The pairs with their source token in `src_tok` or their target token in `tgt_tok`,
        in their original order: all that can match inside a region or change what its
        tokens cost when unmatched (the others weigh nothing there)."""
        hits = []
        for order, keys, toks in (
            (self.by_s, self.sorted_s, src_tok),
            (self.by_t, self.sorted_t, tgt_tok),
        ):
            u = np.unique(toks)
            a = np.searchsorted(keys, u, "left")
            b = np.searchsorted(keys, u, "right")
            cnt = b - a
            starts = np.repeat(a - (np.cumsum(cnt) - cnt), cnt)
            hits.append(order[starts + np.arange(int(cnt.sum()))])
        take = np.unique(np.concatenate(hits))
        p = self.pairs
        return Pairs(p.s[take], p.t[take], p.w[take])


def _clip(p: float) -> float:
    """A probability rounded and kept inside [0, 1]."""
    return 0.0 if math.isnan(p) else round(min(max(p, 0.0), 1.0), 6)

"""align_document(): paragraphs and sentences together, paragraph-first or sentence-first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .aligner import align, align_regions
from .bead import Bead
from .paths import Keep, check_keep, place_one_sided

Progress = Callable[[int, int], None]


@dataclass
class DocumentAlignment:
    """Paragraph beads (paragraph indices) and sentence beads (running sentence indices)."""

    paragraphs: list[Bead]
    sentences: list[Bead]
    method: str  # "paragraph-first" or "sentence-first"
    score: float = 0.0  # mean sentence-bead score per sentence, the scale both methods share


@dataclass
class _Layout:
    """Where each paragraph's sentences sit in the running sentence list."""

    sentences: list[str]
    first: list[int]  # first sentence index of each paragraph
    count: list[int]

    @staticmethod
    def of(paragraphs: Sequence[Sequence[str]]) -> _Layout:
        """Flatten paragraphs into one sentence list."""
        sents, first, count = [], [], []
        for p in paragraphs:
            first.append(len(sents))
            count.append(len(p))
            sents.extend(p)
        return _Layout(sents, first, count)

    def span(self, paras: Sequence[int]) -> tuple[int, int]:
        """Sentence range [a, b) of a contiguous run of paragraphs."""
        if not paras:
            return 0, 0
        return self.first[paras[0]], self.first[paras[-1]] + self.count[paras[-1]]

    def starts(self) -> np.ndarray:
        """Flags of sentences that open a paragraph."""
        out = np.zeros(len(self.sentences), dtype=bool)
        for f, c in zip(self.first, self.count, strict=True):
            if c:
                out[f] = True
        return out

    def at(self, paras: Sequence[int], place: int) -> tuple[int, int]:
        """Sentence range [a, b) of a kept link's side: its paragraphs', or the empty range
        where an empty side stands (before paragraph `place`)."""
        if paras:
            return self.span(paras)
        start = self.first[place] if place < len(self.first) else len(self.sentences)
        return start, start

    def boundaries(self) -> set[int]:
        """Sentence positions where a paragraph may begin (cuts between paragraphs)."""
        return set(self.first) | {len(self.sentences)}


def _mean_score(beads: list[Bead], n: int, m: int) -> float:
    """Sum of bead scores per segment: comparable across alignments of the same sentences."""
    return sum(b.score for b in beads) / max(n + m, 1)


def align_document(
    src_paragraphs: Sequence[Sequence[str]],
    tgt_paragraphs: Sequence[Sequence[str]],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    keep_paragraphs: Sequence[tuple[Sequence[int], Sequence[int]]] = (),
    keep_sentences: Sequence[tuple[Sequence[int], Sequence[int]]] = (),
    progress: Progress | None = None,
) -> DocumentAlignment:
    """Try paragraph-first and sentence-first; keep whichever scores better per sentence.

    `keep_paragraphs` / `keep_sentences` (sentence indices running through the text): links a
    person confirmed or edited, as `paths.check_keep` takes them. Every kept paragraph link
    comes back as it is; a kept sentence link does wherever it lies inside one paragraph link
    of the result (always inside a kept paragraph link).
    """
    ls, lt = _Layout.of(src_paragraphs), _Layout.of(tgt_paragraphs)
    np_, mp = len(src_paragraphs), len(tgt_paragraphs)
    kept = check_keep(keep_paragraphs, np_, mp)
    kept_sents = check_keep(keep_sentences, len(ls.sentences), len(lt.sentences))
    same = src_lang is not None and src_lang == tgt_lang
    first, second = _halves(progress)
    if not all(k.placed for k in kept_sents):
        free = _paragraph_first(src_paragraphs, tgt_paragraphs, ls, lt, kept, [], same, None)
        kept_sents = place_one_sided(
            kept_sents, free.sentences, len(ls.sentences), len(lt.sentences)
        )
    a = _paragraph_first(src_paragraphs, tgt_paragraphs, ls, lt, kept, kept_sents, same, first)
    kept = place_one_sided(kept, a.paragraphs, np_, mp)
    b = _sentence_first(np_, mp, ls, lt, kept, kept_sents, same, second)
    return a if a.score > b.score else b


def _halves(progress: Progress | None) -> tuple[Progress | None, Progress | None]:
    """Progress callbacks for the two methods, reported as the two halves of one count that
    never goes back: each method counts its own work from 0 to its total, so reporting them
    as they come would run the bar to the end and then back to the start."""
    if progress is None:
        return None, None
    state = {"scale": 0, "reported": -1}

    def half(k: int) -> Progress:
        def report(done: int, total: int) -> None:
            if total <= 0:
                return
            scale = state["scale"] = state["scale"] or total  # the first total: both count alike
            overall = k * scale + round(scale * min(max(done, 0), total) / total)
            if overall > state["reported"]:
                state["reported"] = overall
                progress(overall, 2 * scale)

        return report

    return half(0), half(1)


def _regions_around(kept: Keep, ls: _Layout, lt: _Layout):
    """Sentence regions between and inside kept paragraph beads."""
    regions, inside, s, t = [], [], 0, 0
    for k in kept:
        a0, a1 = ls.at(k[0], k.src_at)
        b0, b1 = lt.at(k[1], k.tgt_at)
        regions.append((s, a0, t, b0))
        inside.append((a0, a1, b0, b1))
        s, t = a1, b1
    return regions, inside, (s, len(ls.sentences), t, len(lt.sentences))


def _with_kept(regions, kept: Keep) -> tuple[list[tuple[int, int, int, int]], list]:
    """Regions cut at the kept beads that lie inside them, and per region the kept bead that
    follows it (None for none). A kept bead across two regions is not kept."""
    out, after, k = [], [], 0
    for s0, s1, t0, t1 in regions:
        s, t = s0, t0
        while k < len(kept):
            bead = kept[k]
            end_s, end_t = bead.src_at + len(bead[0]), bead.tgt_at + len(bead[1])
            if end_s > s1 or end_t > t1:
                break  # it ends in a later region
            if bead.src_at >= s and bead.tgt_at >= t:
                out.append((s, bead.src_at, t, bead.tgt_at))
                after.append(bead)
                s, t = end_s, end_t
            k += 1
        out.append((s, s1, t, t1))
        after.append(None)
    return out, after[:-1]


def _sentence_first(
    np_, mp, ls: _Layout, lt: _Layout, kept: Keep, kept_sents: Keep, same, progress
) -> DocumentAlignment:
    """Align all sentences, then derive the smallest paragraph groups consistent with both sides."""
    regions, inside, last = _regions_around(kept, ls, lt)
    all_regions = [r for pair in zip(regions, inside, strict=True) for r in pair] + [last]
    all_regions, after = _with_kept(all_regions, kept_sents)
    sents = align_regions(
        ls.sentences,
        lt.sentences,
        all_regions,
        after,
        same=same,
        progress=progress,
        src_starts=ls.starts(),
        tgt_starts=lt.starts(),
    )
    paras = _derive_paragraphs(sents, ls, lt, np_, mp, kept)
    return DocumentAlignment(
        paras, sents, "sentence-first", _mean_score(sents, len(ls.sentences), len(lt.sentences))
    )


def _paragraph_first(
    sp, tp, ls: _Layout, lt: _Layout, kept: Keep, kept_sents: Keep, same, progress
) -> DocumentAlignment:
    """Align paragraphs as whole texts, then sentences inside each paragraph bead."""
    para_beads = align(
        [" ".join(p) for p in sp],
        [" ".join(p) for p in tp],
        src_lang="x" if same else None,
        tgt_lang="x" if same else None,
        keep=kept,
    )
    regions = []
    for b in para_beads:
        s0, s1 = ls.span(b.src) if b.src else _empty_at(ls, b, para_beads, 0)
        t0, t1 = lt.span(b.tgt) if b.tgt else _empty_at(lt, b, para_beads, 1)
        regions.append((s0, s1, t0, t1))
    regions, after = _with_kept(_merge_empty(regions), kept_sents)
    sents = align_regions(ls.sentences, lt.sentences, regions, after, same=same, progress=progress)
    return DocumentAlignment(
        para_beads,
        sents,
        "paragraph-first",
        _mean_score(sents, len(ls.sentences), len(lt.sentences)),
    )


def _empty_at(layout: _Layout, bead: Bead, beads: list[Bead], side: int) -> tuple[int, int]:
    """Empty sentence range at the place of a paragraph bead with nothing on one side."""
    pos = 0
    for b in beads:
        if b is bead:
            break
        idx = b.src if side == 0 else b.tgt
        if idx:
            pos = layout.first[idx[-1]] + layout.count[idx[-1]]
    return pos, pos


def _merge_empty(regions: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Drop regions with no sentences at all (paragraphs without sentences)."""
    return [r for r in regions if r[1] > r[0] or r[3] > r[2]] or [(0, 0, 0, 0)]


def _derive_paragraphs(sents: list[Bead], ls: _Layout, lt: _Layout, np_, mp, kept) -> list[Bead]:
    """Group sentence beads at cuts that are paragraph boundaries on both sides."""
    s_cut, t_cut = ls.boundaries(), lt.boundaries()
    # a kept link is one group: never cut inside it, also not where one side has passed its
    # end and the other not its start (its sentences may all stand alone: 1-0, then 0-1)
    held: dict[tuple[int, int], tuple[int, int]] = {}
    for k in kept:
        a0, a1 = ls.at(k[0], k.src_at)
        b0, b1 = lt.at(k[1], k.tgt_at)
        s_cut -= set(range(a0 + 1, a1))
        t_cut -= set(range(b0 + 1, b1))
        held[a0, b0] = (a1, b1)
    hold = (0, 0)  # no cut before both sides reach this
    kept_src = {k[0][0]: k for k in kept if k[0]}
    groups: list[list[Bead]] = [[]]
    # per group, the sentence beads its confidence depends on (see _group_confidence)
    edges: list[list[float]] = [[]]
    i = j = 0
    for b in sents:
        free = i >= hold[0] and j >= hold[1]
        if groups[-1] and free and i in s_cut and j in t_cut:
            groups.append([])
            edges.append([])
        if (i, j) in held:
            hold = held[i, j]
        groups[-1].append(b)
        i1, j1 = i + len(b.src), j + len(b.tgt)
        if _touches(s_cut, i, i1) or _touches(t_cut, j, j1):
            edges[-1].append(b.confidence)
        i, j = i1, j1
    par_s = _para_of(ls)
    par_t = _para_of(lt)
    out: list[Bead] = []
    next_s = next_t = 0
    for g, near_cuts in zip(groups, edges, strict=True):
        ss = [s for b in g for s in b.src]
        ts = [t for b in g for t in b.tgt]
        ps = sorted({par_s[s] for s in ss})
        pt = sorted({par_t[t] for t in ts})
        # paragraphs without sentences before this group stand alone
        out += _alone(next_s, ps[0] if ps else next_s, next_t, pt[0] if pt else next_t)
        if ps and pt:
            src = tuple(range(ps[0], ps[-1] + 1))
            tgt = tuple(range(pt[0], pt[-1] + 1))
            # a paragraph link is as sure as the sentence links that decide where it begins and
            # ends: its first and last, and, when both sides hold several paragraphs (where it
            # might have been cut in two), those at a paragraph boundary inside it. A doubtful
            # sentence link in the middle of a chapter does not move the paragraphs it joins.
            inner = near_cuts if len(ps) > 1 and len(pt) > 1 else []
            conf = min([g[0].confidence, g[-1].confidence, *inner])
            score = sum(b.score for b in g)
            reason = (
                ("kept: confirmed by a person",)
                if kept_src.get(src[0]) == (src, tgt)
                else (f"derived from {len(g)} sentence links",)
            )
            out.append(Bead(src, tgt, round(score, 4), conf, reason))
        else:
            out += [Bead((p,), (), 0.0, min(b.confidence for b in g), ("source only",)) for p in ps]
            out += [Bead((), (p,), 0.0, min(b.confidence for b in g), ("target only",)) for p in pt]
        next_s = ps[-1] + 1 if ps else next_s
        next_t = pt[-1] + 1 if pt else next_t
    out += _alone(next_s, np_, next_t, mp)
    return out


def _touches(cuts: set[int], start: int, end: int) -> bool:
    """Whether a bead over sentences start..end-1 begins, ends or lies across a paragraph
    boundary (cut k: a paragraph starts at sentence k; 0 and the end are not cuts)."""
    return any(k in cuts for k in range(start, end + 1))


def _alone(s0: int, s1: int, t0: int, t1: int) -> list[Bead]:
    """1-0 / 0-1 beads for paragraphs that hold no sentences."""
    return [Bead((p,), (), 0.0, 1.0, ("empty paragraph",)) for p in range(s0, s1)] + [
        Bead((), (p,), 0.0, 1.0, ("empty paragraph",)) for p in range(t0, t1)
    ]


def _para_of(layout: _Layout) -> list[int]:
    """Paragraph index of every sentence."""
    out = []
    for p, c in enumerate(layout.count):
        out += [p] * c
    return out

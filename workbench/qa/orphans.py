"""Source sentences that the document's own sentence alignment leaves without a counterpart.

A dropped sentence is often short ("Amen.", "Here am I.") or sits in a pair whose length is
still within the document's norm, so neither the length model nor word coverage sees it. The
sentence aligner does: it aligns all the document's sentences at once (lengths, anchors, and a
word table it learns from this very document), and a source sentence whose translation is
missing ends up in a 1-0 bead. A translator who joins two sentences gives a 2-1 bead instead,
so the habit does not look like an omission.

The sentences are aligned as one sequence, with each pair's first sentences marked as
paragraph openings (beads that open a pair on both sides are likelier). One region, not one
per pair: per-region overhead would dominate on documents of thousands of short pairs. A bead
may therefore cross a pair boundary; an orphan is reported in the pair its sentence belongs to.

A reviewer needs to see where the target lacks the sentence as well as which sentence it is,
so each orphan carries its *gap*: the place in the pair's target where its translation would
stand, right after the target sentences the alignment puts before it. When the length of a
pair says a sentence is missing but the document's alignment found no orphan (it joined two
sentences instead), `dropped_sentences` finds the likeliest one within the pair.

Square-bracketed text is editorial (see workbench/qa/omission.py): a sentence that is only
editorial may be left out, so it is never an orphan.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workbench.align.aligner import align_regions
from workbench.qa.context import Context
from workbench.qa.coverage import Coverage
from workbench.qa.model import Span
from workbench.segment import sentence_spans

#: Square-bracketed, editorial text (supplied words, variant readings).
EDITORIAL = re.compile(r"\[[^\]\n]*\]")
_WORDY = re.compile(r"\w")
#: Pair-local search (`dropped_sentences`): what a source word found in the target but not in
#: the target sentence its own sentence is paired with costs (in squared z of length), and
#: the most one sentence pair's length mismatch may cost.
MISPLACED_WORD = 1.0
LENGTH_COST_CAP = 16.0


@dataclass(frozen=True)
class Orphan:
    """A source sentence with no counterpart, and where the target lacks it."""

    span: Span  # the sentence, in the pair's source
    gap: int  # offset in the pair's target where its translation would stand


def orphan_sentences(ctx: Context) -> dict[int, list[Span]]:
    """Per pair index, the spans (in `pair.source`) of source sentences with no counterpart."""
    return {k: [o.span for o in found] for k, found in orphans_by_pair(ctx).items()}


def orphans_by_pair(ctx: Context) -> dict[int, list[Orphan]]:
    """Per pair index, its source sentences with no counterpart and where each belongs."""
    return ctx.cached("orphans", _orphans)


@dataclass
class _Sentences:
    """One side of the document's sentences, in order, with the pair and span of each."""

    texts: list[str]
    starts: list[bool]
    owner: list[tuple[int, Span]]
    ranges: dict[int, tuple[int, int]]  # pair index -> its sentences [first, last]


def _collect(ctx: Context) -> tuple[_Sentences, _Sentences]:
    src, tgt = _Sentences([], [], [], {}), _Sentences([], [], [], {})
    for p in ctx.pairs:
        if not (p.source.strip() and p.target.strip()):
            continue
        spans = sentence_spans(p.source, ctx.src_lang)
        targets = sentence_spans(p.target, ctx.tgt_lang)
        if not spans or not targets:
            continue
        for side, text, found in ((src, p.source, spans), (tgt, p.target, targets)):
            side.ranges[p.index] = (len(side.texts), len(side.texts) + len(found) - 1)
            side.texts += [text[a:b] for a, b in found]
            side.starts += [k == 0 for k in range(len(found))]
            side.owner += [(p.index, span) for span in found]
    return src, tgt


def _orphans(ctx: Context) -> dict[int, list[Orphan]]:
    src, tgt = _collect(ctx)
    if not src.texts:
        return {}
    beads = align_regions(
        src.texts,
        tgt.texts,
        [(0, len(src.texts), 0, len(tgt.texts))],
        same=ctx.src_lang is not None and ctx.src_lang == ctx.tgt_lang,
        src_starts=np.array(src.starts),
        tgt_starts=np.array(tgt.starts),
    )
    out: dict[int, list[Orphan]] = {}
    last = -1  # the last target sentence the alignment has placed so far
    for bead in beads:
        if bead.tgt:
            last = bead.tgt[-1]
            continue
        for k in bead.src:
            if _WORDY.search(EDITORIAL.sub("", src.texts[k])):
                index, span = src.owner[k]
                out.setdefault(index, []).append(Orphan(span, _gap(tgt, index, last)))
    return out


def _gap(tgt: _Sentences, index: int, last: int) -> int:
    """Where in pair `index`'s target a sentence belongs that the alignment puts after target
    sentence `last` (of the whole document): after it when it is the pair's, else at the
    pair's start (the sentences before it are another pair's) or end (ahead of the pair)."""
    first, final = tgt.ranges[index]
    if last < first:
        return tgt.owner[first][1][0]
    return tgt.owner[min(last, final)][1][1]


def dropped_sentences(
    source: str, target: str, ctx: Context, cov: Coverage | None = None
) -> list[Orphan]:
    """The source sentences a target with fewer sentences most likely lacks, and their gaps.

    The pair's sentences are aligned one to one in order, leaving out as many source
    sentences as the target has fewer: the alignment whose paired sentences have the
    lengths the document expects and keep their words together (a source word whose
    counterpart `cov` found lies in the target sentence its own sentence is paired with)
    wins. Offsets are `source`'s and `target`'s; `cov` is `source`'s coverage by `target`.
    """
    src = sentence_spans(source, ctx.src_lang)
    tgt = sentence_spans(target, ctx.tgt_lang)
    if not tgt or len(src) <= len(tgt):
        return []
    words = _words_by_sentence(src, tgt, cov)
    pairing = _align_with_drops(source, target, src, tgt, words, ctx)
    return [
        Orphan(src[i], tgt[j - 1][1] if j else tgt[0][0])
        for i, j in pairing
        if _WORDY.search(EDITORIAL.sub("", source[slice(*src[i])]))
    ]


def _words_by_sentence(
    src: Sequence[Span], tgt: Sequence[Span], cov: Coverage | None
) -> list[list[int | None]]:
    """Per source sentence, for each of its covered words, the target sentence holding the
    word's counterpart (None: the counterpart lies between sentences)."""
    out: list[list[int | None]] = [[] for _ in src]
    if cov is None:
        return out
    src_starts = [a for a, _ in src]
    tgt_starts = [a for a, _ in tgt]
    for tok, match in zip(cov.tokens, cov.matched, strict=True):
        if match is None:
            continue
        i = bisect_right(src_starts, tok.span[0]) - 1
        j = bisect_right(tgt_starts, match[0]) - 1
        if i >= 0:
            inside = j >= 0 and match[0] < tgt[j][1]
            out[i].append(j if inside else None)
    return out


def _align_with_drops(
    source: str,
    target: str,
    src: Sequence[Span],
    tgt: Sequence[Span],
    words: list[list[int | None]],
    ctx: Context,
) -> list[tuple[int, int]]:
    """(source sentence, target sentences before it) of each source sentence left out by the
    cheapest in-order 1-1 alignment of all target sentences (see `dropped_sentences`)."""
    n, m = len(src), len(tgt)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    dropped = [[False] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(1, n + 1):
        drop = MISPLACED_WORD * len(words[i - 1])
        for j in range(0, min(i, m) + 1):
            if i - j > n - m:
                continue
            best, was_dropped = cost[i - 1][j] + drop, True
            if j:
                z = ctx.length.z(source[slice(*src[i - 1])], target[slice(*tgt[j - 1])]) or 0.0
                apart = sum(w != j - 1 for w in words[i - 1])
                pair = cost[i - 1][j - 1] + min(z * z, LENGTH_COST_CAP) + MISPLACED_WORD * apart
                if pair <= best:
                    best, was_dropped = pair, False
            cost[i][j], dropped[i][j] = best, was_dropped
    out = []
    i, j = n, m
    while i:
        if dropped[i][j]:
            out.append((i - 1, j))
        else:
            j -= 1
        i -= 1
    return out[::-1]

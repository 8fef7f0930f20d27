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

Square-bracketed text is editorial (see workbench/qa/omission.py): a sentence that is only
editorial may be left out, so it is never an orphan.
"""

from __future__ import annotations

import re

import numpy as np

from workbench.align.aligner import align_regions
from workbench.qa.context import Context
from workbench.qa.model import Span
from workbench.segment import sentence_spans

#: Square-bracketed, editorial text (supplied words, variant readings).
EDITORIAL = re.compile(r"\[[^\]\n]*\]")
_WORDY = re.compile(r"\w")


def orphan_sentences(ctx: Context) -> dict[int, list[Span]]:
    """Per pair index, the spans (in `pair.source`) of source sentences with no counterpart."""
    return ctx.cached("orphan-sentences", _orphans)


def _orphans(ctx: Context) -> dict[int, list[Span]]:
    src: list[str] = []
    tgt: list[str] = []
    src_starts: list[bool] = []
    tgt_starts: list[bool] = []
    owner: list[tuple[int, Span]] = []  # per source sentence: its pair and span
    for p in ctx.pairs:
        if not (p.source.strip() and p.target.strip()):
            continue
        spans = sentence_spans(p.source, ctx.src_lang)
        targets = sentence_spans(p.target, ctx.tgt_lang)
        if not spans or not targets:
            continue
        src += [p.source[a:b] for a, b in spans]
        tgt += [p.target[a:b] for a, b in targets]
        src_starts += [k == 0 for k in range(len(spans))]
        tgt_starts += [k == 0 for k in range(len(targets))]
        owner += [(p.index, span) for span in spans]
    if not src:
        return {}
    beads = align_regions(
        src,
        tgt,
        [(0, len(src), 0, len(tgt))],
        same=ctx.src_lang is not None and ctx.src_lang == ctx.tgt_lang,
        src_starts=np.array(src_starts),
        tgt_starts=np.array(tgt_starts),
    )
    out: dict[int, list[Span]] = {}
    for bead in beads:
        if bead.tgt:
            continue
        for k in bead.src:
            if _WORDY.search(EDITORIAL.sub("", src[k])):
                index, span = owner[k]
                out.setdefault(index, []).append(span)
    return out

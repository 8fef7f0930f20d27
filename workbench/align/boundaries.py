"""Segment boundaries: how likely a cut between two segments is a real sentence boundary.

Sentence splitters and OCR leave fragments ("( 2 fr ." + "70 ) par jour ..."), and a
translator may join or split sentences at a colon or semicolon. Each cut between two
neighbouring segments of one side gets a class from its surface; how often a cut of each class
falls *inside* a bead is estimated from the text pair itself (the first pass), and a bead
spanning a cut is charged or credited the log-likelihood ratio of its class.
"""

from __future__ import annotations

import math
import re

import numpy as np

HARD, SOFT, ABBREV, OPEN, FRAGMENT = range(5)
CLASSES = ("hard", "soft", "abbreviation", "open", "fragment")
# Prior on each class's likelihood ratio (cut inside a bead vs between beads): Gamma with this
# shape and mean 1, i.e. worth this many joins of evidence before a ratio moves far from 1.
PRIOR_JOINS = 2.0
MAX_LLR = math.log(50.0)

_FINAL = ".?!…"
_CLOSING = ")]»”’›,;:.%"
_LAST_WORD = re.compile(r"(?:^|[\s(.])([^\W\d_]{1,4})\s?\.$")
# a word not followed by a full stop (possessive: "Nov ." must not yield a bare "No")
_BARE_WORD = re.compile(r"[^\W\d_]++(?!\s?\.)")


def _depth(text: str) -> tuple[int, int]:
    """Unclosed '(' at the end, and ')' without an opening '(' (from the start)."""
    depth = unmatched = 0
    for c in text:
        if c in "([":
            depth += 1
        elif c in ")]":
            if depth:
                depth -= 1
            else:
                unmatched += 1
    return depth, unmatched


def _bare_words(segments: list[str]) -> set[str]:
    """Words that occur somewhere not followed by a full stop (so they are not abbreviations)."""
    # NUL joins the segments: neither a space nor a full stop, so no word sees past its segment
    return set(_BARE_WORD.findall("\0".join(segments)))


def classify(prev: str, nxt: str, bare: set[str] | frozenset[str] = frozenset()) -> int:
    """Class of the cut between segment `prev` and the following segment `nxt`.

    bare: words of this text seen without a following full stop; a short word before the final
    full stop that is never seen bare is an abbreviation ("capt .", "Nov .", "Ch .").
    """
    p, q = prev.rstrip(), nxt.lstrip()
    if not p or not q:
        return HARD
    first = q[0]
    opened = ("(" in p or "[" in p) and _depth(p)[0] > 0
    stray = (")" in q or "]" in q) and _depth(q)[1] > 0
    if first.islower() or first in _CLOSING or opened or stray:
        return FRAGMENT
    last = p[-1]
    if last in ":;":
        return SOFT
    m = _LAST_WORD.search(p) if last == "." else None
    if m and (len(m.group(1)) == 1 or m.group(1) not in bare):
        return ABBREV
    if last in _FINAL or last in "\"'»”’":
        return HARD
    return OPEN


def classes(segments: list[str]) -> np.ndarray:
    """Per segment k, the class of the cut before it (k = 0: HARD, the start of the text)."""
    out = np.full(len(segments), HARD, dtype=np.int64)
    bare = _bare_words(segments)
    for k in range(1, len(segments)):
        out[k] = classify(segments[k - 1], segments[k], bare)
    return out


def llr_table(cls: np.ndarray, inside: np.ndarray | None = None) -> np.ndarray:
    """Per class, log P(class | cut inside a bead) / P(class | cut between beads).

    cls: per segment, the class of its leading cut; inside: per segment, whether a pass put its
    leading cut inside a bead (None: no evidence, all ratios 1). The joins of a class are
    Poisson with mean ratio * (its cuts between beads) * (joins per cut between beads); with a
    Gamma(PRIOR_JOINS, PRIOR_JOINS) prior the posterior mean ratio is
    (PRIOR_JOINS + joins) / (PRIOR_JOINS + expected joins). A text with few joins (verses, table
    rows) thus keeps ratios near 1 instead of trusting a handful of first-pass joins.
    """
    if inside is None or len(cls) < 2:
        return np.zeros(len(CLASSES))
    c = cls[1:]
    n = np.bincount(c, minlength=len(CLASSES)).astype(float)
    k = np.bincount(c, weights=inside[1:].astype(float), minlength=len(CLASSES))
    per_cut = k.sum() / max(n.sum() - k.sum(), 1.0)
    ratio = (PRIOR_JOINS + k) / (PRIOR_JOINS + (n - k) * per_cut)
    return np.clip(np.log(ratio), -MAX_LLR, MAX_LLR)


def inside_cuts(found, size: int, side: int) -> np.ndarray:
    """Per segment k of one side: whether k-1 and k lie in the same bead of a pass."""
    out = np.zeros(size, dtype=bool)
    for f in found:
        segs = f.src if side == 0 else f.tgt
        if len(segs) > 1:
            out[list(segs[1:])] = True
    return out


def describe(table: np.ndarray) -> str:
    """Likelihood ratio per class, for debugging."""
    return ", ".join(f"{n} {math.exp(v):.2f}" for n, v in zip(CLASSES, table, strict=True))

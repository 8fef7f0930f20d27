"""A word-translation table learned from the confident beads of this text pair (for realigning)."""

from __future__ import annotations

import numpy as np

from .evidence import Pairs, Side

MIN_COUNT = 3  # a pair must co-occur in at least this many confident beads
MIN_DICE = 0.6  # high precision: a wrong entry reinforces the first pass's errors
TOP_K = 3  # translations kept per source word


def _bead_of(segments: list[tuple[int, ...]], size: int) -> np.ndarray:
    """Map each segment to the index of the bead holding it (-1 for none)."""
    out = np.full(size, -1, dtype=np.int64)
    for b, segs in enumerate(segments):
        out[list(segs)] = b
    return out


def learn(
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]],
    src: Side,
    tgt: Side,
    n: int,
    m: int,
) -> tuple[Pairs, np.ndarray, np.ndarray]:
    """Associate words that keep landing in the same confident beads (Dice, then P(y|x) / P(y)).

    Returns the table and, per source / target word, the log-probability cost of its
    translation missing from a bead.
    """
    nothing = Pairs.empty(), np.zeros(len(src.vocab)), np.zeros(len(tgt.vocab))
    if len(beads) < 5:
        return nothing
    sb = _bead_of([b[0] for b in beads], n)[src.seg]
    tb = _bead_of([b[1] for b in beads], m)[tgt.seg]
    s_ok, t_ok = sb >= 0, tb >= 0
    s_b, s_w = sb[s_ok], src.tok[s_ok]
    t_b, t_w = tb[t_ok], tgt.tok[t_ok]
    # unique (bead, word) per side: a word repeated in a 2-1 bead counts once
    s_key = np.unique(s_b * len(src.vocab) + s_w)
    t_key = np.unique(t_b * len(tgt.vocab) + t_w)
    s_b, s_w = s_key // len(src.vocab), s_key % len(src.vocab)
    t_b, t_w = t_key // len(tgt.vocab), t_key % len(tgt.vocab)
    # join the two sides on the bead
    a = np.searchsorted(t_b, s_b, "left")
    b = np.searchsorted(t_b, s_b, "right")
    cnt = b - a
    rep = np.repeat(np.arange(len(s_b)), cnt)
    if len(rep) == 0:
        return nothing
    pos = a[rep] + (np.arange(len(rep)) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    vt = len(tgt.vocab)
    key, c = np.unique(s_w[rep] * vt + t_w[pos], return_counts=True)
    x, y = key // vt, key % vt
    fx = np.bincount(s_w, minlength=len(src.vocab))[x]
    fy = np.bincount(t_w, minlength=vt)[y]
    dice = 2.0 * c / (fx + fy)
    ok = (c >= MIN_COUNT) & (dice >= MIN_DICE)
    x, y, c, fx, dice = x[ok], y[ok], c[ok], fx[ok], dice[ok]
    # keep the TOP_K best translations of each source word
    order = np.lexsort((-dice, x))
    x, y, c, fx, dice = x[order], y[order], c[order], fx[order], dice[order]
    first = np.searchsorted(x, x, "left")
    keep = (np.arange(len(x)) - first) < TOP_K
    x, y, c, fx = x[keep], y[keep], c[keep], fx[keep]
    fy = np.bincount(t_w, minlength=vt)[y]
    p_y_given_x = c / (fx + 1.0)
    q_y = np.clip(tgt.df[y] / max(m, 1), 1e-6, 1.0)
    w = np.log(p_y_given_x / q_y)
    ok = w > 0.5
    x, y, w, p_xy, p_yx = x[ok], y[ok], w[ok], p_y_given_x[ok], (c / (fy + 1.0))[ok]
    # a word whose translation is usually there is evidence against a bead where it is missing
    miss_s = np.zeros(len(src.vocab))
    miss_t = np.zeros(vt)
    np.minimum.at(miss_s, x, np.log1p(-np.minimum(p_xy, 0.9)))
    np.minimum.at(miss_t, y, np.log1p(-np.minimum(p_yx, 0.9)))
    return Pairs(x, y, w), miss_s, miss_t

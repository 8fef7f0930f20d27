"""A second look at the final path: words of a one-sided bead that translate a neighbour.

A 1-0 / 0-1 bead says its segment has no counterpart. If its words find translations (anchors
or the learned table) in the other side of a neighbouring bead, and not just as often as they
do two beads away (chance: the same topic runs through a passage), the segment more likely
belongs to that neighbour. The DP weighed that join against length and type priors over the
whole band and may still be sure of the split; this check looks at the words alone.
"""

from __future__ import annotations

import math

import numpy as np

from .evidence import Pairs, Side


class Links:
    """Which tokens of one text pair may translate each other (anchors + learned table)."""

    def __init__(self, channels, word_channel, lexicon: Pairs):
        """Per channel: token occurrences by segment and the positive-weight pairs both ways."""
        self.sides: list[tuple[Side, Side, dict, dict]] = []
        for ch in channels:
            p = ch.pairs.merged(lexicon) if ch is word_channel else ch.pairs
            keep = p.w > 0
            fwd: dict[int, dict[int, float]] = {}
            back: dict[int, dict[int, float]] = {}
            for s, t, w in zip(
                p.s[keep].tolist(), p.t[keep].tolist(), p.w[keep].tolist(), strict=True
            ):
                fwd.setdefault(s, {})[t] = w
                back.setdefault(t, {})[s] = w
            self.sides.append((ch.src, ch.tgt, fwd, back))

    @staticmethod
    def tokens(side: Side, segs: tuple[int, ...]) -> list[int]:
        """Token ids of a run of segments of one side (occurrences are sorted by segment)."""
        if not segs:
            return []
        a = np.searchsorted(side.seg, segs[0], "left")
        b = np.searchsorted(side.seg, segs[-1], "right")
        return side.tok[a:b].tolist()

    def weight(self, segs: tuple[int, ...], other: tuple[int, ...], side: int) -> float:
        """Summed best link weight (nats) of the tokens of `segs` (on `side`) into `other`."""
        total = 0.0
        for src, tgt, fwd, back in self.sides:
            mine, theirs, table = (src, tgt, fwd) if side == 0 else (tgt, src, back)
            there = set(self.tokens(theirs, other))
            if not there:
                continue
            for x in self.tokens(mine, segs):
                row = table.get(x)
                if row:
                    total += max((w for y, w in row.items() if y in there), default=0.0)
        return total


def _other_side(found, k: int, side: int) -> tuple[int, ...]:
    """Segments of the other side of bead k (nothing outside the list)."""
    if k < 0 or k >= len(found):
        return ()
    return found[k].tgt if side == 0 else found[k].src


def solo_factors(links: Links, found) -> list[float]:
    """Per bead, the factor on its confidence: exp(-excess link weight) for 1-0 / 0-1 beads.

    Excess: the weight of links into the neighbours (k-1, k+1) minus the weight into the beads
    two away (k-2, k+2), the chance level of this passage. exp(-W) is the likelihood ratio of
    'the words met their translations by chance' against 'they belong there', each match
    being worth its log(P(match | translation) / P(match | chance)) as in the DP.
    """
    out = []
    for k, f in enumerate(found):
        if f.src and f.tgt:
            out.append(1.0)
            continue
        side, segs = (0, f.src) if f.src else (1, f.tgt)
        near = sum(links.weight(segs, _other_side(found, k + d, side), side) for d in (-1, 1))
        far = sum(links.weight(segs, _other_side(found, k + d, side), side) for d in (-2, 2))
        out.append(math.exp(-max(near - far, 0.0)))
    return out


def recheck(links: Links, regions) -> None:
    """Scale the posterior of every one-sided bead of each region's path by solo_factors."""
    for found in regions:
        for f, factor in zip(found, solo_factors(links, found), strict=True):
            f.posterior *= factor

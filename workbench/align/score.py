"""Strict and lax precision/recall/F1 of beads (Sennrich & Volk 2011, as in vecalign's score.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

BeadPair = tuple[Sequence[int], Sequence[int]]


def _counts(gold: Iterable[BeadPair], test: Iterable[BeadPair]) -> tuple[int, int, int, int]:
    """True/false positives, strict and lax, of `test` measured against `gold`."""
    test_set = {(tuple(s), tuple(t)) for s, t in test if len(s) or len(t)}
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if len(s) or len(t)}
    links: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            links[s].update(gt)
    tp_s = fp_s = tp_l = fp_l = 0
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        linked = set().union(*(links[s] for s in ts)) if ts else set()
        if linked & set(tt):
            tp_l += 1
        else:
            fp_l += 1
    return tp_s, fp_s, tp_l, fp_l


def _ratio(a: int, b: int) -> float:
    """a / (a + b), 0 when empty."""
    return a / (a + b) if a + b else 0.0


def _f1(p: float, r: float) -> float:
    """Harmonic mean, 0 when both are 0."""
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Sequence[BeadPair], test: Sequence[BeadPair]) -> dict[str, float]:
    """Precision counts every test bead; recall ignores beads with an empty side on both lists."""
    p = _counts(gold, test)
    gold_full = [(s, t) for s, t in gold if len(s) and len(t)]
    test_full = [(s, t) for s, t in test if len(s) and len(t)]
    r = _counts(test_full, gold_full)
    ps, pl = _ratio(p[0], p[1]), _ratio(p[2], p[3])
    rs, rl = _ratio(r[0], r[1]), _ratio(r[2], r[3])
    return {
        "precision_strict": ps,
        "recall_strict": rs,
        "f1_strict": _f1(ps, rs),
        "precision_lax": pl,
        "recall_lax": rl,
        "f1_lax": _f1(pl, rl),
    }

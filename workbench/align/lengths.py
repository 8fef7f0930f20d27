"""Length model: Gale–Church deviation with the ratio and spread estimated from the two texts."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

_NU = 3.0  # Student-t degrees of freedom: OCR noise and loose translations give heavy tails
_T_NORM = math.lgamma((_NU + 1) / 2) - math.lgamma(_NU / 2) - 0.5 * math.log(_NU * math.pi)


def _log_t(x: np.ndarray, scale: float) -> np.ndarray:
    """Log density of a Student-t with scale `scale` (vectorised)."""
    z = x / scale
    return _T_NORM - math.log(scale) - (_NU + 1) / 2 * np.log1p(z * z / _NU)


@dataclass
class LengthModel:
    """Lengths of aligned text are proportional (ratio c) with variance growing with length (s2)."""

    ratio: float
    s2: float
    random_scale: float  # spread of the deviation for unrelated pairs, same units

    def delta(self, ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
        """Gale–Church deviation of target length lt from c * ls, in standard units."""
        mean = (ls * self.ratio + lt) / 2.0
        return (lt - self.ratio * ls) / np.sqrt(self.s2 * (mean + 1.0))

    def llr(self, ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
        """Log-likelihood ratio (nats) of the two lengths under 'translation' vs 'unrelated'."""
        d = self.delta(ls, lt)
        return _log_t(d, 1.0) - _log_t(d, self.random_scale)


def estimate(src_len: np.ndarray, tgt_len: np.ndarray, s2: float = 6.8) -> LengthModel:
    """Ratio from the totals; the 'unrelated' spread from pairs of shuffled segments."""
    ts, tt = float(src_len.sum()), float(tgt_len.sum())
    ratio = tt / ts if ts > 0 and tt > 0 else 1.0
    model = LengthModel(ratio=ratio, s2=s2, random_scale=4.0)
    return _with_random_scale(model, src_len, tgt_len)


def _with_random_scale(model: LengthModel, src_len: np.ndarray, tgt_len: np.ndarray) -> LengthModel:
    """Set random_scale from deviations of deterministic 'random' pairs (a fixed permutation)."""
    n, m = len(src_len), len(tgt_len)
    if n < 4 or m < 4:
        return model
    k = min(n, m, 5000)
    rng = np.random.default_rng(12345)
    i = rng.integers(0, n, size=k)
    j = rng.integers(0, m, size=k)
    d = np.abs(model.delta(src_len[i], tgt_len[j]))
    scale = float(np.median(d)) / 0.6745 if len(d) else 4.0
    model.random_scale = float(min(max(scale, 2.0), 50.0))
    return model


def refit(model: LengthModel, ls: np.ndarray, lt: np.ndarray, src_len, tgt_len) -> LengthModel:
    """Re-estimate ratio and spread from confident 1-1 beads (lengths ls, lt)."""
    ok = (ls > 0) & (lt > 0)
    if ok.sum() < 20:
        return model
    ls, lt = ls[ok], lt[ok]
    ratio = float(lt.sum() / ls.sum())
    mean = (ls * ratio + lt) / 2.0
    r = (lt - ratio * ls) / np.sqrt(mean + 1.0)
    # robust variance (median absolute deviation), kept in a sane range
    s2 = float((np.median(np.abs(r)) / 0.6745) ** 2)
    s2 = min(max(s2, 1.0), 40.0)
    return _with_random_scale(LengthModel(ratio, s2, model.random_scale), src_len, tgt_len)

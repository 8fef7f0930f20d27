"""Same-language evidence: how alike the texts of two segments are (rapidfuzz ratio)."""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from .band import Band

BLOCK = 256
SCALE = 12.0  # nats for identical texts


def text_similarity(band: Band, src: list[str], tgt: list[str]) -> np.ndarray:
    """Log-odds bonus for every segment pair in the band from the similarity of the texts."""
    out = np.zeros(band.size)
    n = len(src)
    if n == 0 or not tgt:
        return out
    base = _baseline(src, tgt)
    for r0 in range(1, n + 1, BLOCK):
        r1 = min(n + 1, r0 + BLOCK)
        c0 = int(band.lo[r0:r1].min()) - 1
        c1 = int(band.hi[r0:r1].max())
        c0 = max(c0, 0)
        sim = process.cdist(
            src[r0 - 1 : r1 - 1], tgt[c0:c1], scorer=fuzz.ratio, dtype=np.float32, workers=-1
        )
        i, j = band.cells(r0, r1)
        ok = (j >= 1) & (j - 1 >= c0) & (j - 1 < c1)
        r = sim[i[ok] - r0, j[ok] - 1 - c0]
        x = np.clip((r - base) / max(100.0 - base, 1.0), 0.0, 1.0)
        out[band.flat(i[ok], j[ok])] = SCALE * x * x
    return out


def _baseline(src: list[str], tgt: list[str]) -> float:
    """Typical ratio of unrelated segments of these texts (a fixed sample of pairs)."""
    rng = np.random.default_rng(7)
    k = min(200, len(src) * len(tgt))
    i = rng.integers(0, len(src), size=k)
    j = rng.integers(0, len(tgt), size=k)
    vals = [fuzz.ratio(src[a], tgt[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)]
    return float(np.percentile(vals, 90)) if vals else 50.0

"""The per-document context checks share: languages, length model, glossary, all pairs.

Document-wide facts (the length model, which words are names, which texts repeat) are
computed once per document and cached here, so each check still looks at one pair at a time.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.align.anchors import length
from workbench.qa.model import Pair, Term

# Gale & Church's variance of target length per source character, our prior for small texts.
_PRIOR_VARIANCE = 6.8
_PRIOR_FLOOR = 0.01
#: Pairs further out than this (in standard deviations of a first fit) do not shape the model.
TRIM = 2.5


@dataclass(frozen=True)
class LengthModel:
    """Log length ratio: mean and a variance that shrinks with length (var = a/L + b)."""

    mean: float = 0.0
    a: float = _PRIOR_VARIANCE
    b: float = _PRIOR_FLOOR
    pairs: int = 0

    def z(self, source: str, target: str) -> float | None:
        """How many standard deviations the pair's length ratio lies from the document's."""
        ls, lt = length(source), length(target)
        if not ls or not lt:
            return None
        return self.z_of((ls + lt) / 2, math.log((lt + 1) / (ls + 1)))

    def z_of(self, size: float, ratio: float) -> float:
        """`z` from a pair's mean length and log length ratio."""
        return (ratio - self.mean) / math.sqrt(self.a / size + self.b)


def _robust_variance(values: list[float]) -> float:
    """Variance from the median absolute deviation: a few real omissions must not inflate it."""
    centre = statistics.median(values)
    mad = statistics.median(abs(v - centre) for v in values)
    return (1.4826 * mad) ** 2


def length_model(pairs: Sequence[Pair], bins: int = 5) -> LengthModel:
    """Fit mean and variance of the log length ratio over the document's own pairs.

    The variance is fitted per length bin (robustly) as a/L + b: short segments vary more.
    Documents with few pairs lean on Gale & Church's prior. The fit is done twice: the second
    time without the pairs the first fit puts beyond TRIM standard deviations (omissions,
    additions, misaligned pairs), which would otherwise crowd the bins they fall into and
    widen the very variance they are to be judged by.
    """
    rows = []
    for pair in pairs:
        ls, lt = length(pair.source), length(pair.target)
        if ls and lt:
            rows.append(((ls + lt) / 2, math.log((lt + 1) / (ls + 1))))
    if len(rows) < 10:
        mean = statistics.median(r for _, r in rows) if rows else 0.0
        return LengthModel(mean=mean, pairs=len(rows))
    first = _fit(rows, bins)
    inliers = [(size, r) for size, r in rows if abs(first.z_of(size, r)) <= TRIM]
    model = _fit(inliers, bins) if len(inliers) >= 10 else first
    return LengthModel(mean=model.mean, a=model.a, b=model.b, pairs=len(rows))


def _fit(rows: list[tuple[float, float]], bins: int) -> LengthModel:
    """Median log ratio, and a/L + b fitted to the robust variances of length bins."""
    mean = statistics.median(r for _, r in rows)
    rows = sorted(rows)
    per_bin = max(5, len(rows) // bins)
    xs, ys = [], []
    for start in range(0, len(rows), per_bin):
        chunk = rows[start : start + per_bin]
        if len(chunk) < 5:
            continue
        xs.append(1 / statistics.mean(size for size, _ in chunk))
        ys.append(_robust_variance([r for _, r in chunk]))
    a, b = _PRIOR_VARIANCE, _PRIOR_FLOOR
    if len(xs) >= 2 and len(set(xs)) > 1:
        slope, intercept = statistics.linear_regression(xs, ys)
        a, b = max(slope, 0.5), max(intercept, 0.002)
    elif xs:
        a, b = 0.0, max(ys[0], 0.002)
    # With few pairs, blend towards the prior so one odd bin cannot make the model too strict.
    weight = min(1.0, len(rows) / 100)
    a = weight * a + (1 - weight) * _PRIOR_VARIANCE
    b = weight * b + (1 - weight) * _PRIOR_FLOOR
    return LengthModel(mean=mean, a=a, b=b, pairs=len(rows))


@dataclass
class Context:
    """What every check may consult besides its own pair."""

    src_lang: str | None
    tgt_lang: str | None
    pairs: Sequence[Pair] = ()
    glossary: Sequence[Term] = ()
    length: LengthModel = field(default_factory=LengthModel)
    #: The document-wide models of the last check of this document before a change (see
    #: `qa.recheck`): learners take over their per-pair pieces whose inputs are unchanged,
    #: never the models themselves.
    previous: dict[str, Any] = field(default_factory=dict, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def cached(self, name: str, build: Callable[[Context], Any]) -> Any:
        """A document-wide fact, computed on first use."""
        if name not in self._cache:
            self._cache[name] = build(self)
        return self._cache[name]


def build_context(
    pairs: Sequence[Pair],
    src_lang: str | None,
    tgt_lang: str | None,
    glossary: Sequence[Term] = (),
    lexicon: Any = None,
    previous: dict[str, Any] | None = None,
) -> Context:
    """The context of one document: its pairs, their length model and the glossary.

    `lexicon` is the document's word-translation table (`coverage.learn`) when the caller has
    it already (a benchmark re-checking one document many times); otherwise it is learned from
    the pairs on first use. `previous`: the models of this document's last check (`recheck`),
    whose per-pair pieces the new ones reuse.
    """
    ctx = Context(
        src_lang=(src_lang or "").split("-")[0].lower() or None,
        tgt_lang=(tgt_lang or "").split("-")[0].lower() or None,
        pairs=list(pairs),
        glossary=list(glossary),
        length=length_model(pairs),
        previous=dict(previous or {}),
    )
    if lexicon is not None:
        ctx._cache["lexicon"] = lexicon
    return ctx

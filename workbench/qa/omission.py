"""Possible omissions and additions: empty sides, and lengths the document itself finds odd.

A link with an empty side (1-0, 0-1) is reported outright. Otherwise two measures of how much
the target says, each against the document's own model of it, are combined into one score:

* the log length ratio (context.LengthModel), in standard deviations;
* the log ratio of clause marks (, ; : . ! ?), a rougher second count of what each side
  says, whose noise is largely independent of the first: a verbose translator writes longer
  clauses, not more of them, while a dropped sentence takes its commas along.

A score beyond `Z_ALONE` is suspicious on its own; a target with fewer sentences than its
source (more, for additions) needs less. Text in square brackets is editorial (supplied
words, variant readings, as in the Russian Synodal Bible): a translation may leave it out, so
the length that counts is the one nearer the norm, with or without it.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass

from workbench.qa.context import Context
from workbench.qa.model import Finding, Pair
from workbench.segment import sentence_spans

#: Standard deviations: alone, and together with a sentence-count difference.
Z_ALONE = 2.5
Z_WITH_SENTENCES = 1.0
#: Stricter for additions: translators add words (explanations, particles) far more often
#: than an editor would call an error.
Z_ADDITION_ALONE = 3.5
Z_ADDITION_WITH_SENTENCES = 2.5
#: Scores at least this far out are strong evidence (confidence 0.9), the rest medium (0.6).
Z_STRONG = 3.0
#: Weight of the clause-mark measure in the combined score.
MARKS_WEIGHT = 0.3
_MARKS = re.compile(r"[,;:.!?·،、]")
_EDITORIAL = re.compile(r"\[[^\]\n]*\]")


def _sentences(text: str, lang: str | None, stored: int | None) -> int:
    return stored if stored is not None else len(sentence_spans(text, lang))


def _marks_ratio(source: str, target: str) -> float:
    return math.log((len(_MARKS.findall(target)) + 1) / (len(_MARKS.findall(source)) + 1))


@dataclass(frozen=True)
class _MarksModel:
    centre: float = 0.0
    spread: float = 0.5

    def z(self, source: str, target: str) -> float:
        return (_marks_ratio(source, target) - self.centre) / self.spread


def _marks_model(ctx: Context) -> _MarksModel:
    values = [
        _marks_ratio(p.source, p.target) for p in ctx.pairs if p.source.strip() and p.target.strip()
    ]
    if len(values) < 10:
        return _MarksModel()
    centre = statistics.median(values)
    mad = statistics.median(abs(v - centre) for v in values)
    return _MarksModel(centre, max(1.4826 * mad, 0.25))


def _without_editorial(text: str) -> str:
    stripped = _EDITORIAL.sub("", text)
    return stripped if stripped.strip() else text


def score(source: str, target: str, ctx: Context) -> float | None:
    """Combined z of the pair: negative when the target says less than the document's norm.

    Of the texts with and without their square-bracketed parts, the reading nearest the norm
    counts.
    """
    marks: _MarksModel = ctx.cached("omission-marks", _marks_model)
    best: float | None = None
    sources = {source, _without_editorial(source)}
    targets = {target, _without_editorial(target)}
    for s in sources:
        for t in targets:
            z = ctx.length.z(s, t)
            if z is None:
                continue
            combined = (z + MARKS_WEIGHT * marks.z(s, t)) / math.sqrt(1 + MARKS_WEIGHT**2)
            if best is None or abs(combined) < abs(best):
                best = combined
    return best


def check_omission(pair: Pair, ctx: Context) -> list[Finding]:
    """1-0 / 0-1 links, and pairs whose target is far shorter or longer than expected."""
    src, tgt = pair.source.strip(), pair.target.strip()
    if src and not tgt:
        return [Finding("omission", "major", "source text has no translation")]
    if tgt and not src:
        return [Finding("addition", "major", "target text has no source")]
    z = score(src, tgt, ctx)
    if z is None or abs(z) < Z_WITH_SENTENCES:
        return []
    n_src = _sentences(pair.source, ctx.src_lang, pair.source_sentences)
    n_tgt = _sentences(pair.target, ctx.tgt_lang, pair.target_sentences)
    confidence = 0.9 if abs(z) >= Z_STRONG else 0.6
    # Messages name no z value: a dismissal is keyed on the message, and z moves whenever
    # other pairs of the document change.
    if z < 0 and (z <= -Z_ALONE or (n_tgt < n_src and z <= -Z_WITH_SENTENCES)):
        detail = f"{n_src} sentences vs {n_tgt}, " if n_tgt < n_src else ""
        message = f"possible omission: {detail}target much shorter than this document's norm"
        return [Finding("omission", "major", message, confidence=confidence)]
    if z > 0 and (z >= Z_ADDITION_ALONE or (n_tgt > n_src and z >= Z_ADDITION_WITH_SENTENCES)):
        detail = f"{n_src} sentences vs {n_tgt}, " if n_tgt > n_src else ""
        message = f"possible addition: {detail}target much longer than this document's norm"
        return [Finding("addition", "minor", message, confidence=confidence)]
    return []

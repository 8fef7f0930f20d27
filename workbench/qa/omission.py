"""Possible omissions and additions: empty sides, and lengths the document itself finds odd.

A link with an empty side (1-0, 0-1) is reported outright. Otherwise two measures of how much
the target says, each against the document's own model of it, are combined into one score:

* the log length ratio (context.LengthModel), in standard deviations;
* the log ratio of clause marks (, ; : . ! ?), a rougher second count of what each side
  says, whose noise is largely independent of the first: a verbose translator writes longer
  clauses, not more of them, while a dropped sentence takes its commas along.

A score beyond `Z_ALONE` is suspicious on its own; a target with fewer sentences than its
source needs less, and how much less depends on how unusual that is in this document: where
the translation often joins sentences (Albanian ". " against the English Bible's ": "), a
missing sentence is weak evidence; where it hardly ever does, strong. The threshold is
`Z_SENTENCES_BASE - SENTENCE_WEIGHT * log(0.9 / q)`, q being the document's share of pairs
with fewer target sentences, but never below `Z_SENTENCES_FLOOR`. The habit is measured on the
pairs of ordinary length (above -`Z_HABIT`): omissions, short and a sentence down, must not
make themselves look habitual.

Lexical coverage (workbench/qa/coverage.py) moves the score: a stretch of the source whose
words find no translation in the target (the run with the most evidence, in nats, capped at
`COVERAGE_CAP`) pushes it towards omission, a source fully covered pulls it back; evidence
`COVERAGE_NEUTRAL` nats is what a clean pair of up to `NEUTRAL_TOKENS` known words typically
shows and moves nothing; a longer text shows more by chance (a random walk's excursion grows
with the square root of its length), so there the neutral evidence grows too. So a dropped
sentence that leaves the sentence counts equal and the length only a little short is still
found, and a terse but complete translation is reported less often.

A pair shorter than the norm (z below 0) is also reported when the document's sentence
alignment leaves one of its source sentences without counterpart (workbench/qa/orphans.py):
that catches the short dropped sentence the length cannot, and points at it.

A reviewer has to see both what is missing and where: an omission highlights the source text
with no counterpart (the orphan sentences, else the uncovered stretch, else the sentence a
target with fewer sentences most likely lacks) and, in the target, the text just before the
gap where it belongs (just after it, when the gap opens the target), so the target excerpt
shows that place and not the start of the pair.

Text in square brackets is editorial (supplied words, variant readings, as in the Russian
Synodal Bible): a translation may leave it out, so the length that counts is the one nearer
the norm, with or without it.
"""

from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from workbench.qa.context import Context
from workbench.qa.coverage import Coverage, Stretch, lexicon, uncovered_stretch
from workbench.qa.model import Finding, Pair, Span
from workbench.qa.orphans import EDITORIAL, Orphan, dropped_sentences, orphans_by_pair
from workbench.segment import sentence_spans

#: Standard deviations: alone, and together with a sentence-count difference (see above).
Z_ALONE = 3.0
Z_SENTENCES_BASE = 2.5
Z_SENTENCES_FLOOR = 0.5
SENTENCE_WEIGHT = 0.8
#: Pairs this many standard deviations short are left out of the document's sentence habits.
Z_HABIT = 2.0
#: Stricter for additions: translators add words (explanations, particles) far more often
#: than an editor would call an error.
Z_ADDITION_ALONE = 3.5
Z_ADDITION_WITH_SENTENCES = 2.5
#: Scores at least this far out are strong evidence (confidence 0.9), the rest medium (0.6).
Z_STRONG = 3.0
#: Weight of the clause-mark measure in the combined score.
MARKS_WEIGHT = 0.3
#: Coverage evidence (nats of an uncovered source stretch): what a clean pair shows, the most
#: that counts, and how many standard deviations one nat is worth.
COVERAGE_NEUTRAL = 2.0
COVERAGE_CAP = 8.0
COVERAGE_WEIGHT = 0.4
#: ... for a text of up to this many known tokens; beyond, it grows with the square root.
NEUTRAL_TOKENS = 20
#: A stretch with more evidence than this (nats) is highlighted as the omitted text.
STRETCH_SHOWN = 2.0
#: At most this many characters of target text are highlighted beside an omission's gap, so
#: that an excerpt centred on the highlight still shows the gap.
PLACE_CHARS = 60
_MARKS = re.compile(r"[,;:.!?·،、]")


def _sentences(text: str, lang: str | None, stored: int | None) -> int:
    return stored if stored is not None else len(sentence_spans(text, lang))


def _fewer_sentences_rate(ctx: Context) -> float:
    """Share of the document's two-sided pairs whose target has fewer sentences.

    Counted on the pairs of ordinary length only (combined z above -Z_HABIT): the habit
    measured is the translator's way of joining sentences, and the omissions themselves, short
    and a sentence down, must not make their own kind look habitual.
    """
    fewer = total = 0
    for p in ctx.pairs:
        if p.source.strip() and p.target.strip():
            z = score(p.source.strip(), p.target.strip(), ctx)
            if z is not None and z < -Z_HABIT:
                continue
            total += 1
            n_src = _sentences(p.source, ctx.src_lang, p.source_sentences)
            fewer += _sentences(p.target, ctx.tgt_lang, p.target_sentences) < n_src
    return fewer / total if total else 0.1


def sentence_threshold(ctx: Context) -> float:
    """How far below the norm a target with a missing sentence must be (in z)."""
    q = max(ctx.cached("omission-fewer", _fewer_sentences_rate), 0.02)
    return max(Z_SENTENCES_FLOOR, Z_SENTENCES_BASE - SENTENCE_WEIGHT * math.log(0.9 / q))


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


def neutral_evidence(known: int) -> float:
    """The coverage evidence (nats) a clean pair with `known` known source words shows."""
    return COVERAGE_NEUTRAL * max(1.0, math.sqrt(known / NEUTRAL_TOKENS))


def _without_editorial(text: str) -> str:
    stripped = EDITORIAL.sub("", text)
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
    if z is None:
        return []
    cov = lexicon(ctx).coverage(src, tgt)
    stretch = uncovered_stretch(cov)
    evidence = min(stretch.score, COVERAGE_CAP) if stretch else 0.0
    z_omission = z - COVERAGE_WEIGHT * (evidence - neutral_evidence(sum(cov.known)))
    z_sentences = sentence_threshold(ctx)
    found = _orphans_of(pair, ctx) if z < 0 else []
    if z_omission > -z_sentences and z < Z_ADDITION_WITH_SENTENCES and not found:
        return []
    n_src = _sentences(pair.source, ctx.src_lang, pair.source_sentences)
    n_tgt = _sentences(pair.target, ctx.tgt_lang, pair.target_sentences)
    # Messages name no z value: z moves whenever other pairs of the document change. (An
    # addition's dismissal is keyed on its message; an omission's on its pair's texts alone,
    # as its spans and wording follow the document's sentence alignment: findings.PER_PAIR.)
    if z_omission <= -Z_ALONE or (n_tgt < n_src and z_omission <= -z_sentences):
        confidence = 0.9 if z_omission <= -Z_STRONG else 0.6
        detail = f"{n_src} sentences vs {n_tgt}, " if n_tgt < n_src else ""
        message = f"possible omission: {detail}target much shorter than this document's norm"
        shown = stretch if stretch and evidence > STRETCH_SHOWN else None
        spans, gaps = _located(pair, ctx, cov, shown, found, fewer=n_tgt < n_src)
        marks, side = _marks(pair.target, gaps, ctx.tgt_lang)
        if spans and marks:
            message += f"; the highlighted source text belongs {side} the highlighted target text"
        return [_omission(message, spans, marks, confidence)]
    if found:
        # one message however many sentences: the alignment is the document's, so their
        # number may move when other pairs change
        marks, side = _marks(pair.target, [o.gap for o in found], ctx.tgt_lang)
        message = "possible omission: highlighted source text has no counterpart in the target"
        message += f"; it belongs {side} the highlighted target text" if marks else ""
        return [_omission(message, [o.span for o in found], marks, 0.6)]
    if z >= Z_ADDITION_ALONE or (n_tgt > n_src and z >= Z_ADDITION_WITH_SENTENCES):
        confidence = 0.9 if z >= Z_STRONG else 0.6
        detail = f"{n_src} sentences vs {n_tgt}, " if n_tgt > n_src else ""
        message = f"possible addition: {detail}target much longer than this document's norm"
        return [Finding("addition", "minor", message, confidence=confidence)]
    return []


def _omission(message: str, spans: list[Span], marks: list[Span], confidence: float) -> Finding:
    """An omission: `spans` what the source says that the target lacks, `marks` where."""
    return Finding(
        "omission",
        "major",
        message,
        source_spans=spans,
        target_spans=marks,
        confidence=confidence,
    )


def _orphans_of(pair: Pair, ctx: Context) -> list[Orphan]:
    """The pair's source sentences the document's sentence alignment leaves alone.

    Only for a pair of the document itself (the alignment knows pairs by index).
    """
    indexed = ctx.pairs[pair.index] if 0 <= pair.index < len(ctx.pairs) else None
    if indexed is None or indexed.source != pair.source or indexed.target != pair.target:
        return []
    return orphans_by_pair(ctx).get(pair.index, [])


def _located(
    pair: Pair,
    ctx: Context,
    cov: Coverage,
    stretch: Stretch | None,
    found: list[Orphan],
    fewer: bool,
) -> tuple[list[Span], list[int]]:
    """The source spans with no counterpart, and the gaps in `pair.target` where they belong.

    The document's orphans if any, else the uncovered stretch, else (a target with fewer
    sentences) the sentences it most likely lacks; `cov` is the stripped source's coverage.
    """
    if found:
        return [o.span for o in found], [o.gap for o in found]
    src, tgt = pair.source.strip(), pair.target.strip()
    shift_src, shift_tgt = _offset(pair.source, src), _offset(pair.target, tgt)
    if stretch:
        gap = _stretch_gap(cov, stretch.span, tgt, ctx.tgt_lang)
        span = _shifted(stretch.span, shift_src)
        return [span], [] if gap is None else [gap + shift_tgt]
    if not fewer:
        return [], []
    dropped = dropped_sentences(src, tgt, ctx, cov)
    return [_shifted(o.span, shift_src) for o in dropped], [o.gap + shift_tgt for o in dropped]


def _stretch_gap(cov: Coverage, span: Span, target: str, lang: str | None) -> int | None:
    """Where in `target` the uncovered source `span` belongs.

    Between the counterparts of the words before it and those of the words after it: the cut
    that leaves most of both on their own side (word order roughly survives translation). A
    cut inside a target sentence moves to its end when no later word's counterpart stands in
    the rest of it: the usual omission is of whole sentences or their ends.
    """
    pairs = [(t.span, m) for t, m in zip(cov.tokens, cov.matched, strict=True) if m]
    before = sorted(m[1] for s, m in pairs if s[1] <= span[0])
    after = sorted(m[0] for s, m in pairs if s[0] >= span[1])
    if not before and not after:
        return None

    def kept(cut: int) -> int:
        return bisect_right(before, cut) + len(after) - bisect_left(after, cut)

    cut = max([0, *before], key=lambda c: (kept(c), -c))
    sentences = sentence_spans(target, lang)
    if cut == 0:
        return sentences[0][0] if sentences else 0
    end = next((e for s, e in sentences if s < cut <= e), cut)
    later = bisect_left(after, cut)
    return end if later == len(after) or after[later] >= end else cut


def _marks(target: str, gaps: list[int], lang: str | None) -> tuple[list[Span], str]:
    """Target text beside each gap, and on which side of it the omitted text belongs.

    The text just before each gap ("after"); when a gap opens the target, the text just after
    each gap ("before"). At most PLACE_CHARS characters, from a word's start or to its end.
    """
    sentences = sentence_spans(target, lang)
    if not gaps or not sentences:
        return [], ""
    if all(sentences[0][0] < g for g in gaps):
        marks = {_before(target, sentences, g) for g in gaps}
        side = "after"
    else:
        marks = {_after(target, sentences, g) for g in gaps}
        side = "before"
    return sorted(m for m in marks if m[1] > m[0]), side


def _before(target: str, sentences: list[Span], gap: int) -> Span:
    """The end of the last sentence that starts before `gap`, up to the gap."""
    start, end = next((s, e) for s, e in reversed(sentences) if s < gap)
    end = min(end, gap)
    end = start + len(target[start:end].rstrip())
    if end - start > PLACE_CHARS:
        cut = target.find(" ", end - PLACE_CHARS, end)
        start = cut + 1 if cut != -1 else end - PLACE_CHARS
    return start, end


def _after(target: str, sentences: list[Span], gap: int) -> Span:
    """The start of the first sentence that ends after `gap`, from the gap on."""
    found = next(((s, e) for s, e in sentences if e > gap), None)
    if found is None:
        return _before(target, sentences, gap)
    start, end = max(found[0], gap), found[1]
    start = end - len(target[start:end].lstrip())
    if end - start > PLACE_CHARS:
        cut = target.rfind(" ", start, start + PLACE_CHARS)
        end = cut if cut > start else start + PLACE_CHARS
    return start, end


def _offset(text: str, stripped: str) -> int:
    """Where the stripped text starts in the text (coverage works on stripped texts)."""
    return max(text.find(stripped), 0)


def _shifted(span: Span, offset: int) -> Span:
    """A span of the stripped text as a span of the text."""
    return span[0] + offset, span[1] + offset

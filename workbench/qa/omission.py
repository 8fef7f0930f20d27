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

Length is supporting evidence, not sufficient on its own: a translation that is complete but
terse (Albanian and Russian run longer than English) is as short as one with a sentence gone.
So a pair the measures above would report is reported only with evidence that specific content
is missing, one of:

* a source sentence the document's sentence alignment leaves alone (an orphan, see above);
* a whole source sentence whose words, taken together, say it was left out: the sum of their
  log-likelihood ratios (coverage.token_evidence) above `SENTENCE_NATS`;
* the pair's own sentences pairing up better, by length and by where their words' counterparts
  stand, with a source sentence left out than with all of them paired, joined where the target
  has fewer (`drop_gain`: more than `DROP_GAIN`): a translator who joins two sentences keeps
  both sentences' words in one, a dropped sentence takes its words along;
* for a pair short enough to be reported without a sentence-count difference, an uncovered
  source stretch with more than `CONTENT_NATS` nats of evidence beyond the neutral;
* a length beyond `Z_EXTREME`, which is evidence enough.

Sentences are counted for the comparison with a question or exclamation mark followed by a
space and a lower-case word as a sentence end, on both sides (`sentence_units`): the English
Bible writes "Why are ye fearful? have ye not yet faith?", one sentence to the segmenter, where
the Albanian capitalises and has two. Storage and the segmenter are unchanged.

An omission may be a matter of row boundaries: verse divisions differ, or the alignment split a
text elsewhere, and the content missing from this row's target stands at the end of the
previous row's target or the start of the next one's. Before an omission is reported, the words
of the missing text are looked for there, among the words that row's own source does not
account for (`elsewhere`); when half of them are there, the finding is a minor "alignment" one
naming that row instead. An addition whose extra words stand likewise in an adjacent row's
source is not reported (the omission side names the boundary). An addition needs evidence too:
target words with no counterpart in the source (a stretch `ADDITION_NATS` beyond the neutral),
or a length beyond `Z_ADDITION_EXTREME`.

Text in square brackets is editorial (supplied words, variant readings, as in the Russian
Synodal Bible): a translation may leave it out, so the length that counts is the one nearer
the norm, with or without it, and its words are no evidence of an omission.
"""

from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from workbench.qa.context import Context
from workbench.qa.coverage import (
    Coverage,
    Stretch,
    lexicon,
    token_evidence,
    tokens,
    uncovered_stretch,
)
from workbench.qa.model import Finding, Pair, Span
from workbench.qa.orphans import (
    EDITORIAL,
    LENGTH_COST_CAP,
    MISPLACED_WORD,
    Orphan,
    dropped_sentences,
    orphans_by_pair,
)
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
#: Content evidence an omission needs besides its length (see above): nats of uncovered source
#: stretch beyond the neutral (a pair short on its own), nats of one whole source sentence, the
#: gain (squared z of the sentences' lengths plus MISPLACED_WORD per misplaced word) of pairing
#: the sentences with one left out; or this short a length alone.
CONTENT_NATS = 1.5
SENTENCE_NATS = 1.0
DROP_GAIN = 1.0
Z_EXTREME = 3.75
#: ... and an addition: nats of uncovered target stretch beyond the neutral, or this long.
ADDITION_NATS = 0.75
Z_ADDITION_EXTREME = 5.0
#: The sentence-pairing search runs on pairs of at most this many sentences a side.
DROP_SENTENCES = 30
#: Missing text counts as standing in an adjacent row when at least this many of its known
#: words, and this share of them, find a counterpart there among the words left unaccounted.
ELSEWHERE_WORDS = 1
ELSEWHERE_SHARE = 0.5
#: ... at the boundary, within this many times the length its translation would have, in a
#: row that says more than the document's norm on that side (z of its length).
ELSEWHERE_REACH = 1.5
ELSEWHERE_Z = 1.0
_MARKS = re.compile(r"[,;:.!?·،、]")
#: A question or exclamation mark that the segmenter does not end a sentence with: followed by
#: a space and a lower-case word ("fearful? have ye"). Not one before a closing quote or
#: bracket: '"Who are you?" he asked' and "(is it not a little one?) and" ask inside a sentence.
_SOFT_END = re.compile(r"[?!][ \t\u00a0]+([^\W\d_])")


def _sentences(text: str, lang: str | None, stored: int | None) -> int:
    return stored if stored is not None else len(sentence_spans(text, lang))


def sentence_units(text: str, lang: str | None, stored: int | None = None) -> int:
    """Sentences of `text` for comparing the two sides of a pair: the segmenter's (or the stored)
    count, plus the question and exclamation marks followed by a space and a lower-case word
    inside one of its sentences ("Why are ye fearful? have ye not yet faith?" is two here)."""
    count = _sentences(text, lang, stored)
    soft = [m for m in _SOFT_END.finditer(text) if m.group(1).islower()]
    if not soft:
        return count
    spans = sentence_spans(text, lang)
    starts = [a for a, _ in spans]

    def inside(mark: re.Match[str]) -> bool:
        """The mark and the word after it are in one of the segmenter's sentences."""
        k = bisect_right(starts, mark.start()) - 1
        return k >= 0 and mark.start(1) < spans[k][1]

    return count + sum(map(inside, soft))


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
            n_src = sentence_units(p.source, ctx.src_lang, p.source_sentences)
            fewer += sentence_units(p.target, ctx.tgt_lang, p.target_sentences) < n_src
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


def _blank_editorial(text: str) -> str:
    """`text` with its square-bracketed parts blanked out (offsets unchanged), unless that
    leaves nothing."""
    blanked = EDITORIAL.sub(lambda m: " " * len(m.group()), text)
    return blanked if blanked.strip() else text


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
    """1-0 / 0-1 links, and pairs whose target is far shorter or longer than expected, with
    evidence of what is missing or added; content that stands in an adjacent row instead is
    an alignment finding (see the module's docstring)."""
    src, tgt = pair.source.strip(), pair.target.strip()
    if src and not tgt:
        return [Finding("omission", "major", "source text has no translation")]
    if tgt and not src:
        return [Finding("addition", "major", "target text has no source")]
    z = score(src, tgt, ctx)
    if z is None:
        return []
    lex = lexicon(ctx)
    # editorial text may be left out: its words are no evidence (offsets stay those of `src`)
    content = _blank_editorial(src)
    cov = lex.coverage(content, tgt)
    stretch = uncovered_stretch(cov)
    evidence = min(stretch.score, COVERAGE_CAP) if stretch else 0.0
    neutral = neutral_evidence(sum(cov.known))
    z_omission = z - COVERAGE_WEIGHT * (evidence - neutral)
    z_sentences = sentence_threshold(ctx)
    found = _orphans_of(pair, ctx) if z < 0 else []
    if z_omission > -z_sentences and z < Z_ADDITION_WITH_SENTENCES and not found:
        return []
    n_src = sentence_units(pair.source, ctx.src_lang, pair.source_sentences)
    if content != src:
        n_src = min(n_src, sentence_units(content, ctx.src_lang))
    n_tgt = sentence_units(pair.target, ctx.tgt_lang, pair.target_sentences)
    # Messages name no z value: z moves whenever other pairs of the document change. (An
    # addition's dismissal is keyed on its message; an omission's on its pair's texts alone,
    # as its spans and wording follow the document's sentence alignment: findings.PER_PAIR.)
    alone = z_omission <= -Z_ALONE
    short = alone or (n_tgt < n_src and z_omission <= -z_sentences)
    if short and (
        found
        or z_omission <= -Z_EXTREME
        or (alone and evidence - neutral > CONTENT_NATS)
        or _sentence_evidence(content, ctx.src_lang, cov) > SENTENCE_NATS
        or (n_tgt < n_src and drop_gain(content, tgt, ctx, cov) > DROP_GAIN)
    ):
        confidence = 0.9 if z_omission <= -Z_STRONG else 0.6
        detail = f"{n_src} sentences vs {n_tgt}, " if n_tgt < n_src else ""
        message = f"possible omission: {detail}target much shorter than this document's norm"
        shown = stretch if stretch and evidence > STRETCH_SHOWN else None
        spans, gaps = _located(pair, ctx, cov, shown, found, fewer=n_tgt < n_src)
        moved = _misaligned(pair, ctx, spans)
        if moved:
            return [moved]
        marks, side = _marks(pair.target, gaps, ctx.tgt_lang)
        if spans and marks:
            message += f"; the highlighted source text belongs {side} the highlighted target text"
        return [_omission(message, spans, marks, confidence)]
    if found:
        spans = [o.span for o in found]
        moved = _misaligned(pair, ctx, spans)
        if moved:
            return [moved]
        # one message however many sentences: the alignment is the document's, so their
        # number may move when other pairs change
        marks, side = _marks(pair.target, [o.gap for o in found], ctx.tgt_lang)
        message = "possible omission: highlighted source text has no counterpart in the target"
        message += f"; it belongs {side} the highlighted target text" if marks else ""
        return [_omission(message, spans, marks, 0.6)]
    if z >= Z_ADDITION_ALONE or (n_tgt > n_src and z >= Z_ADDITION_WITH_SENTENCES):
        # evidence of what is added: target words with no counterpart in the whole source
        back = lex.coverage(tgt, src, "target")
        added = uncovered_stretch(back)
        extra = min(added.score, COVERAGE_CAP) - neutral_evidence(sum(back.known)) if added else 0.0
        if z < Z_ADDITION_EXTREME and extra <= ADDITION_NATS:
            return []
        offset = _offset(pair.target, tgt)
        if added and elsewhere(pair, ctx, [_shifted(added.span, offset)], "target"):
            return []
        confidence = 0.9 if z >= Z_STRONG else 0.6
        detail = f"{n_src} sentences vs {n_tgt}, " if n_tgt > n_src else ""
        message = f"possible addition: {detail}target much longer than this document's norm"
        return [Finding("addition", "minor", message, confidence=confidence)]
    return []


def _misaligned(pair: Pair, ctx: Context, spans: list[Span]) -> Finding | None:
    """An alignment finding when the source text `spans` lack is in an adjacent row's target."""
    where = elsewhere(pair, ctx, spans, "source")
    if where is None:
        return None
    message = (
        f"possible misalignment: the highlighted source text seems to be translated in the "
        f"{where} row's target, not left out; the rows divide the text differently"
    )
    return Finding("alignment", "minor", message, source_spans=spans, confidence=0.6)


def elsewhere(pair: Pair, ctx: Context, spans: list[Span], side: str) -> str | None:
    """ "previous" or "next" when the text of `spans` (in the pair's `side`) stands in that
    adjacent row's other side, else None.

    Text that belongs across a row boundary stands at the boundary: at the end of the previous
    row's other side, or at the start of the next one's, in a row that says more than the
    document's norm on that side (ELSEWHERE_Z) because of it. So it is looked for there only,
    within ELSEWHERE_REACH times the length its translation would have, and only among the
    words that row's own text does not account for: at least ELSEWHERE_WORDS of the missing
    text's known words, and ELSEWHERE_SHARE of them, must find a counterpart. A row with only
    the other side (a 0-1 or 1-0 link) accounts for none of its words. Only for a pair of the
    document itself (neighbours are known by index).
    """
    if not spans or not _own(pair, ctx):
        return None
    text = pair.source if side == "source" else pair.target
    other = "target" if side == "source" else "source"
    missing = " ".join(_blank_editorial(text[a:b]) for a, b in spans)
    ratio = math.exp(ctx.length.mean if side == "source" else -ctx.length.mean)
    reach = int(ELSEWHERE_REACH * len(missing) * ratio) + 20
    lex = lexicon(ctx)
    for where, k in (("previous", pair.index - 1), ("next", pair.index + 1)):
        if not 0 <= k < len(ctx.pairs):
            continue
        near = ctx.pairs[k]
        texts = {"source": near.source.strip(), "target": near.target.strip()}
        own, across = texts[side], texts[other]  # the row's text on `side`, and the other side's
        if not across:
            continue
        if own:
            z = score(texts["source"], texts["target"], ctx)
            if z is None or (z if side == "source" else -z) < ELSEWHERE_Z:
                continue  # a row of ordinary length has nothing to spare
        start, end = (len(across) - reach, len(across)) if where == "previous" else (0, reach)
        cov = lex.coverage(across, own, other) if own else None
        unused = [
            t.span
            for n, t in enumerate(tokens(across) if cov is None else cov.tokens)
            if start <= t.span[0] and t.span[1] <= end and (cov is None or not cov.covered[n])
        ]
        if not unused:
            continue
        found = lex.coverage(missing, " ".join(across[a:b] for a, b in unused), side)
        known, covered = sum(found.known), sum(found.covered)
        if covered >= ELSEWHERE_WORDS and covered >= ELSEWHERE_SHARE * known:
            return where
    return None


def _sentence_evidence(source: str, lang: str | None, cov: Coverage) -> float:
    """The most evidence (nats) that one whole sentence of `source` was left out: the largest
    sum of its known words' `token_evidence` (`cov`: the coverage of `source`)."""
    spans = sentence_spans(source, lang)
    starts = [a for a, _ in spans]
    totals = [0.0] * len(spans)
    for tok, k, c, r in zip(cov.tokens, cov.known, cov.covered, cov.rates, strict=True):
        i = bisect_right(starts, tok.span[0]) - 1
        if k and i >= 0 and tok.span[0] < spans[i][1]:
            totals[i] += token_evidence(c, r)
    return max(totals, default=0.0)


def drop_gain(source: str, target: str, ctx: Context, cov: Coverage) -> float:
    """How much better the pair's sentences pair up with source sentences left out than with
    all of them paired (0: not at all).

    Both are in-order pairings of the sentences (one to one, two or three source sentences to
    one target sentence, one to two, two to two); a pairing costs the squared z of each paired
    group's length ratio (capped, as in orphans.dropped_sentences) plus MISPLACED_WORD for each
    source word whose counterpart (`cov`, the coverage of `source` by `target`) lies outside its
    group's target sentences; leaving a source sentence out costs MISPLACED_WORD for each of its
    words whose counterpart the target has. A translator who joins two sentences gives a target
    sentence as long as both, holding both's words: joining wins. A dropped sentence leaves the
    others' lengths as the document expects and its words without counterparts: leaving it out
    wins. Pairs of more than DROP_SENTENCES sentences a side are not searched (0).
    """
    src = sentence_spans(source, ctx.src_lang)
    tgt = sentence_spans(target, ctx.tgt_lang)
    n, m = len(src), len(tgt)
    if n < 2 or not m or n > DROP_SENTENCES or m > DROP_SENTENCES:
        return 0.0
    where: list[list[int | None]] = [[] for _ in src]  # per sentence: its words' target sentence
    src_starts, tgt_starts = [a for a, _ in src], [a for a, _ in tgt]
    for tok, match in zip(cov.tokens, cov.matched, strict=True):
        i = bisect_right(src_starts, tok.span[0]) - 1
        if match is None or i < 0:
            continue
        j = bisect_right(tgt_starts, match[0]) - 1
        where[i].append(j if j >= 0 and match[0] < tgt[j][1] else None)

    @cache
    def group(i0: int, i1: int, j0: int, j1: int) -> float:
        z = ctx.length.z(source[src[i0][0] : src[i1 - 1][1]], target[tgt[j0][0] : tgt[j1 - 1][1]])
        apart = sum(w is None or not j0 <= w < j1 for i in range(i0, i1) for w in where[i])
        return min((z or 0.0) ** 2, LENGTH_COST_CAP) + MISPLACED_WORD * apart

    def cheapest(drops: bool) -> float:
        cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
        cost[0][0] = 0.0
        for i in range(n + 1):
            for j in range(m + 1):
                here = cost[i][j]
                if here == math.inf:
                    continue
                for di, dj in _GROUPS:
                    if i + di <= n and j + dj <= m:
                        c = here + group(i, i + di, j, j + dj)
                        cost[i + di][j + dj] = min(cost[i + di][j + dj], c)
                if drops and i < n:
                    cost[i + 1][j] = min(cost[i + 1][j], here + MISPLACED_WORD * len(where[i]))
        return cost[n][m]

    paired = cheapest(False)
    return 0.0 if paired == math.inf else max(0.0, paired - cheapest(True))


#: Sentence groups (source, target) the pairing in `drop_gain` may form.
_GROUPS = ((1, 1), (2, 1), (3, 1), (1, 2), (2, 2))


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


def _own(pair: Pair, ctx: Context) -> bool:
    """Whether `pair` is the document's pair at its index (the texts the same)."""
    indexed = ctx.pairs[pair.index] if 0 <= pair.index < len(ctx.pairs) else None
    return indexed is not None and (indexed.source, indexed.target) == (pair.source, pair.target)


def _orphans_of(pair: Pair, ctx: Context) -> list[Orphan]:
    """The pair's source sentences the document's sentence alignment leaves alone.

    Only for a pair of the document itself (the alignment knows pairs by index).
    """
    return orphans_by_pair(ctx).get(pair.index, []) if _own(pair, ctx) else []


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

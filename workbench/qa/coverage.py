"""Lexical coverage: which content words of one side find a likely translation on the other.

A word-translation table is learned once per document from its own pairs: two stems are
associated when they keep landing in the same pairs (Dice over pairs, at least `MIN_COUNT`
pairs together, the best `TOP_K` per word), as the aligner's lexicon does for beads. Stems
are casefolded word prefixes, so inflections (Abrahamit ~ Abrahami, говорил ~ говорит) share
one entry; function words and the few stems found in most pairs carry no content and are left
out. Words the table does not know are covered anyway by a counterpart spelled alike across
scripts (the aligner's transliteration key: names, cognates, Expedition ~ expédition) or by an
equal number; otherwise they stay *unknown* and count for nothing.

Each known word also learns how often the document shows its translation (smoothed): a word
whose counterpart is nearly always there is strong evidence when it is missing, a word the
translator often renders freely is weak evidence. An omission leaves a contiguous stretch of
source words without counterpart; `uncovered_stretch` finds the stretch with the most evidence
(log-likelihood ratio in nats, maximum-sum subarray over the words in text order).

Entries need `MIN_COUNT` pairs, so one pair changing (an error, a fix) barely moves the table:
learning it on a slightly different version of the document gives the same answers.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from workbench.align.anchors import normalise_number, skeleton
from workbench.qa.context import Context
from workbench.qa.langid import FUNCTION_WORDS
from workbench.qa.model import Pair

#: Characters of a word kept as its stem.
STEM = 5
#: A table entry needs this many pairs holding both stems, and this Dice association.
MIN_COUNT = 2
MIN_DICE = 0.2
TOP_K = 4
#: Stems in more than this share of the pairs (and at least FREQUENT_MIN of them) carry no
#: content (articles, "said", "and" in a language whose function words we do not list).
FREQUENT = 0.15
FREQUENT_MIN = 20
#: Spelled alike across scripts: Jaro-Winkler similarity of the transliteration keys.
COGNATE = 0.86
COGNATE_MIN_LEN = 4
#: Chance that a word of an omitted stretch is covered anyway (by another occurrence of its
#: translation elsewhere in the pair).
CHANCE = 0.15
#: The rate key all numbers share: how often this document carries a number over.
NUMBER = "#"
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    stem: str
    key: str  # transliteration key (cognates), or the canonical number
    span: tuple[int, int]
    number: bool = False


def tokens(text: str) -> list[Token]:
    """Content tokens of a text in order: words that are not function words, and numbers."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        if word[0].isdigit():
            value = normalise_number(word)
            out.append(Token("#" + value, value, m.span(), True))
            continue
        folded = word.casefold()
        if len(folded) < 2 or folded in FUNCTION_WORDS:
            continue
        out.append(Token(folded[:STEM], skeleton(word), m.span()))
    return out


@dataclass
class Coverage:
    """One side of a pair against the other: its tokens and which of them are covered."""

    tokens: list[Token]
    known: list[bool]  # the table (or a cognate, or a number) says something about the token
    covered: list[bool]
    rates: list[float]  # how often the document covers the token's stem
    matched: list[tuple[int, int] | None] = field(default_factory=list)  # span in the other

    @property
    def share(self) -> float | None:
        """Covered share of the known tokens (None when none is known)."""
        n = sum(self.known)
        return sum(c for c, k in zip(self.covered, self.known, strict=True) if k) / n if n else None


@dataclass
class Stretch:
    """The most suspicious run of uncovered tokens: evidence in nats and where it lies."""

    score: float
    span: tuple[int, int]
    uncovered: int


@dataclass
class _Cover:
    """What `Lexicon.coverage` finds before the rates: a pure function of the two texts, the
    side and what the table says of `text`'s stems (`_Parts.signature`)."""

    tokens: list[Token]
    known: list[bool]
    covered: list[bool]
    matched: list[tuple[int, int] | None]


@dataclass
class _Parts:
    """Per-text pieces of a lexicon kept from one learning to the next: each text's tokens and
    each pair's coverage by the table, keyed by everything it was computed from. A re-check
    after one paragraph changed computes only what is new (the changed pair's, and that of
    pairs whose stems the table now answers otherwise), and adds up the rest; since every
    piece is a pure function of its key, the sum is what learning from scratch gives."""

    old: dict[object, object] = field(default_factory=dict)
    new: dict[object, object] = field(default_factory=dict)
    #: per table (by id, the table kept alive here): its entries as tuples
    _views: dict[int, tuple[dict[str, set[str]], dict[str, tuple[str, ...]]]] = field(
        default_factory=dict, repr=False
    )

    def _get(self, key: object) -> object | None:
        hit = self.new.get(key)
        if hit is None:
            hit = self.old.get(key)
            if hit is not None:
                self.new[key] = hit
        return hit

    def tokens(self, text: str) -> list[Token]:
        key = ("tokens", text)
        hit = self._get(key)
        if hit is None:
            hit = self.new[key] = tokens(text)
        return hit  # type: ignore[return-value]

    def stems(self, text: str) -> set[str]:
        """The text's word stems (no numbers): what a pair adds to the table's counts."""
        key = ("stems", text)
        hit = self._get(key)
        if hit is None:
            hit = self.new[key] = frozenset(t.stem for t in self.tokens(text) if not t.number)
        return hit  # type: ignore[return-value]

    def signature(
        self, text: str, table: dict[str, set[str]], skip: set[str]
    ) -> tuple[tuple[bool, tuple[str, ...]], ...]:
        """Everything coverage reads of the table for `text`: per stem (in text order) whether
        it is skipped and its entries in iteration order (the order breaks ties)."""
        view = self._views.get(id(table))
        if view is None or view[0] is not table:
            view = self._views[id(table)] = (table, {s: tuple(e) for s, e in table.items()})
        entries = view[1]
        return tuple((stem in skip, entries.get(stem, ())) for stem in self.ordered_stems(text))

    def ordered_stems(self, text: str) -> tuple[str, ...]:
        key = ("ordered", text)
        hit = self._get(key)
        if hit is None:
            hit = self.new[key] = tuple(
                dict.fromkeys(t.stem for t in self.tokens(text) if not t.number)
            )
        return hit  # type: ignore[return-value]

    def cover(
        self, text: str, other: str, side: str, table: dict[str, set[str]], skip: set[str]
    ) -> _Cover:
        key = ("cover", side, text, other, self.signature(text, table, skip))
        hit = self._get(key)
        if hit is None:
            hit = self.new[key] = _cover(self.tokens(text), self.tokens(other), table, skip)
        return hit  # type: ignore[return-value]

    def successor(self) -> _Parts:
        """The parts for the next learning: what this one used (or computed) since."""
        return _Parts(old=self.new)


def _cover(
    text: list[Token], other: list[Token], table: dict[str, set[str]], skip: set[str]
) -> _Cover:
    """Which content tokens of `text` find a counterpart in `other` (see Lexicon.coverage)."""
    toks = [t for t in text if t.stem not in skip]
    others = other
    keys = [o.key if not o.number and len(o.key) >= COGNATE_MIN_LEN else "" for o in others]
    by_stem: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(others):
        by_stem[t.stem].append(i)
    used: set[int] = set()
    known, covered, matched = [], [], []
    for n, tok in enumerate(toks):
        where = (n + 0.5) / len(toks)
        if tok.number:
            options = [i for i in by_stem.get(tok.stem, ()) if i not in used]
            knows = True
        else:
            entries = table.get(tok.stem, ())
            options = [i for e in entries for i in by_stem.get(e, ()) if i not in used]
            if not options:
                options = _cognates(tok.key, keys, used)
            knows = bool(entries) or bool(options)
        match = None
        if options:
            # each occurrence on the other side answers one token: the nearest in place
            best = min(options, key=lambda i: abs((i + 0.5) / len(others) - where))
            used.add(best)
            match = others[best].span
        matched.append(match)
        known.append(knows)
        covered.append(bool(options))
    return _Cover(toks, known, covered, matched)


@dataclass
class Lexicon:
    """The document's word-translation table (both directions) and its coverage habits."""

    table: dict[str, dict[str, set[str]]]  # side -> stem -> stems of the other side
    frequent: dict[str, set[str]]
    rate: dict[str, dict[str, float]] = field(default_factory=dict)
    _memo: dict[tuple[str, str, str], Coverage] = field(default_factory=dict, repr=False)
    _parts: _Parts = field(default_factory=_Parts, repr=False, compare=False)

    def coverage(self, text: str, other: str, side: str = "source") -> Coverage:
        """Which content tokens of `text` (on `side`) find a counterpart in `other`."""
        key = (side, text, other)
        if key in self._memo:
            return self._memo[key]
        found = self._parts.cover(text, other, side, self.table[side], self.frequent[side])
        rates = self.rate.get(side, {})
        rate = [rates.get(NUMBER if t.number else t.stem, 0.7) for t in found.tokens]
        result = Coverage(
            list(found.tokens), list(found.known), list(found.covered), rate, list(found.matched)
        )
        if len(self._memo) < 200_000:
            self._memo[key] = result
        return result


def _cognates(key: str, keys: list[str], used: set[int]) -> list[int]:
    """Unused tokens of the other side spelled like `key` (names, cognates across scripts);
    `keys` holds "" for tokens that cannot be cognates. One vectorised rapidfuzz call."""
    if len(key) < COGNATE_MIN_LEN:
        return []
    hits = process.extract(
        key, keys, scorer=JaroWinkler.normalized_similarity, score_cutoff=COGNATE, limit=None
    )
    return sorted(i for _, _, i in hits if keys[i] and i not in used)


def learn(pairs: Sequence[Pair], previous: Lexicon | None = None) -> Lexicon:
    """Learn the table and each stem's coverage rate from a document's two-sided pairs.

    `previous`: the lexicon learned before a change of the document; its per-text pieces
    (`_Parts`) are taken over where their inputs are unchanged, so that after one paragraph
    changed only that pair's coverage, and that of the pairs whose stems the table now
    answers otherwise, is computed again. The result is the same as without it.
    """
    parts = previous._parts.successor() if previous is not None else _Parts()
    rows = []
    for p in pairs:
        if p.source.strip() and p.target.strip():
            rows.append((parts.stems(p.source), parts.stems(p.target)))
    df_s: Counter[str] = Counter(s for row in rows for s in row[0])
    df_t: Counter[str] = Counter(t for row in rows for t in row[1])
    limit = max(FREQUENT_MIN, FREQUENT * len(rows))
    frequent = {
        "source": {s for s, n in df_s.items() if n > limit},
        "target": {t for t, n in df_t.items() if n > limit},
    }
    together: Counter[tuple[str, str]] = Counter()
    for src, tgt in rows:
        src = [s for s in src if df_s[s] >= MIN_COUNT and s not in frequent["source"]]
        tgt = [t for t in tgt if df_t[t] >= MIN_COUNT and t not in frequent["target"]]
        together.update((s, t) for s in src for t in tgt)
    best: dict[str, list[tuple[float, str]]] = defaultdict(list)
    back: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (s, t), c in together.items():
        if c < MIN_COUNT:
            continue
        dice = 2 * c / (df_s[s] + df_t[t])
        if dice >= MIN_DICE:
            best[s].append((dice, t))
            back[t].append((dice, s))
    table: dict[str, dict[str, set[str]]] = {"source": {}, "target": {}}
    for s, cands in best.items():
        table["source"][s] = {t for _, t in sorted(cands, reverse=True)[:TOP_K]}
    for t, cands in back.items():
        table["target"][t] = {s for _, s in sorted(cands, reverse=True)[:TOP_K]}
    lex = Lexicon(table, frequent, _parts=parts)
    for side in ("source", "target"):
        hits: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for p in pairs:
            if not (p.source.strip() and p.target.strip()):
                continue
            text, other = (p.source, p.target) if side == "source" else (p.target, p.source)
            cov = parts.cover(text, other, side, table[side], frequent[side])
            for tok, k, c in zip(cov.tokens, cov.known, cov.covered, strict=True):
                if k:
                    stem = NUMBER if tok.number else tok.stem
                    seen[stem] += 1
                    hits[stem] += c
        lex.rate[side] = {s: (hits[s] + 1) / (seen[s] + 2) for s in seen}
    return lex


def uncovered_stretch(cov: Coverage) -> Stretch | None:
    """The contiguous run of known tokens with the most evidence of having no counterpart.

    An uncovered token adds log((1 - CHANCE) / (1 - rate)), a covered one log(CHANCE / rate):
    the likelihood ratio of "this stretch was left out" against "translated as usual".
    """
    best: Stretch | None = None
    run, start, uncovered = 0.0, None, 0
    for tok, k, c, r in zip(cov.tokens, cov.known, cov.covered, cov.rates, strict=True):
        if not k:
            continue
        r = min(max(r, 0.05), 0.95)
        gain = math.log(CHANCE / r) if c else math.log((1 - CHANCE) / (1 - r))
        if run <= 0:
            run, start, uncovered = 0.0, tok.span[0], 0
        run += gain
        uncovered += not c
        if run > 0 and (best is None or run > best.score):
            best = Stretch(run, (start or 0, tok.span[1]), uncovered)
    return best


def lexicon(ctx: Context) -> Lexicon:
    """The document's table: given to `build_context`, or learned on first use."""
    return ctx.cached("lexicon", lambda c: learn(c.pairs, c.previous.get("lexicon")))

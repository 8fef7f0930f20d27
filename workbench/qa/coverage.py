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

Cost: a pair's coverage grows with its length about linearly, not with its square (a whole
book pasted as one paragraph, 200 KB a side, is covered in about a second): the nearest unused
occurrence is found by bisection in per-stem and per-spelling lists, and cognates are scored
once per pair of distinct spellings (word types), not per pair of tokens. The results are
exactly those of the plain scan (tests/test_qa_long_pairs.py compares them).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
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
#: Stem pairs are counted as one integer code each: source id * PAIR_BASE + target id.
PAIR_BASE = 1 << 31
#: Pair codes gathered before they are folded into the counts (bounds memory on huge rows).
CHUNK = 4_000_000
#: Spelled alike across scripts: Jaro-Winkler similarity of the transliteration keys.
COGNATE = 0.86
COGNATE_MIN_LEN = 4
#: Chance that a word of an omitted stretch is covered anyway (by another occurrence of its
#: translation elsewhere in the pair).
CHANCE = 0.15
#: Cognate look-ups score at most this many pairs of spellings at a time (memory).
_CDIST_CELLS = 1_000_000
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
    """Which content tokens of `text` find a counterpart in `other` (see Lexicon.coverage).

    Each token takes the nearest unused occurrence (by relative place) among its options: the
    other side's tokens with a stem the table gives it, else those spelled like it. Options
    are kept as sorted lists of unused positions per stem and per spelling, so the nearest is
    found by bisection instead of a scan of the other side; cognate spellings are looked up
    once per word type (`_Cognates`). The choice is the one `min` makes over the options in
    table order then text order: least distance, then the earlier option.
    """
    toks = [t for t in text if t.stem not in skip]
    others = other
    size = len(others)
    by_stem: dict[str, _Unused] = defaultdict(_Unused)  # unused positions, ascending
    by_key: dict[str, _Unused] = defaultdict(_Unused)  # those that can be cognates, by key
    for i, o in enumerate(others):
        by_stem[o.stem].append(i)
        if not o.number and len(o.key) >= COGNATE_MIN_LEN:
            by_key[o.key].append(i)
    for unused in (*by_stem.values(), *by_key.values()):
        unused.seal()
    cognates = _Cognates(
        by_key,
        [
            k
            for k in dict.fromkeys(t.key for t in toks if not t.number and not table.get(t.stem))
            if len(k) >= COGNATE_MIN_LEN
        ],
    )
    known, covered, matched = [], [], []
    for n, tok in enumerate(toks):
        where = (n + 0.5) / len(toks)
        if tok.number:
            best = _nearest([by_stem.get(tok.stem, _NONE)], where, size)
            knows = True
        else:
            entries = table.get(tok.stem, ())
            # one option list per entry, in the table's order: ties go to the earlier entry
            best = _nearest([by_stem.get(e, _NONE) for e in entries], where, size)
            if best is None:
                # one sorted list of options in the original: ties go to the earlier place
                best = _nearest(cognates.lists(tok.key), where, size, ranked=False)
            knows = bool(entries) or best is not None
        match = None
        if best is not None:
            # each occurrence on the other side answers one token: the nearest in place
            used = others[best]
            by_stem[used.stem].remove(best)
            if used.key in by_key and not used.number:
                by_key[used.key].remove(best)
            match = used.span
        matched.append(match)
        known.append(knows)
        covered.append(best is not None)
    return _Cover(toks, known, covered, matched)


def _distance(i: int, size: int, where: float) -> float:
    """How far position `i` of `size` lies from relative place `where` (the order of choice)."""
    return abs((i + 0.5) / size - where)


class _Unused:
    """The unused positions of one stem or spelling on the other side, ascending.

    Positions are appended in ascending order while the other side is read, then only
    removed. A short list is deleted from; in a long one a removal marks the position used
    instead (deleting from the middle of a Python list moves the rest: a word repeated a
    million times made a long pair's coverage quadratic, a 5 MB one-line file's QA took twelve
    minutes), and two union-find forests with path halving find the nearest unused position at
    or after, and at or before, any index in about constant time."""

    __slots__ = ("_after", "_before", "alive", "positions")

    #: Lists up to this long are deleted from (moving 64 entries costs less than the forests).
    SHORT = 64

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.alive = 0
        # per index, an index at or after it nearer an unused one (None: a short list)
        self._after: list[int] | None = None
        self._before: list[int] | None = None  # the same towards the start, shifted by one

    def __bool__(self) -> bool:
        return self.alive > 0

    def append(self, position: int) -> None:
        """Add the next (largest) position, before `seal`."""
        self.positions.append(position)
        self.alive += 1

    def seal(self) -> None:
        """End the building: from now on positions are only looked up and removed."""
        n = len(self.positions)
        if n > self.SHORT:
            self._after = list(range(n + 1))  # index n: past the end, never used
            self._before = list(range(n + 1))  # index 0: before the start, never used

    def at_or_after(self, k: int) -> int:
        """The index of the first unused position at index k or later (len: none)."""
        parent = self._after
        if parent is None:
            return k
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def at_or_before(self, k: int) -> int:
        """The index of the last unused position at index k or earlier (-1: none)."""
        parent = self._before
        if parent is None:
            return k
        k += 1
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k - 1

    def remove(self, position: int) -> None:
        """Mark a position used (nothing if it is not here or already used)."""
        positions = self.positions
        k = bisect_left(positions, position)
        if k == len(positions) or positions[k] != position:
            return
        if self._after is None or self._before is None:
            del positions[k]
        elif self.at_or_after(k) == k:
            self._after[k] = k + 1
            self._before[k + 1] = k
        else:
            return
        self.alive -= 1


_NONE = _Unused()


def _first_at_or_after(positions: list[int], where: float, size: int) -> int:
    """`bisect_left(positions, where, key=lambda i: (i + 0.5) / size)`: the first index whose
    relative place is at or after `where`. Bisected on the integers (a key function called
    twenty times a token was a third of a long pair's coverage), then set right where
    rounding put it a place off."""
    k = bisect_left(positions, where * size - 0.5)
    while k > 0 and (positions[k - 1] + 0.5) / size >= where:
        k -= 1
    while k < len(positions) and (positions[k] + 0.5) / size < where:
        k += 1
    return k


def _nearest(lists: list[_Unused], where: float, size: int, ranked: bool = True) -> int | None:
    """The position `min(options, key=distance)` picks, where options are the unused positions
    of `lists` (each ascending) concatenated (`ranked`) or merged into one ascending list (not
    `ranked`): the least distance, ties to the earlier list, then to the lower position.

    Distance falls and then rises along an ascending list, so its least lies at the last
    position before `where` or the first one after it (runs of equal distances included)."""
    best: tuple[float, int, int] | None = None
    for rank, unused in enumerate(lists):
        if not unused:
            continue
        positions = unused.positions
        short = unused._after is None  # every position listed is unused: no look-ups
        k = _first_at_or_after(positions, where, size)
        for j in (k - 1, k) if short else (unused.at_or_before(k - 1), unused.at_or_after(k)):
            if not 0 <= j < len(positions):
                continue
            d = _distance(positions[j], size, where)
            while j > 0:
                prev = j - 1 if short else unused.at_or_before(j - 1)
                if prev < 0 or _distance(positions[prev], size, where) != d:
                    break
                j = prev  # equal distances (rounding): the lowest position comes first
            cand = (d, rank if ranked else 0, positions[j])
            if best is None or cand < best:
                best = cand
    return None if best is None else best[2]


class _Cognates:
    """The other side's spellings like a key (names, cognates across scripts): Jaro-Winkler
    similarity of transliteration keys of at least `COGNATE`. Looked up once per distinct key
    against the other side's distinct keys (a pair's word types, not its tokens): the keys
    `wanted` for sure (those of words the table knows nothing of) all at once on first use,
    any other when asked."""

    def __init__(self, by_key: dict[str, _Unused], wanted: Sequence[str]) -> None:
        self.by_key = by_key
        self.choices = list(by_key)
        self.wanted = wanted
        self.found: dict[str, list[str]] = {}

    def lists(self, key: str) -> list[_Unused]:
        """The unused positions of each spelling like `key` (kept current)."""
        if len(key) < COGNATE_MIN_LEN or not self.choices:
            return []
        if key not in self.found:
            self._look_up([key, *self.wanted] if self.wanted else [key])
            self.wanted = ()
        return [self.by_key[k] for k in self.found[key]]

    def _look_up(self, keys: Sequence[str]) -> None:
        keys = [k for k in dict.fromkeys(keys) if k not in self.found]
        rows = max(1, _CDIST_CELLS // len(self.choices))  # a bounded score matrix at a time
        for start in range(0, len(keys), rows):
            chunk = keys[start : start + rows]
            scores = process.cdist(
                chunk,
                self.choices,
                scorer=JaroWinkler.normalized_similarity,
                score_cutoff=COGNATE,  # scores below are 0
            )
            for key, row in zip(chunk, scores, strict=True):
                self.found[key] = [self.choices[j] for j in row.nonzero()[0]]


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
    kept = [
        (
            [s for s in src if df_s[s] >= MIN_COUNT and s not in frequent["source"]],
            [t for t in tgt if df_t[t] >= MIN_COUNT and t not in frequent["target"]],
        )
        for src, tgt in rows
    ]
    table = _table(kept, df_s, df_t)
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


def _table(
    rows: list[tuple[list[str], list[str]]], df_s: Counter[str], df_t: Counter[str]
) -> dict[str, dict[str, set[str]]]:
    """Each stem's best TOP_K partners (Dice, then the later spelling first on ties) among the
    stems found with it in at least MIN_COUNT rows with a Dice of at least MIN_DICE, both ways.

    Counted in numpy: a chapter-long pair alone holds half a million pairs of stems, and a
    document of chapters associates hundreds of thousands of rare ones. Pair codes are folded
    in chunks, so memory stays bounded on huge rows.
    """
    ids_s: dict[str, int] = {}
    ids_t: dict[str, int] = {}
    chunks: list[np.ndarray] = []
    size = 0
    acc = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    for src, tgt in rows:
        if not src or not tgt:
            continue
        a = np.array([ids_s.setdefault(s, len(ids_s)) for s in src], np.int64)
        b = np.array([ids_t.setdefault(t, len(ids_t)) for t in tgt], np.int64)
        chunks.append((a[:, None] * PAIR_BASE + b[None, :]).ravel())
        size += chunks[-1].size
        if size > CHUNK:
            acc, chunks, size = _merge(acc, chunks), [], 0
    codes, counts, first = _merge(acc, chunks)
    names_s, names_t = list(ids_s), list(ids_t)
    si, ti = codes // PAIR_BASE, codes % PAIR_BASE
    dfs = np.array([df_s[s] for s in names_s], np.float64)
    dft = np.array([df_t[t] for t in names_t], np.float64)
    dice = 2 * counts / (dfs[si] + dft[ti]) if codes.size else np.zeros(0)
    keep = (counts >= MIN_COUNT) & (dice >= MIN_DICE)
    si, ti, dice, first = si[keep], ti[keep], dice[keep], first[keep]
    return {
        "source": _best(si, ti, dice, first, names_s, names_t),
        "target": _best(ti, si, dice, first, names_t, names_s),
    }


def _best(key, partner, dice, first, key_names: list[str], partner_names: list[str]):
    """Per key stem (in the order its first association occurs) its TOP_K best partners."""
    if not key.size:
        return {}
    spelling = np.empty(len(partner_names), np.int64)
    spelling[sorted(range(len(partner_names)), key=partner_names.__getitem__)] = np.arange(
        len(partner_names)
    )
    order = np.lexsort((-spelling[partner], -dice, key))
    grouped = key[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(order.size) - np.repeat(starts, np.diff(np.r_[starts, order.size]))
    top = order[rank < TOP_K]
    earliest = np.full(len(key_names), np.iinfo(np.int64).max)
    np.minimum.at(earliest, key, first)
    table: dict[str, set[str]] = {}
    for k in np.argsort(earliest, kind="stable")[: np.unique(key).size].tolist():
        table[key_names[k]] = set()
    for k, p in zip(key[top].tolist(), partner[top].tolist(), strict=True):
        table[key_names[k]].add(partner_names[p])
    return table


def _merge(acc, chunks: list[np.ndarray]):
    """Fold new pair codes (in row order) into (codes, counts, first position) so far."""
    codes, counts, first = acc
    if not chunks:
        return acc
    new = np.concatenate(chunks)
    start = int(first.max()) + 1 if first.size else 0
    all_codes = np.concatenate([codes, new])
    all_counts = np.concatenate([counts, np.ones(new.size, np.int64)])
    all_first = np.concatenate([first, start + np.arange(new.size, dtype=np.int64)])
    # the folded codes are distinct and come first, the new ones in row order: a code's first
    # index in this array (np.unique's is the first) holds its earliest position
    uniq, index, inverse = np.unique(all_codes, return_index=True, return_inverse=True)
    total = np.bincount(inverse, weights=all_counts, minlength=uniq.size).astype(np.int64)
    return uniq, total, all_first[index]


def token_evidence(covered: bool, rate: float) -> float:
    """Nats a known token adds to the evidence that the text around it was left out: an
    uncovered one log((1 - CHANCE) / (1 - rate)), a covered one log(CHANCE / rate), `rate`
    being how often the document covers its stem: the likelihood ratio of "left out" against
    "translated as usual"."""
    r = min(max(rate, 0.05), 0.95)
    return math.log(CHANCE / r) if covered else math.log((1 - CHANCE) / (1 - r))


def uncovered_stretch(cov: Coverage) -> Stretch | None:
    """The contiguous run of known tokens with the most evidence of having no counterpart
    (the largest sum of `token_evidence`)."""
    best: Stretch | None = None
    run, start, uncovered = 0.0, None, 0
    for tok, k, c, r in zip(cov.tokens, cov.known, cov.covered, cov.rates, strict=True):
        if not k:
            continue
        gain = token_evidence(c, r)
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

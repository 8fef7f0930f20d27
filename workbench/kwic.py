"""Pure text helpers for search and the concordance: folding, word spans, highlights, KWIC.

No database and no Flask: texts and offsets in, offsets and parts out. Offsets are Python string
indices into the original text, so a template escapes each part on its own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from workbench.align.anchors import name_similarity, skeleton
from workbench.textfold import MARK_CLASS, fold, unmarked

#: A word as the index sees it: a run of letters, digits and marks, Latin combining marks (the
#: tokenizer keeps them inside a word) and Hebrew/Arabic ones (the index drops them first) too.
_TOKEN = re.compile(rf"[^\W_]+(?:[\u0300-\u036f{MARK_CLASS}][^\W_]*)*", re.UNICODE)
#: A word of letters, its Hebrew/Arabic vowel marks inside it ("الدَّرْسَ" is one word, not three).
_LETTERS = re.compile(rf"[^\W\d_]+(?:[{MARK_CLASS}][^\W\d_]*)*", re.UNICODE)
_QUOTED = re.compile(r'"([^"]*)"|(\S+)')
_FTS_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_NEAR_DISTANCE = re.compile(r"\d+\)+$")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    folded: str


def tokens(text: str) -> list[Token]:
    """The words of a text with their offsets and folded forms."""
    return [Token(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class Term:
    """A word or a phrase to look for; `prefix`: its last word may continue ("declar*")."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        """This term as an FTS5 phrase: every word quoted, so no input is FTS5 syntax."""
        phrase = " ".join(self.words).replace('"', '""')
        return f'"{phrase}"' + ("*" if self.prefix else "")


def parse_terms(query: str) -> list[Term]:
    """Words and "quoted phrases" of a plain query; a trailing * makes a prefix."""
    terms = []
    for match in _QUOTED.finditer(query or ""):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        prefix = raw.endswith("*")
        words = tuple(t.folded for t in tokens(raw))
        if words:
            terms.append(Term(words, prefix))
    return terms


def fts_words(query: str) -> list[Term]:
    """The bare words of an advanced FTS5 query, to highlight them: operators left out (FTS5's
    are upper case and outside quotes: "liberty and security" is a phrase of three words),
    and a NEAR group's distance (`NEAR(general assembly, 10)`)."""
    terms = []
    after_comma = False  # the previous bare word ended a NEAR group's phrases
    for match in _QUOTED.finditer(query or ""):
        quoted = match.group(1) is not None
        raw = match.group(1) if quoted else match.group(2)
        distance = not quoted and after_comma and _NEAR_DISTANCE.match(raw)
        after_comma = not quoted and raw.endswith(",")
        if not quoted and (raw.lstrip("(") in _FTS_OPERATORS or raw.endswith(":") or distance):
            continue
        if not quoted:
            raw = raw.split(":", 1)[-1]
            raw = raw.split("(", 1)[-1] if raw.split("(", 1)[0] in _FTS_OPERATORS else raw
        words = tuple(t.folded for t in tokens(raw))
        if words:
            terms.append(Term(words, raw.rstrip("),").endswith("*")))
    return terms


def term_spans(text: str, terms: Sequence[Term]) -> list[tuple[int, int]]:
    """Where the terms occur in `text`, as sorted, non-overlapping (start, end) offsets."""
    words = tokens(text)
    spans = []
    for term in terms:
        n = len(term.words)
        for i in range(len(words) - n + 1):
            window = words[i : i + n]
            if all(w.folded == t for w, t in zip(window[:-1], term.words[:-1], strict=True)):
                last, wanted = window[-1].folded, term.words[-1]
                if last == wanted or (term.prefix and last.startswith(wanted)):
                    spans.append((window[0].start, window[-1].end))
    return merge_spans(spans)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and join those that overlap."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def parts(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The text cut at the spans: (piece, highlighted), for a template to escape one by one."""
    out: list[tuple[str, bool]] = []
    at = 0
    for start, end in merge_spans(spans):
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text) or not out:
        out.append((text[at:], False))
    return out


# -- key word in context ----------------------------------------------------------------------


@dataclass(frozen=True)
class Kwic:
    left: str
    keyword: str
    right: str


def kwic(text: str, start: int, end: int, width: int = 60) -> Kwic:
    """The keyword at [start, end) with about `width` characters each side, cut at spaces."""
    left = text[max(0, start - width) : start]
    if start > width and " " in left:
        left = "…" + left[left.index(" ") + 1 :]
    right = text[end : end + width]
    if len(text) - end > width and " " in right:
        right = right[: right.rindex(" ")] + "…"
    return Kwic(left, text[start:end], right)


# -- likely translations ------------------------------------------------------------------------

#: A candidate must co-occur at least this well (Dice) or be a cognate at least this similar.
MIN_DICE = 0.2
MIN_COGNATE = 0.85


def word_keys(text: str) -> list[tuple[int, int, str]]:
    """(start, end, skeleton) of each word: the script-neutral key the aligner also uses, of the
    word without vowel marks (transliterated, "الدَّرْسَ" would not share "الدرس"'s key)."""
    out = []
    for match in _LETTERS.finditer(text):
        key = skeleton(unmarked(match.group()))
        if key:
            out.append((match.start(), match.end(), key))
    return out


def contains_term(text: str, term: Term) -> bool:
    return bool(term_spans(text, [term]))


@dataclass
class TranslationTable:
    """Dice co-occurrence of one term with the other side's words over confident links.

    The aligner's lexicon (align/lexicon.py) keeps only pairs seen three times with Dice ≥ 0.6,
    which is right for re-aligning but leaves most concordance terms without a candidate; here
    one term is scored against every word it met, and cognates count too (Хрущёв ~ Hrushovi).
    """

    term: Term
    with_term: int
    pair: Counter[str]
    other: Counter[str]

    @classmethod
    def learn(cls, term: Term, pairs: Iterable[tuple[str, str]]) -> TranslationTable:
        """`pairs`: (text on the term's side, text on the other side) of confident links."""
        pair: Counter[str] = Counter()
        other: Counter[str] = Counter()
        with_term = 0
        for own, theirs in pairs:
            keys = {key for _, _, key in word_keys(theirs)}
            other.update(keys)
            if contains_term(own, term):
                with_term += 1
                pair.update(keys)
        return cls(term, with_term, pair, other)

    def dice(self, key: str) -> float:
        together = self.pair.get(key, 0)
        return 2 * together / (self.with_term + self.other[key]) if together else 0.0

    @cached_property
    def floor(self) -> float:
        """Half the best Dice of any word: a word far behind the best is noise ("u", "tha")."""
        best = max((self.dice(key) for key in self.pair), default=0.0)
        return max(MIN_DICE, best / 2)

    def score(self, word: str, key: str) -> float:
        """How likely `word` (other side) translates the term: Dice, or cognate similarity."""
        dice = self.dice(key)
        cognate = (
            name_similarity(" ".join(self.term.words), unmarked(word)) if len(key) > 3 else 0.0
        )
        return max(dice if dice >= self.floor else 0.0, cognate if cognate >= MIN_COGNATE else 0.0)

    def best(self, text: str) -> tuple[int, int] | None:
        """The span of the word in `text` that most likely translates the term, if any."""
        best, where = 0.0, None
        for start, end, key in word_keys(text):
            value = self.score(text[start:end], key)
            if value > best:
                best, where = value, (start, end)
        return where if best > 0 else None


def candidate_counts(found: Iterable[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """How often each (translation, language) was picked, most frequent first (case folded).

    Spellings with and without Hebrew/Arabic vowel marks are one translation, shown as it is
    most often written; accents on other letters still tell words apart ("côte", "coté")."""
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for word, language in found:
        spelling = word.casefold()
        spellings[(unmarked(spelling), language)][spelling] += 1
    counts = [
        (written.most_common(1)[0][0], language, written.total())
        for (_, language), written in spellings.items()
    ]
    return sorted(counts, key=lambda c: (-c[2], c[0]))

"""Glossary check: a source term whose required translation is missing, or a forbidden one.

Albanian and Russian inflect heavily (Kombet e Bashkuara ~ Kombeve të Bashkuara, Генеральная
Ассамблея ~ Генеральной Ассамблеи), so a term word matches a text word that starts with the
term word's stem (the word less up to a third of its end) or is close to it (rapidfuzz ratio);
short function words inside a term match any short word. `partial_ratio` first rules out
texts that cannot contain the term at all, which keeps large glossaries cheap.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from workbench.qa.context import Context
from workbench.qa.model import Finding, Pair, Span

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
PREFILTER = 70
WORD_RATIO = 85


@lru_cache(maxsize=20_000)
def _term_words(term: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(term))


def _word_matches(word: str, token: str) -> bool:
    if len(word) <= 3:
        return token == word or (len(word) <= 2 and len(token) <= 3)
    stem = word[: len(word) - min(3, len(word) // 3)]
    if token.startswith(stem) and len(token) <= len(word) + 4:
        return True
    return fuzz.ratio(word, token) >= WORD_RATIO


def find_term(term: str, text: str) -> list[Span]:
    """Where `term` occurs in `text`, tolerant of inflection and small spelling differences."""
    words = _term_words(term)
    if not words or not text:
        return []
    if fuzz.partial_ratio(term.casefold(), text.casefold()) < PREFILTER:
        return []
    tokens = [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]
    spans = []
    for i in range(len(tokens) - len(words) + 1):
        window = tokens[i : i + len(words)]
        if all(_word_matches(w, tok) for w, (tok, _, _) in zip(words, window, strict=True)):
            # a term of only short words must be a long enough hit to mean anything
            if all(len(w) <= 2 for w in words):
                continue
            spans.append((window[0][1], window[-1][2]))
    return spans


def check_glossary(pair: Pair, ctx: Context) -> list[Finding]:
    """For each glossary term in the source: its target term must be there, forbidden ones not."""
    findings = []
    for term in ctx.glossary:
        src_spans = find_term(term.source, pair.source)
        if src_spans and not find_term(term.target, pair.target):
            findings.append(
                Finding(
                    "glossary",
                    "major",
                    f"glossary: “{term.source}” should be translated as “{term.target}”",
                    source_spans=src_spans,
                )
            )
        for variant in term.forbidden:
            used = find_term(variant, pair.target)
            if used:
                findings.append(
                    Finding(
                        "glossary",
                        "major",
                        f"glossary: “{variant}” is not to be used (“{term.source}” → "
                        f"“{term.target}”)",
                        source_spans=src_spans,
                        target_spans=used,
                    )
                )
    return findings

"""Untranslated text: a target that equals its source, or that is written in another language,
or a sentence of it copied from the source while the rest is translated.

A target (or a sentence of it) equal to its source is not reported when it is short or only
names (every word capitalised, not shouted): names and titles stay the same in every language.
Two versions in one language (two English translations compared) are never "untranslated".
"""

from __future__ import annotations

import re
import unicodedata

from workbench.languages import primary
from workbench.qa.context import Context
from workbench.qa.langid import SUPPORTED, guess
from workbench.qa.model import Finding, Pair
from workbench.segment import sentence_spans

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NAMES = {"en": "English", "sq": "Albanian", "de": "German", "fr": "French", "ru": "Russian"}


def normalise(text: str) -> str:
    """Case, accents of compatibility forms, punctuation and spacing do not count."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def _only_names(text: str) -> bool:
    """Whether every word of `text` is capitalised, not shouted: a list of names."""
    words = _WORD.findall(text)
    return bool(words) and all(w[0].isupper() for w in words) and not text.isupper()


def _worth_reporting(normalised: str, text: str, words: int = 3) -> bool:
    """Long enough not to be a name, a number or a title that stays the same ("Lhotse"), and
    not a list of names however long ("Nanga Parbat, Cho Oyu, Gasherbrum")."""
    letters = sum(c.isalpha() for c in normalised)
    counted = [w for w in normalised.split() if any(c.isalpha() for c in w)]
    return len(counted) >= words and letters >= 15 and not _only_names(text)


def _copied_sentences(pair: Pair, source: str, lang: str | None) -> list[tuple[int, int]]:
    """Spans of the target's sentences that stand word for word in the source: left
    untranslated inside a translated paragraph. Only prose (four words or more, three of them
    in lower case): a title cited as it was published ("Berge der Welt, Bd. XI", "The Alpine
    Journal, n° 293") keeps its language in every translation."""
    padded = f" {source} "
    spans = []
    for start, end in sentence_spans(pair.target, lang):
        text = pair.target[start:end]
        sentence = normalise(text)
        prose = sum(w.islower() and len(w) > 1 for w in _WORD.findall(text)) >= 3
        if prose and f" {sentence} " in padded and _worth_reporting(sentence, text, words=4):
            spans.append((start, end))
    return spans


def check_untranslated(pair: Pair, ctx: Context) -> list[Finding]:
    """Target identical to the source (beyond names and numbers), or in the wrong language,
    or one of its sentences copied from the source."""
    src, tgt = normalise(pair.source), normalise(pair.target)
    if not src or not tgt:
        return []
    if ctx.src_lang and ctx.tgt_lang and primary(ctx.src_lang) == primary(ctx.tgt_lang):
        return []  # two translations in one language: sharing text is no fault
    if src == tgt:
        if _worth_reporting(tgt, pair.target):
            return [Finding("untranslated", "critical", "target is identical to the source")]
        return []
    expected = ctx.tgt_lang
    found = guess(pair.target) if expected in SUPPORTED else None
    if found is not None and found != expected:
        return [
            Finding(
                "untranslated",
                "major",
                f"target reads as {_NAMES[found]}, not {_NAMES.get(expected, expected)}",
            )
        ]
    copied = _copied_sentences(pair, src, expected)
    if not copied:
        return []
    many = f"{len(copied)} sentences" if len(copied) > 1 else "a sentence"
    return [
        Finding(
            "untranslated",
            "major",
            f"{many} of the target left as in the source",
            target_spans=copied,
        )
    ]

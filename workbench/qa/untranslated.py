"""Untranslated text: a target that equals its source, or that is written in another language.

A target equal to its source is not reported when it is short or only names (every word
capitalised, not shouted): names and titles stay the same in every language.
"""

from __future__ import annotations

import re
import unicodedata

from workbench.qa.context import Context
from workbench.qa.langid import SUPPORTED, guess
from workbench.qa.model import Finding, Pair

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


def check_untranslated(pair: Pair, ctx: Context) -> list[Finding]:
    """Target identical to the source (beyond names and numbers), or in the wrong language."""
    src, tgt = normalise(pair.source), normalise(pair.target)
    if not src or not tgt:
        return []
    letters = sum(c.isalpha() for c in tgt)
    words = [w for w in tgt.split() if any(c.isalpha() for c in w)]
    # Short equal texts are mostly names, numbers or titles that stay the same ("Lhotse"), and
    # so are lists of names however long ("Nanga Parbat, Cho Oyu, Gasherbrum").
    if src == tgt and len(words) >= 3 and letters >= 15 and not _only_names(pair.target):
        return [Finding("untranslated", "critical", "target is identical to the source")]
    expected = ctx.tgt_lang
    if expected not in SUPPORTED:
        return []
    found = guess(pair.target)
    if found is None or found == expected:
        return []
    if ctx.src_lang == found and src == tgt:
        return []  # already reported above when long enough
    return [
        Finding(
            "untranslated",
            "major",
            f"target reads as {_NAMES[found]}, not {_NAMES.get(expected, expected)}",
        )
    ]

"""A small language guesser for the languages the workbench supports (en, sq, de, fr, ru).

Why not a PyPI identifier: the question is narrow ("is this target in the expected language
or in another one we know?"), texts are paragraphs, and frequent function words answer it
reliably with no model file, no download and no start-up cost. Each word counts 1/k towards
each of the k languages it belongs to; Cyrillic text is Russian; a few letters (ë, ß, é…) help.
"""

from __future__ import annotations

import re
from collections import Counter

_STOPWORDS = {
    "en": """the of and to in a is that for it as was with be by on not he i this are or his
        from at which but have an they you were her she there their all we my shall me him
        unto them will would what when who been has had its into every no any our these""",
    "sq": """të e dhe në i me për një që nga u është se do si ka nuk ai ajo por mbi kjo ky
        janë duhet çdo tij saj tyre kanë kishte ishte ishin atë këtë ata ato mund edhe ne
        pa deri tek te nëse cilët qoftë asnjë tha dhënë së prej sipas gjithë""",
    "de": """der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als
        auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem
        über einen so zum war haben nur oder aber vor zur bis mehr durch man wir ich""",
    "fr": """le la les de des et en un une du est que qui dans pour pas au il par sur se
        plus ne ce sont avec son sa ses aux a été nous vous ils elle leur leurs cette mais
        ou où y on comme tout être fait peut entre lui dont sans""",
    "ru": """и в не на что с по как а к из у за от о же то для это все так его но да ты
        бы или он она они мы вы я был была были быть при до если ни только их её каждый""",
}
_LETTERS = {"sq": "ëç", "de": "äöüß", "fr": "éèêàùâîôûœç"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

_OWNERS: dict[str, list[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words.split():
        _OWNERS.setdefault(_word, []).append(_lang)

SUPPORTED = frozenset(_STOPWORDS)
#: Every function word of every supported language (never a name).
FUNCTION_WORDS = frozenset(_OWNERS)


def scores(text: str) -> Counter[str]:
    """Evidence per language: shared function words split their weight."""
    tally: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        owners = _OWNERS.get(word)
        if owners:
            for lang in owners:
                tally[lang] += 1 / len(owners)
    lowered = text.lower()
    for lang, letters in _LETTERS.items():
        hits = sum(lowered.count(c) for c in letters)
        tally[lang] += min(hits, 5) * 0.3
    return tally


def guess(text: str, min_words: int = 5) -> str | None:
    """The language of `text` if the evidence is clear, else None."""
    words = _WORD.findall(text)
    if len(words) < min_words:
        return None
    cyrillic = sum(1 for w in words if _CYRILLIC.search(w))
    if cyrillic > 0.6 * len(words):
        return "ru"
    if cyrillic > 0.2 * len(words):
        return None
    tally = scores(text)
    tally.pop("ru", None)
    ranked = tally.most_common(2)
    if not ranked:
        return None
    best, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if score >= 2.5 and score >= 2.5 * second and score >= 0.12 * len(words):
        return best
    return None

"""Spelling keys of names, and which names of two texts stand for each other.

Names are compared across scripts and inflections with the aligner's transliteration key
(`anchors.skeleton`), a looser key (c ~ k, z ~ s, b ~ v) and a stem (the loose key without h,
one case ending and the suffix that makes an adjective of a name): Khrushchev ~ Hrushovi ~
Хрущёвым, Sarën ~ Sarah, Авраама ~ Abraham, Исавовой ~ Исав.

Two traditions of transliteration can drift further apart than that. Within one pair, a lost
name and a spare name of the other side that are loosely alike are taken for one name
(`spelled_otherwise`: Adah ~ Adën, Zohar ~ Цохара). Across the document, names that keep
turning up in the same pairs are paired by association (`learn_partners`): a name whose
translation is systematically another word (Esau ~ Исав, Jehovah ~ Господь) finds it there,
in any of its forms (`partnered`: Иаковлева as Иакова ~ James).

A first name may stand as its initial before the same surname (`initialled`: Robert Paragot ~
R. Paragot), and two names may run together in a scan (`run_together`: AlbertEggler).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import product

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from workbench.align.anchors import skeleton

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

#: Two names at least this alike (`similar`) are one name.
THRESHOLD = 0.84
#: Within one pair, a lost name and a spare name of the other side this alike are one name in
#: two spellings.
LOOSE = 0.72
#: Partners across the document: pairs holding both, and their Dice association.
PARTNER_MIN_COUNT = 2
PARTNER_MIN_DICE = 0.4
PARTNER_KEY = 5
_EXTRA_FOLDS = (("dz", "z"), ("c", "k"), ("z", "s"), ("b", "v"))
# Case and plural endings of the supported languages, as they look in a skeleton (ë -> e).
_ENDINGS = tuple(
    sorted(
        [
            "it",
            "in",
            "is",
            "es",
            "en",
            "ve",
            "ut",
            "un",
            "ov",
            "ev",
            "om",
            "em",
            "im",
            "ym",
            "oi",
            "ei",
            "ia",
            "iu",
            "ami",
            "ogo",
            "ego",
            "omu",
            "emu",
            "aia",
            "uiu",
            "ie",
            "ii",
            "a",
            "e",
            "i",
            "o",
            "u",
            "y",
            "s",
        ],
        key=len,
        reverse=True,
    )
)
_STEM_MIN = 3
# Suffixes that make an adjective of a name, left once its case ending is gone: Russian
# possessives (Исав-ов-ой, Ревекк-ин-а) and relational adjectives (Едем-ск-ого).
_ADJECTIVAL = ("sk", "ov", "ev", "in")
#: How far rapidfuzz's batched Jaro-Winkler may stray from the single comparison (a last-bit
#: difference of arithmetic): pairs this close below a cutoff are scored again by `similar`.
_SLACK = 1e-9
#: Up to this many pairs of words, `similarities` scores every pair by `similar` (cached)
#: rather than pay the fixed cost of rapidfuzz's batched calls.
_PAIRWISE_MAX = 64


@lru_cache(maxsize=100_000)
def name_key(word: str) -> tuple[str, str]:
    """Two spellings keys: the aligner's skeleton, and a looser one (c~k, z~s, b~v)."""
    key = skeleton(word)
    loose = key
    for a, b in _EXTRA_FOLDS:
        loose = loose.replace(a, b)
    return key, re.sub(r"(.)\1+", r"\1", loose)


@lru_cache(maxsize=100_000)
def name_stem(word: str) -> str:
    """The loose key without h (Hagar ~ Agar, Sarah ~ Sara), without one case ending, and
    without the suffix that makes an adjective of a name (Исавовой, Ревеккина, Едемского)."""
    stem = re.sub(r"(.)\1+", r"\1", name_key(word)[1].replace("h", ""))
    for ending in _ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) >= _STEM_MIN:
            stem = stem[: -len(ending)]
            break
    for suffix in _ADJECTIVAL:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= _STEM_MIN:
            return stem[: -len(suffix)]
    return stem


@lru_cache(maxsize=100_000)
def strict_stem(word: str) -> str:
    """The aligner's skeleton without one case ending: a name's forms share it (Pjetri,
    Pjetrin, Pjetrit), names a letter apart mostly do not (Zerahu, Serahu; Eberi, Heberi),
    as they share `name_stem`. A final -s is no ending here: Jezus, Мануш."""
    stem = name_key(word)[0]
    for ending in _ENDINGS:
        if ending != "s" and stem.endswith(ending) and len(stem) - len(ending) >= _STEM_MIN:
            return stem[: -len(ending)]
    return stem


@lru_cache(maxsize=200_000)
def similar(a: str, b: str) -> float:
    """Similarity of two names across scripts and inflections, the best of the keys."""
    (ka, la), (kb, lb) = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    best = max(JaroWinkler.normalized_similarity(ka, kb), JaroWinkler.normalized_similarity(la, lb))
    sa, sb = name_stem(a), name_stem(b)
    if min(len(sa), len(sb)) >= _STEM_MIN:
        best = max(best, JaroWinkler.normalized_similarity(sa, sb))
    return best


def similarities(names: Sequence[str], words: Sequence[str], cutoff: float) -> np.ndarray:
    """`similar` of every name (rows) with every word (columns) that is at least `cutoff`,
    0 for the others.

    A name is looked for among all the capitalised words of the other side, and in a
    chapter-long pair that is thousands of words: one comparison at a time in Python (and a
    cache of pairs too small to hold them) made long pairs slow. Here each word's keys are
    made once and each kind of key is compared list against list by rapidfuzz, which skips
    what cannot reach the cutoff. Its batched scores can differ from the single comparison's
    in the last bit, so they only pick the pairs near or above the cutoff, and `similar`
    scores those: what decides a finding is exactly what it was pair by pair. A low cutoff
    leaves many pairs to score one by one; the checks' cutoffs leave few. A few names against
    a few words (a verse) are all scored by `similar`: a batch would cost more than it saves.
    """
    candidates: Iterable[tuple[int, int]]
    if len(names) * len(words) <= _PAIRWISE_MAX:
        candidates = product(range(len(names)), range(len(words)))
    else:
        rough = _rough_similarities(names, words, max(cutoff - _SLACK, 0.0))
        rows, cols = np.nonzero(rough >= cutoff - _SLACK)
        candidates = zip(rows.tolist(), cols.tolist(), strict=True)
    scores = np.zeros((len(names), len(words)))
    for r, c in candidates:
        score = similar(names[r], words[c])
        if score >= cutoff:
            scores[r, c] = score
    return scores


def _rough_similarities(names: Sequence[str], words: Sequence[str], cutoff: float) -> np.ndarray:
    """`similar` of every name with every word in rapidfuzz's batched arithmetic (scores
    below `cutoff` as 0): the best of the keys per pair, the stems only where both are long
    enough, nothing for a word without a key, as `similar` takes them."""
    scores = np.zeros((len(names), len(words)))
    rows, cols = _Keys(names), _Keys(words)
    keyed = np.ix_(rows.keyed, cols.keyed)
    scores[keyed] = np.maximum(
        _jaro_winkler(_at(rows.key, rows.keyed), _at(cols.key, cols.keyed), cutoff),
        _jaro_winkler(_at(rows.loose, rows.keyed), _at(cols.loose, cols.keyed), cutoff),
    )
    stemmed = np.ix_(rows.stemmed, cols.stemmed)
    scores[stemmed] = np.maximum(
        scores[stemmed],
        _jaro_winkler(_at(rows.stem, rows.stemmed), _at(cols.stem, cols.stemmed), cutoff),
    )
    return scores


def alike_any(
    names: Sequence[str], words: Sequence[str], threshold: float = THRESHOLD
) -> list[bool]:
    """Per name, whether some word is at least `threshold` alike (`similar`): whether a name
    has a counterpart among the other side's words, asked of all a text's names at once."""
    if len(names) * len(words) <= _PAIRWISE_MAX:  # a verse: no arrays for a handful of words
        return [any(similar(n, w) >= threshold for w in words) for n in names]
    return (similarities(names, words, threshold).max(axis=1) >= threshold).tolist()


def _jaro_winkler(a: list[str], b: list[str], cutoff: float) -> np.ndarray:
    """Jaro-Winkler of every string of `a` with every string of `b` (0 below `cutoff`, which
    lets rapidfuzz skip pairs whose lengths alone rule them out)."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    return process.cdist(
        a,
        b,
        scorer=JaroWinkler.normalized_similarity,
        score_cutoff=cutoff,
        dtype=np.float64,
        workers=1,
    )


class _Keys:
    """The spelling keys of a list of words, made once per word, and which words `similar`
    compares by them: a word with an empty key (no letters the skeleton keeps) by none, a
    word with a short stem not by its stem."""

    def __init__(self, words: Sequence[str]) -> None:
        pairs = [name_key(w) for w in words]
        self.key = [k for k, _ in pairs]
        self.loose = [loose for _, loose in pairs]
        self.stem = [name_stem(w) for w in words]
        self.keyed = [i for i, k in enumerate(self.key) if k]
        self.stemmed = [i for i in self.keyed if len(self.stem[i]) >= _STEM_MIN]


def _at(keys: list[str], at: list[int]) -> list[str]:
    return [keys[i] for i in at]


def spelled_otherwise(lost: list[str], mine: list[str], capital: list[str]) -> set[str]:
    """Lost names that a spare name of the other side spells loosely alike (Adah ~ Adën,
    Zohar ~ Tsohari ~ Цохара, Reuben ~ Рувима): one transliteration tradition against another.

    `mine`: the capitalised words of this side; `capital`: those of the other side. A spare
    name is a capitalised word of the other side that answers none of `mine`; names and spares
    are paired one to one, most similar first (inflected forms of one name, Вефиля and
    Вефиль, count as one). A substituted name (Jacob for Esau) is another name, not another
    spelling, so it stays lost.
    """
    spare = [w for w, answers in zip(capital, alike_any(capital, mine), strict=True) if not answers]
    if not spare:
        return set()
    scored = sorted(_loosely_alike(lost, spare), key=lambda c: c[0], reverse=True)
    named: set[str] = set()
    taken: dict[str, str] = {}  # spare -> stem of the name it answers
    for score, name, word in scored:
        if score < LOOSE:
            break
        if name not in named and taken.get(word, name_stem(name)) == name_stem(name):
            named.add(name)
            taken[word] = name_stem(name)
    return named


def _loosely_alike(lost: list[str], spare: list[str]) -> list[tuple[float, str, str]]:
    """(score, name, spare) for every lost name and spare name at least LOOSE alike, name by
    name and spare by spare in the order given: `spelled_otherwise` sorts them by score, and
    this order settles its ties."""
    scores = similarities(lost, spare, LOOSE)
    rows, cols = np.nonzero(scores >= LOOSE)  # row-major: the order of the lists
    return [
        (float(scores[r, c]), lost[r], spare[c])
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
    ]


def partner_key(word: str) -> str:
    """The key names are paired by: the stem's first letters, so that inflections that keep
    more of their ending (Perëndia, Perëndisë, Perëndinë) share one."""
    return name_stem(word)[:PARTNER_KEY]


def partnered(name: str, words: Iterable[str], partners: dict[str, set[str]]) -> bool:
    """Whether one of `words` (the other side's) is a partner of `name` (`learn_partners`:
    key -> the other side's keys). Keys answer for each other when one begins the other: a
    form may keep more of its ending or suffix than the forms the pairing was learned from
    (Иаковлева ~ Иакова, Иудеи ~ Иудейского)."""
    key = partner_key(name)
    paired = {p for k, keys in partners.items() if _same_key(k, key) for p in keys}
    if not paired:
        return False
    return any(_same_key(partner_key(w), p) for w in words for p in paired)


def _same_key(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= _STEM_MIN and (a.startswith(b) or b.startswith(a))


def learn_partners(
    rows: Iterable[tuple[set[str], set[str]]],
) -> dict[str, dict[str, set[str]]]:
    """Names of either side paired with the other side's name they keep company with.

    `rows`: per pair, the keys (`partner_key`) of the source's names and of the target's
    names. Two keys are partners when each is the other's best association (Dice over pairs,
    at least PARTNER_MIN_COUNT pairs together): mutual best, so a name seen with many others
    (Abraham beside Isaac, Sarah, Lot) is paired with its own translation only. Returns side
    -> key -> partner keys of the other side.
    """
    df_s: Counter[str] = Counter()
    df_t: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for src, tgt in rows:
        df_s.update(src)
        df_t.update(tgt)
        together.update((s, t) for s in src for t in tgt)
    best_s: dict[str, tuple[float, int, str]] = {}
    best_t: dict[str, tuple[float, int, str]] = {}
    for (s, t), count in together.items():
        if count < PARTNER_MIN_COUNT:
            continue
        dice = 2 * count / (df_s[s] + df_t[t])
        if dice < PARTNER_MIN_DICE:
            continue
        if (dice, count, t) > best_s.get(s, (0.0, 0, "")):
            best_s[s] = (dice, count, t)
        if (dice, count, s) > best_t.get(t, (0.0, 0, "")):
            best_t[t] = (dice, count, s)
    partners: dict[str, dict[str, set[str]]] = {
        "source": defaultdict(set),
        "target": defaultdict(set),
    }
    for s, (_, _, t) in best_s.items():
        if best_t.get(t, (0, 0, ""))[2] == s:
            partners["source"][s].add(t)
            partners["target"][t].add(s)
    return {side: dict(table) for side, table in partners.items()}


def initialled(text: str, end: int, name: str, other: str) -> bool:
    """Whether `other` gives this first name as its initial before the same surname: Robert
    Paragot ~ R. Paragot, Heinrich Roiss ~ H. Roiss."""
    following = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    if following is None or not following.group()[0].isupper():
        return False
    surname = following.group()
    initial = re.escape(name[0].upper())
    for m in re.finditer(rf"(?<![^\W\d_]){initial}\s?\.\s?([^\W\d_]+)", other):
        if similar(surname, m.group(1)) >= THRESHOLD:
            return True
    return False


def run_together(word: str) -> list[str]:
    """The capitalised parts of a word written as several (AlbertEggler), else []."""
    cuts = [i for i in range(1, len(word)) if word[i].isupper() and word[i - 1].islower()]
    if not cuts:
        return []
    return [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]

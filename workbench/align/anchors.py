"""Anchors per segment: numbers, words (cognates, lexicon), punctuation, caption cues."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler

# A number with optional thousands groups ("80 000", "80,000", Swiss "80'000") or a decimal part
# ("4,5", "4.5"), or both when the decimal mark differs from the group mark ("1,234.56",
# "1.234,56", "1 234,56", "1'234.50": one number in every convention).
_GROUP = "[ \u00a0\u202f'\u2019]"  # marks that only ever group thousands
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<mixed>\d{1,3}(?P<mark>[ \u00a0\u202f'\u2019,.])\d{3}(?:(?P=mark)\d{3})*"
    r"(?!(?P=mark))[.,]\d+)(?![.,]?\d)"
    rf"|(?<![\w.,])(?P<spaced>\d{{1,3}}(?:{_GROUP}\d{{3}})+(?![\d]))"  # 80 000
    r"|(?P<grouped>\d{1,3}(?:[,.]\d{3})+)(?![,.]?\d)"  # 80,000 / 80.000
    r"|(?P<plain>\d+(?:[.,]\d+)?)"  # 1961 / 4,5 / 8847,60
)
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_QUOTES = '"«»„“”‚‘’‹›「」『』'
_END_PUNCT = ".?!:;…" + _QUOTES + ")"
# Digraphs that spell one sound differently across romanisations (Khrushchev ~ Hrushov, Ir ~ Il).
_SKELETON = [
    ("shch", "s"),
    ("sch", "s"),
    ("tsch", "c"),
    ("tch", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("zh", "z"),
    ("kh", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("ph", "f"),
    ("th", "t"),
    ("gh", "g"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("q", "k"),
    ("x", "ks"),
    ("ck", "k"),
]


def normalise_number(text: str) -> str:
    """Canonical form of a number so that 4.5 ~ 4,5 and 80 000 ~ 80,000 ~ 80000."""
    m = _NUMBER.search(text)
    return _normalise_match(m) if m else text


def _normalise_match(m: re.Match[str]) -> str:
    """Turn one regex match of _NUMBER into its canonical string."""
    if mixed := m.group("mixed"):
        point = max(mixed.rfind("."), mixed.rfind(","))  # the decimal mark is the last mark
        return _trimmed(re.sub(r"\D", "", mixed[:point]) + "." + mixed[point + 1 :])
    if grouped := m.group("spaced") or m.group("grouped"):
        return re.sub(r"\D", "", grouped)
    return _trimmed(m.group("plain").replace(",", "."))


def _trimmed(number: str) -> str:
    """Without leading zeros, nor trailing decimal zeros (4.50 is 4.5)."""
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number.lstrip("0") or "0"


def ascii_digits(text: str) -> str:
    """Digits of every script as 0-9, the same length (full-width １９６１, Arabic-Indic ١٩٦١,
    Devanagari १९६१ are 1961)."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def numbers(text: str) -> list[str]:
    """All numbers of a segment, canonicalised (dates count as their numbers: 10 Dec 1948),
    whatever script their digits are written in."""
    return [_normalise_match(m) for m in _NUMBER.finditer(ascii_digits(text))]


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """A script-neutral spelling key: transliterate, lowercase, fold digraphs and doubles."""
    s = anyascii(word).lower()
    s = re.sub(r"[^a-z]", "", s)
    for a, b in _SKELETON:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def words(text: str) -> list[str]:
    """Word tokens as skeletons (so Хрущёв and Khrushchev share a vocabulary)."""
    return [k for w in _WORD.findall(text) if (k := skeleton(w))]


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two names or cognates across scripts (Хрущёв ~ Hrushovi)."""
    ka, kb = skeleton(a), skeleton(b)
    if not ka or not kb:
        return 0.0
    return float(JaroWinkler.normalized_similarity(ka, kb))


def punctuation(text: str) -> list[str]:
    """Punctuation that survives translation: questions, exclamations, quotes, brackets."""
    out = []
    if "?" in text:
        out.append("?")
    if "!" in text:
        out.append("!")
    if any(q in text for q in _QUOTES) or "''" in text:
        out.append('"')
    if "(" in text or "[" in text:
        out.append("(")
    return out


def caption_like(text: str) -> bool:
    """Headers, captions and page furniture: short and without closing punctuation."""
    t = text.strip()
    if not t:
        return True
    n_words = len(t.split())
    return n_words <= 12 and t[-1] not in _END_PUNCT


def length(text: str) -> int:
    """Length used by the length model: characters without whitespace."""
    return len("".join(text.split()))


@dataclass
class Features:
    """Per-segment features of one side, computed once per text."""

    lengths: np.ndarray  # float64 (n,)
    numbers: list[list[str]]
    words: list[list[str]]
    punct: list[list[str]]
    caption: np.ndarray  # bool (n,)
    empty: np.ndarray  # bool (n,)
    surface: dict[str, str]  # skeleton -> first spelling seen, for human reasons


def extract(segments: list[str]) -> Features:
    """Compute all features of one side."""
    surface: dict[str, str] = {}
    word_lists = []
    for s in segments:
        ws = []
        for w in _WORD.findall(s):
            k = skeleton(w)
            if k:
                surface.setdefault(k, w)
                ws.append(k)
        word_lists.append(ws)
    return Features(
        lengths=np.array([length(s) for s in segments], dtype=np.float64),
        numbers=[numbers(s) for s in segments],
        words=word_lists,
        punct=[punctuation(s) for s in segments],
        caption=np.array([caption_like(s) for s in segments], dtype=bool),
        empty=np.array([not s.strip() for s in segments], dtype=bool),
        surface=surface,
    )

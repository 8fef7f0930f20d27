"""Proper names on one side with no counterpart on the other.

A word is a name in a document when it is capitalised in mid-sentence and never written in
lower case there (German capitalises every noun, so a German "name" must also look like a name
of the other side's document). Its counterpart is found across scripts and inflections by the
spelling keys of `namekeys` (Khrushchev ~ Hrushovi ~ Хрущёвым, Sarën, Исавовой); failing
that, by a name the document pairs it with (Esau ~ Исав), by a spare name of the other side
spelled loosely alike (Adah ~ Adën: another transliteration), by a lower-case word spelled all
but alike (Hebrews ~ hebrejve: a people written in lower case), by the rest of a name written
in parts (Beer-lahai-roi ~ Lahai-Roit), by its initial before the same surname (Robert Paragot
~ R. Paragot), or inside two names run together (Albert Eggler ~ AlbertEggler).
Names the translator systematically renders by another word (God ~ Zoti, Jehovah ~ Господь)
are learned from the document itself and left alone: a name is checked only when the document
shows its counterpart in at least one pair, and in at least half of the pairs it occurs in.
A form seen in one pair only is judged by its name's record over all forms sharing its stem
(Isakun by Isaku and Isakut): in a language that declines names most forms are rare. A dash
inside a word is a hyphen (Хацацон—Фамаре ~ Hazazon-tamar).

What a document shows must be more than chance. A spare name is a name: a capitalised word
that its side also writes in lower case (a sentence's first word, "Mos"; a noun capitalised
for reverence) stands for no name in another spelling. And in long pairs (whole chapters)
some word spelled loosely alike turns up for nearly anything, so a name's own pairs count
only when they show counterparts more often than pairs that do not translate each other
would by chance (`_records`). Without that, the words the Russian Synodal Bible capitalises
for reverence (Божий, Ангел, Мой), which it never writes in lower case, passed for names the
translator keeps, and were reported in every chapter that rendered them otherwise.

A finding's confidence is the evidence behind it: the share of the name's pairs in which the
translator carries it over (smoothed, so a name seen once is weak evidence), halved when the
side that lacks it has a third-person pronoun where the name stood (translators replace names
by "he", "ai", "он", "er", "il" all the time; "where" is as precise as the document's own
names keep their place), and cut further for a name in square brackets (an editor's
addition, a variant reading). A name lost on both sides of one pair (Hrushovi in the source,
Kennedy in the target) is a substitution and strong evidence whatever the rates.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from workbench.align.anchors import skeleton
from workbench.qa.context import Context
from workbench.qa.langid import FUNCTION_WORDS
from workbench.qa.model import Finding, Pair, Span
from workbench.qa.namekeys import (
    THRESHOLD,
    alike_any,
    initialled,
    learn_partners,
    name_key,
    name_stem,
    partner_key,
    run_together,
    similarities,
    spelled_otherwise,
)

CHECK = "names"
#: Share of its pairs in which a name must have a counterpart for the document to check it.
RATE = 0.5
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_OPENERS = "\"'“‘„‚«»‹›([{—–- \t\n\u00a0"
_ENDERS = ".!?…:;"
DERIVED_MIN = 4
#: A long name also answers to a lower-case word spelled all but alike: the languages that
#: write peoples and their adjectives in lower case (hebrejve ~ Hebrews, filistejtë).
LOWER = 0.9
LOWER_MIN = 6
#: A German capitalised word is a name when the other side has a name spelled this alike (edit
#: similarity of the keys: Jaro-Winkler's prefix bonus would let "Bär" pass for "Bara").
CONFIRMED = 0.8
_GERMAN_NOUN = re.compile(r"(?:ung|ungen|schaft|schaften|heit|heiten|keit|keiten|nis|nisse|tum)$")
#: Third-person personal pronouns by language (casefolded): a name often becomes one of these.
#: Possessives (his, tij, sein) are left out: "his father" is everywhere, with or without a name.
PRONOUNS = {
    "en": "he him she her they them",
    "sq": "ai ajo ata ato atij asaj atë atyre",
    "ru": "он его ему него нему ним нём она её ее ей неё нее ней они их им ними них",
    "de": "er ihn ihm sie",
    "fr": "il lui elle ils elles eux",
}
_PRONOUNS = {lang: frozenset(words.split()) for lang, words in PRONOUNS.items()}
_ALL_PRONOUNS = frozenset().union(*_PRONOUNS.values())
#: Confidence of a lost name when both sides of the pair lose one (a substitution).
SUBSTITUTION = 0.9
PRONOUN_FACTOR = 0.45
PRONOUN_WINDOW = 0.08
#: The pronoun window is this quantile of the document's own name displacements, when it has
#: at least DISPLACEMENT_MIN of them.
DISPLACEMENT = 0.75
DISPLACEMENT_MIN = 30
#: Mismatched pairs each name is also looked for in, to tell how often it finds a counterpart
#: by chance (see `_records`), and how many tries the side's overall rate weighs in a name's.
CHANCE_SHIFTS = 2
CHANCE_PRIOR = 20
#: A name's record of counterparts shows it carried over only when chance alone would give
#: as good a record at most this often.
CHANCE_LEVEL = 0.3
#: Names in square brackets are editorial (supplied words, variant readings): a translation
#: from another text tradition rightly lacks them.
EDITORIAL_FACTOR = 0.3


@lru_cache(maxsize=20_000)
def _tokens(text: str) -> tuple[tuple[str, int, int, bool], ...]:
    """(word, start, end, starts a sentence) for every word."""
    out = []
    for m in _WORD.finditer(text):
        i = m.start() - 1
        while i >= 0 and text[i] in _OPENERS:
            i -= 1
        out.append((m.group(), m.start(), m.end(), i < 0 or text[i] in _ENDERS))
    return tuple(out)


def _is_shouting(word: str) -> bool:
    return len(word) > 1 and word.isupper()


@dataclass
class _Side:
    """Which words are names on one side of a document."""

    names: set[str] = field(default_factory=set)
    keys: list[str] = field(default_factory=list)
    lower: frozenset[str] = frozenset()  # words the side writes in lower case (casefolded)


def _side(texts: list[str], parts: _Parts | None = None) -> _Side:
    parts = parts or _Parts()
    # which words are written so, in order of first appearance (how often is never read)
    capital: dict[str, None] = {}
    lower: dict[str, None] = {}
    for text in texts:
        caps, lows = parts.get(("case", text), lambda text=text: _cases(text))
        capital.update(caps)
        lower.update(lows)
    names = {
        w
        for w in capital
        if len(w) >= 3 and w not in lower and w not in FUNCTION_WORDS and skeleton(w)
    }
    return _Side(names, sorted({name_key(w)[0] for w in names}), frozenset(lower))


def _cases(text: str) -> tuple[dict[str, None], dict[str, None]]:
    """The words `text` writes capitalised in mid-sentence, and those it writes in lower
    case (casefolded, in order of first appearance)."""
    capital: dict[str, None] = {}
    lower: dict[str, None] = {}
    for word, _, _, initial in _tokens(text):
        folded = word.casefold()
        if word[0].islower():
            lower[folded] = None
        elif not initial and not _is_shouting(word):
            capital[folded] = None
    return capital, lower


@dataclass
class _Parts:
    """Per-pair pieces of a document's names model kept from one check to the next (see
    `coverage._Parts`): each is a pure function of its key, which holds the texts and just
    the part of the document-wide name sets the piece reads (the names among the text's
    words), so a re-check after one paragraph changed computes the changed pair's pieces
    and those of pairs whose own names changed, and the model comes out as from scratch."""

    old: dict[object, object] = field(default_factory=dict)
    new: dict[object, object] = field(default_factory=dict)

    def get(self, key: object, compute: Callable[[], Any]) -> Any:
        hit = self.new.get(key)
        if hit is None:
            hit = self.old.get(key)
            if hit is None:
                hit = compute()
            self.new[key] = hit
        return hit

    def words(self, text: str) -> frozenset[str]:
        """The casefolded words of `text` (what a name set is cut down to for a key)."""
        return self.get(("words", text), lambda: frozenset(w.casefold() for w, *_ in _tokens(text)))

    def answers(self, text: str) -> frozenset[str]:
        """The casefolded words of `text` that may answer for a name as a spare name (what
        `common` is cut down to for a key)."""
        return self.get(
            ("answers", text),
            lambda: frozenset(w.casefold() for w in _answers(text.translate(_DASHES))[0]),
        )

    def successor(self) -> _Parts:
        return _Parts(old=self.new)


@dataclass
class _Document:
    source: _Side
    target: _Side
    checked: dict[str, set[str]]  # side -> names worth checking there
    rate: dict[str, dict[str, float]] = field(default_factory=dict)  # side -> name -> rate
    # side -> names the translator renders by another word (Jehovah ~ Zoti), seen 2+ times
    otherwise: dict[str, set[str]] = field(default_factory=dict)
    # how far a name moves between the two texts (relative position), see _displacement
    window: float = PRONOUN_WINDOW
    # side -> name stem -> the other side's stems the document pairs it with (Esau ~ Исав)
    partners: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    _parts: _Parts = field(default_factory=_Parts, repr=False, compare=False)

    def side(self, name: str) -> _Side:
        return self.source if name == "source" else self.target


def _confirmed(word: str, other: _Side) -> bool:
    """Whether a German capitalised word also looks like a name of the other side.

    Nouns with a German derivational suffix (Besteigung, Gesellschaft) are common nouns even
    when the other side quotes them (a German book title inside the French text).
    """
    if _GERMAN_NOUN.search(word):
        return False
    key = name_key(word)[0]
    hit = process.extractOne(key, other.keys, scorer=Levenshtein.normalized_similarity)
    return bool(hit and hit[1] >= CONFIRMED)


def _document(ctx: Context) -> _Document:
    """What the document shows of its names. Learned from the per-pair pieces of the last
    check's model (`ctx.previous`), where their inputs are unchanged (see `_Parts`)."""
    previous: _Document | None = ctx.previous.get("names")
    parts = previous._parts.successor() if previous is not None else _Parts()
    source = _side([p.source for p in ctx.pairs], parts)
    target = _side([p.target for p in ctx.pairs], parts)
    if ctx.src_lang == "de":
        source.names = {w for w in source.names if _confirmed(w, target)}
    if ctx.tgt_lang == "de":
        target.names = {w for w in target.names if _confirmed(w, source)}
    doc = _Document(source, target, {"source": set(), "target": set()}, {}, _parts=parts)
    doc.window = _displacement(ctx.pairs, source.names, parts)

    def unspelled(text: str, other: str, names: set[str]) -> set[str]:
        mine = frozenset(names & parts.words(text))
        return parts.get(("unspelled", text, other, mine), lambda: _unspelled(text, other, mine))

    doc.partners = learn_partners(
        (unspelled(p.source, p.target, source.names), unspelled(p.target, p.source, target.names))
        for p in ctx.pairs
    )
    # Learn which names the translator renders by another word: those stay unchecked.
    for side, names, common in (
        ("source", source.names, target.lower),
        ("target", target.names, source.lower),
    ):
        records = _records(ctx.pairs, side, names, common, parts)
        # A form seen in one pair only (Keturah beside Keturahut) is judged by its name's
        # record over all its forms: alone, it could never be checked.
        key = {
            n: _FAMILY + name_stem(n)
            if records.present[n] <= 1 and len(name_stem(n)) >= FAMILY_STEM
            else n
            for n in names
        }
        present = {n: records.present[key[n]] for n in names}
        matched = {n: records.matched[key[n]] for n in names}
        # Check only names the document shows we can recognise on the other side (in more
        # pairs than chance would give: see `_records`), and that the translator carries
        # over at least half of the time in the *other* pairs: a name is only ever reported
        # where it is unmatched, so that pair does not count.
        doc.checked[side] = {
            n
            for n in names
            if matched[n]
            and matched[n] >= RATE * (present[n] - 1)
            and records.coincidence(key[n], n) <= CHANCE_LEVEL
        }
        # A lost name's own pair does not count against it; smoothed, so carried over in
        # 1 other pair of 1 is 0.67, in 19 of 19 is 0.95.
        doc.rate[side] = {n: (matched[n] + 1) / (present[n] + 2) for n in doc.checked[side]}
        doc.otherwise[side] = {
            n for n in names if present[n] >= 2 and matched[n] < RATE * present[n]
        }
    return doc


@dataclass
class _Records:
    """What the document shows of its names on one side (per name, and per name stem under
    _FAMILY): the pairs each occurs in, those whose other side has a counterpart, and how
    often the other side of a pair that is not its translation has one (chance)."""

    present: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    stray: Counter[str] = field(default_factory=Counter)  # counterparts in mismatched pairs
    tried: Counter[str] = field(default_factory=Counter)  # mismatched pairs looked at
    overall: float = 0.0  # the chance rate of all the side's names together

    def chance(self, name: str) -> float:
        """How often a mismatched pair has a counterpart for a form of this name: the record
        of all its forms, shrunk towards the side's overall rate by CHANCE_PRIOR tries (one
        or two chance hits of a rare name are noise)."""
        family = _FAMILY + name_stem(name)
        return (self.stray[family] + CHANCE_PRIOR * self.overall) / (
            self.tried[family] + CHANCE_PRIOR
        )

    def coincidence(self, key: str, name: str) -> float:
        """How likely chance alone finds counterparts in as many of the pairs as `key`'s
        record shows (the name's own, or its family's): a binomial tail."""
        return _at_least(self.matched[key], self.present[key], self.chance(name))


def _at_least(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed in logs (n runs to thousands)."""
    if k <= 0 or p >= 1:
        return 1.0
    if p <= 0:
        return 0.0
    if k <= n * p:
        return 1.0  # at most the expected number: no evidence (and at least about a half)
    log_p, log_q = math.log(p), math.log1p(-p)
    total = 0.0
    for i in range(k, n + 1):  # terms fall from k on, since k is above the mode
        term = math.exp(
            math.lgamma(n + 1)
            - math.lgamma(i + 1)
            - math.lgamma(n - i + 1)
            + i * log_p
            + (n - i) * log_q
        )
        total += term
        if term < 1e-12 * total:
            break
    return min(total, 1.0)


def _records(
    pairs: Sequence[Pair],
    side: str,
    names: set[str],
    common: frozenset[str],
    parts: _Parts | None = None,
) -> _Records:
    """The records of `side`'s names (see `_Records`).

    Chance is measured on mismatched pairs: each text against the other side of the pairs
    a third and two thirds of the document away, for the names that the mismatched pair's
    own text does not hold (where it does, its other side has their real counterpart). In
    long pairs (chapters) a loosely similar word turns up for almost anything (Божий ~ Mbasi,
    Мой ~ Moisiu): a word that finds a counterpart in its own pairs hardly more often than in
    others is not shown to be carried over. In short pairs (verses) chance finds little, and
    a name seen once or twice still counts.
    """
    texts = [text_of(p, side) for p in pairs]
    others = [text_of(p, "target" if side == "source" else "source") for p in pairs]
    stems = [_capital_stems(t) for t in texts]
    n = len(pairs)
    shifts = sorted({n * (k + 1) // (CHANCE_SHIFTS + 1) for k in range(CHANCE_SHIFTS)} - {0})
    parts = parts or _Parts()

    def _record(i: int, text: str, names: Set[str]) -> tuple[Found, list[Found]]:
        """Pair i's names and their counterparts, and those of its mismatched pairs."""
        found = _missing(text, others[i], names, common=common)
        strays = []
        if found:
            for j in ((i + shift) % n for shift in shifts):
                absent = {w for w in found if name_stem(w) not in stems[j]}
                strays.append(_missing(text, others[j], absent, common=common) if absent else {})
        return found, strays

    records = _Records()
    for i, text in enumerate(texts):
        mine = frozenset(names & parts.words(text))
        if not mine:
            continue  # `_missing` finds nothing without a name
        looked = (i, *((i + shift) % n for shift in shifts))
        key = (
            "records",
            text,
            mine,
            tuple((texts[j], others[j], common & parts.answers(others[j])) for j in looked),
        )
        found, strays = parts.get(key, lambda i=i, text=text, mine=mine: _record(i, text, mine))
        if not found:
            continue
        _tally(found, records.present, records.matched)
        for stray in strays:
            _tally(stray, records.tried, records.stray)
    names_only = [k for k in records.tried if not k.startswith(_FAMILY)]
    tries = sum(records.tried[k] for k in names_only)
    records.overall = sum(records.stray[k] for k in names_only) / tries if tries else 0.0
    return records


def _capital_stems(text: str) -> set[str]:
    """The name stems of `text`'s capitalised words (a name's forms share one, as does a
    form at the start of a sentence)."""
    return {name_stem(w) for w, *_ in _tokens(text) if w[0].isupper()}


def _tally(
    found: dict[str, tuple[list[Span], bool]], present: Counter[str], matched: Counter[str]
) -> None:
    """Count each name of a text, and each stem (any form found), as present and matched."""
    for name, (_, ok) in found.items():
        present[name] += 1
        matched[name] += ok
    for stem, ok in _per_stem(found).items():
        present[_FAMILY + stem] += 1
        matched[_FAMILY + stem] += ok


#: What `_missing` finds in one text: per name, its spans and whether it has a counterpart.
Found = dict[str, tuple[list[Span], bool]]

_FAMILY = "\x00"  # marks a stem's record among the forms' records
#: A stem this long at least is one name's (Isak, Ketur); a shorter one is too common a prefix.
FAMILY_STEM = 4


def _per_stem(found: dict[str, tuple[object, bool]]) -> dict[str, bool]:
    """Whether each name stem of a text found a counterpart (any of its forms did)."""
    out: dict[str, bool] = {}
    for name, (_, ok) in found.items():
        stem = name_stem(name)
        out[stem] = out.get(stem, False) or ok
    return out


def _displacement(pairs: Sequence[Pair], names: set[str], parts: _Parts | None = None) -> float:
    """How far names move between source and target in this document: the DISPLACEMENT
    quantile of the shift in relative position of names found on both sides (word order
    differs more between some languages and translators than others). PRONOUN_WINDOW with
    too few names to tell."""
    parts = parts or _Parts()
    shifts: list[float] = []
    for pair in pairs:
        if not pair.source.strip() or not pair.target.strip():
            continue
        mine = frozenset(names & parts.words(pair.source))
        key = ("shifts", pair.source, pair.target, mine)
        shifts += parts.get(key, lambda pair=pair, mine=mine: _shifts(pair, mine))
    if len(shifts) < DISPLACEMENT_MIN:
        return PRONOUN_WINDOW
    return statistics.quantiles(shifts, n=100)[int(100 * DISPLACEMENT) - 1]


def _shifts(pair: Pair, names: frozenset[str]) -> list[float]:
    """How far each name of the pair's source moves in its target (see `_displacement`)."""
    shifts = []
    # per capitalised word of the target its last place: the best (score, place) of all its
    # occurrences, as `max` picks it, in one comparison per word rather than per occurrence
    targets: dict[str, int] = {}
    for w, start, _, _ in _tokens(pair.target):
        if w[0].isupper():
            targets[w] = start
    places = [
        (word, start)
        for word, start, _, initial in _tokens(pair.source)
        if not initial and word.casefold() in names
    ]
    best = _best_places(list(dict.fromkeys(w for w, _ in places)), targets)
    for word, start in places:
        if word in best:
            at = best[word]
            shifts.append(abs(start / len(pair.source) - at / len(pair.target)))
    return shifts


def _best_places(words: list[str], targets: dict[str, int]) -> dict[str, int]:
    """Per word that some target spells alike (`similar` >= THRESHOLD), the place of the most
    alike, the last place on ties: what `max` over (score, place) picks, for all words at once."""
    if not words or not targets:
        return {}
    scores = similarities(words, list(targets), THRESHOLD)
    at = np.array(list(targets.values()))
    best = scores.max(axis=1)
    return {
        word: int(at[row == top].max())
        for word, row, top in zip(words, scores, best.tolist(), strict=True)
        if top >= THRESHOLD
    }


def _unspelled(text: str, other: str, names: Set[str]) -> set[str]:
    """Partner keys of the names `text` holds that `other` does not spell alike: the names
    whose translation, if there, is another word (a first name beside its surname is not)."""
    capital = list(dict.fromkeys(w for w, *_ in _tokens(other) if w[0].isupper()))  # types
    words = [
        w
        for w in dict.fromkeys(w for w, *_ in _tokens(text) if w[0].isupper())
        if w.casefold() in names
    ]
    return {
        partner_key(w)
        for w, spelled in zip(words, alike_any(words, capital), strict=True)
        if not spelled
    }


def _editorial(text: str, start: int) -> bool:
    """Whether `start` lies in square brackets: words an editor supplied, a variant reading."""
    before = text[:start]
    return before.rfind("[") > before.rfind("]")


def text_of(pair: Pair, side: str) -> str:
    return pair.source if side == "source" else pair.target


def _pronoun_in_place(
    text: str, other: str, lang: str | None, spans: list[Span], window: float = PRONOUN_WINDOW
) -> bool:
    """Whether `other` has a third-person pronoun of `lang` near where `text` has the name.

    Positions are relative (0 = start, 1 = end): word order roughly survives translation, as
    far as the document's own names show (`_displacement`). The window is that, or one word
    either way in a short text.
    """
    words = _PRONOUNS.get(lang or "", _ALL_PRONOUNS)
    tokens = list(_WORD.finditer(other))
    places = [m.start() / len(other) for m in tokens if m.group().casefold() in words]
    window = max(window, 1 / max(len(tokens), 1))
    return any(abs(start / len(text) - q) <= window for start, _ in spans for q in places)


def _missing(
    text: str,
    other: str,
    names: Set[str],
    partners: dict[str, set[str]] | None = None,
    common: frozenset[str] = frozenset(),
) -> dict[str, tuple[list[Span], bool]]:
    """Each name of `text`: its spans and whether `other` has a counterpart.

    A counterpart is spelled alike (also as a lower-case people, as the rest of a name in
    parts, or inside two names run together), or is a name the document pairs it with
    (`partners`: key -> the other side's keys), or the name's initial before the same surname,
    or failing all that a spare name of `other` spelled loosely alike; a word that `other`'s
    side writes in lower case too (`common`, casefolded) is no spare name.
    """
    # dashes inside a word are hyphens (Хацацон—Фамаре); one character each, spans unchanged
    text, other = text.translate(_DASHES), other.translate(_DASHES)
    spans: dict[str, list[Span]] = {}
    for word, start, end, _ in _tokens(text):
        folded = word.casefold()
        if folded in names and word[0].isupper():
            spans.setdefault(folded, []).append((start, end))
    if not spans:
        return {}
    capital, derived, lower = _answers(other)
    alike = _spelled_alike(list(spans), capital, derived, lower)
    result = {}
    for name, where in spans.items():
        ok = alike[name]
        if not ok:
            # Part of a hyphenated name the other side writes with other capitals or as one
            # word (El-Bethel ~ El-beth-el): the whole counts. Only the whole: Kato-Higeta is
            # two names, and Higeta alone does not answer for Kato; a compound with parts in
            # lower case is one name, and the rest of it does.
            whole = _compound_at(text, where[0][0])
            forms = [whole.replace("-", "")]
            parts = whole.split("-")
            if any(p[:1].islower() for p in parts):
                # one name written in parts (Beer-lahai-roi): the rest of it answers too
                forms.append("".join(p for p in parts if p.casefold() != name))
            ok = "-" in whole and any(alike_any(forms, capital))
        if not ok and partners:
            paired = partners.get(partner_key(name))
            ok = bool(paired) and any(partner_key(w) in paired for w in capital)
        if not ok:
            ok = initialled(text, where[0][1], name, other)
        result[name] = (where, ok)
    lost = [name for name, (_, ok) in result.items() if not ok]
    if lost:
        mine = list(  # word types: `spelled_otherwise` asks whether any of them answers
            dict.fromkeys(
                w
                for w, *_ in _tokens(text)
                if w[0].isupper() and w.casefold() not in FUNCTION_WORDS
            )
        )
        spare = [w for w in capital if len(w) >= 3 and w.casefold() not in common]
        for name in spelled_otherwise(lost, mine, spare):
            result[name] = (result[name][0], True)
    return result


def _spelled_alike(
    names: list[str], capital: Sequence[str], derived: Sequence[str], lower: Sequence[str]
) -> dict[str, bool]:
    """Per name, whether the other side spells it alike (its words as `_answers` lists
    them): as a capitalised word, as a word derived from its stem, or (a long name) as a
    lower-case word spelled all but alike. All a text's names are compared with all those
    words at once: in a chapter-long pair, name by name and word by word was what took long."""
    alike = dict(zip(names, alike_any(names, capital), strict=True))
    for name in names:
        stem = name_stem(name)
        if not alike[name] and len(stem) >= DERIVED_MIN:
            alike[name] = any(d.startswith(stem) for d in derived)
    long = [n for n in names if not alike[n] and len(n) >= LOWER_MIN]
    alike.update(zip(long, alike_any(long, lower, LOWER), strict=True))
    return alike


@lru_cache(maxsize=4_096)
def _answers(other: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The words of `other` that may answer for a name: capitalised words, stems of derived
    lower-case words, and long lower-case words. Cached: the document's names are looked for
    in each text several times (its own pair, and the mismatched pairs of `_records`)."""
    # Every supported language capitalises names, so a lower-case word is a counterpart only
    # as a derived word that starts with the name's stem (Himalaya ~ himalayenne): on
    # spelling alone Jozefin ~ himself would pass.
    words = {w for w, *_ in _tokens(other) if len(w) >= 2}
    capital = [w for w in words if w[0].isupper() and w.casefold() not in FUNCTION_WORDS]
    # A hyphenated name is one name however its parts are capitalised (El-Bethel ~ El-beth-el).
    capital += [c.replace("-", "") for c in _COMPOUND.findall(other) if c[0].isupper()]
    # Two names run together, as a scan or a hasty typist leaves them (AlbertEggler).
    capital += [part for w in capital for part in run_together(w)]
    derived = [name_stem(w) for w in words if not w[0].isupper() and len(w) >= 5]
    lower = [w for w in words if not w[0].isupper() and len(w) >= LOWER_MIN]
    return tuple(capital), tuple(derived), tuple(lower)


_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+", re.UNICODE)
_DASHES = str.maketrans("‐‑–—", "----")


def _compound_at(text: str, start: int) -> str:
    """The hyphenated word the word at `start` belongs to (the word itself if none)."""
    for begin, end, word in _compounds(text):
        if begin <= start < end:
            return word
    m = _WORD.match(text, start)
    return m.group() if m else ""


@lru_cache(maxsize=2_000)
def _compounds(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((m.start(), m.end(), m.group()) for m in _COMPOUND.finditer(text))


def check_names(pair: Pair, ctx: Context) -> list[Finding]:
    """Names of either side that the other side of the pair lacks."""
    if not pair.source.strip() or not pair.target.strip():
        return []
    doc: _Document = ctx.cached("names", _document)
    lost_by_side = {}
    for side, text, other in (
        ("source", pair.source, pair.target),
        ("target", pair.target, pair.source),
    ):
        other_side = "target" if side == "source" else "source"
        common = doc.side(other_side).lower
        found = _missing(text, other, doc.checked[side], doc.partners[side], common)
        lost = {name: where for name, (where, ok) in found.items() if not ok}
        if lost:
            lost_by_side[side] = lost
    findings = []
    for side, lost in lost_by_side.items():
        words = ", ".join(text_of(pair, side)[w[0][0] : w[0][1]] for w in lost.values())
        spans = [span for where in lost.values() for span in where]
        text, other = text_of(pair, side), text_of(pair, "target" if side == "source" else "source")
        other_side = "target" if side == "source" else "source"
        other_lang = ctx.tgt_lang if side == "source" else ctx.src_lang
        # A name of the other side that the document does not know to be rendered otherwise,
        # with no counterpart here, stands in the lost name's place: a swap.
        candidates = (doc.target if side == "source" else doc.source).names
        candidates = candidates - doc.otherwise[other_side]
        found = _missing(other, text, candidates, doc.partners[other_side], doc.side(side).lower)
        stranger = any(not ok for _, ok in found.values())
        if len(lost_by_side) == 2 or stranger:
            confidence = SUBSTITUTION
        else:
            confidence = max(doc.rate[side].get(name, 0.0) for name in lost)
            # A pronoun where the name stands (same relative position, give or take): the
            # translator most likely wrote "he" for it.
            if _pronoun_in_place(text, other, other_lang, spans, doc.window):
                confidence *= PRONOUN_FACTOR
        if all(_editorial(text, start) for start, _ in spans):
            confidence *= EDITORIAL_FACTOR
        findings.append(
            Finding(
                CHECK,
                "major",
                f"name in the {side} without counterpart in the {other_side}: {words}",
                source_spans=spans if side == "source" else [],
                target_spans=spans if side == "target" else [],
                confidence=confidence,
            )
        )
    return findings

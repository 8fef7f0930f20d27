"""Proper names on one side with no counterpart on the other.

A word is a name in a document when it is capitalised in mid-sentence and never written in
lower case there (German capitalises every noun, so a German "name" must also look like a name
of the other side's document, and one that the document shows carried over once only is a
common noun where it stands as one: "eine Folge", "hinter dichten Wolken", "Nov. 1956"). Nor
is a word that the other side, in a language that capitalises its names and peoples (English,
German), writes only as a common noun (Ангел, capitalised for reverence, ~ angel). Its
counterpart is found across scripts and inflections by the spelling keys of `namekeys`
(Khrushchev ~ Hrushovi ~ Хрущёвым, Sarën, Исавовой); failing that, by a name the document
pairs it with, in any of its forms (Esau ~ Исав; Иудейского ~ Jews, so Иудеи ~ Jews too), by
a spare name of the other side spelled loosely alike (Adah ~ Adën: another transliteration),
by a lower-case word spelled all but alike (Hebrews ~ hebrejve: a people written in lower
case), by the rest of a name written in parts (Beer-lahai-roi ~ Lahai-Roit), by its initial
before the same surname (Robert Paragot ~ R. Paragot), or inside two names run together
(Albert Eggler ~ AlbertEggler).
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
by "he", "ai", "он", "er", "il" all the time), and cut further for a name in square brackets
(an editor's addition, a variant reading). "Where" is as precise as the document's own names
keep their place (`_displacement`), measured between the names and numbers both texts have
(`_anchors`), and within a few words in a long pair; "they" stands for several lost names,
not one, and a possessive for a name in the genitive ("his brethren" ~ "vëllezërit e
Jozefit"). Measured on the Bible verses of the benchmark, a pronoun is in place for about
two thirds of the names the published translations leave out, and for one in seven of the
names dropped on purpose; a pronoun further off tells nothing, so it discounts nothing.
A name lost on both sides of one pair (Hrushovi in the source, Kennedy in the target) is a
substitution and strong evidence whatever the rates; so is a lost name beside a name of the
other side that has no counterpart and is a name the document carries over, or in a short
pair any name that its side never writes in lower case. (A capitalised word of a long pair,
a chapter, stands for the lost name only where it stood: a chapter always has some.)

A name lost in one row whose counterpart stands, itself lost, in the row before or after
(the texts divided or aligned otherwise there) is weak evidence: the alignment is at fault.

A name of the target spelled in a pair or two otherwise than in the rest of it (Petr beside
Peter, Untied Nations beside United Nations) is reported as such, naming both spellings and
the source name the usual one renders (`_variants`), where the target's language does not
decline names; that finding replaces one of a name without counterpart.
"""

from __future__ import annotations

import itertools
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
from rapidfuzz.distance import OSA, Levenshtein

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
    partnered,
    run_together,
    similarities,
    spelled_otherwise,
    strict_stem,
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
#: A German capitalised word shown carried over in this many pairs at most is a common noun
#: where it stands as one (`_german_noun`): the names the other side also writes come out of
#: quotations too ("Gipfel über den Wolken" in a French bibliography).
GERMAN_SUPPORT = 1
_GERMAN_NOUN = re.compile(r"(?:ung|ungen|schaft|schaften|heit|heiten|keit|keiten|nis|nisse|tum)$")
#: Languages whose lower-case words are never names nor peoples (they write "English",
#: "Hebrews" with a capital): a name of the other side spelled like one is a common noun.
CAPITALISES = frozenset({"en", "de"})
COMMON_MIN = 5
#: Third-person personal pronouns by language (casefolded): a name often becomes one of these.
#: Possessives (his, tij, sein) stand only for a name in the genitive (POSSESSIVES).
PRONOUNS = {
    "en": "he him she her they them",
    "sq": "ai ajo ata ato atij asaj atë atyre",
    "ru": "он его ему него нему ним нём она её ее ей неё нее ней они их им ними них",
    "de": "er ihn ihm sie",
    "fr": "il lui elle ils elles eux",
}
_PRONOUNS = {lang: frozenset(words.split()) for lang, words in PRONOUNS.items()}
_ALL_PRONOUNS = frozenset().union(*_PRONOUNS.values())
#: The plural ones, which stand for one name only where several are lost ("they" for Peter
#: and John): for one name, "they" in its place is someone else.
PLURALS = "they them ata ato atyre они их них ними ils elles eux"
_PLURALS = frozenset(PLURALS.split())
#: Possessives, which stand for a name in the genitive (Albanian "i tij" for "i Jozefit"):
#: only for such a name, as "his father" is everywhere, with or without a name.
POSSESSIVES = {
    "en": "his her their its",
    "sq": "tij saj tyre",
    "ru": "его её ее их",
    "de": "sein seine seinem seinen seiner seines ihr ihre ihrem ihren ihrer",
    "fr": "son sa ses leur leurs",
}
_POSSESSIVES = {lang: frozenset(words.split()) for lang, words in POSSESSIVES.items()}
_SQ_OBLIQUE = ("it", "ut", "ës", "së", "sit")
_OF = {"en": ("of",), "fr": ("de", "du", "des", "d"), "de": ("von", "des")}
#: Languages that do not decline names: a name spelled otherwise is no case form of it.
UNDECLINED = frozenset({"en", "fr", "de", "es", "it", "pt", "nl"})
#: A usual spelling is in this many pairs at least, and this many times as many as another.
USUAL_MIN = 3
USUAL_RATIO = 3
#: Another spelling is written this many times at most; both have this many letters at least.
VARIANT_TIMES = 2
VARIANT_MIN = 4
#: A source name renders the usual spelling in this many of its other pairs, and this share.
RENDERED_MIN = 2
RENDERED_SHARE = 0.5
STEM_MIN = 3
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
#: In a long pair a word stands in a name's place only this many characters from it, at most.
NEAR = 20
#: A pair this long at most (a verse, a sentence) is short: any name of the other side with
#: no counterpart may stand for a lost one there.
SHORT = 400
#: Names lost in two neighbouring rows, each the other's (the texts were split or aligned
#: otherwise there), are an alignment matter: their confidence is cut by this.
NEIGHBOUR_FACTOR = 0.3
#: Texts longer than this together are placed by relative position alone (see `_anchors`).
ANCHORED = 20_000


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
    plain: frozenset[str] = frozenset()  # those of them it writes outside hyphenated names


def _side(texts: list[str], parts: _Parts | None = None) -> _Side:
    parts = parts or _Parts()
    # which words are written so, in order of first appearance (how often is never read)
    capital: dict[str, None] = {}
    lower: dict[str, None] = {}
    plain: dict[str, None] = {}
    for text in texts:
        caps, lows, alone = parts.get(("case", text), lambda text=text: _cases(text))
        capital.update(caps)
        lower.update(lows)
        plain.update(alone)
    names = {
        w
        for w in capital
        if len(w) >= 3 and w not in lower and w not in FUNCTION_WORDS and skeleton(w)
    }
    return _Side(names, sorted({name_key(w)[0] for w in names}), frozenset(lower), frozenset(plain))


def _cases(text: str) -> tuple[dict[str, None], dict[str, None], dict[str, None]]:
    """The words `text` writes capitalised in mid-sentence, those it writes in lower case,
    and those of the latter it writes on their own, not as part of a hyphenated name
    (Ashteroth-karnaim) (casefolded, in order of first appearance)."""
    capital: dict[str, None] = {}
    lower: dict[str, None] = {}
    plain: dict[str, None] = {}
    inside = {  # where the words of hyphenated names start
        begin + m.start()
        for begin, _, word in _compounds(text.translate(_DASHES))
        if word[0].isupper()
        for m in _WORD.finditer(word)
    }
    for word, start, _, initial in _tokens(text):
        folded = word.casefold()
        if word[0].islower():
            lower[folded] = None
            if start not in inside:
                plain[folded] = None
        elif not initial and not _is_shouting(word):
            capital[folded] = None
    return capital, lower, plain


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
    # side -> name -> the pairs in which the document shows it carried over
    support: dict[str, dict[str, int]] = field(default_factory=dict)
    # side -> names the translator renders by another word (Jehovah ~ Zoti), seen 2+ times
    otherwise: dict[str, set[str]] = field(default_factory=dict)
    # how far a name moves between the two texts (relative position), see _displacement
    window: float = PRONOUN_WINDOW
    # side -> name stem -> the other side's stems the document pairs it with (Esau ~ Исав)
    partners: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    # side -> the stems of the words it writes in lower case (on their own)
    lower_stems: dict[str, frozenset[str]] = field(default_factory=dict)
    # (source, target) of a pair -> the target's names spelled there otherwise than usual
    variants: dict[tuple[str, str], tuple[_Variant, ...]] = field(default_factory=dict)
    _parts: _Parts = field(default_factory=_Parts, repr=False, compare=False)

    def side(self, name: str) -> _Side:
        return self.source if name == "source" else self.target


def _german_noun(text: str, start: int, end: int) -> bool:
    """Whether the capitalised German word at `start`:`end` stands as a common noun there:
    after an indefinite article or a possessive ("eine Folge"), after an inflected adjective
    that follows an article or a preposition ("hinter dichten Wolken", "der breite Sattel"),
    or as an abbreviation before a number ("Nov. 1956")."""
    if _ABBREVIATION.match(text, end) and end - start <= 4:
        return True
    if text[end : end + 1] in _HYPHENS:
        return False  # what comes before belongs to the compound's last part (unsere Kulti-Spuren)
    before = _BEFORE.search(text, 0, start)
    if before is None:
        return False
    first, second = (before.group(1) or "").casefold(), before.group(2)
    if not second[0].islower():
        return False
    if second in _DE_DETERMINERS:
        return True
    return (
        len(second) >= 4
        and second.endswith(("e", "en", "er", "es", "em"))
        and second not in FUNCTION_WORDS
        and first in _DE_BEFORE_ADJECTIVE
    )


#: The two words before a place, separated by spaces only.
_BEFORE = re.compile(r"(?:([^\W\d_]+)[ \t]+)?([^\W\d_]+)[ \t]+$", re.UNICODE)
_ABBREVIATION = re.compile(r"\s*\.\s*\d")
_HYPHENS = ("-", "‐", "‑")
_JOINERS = (*_HYPHENS, "–", "—")  # dashes join the parts of a name too (Баал—Ханан)
DE_DETERMINERS = """ein eine einen einem einer eines kein keine keinen keinem keiner keines
    sein seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres unser unsere unseren
    unserem unserer unseres dieser diese diesen diesem dieses jeder jede jeden jedem jedes
    solche solchen solcher"""
DE_BEFORE_ADJECTIVE = """der die das den dem des an auf aus bei durch für gegen hinter in im mit
    nach neben ohne seit über um unter von vom vor während wegen zu zum zur zwischen"""
_DE_DETERMINERS = frozenset(DE_DETERMINERS.split())
_DE_BEFORE_ADJECTIVE = _DE_DETERMINERS | frozenset(DE_BEFORE_ADJECTIVE.split())


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


def _common_nouns(names: set[str], other: _Side) -> set[str]:
    """The names of one side that the other side writes as a common noun: spelled as a word it
    writes in lower case, and as none of its names (Ангел, capitalised for reverence, ~ angel).
    Only for an other side whose language capitalises names, peoples and the adjectives made
    of them (in Albanian, Russian or French a lower-case word may be a people: hebrejve)."""
    lower = {name_stem(w) for w in other.plain if len(w) >= COMMON_MIN}
    if not lower:
        return set()
    named = {name_stem(w) for w in other.names}
    return {
        w
        for w in names
        if len(name_stem(w)) >= COMMON_MIN and name_stem(w) in lower and name_stem(w) not in named
    }


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
    if ctx.tgt_lang in CAPITALISES:
        source.names -= _common_nouns(source.names, target)
    if ctx.src_lang in CAPITALISES:
        target.names -= _common_nouns(target.names, source)
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
        key = {n: (_family(n) or n) if records.present[n] <= 1 else n for n in names}
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
        doc.support[side] = {n: matched[n] for n in doc.checked[side]}
        doc.otherwise[side] = {
            n for n in names if present[n] >= 2 and matched[n] < RATE * present[n]
        }
    if ctx.tgt_lang in UNDECLINED:
        doc.variants = _variants(ctx.pairs, source, target)
    doc.lower_stems = {
        "source": frozenset(name_stem(w) for w in source.plain),
        "target": frozenset(name_stem(w) for w in target.plain),
    }
    return doc


@dataclass(frozen=True)
class _Variant:
    """A name of the target spelled in one pair otherwise than in the rest of the target."""

    word: str  # this pair's spelling (casefolded)
    usual: str  # the usual spelling, as the target writes it
    stem: str  # the source name it renders (`strict_stem`)
    confidence: float


def _variants(
    pairs: Sequence[Pair], source: _Side, target: _Side
) -> dict[tuple[str, str], tuple[_Variant, ...]]:
    """The target's names spelled in a pair or two otherwise than in the rest of the target
    (Petr beside Peter, Jams beside James, Untied Nations beside United Nations), as a QA
    tool reports inconsistent spellings of a name; for a target language that does not
    decline names (`UNDECLINED`), where another spelling is no case form.

    A spelling is the usual one in at least USUAL_MIN pairs and USUAL_RATIO times as many as
    the other. The two are one edit apart (a letter added, dropped, changed, or two swapped),
    and not a plural, genitive or people of the name (Herods, Korean for Korea). The document
    must show the other spelling to stand for the usual one: its pair's source has a name
    whose forms (`strict_stem`: Zerahu and Serahu are two names) the other pairs render by
    the usual spelling and the usual spelling renders (each in RENDERED_SHARE of its pairs,
    at least RENDERED_MIN of them), more often than the target writes the usual spelling
    there ("Pjetri", rendered "Peter" in Mark, beside "Petr"; "Jakobin ... Jakobit" beside
    "Jams ... James"). A rare name one letter from a common one (Hadar beside Hadad, Serah
    beside Zerah) renders a source name of its own and is left alone, as is a spelling the
    source has too (Kathmandu in the German, Kathmandou in the rest of the French).
    """
    capitals = [_capitals(p.target) for p in pairs]
    where: dict[str, list[int]] = {}
    for i, words in enumerate(capitals):
        for w in words:
            where.setdefault(w, []).append(i)
    usual = [
        w
        for w, at in where.items()
        if w in target.names and len(at) >= USUAL_MIN and len(w) >= VARIANT_MIN
    ]
    rare = [
        w
        for w, at in where.items()
        if sum(capitals[i][w] for i in at) <= VARIANT_TIMES
        and len(w) >= VARIANT_MIN
        and w not in target.lower
        and skeleton(w)
    ]
    if not usual or not rare:
        return {}
    edits = process.cdist(
        rare, usual, scorer=OSA.distance, score_cutoff=1, dtype=np.int32, workers=1
    )
    rows, cols = np.nonzero(edits <= 1)
    if not len(rows):
        return {}
    stems = [_source_stems(p.source, source.names) for p in pairs]
    by_stem: dict[str, list[int]] = {}
    for i, counted in enumerate(stems):
        for stem in counted:
            by_stem.setdefault(stem, []).append(i)
    out: dict[tuple[str, str], list[_Variant]] = {}
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        word, common = rare[r], usual[c]
        if word in (common + "s", common + "n") or common in (word + "s", word + "n"):
            continue  # a plural or genitive (Herods), a people (Korean, Albanian)
        if len(where[common]) < USUAL_RATIO * len(where[word]):
            continue
        for i in where[word]:
            if word in _words(pairs[i].source):
                continue  # the source's own spelling (Kathmandu, Mount Everest)
            places = _places(pairs[i], word)
            rendered = _rendered(i, common, stems, capitals, by_stem, where[common], places)
            if rendered is None:
                continue
            stem, share = rendered
            here = capitals[i][common] + capitals[i][common + "s"]
            if here >= stems[i][stem]:
                continue  # the usual spelling stands for each of them here
            seen = len(where[common])
            written = next(
                w for w, *_ in _tokens(pairs[where[common][0]].target) if w.casefold() == common
            )
            variant = _Variant(word, written, stem, share * seen / (seen + 1))
            out.setdefault((pairs[i].source, pairs[i].target), []).append(variant)
    return {key: tuple(found) for key, found in out.items()}


def _rendered(
    index: int,
    usual: str,
    stems: list[Counter[str]],
    capitals: list[Counter[str]],
    by_stem: dict[str, list[int]],
    usual_at: list[int],
    places: dict[str, float],
) -> tuple[str, float] | None:
    """The source name of pair `index` (its `strict_stem`) that the usual spelling renders
    in the other pairs, and how faithfully (the smaller share of the two ways round); the
    most faithful one, and of those the one nearest the other spelling's place (`places`:
    stem -> distance; Объединенных, not Организации, for "Untied")."""
    best: tuple[float, float, str] | None = None
    others_usual = len([j for j in usual_at if j != index])
    for stem in stems[index]:
        others = [j for j in by_stem[stem] if j != index]
        hits = sum(1 for j in others if usual in capitals[j])
        if hits < RENDERED_MIN:
            continue
        share = min(hits / len(others), hits / max(others_usual, 1))
        if share >= RENDERED_SHARE:
            best = max(best or (0.0, -1.0, ""), (share, -places.get(stem, 1.0), stem))
    return None if best is None else (best[2], best[0])


def _places(pair: Pair, word: str) -> dict[str, float]:
    """Per source name (`strict_stem`), how far its first place lies from the first place of
    `word` in the target (relative positions)."""
    at = next(a for w, a, _ in _standalone(pair.target) if w.casefold() == word)
    here = at / len(pair.target)
    places: dict[str, float] = {}
    for w, start, _ in _standalone(pair.source):
        places.setdefault(strict_stem(w), abs(start / len(pair.source) - here))
    return places


def _standalone(text: str) -> list[tuple[str, int, int]]:
    """The capitalised words of `text` that are not part of a hyphenated word (Beer-sheba)
    nor written in capitals: (word, start, end)."""
    return [
        (w, start, end)
        for w, start, end, _ in _tokens(text)
        if w[0].isupper()
        and not _is_shouting(w)
        and text[start - 1 : start] not in _JOINERS
        and text[end : end + 1] not in _JOINERS
    ]


def _capitals(text: str) -> Counter[str]:
    """How often `text` writes each word capitalised on its own (casefolded)."""
    return Counter(w.casefold() for w, *_ in _standalone(text))


def _source_stems(text: str, names: Set[str]) -> Counter[str]:
    """How often `text` has each of the side's `names` (by `strict_stem`; on its own, not in
    a hyphenated word)."""
    return Counter(
        strict_stem(w)
        for w, *_ in _standalone(text)
        if w.casefold() in names and len(strict_stem(w)) >= STEM_MIN
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(w.casefold() for w, *_ in _tokens(text))


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
    for family, ok in _per_stem(found).items():
        present[family] += 1
        matched[family] += ok


#: What `_missing` finds in one text: per name, its spans and whether it has a counterpart.
Found = dict[str, tuple[list[Span], bool]]

_FAMILY = "\x00"  # marks a stem's record among the forms' records
#: A stem this long at least is one name's (Isak, Ketur); a shorter one is too common a prefix.
FAMILY_STEM = 4


#: Marks the record of a stem as written (`strict_stem`), kept for names whose `name_stem` is
#: too short to be one name's.
_WRITTEN = _FAMILY + "\x01"


def _family_keys(name: str) -> tuple[str, ...]:
    """The records of all its forms that a name counts in: its name stem's, and where that
    is too short to be one name's (FAMILY_STEM) but the stem as written is not, that one's
    too. `name_stem` drops h's so that spellings meet (Hagar ~ Agar), and that left Hoxha,
    Hoxhës, Hoxhën the stem "oks", though "hoksh" is as much one name's as Isak is; the
    records by name stem stay as they are (they also say how often chance finds a form)."""
    stem = name_stem(name)
    if len(stem) < FAMILY_STEM and len(strict_stem(name)) >= FAMILY_STEM:
        return (_FAMILY + stem, _WRITTEN + strict_stem(name))
    return (_FAMILY + stem,)


def _family(name: str) -> str | None:
    """The record of all its forms that judges a name's form seen once, None where its stems
    are too short to be one name's."""
    key = _family_keys(name)[-1]
    return key if len(name_stem(name)) >= FAMILY_STEM or key.startswith(_WRITTEN) else None


def _per_stem(found: dict[str, tuple[object, bool]]) -> dict[str, bool]:
    """Whether each family of names of a text (`_family_keys`) found a counterpart (any of
    its forms did)."""
    out: dict[str, bool] = {}
    for name, (_, ok) in found.items():
        for key in _family_keys(name):
            out[key] = out.get(key, False) or ok
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
    text: str,
    other: str,
    lang: str | None,
    spans: list[Span],
    window: float = PRONOUN_WINDOW,
    possessive: bool = False,
    plural: bool = False,
) -> bool:
    """Whether `other` has a third-person pronoun of `lang` near where `text` has the name
    (`possessive`: or a possessive, for a name in the genitive: "vëllezërit e Jozefit" ~ "his
    brethren", placed at what it owns; `plural`: they, them for several names).

    Positions are relative (0 = start, 1 = end): word order roughly survives translation, as
    far as the document's own names show (`_displacement`). Between names and numbers that
    both texts have, the name's place is interpolated from theirs (`_anchors`): "Zoti iu shfaq
    Abrahamit në lisat e Mamreut" ~ "And Jehovah appeared unto him by the oaks of Mamre" puts
    Abrahamit before Mamre, where "him" is, though the Albanian opening is longer. The window
    is the document's, or one word either way in a short text.
    """
    words = _PRONOUNS.get(lang or "", _ALL_PRONOUNS)
    if not plural:
        words = words - _PLURALS
    owners = _POSSESSIVES.get(lang or "", frozenset()) if possessive else frozenset()
    tokens = list(_WORD.finditer(other))
    places = []
    for k, m in enumerate(tokens):
        word = m.group().casefold()
        if word in words:
            places.append(m.start())
        elif word in owners:
            # "his brethren" for "vëllezërit e Jozefit": the name follows what it owns
            places.append(tokens[k + 1].start() if k + 1 < len(tokens) else m.end())
    return _in_place(text, other, spans, places, window)


def _in_place(text: str, other: str, spans: list[Span], places: list[int], window: float) -> bool:
    """Whether one of `places` of `other` stands where `text` has one of `spans`: within
    `window` (of relative position) of the place interpolated between the anchors around it
    (`_anchors`), or one word either way in a short text."""
    if not places:
        return False
    window = max(window, 1 / max(len(_WORD.findall(other)), 1))
    chain = [(0, 0), *_anchors(text, other), (len(text), len(other))]
    for start, _ in spans:
        at = _interpolate(chain, start)
        if any(abs(at - place) / len(other) <= window for place in places):
            return True
    return False


@lru_cache(maxsize=1_024)
def _anchors(text: str, other: str) -> tuple[tuple[int, int], ...]:
    """(place in `text`, place in `other`) of the words both texts have: numbers, and names
    spelled alike; the longest chain of them in the same order on both sides (a name that
    moved is left out). None in texts longer than ANCHORED together (a book pasted as one
    paragraph), where the chain would cost more than relative positions lose."""
    if len(text) + len(other) > ANCHORED:
        return ()
    mine: dict[str, list[int]] = {}
    theirs: dict[str, list[int]] = {}
    for words, source in ((mine, text), (theirs, other)):
        for m in _ANCHOR.finditer(source):
            if _anchor_like(m.group()):
                words.setdefault(m.group(), []).append(m.start())
    names_a = [w for w in mine if not w[0].isdigit()]
    names_b = [w for w in theirs if not w[0].isdigit()]
    alike = [(w, w) for w in mine if w[0].isdigit() and w in theirs]
    if names_a and names_b:
        rows, cols = np.nonzero(similarities(names_a, names_b, THRESHOLD) >= THRESHOLD)
        alike += [
            (names_a[r], names_b[c]) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
        ]
    matches = [(x, y) for a, b in alike for x in mine[a] for y in theirs[b]]
    return tuple(_increasing(matches))


_ANCHOR = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def _anchor_like(word: str) -> bool:
    return word[0].isdigit() or (word[0].isupper() and len(word) >= 3 and not _is_shouting(word))


def _increasing(matches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of (x, y) increasing in both (patience sorting)."""
    matches = sorted(matches, key=lambda m: (m[0], -m[1]))
    tails: list[int] = []  # per chain length, the index of the chain's smallest last y
    previous: list[int] = []
    for k, (_, y) in enumerate(matches):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if matches[tails[mid]][1] < y:
                lo = mid + 1
            else:
                hi = mid
        previous.append(tails[lo - 1] if lo else -1)
        if lo == len(tails):
            tails.append(k)
        else:
            tails[lo] = k
    chain = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(matches[k])
        k = previous[k]
    chain.reverse()
    # one anchor per place on either side (a name met twice keeps its first counterpart)
    out: list[tuple[int, int]] = []
    for x, y in chain:
        if not out or (x > out[-1][0] and y > out[-1][1]):
            out.append((x, y))
    return out


def _interpolate(chain: list[tuple[int, int]], start: int) -> float:
    """Where `start` of one text falls in the other, between the anchors around it."""
    for (x0, y0), (x1, y1) in itertools.pairwise(chain):
        if x0 <= start <= x1:
            return y0 + (start - x0) / max(x1 - x0, 1) * (y1 - y0)
    return float(chain[-1][1])


def _genitive(text: str, start: int, end: int, lang: str | None) -> bool:
    """Whether the name at `start`:`end` stands in the genitive (or dative), where a
    possessive replaces it: an Albanian case ending (Jozefit, Sarës), or "of"/"de"/"von"
    before it or "'s" after it."""
    word = text[start:end].casefold()
    if lang == "sq":
        return word.endswith(_SQ_OBLIQUE)
    before = text[max(0, start - 5) : start].casefold().split()
    after = text[end : end + 2]
    return bool(before and before[-1].strip("'’") in _OF.get(lang or "", ())) or (
        lang == "en" and after[:1] in ("'", "’") and after[1:2] == "s"
    )


def _near(text: str, other: str, spans: list[Span], places: list[Span], doc: _Document) -> bool:
    """Whether a word of `other` at `places` stands where `text` has `spans` (`_in_place`):
    within the document's window, and within NEAR characters in a long pair (where that
    window is wide)."""
    return _in_place(text, other, spans, [at for at, _ in places], _window(other, doc))


def _window(other: str, doc: _Document) -> float:
    """How far (relative position) a word of `other` may stand from a name's place and be in
    it: the document's window, in a long pair at most NEAR characters (where names move
    between paragraphs, the window measured is wide, and a pronoun is always within it)."""
    return doc.window if len(other) <= SHORT else min(doc.window, NEAR / len(other))


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
            ok = partnered(name, capital, partners)
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


def _next_door(ctx: Context, doc: _Document, pair: Pair, side: str, name: str) -> bool:
    """Whether the counterpart of `side`'s lost name stands in a neighbouring row: the other
    side of the pair before or after has it, without counterpart there, and that pair's own
    side lacks the name (Genesis 36:4-5 divided otherwise; a heading aligned a row off)."""
    index = pair.index
    known = ctx.pairs[index] if 0 <= index < len(ctx.pairs) else None
    if known is None or (known.source, known.target) != (pair.source, pair.target):
        return False  # a pair from elsewhere: its neighbours are unknown
    other_side = "target" if side == "source" else "source"
    text = text_of(pair, side)
    for j in (index - 1, index + 1):
        if not 0 <= j < len(ctx.pairs):
            continue
        mine, theirs = text_of(ctx.pairs[j], side), text_of(ctx.pairs[j], other_side)
        if name_stem(name) in {name_stem(w) for w, *_ in _tokens(mine) if w[0].isupper()}:
            continue
        found = _missing(text, theirs, {name}, doc.partners[side], doc.side(other_side).lower)
        if not found.get(name, ((), False))[1]:
            continue
        # and there it has no counterpart either: the two rows hold each other's name
        stray = _missing(
            theirs, mine, doc.checked[other_side], doc.partners[other_side], doc.side(side).lower
        )
        words = [w for w, (_, ok) in stray.items() if not ok]
        if words and any(alike_any([name], [w])[0] for w in words):
            return True
    return False


def _variant_finding(pair: Pair, variant: _Variant) -> Finding:
    """A finding of a name spelled in this pair otherwise than in the rest of the target."""
    target = [(a, b) for w, a, b in _standalone(pair.target) if w.casefold() == variant.word]
    source = [(a, b) for w, a, b in _standalone(pair.source) if strict_stem(w) == variant.stem]
    written = pair.target[target[0][0] : target[0][1]]
    named = pair.source[source[0][0] : source[0][1]]
    return Finding(
        CHECK,
        "major",
        f'name spelled "{written}" here and "{variant.usual}" in the rest of the target, '
        f"where the source has {named}",
        source_spans=source,
        target_spans=target,
        confidence=variant.confidence,
    )


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
        if (ctx.src_lang if side == "source" else ctx.tgt_lang) == "de":
            # a German "name" the document shows carried over once only is a common noun
            # where it stands as one
            lost = {
                name: kept
                for name, where in lost.items()
                if (
                    kept := where
                    if doc.support[side][name] > GERMAN_SUPPORT
                    else [span for span in where if not _german_noun(text, *span)]
                )
            }
        if lost:
            lost_by_side[side] = lost
    variants = doc.variants.get((pair.source, pair.target), ())
    findings = [_variant_finding(pair, variant) for variant in variants]
    # a name spelled otherwise is that finding, not one of a name without counterpart
    for variant in variants:
        for side, lost in list(lost_by_side.items()):
            for name in list(lost):
                if (strict_stem(name) if side == "source" else name) in (
                    variant.stem,
                    variant.word,
                ):
                    del lost[name]
            if not lost:
                del lost_by_side[side]
    for side, lost in lost_by_side.items():
        words = ", ".join(text_of(pair, side)[w[0][0] : w[0][1]] for w in lost.values())
        spans = [span for where in lost.values() for span in where]
        text, other = text_of(pair, side), text_of(pair, "target" if side == "source" else "source")
        other_side = "target" if side == "source" else "source"
        other_lang = ctx.tgt_lang if side == "source" else ctx.src_lang
        # A name of the other side with no counterpart here stands in the lost name's place:
        # a swap. One the document shows carried over counts wherever it stands; any other
        # (a rare name) too in a short pair, unless its side writes it in lower case elsewhere
        # (Царя, capitalised for reverence, ~ царь), and in a long one only where the lost
        # name stood: a chapter always has some capitalised word without counterpart.
        candidates = (doc.target if side == "source" else doc.source).names
        candidates = candidates - doc.otherwise[other_side]
        found = _missing(other, text, candidates, doc.partners[other_side], doc.side(side).lower)
        stranger = any(
            not ok
            and (
                name in doc.checked[other_side]
                or _near(text, other, spans, where, doc)
                or (len(other) <= SHORT and name_stem(name) not in doc.lower_stems[other_side])
            )
            for name, (where, ok) in found.items()
        )
        if len(lost_by_side) == 2 or stranger:
            confidence = SUBSTITUTION
        else:
            confidence = max(doc.rate[side].get(name, 0.0) for name in lost)
            # A pronoun where the name stands (same relative position, give or take): the
            # translator most likely wrote "he" for it.
            lang = ctx.src_lang if side == "source" else ctx.tgt_lang
            genitive = any(_genitive(text, start, end, lang) for start, end in spans)
            plural = len(lost) > 1
            window = _window(other, doc)
            if _pronoun_in_place(text, other, other_lang, spans, window, genitive, plural):
                confidence *= PRONOUN_FACTOR
        if all(_editorial(text, start) for start, _ in spans):
            confidence *= EDITORIAL_FACTOR
        if confidence < SUBSTITUTION and all(
            _next_door(ctx, doc, pair, side, name) for name in lost
        ):
            confidence *= NEIGHBOUR_FACTOR
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

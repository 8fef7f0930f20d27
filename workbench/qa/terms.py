"""Glossary check: a source term whose required translation is missing, or a forbidden one.

Terms with the same source term (the same words, whatever their case) are alternatives, as in
a termbase entry with several accepted translations: a source term is translated when any one
of its targets is there, and no alternative's target is reported as another's forbidden variant.

Words are letters and digits with their combining marks (Devanagari vowel signs, Arabic and
Hebrew vowel marks), compared without the Arabic and Hebrew marks, as search reads them
(`textfold.unmarked`). Chinese, Japanese, Thai, Lao, Khmer and Burmese put no spaces between
words, so a term in those scripts is found wherever its characters stand in the text.

Albanian and Russian inflect heavily (Kombet e Bashkuara ~ Kombeve të Bashkuara, Генеральная
Ассамблея ~ Генеральной Ассамблеи), so a term word matches its inflected forms: the word with
one of its language's endings, or its stem (the word less an ending of the language, three
letters left at least) with another (`_INFLECTIONS`: party ~ parties, party's; Partia ~ Partisë,
Partinë; Ассамблея ~ Ассамблеи), never another word the letters begin (part, statement,
peaceful, shtetësi for "shtet"). A language without a table of endings takes those of its
script's languages; a script without any (Arabic, Hebrew) any ending of up to four letters after
the word less up to a third of it. A word of six letters or more also matches a word spelled
nearly alike (rapidfuzz ratio: organisation ~ organization), unless one is the other with
letters added at an end, which is inflection or another word (estates for "states"). Short
function words inside a term match any short word. Arabic and Hebrew write their article,
conjunctions and prepositions as prefixes of the word (والكتاب "and the book", ובבית "and in the
house"), so a word in those scripts is also compared without them. `partial_ratio` first rules
out texts that cannot contain the term at all, which keeps large glossaries cheap.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex
from rapidfuzz import fuzz

from workbench.qa.context import Context
from workbench.qa.model import Finding, Pair, Span, Term
from workbench.textfold import unmarked

#: A word: letters and digits with the marks that belong to them (a Devanagari vowel sign or
#: Arabic vowel mark is no word boundary).
_WORD = regex.compile(r"(?:[^\W_]|\p{M})+")
#: Scripts written without spaces between words: a term in them is matched as a substring.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
PREFILTER = 70
WORD_RATIO = 85
#: The least length of words that may match as spellings of one another (`_spelled_alike`).
SPELLING_MIN = 6

#: The inflections of a language: the endings its words take, and which endings a word may
#: lose for others (a stem's endings). Albanian and Russian: any ending for any other, the
#: stem alone included (Parti, Partia, Partisë; Ассамблея, Ассамблеи); German and French add
#: endings, French trades -al for -aux; English adds -s, -es, -ed, -ing, trades -y, -ies and
#: -ied for one another, a silent -e, -es, -ed and -ing, and drops a plural's -s or -es
#: (rights ~ right, countries ~ country, charged ~ charge), but never leaves a bare stem of
#: -y, -ed or -ing: "part" is no "party", "unit" no "united", "even" no "evening".
_SQ_ENDINGS = (
    "a ja e ë i u t n s it ut in un en ës së es të ët et at ta në ën ve eve ëve ave sh esh"
    " ësh ash je jen jes ra rat rave ri rit rin ror"
)
_RU_ENDINGS = (
    "а я о е ё ы и у ю й ь ой ей ёй ою ею ом ем ём ам ям ах ях ами ями ов ев ёв ий ый ая яя ое"
    " ее ые ие ого его ому ему ым им ых их ыми ими ую юю ия ии ию ией иям иях ья ье ьи ью ьё ьей"
    " ьям ьях ьями"
)
_DE_ENDINGS = "e en n s es er ern em ens nen"
_FR_ENDINGS = "s x e es"
_EN_ENDINGS = "s es ed d ing"


def _any_for_any(endings: str) -> dict[str, frozenset[str]]:
    """Inflections where any ending stands for any other, and the stem alone is a form."""
    words = frozenset(endings.split())
    return {ending: words | {""} for ending in words}


_INFLECTIONS: dict[str, tuple[frozenset[str], dict[str, frozenset[str]]]] = {
    "sq": (frozenset(_SQ_ENDINGS.split()), _any_for_any(_SQ_ENDINGS)),
    "ru": (frozenset(_RU_ENDINGS.split()), _any_for_any(_RU_ENDINGS)),
    "de": (frozenset(_DE_ENDINGS.split()), _any_for_any(_DE_ENDINGS)),
    "fr": (
        frozenset(_FR_ENDINGS.split()),
        {**_any_for_any(_FR_ENDINGS), "al": frozenset({"aux"}), "ail": frozenset({"aux"})},
    ),
    "en": (
        frozenset(_EN_ENDINGS.split()),
        {
            "y": frozenset({"ies", "ied"}),
            "ies": frozenset({"y", "ied"}),
            "ied": frozenset({"y", "ies"}),
            "e": frozenset({"es", "ed", "ing"}),
            "es": frozenset({"", "e", "ed", "ing"}),
            "ed": frozenset({"e", "es", "ing"}),
            "ing": frozenset({"e", "es", "ed", "s"}),
            "s": frozenset({""}),
        },
    ),
}
#: The languages whose endings a language without a table of its own takes, by script.
_SCRIPT_LANGUAGES = {"Latin": ("en", "fr", "de", "sq"), "Cyrillic": ("ru",)}
_SCRIPT_LETTER = {script: regex.compile(rf"\p{{{script}}}") for script in _SCRIPT_LANGUAGES}
#: The least a stem keeps of a word less an ending (Партия ~ Парти-и, народ-ами ~ народ-а),
#: and of a word less a final -s or -es: "rights" is "right", but "news" is no "new".
_STEM_MIN = 3
_PLURAL_STEM_MIN = 4


@lru_cache(maxsize=20_000)
def _term_words(term: str) -> tuple[str, ...]:
    """The words of a term, NFC and case-folded: a decomposed "ë" (e + U+0308) would
    otherwise split "punë" into "pun" and "e"."""
    return tuple(unmarked(w).casefold() for w in _WORD.findall(unicodedata.normalize("NFC", term)))


def _arabic_prefixes() -> tuple[str, ...]:
    """و/ف "and", then ب/ك/ل "in/as/to" and ال "the" (ل + ال is written لل), longest first."""
    tails = {"", "ال", "لل"} | {p + a for p in "بكل" for a in ("", "ال")} - {"لال"}
    found = {c + t for c in ("", "و", "ف") for t in tails} - {""}
    return tuple(sorted(found, key=len, reverse=True))


_ARABIC_PREFIXES = _arabic_prefixes()
#: Hebrew's one-letter prefixes (ו and, ה the, ב in, כ as, ל to, מ from, ש that), up to three
#: in a row (וכשה "and when the").
_HEBREW_PREFIX = regex.compile(r"^[והבכלמש]{1,3}")
_ARABIC = regex.compile(r"^\p{Arabic}+$")
_HEBREW = regex.compile(r"^\p{Hebrew}+$")
#: The least a word keeps without its prefixes: most Arabic and Hebrew roots have three letters.
_BARE_MIN = 3


@lru_cache(maxsize=50_000)
def _forms(word: str) -> tuple[str, ...]:
    """A text word, and in Arabic or Hebrew the word less each run of prefixes it may carry."""
    forms = [word]
    if _ARABIC.match(word):
        forms += [
            word[len(p) :]
            for p in _ARABIC_PREFIXES
            if word.startswith(p) and len(word) - len(p) >= _BARE_MIN
        ]
    elif _HEBREW.match(word):
        run = _HEBREW_PREFIX.match(word)
        if run:
            forms += [word[k:] for k in range(1, run.end() + 1) if len(word) - k >= _BARE_MIN]
    return tuple(dict.fromkeys(forms))


def _word_matches(word: str, token: str, lang: str | None = None) -> bool:
    """A term word against a text word, also without Arabic or Hebrew prefixes (the text's:
    a glossary gives its terms as they are written alone, and stripping both sides would
    make שלום and הלום one word)."""
    forms = _forms(token)
    if _plain_match(word, token, lang):
        return True
    # without its prefixes, a word must be the term word or an inflection of it: a spelling
    # tolerance on top would let a prefix letter stand for a letter of the word
    return any(_inflected(word, form, lang) for form in forms[1:])


def _inflected(word: str, token: str, lang: str | None = None) -> bool:
    """The token is the word or one of its inflected forms (see the module docstring)."""
    if len(word) <= 3:
        return token == word
    if token[:_STEM_MIN] != word[:_STEM_MIN]:
        return False  # most text words: decided without looking at endings
    inflections = _inflections(word, lang)
    if inflections is None:  # no endings known for the script: any short ending
        stem = word[: len(word) - min(3, len(word) // 3)]
        return token.startswith(stem) and len(token) <= len(word) + 4
    return any(
        token.startswith(stem) and token[len(stem) :] in endings for stem, endings in inflections
    )


def _plain_match(word: str, token: str, lang: str | None = None) -> bool:
    if any(char.isdigit() for char in word + token):
        # a number in a term ("Article 5", "COVID-19") is that number, never another
        return _digits(word) == _digits(token) and _plain_match(
            _letters(word), _letters(token), lang
        )
    if len(word) <= 3:
        return token == word or (len(word) <= 2 and len(token) <= 3)
    return _inflected(word, token, lang) or _spelled_alike(word, token)


def _spelled_alike(word: str, token: str) -> bool:
    """Two spellings of one word (organisation ~ organization): nearly alike, the term word
    long enough for one letter to be a small part of it (party ~ partly, peace ~ pace are
    other words), and not one with letters added at an end of the other (part, estates for
    "states"): what an end adds is an inflection, or another word."""
    if len(word) < SPELLING_MIN or len(token) < SPELLING_MIN:
        return False
    short, long = sorted((word, token), key=len)
    if long.startswith(short) or long.endswith(short):
        return False
    return fuzz.ratio(word, token) >= WORD_RATIO


def _digits(word: str) -> str:
    return "".join(char for char in word if char.isdigit())


def _letters(word: str) -> str:
    """A word without its digits; an empty one matches an empty one (a number alone)."""
    return "".join(char for char in word if not char.isdigit()) or "#"


def _script(word: str) -> str | None:
    """The script of a word's first letter, of those with endings known."""
    for script, letter in _SCRIPT_LETTER.items():
        if letter.match(word):
            return script
    return None


def _table(lang: str | None, script: str) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The inflections of `lang`, or, for a language without a table (or in another script:
    a Russian name in an English text), those of the languages written in `script`."""
    if lang in _INFLECTIONS and lang in _SCRIPT_LANGUAGES[script]:
        return _INFLECTIONS[lang]
    added: set[str] = set()
    swaps: dict[str, set[str]] = {}
    for other in _SCRIPT_LANGUAGES[script]:
        endings, trades = _INFLECTIONS[other]
        added |= endings
        for ending, replacements in trades.items():
            swaps.setdefault(ending, set()).update(replacements)
    return frozenset(added), {e: frozenset(r) for e, r in swaps.items()}


@lru_cache(maxsize=50_000)
def _inflections(word: str, lang: str | None) -> tuple[tuple[str, frozenset[str]], ...] | None:
    """The stems of a term word with the endings each takes: the word itself with its
    language's endings (or none), and the word less an ending it may lose with those that
    stand for it. None where the script has no endings known."""
    script = _script(word)
    if script is None:
        return None
    added, trades = _table(lang, script)
    found = [(word, added | {""})]
    for ending, replacements in trades.items():
        stem = word[: -len(ending)]
        if (
            ending
            and word.endswith(ending)
            and len(stem) >= (_PLURAL_STEM_MIN if ending in ("s", "es") else _STEM_MIN)
        ):
            found.append((stem, replacements))
    return tuple(found)


def find_term(term: str, text: str, lang: str | None = None) -> list[Span]:
    """Where `term` occurs in `text` (written in `lang`), tolerant of inflection and small
    spelling differences."""
    words = _term_words(term)
    if not words or not text:
        return []
    if _UNSPACED.search(term):
        return _find_unspaced(words, text)
    if all(len(w) <= 2 for w in words):
        return _find_short(term, words, text)
    if fuzz.partial_ratio(unmarked(term).casefold(), unmarked(text).casefold()) < PREFILTER:
        return []
    tokens = [(unmarked(m.group()).casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]
    spans = []
    for i in range(len(tokens) - len(words) + 1):
        window = tokens[i : i + len(words)]
        if all(_word_matches(w, tok, lang) for w, (tok, _, _) in zip(words, window, strict=True)):
            spans.append((window[0][1], window[-1][2]))
    return spans


def _find_short(term: str, words: tuple[str, ...], text: str) -> list[Span]:
    """A term of only short words ("UN", "EU"), where the loose match of short words would
    hit any short word: the same words exactly, and in capitals where the term is an acronym
    in capitals (so "UN" is not the French article "un")."""
    tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    spans = []
    for i in range(len(tokens) - len(words) + 1):
        window = tokens[i : i + len(words)]
        if all(
            unmarked(tok).casefold() == w and (tok.isupper() or not term.isupper())
            for w, (tok, _, _) in zip(words, window, strict=True)
        ):
            spans.append((window[0][1], window[-1][2]))
    return spans


def _find_unspaced(words: tuple[str, ...], text: str) -> list[Span]:
    """A term in a script without spaces between words: its words in a row, wherever they
    stand (the text's words are not delimited, so no inflection is guessed either)."""
    pattern = regex.compile(
        r"\s*".join(regex.escape(w) for w in words), regex.IGNORECASE | regex.FULLCASE
    )
    return [m.span() for m in pattern.finditer(text)]


def term_key(text: str) -> tuple[str, ...]:
    """What makes two terms the same term: their words, NFC and case-folded (the text itself,
    NFC and folded, for a term without letters or digits), so the composed and decomposed
    forms of one text are one term."""
    return _term_words(text) or (" ".join(unicodedata.normalize("NFC", text).split()).casefold(),)


def _alternatives(ctx: Context) -> list[list[Term]]:
    """The glossary's terms grouped by source term, in the order they first appear."""
    groups: dict[tuple[str, ...], list[Term]] = {}
    for term in ctx.glossary:
        groups.setdefault(term_key(term.source), []).append(term)
    return list(groups.values())


def _distinct(texts: list[str]) -> list[str]:
    """The texts less those that are the same term as an earlier one."""
    first: dict[tuple[str, ...], str] = {}
    for text in texts:
        first.setdefault(term_key(text), text)
    return list(first.values())


def _either(targets: list[str]) -> str:
    quoted = [f"“{t}”" for t in targets]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def check_glossary(pair: Pair, ctx: Context) -> list[Finding]:
    """For each glossary term in the source: one of its translations must be there, no
    forbidden variant may be."""
    findings = []
    for terms in ctx.cached("glossary-alternatives", _alternatives):
        source = terms[0].source
        targets = _distinct([t.target for t in terms])
        src_spans = sorted(
            {
                span
                for text in _distinct([t.source for t in terms])
                for span in find_term(text, pair.source, ctx.src_lang)
            }
        )
        if src_spans and not any(
            find_term(target, pair.target, ctx.tgt_lang) for target in targets
        ):
            findings.append(
                Finding(
                    "glossary",
                    "major",
                    f"glossary: “{source}” should be translated as {_either(targets)}",
                    source_spans=src_spans,
                )
            )
        # an alternative's accepted translation is never forbidden; a variant forbidden by
        # several alternatives is reported once, for the first of them
        skip = {term_key(t) for t in targets}
        for term in terms:
            for variant in term.forbidden:
                if term_key(variant) in skip:
                    continue
                skip.add(term_key(variant))
                used = find_term(variant, pair.target, ctx.tgt_lang)
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

"""Language codes: one normal form (BCP 47, ISO 639-1 where it exists) and display names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import langcodes
import regex
from langcodes.data_dicts import LIKELY_SUBTAGS, MACROLANGUAGES

from workbench.errors import InputError

_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")

#: ISO 639-3 / 639-2 codes that users and files write for languages with a 639-1 code.
_THREE_LETTER = {
    "als": "sq",
    "sqi": "sq",
    "alb": "sq",
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "rus": "ru",
    "ita": "it",
    "spa": "es",
    "srp": "sr",
    "hrv": "hr",
    "bos": "bs",
    "ell": "el",
    "gre": "el",
    "tur": "tr",
    "kor": "ko",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "ukr": "uk",
    "pol": "pl",
    "ron": "ro",
    "rum": "ro",
    "bul": "bg",
    "mkd": "mk",
    "ces": "cs",
    "cze": "cs",
    "hun": "hu",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "ara": "ar",
    "heb": "he",
    "fas": "fa",
    "per": "fa",
}

NAMES = {
    "sq": "Albanian",
    "en": "English",
    "de": "German",
    "fr": "French",
    "ru": "Russian",
    "it": "Italian",
    "es": "Spanish",
    "sr": "Serbian",
    "hr": "Croatian",
    "bs": "Bosnian",
    "el": "Greek",
    "tr": "Turkish",
    "ko": "Korean",
    "zh": "Chinese",
    "ja": "Japanese",
    "uk": "Ukrainian",
    "pl": "Polish",
    "ro": "Romanian",
    "bg": "Bulgarian",
    "mk": "Macedonian",
    "cs": "Czech",
    "hu": "Hungarian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ar": "Arabic",
    "he": "Hebrew",
    "fa": "Persian",
}

#: Two-letter codes the IANA registry deprecates, and the codes that replace them: files and
#: old systems still write `iw` for Hebrew, `ji` for Yiddish, `in` for Indonesian.
_DEPRECATED = {"iw": "he", "ji": "yi", "in": "id", "jw": "jv", "mo": "ro"}

#: Scripts written right to left (ISO 15924 codes; Unicode's bidirectional class R or AL),
#: for the `dir` attribute of pages and Word's `w:bidi`.
RIGHT_TO_LEFT_SCRIPTS = frozenset(
    {
        "Adlm", "Arab", "Aran", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Gara", "Hatr", "Hebr",
        "Hung", "Khar", "Lydi", "Mand", "Mani", "Mend", "Merc", "Mero", "Narb", "Nbat", "Nkoo",
        "Orkh", "Ougr", "Palm", "Phli", "Phlp", "Phlv", "Phnx", "Prti", "Rohg", "Samr", "Sarb",
        "Sogd", "Sogo", "Syrc", "Syre", "Syrj", "Syrn", "Thaa", "Yezi",
    }
)  # fmt: skip

#: The usual script of languages CLDR's likely subtags (which langcodes holds) do not know,
#: or know wrongly: Mandaic, Samaritan, Classical Syriac, the Judeo-Arabic and Judeo-Persian
#: written in Hebrew letters. A language with none here and in CLDR is taken as left to right.
_SCRIPTS = {
    "mid": "Mand", "myz": "Mand", "sam": "Samr", "smp": "Samr", "syc": "Syrc",
    "jrb": "Hebr", "jpr": "Hebr",
}  # fmt: skip


def normalise(code: str) -> str:
    """'EN_us' -> 'en-US', 'als' -> 'sq'; InputError for anything that is not a language tag."""
    cleaned = (code or "").strip().replace("_", "-")
    if not _TAG.match(cleaned):
        raise InputError(f"'{code}' is not a language code (use e.g. sq, en, de, fr, ru)")
    primary, *rest = cleaned.split("-")
    primary = _THREE_LETTER.get(primary.lower(), primary.lower())
    primary = _DEPRECATED.get(primary, primary)
    subtags = [_cased(part, index) for index, part in enumerate(rest)]
    tag = "-".join([primary, *subtags])
    # well-formed is not enough: "em" for "en" would silently lose the sentence rules, the
    # aligner's and QA's language knowledge; the IANA registry (langcodes) knows every code
    if not langcodes.tag_is_valid(tag):
        raise InputError(
            f"'{code}' is not a registered language code (BCP 47; use e.g. sq, en, de, fr, ru)"
        )
    return tag


def _cased(subtag: str, index: int) -> str:
    """A subtag after the primary one as BCP 47 writes it: a region in capitals (`US`), a
    script, which comes first, in title case (`Arab`), anything else as it was written."""
    if len(subtag) == 2:
        return subtag.upper()
    if index == 0 and len(subtag) == 4 and subtag.isalpha():
        return subtag.title()
    return subtag


def primary(code: str | None) -> str | None:
    """The primary subtag: 'en-US' -> 'en' (what segmenters and the aligner key on)."""
    return code.split("-")[0].lower() if code else None


def name(code: str | None) -> str:
    """Display name of a language code, or the code itself when unknown."""
    if not code:
        return "unknown"
    return NAMES.get(primary(code) or "", code)


def direction(code: str | None) -> str:
    """ "rtl" or "ltr" for text in language `code`: by its script (`script`), so that every
    language written in Arabic, Hebrew, Syriac, Thaana, N'Ko, Adlam… letters is set right to
    left, and `ku-Latn` or `az` left to right while `ku-Arab` or `ckb` are not."""
    return "rtl" if script(code) in RIGHT_TO_LEFT_SCRIPTS else "ltr"


@cache
def script(code: str | None) -> str | None:
    """The script text in language `code` is written in (ISO 15924, "Arab"): its script
    subtag when it has one (`pa-Arab`); else the likely script of the language in its region
    (`pa-PK`, `az-IR`: Arabic), or of the language (`ckb`), or of its macrolanguage (`arz`,
    `acm`: Arabic's), as CLDR's likely subtags say; deprecated codes read as their
    replacements (`iw` is Hebrew). None when nothing says (an unknown or malformed code)."""
    if not code:
        return None
    try:
        tag = langcodes.Language.get(code.strip().replace("_", "-"))
    except ValueError:  # langcodes.LanguageTagError is one
        return None
    if tag.script:
        return tag.script
    language = tag.language or ""
    macro = MACROLANGUAGES.get(language, "")
    regional = f"{language}-{tag.territory}" if tag.territory else ""
    for key in (regional, language, macro):
        if key in LIKELY_SUBTAGS:
            return langcodes.Language.get(LIKELY_SUBTAGS[key]).script
    return _SCRIPTS.get(language) or _SCRIPTS.get(macro)


#: ISO 15924 codes of ways of writing made of several Unicode scripts (or a style of one):
#: the scripts of their letters.
_LETTERS = {
    "Hans": ("Hani",), "Hant": ("Hani",), "Jpan": ("Hani", "Hira", "Kana"),
    "Kore": ("Hang", "Hani"), "Aran": ("Arab",), "Syre": ("Syrc",), "Syrj": ("Syrc",),
    "Syrn": ("Syrc",),
}  # fmt: skip


_LATIN_LETTER = regex.compile(r"\p{Script=Latin}")


def text_language(text: str, *candidates: str | None, latin: bool = False) -> str | None:
    """The language of a short text whose language nobody recorded (a document's title or
    summary, a version's label), as far as its letters tell: the first of `candidates` (the
    document's languages) whose own script most of its letters are in. None when the
    letters are in no candidate's script (an English title of an Arabic document), and when
    that script is Latin, which cannot tell Albanian from English (the page's language),
    unless `latin` says to take Latin letters for a Latin-script candidate (a version's own
    label, "Shqip, 1961")."""
    letters = [char for char in text if char.isalpha()]
    for code in candidates:
        written = script(code)
        pattern = _LATIN_LETTER if latin and written == "Latn" else _letters_of(written)
        own = sum(1 for char in letters if pattern is not None and pattern.match(char))
        if 2 * own > len(letters):
            return code
    return None


def text_direction(text: str, *candidates: str | None) -> tuple[str | None, str]:
    """(lang, dir) for a short text of no recorded language (`text_language`): its language
    and that language's direction when its letters tell; else no language and "auto", so
    that a reader takes the direction from its first letters (an Arabic or Hebrew title in
    a page whose language is English still reads right to left)."""
    found = text_language(text, *candidates)
    return (found, direction(found)) if found else (None, "auto")


@cache
def _letters_of(written: str | None) -> regex.Pattern[str] | None:
    """A pattern matching one letter of a script (ISO 15924), None for Latin (see
    `text_language`), for none, or for a script Unicode does not know as such."""
    if written is None or written == "Latn":
        return None
    names = _LETTERS.get(written, (written,))
    try:
        return regex.compile("[" + "".join(f"\\p{{Script={name}}}" for name in names) + "]")
    except regex.error:
        return None


def covers(wanted: str, code: str | None) -> bool:
    """Whether a language filter `wanted` takes text in `code`: a tag covers itself and the
    longer tags that begin with it (RFC 4647 basic filtering), so `en` covers `en`, `en-US`
    and `en-GB` while `en-US` covers `en-US` alone; case, and `_` for `-`, do not matter."""
    if not code:
        return False
    want, have = (c.strip().replace("_", "-").lower() for c in (wanted, code))
    return have == want or have.startswith(want + "-")


def filter_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, label) for a language filter offering the languages in use, by code. A language
    used without a region is offered by its name ("Albanian"); one used with regions first as
    its primary subtag, which covers them all and itself ("English (all regions)"), then
    region by region ("English (en-GB)", "English (en-US)")."""
    groups: dict[str, list[str]] = {}
    for code in sorted(set(codes)):
        groups.setdefault(primary(code) or code, []).append(code)
    choices = []
    for first, group in sorted(groups.items()):
        longer = [code for code in group if code != first]
        if not longer:
            choices.append((first, name(first)))
            continue
        regional = all(_region(code) for code in longer)
        choices.append((first, f"{name(first)} (all {'regions' if regional else 'variants'})"))
        choices.extend((code, _label(code)) for code in longer)
    return choices


def _region(code: str) -> bool:
    """'en-US', 'es-419': a primary subtag and a region (not a script such as 'sr-Latn')."""
    parts = code.split("-")
    return len(parts) == 2 and (
        (len(parts[1]) == 2 and parts[1].isalpha()) or (len(parts[1]) == 3 and parts[1].isdigit())
    )


def _label(code: str) -> str:
    known = name(code)
    return known if known == code else f"{known} ({code})"

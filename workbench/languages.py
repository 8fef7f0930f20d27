"""Language codes: one normal form (BCP 47, ISO 639-1 where it exists) and display names."""

from __future__ import annotations

import re
from collections.abc import Iterable

import langcodes

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

#: Scripts written right to left, for the `dir` attribute of pages.
RIGHT_TO_LEFT = {"ar", "he", "fa", "ur", "yi"}


def normalise(code: str) -> str:
    """'EN_us' -> 'en-US', 'als' -> 'sq'; InputError for anything that is not a language tag."""
    cleaned = (code or "").strip().replace("_", "-")
    if not _TAG.match(cleaned):
        raise InputError(f"'{code}' is not a language code (use e.g. sq, en, de, fr, ru)")
    primary, *rest = cleaned.split("-")
    primary = _THREE_LETTER.get(primary.lower(), primary.lower())
    subtags = [part.upper() if len(part) == 2 else part for part in rest]
    tag = "-".join([primary, *subtags])
    # well-formed is not enough: "em" for "en" would silently lose the sentence rules, the
    # aligner's and QA's language knowledge; the IANA registry (langcodes) knows every code
    if not langcodes.tag_is_valid(tag):
        raise InputError(
            f"'{code}' is not a registered language code (BCP 47; use e.g. sq, en, de, fr, ru)"
        )
    return tag


def primary(code: str | None) -> str | None:
    """The primary subtag: 'en-US' -> 'en' (what segmenters and the aligner key on)."""
    return code.split("-")[0].lower() if code else None


def name(code: str | None) -> str:
    """Display name of a language code, or the code itself when unknown."""
    if not code:
        return "unknown"
    return NAMES.get(primary(code) or "", code)


def direction(code: str | None) -> str:
    return "rtl" if primary(code) in RIGHT_TO_LEFT else "ltr"


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

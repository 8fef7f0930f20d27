"""Numbers and dates that differ between source and target.

Digits are canonicalised with the aligner's own rules (`anchors`: 4,5 ~ 4.5, 80 000 ~ 80,000 ~
80.000), then extended with what a translation legitimately rewrites: scale words (80 thousand,
80 mijë, 80 тысяч), dates (10.12.1948 ~ 10 December 1948), Roman numerals (Neni IV ~ Article 4,
XXe ~ 20th) and ordinals (4th ~ 4. ~ i 4-t).

A word of Roman-numeral capitals is a number only where it is read as one, as in a
professional QA tool: after a word that introduces a number (Article, Chapter, Part, Volume,
Book, Psalm, Neni, Kapitel, Глава, a pope's or a king's name: "Pius XII", "Zog I"), before a
word it counts (XX century, XX. Jahrhundert, XX век, XXII съезд), with an ordinal ending
(XXe, XIXth, IV-të), as a sequence marker opening a paragraph ("IV. Conclusions", a heading
"XII"), a small numeral (I, V, X only) after a capitalised name or noun ("Louis XIV", "Lager
III") or as a list label ("… end. II. Next"), a long one (MCMXLV), or in a run with one of
these ("Articles XII and XIII"). Elsewhere, above all a short capital word with C, D, L or M
(the CPSU CC, Washington, DC, MD, CD, LL, MM, CV, XL), it is a *possible* number: it answers
the same value on the other side (so "CC" ~ "200", "XII" ~ "XII") but is never required
there. One letter is a number only after a word that introduces one, and only I, V or X
("Annex C", "M. Dupont" are letters; "I" is a pronoun, also in "the book I read").

Written-out numbers and month names only *satisfy* a number on the other side, never
require one: "three copies" answers "3 copies", but a text full of written numbers against
one that has none (Bible translations) stays quiet. Times
(15.30 Uhr ~ 15 h 30), year spans (1952/53 ~ 1952 und 1953) and German compounds
(Achttausender ~ « 8000 ») are read too, and two misreadings of scanned text are undone: a
capital O ending a number is a zero ("7O.Jahrgang"), and "1'" before a word is the elided
article "l'" ("1'officier"); a Roman "II" after a list label ("3° II va") is the pronoun "Il"
as it is at a sentence start.

Confidence: a number missing on one side while the other side has a number of its own
missing is a substitution, near certain (0.9). A number on one side only is weaker (0.6), and
weak (0.3, not reported) when translators commonly drop or rework it: a list label ("2." at
the start of a sentence), a number in brackets or parentheses (a conversion, an altitude, the
bracketed variant reading after a written-out number in the Russian Synodal Bible: "сто
тридцать [230]"), and a year or a page or issue reference (S. 23, p. 23, Nr. 292) when the
other side has no digits at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from workbench.align.anchors import _NUMBER, _normalise_match
from workbench.qa.model import Finding, Pair, Span
from workbench.qa.numwords import word_values

CHECK = "numbers"

_DATE = re.compile(
    r"(?<![\d.,])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[./](\d{1,2})[./](\d{2,4}))(?![\d])"
)
_SCALES = [
    (
        re.compile(
            r"[ \u00a0\u202f]*(?:thousands?|mijë|mije|тысяч[аи]?|тыс\.?|tausend|mille"
            r"|ألف|آلاف|אלף|אלפים)",
            re.I,
        ),
        3,
    ),
    (
        re.compile(
            r"[ \u00a0\u202f]*(?:millions?|milion[ëe]?|миллион(?:а|ов)?|млн\.?|millionen|mln\.?"
            r"|مليون|ملايين|מיליון|מיליונים)",
            re.I,
        ),
        6,
    ),
    (
        re.compile(
            r"[ \u00a0\u202f]*(?:billions?|milliards?|miliard[ëe]?|миллиард(?:а|ов)?"
            r"|млрд\.?|milliarden?)",
            re.I,
        ),
        9,
    ),
]
_ROMAN = re.compile(
    r"\b(?=[MDCLXVI])(M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3}))"
    r"(?:e|er|re|ème|eme|-?th)?\b"
)
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
# Words that introduce a number (en, sq, de, fr, ru): after them any numeral is read, even a
# one-letter one ("Article I", "Neni V", "World War I", "Zog I") or one that is also an
# abbreviation ("Chapter CC"). Structure words, then popes', kings' and emperors' titles and
# names, then words written with a century or a war; Albanian may put "i"/"e" between
# ("Kongresi i IV"), Russian words come in several cases (стать-я/-и/-е).
_ROMAN_BEFORE_TEXT = (
    r"article articles art\. chapter chapters ch\. part parts volume volumes vol book books"
    r" section sections sect\. psalm psalms ps\. canto act scene appendix annex title schedule"
    r" phase stage class camp lager clause rule no\. nr § "
    "neni nenet nenin kapitulli kapitullin pjesa pjesën libri librin vëllimi vëllim seksioni"
    " psalmi shekulli shekullit shekullin kongresi kongresit plenumi plenumit "
    "artikel kapitel teil buch band bd abschnitt heft jahrgang psalm abteilung stufe "
    "chapitre chapitres partie parties livre livres tome tomes titre psaume psaumes acte scène"
    " annexe "
    r"стать[яиеюей] глав[аыеу] част[ьи] книг[аиеу] том[аеу]? раздел[аеу]? псалом псалма"
    r" пункт[аеу]? "
    "pope king queen emperor empress tsar czar kaiser könig papst roi reine pape empereur"
    " mbreti papa папа король император царь "
    "pius pio pie leo leon léon gregory grégoire gregor benedict benoît clement clément boniface"
    " louis ludwig henry henri heinrich charles karl edward george james william wilhelm richard"
    " elizabeth elisabeth élisabeth napoleon napoléon peter pierre pjetri frederick friedrich"
    " philip philippe nicholas nicolas alexander alexandre catherine zog zogu"
    r" пий людовик генрих карл п[её]тр николай александр екатерина иван "
    r"world\s+war weltkrieg"
)
_ROMAN_BEFORE_WORDS = _ROMAN_BEFORE_TEXT.split()
_ROMAN_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(_ROMAN_BEFORE_WORDS) + r")\.?(?:\s+(?:i|e|të))?\s*$",
    re.I,
)
# Words a numeral is written before: "XX century", "XX. Jahrhundert", "XX век", "XXII съезд",
# "II мировая война", "Ve République" (the suffix already says it).
_ROMAN_AFTER = re.compile(
    r"\.?\s+(?:centur(?:y|ies)|siècles?|jahrhunderts?|век[аеу]?|столети[еяи]|congress|kongress"
    r"|congrès|съезд\w*|plenum|пленум\w*|weltkrieg\w*|world\s+war|мирово\w*|республик\w*"
    r"|république|republic)(?![^\W\d_])",
    re.I,
)
# An ordinal ending after a hyphen: "IV-të", "XX-го", "II-й".
_ROMAN_HYPHEN_ORDINAL = re.compile(r"-(?:të|ti|it|in|й|го|ого|ий|я|е|ой|ом|ым)(?![^\W\d_])")
# A name or a noun right before: "Pius XII", "Louis XIV", "Lager III", "Kongresi i IV".
_NAME_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)[ \u00a0](?:(?:i|e|të)[ \u00a0])?$")
# A sequence marker: a numeral opening a paragraph (or a line) with a label's punctuation, or
# standing alone on its line (a heading): "IV. Conclusions", "XII) ...", "II".
_PARAGRAPH_START = re.compile(r"(?:^|\n)[ \t(\[]*$")
_MARKER_AFTER = re.compile(r"(?:[.):]|[ \t]*[-–—])(?:\s|$)|[ \t]*(?:\n|$)")
_LABEL_AFTER = re.compile(r"[.)](?:\s|$)")
# Between two numerals of one run: "Articles XII and XIII", "chapitres IV–VI", "XIX и XX века".
_ROMAN_JOIN = re.compile(
    r"\s*(?:[,;/–—-]\s*(?:(?:and|or|et|ou|und|oder|и|или|dhe|ose)\s+)?"
    r"|(?:and|or|to|et|ou|à|und|oder|bis|и|или|по|dhe|ose|deri)\s+)",
    re.I,
)
_FRACTIONS = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}
_FRACTION = re.compile(r"[ \u00a0]?([½¼¾])")
_TIME = re.compile(r"(?<![\d.,])([01]?\d|2[0-3])[.:]([0-5]\d)(?=\s*(?:Uhr|h)\b)")
_YEAR_SPAN = re.compile(r"(?<![\d.,])(1[0-9]|20)(\d{2})/(\d{2})(?![\d])")
_CITATION = re.compile(r"(?:\b(?:S|s|p|pp|Nr|No|no|Bd|vol|Vol|Heft|fasc)\.?|n°|№)\s*$")
_FRANCS = re.compile(r"(?<![\d.,])(\d+)\s*fr\s*\.?\s*(\d{2})(?!\d)", re.I)
_LABEL = re.compile(r"[.°)]")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|(?:^|\s)\d{1,2}\s?[°)]\s+)$")
# A capital O that ends a number: a scan's misreading of a zero ("7O.Jahrgang").
_SCANNED_ZERO = re.compile(r"(?<=\d)O(?![^\W\d_])")
# "1'" before a word: a scan's misreading of the elided article "l'" (1'officier, 1' «Human).
_ELISION = re.compile(r"(?<![\w.,])1['’](?=\s?[«\"“]?[^\W\d_])")
# A lowercase word next on the same line: "II nous" is a scanned "Il nous".
_LOWER_NEXT = re.compile(r"[^\S\n]+[a-zà-ÿа-яё]")


@dataclass(frozen=True)
class Number:
    """One number found in a text: canonical value and where it stands."""

    value: str
    span: Span
    #: "year", "citation" (S. 23), "enclosed" (in brackets), "label" (a list's "2."), or "".
    kind: str = ""


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(value: str, text: str, end: int) -> tuple[str, int]:
    """Multiply by a scale word right after the number ("80 thousand" -> 80000)."""
    for pattern, power in _SCALES:
        m = pattern.match(text, end)
        if m is None or (text[m.end() : m.end() + 1].isalpha() and text[m.end() - 1] != "."):
            continue
        try:
            return _canonical(Decimal(value) * (Decimal(10) ** power)), m.end()
        except InvalidOperation:
            break
    return value, end


def _roman_value(numeral: str) -> int:
    total = 0
    for i, ch in enumerate(numeral):
        v = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -v if v < nxt else v
    return total


def digit_numbers(text: str) -> list[Number]:
    """Numbers written with digits or Roman numerals, canonical, in text order."""
    found: list[Number] = []
    text = _SCANNED_ZERO.sub("0", text)  # same length: spans stay right
    masked = list(text)
    for m in _TIME.finditer(text):
        found += [Number(str(int(m.group(g))), m.span(g)) for g in (1, 2)]
        masked[m.start() : m.end()] = " " * (m.end() - m.start())
    for m in _FRANCS.finditer(text):  # "2 fr. 70" is Fr. 2.70
        found.append(Number(_canonical(Decimal(f"{m.group(1)}.{m.group(2)}")), m.span()))
        masked[m.start() : m.end()] = " " * (m.end() - m.start())
    for m in _YEAR_SPAN.finditer("".join(masked)):
        first = int(m.group(1) + m.group(2))
        found.append(Number(str(first), (m.start(), m.start(2) + 2)))
        found.append(Number(str(int(m.group(1) + m.group(3))), m.span(3)))
        masked[m.start() : m.end()] = " " * (m.end() - m.start())
    for m in _DATE.finditer("".join(masked)):
        for g in range(1, 7):
            if m.group(g):
                found.append(Number(str(int(m.group(g))), m.span(g)))
        masked[m.start() : m.end()] = " " * (m.end() - m.start())
    for m in _ELISION.finditer("".join(masked)):  # a scan's "1'" for the article "l'"
        masked[m.start() : m.end()] = " " * (m.end() - m.start())
    plain = "".join(masked)
    for m in _NUMBER.finditer(plain):
        value, end = _scaled(_normalise_match(m), plain, m.end())
        half = _FRACTION.match(plain, end)
        if half:  # "1 ½ m" is 1.5 m
            value = _canonical(Decimal(value) + _FRACTIONS[half.group(1)])
            end = half.end()
        found.append(Number(value, (m.start(), end)))
    found += _roman_numbers(text)[0]
    return sorted((_weighed(n, text) for n in found), key=lambda n: n.span)


def _roman_read(text: str, m: re.Match[str]) -> bool | None:
    """Whether a numeral is read as a number where it stands: True (a word introduces it, an
    ordinal ending, a sequence marker...), False (no context says so), None (not a number at
    all: a scanned "Il", a pronoun "I")."""
    numeral = m.group(1)
    after = text[m.end() :]
    # the words right before it, enough for every context (a long paragraph is not searched
    # again for each numeral); "\0" stands for the text cut off, so that ^ is no start there
    start = m.start()
    before = text[:start] if start <= 80 else "\0" + text[start - 80 : start]
    if _SENTENCE_START.search(before) and _LOWER_NEXT.match(text, m.end()):
        return None  # OCR's "II nous" for "Il nous"; a list label "II." stays a number
    keyword = _ROMAN_BEFORE.search(before)
    if len(numeral) == 1:
        if numeral not in "IVX" or (keyword is None and not _ROMAN_AFTER.match(after)):
            # "I" is a pronoun, "V" a letter, unless "Article I", "I. Weltkrieg"; a lone C,
            # D, L or M is a letter ("Annex C", "Ce siècle", "M. Dupont"), never a number
            return None
        if keyword and numeral == "I" and keyword.group()[0].islower():
            # "the book I bought": a pronoun, unless a heading's "Book I"
            return not _LOWER_NEXT.match(text, m.end())
        return True
    if keyword or _ROMAN_AFTER.match(after) or _ROMAN_HYPHEN_ORDINAL.match(after):
        return True
    if m.end() > m.end(1):  # an ordinal ending: XXe, XIXth
        return True
    if _PARAGRAPH_START.search(before) and _MARKER_AFTER.match(after):
        return True  # "IV. Conclusions", a heading "XII"
    # Small numerals (I, V, X: below 40) are what names, parts and camps take ("Pius XII",
    # "Lager III"), and a list label in mid-paragraph ("... done. II. Next"); a short word
    # with C, D, L or M (CC, DC, CD, MD, MI, LL, MM, CV, XL) is an abbreviation far more often.
    small = set(numeral) <= set("IVX")
    if small and _SENTENCE_START.search(before) and _LABEL_AFTER.match(after):
        return True
    name = _NAME_BEFORE.search(before)
    if small and name and name.group(1)[0].isupper() and name.group(1)[1:].islower():
        return len(name.group(1)) > 1
    return len(numeral) > 3 and not small  # MCMXLV, MDCCC: no acronym looks like these


def _roman_numbers(text: str) -> tuple[list[Number], list[Number]]:
    """Roman numerals read as numbers, and those that may be one (CC, DC, a bare "XII"): the
    latter only satisfy a number on the other side, as written-out numbers do."""
    letters = [c for c in _ROMAN.sub("", text) if c.isalpha()]  # the words around numerals
    if not letters or sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return [], []  # a text in capitals: every word would look like a numeral
    candidates: list[tuple[re.Match[str], bool]] = []
    for m in _ROMAN.finditer(text):
        if m.group(1):
            read = _roman_read(text, m)
            if read is not None:
                candidates.append((m, read))
    # A numeral run shares its reading: "Articles XII and XIII", "XIX и XX века".
    changed = True
    while changed:
        changed = False
        for i in range(len(candidates) - 1):
            (a, read_a), (b, read_b) = candidates[i], candidates[i + 1]
            if read_a != read_b and _ROMAN_JOIN.fullmatch(text, a.end(), b.start()):
                candidates[i], candidates[i + 1] = (a, True), (b, True)
                changed = True
    read, loose = [], []
    for m, is_read in candidates:
        number = Number(str(_roman_value(m.group(1))), m.span(1))
        (read if is_read else loose).append(number)
    return read, loose


def _loose_values(text: str) -> set[str]:
    """Values of the Roman numerals that may be numbers but need not be (see `_roman_read`)."""
    return {n.value for n in _roman_numbers(text)[1]}


def _enclosed(text: str, start: int) -> bool:
    """Whether `start` lies inside brackets or parentheses."""
    before = text[:start]
    return any(before.rfind(a) > before.rfind(b) for a, b in ("()", "[]", "{}"))


def _weighed(number: Number, text: str) -> Number:
    start, end = number.span
    value = number.value
    kind = ""
    if _enclosed(text, start):
        kind = "enclosed"
    elif _CITATION.search(text[max(0, start - 8) : start]):
        kind = "citation"
    elif value.isdigit() and len(value) == 4 and 1000 <= int(value) < 2100:
        kind = "year"
    elif _LABEL.match(text[end : end + 2]) and _SENTENCE_START.search(text[:start]):
        kind = "label"
    return Number(value, (start, end), kind)


def _weak(number: Number, other_has_numbers: bool) -> bool:
    """Translators often drop or rework this number (see the module docstring)."""
    if number.kind in ("enclosed", "label"):
        return True
    return number.kind in ("year", "citation") and not other_has_numbers


def check_numbers(pair: Pair, ctx: object = None) -> list[Finding]:
    """Numbers on one side that the other side has neither in digits nor in words."""
    src, tgt = digit_numbers(pair.source), digit_numbers(pair.target)
    if not src and not tgt:
        return []
    src_values = {n.value for n in src}
    tgt_values = {n.value for n in tgt}
    # a numeral no context reads as one (CC, DC, a bare XII) answers a number, never asks one
    src_ok = tgt_values | word_values(pair.target) | _loose_values(pair.target)
    tgt_ok = src_values | word_values(pair.source) | _loose_values(pair.source)
    missing = [n for n in src if n.value not in src_ok]
    extra = [n for n in tgt if n.value not in tgt_ok]
    if not missing and not extra:
        return []
    if missing and extra:
        confidence = 0.9  # one number stands for another
    elif all(_weak(n, bool(tgt)) for n in missing) and all(_weak(n, bool(src)) for n in extra):
        confidence = 0.3
    else:
        confidence = 0.6
    parts = []
    if missing:
        parts.append(", ".join(dict.fromkeys(n.value for n in missing)) + " in the source")
    if extra:
        parts.append(", ".join(dict.fromkeys(n.value for n in extra)) + " in the target")
    return [
        Finding(
            CHECK,
            "major",
            "number without counterpart: " + "; ".join(parts),
            source_spans=[n.span for n in missing],
            target_spans=[n.span for n in extra],
            confidence=confidence,
        )
    ]

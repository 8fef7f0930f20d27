"""Numbers and dates that differ between source and target.

Digits are canonicalised with the aligner's own rules (`anchors`: 4,5 ~ 4.5, 80 000 ~ 80,000 ~
80.000 ~ 80'000, 1,234.56 ~ 1.234,56), a negative number keeps its sign (−5 ~ minus 5 ~ 5 below
zero, never 5; a dash after a German ordinal day is a range: 10.–12. Oktober), then extended
with what a translation legitimately rewrites: scale words, whole or abbreviated (80 thousand,
80 mijë, 80 тысяч, 5 Millionen, 5 Mio., 3 Mrd., 3 млрд), dates (10.12.1948 ~ 10 December
1948), Roman numerals (Neni IV ~ Article 4, XXe ~ 20th), ordinals (4th ~ 4. ~ i 4-t) and
decades in digits, which answer as a decade only (60s ~ 60-е ~ 60er ~ années 60 ~ vitet '60 ~
1960s ~ années 1960 ~ the sixties).

A word of Roman-numeral capitals is a number only where it is read as one, as in a
professional QA tool: after a word that introduces a number (Article, Chapter, Part, Volume,
Book, Psalm, Neni, Kapitel, Глава, a pope's or a king's name: "Pius XII", "Zog I"), before a
word it counts (XX century, XX. Jahrhundert, XX век, XXII съезд, also opening a sentence
before a lower-case word: "II мировая война"), with an ordinal ending (XXe, XIXth, IV-të), as
a sequence marker opening a paragraph ("IV. Conclusions", a heading "XII"), a small numeral
(I, V, X only) after a capitalised name or noun ("Louis XIV", "Lager III") or as a list label
("… end. II. Next"), a long one (MCMXLV), or in a run with one of these ("Articles XII and
XIII"). Elsewhere, above all a short capital word with C, D, L or M (the CPSU CC, Washington,
DC, MD, CD, LL, MM, CV, XL), it is a *possible* number: it answers the same value on the other
side (so "CC" ~ "200", "XII" ~ "XII") but is never required there. One letter is a number only
after a word that introduces one, and only I, V or X ("Annex C", "M. Dupont" are letters; "I"
is a pronoun, also in "the book I read").

A time of day is one value however it is written: 18:00 ~ 6 PM ~ 6 p.m. ~ 18h00 ~ 18 h ~
18.00 Uhr ~ 6 Uhr abends ~ 6 часов вечера ~ "ten minutes before 9 PM" (20:50); the first
hour of a range takes the clock word of the second ("from 6 to 8:50 PM", "von 18 bis 20
Uhr"). A 12-hour time that does not say which half of the day it is (6:30) is either
(6:30 or 18:30); a full hour also answers the bare hour as written ("18 Uhr" ~ "18"). Its
minutes are never a number of their own. "heures" and "часов" are a time only with minutes,
a half of the day, or after a word asking for one (à, vers, в, к): "3 heures de marche" and
"8 часов" count hours.

Month names only satisfy a number on the other side. Numbers written in words
(`numwords.word_numbers`, in the side's language) satisfy one too, and are compared
themselves where they must be numbers (a cardinal above 1: never "one", "një", "один"
alone): when both sides have a number that matches nothing, of which one is in words, and
they stand about where each other does (within NEAR characters once scaled: a long paragraph
has unrelated numbers far apart), one stands for the other ("forty" for "fourteen", "двух
тысяч" for "three thousand", "3 copies" for "four copies"). Alone, a number in words asks
for nothing: a text full of written numbers against one that has none (Bible translations)
stays quiet. Year spans within a century (1952/53 ~ 1952 und 1953, 1961–62 ~ 1961–1962)
and German compounds (Achttausender ~ « 8000 ») are read too, and two misreadings of scanned
text are undone: a capital O ending a number is a zero ("7O.Jahrgang"), and "1'" before a word
is the elided article "l'" ("1'officier"); a Roman "II" after a list label ("3° II va") is the
pronoun "Il" as it is at a sentence start.

Findings: one per kind of number with differences on both sides (a time, a year, the day of
a date, a page or issue reference, other quantities; numbers in words with their own where
both sides have some), and one per side for the numbers the other side has nothing
unmatched of, so that a time written another way or a dropped year never hides a real
error behind one finding, and dismissing one leaves the others. A pair with one kind of
difference gets the finding (message, spans, and so dismissal key) it always had.

Confidence: a number missing on one side while the other side has a number of the same kind
missing is a substitution, near certain (0.9; 0.7 where a number in words is one of them). A
number on one side only is weaker (0.6), and
weak (0.3, not reported) when translators commonly drop or rework it: a list label ("2." at
the start of a sentence), a number in brackets or parentheses (a conversion, an altitude, the
bracketed variant reading after a written-out number in the Russian Synodal Bible: "сто
тридцать [230]"), and a year or a page or issue reference (S. 23, p. 23, Nr. 292) when the
other side has no digits at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from workbench.align.anchors import _NUMBER, _normalise_match, ascii_digits
from workbench.qa.model import Finding, Pair, Span
from workbench.qa.numwords import (
    MONTH_NAMES,
    WordNumber,
    decade_key,
    word_numbers,
    word_values,
)

CHECK = "numbers"

_DATE = re.compile(
    r"(?<![\d.,])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[./](\d{1,2})[./](\d{2,4}))(?![\d])"
)


def _scale(words: str) -> re.Pattern[str]:
    """A scale word after a number, a whole word or an abbreviation with its dot: "Millionen"
    is not the "Million" it begins with (the pattern tries the next word rather than stop
    there), "Mio.Dollar" still is "Mio." (a dot ends a word)."""
    return re.compile(r"[ \u00a0\u202f]*(?:" + words + r")(?:(?<=\.)|(?![^\W\d_]))", re.I)


# Thousand, million, billion (a thousand millions) in the supported languages, with their
# abbreviations: Tsd., тыс.; Mio., млн, mln; Mrd., Md, млрд, mld.
_SCALES = [
    (_scale(r"thousands?|mijë|mije|тысяч[аи]?|тыс\.?|tausend|tsd\.?|mille|ألف|آلاف|אלף|אלפים"), 3),
    (
        _scale(
            r"millions?|millionen|milion[ëe]?|миллион(?:а|ов)?|млн\.?|mln\.?|mio\.?"
            r"|مليون|ملايين|מיליון|מיליונים"
        ),
        6,
    ),
    (
        _scale(
            r"billions?|bn|milliards?|milliarden?|miliard[ëe]?|миллиард(?:а|ов)?|млрд\.?"
            r"|mrd\.?|mds?\.?|mld\.?"
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
    r" phase stage class camp camps bivouac bivouacs biwak lager clause rule no\. nr § "
    "neni nenet nenin kapitulli kapitullin pjesa pjesën libri librin vëllimi vëllim seksioni"
    " psalmi shekulli shekullit shekullin kongresi kongresit plenumi plenumit "
    "artikel kapitel teil buch band bd abschnitt heft jahrgang psalm abteilung stufe "
    "chapitre chapitres partie parties livre livres tome tomes titre psaume psaumes acte scène"
    " annexe étape étapes "
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
    r"|congrès|съезд\w*|plenum|пленум\w*|weltkrieg\w*|world\s+war|республик\w*"
    r"|миров(?:ая|ой|ою|ую|ые|ых|ым|ыми|ого|ому|ом)"
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
# Times of day. A word after the hour that says it is one (Uhr, h, heures, часов, o'clock),
# then a part of the day that says which half (PM, abends, du soir, вечера, e mbrëmjes).
_CLOCK_WORD = r"(?:Uhr|h\b\.?|heures?\b|o['’]clock\b|час(?:а|ов)?\b)"
# "heures" and "часов" also count hours ("pendant 3 heures", "2 часа"): without minutes or a
# half of the day they are a time only after a word that asks for one (à, vers, в, к, около).
_DURATION_WORD = re.compile(r"heures?|час", re.I)
_CLOCK_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:à|a|vers|dès|jusqu['’]à|avant|après|в|к|около|до|с|после)[ \u00a0]*$", re.I
)
_PM = (
    r"p\.\s?m\.|pm\b|abends\b|nachmittags\b|du\s+soir\b|de\s+l['’]après-midi\b|вечера\b"
    r"|дня\b|e\s+mbrëmjes\b|pasdite\b|in\s+the\s+(?:evening|afternoon)\b"
)
_AM = (
    r"a\.\s?m\.|am\b(?![ \u00a0]+(?:(?-i:[A-ZÄÖÜ])|\w+en\b))"  # not German "6 am Montag"
    r"|morgens\b|vormittags\b|früh\b|du\s+matin\b|утра\b|ночи\b|e\s+mëngjesit\b|paradite\b"
    r"|in\s+the\s+morning\b"
)
_HALF_OF_DAY = re.compile(r"[ \u00a0\u202f]*(?:(?P<pm>" + _PM + r")|(?P<am>" + _AM + r"))", re.I)
# 18:00, 6:30 PM, 18.30 Uhr, 15 h 30, 15 h. 30, 18h00, 18 Uhr, 6 PM, 6 o'clock, 6 Uhr abends.
_CLOCK = re.compile(
    r"(?<![\d.,:])(?P<h>[01]?\d|2[0-4])"
    r"(?:"
    r":(?P<m>[0-5]\d)(?::[0-5]\d)?(?![\d]|[ \u00a0\u202f]\d{3}(?!\d)|[.,]\d)"
    r"|\.(?P<dm>[0-5]\d)(?=[ \u00a0\u202f]*(?:" + _CLOCK_WORD + r"|" + _PM + r"|" + _AM + r"))"
    r"|[ \u00a0\u202f]?h\.?[ \u00a0\u202f]?(?P<hm>[0-5]\d)(?!\d)"
    r"|(?=[ \u00a0\u202f]*(?:" + _CLOCK_WORD + r"|" + _PM + r"|" + _AM + r"))"
    r")"
    r"(?P<word>[ \u00a0\u202f]*" + _CLOCK_WORD + r"(?:[ \u00a0\u202f]?(?P<um>[0-5]\d)(?!\d))?)?",
    re.I,
)
# "ten minutes before 9 PM", "a quarter past 6", "half past six"
_MINUTES_WORDS = {
    "five": 5,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "twenty-five": 25,
    "twenty five": 25,
    "a quarter": 15,
    "quarter": 15,
    "half": 30,
}
_HOUR_WORDS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_RELATIVE_TIME = re.compile(
    r"\b(?:(?P<n>\d{1,2}|twenty[- ]five|twenty|fifteen|ten|five)\s+minutes?"
    r"|(?P<q>a\s+quarter|quarter|half))\s+(?P<dir>before|to|till|past|after)\s+"
    r"(?P<h>\d{1,2}(?::[0-5]\d)?|" + "|".join(_HOUR_WORDS) + r")\b"
    r"(?:[ \u00a0]*o['’]clock\b)?",
    re.I,
)
_AND_BEFORE = re.compile(r"(?:and|и|und|et|e)[\s-]+(?:a[\s-]+)?$", re.I)
# The first hour of a range takes the second's clock word and half of the day:
# "from 6 to 8:50 PM", "von 18 bis 20 Uhr", "de 18 à 20 heures", "с 18 до 20 часов".
_RANGE_BEFORE = re.compile(
    r"(?<![\d.,:])(?P<h>[01]?\d|2[0-4])(?::(?P<m>[0-5]\d))?[ \u00a0\u202f]*"
    r"(?:[-–—]|to|till|until|and|bis|à|au|et|und|до|по|и|deri|e)[ \u00a0\u202f]*$",
    re.I,
)
# Two years of one century, the second cut to its last two digits: 1952/53, 1961–62, 1961-65
# (with a dash only forward, as a range goes: "2001-06" is no 2001 to 1906), never a date's
# part ("1961-06-12").
_YEAR_SPAN = re.compile(
    r"(?<![\d.,])(1[0-9]|20)(\d{2})([/\-\u2010\u2011–—])(\d{2})(?![\d]|[./\-\u2010\u2011–—]\d)"
)
_CITATION = re.compile(r"(?:\b(?:S|s|p|pp|Nr|No|no|Bd|vol|Vol|Heft|fasc)\.?|n°|№)\s*$")
_FRANCS = re.compile(r"(?<![\d.,])(\d+)\s*fr\s*\.?\s*(\d{2})(?!\d)", re.I)
_LABEL = re.compile(r"[.°)]")
# A decade in digits: the ending after its number (60s, 1960's, 60er, 1960ern, 60-е, 1960-х,
# 60-të, 1960-ta) or the word for "the years" before it (années 60, vitet '60, vitet e 1960).
_DECADE_AFTER = re.compile(
    r"(?:['’]?s|er(?:n|jahre\w*)?|-(?:е|ые|х|ых|ыми|ми|të|ta|tat|at))(?![^\W\d_])", re.I
)
_DECADE_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:années|vitet|viteve|vitevet)(?:[ \u00a0]+(?:e|të))?[ \u00a0]+['’]?$",
    re.I,
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|(?:^|\s)\d{1,2}\s?[°)]\s+)$")
# A month's name right after a day ("7 сентября", "4. Oktober", "le 4 octobre") or before it
# ("September 17", "May 1"): the number is a date's day.
_MONTHS = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
_MONTH_AFTER = re.compile(r"\.?[ \u00a0]+(?:de[ \u00a0]+)?(?:" + _MONTHS + r")(?![^\W\d_])", re.I)
_MONTH_BEFORE = re.compile(r"(?<![^\W\d_])(?:" + _MONTHS + r")\.?[ \u00a0]+$", re.I)
# A negative number's sign (U+2212 minus, a hyphen-minus, a dash typed for one), a word
# saying minus right before its digits, and "below zero" right after them (a unit between).
_MINUS_SIGNS = "\u2212-\u2013\ufe63\uff0d"
_MINUS_WORD = re.compile(r"(?<![^\W\d_])(?:minus|минус)[ \u00a0]+$", re.I)
_BELOW_ZERO = re.compile(
    r"[ \u00a0]*(?:°[CF]?|degrees?|grad(?:e|ë)?|градус\w*|degrés?)?[ \u00a0]*"
    r"(?:below zero|of frost|unter null|ниже нуля|мороза|au-dessous de zéro|sous zéro|nën zero)",
    re.I,
)
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
    #: "year", "citation" (S. 23), "enclosed" (in brackets), "label" (a list's "2."), "time"
    #: (a time of day, `value` "18:00"), "words" (written out), or "".
    kind: str = ""
    #: Other values it may stand for, any of which answers it: the other half of the day of a
    #: time that does not say which ("6:30" ~ "18:30"), an hour as written ("18 Uhr" ~ "18").
    alts: frozenset[str] = frozenset()

    @property
    def values(self) -> frozenset[str]:
        return self.alts | {self.value}


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(value: str, text: str, end: int) -> tuple[str, int]:
    """Multiply by a scale word right after the number ("80 thousand" -> 80000)."""
    for pattern, power in _SCALES:
        m = pattern.match(text, end)
        if m is None:  # the pattern sees to it that a scale word is a whole word
            continue
        try:
            return _canonical(Decimal(value) * (Decimal(10) ** power)), m.end()
        except InvalidOperation:
            break
    return value, end


def _bare(digits: str) -> frozenset[str]:
    """The value of digits as written, as another reading of a number they stand for."""
    return frozenset({str(int(digits))})


def _roman_value(numeral: str) -> int:
    total = 0
    for i, ch in enumerate(numeral):
        v = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -v if v < nxt else v
    return total


def digit_numbers(text: str) -> list[Number]:
    """Numbers written with digits or Roman numerals, canonical, in text order."""
    text = _SCANNED_ZERO.sub("0", text)  # same length: spans stay right
    text = ascii_digits(text)  # full-width １９６１, Arabic-Indic ١٩٦١: 1961 (spans stay right)
    masked = list(text)
    found = _times(text, masked)
    for m in _FRANCS.finditer(text):  # "2 fr. 70" is Fr. 2.70
        found.append(Number(_canonical(Decimal(f"{m.group(1)}.{m.group(2)}")), m.span()))
        masked[m.start() : m.end()] = " " * (m.end() - m.start())
    for m in _YEAR_SPAN.finditer("".join(masked)):
        if m.group(3) != "/" and m.group(4) <= m.group(2):
            continue  # "1998-02" is no range within a century
        first = int(m.group(1) + m.group(2))
        found.append(Number(str(first), (m.start(), m.start(2) + 2)))
        # the second year as written answers too: "2001-06" may be June 2001
        second = Number(str(int(m.group(1) + m.group(4))), m.span(4), alts=_bare(m.group(4)))
        found.append(second)
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
        start = m.start()
        sign = _negative(plain, start, end)
        if sign is not None and value.strip("0.") != "":
            value, start = "-" + value, min(start, sign)
        found.append(Number(value, (start, end)))
    found += _roman_numbers(text)[0]
    brackets = _Brackets(text)
    weighed = (_weighed(_decade(n, text), text, brackets) for n in found)
    return sorted(weighed, key=lambda n: n.span)


def _decade(number: Number, text: str) -> Number:
    """The number, which also answers as a decade (`numwords.decade_key`) where it names one
    in digits: 60s, '60s, 60er, 60-е, années 60, vitet '60, 60-të, and by the tens of its
    century 1960s, 1960er, 1960-х, années 1960. "В 60-е годы" ~ "In the 1960s" is one
    decade, as "the sixties" ~ "1960s" is."""
    value, (start, end) = number.value, number.span
    if not value.isdigit() or len(value) not in (2, 4) or value[-1] != "0" or value[-2] == "0":
        return number
    if len(value) == 4 and not 1000 <= int(value) < 2100:
        return number
    if not (
        _DECADE_AFTER.match(text, end) or _DECADE_BEFORE.search(text, max(0, start - 16), start)
    ):
        return number
    return Number(value, number.span, number.kind, number.alts | {decade_key(int(value[-2:]))})


def _negative(text: str, start: int, end: int) -> int | None:
    """Where the sign of a negative number begins, or None: a minus sign or hyphen right before
    its digits (−5 °C, -12.5; not after a letter or digit: 12-15, ל-3.5, nor in a range typed
    1961 -1962 or of German ordinal days, 10.–12. Oktober, whose dash follows the dot: "am 3.
    −5 Grad" keeps its minus), the word minus before it (minus 5, минус 5) or "below zero"
    after it (5 below zero, 5 Grad unter Null, 5 градусов ниже нуля, 5 degrés au-dessous de
    zéro, 5 gradë nën zero)."""
    before = text[max(0, start - 3) : start]
    if (
        before
        and before[-1] in _MINUS_SIGNS
        and not (
            before[-2:-1].isalnum()  # 12-15, and Hebrew's prefix ל-3.5 ("to 3.5")
            or (before[-2:-1] == " " and before[:1].isdigit())  # a range typed 1961 -1962
            or (before[-2:-1] == "." and before[:1].isdigit())  # days: vom 10.–12. Oktober
        )
    ):
        return start - 1
    word = _MINUS_WORD.search(text, max(0, start - 8), start)
    if word is not None:
        return word.start()
    if _BELOW_ZERO.match(text, end):
        return start
    return None


def _time(hour: int, minute: int, half: str | None, written: str, span: Span) -> Number | None:
    """A time of day as a Number: 24-hour value, and what else it may be read as."""
    if hour > 24 or (hour == 24 and minute):
        return None
    if half == "pm" and hour < 12:
        hours = [hour + 12]
    elif half == "am" and hour == 12:
        hours = [0]
    elif half or hour == 0 or hour > 12:
        hours = [hour]
    else:  # 6:30 without a half of the day is 6:30 or 18:30
        hours = [hour, hour + 12] if hour < 12 else [12, 0]
    values = [f"{h}:{minute:02d}" for h in hours]
    alts = set(values[1:])
    if not minute:
        alts.add(written)  # "18 Uhr", "6 PM" answer a bare 18 or 6 on the other side
    return Number(values[0], span, "time", frozenset(alts - {values[0]}))


def _half_of_day(text: str, end: int) -> tuple[str | None, int]:
    m = _HALF_OF_DAY.match(text, end)
    if m is None:
        return None, end
    return ("pm" if m.group("pm") else "am"), m.end()


def _times(text: str, masked: list[str]) -> list[Number]:
    """Times of day, each one value ("18:00" ~ "6 PM" ~ "18 h" ~ "18.00 Uhr"), masked out of
    `masked` so that their hours and minutes are not read again as numbers of their own."""
    found: list[Number] = []
    taken = _Taken(len(text))
    for m in _RELATIVE_TIME.finditer(text):
        n = (m.group("n") or m.group("q")).lower()
        if m.group("q") and (
            _AND_BEFORE.search(text, max(0, m.start() - 8), m.start())
            or (n == "half" and m.group("dir").lower() not in ("past", "after"))
        ):
            continue  # "four and a half to five tons"
        minutes = int(n) if n.isdigit() else _MINUTES_WORDS.get(re.sub(r"\s+", " ", n))
        hour_text = m.group("h").lower()
        if minutes is None or not 0 < minutes < 60:
            continue
        if hour_text.isdigit() or ":" in hour_text:
            hour, _, base = hour_text.partition(":")
            h, base_minute = int(hour), int(base or 0)
        else:
            h, base_minute = _HOUR_WORDS.index(hour_text) + 1, 0
        if h > 23:
            continue
        half, end = _half_of_day(text, m.end())
        total = (
            h * 60
            + base_minute
            + (minutes if m.group("dir").lower() in ("past", "after") else -minutes)
        )
        total %= 24 * 60
        hour24, minute = divmod(total, 60)
        if half == "pm" and h < 12:
            hour24 = (hour24 + 12) % 24
        number = _time(
            hour24, minute, half if half or hour24 >= 12 else None, str(hour24), (m.start(), end)
        )
        if number:
            found.append(number)
            taken.add((m.start(), end))
    for m in _CLOCK.finditer(text):
        if taken.overlaps(m.span()):
            continue
        minute_text = m.group("m") or m.group("dm") or m.group("hm") or m.group("um")
        half, end = _half_of_day(text, m.end())
        if not (m.group("m") or m.group("hm") or m.group("word") or half):
            continue
        if (
            not (minute_text or half)
            and _DURATION_WORD.search(m.group("word"))
            and not _CLOCK_BEFORE.search(text, max(0, m.start() - 12), m.start())
        ):
            continue  # "3 heures de marche", "2 часа": hours counted, not a time
        hour = int(m.group("h"))
        minute = int(minute_text or 0)
        if half and not 1 <= hour <= 12:
            half = None  # "18 Uhr abends": the hour says it already
        number = _time(hour, minute, half, str(hour), (m.start(), end))
        if number is None:
            continue
        found.append(number)
        taken.add((m.start(), end))
        # the hour before it in a range takes its clock word and half of the day
        if m.group("word") or half:
            r = _RANGE_BEFORE.search(text, max(0, m.start() - 16), m.start())
            if r and not taken.overlaps(r.span()):
                hour_end = r.end("m") if r.group("m") else r.end("h")
                first = _time(
                    int(r.group("h")),
                    int(r.group("m") or 0),
                    half,
                    str(int(r.group("h"))),
                    (r.start("h"), hour_end),
                )
                if first is not None:
                    found.append(first)
                    taken.add(first.span)
    for start, end in taken.spans:
        masked[start:end] = " " * (end - start)
    return found


class _Taken:
    """The spans of a text already read as times, marked character by character: whether a
    match overlaps one costs its own length, where comparing it with every span taken before
    made a long timetable quadratic."""

    def __init__(self, size: int) -> None:
        self._marks = bytearray(size)
        self.spans: list[Span] = []

    def add(self, span: Span) -> None:
        start, end = span
        self._marks[start:end] = b"\x01" * (end - start)
        self.spans.append(span)

    def overlaps(self, span: Span) -> bool:
        return self._marks.find(1, span[0], span[1]) != -1


def _roman_read(text: str, m: re.Match[str]) -> bool | None:
    """Whether a numeral is read as a number where it stands: True (a word introduces it, an
    ordinal ending, a sequence marker...), False (no context says so), None (not a number at
    all: a scanned "Il", a pronoun "I")."""
    numeral = m.group(1)
    after = m.end()  # the text after it is matched in place: a copy per numeral is quadratic
    # the words right before it, enough for every context (a long paragraph is not searched
    # again for each numeral); "\0" stands for the text cut off, so that ^ is no start there
    start = m.start()
    before = text[:start] if start <= 80 else "\0" + text[start - 80 : start]
    counted = _ROMAN_AFTER.match(text, after)  # "XX век", "XXII съезд", "II мировая война"
    if not counted and _SENTENCE_START.search(before) and _LOWER_NEXT.match(text, m.end()):
        return None  # OCR's "II nous" for "Il nous"; a list label "II." stays a number
    keyword = _ROMAN_BEFORE.search(before)
    if len(numeral) == 1:
        if numeral not in "IVX" or (keyword is None and not counted):
            # "I" is a pronoun, "V" a letter, unless "Article I", "I. Weltkrieg"; a lone C,
            # D, L or M is a letter ("Annex C", "Ce siècle", "M. Dupont"), never a number
            return None
        if keyword and numeral == "I" and keyword.group()[0].islower():
            # "the book I bought": a pronoun, unless a heading's "Book I"
            return not _LOWER_NEXT.match(text, m.end())
        return True
    if keyword or counted or _ROMAN_HYPHEN_ORDINAL.match(text, after):
        return True
    if m.end() > m.end(1):  # an ordinal ending: XXe, XIXth
        return True
    if _PARAGRAPH_START.search(before) and _MARKER_AFTER.match(text, after):
        return True  # "IV. Conclusions", a heading "XII"
    # Small numerals (I, V, X: below 40) are what names, parts and camps take ("Pius XII",
    # "Lager III"), and a list label in mid-paragraph ("... done. II. Next"); a short word
    # with C, D, L or M (CC, DC, CD, MD, MI, LL, MM, CV, XL) is an abbreviation far more often.
    small = set(numeral) <= set("IVX")
    if small and _SENTENCE_START.search(before) and _LABEL_AFTER.match(text, after):
        return True
    name = _NAME_BEFORE.search(before)
    if small and name and name.group(1)[0].isupper() and name.group(1)[1:].islower():
        return len(name.group(1)) > 1
    return len(numeral) > 3 and not small  # MCMXLV, MDCCC: no acronym looks like these


@lru_cache(maxsize=16)
def _roman_numbers(text: str) -> tuple[tuple[Number, ...], tuple[Number, ...]]:
    """Roman numerals read as numbers, and those that may be one (CC, DC, a bare "XII"): the
    latter only satisfy a number on the other side, as written-out numbers do."""
    letters = [c for c in _ROMAN.sub("", text) if c.isalpha()]  # the words around numerals
    if not letters or sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return (), ()  # a text in capitals: every word would look like a numeral
    candidates: list[tuple[re.Match[str], bool]] = []
    for m in _ROMAN.finditer(text):
        if m.group(1):
            read = _roman_read(text, m)
            if read is not None:
                candidates.append((m, read))
    read, loose = [], []
    for run in _roman_runs(text, candidates):
        is_read = any(r for _, r in run)  # a run shares its reading: "Articles XII and XIII"
        for m, _ in run:
            number = Number(str(_roman_value(m.group(1))), m.span(1))
            (read if is_read else loose).append(number)
    return tuple(read), tuple(loose)


def _roman_runs(
    text: str, candidates: list[tuple[re.Match[str], bool]]
) -> list[list[tuple[re.Match[str], bool]]]:
    """The numerals in runs joined by "and", a comma, a dash ("Articles XII and XIII", "XIX и
    XX века"): one pass, where spreading a reading to a neighbour until nothing changed took
    a pass per numeral of a long run."""
    runs: list[list[tuple[re.Match[str], bool]]] = []
    for candidate in candidates:
        if runs and _ROMAN_JOIN.fullmatch(text, runs[-1][-1][0].end(), candidate[0].start()):
            runs[-1].append(candidate)
        else:
            runs.append([candidate])
    return runs


def _loose_values(text: str) -> set[str]:
    """Values of the Roman numerals that may be numbers but need not be (see `_roman_read`)."""
    return {n.value for n in _roman_numbers(text)[1]}


_BRACKETS = ("()", "[]", "{}")
_BRACKET = re.compile(r"[()\[\]{}]")


class _Brackets:
    """Where a text's brackets stand, found once: whether a number is enclosed is then a
    bisection, where looking back through the text before each number made a long paragraph
    quadratic."""

    def __init__(self, text: str) -> None:
        self._places: dict[str, list[int]] = {c: [] for pair in _BRACKETS for c in pair}
        for m in _BRACKET.finditer(text):
            self._places[m.group()].append(m.start())

    def _last(self, char: str, start: int) -> int:
        """Where the last `char` before `start` stands, -1 if none."""
        places = self._places[char]
        i = bisect_left(places, start)
        return places[i - 1] if i else -1

    def enclose(self, start: int) -> bool:
        """Whether `start` lies inside brackets or parentheses: an opening one after the last
        closing one of its kind."""
        return any(self._last(a, start) > self._last(b, start) for a, b in _BRACKETS)


def _at_sentence_start(text: str, start: int) -> bool:
    """Whether `start` opens a sentence or follows a list label ("2) ", "3° "), as
    `_SENTENCE_START` says of the text before it. Only the white space right before `start`
    and the few characters before that can take part in a match, so only they are searched:
    the whole text before each number made a long paragraph quadratic."""
    space = start
    while space and text[space - 1].isspace():
        space -= 1
    # the longest part before the white space: "\s12 °" (a label) is 5 characters
    return _SENTENCE_START.search(text, max(0, space - 6), start) is not None


def _weighed(number: Number, text: str, brackets: _Brackets) -> Number:
    """The number with its kind, which says how surely it must have a counterpart."""
    if number.kind == "time":
        return number
    start, end = number.span
    value = number.value
    kind = ""
    if brackets.enclose(start):
        kind = "enclosed"
    elif (
        value.isdigit()
        and len(value) <= 2  # a day, never a number too long for int() (4,300 digits)
        and 1 <= int(value) <= 31
        and (_MONTH_AFTER.match(text, end) or _MONTH_BEFORE.search(text, max(0, start - 16), start))
    ):
        kind = "date"  # the day of "7 сентября", "September 17", "am 4. Oktober"
    elif _CITATION.search(text[max(0, start - 8) : start]):
        kind = "citation"
    elif value.isdigit() and len(value) == 4 and 1000 <= int(value) < 2100:
        kind = "year"
    elif _LABEL.match(text, end) and _at_sentence_start(text, start):
        kind = "label"
    return Number(value, (start, end), kind, number.alts)


def _weak(number: Number, other_has_numbers: bool) -> bool:
    """Translators often drop or rework this number (see the module docstring)."""
    if number.kind in ("enclosed", "label"):
        return True
    return number.kind in ("year", "citation") and not other_has_numbers


def _answers(
    text: str, words_text: str, numbers: list[Number], words: list[WordNumber]
) -> set[str]:
    """Every value a text offers the other side: its numbers (with their other readings), the
    numbers it writes out in any language (read in `words_text`, the text without its
    numbers), the Roman numerals that may be numbers."""
    values = {v for n in numbers for v in n.values} | _loose_values(text)
    return values | word_values(words_text) | {w.value for w in words}


def _without(text: str, numbers: list[Number]) -> str:
    """The text with its numbers blanked out (same length): the "thousand" of "100 thousand"
    is part of a number already, not a thousand of its own."""
    chars = list(text)
    for start, end in (n.span for n in numbers):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


#: Findings are made per kind of number, so that a time written another way, a dropped
#: year, a date or an edition's own page numbers never hide a real error in the same pair
#: behind one finding (dismissing one leaves the others). A number in words is a kind of its
#: own where both sides have one unmatched, else it goes with the quantities.
_GROUPS = {kind: kind for kind in ("time", "year", "citation", "date", "words")}


def _group(number: Number) -> str:
    return _GROUPS.get(number.kind, "quantity")


def check_numbers(pair: Pair, ctx: object = None) -> list[Finding]:
    """Numbers on one side that the other side has neither in digits nor in words; a number
    written out in words counts only against a number of the other side that matches nothing
    either (a substitution: forty for fourteen, 2 for three)."""
    src, tgt = digit_numbers(pair.source), digit_numbers(pair.target)
    src_text, tgt_text = _without(pair.source, src), _without(pair.target, tgt)
    src_phrases = word_numbers(src_text, getattr(ctx, "src_lang", None))
    tgt_phrases = word_numbers(tgt_text, getattr(ctx, "tgt_lang", None))
    src_words = [Number(w.value, w.span, "words") for w in src_phrases if w.reportable]
    tgt_words = [Number(w.value, w.span, "words") for w in tgt_phrases if w.reportable]
    if not src and not tgt and not (src_words and tgt_words):
        return []
    src_ok = _answers(pair.target, tgt_text, tgt, tgt_phrases)
    tgt_ok = _answers(pair.source, src_text, src, src_phrases)
    missing = [n for n in src + src_words if not n.values & src_ok]
    extra = [n for n in tgt + tgt_words if not n.values & tgt_ok]
    groups: dict[str, tuple[list[Number], list[Number]]] = {}
    for side, numbers in enumerate((missing, extra)):
        for n in sorted(numbers, key=_first):
            groups.setdefault(_group(n), ([], []))[side].append(n)
    words = groups.pop("words", ([], []))
    quantity = groups.setdefault("quantity", ([], []))
    sizes = (len(pair.source), len(pair.target))
    # A number in words asks for nothing on its own: only against a number of the other side
    # that matches nothing either and stands where it does (a long paragraph has unrelated
    # numbers far apart), in words or in plain digits ("3 copies" ~ "four copies").
    partners = tuple(
        words[side] + [n for n in quantity[side] if not n.kind and not quantity[1 - side]]
        for side in (0, 1)
    )
    places = tuple(_Places(numbers) for numbers in partners)
    kept = tuple(
        [w for w in words[side] if places[1 - side].near(w, side, sizes)] for side in (0, 1)
    )
    if kept[0] and kept[1]:
        groups["words"] = kept
    else:
        for side in (0, 1):
            if kept[side]:
                quantity[side].extend(kept[side])
                quantity[side].sort(key=_first)
    findings = []
    # the numbers of a kind the other side has nothing unmatched of: one finding per side
    alone: tuple[list[Number], list[Number]] = ([], [])
    for group_missing, group_extra in groups.values():
        if group_missing and group_extra:
            findings.append(_finding(group_missing, group_extra, bool(src), bool(tgt)))
        else:
            alone[0].extend(n for n in group_missing if n.kind != "words")
            alone[1].extend(n for n in group_extra if n.kind != "words")
    if alone[0]:
        findings.append(_finding(alone[0], [], bool(src), bool(tgt)))
    if alone[1]:
        findings.append(_finding([], alone[1], bool(src), bool(tgt)))
    return sorted(findings, key=_finding_order)


#: How far apart (in characters, once positions are scaled to the other text's length) a
#: number in words and the other side's number it may stand for can be.
NEAR = 150


def _near(number: Number, other: Number, side: int, sizes: tuple[int, int]) -> bool:
    """Whether `other`, on the other side, stands about where `number` does."""
    here, there = sizes[side] or 1, sizes[1 - side] or 1
    return abs(number.span[0] * there / here - other.span[0]) <= NEAR


class _Places:
    """Numbers of one side in text order, to find those that stand about where a number of
    the other side does: only those around its place are compared, as a long paragraph may
    have thousands on each side."""

    def __init__(self, numbers: list[Number]) -> None:
        self._numbers = sorted(numbers, key=_first)
        self._starts = [n.span[0] for n in self._numbers]

    def near(self, number: Number, side: int, sizes: tuple[int, int]) -> bool:
        """Whether one of them is `_near` `number`, of the other side `side`."""
        here, there = sizes[side] or 1, sizes[1 - side] or 1
        place = number.span[0] * there / here
        first = bisect_left(self._starts, place - NEAR - 1)
        last = bisect_left(self._starts, place + NEAR + 1, first)
        return any(_near(number, o, side, sizes) for o in self._numbers[first:last])


def _overlaps(span: Span, numbers: list[Number]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in (n.span for n in numbers))


def _first(number: Number) -> Span:
    return number.span


def _finding_order(finding: Finding) -> tuple[Span, Span]:
    return (
        min(finding.source_spans, default=(1 << 62, 0)),
        min(finding.target_spans, default=(1 << 62, 0)),
    )


def _shown(number: Number) -> str:
    """A number as a message shows it: a fraction with its zero (0.5, not the key's .5)."""
    return "0" + number.value if number.value.startswith(".") else number.value


def _finding(
    missing: list[Number], extra: list[Number], src_digits: bool, tgt_digits: bool
) -> Finding:
    missing.sort(key=_first)
    extra.sort(key=_first)
    if missing and extra:
        # one number stands for another; written-out numbers are read less surely
        words = any(n.kind == "words" for n in missing + extra)
        confidence = 0.7 if words else 0.9
    elif all(_weak(n, tgt_digits) for n in missing) and all(_weak(n, src_digits) for n in extra):
        confidence = 0.3
    else:
        confidence = 0.6
    parts = []
    if missing:
        parts.append(", ".join(dict.fromkeys(_shown(n) for n in missing)) + " in the source")
    if extra:
        parts.append(", ".join(dict.fromkeys(_shown(n) for n in extra)) + " in the target")
    return Finding(
        CHECK,
        "major",
        "number without counterpart: " + "; ".join(parts),
        source_spans=[n.span for n in missing],
        target_spans=[n.span for n in extra],
        confidence=confidence,
    )

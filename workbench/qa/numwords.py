"""Numbers written in words, for the numbers check: "three", "twenty-five", "nine hundred and
thirty", "Achttausender", "zweiten", "troisième", month names (May -> 5), in the supported
languages (en, sq, de, fr, ru). They only ever *satisfy* a number on the other side.
"""

from __future__ import annotations

import re
from decimal import Decimal

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# German and French ordinals, any ending (zweiten, troisième): "2e" ~ "zweite".
_ORDINALS = {
    stem: n
    for n, stems in enumerate(
        (
            "erst premi",
            "zweit deuxi second",
            "dritt troisi",
            "viert quatri",
            "fünft cinqui",
            "sechst sixi",
            "siebt septi",
            "acht huiti",
            "neunt neuvi",
            "zehnt dixi",
        ),
        start=1,
    )
    for stem in stems.split()
}
_ORDINAL = re.compile(r"^(" + "|".join(_ORDINALS) + r")(?:e|er|en|em|es|ère|ème|ieme|eme|d|de)?$")
_COMPOUND = re.compile(r"^([^\W\d_]+?)(hundert|tausend)(?:er|ern|ers)?$")

_UNITS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen",
    "sq": "zero një dy tre katër pesë gjashtë shtatë tetë nëntë dhjetë njëmbëdhjetë dymbëdhjetë",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze",
    "ru": "ноль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать",
}
_EXTRA = {
    # alternative forms: value
    "a": 1,
    "an": 1,
    "once": 1,
    "twice": 2,
    "thrice": 3,
    "dozen": 12,
    "tri": 3,
    "ein": 1,
    "eine": 1,
    "einen": 1,
    "einem": 1,
    "einer": 1,
    "une": 1,
    "одна": 1,
    "одно": 1,
    "две": 2,
    "двух": 2,
    "трёх": 3,
    "трех": 3,
    "четырёх": 4,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    # Albanian ordinals after their article (i/e/të dytë, i dyti, e dyta: "Lufta e Dytë")
    "parë": 1,
    "pari": 1,
    "dytë": 2,
    "dyti": 2,
    "dyta": 2,
    "tretë": 3,
    "treti": 3,
    "treta": 3,
    "katërt": 4,
    "katërti": 4,
    "katërta": 4,
    "pestë": 5,
    "pesti": 5,
    "pesta": 5,
    "twentieth": 20,
    "hundredth": 100,
    "thousandth": 1000,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "njëzet": 20,
    "tridhjetë": 30,
    "dyzet": 40,
    "pesëdhjetë": 50,
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
}
_MULTIPLIERS = {
    "hundred": 100,
    "qind": 100,
    "hundert": 100,
    "cent": 100,
    "сто": 100,
    "thousand": 1000,
    "mijë": 1000,
    "tausend": 1000,
    "mille": 1000,
    "тысяча": 1000,
    "тысячи": 1000,
    "тысяч": 1000,
    "million": 1_000_000,
    "milion": 1_000_000,
}
_SMALL: dict[str, int] = {**_EXTRA, **_TENS}
for _words in _UNITS.values():
    for _value, _word in enumerate(_words.split()):
        _SMALL.setdefault(_word, _value)
if "ten" in _SMALL:
    for _value, _word in enumerate(_UNITS["en"].split()[10:], start=10):
        _SMALL[_word] = _value
_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "janar shkurt mars prill maj qershor korrik gusht shtator tetor nëntor dhjetor",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
)
_MONTH_NUMBERS = {
    word: number for names in _MONTH_NAMES for number, word in enumerate(names.split(), start=1)
}
_MONTH_NUMBERS["jänner"] = 1


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def word_values(text: str) -> set[str]:
    """Values a text spells out (three, twenty-five, nine hundred and thirty, May -> 5)."""
    values: set[str] = set()
    tokens = [w.lower() for w in _WORD.findall(text)]
    total = current = 0
    active = False

    def close() -> None:
        nonlocal total, current, active
        if active:
            values.add(str(total + current))
        total = current = 0
        active = False

    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word in _MONTH_NUMBERS:
            values.add(str(_MONTH_NUMBERS[word]))
        if active and tokens[i : i + 3] == ["and", "a", "half"]:
            values.add(_canonical(Decimal(total + current) + Decimal("0.5")))
            close()
            i += 3
            continue
        ordinal = _ORDINAL.match(word)
        if ordinal:
            values.add(str(_ORDINALS[ordinal.group(1)]))
        compound = _COMPOUND.match(word)
        if compound and compound.group(1) in _SMALL:  # Achttausender, siebenhundert
            scale = 1000 if compound.group(2) == "tausend" else 100
            values.add(str(_SMALL[compound.group(1)] * scale))
        if word in _SMALL and not (active and word in ("a", "an")):
            current += _SMALL[word]
            values.add(str(_SMALL[word]))
            active = True
        elif word in _MULTIPLIERS and not active:  # "vor hundert Jahren", "tausend Meter"
            current, active = _MULTIPLIERS[word], True
        elif word in _MULTIPLIERS and active:
            scale = _MULTIPLIERS[word]
            if scale >= 1000:
                total, current = total + max(current, 1) * scale, 0
            else:
                current = max(current, 1) * scale
        elif not (word == "and" and active):
            close()
        i += 1
    close()
    return values

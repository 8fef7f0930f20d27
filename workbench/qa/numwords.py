"""Numbers written in words, for the numbers check (en, sq, de, fr, ru), read two ways.

`word_values` gives every value a text spells out in any of these languages: "three",
"twenty-five", "nine hundred and thirty", "Achttausender", "zweiten", "troisième", decades
("the sixties", "Sechzigerjahre", "шестидесятые" -> 60), month names (May -> 5). These only
*satisfy* a number on the other side.

`word_numbers` reads the number phrases of a text in its own language with a small grammar,
each with its span and value: "forty", "two thousand", "двух тысяч", "dymijë", "nine hundred
sixty and nine", "five and thirty", "threescore and ten", "soixante-dix-sept",
"quatre-vingts", "fünfundzwanzig", "viereinhalb", "четырёх с половиной" (Russian cardinals in
every case: "шести", "двумя", "пятисот"). A phrase is *reportable*, that is it may raise a
finding when the other side has a number of its own that matches nothing (a substitution:
forty for fourteen, two for three thousand), only where it cannot be anything but a number:
a cardinal worth more than 1. "One" and its kin are pronouns and articles as often as
numbers ("one of them", "the one", Albanian "një", German "ein", French "un", Russian "один"
for "alone" or "a certain"): they count only inside a larger number ("one thousand", "twenty-
one", "një mijë"). Never reportable, though they still satisfy: ordinals (also a phrase an
English ordinal ends: "six hundredth", "twenty-first"), month names, plural scales
("thousands", "тысячи людей", "mijëra"), a bare "hundred"/"thousand" in English or Albanian,
an Albanian number after the article i/e/të/së (an ordinal from 6 on: "dita e
shtatëmbëdhjetë"; "të dy" is "both"), a capitalised German numeral inside a sentence ("außer
Acht", "die Zwei"), French "neuf" meaning new ("à neuf", "tout neuf"), "pour cent", and the
days that mean a week or a fortnight ("huit jours", "quinze jours", "acht Tage").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
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
#: A decade named by its tens ("the sixties", "die Sechzigerjahre", "шестидесятые годы"): it
#: answers "60s", "60er Jahre" or "60-е" on the other side, and as a decade (`decade_key`)
#: "1960s", "années 1960". Stems by language, 20 to 90.
_DECADE_STEMS = {
    "en": "twent thirt fort fift sixt sevent eight ninet",
    "de": "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig",
    "ru": "двадцат тридцат сороков пятидесят шестидесят семидесят восьмидесят девяност",
}
_DECADE_ENDINGS = {
    "en": "ies",
    "de": "er(?:n|jahre|jahren)?",
    "ru": "(?:ые|ых|ым|ыми|ой|ая|ое|ую|ого|ом)",
}
_DECADE_TENS = {
    stem: 10 * tens
    for stems in _DECADE_STEMS.values()
    for tens, stem in enumerate(stems.split(), start=2)
}
_DECADE = re.compile(
    "^(?:"
    + "|".join(f"({'|'.join(_DECADE_STEMS[k].split())}){_DECADE_ENDINGS[k]}" for k in _DECADE_STEMS)
    + ")$"
)
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
#: Every month name the numbers check knows, lower case (a day next to one is a date's day).
MONTH_NAMES = frozenset(_MONTH_NUMBERS)


def decade_key(tens: int) -> str:
    """A decade as a value of its own ("60s"), which only another decade answers: "the
    sixties", "60s", "60er Jahre", "années 60" and "1960s", "années 1960" are one, while a
    plain 60 is no 1960 and a plain 1960 no "60s"."""
    return f"{tens}s"


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
        decade = _DECADE.match(word)
        if decade:
            tens = _DECADE_TENS[next(g for g in decade.groups() if g)]
            values |= {str(tens), decade_key(tens)}
        compound = _COMPOUND.match(word)
        if compound and compound.group(1) in _SMALL:  # Achttausender, siebenhundert
            scale = 1000 if compound.group(2) == "tausend" else 100
            values.add(str(_SMALL[compound.group(1)] * scale))
        fold = word[:-4] if word.endswith("fold") else ""
        if fold in _SMALL or fold in _MULTIPLIERS:  # thirtyfold, a hundredfold
            values.add(str(_SMALL[fold] if fold in _SMALL else _MULTIPLIERS[fold]))
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


# -- number phrases in one language ------------------------------------------------------------


@dataclass(frozen=True)
class WordNumber:
    """One number phrase of a text: its value, where it stands, whether it may be reported."""

    value: str
    span: tuple[int, int]
    reportable: bool


# Kinds of number words: a unit (2-9), "one", an article that may start "a hundred", a teen
# (10-19), tens (20-90), whole hundreds (Russian "двести", Albanian "dyqind"), a scale
# (hundred, thousand, million: multiplies what stands before it) and a complete number read
# from one compound word ("zweihundert", "dymijë").
_UNIT, _ONE, _ARTICLE, _TEEN, _TENS, _HUNDREDS, _SCALE, _WHOLE = (
    "unit",
    "one",
    "article",
    "teen",
    "tens",
    "hundreds",
    "scale",
    "whole",
)


def _forms(kind: str, table: str) -> dict[str, tuple[str, int]]:
    """{word: (kind, value)} from "value:form,form value:form" lines."""
    out: dict[str, tuple[str, int]] = {}
    for item in table.split():
        value, forms = item.split(":")
        for form in forms.split(","):
            out[form] = (kind, int(value))
    return out


_RU_TEENS = (
    "одиннадцат двенадцат тринадцат четырнадцат пятнадцат шестнадцат семнадцат"
    " восемнадцат девятнадцат"
)
_LEXICON: dict[str, dict[str, tuple[str, int]]] = {
    "en": {
        **_forms(_ARTICLE, "1:a,an"),
        **_forms(_ONE, "1:one"),
        **_forms(_UNIT, "2:two,twain 3:three 4:four 5:five 6:six 7:seven 8:eight 9:nine"),
        **_forms(
            _TEEN,
            "10:ten 11:eleven 12:twelve 13:thirteen 14:fourteen 15:fifteen 16:sixteen"
            " 17:seventeen 18:eighteen 19:nineteen",
        ),
        **_forms(
            _TENS,
            "20:twenty 30:thirty 40:forty,twoscore 50:fifty 60:sixty,threescore"
            " 70:seventy 80:eighty,fourscore 90:ninety",
        ),
        **_forms(_SCALE, "100:hundred 1000:thousand 1000000:million 1000000000:billion"),
    },
    "sq": {
        **_forms(_ARTICLE, "1:një,nje"),
        **_forms(
            _UNIT,
            "2:dy 3:tre,tri 4:katër,kater 5:pesë,pese 6:gjashtë,gjashte 7:shtatë,shtate"
            " 8:tetë,tete 9:nëntë,nente",
        ),
        **_forms(
            _TEEN,
            "10:dhjetë,dhjete 11:njëmbëdhjetë 12:dymbëdhjetë 13:trembëdhjetë"
            " 14:katërmbëdhjetë 15:pesëmbëdhjetë 16:gjashtëmbëdhjetë 17:shtatëmbëdhjetë"
            " 18:tetëmbëdhjetë 19:nëntëmbëdhjetë",
        ),
        **_forms(
            _TENS,
            "20:njëzet,njezet 30:tridhjetë 40:dyzet 50:pesëdhjetë 60:gjashtëdhjetë"
            " 70:shtatëdhjetë 80:tetëdhjetë 90:nëntëdhjetë",
        ),
        **_forms(_SCALE, "100:qind 1000:mijë,mije 1000000:milion,milionë"),
    },
    "de": {
        **_forms(_ARTICLE, "1:ein,eine,einen,einem,einer,eines"),
        **_forms(_ONE, "1:eins"),
        **_forms(_UNIT, "2:zwei 3:drei 4:vier 5:fünf 6:sechs 7:sieben 8:acht 9:neun"),
        **_forms(
            _TEEN,
            "10:zehn 11:elf 12:zwölf 13:dreizehn 14:vierzehn 15:fünfzehn 16:sechzehn"
            " 17:siebzehn 18:achtzehn 19:neunzehn",
        ),
        **_forms(
            _TENS,
            "20:zwanzig 30:dreißig,dreissig 40:vierzig 50:fünfzig 60:sechzig 70:siebzig"
            " 80:achtzig 90:neunzig",
        ),
        **_forms(_SCALE, "100:hundert 1000:tausend 1000000:million,millionen"),
    },
    "fr": {
        **_forms(_ARTICLE, "1:un,une"),
        **_forms(_UNIT, "2:deux 3:trois 4:quatre 5:cinq 6:six 7:sept 8:huit 9:neuf"),
        **_forms(_TEEN, "10:dix 11:onze 12:douze 13:treize 14:quatorze 15:quinze 16:seize"),
        **_forms(_TENS, "20:vingt,vingts 30:trente 40:quarante 50:cinquante 60:soixante"),
        **_forms(
            _SCALE,
            "100:cent,cents 1000:mille 1000000:million,millions 1000000000:milliard,milliards",
        ),
    },
    "ru": {
        **_forms(
            _ONE,
            "1:один,одна,одно,одного,одной,одному,одним,одном,одну,одни,одних",
        ),
        **_forms(
            _UNIT,
            "2:два,две,двух,двум,двумя,двое,двоих 3:три,трёх,трех,трём,трем,тремя,трое,троих"
            " 4:четыре,четырёх,четырех,четырём,четырем,четырьмя,четверо,четверых"
            " 5:пять,пяти,пятью,пятеро,пятерых 6:шесть,шести,шестью,шестеро,шестерых"
            " 7:семь,семи,семью,семеро,семерых 8:восемь,восьми,восемью,восьмью"
            " 9:девять,девяти,девятью",
        ),
        **_forms(
            _TEEN,
            "10:десять,десяти,десятью "
            + " ".join(
                f"{value}:{stem}ь,{stem}и,{stem}ью"
                for value, stem in enumerate(_RU_TEENS.split(), start=11)
            ),
        ),
        **_forms(
            _TENS,
            "20:двадцать,двадцати,двадцатью 30:тридцать,тридцати,тридцатью 40:сорок,сорока"
            " 50:пятьдесят,пятидесяти 60:шестьдесят,шестидесяти 70:семьдесят,семидесяти"
            " 80:восемьдесят,восьмидесяти 90:девяносто,девяноста",
        ),
        **_forms(
            _HUNDREDS,
            "100:сто,ста 200:двести,двухсот,двумстам,двумястами,двухстах"
            " 300:триста,трёхсот,трехсот,тремстам,тремястами,трёхстах,трехстах"
            " 400:четыреста,четырёхсот,четырехсот,четырёмстам,четырехстам"
            " 500:пятьсот,пятисот,пятистам,пятьюстами,пятистах"
            " 600:шестьсот,шестисот,шестистам 700:семьсот,семисот,семистам"
            " 800:восемьсот,восьмисот,восьмистам 900:девятьсот,девятисот,девятистам",
        ),
        **_forms(
            _SCALE,
            "1000:тысяча,тысячи,тысячу,тысячей,тысячею,тысяч,тысячам,тысячами,тысячах"
            " 1000000:миллион,миллиона,миллионов,миллионом,миллионе"
            " 1000000000:миллиард,миллиарда,миллиардов",
        ),
    },
}
# English ordinals end a number phrase and make it an ordinal: "six hundredth", "twenty-first".
_ORDINAL_WORDS = {
    "en": {
        word: (kind, value)
        for kind, table in (
            (_ONE, "1:first"),
            (
                _UNIT,
                "2:second 3:third 4:fourth 5:fifth 6:sixth 7:seventh 8:eighth 9:ninth",
            ),
            (
                _TEEN,
                "10:tenth 11:eleventh 12:twelfth 13:thirteenth 14:fourteenth 15:fifteenth"
                " 16:sixteenth 17:seventeenth 18:eighteenth 19:nineteenth",
            ),
            (
                _TENS,
                "20:twentieth 30:thirtieth 40:fortieth 50:fiftieth 60:sixtieth 70:seventieth"
                " 80:eightieth 90:ninetieth",
            ),
            (_SCALE, "100:hundredth 1000:thousandth 1000000:millionth"),
        )
        for word, (kind, value) in _forms(kind, table).items()
    }
}
# Words between the tens and the units of an old English number: "ninety years old and nine".
_SPLIT_UNITS = {"en": (("years", "old", "and"), ("years", "and"))}
# Counts of days that mean a week or a fortnight: "quinze jours" for "zwei Wochen".
_IDIOMS = {"fr": {("quinze", "jours"), ("huit", "jours")}, "de": {("acht", "tage")}}
_JOINERS = {"en": {"and"}, "sq": {"e"}, "fr": {"et"}, "de": {"und"}, "ru": set()}
# A scale that is a number on its own ("vor hundert Jahren", "mille mètres", "тысячу гектаров");
# elsewhere it needs a number or an article before it ("a hundred", "një mijë"), and plural
# forms ("тысячи людей", "thousands") are no number at all.
_SCALE_ALONE = {
    "de": {"hundert", "tausend", "million"},
    "fr": {"cent", "mille", "million", "milliard"},
    "ru": {"тысяча", "тысячу", "тысячей", "тысячею", "миллион", "миллионом", "миллиард"},
}
# "and a half", "с половиной", "et demi", "e gjysmë", "und einhalb" after a number.
_HALVES = {
    "en": (("and", "a", "half"),),
    "ru": (("с", "половиной"),),
    "fr": (("et", "demi"), ("et", "demie")),
    "sq": (("e", "gjysmë"), ("e", "gjysme")),
    "de": (("und", "einhalb"),),
}
# What may stand between two words of one number: spaces and hyphens only.
_GAP = re.compile(r"[\s\u00a0\u202f\-‐‑]*")
_DE_UNITS = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7}
_DE_UNITS |= {"acht": 8, "neun": 9}
_DE_AND_TENS = re.compile(r"(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(\w+)")
_SQ_UNITS = {
    w: v for w, (k, v) in _LEXICON["sq"].items() if k in (_UNIT, _ARTICLE)
}  # një, dy, tre... as the first part of "njëqind", "dymijë"


def _de_below_100(word: str) -> int | None:
    kind_value = _LEXICON["de"].get(word)
    if kind_value and kind_value[0] in (_UNIT, _TEEN, _TENS):
        return kind_value[1]
    m = _DE_AND_TENS.fullmatch(word)
    tens = _LEXICON["de"].get(m.group(2)) if m else None
    if m and tens and tens[0] == _TENS:
        return _DE_UNITS[m.group(1)] + tens[1]
    return None


def _de_below_1000(word: str) -> int | None:
    if "hundert" not in word:
        return _de_below_100(word)
    left, _, right = word.partition("hundert")
    hundreds = 1 if left in ("", "ein") else _DE_UNITS.get(left)
    rest = _de_below_100(right) if right else 0
    return None if hundreds is None or rest is None else hundreds * 100 + rest


def _de_compound(word: str) -> Decimal | None:
    """A German number written as one word: "fünfundzwanzig", "zweitausendfünfhundert",
    "viereinhalb"."""
    half = word.endswith("einhalb") and len(word) > 7
    if half:
        word = word[:-7]
        base = _DE_UNITS.get(word) if word != "ein" else None
        value = base if base is not None else _de_below_1000(word)
        return None if value is None else Decimal(value) + Decimal("0.5")
    if "tausend" in word:
        left, _, right = word.partition("tausend")
        thousands = 1 if left in ("", "ein") else _de_below_1000(left)
        rest = _de_below_1000(right) if right else 0
        if thousands is None or rest is None:
            return None
        return Decimal(thousands * 1000 + rest)
    value = _de_below_1000(word)
    return None if value is None else Decimal(value)


def _sq_compound(word: str) -> Decimal | None:
    """An Albanian number written as one word: "dyqind", "njëqind", "dymijë", "tremije"."""
    for scale, size in (("qind", 100), ("mijë", 1000), ("mije", 1000)):
        if word.endswith(scale) and len(word) > len(scale):
            head = word[: -len(scale)]
            first = _SQ_UNITS.get(head)
            if first is None and size == 1000:
                kind_value = _LEXICON["sq"].get(head)
                first = kind_value[1] if kind_value and kind_value[0] in (_TEEN, _TENS) else None
                if first is None and head.endswith("qind"):
                    hundreds = _sq_compound(head)
                    first = int(hundreds) if hundreds is not None else None
            return None if first is None else Decimal(first * size)
    return None


def _entry(word: str, lang: str) -> tuple[str, Decimal] | None:
    """(kind, value) of one word in `lang`, or None."""
    found = _LEXICON[lang].get(word) or _ORDINAL_WORDS.get(lang, {}).get(word)
    if found:
        return found[0], Decimal(found[1])
    compound = _de_compound(word) if lang == "de" else _sq_compound(word) if lang == "sq" else None
    if compound is None:
        return None
    if compound == compound.to_integral_value():
        whole = int(compound)
        if whole < 10:
            return _UNIT, compound
        if whole < 20:
            return _TEEN, compound
        if whole < 100 and whole % 10 == 0:
            return _TENS, compound
        if whole < 1000 and whole % 100 == 0 and lang == "sq":
            return _HUNDREDS, compound
    return _WHOLE, compound


@dataclass
class _Phrase:
    """A number phrase being read: the finished scale groups (`total`), the group below the
    last scale word (hundreds, tens, teen, unit), and the words read."""

    start: int
    first: int  # its first word's position among the text's words
    end: int = 0
    total: Decimal = Decimal(0)
    hundreds: Decimal = Decimal(0)
    tens: Decimal = Decimal(0)
    teen: Decimal = Decimal(0)
    unit: Decimal = Decimal(0)
    scale: Decimal | None = None  # the last scale word: the next one must be smaller
    article: bool = False  # an article read, no number yet ("a" of "a hundred")
    whole: bool = False  # a compound word filled the group ("zweihundert")
    words: int = 0
    tens_word: str = ""
    ordinal: bool = False  # ended by an ordinal word: "six hundredth"

    @property
    def group(self) -> Decimal:
        return self.hundreds + self.tens + self.teen + self.unit

    @property
    def value(self) -> Decimal:
        return self.total + self.group

    def add(self, kind: str, value: Decimal, word: str, lang: str, joined: bool) -> bool:
        """Take one more word if the grammar lets it continue this number."""
        if self.ordinal:
            return False
        ordinal = _ORDINAL_WORDS.get(lang, {}).get(word)
        if ordinal:
            if not self.words:
                return False
            if self.add(ordinal[0], Decimal(ordinal[1]), "", lang, joined):
                self.ordinal = True
                return True
            return False
        if kind == _ARTICLE:
            if self.tens and joined and not (self.unit or self.teen or self.whole):
                kind = _UNIT  # vingt et un, njëzet e një
            elif self.words or self.article:
                return False
            else:
                self.article = True
                return True
        if kind in (_UNIT, _ONE):
            if self.article or self.whole:
                return False
            if self.unit or self.teen:
                if lang == "fr" and self.teen == 10 and not self.unit and value >= 7:
                    self.teen += value  # dix-sept
                    return self._took()
                return False
            if joined and not (self.tens or self.hundreds or self.total):
                return False
            self.unit = value
            return self._took()
        if kind == _TEEN:
            if self.article or self.whole or self.unit or self.teen:
                return False
            if self.tens and not (
                (lang == "fr" and self.tens in (60, 80))  # soixante-dix, quatre-vingt-onze
                or self.tens_word.endswith("score")  # threescore and ten
            ):
                return False
            self.teen = value
            return self._took()
        if kind == _TENS:
            if self.article or self.whole or self.tens or self.teen:
                return False
            if self.unit:
                if lang == "en" and joined and not word.endswith("score"):
                    pass  # five and thirty
                elif lang == "fr" and self.unit == 4 and value == 20:
                    self.unit = Decimal(0)  # quatre-vingts
                    value = Decimal(80)
                else:
                    return False
            self.tens, self.tens_word = value, word
            return self._took()
        if kind == _HUNDREDS:
            if self.article or self.whole or self.group:
                return False
            self.hundreds = value
            return self._took()
        if kind == _WHOLE:
            if self.article or self.whole or self.group:
                return False
            if value >= 1000:
                if self.scale is not None and self.scale <= 1000:
                    return False
                self.total += value
                self.scale = Decimal(1000)
                return self._took()
            self.hundreds, self.whole = value, True
            return self._took()
        # a scale word
        if value == 100 and lang != "ru":
            if self.hundreds or self.tens or self.whole:
                return False
            base = self.teen or self.unit or Decimal(1)
            if not (self.article or self.words) and word not in _SCALE_ALONE.get(lang, ()):
                return False
            self.hundreds, self.teen, self.unit, self.article = (
                base * 100,
                Decimal(0),
                Decimal(0),
                False,
            )
            return self._took()
        if self.scale is not None and value >= self.scale:
            return False
        if not (self.article or self.group) and word not in _SCALE_ALONE.get(lang, ()):
            return False  # "thousands", "тысячи людей": no number
        self.total += (self.group or Decimal(1)) * value
        self.hundreds = self.tens = self.teen = self.unit = Decimal(0)
        self.scale, self.article, self.whole = value, False, False
        return self._took()

    def _took(self) -> bool:
        self.words += 1
        return True


def word_numbers(text: str, lang: str | None) -> list[WordNumber]:
    """The number phrases of a text written in `lang` (none for another language), in order."""
    if lang not in _LEXICON:
        return []
    tokens = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    joiners = _JOINERS[lang]
    found: list[WordNumber] = []
    phrase: _Phrase | None = None
    last_end = 0

    def gap_ok(end: int, start: int) -> bool:
        return _GAP.fullmatch(text, end, start) is not None

    def close(at: int) -> int:
        """Finish the phrase (with a half after it); returns the tokens the half used."""
        nonlocal phrase
        used = 0
        if phrase is not None and phrase.words:
            value, end = phrase.value, phrase.end
            if phrase.tens and not (phrase.unit or phrase.teen or phrase.ordinal):
                for between in _SPLIT_UNITS.get(lang, ()):
                    words = tokens[at : at + len(between) + 1]
                    unit = _LEXICON[lang].get(words[-1][0]) if len(words) > len(between) else None
                    if tuple(w for w, _, _ in words[:-1]) == between and unit and unit[0] == _UNIT:
                        value, end, used = value + unit[1], words[-1][2], len(words)
                        break
            for half in _HALVES.get(lang, ()):
                words = tokens[at : at + len(half)]
                if (
                    not used
                    and tuple(w for w, _, _ in words) == half
                    and all(
                        gap_ok(a[2], b[1])
                        for a, b in zip([(None, 0, end), *words], words, strict=False)
                    )
                ):
                    value, end, used = value + Decimal("0.5"), words[-1][2], len(half)
                    break
            found.append(
                WordNumber(
                    _canonical(value),
                    (phrase.start, end),
                    value > 1 and _reportable(text, tokens, phrase, lang),
                )
            )
        phrase = None
        return used

    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        entry = _entry(word, lang)
        if phrase is not None and not gap_ok(last_end, start):
            i += close(i)
            continue
        if phrase is not None and phrase.words and word in joiners and i + 1 < len(tokens):
            nxt_word, nxt_start, nxt_end = tokens[i + 1]
            nxt = _entry(nxt_word, lang)
            trial = _Phrase(**phrase.__dict__)
            if (
                nxt is not None
                and gap_ok(end, nxt_start)
                and trial.add(nxt[0], nxt[1], nxt_word, lang, joined=True)
            ):
                phrase = trial
                phrase.end, last_end = nxt_end, nxt_end
                i += 2
                continue
        if (
            entry is not None
            and phrase is not None
            and phrase.add(entry[0], entry[1], word, lang, joined=False)
        ):
            phrase.end, last_end = end, end
            i += 1
            continue
        if phrase is not None:
            used = close(i)
            if used:
                i += used
                continue
        if entry is not None:
            phrase = _Phrase(start, i)
            if phrase.add(entry[0], entry[1], word, lang, joined=False):
                phrase.end, last_end = end, end
            else:
                phrase = None
        i += 1
    close(len(tokens))
    return [w for w in found if w.value != "0"]


def _reportable(text: str, tokens: list[tuple[str, int, int]], phrase: _Phrase, lang: str) -> bool:
    """Whether a phrase worth more than 1 is surely a number (see the module docstring)."""
    first = phrase.first
    previous = tokens[first - 1][0] if first else ""
    word = tokens[first][0]
    original = text[phrase.start : tokens[first][2]]
    if lang == "de" and original[:1].isupper():
        before = _char_before(text, phrase.start, ' \u00a0«»"„“(')
        if before and before not in ".!?:;":
            return False  # "außer Acht", "die Zwei": a noun
    if phrase.ordinal:
        return False
    if lang == "sq" and previous in ("i", "e", "të", "te", "së", "se"):
        return False  # "dita e shtatëmbëdhjetë": an ordinal; "të dy": both
    after = first + 1
    while after < len(tokens) and tokens[after][1] < phrase.end:
        after += 1
    if after < len(tokens) and (word, tokens[after][0]) in _IDIOMS.get(lang, set()):
        return False  # "quinze jours": a fortnight
    if lang == "fr" and word == "neuf" and phrase.words == 1:
        return previous not in ("à", "tout", "de", "flambant", "du", "le")  # new
    return not (lang == "fr" and word in ("cent", "cents") and previous == "pour")


def _char_before(text: str, start: int, skipping: str) -> str:
    """The last character before `start` that is not one of `skipping` ("" if none): looked
    for backwards, where stripping a copy of the text before each phrase made a long German
    paragraph quadratic."""
    i = start
    while i and text[i - 1] in skipping:
        i -= 1
    return text[i - 1] if i else ""

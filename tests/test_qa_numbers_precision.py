"""The numbers check, precisely: a time of day is one value in any form (18:00 ~ 6 PM ~ 18 h),
numbers written in words are compared when both sides have a number that matches nothing, and
each kind of difference (a time, a year, a date, a page, a quantity) is a finding of its own,
so that dismissing one never hides another."""

from __future__ import annotations

import pytest

from tests.conftest import import_pair
from workbench import findings
from workbench.qa import Pair, run
from workbench.qa.numbers import digit_numbers
from workbench.qa.numwords import word_numbers

PREFIX = "number without counterpart: "


def messages(source: str, target: str, src: str, tgt: str, **kw) -> list[str]:
    found = run([Pair(source, target)], src, tgt, checks=["numbers"], **kw)
    return [f.message.removeprefix(PREFIX) for f in found]


def times(text: str) -> list[tuple[str, str]]:
    """(value, text) of every time of day in a text."""
    return [(n.value, text[n.span[0] : n.span[1]]) for n in digit_numbers(text) if n.kind == "time"]


# -- times of day ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("с 18:00 до 20:50", [("18:00", "18:00"), ("20:50", "20:50")]),
        ("from 6 PM until 9 p.m.", [("18:00", "6 PM"), ("21:00", "9 p.m.")]),
        ("ten minutes before 9 PM", [("20:50", "ten minutes before 9 PM")]),
        ("a quarter past 6 p.m.", [("18:15", "a quarter past 6 p.m.")]),
        ("um 18.30 Uhr", [("18:30", "18.30 Uhr")]),
        ("à 15 h. 30 et à 18h00", [("15:30", "15 h. 30"), ("18:00", "18h00")]),
        ("um 6 Uhr abends", [("18:00", "6 Uhr abends")]),
        ("в 6 часов вечера", [("18:00", "6 часов вечера")]),
        ("from 6 to 8:50 PM", [("18:00", "6"), ("20:50", "8:50 PM")]),
        ("von 18 bis 20 Uhr", [("18:00", "18"), ("20:00", "20 Uhr")]),
    ],
)
def test_a_time_is_read_as_one_value(text: str, expected: list[tuple[str, str]]) -> None:
    assert times(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "pendant 3 heures de marche",  # hours counted, not a time of day
        "Er arbeitete 8 Stunden.",
        "Работали 8 часов.",
        "four-and-a-half to five tons",
        "Er kam um 6 am Montag.",  # German "am", not a.m.
        "a map at 1:50 000",
        "8.30 m tief",
    ],
)
def test_what_is_no_time(text: str) -> None:
    assert times(text) == []


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        ("Приём продолжался с 18:00 до 20:50.", "It lasted from 6 PM to 8:50 PM.", "ru", "en"),
        (
            "Приём продолжался с 18:00 до 20:50.",
            "The reception was held from 6 PM until ten minutes before 9 PM.",
            "ru",
            "en",
        ),
        ("Wir kamen um 18.00 Uhr an.", "Nous arrivâmes à 18 h.", "de", "fr"),
        ("Wir kamen um 18 Uhr an.", "We arrived at 6 p.m.", "de", "en"),
        ("Takimi nisi në orën 18:30.", "The meeting began at 6:30.", "sq", "en"),
        (
            "Um 15.30 Uhr verliessen wir das Lager.",
            "Nous quittâmes le camp à 15 h. 30.",
            "de",
            "fr",
        ),
    ],
)
def test_times_written_another_way_agree(source: str, target: str, src: str, tgt: str) -> None:
    assert messages(source, target, src, tgt, min_confidence=0) == []


def test_a_time_that_differs_is_named_as_a_time_never_as_its_minutes() -> None:
    assert messages("Приём начался в 18:00.", "The reception began at 7 PM.", "ru", "en") == [
        "18:00 in the source; 19:00 in the target"
    ]
    assert messages("Um 18.30 Uhr.", "À 18 h 45.", "de", "fr") == [
        "18:30 in the source; 18:45 in the target"
    ]


def test_the_walks_record_finds_the_year_alone() -> None:
    source = (
        "Приём нашей делегации состоялся 25 сентября 1961 года. Приём продолжался с 18:00 до "
        "20:50, то есть почти три часа."
    )
    target = (
        "The reception of our delegation was held on September 25, 1962. The reception was "
        "held from 6 PM until ten minutes before 9 PM; in other words, it lasted close to "
        "three hours."
    )
    assert messages(source, target, "ru", "en") == ["1961 in the source; 1962 in the target"]
    clean = target.replace("1962", "1961")
    assert messages(source, clean, "ru", "en", min_confidence=0) == []


# -- one finding per kind of number ----------------------------------------------------------------


def test_each_kind_of_difference_is_a_finding_of_its_own() -> None:
    source = "7 сентября 1961 года, накануне IV съезда, было 80 тыс. тонн."
    target = "On September 17, 1962, on the eve of the 5th Congress, there were 60 thousand tons."
    assert messages(source, target, "ru", "en") == [
        "7 in the source; 17 in the target",  # the date's day
        "1961 in the source; 1962 in the target",  # the year
        "4, 80000 in the source; 5, 60000 in the target",  # the quantities
    ]


def test_numbers_of_one_kind_stay_one_finding_as_before() -> None:
    # the message and spans, and so the dismissal key, of a pair with one kind of difference
    assert messages(
        "Албания получила 3 подводные лодки и 12 самолётов.",
        "Albania received 4 submarines and 13 aircraft.",
        "ru",
        "en",
    ) == ["3, 12 in the source; 4, 13 in the target"]
    # numbers on one side only are one finding per side, whatever their kinds
    assert messages(
        "Darüber berichteten « Die Alpen » 1956, S. 81.",
        "La revue en a parlé.",
        "de",
        "fr",
        min_confidence=0,
    ) == ["1956, 81 in the source"]


def test_dismissing_one_kind_leaves_the_other_reported(store) -> None:
    alignment = import_pair(
        store,
        ["Në vitin 1961 delegacioni kishte 80 anëtarë."],
        ["In 1962 the delegation had 60 members."],
    )
    doc = store.alignment(alignment)["document_id"]
    found = [f for f in findings.check_alignment(store, doc).findings if f.check == "numbers"]
    assert [f.message.removeprefix(PREFIX) for f in found] == [
        "1961 in the source; 1962 in the target",
        "80 in the source; 60 in the target",
    ]
    assert found[0].key != found[1].key
    findings.dismiss(store, doc, found[0].key, user="rev", reason="the year is right")
    report = findings.check_alignment(store, doc)
    left = [f for f in report.findings if f.check == "numbers"]
    assert [f.key for f in left] == [found[1].key] and report.dismissed == 1


# -- numbers written in words ----------------------------------------------------------------------

ASV_BAD = {
    25: "And he was in the wilderness fourteen days tempted of Satan; and the angels ministered "
    "unto him.",
    323: "And the unclean spirits came out, and entered into the swine: and the herd rushed "
    "down the steep into the sea, in number about three thousand; and they were drowned.",
    649: "And after seven days Jesus taketh with him Peter, and James, and John.",
}
ASV = {
    25: ASV_BAD[25].replace("fourteen", "forty"),
    323: ASV_BAD[323].replace("three thousand", "two thousand"),
    649: ASV_BAD[649].replace("seven", "six"),
}
SOURCES = {
    ("sq", 25): "dhe qëndroi në shkretëtirë dyzet ditë, i tunduar nga Satanai.",
    ("ru", 25): "И был Он там в пустыне сорок дней, искушаемый сатаною.",
    ("sq", 323): "frymërat e ndyra hynë në derrat; ishin afërsisht dymijë krerë, dhe u mbytën.",
    ("ru", 323): "и устремилось стадо с крутизны в море, а их было около двух тысяч.",
    ("sq", 649): "Mbas gjashtë ditësh Jezusi mori me vete Pjetrin, Jakobin e Gjonin.",
    ("ru", 649): "И, по прошествии дней шести, взял Иисус Петра, Иакова и Иоанна.",
}
WRONG = {25: "40 in the source; 14 in the target", 323: "2000 in the source; 3000 in the target"}
WRONG[649] = "6 in the source; 7 in the target"


@pytest.mark.parametrize(("lang", "verse"), sorted(SOURCES))
def test_a_number_in_words_that_differs_is_found(lang: str, verse: int) -> None:
    source = SOURCES[lang, verse]
    assert messages(source, ASV_BAD[verse], lang, "en") == [WRONG[verse]]
    assert messages(source, ASV[verse], lang, "en", min_confidence=0) == []


def test_words_against_digits_and_the_planted_hectares() -> None:
    assert messages(
        "посеяли тысячу гектаров на сухой земле", "planted ten thousand hectares", "ru", "en"
    ) == ["1000 in the source; 10000 in the target"]
    assert messages("Il a envoyé 3 copies.", "He sent four copies.", "fr", "en") == [
        "3 in the source; 4 in the target"
    ]
    assert messages("Ata ishin pesë mijë burra.", "They were 5000 men.", "sq", "en") == []
    assert messages("Было около пяти тысяч мужей.", "They were 5000 men.", "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        # "one" and its kin as pronoun, article, "alone": never a number on their own
        ("Erdhi një burrë.", "One of them came.", "sq", "en"),
        ("Он остался один.", "He was the one who stayed, with two others.", "ru", "en"),
        ("Ein Mann kam mit zwei Hunden.", "Un homme vint avec deux chiens.", "de", "fr"),
        ("Ai erdhi me të dy djemtë.", "He came with both of his three sons.", "sq", "en"),
        # ordinals, idioms and old English numbers read as what they are
        (
            "Abrami ishte nëntëdhjetë e nëntë vjeç.",
            "Abram was ninety years old and nine.",
            "sq",
            "en",
        ),
        ("Аврам был девяноста девяти лет.", "Abram was ninety years old and nine.", "ru", "en"),
        (
            "Isaku jetoi njëqind e tetëdhjetë vjet.",
            "Isaac lived an hundred and fourscore years.",
            "sq",
            "en",
        ),
        (
            "Seit zwei Wochen standen sie am Berg.",
            "Depuis quinze jours ils étaient là.",
            "de",
            "fr",
        ),
        (
            "në ditën e shtatëmbëdhjetë",
            "in the six hundredth year, on the seventeenth day",
            "sq",
            "en",
        ),
        ("Их было пятеро, и четверо ушли.", "There were five, and four left.", "ru", "en"),
        (
            "дали тридцать, шестьдесят и сто",
            "brought forth thirtyfold, sixtyfold and a hundredfold",
            "ru",
            "en",
        ),
    ],
)
def test_numbers_in_words_that_agree_or_are_no_numbers(
    source: str, target: str, src: str, tgt: str
) -> None:
    assert messages(source, target, src, tgt) == []


def test_a_number_in_words_alone_asks_for_nothing() -> None:
    # a translation that leaves a written-out number out, or writes "many", stays quiet
    assert (
        messages("Qëndroi dyzet ditë.", "He stayed many days.", "sq", "en", min_confidence=0) == []
    )
    # and one that writes it out, against digits the other side has right, too
    assert (
        messages("Он жил 40 лет, и было у него два сына.", "He lived 40 years.", "ru", "en") == []
    )


def test_numbers_in_words_far_apart_in_a_long_paragraph_are_not_paired() -> None:
    filler = " Und er sprach zu ihnen in Gleichnissen, und sie hörten ihm zu." * 6
    source = "Es kamen drei Männer." + filler
    target = "Il vint des hommes." + filler.replace("Und er sprach", "Et il parla") + " Les douze."
    assert messages(source, target, "de", "fr") == []


def test_which_phrases_may_be_reported() -> None:
    def read(text: str, lang: str) -> list[tuple[str, str, bool]]:
        return [
            (w.value, text[w.span[0] : w.span[1]], w.reportable) for w in word_numbers(text, lang)
        ]

    assert read("one of them, one thousand, twenty-one", "en") == [
        ("1", "one", False),
        ("1000", "one thousand", True),
        ("21", "twenty-one", True),
    ]
    assert read("nine hundred sixty and nine, five and thirty, threescore and ten", "en") == [
        ("969", "nine hundred sixty and nine", True),
        ("35", "five and thirty", True),
        ("70", "threescore and ten", True),
    ]
    assert read("soixante-dix-sept, quatre-vingts, 20 pour cent", "fr") == [
        ("77", "soixante-dix-sept", True),
        ("80", "quatre-vingts", True),
        ("100", "cent", False),
    ]
    assert read("fünfundzwanzig, viereinhalb, außer Acht", "de") == [
        ("25", "fünfundzwanzig", True),
        ("4.5", "viereinhalb", True),
        ("8", "Acht", False),
    ]
    assert read("от четырёх с половиной до пяти тонн, тысячи людей", "ru") == [
        ("4.5", "четырёх с половиной", True),
        ("5", "пяти", True),
    ]
    assert read("dymijë krerë, një burrë, njëzet e pesë", "sq") == [
        ("2000", "dymijë", True),
        ("25", "njëzet e pesë", True),
    ]
    assert word_numbers("forty days", None) == []  # an unknown language: nothing reported


# -- Roman numerals after camp ------------------------------------------------------------------


def test_camps_numbered_in_roman_agree_with_digits() -> None:
    assert messages("in Lager 2 und 3", "aux camps II et III", "de", "fr", min_confidence=0) == []
    assert messages("zurück nach Lager 4", "retour au camp IV.", "de", "fr", min_confidence=0) == []
    assert messages("zurück nach Lager 4", "retour au camp V.", "de", "fr") == [
        "4 in the source; 5 in the target"
    ]

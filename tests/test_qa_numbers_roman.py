"""Roman numerals in the numbers check: a capital word is a number only where it is read as one
(after Article, Chapter, a pope's name...; before "century"; with an ordinal ending; opening a
paragraph as a sequence marker), else at most a possible number that answers the other side."""

from __future__ import annotations

import pytest

from workbench.qa import Pair, run
from workbench.qa.numbers import digit_numbers


def number_findings(source: str, target: str, src: str, tgt: str, **kw) -> list:
    return [f for f in run([Pair(source, target)], src, tgt, **kw) if f.check == "numbers"]


def values(text: str) -> list[str]:
    return [n.value for n in digit_numbers(text)]


# -- abbreviations are no numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        ("Письмо ЦК КПСС от 1 мая.", "Letter of the CPSU CC of 1 May.", "ru", "en"),
        ("Вашингтон, округ Колумбия.", "Washington, DC.", "ru", "en"),
        (
            "Ai foli në Uashington me 3 senatorë.",
            "He spoke in Washington DC with 3 senators.",
            "sq",
            "en",
        ),
        ("Il a envoyé le CD à MM. Dupont.", "Er schickte die CD an die Herren Dupont.", "fr", "de"),
        ("Dr. Smith, MD, wrote the CV.", "Dr. Smith shkroi jetëshkrimin.", "en", "sq"),
        ("Das Treffen des ZK fand statt.", "La réunion du CC eut lieu.", "de", "fr"),
    ],
)
def test_capital_abbreviations_are_no_numbers(source: str, target: str, src: str, tgt: str) -> None:
    assert number_findings(source, target, src, tgt, min_confidence=0) == []


def test_the_reported_false_findings_are_gone() -> None:
    letter = number_findings(
        "Письмо ЦК КПСС от 1 мая.", "Letter of the CPSU CC of 1 May.", "ru", "en"
    )
    assert letter == []
    assert values("Letter of the CPSU CC of 1 May.") == ["1"]
    assert values("Washington, DC.") == []


def test_a_possible_numeral_still_answers_the_other_side() -> None:
    # "CC" is not required, but where the other side has 200 it may well be that number
    assert number_findings("Ishin CC ushtarë.", "There were 200 soldiers.", "sq", "en") == []
    assert number_findings("Resolution 217 A (III)", "Rezoluta 217 A (III)", "en", "sq") == []


def test_mixed_case_words_and_one_letters_stay_out() -> None:
    assert values("Mix, Did, Civil, Dim, Lid, Mild") == []
    assert values("Then I said it. I am here.") == []
    assert values("I read the book I bought.") == []  # a pronoun after "book"
    assert values("Annex C, Part D, M. Dupont, Ce siècle") == []  # letters, not 100/500/1000


# -- numerals read as numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        ("neni 12", "Article XII", "sq", "en"),
        ("Neni XII", "Article 12", "sq", "en"),
        ("IV. Conclusions", "4. Përfundime", "en", "sq"),
        ("Chapter IV", "Глава 4", "en", "ru"),
        ("Psalm XXIII", "Psalmi 23", "en", "sq"),
        ("Pope Pius XII died in 1958.", "Papa Piu XII vdiq më 1958.", "en", "sq"),
        ("Louis XIV reigned.", "Людовик 14 правил.", "en", "ru"),
        ("World War II ended.", "Lufta e Dytë Botërore mbaroi.", "en", "sq"),
        ("in the XX century", "в 20 веке", "en", "ru"),
        ("XX-го века", "of the 20th century", "ru", "en"),
        ("au XXe siècle", "im 20. Jahrhundert", "fr", "de"),
        ("Articles XII and XIII", "Nenet 12 dhe 13", "en", "sq"),
        ("Kongresi i IV-të", "the 4th Congress", "sq", "en"),
        ("King Zog I", "Mbreti Zog i 1-rë", "en", "sq"),
    ],
)
def test_numerals_read_as_numbers_agree(source: str, target: str, src: str, tgt: str) -> None:
    assert number_findings(source, target, src, tgt, min_confidence=0) == []


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt", "message"),
    [
        ("neni 13", "Article XII", "sq", "en", "13 in the source; 12 in the target"),
        ("Chapter IV", "Глава 5", "en", "ru", "4 in the source; 5 in the target"),
        ("Pius XII died.", "Piu XI vdiq.", "en", "sq", "12 in the source; 11 in the target"),
        ("in the XIX century", "в 20 веке", "en", "ru", "19 in the source; 20 in the target"),
        ("III. Results", "4. Rezultatet", "en", "sq", "3 in the source; 4 in the target"),
        ("Article CC", "Neni 300", "en", "sq", "200 in the source; 300 in the target"),
    ],
)
def test_numerals_read_as_numbers_differ(
    source: str, target: str, src: str, tgt: str, message: str
) -> None:
    found = number_findings(source, target, src, tgt)
    assert [f.message for f in found] == [f"number without counterpart: {message}"]
    assert found[0].severity == "major"


def test_spans_are_the_numerals_own() -> None:
    text = "Letter of the CPSU CC, Chapter XII."
    numbers = digit_numbers(text)
    assert [(n.value, text[n.span[0] : n.span[1]]) for n in numbers] == [("12", "XII")]
    heading = "Hyrje\n\nIV. Conclusions"
    assert [heading[s:e] for s, e in (n.span for n in digit_numbers(heading))] == ["IV"]


def test_a_bare_numeral_is_only_a_possible_number() -> None:
    # no word says "XII" is a number here: it answers a 12, it is never asked for
    assert values("the note XII said so") == []
    assert number_findings("the note XII said so", "shënimi 12 e tha", "en", "sq") == []
    assert (
        number_findings("the note XII said so", "shënimi e tha", "en", "sq", min_confidence=0) == []
    )

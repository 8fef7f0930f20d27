"""Initials inside names and archival references (workbench.segment).

Soviet-era and archival records are full of initials whose letter is also a word or a
one-letter abbreviation of the language ("I", "В", "Я") and of folio references ("fl. 1–4",
"л. 5"). All cases are constructed, modelled on the 1961 archive records.
"""

from __future__ import annotations

import pytest

from workbench.segment import split_sentences

KEEP_NAMES: list[tuple[str, list[str]]] = [
    # --- English: "I" is a word and a Roman numeral, "V" a one-letter abbreviation ---------
    ("en", ["The ambassador met Comrade I. V. Stalin.", "The talk lasted an hour."]),
    ("en", ["The ambassador met Comrade A. V. Stalin.", "The talk lasted an hour."]),
    ("en", ["The ambassador met Comrade N. S. Khrushchev.", "The talk lasted an hour."]),
    ("en", ["Comrade I. Stalin arrived.", "He sat down."]),
    ("en", ["The letter was received by I. V. Shikin.", "It was answered."]),
    ("en", ["I. V. Stalin received the delegation.", "The talk lasted an hour."]),
    ("en", ["(I. Stalin, letter) was read.", "The next item followed."]),
    ("en", ["The record was signed by E. Hoxha and M. Shehu.", "It was filed."]),
    ("en", ["Present: Yu. V. Andropov, Sh. R. Rashidov.", "The talk began."]),
    ("eng", ["Conceptualized by H. A. [Signed]"]),
    # --- Russian: "И", "В", "С" are words, "в." and "г." abbreviations ------------------------
    ("ru", ["Посол встретился с тов. И. В. Сталиным.", "Беседа длилась час."]),
    ("ru", ["Посол встретился с тов. Н. С. Хрущёвым.", "Беседа длилась час."]),
    ("ru", ["Встретились с В. М. Молотовым и с В. Молотовым.", "Беседа длилась час."]),
    ("ru", ["Присутствовали тов. Я. Иванов и другие.", "Всё."]),
    ("ru", ["Письмо подписал г-н В. Петров.", "Ответа не было."]),
    ("rus", ["И. В. Сталин принял посла.", "Беседа длилась час."]),
    # --- Albanian ---------------------------------------------------------------------------
    ("sq", ["Shoku E. Hoxha priti ambasadorin.", "Biseda zgjati një orë."]),
    ("sq", ["Takimi me shokun I. V. Stalin zgjati një orë.", "Pastaj u nda."]),
    ("sq", ["Z. Hoxha erdhi.", "Zj. Kadare po ashtu."]),
    # --- German / French ------------------------------------------------------------------
    ("de", ["Er las J. W. Goethe.", "Dann ging er."]),
    ("de", ["Er las Werke von J. W. Goethe und I. Kant.", "Dann ging er."]),
    # German Roman ordinals are not sentence ends either (Text+Berg gold: one sentence)
    ("de", ["Sie erstellten ihr Hochlager I. Am 11. Juni kamen die Lasten."]),
    ("fr", ["Il cita Ch. de Gaulle et M. Le Pen.", "Puis il partit."]),
    ("fr", ["Il rencontra J. P. Sartre.", "Il partit."]),
    # --- Greek (any cased script) -----------------------------------------------------------
    ("el", ["Ο Κ. Καραμανλής ήρθε.", "Έφυγε."]),
]


@pytest.mark.parametrize(("lang", "sentences"), KEEP_NAMES)
def test_initials_stay_inside_the_sentence(lang: str, sentences: list[str]) -> None:
    assert split_sentences(" ".join(sentences), lang) == sentences


ARCHIVAL: list[tuple[str, list[str]]] = [
    ("sq", ["AQSH, F. 14, V. 1961, D. 8, fl. 1–4.", "Dokumenti tjetër mungon."]),
    ("en", ["AQSH, F. 14, V. 1961, D. 8, fl. 1–4.", "Another document is missing."]),
    ("en", ["See AQSH, F. 14, V. 1961, D. 8, ff. 12–14.", "The next file is lost."]),
    ("en", ["Copied from fol. 3 and fols. 5–7 of the register.", "Nothing else survives."]),
    ("ru", ["ГАРФ, ф. 5446, оп. 1, д. 8, л. 1–4.", "Далее см. лл. 5–7.", "Конец."]),
    ("de", ["Die Akte (fl. 12) fehlt.", "Er las S. 295 ff.", "Dann ging er."]),
    ("fr", ["Voir fol. 12 et ff. 3–4 du dossier.", "Rien d’autre."]),
    ("xx", ["AQSH, fl. 1–4.", "Done."]),
    # a citation chaining its labels with periods: each number's period ends nothing
    ("ru", ["Ф. 3. Оп. 1. Д. 8. Л. 12.", "Подлинник.", "Машинопись."]),
    ("sq", ["AQSH, F. 14. V. 1961. D. 8. fl. 1–4.", "Origjinali."]),
    # a number's period before a label that does not go on with a number still ends
    ("ru", ["Глава 3.", "Д. 8 была потеряна."]),
    # the archive's acronym before the chain belongs to the citation
    ("ru", ["РГАНИ. Ф. 3. Оп. 14. Д. 8. Л. 12.", "Подлинник."]),
    ("sq", ["AQSH. F. 14. V. 1961. D. 8.", "Origjinali."]),
]


ACRONYM_ENDS: list[tuple[str, list[str]]] = [
    # an acronym ending a sentence before anything but a numbered label still ends it
    ("ru", ["Он работал в РГАНИ.", "Фонд был закрыт."]),
    ("en", ["He flew to the USSR.", "No one met him."]),
    ("en", ["The file is in the NARA.", "F. Roosevelt signed it."]),
]


@pytest.mark.parametrize(("lang", "sentences"), ACRONYM_ENDS)
def test_an_acronym_still_ends_a_sentence_before_other_words(
    lang: str, sentences: list[str]
) -> None:
    assert split_sentences(" ".join(sentences), lang) == sentences


@pytest.mark.parametrize(("lang", "sentences"), ARCHIVAL)
def test_folio_and_file_references_do_not_end_sentences(lang: str, sentences: list[str]) -> None:
    assert split_sentences(" ".join(sentences), lang) == sentences


STILL_SPLIT: list[tuple[str, list[str]]] = [
    # the pronoun or a numeral ending a sentence, then no name
    ("en", ["And he said, Here am I.", "And he said, Take now thy son."]),
    ("en", ["Here am I.", "Abraham rose early."]),
    ("en", ["In 1961, after World War I.", "The next year was calm."]),
    ("en", ["He wrote to the Plan B.", "Then he left."]),
    ("en", ["Henry V.", "The king died."]),
    ("en", ["They cited chapter I.", "It was short."]),
    ("ru", ["Иисус сказал: это Я.", "Не бойтесь."]),
    ("ru", ["Иисус сказал: Я.", "И вы узрите Сына."]),
    ("ru", ["Это было в XX в.", "Он ушёл."]),
    ("ru", ["Это было в 1961 г.", "В этом году всё изменилось."]),
    ("sq", ["Ata ndërtuan Planin B.", "Pastaj u nda."]),
    ("de", ["Das war Plan B.", "Dann ging er."]),
    ("fr", ["C’était le plan B.", "Puis il partit."]),
    # a folio abbreviation that closes a sentence before a word, not a number
    ("de", ["Er las S. 295 ff.", "Dann ging er."]),
]


@pytest.mark.parametrize(("lang", "sentences"), STILL_SPLIT)
def test_letters_ending_a_sentence_still_split(lang: str, sentences: list[str]) -> None:
    assert split_sentences(" ".join(sentences), lang) == sentences


KNOWN_LIMITS: list[tuple[str, str, list[str]]] = [
    # a letter-word after a capitalised word, then a capitalised non-opener: read as a name
    (
        "en",
        "After World War I. Germany was poor.",
        ["After World War I. Germany was poor."],
    ),
    # "I" after a lowercase word, then a surname: read as the pronoun ending a sentence
    ("en", "He met I. Smith there.", ["He met I.", "Smith there."]),
    # an ordinary letter ending a sentence before a proper noun: read as an initial
    ("en", "It was plan B. Smith agreed.", ["It was plan B. Smith agreed."]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), KNOWN_LIMITS)
def test_documented_limits(lang: str, text: str, expected: list[str]) -> None:
    """Pinned so that a change to them is deliberate (see `_initial_ends_sentence`)."""
    assert split_sentences(text, lang) == expected

"""The glossary check in every script: whole words where words are spaced, with their marks,
and anywhere in the text where a script puts no spaces between words; acronyms of two letters."""

from __future__ import annotations

import pytest

from workbench.qa import Pair, Term, run


def glossary_findings(source: str, target: str, src: str, tgt: str, terms: list[Term]) -> list:
    return [f for f in run([Pair(source, target, 0)], src, tgt, terms) if f.check == "glossary"]


@pytest.mark.parametrize(
    ("source", "src", "term", "translated", "untranslated"),
    [
        # Chinese and Japanese: the term stands inside a run of characters with no spaces
        ("《世界人权宣言》于1948年通过。", "zh", "人权", "human rights", "freedoms"),
        ("東京都に住んでいます。", "ja", "東京", "Tokyo", "the capital"),
        ("ประเทศไทยเป็นประเทศ", "th", "ไทย", "Thailand", "the kingdom"),
        # Devanagari vowel signs and the virama are part of the word, not word boundaries
        ("मैं हिन्दी बोलता हूँ।", "hi", "हिन्दी", "Hindi", "the language"),
        # vocalised Arabic and Hebrew are the same words as their plain spelling
        ("قرأت كِتَابًا جديدًا.", "ar", "كتاب", "book", "novel"),
        ("אמרתי שָׁלוֹם לכולם.", "he", "שלום", "peace", "hello"),
    ],
)
def test_a_term_is_found_in_scripts_without_spaces_or_with_marks(
    source: str, src: str, term: str, translated: str, untranslated: str
) -> None:
    terms = [Term(term, translated)]
    assert glossary_findings(source, f"It is about {translated}.", src, "en", terms) == []
    missing = glossary_findings(source, f"It is about {untranslated}.", src, "en", terms)
    assert len(missing) == 1 and missing[0].source_spans


def test_a_cjk_translation_and_forbidden_variant_are_found_inside_the_sentence() -> None:
    terms = [Term("human rights", "人权", ("人的权利",))]
    source = "The Declaration of human rights was adopted."
    assert glossary_findings(source, "《世界人权宣言》通过了。", "en", "zh", terms) == []
    forbidden = glossary_findings(source, "《世界人权宣言》和人的权利。", "en", "zh", terms)
    assert [f.message for f in forbidden] == [
        "glossary: “人的权利” is not to be used (“human rights” → “人权”)"
    ]


def test_an_acronym_of_two_letters_is_checked_as_a_whole_word_in_capitals() -> None:
    terms = [Term("UN", "ООН")]
    assert len(glossary_findings("A letter to the UN.", "Письмо в ОБСЕ.", "en", "ru", terms)) == 1
    assert glossary_findings("A letter to the UN.", "Письмо в ООН.", "en", "ru", terms) == []
    # not the French article, nor a word the letters begin
    assert glossary_findings("un homme de l'UNESCO", "человек", "fr", "ru", terms) == []


def test_a_term_inside_a_longer_latin_word_is_not_the_term() -> None:
    terms = [Term("cat", "кот")]
    assert glossary_findings("Concatenate the files.", "Соедините файлы.", "en", "ru", terms) == []


@pytest.mark.parametrize(
    ("source", "src", "term"),
    [
        # the article, "and", "to the" written as prefixes of the word
        ("قرأت الكتاب.", "ar", "كتاب"),
        ("قرأت والكتاب.", "ar", "كتاب"),
        ("أعطيته للكتاب.", "ar", "كتاب"),
        ("وبالكتاب بدأ.", "ar", "الكتاب"),
        # "and in the house", "from the house", "that in the house"
        ("הוא גר ובבית הזה.", "he", "בית"),
        ("יצאתי מהבית.", "he", "בית"),
        ("אמר שהבית קר.", "he", "הבית"),
    ],
)
def test_an_arabic_or_hebrew_term_is_found_behind_the_prefixes_of_a_word(
    source: str, src: str, term: str
) -> None:
    terms = [Term(term, "house")]
    assert glossary_findings(source, "It is about the house.", src, "en", terms) == []
    missing = glossary_findings(source, "It is about the room.", src, "en", terms)
    assert len(missing) == 1 and missing[0].source_spans


def test_prefixes_are_stripped_from_the_text_only_so_two_words_do_not_become_one() -> None:
    # שלום (peace) and הלום (struck) differ only in a letter that can be a prefix; a bare
    # word shorter than three letters is not taken for the term either
    terms = [Term("שלום", "peace")]
    assert len(glossary_findings("הוא הלום רעם.", "It is about war.", "he", "en", terms)) == 0
    assert len(glossary_findings("ושלום לכם.", "It is about war.", "he", "en", terms)) == 1
    assert len(glossary_findings("ושלום לכם.", "Peace to you.", "he", "en", terms)) == 0
    # a forbidden variant found behind a prefix
    forbidden = [Term("peace", "שלום", ("שלווה",))]
    found = glossary_findings("Peace to you.", "ובשלווה לכם שלום.", "en", "he", forbidden)
    assert [f.message for f in found] == ["glossary: “שלווה” is not to be used (“peace” → “שלום”)"]

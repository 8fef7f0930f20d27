"""A word diff never cuts what a reader sees as one sign, and counts what it shows.

Python's \\w leaves out combining marks, so a changed accent or vowel sign was a change of
its own ("ọmọ" kept, a lone "́" struck out), an emoji's skin tone or a flag's second letter
was replaced alone, and a number or a word with Arabic vowel marks counted as several words.
Letters that show as blank space (a combining grapheme joiner, Hangul fillers) were not named
among the invisible changes an editor is warned of.
"""

from __future__ import annotations

import pytest

from tests.test_formats_exchange import tmx, tu
from tests.test_formats_roundtrip import import_units
from workbench import concordance
from workbench.diff import changed_words, invisible_changes, tokenize, word_diff
from workbench.store import Store


@pytest.mark.parametrize(
    ("old", "new", "replaced"),
    [
        ("ọmọ́ náà", "ọmọ̀ náà", ("ọmọ́", "ọmọ̀")),  # Yoruba tone marks
        ("यह किताब है", "यह किताबें है", ("किताब", "किताबें")),  # a Hindi vowel sign
        ("করো এটা", "করুন এটা", ("করো", "করুন")),  # Bengali
        ("🇦🇱 flag", "🇦🇲 flag", ("🇦🇱", "🇦🇲")),  # a flag is two letters, one sign
        ("ok 👍🏻", "ok 👍🏿", ("👍🏻", "👍🏿")),  # a skin tone
        ("👨‍👩‍👧 home", "👨‍👩‍👦 home", ("👨‍👩‍👧", "👨‍👩‍👦")),  # a ZWJ family
        ("x 1,250,000 y", "x 1,260,000 y", ("1,250,000", "1,260,000")),
        ("كَتَبَ الولد", "كتب الولد", ("كَتَبَ", "كتب")),  # vowel marks dropped
    ],
)
def test_a_change_replaces_whole_words_and_signs_and_counts_one(old, new, replaced) -> None:
    changes = word_diff(old, new)
    [change] = [c for c in changes if c.kind != "equal"]
    assert (change.kind, change.old, change.new) == ("replace", *replaced)
    assert changed_words(changes) == 1
    assert "".join(tokenize(old)) == old and "".join(c.old for c in changes) == old


@pytest.mark.parametrize("blank", ["\u034f", "\u3164", "\u115f", "\uffa0", "\u2800"])
def test_letters_that_show_as_blank_space_are_named(blank: str) -> None:
    named = invisible_changes(word_diff("The children played", f"The chil{blank}dren played"))
    assert len(named) == 1 and named[0].startswith(f"inserted U+{ord(blank):04X}")


def test_the_concordance_gives_a_repeated_sentence_its_own_context(store: Store) -> None:
    paragraph = "Zog said no. The others laughed loudly at him for a long while. Zog said no."
    import_units(store, tmx(tu(en=paragraph, sq="Zogu tha jo. Të tjerët qeshën. Zogu tha jo.")))
    query = concordance.parse_concordance({"term": "zog", "lang": "en", "width": "30"})
    lines = concordance.concordance(store, query).lines
    assert [(line["left"], line["keyword"], line["right"]) for line in lines] == [
        ("", "Zog", " said no. The others laughed…"),
        ("…at him for a long while. ", "Zog", " said no."),
    ]


@pytest.mark.parametrize(
    ("query", "highlighted"),
    [
        ('"liberty and security"', [("liberty", "and", "security")]),  # a phrase's own "and"
        ("war and peace", [("war",), ("and",), ("peace",)]),  # lower case: words, not AND
        ("liberty AND security", [("liberty",), ("security",)]),
        ("NEAR(general assembly, 10)", [("general",), ("assembly",)]),  # 10 is the distance
    ],
)
def test_an_fts_query_highlights_its_words_not_its_operators(query: str, highlighted) -> None:
    from workbench.kwic import fts_words

    assert [term.words for term in fts_words(query)] == highlighted

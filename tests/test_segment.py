"""Specification of sentence segmentation (workbench.segment).

Real sentences come from the development corpora: the UDHR and the Bible (public domain), the
1961 archive record (short quotations), and Text+Berg (GPL-2.0, kept in tests/data/textberg-dev).
Cases marked "constructed" are ours, written to pin a rule the corpora do not show.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.segment import normalize_lang, sentence_spans, split_sentences

DATA = Path(__file__).parent / "data" / "textberg-dev"

CASES: list[tuple[str, list[str]]] = [
    # --- English: archive record 1961-10-04 -------------------------------------------
    ("en", ["Conceptualized by H. A. [Signed]"]),
    ("en", ["Typed by H. A. [Seal]"]),
    (
        "en",
        [
            "“Account on the Reception …,” October 04, 1961, History and Public Policy Program "
            "Digital Archive, AQPPSH, MPP Korese, V. 1961, D4.",
            "Translated by Enkel Daljani.",
        ],
    ),
    (
        "en",
        [
            "It seems that here he was talking about the fact that there would not be any "
            "speeches, honor guards, etc.",
            "For those delegations that would come before the opening of the congress, the "
            "leadership, along with Comrade Kim Il Sung, would come to greet them.",
        ],
    ),
    (
        "en",
        [
            "During the conversation, despite the support that is given to the correct position "
            "of our party and the difficulties it faces in the struggle against revisionism, "
            "etc. there were also some unkind allusions made.",
            "This is keeping in mind all that went on there.",
        ],
    ),
    (
        "en",
        [
            "“Very well,” said Comrade Kim Il Sung, “but wouldn’t Comrade Enver Hoxha like to "
            "visit our country or China?",
            "We invite Comrade Enver Hoxha to visit Korea.”",
            "Comrade Manush said that he does not know and would ask, and thanked him, assuring "
            "him he would transmit the invitation.",
        ],
    ),
    (
        "en",
        [
            "“We,” he said, “have experimented with the planting of rice not with stalks, but "
            "with seed, like wheat and [the experimentation] has given us good results.”",
            "He then brought out a kind of grain seed that our delegation could look at.",
        ],
    ),
    ("en", ["“The APL [Albanian Party of Labor] has also faced and overcome such difficulties."]),
    ("en", ["Pyongyang, on October 10, 1961 The Ambassador"]),
    # constructed: the closing quote stays with its sentence
    ("en", ["Comrade Manush said, “Very well.”", "Then he left the room."]),
    ("en", ["He asked, “Why not?”", "Then he left."]),
    ("en", ["“Why not?” he asked."]),
    # constructed: decimals, titles, time, month abbreviation, ellipsis
    ("en", ["Mr. Smith met Dr. Jones at 5 p.m. on Jan. 5.", "They produced 4.5 tons."]),
    ("en", ["They talked...", "Then it was over."]),
    ("en", ["Wait... what was that?"]),
    # --- English: Bible (ASV), UDHR ------------------------------------------------------
    (
        "en",
        [
            "And it came to pass after these things, that God did prove Abraham, and said unto "
            "him, Abraham; and he said, Here am I.",
            "And he said, Take now thy son, thine only son, whom thou lovest, even Isaac.",
        ],
    ),
    ("en", ["And he said, Art thou my very son Esau?", "And he said, I am."]),
    ("en", ["And God said, Let there be light: and there was light."]),
    (
        "en",
        [
            "All human beings are born free and equal in dignity and rights.",
            "They are endowed with reason and conscience and should act towards one another in "
            "a spirit of brotherhood.",
        ],
    ),
    ("eng", ["1. Everyone has the right to a nationality.", "2. No one shall be deprived."]),
    # --- Albanian: Bible, UDHR -------------------------------------------------------------
    ("sq", ['Pastaj Perëndia tha: "U bëftë drita!".', "Dhe drita u bë."]),
    (
        "sq",
        [
            'Mbas këtyre gjërave Perëndia e vuri në provë Abrahamin dhe i tha: "Abraham!"',
            'Ai u përgjegj: "Ja ku jam".',
        ],
    ),
    ("sq-AL", ['Dhe tha: "A je ti me të vërtetë biri im Esau?".', 'Ai u përgjigj: "Po".']),
    (
        "als",
        [
            "Kur Jezusi hyri në shtëpi, dishepujt e vet e pyetën veçmas: "
            "''Përse ne nuk mundëm ta dëbojmë?''.",
            "Dhe ai u tha atyre.",
        ],
    ),
    (
        "als",
        [
            "Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta.",
            "Ata kanë arsye dhe ndërgjegje dhe duhet të sillen ndaj njëri tjetrit me frymë "
            "vëllazërimi.",
        ],
    ),
    (
        "sq",
        [
            "Më 10 dhjetor të vitit 1948, Asambleja e Përgjithshme e Kombeve të Bashkuara nxori "
            "dhe shpalli Deklaratën e Përgjithshme mbi të Drejtat e Njeriut.",
            "Teksti zyrtar i Deklaratës mund të gjindet në gjashtë gjuhë.",
        ],
    ),
    ("sq", ["Neni 1."]),
    # constructed: Albanian abbreviations, titles, pages, centuries, years
    ("sq", ["P.sh. kjo është e drejtë, etj.", "Z. Hoxha erdhi.", "Zj. Kadare po ashtu."]),
    ("sq", ["Kjo ndodhi, p.sh. në shek. XIX dhe në v. 1912, sipas fq. 12 e nr. 5 të revistës."]),
    ("sq", ["Libri (sh. fq. 45) u botua në Tiranë.", "Autori është Prof. Dr. Çabej."]),
    ("sq", ["Vendimi d.m.th. Ligji nr. 7 hyri në fuqi më 10 dhjetor 1948."]),
    # --- German (constructed; Text+Berg gold is in test_textberg_excerpt) -----------------
    ("de", ["Am 3. Oktober 1990 kam es z. B. zur Einheit.", "Dr. Müller u. a. waren da."]),
    ("de", ["St. Gallen liegt im 12. Jahrhundert.", "Es kostet 4,5 Mio. Euro."]),
    ("de", ["Das war 1990.", "Danach kam nichts mehr."]),
    ("deu", ["»Komm her!«", "Er kam, usw.", "Nichts mehr."]),
    ("de", ["Vgl. dazu S. 295 und Nr. 57."]),
    ("de", ["Die neue Kote ist jedoch 8222 m.", "Über Manaslu ist nichts Neues zu vermelden."]),
    # --- French (constructed) --------------------------------------------------------------
    ("fr", ["M. Dupont et Mme Martin sont là.", "Ils parlent, p. ex. de la pluie."]),
    ("fr", ["« Bonjour. »", "Il sourit."]),
    ("fra", ["Quoi ?", "Tu es là !", "Oui."]),
    ("fr", ["Il arriva à 15 h. 30 au camp II, selon la p. 12."]),
    # --- Russian: Bible, UDHR; constructed abbreviations -----------------------------------
    ("ru", ["И сказал Бог: да будет свет.", "И стал свет."]),
    (
        "ru",
        [
            "И было, после сих происшествий Бог искушал Авраама и сказал ему: Авраам!",
            "Он сказал: вот я.",
        ],
    ),
    ("ru", ["Он вошел к отцу своему и сказал: отец мой!", "Тот сказал: вот я; кто ты, сын мой?"]),
    (
        "rus",
        [
            "Все люди рождаются свободными и равными в своем достоинстве и правах.",
            "Они наделены разумом и совестью.",
        ],
    ),
    ("ru", ["Это было в 1961 г.", "В этом году, т. е. тогда, А. С. Пушкин уже не жил."]),
    ("ru", ["Здесь были книги, газеты и т. д.", "Потом все ушли."]),
    ("ru", ["Он сказал: «Идём!»", "Они прошли 4,5 км.", "Всё."]),
    # --- generic / unknown languages -------------------------------------------------------
    ("xx", ["Hello world.", "This is it!", "Right?"]),
    (None, ["Mr. Brown arrived.", "He sat down."]),
    ("ja", ["今日は晴れです。", "明日は雨です。"]),
]


@pytest.mark.parametrize(("lang", "sentences"), CASES)
def test_real_and_hard_cases(lang: str | None, sentences: list[str]) -> None:
    """Joining the expected sentences with a space must split back into them."""
    sep = "" if lang == "ja" else " "
    text = sep.join(sentences)
    assert split_sentences(text, lang) == sentences


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Wait...   what?\nYes.\n\nNew para.", "en", ["Wait...   what?", "Yes.", "New para."]),
        ("  Two  spaces.   Then   more.  ", "en", ["Two  spaces.", "Then   more."]),
        ("Line one\nline two.\nNext one.", "en", ["Line one\nline two.", "Next one."]),
        ("Title without stop\n\nBody text.", "en", ["Title without stop", "Body text."]),
    ],
)
def test_whitespace_and_blank_lines(text: str, lang: str, expected: list[str]) -> None:
    """Single newlines are line wraps; blank lines always end a sentence."""
    assert split_sentences(text, lang) == expected


def test_spans_index_original_text() -> None:
    """Offsets must slice the caller's string, whitespace and quotes untouched."""
    text = "  Comrade Manush said, “Very well.”\n  Then  he left.  "
    spans = sentence_spans(text, "en")
    assert spans == [(2, 35), (38, 52)]
    assert [text[s:e] for s, e in spans] == split_sentences(text, "en")


@pytest.mark.parametrize("text", ["", " ", "\n\n \t", "\u00a0\u2003"])
def test_empty(text: str) -> None:
    assert sentence_spans(text, "en") == []
    assert split_sentences(text, "sq") == []


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-US", "en"),
        ("eng", "en"),
        ("sq", "sq"),
        ("sq-AL", "sq"),
        ("sq_AL", "sq"),
        ("als", "sq"),
        ("sqi", "sq"),
        ("deu", "de"),
        ("de-CH", "de"),
        ("fra", "fr"),
        ("fr-FR", "fr"),
        ("rus", "ru"),
        ("RU", "ru"),
        ("xx", "xx"),
        ("", "xx"),
        (None, "xx"),
    ],
)
def test_language_codes(code: str | None, key: str) -> None:
    assert normalize_lang(code) == key


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_textberg_excerpt(lang: str) -> None:
    """Text+Berg gold (one sentence per line, tokenised): each joined block splits back."""
    blocks = (DATA / f"excerpt.{lang}").read_text(encoding="utf-8").strip().split("\n\n")
    assert len(blocks) >= 5
    for block in blocks:
        lines = block.split("\n")
        assert split_sentences(" ".join(lines), lang) == lines


def test_speed_book_sized_text() -> None:
    """A Genesis-sized book (~200 kB, ~1,500 verses) must segment well under a second."""
    verse = (
        "And he said, Take now thy son, thine only son, whom thou lovest, even Isaac. "
        'Pastaj Perëndia tha: "U bëftë drita!". Dhe drita u bë. '
        "И сказал Бог: да будет свет. И стал свет. Mr. Smith met Dr. Jones on Jan. 5. "
    )
    text = verse * 800
    for lang in ("en", "sq", "ru", "de", "fr"):
        sentence_spans(text[:1000], lang)  # warm the rule cache
        t0 = time.perf_counter()
        spans = sentence_spans(text, lang)
        assert time.perf_counter() - t0 < 1.0
        assert len(spans) > 4000


# --- properties -------------------------------------------------------------------------

LANGS = ["en", "sq", "de", "fr", "ru", "xx", None, "als", "EN-us"]
PUNCT_HEAVY = st.text(
    alphabet=st.sampled_from(
        [*"aZёЖëÇ1 9 \n\t.!?…,;:'\"“”‘’«»‹›„()[]-—", "\u00a0", "\u202f", "。", "I", "т"]
    ),
    max_size=200,
)


def _check_spans(text: str, lang: str | None) -> None:
    spans = sentence_spans(text, lang)
    prev_end = 0
    covered = [False] * len(text)
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        for i in range(s, e):
            covered[i] = True
        prev_end = e
    for i, ch in enumerate(text):
        assert covered[i] or ch.isspace(), (i, ch)
    assert split_sentences(text, lang) == [text[s:e] for s, e in spans]


@settings(max_examples=300, deadline=None)
@given(text=PUNCT_HEAVY, lang=st.sampled_from(LANGS))
def test_property_spans_cover_text(text: str, lang: str | None) -> None:
    """In order, non-overlapping, in bounds, stripped, and no non-space char is lost."""
    _check_spans(text, lang)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), lang=st.sampled_from(LANGS))
def test_property_any_unicode(text: str, lang: str | None) -> None:
    """No crash and the same invariants on arbitrary Unicode (surrogates, controls, CJK)."""
    _check_spans(text, lang)


@settings(max_examples=100, deadline=None)
@given(lang=st.text(max_size=12))
def test_property_any_language_code(lang: str) -> None:
    """Any code string is accepted; unknown ones fall back to the generic rules."""
    assert split_sentences("One. Two.", lang) == ["One.", "Two."]


def test_the_arabic_question_mark_ends_a_sentence() -> None:
    assert split_sentences("هل وافق الوفد على الخطة؟ لم يُجب أحد.", "ar") == [
        "هل وافق الوفد على الخطة؟",
        "لم يُجب أحد.",
    ]


# --- numbers with a decimal point, German quotation marks (constructed) -----------------

DECIMAL_ENDS: list[tuple[str, list[str]]] = [
    # a number with a decimal (or thousands) point is a number, not an abbreviation like "d.h"
    ("en", ["He scored 9.5.", "Then she scored 9.8."]),
    ("en", ["Version 2.0.", "The next one came later."]),
    ("de", ["Der Wert stieg auf 2.75.", "Danach fiel er."]),
    ("ru", ["Температура была 36.6.", "Потом стало хуже."]),
    ("fr", ["La note était de 12.5.", "Il a réussi."]),
    ("xx", ["The value was 3.14.", "Then it fell."]),
    ("en", ["He paid 1.234.", "Then he left."]),
]

NUMBERS_THAT_STAY: list[tuple[str, list[str]]] = [
    # dates, ordinals, section numbers and references keep their periods inside the sentence
    ("de", ["Er kam am 3. Juli nach Hause.", "Dann ging er."]),
    ("de", ["Er kam am 24.12. Abends nach Hause.", "Dann ging er."]),
    ("de", ["Am 1.5. Morgens war es kalt.", "Dann ging er."]),
    ("de", ["Das geschah am 10.12.1948.", "Danach kam nichts mehr."]),
    ("de", ["Am 10.12.1948 wurde sie verkündet.", "Danach kam nichts mehr."]),
    ("de", ["12. In das Chandra-Tal stiegen wir ab.", "Dann ging er."]),
    ("de", ["Vgl. S. 85 und Nr. 3 im Band.", "Dann ging er."]),
    ("de", ["Siehe Art. 4.2 lit. b der Satzung.", "Dann ging er."]),
    ("de", ["1.2. Die Regel gilt.", "1.2.3. Die Ausnahme auch."]),
    ("en", ["1.2. The rule applies.", "2.1. The exception too."]),
    ("ru", ["Это было 10.12.1948.", "Потом стало хуже."]),
]


@pytest.mark.parametrize(("lang", "sentences"), DECIMAL_ENDS + NUMBERS_THAT_STAY)
def test_numbers_with_points(lang: str, sentences: list[str]) -> None:
    assert split_sentences(" ".join(sentences), lang) == sentences


QUOTES: list[tuple[str, list[str]]] = [
    # German and Russian typography close with “ and ‘ what „ and ‚ open
    ("de", ["„Ich komme.“", "Dann ging er."]),
    ("de", ["Er rief: „Hilfe!“", "Niemand kam."]),
    ("de", ["Sie fragte: „Wo bist du?“", "Er schwieg."]),
    ("de", ["Er sagte: ‚Ich komme.‘", "Dann ging er."]),
    ("de", ["„Wo bist du?“ fragte sie.", "Er schwieg."]),
    ("de", ["„Komm!“, rief er.", "Sie kam."]),
    ("ru", ["„Я приду.“", "Потом ушёл."]),
    ("ru", ["Он сказал: «Я сказал: „Приду.“»", "Потом ушёл."]),
    ("xx", ["„Ich komme.“", "Dann ging er."]),
    # English opens with “ and ‘: a sentence end before an opening quote still splits there
    ("en", ["“I will come.”", "Then he left."]),
    ("en", ["He left.", "“Why?” she asked."]),
    ("en", ["He left.", "‘Why?’ she asked."]),
    ("en", ["She said, “Go.”", "“Why?” he asked."]),
    ("de", ["Er ging.", "„Warum?“ fragte sie."]),
    ("de", ["Er ging.", "“Warum?” fragte sie."]),
]


@pytest.mark.parametrize(("lang", "sentences"), QUOTES)
def test_closing_quotes(lang: str, sentences: list[str]) -> None:
    assert split_sentences(" ".join(sentences), lang) == sentences


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a “ touching the next word opens it: no whitespace, no boundary, as "word.Next"
        ("He left.“Why?” she asked.", "en", ["He left.“Why?” she asked."]),
        ("Er ging.„Warum?“ Sie schwieg.", "de", ["Er ging.„Warum?“", "Sie schwieg."]),
    ],
)
def test_opening_quote_after_a_period(text: str, lang: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


def test_closing_quote_spans() -> None:
    text = "„Ich komme.“ Dann ging er."
    assert sentence_spans(text, "de") == [(0, 12), (13, 26)]

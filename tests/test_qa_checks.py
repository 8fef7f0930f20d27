"""Each QA check on small literal pairs in several languages, including what must not fire."""

from __future__ import annotations

import pytest

from workbench.qa import Pair, Term, build_context, check_pair, run
from workbench.qa.langid import guess
from workbench.qa.namekeys import THRESHOLD, learn_partners, name_stem, similar
from workbench.qa.numbers import digit_numbers, word_values


def checks_of(source: str, target: str, src: str = "sq", tgt: str = "en", **kw) -> list[str]:
    return [f.check for f in run([Pair(source, target)], src, tgt, **kw)]


# -- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        ("Pesha është 4,5 kg.", "The weight is 4.5 kg.", "sq", "en"),
        ("Ishin 80 000 veta.", "There were 80,000 people.", "sq", "en"),
        ("Ishin 80 mijë veta.", "There were 80 thousand people.", "sq", "en"),
        ("Было 80 тысяч человек.", "There were 80,000 people.", "ru", "en"),
        ("Es waren 80.000 Menschen.", "Il y avait 80 000 personnes.", "de", "fr"),
        ("Neni IV", "Article 4", "sq", "en"),
        ("Neni 4", "Article IV", "sq", "en"),
        ("Në vitin 1961, i 4-t.", "In 1961, the 4th.", "sq", "en"),
        ("Am 4. Oktober 1961.", "Le 4 octobre 1961.", "de", "fr"),
        ("Dërgoi 3 kopje.", "He sent three copies.", "sq", "en"),
        ("10.12.1948", "10 December 1948", "sq", "en"),
        ("au XXe siècle", "im 20. Jahrhundert", "fr", "de"),
        ("Он прожил 930 лет.", "He lived nine hundred and thirty years.", "ru", "en"),
        ("Ai tha: «Po».", "I said “yes”.", "sq", "en"),
        ("1 ½ m tief", "profonde de 1,5 m", "de", "fr"),
        ("Es kostete 1 234,56 Euro.", "It cost 1,234.56 euros.", "de", "en"),
        ("Es kostete 1’234.50 Franken.", "Cela coûtait 1 234,50 francs.", "de", "fr"),
        ("Es kostete 8'000 Franken.", "It cost 8,000 francs.", "de", "en"),
        ("In den 60er Jahren.", "In the sixties.", "de", "en"),
        ("В 90-х годах.", "In the nineties.", "ru", "en"),
        ("In the 80s.", "In den Achtzigerjahren.", "en", "de"),
        ("Temperatura ishte −5 gradë.", "The temperature was -5 degrees.", "sq", "en"),
        ("Temperatura ishte 5 gradë nën zero.", "It was −5 °C.", "sq", "en"),
        ("Было минус 30.", "It was -30.", "ru", "en"),
        ("Было 30 градусов мороза.", "It was -30 °C.", "ru", "en"),
        ("S. 340-343, 1961 -1962.", "pp. 340-343, 1961-1962.", "de", "en"),
        ("1952 und 1953 kamen sie.", "1952 and 1953 they came.", "de", "en"),
        ("Die Kurve fiel auf x-3 ab.", "The curve fell to x-3.", "de", "en"),
    ],
)
def test_numbers_that_agree(source: str, target: str, src: str, tgt: str) -> None:
    assert "numbers" not in checks_of(source, target, src, tgt)


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        ("Në vitin 1961 erdhi.", "He came in 1916.", "sq", "en"),
        ("Было 80 тысяч человек.", "There were 8,000 people.", "ru", "en"),
        ("Neni IV", "Article 5", "sq", "en"),
        ("Es waren 4,5 km.", "C'était 5,4 km.", "de", "fr"),
        ("Il a envoyé 3 copies.", "He sent four copies.", "fr", "en"),
        ("Es kostete 1 234,56 Euro.", "It cost 1,234.65 euros.", "de", "en"),
        ("In den 60er Jahren kam er.", "He came in the seventies.", "de", "en"),
        ("Temperatura ishte -5 gradë.", "The temperature was 5 degrees.", "sq", "en"),
        ("Kontostand: -1 234,50 Euro.", "Balance: 1,234.50 euros.", "de", "en"),
    ],
)
def test_numbers_that_differ(source: str, target: str, src: str, tgt: str) -> None:
    findings = run([Pair(source, target)], src, tgt)
    number = [f for f in findings if f.check == "numbers"]
    assert number and number[0].severity == "major"
    for start, end in number[0].source_spans:
        assert any(c.isdigit() or c in "IVX" for c in source[start:end])


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        (
            "Um 15.30 Uhr verliessen wir das Lager.",
            "Nous quittâmes le camp à 15 h. 30.",
            "de",
            "fr",
        ),
        ("1952 und 1953 L. G. C. Pugh", "1952/53, L. G. C. Pugh", "de", "fr"),
        ("Er ist der dritte Achttausender.", "C'est le troisième « 8000 ».", "de", "fr"),
        ("Genau vor hundert Jahren.", "Il y a juste 100 ans.", "de", "fr"),
        ("Es blieben tausend Meter.", "Il restait 1000 m.", "de", "fr"),
    ],
)
def test_times_year_spans_and_compounds_agree(source: str, target: str, src: str, tgt: str) -> None:
    assert "numbers" not in checks_of(source, target, src, tgt)


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        # the Synodal Bible's bracketed variant after a written-out number
        (
            "Адам жил сто тридцать [230] лет и родил сына.",
            "And Adam lived a hundred and thirty years, and begat a son.",
            "ru",
            "en",
        ),
        # a page reference and a year the translation leaves out, with no digits at all
        ("Darüber berichteten « Die Alpen » 1956, S. 81.", "La revue en a parlé.", "de", "fr"),
        ("Makalu ( 8481 m ) liegt östlich.", "Le Makalu est plus à l'est.", "de", "fr"),
        ("2. Dasselbe gilt für den Makalu.", "Il en est de même pour le Makalu.", "de", "fr"),
        ("Viti 1961 ishte i vështirë.", "That year was hard.", "sq", "en"),
    ],
)
def test_numbers_translators_commonly_drop_are_weak(
    source: str, target: str, src: str, tgt: str
) -> None:
    assert "numbers" not in checks_of(source, target, src, tgt)
    weak = [f for f in run([Pair(source, target)], src, tgt, min_confidence=0)]
    assert [f.confidence for f in weak if f.check == "numbers"] == [0.3]


def test_number_confidence() -> None:
    swap = run([Pair("Në vitin 1961 erdhi.", "He came in 1916.")], "sq", "en")
    assert [f.confidence for f in swap if f.check == "numbers"] == [0.9]
    # a year is checked when the other side has numbers at all
    year = run([Pair("Am 12. Juni 1955 kamen sie.", "Le 12 juin, ils arrivèrent.")], "de", "fr")
    assert [f.confidence for f in year if f.check == "numbers"] == [0.6]
    one_sided = run([Pair("Der Gipfel ist 8481 m hoch.", "Le sommet est très haut.")], "de", "fr")
    assert [f.confidence for f in one_sided if f.check == "numbers"] == [0.6]
    assert swap[0].as_json()["confidence"] == 0.9


def test_number_forms() -> None:
    assert [n.value for n in digit_numbers("80 000, 80.000 and 4,50")] == ["80000", "80000", "4.5"]
    assert [n.value for n in digit_numbers("II nous est parvenu")] == []  # OCR "Il"
    assert "25" in word_values("twenty-five") and "4.5" in word_values("four and a half")
    assert "5" in word_values("on 10 May")


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        # a scan's "1'" for the elided article "l'", and its "O" for a zero
        ("A la demande de 1' officier de liaison.", "Auf Verlangen des Offiziers.", "fr", "de"),
        ("Il ne faut pas exagérer 1'«Human Interest».", "Nicht übertreiben.", "fr", "de"),
        ("Touristenzeitung, 70. Jahrgang.", "Touristen-Zeitung, 7O.Jahrgang.", "de", "fr"),
        # "II" after a list label is the pronoun "Il", as at a sentence start
        ("3° II va sans dire qu' on le garde.", "( 3 ) Es versteht sich.", "fr", "de"),
    ],
)
def test_scanning_slips_are_no_numbers(source: str, target: str, src: str, tgt: str) -> None:
    assert "numbers" not in checks_of(source, target, src, tgt)


def test_numbers_next_to_scanning_slips_still_count() -> None:
    assert "numbers" in checks_of("Er hatte 1 Kind.", "Il avait 2 enfants.", "de", "fr")
    assert "numbers" in checks_of("Lager II ist hoch.", "Le camp III est haut.", "de", "fr")
    assert "numbers" in checks_of("Jahrgang 7O.", "Jahrgang 80.", "de", "fr")
    assert [n.value for n in digit_numbers("1' officier, 7O.Jahrgang, 1'5")] == ["70", "1", "5"]


# -- names ---------------------------------------------------------------------------------------


def test_names_across_scripts_do_not_fire() -> None:
    pairs = [
        Pair("Hrushovi tha se bisedimet vazhduan.", "Khrushchev said the talks went on."),
        Pair("Pastaj Hrushovi u largua nga salla.", "Then Khrushchev left the hall."),
    ]
    assert [f for f in run(pairs, "sq", "en") if f.check == "names"] == []
    ru = [Pair("Тогда Хрущёв сказал нет.", "Then Khrushchev said no.")]
    assert [f for f in run(ru, "ru", "en") if f.check == "names"] == []


def test_dropped_and_swapped_names_fire() -> None:
    pairs = [
        Pair("Pastaj Hrushovi foli me Enver Hoxhën.", "Then Khrushchev spoke with Enver Hoxha."),
        Pair("Më vonë Hrushovi u largua nga salla.", "Later left the hall."),
        Pair("Më në fund Hrushovi qeshi.", "At last Kennedy laughed."),
        Pair("Edhe Hrushovi erdhi.", "Khrushchev came too."),
        Pair("Hrushovi u ul.", "Khrushchev sat down."),
    ]
    findings = [f for f in run(pairs, "sq", "en") if f.check == "names"]
    by_pair = {f.pair: f for f in findings}
    assert 0 not in by_pair and 3 not in by_pair
    assert "Hrushovi" in by_pair[1].message
    # Kennedy, found nowhere else in the document, is not known to be checkable; the swap
    # shows as the missing Hrushovi.
    assert "Hrushovi" in by_pair[2].message


def _names_by_pair(pairs: list[Pair], src: str, tgt: str, **kw) -> dict[int, float]:
    found = run(pairs, src, tgt, checks=["names"], min_confidence=0, **kw)
    return {f.pair: f.confidence for f in found}


@pytest.mark.parametrize(
    ("name_side", "pronoun_side", "src", "tgt"),
    [
        ("Pastaj Hrushovi u largua.", "Then he left.", "sq", "en"),
        ("Тогда Хрущёв ушёл.", "Then he left.", "ru", "en"),
        ("Then Khrushchev left.", "Pastaj ai u largua.", "en", "sq"),
    ],
)
def test_a_pronoun_in_the_names_place_is_weak_evidence(
    name_side: str, pronoun_side: str, src: str, tgt: str
) -> None:
    name = name_side.split()[1].rstrip(".")
    other = {"sq": "Hrushovi", "ru": "Хрущёв", "en": "Khrushchev", "fr": "Khrouchtchev"}[tgt]
    context = [Pair(f"{name_side.split()[0]} {name} x.", f"{other} y.") for _ in range(3)]
    pairs = [*context, Pair(name_side, pronoun_side)]
    weak = _names_by_pair(pairs, src, tgt)
    assert weak.get(3, 0) < 0.5  # found, but not reported
    assert 3 not in {f.pair for f in run(pairs, src, tgt) if f.check == "names"}
    dropped = [*context, Pair(name_side, pronoun_side.replace(" he ", " ").replace(" il ", " "))]
    if " he " in pronoun_side or " il " in pronoun_side:
        assert _names_by_pair(dropped, src, tgt)[3] >= 0.5


def test_a_substituted_name_is_strong_evidence() -> None:
    pairs = [
        Pair("Hrushovi foli.", "Khrushchev spoke."),
        Pair("Kenedi foli.", "Kennedy spoke."),
        Pair("Pastaj Hrushovi foli përsëri.", "Then Kennedy spoke again."),
    ]
    confidences = [f.confidence for f in run(pairs, "sq", "en") if f.pair == 2]
    assert confidences and min(confidences) >= 0.9


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Abrahami varrosi Sarën.", "Abraham buried Sarah."),
        ("Ia dha Agarit bukë.", "He gave bread to Hagar."),
        ("Ajo ishte e bija e Bethuelit.", "She was the daughter of Bethuel."),
    ],
)
def test_inflected_names_match_their_stem(source: str, target: str) -> None:
    pairs = [Pair(source, target), Pair(source, target)]
    assert _names_by_pair(pairs, "sq", "en") == {}


def test_german_nouns_are_not_names() -> None:
    pairs = [Pair("Die Expedition erreichte den Gipfel.", "L'équipe atteignit le sommet.")]
    assert [f for f in run(pairs, "de", "fr") if f.check == "names"] == []


def _names(pairs: list[Pair], src: str, tgt: str) -> dict[int, float]:
    """Every names finding, weak ones too: pair -> confidence."""
    found = run(pairs, src, tgt, checks=["names"], min_confidence=0)
    return {f.pair: f.confidence for f in found}


@pytest.mark.parametrize(
    ("context", "pair", "src"),
    [
        (
            ("Pastaj Ada lindi një bir", "Then Adah bare a son"),
            ("Këta qenë bijtë e Adës.", "These are the sons of Adah."),
            "sq",
        ),
        (
            ("И пришёл Рувим домой", "And Reuben came home"),
            ("Сыны Рувима пришли.", "The sons of Reuben came."),
            "ru",
        ),
        (
            ("И пришёл Цохар домой", "And Zohar came home"),
            ("Ефрон, сын Цохарова, пришёл.", "Ephron the son of Zohar came."),
            "ru",
        ),
    ],
)
def test_a_name_in_another_transliteration_is_its_counterpart(
    context: tuple[str, str], pair: tuple[str, str], src: str
) -> None:
    # the other spelling is one of the pair's names the other side has no match for
    pairs = [Pair(f"{context[0]} {i}.", f"{context[1]} {i}.") for i in range(3)]
    assert _names([*pairs, Pair(*pair)], src, "en") == {}


def test_a_name_in_another_transliteration_still_has_to_be_there() -> None:
    assert similar("Рувима", "Reuben") < THRESHOLD  # not alike enough on spelling alone
    context = [Pair(f"Сыны Рувима пришли {i}.", f"The sons of Reuben came {i}.") for i in range(4)]
    swapped = _names([*context, Pair("Сыны Рувима ушли.", "The sons of Kennedy left.")], "ru", "en")
    assert swapped.get(4, 0) >= 0.9
    dropped = _names([*context, Pair("Сыны Рувима ушли.", "The sons left.")], "ru", "en")
    assert dropped.get(4, 0) >= 0.5


def test_a_name_the_translator_renders_by_another_name_is_learned() -> None:
    # Jehovai is carried over as Jehovah; where the source says Zoti, the translation keeps
    # saying Jehovah: the document pairs the two, while another word answers for neither.
    pairs = [Pair(f"Pastaj Jehovai foli {i}.", f"Then Jehovah spoke {i}.") for i in range(5)]
    pairs += [
        Pair(f"Pastaj Zoti foli përsëri {i}.", f"Then Jehovah spoke again {i}.") for i in range(3)
    ]
    pairs.append(Pair("Pastaj mbreti foli.", "Then Jehovah spoke once more."))
    assert list(_names(pairs, "sq", "en")) == [8]


def test_a_first_name_and_its_surname_are_not_each_others_translation() -> None:
    context = [
        Pair(
            f"Am {i}. Juli sah Robert Paragot den Gipfel.",
            f"Le {i} juillet, Robert Paragot vit le sommet.",
        )
        for i in range(1, 4)
    ]
    initial = Pair(
        "Dann entdeckte Robert Paragot zwei Punkte.", "Alors R. Paragot aperçut deux points."
    )
    assert _names([*context, initial], "de", "fr") == {}
    other = Pair(
        "Dann entdeckte Robert Paragot zwei Punkte.", "Alors M. Paragot aperçut deux points."
    )
    assert 3 in _names([*context, other], "de", "fr")


def test_names_run_together_by_a_scan() -> None:
    context = [
        Pair(f"Das Buch von Albert Eggler erschien {i}.", f"Le livre d' Albert Eggler parut {i}.")
        for i in range(3)
    ]
    joined = Pair("Das Buch : AlbertEggler , Gipfel .", "Le livre : Albert Eggler , Gipfel .")
    assert _names([*context, joined], "de", "fr") == {}
    lost = Pair("Das Buch : Gipfel .", "Le livre : Albert Eggler , Gipfel .")
    assert 3 in _names([*context, lost], "de", "fr")


def test_a_people_written_in_lower_case_answers_for_its_name() -> None:
    context = [
        Pair(f"Ai erdhi nga vendi i Hebrejve {i}.", f"He came from the land of the Hebrews {i}.")
        for i in range(2)
    ]
    lower = Pair("Ai erdhi nga vendi i hebrejve.", "He came from the land of the Hebrews.")
    assert _names([*context, lower], "sq", "en") == {}
    lost = Pair("Ai erdhi nga vendi i largët.", "He came from the land of the Hebrews.")
    assert 2 in _names([*context, lost], "sq", "en")


def test_a_name_written_in_parts_and_two_names_joined() -> None:
    context = [
        Pair(f"Isaku banonte në Beer-Sheba {i}.", f"Isaac dwelt at Beer-sheba {i}.")
        for i in range(3)
    ]
    parts = Pair("Isaku banonte pranë pusit të Lahai-Roit.", "Isaac dwelt by Beer-lahai-roi.")
    assert _names([*context, parts], "sq", "en") == {}
    lost = Pair("Isaku banonte pranë pusit.", "Isaac dwelt by Beer-lahai-roi.")
    assert 3 in _names([*context, lost], "sq", "en")
    # two people on one rope: Higeta does not answer for Kato
    team = [
        Pair(
            f"Am Morgen stiegen Kato und Higeta auf {i}.",
            f"Le matin, Kato et Higeta montèrent {i}.",
        )
        for i in range(3)
    ]
    alone = Pair("Am Tag darauf stiegen Kato-Higeta auf.", "Le lendemain, la cordée Higeta monta.")
    assert 3 in _names([*team, alone], "de", "fr")


def test_the_pronoun_window_is_the_documents_own() -> None:
    # In one document the name keeps its place, in the other it moves to the end; "he" at
    # the end stands in the name's place only in the second.
    kept = [
        Pair(
            f"Pastaj Hrushovi foli gjatë me delegatët e huaj në sallë {i}.",
            f"Then Khrushchev spoke for a long while with the foreign delegates in the hall {i}.",
        )
        for i in range(40)
    ]
    moved = [
        Pair(
            f"Pastaj Hrushovi foli gjatë me delegatët e huaj në sallë {i}.",
            f"Then for a long while, in the hall, with the foreign delegates {i} spoke Khrushchev.",
        )
        for i in range(40)
    ]
    pronoun = Pair(
        "Pastaj Hrushovi foli gjatë me delegatët e huaj në sallë 7.",
        "Then for a long while, in the hall, with the foreign delegates 7 spoke he, and aloud.",
    )
    assert _names([*kept, pronoun], "sq", "en")[40] >= 0.5
    assert _names([*moved, pronoun], "sq", "en")[40] < 0.5


def test_name_stems_drop_case_endings_and_adjective_suffixes() -> None:
    assert name_stem("Исавовой") == name_stem("Исава") == name_stem("Исав")
    assert name_stem("Едемского") == name_stem("Едем")
    assert name_stem("Ревеккина") == name_stem("Rebekah")
    assert name_stem("Jozefin") == name_stem("Jozefi")
    assert name_stem("Kainin") != name_stem("Kai")  # too short to lose more


def test_partners_are_mutual_best_associations() -> None:
    rows = [({"isav"}, {"esa"}), ({"isav", "lavan"}, {"esa", "laban"}), ({"isav"}, {"esa"})]
    rows += [({"lavan"}, {"laban"}), ({"lavan"}, {"laban"})]
    partners = learn_partners(rows)
    assert partners["source"] == {"isav": {"esa"}, "lavan": {"laban"}}
    assert partners["target"]["esa"] == {"isav"}
    assert learn_partners([({"isav"}, {"esa"})]) == {"source": {}, "target": {}}  # seen once


# -- omissions and additions ----------------------------------------------------------------------


def test_one_sided_links() -> None:
    assert checks_of("Shënim i përkthyesit me 1948.", "") == ["omission"]
    assert checks_of("", "A note of the translator.") == ["addition"]


def test_length_outlier_against_the_document() -> None:
    base = [
        Pair(
            f"Ky është fjalia numër {i} me disa fjalë të tjera.",
            f"This is sentence {i} with a few more words.",
        )
        for i in range(40)
    ]
    short = Pair(
        "Ai erdhi në shtëpi. Pastaj hëngri darkë me familjen dhe foli gjatë për punën e tij.",
        "He came home.",
    )
    findings = run([*base, short], "sq", "en")
    assert [f.check for f in findings] == ["omission"]
    assert findings[0].pair == 40


def test_editorial_brackets_are_not_an_omission() -> None:
    base = [
        Pair(f"И сказал он слово номер {i} и пошёл.", f"And he said word number {i} and went.")
        for i in range(40)
    ]
    editorial = Pair(
        "И взял Господь Бог человека, [которого создал,] и поселил его в саду Едемском, "
        "[и повелел ему] чтобы возделывать его [и хранить его.]",
        "And Jehovah God took the man, and put him into the garden of Eden to dress it.",
    )
    assert "omission" not in [f.check for f in run([*base, editorial], "ru", "en")]
    dropped = Pair(
        "Ai erdhi në shtëpi të tij. Pastaj hëngri darkë me familjen e tij.",
        "He came to his house.",
    )
    base_sq = [
        Pair(f"Ky është fjalia {i} me disa fjalë.", f"This is sentence {i} with some words.")
        for i in range(40)
    ]
    assert [f.check for f in run([*base_sq, dropped], "sq", "en")] == ["omission"]


# -- untranslated -------------------------------------------------------------------------------


def test_identical_target_is_untranslated() -> None:
    text = "Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet."
    assert "untranslated" in checks_of(text, text)
    assert "untranslated" not in checks_of("Lhotse", "Lhotse", "de", "fr")


def test_a_list_of_names_is_the_same_in_every_language() -> None:
    names = "Nanga Parbat , Cho Oyu , Gasherbrum ."
    assert "untranslated" not in checks_of(names, names, "de", "fr")
    shouted = "DEKLARATA E PËRGJITHSHME PËR TË DREJTAT E NJERIUT"
    assert "untranslated" in checks_of(shouted, shouted)
    sentence = "Të gjithë njerëzit lindin të lirë."
    assert "untranslated" in checks_of(sentence, sentence)


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        (
            "Все люди рождаются свободными.",
            "Все люди рождаются свободными и равными в своем достоинстве.",
            "ru",
            "en",
        ),
        (
            "Die Expedition kam zurück.",
            "Die Expedition kam im Herbst zurück, und der Gipfel war erreicht.",
            "de",
            "fr",
        ),
        (
            "Tous les êtres humains.",
            "All human beings are born free and equal in dignity and rights.",
            "fr",
            "de",
        ),
    ],
)
def test_wrong_language(source: str, target: str, src: str, tgt: str) -> None:
    assert "untranslated" in checks_of(source, target, src, tgt)


SOURCE_SQ = (
    "Ai erdhi në shtëpi vonë pas një dite të gjatë në punë. Gruaja e tij e priste në kuzhinë."
    " Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet. Pastaj ai fjeti."
)


def test_a_sentence_left_untranslated_inside_a_translated_paragraph_is_reported() -> None:
    target = (
        "He came home late after a long day at work. His wife was waiting in the kitchen."
        " Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet. Then he slept."
    )
    [finding] = [f for f in run([Pair(SOURCE_SQ, target)], "sq", "en") if f.check == "untranslated"]
    assert finding.message == "a sentence of the target left as in the source"
    [(start, end)] = finding.target_spans
    assert target[start:end] == "Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet."


def test_a_title_cited_as_published_is_not_left_untranslated() -> None:
    source = "Siehe Berge der Welt , Bd. XI , 1956/57 . Die Expedition kam im Herbst zurück ."
    target = "Voir - Berge der Welt , Bd. XI , 1956/57 . L' expédition revint en automne ."
    assert "untranslated" not in checks_of(source, target, "de", "fr")


def test_two_translations_in_one_language_may_share_their_text() -> None:
    text = "The man came home late in the evening, tired after a long day."
    assert "untranslated" not in checks_of(text, text, "en", "en")
    assert "untranslated" not in checks_of(text, f"He slept. {text}", "en-GB", "en-US")


def test_language_guess() -> None:
    assert (
        guess("Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta.")
        == "sq"
    )
    assert guess("Alle Menschen sind frei und gleich an Würde und Rechten geboren.") == "de"
    assert guess("Tous les êtres humains naissent libres et égaux en dignité et en droits.") == "fr"
    assert guess("All human beings are born free and equal in dignity and rights.") == "en"
    assert guess("Lhotse") is None


# -- typography ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        ("Ai tha: «Po».", "He said: “Yes”.", "sq", "en"),
        ("Er sagte: „Ja“.", "Il dit : « Oui ».", "de", "fr"),
        ("Он сказал: «Да» (тихо).", "He said “yes” (quietly).", "ru", "en"),
        ('Pastaj tha: "Po, ashtu', "And he said, Yes, so", "sq", "en"),  # speech runs on
    ],
)
def test_balanced_quotes_do_not_fire(source: str, target: str, src: str, tgt: str) -> None:
    checks = checks_of(source, target, src, tgt)
    assert "quotes" not in checks and "brackets" not in checks


def test_unbalanced_quotes_and_brackets_fire() -> None:
    assert "quotes" in checks_of("Ai tha: «Po».", "He said: “Yes.")
    assert "quotes" in checks_of("Er sagte: „Ja“.", "Il dit : « Oui.", "de", "fr")
    assert "brackets" in checks_of("Ai (Hrushovi) foli.", "He (Khrushchev spoke.")


def test_final_punctuation() -> None:
    assert "final-punctuation" in checks_of("A erdhi ai?", "He came.")
    assert "final-punctuation" not in checks_of('Ai pyeti: "Ku je?".', "He asked, Where art thou?")


@pytest.mark.parametrize(
    ("source", "target", "src"),
    [
        ("Atëherë e pyeti nëse shihte gjë.", "And he asked him, Seest thou aught?", "sq"),
        ("И спросил его, давно ли умер?", "And he asked him whether he had been dead.", "ru"),
        (
            "Они сказали: а разве можно так поступать с сестрою!",
            "Should he deal so with our sister?",
            "ru",
        ),
    ],
)
def test_an_indirect_or_exclaimed_question_is_still_a_question(
    source: str, target: str, src: str
) -> None:
    assert "final-punctuation" not in checks_of(source, target, src, "en")


def test_a_bracket_closed_by_another_shape_is_closed() -> None:
    source = "Das Buch von Jean Franco ( « Makalu » , Arthaud ) erschien."
    shape = "Le livre de Jean Franco {Makalu , Arthaud ) a paru."
    assert "brackets" not in checks_of(source, shape, "de", "fr")
    assert "brackets" in checks_of(source, "Le livre {Makalu , Arthaud a paru.", "de", "fr")


def test_spacing_and_repeats() -> None:
    checks = checks_of("Ai erdhi në shtëpi.", "He came  home to the the house.")
    assert "double-space" in checks and "repeated-word" in checks
    assert "repeated-word" not in checks_of("Ai kishte pasur.", "He had had enough.")
    assert "repeated-word" not in checks_of(
        "Nous sommes partis.", "Nous nous sommes levés.", "fr", "fr"
    )
    assert "edge-space" in checks_of("Ai erdhi.", " He came. ")


# -- glossary --------------------------------------------------------------------------------------


def test_glossary_inflected_terms() -> None:
    terms = [Term("Kombet e Bashkuara", "United Nations", ("Allied Nations",))]
    ok = "Kombeve të Bashkuara iu dërgua letra."
    assert "glossary" not in checks_of(ok, "The letter went to the United Nations.", glossary=terms)
    findings = run([Pair(ok, "The letter went to the Allied Nations.")], "sq", "en", terms)
    glossary = [f for f in findings if f.check == "glossary"]
    assert len(glossary) == 2  # the required term is missing, and a forbidden one is used
    ru = [Term("Генеральная Ассамблея", "General Assembly")]
    assert "glossary" not in checks_of(
        "Решение Генеральной Ассамблеи.",
        "A decision of the General Assembly.",
        "ru",
        "en",
        glossary=ru,
    )
    assert "glossary" in checks_of(
        "Решение Генеральной Ассамблеи.", "A decision of the assembly.", "ru", "en", glossary=ru
    )


# -- consistency -----------------------------------------------------------------------------------


def test_inconsistent_translations() -> None:
    same = "Çdo njeri ka të drejtë për jetë dhe liri."
    pairs = [
        Pair(same, "Everyone has the right to life and liberty."),
        Pair(same, "Each person has a right to life and freedom."),
        Pair("Askush nuk do të mbahet në skllavëri.", "No one shall be held in slavery."),
    ]
    findings = [f for f in run(pairs, "sq", "en") if f.check == "inconsistency"]
    assert sorted(f.pair for f in findings) == [0, 1]
    assert [f for f in run(pairs[:1] + pairs[2:], "sq", "en") if f.check == "inconsistency"] == []


def _quote_findings(targets: list[str], sources: list[str] | None = None) -> list[int]:
    """Pairs of a German–French passage whose quotes the check reports."""
    sources = sources or ["Er ging weiter ."] * len(targets)
    pairs = [Pair(s, t) for s, t in zip(sources, targets, strict=True)]
    return sorted(f.pair for f in run(pairs, "de", "fr") if f.check == "quotes")


def test_a_guillemet_left_open_is_reported_even_where_the_source_quotes_nothing() -> None:
    assert _quote_findings(["Le troisième « 8000  que les Autrichiens inscrivent ."]) == [0]


def test_a_neighbour_open_in_the_same_direction_does_not_excuse_a_lost_guillemet() -> None:
    targets = ["Ils promettent de devenir des « tigres .", "Il dit « non et repartit ."]
    assert _quote_findings(targets) == [0, 1]


def test_a_quotation_over_several_paragraphs_is_not_reported() -> None:
    # French typesetting opens every paragraph of a long quotation again and closes it once
    targets = [
        "Il écrit : « Nous partîmes à l' aube .",
        "« Pendant des heures nous suivîmes les traces .",
        "« Enfin nous arrivâmes au camp . »",
    ]
    assert _quote_findings(targets) == []
    assert _quote_findings(["« Nous partîmes à l' aube .", "Puis nous arrivâmes . »"]) == []


def test_check_pair_with_context_sets_pair_index() -> None:
    pairs = [Pair("Viti 1961.", "The year 1916.", index=0)]
    ctx = build_context(pairs, "sq", "en")
    assert [f.pair for f in check_pair(pairs[0], ctx)] == [0]


@pytest.mark.parametrize(
    ("source", "lang"),
    [("بلغت التكلفة 3.5 مليون دولار.", "ar"), ("העלות הגיעה ל-3.5 מיליון דולר.", "he")],
)
def test_million_in_arabic_and_hebrew_is_a_scale_word(source: str, lang: str) -> None:
    found = run([Pair(source, "The cost was 3.5 million dollars.", 0)], lang, "en")
    assert [f for f in found if f.check == "numbers"] == []

"""How strong the QA checks' evidence is: confidence, the document's habits, what must not fire."""

from __future__ import annotations

import math
import random

import pytest

from workbench.qa import REPORT_CONFIDENCE, LengthModel, Pair, build_context, context, run
from workbench.qa.context import length_model
from workbench.qa.names import _confirmed, _side
from workbench.qa.omission import Z_SENTENCES_FLOOR, neutral_evidence, sentence_threshold


def checks_of(pairs: list[Pair], src: str, tgt: str, **kw) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for f in run(pairs, src, tgt, **kw):
        out.setdefault(f.pair, set()).add(f.check)
    return out


# -- reporting threshold --------------------------------------------------------------------------


def test_weak_findings_are_kept_back_unless_asked_for() -> None:
    pair = [Pair("Viti 1961 ishte i vështirë.", "That year was hard.")]
    assert run(pair, "sq", "en") == []
    weak = run(pair, "sq", "en", min_confidence=0)
    assert [f.check for f in weak] == ["numbers"]
    assert weak[0].confidence < REPORT_CONFIDENCE
    assert weak[0].as_json()["confidence"] == 0.3


# -- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        ("Er war der zweite Sieger.", "Il fut le 2e vainqueur.", "de", "fr"),
        ("Les 2e et 3e ascensions.", "Die zweite und dritte Besteigung.", "fr", "de"),
        (
            "Ein Träger bekommt Fr. 2.70 pro Tag.",
            "Un porteur reçoit 2 fr. 70 par jour.",
            "de",
            "fr",
        ),
    ],
)
def test_ordinals_and_francs_agree(source: str, target: str, src: str, tgt: str) -> None:
    assert checks_of([Pair(source, target)], src, tgt) == {}


# -- omissions: the document's own sentence habits -------------------------------------------------


def _document(joined: bool) -> list[Pair]:
    """40 pairs of two sentences each; the translation joins them with ';' when `joined`."""
    out = []
    for i in range(40):
        source = f"Ai erdhi në qytet numër {i}. Pastaj foli gjatë me njerëzit."
        target = f"He came to town number {i}. Then he spoke long with the people."
        if joined and i % 2:
            target = target.replace(". Then", "; then")
        out.append(Pair(source, target))
    return out


def test_a_missing_sentence_counts_for_more_where_it_is_rare() -> None:
    rare = build_context(_document(joined=False), "sq", "en")
    common = build_context(_document(joined=True), "sq", "en")
    assert sentence_threshold(rare) < sentence_threshold(common)
    # a third shorter than usual and one sentence less
    dropped = Pair(
        "Ai erdhi në qytet numër 7. Pastaj foli gjatë me njerëzit.",
        "He came to town number 7 and spoke long.",
    )
    assert "omission" in checks_of([*_document(False), dropped], "sq", "en").get(40, set())
    assert "omission" not in checks_of([*_document(True), dropped], "sq", "en").get(40, set())


# -- brackets, quotes and final punctuation -------------------------------------------------------


def test_a_parenthesis_over_two_pairs_is_balanced() -> None:
    pairs = [
        Pair("Farisenjtë nuk hanë pa larë duart;", "( For the Pharisees eat not unless they wash;"),
        Pair("kështu mbajnë traditën e pleqve.", "so they hold the tradition of the elders.)"),
    ]
    assert checks_of(pairs, "sq", "en") == {}
    assert "brackets" in checks_of(pairs[:1], "sq", "en")[0]


def test_guillemets_must_pair_up_one_for_one() -> None:
    source = "Er sagte « ja » und « nein »."
    assert "quotes" in checks_of([Pair(source, "Il dit « oui et « non.")], "de", "fr")[0]
    assert checks_of([Pair(source, "Il dit « oui » et « non ».")], "de", "fr") == {}


def test_a_quotation_over_two_pairs_is_balanced() -> None:
    pairs = [
        Pair("Er sagte: « Ja.", "Il dit : « Oui."),
        Pair("Und dann nein. »", "Et puis non. »"),
        Pair("Dann ging er.", "Puis il partit."),
        Pair("Sie sagte « gut ».", "Elle dit « bien."),
    ]
    found = checks_of(pairs, "de", "fr")
    assert 0 not in found and 1 not in found
    assert "quotes" in found[3]


def test_a_question_asked_elsewhere_in_the_pair_is_no_mismatch() -> None:
    pairs = [
        Pair(
            "A nuk na ke trajtuar si të huaja, sepse na ka shitur?",
            "Are we not accounted by him as foreigners? for he hath sold us.",
        )
    ]
    assert checks_of(pairs, "sq", "en") == {}
    assert "final-punctuation" in checks_of([Pair("A erdhi ai?", "He came.")], "sq", "en")[0]


# -- names ---------------------------------------------------------------------------------------


def test_a_name_in_square_brackets_is_editorial() -> None:
    context = [Pair(f"И сказал Он Адаму {i}.", f"And he said to Adam {i}.") for i in range(4)]
    pairs = [*context, Pair("И воззвал Он к [Адаму] и сказал: где ты?", "And he called thee.")]
    found = run(pairs, "ru", "en", checks=["names"], min_confidence=0)
    assert [f.pair for f in found] == [4]
    assert found[0].confidence < REPORT_CONFIDENCE


def test_german_derived_nouns_are_not_names_even_when_quoted() -> None:
    pairs = [
        Pair("Die erste Besteigung gelang im Mai.", "La première ascension réussit en mai."),
        Pair("Sein Buch « Die Besteigung » erschien.", "Son livre « Die Besteigung » parut."),
    ]
    assert run(pairs, "de", "fr", checks=["names"], min_confidence=0) == []


def test_a_derived_word_is_a_counterpart() -> None:
    pairs = [
        Pair("Die Himalaya-Chronik erschien.", "La chronique himalayenne a paru."),
        Pair("Der Himalaya ist hoch.", "L'Himalaya est haut."),
    ]
    assert run(pairs, "de", "fr", checks=["names"], min_confidence=0) == []


def test_a_lower_case_word_is_no_counterpart_on_spelling_alone() -> None:
    context = [Pair(f"Jozefin e thirri {i}.", f"He called Joseph {i}.") for i in range(3)]
    dropped = Pair(
        "Faraoni thirri Jozefin dhe ai u rrua.", "Pharaoh called, and he shaved himself."
    )
    found = run([*context, dropped], "sq", "en", checks=["names"], min_confidence=0)
    assert [f.pair for f in found] == [3] and "Jozefin" in found[0].message


def test_a_form_seen_once_is_judged_by_the_names_other_forms() -> None:
    # "Isakun" occurs in one pair only; "Isaku" and "Isakut" show Isaac carried over
    context = [Pair(f"Isaku erdhi {i}.", f"Isaac came {i}.") for i in range(3)]
    context += [
        Pair(f"Gruaja e Isakut foli {i}.", f"The wife of Isaac spoke {i}.") for i in range(3)
    ]
    lost = Pair("Pastaj Perëndia thirri Isakun.", "Then God called him.")
    kept = Pair("Pastaj Perëndia thirri Isakun.", "Then God called Isaac.")
    assert checks_of([*context, lost], "sq", "en", checks=["names"]) == {6: {"names"}}
    assert checks_of([*context, kept], "sq", "en", checks=["names"]) == {}


def test_a_german_noun_is_not_confirmed_by_a_name_that_merely_starts_alike() -> None:
    # German capitalises every noun: a capitalised word is a name when the French side has a
    # name spelled alike. Jaro-Winkler's prefix bonus took "Bär" for "Bara", "Ton" for "Toni".
    french = _side(["Puis Bara arriva avec Toni.", "Et Bara repartit avec Wieland."])
    assert _confirmed("Bara", french) and _confirmed("Wielands", french)
    assert not _confirmed("Bär", french)
    assert not _confirmed("Ton", french)


def test_a_dash_inside_a_word_joins_a_compound_name() -> None:
    # the Synodal text writes compound place names with an em dash: Хацацон—Фамаре
    context = [Pair(f"И вошла Фамарь {i}.", f"And Tamar came in {i}.") for i in range(3)]
    place = Pair("Они жили в Хацацон—Фамаре.", "They dwelt in Hazazon-tamar.")
    assert checks_of([*context, place], "ru", "en", checks=["names"], min_confidence=0) == {}
    lost = Pair("Они жили в Хацацон—Фамаре.", "They dwelt in the valley.")
    assert 3 in checks_of([*context, lost], "ru", "en", checks=["names"], min_confidence=0)


def test_the_lost_pair_does_not_count_against_a_names_record() -> None:
    # carried over in 2 of the 4 other pairs: checked, though weak evidence
    pairs = [Pair(f"Edhe Ilirjani erdhi {i}.", f"Ilirjan came too {i}.") for i in range(2)]
    pairs += [Pair(f"Edhe Ilirjani erdhi {i}.", f"The boy came too {i}.") for i in range(2, 4)]
    pairs.append(Pair("Pastaj Ilirjani foli.", "Then spoke the boy."))
    found = run(pairs, "sq", "en", checks=["names"], min_confidence=0)
    assert 4 in {f.pair for f in found}
    assert all(f.confidence < REPORT_CONFIDENCE for f in found)


def _varied(n: int = 100, seed: int = 5) -> list[Pair]:
    """Two sentences a pair, of varied length; every tenth translation joins them with ';'."""
    rng = random.Random(seed)
    sq = ["shtëpi", "qytet", "mal", "lumë", "fshat", "fushë", "rrugë", "urë"]
    en = ["house", "town", "mountain", "river", "village", "field", "road", "bridge"]
    out = []
    for i in range(n):
        k = [rng.randrange(len(sq)) for _ in range(rng.randint(8, 16))]
        joint = "; then" if i % 10 == 5 else ". Then"
        out.append(
            Pair(
                f"Ai erdhi {i}. Pastaj pa " + " ".join(sq[j] for j in k) + ".",
                f"He came {i}{joint} he saw " + " ".join(en[j] for j in k) + ".",
            )
        )
    return out


def test_omissions_do_not_make_a_habit_of_themselves() -> None:
    # Pairs a sentence down and far too short are omissions, not the translator's way of
    # joining sentences: they leave the document's threshold (nearly) where it was.
    base = _varied()
    dropped = [Pair(p.source, p.target.split(". ")[0] + ".") for p in base[:5]]
    with_omissions = [*dropped, *base[5:]]
    before = sentence_threshold(build_context(base, "sq", "en"))
    after = sentence_threshold(build_context(with_omissions, "sq", "en"))
    assert before > Z_SENTENCES_FLOOR
    assert after == pytest.approx(before, abs=0.1)
    found = checks_of(with_omissions, "sq", "en")
    assert all("omission" in found.get(i, set()) for i in range(5))


def test_a_long_text_needs_more_uncovered_words_to_count() -> None:
    # by chance, a run of uncovered words grows with the square root of the text's length
    assert neutral_evidence(5) == neutral_evidence(20) == 2.0
    assert neutral_evidence(80) == pytest.approx(4.0)


# -- the length model -----------------------------------------------------------------------------


def _lengths(seed: int = 7) -> list[Pair]:
    rng = random.Random(seed)
    pairs = []
    for _ in range(200):
        size = rng.choice([100, 200, 400])
        ratio = math.exp(rng.gauss(0, 0.1))
        pairs.append(Pair("x" * size, "y" * round(size * ratio)))
    return pairs


def test_omissions_do_not_widen_the_length_model(monkeypatch: pytest.MonkeyPatch) -> None:
    clean = _lengths()
    # every tenth target lost half its length
    dirty = [
        Pair(p.source, p.target[: len(p.target) // 2]) if i % 10 == 0 else p
        for i, p in enumerate(clean)
    ]

    def spread(model: LengthModel, size: int = 200) -> float:
        return math.sqrt(model.a / size + model.b)

    assert spread(length_model(dirty)) == pytest.approx(spread(length_model(clean)), rel=0.05)
    monkeypatch.setattr(context, "TRIM", math.inf)  # one fit, the outliers kept
    assert spread(length_model(dirty)) > 1.2 * spread(length_model(clean))

"""Lexical coverage: the document's own word-translation table, omissions it reveals, vetoes."""

from __future__ import annotations

import random

import pytest

from workbench.qa import REPORT_CONFIDENCE, Pair, build_context, learn, run
from workbench.qa.coverage import uncovered_stretch

# Content words per language, index-aligned: word i of one language translates word i of
# the others (an invented but consistent vocabulary, so the table has something to learn).
WORDS = {
    "en": "river mountain village shepherd bread water garden winter letter window "
    "harvest soldier market bridge forest candle doctor teacher orchard kettle",
    "sq": "lumi mali fshati bariu buka uji kopshti dimri letra dritarja "
    "korrja ushtari tregu ura pylli qiriu mjeku mësuesi pemishtja kazani",
    "de": "Fluss Berg Dorf Hirte Brot Wasser Garten Winter Brief Fenster "
    "Ernte Soldat Markt Brücke Wald Kerze Arzt Lehrer Obstgarten Kessel",
    "fr": "rivière montagne village berger pain eau jardin hiver lettre fenêtre "
    "récolte soldat marché pont forêt bougie médecin professeur verger bouilloire",
    "ru": "река гора деревня пастух хлеб вода сад зима письмо окно "
    "урожай солдат рынок мост лес свеча врач учитель роща чайник",
}
VOCAB = {lang: words.split() for lang, words in WORDS.items()}


def sentence(lang: str, picks: list[int]) -> str:
    words = [VOCAB[lang][i] for i in picks]
    return (words[0][0].upper() + words[0][1:] + " " + " ".join(words[1:])).strip() + "."


def document(src: str, tgt: str, n: int = 40, seed: int = 3) -> list[Pair]:
    """Pairs of two sentences of four content words each, translated word for word."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sentences = [rng.sample(range(20), 4) for _ in range(2)]
        out.append(
            Pair(
                " ".join(sentence(src, p) for p in sentences),
                " ".join(sentence(tgt, p) for p in sentences),
            )
        )
    return out


LANGS = [("sq", "en"), ("de", "fr"), ("ru", "en")]


@pytest.mark.parametrize(("src", "tgt"), LANGS)
def test_the_table_learns_the_documents_translations(src: str, tgt: str) -> None:
    pairs = document(src, tgt)
    lex = learn(pairs)
    for pair in pairs[:10]:
        assert lex.coverage(pair.source, pair.target).share == 1.0
    stretch = uncovered_stretch(lex.coverage(pairs[0].source, pairs[0].target))
    assert stretch is None or stretch.score < 2


@pytest.mark.parametrize(("src", "tgt"), LANGS)
def test_a_dropped_clause_is_an_uncovered_stretch_of_the_source(src: str, tgt: str) -> None:
    pairs = document(src, tgt)
    lex = learn(pairs)
    picks = [[0, 1, 2, 3], [4, 5, 6, 7, 8, 9, 10, 11]]
    source = " ".join(sentence(src, p) for p in picks)
    # the target keeps two sentences: the second loses all but its first word
    target = sentence(tgt, picks[0]) + " " + sentence(tgt, picks[1][:1])
    stretch = uncovered_stretch(lex.coverage(source, target))
    assert stretch is not None and stretch.uncovered >= 6
    assert source[stretch.span[0] : stretch.span[1]].startswith(VOCAB[src][5])


@pytest.mark.parametrize(("src", "tgt"), LANGS)
def test_omission_with_equal_sentence_counts_fires(src: str, tgt: str) -> None:
    pairs = document(src, tgt)
    picks = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]]
    source = (
        " ".join(sentence(src, p) for p in picks[:2]) + " " + sentence(src, picks[2] + picks[3])
    )
    # the translator split the last sentence in two, and one of the two got lost
    target = " ".join(sentence(tgt, p) for p in picks[:3])
    findings = run([*pairs, Pair(source, target)], src, tgt)
    omissions = [f for f in findings if f.pair == len(pairs) and f.check == "omission"]
    assert omissions and omissions[0].confidence >= REPORT_CONFIDENCE
    start, end = omissions[0].source_spans[0]
    assert VOCAB[src][12] in source[start:end]


@pytest.mark.parametrize(("src", "tgt"), LANGS)
def test_complete_translations_do_not_fire(src: str, tgt: str) -> None:
    pairs = document(src, tgt)
    assert [f for f in run(pairs, src, tgt) if f.check == "omission"] == []


def test_a_given_lexicon_is_used_instead_of_learning_one() -> None:
    pairs = document("sq", "en")
    lex = learn(pairs)
    ctx = build_context(pairs, "sq", "en", lexicon=lex)
    assert ctx.cached("lexicon", lambda c: None) is lex
    assert run(pairs, "sq", "en", lexicon=lex) == run(pairs, "sq", "en")


def test_numbers_count_as_covered_only_when_equal() -> None:
    lex = learn(document("de", "fr"))
    cov = lex.coverage("Fluss 1955 Berg.", "rivière 1956 montagne.")
    numbers = [c for t, c in zip(cov.tokens, cov.covered, strict=True) if t.number]
    assert numbers == [False]


def test_names_are_covered_across_scripts_without_a_table_entry() -> None:
    lex = learn(document("ru", "en"))
    cov = lex.coverage("Хрущёв река.", "Khrushchev river.")
    assert all(cov.covered)


# -- names: hyphenated names ---------------------------------------------------------------------


def _named(source_name: str, target_name: str, n: int = 6) -> list[Pair]:
    return [
        Pair(
            f"Ai shkoi në {source_name} me bariun.", f"He went to {target_name} with the shepherd."
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize(
    ("source_name", "target_name"),
    [("El-Bethel", "El-beth-el"), ("Beth-Shemesh", "Bethshemesh")],
)
def test_hyphenated_names_match_as_a_whole(source_name: str, target_name: str) -> None:
    pairs = _named(source_name, target_name)
    assert [f for f in run(pairs, "sq", "en") if f.check == "names"] == []


# -- brackets: list labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "fires"),
    [
        ("a ) la réfraction ;  b ) la déviation ( pesanteur ) ;  c ) le géoïde .", False),
        ("c ) Albert Eggler , Gipfel über den Wolken .", False),
        ("un rapport ( novembre 1956 ) avec texte ) .", True),
        ("dans la revue ( n° 163 de l' H .  C ) .", False),
    ],
)
def test_list_labels_do_not_unbalance_brackets(target: str, fires: bool) -> None:
    pair = Pair("Die Lichtbrechung, die Schwere und das Geoid.", target)
    found = [f.check for f in run([pair], "de", "fr", checks=["brackets"])]
    assert (found == ["brackets"]) is fires

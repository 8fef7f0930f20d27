"""A possible omission needs evidence that specific content is missing, not length alone.

A reviewer's walk over real texts found four omission findings in five false: an English
Bible that writes "fearful? have ye" counted as one sentence against the Albanian's two;
Albanian and Russian running longer than English, so a complete verse looked short; content
that the other side puts in the next verse. These are the specifications that came out of it.

The documents are invented: verses of two sentences of four words, from a vocabulary of
made-up Albanian and English words where word i of one translates word i of the other, so the
document's word table learns the translations and nothing else (no word is spelled like
another language's, no two share a stem).
"""

from __future__ import annotations

import random
from functools import cache

from workbench.align.anchors import name_similarity
from workbench.qa import Context, Finding, Pair, build_context, run
from workbench.qa.coverage import lexicon, uncovered_stretch
from workbench.qa.omission import (
    COVERAGE_CAP,
    COVERAGE_WEIGHT,
    DROP_GAIN,
    Z_ALONE,
    Z_EXTREME,
    check_omission,
    drop_gain,
    neutral_evidence,
    score,
    sentence_units,
)
from workbench.segment import split_sentences

#: Albanian function words: they lengthen a sentence without adding anything a translation
#: must carry (the coverage model leaves them out).
FILLER = "dhe që të në se"


@cache
def vocabulary(n: int = 80) -> dict[str, list[str]]:
    """`n` made-up words per language, index-aligned translations of each other."""
    rng = random.Random(1)

    def word(consonants: str, vowels: str) -> str:
        return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(3))

    out: dict[str, list[str]] = {"sq": [], "en": []}
    stems: set[str] = set()
    while len(out["sq"]) < n:
        sq, en = word("bdfgjklmnprstvz", "aeiouë"), word("bcdfghklmnprstw", "aeiouy")
        if sq[:5] in stems or en[:5] in stems:
            continue
        if any(name_similarity(a, b) >= 0.7 for a in [*out["sq"], sq] for b in [*out["en"], en]):
            continue
        stems |= {sq[:5], en[:5]}
        out["sq"].append(sq)
        out["en"].append(en)
    return out


def sentence(lang: str, picks: list[int], end: str = ".") -> str:
    words = [vocabulary()[lang][i] for i in picks]
    return words[0].capitalize() + "".join(f" {w}" for w in words[1:]) + end


def text(lang: str, sentences: list[list[int]]) -> str:
    return " ".join(sentence(lang, picks) for picks in sentences)


def verses(n: int = 60, seed: int = 5) -> list[list[list[int]]]:
    """The words of each verse's two sentences."""
    rng = random.Random(seed)
    return [[rng.sample(range(80), 4) for _ in range(2)] for _ in range(n)]


def document(words: list[list[list[int]]] | None = None) -> list[Pair]:
    """A translation verse by verse, word for word."""
    return [Pair(text("sq", v), text("en", v)) for v in words or verses()]


def findings_at(pairs: list[Pair], index: int) -> list[Finding]:
    """What the omission check reports on pair `index` (omission, addition or alignment)."""
    return [f for f in run(pairs, "sq", "en", checks=["omission"]) if f.pair == index]


def checks_at(pairs: list[Pair], index: int) -> list[str]:
    return [f.check for f in findings_at(pairs, index)]


NEW = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]  # the sentences of the pairs under test


# -- counting sentences ----------------------------------------------------------------------------


def test_a_question_mark_before_a_lower_case_word_ends_a_sentence_for_the_comparison() -> None:
    asv = "Why are ye fearful? have ye not yet faith?"
    assert sentence_units(asv, "en") == 2
    assert sentence_units("Pse jeni ju aq frikacakë? Vallë, si nuk keni besim?", "sq") == 2
    # what is stored and shown is the segmenter's: one sentence
    assert split_sentences(asv, "en") == [asv]


def test_a_question_inside_a_sentence_is_not_counted() -> None:
    assert sentence_units('"Who are you?" he asked.', "en") == 1
    assert sentence_units("Let me escape thither (is it not a little one?) and live.", "en") == 1
    assert sentence_units("Who art thou?\n\nhe said.", "en") == 2  # a blank line ends it anyway


def test_a_lower_case_question_is_not_a_missing_sentence() -> None:
    pairs = document()
    # two questions; the translation writes the second in lower case and is a little short
    source = sentence("sq", NEW[0], "?") + " " + sentence("sq", NEW[1], "?")
    second = sentence("en", NEW[1][:2], "?")
    asked = Pair(source, sentence("en", NEW[0], "?") + " " + second[0].lower() + second[1:])
    assert checks_at([*pairs, asked], len(pairs)) == []


# -- length alone ----------------------------------------------------------------------------------


def wordy(sentences: list[list[int]], filler: int) -> str:
    """Albanian sentences lengthened with `filler` runs of function words each."""
    return " ".join(sentence("sq", p, "") + f" {FILLER}" * filler + "." for p in sentences)


def length_score(pair: Pair, ctx: Context) -> float:
    """The pair's combined score of length, clause marks and coverage, as the check has it."""
    z = score(pair.source, pair.target, ctx)
    cov = lexicon(ctx).coverage(pair.source, pair.target)
    stretch = uncovered_stretch(cov)
    evidence = min(stretch.score, COVERAGE_CAP) if stretch else 0.0
    assert z is not None
    return z - COVERAGE_WEIGHT * (evidence - neutral_evidence(sum(cov.known)))


def test_a_complete_translation_that_is_just_shorter_is_not_an_omission() -> None:
    pairs = document()
    terse = Pair(wordy(NEW[:2], filler=3), text("en", NEW[:2]))
    ctx = build_context([*pairs, terse], "sq", "en")
    assert -Z_EXTREME < length_score(terse, ctx) <= -Z_ALONE  # short enough on its own...
    assert checks_at([*pairs, terse], len(pairs)) == []  # ...but nothing is missing


def test_an_extremely_short_target_is_reported_on_its_length_alone() -> None:
    pairs = document()
    terse = Pair(wordy(NEW[:2], filler=4), text("en", NEW[:2]))
    assert length_score(terse, build_context([*pairs, terse], "sq", "en")) <= -Z_EXTREME
    assert checks_at([*pairs, terse], len(pairs)) == ["omission"]


def test_as_short_a_target_with_a_sentence_gone_is_an_omission() -> None:
    pairs = document()
    dropped = Pair(wordy(NEW, filler=1), text("en", NEW[:2]))
    (finding,) = findings_at([*pairs, dropped], len(pairs))
    assert finding.check == "omission"
    start, end = finding.source_spans[0]
    assert dropped.source[start:end].startswith(sentence("sq", NEW[2], ""))


def test_words_the_document_never_uses_leave_the_length_to_speak() -> None:
    pairs = document()
    # the table knows nothing of these words: no evidence for or against, only the length
    unknown = Pair("Bardhëzeza kështjellat e largëta mbi lumenjtë e ftohtë.", "Castles.")
    assert checks_at([*pairs, unknown], len(pairs)) == ["omission"]


def test_joined_sentences_pair_up_better_than_a_dropped_one() -> None:
    pairs = document()
    ctx = build_context(pairs, "sq", "en")
    source = text("sq", NEW[:2])
    joined = sentence("en", NEW[0], ";") + " " + sentence("en", NEW[1]).lower()
    dropped = sentence("en", NEW[0])
    for target, is_dropped in ((joined, False), (dropped, True)):
        cov = lexicon(ctx).coverage(source, target)
        assert (drop_gain(source, target, ctx, cov) > DROP_GAIN) is is_dropped


# -- content in the neighbouring row ---------------------------------------------------------------


def test_content_found_in_the_next_row_is_not_reported_as_missing() -> None:
    words = verses()
    pairs = document(words)
    # the English puts the second sentence of verse 20 at the start of verse 21
    pairs[20] = Pair(pairs[20].source, sentence("en", words[20][0]))
    pairs[21] = Pair(pairs[21].source, f"{sentence('en', words[20][1])} {pairs[21].target}")
    (found,) = findings_at(pairs, 20)
    assert found.check == "alignment" and found.severity == "minor"
    assert "next row" in found.message
    start, end = found.source_spans[0]
    assert pairs[20].source[start:end] == sentence("sq", words[20][1], "")
    assert checks_at(pairs, 21) == []  # nor is the next row an addition


def test_content_found_in_the_previous_row_names_that_row() -> None:
    words = verses()
    pairs = document(words)
    pairs[19] = Pair(pairs[19].source, f"{pairs[19].target} {sentence('en', words[20][0])}")
    pairs[20] = Pair(pairs[20].source, sentence("en", words[20][1]))
    (found,) = findings_at(pairs, 20)
    assert found.check == "alignment" and "previous row" in found.message
    assert checks_at(pairs, 19) == []


def test_a_sentence_missing_from_both_rows_is_an_omission() -> None:
    words = verses()
    pairs = document(words)
    # verse 20 loses its second sentence; verse 21 is long, but with other words
    pairs[20] = Pair(pairs[20].source, sentence("en", words[20][0]))
    others = [w for w in range(80) if w not in words[20][1]][:4]
    pairs[21] = Pair(pairs[21].source, f"{sentence('en', others)} {pairs[21].target}")
    assert checks_at(pairs, 20) == ["omission"]


def test_neighbours_are_those_of_the_documents_own_pair() -> None:
    words = verses()
    pairs = document(words)
    pairs[20] = Pair(pairs[20].source, sentence("en", words[20][0]))
    pairs[21] = Pair(pairs[21].source, f"{sentence('en', words[20][1])} {pairs[21].target}")
    pairs = [Pair(p.source, p.target, k) for k, p in enumerate(pairs)]
    ctx = build_context(pairs, "sq", "en")
    assert [f.check for f in check_omission(pairs[20], ctx)] == ["alignment"]
    # the same texts given as another document's pair: no neighbours to look in
    stranger = Pair(pairs[20].source, pairs[20].target, 7)
    assert [f.check for f in check_omission(stranger, ctx)] == ["omission"]


# -- additions -------------------------------------------------------------------------------------


def test_an_addition_needs_target_words_without_counterpart() -> None:
    pairs = document()
    source = text("sq", NEW[:2])
    padded = " ".join(
        sentence("en", p, "") + ", and it was so, and so it is to this day." for p in NEW[:2]
    )
    assert checks_at([*pairs, Pair(source, padded)], len(pairs)) == []
    added = text("en", [*NEW, [12, 13, 14, 15]])
    assert checks_at([*pairs, Pair(source, added)], len(pairs)) == ["addition"]


def test_an_addition_found_in_the_previous_rows_source_is_not_reported() -> None:
    words = verses()
    pairs = document(words)
    # the Albanian puts the first sentence of verse 21 at the end of verse 20
    pairs[20] = Pair(f"{pairs[20].source} {sentence('sq', words[21][0])}", pairs[20].target)
    pairs[21] = Pair(sentence("sq", words[21][1]), pairs[21].target)
    assert checks_at(pairs, 21) == []
    # the boundary is named once, on the row whose target lacks the text
    (moved,) = findings_at(pairs, 20)
    assert moved.check == "alignment" and "next row" in moved.message

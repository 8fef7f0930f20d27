"""The names check compares each name with every capitalised word of the other side list
against list (`namekeys.similarities`), so that a chapter-long pair takes seconds. What it
finds is exactly what comparing the words one pair at a time with `similar` finds: the same
scores, the same names with and without counterparts, the same findings. Checked on real
texts with many names: Mark in Albanian and English (by chapter, and as one long pair), and
the UDHR in Russian for another script.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from workbench.qa import Pair, names, run
from workbench.qa import namekeys as nk
from workbench.qa.namekeys import LOOSE, THRESHOLD, name_stem, similar

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def blocks(name: str) -> list[str]:
    text = (TRANSLATIONS / name).read_text("utf-8").strip("\n")
    return [b.strip() for b in re.split(r"\n\s*\n", text)]


def mark() -> list[Pair]:
    """Mark in Albanian and English, chapter by chapter (its gold pairing)."""
    src, tgt = blocks("MRK.sq-alb.paras.txt"), blocks("MRK.en-asv.paras.txt")
    pairs = []
    for line in (TRANSLATIONS / "MRK.sq-alb_en-asv.paras.gold").read_text("utf-8").splitlines():
        if line.strip():
            s, t = (ast.literal_eval(side) for side in line.split(":"))
            pairs.append(Pair(" ".join(src[i] for i in s), " ".join(tgt[i] for i in t)))
    return pairs


def capitals(text: str) -> list[str]:
    """The distinct capitalised words of a text, in order of first appearance."""
    return list(dict.fromkeys(w for w, *_ in names._tokens(text) if w[0].isupper()))


def pair_by_pair(rows: Sequence[str], cols: Sequence[str], cutoff: float) -> np.ndarray:
    """The reference: `similar` of each row word with each column word, one pair at a time,
    0 below the cutoff."""
    return np.array(
        [[s if (s := similar(r, c)) >= cutoff else 0.0 for c in cols] for r in rows]
    ).reshape(len(rows), len(cols))


def spelled_otherwise_pair_by_pair(
    lost: list[str], mine: list[str], capital: list[str]
) -> set[str]:
    """The reference for `spelled_otherwise`: every spare word and every lost name compared
    one pair at a time, most similar first, ties in the order of the lists."""
    spare = [w for w in capital if not any(similar(w, m) >= THRESHOLD for m in mine)]
    scored = sorted(
        ((similar(name, w), name, w) for name in lost for w in spare),
        key=lambda c: c[0],
        reverse=True,
    )
    named: set[str] = set()
    taken: dict[str, str] = {}
    for score, name, word in scored:
        if score < LOOSE:
            break
        if name not in named and taken.get(word, name_stem(name)) == name_stem(name):
            named.add(name)
            taken[word] = name_stem(name)
    return named


@pytest.fixture(scope="module")
def chapters() -> list[Pair]:
    return mark()


@pytest.fixture(scope="module")
def whole_book(chapters: list[Pair]) -> Pair:
    return Pair(" ".join(p.source for p in chapters), " ".join(p.target for p in chapters))


@pytest.mark.parametrize("cutoff", [LOOSE, THRESHOLD, names.LOWER])
def test_batched_scores_are_those_of_similar_one_pair_at_a_time(
    whole_book: Pair, cutoff: float
) -> None:
    udhr_ru = " ".join(blocks("udhr_rus.txt"))
    udhr_en = " ".join(blocks("udhr_eng.txt"))
    for rows, cols in (
        (capitals(whole_book.source), capitals(whole_book.target)),
        (capitals(whole_book.target), capitals(whole_book.source)),
        (capitals(udhr_ru) + capitals(whole_book.source), capitals(udhr_en)),
    ):
        batched = nk.similarities(rows, cols, cutoff)
        # equal to the last bit, so that no score near a threshold falls on the other side
        assert np.array_equal(batched, pair_by_pair(rows, cols, cutoff))
        assert np.count_nonzero(batched) > 0


def test_a_batched_score_a_last_bit_off_does_not_move_a_name_across_a_threshold(
    whole_book: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rapidfuzz's batched arithmetic can differ from the single comparison in the last bit;
    # a score just below a cutoff that `similar` puts on it must still count
    rows, cols = capitals(whole_book.source), capitals(whole_book.target)
    rough = nk._rough_similarities
    monkeypatch.setattr(nk, "_rough_similarities", lambda *a: np.nextafter(rough(*a), 0))
    for cutoff in (LOOSE, THRESHOLD):
        assert np.array_equal(nk.similarities(rows, cols, cutoff), pair_by_pair(rows, cols, cutoff))


@pytest.mark.parametrize("pairwise_max", [0, 10_000], ids=["batched", "pair by pair"])
def test_scores_of_words_without_keys_or_long_stems_are_those_of_similar(
    pairwise_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a few words are scored pair by pair, many in a batch: both give `similar`'s scores
    monkeypatch.setattr(nk, "_PAIRWISE_MAX", pairwise_max)
    # "Ь" has no key (nothing to compare), "Hh" and "Ab" stems too short to compare
    rows = ["Ab", "Sarah", "Ь", "Io", "Я", "Авраама", "Ur", "Noah", "Hh"]
    cols = ["Sara", "Abraham", "Ur", "Ной", "Ь", "Ab", "Io", "Noe", "Hh"]
    for cutoff in (0.1, LOOSE, THRESHOLD):
        assert np.array_equal(nk.similarities(rows, cols, cutoff), pair_by_pair(rows, cols, cutoff))


def test_nothing_to_compare_is_alike_to_nothing() -> None:
    assert nk.similarities([], ["Sarah"], THRESHOLD).shape == (0, 1)
    assert nk.similarities(["Sarah"], [], THRESHOLD).shape == (1, 0)
    assert nk.alike_any(["Sarah", "Abraham"], []) == [False, False]
    assert nk.alike_any([], ["Sarah"]) == []


def test_names_have_counterparts_as_one_pair_at_a_time_finds_them(whole_book: Pair) -> None:
    rows, cols = capitals(whole_book.source), capitals(whole_book.target)
    expected = [any(similar(r, c) >= THRESHOLD for c in cols) for r in rows]
    assert nk.alike_any(rows, cols) == expected
    assert any(expected) and not all(expected)


def test_spare_names_spell_lost_names_as_one_pair_at_a_time_finds_them(
    chapters: list[Pair],
) -> None:
    paired = 0
    for pair in chapters:
        for text, other in ((pair.source, pair.target), (pair.target, pair.source)):
            mine, capital = capitals(text), capitals(other)
            lost = [w.casefold() for w in mine if len(w) >= 3]
            expected = spelled_otherwise_pair_by_pair(lost, mine[:5], capital)
            assert nk.spelled_otherwise(lost, mine[:5], capital) == expected
            paired += len(expected)
    assert paired > 0


def test_the_places_of_names_are_those_of_a_pair_by_pair_scan(whole_book: Pair) -> None:
    found = {w.casefold() for w in capitals(whole_book.source)}
    # for every name the best-scoring capitalised target word, the last on ties
    last = {w: s for w, s, _, _ in names._tokens(whole_book.target) if w[0].isupper()}
    best: dict[str, tuple[float, int]] = {}
    expected = []
    for word, start, _, initial in names._tokens(whole_book.source):
        if initial or word.casefold() not in found:
            continue
        if word not in best:
            best[word] = max(((similar(word, w), b) for w, b in last.items()), default=(0.0, 0))
        score, at = best[word]
        if score >= THRESHOLD:
            expected.append(abs(start / len(whole_book.source) - at / len(whole_book.target)))
    assert names._shifts(whole_book, frozenset(found)) == expected
    assert expected


def test_names_spelled_alike_are_those_of_a_pair_by_pair_scan(chapters: list[Pair]) -> None:
    for pair in chapters:
        mine = [w.casefold() for w in capitals(pair.source)]
        capital, derived, lower = names._answers(pair.target)
        expected = {
            name: any(similar(name, w) >= THRESHOLD for w in capital)
            or (
                len(name_stem(name)) >= names.DERIVED_MIN
                and any(d.startswith(name_stem(name)) for d in derived)
            )
            or (
                len(name) >= names.LOWER_MIN and any(similar(name, w) >= names.LOWER for w in lower)
            )
            for name in mine
        }
        assert names._spelled_alike(mine, capital, derived, lower) == expected


def test_findings_are_those_of_comparing_one_pair_at_a_time(
    chapters: list[Pair], whole_book: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    def findings(pairs: list[Pair]) -> list[tuple[int, str, float]]:
        found = run(pairs, "sq", "en", checks=["names"], min_confidence=0)
        return [(f.pair, f.message, f.confidence) for f in found]

    batched = findings(chapters), findings([whole_book])
    names._answers.cache_clear()
    monkeypatch.setattr(nk, "similarities", pair_by_pair)
    monkeypatch.setattr(names, "similarities", pair_by_pair)
    assert (findings(chapters), findings([whole_book])) == batched
    assert batched[0]

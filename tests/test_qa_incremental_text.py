"""Re-checking after a text change: the word table and the names model are learned again from
the last ones' per-pair pieces, and the findings are exactly those of a check from scratch.

Documents: the Universal Declaration (Albanian–English, one pair per gold paragraph bead) and
the Gospel of Mark (Albanian–English ASV, one pair per chapter), both in translations/.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

import pytest

from tests.conftest import TRANSLATIONS
from workbench import qa
from workbench.qa import Pair, coverage, names
from workbench.qa.context import build_context

JOINER = "\n\n"


def gold_pairs(source: str, target: str, gold: str) -> list[Pair]:
    """A document's paragraphs, paired as its gold alignment pairs them."""

    def paragraphs(name: str) -> list[str]:
        text = (TRANSLATIONS / name).read_text()
        return [p.strip() for p in text.split(JOINER) if p.strip()]

    src, tgt = paragraphs(source), paragraphs(target)
    beads = [
        [ast.literal_eval(side) for side in line.split(":")]
        for line in (TRANSLATIONS / gold).read_text().splitlines()
    ]
    return [Pair(JOINER.join(src[i] for i in s), JOINER.join(tgt[j] for j in t)) for s, t in beads]


DOCUMENTS: dict[str, Callable[[], list[Pair]]] = {
    "udhr": lambda: gold_pairs("udhr_als.txt", "udhr_eng.txt", "udhr_als-eng.paras.gold"),
    "mark": lambda: gold_pairs(
        "MRK.sq-alb.paras.txt", "MRK.en-asv.paras.txt", "MRK.sq-alb_en-asv.paras.gold"
    ),
}

Edit = Callable[[Pair], Pair]


def on_target(edit: Callable[[str], str]) -> Edit:
    return lambda pair: Pair(pair.source, edit(pair.target))


def _word_changed(text: str) -> str:
    words = text.split(" ")
    words[len(words) // 2] = "something"
    return " ".join(words)


def _sentence_deleted(text: str) -> str:
    sentences = text.split(". ")
    del sentences[len(sentences) // 2]
    return ". ".join(sentences)


def _number_changed(text: str) -> str:
    digit = next((c for c in text if c.isdigit()), None)
    return text.replace(digit, "7" if digit != "7" else "8", 1) if digit else text + " 1948"


#: The kinds of edit, each made on a different pair (a third of the document further on).
EDITS: dict[str, Edit] = {
    "a word changed": on_target(_word_changed),
    "a sentence deleted": on_target(_sentence_deleted),
    "a name added": on_target(lambda text: "Kennedy said so. " + text),
    "a name added in the source": lambda p: Pair("Pjetri e tha. " + p.source, p.target),
    "a number changed": on_target(_number_changed),
    "a paragraph emptied": on_target(lambda text: ""),
    "the paragraph restored": lambda pair: pair,  # replaced below by the original pair
}


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_a_recheck_after_each_kind_of_text_edit_is_a_full_check(document: str) -> None:
    original = DOCUMENTS[document]()
    pairs = list(original)
    found, state = qa.recheck(pairs, "sq", "en")
    assert found == qa.run(pairs, "sq", "en")
    changed = 0
    for step, (what, edit) in enumerate(EDITS.items()):
        index = (step * len(pairs)) // 3 % len(pairs) + step
        index %= len(pairs)
        before = pairs[index]
        pairs[index] = original[index] if what == "the paragraph restored" else edit(before)
        changed += pairs[index] != before
        again, state = qa.recheck(pairs, "sq", "en", (), state)
        scratch = qa.run(pairs, "sq", "en")
        assert again == scratch, f"{document}: {what}"  # keys, messages, spans, order
        assert [f.as_json() for f in again] == [f.as_json() for f in scratch], what
    assert changed >= len(EDITS) - 1  # every edit but the last changed a text


def test_the_edits_change_what_is_found() -> None:
    """The edits above are not idle: each brings a finding of its kind where it is made."""
    udhr = DOCUMENTS["udhr"]()
    numbered = next(i for i, p in enumerate(udhr) if any(c.isdigit() for c in p.target))
    cases = (
        ("udhr", numbered, "a number changed", "numbers"),
        ("udhr", numbered, "a paragraph emptied", "omission"),
        # Peter, whom Mark names often, in the source of chapter 7 (its target lacks him)
        ("mark", 6, "a name added in the source", "names"),
    )
    for document, index, what, check in cases:
        pairs = DOCUMENTS[document]()
        base = {(f.check, f.pair) for f in qa.run(pairs, "sq", "en")}
        edited = [*pairs[:index], EDITS[what](pairs[index]), *pairs[index + 1 :]]
        found = {(f.check, f.pair) for f in qa.run(edited, "sq", "en")}
        assert (check, index) in found - base, what


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_models_learned_from_pieces_are_the_models_learned_from_scratch(document: str) -> None:
    pairs = DOCUMENTS[document]()
    first = build_context(pairs, "sq", "en")
    previous = {
        "lexicon": coverage.lexicon(first),
        "names": first.cached("names", names._document),
    }
    for what, edit in list(EDITS.items())[:-1]:
        index = len(pairs) // 2
        edited = [*pairs[:index], edit(pairs[index]), *pairs[index + 1 :]]
        again = build_context(edited, "sq", "en", previous=previous)
        scratch = build_context(edited, "sq", "en")
        lex, lex0 = coverage.lexicon(again), coverage.lexicon(scratch)
        assert (lex.table, lex.frequent, lex.rate) == (lex0.table, lex0.frequent, lex0.rate), what
        doc = again.cached("names", names._document)
        assert doc == scratch.cached("names", names._document), what


def test_after_one_edit_only_a_few_pairs_are_covered_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The word table's coverage is computed again for the edited pair (and the few whose
    stems the table now answers otherwise), not for every pair of the document."""
    pairs = DOCUMENTS["udhr"]()
    _found, state = qa.recheck(pairs, "sq", "en")
    calls: list[str] = []
    real = coverage._cover

    def counted(*args: object) -> coverage._Cover:
        calls.append("cover")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(coverage, "_cover", counted)
    index = len(pairs) // 2
    edited = [*pairs[:index], EDITS["a word changed"](pairs[index]), *pairs[index + 1 :]]
    again, _state = qa.recheck(edited, "sq", "en", (), state)
    monkeypatch.setattr(coverage, "_cover", real)
    assert again == qa.run(edited, "sq", "en")
    full = 2 * sum(1 for p in pairs if p.source.strip() and p.target.strip())
    assert 2 <= len(calls) < full / 4, (len(calls), full)

"""QA on very long pairs (a whole text pasted as one paragraph): the fast searches of the
coverage model and the names model give what the plain pairwise scans give."""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import pytest
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from workbench.qa import Pair, build_context, learn, names
from workbench.qa import coverage as cov
from workbench.qa.namekeys import THRESHOLD, partner_key, similar

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def udhr() -> list[Pair]:
    """The UDHR in Albanian and English, paragraph by paragraph (its gold pairing)."""

    def blocks(name: str) -> list[str]:
        text = (TRANSLATIONS / name).read_text("utf-8").strip("\n")
        return [b.strip() for b in re.split(r"\n\s*\n", text)]

    src, tgt = blocks("udhr_als.txt"), blocks("udhr_eng.txt")
    pairs = []
    for line in (TRANSLATIONS / "udhr_als-eng.paras.gold").read_text("utf-8").splitlines():
        if line.strip():
            s, t = (ast.literal_eval(side) for side in line.split(":"))
            pairs.append(Pair(" ".join(src[i] for i in s), " ".join(tgt[i] for i in t)))
    return [p for p in pairs if p.source.strip() and p.target.strip()]


def reference_cover(
    text: list[cov.Token], other: list[cov.Token], table: dict[str, set[str]], skip: set[str]
) -> tuple[list[bool], list[bool], list[tuple[int, int] | None]]:
    """Coverage by brute force: every token scans the whole other side for its options (the
    table's stems, else spellings alike) and takes the nearest unused one, `min` breaking ties."""
    toks = [t for t in text if t.stem not in skip]
    keys = [o.key if not o.number and len(o.key) >= cov.COGNATE_MIN_LEN else "" for o in other]
    used: set[int] = set()
    known, covered, matched = [], [], []
    for n, tok in enumerate(toks):
        where = (n + 0.5) / len(toks)
        if tok.number:
            options = [i for i, o in enumerate(other) if o.stem == tok.stem and i not in used]
            knows = True
        else:
            entries = table.get(tok.stem, ())
            options = [
                i for e in entries for i, o in enumerate(other) if o.stem == e and i not in used
            ]
            if not options and len(tok.key) >= cov.COGNATE_MIN_LEN:
                hits = process.extract(
                    tok.key,
                    keys,
                    scorer=JaroWinkler.normalized_similarity,
                    score_cutoff=cov.COGNATE,
                    limit=None,
                )
                options = sorted(i for _, _, i in hits if keys[i] and i not in used)
            knows = bool(entries) or bool(options)
        match = None
        if options:
            best = min(options, key=lambda i: abs((i + 0.5) / len(other) - where))
            used.add(best)
            match = other[best].span
        known.append(knows)
        covered.append(bool(options))
        matched.append(match)
    return known, covered, matched


def fast_cover(text: str, other: str, lex: cov.Lexicon, side: str = "source") -> tuple:
    found = cov._cover(cov.tokens(text), cov.tokens(other), lex.table[side], lex.frequent[side])
    return found.known, found.covered, found.matched


def test_a_whole_text_as_one_pair_is_covered_as_by_brute_force() -> None:
    pairs = udhr()
    source, target = " ".join(p.source for p in pairs), " ".join(p.target for p in pairs)
    assert len(cov.tokens(source)) > 800  # a long pair: hundreds of content words a side
    alone = learn([Pair(source, target)])  # one pair: no table, every word looks for cognates
    assert not alone.table["source"]
    by_paragraph = learn(pairs)  # the table of the text checked paragraph by paragraph
    assert by_paragraph.table["source"]
    for lex in (alone, by_paragraph):
        for side, text, other in (("source", source, target), ("target", target, source)):
            expected = reference_cover(
                cov.tokens(text), cov.tokens(other), lex.table[side], lex.frequent[side]
            )
            assert fast_cover(text, other, lex, side) == expected
    # ... and the cognates found in one pair are those found word by word
    known, covered, _ = fast_cover(source, target, alone)
    assert sum(covered) > 50 and covered == known


@pytest.mark.parametrize("seed", range(40))
def test_ties_and_repeats_go_where_brute_force_puts_them(seed: int) -> None:
    """Few word types, many repeats: equal distances on both sides, exhausted options, table
    entries and cognates competing for the same occurrences."""
    rng = random.Random(seed)
    src_words = [
        "Abraham",
        "Abrahami",
        "Isaku",
        "Isaac",
        "lumi",
        "mali",
        "buka",
        "uji",
        "Jakobi",
        "12",
        "7",
        "Sara",
    ]
    tgt_words = [
        "Abraham",
        "Isaac",
        "Jacob",
        "river",
        "mountain",
        "bread",
        "water",
        "12",
        "7",
        "Sarah",
        "Abrahams",
    ]
    pairs = [
        Pair(
            " ".join(rng.choice(src_words) for _ in range(rng.randrange(1, 15))),
            " ".join(rng.choice(tgt_words) for _ in range(rng.randrange(1, 15))),
        )
        for _ in range(rng.randrange(2, 30))
    ]
    lex = learn(pairs)
    for p in pairs:
        for side, text, other in (("source", p.source, p.target), ("target", p.target, p.source)):
            expected = reference_cover(
                cov.tokens(text), cov.tokens(other), lex.table[side], lex.frequent[side]
            )
            assert fast_cover(text, other, lex, side) == expected


def test_the_names_model_of_a_long_pair_is_that_of_a_word_by_word_scan() -> None:
    pairs = udhr()
    long = Pair(" ".join(p.source for p in pairs), " ".join(p.target for p in pairs))
    # names of both sides that find each other (and some that do not)
    long = Pair(
        long.source + " Eleanor Roosevelt, René Cassin dhe Charles Malik në Paris e Gjenevë.",
        long.target + " Eleanor Roosevelt, René Cassin and Charles Malik in Paris and Geneva.",
    )
    ctx = build_context([long], "sq", "en")
    doc = names._document(ctx)
    found = doc.source.names & {w.casefold() for w, *_ in names._tokens(long.source)}
    assert {"roosevelt", "cassin", "malik", "paris"} <= found

    # the shifts: for every name the best-scoring capitalised target word, the last on ties
    targets = [(w, s) for w, s, _, _ in names._tokens(long.target) if w[0].isupper()]
    expected = []
    for word, start, _, initial in names._tokens(long.source):
        if initial or word.casefold() not in found:
            continue
        score, at = max(((similar(word, w), b) for w, b in targets), default=(0.0, 0))
        if score >= THRESHOLD:
            expected.append(abs(start / len(long.source) - at / len(long.target)))
    assert names._shifts(long, frozenset(found)) == expected

    # the names that the other side does not spell alike
    capital = [w for w, *_ in names._tokens(long.target) if w[0].isupper()]
    unspelled = {
        partner_key(w)
        for w, *_ in names._tokens(long.source)
        if w[0].isupper()
        and w.casefold() in found
        and not any(similar(w, c) >= THRESHOLD for c in capital)
    }
    assert names._unspelled(long.source, long.target, frozenset(found)) == unspelled

"""A source sentence the document's sentence alignment leaves alone is a possible omission.

The document: the Gospel of Mark in Albanian against the American Standard Version, chapter by
chapter (translations/, public domain). The ASV follows a critical text and leaves out a few
verses the Albanian translation keeps (11:26, 15:28): real omissions, found by no length test
since a chapter is thousands of characters long.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from workbench.qa import Pair, build_context, run
from workbench.qa.omission import check_omission
from workbench.qa.orphans import orphan_sentences

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
CHAPTER_15 = 13  # pair index (the gold joins two chapters once)


def _blocks(name: str) -> list[str]:
    text = (TRANSLATIONS / name).read_text("utf-8").strip("\n")
    return [b.strip() for b in re.split(r"\n\s*\n", text)]


@pytest.fixture(scope="module")
def mark() -> list[Pair]:
    sq, en = _blocks("MRK.sq-alb.paras.txt"), _blocks("MRK.en-asv.paras.txt")
    gold = (TRANSLATIONS / "MRK.sq-alb_en-asv.paras.gold").read_text("utf-8").splitlines()
    beads = [
        tuple(ast.literal_eval(side) for side in line.split(":")) for line in gold if line.strip()
    ]
    pairs = [("\n\n".join(sq[i] for i in s), "\n\n".join(en[j] for j in t)) for s, t in beads]
    return [Pair(s, t, k) for k, (s, t) in enumerate(pairs)]


def _omitted(pairs: list[Pair]) -> dict[int, list[str]]:
    """Per pair, the source text the omission findings point at."""
    out: dict[int, list[str]] = {}
    for f in run(pairs, "sq", "en", checks=["omission"]):
        out.setdefault(f.pair, []).extend(pairs[f.pair].source[a:b] for a, b in f.source_spans)
    return out


def _replaced(pairs: list[Pair], k: int, source: str | None = None, target: str | None = None):
    out = list(pairs)
    out[k] = Pair(source or pairs[k].source, target or pairs[k].target, k)
    return out


def test_verses_the_english_leaves_out_are_found(mark: list[Pair]) -> None:
    pointed = [text for texts in _omitted(mark).values() for text in texts]
    assert any(t.startswith("Por në se ju nuk falni, as Ati juaj") for t in pointed)  # 11:26
    assert "Kështu u përmbush Shkrimi që thotë: ''Ai u përfshi ndër keqbërësit''." in pointed


def test_a_dropped_short_sentence_is_pointed_at(mark: list[Pair]) -> None:
    chapter = mark[CHAPTER_15]
    dropped = "And they cried out again, Crucify him. "
    assert chapter.target.count(dropped) == 1
    pairs = _replaced(mark, CHAPTER_15, target=chapter.target.replace(dropped, ""))
    before = _omitted(mark).get(CHAPTER_15, [])
    after = _omitted(pairs)[CHAPTER_15]
    assert "Dhe ata bërtitën përsëri: ''Kryqëzoje!''." not in before
    assert "Dhe ata bërtitën përsëri: ''Kryqëzoje!''." in after
    (finding,) = [f for f in run(pairs, "sq", "en", checks=["omission"]) if f.pair == CHAPTER_15]
    assert "highlighted source text has no counterpart" in finding.message
    assert len(finding.source_spans) == 2  # with 15:28, which the ASV leaves out


def test_sentences_joined_by_the_translator_are_no_orphans(mark: list[Pair]) -> None:
    chapter = mark[CHAPTER_15]
    joined = "And they cried out again, Crucify him. And Pilate said unto them"
    assert joined in chapter.target
    pairs = _replaced(
        mark,
        CHAPTER_15,
        target=chapter.target.replace(
            joined, "And they cried out again, Crucify him; and Pilate said unto them"
        ),
    )
    assert orphan_sentences(build_context(pairs, "sq", "en")) == orphan_sentences(
        build_context(mark, "sq", "en")
    )


def test_an_editorial_sentence_may_be_left_out(mark: list[Pair]) -> None:
    k = 3
    source = mark[k].source
    opening = "Pastaj ai u tha atyre: ''Kush ka veshë"
    assert opening in source
    added = "Dhe ashtu u bë sipas fjalës së tij."
    plain = _replaced(mark, k, source=source.replace(opening, f"{added} {opening}", 1))
    editorial = _replaced(mark, k, source=source.replace(opening, f"[{added}] {opening}", 1))
    assert orphan_sentences(build_context(plain, "sq", "en")).get(k)
    assert not orphan_sentences(build_context(editorial, "sq", "en")).get(k)


def test_a_pair_from_outside_the_document_has_no_orphans(mark: list[Pair]) -> None:
    ctx = build_context(mark, "sq", "en")
    stranger = Pair("Ai erdhi. Ai tha: po.", "He came.", index=CHAPTER_15)
    assert all("no counterpart" not in f.message for f in check_omission(stranger, ctx))

"""An omission finding shows what is missing and where the target lacks it.

The source text with no counterpart is highlighted, and so is the target text right beside
the gap where its translation belongs (before it, or after it when the gap opens the target),
so the report's excerpt of a long target shows that place rather than the target's start.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.test_qa_coverage import document, sentence
from workbench.qa import Finding, Pair, run
from workbench.qa.omission import PLACE_CHARS
from workbench.web.qa import pieces

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
CHAPTER_11, CHAPTER_15 = 9, 13  # pair indices of Mark's chapters (the gold joins two once)

FILLER = [
    Pair(
        f"Ky është fjalia numër {i} me disa fjalë të tjera.",
        f"This is sentence {i} with a few more words.",
    )
    for i in range(40)
]
ARRIVED = ("Delegacioni arriti në Tiranë në mëngjes.", "The delegation arrived in Tirana.")
SPEECH = (
    "Pastaj ministri mbajti një fjalim të gjatë për bujqësinë.",
    "Then the minister gave a long speech on farming.",
)
DINNER = ("Në mbrëmje u shtrua një darkë.", "In the evening a dinner was given.")


def omission_in(pairs: list[Pair], index: int, lang: tuple[str, str] = ("sq", "en")) -> Finding:
    (finding,) = [f for f in run(pairs, *lang, checks=["omission"]) if f.pair == index]
    assert finding.check == "omission"
    return finding


def texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


# -- a paragraph that drops one sentence of three -------------------------------------------------


def test_a_dropped_middle_sentence_belongs_after_the_sentence_before_it() -> None:
    dropped = Pair(
        " ".join(s for s, _ in (ARRIVED, SPEECH, DINNER)), f"{ARRIVED[1]} {DINNER[1]}", 40
    )
    finding = omission_in([*FILLER, dropped], 40)
    assert texts(dropped.source, finding.source_spans) == [SPEECH[0]]
    assert texts(dropped.target, finding.target_spans) == [ARRIVED[1]]
    assert finding.message.endswith(
        "the highlighted source text belongs after the highlighted target text"
    )


def test_a_dropped_first_sentence_belongs_before_the_first_target_sentence() -> None:
    dropped = Pair(
        " ".join(s for s, _ in (ARRIVED, SPEECH, DINNER)), f"{SPEECH[1]} {DINNER[1]}", 40
    )
    finding = omission_in([*FILLER, dropped], 40)
    assert texts(dropped.source, finding.source_spans) == [ARRIVED[0]]
    assert texts(dropped.target, finding.target_spans) == [SPEECH[1]]
    assert finding.message.endswith("belongs before the highlighted target text")


def test_a_lost_clause_belongs_where_its_neighbours_counterparts_end() -> None:
    # the source's last sentence runs on; the translation stops where the target's third does
    picks = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]]
    source = (
        " ".join(sentence("sq", p) for p in picks[:2]) + " " + sentence("sq", picks[2] + picks[3])
    )
    target = " ".join(sentence("en", p) for p in picks[:3])
    pairs = [*document("sq", "en"), Pair(source, target, 40)]
    finding = omission_in(pairs, 40)
    assert texts(source, finding.source_spans)[0].startswith("tregu")  # word 12
    assert texts(target, finding.target_spans) == [sentence("en", picks[2])]
    assert "belongs after the highlighted target text" in finding.message


def test_a_long_sentence_before_the_gap_is_highlighted_only_up_to_it() -> None:
    # the excerpt is centred on the highlight: a long one would push the gap out of it
    long_first = (
        "Delegacioni shqiptar, i kryesuar nga ministri i bujqësisë dhe i shoqëruar nga "
        "përkthyesit e tij, arriti në Tiranë në mëngjes.",
        "The Albanian delegation, led by the minister of farming and accompanied by his "
        "interpreters, arrived in Tirana in the morning.",
    )
    long_speech = (
        "Pastaj ministri mbajti një fjalim të gjatë për bujqësinë, për ujitjen e fushave, për "
        "makinat e reja dhe për korrjet e vitit që vjen."
    )
    dropped = Pair(f"{long_first[0]} {long_speech} {DINNER[0]}", f"{long_first[1]} {DINNER[1]}", 40)
    finding = omission_in([*FILLER, dropped], 40)
    ((start, end),) = finding.target_spans
    assert dropped.target[:end] == long_first[1]
    assert start > 0 and end - start <= PLACE_CHARS
    assert dropped.target[start - 1] == " "  # from a word's start


# -- Mark in Albanian and in the ASV (translations/) -----------------------------------------


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


def test_a_verse_the_asv_leaves_out_belongs_after_the_verse_before_it(mark: list[Pair]) -> None:
    chapter = mark[CHAPTER_11]
    finding = omission_in(mark, CHAPTER_11)
    omitted = "Por në se ju nuk falni, as Ati juaj, që është në qiejt"
    assert any(t.startswith(omitted) for t in texts(chapter.source, finding.source_spans))
    (before_gap,) = texts(chapter.target, finding.target_spans)
    assert before_gap.endswith("who is in heaven may forgive you your trespasses.")  # 11:25


def test_a_dropped_verse_is_shown_where_it_stood(mark: list[Pair]) -> None:
    chapter = mark[CHAPTER_15]
    dropped = "And they cried out again, Crucify him. "
    at = chapter.target.index(dropped)
    target = chapter.target.replace(dropped, "")
    pairs = [*mark[:CHAPTER_15], Pair(chapter.source, target, CHAPTER_15), *mark[CHAPTER_15 + 1 :]]
    finding = omission_in(pairs, CHAPTER_15)
    assert "Dhe ata bërtitën përsëri: ''Kryqëzoje!''." in texts(
        chapter.source, finding.source_spans
    )
    ends = [end for _, end in finding.target_spans]
    assert at - 1 in ends  # the verse before it ends right where the dropped verse stood
    # 15:28, which the ASV leaves out, belongs after 15:27
    assert any(t.endswith("one on his left.") for t in texts(target, finding.target_spans))
    # the report's excerpt of the (long) chapter shows the gap, not the chapter's start
    excerpt = "".join(piece for piece, _ in pieces(target, finding.target_spans))
    assert excerpt.startswith("…")
    assert "whom ye call the King of the Jews? And Pilate said unto them" in excerpt

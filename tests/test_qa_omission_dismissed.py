"""A dismissed omission stays dismissed while its pair's texts stay the same.

What an omission highlights, and how its message reads, follows the document's whole sentence
alignment (workbench/qa/orphans.py), which moves when another pair's text changes: deleting a
sentence of Mark's chapter 2 makes the aligner leave one more sentence of chapter 12 without
counterpart. An omission was keyed on its spans and message, so a dismissed one came back,
once, after an edit elsewhere. It is known by its check and its pair's texts now; a change of
those texts still brings it back.
"""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from tests.conftest import import_pair
from tests.test_qa_incremental import revise
from tests.test_qa_incremental_text import DOCUMENTS, _sentence_deleted
from workbench import findings, qa
from workbench.qa import Finding, Pair
from workbench.store import Store

CHAPTER_2, CHAPTER_9, CHAPTER_12 = 1, 8, 10  # pair indices (the gold joins two chapters once)

HIGHLIGHTS_ONE = Finding(
    "omission",
    "major",
    "possible omission: highlighted source text has no counterpart in the target",
    source_spans=[(0, 20)],
    target_spans=[(0, 12)],
)
#: The same pair's omission after another pair changed: one more orphan, another wording.
HIGHLIGHTS_TWO = Finding(
    "omission",
    "major",
    "possible omission: 3 sentences vs 2, target much shorter than this document's norm",
    source_spans=[(0, 20), (40, 60)],
    target_spans=[(0, 12), (30, 38)],
)
PAIR = Pair("Fjalia e parë. Fjalia e dytë. Fjalia e tretë.", "The first sentence. The third.")


# -- the key: an omission is known by its pair -----------------------------------------------------


def test_an_omission_is_known_by_its_pair_whatever_it_highlights() -> None:
    assert findings.finding_key(HIGHLIGHTS_ONE, PAIR) == findings.finding_key(HIGHLIGHTS_TWO, PAIR)


def test_an_omission_in_a_changed_text_is_another_finding() -> None:
    key = findings.finding_key(HIGHLIGHTS_ONE, PAIR)
    target_changed = Pair(PAIR.source, PAIR.target + " Amen.")
    source_changed = Pair(PAIR.source.replace("tretë", "katërt"), PAIR.target)
    assert findings.finding_key(HIGHLIGHTS_ONE, target_changed) != key
    assert findings.finding_key(HIGHLIGHTS_ONE, source_changed) != key


def test_other_checks_are_still_known_by_their_spans_and_message() -> None:
    pair = Pair("Në vitin 1961 dhe 1962.", "In 1916 and 1962.")
    first = Finding("numbers", "major", "number without counterpart: 1961", [(9, 13)], [(3, 7)])
    other = Finding("numbers", "major", "number without counterpart: 1962", [(18, 22)], [(12, 16)])
    assert findings.finding_key(first, pair) != findings.finding_key(other, pair)


def test_an_edit_of_another_chapter_moves_a_highlight_and_keeps_the_key() -> None:
    """The real case: Mark (Albanian–English), a sentence deleted from another chapter."""
    mark = DOCUMENTS["mark"]()

    def omissions(pairs: list[Pair]) -> dict[int, Finding]:
        return {f.pair: f for f in qa.run(pairs, "sq", "en") if f.check == "omission"}

    before = omissions(mark)
    moved = 0
    for edited in (CHAPTER_2, CHAPTER_9):
        pairs = list(mark)
        pairs[edited] = Pair(mark[edited].source, _sentence_deleted(mark[edited].target))
        after = omissions(pairs)
        for index in set(before) & set(after) - {edited}:
            old, new = before[index], after[index]
            moved += (old.source_spans, old.message) != (new.source_spans, new.message)
            assert findings.finding_key(new, pairs[index]) == findings.finding_key(old, mark[index])
    assert moved, "the edits no longer move another chapter's omission: pick others"


# -- the service: dismissed, it stays dismissed after an edit elsewhere ----------------------------

PARAGRAPHS = [
    ("Delegacioni arriti në Tiranë në mëngjes.", "The delegation arrived in Tirana."),
    ("Pastaj ministri mbajti një fjalim të gjatë.", "Then the minister gave a long speech."),
    ("Në mbrëmje u shtrua një darkë.", "In the evening a dinner was given."),
]


@pytest.fixture
def highlight(monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    """The omission check as the document's sentence alignment makes it: on the pair about
    Tirana, the omission `highlight[0]` (a test sets what the alignment would give)."""
    shown = [HIGHLIGHTS_ONE]

    def check(pair: Pair, ctx: qa.Context) -> list[Finding]:
        found = shown[0]
        if "Tiranë" not in pair.source:
            return []
        return [Finding(found.check, found.severity, found.message, *_spans(found))]

    monkeypatch.setitem(qa.CHECKS, "omission", check)
    return shown


def _spans(finding: Finding) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    return list(finding.source_spans), list(finding.target_spans)


def omissions_open(store: Store, document: int) -> list[Finding]:
    report = findings.check_alignment(store, document)
    return [f for f in report.findings if f.check == "omission"]


def test_a_dismissed_omission_stays_dismissed_when_another_pair_changes(
    store: Store, highlight: list[Finding], cli
) -> None:
    alignment = import_pair(store, *map(list, zip(*PARAGRAPHS, strict=True)))
    document = store.alignment(alignment)["document_id"]
    [omission] = omissions_open(store, document)
    findings.dismiss(store, document, omission.key, user="rev", reason="a free translation")

    highlight[0] = HIGHLIGHTS_TWO  # the document re-aligned: another orphan, another wording
    revise(store, alignment, 2, lambda text: text + " It was late.")

    assert omissions_open(store, document) == []
    assert findings.check_alignment(store, document).handled() == "1 dismissed"
    _report, still_open = findings.open_findings(store, alignment)  # the QA page's report
    assert [f for f in still_open if f.check == "omission"] == []
    assert cli("qa", document).stderr.strip().endswith("(1 dismissed)")


def test_a_dismissed_omission_comes_back_when_its_own_text_changes(
    store: Store, highlight: list[Finding]
) -> None:
    alignment = import_pair(store, *map(list, zip(*PARAGRAPHS, strict=True)))
    document = store.alignment(alignment)["document_id"]
    [omission] = omissions_open(store, document)
    findings.dismiss(store, document, omission.key, user="rev")

    revise(store, alignment, 0, lambda text: text + " It was cold.")

    [back] = omissions_open(store, document)
    assert back.key != omission.key and back.link == omission.link


def test_an_omission_dismissed_under_its_former_key_stays_dismissed(
    store: Store, highlight: list[Finding]
) -> None:
    """Dismissed before omissions were known by their texts: keyed on spans and message too."""
    alignment = import_pair(store, *map(list, zip(*PARAGRAPHS, strict=True)))
    document = store.alignment(alignment)["document_id"]
    report = findings.check_alignment(store, document)
    [omission] = [f for f in report.findings if f.check == "omission"]
    former = former_key(omission, report.pairs[omission.pair or 0])
    store.add_dismissal(
        {"document_id": document, "key": former, "check_name": "omission", "message": "m"}
    )

    assert omissions_open(store, document) == []
    _report, still_open = findings.open_findings(store, alignment)
    assert [f for f in still_open if f.check == "omission"] == []
    findings.undismiss(store, document, former, user="rev")  # brought back by that key
    assert [f.check for f in omissions_open(store, document)] == ["omission"]


def former_key(finding: Finding, pair: Pair) -> str:
    """How every finding was keyed before: check, message, spans and texts."""

    def normal(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split())

    parts = [
        finding.check,
        finding.message,
        repr(finding.source_spans),
        repr(finding.target_spans),
        normal(pair.source),
        normal(pair.target),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]

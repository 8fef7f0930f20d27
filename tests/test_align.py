"""Specification of the alignment core: exact beads on small literal cases."""

from __future__ import annotations

import pytest

from workbench.align import Bead, align, align_document
from workbench.align.anchors import name_similarity, numbers


def pairs(beads: list[Bead]) -> list[tuple[list[int], list[int]]]:
    """Beads as plain index lists, for readable assertions."""
    return [(list(b.src), list(b.tgt)) for b in beads]


EN = [
    "All human beings are born free and equal in dignity and rights.",
    "Everyone has the right to life, liberty and security of person.",
    "No one shall be held in slavery or servitude; slavery shall be prohibited in all forms.",
    "No one shall be subjected to torture or to cruel, inhuman or degrading treatment.",
    "Everyone has the right to recognition everywhere as a person before the law.",
]
SQ = [
    "Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta.",
    "Çdo njeri ka të drejtën e jetës, të lirisë dhe të sigurimit personal.",
    "Asnjeri nuk do të mbahet në skllavëri ose në robëri; skllavëria do të ndalohet në të "
    "gjitha format e saj.",
    "Asnjeri nuk do t'i nënshtrohet torturës ose dënimeve mizore, çnjerëzore ose poshtëruese.",
    "Çdo njeri ka të drejtë të njihet kudo si person përpara ligjit.",
]


def test_one_to_one_translation():
    assert pairs(align(SQ, EN, src_lang="sq", tgt_lang="en")) == [([k], [k]) for k in range(5)]


def test_identical_texts_align_one_to_one():
    beads = align(EN, EN, src_lang="en", tgt_lang="en")
    assert pairs(beads) == [([k], [k]) for k in range(5)]
    assert all(b.confidence > 0.9 for b in beads)


def test_insertion_on_target_side():
    tgt = [*EN[:2], "Photo: United Nations", *EN[2:]]
    assert pairs(align(SQ, tgt, src_lang="sq", tgt_lang="en")) == [
        ([0], [0]),
        ([1], [1]),
        ([], [2]),
        ([2], [3]),
        ([3], [4]),
        ([4], [5]),
    ]


def test_deletion_on_source_side():
    src = [*SQ[:3], "Fotografia 3: Kombet e Bashkuara", *SQ[3:]]
    assert pairs(align(src, EN, src_lang="sq", tgt_lang="en")) == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2]),
        ([3], []),
        ([4], [3]),
        ([5], [4]),
    ]


def test_two_to_one_and_one_to_two():
    tgt = [EN[0], EN[1] + " " + EN[2], EN[3]]
    assert pairs(align(SQ[:4], tgt, src_lang="sq", tgt_lang="en")) == [
        ([0], [0]),
        ([1, 2], [1]),
        ([3], [2]),
    ]
    assert pairs(align(tgt, SQ[:4], src_lang="en", tgt_lang="sq")) == [
        ([0], [0]),
        ([1], [1, 2]),
        ([2], [3]),
    ]


def test_one_to_three():
    src = [SQ[0], SQ[1] + " " + SQ[2] + " " + SQ[3], SQ[4]]
    assert pairs(align(src, EN, src_lang="sq", tgt_lang="en")) == [
        ([0], [0]),
        ([1], [1, 2, 3]),
        ([2], [4]),
    ]


def test_empty_sides_and_single_segments():
    assert align([], []) == []
    assert pairs(align(["a", "b"], [])) == [([0], []), ([1], [])]
    assert pairs(align([], ["x"])) == [([], [0])]
    assert pairs(align([SQ[0]], [EN[0]])) == [([0], [0])]


def test_reasons_mention_numbers_and_names():
    beads = align(
        [*SQ[:2], "Më 10 dhjetor 1948 Hrushovi foli në Moskë.", *SQ[2:]],
        [*EN[:2], "On 10 December 1948 Khrushchev spoke in Moscow.", *EN[2:]],
    )
    bead = beads[2]
    assert (bead.src, bead.tgt) == ((2,), (2,))
    assert "2 of 2 numbers match" in bead.reasons
    assert any(r.startswith("names:") and "Hrushovi" in r for r in bead.reasons)


def test_words_spelt_alike_are_not_called_names():
    de = [
        "Die offizielle Chronik des Everest erschien 1953.",
        "Hillary und Tenzing standen am 29. Mai auf dem Gipfel.",
        "Die Expedition war britisch.",
        "Der Lhotse ist 8516 m hoch.",
    ]
    fr = [
        "La chronique officielle de l'Everest parut en 1953.",
        "Hillary et Tenzing étaient au sommet le 29 mai.",
        "L'expédition était britannique.",
        "Le Lhotse mesure 8516 m.",
    ]
    reasons = [b.reasons for b in align(de, fr, src_lang="de", tgt_lang="fr")]
    assert "names: Everest ~ Everest" in reasons[0]
    assert "similar words: offizielle ~ officielle, Chronik ~ chronique" in reasons[0]
    assert "names: Hillary ~ Hillary, Tenzing ~ Tenzing" in reasons[1]
    assert "similar words: Expedition ~ expédition" in reasons[2]


def test_cognates_across_latin_and_cyrillic():
    assert name_similarity("Хрущёв", "Khrushchev") > 0.95
    assert name_similarity("Хрущёв", "Hrushovi") > 0.88
    assert name_similarity("Kim Ir Sen", "Ким Ир Сен") > 0.95
    assert name_similarity("Berechnung", "Bergsteiger") < 0.8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1961", ["1961"]),
        ("4.5 and 4,5", ["4.5", "4.5"]),
        ("80 000 or 80,000", ["80000", "80000"]),
        ("8847,60 m", ["8847.6"]),
        ("1,234.56 = 1.234,56 = 1 234,56 = 1’234.56", ["1234.56"] * 4),
        ("8'000 or 1,234,5", ["8000", "1.234", "5"]),
        ("1881-1902", ["1881", "1902"]),
    ],
)
def test_numbers_are_normalised(text, expected):
    assert numbers(text) == expected


def test_kept_beads_survive_verbatim():
    keep = [([1, 2], [1]), ([3], [3])]
    beads = align(SQ, EN, keep=keep)
    assert ([1, 2], [1]) in pairs(beads)
    assert ([3], [3]) in pairs(beads)
    kept = [b for b in beads if b.reasons == ("kept: confirmed by a person",)]
    assert len(kept) == 2 and all(b.confidence == 1.0 for b in kept)
    assert pairs(beads)[-1] == ([4], [4])


@pytest.mark.parametrize(
    "keep",
    [[([1], [1]), ([1], [2])], [([2], [2]), ([1], [1])], [([0, 2], [0])], [([9], [0])]],
)
def test_bad_kept_beads_are_refused(keep):
    with pytest.raises(ValueError):
        align(SQ, EN, keep=keep)


def test_progress_is_reported():
    calls = []
    align(SQ, EN, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert all(0 <= d <= t for d, t in calls)


def test_document_derives_n_to_m_paragraphs():
    src = [SQ[:3], SQ[3:]]  # two source paragraphs
    tgt = [EN[:1], EN[1:3], EN[3:4], EN[4:]]  # four target paragraphs
    doc = align_document(src, tgt, src_lang="sq", tgt_lang="en")
    assert pairs(doc.sentences) == [([k], [k]) for k in range(5)]
    assert pairs(doc.paragraphs) == [([0], [0, 1]), ([1], [2, 3])]
    assert doc.method in {"paragraph-first", "sentence-first"}


def test_document_with_matching_paragraphs():
    doc = align_document([[s] for s in SQ], [[e] for e in EN], src_lang="sq", tgt_lang="en")
    assert pairs(doc.paragraphs) == [([k], [k]) for k in range(5)]


def test_a_paragraph_link_is_as_sure_as_the_sentence_links_at_its_boundaries():
    from workbench.align.document import _derive_paragraphs, _Layout

    def bead(s, t, confidence):
        return Bead(tuple(s), tuple(t), 0.0, confidence, ())

    # two chapters of three sentences; the middle of chapter 1 is in doubt, not its ends
    ls = _Layout.of([["a", "b", "c"], ["d", "e", "f"]])
    lt = _Layout.of([["A", "B", "C"], ["D", "E", "F"]])
    sents = [bead([0], [0], 0.99), bead([1], [1], 0.2), bead([2], [2], 0.95)]
    sents += [bead([3], [3], 0.9), bead([4], [4], 0.97), bead([5], [5], 0.98)]
    chapters = _derive_paragraphs(sents, ls, lt, 2, 2, [])
    assert [(b.src, b.tgt, b.confidence) for b in chapters] == [
        ((0,), (0,), 0.95),
        ((1,), (1,), 0.9),
    ]
    # where a doubtful sentence link straddles a boundary that both sides have, the link that
    # joins two paragraphs (it could have been two links) is in doubt
    ls = _Layout.of([["a", "b"], ["c", "d"]])
    lt = _Layout.of([["A", "B", "C"], ["D"]])
    sents = [bead([0], [0], 0.99), bead([1, 2], [1, 2], 0.3), bead([3], [3], 0.99)]
    (joined,) = _derive_paragraphs(sents, ls, lt, 2, 2, [])
    assert (joined.src, joined.tgt, joined.confidence) == ((0, 1), (0, 1), 0.3)

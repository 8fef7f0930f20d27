"""Cut classes between segments (fragments, abbreviations) and how they enter the alignment."""

from __future__ import annotations

import numpy as np

from workbench.align import align
from workbench.align import band as bandmod
from workbench.align import boundaries as bd
from workbench.align.aligner import _Found
from workbench.align.lengths import LengthModel
from workbench.align.paths import end_agreement
from workbench.align.scoring import Params, Scorer


def test_cut_classes_from_the_surface():
    assert bd.classify("Il est venu .", "Puis il est parti .", {"venu"}) == bd.HARD
    assert bd.classify("un porteur reçoit 3 roupies ( 2 fr .", "70 ) par jour .") == bd.FRAGMENT
    assert bd.classify("Le temps finit par s' améliorer ;", "toutes les forces .") == bd.FRAGMENT
    assert bd.classify("Er sagte :", "« Bär ! »") == bd.SOFT
    assert bd.classify("Die anderen Teilnehmer waren :", "André Contamine .") == bd.SOFT
    assert bd.classify("Literatur", "Guido Magnone .") == bd.OPEN
    # a short word before the final stop is an abbreviation unless the text uses it bare
    assert bd.classify("le capt .", "Ali Usman .", set()) == bd.ABBREV
    assert bd.classify("it was good.", "And God said.", {"good"}) == bd.HARD
    texts = ["Leader Ch .", "Evans .", "A cat sat .", "The cat sat down ."]
    assert bd.classes(texts).tolist() == [bd.HARD, bd.ABBREV, bd.HARD, bd.HARD]


def test_join_ratios_are_learned_from_the_pass_and_shrunk_when_joins_are_few():
    assert not bd.llr_table(np.array([bd.HARD, bd.FRAGMENT, bd.HARD])).any()  # no pass yet
    cls = np.array([bd.HARD] * 200 + [bd.FRAGMENT] * 40)
    inside = np.zeros(240, dtype=bool)
    inside[200:230] = True  # 30 of 40 fragment cuts were joined, no hard cut
    table = bd.llr_table(cls, inside)
    assert table[bd.FRAGMENT] > np.log(5.0)
    assert table[bd.HARD] < 0.0
    # two joins among many cuts (verses, table rows): the ratios stay near 1
    few = np.zeros(240, dtype=bool)
    few[[201, 202]] = True
    assert np.abs(bd.llr_table(cls, few)).max() < np.log(2.0)


def _two_one_pen(cut: float) -> float:
    """Penalty part of a 2-1 bead whose source cut has join log-ratio `cut`."""
    band = bandmod.make_band(np.zeros(3, np.int64), np.full(3, 1, np.int64), 1)
    z2, z1 = np.zeros(2), np.zeros(1)
    scorer = Scorer(
        band,
        Params(length=LengthModel(1.0, 6.8, 4.0)),
        np.array([40.0, 20.0]),
        np.array([60.0]),
        bandmod.PairEvidence.zeros(band.size),
        z2,
        z1,
        z2,
        z1,
        z2.astype(bool),
        z1.astype(bool),
        src_cut=np.array([0.0, cut]),
    )
    return float(scorer.parts(np.array([2]), np.array([1]), 2, 1)[2][0])


def test_a_bead_across_a_cut_is_charged_its_join_ratio():
    assert _two_one_pen(1.5) == 1.5
    assert _two_one_pen(-0.5) == -0.5


def test_a_fragment_left_by_the_splitter_joins_its_sentence():
    de = [
        "Im besiedelten Gebiet bekommt ein Träger 3 Rupien ( Fr. 2.70 ) pro Tag und muss sich "
        "davon selbst verköstigen .",
        "Die Hochträger erhalten dazu Kleidung , Schuhe und Schlafsäcke .",
    ]
    fr = [
        "Dans les régions habitées , un porteur reçoit 3 roupies ( 2 fr .",
        "70 ) par jour , à charge de pourvoir lui-même à son entretien .",
        "Les porteurs d' altitude reçoivent en outre vêtements , souliers et sacs de couchage .",
    ]
    beads = align(de * 8, fr * 8, src_lang="de", tgt_lang="fr")
    assert [(b.src, b.tgt) for b in beads[:2]] == [((0,), (0, 1)), ((1,), (2,))]


def _beads(*kinds):
    out, i, j = [], 0, 0
    for a, b in kinds:
        out.append(_Found(tuple(range(i, i + a)), tuple(range(j, j + b)), 0.0, 1.0))
        i, j = i + a, j + b
    return out


def test_beads_whose_ends_the_first_pass_did_not_cut_are_less_certain():
    first = _beads((1, 1), (1, 1), (1, 1), (1, 1))
    assert end_agreement(first, first) == [1.0] * 4
    final = _beads((1, 1), (1, 2), (1, 0), (1, 1))
    # (1,2) ends where the first pass does not cut, so (1,0) starts there
    assert end_agreement(final, first) == [1.0, 0.75, 0.75, 1.0]

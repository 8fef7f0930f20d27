"""Larger bead types (3-3, 1-5, 5-1): second pass only, and only joining first-pass beads."""

from __future__ import annotations

import numpy as np

from workbench.align import align
from workbench.align import band as bandmod
from workbench.align.aligner import _Found
from workbench.align.lengths import LengthModel
from workbench.align.paths import path_cells
from workbench.align.scoring import ALL_TYPES, EXTRA_PRIOR, EXTRA_TYPES, NEG, Params, Scorer


def _scorer(n: int, m: int, joins=None) -> Scorer:
    """A scorer over the full n×m lattice with equal lengths and no evidence."""
    band = bandmod.make_band(np.zeros(n + 1, np.int64), np.full(n + 1, m, np.int64), m)
    zs, zt = np.zeros(n), np.zeros(m)
    return Scorer(
        band,
        Params(length=LengthModel(1.0, 6.8, 4.0)),
        np.full(n, 50.0),
        np.full(m, 50.0 * n / m),
        bandmod.PairEvidence.zeros(band.size),
        zs,
        zt,
        zs,
        zt,
        zs.astype(bool),
        zt.astype(bool),
        ALL_TYPES,
        joins=joins,
    )


def test_large_beads_score_like_any_other():
    # 1-5 needs token repeats five segments apart, beyond MAX_GAP: scored, not an IndexError
    sc = _scorer(1, 5)
    length, ev, pen = sc.parts(np.array([1]), np.array([5]), 1, 5)
    assert np.isfinite(length[0] + ev[0] + pen[0])
    assert sc.logp[ALL_TYPES.index((1, 5))] == np.log(EXTRA_PRIOR)


def test_large_beads_only_join_cells_of_the_first_path():
    # first path (0,0) -> (3,3) -> (6,6): a 3-3 bead may end at (3,3) and (6,6), nowhere else
    cells = path_cells([_Found((0, 1, 2), (0, 1, 2), 0.0, 1.0), _Found((3, 4, 5), (3, 4, 5), 0, 1)])
    assert [c.tolist() for c in cells] == [[0, 3, 6], [0, 3, 6]]
    probe = _scorer(6, 6)
    joins = np.zeros(probe.band.size, dtype=bool)
    joins[probe.band.flat(*cells)] = True
    sc = _scorer(6, 6, joins)
    score = sc.scores(0, 7)
    k = ALL_TYPES.index((3, 3))
    rows, cols = sc.band.cells(0, 7)
    allowed = {(3, 3), (6, 6)}
    for r, c, s in zip(rows, cols, score[:, k], strict=True):
        if (int(r), int(c)) in allowed:
            assert s > NEG / 2
        else:
            assert s == NEG  # ruled out: the DP never ends a 3-3 bead here
    # the usual types are untouched by `joins`
    assert (score[:, ALL_TYPES.index((1, 1))] > NEG / 2).sum() > 2


def test_large_types_leave_a_one_to_one_text_alone():
    src = [f"Satz {k} mit dem Wort Nummer {k}." for k in range(12)]
    tgt = [f"Phrase {k} avec le mot numéro {k}." for k in range(12)]
    beads = align(src, tgt, src_lang="de", tgt_lang="fr")
    assert [(b.src, b.tgt) for b in beads] == [((k,), (k,)) for k in range(12)]
    assert all((len(b.src), len(b.tgt)) not in EXTRA_TYPES for b in beads)

"""The one-sided-bead recheck: words that translate a neighbour lower a 1-0 / 0-1 bead."""

from __future__ import annotations

import math

from workbench.align.aligner import _Aligner, _Found
from workbench.align.splits import Links, recheck, solo_factors

SRC = [
    "Ivanov met Hoxha in Tirana on 12 March 1961.",
    "Shehu spoke with Luo in Elbasan about 25000 tonnes.",
    "The interpreter Nushi recorded it in Durres.",
]
TGT = [
    "Ivanov met Hoxha in Tirana on 12 March 1961.",
    "Shehu spoke with Luo",
    "in Elbasan about 25000 tonnes.",
    "The interpreter Nushi recorded it in Durres.",
]


def _links() -> Links:
    al = _Aligner(SRC, TGT, False, None, None, None)
    return Links(al.channels, al.word_channel, al.model.lexicon)


def test_a_lone_segment_whose_words_translate_a_neighbour_is_doubted():
    found = [
        _Found((0,), (0,), 0.0, 1.0),
        _Found((1,), (1,), 0.0, 1.0),
        _Found((), (2,), 0.0, 1.0),  # its name and number sit in source segment 1
        _Found((2,), (3,), 0.0, 1.0),
    ]
    factors = solo_factors(_links(), found)
    assert factors[0] == factors[1] == factors[3] == 1.0
    assert factors[2] < 0.1
    recheck(_links(), [found])
    assert math.isclose(found[2].posterior, factors[2])
    assert found[0].posterior == 1.0


def test_a_lone_segment_without_links_keeps_its_confidence():
    tgt = [TGT[0], "Photograph courtesy of the archive", SRC[1], SRC[2]]
    al = _Aligner(SRC, tgt, False, None, None, None)
    links = Links(al.channels, al.word_channel, al.model.lexicon)
    found = [
        _Found((0,), (0,), 0.0, 1.0),
        _Found((), (1,), 0.0, 0.9),  # a caption: none of its words translate a neighbour
        _Found((1,), (2,), 0.0, 1.0),
        _Found((2,), (3,), 0.0, 1.0),
    ]
    assert solo_factors(links, found) == [1.0, 1.0, 1.0, 1.0]
    recheck(links, [found])
    assert found[1].posterior == 0.9

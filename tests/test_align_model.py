"""The alignment model's statistics: repetition, chance matches, determinism, confidence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from workbench.align import align, aligner, dp
from workbench.align import band as bandmod
from workbench.align.aligner import _Aligner, _Found, _Region
from workbench.align.lengths import LengthModel
from workbench.align.scoring import TYPES, Params, Scorer

REPO = Path(__file__).resolve().parent.parent

EN = [
    "On 12 March 1961 Enver Hoxha received the Soviet ambassador Ivanov in Tirana.",
    "Ivanov said that Khrushchev expected an answer before 20 March.",
    "Hoxha replied that the Party of Labour would discuss the letter of 8 February at its plenum.",
    "The meeting lasted 45 minutes and ended without agreement.",
    "On 15 March Mehmet Shehu informed the Chinese ambassador Luo Shiqing about the meeting.",
    "Luo said that Beijing would send 25 000 tonnes of wheat by the end of April.",
    "Shehu thanked him and asked for 3 engineers for the factory in Elbasan.",
    "The conversation was recorded by the interpreter Ksenofon Nushi.",
]
SQ = [
    "Më 12 mars 1961 Enver Hoxha priti ambasadorin sovjetik Ivanov në Tiranë.",
    "Ivanovi tha se Hrushovi priste një përgjigje para 20 marsit.",
    "Hoxha u përgjigj se Partia e Punës do ta shqyrtonte letrën e 8 shkurtit në plenum.",
    "Takimi zgjati 45 minuta dhe përfundoi pa marrëveshje.",
    "Më 15 mars Mehmet Shehu informoi ambasadorin kinez Luo Shiqing për takimin.",
    "Luo tha se Pekini do të dërgonte 25 000 tonë grurë deri në fund të prillit.",
    "Shehu e falënderoi dhe kërkoi 3 inxhinierë për fabrikën në Elbasan.",
    "Biseda u regjistrua nga përkthyesi Ksenofon Nushi.",
]


def pairs(beads) -> list[tuple[list[int], list[int]]]:
    return [(list(b.src), list(b.tgt)) for b in beads]


def _learned_table_size(times: int) -> int:
    """Entries of the word table learned from the 1-1 beads of SQ/EN repeated `times` times."""
    al = _Aligner(SQ * times, EN * times, False, None, None, None)
    found = [_Found((k,), (k,), 0.0, 1.0) for k in range(len(SQ) * times)]
    al.learn_lexicon(found)
    return len(al.model.lexicon.s)


def test_repetition_does_not_teach_the_lexicon_chance_pairs():
    # repeated sentence pairs are one observation: ten copies teach what one copy teaches
    assert _learned_table_size(10) == _learned_table_size(1)


def test_repeated_text_aligns_like_one_copy():
    once = pairs(align(SQ, EN, src_lang="sq", tgt_lang="en"))
    k = len(SQ)
    shifted = [([s + r * k for s in a], [t + r * k for t in b]) for r in range(6) for a, b in once]
    assert pairs(align(SQ * 6, EN * 6, src_lang="sq", tgt_lang="en")) == shifted


def test_one_side_note_at_the_start_stands_alone():
    note = [
        "Shënim i redaksisë: dokumenti botohet sipas origjinalit që ruhet në arkivin e shtetit, "
        "me drejtshkrimin e kohës.",
        "Përkthimi është rishikuar nga redaksia dhe shënimet janë të redaksisë.",
    ]
    beads = pairs(align(note + SQ, EN, src_lang="sq", tgt_lang="en"))
    assert beads[:3] == [([0], []), ([1], []), ([2], [0])]
    assert beads[3:] == [([k + 2], [k]) for k in range(1, len(EN))]


def _chance_part(tgt_len: list[float]) -> float:
    """Evidence of a 1-3 bead whose only matches lie between source 0 and target 0."""
    band = bandmod.make_band(np.zeros(2, np.int64), np.full(2, 3, np.int64), 3)
    ev = bandmod.PairEvidence.zeros(band.size)
    cell = int(band.flat(np.array([1]), np.array([1]))[0])
    ev.weight[cell], ev.count[cell] = 20.0, 5.0
    zeros_s, zeros_t = np.zeros(1), np.zeros(3)
    scorer = Scorer(
        band,
        Params(length=LengthModel(1.0, 6.8, 4.0)),
        np.array([100.0]),
        np.array(tgt_len),
        ev,
        zeros_s,
        zeros_t,
        zeros_s,
        zeros_t,
        zeros_s.astype(bool),
        zeros_t.astype(bool),
    )
    _length, evidence, _pen = scorer.parts(np.array([1]), np.array([3]), 1, 3)
    return float(evidence[0])


def test_chance_matches_grow_with_the_text_a_bead_adds():
    # two short headings joined to a paragraph make a chance match only a little likelier;
    # three equal sentences make it about three times likelier
    with_headings = _chance_part([90.0, 5.0, 5.0])
    equal_thirds = _chance_part([34.0, 33.0, 33.0])
    assert 20.0 > with_headings > equal_thirds
    assert with_headings > 20.0 - 0.5 * 5 * np.log(1.2)
    assert equal_thirds < 20.0 - 0.5 * 5 * np.log(2.8)


def test_confidence_is_lower_where_the_alignment_is_in_doubt():
    inserted = "Teksti vazhdon në faqen tjetër pa ndryshime të rëndësishme."
    beads = align([*SQ[:3], inserted, *SQ[3:]], EN, src_lang="sq", tgt_lang="en")
    doubtful = [b for b in beads if 3 in b.src]
    clean = [b for b in beads if b.src and (b.src[0] >= 5 or b.src[-1] <= 1)]
    assert doubtful and clean
    assert max(b.confidence for b in doubtful) < min(b.confidence for b in clean)
    assert all(0.0 <= b.confidence <= 1.0 for b in beads)


def test_result_does_not_depend_on_string_hashing():
    code = (
        f"import json, sys; sys.path.insert(0, {str(REPO)!r});"
        "from tests.test_align_model import SQ, EN; from workbench.align import align;"
        "b = align(SQ + SQ[:5] + ['Shënim.'] + SQ[5:], EN + EN, src_lang='sq', tgt_lang='en');"
        "print(json.dumps([[list(x.src), list(x.tgt), x.score, x.confidence] for x in b]))"
    )
    outs = []
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        outs.append(json.loads(run.stdout))
    assert outs[0] == outs[1] == outs[2] == outs[3]


def test_the_backward_sweep_reads_the_forward_scores_once(monkeypatch):
    # remembered (float32) scores give the posteriors that scoring every cell again gives
    monkeypatch.setattr(dp, "CHUNK", 5)  # several chunks of rows
    src, tgt = SQ * 3, EN[:5] + EN * 2 + EN[6:]
    al = _Aligner(src, tgt, False, None, None, None)
    band = bandmod.diagonal_band(al.fs.lengths, al.ft.lengths, 6)
    scorer = al._scorer(_Region(0, len(src), 0, len(tgt)), band)
    sweep = dp.Remembered(scorer)
    dp.viterbi_forward(band, TYPES, sweep)
    assert len(sweep.rows) == -(-(len(src) + 1) // 5)
    remembered = dp.backward(band, TYPES, sweep)
    assert not sweep.rows  # each chunk handed out once, then freed
    rescored = dp.backward(band, TYPES, scorer)
    reachable = rescored > -1e20
    assert reachable.sum() > len(src)
    np.testing.assert_allclose(remembered[reachable], rescored[reachable], rtol=1e-6, atol=1e-4)
    assert (remembered[~reachable] < -1e20).all()


def test_words_that_recur_everywhere_are_dropped_before_memory_runs_out(monkeypatch):
    # a text of a few words recurring in every other paragraph: matching all of them would take
    # gigabytes on a long text, and they tell little; the rarest pairs are kept
    common = [f"{a}{b}ery" for a in "bcdfg" for b in "aeiou"][:20]
    names = [f"Qu{a}{b}zor" for a in "bcdfghklmnprst" for b in "aeiou"][:60]
    texts = [
        " ".join(common[(k * 7 + j * 3) % 20] for j in range(8)) + f" {names[k]}."
        for k in range(60)
    ]
    band = bandmod.diagonal_band(np.full(60, 80.0), np.full(60, 80.0), 5)
    al = _Aligner(texts, texts, False, None, None, None)
    ch = al.word_channel
    args = (band, ch.src.tok, ch.tgt.tok, ch.pairs.s, ch.pairs.t, ch.pairs.w, 60)
    assert bandmod.within_budget(*args).all()  # a real text: all kept
    monkeypatch.setattr(bandmod, "MAX_MATCHES", 100)
    keep = bandmod.within_budget(*args)
    s, w = ch.pairs.s[keep], ch.pairs.w[keep]
    assert 0 < len(s) < len(ch.pairs.s)
    assert w.min() >= np.sort(ch.pairs.w)[::-1][len(s) - 1]  # the heaviest (rarest) pairs
    # the names (one paragraph each) stay; the common words (a third of all paragraphs) go
    assert {ch.src.vocab[k][:2] for k in s} == {"ku"}  # skeletons: Qubazor -> kubazor
    assert pairs(align(texts, texts)) == [([k], [k]) for k in range(60)]


def test_unrelated_texts_do_not_widen_the_band_past_its_budget(monkeypatch):
    # the band widens while the best path runs along its edge; between texts that do not
    # translate each other it keeps doing so, towards the whole n x m matrix
    import random

    rng = random.Random(7)
    vocab = ["".join(rng.choice("abcdefgh") for _ in range(rng.randint(2, 8))) for _ in range(400)]

    def paragraph() -> str:
        return " ".join(rng.choice(vocab) for _ in range(rng.randint(5, 60))) + "."

    src, tgt = [paragraph() for _ in range(1000)], [paragraph() for _ in range(1000)]
    forward = dp.viterbi_forward

    def widened(budget: int) -> list[int]:
        """Sizes of the bands after the first one (the widened and the second pass's)."""
        sizes = []

        def spy(band, *args, **kwargs):
            sizes.append(band.size)
            return forward(band, *args, **kwargs)

        monkeypatch.setattr(dp, "viterbi_forward", spy)
        monkeypatch.setattr(aligner, "MAX_BAND_CELLS", budget)
        beads = aligner.align(src, tgt, src_lang="de", tgt_lang="fr")
        assert [i for b in beads for i in b.src] == list(range(1000))
        assert [j for b in beads for j in b.tgt] == list(range(1000))
        return sizes[1:]

    assert max(widened(10**9)) > 30_000  # unbounded, the band grows
    assert max(widened(30_000)) <= 30_000

"""Token evidence: which anchors of the two texts match and how much a match is worth (in nats)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from .anchors import Features

P_NUMBER = 0.9  # a number in a sentence shows up in its translation this often
P_PUNCT = 0.6  # ? ! quotes brackets survive translation this often
P_IDENTICAL = 0.5  # a rare word spelled alike on both sides (names, units, cognates)
P_COGNATE = 0.3  # a rare word spelled similarly (Kangchendzönga ~ Kanchenjunga)
COGNATE_MIN = 0.88  # Jaro–Winkler similarity of skeletons
MAX_CDIST_CELLS = 4_000_000


@dataclass
class Side:
    """Token occurrences of one side: (segment, token id) without repeats, plus the vocabulary."""

    seg: np.ndarray
    tok: np.ndarray
    vocab: list[str]
    df: np.ndarray  # number of segments holding each token


def _side(token_lists: list[list[str]]) -> Side:
    """Number the tokens of one side and list their occurrences."""
    ids: dict[str, int] = {}
    seg, tok = [], []
    for s, toks in enumerate(token_lists):
        for t in dict.fromkeys(toks):  # first-occurrence order: ids do not depend on hashing
            k = ids.setdefault(t, len(ids))
            seg.append(s)
            tok.append(k)
    seg_a = np.array(seg, dtype=np.int64)
    tok_a = np.array(tok, dtype=np.int64)
    df = np.bincount(tok_a, minlength=len(ids)).astype(np.float64)
    return Side(seg_a, tok_a, list(ids), df)


@dataclass
class Pairs:
    """Matching token pairs with their weights; `penalty_*` is the cost of an unmatched token."""

    s: np.ndarray
    t: np.ndarray
    w: np.ndarray

    @staticmethod
    def empty() -> Pairs:
        """No pairs."""
        z = np.zeros(0, dtype=np.int64)
        return Pairs(z, z, np.zeros(0))

    def merged(self, other: Pairs) -> Pairs:
        """Union of two tables; a pair in both keeps its larger weight."""
        s = np.concatenate([self.s, other.s])
        t = np.concatenate([self.t, other.t])
        w = np.concatenate([self.w, other.w])
        if len(s) == 0:
            return self
        key = s * (int(t.max()) + 1) + t
        order = np.lexsort((-w, key))
        key, s, t, w = key[order], s[order], t[order], w[order]
        first = np.ones(len(key), dtype=bool)
        first[1:] = key[1:] != key[:-1]
        return Pairs(s[first], t[first], w[first])


@dataclass
class Channel:
    """One kind of evidence (numbers, punctuation, words): occurrences, pairs, unmatched costs."""

    src: Side
    tgt: Side
    pairs: Pairs
    src_penalty: np.ndarray  # per source segment: summed log-prob of its tokens staying unmatched
    tgt_penalty: np.ndarray


def _rarity(src: Side, tgt: Side, s: np.ndarray, t: np.ndarray, n: int, m: int) -> np.ndarray:
    """Chance that an unrelated segment pair shares the token: the larger document frequency."""
    return np.maximum(src.df[s] / max(n, 1), tgt.df[t] / max(m, 1)).clip(1e-6, 1.0)


def exact_channel(src_lists, tgt_lists, p: float, n: int, m: int) -> Channel:
    """Tokens that match only when equal (numbers, punctuation); unmatched ones cost."""
    src, tgt = _side(src_lists), _side(tgt_lists)
    tindex = {w: k for k, w in enumerate(tgt.vocab)}
    s = np.array([k for k, w in enumerate(src.vocab) if w in tindex], dtype=np.int64)
    t = np.array([tindex[src.vocab[k]] for k in s], dtype=np.int64)
    q = _rarity(src, tgt, s, t, n, m)
    miss = np.minimum(np.log((1 - p) / (1 - np.minimum(q, 0.99))), 0.0)
    hit = np.maximum(np.log(p / q), 0.0)
    pairs = Pairs(s, t, hit - 2 * miss)  # a hit also cancels the two miss costs charged below
    src_pen = np.zeros(src.df.shape)
    tgt_pen = np.zeros(tgt.df.shape)
    src_pen[s] = miss
    tgt_pen[t] = miss
    return Channel(
        src,
        tgt,
        pairs,
        np.bincount(src.seg, weights=src_pen[src.tok], minlength=n),
        np.bincount(tgt.seg, weights=tgt_pen[tgt.tok], minlength=m),
    )


def word_channel(fs: Features, ft: Features, same_language: bool) -> Channel:
    """Words spelled alike or similarly (cognates, names across scripts), weighted by rarity."""
    n, m = len(fs.words), len(ft.words)
    src, tgt = _side(fs.words), _side(ft.words)
    min_len = 1 if same_language else 3
    tindex = {w: k for k, w in enumerate(tgt.vocab)}
    same_s = [k for k, w in enumerate(src.vocab) if len(w) >= min_len and w in tindex]
    s = np.array(same_s, dtype=np.int64)
    t = np.array([tindex[src.vocab[k]] for k in same_s], dtype=np.int64)
    p_same = 0.7 if same_language else P_IDENTICAL
    w = np.log(p_same / _rarity(src, tgt, s, t, n, m))
    table = Pairs(s, t, w)
    if not same_language:
        table = table.merged(_cognates(src, tgt, n, m))
    keep = table.w > 0
    table = Pairs(table.s[keep], table.t[keep], table.w[keep])
    return Channel(src, tgt, table, np.zeros(n), np.zeros(m))


def _cognates(src: Side, tgt: Side, n: int, m: int) -> Pairs:
    """Similar skeletons (Jaro–Winkler), compared only within the same first letter to stay fast."""
    out_s, out_t = [], []
    by_letter: dict[str, tuple[list[int], list[int]]] = {}
    for k, w in enumerate(src.vocab):
        if len(w) >= 5 and src.df[k] <= max(2.0, 0.05 * n):
            by_letter.setdefault(w[0], ([], []))[0].append(k)
    for k, w in enumerate(tgt.vocab):
        if len(w) >= 5 and tgt.df[k] <= max(2.0, 0.05 * m) and w[0] in by_letter:
            by_letter[w[0]][1].append(k)
    for sk, tk in by_letter.values():
        if not sk or not tk:
            continue
        step = max(1, MAX_CDIST_CELLS // len(tk))
        tw = [tgt.vocab[k] for k in tk]
        for a in range(0, len(sk), step):
            part = sk[a : a + step]
            sim = process.cdist(
                [src.vocab[k] for k in part],
                tw,
                scorer=JaroWinkler.normalized_similarity,
                score_cutoff=COGNATE_MIN,
                dtype=np.float32,
                workers=-1,
            )
            i, j = np.nonzero(sim)
            ok = sim[i, j] < 1.0  # identical ones are handled by the caller
            out_s.append(np.asarray(part, dtype=np.int64)[i[ok]])
            out_t.append(np.asarray(tk, dtype=np.int64)[j[ok]])
    if not out_s:
        return Pairs.empty()
    s, t = np.concatenate(out_s), np.concatenate(out_t)
    return Pairs(s, t, np.log(P_COGNATE / _rarity(src, tgt, s, t, n, m)))


def build_channels(fs: Features, ft: Features, same_language: bool) -> list[Channel]:
    """All evidence channels of a text pair."""
    n, m = len(fs.words), len(ft.words)
    return [
        exact_channel(fs.numbers, ft.numbers, P_NUMBER, n, m),
        exact_channel(fs.punct, ft.punct, P_PUNCT, n, m),
        word_channel(fs, ft, same_language),
    ]

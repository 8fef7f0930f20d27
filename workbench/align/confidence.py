"""Human reasons for a bead: what made the aligner link (or not link) these segments."""

from __future__ import annotations

from collections import Counter

from .anchors import Features


class Explainer:
    """Builds short reasons from the features and the matching tables of a text pair."""

    def __init__(
        self,
        fs: Features,
        ft: Features,
        ratio: float,
        word_pairs: dict[str, set[str]],
        lexicon: dict[str, set[str]],
    ):
        """word_pairs: cognate/identical skeleton partners; lexicon: learned translations."""
        self.fs, self.ft, self.ratio = fs, ft, ratio
        self.word_pairs, self.lexicon = word_pairs, lexicon

    def reasons(self, src: tuple[int, ...], tgt: tuple[int, ...]) -> tuple[str, ...]:
        """Reasons for one bead, most telling first."""
        fs, ft = self.fs, self.ft
        if not src or not tgt:
            side, segs, feats = ("source", src, fs) if src else ("target", tgt, ft)
            out = [f"{side} only"]
            if all(feats.empty[k] for k in segs):
                out.append("empty segment")
            elif any(feats.caption[k] for k in segs):
                out.append("looks like a caption or heading")
            return tuple(out)
        out = []
        ls = sum(fs.lengths[k] for k in src)
        lt = sum(ft.lengths[k] for k in tgt)
        if ls > 0 and lt > 0:
            r = (lt / ls) / self.ratio
            verdict = "fit" if 0.75 <= r <= 1.33 else "differ"
            out.append(f"lengths {verdict} (ratio {r:.2f})")
        nums_s = Counter(x for k in src for x in fs.numbers[k])
        nums_t = Counter(x for k in tgt for x in ft.numbers[k])
        if nums_s or nums_t:
            hit = sum((nums_s & nums_t).values())
            total = max(sum(nums_s.values()), sum(nums_t.values()))
            out.append(f"{hit} of {total} numbers match")
        alike = self._matches(src, tgt, self.word_pairs)
        # a capitalised pair is a name (Khrushchev ~ Hrushovi); the rest are words spelt alike
        # (offizielle ~ officielle, des ~ des), not names
        names = [(a, b) for a, b in alike if a[:1].isupper() and b[:1].isupper()]
        words = [(a, b) for a, b in alike if (a, b) not in names]
        for label, pairs in (("names", names), ("similar words", words)):
            if pairs:
                out.append(f"{label}: " + ", ".join(f"{a} ~ {b}" for a, b in pairs[:3]))
        lex = self._matches(src, tgt, self.lexicon)
        if lex:
            out.append(f"{len(lex)} learned word pairs")
        ps = {p for k in src for p in fs.punct[k]}
        pt = {p for k in tgt for p in ft.punct[k]}
        if ps & pt:
            out.append("punctuation matches (" + " ".join(sorted(ps & pt)) + ")")
        if not (nums_s & nums_t) and not alike and not lex and not (ps & pt):
            out.append("no anchor")
        return tuple(out)

    def _matches(self, src, tgt, table: dict[str, set[str]]) -> list[tuple[str, str]]:
        """Surface forms of word pairs in the bead that the table links."""
        fs, ft = self.fs, self.ft
        tw = {w for k in tgt for w in ft.words[k]}
        out, seen = [], set()
        for k in src:
            for w in fs.words[k]:
                if w in seen:
                    continue
                seen.add(w)
                hit = table.get(w, set()) & tw
                if hit:
                    y = min(hit)
                    out.append((fs.surface.get(w, w), ft.surface.get(y, y)))
        return out

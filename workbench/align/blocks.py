"""Many small regions solved as one: a block of regions that meet end to start.

Aligning inside given regions (the sentences of each paragraph link, the spans between kept
links) solved each region with its own dynamic programme: some two thousand small numpy calls
whatever the region held, so a document of 1,300 paragraphs took 13 s where the same sentences
as one region take 1.5 s. Regions that meet (one ends where the next begins, on both sides,
with no kept bead between) are solved together instead: one band made of each region's own
band, kept inside the region's rectangle, and walls in the scorer so that no bead crosses from
one region into the next. The path must pass through every corner where two regions meet, so
the block's best path, and every bead's posterior, are those of each region on its own (up to
rounding: the sums run over the block at once).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import band as bandmod


@dataclass
class Region:
    """Source s0..s1-1 and target t0..t1-1; `cuts`: where the regions joined in it meet
    (local coordinates, ascending on both sides), none for a single region."""

    s0: int
    s1: int
    t0: int
    t1: int
    cuts: tuple[tuple[int, int], ...] = field(default=())


def join(regions: Sequence[Region], kept_after: set[int]) -> list[tuple[Region, list[int]]]:
    """Blocks of consecutive regions, each with the indices of the regions in it. Two regions
    join when the second begins where the first ends, neither has an empty side (those need no
    programme: every segment stands alone) and no kept bead lies between them (`kept_after`:
    the regions a kept bead follows)."""
    blocks: list[tuple[Region, list[int]]] = []
    for k, r in enumerate(regions):
        if blocks:
            last, members = blocks[-1]
            before = regions[members[-1]]
            if (
                members[-1] not in kept_after
                and _full(before)
                and _full(r)
                and (before.s1, before.t1) == (r.s0, r.t0)
            ):
                cut = (before.s1 - last.s0, before.t1 - last.t0)
                joined = Region(last.s0, r.s1, last.t0, r.t1, (*last.cuts, cut))
                blocks[-1] = (joined, [*members, k])
                continue
        blocks.append((Region(r.s0, r.s1, r.t0, r.t1), [k]))
    return blocks


def _full(r: Region) -> bool:
    return r.s1 > r.s0 and r.t1 > r.t0


@dataclass
class Parts:
    """The rectangles of a block's regions in its lattice (local coordinates)."""

    s: np.ndarray  # region k spans rows s[k]..s[k+1]
    t: np.ndarray  # and columns t[k]..t[k+1]

    @staticmethod
    def of(reg: Region) -> Parts:
        s = [0, *(c[0] for c in reg.cuts), reg.s1 - reg.s0]
        t = [0, *(c[1] for c in reg.cuts), reg.t1 - reg.t0]
        return Parts(np.asarray(s, dtype=np.int64), np.asarray(t, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.s) - 1

    def rows(self) -> Iterator[tuple[int, int, int, int]]:
        """Each region's rectangle: (s0, s1, t0, t1)."""
        for k in range(len(self)):
            yield int(self.s[k]), int(self.s[k + 1]), int(self.t[k]), int(self.t[k + 1])

    def stitch(self, rows: Sequence[tuple[np.ndarray, np.ndarray]], m: int) -> bandmod.Band:
        """One band from each region's band rows (local lo, hi of rows 0..n_k), placed in its
        rectangle; a row where two regions meet holds both halves."""
        lo = np.empty(int(self.s[-1]) + 1, dtype=np.int64)
        hi = np.empty_like(lo)
        for (s0, s1, t0, t1), (rlo, rhi) in zip(self.rows(), rows, strict=True):
            lo[s0 + 1 : s1 + 1] = np.clip(rlo[1:], 0, t1 - t0) + t0
            hi[s0 : s1 + 1] = np.clip(rhi, 0, t1 - t0) + t0
            if s0 == 0:
                lo[0] = t0 + max(int(rlo[0]), 0)
        return bandmod.make_band(lo, hi, m)

    def local(self, lo: np.ndarray, hi: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows s[k]..s[k+1] of per-row column ranges, in region k's own coordinates."""
        s0, s1, t0, _t1 = int(self.s[k]), int(self.s[k + 1]), int(self.t[k]), int(self.t[k + 1])
        return lo[s0 : s1 + 1] - t0, hi[s0 : s1 + 1] - t0

    def floors(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per cell, the first row and column of the region it lies in: a bead ending there
        may start no earlier. A row where two regions meet belongs to the first up to their
        corner and to the second after it."""
        k = np.searchsorted(self.s[1:], i, "left")  # the first region ending at or after row i
        k = np.minimum(k, len(self) - 1)
        k = k + ((self.s[k + 1] == i) & (j > self.t[k + 1]) & (k + 1 < len(self)))
        return self.s[k], self.t[k]

    def split(self, found: list) -> list[list]:
        """A block's beads, in order, as each region's."""
        out: list[list] = []
        it = iter(found)
        for s0, s1, t0, t1 in self.rows():
            mine, i, j = [], 0, 0
            while i < s1 - s0 or j < t1 - t0:
                f = next(it)
                mine.append(f)
                i, j = i + len(f.src), j + len(f.tgt)
            out.append(mine)
        return out

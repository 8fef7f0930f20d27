"""Pure edits of an alignment path: merge, split, shift, detach.

A link is a `Span`: half-open position ranges on each side. Consecutive spans tile both texts
in order, and each edit returns the spans that replace the ones it was given, keeping that
tiling. Nothing here knows about storage, users or statuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.errors import InputError


@dataclass(frozen=True)
class Span:
    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int

    @property
    def src_size(self) -> int:
        return self.src_end - self.src_start

    @property
    def tgt_size(self) -> int:
        return self.tgt_end - self.tgt_start

    @property
    def empty(self) -> bool:
        return self.src_size == 0 and self.tgt_size == 0


def follows(first: Span, second: Span) -> bool:
    """True when `second` starts exactly where `first` ends on both sides."""
    return (second.src_start, second.tgt_start) == (first.src_end, first.tgt_end)


def merge(first: Span, second: Span) -> list[Span]:
    """One link covering two neighbouring links."""
    if not follows(first, second):
        raise InputError("only neighbouring links can be merged")
    return [Span(first.src_start, second.src_end, first.tgt_start, second.tgt_end)]


def split(link: Span, src_at: int, tgt_at: int) -> list[Span]:
    """Two links: the segments before the boundaries, and those from them on."""
    if not (link.src_start <= src_at <= link.src_end and link.tgt_start <= tgt_at <= link.tgt_end):
        raise InputError("the split point must lie inside the link")
    parts = [
        Span(link.src_start, src_at, link.tgt_start, tgt_at),
        Span(src_at, link.src_end, tgt_at, link.tgt_end),
    ]
    if any(part.empty for part in parts):
        raise InputError("each part of a split needs at least one segment")
    return parts


def shift(link: Span, neighbour: Span, *, side: str, direction: str) -> list[Span]:
    """Move one segment of `link` on `side` into the link above or below.

    `up` moves the link's first segment to the end of the previous link (`neighbour` before
    `link`); `down` moves its last segment to the start of the next link. A link left with no
    segment at all disappears.
    """
    if side not in ("source", "target") or direction not in ("up", "down"):
        raise InputError("shift needs side source|target and direction up|down")
    size = link.src_size if side == "source" else link.tgt_size
    if size == 0:
        raise InputError(f"the link has no {side} segment to move")
    if direction == "up":
        if not follows(neighbour, link):
            raise InputError("there is no link above to shift into")
        moved = [_resize(neighbour, side, end=1), _resize(link, side, start=1)]
    else:
        if not follows(link, neighbour):
            raise InputError("there is no link below to shift into")
        moved = [_resize(link, side, end=-1), _resize(neighbour, side, start=-1)]
    return [span for span in moved if not span.empty]


def _resize(span: Span, side: str, *, start: int = 0, end: int = 0) -> Span:
    if side == "source":
        return Span(span.src_start + start, span.src_end + end, span.tgt_start, span.tgt_end)
    return Span(span.src_start, span.src_end, span.tgt_start + start, span.tgt_end + end)


def detach(link: Span) -> list[Span]:
    """Make the link's source and target stand alone: an n-0 and a 0-m link."""
    if link.src_size == 0 or link.tgt_size == 0:
        raise InputError("the link is already one-sided")
    return [
        Span(link.src_start, link.src_end, link.tgt_start, link.tgt_start),
        Span(link.src_end, link.src_end, link.tgt_start, link.tgt_end),
    ]


def check_tiling(spans: Sequence[Span], n_src: int, n_tgt: int) -> None:
    """Raise ValueError unless `spans` tile [0, n_src) and [0, n_tgt) in order."""
    src_at = tgt_at = 0
    for span in spans:
        if (span.src_start, span.tgt_start) != (src_at, tgt_at) or span.empty:
            raise ValueError(f"links do not tile the texts at {span}")
        src_at, tgt_at = span.src_end, span.tgt_end
    if (src_at, tgt_at) != (n_src, n_tgt):
        raise ValueError("links do not reach the end of the texts")


def moved(position: int, first: int, old_end: int, delta: int) -> int | None:
    """Where sentence position (or boundary) `position` is once the sentences [first, old_end)
    are replaced by `old_end - first + delta` others (a paragraph's text changed): the same
    before them, `delta` further from their end on. Inside them it is the same when their
    number is, else None: nothing there corresponds to it any more."""
    if delta == 0 or position < first or first == position < old_end:
        return position
    if position > old_end or first < position == old_end:
        return position + delta
    return None

"""Pure edits of an alignment path keep both texts tiled, in order."""

from __future__ import annotations

import pytest

from workbench.errors import InputError
from workbench.linkops import Span, check_tiling, detach, merge, shift, split

A = Span(0, 1, 0, 1)
B = Span(1, 3, 1, 2)
C = Span(3, 4, 2, 4)


def test_merge_joins_two_neighbours() -> None:
    assert merge(A, B) == [Span(0, 3, 0, 2)]


def test_merge_refuses_links_that_are_not_neighbours() -> None:
    with pytest.raises(InputError):
        merge(A, C)


def test_split_cuts_at_the_chosen_boundaries() -> None:
    assert split(B, 2, 1) == [Span(1, 2, 1, 1), Span(2, 3, 1, 2)]


@pytest.mark.parametrize("src_at, tgt_at", [(1, 1), (3, 2), (0, 1), (2, 5)])
def test_split_refuses_empty_parts_and_points_outside(src_at: int, tgt_at: int) -> None:
    with pytest.raises(InputError):
        split(B, src_at, tgt_at)


def test_shift_up_moves_the_first_segment_into_the_previous_link() -> None:
    assert shift(B, A, side="source", direction="up") == [Span(0, 2, 0, 1), Span(2, 3, 1, 2)]


def test_shift_down_moves_the_last_segment_into_the_next_link() -> None:
    assert shift(B, C, side="target", direction="down") == [Span(1, 3, 1, 1), Span(3, 4, 1, 4)]


def test_a_link_emptied_by_a_shift_disappears() -> None:
    assert shift(Span(1, 2, 1, 1), A, side="source", direction="up") == [Span(0, 2, 0, 1)]


def test_detach_makes_one_sided_links() -> None:
    assert detach(B) == [Span(1, 3, 1, 1), Span(3, 3, 1, 2)]
    with pytest.raises(InputError):
        detach(Span(1, 3, 1, 1))


def test_every_edit_keeps_the_tiling() -> None:
    spans = [A, B, C]
    check_tiling(spans, 4, 4)
    check_tiling([*merge(A, B), C], 4, 4)
    check_tiling([A, *split(B, 2, 1), C], 4, 4)
    check_tiling([*shift(B, A, side="target", direction="up"), C], 4, 4)
    check_tiling([A, *detach(B), C], 4, 4)
    with pytest.raises(ValueError):
        check_tiling([A, C], 4, 4)

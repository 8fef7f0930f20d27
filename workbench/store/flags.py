"""Flags on links and spans, with their comment threads."""

from __future__ import annotations

from workbench.store.base import StoreBase


class FlagQueries(StoreBase):
    """Queries over flags (filled in by the flags work)."""

"""Queries the review page needs: link windows with texts, filters, and the undo log."""

from __future__ import annotations

from workbench.store.base import StoreBase


class ReviewQueries(StoreBase):
    """Queries for reviewing an alignment."""

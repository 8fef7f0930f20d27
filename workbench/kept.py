"""A few values kept between requests, each with a stamp of what it was made from.

The compare page's rows and the concordance's link texts take seconds to make on a long
document and are read again page after page; each is kept in the server process while a
cheap stamp of its inputs (a few counts and sums, `store.alignment_inputs`) is the same, the
least recently used going first once `size` are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class StampedCache(Generic[Value]):
    """Values by key, each valid while its stamp is the one asked with (thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[Hashable, Value]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, stamp: Hashable, make: Callable[[], Value]) -> Value:
        """The value kept for `key` if it was made under `stamp`, else `make()`'s, kept.
        Two requests missing at once both make it (making holds no lock): the later stays."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == stamp:
                self._kept.move_to_end(key)
                return kept[1]
        value = make()
        with self._lock:
            self._kept[key] = (stamp, value)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return value

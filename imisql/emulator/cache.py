"""Thread-safe bounded LRU caches (rendered item JSON and query results).

Memory is bounded by a weight budget: each entry has a weight (characters of JSON text, or
positions in a result array, plus the size of a large key) and the least recently used entries are
evicted once the total exceeds the budget.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class WeightedLru(Generic[V]):
    def __init__(self, budget: int, weigh: Callable[[V], int]) -> None:
        self._budget = budget
        self._weigh = weigh
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: V, key_weight: int = 0) -> None:
        """Store ``value``; ``key_weight`` accounts for a large key (it is added to the value's weight)."""
        weight = self._weigh(value) + key_weight
        if weight > self._budget:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._total -= old[1]
            self._entries[key] = (value, weight)
            self._total += weight
            while self._total > self._budget:
                _, (_, evicted) = self._entries.popitem(last=False)
                self._total -= evicted

    def get_or_compute(self, key: Hashable, compute: Callable[[], V], key_weight: int = 0) -> V:
        value = self.get(key)
        if value is None:
            value = compute()
            self.put(key, value, key_weight)
        return value

    @property
    def total_weight(self) -> int:
        return self._total

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._total = 0

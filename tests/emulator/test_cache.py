"""The bounded LRU used for rendered items and query results."""

from __future__ import annotations

from imisql.emulator.cache import WeightedLru


def test_evicts_least_recently_used_by_weight() -> None:
    cache: WeightedLru[str] = WeightedLru(10, len)
    cache.put("a", "xxxx")
    cache.put("b", "xxxx")
    assert cache.get("a") == "xxxx"  # a is now the most recent
    cache.put("c", "xxxx")
    assert cache.get("b") is None and cache.get("a") == "xxxx" and cache.get("c") == "xxxx"
    assert cache.total_weight == 8


def test_oversized_values_and_keys_are_not_stored() -> None:
    cache: WeightedLru[str] = WeightedLru(10, len)
    cache.put("big", "x" * 11)
    cache.put("big-key", "x", key_weight=10)
    assert cache.get("big") is None and cache.get("big-key") is None and cache.total_weight == 0


def test_key_weight_counts_against_the_budget() -> None:
    cache: WeightedLru[str] = WeightedLru(10, len)
    cache.put("a", "x", key_weight=5)
    cache.put("b", "x", key_weight=5)
    assert cache.get("a") is None and cache.get("b") == "x"


def test_get_or_compute_computes_once() -> None:
    cache: WeightedLru[str] = WeightedLru(100, len)
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return "value"

    assert cache.get_or_compute("k", compute) == cache.get_or_compute("k", compute) == "value"
    assert calls == [1]
    cache.clear()
    assert cache.get("k") is None and cache.total_weight == 0

"""LazyPositions reads like the full array of positions, drawing only as far as each access needs."""

from __future__ import annotations

from array import array
from collections.abc import Iterator

import pytest

from imisql.emulator.lazypositions import LazyPositions


def test_slices_and_indexes_read_like_the_array() -> None:
    full = array("i", range(3, 300, 7))
    drawn: list[int] = []

    def positions() -> Iterator[int]:
        for value in full:
            drawn.append(value)
            yield value

    lazy = LazyPositions(len(full), positions())
    assert len(lazy) == len(full) and drawn == []  # counted up front, nothing listed yet
    assert lazy[5:8] == full[5:8] and len(drawn) == 8
    assert lazy[-1] == full[-1] and lazy[0] == full[0] and lazy[2:40:3] == full[2:40:3]
    assert lazy[len(full) : len(full) + 5] == array("i") and list(lazy) == list(full)
    with pytest.raises(IndexError):
        lazy[len(full)]

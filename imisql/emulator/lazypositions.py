"""A scan's matching positions, counted up front and listed only as far as the pages asked for need.

A list page needs the total count (``TotalCount``) and its own ``limit`` positions: the first page
of a filter that matches most rows then reads a few hundred row flags instead of a million.
:class:`LazyPositions` is a read-only sequence: ``len`` is the count given up front, and slicing
draws positions from the iterator (under a lock: a cached result serves concurrent requests) until
the slice is covered.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import overload


class LazyPositions(Sequence[int]):
    """``count`` ascending positions, drawn from ``positions`` as slices need them."""

    def __init__(self, count: int, positions: Iterator[int]) -> None:
        self._count = count
        self._source = positions
        self._found = array("i")
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> array[int]: ...

    def __getitem__(self, index: int | slice) -> int | array[int]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            self._draw(max(start, stop))
            return self._found[start:stop:step]
        if not -self._count <= index < self._count:
            raise IndexError("position index out of range")
        index %= self._count
        self._draw(index + 1)
        return self._found[index]

    def __iter__(self) -> Iterator[int]:
        self._draw(self._count)
        return iter(self._found)

    def _draw(self, stop: int) -> None:
        with self._lock:
            missing = stop - len(self._found)
            if missing > 0:
                self._found.extend(islice(self._source, missing))

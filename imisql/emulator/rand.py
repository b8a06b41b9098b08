"""Deterministic pseudo-randomness keyed by (seed, salt, index).

Every generated row is a pure function of the dataset seed and its index, so nothing has to be
stored: :class:`Draw` is a tiny splitmix64 stream, cheap enough to create per row.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def mix64(x: int) -> int:
    """splitmix64 finaliser: a well-mixed 64-bit hash of ``x``."""
    x = (x + _GOLDEN) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def salt_of(name: str) -> int:
    """A stable integer for a stream name (``hash(str)`` is randomised per process)."""
    return zlib.crc32(name.encode("utf-8"))


def keyed(seed: int, salt: int, index: int) -> int:
    """One 64-bit hash of (seed, salt, index)."""
    return mix64(mix64((seed << 32) ^ salt) ^ index)


class Keyed:
    """``keyed(seed, salt, index)`` with the (seed, salt) half precomputed: one mix per index."""

    __slots__ = ("_base",)

    def __init__(self, seed: int, salt: int) -> None:
        self._base = mix64((seed << 32) ^ salt)

    def __call__(self, index: int) -> int:
        return mix64(self._base ^ index)

    def draw(self, index: int) -> Draw:
        return Draw.from_state(self(index))


class Draw:
    """A deterministic random stream for one row."""

    __slots__ = ("_state",)

    def __init__(self, seed: int, salt: int, index: int) -> None:
        self._state = keyed(seed, salt, index)

    @classmethod
    def from_state(cls, state: int) -> Draw:
        draw = cls.__new__(cls)
        draw._state = state
        return draw

    def next(self) -> int:
        """53 pseudo-random bits (a 64-bit LCG step; the high bits are the good ones)."""
        self._state = (self._state * 6364136223846793005 + 1442695040888963407) & _MASK
        return self._state >> 11

    def below(self, n: int) -> int:
        """An integer in ``[0, n)``."""
        return self.next() % n

    def between(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``."""
        return low + self.next() % (high - low + 1)

    def chance(self, probability: float) -> bool:
        return self.next() < probability * 9007199254740992.0

    def pick(self, items: Sequence[T]) -> T:
        return items[self.next() % len(items)]

    def digits(self, count: int) -> str:
        return str(self.next() % 10**count).zfill(count)

    def guid(self) -> str:
        """A version-4-shaped GUID in lower case, as iMIS writes UniformId."""
        hex32 = f"{self.next():014x}{self.next():014x}{self.next() & 0xFFFF:04x}"
        return f"{hex32[:8]}-{hex32[8:12]}-4{hex32[13:16]}-a{hex32[17:20]}-{hex32[20:32]}"

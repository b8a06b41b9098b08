"""Choosing distinct members of a population without storing the population.

Event registrants and group members are ``count`` distinct positions out of ``population``,
picked with an affine permutation ``(start + k * stride) mod population`` whose stride is coprime
with the population, then sorted so rows come out in key order.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence

from imisql.emulator.rand import Draw


def pick_distinct(draw: Draw, population: int, count: int) -> array[int]:
    """``count`` distinct integers in ``[0, population)``, sorted ascending."""
    count = max(0, min(count, population))
    if count == 0:
        return array("i")
    start = draw.below(population)
    stride = 1 + draw.below(population)
    while math.gcd(stride, population) != 1:
        stride = stride % population + 1
    return array("i", sorted((start + k * stride) % population for k in range(count)))


def map_positions(positions: Sequence[int], table: Sequence[int]) -> array[int]:
    """Translate positions through ``table`` (e.g. person positions -> party indexes)."""
    return array("i", (table[p] for p in positions))


def prefix_sums(counts: Sequence[int] | array[int]) -> array[int]:
    """``[0, c0, c0+c1, ...]``: row ``pos`` of a grouped table belongs to group ``bisect(sums, pos) - 1``."""
    sums = array("q", [0])
    total = 0
    for c in counts:
        total += c
        sums.append(total)
    return sums

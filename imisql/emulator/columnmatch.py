"""Which distinct values of a column pass a filter: one byte per value (1 passes), computed in bulk.

:func:`passing` answers exactly ``bytes(map(f.test_value, column.values))`` (read per value index
by :meth:`Passing.by_value`), without a Python call per value where it can:

* Comparisons of a column with a kind (``eq``, ``in``, ``ne``, ``between``, ``gt``, ``ge``,
  ``lt``, ``le``): :func:`imisql.prepared_match.prepared` compares the third part of
  :func:`~imisql.semantics.sort_key` when the value's key starts with 1 (NULL and values that
  cannot be coerced fail), and every operand's key must start with 1 too. The passing values are
  then runs of the column's sort order, found by bisection on the key, and the flags are kept per
  sort position (a row's flag is then read through its value's rank). An ``in:`` list with more
  operands than the bisections would save takes the prepared test per value instead.
* ``contains``, ``startsWith``, ``endsWith``, ``notContain`` with a text operand: the column's
  casefolded texts without trailing spaces (``text_key``, kept by the build) are tested by C-level
  ``map`` calls; the few values that are not text take the prepared test. ``startsWith`` an ASCII
  text on a STRING column first bisects the run of values whose collation key starts with it: when
  that run is short, only its values are tested.
* Anything else: the prepared test, once per value.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import repeat

from imisql.emulator.columns import Column, fold_texts
from imisql.emulator.query import Filter
from imisql.operators import Op
from imisql.prepared_match import prepared
from imisql.semantics import Kind, sort_key

_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")
_COMPARISONS = frozenset({Op.EQUAL, Op.IN, Op.NOT_EQUAL, Op.BETWEEN, Op.GREATER_THAN,
                          Op.GREATER_THAN_OR_EQUAL, Op.LESS_THAN, Op.LESS_THAN_OR_EQUAL})  # fmt: skip
_TEXT: dict[Op, Callable[[str, str], bool]] = {
    Op.CONTAINS: operator.contains,
    Op.NOT_CONTAIN: operator.contains,  # then flipped
    Op.STARTS_WITH: str.startswith,
    Op.ENDS_WITH: str.endswith,
}
_FEW = 16  # startsWith tests its candidates one by one when they are at most 1/16 of the values; in: bisects up to 16
_NOT_NULL = (1,)  # below every key of a coerced value (1, rank, comparable)
_UNCOERCIBLE = (2,)  # below every key of a value that could not be coerced (2, 0, text)


@dataclass(frozen=True)
class Passing:
    """The values of a column that pass a filter: a byte 1 or 0 per value index, or per sort position."""

    flags: bytes
    by_position: bool  # True: ``flags[p]`` for the values at sort position ``p`` (equal keys pass alike)

    def by_value(self, column: Column) -> bytes:
        """The flags per value index."""
        return bytes(map(self.flags.__getitem__, column.ranks)) if self.by_position else self.flags


def passing(f: Filter, column: Column) -> Passing:
    """``f.test_value`` of each of the column's distinct values."""
    found = _holds(f, column) if f.satisfiable else Passing(bytes(len(column.values)), False)
    if not f.negated:
        return found
    flipped = bytearray(found.flags.translate(_FLIP))
    if column.values and column.values[column.order[0]] is None:  # NULL sorts first; it fails negated tests
        flipped[0 if found.by_position else column.order[0]] = 0
    return Passing(bytes(flipped), found.by_position)


def _holds(f: Filter, column: Column) -> Passing:
    kind, operands = f.field.kind, f.operands
    if kind is not None and f.op in _COMPARISONS:
        keys = [sort_key(operand, kind) for operand in operands]
        if not all(key[0] == 1 for key in keys):
            return Passing(bytes(len(column.values)), False)  # an operand that is NULL or cannot be coerced
        if len(keys) > _FEW and len(keys) * 2 * len(column.values).bit_length() > len(column.values):
            return Passing(_each(f, column.values), False)  # a long in: list on few values: a test per value
        return Passing(_runs(column, _comparison_runs(f.op, keys, column)), True)
    if f.op in _TEXT and len(operands) == 1 and type(operands[0]) is str:
        run = _prefix_run(column, operands[0].casefold()) if f.op is Op.STARTS_WITH else None
        found = _text(f, column) if run is None else _some(f, column, map(column.order.__getitem__, run))
        return Passing(found, False)
    return Passing(_each(f, column.values), False)


def _some(f: Filter, column: Column, indices: Iterable[int]) -> bytes:
    """The prepared test of the values at ``indices``; the others fail."""
    passing = bytearray(len(column.values))
    test = prepared(f.op, f.operands, f.field.kind)
    for index in indices:
        passing[index] = test(column.values[index])
    return bytes(passing)


def _prefix_run(column: Column, needle: str) -> range | None:
    """The sort positions of the values whose collation key starts with ``needle``, if it is ASCII and they are few.

    A text starting with an ASCII ``needle`` has a collation key starting with it (accents are only
    taken off letters after it), so every value passing ``startsWith`` is in the run.
    """
    if column.kind is not Kind.STRING or not needle or not needle.isascii():
        return None
    head = sort_key("", Kind.STRING)[:2]
    first: tuple[int, int, object] = (*head, (needle, ""))
    beyond: tuple[int, int, object] = (*head, (needle[:-1] + chr(ord(needle[-1]) + 1), ""))
    positions = range(len(column.values))
    low = bisect_left(positions, first, key=column.sort_key_at)
    high = bisect_left(positions, beyond, key=column.sort_key_at)
    return positions[low:high] if (high - low) * _FEW <= len(positions) else None


def _each(f: Filter, values: Sequence[object]) -> bytes:
    return bytes(map(bool, map(prepared(f.op, f.operands, f.field.kind), values)))


def _runs(column: Column, runs: list[tuple[int, int]]) -> bytes:
    """Per sort position, whether it is in one of the runs (equal keys are never split)."""
    flags = bytearray(len(column.values))
    for low, high in runs:
        if high > low:
            flags[low:high] = b"\x01" * (high - low)
    return bytes(flags)


def _comparison_runs(op: Op, keys: list[tuple[int, int, object]], column: Column) -> list[tuple[int, int]]:
    """The runs of sort-order positions whose keys compare with the operands' keys as ``op`` asks."""
    positions = range(len(column.values))
    below = partial(bisect_left, positions, key=column.sort_key_at)
    upto = partial(bisect_right, positions, key=column.sort_key_at)
    first, end = below(_NOT_NULL), below(_UNCOERCIBLE)  # the values that could be coerced
    if op in (Op.EQUAL, Op.IN):
        return [(below(k), upto(k)) for k in keys]
    if op is Op.NOT_EQUAL:
        if not keys:
            return []
        cuts = sorted((below(k), upto(k)) for k in keys)
        starts = [first] + [high for _, high in cuts]
        return list(zip(starts, [low for low, _ in cuts] + [end], strict=True))
    if op is Op.BETWEEN:
        return [(below(keys[0]), upto(keys[1]))] if len(keys) == 2 else []
    if len(keys) != 1:
        return []
    bound = keys[0]
    return [{
        Op.GREATER_THAN: (upto(bound), end),
        Op.GREATER_THAN_OR_EQUAL: (below(bound), end),
        Op.LESS_THAN: (first, below(bound)),
        Op.LESS_THAN_OR_EQUAL: (first, upto(bound)),
    }[op]]  # fmt: skip


def _text(f: Filter, column: Column) -> bytes:
    """``contains`` and the like with a text operand: text values by ``text_key``, others by the prepared test."""
    others = column.non_texts
    folded = column.folded if column.folded is not None else fold_texts(column.values, others)
    passing = bytes(map(_TEXT[f.op], folded, repeat(str(f.operands[0]).casefold())))
    if f.op is Op.NOT_CONTAIN:
        passing = passing.translate(_FLIP)
    if not others:
        return passing
    fixed = bytearray(passing)
    test = prepared(f.op, f.operands, f.field.kind)
    for index in others:
        fixed[index] = bool(test(column.values[index]))
    return bytes(fixed)

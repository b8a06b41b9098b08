"""Search columns: a generated table's search-field values, dictionary-encoded once for scans.

A :class:`Column` keeps the distinct values of one search field (``values``) and, per row, the
index of its value among them (``codes``). A filter is then evaluated once per distinct value, with
the same :meth:`~imisql.emulator.query.Filter.test_value` a row-by-row scan calls (so the answers
agree by construction), and the matching rows are read off the codes; a sort computes
:func:`imisql.semantics.sort_key` once per distinct value and ranks the keys (equal keys share a
rank), so rows are sorted by small integers.

Distinct values are told apart exactly, not by ``==``: ``Decimal('1.50')`` and ``Decimal('1.5')``,
or ``True`` and ``1``, stay two values, since a filter may tell them apart (``contains:50``).

A :class:`ColumnStore` builds every column of one table in a single pass over its generated rows,
on first use (the only time records are generated for a scan). Generated rows never change, so the
columns are never rebuilt: writes live in the overlay and scans test written rows on their own
(:mod:`imisql.emulator.columnscan`).
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from itertools import count, filterfalse, pairwise
from operator import methodcaller
from typing import Any

from imisql.emulator.dataset import RowSource
from imisql.semantics import Kind, sort_key

Record = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One search field of a table: its distinct values and each row's index into them."""

    values: list[object]
    codes: array[int]

    def hits(self, test: Callable[[object], bool]) -> list[bool]:
        """``test`` of each distinct value, indexed like ``values``."""
        return [test(value) for value in self.values]

    def ranks(
        self, kind: Kind | None, extra: Sequence[object] = (), key: Callable[[object], object] | None = None
    ) -> tuple[list[int], list[int]]:
        """Sort ranks of the distinct values and of ``extra`` values, in one order.

        A rank is smaller exactly when the sort key (``key``, else :func:`sort_key` by ``kind``) is
        smaller, and equal when neither key is smaller, so a stable sort by rank gives the order a stable
        sort by key gives.
        """
        of = key or (lambda value: sort_key(value, kind))
        keys: list[Any] = [of(value) for value in self.values]
        keys += [of(value) for value in extra]
        ordered = sorted(range(len(keys)), key=keys.__getitem__)
        ranks = [0] * len(keys)
        rank = 0
        for previous, current in pairwise(ordered):
            if keys[previous] < keys[current]:
                rank += 1
            ranks[current] = rank
        return ranks[: len(self.values)], ranks[len(self.values) :]


_CHUNK = 4096  # rows generated per step of a build
_PLAIN = frozenset({str, type(None)})  # value types whose ``==`` already tells values apart


def _identity(value: object) -> Hashable:
    """What tells two values apart: a string itself, anything else its type and ``repr``."""
    return value if type(value) is str else (type(value), repr(value))


class _Builder:
    """One column being filled, a chunk of rows at a time."""

    def __init__(self, name: str) -> None:
        self.read = methodcaller("get", name)
        self.index: dict[Hashable, int] = {}
        self.column = Column([], array("i"))

    def add(self, rows: Sequence[Record]) -> None:
        raw = list(map(self.read, rows))
        plain = set(map(type, raw)) <= _PLAIN
        keys: list[Hashable] = raw if plain else [_identity(value) for value in raw]
        fresh = dict(zip(keys, raw, strict=True))  # the chunk's distinct keys, in first-seen order, a value of each
        new = list(filterfalse(self.index.__contains__, fresh))
        self.index.update(zip(new, count(len(self.index))))
        self.column.values.extend(map(fresh.__getitem__, new))
        self.column.codes.extend(map(self.index.__getitem__, keys))


def build_columns(source: RowSource, names: Sequence[str]) -> dict[str, Column]:
    """Every named column of ``source``, from one pass over its rows."""
    builders = [_Builder(name) for name in names]
    total = source.count()
    for start in range(0, total, _CHUNK):
        rows = list(map(source.record, range(start, min(start + _CHUNK, total))))
        for builder in builders:
            builder.add(rows)
    return {name: builder.column for name, builder in zip(names, builders, strict=True)}


class ColumnStore:
    """The search columns of one generated table, built in one pass the first time a scan needs them."""

    def __init__(self, source: RowSource, names: Sequence[str]) -> None:
        self._source = source
        self._names = tuple(names)
        self._columns: dict[str, Column] | None = None
        self._lock = threading.Lock()

    def has(self, name: str) -> bool:
        return name in self._names

    @property
    def built(self) -> bool:
        return self._columns is not None

    def columns(self) -> dict[str, Column]:
        """The columns by field name (built on the first call; other callers wait for it)."""
        with self._lock:
            if self._columns is None:
                self._columns = build_columns(self._source, self._names)
            return self._columns

    def row_count(self) -> int:
        """How many generated rows the columns describe."""
        return self._source.count()

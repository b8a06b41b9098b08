"""Search columns: a generated table's search-field values, dictionary-encoded and sorted once for scans.

A :class:`Column` keeps the distinct values of one search field (``values``, in first-seen order),
per row the index of its value among them (``codes``), and the values' ascending
:func:`imisql.semantics.sort_key` order (``order``, from :mod:`imisql.emulator.valueorder`) with
each value's rank (``ranks``: values with equal keys, such as ``Smith`` and ``smith ``, share one).
A comparison filter (``eq``, ``in``, ``gt``, ``between`` ...) then passes a run of ``order``, found
by bisection; other filters are evaluated once per distinct value (see
:mod:`imisql.emulator.columnmatch`); the matching rows are read off the codes, and a sort orders
rows by rank. The values stay in first-seen order, the order they were created in, so a pass over
them reads memory in sequence.

Distinct values are told apart exactly, not by ``==``: ``Decimal('1.50')`` and ``Decimal('1.5')``,
or ``True`` and ``1``, stay two values, since a filter may tell them apart (``contains:50``).

A :class:`ColumnStore` builds every column of one table in a single pass over its generated rows
(fields holding the same values, such as ``PartyId`` and ``Id``, share one column), on first use
(the only time records are generated for a scan), and keeps, per column and direction, the row
order of ``OrderBy`` once a sort has asked for it. Generated rows never change, so the columns are
never rebuilt: writes live in the overlay and scans test written rows on their
own (:mod:`imisql.emulator.columnscan`).
"""

from __future__ import annotations

import gc
import operator
import threading
from array import array
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, count, filterfalse, repeat
from operator import methodcaller
from typing import Any, Union

from imisql.emulator.dataset import RowSource
from imisql.emulator.entities import SearchField
from imisql.emulator.valueorder import sort_order
from imisql.semantics import Kind, sort_key

Record = dict[str, Any]
Codes = Union[bytes, "array[int]"]


@dataclass(frozen=True)
class Column:
    """One search field of a table: its distinct values, each row's index into them, and their sort order.

    Values and texts are tuples: the cyclic collector stops tracking a tuple of atoms (strings,
    numbers, dates) when it first meets it (the store runs it once after a build), so millions of
    kept values cost the collector nothing afterwards.
    """

    kind: Kind | None
    values: tuple[object, ...]  # in first-seen order
    codes: Codes  # per row, the index of its value (bytes up to 256 values, so masks can use translate)
    order: array[int]  # the value indices in ascending sort_key order (equal keys in index order)
    ranks: array[int]  # per value, the position in ``order`` of the first value with an equal key
    non_texts: tuple[int, ...]  # indices of the values that are not ``str``
    counts: array[int] | None  # per value, how many rows hold it; None when each row has its own (codes[p] == p)
    folded: tuple[str, ...] | None  # per value its ``text_key`` if it is text, else ""; None unless compared as text

    def sort_key_at(self, position: int) -> tuple[int, int, object]:
        """The sort key of the value at ``position`` in ``order``."""
        return sort_key(self.values[self.order[position]], self.kind)

    def row_ranks(self) -> Sequence[int]:
        """Each row's rank."""
        return array("i", map(self.ranks.__getitem__, self.codes))


_CHUNK = 4096  # rows generated per step of a build
_PLAIN = frozenset({str, type(None)})
_TEXT_KINDS = frozenset(
    {Kind.STRING, None}
)  # kinds whose text filters keep their operand as text  # value types whose ``==`` already tells values apart


def _identity(value: object) -> Hashable:
    """What tells two values apart: a string itself, anything else its type and ``repr``."""
    return value if type(value) is str else (type(value), repr(value))


def fold_texts(values: Sequence[object], non_texts: Sequence[int]) -> tuple[str, ...]:
    """Each text value without trailing spaces, casefolded (``text_key``), ``""`` for the others.

    Where that changes nothing the value itself is kept, so text that is already folded (ids,
    most email addresses, dates) costs no second copy.
    """
    texts = list(values)
    for index in non_texts:
        texts[index] = ""
    folded = map(str.casefold, map(str.rstrip, texts, repeat(" ")))  # type: ignore[arg-type]
    return tuple([text if key == text else key for text, key in zip(texts, folded, strict=True)])


def _narrow(codes: array[int], distinct: int) -> Codes:
    """Codes in the smallest storage that holds ``distinct`` values."""
    if distinct <= 256:
        return array("B", codes).tobytes()
    return codes if distinct > 65536 else array("H", codes)


class _Builder:
    """One column being filled, a chunk of rows at a time, then sorted."""

    def __init__(self, field: SearchField) -> None:
        self.read = methodcaller("get", field.name)
        self.kind = field.kind
        self.index: dict[Hashable, int] = {}
        self.values: list[object] = []
        self.codes = array("i")

    def add(self, rows: Sequence[Record]) -> None:
        raw = list(map(self.read, rows))
        plain = set(map(type, raw)) <= _PLAIN
        keys: list[Hashable] = raw if plain else [_identity(value) for value in raw]
        fresh = dict(zip(keys, raw, strict=True))  # the chunk's distinct keys, in first-seen order, a value of each
        new = list(filterfalse(self.index.__contains__, fresh))
        self.index.update(zip(new, count(len(self.index))))
        self.values.extend(map(fresh.__getitem__, new))
        self.codes.extend(map(self.index.__getitem__, keys))

    def same_as(self, other: _Builder) -> bool:
        """Whether both hold the same values (the same objects), row by row, compared alike (``Id`` and ``PartyId``)."""
        return (
            self.kind is other.kind
            and self.codes == other.codes
            and len(self.values) == len(other.values)
            and all(map(operator.is_, self.values, other.values))
        )

    def finish(self) -> Column:
        """The column, with its values' sort order."""
        self.index.clear()
        values = self.values
        order, starts = sort_order(values, self.kind)
        ranks = array("i", bytes(4 * len(order)))
        for index, rank in zip(order, accumulate(map(operator.mul, starts, count()), max), strict=True):
            ranks[index] = rank
        non_texts = list(compress(count(), map(operator.is_not, map(type, values), repeat(str))))
        counts = None
        if len(values) < len(self.codes):
            counts = array("i", map(Counter(self.codes).__getitem__, range(len(values))))
        codes = _narrow(self.codes, len(values))
        folded = fold_texts(values, non_texts) if self.kind in _TEXT_KINDS else None
        return Column(self.kind, tuple(values), codes, array("i", order), ranks, tuple(non_texts), counts, folded)


def build_columns(source: RowSource, fields: Sequence[SearchField]) -> dict[str, Column]:
    """A column for each field of ``source``, from one pass over its rows."""
    builders = [_Builder(field) for field in fields]
    total = source.count()
    for start in range(0, total, _CHUNK):
        rows = list(map(source.record, range(start, min(start + _CHUNK, total))))
        for builder in builders:
            builder.add(rows)
    columns: dict[str, Column] = {}
    done: list[tuple[_Builder, Column]] = []
    for field, builder in zip(fields, builders, strict=True):
        twin = next((column for other, column in done if builder.same_as(other)), None)
        columns[field.name] = twin if twin is not None else builder.finish()
        done.append((builder, columns[field.name]))
    return columns


class ColumnStore:
    """The search columns of one generated table, built in one pass the first time a scan needs them."""

    def __init__(self, source: RowSource, fields: Sequence[SearchField]) -> None:
        self._source = source
        self._fields = tuple(fields)
        self._kinds = {field.name: field.kind for field in fields}
        self._columns: dict[str, Column] | None = None
        self._lock = threading.Lock()
        self._orders: dict[tuple[str, bool], array[int]] = {}
        self._orders_lock = threading.Lock()

    def has(self, field: SearchField) -> bool:
        """Whether a column holds this field's values, compared as the field compares them."""
        return field.name in self._kinds and self._kinds[field.name] is field.kind

    @property
    def built(self) -> bool:
        return self._columns is not None

    def columns(self) -> dict[str, Column]:
        """The columns by field name (built on the first call; other callers wait for it)."""
        with self._lock:
            if self._columns is None:
                self._columns = build_columns(self._source, self._fields)
                gc.collect()  # untracks the new tuples now, not during some later request
            return self._columns

    def row_count(self) -> int:
        """How many generated rows the columns describe."""
        return self._source.count()

    def has_order(self, name: str, descending: bool) -> bool:
        return (name, descending) in self._orders

    def order(self, name: str, descending: bool) -> array[int]:
        """Every generated row sorted by the column (stable: equal ranks in ascending row order); kept once made.

        The array is shared: callers must not change it.
        """
        with self._orders_lock:
            found = self._orders.get((name, descending))
            if found is None:
                ranks = self.columns()[name].row_ranks()
                rows = sorted(range(len(ranks)), key=ranks.__getitem__, reverse=descending)
                found = self._orders[(name, descending)] = array("i", rows)
            return found

"""List scans over search columns: the rows a filtered or sorted list shows, without building records.

:class:`IndexedTable` answers the same question as :func:`imisql.emulator.listing.scan` (every
position matching a query's filters, in the query's order) for a table whose generated rows have
a :class:`~imisql.emulator.columns.ColumnStore`:

1. each filter gives one byte per distinct value (or per sort position:
   :func:`imisql.emulator.columnmatch.passing`), read into one flag per generated row through the
   codes (``bytes.translate`` for columns of at most 256 values). A single filter without order or
   writes is counted per distinct value (each value's row count is kept) and its rows are listed
   lazily (:class:`~imisql.emulator.lazypositions.LazyPositions`): the first page reads only the
   rows up to its last match. Several filters build one byte per row each, combined as big
   integers, and the matching rows come out of ``itertools.compress``;
2. when the table has writes (its overlay :class:`~imisql.emulator.overlay.Positions`), deleted and
   replaced generated rows drop out, the rest move to where they are shown, and the replaced and
   created rows are tested record by record, as the row-by-row scan tests them;
3. ``OrderBy`` on one column without writes reads the store's row order for the column (made once),
   keeping the matching rows; otherwise every shown row gets an integer key from the columns'
   ranks (written values are placed among the generated ones by bisection), the keys of several
   columns are combined into one integer with the position last, and the integers are sorted: ties
   keep ascending position order, as the stable row-by-row sort does.

Only the page's rows are then generated (by the caller). Queries naming a field the store lacks
(IQA prompts on columns that are not search names) are not covered and use the row-by-row scan.
"""

from __future__ import annotations

import operator
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial, reduce
from itertools import compress, pairwise, repeat
from typing import Any

from imisql.emulator.columnmatch import Passing, passing
from imisql.emulator.columns import Column, ColumnStore
from imisql.emulator.lazypositions import LazyPositions
from imisql.emulator.overlay import Positions
from imisql.emulator.query import Filter, ListQuery, Order
from imisql.semantics import sort_key

Record = dict[str, Any]
_SORT_BY_ORDER = 16  # a single-column sort keeps the store's row order when 1/16 of the rows or more match


def _row_flags(column: Column, found: Passing) -> Iterable[int]:
    """Each generated row's flag (a C-level iterator, or bytes when that is as cheap)."""
    codes = column.codes
    if isinstance(codes, bytes):
        return codes.translate(found.by_value(column).ljust(256, b"\x00"))
    if b"\x01" not in found.flags:
        return bytes(len(codes))
    if column.counts is None:  # a row per value: codes[p] == p
        return map(found.flags.__getitem__, column.ranks) if found.by_position else found.flags
    return map(found.by_value(column).__getitem__, codes)


def _count(column: Column, found: Passing) -> int:
    """How many generated rows pass."""
    if column.counts is None:  # a row per value
        return found.flags.count(1)
    if found.by_position:
        return sum(map(column.counts.__getitem__, compress(column.order, found.flags)))
    return sum(compress(column.counts, found.flags))


def _mask(columns: dict[str, Column], filters: Sequence[Filter], count: int) -> bytes | None:
    """One byte per generated row, 1 where every filter passes (None without filters)."""
    masks = [bytes(_row_flags(columns[f.field.name], passing(f, columns[f.field.name]))) for f in filters]
    if len(masks) < 2:
        return masks[0] if masks else None
    return reduce(operator.and_, (int.from_bytes(mask, "little") for mask in masks)).to_bytes(count, "little")


def _unchanged(found: Iterable[int], layout: Positions) -> tuple[list[int], list[int]]:
    """The found rows neither deleted nor replaced, and where each is shown (deleted rows before it close up)."""
    deleted, replaced = layout.deleted, layout.replaced
    kept: list[int] = []
    shown: list[int] = []
    before = 0  # deleted positions below the current one
    for pos in found:
        while before < len(deleted) and deleted[before] < pos:
            before += 1
        if (before < len(deleted) and deleted[before] == pos) or pos in replaced:
            continue
        kept.append(pos)
        shown.append(pos - before)
    return kept, shown


def _written(layout: Positions, filters: Sequence[Filter]) -> list[tuple[int, Record]]:
    """Replaced and created rows passing every filter, with their shown positions."""
    rows = [(layout.shown_at(pos), record) for pos, record in layout.replaced.items()]
    rows += [(layout.kept + n, record) for n, record in enumerate(layout.created)]
    return [(shown, record) for shown, record in rows if all(f.test(record) for f in filters)]


def _extra_keys(column: Column, extras: Sequence[object], scale: int) -> list[int]:
    """Keys of values that are not among the column's, in the scale where rank ``r`` has key ``r * scale + scale - 1``.

    A value equal to the column's values at sort position ``i`` shares their key; a value between
    two of them gets ``i * scale + sub``, ``sub`` its rank among the extra values (fewer than
    ``scale - 1`` of them).
    """
    key = partial(sort_key, kind=column.kind)
    keys = list(map(key, extras))
    ordered = sorted(range(len(keys)), key=keys.__getitem__)
    sub = [0] * len(keys)
    for previous, current in pairwise(ordered):
        sub[current] = sub[previous] + (keys[previous] < keys[current])
    positions = range(len(column.values))
    result = []
    for value_key, extra_sub in zip(keys, sub, strict=True):
        at = bisect_left(positions, value_key, key=column.sort_key_at)  # the first of a run of equal keys
        equal = at < len(positions) and not value_key < column.sort_key_at(at)
        result.append(at * scale + (scale - 1 if equal else extra_sub))
    return result


def _sort_keys(
    column: Column, rows: Sequence[int], extras: Sequence[object], descending: bool
) -> tuple[list[int], int]:
    """Integer sort keys (smaller sorts first) of generated rows then extra values, and how many keys there can be."""
    ranks = map(column.ranks.__getitem__, map(column.codes.__getitem__, rows))
    scale = len(extras) + 1
    keys = list(ranks) if scale == 1 else list(map(operator.add, map(operator.mul, ranks, repeat(scale)),
                                                   repeat(scale - 1)))  # fmt: skip
    keys += _extra_keys(column, extras, scale)
    size = len(column.values) * scale
    if descending:
        keys = list(map(operator.sub, repeat(size - 1), keys))
    return keys, size


def _sorted(columns: dict[str, Column], order: Sequence[Order], rows: Sequence[int],
            written: Sequence[tuple[int, Record]], positions: list[int]) -> array[int]:  # fmt: skip
    """The shown ``positions`` (of the generated ``rows``, then of the written rows) in ``order``, ties by position."""
    combined: list[int] = [0] * len(positions)
    for o in order:
        extras = [record.get(o.field.name) for _, record in written]
        keys, size = _sort_keys(columns[o.field.name], rows, extras, o.descending)
        combined = list(map(operator.add, map(operator.mul, combined, repeat(size)), keys))
    span = max(positions, default=0) + 1
    ordered = sorted(map(operator.add, map(operator.mul, combined, repeat(span)), positions))
    return array("i", map(operator.mod, ordered, repeat(span)))


@dataclass(frozen=True)
class IndexedTable:
    """A table's column store, with the overlay's changes to it (None when it has none)."""

    store: ColumnStore
    layout: Positions | None = None

    def covers(self, query: ListQuery) -> bool:
        """Whether every field the query filters or sorts on has a column."""
        fields = [f.field for f in query.filters] + [o.field for o in query.order]
        return all(self.store.has(f) for f in fields)

    def scan(self, query: ListQuery) -> Sequence[int]:
        """Positions matching the query's filters, in its order, as ``listing.scan`` gives them."""
        columns = self.store.columns()
        count = self.store.row_count()
        if self.layout is None and not query.order and len(query.filters) == 1:
            column = columns[query.filters[0].field.name]
            found = passing(query.filters[0], column)
            return LazyPositions(_count(column, found), compress(range(count), _row_flags(column, found)))
        mask = _mask(columns, query.filters, count)
        rows: Iterable[int] = range(count) if mask is None else compress(range(count), mask)
        if self.layout is None and not query.order:
            return LazyPositions(count if mask is None else mask.count(1), iter(rows))
        if self.layout is None:
            return self._generated_in_order(query.order, mask, rows)
        kept, shown = _unchanged(rows, self.layout)
        written = _written(self.layout, query.filters)
        positions = shown + [position for position, _ in written]
        if query.order:
            return _sorted(columns, query.order, kept, written, positions)
        return array("i", sorted(positions) if written else positions)

    def _generated_in_order(self, order: Sequence[Order], mask: bytes | None, found: Iterable[int]) -> array[int]:
        """The found generated rows (``mask``: None for all) in ``order``."""
        first = order[0]
        if len(order) == 1 and (
            mask is None
            or self.store.has_order(first.field.name, first.descending)
            or mask.count(1) * _SORT_BY_ORDER >= len(mask)
        ):
            rows = self.store.order(first.field.name, first.descending)
            return rows if mask is None else array("i", compress(rows, map(mask.__getitem__, rows)))
        matched = list(found)
        return _sorted(self.store.columns(), order, matched, [], matched)

"""List scans over search columns: the rows a filtered or sorted list shows, without building records.

:class:`IndexedTable` answers the same question as :func:`imisql.emulator.listing.scan` (every
position matching a query's filters, in the query's order) for a table whose generated rows have
a :class:`~imisql.emulator.columns.ColumnStore`:

1. each filter is evaluated once per distinct value of its column and the generated rows whose
   codes hit are collected (several filters: the first one's matches are narrowed by the others);
2. when the table has writes (its overlay :class:`~imisql.emulator.overlay.Positions`), deleted and
   replaced generated rows drop out, the rest move to where they are shown, and the replaced and
   created rows are tested record by record, as the row-by-row scan tests them;
3. ``OrderBy`` ranks each order column's distinct values (and the written rows' values) once and
   sorts stably by rank, column by column from the last, so ties keep ascending position order.

Only the page's rows are then generated (by the caller). Queries naming a field the store lacks
(IQA prompts on columns that are not search names) are not covered and use the row-by-row scan.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from imisql.emulator.columns import Column, ColumnStore
from imisql.emulator.overlay import Positions
from imisql.emulator.query import Filter, ListQuery, Order

Record = dict[str, Any]


@dataclass(frozen=True)
class _Matches:
    """Matching rows in ascending shown position: generated ones (with their generated position) first."""

    generated: list[int]  # generated positions of the matching unchanged generated rows
    shown: list[int]  # where each of those is shown
    written: list[tuple[int, Record]]  # (shown position, record) of matching replaced and created rows


def _generated_matches(columns: dict[str, Column], filters: Sequence[Filter], count: int) -> Iterable[int]:
    """Ascending generated positions whose column values pass every filter."""
    if not filters:
        return range(count)
    tests = [(columns[f.field.name].codes, columns[f.field.name].hits(f.test_value)) for f in filters]
    codes, hits = tests[0]
    found: Iterable[int] = compress(range(count), map(hits.__getitem__, codes))
    for codes, hits in tests[1:]:
        found = [p for p in found if hits[codes[p]]]
    return found


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


def _ordered(columns: dict[str, Column], order: Sequence[Order], matches: _Matches) -> array[int]:
    """The matches' shown positions sorted by ``order`` (stable: ties stay in ascending position)."""
    rank_columns: list[list[int]] = []
    for o in order:
        column = columns[o.field.name]
        written_values = [record.get(o.field.name) for _, record in matches.written]
        ranks, written = column.ranks(o.field.kind, written_values, o.key)
        codes = column.codes
        rank_columns.append([ranks[codes[p]] for p in matches.generated] + written)
    positions = matches.shown + [shown for shown, _ in matches.written]
    if matches.written:  # written rows are interleaved with generated ones: restore position order
        rows = sorted(zip(positions, *rank_columns, strict=True))
        positions = [row[0] for row in rows]
        rank_columns = [[row[n + 1] for row in rows] for n in range(len(rank_columns))]
    picks = list(range(len(positions)))
    for ranks, o in reversed(list(zip(rank_columns, order, strict=True))):
        picks.sort(key=ranks.__getitem__, reverse=o.descending)
    return array("i", (positions[p] for p in picks))


@dataclass(frozen=True)
class IndexedTable:
    """A table's column store, with the overlay's changes to it (None when it has none)."""

    store: ColumnStore
    layout: Positions | None = None

    def covers(self, query: ListQuery) -> bool:
        """Whether every field the query filters or sorts on has a column."""
        fields = [f.field for f in query.filters] + [o.field for o in query.order]
        return all(self.store.has(f.name) for f in fields)

    def scan(self, query: ListQuery) -> array[int]:
        """Positions matching the query's filters, in its order, as ``listing.scan`` gives them."""
        columns = self.store.columns()
        found = _generated_matches(columns, query.filters, self.store.row_count())
        if self.layout is None and not query.order:
            return array("i", found)
        if self.layout is None:
            generated = list(found)
            matches = _Matches(generated, generated, [])
        else:
            kept, shown = _unchanged(found, self.layout)
            matches = _Matches(kept, shown, _written(self.layout, query.filters))
        if query.order:
            return _ordered(columns, query.order, matches)
        if not matches.written:
            return array("i", matches.shown)
        return array("i", sorted(matches.shown + [shown for shown, _ in matches.written]))

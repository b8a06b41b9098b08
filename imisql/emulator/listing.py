"""Running a list query against a row source and writing the PagedResult envelope.

* No filter and no order: the page is a slice of positions; nothing is scanned.
* Otherwise the table is scanned once, matching positions are sorted (stable, so ties stay in key
  order; NULL first ascending, last descending, or for the first column the other way round with the
  ``nulls_high`` quirk) and the positions (an array, or for the column scan of one filter a count with
  positions listed as pages need them) are kept in a bounded LRU so paging through a filtered or sorted
  result scans once. The scan reads the table's search columns
  (:mod:`imisql.emulator.columnscan`) when it has them for every field the query names; otherwise
  (:func:`scan`) it generates each row's record (no JSON) and tests it.
* Items are rendered to JSON text once and kept in a bounded LRU keyed by (entity, position).

The envelope is exactly ``$type, Items{$type,$values}, Offset, Limit, Count, TotalCount,
NextPageLink (null), HasNext, NextOffset`` where ``HasNext = TotalCount > Offset + Count`` and
``NextOffset`` is ``Offset + Count`` when there is more and ``0`` on the last page.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from imisql.emulator.cache import WeightedLru
from imisql.emulator.columnscan import IndexedTable
from imisql.emulator.contracts import JsonDict, list_type, paged_type
from imisql.emulator.dataset import RowSource
from imisql.emulator.query import ListQuery, Order
from imisql.emulator.responses import dumps
from imisql.semantics import sort_key

Positions = Sequence[int]


@dataclass(frozen=True)
class Page:
    positions: Positions
    offset: int
    limit: int
    total: int


def scan(source: RowSource, query: ListQuery) -> array[int]:
    """All positions matching the query's filters, in the query's order."""
    filters, order = query.filters, query.order
    positions = array("i")
    keys: list[list[Any]] = [[] for _ in order]
    for pos in range(source.count()):
        rec = source.record(pos)
        if all(f.test(rec) for f in filters):
            positions.append(pos)
            for column, o in zip(keys, order, strict=True):
                column.append(sort_key(rec.get(o.field.name), o.field.kind))
    if not order:
        return positions
    ranks = list(range(len(positions)))
    for column, o in reversed(list(zip(keys, order, strict=True))):
        ranks.sort(key=column.__getitem__, reverse=o.descending)
    return array("i", (positions[r] for r in ranks))


class Lister:
    """Executes list queries with the two caches (results and rendered items)."""

    def __init__(self, item_budget_chars: int, result_budget_rows: int) -> None:
        self.items: WeightedLru[str] = WeightedLru(item_budget_chars, len)
        self.results: WeightedLru[Positions] = WeightedLru(result_budget_rows, lambda a: len(a) + 64)

    def page(self, entity_name: str, source: RowSource, query: ListQuery, indexed: IndexedTable | None = None) -> Page:
        """One page of a list; ``indexed`` (the table's search columns) answers the scans it covers."""
        if not query.filters and not query.order:
            total = source.count()
            return Page(range(min(query.offset, total), min(query.offset + query.limit, total)),
                        query.offset, query.limit, total)  # fmt: skip
        key = (entity_name, query.signature)
        key_chars = sum(len(v) for f in query.filters for v in f.raw)  # hostile queries can have huge keys
        run: Callable[[], Positions] = functools.partial(scan, source, query)
        if indexed is not None and indexed.covers(query):
            run = functools.partial(indexed.scan, query)
        if query.order and query.order[0].nulls_high:
            run = functools.partial(_nulls_high, run, source, query.order[0])
        matched = self.results.get_or_compute(key, run, key_chars)
        return Page(matched[query.offset : query.offset + query.limit], query.offset, query.limit, len(matched))

    def item_text(self, entity_name: str, pos: int, source: RowSource, render: Callable[[dict], JsonDict]) -> str:
        key = (entity_name, pos)
        text = self.items.get(key)
        if text is None:
            text = dumps(render(source.record(pos)))
            self.items.put(key, text)
        return text


def _nulls_high(run: Callable[[], Positions], source: RowSource, order: Order) -> Positions:
    """The ``nulls_high`` quirk: the rows whose first order column is NULL (at the low end) moved to the high one."""
    positions = run()
    nulls = [source.record(p).get(order.field.name) is None for p in positions]
    others = array("i", (p for p, null in zip(positions, nulls, strict=True) if not null))
    moved = array("i", (p for p, null in zip(positions, nulls, strict=True) if null))
    return moved + others if order.descending else others + moved


def envelope(item_type: str, item_texts: Sequence[str], offset: int, limit: int, total: int) -> str:
    """The generic ``PagedResult`1[[item_type]]`` JSON text around already-serialised items."""
    return raw_envelope(paged_type(item_type), list_type(item_type), item_texts, offset, limit, total)


def raw_envelope(
    envelope_type: str, items_type: str, item_texts: Sequence[str], offset: int, limit: int, total: int
) -> str:
    """A PagedResult JSON text with explicit ``$type`` names (the query endpoint is non-generic)."""
    count = len(item_texts)
    has_next = total > offset + count
    return "".join(
        (
            '{"$type":', dumps(envelope_type), ',"Items":{"$type":', dumps(items_type),
            ',"$values":[', ",".join(item_texts), "]},",
            f'"Offset":{offset},"Limit":{limit},"Count":{count},"TotalCount":{total},"NextPageLink":null,',
            f'"HasNext":{"true" if has_next else "false"},"NextOffset":{offset + count if has_next else 0}}}',
        )
    )  # fmt: skip

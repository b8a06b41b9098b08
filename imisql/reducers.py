"""Client-side steps that need many rows at once: sorting, DISTINCT, GROUP BY with aggregates, HAVING.

Every step compares text by SQL Server's default collation (``imisql.semantics``): sorting uses
``sort_key`` (NULL first when ascending, case-insensitive, accents beside their base letter) so a
client sort agrees with ``OrderBy`` pushed to iMIS; DISTINCT, GROUP BY and COUNT(DISTINCT) use
``group_key``, so ``'Smith'``, ``'SMITH'`` and ``'Smith '`` are one value. A group (or a distinct
row) shows the spelling of the first row seen with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from imisql.decode import get_path
from imisql.errors import DataError
from imisql.plan import AGGREGATE_ROOT, AggregateCall
from imisql.plan.steps import Aggregate
from imisql.predicate import evaluate
from imisql.semantics import group_key, sort_key

T = TypeVar("T")
Row = tuple[Any, ...]


def sort_items(items: list[T], keys: list[tuple[Callable[[T], Any], bool]]) -> list[T]:
    """Stable multi-key sort; each key is (getter, descending)."""
    for getter, descending in reversed(keys):
        items.sort(key=lambda item, g=getter: sort_key(g(item)), reverse=descending)  # type: ignore[misc]
    return items


def distinct_rows(rows: Iterable[Row]) -> Iterator[Row]:
    """Rows in order, each distinct row once (values compared as the server would group them)."""
    seen: set[Any] = set()
    for row in rows:
        marker = tuple(group_key(v) for v in row)
        if marker not in seen:
            seen.add(marker)
            yield row


def aggregate_rows(step: Aggregate, records: Iterable[dict[str, Any]]) -> Iterator[Row]:
    """Group records by the GROUP BY paths, compute aggregates, apply HAVING; rows in group order."""
    groups: dict[tuple[Any, ...], list[_Accumulator]] = {}
    shown: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # each group's values as first seen
    for record in records:
        values = tuple(get_path(record, p) for p in step.group_by)
        key = tuple(group_key(v) for v in values)
        accumulators = groups.get(key)
        if accumulators is None:
            accumulators = groups[key] = [_Accumulator(a) for a in step.calls]
            shown[key] = values
        for acc in accumulators:
            acc.add(record)
    if not groups and not step.group_by:
        groups[()] = [_Accumulator(a) for a in step.calls]  # aggregates over no rows: one row
    return _group_rows(step, groups, shown)


def _group_rows(
    step: Aggregate, groups: dict[tuple[Any, ...], list[_Accumulator]], shown: dict[tuple[Any, ...], tuple[Any, ...]]
) -> Iterator[Row]:
    for key, accumulators in groups.items():
        values = {AGGREGATE_ROOT: {i: acc.result() for i, acc in enumerate(accumulators)}}
        by_path = dict(zip(step.group_by, shown.get(key, key), strict=True))
        if step.having is not None and evaluate(step.having, values, _having_lookup(by_path)) is not True:
            continue
        yield tuple(_output(column, values, by_path) for column in step.columns)


def _having_lookup(by_path: dict[Any, Any]) -> Callable[[Any, Any], Any]:
    def lookup(values: Any, path: Any) -> Any:
        if path and path[0] == AGGREGATE_ROOT:
            return values[AGGREGATE_ROOT][path[1]]
        return by_path.get(path)

    return lookup


def _output(column: Any, values: dict[str, dict[int, Any]], by_path: dict[Any, Any]) -> Any:
    if column.aggregate is not None:
        return values[AGGREGATE_ROOT][column.aggregate]
    if column.path is not None:
        return by_path.get(column.path)
    return column.constant


class _Accumulator:
    """One aggregate over one group."""

    def __init__(self, aggregate: AggregateCall):
        self.aggregate = aggregate
        self.count = 0
        self.total: Any = None
        self.best: Any = None
        self.seen: set[Any] | None = set() if aggregate.distinct else None
        self.places = 0  # the most decimal places among the values (AVG's scale)

    def add(self, record: dict[str, Any]) -> None:
        if self.aggregate.path is None:
            self.count += 1
            return
        value = get_path(record, self.aggregate.path)
        if value is None:
            return
        if self.seen is not None:
            marker = group_key(value)
            if marker in self.seen:
                return
            self.seen.add(marker)
        self.count += 1
        name = self.aggregate.name
        if name in ("SUM", "AVG"):
            number = _number(value)
            self.total = number + (self.total if self.total is not None else 0)
            self.places = max(self.places, _places(number))
        elif name in ("MIN", "MAX") and (self.best is None or self._better(value)):
            self.best = value

    def _better(self, value: Any) -> bool:
        if self.aggregate.name == "MIN":
            return bool(sort_key(value) < sort_key(self.best))
        return bool(sort_key(value) > sort_key(self.best))

    def result(self) -> Any:
        name = self.aggregate.name
        if name == "COUNT":
            return self.count
        if name == "SUM":
            return self.total
        if name == "AVG":
            return None if not self.count else average_of(Decimal(self.total), self.count, self.places)
        return self.best


AVG_MIN_PLACES = 6


def average_of(total: Decimal, count: int, places: int) -> Decimal:
    """``total / count`` rounded half-even to the values' own scale but at least 6 places, as SQL Server
    types AVG of a decimal(p, s) as decimal(38, max(s, 6))."""
    return (total / count).quantize(Decimal(1).scaleb(-max(places, AVG_MIN_PLACES)))


def _places(number: Any) -> int:
    exponent = number.as_tuple().exponent if isinstance(number, Decimal) else 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | Decimal):
        return value
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise DataError(f"SUM/AVG over a value that is not a number: {value!r}") from None

"""Runs a Plan against a client and streams result rows.

Owns the order of client-side work: fetch (``imisql.fetching``), typed datetimes, residual filter,
then either streaming projection with OFFSET/LIMIT and an early stop, or the blocking steps
(aggregation, HAVING, sort, DISTINCT) that need every row first.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from imisql.decode import flatten, get_path, parse_datetime
from imisql.fetching import Cancelled, ExecutionStats, Fetcher
from imisql.paging import JsonSource
from imisql.plan import Plan
from imisql.predicate import keep
from imisql.reducers import aggregate_rows, distinct_rows, sort_items

Record = dict[str, Any]
PathT = tuple[str | int, ...]
__all__ = ["Cancelled", "ExecutionStats", "Result", "execute"]


@dataclass
class Result:
    """Column names and a lazy iterator of row tuples."""

    columns: list[str]
    rows: Iterator[tuple[Any, ...]]
    stats: ExecutionStats = field(default_factory=ExecutionStats)


def execute(plan: Plan, client: JsonSource, *, cancel: threading.Event | None = None, concurrency: int = 1) -> Result:
    """Start executing ``plan``; rows are fetched as the returned iterator is consumed."""
    stats = ExecutionStats()
    fetcher = Fetcher(plan, client, stats, cancel, concurrency=concurrency, read_ahead=plan.limit is None)
    if plan.count_from_total:
        return Result([plan.columns[0].name], iter([(fetcher.total_count(),)]), stats)
    records: Iterator[Record] = fetcher.records()
    if plan.datetime_paths:
        records = (_with_datetimes(r, plan.datetime_paths) for r in records)
    residual = plan.residual  # built once: the property assembles the client-side filters
    if residual is not None:
        records = (r for r in records if keep(residual, r))
    if plan.aggregated:
        columns, rows = aggregate_rows(plan, records)
        if plan.sort:
            rows = iter(sort_items(list(rows), [(_column_getter(k.column), k.descending) for k in plan.sort]))
        return Result(columns, _window(plan, _distinct(plan, rows), stats), stats)
    if plan.sort:
        keys = [(_path_getter(k.path), k.descending) for k in plan.sort]
        records = iter(sort_items(list(records), keys))
    if plan.star:
        return _star_result(plan, records, stats)
    rows = (_project(plan, r) for r in records)
    return Result([c.name for c in plan.columns], _window(plan, _distinct(plan, rows), stats), stats)


def _path_getter(path: PathT | None) -> Callable[[Record], Any]:
    assert path is not None
    return lambda record: get_path(record, path)


def _column_getter(index: int | None) -> Callable[[tuple[Any, ...]], Any]:
    assert index is not None
    return lambda row: row[index]


def _distinct(plan: Plan, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    return distinct_rows(rows) if plan.distinct else rows


# ---------------------------------------------------------------- projection and windows


def _project(plan: Plan, record: Record) -> tuple[Any, ...]:
    return tuple(column.constant if column.path is None else get_path(record, column.path) for column in plan.columns)


def _with_datetimes(record: Record, paths: tuple[PathT, ...]) -> Record:
    """Typed contracts send datetimes as plain strings: turn the catalog's DATETIME fields into datetimes."""
    for path in paths:
        parent = get_path(record, path[:-1]) if len(path) > 1 else record
        key = path[-1]
        if isinstance(parent, dict) and isinstance(key, str) and isinstance(parent.get(key), str):
            with contextlib.suppress(ValueError):
                parent[key] = parse_datetime(parent[key])
    return record


def _star_result(plan: Plan, records: Iterator[Record], stats: ExecutionStats) -> Result:
    """SELECT *: the columns are the flattened keys of the first record."""
    flat = (flatten(r) for r in records)
    first = next(flat, None)
    if first is None:
        return Result([], iter(()), stats)
    columns = list(first)

    def rows() -> Iterator[tuple[Any, ...]]:
        yield tuple(first.values())
        for item in flat:
            yield tuple(item.get(c) for c in columns)

    return Result(columns, _window(plan, _distinct(plan, rows()), stats), stats)


def _window(plan: Plan, rows: Iterable[tuple[Any, ...]], stats: ExecutionStats) -> Iterator[tuple[Any, ...]]:
    """Client-side OFFSET/LIMIT; stops pulling rows (and so pages) once LIMIT is reached."""
    skip, limit = plan.offset, plan.limit
    if limit == 0:
        return
    for row in rows:
        if skip:
            skip -= 1
            continue
        stats.rows += 1
        yield row
        if limit is not None and stats.rows >= limit:
            return

"""Runs a Plan against a client and streams result rows.

Owns the order of client-side work: fetch (paging, single GETs, fan-out branches, de-duplication by
key), decode, residual filter, then either streaming projection with OFFSET/LIMIT and an early stop,
or the blocking steps (aggregation, HAVING, sort, DISTINCT) that need every row first.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from imisql.decode import decode_item, flatten, get_path, parse_datetime
from imisql.errors import InterfaceError
from imisql.paging import JsonSource, fetch_one, iter_pages
from imisql.plan import Plan, Request
from imisql.predicate import keep
from imisql.reducers import aggregate_rows, distinct_rows, sort_items

Record = dict[str, Any]
PathT = tuple[str | int, ...]


@dataclass
class ExecutionStats:
    """What one execution cost: pages fetched, items received from iMIS, rows returned."""

    pages: int = 0
    items: int = 0
    rows: int = 0


class Cancelled(InterfaceError):
    """The caller cancelled the query (Ctrl-C in the shell, ``Cursor.cancel()``)."""


@dataclass
class Result:
    """Column names and a lazy iterator of row tuples."""

    columns: list[str]
    rows: Iterator[tuple[Any, ...]]
    stats: ExecutionStats = field(default_factory=ExecutionStats)


def execute(plan: Plan, client: JsonSource, *, cancel: threading.Event | None = None, concurrency: int = 1) -> Result:
    """Start executing ``plan``; rows are fetched as the returned iterator is consumed."""
    stats = ExecutionStats()
    if plan.count_from_total:
        return Result([plan.columns[0].name], iter([(_count_total(plan, client, stats),)]), stats)
    records: Iterator[Record] = _fetch(plan, client, stats, cancel, concurrency)
    if plan.datetime_paths:
        records = (_with_datetimes(r, plan.datetime_paths) for r in records)
    if plan.residual is not None:
        records = (r for r in records if keep(plan.residual, r))
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


# ---------------------------------------------------------------- fetching


def _fetch(
    plan: Plan, client: JsonSource, stats: ExecutionStats, cancel: threading.Event | None, concurrency: int
) -> Iterator[Record]:
    branches = plan.requests
    if len(branches) > 1 and concurrency > 1:
        streams: Iterable[Iterator[Record]] = _parallel(plan, client, stats, cancel, concurrency)
    else:
        streams = (_fetch_request(r, client, stats, cancel, plan.key) for r in branches)
    if len(branches) == 1:
        yield from next(iter(streams))
        return
    seen: set[Any] = set()
    for stream in streams:
        for record in stream:
            identity = _identity(record, plan.key)
            if identity not in seen:
                seen.add(identity)
                yield record


def _parallel(
    plan: Plan, client: JsonSource, stats: ExecutionStats, cancel: threading.Event | None, workers: int
) -> list[Iterator[Record]]:
    """Opt-in concurrency: fetch fan-out branches at the same time, each fully, then merge."""
    with ThreadPoolExecutor(max_workers=min(workers, len(plan.requests))) as pool:
        futures = [pool.submit(_fetch_all, r, client, stats, cancel, plan.key) for r in plan.requests]
        return [iter(f.result()) for f in futures]


def _fetch_all(
    request: Request, client: JsonSource, stats: ExecutionStats, cancel: threading.Event | None, key: tuple[PathT, ...]
) -> list[Record]:
    return list(_fetch_request(request, client, stats, cancel, key))


def _fetch_request(
    request: Request,
    client: JsonSource,
    stats: ExecutionStats,
    cancel: threading.Event | None,
    key: tuple[PathT, ...],
) -> Iterator[Record]:
    if not request.paged:
        stats.pages += 1
        body = fetch_one(client, request.path, request.params)
        if body is not None:
            stats.items += 1
            yield decode_item(body)
        return
    yield from _paged(request, client, stats, cancel, key)


def _paged(
    request: Request,
    client: JsonSource,
    stats: ExecutionStats,
    cancel: threading.Event | None,
    key: tuple[PathT, ...],
) -> Iterator[Record]:
    """Items of a paged request, stopping at its row limit; rows repeated across adjacent pages (the
    data shifted while paging) are dropped by key, remembering only the last two pages' keys."""
    wanted = request.row_limit
    if wanted == 0:
        return
    size = request.page_size if wanted is None else max(1, min(request.page_size, wanted))
    recent: deque[set[Any]] = deque(maxlen=2)
    given = 0
    for page in iter_pages(client, request.path, request.params, page_size=size, offset=request.offset):
        _check_cancel(cancel)
        stats.pages += 1
        keys: set[Any] = set()
        for item in page.items:
            record = decode_item(item)
            stats.items += 1
            identity = _identity(record, key) if key else None
            if identity is not None and any(identity in k for k in recent):
                continue
            if identity is not None:
                keys.add(identity)
            yield record
            given += 1
            if wanted is not None and given >= wanted:
                return
        recent.append(keys)


def _identity(record: Record, key: tuple[PathT, ...]) -> Any:
    if key:
        values = tuple(get_path(record, p) for p in key)
        if any(v is not None for v in values):
            return values
    return repr(sorted(flatten(record).items(), key=lambda kv: kv[0]))


def _count_total(plan: Plan, client: JsonSource, stats: ExecutionStats) -> int:
    request = plan.requests[0]
    first = next(iter_pages(client, request.path, request.params, page_size=1, offset=0), None)
    stats.pages += 1
    if first is not None and first.total_count is not None:
        return first.total_count
    counting = Plan(plan.entity, (request.__class__(request.method, request.path, request.params),), key=plan.key)
    return sum(1 for _ in _fetch(counting, client, stats, None, 1))


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("query cancelled")


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

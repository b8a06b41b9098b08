"""Shaping rows for the executor: ``SELECT *`` columns from records, the OFFSET/LIMIT window, and cutting
off the ORDER BY columns a statement does not select."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from imisql.decode import flatten
from imisql.plan.parts import EXPRESSION_ROOT

Record = dict[str, Any]
Row = tuple[Any, ...]
Rows = tuple[list[str], Iterator[Row]]


def cut(columns: list[str], rows: Iterator[Row], width: int | None) -> Rows:
    """Rows without their columns after ``width`` (ORDER BY keys that are not selected), once sorted."""
    if width is None:
        return columns, rows
    return columns[:width], (row[:width] for row in rows)


def star_rows(
    records: Iterator[Record],
    roots: tuple[str, ...] = (),
    key_columns: tuple[str, ...] = (),
    known: tuple[str, ...] = (),
) -> Rows:
    """SELECT *: the columns are the flattened keys of the first record (of its ``roots``: the aliases of
    joined records, if given), the key first; with no record at all, the catalog's columns (so an empty
    result still has its header)."""
    flat = (flatten(_plain({root: r.get(root) for root in roots} if roots else r)) for r in records)
    first = next(flat, None)
    if first is None:
        return list(known), iter(())
    keys = [c for c in key_columns if c in first]
    columns = keys + [c for c in first if c not in keys]

    def rows() -> Iterator[Row]:
        yield tuple(first.get(c) for c in columns)
        for item in flat:
            yield tuple(item.get(c) for c in columns)

    return columns, rows()


def _plain(record: Record) -> Record:
    """The record without the values the Compute step added (they never show in ``SELECT *``)."""
    record.pop(EXPRESSION_ROOT, None)
    return record


def window(rows: Iterator[Row], limit: int | None, skip: int) -> Iterator[Row]:
    """OFFSET/LIMIT; stops pulling rows (and so pages) once LIMIT is reached."""
    if limit == 0:
        return
    given = 0
    for row in rows:
        if skip:
            skip -= 1
            continue
        given += 1
        yield row
        if limit is not None and given >= limit:
            return

"""The client's steps over a source, in the order they happen: filter, aggregate or project, sort, DISTINCT,
LIMIT/OFFSET.

A client sort runs after projection: the rows it holds are tuples of the selected values, plus the ORDER BY
keys the SELECT list does not show (cut off once sorted), never whole records. When iMIS already sorted by
the first ORDER BY key, ``CompleteTies`` finishes the order the same way, one run of ties at a time (see
``imisql.ordering``), and with a LIMIT it may narrow the run of ties that reaches it
(``imisql.tie_reader``). ``SELECT *`` sorts records, because its columns are only known from the records.
"""

from __future__ import annotations

from imisql.plan import OutputColumn, Residual, SortKey, steps
from imisql.plan.tie_keys import FollowUps
from imisql.projection import Projection


def client_steps(
    source: steps.Step,
    projection: Projection,
    residuals: list[Residual],
    sort: tuple[SortKey, ...],
    distinct: bool,
    limit: int | None,
    offset: int,
    star: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    ties_on: str = "",
    follow: FollowUps | None = None,
    nulls_lowest: bool = False,
) -> steps.Step:
    """The client's work over ``source``. ``ties_on`` (the first ORDER BY key as written) says iMIS sorted
    by the first of the ``sort`` keys, so the client only orders the ties; ``follow`` says how a run of
    ties that reaches a LIMIT (without DISTINCT) is narrowed instead of read whole; ``nulls_lowest`` that
    the rows were read assuming iMIS sorts NULLs lowest."""
    need = limit + offset if limit is not None and not distinct else None
    follow = follow if need is not None else None
    node = steps.Filter(source, tuple(residuals)) if residuals else source
    if projection.aggregates or projection.group_by:
        node = steps.Aggregate(node, projection.columns, projection.aggregates, projection.group_by, projection.having)
        node = steps.Sort(node, sort) if sort else node
    elif projection.star:
        ordered = (
            steps.CompleteTies(node, sort, ties_on, None, need, follow, nulls_lowest)
            if ties_on
            else steps.Sort(node, sort)
            if sort
            else node
        )
        node = steps.new_project(ordered, projection.columns, projection.star, projection.star_roots, *star)
    else:
        columns, keys = sorted_columns(projection.columns, sort)
        node = steps.new_project(node, columns, projection.star, projection.star_roots, *star)
        width = len(projection.columns) if len(columns) > len(projection.columns) else None
        if ties_on:
            node = steps.CompleteTies(node, keys, ties_on, width, need, follow, nulls_lowest)
        elif sort:
            node = steps.Sort(node, keys, width)
    node = steps.Distinct(node) if distinct else node
    return steps.Limit(node, limit, offset) if limit is not None or offset else node


def sorted_columns(
    columns: tuple[OutputColumn, ...], sort: tuple[SortKey, ...]
) -> tuple[tuple[OutputColumn, ...], tuple[SortKey, ...]]:
    """The columns to project so ``sort`` (by record paths) can run on rows, and the keys by column: a key
    reads the selected column with its path, or an extra column added after the selected ones."""
    out = list(columns)
    keys: list[SortKey] = []
    for key in sort:
        index = next((i for i, c in enumerate(out) if c.path is not None and c.path == key.path), None)
        if index is None:
            index = len(out)
            out.append(OutputColumn(f"order by {index - len(columns) + 1}", key.path))
        keys.append(SortKey(column=index, descending=key.descending))
    return tuple(out), tuple(keys)

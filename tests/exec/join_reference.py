"""A naive JOIN for the differential test: every source read in full, joined by nested loops in Python.

Each source is read whole (no filter sent to iMIS). Rows are joined in FROM order by trying every
pair against the ON condition, a LEFT JOIN keeps unmatched rows with NULLs, and WHERE filters the
result. Only the last part of the statement — projection, grouping, ordering and LIMIT, which do
not depend on how rows were joined — is left to the library, fed with these rows.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import imisql
from imisql import ast
from imisql.atoms import pred_of
from imisql.binding import Binder
from imisql.executor import Executor, Result
from imisql.lowering import Lowerer
from imisql.plan import Plan, steps
from imisql.predicate import evaluate
from imisql.resolve import scope_for
from imisql.sources import Source, Sources

Record = dict[str, Any]


@dataclass(frozen=True)
class Given:
    """Records computed by the reference, standing where the plan's joins were."""

    records: tuple[Record, ...]


class _ReferenceExecutor(Executor):
    def records(self, step: Any) -> Iterator[Record]:
        if isinstance(step, Given):
            return iter(step.records)
        return super().records(step)


def reference_rows(connection: imisql.Connection, sql: str) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` computed the naive way."""
    select = imisql.parse(sql).statements[0]
    assert isinstance(select, ast.Select) and select.joins
    sources = _sources(connection, select, sql)
    binder = Binder(None, sql)
    lowerer = Lowerer(sources, binder, sql)
    joined: list[Record] = [{sources.sources[0].alias: r} for r in _records(connection, select.source)]
    for index, join in enumerate(select.joins, 1):
        alias = sources.sources[index].alias
        right = _records(connection, join.source)
        on = pred_of(lowerer.node(join.on)) if join.on is not None else None
        joined = list(_nested_loop(joined, right, alias, join.kind, on))
    if select.where is not None:
        where = pred_of(lowerer.node(select.where))
        joined = [r for r in joined if evaluate(where, r) is True]
    plan = connection.compile(sql)
    result: Result = _ReferenceExecutor(connection.client, connection.catalog).run(
        Plan(_replace_joins(plan.root, Given(tuple(joined))))
    )
    return list(result.rows)


def _sources(connection: imisql.Connection, select: ast.Select, sql: str) -> Sources:
    pairs = [(select.source, select.alias), *((j.source, j.alias) for j in select.joins)]
    found = []
    for source, alias in pairs:
        scope = scope_for(source, alias, connection.catalog, sql)
        found.append(Source(alias or scope.name, scope, source.span))
    return Sources(found, sql)


@functools.cache
def _all_records(connection: imisql.Connection, source: ast.Source) -> list[Record]:
    """Every record of one source: the plan of ``SELECT * FROM source`` without pushdown, its source step run.
    Read once per connection and source (the differential test never writes)."""
    spelled = f'"{source.name}"' if isinstance(source, ast.EntitySource) else _iqa_text(source)
    plan = imisql.compile(f"SELECT * FROM {spelled}", catalog=connection.catalog, pushdown=False)
    leaf = next(step for step in plan.steps if isinstance(step, steps.Scan | steps.Lookup | steps.Fanout))
    return list(Executor(connection.client, connection.catalog).records(leaf))


def _records(connection: imisql.Connection, source: ast.Source) -> list[Record]:
    return copy.deepcopy(_all_records(connection, source))  # later steps may change records in place


def _iqa_text(source: ast.IqaSource) -> str:
    def literal(expr: ast.Expr) -> str:
        assert isinstance(expr, ast.Literal) and isinstance(expr.value, str)
        return "'" + expr.value.replace("'", "''") + "'"

    return "iqa(" + ", ".join(literal(e) for e in (source.path, *source.args)) + ")"


def _nested_loop(left: list[Record], right: list[Record], alias: str, kind: str, on: Any) -> Iterator[Record]:
    for record in left:
        found = False
        for candidate in right:
            joined = {**record, alias: candidate}
            if on is None or evaluate(on, joined) is True:
                found = True
                yield joined
        if not found and kind == "left":
            yield {**record, alias: None}


def _replace_joins(step: steps.Step, given: Given) -> Any:
    """The plan's client steps above its joins (and the filter after them), reading ``given`` instead."""
    if isinstance(step, steps.Limit | steps.Distinct | steps.Project | steps.Aggregate | steps.Sort):
        return replace(step, input=_replace_joins(step.input, given))
    return given

"""Typed stand-in values for a statement's parameters, so it compiles while being edited.

A parameter compared with a column gets a value of that column's type (a string spelt like the
parameter, ``:name``, so the compiled requests show where it goes); LIMIT/OFFSET get 0; anything else
a string. The compiler and its checks stay untouched: they simply see a fully bound statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from imisql import ast
from imisql.catalog.model import Catalog, FieldType
from imisql.errors import QueryError
from imisql.resolve import Scope, scope_for

_SAMPLES: dict[FieldType, Any] = {
    FieldType.INTEGER: 0,
    FieldType.DECIMAL: Decimal(0),
    FieldType.BOOLEAN: True,
    FieldType.DATETIME: dt.datetime(2000, 1, 1),
}


def placeholders(statement: ast.Statement, catalog: Catalog, text: str) -> dict[str | int, Any]:
    """A parameter mapping (names and positions) with one typed value per parameter."""
    select = statement.statement if isinstance(statement, ast.Explain) else statement
    if not isinstance(select, ast.Select):
        return {}
    scope = _scope(select, catalog, text)
    values: dict[str | int, Any] = {}
    for param, column in _params(select):
        values[_key(param)] = _sample(param, column, scope, text)
    for expr in (select.limit, select.offset):
        if isinstance(expr, ast.Param):
            values[_key(expr)] = 0
    return values


def _key(param: ast.Param) -> str | int:
    return param.name if param.name is not None else param.index or 0


def _scope(select: ast.Select, catalog: Catalog, text: str) -> Scope | None:
    try:
        return scope_for(select.source, select.alias, catalog, text)
    except QueryError:
        return None


def _sample(param: ast.Param, column: ast.Name | None, scope: Scope | None, text: str) -> Any:
    if column is not None and scope is not None:
        try:
            kind = scope.resolve(column, text).type
        except QueryError:
            kind = None
        if kind in _SAMPLES:
            return _SAMPLES[kind]
    return param.label


def _params(select: ast.Select) -> Iterator[tuple[ast.Param, ast.Name | None]]:
    """Every parameter of the statement with the column it is compared against, if any."""
    if isinstance(select.source, ast.IqaSource):
        for expr in (select.source.path, *select.source.args, *(f.value for f in select.source.filters)):
            yield from _bare(expr)
    for item in select.items:
        if item.expr is not None:
            yield from _bare(item.expr)
    for cond in (select.where, select.having):
        if cond is not None:
            yield from _in_cond(cond)
    for expr in (*select.group_by, *(o.expr for o in select.order_by)):
        yield from _bare(expr)


def _bare(expr: ast.Expr) -> Iterator[tuple[ast.Param, ast.Name | None]]:
    if isinstance(expr, ast.Param):
        yield expr, None
        return
    for inner in ast.inner_exprs(expr):
        yield from _bare(inner)
    for cond in ast.inner_conds(expr):
        yield from _in_cond(cond)


def _in_cond(cond: ast.Cond) -> Iterator[tuple[ast.Param, ast.Name | None]]:
    if isinstance(cond, ast.And | ast.Or):
        for item in cond.items:
            yield from _in_cond(item)
    elif isinstance(cond, ast.Not):
        yield from _in_cond(cond.operand)
    elif isinstance(cond, ast.Compare):
        yield from _against(cond.left, (cond.right,))
        yield from _against(cond.right, (cond.left,))
    elif isinstance(cond, ast.Between):
        yield from _against(cond.left, (cond.low, cond.high))
    elif isinstance(cond, ast.InList):
        yield from _against(cond.left, cond.items)
    elif isinstance(cond, ast.Like):
        yield from _against(cond.left, (cond.pattern,))


def _against(left: ast.Expr, others: tuple[ast.Expr, ...]) -> Iterator[tuple[ast.Param, ast.Name | None]]:
    column = left if isinstance(left, ast.Name) else None
    for other in others:
        if isinstance(other, ast.Param):
            yield other, column

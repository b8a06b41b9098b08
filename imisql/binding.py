"""Bound parameters and constant values: typed, checked, never spliced into text.

``Binder`` turns literals and ``:name`` / ``?`` parameters into Python values; ``wire`` spells a value
the way the iMIS query string expects it (the request layer URL-encodes it later).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from imisql import ast
from imisql.errors import ParameterError, SemanticError
from imisql.limits import NUMBER_HINT, number_problem

Params = Mapping[Any, Any] | Sequence[Any] | None  # names (and ints for ?) to values, or a sequence for ?

_ALLOWED = (str, int, Decimal, bool, type(None), dt.date, dt.datetime)


class Binder:
    """Resolves the values of literals and parameters of one statement."""

    def __init__(self, params: Params, text: str):
        self.params = params
        self.text = text

    def value(self, expr: ast.Expr) -> Any:
        """The Python value of a literal or parameter; SemanticError for anything else."""
        if isinstance(expr, ast.Literal):
            return expr.value
        if isinstance(expr, ast.Param):
            return self._param(expr)
        raise SemanticError(
            "expected a value here", self.text, expr.span, hint="write a literal such as 'text', 42 or :param"
        )

    def _param(self, param: ast.Param) -> Any:
        raw = self._lookup(param)
        if isinstance(raw, float):
            raw = Decimal(repr(raw))
        problem = number_problem(raw)
        if problem is not None:
            raise ParameterError(
                f"parameter {param.label} {problem}", self.text, param.span, hint=NUMBER_HINT
            )  # fmt: skip
        if not isinstance(raw, _ALLOWED):
            raise ParameterError(
                f"parameter {param.label} has unsupported type {type(raw).__name__}", self.text, param.span,
                hint="pass str, int, float, Decimal, bool, None, date or datetime",
            )  # fmt: skip
        if isinstance(raw, str) and not raw.isascii() and not _encodable(raw):
            raise ParameterError(
                f"parameter {param.label} holds a lone surrogate, which cannot be sent to iMIS", self.text,
                param.span, hint="pass valid Unicode text (decode bytes as UTF-8 first)",
            )  # fmt: skip
        return raw

    def _lookup(self, param: ast.Param) -> Any:
        params = self.params
        if param.name is not None:
            if isinstance(params, Mapping) and param.name in params:
                return params[param.name]
            raise ParameterError(
                f"no value for parameter :{param.name}", self.text, param.span,
                hint=f"pass it, e.g. execute(sql, {{'{param.name}': ...}})",
            )  # fmt: skip
        assert param.index is not None
        if isinstance(params, Mapping) and param.index in params:
            return params[param.index]
        if isinstance(params, Sequence) and not isinstance(params, str) and param.index < len(params):
            return params[param.index]
        raise ParameterError(
            f"no value for positional parameter {param.index + 1}", self.text, param.span,
            hint="pass a sequence with one value per ?",
        )  # fmt: skip


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def wire(value: Any) -> str:
    """How a value is spelt in an iMIS query string (before URL encoding)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def literal_sql(value: Any) -> str:
    """A value written back as imisql source text (for EXPLAIN and formatting)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(value)

"""Bound parameters and constant values: typed, checked, never spliced into text.

``Binder`` turns literals and ``:name`` / ``?`` parameters into Python values; ``imisql.wire`` spells a
value the way the iMIS query string expects it (the request layer URL-encodes it later).

Values on the wire, as iMIS (.NET) parses them:

* Decimals are written positionally, never in scientific notation (``0.00000001``, not ``1E-8``):
  .NET's ``decimal.Parse`` rejects exponents.
* A value compared with a date column is normalised to ISO 8601 (``2024-01-31`` or
  ``2024-01-31T09:30:00``). A string that is not ISO 8601 (``'01/31/2024'``) is refused: the server
  would read it in its own culture, month and day swapped on some sites.
* iMIS datetimes are wall-clock times on the server's clock, without a zone. A datetime with an
  offset (an aware ``datetime`` parameter, ``TIMESTAMP '2024-01-31 09:30:00+02:00'``) is an
  instant: it is converted to the server's time zone (``server_timezone``, default UTC) and sent
  without an offset, and the client compares with the same converted value.

A single row is addressed as ASI's client does (``imisql.wire.key_request``): the id goes in the path when
URL-encoding leaves it unchanged, otherwise it is sent as ``?EntityId=<id>``; a composite key is
``~a|b``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from imisql import ast
from imisql.errors import ParameterError, SemanticError
from imisql.limits import NUMBER_HINT, number_problem
from imisql.semantics import Kind, coerce

Params = Mapping[Any, Any] | Sequence[Any] | None  # names (and ints for ?) to values, or a sequence for ?

_ALLOWED = (str, int, Decimal, bool, type(None), dt.date, dt.datetime)
_ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_FRACTION = re.compile(r"(\.\d{6})\d+")
_STRING, _DATETIME = Kind.STRING, Kind.DATETIME  # read once: naming an enum member costs a class attribute lookup


class Binder:
    """Resolves the values of literals and parameters of one statement."""

    __slots__ = ("params", "server_timezone", "text")

    def __init__(self, params: Params, text: str, server_timezone: dt.tzinfo = dt.UTC):
        self.params = params
        self.text = text
        self.server_timezone = server_timezone

    def value(self, expr: ast.Expr) -> Any:
        """The Python value of a literal or parameter; SemanticError for anything else.

        Datetimes with an offset come back as naive wall-clock times on the server's clock.
        """
        if isinstance(expr, ast.Literal):
            value = expr.value
            return self._server_clock(value) if isinstance(value, dt.datetime) else value
        if isinstance(expr, ast.Param):
            return self._server_clock(self._param(expr))
        raise SemanticError(
            "expected a value here", self.text, expr.span, hint="write a literal such as 'text', 42 or :param"
        )

    def count(self, expr: ast.Expr, what: str) -> int:
        """The value of LIMIT or OFFSET (``what``): a non-negative integer."""
        value = self.value(expr)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SemanticError(
                f"{what} must be a non-negative integer, not {value!r}", self.text, expr.span, hint=f"{what} 20"
            )  # fmt: skip
        return value

    def typed(self, value: Any, kind: Kind | None) -> Any:
        """``value`` checked against a column's kind and normalised for the wire.

        Raises ``ValueError`` when the value does not fit; date columns take only ISO 8601 text.
        """
        if type(value) is str and kind is _STRING:
            return value
        if kind is _DATETIME and isinstance(value, str):
            return self._iso_datetime(value)
        if kind is not None:
            coerce(value, kind)
        return value

    def _iso_datetime(self, text: str) -> dt.date:
        stripped = text.strip()
        if not _ISO_8601.match(stripped):
            raise ValueError(f"{text!r} is not an ISO 8601 date")
        if len(stripped) == 10:
            return dt.date.fromisoformat(stripped)
        parsed = dt.datetime.fromisoformat(_FRACTION.sub(r"\1", stripped.replace(" ", "T", 1)))
        return self._server_clock(parsed)

    def _server_clock(self, value: Any) -> Any:
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.astimezone(self.server_timezone).replace(tzinfo=None)
        return value

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
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)

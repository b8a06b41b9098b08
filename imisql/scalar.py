"""Scalar expressions evaluated on the client: arithmetic, ``||``, CASE and the cheap functions.

The compiler resolves a SELECT-list, WHERE or ORDER BY expression into these nodes (columns become
record paths); ``evaluate`` computes one value per record with SQL's NULL rules: any NULL operand
of an operator or of LOWER/UPPER/YEAR/MONTH/DAY gives NULL, COALESCE returns its first non-NULL
argument, and CASE takes the first branch whose condition is *true* (unknown counts as false).

Numbers: integer ``/`` integer truncates toward zero (as SQL Server and PostgreSQL do); anything with
a decimal is exact ``Decimal`` arithmetic, a quotient rounded to the operands' scale but at least 6
places; division by zero is a ``DataError``. ``CURRENT_DATE`` is
the client's local date, the same for every row of a statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

from imisql.decode import get_path
from imisql.errors import DataError
from imisql.predicate import Pred
from imisql.predicate import evaluate as truth

PathT = tuple[str | int, ...]
SCALAR_FUNCTIONS = ("LOWER", "UPPER", "COALESCE", "YEAR", "MONTH", "DAY", "LENGTH", "TRIM", "ABS", "ROUND")
NILADIC = ("CURRENT_DATE", "CURRENT_TIMESTAMP")
OPERATORS = ("+", "-", "*", "/", "||")
# argument counts: (fewest, most); None = any number
ARITY: dict[str, tuple[int, int | None]] = {
    "LOWER": (1, 1), "UPPER": (1, 1), "COALESCE": (1, None), "YEAR": (1, 1), "MONTH": (1, 1), "DAY": (1, 1),
    "LENGTH": (1, 1), "TRIM": (1, 1), "ABS": (1, 1), "ROUND": (1, 2),
    "CURRENT_DATE": (0, 0), "CURRENT_TIMESTAMP": (0, 0),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Field:
    path: PathT


@dataclass(frozen=True, slots=True)
class Const:
    value: Any


@dataclass(frozen=True, slots=True)
class Apply:
    """A function of the values of ``args``."""

    name: str
    args: tuple[Scalar, ...] = ()


@dataclass(frozen=True, slots=True)
class Arith:
    """``left <op> right`` for + - * / and ||."""

    op: str
    left: Scalar
    right: Scalar


@dataclass(frozen=True, slots=True)
class Choose:
    """CASE WHEN cond THEN value ... [ELSE value] END."""

    branches: tuple[tuple[Pred, Scalar], ...]
    default: Scalar | None = None


Scalar = Field | Const | Apply | Arith | Choose


@dataclass(frozen=True)
class Clock:
    """What ``CURRENT_DATE`` and ``CURRENT_TIMESTAMP`` read: fixed once per statement."""

    now: dt.datetime

    @classmethod
    def start(cls) -> Clock:
        return cls(dt.datetime.now().replace(microsecond=0))


def evaluate(scalar: Scalar, record: Mapping[str, Any], clock: Clock) -> Any:
    """The value of ``scalar`` for one record."""
    if isinstance(scalar, Field):
        return get_path(record, scalar.path)
    if isinstance(scalar, Const):
        return scalar.value
    if isinstance(scalar, Arith):
        return _operate(scalar.op, evaluate(scalar.left, record, clock), evaluate(scalar.right, record, clock))
    if isinstance(scalar, Choose):
        for condition, value in scalar.branches:
            if truth(condition, record) is True:
                return evaluate(value, record, clock)
        return None if scalar.default is None else evaluate(scalar.default, record, clock)
    if scalar.name == "COALESCE":
        return next((v for v in (evaluate(a, record, clock) for a in scalar.args) if v is not None), None)
    if scalar.name == "CURRENT_DATE":
        return clock.now.date()
    if scalar.name == "CURRENT_TIMESTAMP":
        return clock.now
    values = [evaluate(a, record, clock) for a in scalar.args]
    if any(v is None for v in values):
        return None
    return _FUNCTIONS[scalar.name](*values)


# ---------------------------------------------------------------- operators


def _operate(op: str, left: Any, right: Any) -> Any:
    if left is None or right is None:
        return None
    if op == "||":
        return _text(left) + _text(right)
    if isinstance(left, dt.date) and isinstance(right, int) and op in "+-":
        return left + dt.timedelta(days=right if op == "+" else -right)
    a, b = _number(left, op), _number(right, op)
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if isinstance(a, int) and isinstance(b, int):
            if b == 0:
                raise ZeroDivisionError
            quotient = abs(a) // abs(b)
            return quotient if (a >= 0) == (b >= 0) else -quotient
        return _quotient(Decimal(a), Decimal(b))
    except (ZeroDivisionError, DivisionByZero, InvalidOperation):
        raise DataError(f"division by zero: {_text(left)} / {_text(right)}") from None


DIVISION_MIN_PLACES = 6


def _quotient(a: Decimal, b: Decimal) -> Decimal:
    """``a / b`` rounded half-even to the operands' larger scale, but at least 6 places (as AVG)."""
    places = max(DIVISION_MIN_PLACES, *(-int(n.as_tuple().exponent) for n in (a, b) if n.is_finite()))
    return (a / b).quantize(Decimal(1).scaleb(-places))


def _number(value: Any, op: str) -> int | Decimal:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return int(value) if value.strip().lstrip("+-").isdigit() else Decimal(value.strip())
        except InvalidOperation:
            pass
    hint = " (join text with ||)" if op == "+" and isinstance(value, str) else ""
    raise DataError(f"{op} needs numbers, got {_text(value)!r}{hint}")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------- functions


def _date_part(part: str) -> Callable[[Any], int]:
    def extract(value: Any) -> int:
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                raise DataError(f"{part.upper()} needs a date, got {value!r}") from None
        if not isinstance(value, dt.date):
            raise DataError(f"{part.upper()} needs a date, got {_text(value)!r}")
        return int(getattr(value, part))

    return extract


def _round(value: Any, places: Any = 0) -> Any:
    number = _number(value, "ROUND")
    if not isinstance(places, int) or isinstance(places, bool):
        raise DataError(f"ROUND takes a whole number of places, got {_text(places)!r}")
    if isinstance(number, int) and places >= 0:
        return number
    return Decimal(number).quantize(Decimal(1).scaleb(-places)) if places >= 0 else round(number, places)


def _abs(value: Any) -> Any:
    return abs(_number(value, "ABS"))


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "LOWER": lambda v: _text(v).lower(),
    "UPPER": lambda v: _text(v).upper(),
    "LENGTH": lambda v: len(_text(v).rstrip(" ")),  # SQL Server's LEN: trailing spaces do not count
    "TRIM": lambda v: _text(v).strip(" "),
    "YEAR": _date_part("year"),
    "MONTH": _date_part("month"),
    "DAY": _date_part("day"),
    "ABS": _abs,
    "ROUND": _round,
}

"""Value comparison semantics shared by the emulator's filters and the client's residual filter.

One function decides whether a value satisfies an iMIS filter operation, so a predicate gives the
same answer whether the server evaluates it (``GET /api/Party?LastName=contains:smith``) or the
client evaluates it after fetching rows. The rules imitate SQL Server with its default
case-insensitive collation, which is what an iMIS server runs on:

Kinds and coercion (:func:`coerce`)
    Every comparison happens in one :class:`Kind`. When no kind is given it is inferred from the
    value (:func:`infer_kind`: ``bool`` -> BOOLEAN, ``int`` -> INTEGER, ``float``/``Decimal`` ->
    DECIMAL, ``date``/``datetime`` -> DATETIME, ``str`` -> STRING; a string is never guessed to be
    a date). The value and every operand are coerced to that kind:

    * STRING: strings as-is; numbers via ``str``; ``datetime`` via ``isoformat``; booleans as
      ``"true"``/``"false"``.
    * INTEGER: ``int`` (not ``bool``); integral floats/Decimals; strings such as ``"12"``,
      ``" -3 "``, ``"12.0"``.
    * DECIMAL: ``Decimal``; ints, floats (through ``repr``) and numeric strings; not NaN/infinity.
    * BOOLEAN: ``bool``; ints 0/1; strings ``true``/``false``/``1``/``0`` (any case).
    * DATETIME: naive ``datetime``. ``date`` becomes midnight. Strings are ISO 8601
      (``2017-06-25``, ``2012-11-13T12:52:41.95``, seven fractional digits as .NET writes them,
      ``Z`` or ``+hh:mm`` offsets) or US ``MM/DD/YYYY[ hh:mm[:ss]]``. A value with an offset is an
      instant: it is converted to the server's clock, taken to be UTC here, as .NET's
      ``DateTime.Parse`` does (``2024-01-01T10:30:00+05:00`` means ``2024-01-01 05:30``). The
      client binds offsets with the connection's ``server_timezone`` before they reach this module.

    ``None`` stays ``None``. Anything that cannot be coerced raises ``ValueError``.

Text: SQL Server's default collation (:func:`text_key`, :func:`collation_key`)
    * Equality is case-insensitive and accent-sensitive, and trailing spaces do not count
      (``'Smith '`` = ``'smith'``, ``'José'`` <> ``'Jose'``). :func:`text_key` is the value two
      texts share exactly when they are equal; GROUP BY, DISTINCT, COUNT(DISTINCT), de-duplication
      and join keys use it (through :func:`group_key`), so they agree with the server's ``=``.
    * Order puts accented letters beside their base letter (``Zoë`` after ``Zoe``, before
      ``Zof``), not after ``z``: :func:`collation_key` compares the unaccented text first and the
      accents only to break ties.

Matching (:func:`matches`)
    * A NULL value (``None``) fails every operator except IsEmpty; IsEmpty is true for ``None``,
      blank (whitespace-only) text and an empty list/tuple, NotEmpty is its exact negation.
    * IsTrue/IsFalse are true only when the value coerces to the boolean ``True``/``False``
      (operands are ignored).
    * Strings compare by the collation for every operator, ordering included. Contains,
      StartsWith, EndsWith and NotContain are case-insensitive and ignore the value's trailing
      spaces, as SQL Server's ``LIKE`` does.
    * Equal with several operands behaves like In; In is "equal to any operand"; NotEqual with
      several operands is "equal to none of them".
    * Between is inclusive at both ends and takes exactly two operands, ``low`` then ``high`` as
      given (``between:b|a`` with ``a < b`` matches nothing, as in SQL).
    * Contains/StartsWith/EndsWith/NotContain compare the STRING forms of value and operand
      (SQL's implicit conversion for ``LIKE``); an empty operand is contained in every value.
      NotContain is false for NULL.
    * A value or operand that cannot be coerced, a wrong number of operands, or incomparable
      types make the predicate False; :func:`matches` never raises for data problems.

Ordering (:func:`sort_key`)
    Ascending order sorts NULL first, then values of the column's kind (strings by the
    collation), then values that could not be coerced (by their collation key).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from imisql.operators import Op

__all__ = [
    "Kind",
    "coerce",
    "collation_key",
    "group_key",
    "infer_kind",
    "is_empty",
    "matches",
    "sort_key",
    "text_key",
]


class Kind(enum.Enum):
    """The comparison domain of a value."""

    STRING = "String"
    INTEGER = "Integer"
    DECIMAL = "Decimal"
    BOOLEAN = "Boolean"
    DATETIME = "DateTime"
    __hash__ = object.__hash__  # members are singletons; identity hashing is C-fast (Enum's is Python)


def infer_kind(value: object) -> Kind | None:
    """Return the kind a Python value naturally has, or None (for None and unknown types)."""
    if isinstance(value, bool):
        return Kind.BOOLEAN
    if isinstance(value, int):
        return Kind.INTEGER
    if isinstance(value, float | Decimal):
        return Kind.DECIMAL
    if isinstance(value, date):  # datetime is a date subclass
        return Kind.DATETIME
    if isinstance(value, str):
        return Kind.STRING
    return None


# ---------------------------------------------------------------------------------------------
# Coercion
# ---------------------------------------------------------------------------------------------

_FRACTION = re.compile(r"(\.\d{6})\d+")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def _to_string(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    raise ValueError(f"cannot convert {type(value).__name__} to a string")


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    else:
        raise ValueError(f"cannot convert {type(value).__name__} to a number")
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def _to_integer(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = _to_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(f"not an integer: {value!r}")
    return int(number)


_TRUE_WORDS = frozenset({"true", "1"})
_FALSE_WORDS = frozenset({"false", "0"})


def _to_boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    raise ValueError(f"not a boolean: {value!r}")


def _parse_datetime(text: str) -> datetime:
    text = text.strip()
    us = _US_DATE.match(text)
    if us:
        month, day, year, hour, minute, second = us.groups()
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    try:
        parsed = datetime.fromisoformat(_FRACTION.sub(r"\1", text))
    except ValueError:
        raise ValueError(f"not a date/time: {text!r}") from None
    return _server_clock(parsed)


def _server_clock(value: datetime) -> datetime:
    """A naive datetime on the server's clock (UTC): an aware value is converted, not truncated."""
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _to_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return _server_clock(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return _parse_datetime(value)
    raise ValueError(f"cannot convert {type(value).__name__} to a date/time")


_COERCERS: dict[Kind, Callable[[object], object]] = {
    Kind.STRING: _to_string,
    Kind.INTEGER: _to_integer,
    Kind.DECIMAL: _to_decimal,
    Kind.BOOLEAN: _to_boolean,
    Kind.DATETIME: _to_datetime,
}


def coerce(value: object, kind: Kind | None) -> object:
    """Convert ``value`` to the Python type of ``kind`` (see the module docstring).

    ``None`` stays ``None``; ``kind=None`` means "infer from the value" (the value is returned
    unchanged, except that dates become datetimes and aware datetimes become naive). Raises
    ``ValueError`` when the value cannot be converted.
    """
    if value is None:
        return None
    if kind is None:
        kind = infer_kind(value)
        if kind is None:
            raise ValueError(f"cannot compare a {type(value).__name__}")
    return _COERCERS[kind](value)


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------


def is_empty(value: object) -> bool:
    """IsEmpty: None, blank (whitespace-only) text and an empty list/tuple are empty."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list | tuple) and len(value) == 0)


def text_key(value: object) -> object:
    """What a value is equal by under the collation: text loses case and trailing spaces.

    Two strings have the same key exactly when SQL Server's default collation calls them equal;
    other values are returned unchanged. Use it for join keys, grouping and de-duplication.
    """
    if isinstance(value, str):
        return value.rstrip(" ").casefold()
    return value


def group_key(value: object) -> object:
    """A hashable key under which equal values (by :func:`text_key`) fall into one group."""
    if isinstance(value, list | dict):
        return repr(value)
    return text_key(value)


# Letters that do not decompose into base letter + accent but sort beside a base letter.
_BASE_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


def collation_key(text: str) -> tuple[str, str]:
    """An order for text like SQL Server's collation: accents only break ties with the base letter."""
    folded = text.rstrip(" ").casefold()
    if folded.isascii():
        return (folded, folded)
    decomposed = unicodedata.normalize("NFD", folded.translate(_BASE_LETTERS))
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return (base, folded)


def _comparable(value: object, kind: Kind | None) -> object:
    coerced = coerce(value, kind)
    return collation_key(coerced) if isinstance(coerced, str) else coerced


def _text(value: object) -> str:
    return _to_string(value).casefold()


def _compare(op: Op, value: object, operands: Sequence[object], kind: Kind | None) -> bool:
    v = _comparable(value, kind)
    ops = [_comparable(o, kind) for o in operands]
    if not ops or any(o is None for o in ops):
        return False
    if op in (Op.EQUAL, Op.IN):
        return any(v == o for o in ops)
    if op is Op.NOT_EQUAL:
        return all(v != o for o in ops)
    if op is Op.BETWEEN:
        return len(ops) == 2 and bool(ops[0] <= v <= ops[1])  # type: ignore[operator]
    if len(ops) != 1:
        return False
    return bool(_ORDERING[op](v, ops[0]))


_ORDERING: dict[Op, Callable[[object, object], object]] = {
    Op.GREATER_THAN: lambda a, b: a > b,  # type: ignore[operator]
    Op.GREATER_THAN_OR_EQUAL: lambda a, b: a >= b,  # type: ignore[operator]
    Op.LESS_THAN: lambda a, b: a < b,  # type: ignore[operator]
    Op.LESS_THAN_OR_EQUAL: lambda a, b: a <= b,  # type: ignore[operator]
}

_TEXT_TESTS: dict[Op, Callable[[str, str], bool]] = {
    Op.CONTAINS: lambda v, o: o in v,
    Op.NOT_CONTAIN: lambda v, o: o not in v,
    Op.STARTS_WITH: lambda v, o: v.startswith(o),
    Op.ENDS_WITH: lambda v, o: v.endswith(o),
}


def _text_match(op: Op, value: object, operands: Sequence[object]) -> bool:
    if len(operands) != 1 or operands[0] is None:
        return False
    return _TEXT_TESTS[op](_text(value).rstrip(" "), _text(operands[0]))


def _boolean_is(value: object, expected: bool) -> bool:
    try:
        return _to_boolean(value) is expected
    except ValueError:
        return False


def matches(op: Op, value: object, operands: Sequence[object], kind: Kind | None = None) -> bool:
    """Return whether ``value`` satisfies ``op`` with ``operands`` (see the module docstring).

    ``kind`` is the column's kind; when None it is inferred from ``value``. Never raises for
    uncoercible or incomparable data: such predicates are simply False.
    """
    if op is Op.IS_EMPTY:
        return is_empty(value)
    if op is Op.NOT_EMPTY:
        return not is_empty(value)
    if value is None:
        return False
    if kind is None:
        kind = infer_kind(value)
    try:
        if op is Op.IS_TRUE:
            return _boolean_is(value, True)
        if op is Op.IS_FALSE:
            return _boolean_is(value, False)
        if op in _TEXT_TESTS:
            return _text_match(op, value, operands)
        return _compare(op, value, operands, kind)
    except (ValueError, TypeError, ArithmeticError):
        return False


def membership(operands: Sequence[object], kind: Kind | None) -> Callable[[object], bool]:
    """``value IN operands`` as :func:`matches` decides it, with the operands prepared once: one set lookup
    per value, so testing many rows against a long list stays linear."""
    if kind is None:
        return lambda value: matches(Op.IN, value, operands, kind)
    try:
        keys = {_comparable(o, kind) for o in operands}
    except (ValueError, TypeError, ArithmeticError):
        return lambda value: matches(Op.IN, value, operands, kind)
    if not keys or None in keys:
        return lambda value: False

    def test(value: object) -> bool:
        if value is None:
            return False
        try:
            return _comparable(value, kind) in keys
        except (ValueError, TypeError, ArithmeticError):
            return False

    return test


_KIND_RANK = {Kind.BOOLEAN: 0, Kind.INTEGER: 1, Kind.DECIMAL: 1, Kind.DATETIME: 2, Kind.STRING: 3}


def sort_key(value: object, kind: Kind | None = None) -> tuple[int, int, object]:
    """A key that orders values like SQL Server ascending: NULL first, strings by the collation.

    Values that cannot be coerced to ``kind`` sort last, by their casefolded text. Keys of one
    column are always mutually comparable (with ``kind=None``, values of different kinds are
    grouped: booleans, numbers, datetimes, strings).
    """
    if value is None:
        return (0, 0, 0)
    effective = kind or infer_kind(value)
    try:
        if effective is None:
            raise ValueError("unknown kind")
        return (1, _KIND_RANK[effective], _comparable(value, effective))
    except (ValueError, TypeError, ArithmeticError):
        return (2, 0, collation_key(str(value)))

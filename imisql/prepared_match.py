"""Filter tests with their operands prepared once: :func:`imisql.semantics.matches`, cheaper per value.

A scan tests one predicate against many values, and ``matches`` coerces and keys the operands on
every call. :func:`prepared` returns a one-argument test that answers exactly as
``matches(op, value, operands, kind)`` does, with the operands handled once:

* Comparisons (Equal, In, NotEqual, Between, GreaterThan, ...) of a column with a kind compare the
  third part of :func:`~imisql.semantics.sort_key`, which is the comparable form ``matches``
  compares. A value whose key does not start with 1 is NULL or cannot be coerced to the kind, and
  ``matches`` is False for it; an operand like that makes ``matches`` False for every value.
* Contains, StartsWith, EndsWith and NotContain of a text value compare
  :func:`~imisql.semantics.text_key` (the text without trailing spaces, casefolded: no character
  casefolds to nothing or to something ending in a space, so this is ``matches``' casefolded
  text with trailing spaces removed) with the casefolded operand.
* Every other case (a column without a kind, IsEmpty, IsTrue, a value that is not text for a
  text operator, ...) calls ``matches``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from imisql.operators import Op
from imisql.semantics import Kind, matches, membership, sort_key, text_key

Test = Callable[[object], bool]
_COMPARABLE = 1  # sort_key's first part for a value coerced to the column's kind
_ORDERING: dict[Op, Callable[[Any, Any], Any]] = {
    Op.GREATER_THAN: operator.gt,
    Op.GREATER_THAN_OR_EQUAL: operator.ge,
    Op.LESS_THAN: operator.lt,
    Op.LESS_THAN_OR_EQUAL: operator.le,
}
_TEXT: dict[Op, Callable[[str, str], bool]] = {
    Op.CONTAINS: lambda value, needle: needle in value,
    Op.NOT_CONTAIN: lambda value, needle: needle not in value,
    Op.STARTS_WITH: str.startswith,
    Op.ENDS_WITH: str.endswith,
}


def _never(value: object) -> bool:
    return False


def _comparison(op: Op, operands: Sequence[object], kind: Kind) -> Test:
    keys = [sort_key(o, kind) for o in operands]
    if not keys or any(key[0] != _COMPARABLE for key in keys):
        return _never
    bounds = [key[2] for key in keys]

    def comparable(value: object) -> object | None:
        key = sort_key(value, kind)
        return key[2] if key[0] == _COMPARABLE else None

    if op is Op.NOT_EQUAL:
        excluded = set(bounds)
        return lambda value: (v := comparable(value)) is not None and v not in excluded
    if op is Op.BETWEEN:
        if len(bounds) != 2:
            return _never
        low, high = bounds
        return lambda value: (v := comparable(value)) is not None and low <= v <= high  # type: ignore[operator]
    if len(bounds) != 1:
        return _never
    compare, bound = _ORDERING[op], bounds[0]
    return lambda value: (v := comparable(value)) is not None and bool(compare(v, bound))


def _text_test(op: Op, operands: Sequence[object], kind: Kind | None) -> Test:
    if len(operands) != 1 or operands[0] is None:
        return _never
    if type(operands[0]) is not str:
        return lambda value: matches(op, value, operands, kind)
    needle, test = operands[0].casefold(), _TEXT[op]

    def check(value: object) -> bool:
        if type(value) is str:
            return test(text_key(value), needle)  # type: ignore[arg-type]
        return matches(op, value, operands, kind)

    return check


def prepared(op: Op, operands: Sequence[object], kind: Kind | None) -> Test:
    """``lambda value: matches(op, value, operands, kind)``, with the operands prepared once."""
    if op in (Op.IN, Op.EQUAL) and kind is not None:
        return membership(operands, kind)
    if op in _TEXT:
        return _text_test(op, operands, kind)
    if kind is not None and (op is Op.NOT_EQUAL or op is Op.BETWEEN or op in _ORDERING):
        return _comparison(op, operands, kind)
    return lambda value: matches(op, value, operands, kind)

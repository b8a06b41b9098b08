"""The documented limits on statement text and parameter values (see docs/reliability.md, "Limits").

Each limit keeps hostile input inside the error tree: past it, the caller gets an ``ImisqlError`` with a
position and a hint instead of a ``RecursionError``, a ``ValueError`` or a hang further down.

* ``MAX_CONDITION_DEPTH``: how deeply AND / OR / NOT may nest in one WHERE or HAVING. Everything after
  the parser (lowering, evaluation, checking, formatting) walks conditions recursively; 100 levels
  leave those walks several times the room they need under Python's default recursion limit.
* ``MAX_TREE_DEPTH``: how deeply a statement's whole tree may nest (expressions in function calls and
  CASE, with the conditions inside them); checked by ``imisql.nesting`` after parsing.
* ``MAX_NUMBER_DIGITS``: digits in a number literal or a numeric parameter, SQL Server's maximum
  precision (38). Python refuses to convert integers of more than 4,300 digits to or from text, and no
  iMIS value is wider than 38 digits.
"""

from __future__ import annotations

from decimal import Decimal

MAX_CONDITION_DEPTH = 100
MAX_TREE_DEPTH = 128
MAX_NUMBER_DIGITS = 38
_INT_BOUND = 10**MAX_NUMBER_DIGITS

DEPTH_HINT = (
    f"conditions may nest at most {MAX_CONDITION_DEPTH} levels deep; "
    "write long alternatives as IN (...) or a flat chain of OR / AND"
)
TREE_HINT = (
    f"expressions may nest at most about {MAX_TREE_DEPTH} levels deep (function calls, CASE, conditions); "
    "split the statement or compute part of it separately"
)
NUMBER_HINT = f"numbers have at most {MAX_NUMBER_DIGITS} digits (SQL Server's maximum precision)"


def digits_of(literal: str) -> int:
    """Digits written in a number literal (``-0012.50`` has 6)."""
    return sum(ch.isdigit() for ch in literal)


def number_problem(value: object) -> str | None:
    """Why a bound value (floats already made ``Decimal``) cannot be used as a number, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if -_INT_BOUND < value < _INT_BOUND else f"has more than {MAX_NUMBER_DIGITS} digits"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return "is not a finite number (NaN or infinity)"
        return None if value.is_zero() or value.adjusted() < MAX_NUMBER_DIGITS else "is too large"
    return None

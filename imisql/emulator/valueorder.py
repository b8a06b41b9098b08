"""The ascending order of a column's distinct values, computed in bulk exactly as :func:`sort_key` orders them.

:func:`~imisql.semantics.sort_key` costs a Python call with coercion per value (microseconds for
a date string). When every value that is not NULL has the plain type of the column's kind, the
comparable part of the key is computed with C-level maps instead, giving the same order and the
same ties:

* STRING, ``str`` values: :func:`~imisql.semantics.collation_key`; when every casefolded value is
  ASCII, the key is ``(folded, folded)``, so the casefolded text alone orders and ties the same.
* DATETIME, ``str`` values: ``datetime.fromisoformat`` when it accepts every value and gives naive
  datetimes. ``coerce`` gives the same datetime for such a text (it strips spaces, reads US dates
  with ``/`` and cuts fractions to six digits, none of which applies to a text ``fromisoformat``
  accepts, since it takes no spaces or ``/`` and cuts fractions itself).
* INTEGER ``int`` and BOOLEAN ``bool`` values: the value itself.

NULL (its key is the smallest) comes first. Any other column is ordered by ``sort_key`` itself.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from datetime import datetime
from itertools import compress, repeat
from typing import Any

from imisql.semantics import Kind, collation_key, sort_key


def _strings(texts: list[Any]) -> list[Any]:
    folded = list(map(str.casefold, map(str.rstrip, texts, repeat(" "))))
    return folded if all(map(str.isascii, folded)) else list(map(collation_key, texts))


def _datetimes(texts: list[Any]) -> list[Any] | None:
    try:
        parsed = list(map(datetime.fromisoformat, texts))
    except ValueError:
        return None
    return None if any(map(operator.attrgetter("tzinfo"), parsed)) else parsed


_FAST: dict[Kind, tuple[type, Callable[[list[Any]], list[Any] | None]]] = {
    Kind.STRING: (str, _strings),
    Kind.DATETIME: (str, _datetimes),
    Kind.INTEGER: (int, list),
    Kind.BOOLEAN: (bool, list),
}


def _fast_keys(values: Sequence[object], kind: Kind | None) -> tuple[list[int], list[Any]] | None:
    """(indices of the values that are not NULL, their comparable keys), or None when not all are plain."""
    if kind not in _FAST:
        return None
    plain, convert = _FAST[kind]
    present = list(compress(range(len(values)), map(operator.is_not, values, repeat(None))))
    chosen = list(values) if len(present) == len(values) else list(map(values.__getitem__, present))
    if not all(map(operator.is_, map(type, chosen), repeat(plain))):
        return None
    keys = convert(chosen)
    return None if keys is None else (present, keys)


def sort_order(values: Sequence[object], kind: Kind | None) -> tuple[list[int], list[bool]]:
    """Value indices in ascending ``sort_key`` order (equal keys in index order), and per position
    whether its key is greater than the previous position's (True at the first position)."""
    fast = _fast_keys(values, kind)
    indices: Sequence[int] = range(len(values))
    nulls: list[int] = []
    if fast is None:
        keys = [sort_key(value, kind) for value in values]
    else:
        indices, keys = fast
        if len(indices) < len(values):
            nulls.append(values.index(None))
    ordered = sorted(range(len(keys)), key=keys.__getitem__)
    order = ordered if not nulls else nulls + list(map(indices.__getitem__, ordered))
    if fast is not None and len(set(keys)) == len(keys):  # these keys are equal exactly when neither is less
        return order, [True] * len(order)
    sorted_keys = list(map(keys.__getitem__, ordered))
    starts = [True] * len(nulls) + [True] * bool(sorted_keys)
    starts += map(operator.lt, sorted_keys, sorted_keys[1:])
    return order, starts

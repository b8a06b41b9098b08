"""Finishing a sort iMIS did by the first ORDER BY key: ties sorted on the client, iMIS's order checked.

iMIS sorts by one column (``OrderBy``). The rows (projected; records for ``SELECT *``) arrive in runs of
equal first-key values (equal by the collation, ``semantics.sort_key``; NULL and blank text form one
"empty" run, which iMIS returns from its own ``isEmpty`` request). Each run is sorted by every ORDER BY
key once the first row of the next run shows it is complete, so only one run is held at a time and a
LIMIT stops reading right after the run that reaches it. Between runs the client checks that iMIS's
order agrees with its own: a run that should have come earlier raises ``ServerOrderError`` instead of
giving rows out of order. When the connection assumes iMIS sorts NULLs lowest (``nulls_lowest``) and an
empty value shows up where NULLs do not belong, the error says to connect with ``nulls_lowest=False``.
A single pushed ``OrderBy`` (iMIS sorts every row) is checked for that alone (``nulls_checked``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from imisql.errors import ServerOrderError
from imisql.reducers import sort_items
from imisql.semantics import is_empty, sort_key

T = TypeVar("T")  # a row, or a record
_EMPTY_RUN = (0,)


def complete_ties(
    items: Iterator[T], keys: Sequence[tuple[Callable[[T], Any], bool]], first: str, nulls_lowest: bool = False
) -> Iterator[T]:
    """``items`` (sorted by iMIS on ``keys[0]``) in the order of all ``keys``; ``first`` names the first
    key in errors; ``nulls_lowest``: the rows were read assuming iMIS sorts NULLs lowest."""
    first_value, descending = keys[0]
    run: list[T] = []
    current: tuple[Any, ...] = ()
    for item in items:
        key = run_key(first_value(item))
        if run and key != current:
            if (key < current) != descending:
                raise out_of_order(first, first_value(run[0]), first_value(item), nulls_lowest)
            yield from sort_items(run, list(keys))
            run = []
        current = key
        run.append(item)
    yield from sort_items(run, list(keys))


def run_key(value: Any) -> tuple[Any, ...]:
    """Rows with equal keys are ties; the empty values (NULL, blank text) come first ascending."""
    return _EMPTY_RUN if is_empty(value) else (1, sort_key(value))


def nulls_checked(
    items: Iterator[T], value: Callable[[T], Any], descending: bool, name: str, after: Callable[[], Any] | None = None
) -> Iterator[T]:
    """``items``, which iMIS sorted by ``value`` alone assuming NULLs lowest, checked for a NULL after a
    value ascending (a value after a NULL descending); ``name`` names the column in the error. ``after``
    (descending, from the first row on) gives a value of a row iMIS has, if any: asked when the first row is
    NULL, which leaves no row with a value to come."""
    before: Any = _START
    for item in items:
        now = value(item)
        if before is _START and now is None and descending and after is not None:
            found = after()
            if found is not None:
                raise out_of_order(name, now, found, True)
        elif before is not _START and (before is None) != (now is None) and (now is None) != descending:
            raise out_of_order(name, before, now, True)
        before = now
        yield item


_START = object()


def out_of_order(first: str, before: Any, after: Any, nulls_lowest: bool = False) -> ServerOrderError:
    if nulls_lowest and (before is None) != (after is None):
        return ServerOrderError(
            f"iMIS returned {first} {after!r} after {before!r}: it does not sort NULLs below every value (first "
            f"ascending, last descending), as this connection assumes (SQL Server's order). Connect with "
            f"nulls_lowest=False (--no-nulls-lowest) to read each ORDER BY key's empty values apart"
        )  # fmt: skip
    return ServerOrderError(
        f"iMIS returned {first} {after!r} after {before!r}, against the order it was asked for; its collation "
        f"differs from SQL Server's default, which imisql sorts by. Run the statement with pushdown off "
        f"(--no-pushdown, or pushdown=False) to sort every row on the client"
    )

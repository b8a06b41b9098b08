"""Resolved predicates and their client-side evaluation (the residual filter).

The compiler turns WHERE/HAVING conditions into these nodes, with every column already resolved to a
path in a decoded record. Evaluation uses SQL three-valued logic (a comparison with a NULL operand is
*unknown*; a row is kept only when the whole predicate is true) and the value semantics of
``imisql.semantics``, which are the server's, so client filtering returns exactly what iMIS would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from imisql.decode import get_path
from imisql.operators import Op
from imisql.quick_init import quick_init
from imisql.semantics import Kind, matches

PathT = tuple[str | int, ...]
_DEFINITE = frozenset({Op.IS_EMPTY, Op.NOT_EMPTY, Op.IS_TRUE, Op.IS_FALSE})


@quick_init
@dataclass(frozen=True, slots=True)
class ValueTest:
    """``column <op> operands`` with iMIS semantics."""

    path: PathT
    op: Op
    operands: tuple[Any, ...]
    kind: Kind | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class ColumnTest:
    """``column <op> other_column``: never pushed, always evaluated here."""

    path: PathT
    op: Op
    other: PathT
    kind: Kind | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class LikeTest:
    """``column [NOT] LIKE pattern``, case-insensitive like the server's collation."""

    path: PathT
    pattern: str
    negated: bool = False

    def regex(self) -> re.Pattern[str]:
        return like_regex(self.pattern)


@quick_init
@dataclass(frozen=True, slots=True)
class NullTest:
    path: PathT
    negated: bool = False


@quick_init
@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Pred, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Pred, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class Negate:
    item: Pred


@quick_init
@dataclass(frozen=True, slots=True)
class IfCarried:
    """``item`` on records that carry the property ``name`` (even as NULL); true on the others. An IQA
    URL filter on a column the query does not return cannot be checked here, so the server is trusted."""

    name: str
    item: Pred


Pred = ValueTest | ColumnTest | LikeTest | NullTest | AllOf | AnyOf | Negate | IfCarried
Truth = bool | None  # None = unknown


@lru_cache(maxsize=256)
def like_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression a LIKE pattern means (``%`` any run, ``_`` one character)."""
    parts = [".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern]
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def evaluate(pred: Pred, record: Mapping[str, Any], lookup: Callable[[Any, PathT], Any] = get_path) -> Truth:
    """Three-valued truth of ``pred`` on one decoded record."""
    if isinstance(pred, ValueTest):
        value = lookup(record, pred.path)
        if value is None and pred.op not in _DEFINITE:
            return None
        return matches(pred.op, value, pred.operands, pred.kind)
    if isinstance(pred, AllOf):
        return _all(evaluate(p, record, lookup) for p in pred.items)
    if isinstance(pred, AnyOf):
        return _any(evaluate(p, record, lookup) for p in pred.items)
    if isinstance(pred, Negate):
        inner = evaluate(pred.item, record, lookup)
        return None if inner is None else not inner
    if isinstance(pred, NullTest):
        return (lookup(record, pred.path) is None) != pred.negated
    if isinstance(pred, LikeTest):
        return _like(pred, lookup(record, pred.path))
    if isinstance(pred, IfCarried):
        folded = pred.name.casefold()
        carried = any(isinstance(k, str) and k.casefold() == folded for k in record)
        return evaluate(pred.item, record, lookup) if carried else True
    return _column_test(pred, record, lookup)


def keep(pred: Pred | None, record: Mapping[str, Any]) -> bool:
    """Whether a record passes the residual filter (no predicate keeps everything)."""
    return pred is None or evaluate(pred, record) is True


def _like(pred: LikeTest, value: Any) -> Truth:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    regex = pred.regex()  # the value's trailing spaces do not count, as in SQL Server's LIKE
    hit = regex.fullmatch(text) is not None or regex.fullmatch(text.rstrip(" ")) is not None
    return hit != pred.negated


def _column_test(pred: ColumnTest, record: Mapping[str, Any], lookup: Callable[[Any, PathT], Any]) -> Truth:
    left, right = lookup(record, pred.path), lookup(record, pred.other)
    if left is None or right is None:
        return None
    return matches(pred.op, left, (right,), pred.kind)


def _all(values: Any) -> Truth:
    result: Truth = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def _any(values: Any) -> Truth:
    result: Truth = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result

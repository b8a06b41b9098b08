"""Which top-level fields of its records a plan reads, so decoding can skip the rest.

A 500-row Party page carries about 60 fields per party, most of them nested; ``SELECT PartyId, Name``
reads two. ``fields_read`` gathers the head of every record path the plan's steps read — projected
columns, client filters, sort keys, expressions, aggregates — and the source's key (which identifies a
row across pages). Anything it does not fully understand answers ``None``, meaning "decode every
field": ``SELECT *``, joins, writes, a step or predicate kind it does not know, a path that does not
start with a field name, a fan-out without a key (its branches are de-duplicated on whole records), and
a source outside the catalog (its names are checked against whole rows, whose fields "did you mean" lists).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from imisql.plan import steps
from imisql.plan.parts import AGGREGATE_ROOT, EXPRESSION_ROOT, PathT
from imisql.predicate import AllOf, AnyOf, ColumnTest, LikeTest, Negate, NullTest, Pred, ValueTest
from imisql.scalar import Apply, Arith, Choose, Const, Field, Scalar

__all__ = ["fields_read"]

_COMPUTED = frozenset({AGGREGATE_ROOT, EXPRESSION_ROOT})  # heads of values steps add, not fields of an item


class _Unknown(Exception):
    """Something whose reads this module cannot tell: every field must be decoded."""


def fields_read(root: steps.Step) -> tuple[str, ...] | None:
    """The top-level record fields the plan under ``root`` reads, or ``None`` for all of them."""
    try:
        heads = dict.fromkeys(_head(path) for step in steps.walk(root) for path in _paths_of(step))
    except _Unknown:
        return None
    return tuple(head for head in heads if head not in _COMPUTED)


def _head(path: PathT) -> str:
    head = path[0] if path else None
    if not isinstance(head, str):
        raise _Unknown
    return head


def _paths_of(step: steps.Step) -> Iterator[PathT]:
    """The record paths one step reads (a source: its key)."""
    if isinstance(step, steps.Scan | steps.Lookup | steps.Fanout):
        if step.names or (isinstance(step, steps.Fanout) and not step.key):
            raise _Unknown
        yield from step.key
    elif isinstance(step, steps.Project):
        if step.star:
            raise _Unknown
        yield from _present(c.path for c in step.columns)
    elif isinstance(step, steps.Filter):
        for residual in step.residuals:
            yield from _pred_paths(residual.pred)
    elif isinstance(step, steps.Sort | steps.CompleteTies):
        yield from _present(k.path for k in step.keys)
    elif isinstance(step, steps.NullsChecked):
        yield step.path
    elif isinstance(step, steps.Compute):
        for scalar in step.scalars:
            yield from _scalar_paths(scalar)
    elif isinstance(step, steps.Aggregate):
        yield from step.group_by
        yield from _present(call.path for call in step.calls)
        yield from _present(c.path for c in step.columns)
        if step.having is not None:
            yield from _pred_paths(step.having)
    elif not isinstance(step, steps.Distinct | steps.Limit):
        raise _Unknown


def _present(paths: Iterable[PathT | None]) -> Iterator[PathT]:
    return (path for path in paths if path is not None)


def _pred_paths(pred: Pred) -> Iterator[PathT]:
    if isinstance(pred, ValueTest | LikeTest | NullTest):
        yield pred.path
    elif isinstance(pred, ColumnTest):
        yield pred.path
        yield pred.other
    elif isinstance(pred, AllOf | AnyOf):
        for item in pred.items:
            yield from _pred_paths(item)
    elif isinstance(pred, Negate):
        yield from _pred_paths(pred.item)
    else:
        raise _Unknown


def _scalar_paths(scalar: Scalar) -> Iterator[PathT]:
    if isinstance(scalar, Field):
        yield scalar.path
    elif isinstance(scalar, Apply):
        for arg in scalar.args:
            yield from _scalar_paths(arg)
    elif isinstance(scalar, Arith):
        yield from _scalar_paths(scalar.left)
        yield from _scalar_paths(scalar.right)
    elif isinstance(scalar, Choose):
        for condition, value in scalar.branches:
            yield from _pred_paths(condition)
            yield from _scalar_paths(value)
        if scalar.default is not None:
            yield from _scalar_paths(scalar.default)
    elif not isinstance(scalar, Const):
        raise _Unknown

"""The typed syntax tree: small frozen dataclasses, each carrying the span it was parsed from.

Nodes are plain values: they compare by content (spans excluded), so ``parse(format(x)) == parse(x)``
is a meaningful test. Names are kept as written; resolution against a catalog is the compiler's job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import field
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import Any

from imisql.errors import Span
from imisql.operators import Op
from imisql.quick_init import node

NO_SPAN = Span(0, 0)


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


def _recorded() -> tuple[Param, ...] | None:
    """A statement's ``Param`` nodes as the parser made them, in no particular order; None for a statement
    built any other way (``dataclasses.replace`` included). ``check_params`` reads them instead of
    walking the tree."""
    return field(default=None, init=False, compare=False, repr=False)


# ---------------------------------------------------------------- value expressions


@node
class Name:
    """A dotted identifier path as written: ``PersonName.LastName``, ``p.Email``, ``"odd name"``."""

    parts: tuple[str, ...]
    span: Span = _span()

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


LiteralValue = str | int | Decimal | bool | None | dt.date | dt.datetime


@node
class Literal:
    """A constant: string, integer, decimal, boolean, NULL, DATE or TIMESTAMP."""

    value: LiteralValue
    span: Span = _span()


@node
class Param:
    """A bound parameter: ``:name`` (``name`` set) or ``?`` (``index`` = 0-based position)."""

    name: str | None = None
    index: int | None = None
    span: Span = _span()

    @property
    def label(self) -> str:
        return f":{self.name}" if self.name is not None else f"?{self.index}"


@node
class Call:
    """A function call: an aggregate (COUNT(*), COUNT(x), SUM, MIN, MAX, AVG) or a scalar function
    evaluated on the client (LOWER, UPPER, COALESCE, YEAR, MONTH, ...; ``imisql.scalar``)."""

    name: str  # upper-case
    args: tuple[Expr, ...]
    star: bool = False
    distinct: bool = False
    span: Span = _span()


@node
class Binary:
    """``left <op> right`` for the arithmetic operators + - * / and the text operator ||."""

    op: str
    left: Expr
    right: Expr
    span: Span = _span()


@node
class Case:
    """``CASE WHEN cond THEN value ... [ELSE value] END`` (a simple CASE becomes equality conditions)."""

    branches: tuple[tuple[Cond, Expr], ...]
    default: Expr | None = None
    span: Span = _span()


Expr = Name | Literal | Param | Call | Binary | Case


# ---------------------------------------------------------------- predicates


@node
class Compare:
    """``left <op> right`` for every one-operand operator (=, <, Contains, StartsWith, ...)."""

    left: Expr
    op: Op
    right: Expr
    span: Span = _span()


@node
class Like:
    """``left [NOT] LIKE pattern`` with ``%`` and ``_`` wildcards."""

    left: Expr
    pattern: Expr
    negated: bool = False
    span: Span = _span()


@node
class Between:
    """``left [NOT] BETWEEN low AND high`` (inclusive)."""

    left: Expr
    low: Expr
    high: Expr
    negated: bool = False
    span: Span = _span()


@node
class InList:
    """``left [NOT] IN (a, b, ...)``."""

    left: Expr
    items: tuple[Expr, ...]
    negated: bool = False
    span: Span = _span()


@node
class Check:
    """A value-less test: IsEmpty, NotEmpty, IsTrue, IsFalse (``x isEmpty``, ``x IS NOT EMPTY``)."""

    operand: Expr
    op: Op
    span: Span = _span()


@node
class IsNull:
    """``x IS [NOT] NULL``."""

    operand: Expr
    negated: bool = False
    span: Span = _span()


@node
class Not:
    operand: Cond
    span: Span = _span()


@node
class And:
    items: tuple[Cond, ...]
    span: Span = _span()


@node
class Or:
    items: tuple[Cond, ...]
    span: Span = _span()


Cond = Compare | Like | Between | InList | Check | IsNull | Not | And | Or


def inner_exprs(expr: Expr) -> tuple[Expr, ...]:
    """The expressions directly inside ``expr`` (arguments, operands, CASE results)."""
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, Case):
        results = tuple(value for _, value in expr.branches)
        return (*results, expr.default) if expr.default is not None else results
    return ()


def inner_conds(expr: Expr) -> tuple[Cond, ...]:
    """The conditions directly inside ``expr`` (a CASE's WHEN conditions)."""
    return tuple(cond for cond, _ in expr.branches) if isinstance(expr, Case) else ()


# ---------------------------------------------------------------- statements


@node
class SelectItem:
    """One output column: ``expr [AS alias]``, or ``*`` / ``alias.*`` when ``star`` is set."""

    expr: Expr | None
    alias: str | None = None
    star: bool = False
    qualifier: str | None = None  # for alias.*
    span: Span = _span()


@node
class EntitySource:
    """``FROM Party`` — an iMIS entity, business object or custom table by name."""

    name: str
    span: Span = _span()


@node
class NamedArg:
    """``NAME => value`` after the prompts of ``iqa(...)``: a named URL filter."""

    name: str
    value: Expr
    span: Span = _span()


@node
class IqaSource:
    """``FROM iqa('$/Path/To/Query', 'prompt 1', ..., COLUMN => 'value', ...)`` — an IQA query with
    positional prompts and named URL filters."""

    path: Expr
    args: tuple[Expr, ...]
    span: Span = _span()
    filters: tuple[NamedArg, ...] = ()


Source = EntitySource | IqaSource


@node
class Join:
    """``[INNER | LEFT | RIGHT | FULL | CROSS] JOIN source [alias] [ON cond]``; ``kind`` is lower-case."""

    kind: str
    source: Source
    alias: str | None = None
    on: Cond | None = None
    span: Span = _span()


@node
class OrderItem:
    expr: Expr
    descending: bool = False
    span: Span = _span()


@node
class Select:
    items: tuple[SelectItem, ...]
    source: Source
    alias: str | None = None
    distinct: bool = False
    where: Cond | None = None
    joins: tuple[Join, ...] = ()
    group_by: tuple[Expr, ...] = ()
    having: Cond | None = None
    order_by: tuple[OrderItem, ...] = ()
    limit: Expr | None = None
    offset: Expr | None = None
    span: Span = _span()
    order_keyword: Span = _span()  # ORDER of ORDER BY, LIMIT and SELECT: what planner notes point at
    limit_keyword: Span = _span()
    select_keyword: Span = _span()
    placeholders: tuple[Param, ...] | None = _recorded()


@node
class Assignment:
    """``target = value`` in an UPDATE's SET list."""

    target: Name
    value: Expr
    span: Span = _span()


EVERYTHING = "everything"  # ``WHERE TRUE``: a write that states it means every row


@node
class Update:
    """``UPDATE E SET a = x, ... [WHERE cond | WHERE TRUE]``."""

    entity: str
    assignments: tuple[Assignment, ...]
    where: Cond | str | None = None  # a condition, EVERYTHING, or None (refused by the compiler)
    entity_span: Span = _span()
    span: Span = _span()
    placeholders: tuple[Param, ...] | None = _recorded()


@node
class Insert:
    """``INSERT INTO E (cols) VALUES (...), ...`` or ``INSERT INTO E (cols) SELECT ...`` [RETURNING ...]."""

    entity: str
    columns: tuple[Name, ...]
    rows: tuple[tuple[Expr, ...], ...] = ()
    select: Select | None = None
    returning: tuple[SelectItem, ...] = ()
    entity_span: Span = _span()
    span: Span = _span()
    placeholders: tuple[Param, ...] | None = _recorded()


@node
class Delete:
    """``DELETE FROM E [WHERE cond | WHERE TRUE]``."""

    entity: str
    where: Cond | str | None = None
    entity_span: Span = _span()
    span: Span = _span()
    placeholders: tuple[Param, ...] | None = _recorded()


Write = Update | Insert | Delete


@node
class Explain:
    statement: Select | Write
    span: Span = _span()
    placeholders: tuple[Param, ...] | None = _recorded()


@node
class Describe:
    entity: str
    span: Span = _span()


@node
class ShowEntities:
    span: Span = _span()


Statement = Select | Explain | Describe | ShowEntities | Update | Insert | Delete


@node
class Script:
    """Every statement of a text, in order (empty statements between ``;`` are dropped)."""

    statements: tuple[Statement, ...]
    text: str = field(default="", compare=False, repr=False)


_PLAIN = frozenset({"Span", "bool", "str", "str | None", "int | None", "Op", "LiteralValue", "tuple[str, ...]"})


@cache
def child_fields(kind: Any) -> tuple[str, ...]:
    """The fields of a node class that may hold other nodes (by their annotations: spans, names, flags
    and literal values never do; nor does what equality leaves out, such as the parser's record of
    placeholders); ``()`` for anything that is not a node."""
    if not dataclasses.is_dataclass(kind):
        return ()
    return tuple(f.name for f in dataclasses.fields(kind) if f.compare and f.type not in _PLAIN)


@cache
def children_reader(kind: Any) -> Callable[[Any], tuple[Any, ...]] | None:
    """A function giving a node's ``child_fields`` values as a tuple, in reverse field order (ready for a
    stack); None for a class without such fields. One C-level call per node instead of a Python loop."""
    names = child_fields(kind)[::-1]
    if not names:
        return None
    if len(names) == 1:
        name = names[0]
        return lambda node: (getattr(node, name),)
    return attrgetter(*names)

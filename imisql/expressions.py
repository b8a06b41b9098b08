"""Scalar expressions of a statement compiled for the client: the ``Expressions`` table.

Every expression a statement uses outside plain columns and values (``LOWER(Email)``,
``Amount * 2``, ``CASE ... END``, ``CURRENT_DATE``) is compiled once into an ``imisql.scalar`` tree
with its columns resolved to record paths, and given a slot: the ``Compute`` step stores its value
in each record under ``(EXPRESSION_ROOT, slot)``, so the SELECT list, WHERE (as a client-side
filter), GROUP BY, ORDER BY and aggregates all read it as if it were a column. The same expression
written twice shares one slot (``GROUP BY YEAR(JoinDate)`` and ``SELECT YEAR(JoinDate)`` match).
"""

from __future__ import annotations

from collections.abc import Callable

from imisql import ast
from imisql.binding import Binder
from imisql.catalog.model import FieldType
from imisql.errors import SemanticError
from imisql.frontend import AGGREGATES
from imisql.plan.parts import EXPRESSION_ROOT
from imisql.predicate import Pred
from imisql.resolve import Column, Names
from imisql.scalar import NILADIC, Apply, Arith, Choose, Const, Field, Scalar

ConditionCompiler = Callable[[ast.Cond, "Expressions"], Pred]  # a CASE condition, its operands read from the table
_RESULT_TYPES = {"LOWER": FieldType.STRING, "UPPER": FieldType.STRING, "TRIM": FieldType.STRING,
                 "YEAR": FieldType.INTEGER, "MONTH": FieldType.INTEGER, "DAY": FieldType.INTEGER,
                 "LENGTH": FieldType.INTEGER, "CURRENT_DATE": FieldType.DATETIME,
                 "CURRENT_TIMESTAMP": FieldType.DATETIME}  # fmt: skip


_OPERATIONS = (ast.Binary, ast.Case)  # tuples, not unions: isinstance checks them faster
_VALUES = (ast.Literal, ast.Param)
_NAME = ast.Name  # no subclasses: an exact type test


def is_expression(expr: ast.Expr | None) -> bool:
    """True for what needs computing on the client: operators, CASE, scalar functions."""
    if isinstance(expr, _OPERATIONS):
        return True
    return isinstance(expr, ast.Call) and expr.name not in AGGREGATES


def is_niladic_name(expr: ast.Expr, scope: Names) -> bool:
    """``CURRENT_DATE`` written without parentheses, where no field of that name exists."""
    if type(expr) is not _NAME:  # asked of every column name: the cheapest tests first
        return False
    parts = expr.parts
    if len(parts) != 1 or parts[0].upper() not in NILADIC:
        return False
    return not scope.knows(parts[0])


class Expressions:
    """The computed expressions of one statement, in the order they must be evaluated."""

    __slots__ = ("_slots", "binder", "conditions", "scalars", "scope", "sources", "text")

    def __init__(self, scope: Names, binder: Binder, text: str):
        self.scope, self.binder, self.text = scope, binder, text
        self.scalars: list[Scalar] = []
        self.sources: list[str] = []  # each slot's text as first written, for EXPLAIN
        self._slots: dict[str, int] = {}  # by repr: 7 and 7.0 are equal numbers but different constants
        self.conditions: ConditionCompiler | None = None  # set where CASE is allowed (imisql.lowering.case_condition)

    def column(self, expr: ast.Expr) -> Column:
        """The pseudo-column that reads ``expr``'s computed value."""
        scalar = self.compile(expr)
        written = self.text[expr.span.start : expr.span.end] or "?column?"
        slot = self._slots.setdefault(repr(scalar), len(self.scalars))
        if slot == len(self.scalars):
            self.scalars.append(scalar)
            self.sources.append(written)
        return Column(written, (EXPRESSION_ROOT, slot), None, None)

    def result_type(self, expr: ast.Expr) -> FieldType | None:
        if isinstance(expr, ast.Call):
            return _RESULT_TYPES.get(expr.name)
        if isinstance(expr, ast.Binary):
            return FieldType.STRING if expr.op == "||" else None
        return None

    def compile(self, expr: ast.Expr) -> Scalar:
        """``expr`` as a scalar tree with resolved paths."""
        if is_niladic_name(expr, self.scope):
            assert isinstance(expr, ast.Name)
            return Apply(expr.parts[0].upper())
        if isinstance(expr, ast.Name):
            return Field(self.scope.resolve(expr, self.text).path)
        if isinstance(expr, _VALUES):
            return Const(self.binder.value(expr))
        if isinstance(expr, ast.Binary):
            return Arith(expr.op, self.compile(expr.left), self.compile(expr.right))
        if isinstance(expr, ast.Case):
            return self._case(expr)
        assert isinstance(expr, ast.Call)
        if expr.name in AGGREGATES:
            raise SemanticError(
                f"aggregate {expr.name} inside an expression is not supported", self.text, expr.span,
                hint=f"select {expr.name}(...) as a column of its own",
            )  # fmt: skip
        return Apply(expr.name, tuple(self.compile(arg) for arg in expr.args))

    def _case(self, expr: ast.Case) -> Choose:
        if self.conditions is None:
            raise SemanticError("CASE is not supported here", self.text, expr.span, hint="use CASE in the SELECT list")
        branches = tuple((self.conditions(cond, self), self.compile(value)) for cond, value in expr.branches)
        default = None if expr.default is None else self.compile(expr.default)
        return Choose(branches, default)

"""WHERE conditions to the atom tree (``imisql.atoms``): negation normal form, each atom's exact client
meaning, its exact or coarse iMIS filter and the reason it cannot be pushed; type and operator checks with
positions and hints. ``imisql.branches`` then builds the requests and residuals.
"""

from __future__ import annotations

from typing import Any

from imisql import ast
from imisql.atoms import Atom, Node, Pair, flatten, new_atom, new_conj, new_disj, pred_of, unknown_atom, with_source
from imisql.binding import Binder
from imisql.catalog.model import FieldType
from imisql.errors import SemanticError, TypeMismatch
from imisql.expressions import Expressions, is_expression, is_niladic_name
from imisql.operators import SPEC_BY_OP, Op
from imisql.predicate import AllOf, AnyOf, ColumnTest, LikeTest, Negate, NullTest, Pred, ValueTest
from imisql.quick_init import maker
from imisql.resolve import Column, Names
from imisql.semantics import Kind, matches
from imisql.wire import is_reserved, wire

_TEXT_ONLY_TYPES = (FieldType.STRING, None)
_TEXT_OR_LIST_TYPES = (FieldType.STRING, FieldType.LIST, None)
_CONNECTIVES = (ast.And, ast.Or)  # tuples, not unions: isinstance checks them faster
_NOT_VALUES = (ast.Name, ast.Call)
# what the hot paths compare with, read once (naming an enum member costs a class attribute lookup each time)
_NAME, _LITERAL, _PARAM, _COMPARE = ast.Name, ast.Literal, ast.Param, ast.Compare
_STRING = Kind.STRING
_BETWEEN, _CONTAINS, _EQUAL, _IN = Op.BETWEEN, Op.CONTAINS, Op.EQUAL, Op.IN
_IS_EMPTY, _NOT_CONTAIN, _NOT_EMPTY, _NOT_EQUAL = Op.IS_EMPTY, Op.NOT_CONTAIN, Op.NOT_EMPTY, Op.NOT_EQUAL
_STARTS_WITH, _ENDS_WITH = Op.STARTS_WITH, Op.ENDS_WITH
_new_value_test = maker(ValueTest)  # positional: path, op, operands, kind
_new_like_test = maker(LikeTest)  # positional: path, pattern, negated
_new_null_test = maker(NullTest)  # positional: path, negated


class Lowerer:
    """Builds the atom tree of one condition."""

    __slots__ = ("binder", "expressions", "scope", "text")

    def __init__(self, scope: Names, binder: Binder, text: str, expressions: Expressions | None = None):
        self.scope, self.binder, self.text = scope, binder, text
        self.expressions = expressions  # computed operands (LOWER(x) = 'a', Amount * 2 > 10): client-side
        if expressions is not None and expressions.conditions is None:
            expressions.conditions = case_condition

    def node(self, cond: ast.Cond, negated: bool = False) -> Node:
        span = cond.span
        source = self.text[span.start : span.end]
        if type(cond) is _COMPARE:
            atom = self._compare(cond, negated, source)
            return atom if not negated else with_source(atom, f"NOT ({source})")
        if isinstance(cond, ast.Not):
            return self.node(cond.operand, not negated)
        if isinstance(cond, _CONNECTIVES):
            items = tuple([self.node(c, negated) for c in cond.items])
            conj = isinstance(cond, ast.And) != negated
            return flatten(new_conj(items, source) if conj else new_disj(items, source))
        atom = self._atom(cond, negated, source)
        return atom if not negated else with_source(atom, f"NOT ({source})")

    # ------------------------------------------------------------ atoms

    def _atom(self, cond: ast.Cond, negated: bool, source: str) -> Atom:
        if isinstance(cond, ast.Compare):
            return self._compare(cond, negated, source)
        if isinstance(cond, ast.InList):
            return self._in(cond, cond.negated != negated, source)
        if isinstance(cond, ast.Like):
            return self._like(cond, cond.negated != negated, source)
        if isinstance(cond, ast.Check):
            return self._check(cond, negated, source)
        if isinstance(cond, ast.IsNull):
            return self._is_null(self._column(cond.operand), cond.negated != negated, source)
        assert isinstance(cond, ast.Between)
        return self._between(cond, cond.negated != negated, source)

    def _compare(self, cond: ast.Compare, negated: bool, source: str) -> Atom:
        left, op, right = cond.left, cond.op, cond.right
        if type(left) is not _NAME and not self._is_column(left):
            if not self._is_column(right):
                return self._constant(left, op, right, negated, source)
            mirror = SPEC_BY_OP[op].mirror
            if mirror is None:
                raise SemanticError(
                    f"{op.value} needs the column on the left", self.text, cond.span,
                    hint="write column CONTAINS 'text'",
                )  # fmt: skip
            left, op, right = right, mirror, left
        column = self._column(left)
        right_kind = type(right)  # a value (the usual case) is never a column
        if right_kind is not _LITERAL and right_kind is not _PARAM and self._is_column(right):
            other = self._column(right)
            pred: Pred = ColumnTest(column.path, op, other.path, column.kind or other.kind)
            pred = Negate(pred) if negated else pred
            return Atom(pred, source, reason="compares two columns")
        field = column.field
        if field is not None and op not in field.operators:
            self._check_operator(column, op, cond)  # raises
        kind = column.kind
        if right_kind is _PARAM:  # bound once: a NULL makes the comparison unknown, as in SQL
            value = self.binder.value(right)
            if value is None:
                return unknown_atom(source)
            value = self._typed(column, value, right)
        else:
            value = right.value if type(right) is ast.Literal else None
            if type(value) is not str or kind is not _STRING:
                value = self._operand(column, right, op)
        if not negated:
            values = (value,)
            return self._simple(column, op, values, source, _new_value_test(column.path, op, values, kind))
        complement = SPEC_BY_OP[op].complement
        if complement is None:
            inner = ValueTest(column.path, op, (value,), column.kind)
            return Atom(Negate(inner), source, reason=f"iMIS has no negated {op.value}")
        return self._simple(column, complement, (value,), source)

    def _constant(self, left: ast.Expr, op: Op, right: ast.Expr, negated: bool, source: str) -> Atom:
        for side in (left, right):
            if isinstance(side, ast.Call):
                self._column(side)  # raises: aggregates belong in HAVING
        lvalue, rvalue = self.binder.value(left), self.binder.value(right)
        truth = lvalue is not None and rvalue is not None and matches(op, lvalue, (rvalue,), None)
        return Atom(AllOf(()) if truth != negated else AnyOf(()), source, exact=() if truth != negated else None,
                    reason="constant condition")  # fmt: skip

    def _check(self, cond: ast.Check, negated: bool, source: str) -> Atom:
        column = self._column(cond.operand)
        self._check_operator(column, cond.op, cond)
        op, complement = cond.op, SPEC_BY_OP[cond.op].complement
        if negated and complement is None:  # IS TRUE, IS FALSE
            inner = ValueTest(column.path, op, (), column.kind)
            return Atom(Negate(inner), source, reason=f"NOT {op.value} also keeps NULLs, which iMIS cannot express")
        return self._simple(column, complement if negated and complement else op, (), source)

    def _is_null(self, column: Column, negated: bool, source: str) -> Atom:
        pred = _new_null_test(column.path, negated)
        if column.type not in _TEXT_OR_LIST_TYPES:
            op = _NOT_EMPTY if negated else _IS_EMPTY
            return self._simple(column, op, (), source, pred=pred)
        if negated:
            return Atom(pred, source, reason="IS NOT NULL keeps empty strings, iMIS NotEmpty does not")
        coarse = self._pairs(column, _IS_EMPTY, ())
        return Atom(pred, source, coarse=coarse or (), reason="IsEmpty also matches empty strings: re-checked")

    def _between(self, cond: ast.Between, negated: bool, source: str) -> Atom:
        column = self._column(cond.left)
        self._check_operator(column, _BETWEEN, cond)
        if self._binds_null(cond.low) or self._binds_null(cond.high):
            return unknown_atom(source)
        values = (self._operand(column, cond.low, _BETWEEN), self._operand(column, cond.high, _BETWEEN))
        if negated:
            inner = ValueTest(column.path, _BETWEEN, values, column.kind)
            return Atom(Negate(inner), source, reason="iMIS has no NOT BETWEEN")
        return self._simple(column, _BETWEEN, values, source)

    def _in(self, cond: ast.InList, negated: bool, source: str) -> Atom:
        column = self._column(cond.left)
        self._check_operator(column, _IN, cond)
        values = tuple([self._operand(column, item, _IN, allow_null=True) for item in cond.items])
        if None in values:
            return self._in_with_null(column, values, negated, source)
        if negated:
            path, kind = column.path, column.kind  # lists, not generators: no frame resumed per value
            tests = tuple([_new_value_test(path, _NOT_EQUAL, (v,), kind) for v in values])
            pairs = [self._pairs(column, _NOT_EQUAL, (v,)) for v in values]
            exact = None if None in pairs else tuple([p for ps in pairs for p in ps or ()])
            pred: Pred = tests[0] if len(tests) == 1 else AllOf(tests)
            return Atom(pred, source, exact=exact, reason=self._why_not(column, values))
        if len(values) == 1:
            return self._simple(column, _EQUAL, values, source)
        return self._simple(column, _IN, values, source)

    def _in_with_null(self, column: Column, values: tuple[Any, ...], negated: bool, source: str) -> Atom:
        known = tuple(v for v in values if v is not None)
        inner: Pred = ValueTest(column.path, _IN, known, column.kind) if known else AnyOf(())
        if negated:  # x NOT IN (..., NULL) is never true
            return Atom(AnyOf(()), source, reason="NOT IN with NULL is never true")
        return Atom(AnyOf((inner,)), source, reason="IN list holds NULL")

    def _like(self, cond: ast.Like, negated: bool, source: str) -> Atom:
        column = self._column(cond.left)
        if column.type not in _TEXT_ONLY_TYPES:
            raise TypeMismatch(
                f"LIKE applies to text; {column.written} is {column.type.value}", self.text,
                cond.span, hint="compare numbers and dates with =, <, BETWEEN",
            )  # fmt: skip
        pattern = self.binder.value(cond.pattern)
        if not isinstance(pattern, str):
            raise SemanticError("LIKE needs a string pattern", self.text, cond.pattern.span, hint="x LIKE 'ab%'")
        pred = _new_like_test(column.path, pattern, negated)
        op, operand = _like_as_operator(pattern)
        if op is not None and (not negated or op is _CONTAINS):
            op = _NOT_CONTAIN if negated else op
            values = () if operand is None else (operand,)
            pairs = self._pairs(column, op, values)
            if pairs is not None:
                return new_atom(pred, source, pairs, (), "", self._equality(column, op, values))
        prefix = _like_prefix(pattern)
        coarse = None if negated or not prefix else self._pairs(column, _STARTS_WITH, (prefix,))
        reason = "LIKE pattern with an inner wildcard" if op is None else self._why_not(column, ())
        return new_atom(pred, source, None, coarse or (), reason + (": re-checked" if coarse else ""), None)

    # ------------------------------------------------------------ helpers

    def _simple(self, column: Column, op: Op, values: tuple[Any, ...], source: str, pred: Pred | None = None) -> Atom:
        if pred is None:
            pred = _new_value_test(column.path, op, values, column.kind)
        search = column.search
        if not search:
            return new_atom(pred, source, None, (), self._why_not(column, values), None)
        if len(values) == 1:  # the usual case, without a call
            value = values[0]
            spelled: tuple[str, ...] = (value if type(value) is str else wire(value),)
        else:
            spelled = tuple([wire(v) for v in values])  # not map(): wire would be called from C
        equality = (search, spelled) if op is _EQUAL or op is _IN else None
        pairs = _pairs(search, op, spelled)
        reason = "" if pairs is not None else self._why_not(column, values)
        return new_atom(pred, source, pairs, (), reason, equality)

    def _pairs(self, column: Column, op: Op, values: tuple[Any, ...]) -> tuple[Pair, ...] | None:
        """The exact query pair for ``column op values``, or None when iMIS cannot express it."""
        if not column.search:
            return None
        return _pairs(column.search, op, tuple([wire(v) for v in values]))

    def _equality(self, column: Column, op: Op, values: tuple[Any, ...]) -> tuple[str, tuple[str, ...]] | None:
        if (op is not _EQUAL and op is not _IN) or not column.search:
            return None
        return column.search, tuple([wire(v) for v in values])

    def _why_not(self, column: Column, values: tuple[Any, ...]) -> str:
        if not column.search:
            return f"{column.written} has no search name in the API"
        if is_reserved(column.search):
            return f"{column.search} is a reserved query parameter"
        for value in values:
            if "|" in wire(value):
                return "values containing '|' cannot be sent: iMIS splits values on '|'"
        return "empty values cannot be sent to iMIS"

    def _is_column(self, expr: ast.Expr) -> bool:
        return isinstance(expr, ast.Name) or (self.expressions is not None and is_expression(expr))

    def _column(self, expr: ast.Expr) -> Column:
        if type(expr) is _NAME and (self.expressions is None or not is_niladic_name(expr, self.scope)):
            return self.scope.resolve(expr, self.text)
        if self.expressions is not None and (is_expression(expr) or is_niladic_name(expr, self.scope)):
            return self.expressions.column(expr)
        if isinstance(expr, ast.Name):
            return self.scope.resolve(expr, self.text)
        if isinstance(expr, ast.Call):
            raise SemanticError(
                f"aggregate {expr.name} is not allowed here", self.text, expr.span,
                hint="filter on aggregates with HAVING",
            )  # fmt: skip
        raise SemanticError("expected a column here", self.text, expr.span, hint="e.g. LastName = 'Smith'")

    def _binds_null(self, expr: ast.Expr) -> bool:
        """A parameter bound to None: the comparison is unknown, as in SQL (a literal NULL is an error)."""
        return isinstance(expr, ast.Param) and self.binder.value(expr) is None

    def _operand(self, column: Column, expr: ast.Expr, op: Op, allow_null: bool = False) -> Any:
        if isinstance(expr, _NOT_VALUES):
            raise TypeMismatch(
                f"{op.value} needs a value here", self.text, expr.span,
                hint="write a literal or a :parameter (strings use single quotes)",
            )  # fmt: skip
        value = self.binder.value(expr)
        if value is None:
            if allow_null:
                return None
            raise TypeMismatch(
                "comparison with NULL is never true", self.text, expr.span, hint="use IS NULL or IS EMPTY"
            )
        return self._typed(column, value, expr)

    def _typed(self, column: Column, value: Any, expr: ast.Expr) -> Any:
        kind = column.kind
        if kind is _STRING and type(value) is str:
            return value  # what Binder.typed answers, without the call
        try:
            return self.binder.typed(value, kind)
        except (ValueError, TypeError, ArithmeticError):
            raise TypeMismatch(
                f"{column.written} is {column.type.value if column.type else 'untyped'}; "
                f"{value!r} is not a valid value for it",
                self.text, expr.span, hint=_type_hint(column.type),
            ) from None  # fmt: skip

    def _check_operator(self, column: Column, op: Op, cond: ast.Cond) -> None:
        field = column.field
        if field is None or op in field.operators:
            return
        allowed = ", ".join(sorted(o.value for o in field.operators))
        raise TypeMismatch(
            f"{op.value} does not apply to {column.written} ({field.type.value})", self.text, cond.span,
            hint=f"{column.written} accepts {allowed}",
        )  # fmt: skip


def case_condition(cond: ast.Cond, expressions: Expressions) -> Pred:
    """A CASE condition compiled like WHERE, over the scope of ``expressions`` (a function, not a bound method:
    the table holds it without a reference cycle, so a compile's objects are freed without the garbage collector)."""
    return pred_of(Lowerer(expressions.scope, expressions.binder, expressions.text, expressions).node(cond))


def _pairs(search: str, op: Op, spelled: tuple[str, ...]) -> tuple[Pair, ...] | None:
    """The exact query pair for ``search op`` the values ``spelled`` for the wire, or None when iMIS cannot
    express it (a reserved name, an empty value, a value holding ``|``)."""
    if is_reserved(search):
        return None
    for text in spelled:
        if not text or "|" in text:
            return None
    return ((search, _PREFIX[op] + "|".join(spelled)),)


_PREFIX = {op: f"{spec.short}:" for op, spec in SPEC_BY_OP.items()}  # how a filter value starts: "eq:"


def _type_hint(kind: FieldType | None) -> str:
    return (
        {
            FieldType.INTEGER: "use a whole number, e.g. 42",
            FieldType.DECIMAL: "use a number, e.g. 12.50",
            FieldType.DATETIME: "write dates in ISO 8601: DATE 'YYYY-MM-DD' or TIMESTAMP 'YYYY-MM-DD HH:MM:SS'",
            FieldType.BOOLEAN: "use TRUE/FALSE, or IS TRUE / isTrue",
        }.get(kind, "check the value's type")
        if kind
        else "check the value's type"
    )


def _like_as_operator(pattern: str) -> tuple[Op | None, str | None]:
    """The single iMIS operator a LIKE pattern equals, if any."""
    if "_" in pattern:
        return None, None
    core = pattern.strip("%")
    if "%" in core or not core:
        return None, None
    starts, ends = pattern.startswith("%"), pattern.endswith("%")
    if starts and ends:
        return _CONTAINS, core
    if ends:
        return _STARTS_WITH, core
    if starts:
        return _ENDS_WITH, core
    return _EQUAL, core


def _like_prefix(pattern: str) -> str:
    cut = len(pattern)
    for wildcard in (pattern.find("%"), pattern.find("_")):
        if 0 <= wildcard < cut:
            cut = wildcard
    return pattern[:cut]

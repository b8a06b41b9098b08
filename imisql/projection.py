"""The SELECT list, GROUP BY, HAVING and ORDER BY of a statement, resolved for the executor.

Owns the SQL rules about output columns: aliases, ordinals, aggregates and which columns may appear
beside them, HAVING over aggregates, and how ORDER BY names map to record paths or output columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql import ast
from imisql.atoms import pred_of
from imisql.binding import Binder, literal_sql
from imisql.catalog.model import FieldType
from imisql.errors import SemanticError
from imisql.expressions import Expressions, is_expression, is_niladic_name
from imisql.lowering import Lowerer
from imisql.plan import AGGREGATE_ROOT, AggregateCall, OutputColumn, SortKey
from imisql.predicate import Pred
from imisql.quick_init import maker, quick_init
from imisql.resolve import Column, Names
from imisql.wire import sendable_column

PathT = tuple[str | int, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class Projection:
    columns: tuple[OutputColumn, ...]
    star: bool
    star_roots: tuple[str, ...]
    group_by: tuple[PathT, ...]
    aggregates: tuple[AggregateCall, ...]
    having: Pred | None
    items: tuple[ast.SelectItem, ...]
    expressions: Expressions | None = None

    def sort_keys(self, order_by: tuple[ast.OrderItem, ...], scope: Names, text: str) -> tuple[SortKey, ...]:
        return tuple([self._sort_key(item, scope, text) for item in order_by]) if order_by else ()

    def _sort_key(self, item: ast.OrderItem, scope: Names, text: str) -> SortKey:
        index = self._output_index(item.expr, scope, text)
        if self.aggregates or self.group_by:
            if index is None:
                raise SemanticError(
                    "ORDER BY of a grouped query must name an output column", text, item.expr.span,
                    hint="order by a SELECT column, its alias or its position (ORDER BY 2 DESC)",
                )  # fmt: skip
            return _new_sort_key(None, index, item.descending)
        if index is not None and self.columns[index].path is not None:
            return _new_sort_key(self.columns[index].path, None, item.descending)
        if self.expressions is not None and (is_expression(item.expr) or is_niladic_name(item.expr, scope)):
            return _new_sort_key(self.expressions.column(item.expr).path, None, item.descending)
        if not isinstance(item.expr, ast.Name):
            raise SemanticError("ORDER BY needs a column", text, item.expr.span, hint="ORDER BY LastName DESC")
        return _new_sort_key(scope.resolve(item.expr, text).path, None, item.descending)

    def sort_column(self, item: ast.OrderItem, scope: Names, text: str) -> Column | None:
        """The column of an ORDER BY key when iMIS can sort by it (``OrderBy`` with its search name)."""
        expr = item.expr
        index = self._output_index(expr, scope, text)
        if index is not None:  # an output column: pushed only when it is a plain column
            picked = self.items[index].expr if index < len(self.items) else None
            if not isinstance(picked, ast.Name):
                return None
            expr = picked
        if not isinstance(expr, ast.Name):
            return None
        column = scope.resolve(expr, text)
        return column if sendable_column(column.search) else None

    def _output_index(self, expr: ast.Expr, scope: Names, text: str) -> int | None:
        if isinstance(expr, ast.Literal) and isinstance(expr.value, int) and not isinstance(expr.value, bool):
            if not 1 <= expr.value <= len(self.columns) or self.star:
                raise SemanticError(
                    f"ORDER BY position {expr.value} is out of range", text, expr.span,
                    hint=f"positions run from 1 to {len(self.columns)} and need an explicit SELECT list",
                )  # fmt: skip
            return expr.value - 1
        if isinstance(expr, ast.Name) and len(expr.parts) == 1:
            for i, _column in enumerate(self.columns):
                if self.items[i].alias and self.items[i].alias.lower() == expr.parts[0].lower():  # type: ignore[union-attr]
                    return i
        for i, item in enumerate(self.items):
            if item.expr == expr:
                return i
        return None


_new_projection = maker(Projection)  # every field, positionally: cheaper, made once per statement
_new_output = maker(OutputColumn)  # name, path, aggregate, constant
_new_sort_key = maker(SortKey)  # path, column, descending
_new_aggregate = maker(AggregateCall)  # name, path, distinct


def project(
    select: ast.Select, scope: Names, binder: Binder, text: str, expressions: Expressions | None = None
) -> Projection:
    """Resolve the SELECT list, GROUP BY and HAVING of ``select``; computed expressions go to ``expressions``."""
    items = select.items
    if len(items) == 1:
        first = items[0]
        if first.star and first.qualifier is None and not select.group_by and select.having is None:
            return _new_projection((), True, (), (), (), None, (), expressions)  # SELECT *: nothing to resolve
    builder = _new_builder(scope, binder, text, expressions, [], {})
    picked: list[ast.SelectItem] = []
    qualifiers: list[str | None] = []
    for item in items:  # one pass, no comprehensions: this runs for most statements
        if item.star:
            qualifier = item.qualifier
            if qualifier and not scope.qualifies(qualifier):
                raise _not_a_source(item, scope, text)
            qualifiers.append(qualifier)
        else:
            picked.append(item)
    # a list comprehension, not map(): map would call the method from C, starting a new frame each time
    plain, columns, star = tuple(picked), tuple([builder.column(item) for item in picked]), bool(qualifiers)
    roots = () if not star or None in qualifiers else tuple(r for q in qualifiers if q for r in scope.roots(q))
    group_by = tuple([builder.group_key(g) for g in select.group_by]) if select.group_by else ()
    having = builder.having(select.having) if select.having is not None else None
    if builder.aggregates or group_by:
        _check_grouping(items, columns, group_by, star, text)
    return _new_projection(columns, star, roots, group_by, tuple(builder.aggregates), having, plain, expressions)


def _not_a_source(item: ast.SelectItem, scope: Names, text: str) -> SemanticError:
    return SemanticError(
        f"{item.qualifier!r} is not the alias of a FROM source", text, item.span, hint=scope.star_hint()
    )


def _check_grouping(items, columns, group_by, star: bool, text: str) -> None:
    if star:
        star_item = next(i for i in items if i.star)
        raise SemanticError(
            "SELECT * cannot be combined with aggregates or GROUP BY", text, star_item.span,
            hint="list the grouped columns and the aggregates",
        )  # fmt: skip
    plain = [i for i in items if not i.star]
    for item, column in zip(plain, columns, strict=True):
        if column.aggregate is None and column.path is not None and column.path not in group_by:
            raise SemanticError(
                f"{column.name} must appear in GROUP BY or be used in an aggregate", text, item.span,
                hint=f"add it to GROUP BY, or wrap it: MIN({column.name})",
            )  # fmt: skip


@dataclass(slots=True)
class _Builder:
    """Resolves the SELECT list, GROUP BY and HAVING items of one statement, numbering its aggregates."""

    scope: Names
    binder: Binder
    text: str
    expressions: Expressions | None
    aggregates: list[AggregateCall]
    numbers: dict[tuple[str, PathT | None, bool], int]  # each aggregate's index in ``aggregates``, by its fields

    def _computed(self, expr: ast.Expr) -> Column | None:
        """The pseudo-column of a computed expression (None for plain columns, values and aggregates)."""
        if self.expressions is not None and (is_expression(expr) or is_niladic_name(expr, self.scope)):
            return self.expressions.column(expr)
        return None

    def column(self, item: ast.SelectItem) -> OutputColumn:
        expr = item.expr
        assert expr is not None
        if type(expr) is ast.Name and (self.expressions is None or not is_niladic_name(expr, self.scope)):
            column = self.scope.resolve(expr, self.text)  # a plain column (the usual case)
            return _new_output(item.alias or column.written, column.path, None, None)
        computed = self._computed(expr)
        if computed is not None:
            return _new_output(item.alias or computed.written, computed.path, None, None)
        name = item.alias or self._default_name(expr)
        if isinstance(expr, ast.Call):
            return _new_output(name, None, self.aggregate(expr), None)
        return _new_output(name, None, None, self.binder.value(expr))

    def _default_name(self, expr: ast.Expr) -> str:
        """The column name psql would show: the column as written, ``COUNT(*)``, ``SUM(Amount)``."""
        if is_expression(expr):
            return self.text[expr.span.start : expr.span.end]
        if isinstance(expr, ast.Name):
            return self.scope.resolve(expr, self.text).written
        if isinstance(expr, ast.Call):
            arg = self._default_name(expr.args[0]) if expr.args else "*"
            return f"{expr.name}({'DISTINCT ' if expr.distinct else ''}{arg})"
        return literal_sql(self.binder.value(expr))

    def aggregate(self, call: ast.Call) -> int:
        path = None
        computed = self._computed(call.args[0]) if call.args else None
        if computed is not None:
            path = computed.path
        elif call.args:
            arg = call.args[0]
            if not isinstance(arg, ast.Name):
                raise SemanticError(f"{call.name} takes a column", self.text, arg.span, hint=f"{call.name}(Amount)")
            path = self.scope.resolve(arg, self.text).path
            self._check_numeric(call, arg)
        index = self.numbers.setdefault((call.name, path, call.distinct), len(self.aggregates))
        if index == len(self.aggregates):
            self.aggregates.append(_new_aggregate(call.name, path, call.distinct))
        return index

    def _check_numeric(self, call: ast.Call, arg: ast.Name) -> None:
        column = self.scope.resolve(arg, self.text)
        if call.name in ("SUM", "AVG") and column.type not in (None, FieldType.INTEGER, FieldType.DECIMAL):
            raise SemanticError(
                f"{call.name} needs numbers; {column.written} is {column.type.value}", self.text, call.span,
                hint="SUM and AVG apply to integer and decimal columns",
            )  # fmt: skip

    def group_key(self, expr: ast.Expr) -> PathT:
        computed = self._computed(expr)
        if computed is not None:
            return computed.path
        if not isinstance(expr, ast.Name):
            raise SemanticError("GROUP BY takes columns", self.text, expr.span, hint="GROUP BY CityName")
        return self.scope.resolve(expr, self.text).path

    def having(self, cond: ast.Cond) -> Pred:
        lowerer = _HavingLowerer(self.scope, self.binder, self.text)
        lowerer.builder = self
        return pred_of(lowerer.node(cond))


_new_builder = maker(_Builder)  # every field, positionally: no __init__ frame started from C


class _HavingLowerer(Lowerer):
    """Lowers HAVING: aggregates become paths under ``AGGREGATE_ROOT``; nothing is pushed."""

    builder: _Builder

    def _is_column(self, expr: ast.Expr) -> bool:
        return isinstance(expr, ast.Name | ast.Call)

    def _column(self, expr: ast.Expr) -> Column:
        if isinstance(expr, ast.Call):
            index = self.builder.aggregate(expr)
            return Column(expr.name, (AGGREGATE_ROOT, index), None, None)
        return super()._column(expr)

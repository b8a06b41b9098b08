"""UPDATE, INSERT and DELETE -> Plan: a write step over the read plan of the rows it changes.

The WHERE of an UPDATE or DELETE is planned exactly like ``SELECT * FROM E WHERE ...`` (same pushdown,
same key lookup), and the write step reads its records. SET and INSERT columns resolve like SELECT
columns (dotted path or search name) and are checked against ``imisql.write_rules``; values are
constants, parameters or (in SET) a column of the row being changed. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from imisql import ast
from imisql.binding import Binder
from imisql.catalog.model import Catalog, Entity, EntityKind
from imisql.errors import SemanticError, Span
from imisql.expressions import Expressions, is_expression
from imisql.plan import Plan, Request, steps
from imisql.plan.parts import SetValue, WriteTarget
from imisql.projection import project
from imisql.resolve import Column, Scope, scope_for
from imisql.write_rules import BAGS, contract_for, read_only_entity, refusal, required_columns, tracks_updates

_EVERY_ROW_HINT = "add a WHERE; to change every row, say so with WHERE TRUE"


SelectPlanner = Callable[[ast.Select], Plan]  # the SELECT compiler, bound to this statement's binder


class WriteCompiler:
    """Compiles one write statement; ``select_plan`` compiles the reads it is built on."""

    def __init__(self, catalog: Catalog, binder: Binder, select_plan: SelectPlanner, text: str):
        self.catalog, self.binder, self.select_plan, self.text = catalog, binder, select_plan, text

    def plan(self, statement: ast.Update | ast.Insert | ast.Delete) -> Plan:
        if isinstance(statement, ast.Insert):
            return self._insert(statement)
        return self._update(statement) if isinstance(statement, ast.Update) else self._delete(statement)

    # ------------------------------------------------------------ UPDATE and DELETE

    def _update(self, statement: ast.Update) -> Plan:
        scope, entity = self._changing(statement.entity, statement.entity_span, "UPDATE", statement.where)
        read = self._rows_to_change(statement.entity, statement.entity_span, statement.where)
        assignments = tuple(self._assignment(a, scope, entity) for a in statement.assignments)
        target = _target(scope, entity)
        step = steps.Update(
            read.root, target, _per_row("GET", target), _per_row("PUT", target), assignments
        )  # fmt: skip
        return Plan(step, read.notes)

    def _delete(self, statement: ast.Delete) -> Plan:
        scope, entity = self._changing(statement.entity, statement.entity_span, "DELETE", statement.where)
        read = self._rows_to_change(statement.entity, statement.entity_span, statement.where)
        target = _target(scope, entity)
        return Plan(steps.Delete(read.root, target, _per_row("GET", target), _per_row("DELETE", target)), read.notes)

    def _changing(self, name: str, span: Span, verb: str, where: ast.Cond | str | None) -> tuple[Scope, Entity]:
        """The scope of an UPDATE or DELETE: a known, writable entity with a key, and a WHERE."""
        scope = self._scope(name, span)
        entity = scope.entity
        if entity is None or not entity.key:
            raise SemanticError(
                f"{verb} needs the key of {name}, which is not in the catalog", self.text, span,
                hint="connect with the site's catalog (--live-catalog) so its key is known",
            )  # fmt: skip
        if where is None:
            raise SemanticError(f"{verb} without WHERE would change every {entity.name}", self.text, span,
                                hint=_EVERY_ROW_HINT)  # fmt: skip
        return scope, entity

    def _rows_to_change(self, name: str, span: Span, where: ast.Cond | str | None) -> Plan:
        """The read plan of the rows to change: ``SELECT * FROM E WHERE ...`` without its projection."""
        condition = where if isinstance(where, ast.Cond) else None
        select = ast.Select((ast.SelectItem(None, star=True),), ast.EntitySource(name, span), where=condition)
        plan = self.select_plan(select)
        root = plan.root
        return Plan(root.input if isinstance(root, steps.Project) else root, plan.notes)

    def _assignment(self, assignment: ast.Assignment, scope: Scope, entity: Entity) -> SetValue:
        column = self._writable(assignment.target, scope, entity, inserting=False)
        value = assignment.value
        if is_expression(value):
            scalar = Expressions(scope, self.binder, self.text).compile(value)
            return SetValue(column.written, column.path, _in_bag(column, entity), scalar=scalar)
        if isinstance(value, ast.Name):
            source = scope.resolve(value, self.text)
            return SetValue(column.written, column.path, _in_bag(column, entity), source=source.path)
        constant = self._typed(self.binder.value(value), column, value.span)
        return SetValue(column.written, column.path, _in_bag(column, entity), constant=constant)

    # ------------------------------------------------------------ INSERT

    def _insert(self, statement: ast.Insert) -> Plan:
        scope = self._scope(statement.entity, statement.entity_span)
        entity = scope.entity
        columns = [self._insert_column(name, scope, entity) for name in statement.columns]
        contract = self._contract(statement, entity, [c.column for c in columns])
        target = _target(scope, entity, contract)
        resolved = [scope.resolve(name, self.text) for name in statement.columns]
        source, notes = self._insert_rows(statement, columns, resolved)
        returning = None
        if statement.returning:
            returning = project(_returning_select(statement), scope, self.binder, self.text)
        step = steps.Insert(
            source, target, Request("POST", scope.rest_path, paged=False), tuple(columns),
            returning.columns if returning else (), bool(returning and returning.star),
        )  # fmt: skip
        return Plan(step, notes)

    def _insert_column(self, name: ast.Name, scope: Scope, entity: Entity | None) -> SetValue:
        if entity is None:
            column = scope.resolve(name, self.text)
            return SetValue(column.written, column.path, in_bag=True)
        column = self._writable(name, scope, entity, inserting=True)
        return SetValue(column.written, column.path, _in_bag(column, entity))

    def _contract(self, statement: ast.Insert, entity: Entity | None, columns: list[str]) -> str:
        if entity is None:
            return ""  # a business object the catalog does not know: a property bag by name
        contract = contract_for(entity, columns)
        if contract is None:
            hint = "INSERT INTO Person or Organization, or give PersonName.LastName or OrganizationName" if (
                entity.name.lower() == "party") else "its $type is not known to imisql: create it in iMIS"  # fmt: skip
            raise SemanticError(f"the body of a new {entity.name} is not known", self.text, statement.entity_span,
                                hint=hint)  # fmt: skip
        given = {c.lower() for c in columns}
        missing = [r for r in required_columns(entity, contract) if r.lower() not in given]
        if missing:
            raise SemanticError(
                f"INSERT INTO {entity.name} needs {', '.join(missing)}", self.text, statement.entity_span,
                hint=f"iMIS refuses a new {entity.name} without {' and '.join(missing)}",
            )  # fmt: skip
        return contract

    def _insert_rows(
        self, statement: ast.Insert, columns: list[SetValue], resolved: list[Column]
    ) -> tuple[steps.Step, tuple[Any, ...]]:
        width = len(columns)
        if statement.select is None:
            rows = []
            for row in statement.rows:
                self._check_width(len(row), width, row[0].span if row else statement.span)
                values = zip(row, resolved, strict=True)
                rows.append(tuple(self._typed(self.binder.value(v), c, v.span) for v, c in values))
            return steps.Values(tuple(c.column for c in columns), tuple(rows)), ()
        select = statement.select
        if any(item.star for item in select.items):
            raise SemanticError("INSERT ... SELECT needs the columns listed, not *", self.text, select.span,
                                hint="SELECT the columns in the order of the INSERT's column list")  # fmt: skip
        self._check_width(len(select.items), width, select.span)
        plan = self.select_plan(select)
        return plan.root, plan.notes

    def _check_width(self, got: int, want: int, span: Span) -> None:
        if got != want:
            raise SemanticError(f"{got} values for {want} columns", self.text, span,
                                hint="give one value per column named after the entity")  # fmt: skip

    # ------------------------------------------------------------ shared

    def _scope(self, name: str, span: Span) -> Scope:
        scope = scope_for(ast.EntitySource(name, span), None, self.catalog, self.text)
        if scope.entity is not None:
            refused = read_only_entity(scope.entity)
            if refused is not None:
                raise SemanticError(refused.message, self.text, span, hint=refused.hint)
        return scope

    def _writable(self, name: ast.Name, scope: Scope, entity: Entity, *, inserting: bool) -> Column:
        column = scope.resolve(name, self.text)
        if column.field is not None:
            refused = refusal(entity, column.field, inserting=inserting)
            if refused is not None:
                raise SemanticError(refused.message, self.text, name.span, hint=refused.hint)
        return column

    def _typed(self, value: Any, column: Column, span: Span) -> Any:
        try:
            return self.binder.typed(value, column.kind)
        except ValueError as exc:
            problem = str(exc)
        kind = column.type.value if column.type else "its type"
        raise SemanticError(f"{column.written} cannot hold {value!r}: {problem}", self.text, span,
                            hint=f"{column.written} is {kind}")  # fmt: skip


def _target(scope: Scope, entity: Entity | None, contract: str = "") -> WriteTarget:
    if entity is None:
        return WriteTarget(scope.name, scope.rest_path, (), generic=True)
    return WriteTarget(
        entity.name, entity.path, entity.key_paths, entity.kind is EntityKind.GENERIC, contract,
        tracks_updates(entity), entity.datetime_paths,
    )  # fmt: skip


def _per_row(method: str, target: WriteTarget) -> Request:
    return Request(method, f"{target.path}/{{id}}", paged=False, template=True)


def _in_bag(column: Column, entity: Entity) -> bool:
    return entity.kind is EntityKind.GENERIC or (len(column.path) == 2 and column.path[0] in BAGS)


def _returning_select(statement: ast.Insert) -> ast.Select:
    return ast.Select(statement.returning, ast.EntitySource(statement.entity, statement.entity_span))

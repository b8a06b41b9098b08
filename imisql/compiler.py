"""Statement + catalog + parameters -> Plan. Pure: no I/O.

Applies the pushdown rules: filters via ``imisql.lowering``; single-column ORDER BY with a search
name as ``OrderBy``; LIMIT/OFFSET as ``limit``/``offset`` only when everything else was pushed
exactly; ``COUNT(*)`` from ``TotalCount``; key equality as a single GET; IQA sources as
``/api/iqa``. Everything else becomes client-side work recorded in the plan, with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote

from imisql import ast
from imisql.binding import Binder, Params, wire
from imisql.catalog.model import Catalog, FieldType
from imisql.errors import SemanticError
from imisql.lowering import Atom, Lowered, Lowerer, lower, pred_of
from imisql.operators import SPEC_BY_OP, Op
from imisql.parser import parse_statement
from imisql.plan import Aggregate, Note, OutputColumn, Plan, Request, Residual, SortKey
from imisql.projection import Projection, project
from imisql.resolve import Scope, scope_for, suggest_entities


@dataclass(frozen=True)
class CompileOptions:
    """Planner knobs: page size (≤ 500 on iMIS), OR fan-out cap, and pushdown on/off."""

    page_size: int = 500
    max_fanout: int = 8
    pushdown: bool = True


@dataclass(frozen=True)
class CatalogQuery:
    """DESCRIBE / SHOW ENTITIES: answered from the catalog, no request needed."""

    kind: str  # "describe" | "show"
    entity: str | None = None
    span_start: int = 0
    span_end: int = 0


Compiled = Plan | CatalogQuery


def compile_sql(
    sql: str | ast.Statement,
    catalog: Catalog | None = None,
    params: Params = None,
    options: CompileOptions | None = None,
    text: str = "",
) -> Compiled:
    """Compile one statement (text or already parsed) into a Plan or a CatalogQuery."""
    from imisql.catalog import builtin_catalog

    statement = parse_statement(sql) if isinstance(sql, str) else sql
    text = sql if isinstance(sql, str) else text
    catalog = catalog if catalog is not None else builtin_catalog()
    options = options or CompileOptions()
    if isinstance(statement, ast.Explain):
        statement = statement.statement
    if isinstance(statement, ast.Describe):
        return CatalogQuery("describe", statement.entity, statement.span.start, statement.span.end)
    if isinstance(statement, ast.ShowEntities):
        return CatalogQuery("show")
    return _SelectCompiler(statement, catalog, Binder(params, text), options, text).plan()


class _SelectCompiler:
    def __init__(self, select: ast.Select, catalog: Catalog, binder: Binder, options: CompileOptions, text: str):
        self.select, self.catalog, self.binder, self.options, self.text = select, catalog, binder, options, text
        self.scope = scope_for(select.source, select.alias, catalog, text)
        self.notes: list[Note] = []

    def plan(self) -> Plan:
        projection = project(self.select, self.scope, self.binder, self.text)
        lowered = self._lower_where()
        requests, residuals, key_lookup = self._requests(lowered)
        sort, sort_pushed = self._sort(projection, requests, lowered, key_lookup)
        if sort_pushed:
            requests = tuple(replace(r, params=(*r.params, sort_pushed)) for r in requests)
            sort = ()
        limit, offset = self._count(self.select.limit, "LIMIT"), self._count(self.select.offset, "OFFSET") or 0
        plan = Plan(
            entity=self.scope.name, requests=requests, key=self._key_paths(), residuals=tuple(residuals),
            columns=projection.columns, star=projection.star, distinct=self.select.distinct,
            group_by=projection.group_by, aggregates=projection.aggregates, having=projection.having,
            sort=sort, limit=limit, offset=offset, datetime_paths=self._datetime_paths(),
        )  # fmt: skip
        plan = self._push_limit(plan, bool(sort_pushed) or not self.select.order_by, key_lookup)
        plan = self._count_from_total(plan)
        return replace(plan, notes=tuple(self.notes) + self._client_notes(plan))

    # ------------------------------------------------------------ WHERE

    def _lower_where(self) -> Lowered:
        where = self.select.where
        if where is None:
            return lower(None, self.options.max_fanout)
        node = Lowerer(self.scope, self.binder, self.text).node(where)
        if self.scope.iqa or not self.options.pushdown:
            why = "IQA columns are filtered on the client" if self.scope.iqa else "pushdown is switched off"
            source = self.text[where.span.start : where.span.end]
            return Lowered([()], residuals=[Residual(pred_of(node), source, why)])
        lowered = lower(node, self.options.max_fanout)
        self.notes.extend(Note(n, where.span.start, where.span.end) for n in lowered.notes)
        return lowered

    def _requests(self, lowered: Lowered) -> tuple[tuple[Request, ...], list[Residual], bool]:
        size = max(1, min(self.options.page_size, 500))
        if self.scope.iqa:
            return (Request("GET", "/api/iqa", self._iqa_params(), page_size=size),), lowered.residuals, False
        single = self._key_lookup(lowered)
        if single is not None:
            return single
        reqs = tuple(Request("GET", self.scope.rest_path, pairs, page_size=size) for pairs in lowered.branches)
        return reqs, lowered.residuals, False

    def _key_lookup(self, lowered: Lowered) -> tuple[tuple[Request, ...], list[Residual], bool] | None:
        """``Party.PartyId = '101'`` becomes ``GET /api/Party/101`` (other filters re-checked locally)."""
        entity = self.scope.entity
        if entity is None or len(entity.key) != 1 or len(lowered.branches) != 1 or not self.options.pushdown:
            return None
        key_field = entity.field(entity.key[0])
        for atom in lowered.exact_atoms:
            value = _single_equal(atom)
            if key_field is None or value is None or atom.equality is None:
                continue
            if entity.field(atom.equality[0]) is not key_field:
                continue
            others = [
                Residual(a.pred, a.source, "checked on the single row") for a in lowered.exact_atoms if a is not atom
            ]
            path = f"{self.scope.rest_path}/{quote(value, safe='')}"
            self.notes.append(Note(f"equality on the key {key_field.name}: one GET of a single {entity.name}"))
            return (Request("GET", path, (), paged=False),), [*others, *lowered.residuals], True
        return None

    def _iqa_params(self) -> tuple[tuple[str, str], ...]:
        source = self.select.source
        assert isinstance(source, ast.IqaSource)
        path = self.binder.value(source.path)
        if not isinstance(path, str) or not path.strip():
            raise SemanticError(
                "iqa() needs the query path as a string", self.text, source.path.span,
                hint="iqa('$/Common/Queries/My Query', ...)",
            )  # fmt: skip
        prompts = tuple(("Parameter", "" if (v := self.binder.value(a)) is None else wire(v)) for a in source.args)
        return (("QueryName", path), *prompts)

    # ------------------------------------------------------------ ORDER BY, LIMIT, COUNT

    def _sort(
        self, projection: Projection, requests: tuple[Request, ...], lowered: Lowered, key_lookup: bool
    ) -> tuple[tuple[SortKey, ...], tuple[str, str] | None]:
        keys = projection.sort_keys(self.select.order_by, self.scope, self.text)
        if len(keys) != 1 or keys[0].path is None or projection.aggregates or projection.group_by:
            return keys, None
        if len(requests) != 1 or key_lookup or not self.options.pushdown or self.scope.iqa:
            return keys, None
        search = projection.sort_search(self.select.order_by[0], self.scope, self.text)
        if search is None:
            return keys, None
        return keys, ("OrderBy", f"{search}:Descending" if keys[0].descending else search)

    def _count(self, expr: ast.Expr | None, what: str) -> int | None:
        if expr is None:
            return None
        value = self.binder.value(expr)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SemanticError(
                f"{what} must be a non-negative integer, not {value!r}", self.text, expr.span,
                hint=f"{what} 20",
            )  # fmt: skip
        return value

    def _push_limit(self, plan: Plan, sort_ok: bool, key_lookup: bool) -> Plan:
        if plan.limit is None and not plan.offset:
            return plan
        pushable = (
            self.options.pushdown and not plan.residuals and len(plan.requests) == 1 and sort_ok
            and not plan.aggregated and not plan.distinct and not key_lookup and plan.requests[0].paged
        )  # fmt: skip
        if not pushable:
            return plan
        request = replace(plan.requests[0], offset=plan.offset, row_limit=plan.limit)
        return replace(plan, requests=(request,), limit=None, offset=0)

    def _count_from_total(self, plan: Plan) -> Plan:
        only_count = (
            len(plan.aggregates) == 1 and plan.aggregates[0] == Aggregate("COUNT", None)
            and not plan.group_by and plan.having is None and len(plan.columns) == 1
        )  # fmt: skip
        pushable = only_count and not plan.residuals and len(plan.requests) == 1 and plan.requests[0].paged
        if not (pushable and self.options.pushdown):
            return plan
        request = replace(plan.requests[0], row_limit=1, offset=0)
        self.notes.append(Note("COUNT(*) answered from TotalCount of one request"))
        return replace(plan, requests=(request,), count_from_total=True)

    # ------------------------------------------------------------ facts for the executor

    def _key_paths(self) -> tuple[tuple[str | int, ...], ...]:
        entity = self.scope.entity
        if entity is None:
            return ()
        fields = [entity.field(k) for k in entity.key]
        return tuple(f.path for f in fields if f is not None)

    def _datetime_paths(self) -> tuple[tuple[str | int, ...], ...]:
        entity = self.scope.entity
        if entity is None:
            return ()
        return tuple(f.path for f in entity.fields if f.type is FieldType.DATETIME)

    def _client_notes(self, plan: Plan) -> tuple[Note, ...]:
        notes: list[Note] = []
        scope = self.scope
        if scope.entity is None and not scope.iqa:
            similar = suggest_entities(scope.name, self.catalog)
            extra = f" (did you mean {' or '.join(similar)}?)" if similar else ""
            src = self.select.source.span
            notes.append(Note(f"{scope.name} is not in the catalog: read as a business object, fields pass "
                              f"through by name{extra}", src.start, src.end))  # fmt: skip
        if plan.residuals and plan.requests[0].paged:
            unfiltered = all(not r.params for r in plan.requests) and plan.requests[0].paged
            where = self.select.where
            span = (where.span.start, where.span.end) if where else (0, 0)
            size = plan.requests[0].page_size
            what = f"all of {scope.name}" if unfiltered else f"the {scope.name} rows iMIS pre-filtered"
            notes.append(Note(f"filtered on the client: needs one request per {size} rows over {what}", *span))
        if plan.sort:
            notes.append(Note("ORDER BY applied on the client (all matching rows are fetched first)"))
        if plan.limit is not None and not plan.aggregated:
            notes.append(Note("LIMIT applied on the client" + (", stopping early" if plan.streams else "")))
        return tuple(notes)


def _single_equal(atom: Atom) -> str | None:
    if atom.equality is None or len(atom.equality[1]) != 1:
        return None
    exact = atom.exact or ()
    if len(exact) != 1 or not exact[0][1].lower().startswith(f"{SPEC_BY_OP[Op.EQUAL].short}:"):
        return None
    return atom.equality[1][0]

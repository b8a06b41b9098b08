"""Statement + catalog + parameters -> Plan. Pure: no I/O.

Applies the pushdown rules: filters via ``imisql.lowering`` and ``imisql.branches``; single-column ORDER BY
with a search name as ``OrderBy``; LIMIT/OFFSET as ``limit``/``offset`` only when everything else was pushed
exactly; ``COUNT(*)`` from ``TotalCount``; key equality as a single GET; IQA sources as
``/api/iqa``. Everything else becomes client-side work recorded in the plan, with a note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from imisql import ast
from imisql.atoms import Atom, Node, pred_of
from imisql.binding import Binder, Params
from imisql.branches import Lowered, lower
from imisql.catalog import BUILTIN
from imisql.catalog.model import Catalog
from imisql.client_plan import client_steps
from imisql.errors import Span
from imisql.expressions import Expressions
from imisql.iqa_endpoint import IQA_PATH, QUERY_PATH
from imisql.iqa_source import iqa_pairs, url_filter_checks
from imisql.lowering import Lowerer, case_condition
from imisql.operators import SPEC_BY_OP, Op
from imisql.ordering import UNORDERED, Ordering, plan_ordering, with_parts
from imisql.param_check import check_params
from imisql.parser import parse_statement
from imisql.plan import AggregateCall, Note, Plan, ReadName, Request, Residual, new_plan, steps
from imisql.plan.parts import new_request
from imisql.projection import Projection, project
from imisql.resolve import Scope, scope_for, similar_entities
from imisql.urlsplit import split_long_lists, surely_short, trim_not_in_lists
from imisql.wire import key_request
from imisql.write_compiler import WriteCompiler


@dataclass(frozen=True)
class CompileOptions:
    """Planner knobs: page size (≤ 500 on iMIS), OR fan-out cap, pushdown on/off, the longest URL
    (path and query string) a request may have, and the time zone of the server's clock."""

    page_size: int = 500
    max_fanout: int = 8
    pushdown: bool = True
    max_url: int = 2000  # longest URL a request may have, also one built from rows (the safe IIS figure)
    server_timezone: dt.tzinfo = dt.UTC
    iqa_endpoint: str = "auto"  # "iqa", "query" (iMIS EMS) or "auto": /api/iqa, then /api/query on a 404
    nulls_lowest: bool = True  # iMIS sorts NULLs below every value, as SQL Server and .NET do (imisql.ordering)
    request_size: int = field(init=False, repr=False, compare=False)  # rows per request: page_size within 1 to 500

    def __post_init__(self) -> None:
        object.__setattr__(self, "request_size", max(1, min(self.page_size, 500)))  # once, not per statement


DEFAULT_OPTIONS = CompileOptions()


Pairs = tuple[tuple[str, str], ...]  # query pairs of one request
Target = tuple[str, Pairs, bool]  # a request's path, query pairs and whether it is paged


def compile_sql(
    sql: str | ast.Statement,
    catalog: Catalog | None = None,
    params: Params = None,
    options: CompileOptions | None = None,
    text: str = "",
) -> Plan:
    """Compile one statement (text or already parsed) into its Plan."""
    if isinstance(sql, str):
        statement, text, from_text = parse_statement(sql), sql, True
    else:
        statement, from_text = sql, False
    check_params(statement, params, text, text_is_source=from_text)
    catalog = catalog if catalog is not None else BUILTIN
    options = options or DEFAULT_OPTIONS
    if type(statement) is ast.Select:
        binder = Binder(params, text, options.server_timezone)
        if statement.joins:
            from imisql.join_planner import JoinPlanner  # it builds on this module's single-source planning

            return JoinPlanner(statement, catalog, binder, options, text).plan()
        return _plan_select(statement, catalog, binder, options, text)
    if isinstance(statement, ast.Explain):
        shown = compile_sql(statement.statement, catalog, params, options, text)
        return new_plan(shown.root, shown.notes, True)  # only explained
    if isinstance(statement, ast.Describe):
        return Plan(steps.Describe(statement.entity, statement.span.start, statement.span.end))
    if isinstance(statement, ast.ShowEntities):
        return Plan(steps.ShowEntities())
    binder = Binder(params, text, options.server_timezone)
    assert isinstance(statement, ast.Update | ast.Insert | ast.Delete)

    def select_plan(select: ast.Select) -> Plan:
        return _plan_select(select, catalog, binder, options, text)

    return WriteCompiler(catalog, binder, select_plan, text).plan(statement)


def _plan_select(select: ast.Select, catalog: Catalog, binder: Binder, options: CompileOptions, text: str) -> Plan:
    """A SELECT over one source; the source's scope notes the columns used when the rows check them."""
    scope = scope_for(select.source, select.alias, catalog, text)
    if scope.entity is None:
        scope = scope.noting_uses()
    reader = _SelectCompiler(scope, select.source, select.where, select.select_keyword, binder, options, text)
    return reader.plan(select, catalog)


def side_records(
    scope: Scope, source: ast.Source, where: ast.Cond | None, binder: Binder, options: CompileOptions, text: str
) -> tuple[steps.RecordSource, list[Residual], list[Note]]:
    """One source of a JOIN (its scope as the join resolved it) read with its WHERE pushed down: the source
    step, its client filters, notes."""
    reader = _Reader(scope.noting_uses(), source, where, ast.NO_SPAN, binder, options, text)
    return (*reader.records(), reader.notes)


class _Reader:
    """One source read with its WHERE pushed down: a SELECT's, or one side of a JOIN."""

    __slots__ = (
        "binder", "expressions", "notes", "options", "page_size", "scope", "select_keyword", "source", "text",
        "where", "where_node",
    )  # fmt: skip

    def __init__(
        self, scope: Scope, source: ast.Source, where: ast.Cond | None, select_keyword: Span, binder: Binder,
        options: CompileOptions, text: str,
    ) -> None:  # fmt: skip
        self.scope = scope
        self.source = source
        self.where = where
        self.select_keyword = select_keyword
        self.binder = binder
        self.options = options
        self.text = text
        self.page_size = options.request_size
        self.notes: list[Note] = []
        self.expressions = Expressions(scope, binder, text)
        self.expressions.conditions = case_condition  # CASE conditions compile like WHERE
        self.where_node: Node | None = None

    def records(self) -> tuple[steps.RecordSource, list[Residual]]:
        """The source step with the WHERE pushed down, and the filters left to the client."""
        targets, residuals, _ = self._targets()
        return self._source(_requests(targets, None, 0, None, self.page_size)), residuals

    def _source(self, requests: tuple[Request, ...]) -> steps.RecordSource:
        """The step that reads the records: one scan, a fan-out of scans, or a single GET."""
        scope = self.scope
        entity, name, uses = scope.entity, scope.name, scope.uses
        key, datetimes = ((), ()) if entity is None else (entity.key_paths, entity.datetime_paths)
        names = (
            tuple([ReadName(written, path, span.start, span.end) for path, (written, span) in uses.items()])
            if uses
            else ()
        )
        if len(requests) > 1:
            branches = tuple([steps.new_scan(name, r, key, datetimes, ()) for r in requests])
            return steps.Fanout(name, branches, key, datetimes, names)
        request = requests[0]
        if request.paged:
            return steps.new_scan(name, request, key, datetimes, names)
        return steps.new_lookup(name, request, key, datetimes, names)

    # ------------------------------------------------------------ WHERE

    def _lower_where(self, where: ast.Cond) -> Lowered:
        lowerer = Lowerer(self.scope, self.binder, self.text, self.expressions)
        node = self.where_node = lowerer.node(where)
        if self.scope.iqa or not self.options.pushdown:
            why = "IQA columns are filtered on the client" if self.scope.iqa else "pushdown is switched off"
            source = self.text[where.span.start : where.span.end]
            return Lowered([()], residuals=[Residual(pred_of(node), source, why)])
        lowered = lower(node, self.options.max_fanout)
        if lowered.notes:
            self.notes.extend(Note(n, where.span.start, where.span.end) for n in lowered.notes)
        return lowered

    def _targets(self) -> tuple[list[Target], list[Residual], bool]:
        """(path, filter pairs, paged) per request, the residual filters, and whether it is a key lookup."""
        scope, where = self.scope, self.where
        if scope.iqa:
            return self._iqa_targets()
        if where is None:
            return [(scope.rest_path, (), True)], [], False  # every row, in one request
        lowered = self._lower_where(where)
        if lowered.exact_atoms:
            single = self._key_lookup(lowered)
            if single is not None:
                return single
        branches, residuals = lowered.branches, lowered.residuals
        path, longest = scope.rest_path, self.options.max_url
        if self.options.pushdown and not surely_short(path, branches, longest):
            size = self.page_size
            branches, unsent, trimmed = trim_not_in_lists(path, branches, size, longest)
            residuals = [*residuals, *self._unsent(lowered, unsent)]
            branches, split = split_long_lists(path, branches, size, longest)
            notes = (n for n in (trimmed, split) if n is not None)
            self.notes.extend(Note(n, where.span.start, where.span.end) for n in notes)
        if len(branches) == 1:
            return [(path, branches[0], True)], residuals, False
        return [(path, pairs, True) for pairs in branches], residuals, False

    def _iqa_targets(self) -> tuple[list[Target], list[Residual], bool]:
        """The one ``/api/iqa`` request of an IQA source, with its URL filters; its WHERE runs on the client."""
        source = self.source
        assert isinstance(source, ast.IqaSource)
        residuals = [] if self.where is None else self._lower_where(self.where).residuals
        checks = url_filter_checks(source, self.binder, self.text)
        return [(self._iqa_path(), iqa_pairs(source, self.binder, self.text), True)], [*residuals, *checks], False

    def _unsent(self, lowered: Lowered, unsent: set[tuple[str, str]]) -> list[Residual]:
        """Client filters for the pushed conditions whose ``ne:`` pairs were left out of the URL: the
        conditions themselves, or the whole WHERE when the pairs came from an OR branch."""
        if not unsent:
            return []
        why = "NOT IN values left out of the URL are checked on the client"
        atoms = [a for a in lowered.exact_atoms if unsent & set(a.exact or ())]
        if unsent <= {p for a in atoms for p in a.exact or ()}:
            return [Residual(a.pred, a.source, why) for a in atoms]
        where = self.where
        assert where is not None and self.where_node is not None
        return [Residual(pred_of(self.where_node), self.text[where.span.start : where.span.end], why)]

    def _key_lookup(self, lowered: Lowered) -> tuple[list[Target], list[Residual], bool] | None:
        """Equality on every key field is one GET: ``GET /api/Party/101``, or ``?EntityId=`` (wire.key_request)."""
        entity = self.scope.entity
        if entity is None or not entity.key or len(lowered.branches) != 1 or not self.options.pushdown:
            return None
        exact_atoms = lowered.exact_atoms
        chosen: list[Atom] = []
        for key_field in entity.key_fields:
            if key_field is None:
                return None
            for atom in exact_atoms:
                equality = atom.equality
                if equality is not None and entity.field(equality[0]) is key_field and _single_equal(atom) is not None:
                    chosen.append(atom)
                    break
            else:
                return None
        others = [
            Residual(a.pred, a.source, "checked on the single row")
            for a in exact_atoms
            if a.exact and all(a is not c for c in chosen)
        ]
        path, params = key_request(self.scope.rest_path, [_single_equal(a) or "" for a in chosen])
        message = f"equality on the key {', '.join(entity.key)}: one GET of a single {entity.name}"
        self.notes.append(Note.at(message, self.select_keyword))
        return [(path, params, False)], [*others, *lowered.residuals], True

    def _iqa_path(self) -> str:
        if self.options.iqa_endpoint == "query":
            return QUERY_PATH
        if self.options.iqa_endpoint == "auto":
            self.notes.append(Note(f"if {IQA_PATH} answers 404 (iMIS EMS), the request is sent once to {QUERY_PATH}, "
                                   "which the connection then keeps using"))  # fmt: skip
        return IQA_PATH


class _SelectCompiler(_Reader):
    """A SELECT over one source: its reads, then the client's work (projection, order, limit, notes)."""

    __slots__ = ()

    def plan(self, select: ast.Select, catalog: Catalog) -> Plan:
        """The plan of ``select``: what iMIS is asked for, then what the client does with the rows."""
        scope, binder, text, options = self.scope, self.binder, self.text, self.options
        projection = project(select, scope, binder, text, self.expressions)
        targets, residuals, key_lookup = self._targets()
        ordering = UNORDERED
        if select.order_by:
            pushable = len(targets) == 1 and not key_lookup and options.pushdown and not scope.iqa
            base = targets[0][1]
            ordering = plan_ordering(select.order_by, projection, scope, text, pushable, base, options.nulls_lowest)
            targets = with_parts(targets, ordering)
        limit = None if select.limit is None else binder.count(select.limit, "LIMIT")
        offset = 0 if select.offset is None else binder.count(select.offset, "OFFSET")
        aggregated = bool(projection.aggregates or projection.group_by)
        count_total = push_window = False
        if aggregated or limit is not None or offset > 0:  # iMIS may count the rows or read only the window
            exact = options.pushdown and not residuals and len(targets) == 1 and targets[0][2]
            count_total = exact and aggregated and _only_count_star(projection)
            push_window = (
                exact and not aggregated and (ordering.order_param is not None or not select.order_by)
                and not select.distinct
            )  # fmt: skip
        row_limit = 1 if count_total else limit if push_window else None
        requests = _requests(targets, ordering.order_param, offset if push_window else 0, row_limit, self.page_size)
        if push_window:
            limit, offset = None, 0
        if count_total:
            self.notes.append(Note.at("COUNT(*) answered from TotalCount of one request", self.select_keyword))
        if scope.entity is None and not scope.iqa:
            self._outside_catalog(catalog)
        sort = ordering.client_sort
        if residuals or ordering.keys or limit is not None:  # else the client neither filters, sorts nor limits
            self._client_notes(select, requests, residuals, ordering, limit, aggregated)
        notes, source = tuple(self.notes), self._source(requests)
        if count_total:
            assert isinstance(source, steps.Scan)
            return Plan(steps.CountTotal(source, projection.columns[0].name), notes)
        records = source if ordering.nulls_first is None else ordering.checked(source)
        if self.expressions.scalars:
            records = steps.Compute(records, tuple(self.expressions.scalars), tuple(self.expressions.sources))
        entity = scope.entity  # SELECT *: its key columns (shown first) and columns (an empty result's header)
        star = (entity.key_columns, entity.columns) if projection.star and entity is not None else ((), ())
        keys = ordering.keys if ordering.ties_on else sort
        work = client_steps(
            records, projection, residuals, keys, select.distinct, limit, offset, star, ordering.ties_on,
            ordering.follow, ordering.nulls_assumed,
        )  # fmt: skip
        return new_plan(work, notes, False)

    # ------------------------------------------------------------ notes

    def _outside_catalog(self, catalog: Catalog) -> None:
        """The note on a source the catalog does not know (read as a business object)."""
        name = self.scope.name
        similar = similar_entities(name, catalog)
        extra = f" (did you mean {' or '.join(similar)}?)" if similar else ""
        message = (
            f"{name} is not in the catalog: read as a business object, fields pass through by name, checked "
            f"against the first page's rows{extra}"
        )
        self.notes.append(Note(message, self.source.span.start, self.source.span.end))

    def _client_notes(
        self, select: ast.Select, requests: tuple[Request, ...], residuals: list[Residual], ordering: Ordering,
        limit: int | None, aggregated: bool,
    ) -> None:  # fmt: skip
        """The notes on the client's work: filtering, ordering, LIMIT."""
        notes, name, sort = self.notes, self.scope.name, ordering.client_sort
        if residuals and requests[0].paged:
            unfiltered = all(not r.params for r in requests)
            where = (select.where.span,) if select.where else ()
            size = requests[0].page_size
            what = f"all of {name}" if unfiltered else f"the {name} rows iMIS pre-filtered"
            message = f"filtered on the client: needs one request per {size} rows over {what}"
            notes.append(Note.at(message, *where, select.select_keyword))
        if ordering.ties_on:
            notes.append(Note.at(ordering.note, select.order_keyword, select.select_keyword))
        elif sort:
            message = "ORDER BY applied on the client (all matching rows are fetched first)"
            notes.append(Note.at(message, select.order_keyword, select.select_keyword))
        if limit is not None and not aggregated:
            streams = not (sort or aggregated or select.distinct)
            message = "LIMIT applied on the client" + (", stopping early" if streams else "")
            notes.append(Note.at(message, select.limit_keyword, select.select_keyword))


_COUNT_STAR = (AggregateCall("COUNT", None),)
_EQUAL_PREFIX = f"{SPEC_BY_OP[Op.EQUAL].short}:"  # how an equality's filter value starts


def _requests(
    targets: list[Target],
    order_param: tuple[str, str] | None,
    start: int,
    row_limit: int | None,
    size: int,
) -> tuple[Request, ...]:
    """A GET per target (path, query pairs, paged), with the OrderBy pair and the rows asked for (a loop: it
    runs for every statement, and a comprehension costs a function of its own)."""
    made = []
    for path, pairs, paged in targets:
        pairs = (*pairs, order_param) if order_param else pairs
        made.append(new_request("GET", path, pairs, paged, start, row_limit, size, False))
    return tuple(made)


def _only_count_star(projection: Projection) -> bool:
    return (
        projection.aggregates == _COUNT_STAR and not projection.group_by
        and projection.having is None and len(projection.columns) == 1
    )  # fmt: skip


def _single_equal(atom: Atom) -> str | None:
    if atom.equality is None or len(atom.equality[1]) != 1:
        return None
    exact = atom.exact or ()
    if len(exact) != 1 or not exact[0][1].lower().startswith(_EQUAL_PREFIX):
        return None
    return atom.equality[1][0]

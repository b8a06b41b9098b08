"""JOIN planning: which conditions go to which source, which join strategy each step uses, and why.

Sources are joined left-deep in FROM order. A condition on one source is pushed into that source's
requests (exactly as a single-entity SELECT pushes its WHERE) unless that would change a LEFT
JOIN's meaning; equalities between sources become join keys; everything else is filtered on the
joined rows. Each join step then picks a strategy:

1. *bind join* — the right side is filtered with ``in:`` batches of the left side's distinct keys;
2. *key lookup* — ``GET /api/E/{key}`` per distinct key, when the right side is joined on its key and
   the left side is a single row (or the key cannot be filtered on);
3. *hash join* — both sides read with their own filters and matched on the client, when no join
   column can be filtered on.

For the first join of INNER joins the side with the more selective pushed filters is read first.
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql import ast
from imisql.atoms import pred_of
from imisql.binding import Binder
from imisql.catalog.model import Catalog
from imisql.client_plan import client_steps
from imisql.compiler import CompileOptions, side_records
from imisql.errors import SemanticError
from imisql.expressions import Expressions
from imisql.join_conditions import all_of, column_names, conjuncts
from imisql.lowering import Lowerer
from imisql.operators import SPEC_BY_OP, Op
from imisql.plan import Note, Plan, Request, Residual, steps
from imisql.plan.join_steps import new_bind_join
from imisql.plan.parts import new_request
from imisql.predicate import Pred
from imisql.projection import project
from imisql.resolve import Column, scope_for, shared_tables
from imisql.sources import Source, Sources
from imisql.wire import sendable_column

_EQUAL = Op.EQUAL
_IN_KEYS = f"{SPEC_BY_OP[Op.IN].short}:{{keys}}"  # where a batch of the left side's keys goes
_EQUALITY_WEIGHT = 3  # an equality narrows a side more than a range or a text test
_UNSUPPORTED = {
    "right": "swap the two sources and use LEFT JOIN: FROM B LEFT JOIN A ON ...",
    "full": "run a LEFT JOIN each way and combine the results",
    "cross": "give the join a condition: JOIN Activity a ON a.ID = p.PartyId",
}


@dataclass(slots=True)
class _Side:
    """One source, read with the conditions pushed to it."""

    source: Source
    step: steps.RecordSource
    residuals: list[Residual]
    kind: str  # how it is joined: "from", "inner" or "left"

    @property
    def selectivity(self) -> int:
        """How narrow the side's pushed filters are (higher reads fewer rows)."""
        step = self.step
        if isinstance(step, steps.Lookup):
            return 1000
        if not isinstance(step, steps.Scan):
            return 1
        total = 0
        for name, value in step.request.params:  # a loop: a generator is resumed, a call, per pair
            if name not in ("QueryName", "Parameter"):
                total += _EQUALITY_WEIGHT if value.lower().startswith(("eq:", "in:")) else 1
        return total


@dataclass(slots=True)
class _Key:
    """A join equality: a column of an earlier source (under its alias) and the right side's column."""

    alias: str
    left: Column
    right: Column

    @property
    def left_path(self) -> tuple[str | int, ...]:
        return (self.alias, *self.left.path)

    def reversed(self, alias: str) -> _Key:
        """The same equality seen from the other side: ``alias`` names the source of ``right``."""
        return _Key(alias, self.right, self.left)


class JoinPlanner:
    """Plans one SELECT with JOINs (see the module docstring)."""

    def __init__(self, select: ast.Select, catalog: Catalog, binder: Binder, options: CompileOptions, text: str):
        self.select, self.catalog, self.binder, self.options, self.text = select, catalog, binder, options, text
        self.notes: list[Note] = []
        self.sources = Sources(self._sources(), text, shared_tables(catalog))

    # ------------------------------------------------------------ sources and conditions

    def _sources(self) -> list[Source]:
        select = self.select
        found = [self._source(select.source, select.alias)]
        for join in select.joins:
            if join.kind in _UNSUPPORTED:
                raise SemanticError(
                    f"{join.kind.upper()} JOIN is not supported", self.text, join.span, hint=_UNSUPPORTED[join.kind]
                )
            if join.on is None:
                raise SemanticError("JOIN needs ON", self.text, join.span, hint=_UNSUPPORTED["cross"])
            found.append(self._source(join.source, join.alias))
        return found

    def _source(self, source: ast.Source, alias: str | None) -> Source:
        scope = scope_for(source, alias, self.catalog, self.text)
        return Source(alias or scope.name, scope, source.span)

    def _refs(self, cond: ast.Cond) -> set[int]:
        index_of, text = self.sources.index_of, self.text
        refs = set()
        for name in column_names(cond):  # a loop: a set comprehension is one more call per condition
            refs.add(index_of(name, text)[0])
        return refs

    def _equality(self, cond: ast.Cond, later: int) -> _Key | None:
        """``a.X = b.Y`` between source ``later`` and an earlier one, as a join key."""
        if not (isinstance(cond, ast.Compare) and cond.op is _EQUAL):
            return None
        if not (isinstance(cond.left, ast.Name) and isinstance(cond.right, ast.Name)):
            return None
        (left, left_col), (right, right_col) = (
            self.sources.index_of(cond.left, self.text), self.sources.index_of(cond.right, self.text)
        )  # fmt: skip
        if left == later and right < later:
            left, left_col, right_col = right, right_col, left_col
        elif not (right == later and left < later):
            return None
        return _Key(self.sources.sources[left].alias, left_col, right_col)

    # ------------------------------------------------------------ the plan

    def plan(self) -> Plan:
        count = len(self.sources.sources)
        pushed: list[list[ast.Cond]] = []  # per source, made in one loop (each comprehension is a call)
        keys: list[list[_Key]] = []
        matches: list[list[ast.Cond]] = []
        for _ in range(count):
            pushed.append([])
            keys.append([])
            matches.append([])
        after: list[ast.Cond] = []
        kinds, nullable = ["from"], set[int]()
        shared = conjuncts(self.select.where)
        for index, join in enumerate(self.select.joins, 1):
            kinds.append(join.kind)
            if join.kind == "left":
                nullable.add(index)
            if join.kind == "inner":
                shared.extend(conjuncts(join.on))
            else:
                self._place_left_on(index, join, pushed, keys, matches)
        for cond in shared:
            refs = self._refs(cond)
            later = max(refs, default=0)
            key = self._equality(cond, later) if len(refs) == 2 and later not in nullable else None
            if key is not None:
                keys[later].append(key)
            elif len(refs) == 1 and later not in nullable:
                pushed[later].append(cond)
            else:
                after.append(cond)
        sides = []
        for i in range(count):
            sides.append(self._side(i, pushed[i], kinds[i]))
        for index, join in enumerate(self.select.joins, 1):
            if not keys[index]:
                raise SemanticError(
                    f"the JOIN of {sides[index].source.alias} needs an equality with an earlier source",
                    self.text, join.span, hint=_UNSUPPORTED["cross"],
                )  # fmt: skip
        if nullable:
            node = self._joins(sides, keys, [self._condition(m) for m in matches])
        else:
            node = self._inner_joins(sides, keys)
        return self._finish(node, after)

    def _place_left_on(
        self, index: int, join: ast.Join, pushed: list[list[ast.Cond]], keys: list[list[_Key]],
        matches: list[list[ast.Cond]],
    ) -> None:  # fmt: skip
        """A LEFT JOIN's ON: conditions on its own source filter that source; equalities with earlier
        sources are keys; the rest decides, row by row, whether a pair matches."""
        for cond in conjuncts(join.on):
            refs = self._refs(cond)
            if max(refs, default=0) > index:
                raise SemanticError(
                    "ON can use only the sources joined so far", self.text, cond.span,
                    hint="move the condition to the ON of a later JOIN, or to WHERE",
                )  # fmt: skip
            key = self._equality(cond, index)
            if refs == {index}:
                pushed[index].append(cond)
            elif key is not None:
                keys[index].append(key)
            else:
                matches[index].append(cond)

    def _side(self, index: int, conds: list[ast.Cond], kind: str) -> _Side:
        source = self.sources.sources[index]
        where = all_of(conds, self.text)
        node = _source_node(self.select, index)
        step, residuals, notes = side_records(source.scope, node, where, self.binder, self.options, self.text)
        self.notes.extend(notes)
        return _Side(source, step, residuals, kind)

    def _condition(self, conds: list[ast.Cond]) -> Pred | None:
        where = all_of(conds, self.text)
        return None if where is None else pred_of(Lowerer(self.sources, self.binder, self.text).node(where))

    # ------------------------------------------------------------ join steps

    def _inner_joins(self, sides: list[_Side], keys: list[list[_Key]]) -> steps.Step:
        """INNER joins in any order: start from the most selective source, then keep adding the most
        selective source linked by an equality to those already joined, so its keys can be bound."""
        index_of: dict[str, int] = {}
        selectivity: list[int] = []
        for i, side in enumerate(sides):  # one loop (each comprehension is a call)
            index_of[side.source.alias] = i
            selectivity.append(side.selectivity)
        edges = [(index_of[key.alias], later, key) for later, found in enumerate(keys) for key in found]
        start = selectivity.index(max(selectivity))  # the most selective; of equals, the first
        joined = [start]
        node: steps.Step = steps.Qualify(
            _filtered(sides[start].step, sides[start].residuals), sides[start].source.alias
        )
        single_row = isinstance(sides[start].step, steps.Lookup) and not sides[start].residuals
        while len(joined) < len(sides):
            linked: dict[int, list[_Key]] = {}
            for a, b, key in edges:
                if a in joined and b not in joined:
                    linked.setdefault(b, []).append(key)
                elif b in joined and a not in joined:
                    linked.setdefault(a, []).append(key.reversed(sides[b].source.alias))
            following = max(linked, key=lambda i: (selectivity[i], -i))
            node = self._join(node, sides[following], linked[following], None, single_row)
            joined.append(following)
            single_row = False
        return node

    def _joins(self, sides: list[_Side], keys: list[list[_Key]], conditions: list[Pred | None]) -> steps.Step:
        """Joins in FROM order (a LEFT JOIN fixes the order); the first pair, if INNER, starts from
        its more selective side."""
        first, second = sides[0], sides[1]
        swap = second.kind == "inner" and second.selectivity > first.selectivity
        if swap:
            first, second = second, first
            keys[1] = [k.reversed(first.source.alias) for k in keys[1]]
        node: steps.Step = steps.Qualify(_filtered(first.step, first.residuals), first.source.alias)
        single_row = isinstance(first.step, steps.Lookup) and not first.residuals
        for index in range(1, len(sides)):
            side = second if index == 1 else sides[index]
            node = self._join(node, side, keys[index], conditions[index], single_row)
            single_row = False
        return node

    def _join(
        self, left: steps.Step, side: _Side, keys: list[_Key], condition: Pred | None, single_row: bool
    ) -> steps.Step:
        alias, kind = side.source.alias, "left" if side.kind == "left" else "inner"
        join_keys = tuple([steps.JoinKey(k.left_path, k.right.path) for k in keys])
        scan = side.step if isinstance(side.step, steps.Scan) and not side.source.scope.iqa else None
        bindable = [i for i, k in enumerate(keys) if sendable_column(k.right.search)]
        lookup = self._key_lookup(side, keys)
        if scan is not None and lookup is not None and (single_row or not bindable):
            why = "the left side is one row" if single_row else f"{keys[lookup].right.written} cannot be filtered on"
            reason = f"joined on the key of {side.source.scope.name}: {why}"
            template = self._lookup_template(side)
            return steps.LookupJoin(
                left, template, alias, join_keys, lookup, kind, tuple(side.residuals), condition, reason
            )
        if scan is not None and bindable:
            bound = bindable[0]
            search = keys[bound].right.search
            assert search is not None
            request = scan.request
            marker = _IN_KEYS
            params = (*request.params, (search, marker))
            batch = new_request("GET", request.path, params, True, 0, None, request.page_size, True)
            bound_side = steps.new_scan(scan.entity, batch, scan.key, scan.datetime_paths, ())
            why = f"{side.source.scope.name} is filtered by the keys the left side found"
            return new_bind_join(
                left, bound_side, alias, join_keys, bound, kind, tuple(side.residuals), condition,
                self.options.max_url, why,
            )  # fmt: skip
        columns = ", ".join(k.right.written for k in keys)
        whole = "read with its own filters" if _filtered_scan(side.step) else "read in full"
        why = (
            f"joins on {columns}, which iMIS cannot filter: {side.source.alias} is {whole}, then matched"
            if scan is not None else f"{side.source.alias} is read with its own filters, then matched"
        )  # fmt: skip
        self.notes.append(Note(why, self.select.span.start, self.select.span.end))
        return steps.HashJoin(left, _filtered(side.step, side.residuals), alias, join_keys, kind, condition, why)

    def _key_lookup(self, side: _Side, keys: list[_Key]) -> int | None:
        entity = side.source.scope.entity
        if entity is None or len(entity.key) != 1 or side.residuals or _filtered_scan(side.step):
            return None
        key_field = entity.field(entity.key[0])
        return next((i for i, k in enumerate(keys) if k.right.field is not None and k.right.field is key_field), None)

    def _lookup_template(self, side: _Side) -> steps.Lookup:
        scope = side.source.scope
        request = Request("GET", f"{scope.rest_path}/{{key}}", (), paged=False, template=True)
        entity = scope.entity
        assert entity is not None
        return steps.Lookup(scope.name, request, entity.key_paths, entity.datetime_paths)

    # ------------------------------------------------------------ after the joins

    def _finish(self, node: steps.Step, after: list[ast.Cond]) -> Plan:
        where = all_of(after, self.text)
        residuals: list[Residual] = []
        if where is not None:
            pred = pred_of(Lowerer(self.sources, self.binder, self.text).node(where))
            why = "uses more than one source, or the nullable side of a LEFT JOIN"
            residuals.append(Residual(pred, " AND ".join(self.text[c.span.start : c.span.end] for c in after), why))
        expressions = Expressions(self.sources, self.binder, self.text)
        projection = project(self.select, self.sources, self.binder, self.text, expressions)
        if expressions.scalars:
            node = steps.Compute(node, tuple(expressions.scalars), tuple(expressions.sources))
        sort = projection.sort_keys(self.select.order_by, self.sources, self.text)
        select = self.select
        limit = None if select.limit is None else self.binder.count(select.limit, "LIMIT")
        offset = 0 if select.offset is None else self.binder.count(select.offset, "OFFSET")
        star = (self._key_columns(), ()) if projection.star else ((), ())
        root = client_steps(node, projection, residuals, sort, self.select.distinct, limit, offset, star)
        return Plan(root, tuple(self.notes))

    def _key_columns(self) -> tuple[str, ...]:
        """``SELECT *`` over joined rows: each source's key first, as ``alias.Key``."""
        return tuple(
            ".".join((source.alias, *(str(p) for p in path)))
            for source in self.sources.sources
            if source.scope.entity is not None
            for path in source.scope.entity.key_paths
        )


# ---------------------------------------------------------------- helpers


def _source_node(select: ast.Select, index: int) -> ast.Source:
    return select.source if index == 0 else select.joins[index - 1].source


def _filtered_scan(step: steps.RecordSource) -> bool:
    return not isinstance(step, steps.Scan) or bool(step.request.params)


def _filtered(step: steps.RecordSource, residuals: list[Residual]) -> steps.Step:
    return steps.Filter(step, tuple(residuals)) if residuals else step

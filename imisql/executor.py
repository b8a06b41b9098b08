"""Runs a Plan against a client and streams result rows: one method per step kind.

Source steps produce records (decoded iMIS objects) through ``imisql.fetching``; ``Filter``, a
record ``Sort``, ``CompleteTies`` and ``NullsChecked`` pass records on; ``Project`` and ``Aggregate``
turn them into rows; ``Sort`` by column, ``Distinct`` and ``Limit`` work on rows. Rows stream unless a
step needs every row first (sort, aggregation), and ``Limit`` stops reading (and so paging) once it has
enough.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from imisql import joining
from imisql.catalog import BUILTIN, Catalog
from imisql.catalog.typos import unknown_entity_error
from imisql.catalog_rows import describe_rows, entity_rows
from imisql.decode import get_path, parse_datetime
from imisql.errors import NotFoundError, NotSupportedError
from imisql.fetching import Cancelled, ExecutionStats, Fetcher
from imisql.iqa_endpoint import IqaEndpoint
from imisql.paging import JsonSource
from imisql.picking import FieldPicker
from imisql.plan import Plan, Request, steps
from imisql.plan.parts import EXPRESSION_ROOT, PathT, all_of
from imisql.plan.reads import fields_read
from imisql.plan.steps import walk
from imisql.predicate import keep
from imisql.reducers import aggregate_rows, distinct_rows, sort_items
from imisql.row_shaping import Record, Row, Rows, cut, star_rows, window
from imisql.scalar import Clock, evaluate
from imisql.shapes import NameCheck, probe_request, refusal_explained
from imisql.source_swap import Given, over, reading, source_of
from imisql.tie_reader import Gate, Part, TieReader
from imisql.ties import complete_ties, nulls_checked
from imisql.writing import WriteClient, WriteOptions, Writer, WriteReport

__all__ = ["Cancelled", "ExecutionStats", "Executor", "Result", "execute"]


@dataclass
class Result:
    """Column names and a lazy iterator of row tuples."""

    columns: list[str]
    rows: Iterator[Row]
    stats: ExecutionStats = field(default_factory=ExecutionStats)
    report: WriteReport | None = None  # what a write statement did (it has run by the time rows are given)


def execute(
    plan: Plan,
    client: JsonSource,
    *,
    cancel: threading.Event | None = None,
    concurrency: int = 1,
    catalog: Catalog | None = None,
    text: str = "",
) -> Result:
    """Start executing ``plan``; rows are fetched as the returned iterator is consumed."""
    return Executor(client, catalog or BUILTIN, cancel=cancel, concurrency=concurrency, text=text).run(plan)


class Executor:
    """Runs one plan: a method per step kind, records or rows out of each."""

    def __init__(
        self,
        client: JsonSource,
        catalog: Catalog,
        *,
        cancel: threading.Event | None = None,
        concurrency: int = 1,
        text: str = "",
        base_url: str = "",
        writes: WriteOptions | None = None,
        iqa: IqaEndpoint | None = None,
    ):
        self.client, self.catalog, self.cancel, self.concurrency, self.text = client, catalog, cancel, concurrency, text
        self.base_url = base_url  # join batches keep whole URLs under a limit
        self.stats = ExecutionStats()
        self.read_ahead = True
        self.write_options = writes or WriteOptions()
        self.report: WriteReport | None = None
        self.picker: FieldPicker | None = None  # the fields the plan reads (None: every field)
        self.iqa = iqa or IqaEndpoint()  # the connection's IQA endpoint (and what "auto" found out)

    def run(self, plan: Plan) -> Result:
        self.read_ahead = not any(isinstance(s, steps.Limit) and s.limit is not None for s in plan.steps)
        fields = fields_read(plan.root)
        self.picker = None if fields is None else FieldPicker(fields)
        columns, rows = self.rows(plan.root)
        return Result(columns, self._counted(rows), self.stats, self.report)

    def _counted(self, rows: Iterator[Row]) -> Iterator[Row]:
        for row in rows:
            self.stats.rows += 1
            yield row

    # ------------------------------------------------------------ dispatch

    def records(self, step: steps.Step) -> Iterator[Record]:
        """The records ``step`` produces (a source, a filter, or a sort before projection)."""
        method: Callable[[Any], Iterator[Record]] = getattr(self, _RECORD_METHODS[type(step)])
        return method(step)

    def rows(self, step: steps.Step) -> Rows:
        """The column names and rows ``step`` produces."""
        method: Callable[[Any], Rows] = getattr(self, _ROW_METHODS[type(step)])
        return method(step)

    # ------------------------------------------------------------ sources

    def scan(self, step: steps.Scan, gate: Gate | None = None) -> Iterator[Record]:
        check = self._name_check(step)
        fetch = self._fetcher(step.key, check, gate).request
        records = self.iqa.records(fetch, step.request) if step.entity == "iqa" else fetch(step.request)
        records = refusal_explained(records, check, lambda: self._probe(step.request)) if check else records
        return self._typed(self._known_entity(records, step.entity), step.datetime_paths)

    def lookup(self, step: steps.Lookup) -> Iterator[Record]:
        return self._typed(self._fetcher(step.key, self._name_check(step)).request(step.request), step.datetime_paths)

    def fanout(self, step: steps.Fanout, gate: Gate | None = None) -> Iterator[Record]:
        requests, check = tuple(branch.request for branch in step.branches), self._name_check(step)
        records = self._fetcher(step.key, check, gate).merged(requests)
        records = refusal_explained(records, check, lambda: self._probe(requests[0])) if check else records
        return self._typed(records, step.datetime_paths)

    def count_total(self, step: steps.CountTotal) -> Rows:
        count, request = self._fetcher(step.scan.key).total_count, step.scan.request
        return [step.column], iter([(self.iqa.count(count, request) if step.entity == "iqa" else count(request),)])

    def describe(self, step: steps.Describe) -> Rows:
        columns, rows = describe_rows(step, self.catalog, self.text)
        return columns, iter(rows)

    def show_entities(self, step: steps.ShowEntities) -> Rows:
        columns, rows = entity_rows(self.catalog)
        return columns, iter(rows)

    # ------------------------------------------------------------ client steps over records

    def compute(self, step: steps.Compute) -> Iterator[Record]:
        clock, scalars = Clock.start(), step.scalars  # CURRENT_DATE: one value for the whole statement
        for record in self.records(step.input):
            values: list[Any] = []
            record[EXPRESSION_ROOT] = values  # later expressions (CASE conditions) read earlier ones
            for scalar in scalars:
                values.append(evaluate(scalar, record, clock))
            yield record

    def filter(self, step: steps.Filter) -> Iterator[Record]:
        predicate = step.predicate  # built once, not once per record
        return (record for record in self.records(step.input) if keep(predicate, record))

    def sort_records(self, step: steps.Sort) -> Iterator[Record]:
        keys = [(_path_getter(k.path), k.descending) for k in step.keys]
        return iter(sort_items(list(self.records(step.input)), keys))

    def complete_record_ties(self, step: steps.CompleteTies) -> Iterator[Record]:
        keys = [(_path_getter(k.path), k.descending) for k in step.keys]
        if step.need is not None and step.follow is not None:
            return self._narrowed(step, keys, lambda chain: ([], self.records(chain)))[1]
        return complete_ties(self.records(step.input), keys, step.first, step.nulls_lowest)

    def nulls_checked(self, step: steps.NullsChecked) -> Iterator[Record]:
        value, probe = _path_getter(step.path), step.probe
        after = None if probe is None else lambda: next((value(r) for r in self._fetcher(()).request(probe)), None)
        return nulls_checked(self.records(step.input), value, step.descending, step.name, after)

    # ------------------------------------------------------------ joins (records are {alias: record})

    def qualify(self, step: steps.Qualify) -> Iterator[Record]:
        return ({step.alias: record} for record in self.records(step.input))

    def bind_join(self, step: steps.BindJoin) -> Iterator[Record]:
        right = step.right
        fetcher = self._fetcher(right.key)
        right_filter = all_of(step.right_filter)
        path = step.keys[step.bound].left
        for chunk, requests in joining.batches(
            self.records(step.left), path, right.request, self.base_url, step.url_limit
        ):
            index = joining.Index(step.keys, right_filter)
            for request in requests:
                index.add_all(self._typed(fetcher.request(request), right.datetime_paths))
            yield from joining.match(chunk, index, step.keys, step.alias, step.kind, step.condition)

    def lookup_join(self, step: steps.LookupJoin) -> Iterator[Record]:
        right = step.right
        fetcher = self._fetcher(right.key)
        right_filter = all_of(step.right_filter)
        path = step.keys[step.bound].left

        def fetch(value: Any) -> Record | None:
            request = joining.lookup_request(right.request, value)
            return next(self._typed(fetcher.request(request), right.datetime_paths), None)

        lookup = joining.cached(fetch)
        for record in self.records(step.left):
            value = get_path(record, path)
            found = lookup(value) if value is not None else None
            index = joining.Index(step.keys, right_filter).add_all([found] if found is not None else [])
            yield from joining.match([record], index, step.keys, step.alias, step.kind, step.condition)

    def hash_join(self, step: steps.HashJoin) -> Iterator[Record]:
        index = joining.Index(step.keys).add_all(self.records(step.right))
        return joining.match(self.records(step.left), index, step.keys, step.alias, step.kind, step.condition)

    # ------------------------------------------------------------ client steps to and over rows

    def project(self, step: steps.Project) -> Rows:
        records = self.records(step.input)
        if step.star:
            return star_rows(records, step.star_roots, step.key_columns, step.known_columns)
        columns = step.columns
        rows = (tuple(c.constant if c.path is None else get_path(r, c.path) for c in columns) for r in records)
        return [c.name for c in columns], rows

    def aggregate(self, step: steps.Aggregate) -> Rows:
        return [c.name for c in step.columns], aggregate_rows(step, self.records(step.input))

    def sort(self, step: steps.Sort) -> Rows:
        columns, rows = self.rows(step.input)
        keys = [(_column_getter(k.column), k.descending) for k in step.keys]
        return cut(columns, iter(sort_items(list(rows), keys)), step.width)

    def complete_ties(self, step: steps.CompleteTies) -> Rows:
        keys = [(_column_getter(k.column), k.descending) for k in step.keys]
        if step.need is not None and step.follow is not None:
            return cut(*self._narrowed(step, keys, self.rows), step.width)
        columns, rows = self.rows(step.input)
        return cut(columns, complete_ties(rows, keys, step.first, step.nulls_lowest), step.width)

    def _narrowed(
        self,
        step: steps.CompleteTies,
        keys: list[tuple[Callable[[Any], Any], bool]],
        out: Callable[[Any], tuple[list[str], Iterator[Any]]],
    ) -> tuple[list[str], Iterator[Any]]:
        """``CompleteTies`` with a LIMIT: a run of ties that reaches it is narrowed (``imisql.tie_reader``);
        ``out`` runs the step's input chain (over other records) to its columns and rows (or records)."""
        assert step.need is not None and step.follow is not None
        source = source_of(step.input)

        def read(parts: list[Part], gate: Gate) -> Iterator[Any]:
            return out(over(step.input, self._gated(reading(source, parts), gate)))[1]

        names = (step.first, *(k.search for k in step.follow.keys[1:]))
        reader = TieReader(
            keys, step.follow, names, read, not any(isinstance(s, steps.Filter) for s in walk(step.input))
        )
        top = reader.top(step.need)
        columns, rows = out(over(step.input, self._gated(source, top.more_pages)))
        return columns, reader.rows(top, rows)

    def _gated(self, source: steps.Scan | steps.Fanout, gate: Gate) -> Iterator[Record]:
        return self.fanout(source, gate) if isinstance(source, steps.Fanout) else self.scan(source, gate)

    def given(self, step: Given) -> Iterator[Record]:
        return step.records

    def distinct(self, step: steps.Distinct) -> Rows:
        columns, rows = self.rows(step.input)
        return columns, distinct_rows(rows)

    def limit(self, step: steps.Limit) -> Rows:
        columns, rows = self.rows(step.input)
        return columns, window(rows, step.limit, step.offset)

    # ------------------------------------------------------------ writes (run when planned, before rows are asked for)

    def values(self, step: steps.Values) -> Rows:
        return list(step.columns), iter(step.rows)

    def update(self, step: steps.Update) -> Rows:
        self.report = self._writer().update(step, list(self.records(step.input)))
        return [], iter(())

    def delete(self, step: steps.Delete) -> Rows:
        self.report = self._writer().delete(step, list(self.records(step.input)))
        return [], iter(())

    def insert(self, step: steps.Insert) -> Rows:
        _, rows = self.rows(step.input)
        self.report, created = self._writer().insert(step, list(rows))
        if step.returning_star:
            return star_rows(iter(created))
        columns = step.returning
        out = [tuple(c.constant if c.path is None else get_path(r, c.path) for c in columns) for r in created]
        return [c.name for c in columns], iter(out)

    def _writer(self) -> Writer:
        if not isinstance(self.client, WriteClient):
            raise NotSupportedError("this connection's client cannot write (it has no send_json)")
        return Writer(self.client, self.write_options)

    # ------------------------------------------------------------ helpers

    def _fetcher(
        self,
        key: tuple[PathT, ...],
        on_page: Callable[[list[Record]], None] | None = None,
        gate: Gate | None = None,
    ) -> Fetcher:
        return Fetcher(
            self.client, self.stats, key, self.cancel,
            concurrency=self.concurrency, read_ahead=self.read_ahead, picker=self.picker, on_page=on_page,
            page_gate=gate,
        )  # fmt: skip

    def _name_check(self, step: steps.Scan | steps.Lookup | steps.Fanout) -> Callable[[list[Record]], None] | None:
        """Names read from a source outside the catalog, checked on its first page with rows (``imisql.shapes``)."""
        return NameCheck(step.names, step.entity, self.text).page if step.names else None

    def _probe(self, request: Request) -> list[Record]:
        """One row of ``request``'s source without its filters (``imisql.shapes.probe_request``)."""
        return list(self._fetcher(()).request(probe_request(self.iqa.request(request))))

    def _known_entity(self, records: Iterator[Record], entity: str) -> Iterator[Record]:
        """A 404 for a list of a business object the catalog does not know means it does not exist."""
        if entity == "iqa" or self.catalog.entity(entity) is not None:
            yield from records
            return
        try:
            yield from records
        except NotFoundError as error:
            raise unknown_entity_error(entity, self.catalog, error) from None

    def _typed(self, records: Iterator[Record], paths: tuple[PathT, ...]) -> Iterator[Record]:
        """Records whose datetime text fields are datetimes, of the fields that were decoded."""
        picker = self.picker
        if picker is not None:
            paths = tuple(path for path in paths if isinstance(path[0], str) and picker.wants(path[0]))
        return (_with_datetimes(r, paths) for r in records) if paths else records


_RECORD_METHODS: dict[type, str] = {
    steps.Compute: "compute",
    steps.Scan: "scan",
    steps.Lookup: "lookup",
    steps.Fanout: "fanout",
    steps.Filter: "filter",
    steps.Sort: "sort_records",
    steps.CompleteTies: "complete_record_ties",
    steps.NullsChecked: "nulls_checked",
    Given: "given",
    steps.Qualify: "qualify",
    steps.BindJoin: "bind_join",
    steps.LookupJoin: "lookup_join",
    steps.HashJoin: "hash_join",
}
_ROW_METHODS: dict[type, str] = {
    steps.CountTotal: "count_total",
    steps.Describe: "describe",
    steps.ShowEntities: "show_entities",
    steps.Project: "project",
    steps.Aggregate: "aggregate",
    steps.Sort: "sort",
    steps.CompleteTies: "complete_ties",
    steps.Distinct: "distinct",
    steps.Limit: "limit",
    steps.Values: "values",
    steps.Update: "update",
    steps.Delete: "delete",
    steps.Insert: "insert",
}


def _path_getter(path: PathT | None) -> Callable[[Record], Any]:
    assert path is not None
    return lambda record: get_path(record, path)


def _column_getter(index: int | None) -> Callable[[Row], Any]:
    assert index is not None
    return lambda row: row[index]


def _with_datetimes(record: Record, paths: tuple[PathT, ...]) -> Record:
    """Typed contracts send datetimes as plain strings: turn the catalog's DATETIME fields into datetimes."""
    for path in paths:
        parent = get_path(record, path[:-1]) if len(path) > 1 else record
        key = path[-1]
        if isinstance(parent, dict) and isinstance(key, str) and isinstance(parent.get(key), str):
            with contextlib.suppress(ValueError):
                parent[key] = parse_datetime(parent[key])
    return record

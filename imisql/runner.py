"""The one statement runner behind every face: the CLI, the shell, the language server and the DB-API.

``StatementRunner.prepare`` splits a script, parses and compiles each statement once (collecting
every error first, so nothing runs when any statement is wrong; with a ``PlanCache``, a script
prepared before with the same parameters, catalog and options is not compiled again); ``run`` executes one prepared
statement and returns its ``Outcome`` with rows still lazy, so progress, cancelling and paging stay
in each face. What a statement is (a query, an EXPLAIN, a catalog question, later joins and writes)
is the plan's business: faces only show an outcome's rows, or its plan text when it is explained.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from imisql.binding import Params
from imisql.catalog import Catalog
from imisql.catalog_rows import describe_legend
from imisql.compiler import CompileOptions, compile_sql
from imisql.errors import QueryError
from imisql.executor import ExecutionStats, Executor
from imisql.iqa_endpoint import IqaEndpoint
from imisql.journal import Journal, default_path
from imisql.paging import JsonSource
from imisql.parser import parse_each
from imisql.plan import PLAN_COLUMN, Plan
from imisql.plan_cache import PlanCache
from imisql.writing import WriteOptions, WriteReport


class Target(Protocol):
    """What statements run against: a client, the catalog in use, compile options, the site root, the
    journal, and the IQA endpoint."""

    @property
    def client(self) -> JsonSource: ...
    @property
    def catalog(self) -> Catalog: ...
    @property
    def options(self) -> CompileOptions: ...
    @property
    def base_url(self) -> str: ...
    @property
    def concurrency(self) -> int: ...
    @property
    def journal(self) -> str | None: ...  # the journal file writes append to (None: a new one per statement)
    @property
    def iqa_endpoint(self) -> IqaEndpoint: ...  # where IQA queries go (and what "auto" found out)
    def statement_client(self) -> JsonSource: ...  # the client for one statement: one retry budget


@dataclass(frozen=True, slots=True)
class Prepared:
    """One statement of a script, compiled: its range in the script and its plan."""

    script: str
    start: int
    end: int
    plan: Plan

    @property
    def sql(self) -> str:
        return self.script[self.start : self.end].strip()


@dataclass
class Script:
    """A script's statements, each compiled once, and every parse or compile error in it."""

    statements: list[Prepared] = field(default_factory=list)
    errors: list[QueryError] = field(default_factory=list)


@dataclass
class Outcome:
    """What running one statement gave: its rows (lazy), or its plan text when only explained."""

    statement: Prepared
    columns: list[str]
    rows: Iterator[tuple[object, ...]]
    stats: ExecutionStats
    plan_text: str | None = None  # set for EXPLAIN (and --explain): the rows are its lines
    report: WriteReport | None = None  # set for a statement that writes (it has run when the outcome is given)
    legend: tuple[str, ...] = ()  # lines explaining the rows, shown after a table (DESCRIBE's operator classes)

    @property
    def message(self) -> str | None:
        """A line for people after the statement (what a write did and where its journal is), or None."""
        return self.report.summary() if self.report is not None and not self.report.dry_run else None


class StatementRunner:
    """Prepares scripts and runs their statements against one target."""

    def __init__(self, target: Target, plans: PlanCache[Script] | None = None):
        self.target = target
        self.plans = plans

    def prepare(self, script: str, params: Params = None) -> Script:
        """Parse and compile every statement of ``script`` once; errors point into the whole script.

        With a plan cache, the answer for the same text, parameters, catalog and options is reused (and
        must not be changed by the caller); scripts with errors are compiled again every time."""
        if self.plans is None:
            return self._compile(script, params)
        key = self.plans.key(script, params, self.target.catalog, self.target.options)
        prepared = self.plans.get(key)
        if prepared is None:
            prepared = self._compile(script, params)
            if not prepared.errors:
                self.plans.put(key, prepared)
        return prepared

    def _compile(self, script: str, params: Params) -> Script:
        prepared = Script()
        for piece in parse_each(script):
            if piece.error is not None:
                prepared.errors.append(piece.error)
                continue
            assert piece.statement is not None
            try:
                plan = compile_sql(piece.statement, self.target.catalog, params, self.target.options, script)
            except QueryError as exc:
                exc.text = script  # the span already points into the whole script
                prepared.errors.append(exc)
                continue
            prepared.statements.append(Prepared(script, piece.start, piece.end, plan))
        return prepared

    def run(
        self,
        statement: Prepared,
        *,
        cancel: threading.Event | None = None,
        explain: bool = False,
        confirm: Callable[[str], bool] | None = None,
        dry_run: bool = False,
    ) -> Outcome:
        """Run one prepared statement (or, with ``explain`` or an EXPLAIN statement, only describe it).

        A statement that writes reads its rows, asks ``confirm`` (when given) with the count, then
        writes and journals each row; explained or with ``dry_run`` it reads and counts, and writes nothing."""
        plan = statement.plan
        writes = plan.writes is not None
        if (explain or plan.explain_only) and not writes:
            return _plan_outcome(statement, plan.explain(self.target.base_url), ExecutionStats())
        dry = dry_run or explain or plan.explain_only
        options = WriteOptions(confirm, dry, None if dry or not writes else self._journal(), statement.sql)
        target = self.target
        executor = Executor(
            target.statement_client(), target.catalog, cancel=cancel, concurrency=target.concurrency,
            text=statement.script, writes=options, base_url=target.base_url, iqa=target.iqa_endpoint,
        )  # fmt: skip
        result = executor.run(plan)
        if dry and result.report is not None:
            lines = [plan.explain(target.base_url), *result.report.dry_run_lines()]
            return _plan_outcome(statement, "\n".join(lines), result.stats, result.report)
        legend = describe_legend(plan.root, target.catalog)
        return Outcome(statement, result.columns, result.rows, result.stats, report=result.report, legend=legend)

    def _journal(self) -> Journal:
        chosen = self.target.journal
        return Journal(Path(chosen) if chosen else default_path(), self.target.base_url)


def _plan_outcome(statement: Prepared, text: str, stats: ExecutionStats, report: WriteReport | None = None) -> Outcome:
    rows = iter([(line,) for line in text.splitlines()])
    return Outcome(statement, [PLAN_COLUMN], rows, stats, plan_text=text, report=report)

"""Running SQL typed at the shell: statement by statement, interruptible, with errors rendered.

Each statement runs through the connection's statement runner in the main thread, so Ctrl-C (SIGINT,
raised as ``KeyboardInterrupt`` wherever the fetch loop is) stops it: its fetch is cancelled,
``cancelled`` is printed and the shell returns to the prompt. A progress line runs while the first
rows are fetched; the rest stream to the screen (or pager) as they arrive. A result longer than
``row_limit`` rows is shown whole only when the user says so; a write runs only when the user
confirms its count, and its message says what it wrote and where its journal is. With ``\\requests on`` every HTTP
request is printed as it is sent. A statement that fails
stops the rest of the input; errors located in the text show the caret and hint of the language core.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

from imisql.client import RequestLog
from imisql.dbapi import Connection
from imisql.errors import ImisqlError
from imisql.executor import ExecutionStats
from imisql.runner import Outcome, Prepared, StatementRunner
from imisql.scan_notice import scan_notice

from .console import Console, PagerClosed, Progress, describe_error
from .output import Footer, show_result
from .state import ShellState


def run_sql(state: ShellState, console: Console, sql: str) -> None:
    """Run every statement in ``sql``, stopping at the first that fails or is cancelled.

    Nothing runs when any statement does not parse or compile: every such error is shown first.
    """
    runner = state.connection.runner()
    script = runner.prepare(sql)
    if script.errors:
        console.error("\n".join(describe_error(error) for error in script.errors))
        return
    for statement in script.statements:
        if not run_statement(state, console, runner, statement):
            return


def run_statement(state: ShellState, console: Console, runner: StatementRunner, statement: Prepared) -> bool:
    """Run one statement and show its result as it streams; False when it failed or was cancelled."""
    connection = state.connection
    cancel = threading.Event()
    outcome: Outcome | None = None
    requests_before = _api_requests(connection)
    started = time.perf_counter()

    def cost(rows: int) -> Footer:
        return Footer(rows, _api_requests(connection) - requests_before, time.perf_counter() - started)

    try:
        with _echo_requests(connection, console, state.show_requests):
            if not statement.plan.explain_only:
                notice = scan_notice(statement.plan, connection.client)
                if notice is not None:
                    console.message(notice)
            with Progress(console, _progress(lambda: outcome.stats if outcome else ExecutionStats())):
                outcome = runner.run(statement, cancel=cancel, confirm=lambda q: state.confirm(f"{q} [y/N] "))
                head = list(islice(outcome.rows, state.row_limit + 1)) if state.row_limit else []
            if outcome.message is not None:
                console.message(outcome.message)
            if outcome.columns or outcome.report is None:  # a write without RETURNING has only its message
                rows = _within_limit(state, console, head, outcome.rows)
                show_result(state, console, outcome.columns, rows, cost, outcome.plan_text, outcome.legend)
    except KeyboardInterrupt:
        cancel.set()
        console.message("cancelled")
        return False
    except PagerClosed:
        cancel.set()
    except ImisqlError as exc:
        console.error(describe_error(exc))
        return False
    finally:
        if outcome is not None and hasattr(outcome.rows, "close"):
            outcome.rows.close()
    return True


def _within_limit(state: ShellState, console: Console, head: list[Any], rest: Iterable[Any]) -> Iterable[Any]:
    """The rows to show: with more than ``row_limit`` of them, only after the user says so."""
    limit = state.row_limit
    if not limit:
        return rest
    if len(head) <= limit:
        return head
    if state.confirm(f"More than {limit:,} rows: show them all? [y/N] "):
        return chain(head, rest)
    console.message(f"Showing the first {limit:,} rows (\\set row_limit 0 never asks).")
    return head[:limit]


def _api_requests(connection: Connection) -> int:
    """HTTP requests sent for data so far (token requests are not the query's cost)."""
    stats = connection.client.stats.snapshot()
    return stats.requests - stats.auth_count


def _progress(current: Callable[[], ExecutionStats]) -> Callable[[float], str]:
    def describe(seconds: float) -> str:
        stats = current()
        return f"fetching: {stats.pages:,} pages, {stats.items:,} items, {seconds:.1f} s (Ctrl-C stops)"

    return describe


@contextmanager
def _echo_requests(connection: Connection, console: Console, enabled: bool) -> Iterator[None]:
    """Print each HTTP request the client sends while the block runs (``\\requests on``)."""
    if not enabled:
        yield
        return
    client = connection.client
    previous = client.on_request

    def echo(log: RequestLog) -> None:
        status = log.status if log.error is None else log.error
        console.message(f"-> {log.method} {log.url}  {status}  {log.elapsed * 1000:.0f} ms")
        if previous is not None:  # e.g. the command's -v log keeps working
            previous(log)

    client.on_request = echo
    try:
        yield
    finally:
        client.on_request = previous

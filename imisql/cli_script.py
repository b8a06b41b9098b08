"""Running a script for the ``imisql`` command: statement by statement, each result printed as it streams.

Every statement is parsed and compiled before the first runs (all errors reported first); results go
through ``imisql.render`` in the chosen format, with the progress line on a terminal, the whole-entity
scan notice, write confirmations and, with ``-v``, a stats line per statement. Imported only when there
is a script to run, so the shell's start does not pay for the renderers and the runner.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

from imisql.binding import Params
from imisql.cli import EXIT_OK, EXIT_QUERY, UsageError, error_text
from imisql.client import ClientStats
from imisql.config import Settings
from imisql.confirm import terminal_confirm
from imisql.dbapi import Connection
from imisql.errors import ImisqlError
from imisql.executor import ExecutionStats
from imisql.render import (
    BINARY_FORMATS,
    BOM_FORMATS,
    HUMAN_FORMATS,
    RenderOptions,
    XlsxUnavailable,
    render,
    render_plan,
)
from imisql.render.activity import Progress, stats_line
from imisql.render.options import Out, use_color
from imisql.runner import Prepared, Script, StatementRunner
from imisql.scan_notice import scan_notice


def run_script(
    connection: Connection, settings: Settings, text: str, out: TextIO, err: TextIO, params: Params = None
) -> int:
    """Run every statement of ``text`` in order, its placeholders bound from ``params``; stop at the first
    failure. Nothing runs when any statement fails to parse or compile: those errors are all reported
    first. Returns the exit code."""
    runner = connection.runner()
    script = runner.prepare(text, params)
    if not script.errors and not settings.live_catalog:
        _load_catalog_for_listings(connection, script, err)
    if script.errors:
        out.flush()
        err.write("\n".join(error_text(error) for error in script.errors) + "\n")
        return EXIT_QUERY
    if not script.statements:
        raise UsageError("the input holds no SQL statement")
    if settings.format in BINARY_FORMATS and len(script.statements) > 1:
        raise UsageError(f"the {settings.format} format holds one result: run one statement at a time")
    if settings.format in BINARY_FORMATS and out.isatty():
        raise UsageError(f"the {settings.format} format is binary: pass -o FILE or redirect stdout to a file")
    if settings.csv_bom and settings.format in BOM_FORMATS:
        out.write("\ufeff")
    printer = _Printer(connection, settings, out, err)
    for index, statement in enumerate(script.statements):
        if index and settings.format in (*HUMAN_FORMATS, "csv"):
            out.write("\n")
        try:
            printer.run(runner, statement)
        except XlsxUnavailable as exc:
            raise UsageError(str(exc)) from None
        out.flush()
    return EXIT_OK


def _load_catalog_for_listings(connection: Connection, script: Script, err: TextIO) -> None:
    """Statements answered from the catalog (SHOW ENTITIES, DESCRIBE) use the site's own, as in the shell
    (which loads it on connecting); when it cannot be loaded they fall back to the built-in one, with a note."""
    if not any(statement.plan.answers_from_catalog for statement in script.statements):
        return
    try:
        connection.refresh_catalog()
    except ImisqlError as exc:
        err.write(f"imisql: note: using the built-in catalog (the site's catalog could not be loaded: {exc})\n")


class _Printer:
    """Runs one statement at a time and prints its result (or plan) and, with ``-v``, its stats."""

    def __init__(self, connection: Connection, settings: Settings, out: TextIO, err: TextIO):
        self.connection = connection
        self.settings = settings
        self.out_stream = out
        self.err = err
        terminal = out.isatty()
        self.options = RenderOptions(
            null=settings.null,
            max_width=shutil.get_terminal_size().columns if terminal else None,
            color=use_color(settings.color, out, os.environ),
            header=settings.header,
        )
        show_progress = err.isatty() and not settings.verbose
        self.progress = Progress(err) if show_progress else None
        self.out: Out = self.progress.guard(out) if self.progress else out

    def run(self, runner: StatementRunner, statement: Prepared) -> None:
        if not (self.settings.explain or statement.plan.explain_only):
            notice = scan_notice(statement.plan, self.connection.client)
            if notice is not None:
                self.out_stream.flush()
                self.err.write(f"imisql: note: {notice}\n")
        before = self.connection.client.stats.snapshot()
        started = time.monotonic()
        confirm = terminal_confirm(self.settings.yes, self.err)
        outcome = runner.run(statement, explain=self.settings.explain, confirm=confirm, dry_run=self.settings.dry_run)
        if outcome.message is not None:
            self.out_stream.flush()
            self.err.write(f"imisql: {outcome.message}\n")
        if outcome.plan_text is not None:
            render_plan(self.settings.format, outcome.plan_text, self.out, self.options)
            return
        stats = outcome.stats
        if not outcome.columns and outcome.report is not None:
            return  # a write without RETURNING: its message said what it did
        rows = self.progress.track(outcome.rows, lambda: stats.pages) if self.progress else outcome.rows
        count = render(self.settings.format, outcome.columns, rows, self.out, self.options)
        if outcome.legend and self.settings.format in HUMAN_FORMATS:
            self.out.write("".join(line + "\n" for line in outcome.legend))
        if self.settings.verbose:
            self._report(stats, count, before, time.monotonic() - started)

    def _report(self, stats: ExecutionStats, rows: int, before: ClientStats, seconds: float) -> None:
        """The ``-v`` stats line of one statement, after its output, and the paging notes."""
        self.out_stream.flush()
        after = self.connection.client.stats.snapshot()
        requests, nbytes = after.requests - before.requests, after.bytes - before.bytes
        line = stats_line(requests=requests, pages=stats.pages, rows=rows, nbytes=nbytes, seconds=seconds)
        self.err.write(line + "".join(f"\nimisql: note: {note}" for note in stats.notes) + "\n")

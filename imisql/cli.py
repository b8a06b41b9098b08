"""The ``imisql`` command: run SQL from ``-c``, ``-f`` or stdin against an iMIS site or the demo.

Owns the command line (flags, input sources, the ``emulator`` subcommand, handing a terminal to the
interactive shell), running a script statement by statement, printing results through
``imisql.render``, ``-v`` request logging, and the exit codes:

    0 success · 1 query error (syntax, semantics, parameters, the server refused the request)
    2 usage (bad flags, unreadable file, no SQL, bad settings) · 3 connection or authentication failure
    130 interrupted (Ctrl-C) · 141 stdout closed early (``imisql ... | head``)

Errors are printed as one message (query errors with their caret and hint), never a traceback.
Settings come from ``imisql.config``; secrets never reach stdout, stderr or a log line.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import imisql
from imisql import completion_script, keyring_store, token_cache
from imisql.binding import Params
from imisql.cli_args import build_parser
from imisql.cli_params import collect
from imisql.client import ClientStats, RequestLog
from imisql.config import ENV_VARS, ConfigError, Settings, resolve
from imisql.confirm import password_prompt, terminal_confirm
from imisql.dbapi import Connection
from imisql.errors import (
    AuthenticationError,
    ConnectionFailed,
    ImisqlError,
    InterfaceError,
    ParameterError,
    QueryError,
)
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
from imisql.render.activity import Progress, request_line, stats_line
from imisql.render.options import Out, use_color
from imisql.runner import Prepared, Script, StatementRunner
from imisql.scan_notice import scan_notice

EXIT_OK, EXIT_QUERY, EXIT_USAGE, EXIT_CONNECTION = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141

Shell = Callable[[Connection, Settings], Any]


class UsageError(Exception):
    """The command line cannot be acted on (exit 2)."""


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (the console script passes it to ``sys.exit``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(args)
    except SystemExit as exc:  # argparse: --help, --version, bad flags
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # last resort: a bug must not print a traceback full of internals
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_QUERY


def _main(argv: list[str]) -> int:
    if argv[:1] == ["emulator"]:
        return _run_emulator(argv[1:])
    if argv[:1] in (["check"], ["format"], ["catalog"], ["undo"]):
        return _run_tool(argv[0], argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.completion:
        sys.stdout.write(completion_script.script(parser, args.completion))
        return EXIT_OK
    try:
        sql = _read_sql(args)
        if sql is None and args.param:
            raise UsageError("--param binds the parameters of -c, -f or stdin statements, not the interactive shell")
        shell = _load_shell() if sql is None else None
        settings = resolve(_flags(args), os.environ, prompt=password_prompt(), stored=keyring_store.stored_password)
        if args.save_password:
            _save_password(settings)
    except (UsageError, ConfigError, keyring_store.KeyringUnavailable) as exc:
        return _fail(f"imisql: error: {exc}", EXIT_USAGE)
    if args.password is not None:
        print(
            f"imisql: warning: --password is visible to other users (ps, shell history); "
            f"prefer {ENV_VARS['password']} or the prompt",
            file=sys.stderr,
        )
    return _run(settings, sql, shell, collect(args.param or ()))


def _save_password(settings: Settings) -> None:
    """``--save-password``: keep the password of the resolved user in the system keyring."""
    if settings.demo or settings.password is None or settings.username is None or settings.url is None:
        raise UsageError("--save-password needs a site, a username and a password (prompted for, or IMISQL_PASSWORD)")
    keyring_store.save_password(settings.url, settings.username, settings.password)
    print(f"imisql: password of {settings.username!r} at {settings.url} saved in the system keyring", file=sys.stderr)


def _run(settings: Settings, sql: str | None, shell: Shell | None, params: Params = None) -> int:
    try:
        with _connect(settings) as connection:
            try:
                return _run_on(connection, settings, sql, shell, params)
            finally:
                if not settings.demo:
                    token_cache.remember(connection.client)
    except (UsageError, XlsxUnavailable) as exc:
        return _fail(f"imisql: error: {exc}", EXIT_USAGE)
    except ImisqlError as exc:
        return _fail(_error_text(exc), _exit_code(exc))


def _run_on(connection: Connection, settings: Settings, sql: str | None, shell: Shell | None, params: Params) -> int:
    if shell is not None:
        return int(shell(connection, settings) or EXIT_OK)
    if settings.output is None:
        return run_script(connection, settings, sql or "", sys.stdout, sys.stderr, params)
    with _open_output(settings.output) as out:
        return run_script(connection, settings, sql or "", out, sys.stderr, params)


def _open_output(path: str) -> TextIO:
    """The ``-o`` file (text; the xlsx format writes to its binary side)."""
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _fail(message: str, code: int) -> int:
    sys.stdout.flush()
    print(message, file=sys.stderr)
    return code


def _error_text(exc: ImisqlError) -> str:
    if isinstance(exc, ParameterError):
        exc.hint = _PARAM_HINT
    return exc.render() if isinstance(exc, QueryError) else f"error: {exc}"


_PARAM_HINT = "bind it with --param NAME=VALUE (--param 1=VALUE for the first ?), or write the value itself"


def _exit_code(exc: ImisqlError) -> int:
    if isinstance(exc, AuthenticationError | ConnectionFailed):
        return EXIT_CONNECTION
    return EXIT_QUERY


def _discard_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


# ---------------------------------------------------------------- the command line


def _flags(args: argparse.Namespace) -> dict[str, Any]:
    return {k: v for k, v in vars(args).items() if k not in ("command", "file", "param", "completion", "save_password")}


def _read_sql(args: argparse.Namespace) -> str | None:
    """The script to run, or ``None`` when the interactive shell should start."""
    if args.command is not None:
        return args.command
    if args.file is not None and args.file != "-":
        try:
            with open(args.file, encoding="utf-8-sig") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}") from None
    if args.file is None and (sys.stdin is None or sys.stdin.isatty()):
        return None
    text = sys.stdin.read() if sys.stdin is not None else ""
    if not text.strip():
        raise UsageError("no SQL given: pass -c SQL, -f FILE, or statements on stdin")
    return text


def _load_shell() -> Shell:
    try:
        from imisql.repl.app import run_shell
    except ImportError as exc:
        raise UsageError(f"the interactive shell is not available ({exc}); pass SQL with -c, -f or on stdin") from None
    return run_shell


def _run_emulator(argv: list[str]) -> int:
    try:
        from imisql.emulator.cli import main as emulator_main
    except ImportError as exc:
        return _fail(f"imisql: error: the emulator command is not available ({exc})", EXIT_USAGE)
    return emulator_main(argv)


def _run_tool(name: str, argv: list[str]) -> int:
    """``imisql check``, ``format`` and ``catalog`` (offline tools for files and CI) and ``undo``."""
    from imisql.check import catalog_dump, command
    from imisql.undo_command import undo_main

    tools = {"check": command.check_main, "format": command.format_main, "catalog": catalog_dump.main}
    return {**tools, "undo": undo_main}[name](argv)


def _connect(settings: Settings) -> Connection:
    log = _request_logger(sys.stderr) if settings.verbose else None
    try:
        connection = imisql.connect(**settings.connect_kwargs(), on_request=log)
    except InterfaceError as exc:  # the settings do not make a usable client (bad URL, plain http)
        raise UsageError(str(exc)) from None
    if not settings.demo:
        token_cache.restore(connection.client)
    if settings.verbose:
        print(f"-- connected to {settings.describe()}", file=sys.stderr)
    return connection


def _request_logger(stream: TextIO) -> Callable[[RequestLog], None]:
    def log(entry: RequestLog) -> None:
        stream.write(request_line(entry) + "\n")
        stream.flush()

    return log


# ---------------------------------------------------------------- running a script


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
        err.write("\n".join(_error_text(error) for error in script.errors) + "\n")
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
        printer.run(runner, statement)
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

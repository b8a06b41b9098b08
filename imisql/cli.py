"""The ``imisql`` command: run SQL from ``-c``, ``-f`` or stdin against an iMIS site or the demo.

Owns the command line (flags, input sources, the ``emulator`` subcommand, handing a terminal to the
interactive shell with a function that opens the connection behind its first prompt), connecting,
``-v`` request logging, and the exit codes; running a script and printing its results is
``imisql.cli_script``, imported only when there is a script. The exit codes:

    0 success · 1 query error (syntax, semantics, parameters, the server refused the request)
    2 usage (bad flags, unreadable file, no SQL, bad settings) · 3 connection or authentication failure
    130 interrupted (Ctrl-C) · 141 stdout closed early (``imisql ... | head``)

Errors are printed as one message (query errors with their caret and hint), never a traceback.
Settings come from ``imisql.config``; secrets never reach stdout, stderr or a log line.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TextIO

import imisql
from imisql import completion_script, keyring_store
from imisql.cli_args import build_parser
from imisql.cli_params import collect
from imisql.config import ENV_VARS, ConfigError, Settings, resolve
from imisql.confirm import password_prompt
from imisql.errors import (
    AuthenticationError,
    ConnectionFailed,
    ImisqlError,
    InterfaceError,
    ParameterError,
    QueryError,
)

if TYPE_CHECKING:
    from imisql.binding import Params
    from imisql.client import RequestLog
    from imisql.dbapi import Connection

EXIT_OK, EXIT_QUERY, EXIT_USAGE, EXIT_CONNECTION = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141

Shell = Callable[[Any, Settings], Any]  # imisql.repl.app.run_shell: a connection or a function opening one


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
        if shell is not None:
            return _run_shell(settings, shell)
        with _connect(settings) as connection:
            try:
                return _run_on(connection, settings, sql, params)
            finally:
                _keep_token(settings, connection)
    except UsageError as exc:
        return _fail(f"imisql: error: {exc}", EXIT_USAGE)
    except ImisqlError as exc:
        return _fail(error_text(exc), _exit_code(exc))


def _run_on(connection: Connection, settings: Settings, sql: str | None, params: Params) -> int:
    from imisql.cli_script import run_script

    if settings.output is None:
        return run_script(connection, settings, sql or "", sys.stdout, sys.stderr, params)
    with _open_output(settings.output) as out:
        return run_script(connection, settings, sql or "", out, sys.stderr, params)


def _run_shell(settings: Settings, shell: Shell) -> int:
    """The shell draws its prompt first and opens the connection behind it (the DB-API and the HTTP
    client are imported then, and the demo's emulator started): before the prompt, a site's settings
    are only checked."""
    if settings.demo:
        opener: _Opener = _DemoOpener(settings)
    else:
        _check_site(settings)
        opener = _Opener(settings, keep_token=True)
    try:
        return int(shell(opener, settings) or EXIT_OK)
    finally:
        opener.close()


class _Opener:
    """The command's connection, opened when the shell first needs it; closed (its token kept) after."""

    def __init__(self, settings: Settings, *, keep_token: bool):
        self.settings = settings
        self.keep_token = keep_token
        self.connection: Connection | None = None

    def __call__(self) -> Connection:
        self.connection = _connect(self.settings, cached_token=self.keep_token)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            if self.keep_token:
                _keep_token(self.settings, self.connection)
            self.connection.close()


class _DemoOpener(_Opener):
    """``--demo``: the embedded emulator, started when the shell first needs the connection and stopped
    after the shell (waiting, within ``_DEMO_START_WAIT``, for a start still under way)."""

    def __init__(self, settings: Settings):
        super().__init__(settings, keep_token=False)
        self.emulator: Any = None
        self._starting = threading.Lock()

    def __call__(self) -> Connection:
        with self._starting:
            self.emulator = _start_demo_emulator()
            site = replace(self.settings, demo=False, url=self.emulator.base_url, username=self.emulator.username,
                           password=self.emulator.password)  # fmt: skip
            self.connection = _connect(site, cached_token=False)
            return self.connection

    def close(self) -> None:
        if not self._starting.acquire(timeout=_DEMO_START_WAIT):
            return  # still starting: its server thread is a daemon, ended with the process
        try:
            super().close()
            if self.emulator is not None:
                self.emulator.stop()
        finally:
            self._starting.release()


_DEMO_START_WAIT = 30.0


def _start_demo_emulator() -> Any:
    """The demo's emulator, running; any failure to import or start it is a ``ConnectionFailed``."""
    try:
        from imisql.emulator import Emulator, EmulatorConfig

        return Emulator(EmulatorConfig()).start()
    except Exception as exc:
        raise ConnectionFailed(f"the demo site could not be started: {exc}") from None


def _check_site(settings: Settings) -> None:
    """What ``imisql.connect`` would refuse about the site's settings (a bad URL, plain http), as a usage error."""
    from dataclasses import fields

    from imisql.http.settings import ClientConfig

    options = settings.connect_kwargs()
    names = {f.name for f in fields(ClientConfig)} - {"base_url"}
    try:
        ClientConfig(options["url"], **{name: options[name] for name in names if name in options})
    except InterfaceError as exc:
        raise UsageError(str(exc)) from None


def _keep_token(settings: Settings, connection: Connection) -> None:
    if not settings.demo:
        from imisql import token_cache

        token_cache.remember(connection.client)


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


def error_text(exc: ImisqlError) -> str:
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


def _connect(settings: Settings, *, cached_token: bool = True) -> Connection:
    """The connection the settings describe; a site's cached token is adopted when ``cached_token``."""
    log = _request_logger(sys.stderr) if settings.verbose else None
    try:
        connection = imisql.connect(**settings.connect_kwargs(), on_request=log)
    except InterfaceError as exc:  # the settings do not make a usable client (bad URL, plain http)
        raise UsageError(str(exc)) from None
    if cached_token and not settings.demo:
        from imisql import token_cache

        token_cache.restore(connection.client)
    if settings.verbose:
        print(f"-- connected to {settings.describe()}", file=sys.stderr)
    return connection


def _request_logger(stream: TextIO) -> Callable[[RequestLog], None]:
    from imisql.render.activity import request_line

    def log(entry: RequestLog) -> None:
        stream.write(request_line(entry) + "\n")
        stream.flush()

    return log

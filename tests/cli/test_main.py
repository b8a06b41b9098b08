"""``imisql.cli.main`` in-process: the shell and emulator hand-offs, the password prompt, the
last-resort handler, and the progress indicator (with a fake clock)."""

from __future__ import annotations

import getpass
import io
import sys
import threading
import time
import types
from collections.abc import Callable
from typing import Any

import pytest

from imisql import cli, cli_script
from imisql.client import RequestLog
from imisql.config import Settings
from imisql.dbapi import Connection
from imisql.emulator import Emulator
from imisql.render.activity import Progress, request_line
from tests.cli.support import SECRET_PASSWORD, site_env


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any, site: Emulator) -> None:
    for name in ("IMISQL_URL", "IMISQL_USERNAME", "IMISQL_PASSWORD", "IMISQL_TOKEN", "IMISQL_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for name, value in site_env(site).items():
        monkeypatch.setenv(name, value)


def test_a_terminal_without_sql_starts_the_shell(monkeypatch: pytest.MonkeyPatch, env: None) -> None:
    seen: list[tuple[Connection, Settings]] = []

    def run_shell(open_connection: Callable[[], Connection], settings: Settings) -> int:
        connection = open_connection()  # the shell opens the connection behind its first prompt
        assert connection.execute("SELECT PartyId FROM Party LIMIT 1").fetchone() is not None
        seen.append((connection, settings))
        return 0

    monkeypatch.setitem(sys.modules, "imisql.repl.app", types.SimpleNamespace(run_shell=run_shell))
    monkeypatch.setattr(sys, "stdin", _Terminal())
    assert cli.main(["--format", "vertical"]) == 0
    ((connection, settings),) = seen
    assert connection.closed and settings.format == "vertical" and settings.password == SECRET_PASSWORD


def _emulator_threads() -> int:
    return sum(thread.name == "imisql-emulator" for thread in threading.enumerate())


def test_the_demo_starts_its_emulator_when_the_shell_opens_the_connection(
    monkeypatch: pytest.MonkeyPatch, env: None
) -> None:
    running_before = _emulator_threads()
    seen: list[int] = []

    def run_shell(open_connection: Callable[[], Connection], settings: Settings) -> int:
        seen.append(_emulator_threads())  # the prompt is drawn before the emulator starts
        connection = open_connection()
        seen.append(_emulator_threads())
        assert settings.demo and connection.execute("SELECT PartyId FROM Party LIMIT 1").fetchone() is not None
        return 0

    monkeypatch.setitem(sys.modules, "imisql.repl.app", types.SimpleNamespace(run_shell=run_shell))
    monkeypatch.setattr(sys, "stdin", _Terminal())
    assert cli.main(["--demo"]) == 0
    assert seen == [running_before, running_before + 1] and _emulator_threads() == running_before


def test_a_missing_shell_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, env: None, capsys: Any) -> None:
    monkeypatch.setitem(sys.modules, "imisql.repl.app", None)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    assert cli.main([]) == 2
    assert "the interactive shell is not available" in capsys.readouterr().err


def test_bad_site_settings_stop_before_the_shell(monkeypatch: pytest.MonkeyPatch, env: None, capsys: Any) -> None:
    started: list[object] = []
    monkeypatch.setitem(sys.modules, "imisql.repl.app", types.SimpleNamespace(run_shell=started.append))
    monkeypatch.setattr(sys, "stdin", _Terminal())
    assert cli.main(["--url", "http://example.org/imis"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("imisql: error: ") and "http://" in err and started == []


def test_the_emulator_subcommand_gets_the_rest_of_the_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    fake = types.SimpleNamespace(main=lambda argv: calls.append(argv) or 7)
    monkeypatch.setitem(sys.modules, "imisql.emulator.cli", fake)
    assert cli.main(["emulator", "--port", "0", "-v"]) == 7
    assert calls == [["--port", "0", "-v"]]


def test_the_password_is_prompted_for_on_a_terminal(monkeypatch: pytest.MonkeyPatch, env: None, capsys: Any) -> None:
    monkeypatch.delenv("IMISQL_PASSWORD")
    prompts: list[str] = []
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(getpass, "getpass", lambda text: prompts.append(text) or SECRET_PASSWORD)
    assert cli.main(["--format", "csv", "-c", "SELECT PartyId FROM Party ORDER BY PartyId LIMIT 1"]) == 0
    assert prompts == [f"Password for demo at {cli.os.environ['IMISQL_URL']}: "]
    assert capsys.readouterr().out == "PartyId\n20000\n"


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [(RuntimeError("boom"), 1, "internal error: RuntimeError: boom\n"), (KeyboardInterrupt(), 130, "")],
)
def test_bugs_and_interrupts_print_no_traceback(
    monkeypatch: pytest.MonkeyPatch, env: None, capsys: Any, error: BaseException, code: int, message: str
) -> None:
    def explode(*args: Any) -> int:
        raise error

    monkeypatch.setattr(cli_script, "run_script", explode)
    assert cli.main(["-c", "SELECT PartyId FROM Party"]) == code
    assert capsys.readouterr().err == message


def test_help_and_version_exit_zero(capsys: Any) -> None:
    assert cli.main(["--version"]) == 0
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("imisql 0.1.0\n") and "--format {table,csv,json,jsonl,vertical,tsv,markdown,html,xlsx}" in out


def test_request_lines_show_the_decoded_url_and_the_outcome() -> None:
    ok = RequestLog("GET", "http://h/api/Party?LastName=contains:o'brien&limit=7", 200, 0.0123, 4096, 1)
    assert request_line(ok) == "> GET http://h/api/Party?LastName=contains:o'brien&limit=7 -> 200 (12 ms, 4096 bytes)"
    failed = RequestLog("GET", "http://h/api/Party", None, 1.5, 0, 2, "ConnectionError")
    assert request_line(failed) == "> GET http://h/api/Party -> failed (ConnectionError) (1500 ms, 0 bytes, attempt 2)"


# ---------------------------------------------------------------- progress


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_appears_only_while_output_is_stalled_and_is_erased() -> None:
    clock, err, out = _Clock(), io.StringIO(), io.StringIO()
    progress = Progress(err, clock=clock, delay=0.5, interval=0.1, beat=None)
    guarded = progress.guard(out)

    def rows() -> Any:
        for step in (0.1, 0.6, 0.62, 0.75):  # seconds since the start at which each row arrives
            clock.now = step
            yield step

    pulled = progress.track(rows(), pages=lambda: 3)
    assert next(pulled) == 0.1 and err.getvalue() == ""  # not stalled long enough yet
    next(pulled)
    assert err.getvalue() == "\r\x1b[K… 2 rows, 3 pages"
    next(pulled)
    assert err.getvalue().count("…") == 1  # redrawn at most every 0.1 s
    next(pulled)
    assert err.getvalue().endswith("\r\x1b[K… 4 rows, 3 pages")
    guarded.write("row\n")  # output erases the line first
    assert err.getvalue().endswith("\r\x1b[K") and out.getvalue() == "row\n"
    clock.now = 0.8
    assert list(pulled) == [] and err.getvalue().count("\r\x1b[K") == 3  # nothing left to erase at the end


def test_progress_moves_on_pages_while_no_row_has_matched_yet() -> None:
    clock, err = _Clock(), io.StringIO()
    progress = Progress(err, clock=clock, delay=0.5, interval=0.1, beat=None)
    pages = [0]

    def nothing_yet() -> Any:
        for page in range(1, 4):  # a scan whose pages hold no matching row
            pages[0] = page
            clock.now = page * 1.0
            progress.heartbeat()
            yield from ()
        yield "first match"

    assert list(progress.track(nothing_yet(), pages=lambda: pages[0])) == ["first match"]
    assert "… 0 rows, 1 page" in err.getvalue() and "… 0 rows, 3 pages" in err.getvalue()


def test_the_heartbeat_thread_draws_while_the_rows_wait() -> None:
    err = io.StringIO()
    progress = Progress(err, delay=0.0, interval=0.0, beat=0.01)

    def slow_rows() -> Any:
        deadline = time.monotonic() + 10  # a bound, not a speed check
        while "2 pages" not in err.getvalue() and time.monotonic() < deadline:
            time.sleep(0.005)
        yield "row"

    assert list(progress.track(slow_rows(), pages=lambda: 2)) == ["row"]
    assert "… 0 rows, 2 pages" in err.getvalue()

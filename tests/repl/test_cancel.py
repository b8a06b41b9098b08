"""Ctrl-C while a query pages through results: the query stops, the shell returns to the prompt.

The interrupt is a real SIGINT sent to the main thread (where the shell runs, as on a terminal)
once the query is a few pages in, against an emulator that answers every request slowly.
"""

from __future__ import annotations

import io
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import imisql
from imisql.emulator import Faults
from imisql.repl.app import run_shell

from .conftest import WAIT, connect

PAGES = 60  # 300 parties, 5 per page


class TerminalText(io.StringIO):
    """Captured output that says it is a terminal, so the shell draws its progress line."""

    def isatty(self) -> bool:
        return True


def interrupt_when(ready: Callable[[], bool]) -> threading.Thread:
    """SIGINT to the main thread, as Ctrl-C on a terminal would, once ``ready()`` holds."""
    main = threading.main_thread().ident
    assert main is not None

    def watch() -> None:
        deadline = time.monotonic() + WAIT
        while not ready() and time.monotonic() < deadline:
            time.sleep(0.005)
        signal.pthread_kill(main, signal.SIGINT)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


@pytest.fixture(autouse=True)
def ctrl_c_raises() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt here even when pytest was started with SIGINT ignored (a shell's
    background job), as it does in a shell on a terminal."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.fixture
def slow_site(make_emulator):  # type: ignore[no-untyped-def]
    connection = connect(make_emulator(faults=Faults(latency=0.03)), page_size=5)
    yield connection
    connection.close()


def shell_output(connection: imisql.Connection, keys: str, stdout: io.StringIO, tmp_path: Path) -> str:
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        run_shell(connection, None, input=pipe, output=DummyOutput(), stdout=stdout,
                  history_path=str(tmp_path / "history"), refresh_catalog=False)  # fmt: skip
    return stdout.getvalue()


def test_ctrl_c_while_paging_stops_the_query(slow_site: imisql.Connection, tmp_path: Path) -> None:
    watcher = interrupt_when(lambda: slow_site.client.stats.requests >= 4)  # token + 3 pages
    keys = "SELECT PartyId, Name FROM Party;\rSELECT PartyId FROM Party LIMIT 1;\r\\q\r"
    output = shell_output(slow_site, keys, io.StringIO(), tmp_path)
    watcher.join(WAIT)
    cancelled = output.index("cancelled")
    assert "(300 rows)" not in output and "20000" not in output[:cancelled]
    assert "(1 row)" in output[cancelled:]  # back at the prompt, and the connection still works
    assert slow_site.client.stats.requests < PAGES // 2


def test_a_progress_line_shows_while_paging(
    slow_site: imisql.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = TerminalText()
    watcher = interrupt_when(lambda: "fetching: " in terminal.getvalue())
    output = shell_output(slow_site, "SELECT PartyId FROM Party ORDER BY Name;\r\\q\r", terminal, tmp_path)
    watcher.join(WAIT)
    line = output[output.index("\r\x1b[Kfetching: ") :]
    assert " pages, " in line and "(Ctrl-C stops)" in line
    assert "\r\x1b[Kcancelled" in line  # the progress line is erased before the shell goes on

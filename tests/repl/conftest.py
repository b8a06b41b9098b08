"""Fixtures for the shell tests: a connection to the test emulator and a driver for the real prompt.

``drive(keys)`` runs ``run_shell`` in this thread on prompt_toolkit pipe input (everything typed up
front, as a fast typist would) and returns what the shell printed. ``Typist`` types in steps from a
helper thread, waiting for the prompt's buffer between steps, for completion that arrives from the
completer's background thread.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

import imisql
from imisql.emulator import Emulator
from imisql.repl.app import Shell, run_shell

WAIT = 10.0  # bound on every wait for the shell; never an assertion about speed


def connect(emu: Emulator, **options: Any) -> imisql.Connection:
    return imisql.connect(emu.base_url, username=emu.username, password=emu.password, **options)


@pytest.fixture
def conn(emulator: Emulator) -> Iterator[imisql.Connection]:
    connection = connect(emulator)
    yield connection
    connection.close()


@dataclass
class Session:
    """What one driven session left behind."""

    output: str
    history: Path
    code: int


@pytest.fixture
def drive(conn: imisql.Connection, tmp_path: Path) -> Callable[..., Session]:
    """Run a shell over ``conn`` on ``keys``; keyword arguments go to ``run_shell``."""

    def run(keys: str, connection: imisql.Connection | None = None, **options: Any) -> Session:
        history = tmp_path / "history"
        stdout = io.StringIO()
        options.setdefault("refresh_catalog", False)
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            code = run_shell(connection or conn, options.pop("settings", None), input=pipe,
                             output=DummyOutput(), stdout=stdout, history_path=str(history), **options)  # fmt: skip
        return Session(stdout.getvalue(), history, code)

    return run


class Typist:
    """Types into a running shell from another thread, step by step."""

    def __init__(self, pipe: PipeInput, shell: Shell, stdout: io.StringIO):
        self.pipe = pipe
        self.shell = shell
        self.stdout = stdout
        self.failure: str | None = None

    def type_until(self, text: str, done: Callable[[str], bool]) -> bool:
        """Type ``text``, then wait until the prompt's buffer satisfies ``done``."""
        return self._wait(text, lambda: done(self.shell.session.default_buffer.text))

    def type_until_printed(self, text: str, fragment: str, count: int = 1) -> bool:
        """Type ``text``, then wait until the output holds ``fragment`` ``count`` times."""
        return self._wait(text, lambda: self.stdout.getvalue().count(fragment) >= count)

    def _wait(self, text: str, done: Callable[[], bool]) -> bool:
        """Type at a prompt that is showing (keys typed ahead are not completed), then wait for ``done``."""
        if self.failure is not None or not self._until(lambda: self.shell.session.app.is_running):
            return False
        self.pipe.send_text(text)
        if self._until(done):
            return True
        buffer = self.shell.session.default_buffer.text
        self.failure = f"the shell never got there after {text!r} (buffer: {buffer!r})"
        return False

    @staticmethod
    def _until(done: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if done():
                return True
            time.sleep(0.01)
        return False


def typed_session(conn: imisql.Connection, tmp_path: Path, script: Callable[[Typist], None]) -> str:
    """Run a shell in this thread while ``script`` types from a helper thread; returns the output."""
    stdout = io.StringIO()
    with create_pipe_input() as pipe:
        shell = Shell.create(conn, None, input=pipe, output=DummyOutput(), stdout=stdout,
                             history_path=str(tmp_path / "history"))  # fmt: skip
        typist = Typist(pipe, shell, stdout)

        def play() -> None:
            try:
                script(typist)
            finally:
                pipe.send_text("\x03\x04")  # Ctrl-C, Ctrl-D: the session ends whatever happened

        player = threading.Thread(target=play, daemon=True)
        player.start()
        shell.run(refresh_catalog=False)
        player.join(WAIT)
    assert typist.failure is None, typist.failure + "\n" + stdout.getvalue()
    return stdout.getvalue()

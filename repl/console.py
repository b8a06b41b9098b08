"""Where the shell writes: results (the terminal or a pager), messages and errors.

``Console`` knows whether it faces a terminal (colour, screen size, paging) and sends text taller
than the screen through ``$IMISQL_PAGER``, ``$PAGER`` or ``less -SRXF`` (long lines scroll sideways
instead of wrapping; colours pass through; the text stays on screen after quitting). ``Screen`` is
the streaming side: it holds back only one screenful, then pipes everything into the pager as it is
written, so a long result is never held whole in memory; quitting the pager raises ``PagerClosed``
so the query stops fetching.

``Progress`` is the one-line "fetching..." status redrawn in place while a long query pages through
iMIS, from a helper thread so it moves even while the executor sorts or aggregates.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

from imisql.errors import ImisqlError, ParameterError, QueryError
from imisql.render.options import use_color

DEFAULT_PAGER = "less -SRXF"
_CLEAR_LINE = "\r\x1b[K"
_RED, _DIM, _RESET = "\x1b[31m", "\x1b[2m", "\x1b[0m"


def _is_tty(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Console:
    """The shell's output streams and what it knows about the screen."""

    def __init__(self, stdout: IO[str], stderr: IO[str] | None = None, *, color: str = "auto"):
        self.stdout = stdout
        self.stderr = stderr or stdout
        self.interactive = _is_tty(stdout)
        self.color = use_color(color, stdout, os.environ)

    def size(self) -> tuple[int, int]:
        """(columns, lines) of the terminal; 80x24 when there is none."""
        if not self.interactive:
            return (80, 24)
        size = shutil.get_terminal_size((80, 24))
        return (size.columns, size.lines)

    def write(self, text: str) -> None:
        """Print ``text`` (a line break is added) on the results stream."""
        self.stdout.write(text if text.endswith("\n") else text + "\n")
        self.stdout.flush()

    def message(self, text: str) -> None:
        """A status line for the user (always on the terminal, never into a ``\\o`` file)."""
        self.write(self.dim(text))

    def error(self, text: str) -> None:
        self.stderr.write((f"{_RED}{text}{_RESET}" if self.color else text) + "\n")
        self.stderr.flush()

    def dim(self, text: str) -> str:
        return f"{_DIM}{text}{_RESET}" if self.color else text

    def show(self, text: str, *, pager: bool) -> None:
        """Print a result; through the pager when it is taller than the screen (the prompt stays)."""
        try:
            with self.screen(pager=pager) as screen:
                screen.write(text if text.endswith("\n") else text + "\n")
        except PagerClosed:
            pass

    @contextmanager
    def screen(self, *, pager: bool) -> Iterator[Screen]:
        """A stream for one result: the terminal, switching to the pager once taller than the screen."""
        screen = Screen(self, self.size()[1] - 2 if pager and self.interactive else None)
        try:
            yield screen
        finally:
            screen.close()

    def open_pager(self) -> subprocess.Popen[str] | None:
        """The pager process reading from a pipe, or None when it cannot start."""
        command = os.environ.get("IMISQL_PAGER") or os.environ.get("PAGER") or DEFAULT_PAGER
        try:
            return subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, text=True, encoding="utf-8")
        except OSError:
            return None

    def status_line(self, text: str) -> None:
        """Redraw the transient status line (terminals only)."""
        if self.interactive:
            self.stderr.write(_CLEAR_LINE + self.dim(text))
            self.stderr.flush()

    def clear_status(self) -> None:
        if self.interactive:
            self.stderr.write(_CLEAR_LINE)
            self.stderr.flush()


class PagerClosed(Exception):
    """The user quit the pager before the result ended."""


class Screen:
    """Text for the terminal: held back until it is taller than ``room`` lines (``None``: never page),
    then handed to the pager as it comes."""

    def __init__(self, console: Console, room: int | None):
        self._console = console
        self._room = room
        self._held: list[str] = []
        self._pager: subprocess.Popen[str] | None = None

    def write(self, text: str) -> None:
        if self._pager is not None:
            self._pipe(text)
        elif self._room is None:
            self._console.stdout.write(text)
        else:
            self._held.append(text)
            self._room -= text.count("\n")
            if self._room < 0:
                self._start_pager()

    def _start_pager(self) -> None:
        self._pager = self._console.open_pager()
        held, self._held = "".join(self._held), []
        if self._pager is None:
            self._room = None
            self._console.stdout.write(held)
        else:
            self._pipe(held)

    def _pipe(self, text: str) -> None:
        assert self._pager is not None and self._pager.stdin is not None
        try:
            self._pager.stdin.write(text)
        except (BrokenPipeError, OSError):
            raise PagerClosed from None

    def close(self) -> None:
        if self._pager is None:
            self._console.stdout.write("".join(self._held))
            self._console.stdout.flush()
            return
        try:
            assert self._pager.stdin is not None
            self._pager.stdin.close()
        except (BrokenPipeError, OSError):  # the user quit the pager early
            pass
        _wait_ignoring_ctrl_c(self._pager)


def _wait_ignoring_ctrl_c(process: subprocess.Popen[str]) -> None:
    """Wait for the pager: Ctrl-C reaches it too, and it decides (less ignores it), not the shell."""
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:
            continue


class Progress:
    """A status line redrawn every ``interval`` seconds once ``delay`` has passed, until closed."""

    def __init__(self, console: Console, describe: Callable[[float], str], delay: float = 0.5,
                 interval: float = 0.2):  # fmt: skip
        self._console = console
        self._describe = describe
        self._delay = delay
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="imisql-progress", daemon=True)
        self._shown = False

    def __enter__(self) -> Progress:
        if self._console.interactive:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if self._shown:
            self._console.clear_status()

    def _run(self) -> None:
        started = time.monotonic()
        if self._stop.wait(self._delay):
            return
        while not self._stop.is_set():
            self._console.status_line(self._describe(time.monotonic() - started))
            self._shown = True
            self._stop.wait(self._interval)


def describe_error(exc: ImisqlError) -> str:
    """What the user sees for a failed statement: caret and hint when the error has a position."""
    if isinstance(exc, ParameterError):
        exc.hint = ParameterError.TYPED_HINT
    if isinstance(exc, QueryError):
        return exc.render()
    return f"error: {exc}"

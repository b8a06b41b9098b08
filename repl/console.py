"""Where the shell writes: results (the terminal or a pager), messages and errors.

``Console`` knows whether it faces a terminal (colour, screen size, paging) and sends text taller
than the screen through ``$IMISQL_PAGER``, ``$PAGER`` or ``less -SRXF`` (long lines scroll sideways
instead of wrapping; colours pass through; the text stays on screen after quitting).

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
from collections.abc import Callable
from typing import IO

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
        taller = text.count("\n") > self.size()[1] - 2
        if pager and self.interactive and taller and self._page(text):
            return
        self.write(text)

    def _page(self, text: str) -> bool:
        command = os.environ.get("IMISQL_PAGER") or os.environ.get("PAGER") or DEFAULT_PAGER
        try:
            process = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, text=True)
        except OSError:
            return False
        try:
            assert process.stdin is not None
            process.stdin.write(text if text.endswith("\n") else text + "\n")
            process.stdin.close()
        except BrokenPipeError:  # the user quit the pager early
            pass
        _wait_ignoring_ctrl_c(process)
        return True

    def status_line(self, text: str) -> None:
        """Redraw the transient status line (terminals only)."""
        if self.interactive:
            self.stderr.write(_CLEAR_LINE + self.dim(text))
            self.stderr.flush()

    def clear_status(self) -> None:
        if self.interactive:
            self.stderr.write(_CLEAR_LINE)
            self.stderr.flush()


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

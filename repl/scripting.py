"""Meta-commands that run other things: ``\\i FILE``, ``\\watch``, ``\\!`` and ``\\set``.

``\\i`` runs a file as if typed: SQL accumulates and runs, and lines starting with ``\\`` run as
meta-commands in order (files may include files, up to ``MAX_INCLUDE_DEPTH`` deep). ``\\watch``
re-runs the last query every few seconds until Ctrl-C (or a given number of times). ``\\!`` runs a
command in the system shell. ``\\set`` shows or changes the shell's settings (``vi``, ``row_limit``).
"""

from __future__ import annotations

import os
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .meta import Host

MAX_INCLUDE_DEPTH = 16
MAX_WATCH_RUNS = 100_000  # a bound on \watch without a count: Ctrl-C is the usual way out
DEFAULT_WATCH_SECONDS = 2.0


def include(host: Host, arg: str) -> None:
    """``\\i FILE``: run the statements and meta-commands of FILE."""
    if not arg:
        host.console.error(r"usage: \i FILE")
        return
    path = Path(arg.strip("'\"")).expanduser()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        host.console.error(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}")
        return
    if host.state.include_depth >= MAX_INCLUDE_DEPTH:
        host.console.error(f"\\i nested more than {MAX_INCLUDE_DEPTH} deep: stopping at {path}")
        return
    host.state.include_depth += 1
    try:
        run_text(host, text)
    finally:
        host.state.include_depth -= 1


def run_text(host: Host, text: str) -> None:
    """Run ``text`` line by line as the prompt would: SQL runs before each meta-command line and at the end."""
    from .meta import dispatch

    pending: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith("\\"):
            _flush(host, pending)
            dispatch(host, line.strip())
        else:
            pending.append(line)
    _flush(host, pending)


def _flush(host: Host, lines: list[str]) -> None:
    sql = "\n".join(lines).strip()
    lines.clear()
    if sql:
        host.state.last_query = sql
        host.run_sql(sql)


def watch(host: Host, arg: str) -> None:
    """``\\watch [SECONDS] [COUNT]``: run the last query again every SECONDS (default 2) until Ctrl-C."""
    query = host.state.last_query
    if not query:
        host.console.error(r"\watch repeats the last query: run one first")
        return
    try:
        numbers = [float(word) for word in arg.split()] if arg else []
    except ValueError:
        numbers = [-1.0]
    if len(numbers) > 2 or any(n <= 0 for n in numbers) or (len(numbers) == 2 and not numbers[1].is_integer()):
        host.console.error(r"usage: \watch [SECONDS] [COUNT] (positive numbers)")
        return
    seconds = numbers[0] if numbers else DEFAULT_WATCH_SECONDS
    runs = int(numbers[1]) if len(numbers) == 2 else MAX_WATCH_RUNS
    for run in range(runs):
        if run:
            time.sleep(seconds)
        host.console.message(f"{datetime.now():%Y-%m-%d %H:%M:%S} (every {seconds:g} s; Ctrl-C stops)")
        host.run_sql(query)


def system(host: Host, arg: str) -> None:
    """``\\! [COMMAND]``: run COMMAND in the system shell (no command: an interactive shell)."""
    command = arg or os.environ.get("SHELL") or ("cmd" if os.name == "nt" else "/bin/sh")
    try:
        code = subprocess.call(command, shell=True)
    except OSError as exc:
        host.console.error(f"cannot run {command!r}: {exc.strerror or exc}")
        return
    if code:
        host.console.error(f"command exited with status {code}")


def set_option(host: Host, arg: str) -> None:
    """``\\set [NAME [VALUE]]``: show the settings, or set ``vi on|off`` or ``row_limit N``."""
    name, _, value = arg.partition(" ")
    name, value = name.lower(), value.strip().lower()
    state = host.state
    if not name:
        host.console.write(f"vi = {'on' if state.vi else 'off'}\nrow_limit = {state.row_limit}")
    elif name == "vi" and value in ("on", "off", ""):
        state.vi = (value == "on") if value else not state.vi
        host.set_vi(state.vi)
        host.console.message(f"vi editing mode is {'on' if state.vi else 'off'}.")
    elif name == "row_limit" and value.isdigit():
        state.row_limit = int(value)
        host.console.message(f"Row limit is {state.row_limit or 'off'}.")
    else:
        host.console.error(r"usage: \set [vi on|off | row_limit N] (row_limit 0: never ask)")

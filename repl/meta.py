"""Backslash meta-commands: the table of commands, their help, and what each one does.

A command is a function ``(host, argument)``; ``host`` is the running shell (``Host`` below), so
this module holds no session state of its own. ``dispatch`` runs one input line that starts
with ``\\`` (or is ``quit``/``exit``/``help``).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from imisql.render import TEXT_FORMATS

from . import named, scripting
from .console import Console
from .copy import USAGE as COPY_USAGE
from .copy import copy
from .state import EXPANDED_MODES, ShellState


class Host(Protocol):
    """What a meta-command may use of the running shell."""

    state: ShellState
    console: Console

    def run_sql(self, sql: str) -> None: ...

    def reconnect(self, target: str) -> None: ...

    def refresh_catalog(self) -> None: ...

    def set_vi(self, on: bool) -> None: ...


Handler = Callable[[Host, str], None]


@dataclass(frozen=True)
class Command:
    names: tuple[str, ...]
    usage: str
    help: str
    run: Handler


def _help(host: Host, arg: str) -> None:
    width = max(len(c.usage) for c in COMMANDS)
    lines = [f"  {c.usage.ljust(width)}  {c.help}" for c in COMMANDS]
    tips = [
        "",
        "SQL runs at ';' (Alt-Enter runs without one); Tab completes; Ctrl-R searches history;",
        "Ctrl-C stops a running query or clears the line; Ctrl-D exits.",
        "SQL: SELECT ... FROM <entity> ...; EXPLAIN SELECT ...; DESCRIBE <entity>; SHOW ENTITIES",
    ]
    host.console.write("\n".join(["Meta-commands:", *lines, *tips]))


def _quit(host: Host, arg: str) -> None:
    host.state.running = False


def _describe(host: Host, arg: str) -> None:
    host.run_sql(f"DESCRIBE {arg}" if arg else "SHOW ENTITIES")


def _on_off(current: bool, arg: str) -> bool | None:
    """``on``/``off`` set a switch, no argument flips it; None for anything else."""
    if not arg:
        return not current
    return {"on": True, "off": False}.get(arg.lower())


def _expanded(host: Host, arg: str) -> None:
    state = host.state
    if not arg:
        state.expanded = "off" if state.expanded == "on" else "on"
    elif arg.lower() in EXPANDED_MODES:
        state.expanded = arg.lower()
    else:
        host.console.error(r"usage: \x [on|off|auto]")
        return
    host.console.message(f"Expanded display is {state.expanded}.")


def _format(host: Host, arg: str) -> None:
    if arg and arg.lower() not in TEXT_FORMATS:
        host.console.error(f"unknown format {arg!r}: choose one of {', '.join(TEXT_FORMATS)}")
        return
    if arg:
        host.state.format = arg.lower()
    host.console.message(f"Output format is {host.state.format}.")


def _switch(attribute: str, label: str) -> Handler:
    def run(host: Host, arg: str) -> None:
        value = _on_off(getattr(host.state, attribute), arg)
        if value is None:
            host.console.error(f"expected on or off, got {arg!r}")
            return
        setattr(host.state, attribute, value)
        host.console.message(f"{label} is {'on' if value else 'off'}.")

    return run


def _output(host: Host, arg: str) -> None:
    if not arg:
        host.state.output_path = None
        host.console.message("Results go to the terminal.")
        return
    path = Path(arg).expanduser()
    try:
        path.open("a", encoding="utf-8").close()
    except OSError as exc:
        host.console.error(f"cannot write {path}: {exc.strerror}")
        return
    host.state.output_path = path
    host.console.message(f"Results go to {path}.")


def _edit(host: Host, arg: str) -> None:
    path = Path(arg).expanduser() if arg else _scratch_file(host.state.last_query)
    if not run_editor(path):
        host.console.error(f"could not start the editor {editor_command()!r}; set $EDITOR")
        return
    try:
        host.state.pending_input = path.read_text(encoding="utf-8").rstrip()
    except OSError as exc:
        host.console.error(f"cannot read {path}: {exc.strerror}")
    finally:
        if not arg:
            path.unlink(missing_ok=True)


def _scratch_file(text: str) -> Path:
    handle, name = tempfile.mkstemp(prefix="imisql-", suffix=".sql")
    with os.fdopen(handle, "w", encoding="utf-8") as scratch:
        scratch.write(text + "\n" if text else "")
    return Path(name)


def editor_command() -> str:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def run_editor(path: Path) -> bool:
    """Open ``path`` in ``$VISUAL``/``$EDITOR`` and wait; False when the editor cannot start."""
    try:
        return subprocess.call([*shlex.split(editor_command()), str(path)]) == 0
    except OSError:
        return False


def _conninfo(host: Host, arg: str) -> None:
    connection = host.state.connection
    config = connection.client.config
    who = f" as {config.username}" if config.username else ""
    profile = f" (profile {host.state.profile})" if host.state.profile else ""
    entities = len(connection.catalog.entities())
    host.console.write(
        f"Connected to {connection.base_url}{who}{profile}, {config.auth_mode} authentication.\n"
        f"Catalog: {entities} entities, {host.state.catalog_status}."
    )


def _connect(host: Host, arg: str) -> None:
    if not arg:
        host.console.error(r"usage: \connect <profile|url>")
        return
    host.reconnect(arg)


def _refresh(host: Host, arg: str) -> None:
    host.refresh_catalog()


COMMANDS: tuple[Command, ...] = (
    Command(("\\?", "help"), "\\?", "show this help", _help),
    Command(("\\d", "\\dt"), "\\d [entity]", "list entities (also \\dt), or describe an entity's fields", _describe),
    Command(("\\x",), "\\x [on|off|auto]", "expanded (vertical) output; auto when too wide", _expanded),
    Command(("\\format",), "\\format [" + "|".join(TEXT_FORMATS) + "]", "show or set the output format", _format),
    Command(("\\timing",), "\\timing [on|off]", "show query time in the footer", _switch("timing", "Timing")),
    Command(("\\requests",), "\\requests [on|off]", "print every HTTP request a query sends",
            _switch("show_requests", "Showing requests")),
    Command(("\\pager",), "\\pager [on|off]", "page results taller than the screen", _switch("pager", "Pager")),
    Command(("\\o",), "\\o [file]", "send results to a file (no file: back to the terminal)", _output),
    Command(("\\e",), "\\e [file]", "edit the last query (or a file) in $EDITOR", _edit),
    Command(("\\conninfo",), "\\conninfo", "show the current connection", _conninfo),
    Command(("\\connect", "\\c"), "\\connect <profile|url>", "connect to another site", _connect),
    Command(("\\refresh",), "\\refresh", "reload the catalog from the site", _refresh),
    Command(("\\i",), "\\i FILE", "run the statements and meta-commands in FILE", scripting.include),
    Command(("\\watch",), "\\watch [SECONDS] [COUNT]", "run the last query again every SECONDS until Ctrl-C",
            scripting.watch),
    Command(("\\copy",), COPY_USAGE.removeprefix("usage: "), "write a query's result to a file", copy),
    Command(("\\ns",), "\\ns NAME QUERY", "save a named query ($1, $2... take arguments)", named.save_query),
    Command(("\\n",), "\\n [NAME [ARGS...]]", "run a named query (no name: list them)", named.run_query),
    Command(("\\nd",), "\\nd NAME", "delete a named query", named.delete_query),
    Command(("\\set",), "\\set [vi on|off | row_limit N]", "show or change shell settings", scripting.set_option),
    Command(("\\!",), "\\! [COMMAND]", "run a command in the system shell", scripting.system),
    Command(("\\q", "quit", "exit"), "\\q", "quit (also Ctrl-D)", _quit),
)  # fmt: skip

_BY_NAME = {name: command for command in COMMANDS for name in command.names}
NAMES = tuple(name for command in COMMANDS for name in command.names if name.startswith("\\"))


def dispatch(host: Host, line: str) -> None:
    """Run one meta-command line."""
    name, _, arg = line.strip().rstrip(";").strip().partition(" ")
    command = _BY_NAME.get(name) or _BY_NAME.get(name.lower())
    if command is None:
        host.console.error(f"unknown command {name}: \\? lists the commands")
        return
    command.run(host, arg.strip())

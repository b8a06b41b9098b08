"""The shell's mutable session state: the connection in use and every setting a meta-command toggles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from imisql.dbapi import Connection

EXPANDED_MODES = ("off", "on", "auto")


@dataclass
class ShellState:
    """What a session remembers between inputs.

    ``expanded`` is ``\\x``: ``on`` prints every table vertically, ``auto`` only those wider than the
    screen. ``show_requests`` prints each HTTP request a query sends. ``output_path`` is ``\\o``.
    ``pending_input`` pre-fills the next prompt (after ``\\e``). ``catalog_status`` says whether the
    live catalog is loaded (for ``\\conninfo``); ``owned_connections`` are those ``\\connect`` opened.
    """

    connection: Connection
    profile: str | None = None
    format: str = "table"
    null: str = "∅"
    expanded: str = "off"
    timing: bool = True
    show_requests: bool = False
    pager: bool = True
    output_path: Path | None = None
    last_query: str = ""
    pending_input: str = ""
    catalog_status: str = "built-in"
    owned_connections: list[Connection] = field(default_factory=list)
    running: bool = True

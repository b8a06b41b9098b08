"""The shell's mutable session state: the connection in use and every setting a meta-command toggles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from imisql.dbapi import Connection

if TYPE_CHECKING:
    from .connecting import Opened

EXPANDED_MODES = ("off", "on", "auto")


def _never(question: str) -> bool:
    """The answer when nobody can be asked: no."""
    return False


def named_store_path() -> Path:
    from .named import store_path

    return store_path()


@dataclass
class ShellState:
    """What a session remembers between inputs.

    ``expanded`` is ``\\x``: ``on`` prints every table vertically, ``auto`` only those wider than the
    screen. ``show_requests`` prints each HTTP request a query sends. ``output_path`` is ``\\o``.
    ``pending_input`` pre-fills the next prompt (after ``\\e``). ``catalog_status`` says whether the
    live catalog is loaded (for ``\\conninfo``); ``owned_connections`` are those ``\\connect`` opened
    (closed, their tokens kept, when the shell leaves them).
    ``row_limit`` is how many rows are shown before asking to show more (0: never ask); ``confirm``
    asks the user a yes/no question. ``named_path`` is the named-query file; ``include_depth`` the
    nesting of ``\\i``.
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
    owned_connections: list[Opened] = field(default_factory=list)
    running: bool = True
    vi: bool = False
    row_limit: int = 1000
    confirm: Callable[[str], bool] = _never
    named_path: Path = field(default_factory=named_store_path)
    include_depth: int = 0

"""The shell's mutable session state: the connection in use and every setting a meta-command toggles.

The connection may still be opening: the command hands the shell a function that opens it, so the
prompt is drawn before the DB-API and the HTTP client are imported. ``Opening`` runs that function
once, in whichever thread asks first (the background catalog load, started after the first prompt
is drawn, or an input that needs the connection); everyone else waits for it, within ``OPEN_WAIT``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imisql.errors import ConnectionFailed

if TYPE_CHECKING:
    from imisql.dbapi import Connection

    from .connecting import Opened

OPEN_WAIT = 300.0  # seconds an input waits for the connection being opened


class Opening:
    """A connection that is opened on first use, once."""

    def __init__(self, open: Callable[[], Connection], base_url: str):
        self.base_url = base_url  # the site, known before the connection is open
        self._open = open
        self._lock = threading.Lock()
        self._connection: Connection | None = None
        self._error: BaseException | None = None

    @property
    def opened(self) -> Connection | None:
        """The connection if it is open already (never waits)."""
        return self._connection

    def get(self) -> Connection:
        """The connection, opened now by the first caller; the opening error again for every caller."""
        if not self._lock.acquire(timeout=OPEN_WAIT):
            raise ConnectionFailed(f"the connection to {self.base_url} is still being opened")
        try:
            if self._connection is None and self._error is None:
                try:
                    self._connection = self._open()
                except BaseException as exc:
                    self._error = exc
            if self._error is not None:
                raise self._error
            assert self._connection is not None
            return self._connection
        finally:
            self._lock.release()


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

    source: Any  # the Connection, or the Opening that gives it: read ``connection``
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

    @property
    def connection(self) -> Connection:
        """The connection in use (waiting for it while it is being opened)."""
        if isinstance(self.source, Opening):
            self.source = self.source.get()
        connection: Connection = self.source
        return connection

    @connection.setter
    def connection(self, value: Connection) -> None:
        self.source = value

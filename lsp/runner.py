"""``imisql.run``: execute one statement against the configured connection and return its first rows.

The connection (a site, a profile, or the embedded demo emulator) is opened on first use and kept
until the settings change or the server shuts down. Runs are serialized. Values are made
JSON-friendly: decimals and datetimes become text so nothing is rounded on the way to the editor.
Write statements are not run from the editor (nothing is written; EXPLAIN shows what they would do):
a write is confirmed where a person is asked, in the command or the shell.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal
from itertools import islice
from typing import Any

import imisql
from imisql.config import ConfigError
from imisql.dbapi import Connection
from imisql.errors import ImisqlError, InterfaceError, WriteNotConfirmed

from .settings import LspSettings


class Runner:
    """Opens the connection lazily and runs statements on it, one at a time."""

    def __init__(self) -> None:
        self._settings = LspSettings()
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    def configure(self, settings: LspSettings) -> None:
        """Use ``settings`` from now on (an open connection to other settings is closed)."""
        with self._lock:
            if settings != self._settings:
                self._close()
            self._settings = settings

    def run(self, sql: str) -> dict[str, Any]:
        """Rows of ``sql`` (at most ``maxRows``) or ``{"error": ...}``. Blocks: keep it off the event loop."""
        with self._lock:
            try:
                return self._run(sql)
            except (ImisqlError, ConfigError) as exc:
                return {"statement": sql, "error": str(exc)}

    def close(self) -> None:
        with self._lock:
            self._close()

    def _run(self, sql: str) -> dict[str, Any]:
        started = time.perf_counter()
        runner = self._connect().runner()
        script = runner.prepare(sql)
        if script.errors:
            raise script.errors[0]
        if len(script.statements) != 1:
            raise InterfaceError(f"run one statement at a time, not {len(script.statements)}")
        outcome = runner.run(script.statements[0], confirm=_not_from_the_editor)
        columns, limit = outcome.columns, self._settings.max_rows
        rows = list(islice(outcome.rows, limit + 1))
        return {
            "statement": sql,
            "columns": columns,
            "rows": [[_plain(v) for v in row] for row in rows[:limit]],
            "truncated": len(rows) > limit,
            "elapsed": round(time.perf_counter() - started, 3),
        }

    def _connect(self) -> Connection:
        if self._connection is None or self._connection.closed:
            if not self._settings.has_connection:
                raise ConfigError("no connection configured: set imisql.demo, imisql.profile or imisql.url")
            self._connection = imisql.connect(**self._settings.connection().connect_kwargs())
        return self._connection

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _not_from_the_editor(question: str) -> bool:
    """Writes are confirmed where a person is asked: the command or the shell (EXPLAIN shows them here)."""
    raise WriteNotConfirmed(
        f"{question.rstrip('?')}: nothing was written; the editor does not write: "
        "run it with imisql or in the shell (EXPLAIN shows what it would change)"
    )


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)

"""The Python API: PEP 249 (DB-API 2.0) connections and cursors over imisql.

``connect()`` reaches an iMIS site (or, with ``demo=True``, an embedded emulator it starts and stops);
cursors compile statements with the connection's catalog and stream rows through the executor.
``execute`` runs writes (INSERT, UPDATE, DELETE) without asking: the application decides. iMIS has no
transactions, so each row is written when ``execute`` runs: ``commit`` is a no-op and ``rollback``
raises ``NotSupportedError`` (``imisql undo JOURNAL`` reverses a statement from its journal).
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any, LiteralString
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from imisql.binding import Params
from imisql.catalog import BUILTIN, Catalog, load_from
from imisql.catalog.model import FieldType
from imisql.client import Client, ClientConfig, RequestLog, StatementClient
from imisql.compiler import CompileOptions, compile_sql
from imisql.errors import InterfaceError, NotSupportedError
from imisql.executor import ExecutionStats
from imisql.iqa_endpoint import IqaEndpoint, check_setting
from imisql.plan import Plan
from imisql.plan_cache import PlanCache
from imisql.result_types import Codes, merged, plan_type_codes, value_type_codes
from imisql.runner import Outcome, Script, StatementRunner

apilevel = "2.0"
threadsafety = 1  # threads may share the module, not connections
paramstyle = "named"  # ":name"; "?" (qmark) is accepted too


def connect(
    url: str | None = None,
    *,
    username: str | None = None,
    password: str | None = None,
    token: str | None = None,
    verification_token: str | None = None,
    demo: bool = False,
    catalog: Catalog | None = None,
    live_catalog: bool = False,
    page_size: int = 500,
    pushdown: bool = True,
    max_fanout: int = 8,
    max_url: int = 2000,
    server_timezone: str | dt.tzinfo = "UTC",
    iqa_endpoint: str = "auto",
    nulls_lowest: bool = True,
    on_request: Callable[[RequestLog], None] | None = None,
    journal: str | None = None,
    **client_options: Any,
) -> Connection:
    """Open a connection to an iMIS site (``url`` = site root) or, with ``demo=True``, to a fresh
    embedded emulator. ``client_options`` go to ``ClientConfig`` (timeouts, retries, concurrency...);
    ``max_url`` bounds each request's path and query string (long IN lists are split over several
    requests); ``server_timezone`` (an IANA name or ``tzinfo``) is the zone of the site's clock, to
    which datetimes with an offset are converted before they are sent or compared.
    ``iqa_endpoint`` says where ``iqa(...)`` queries go: ``"iqa"`` (``/api/iqa``), ``"query"``
    (``/api/query``, iMIS EMS) or ``"auto"``: ``/api/iqa``, and on a 404 once ``/api/query``, which the
    connection then keeps using. ``nulls_lowest`` (default True): the site sorts NULL below every value
    (first ascending, last descending), as SQL Server and .NET's comparers do, so an ORDER BY key's empty
    values are read with the others; an answer seen against it raises ``ServerOrderError``.
    ``nulls_lowest=False`` reads each key's empty values apart (more requests; see docs/language.md).
    ``on_request`` is called with a ``RequestLog`` after every HTTP request (secrets redacted); write
    statements journal the rows they write to ``journal`` (default: a new file per statement in the
    user's state directory)."""
    check_setting(iqa_endpoint)
    config, emulator = _site(url, demo, username, password, token, verification_token, client_options)
    options = CompileOptions(
        page_size=page_size, max_fanout=max_fanout, pushdown=pushdown, max_url=max_url,
        server_timezone=_zone(server_timezone), iqa_endpoint=iqa_endpoint, nulls_lowest=nulls_lowest,
    )  # fmt: skip
    connection = Connection(Client(config, on_request=on_request), catalog or BUILTIN, options, emulator, journal)
    if live_catalog:
        connection.refresh_catalog()
    return connection


def _site(
    url: str | None,
    demo: bool,
    username: str | None,
    password: str | None,
    token: str | None,
    verification_token: str | None,
    client_options: dict[str, Any],
) -> tuple[ClientConfig, Any]:
    """The client settings for ``url``, or for a fresh embedded emulator (returned too, to stop it later)."""
    emulator = None
    if demo:
        from imisql.emulator import Emulator, EmulatorConfig

        emulator = Emulator(EmulatorConfig()).__enter__()
        url, username, password = emulator.base_url, emulator.username, emulator.password
    if not url:
        raise InterfaceError("no iMIS site given: pass url=... (the site root), or demo=True")
    try:
        config = ClientConfig(
            url, username=username, password=password, token=token, verification_token=verification_token,
            **client_options,
        )  # fmt: skip
        return config, emulator
    except BaseException:
        if emulator is not None:
            emulator.__exit__(None, None, None)
        raise


def _zone(zone: str | dt.tzinfo) -> dt.tzinfo:
    """A time zone from an IANA name (``Australia/Melbourne``) or a ``tzinfo``."""
    if isinstance(zone, dt.tzinfo):
        return zone
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InterfaceError(
            f"unknown time zone {zone!r} for server_timezone: use an IANA name such as 'America/New_York'"
        ) from None


class Connection:
    """A PEP 249 connection: one HTTP client, one catalog, compile options."""

    def __init__(
        self,
        client: Client,
        catalog: Catalog,
        options: CompileOptions,
        emulator: Any = None,
        journal: str | None = None,
    ):
        self.client = client
        self.journal = journal  # where write statements journal their rows (None: a new file per statement)
        self.catalog = catalog
        self.options = options
        self.iqa_endpoint = IqaEndpoint(options.iqa_endpoint, self._iqa_moved)
        self._emulator = emulator
        self._closed = False
        self._plans: PlanCache[Script] = PlanCache()  # statements an application runs again are compiled once

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<imisql.Connection {self.base_url} {state}>"

    @property
    def base_url(self) -> str:
        return self.client.config.base_url

    @property
    def concurrency(self) -> int:
        return self.client.config.concurrency

    @property
    def closed(self) -> bool:
        return self._closed

    def statement_client(self) -> StatementClient:
        """The client one statement uses: its failed attempts and waits share one ``retry_budget``."""
        return self.client.for_statement()

    def runner(self) -> StatementRunner:
        """The statement runner over this connection (the CLI and the shell run scripts through it)."""
        self._check_open()
        return StatementRunner(self, self._plans)

    def cursor(self) -> Cursor:
        self._check_open()
        return Cursor(self)

    def execute(self, sql: LiteralString, params: Params = None) -> Cursor:
        """Shortcut: a new cursor with ``sql`` executed. ``sql`` is typed ``LiteralString`` so type checkers
        flag statements assembled from runtime text: pass values as parameters instead."""
        return self.cursor().execute(sql, params)

    def compile(self, sql: str, params: Params = None) -> Plan:
        """The Plan of a statement, without running it."""
        return compile_sql(sql, self.catalog, params, self.options)

    def explain(self, sql: str, params: Params = None) -> str:
        """The EXPLAIN text of a statement: the exact requests and the client-side work."""
        return self.compile(sql, params).explain(self.base_url)

    def refresh_catalog(self) -> Catalog:
        """Load the live catalog from the site (metadata + business objects) and use it from now on."""
        self._check_open()
        self.catalog = load_from(self.client)
        return self.catalog

    def with_options(self, **changes: Any) -> None:
        """Change compile options (page_size, pushdown, max_fanout, iqa_endpoint...) for later statements."""
        self.options = replace(self.options, **changes)
        if "iqa_endpoint" in changes:
            self.iqa_endpoint = IqaEndpoint(self.options.iqa_endpoint, self._iqa_moved)

    def _iqa_moved(self) -> None:
        """``auto`` found the site answers only ``/api/query``: later statements are compiled for it."""
        self.options = replace(self.options, iqa_endpoint="query")

    def commit(self) -> None:
        """A no-op: iMIS has no transactions, so every row was written when its statement ran."""
        self._check_open()

    def rollback(self) -> None:
        """Always ``NotSupportedError``: iMIS has no transactions. Reverse a statement with ``imisql undo``."""
        self._check_open()
        raise NotSupportedError(
            "iMIS has no transactions: rows were written when each statement ran; "
            "reverse a statement with: imisql undo JOURNAL"
        )

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.client.close()
        if self._emulator is not None:
            self._emulator.__exit__(None, None, None)

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise InterfaceError("the connection is closed")


class Cursor:
    """A PEP 249 cursor. Rows stream: ``rowcount`` is -1 until the result is exhausted."""

    arraysize = 100

    def __init__(self, connection: Connection):
        self.connection = connection
        self.description: list[tuple[Any, ...]] | None = None
        self.rowcount = -1
        self.plan: Plan | None = None
        self._result: Outcome | None = None
        self._rows: Iterator[tuple[Any, ...]] | None = None
        self._cancel = threading.Event()
        self._closed = False
        self._fetched = 0

    def __repr__(self) -> str:
        return f"<imisql.Cursor {'closed' if self._closed else 'open'}>"

    # ------------------------------------------------------------ executing

    def execute(self, sql: LiteralString, params: Params = None) -> Cursor:
        """Run the one statement in ``sql``; values go in ``params``. A write (INSERT, UPDATE, DELETE) has
        run when this returns: ``rowcount`` is the number of rows written; RETURNING rows can be fetched."""
        self._check_open()
        runner = self.connection.runner()
        script = runner.prepare(sql, params)
        if script.errors:
            raise script.errors[0]
        if len(script.statements) != 1:
            raise InterfaceError(
                f"execute() takes one statement, got {len(script.statements)}: call execute() once per statement"
            )
        self._reset()
        statement = script.statements[0]
        self.plan = statement.plan
        self._set_result(runner.run(statement, cancel=self._cancel))
        return self

    def executemany(self, sql: LiteralString, seq_of_params: Sequence[Params]) -> Cursor:
        """Run ``sql`` once per parameter set; the last result is kept."""
        for params in seq_of_params:
            self.execute(sql, params)
        return self

    def cancel(self) -> None:
        """Stop the running query at the next page boundary (safe from another thread)."""
        self._cancel.set()

    # ------------------------------------------------------------ fetching

    def fetchone(self) -> tuple[Any, ...] | None:
        rows = self._require_rows()
        row = next(rows, None)
        if row is None:
            if self._result is None or self._result.report is None or self._result.report.dry_run:
                self.rowcount = self._fetched
        else:
            self._fetched += 1
        return row

    def fetchmany(self, size: int | None = None) -> list[tuple[Any, ...]]:
        size = self.arraysize if size is None else size
        out = []
        for _ in range(max(0, size)):
            row = self.fetchone()
            if row is None:
                break
            out.append(row)
        return out

    def fetchall(self) -> list[tuple[Any, ...]]:
        out = []
        while (row := self.fetchone()) is not None:
            out.append(row)
        return out

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while (row := self.fetchone()) is not None:
            yield row

    def dicts(self) -> Iterator[dict[str, Any]]:
        """The remaining rows as ``{column: value}`` dicts."""
        names = [d[0] for d in self.description or ()]
        for row in self:
            yield dict(zip(names, row, strict=False))

    @property
    def stats(self) -> ExecutionStats:
        return self._result.stats if self._result else ExecutionStats()

    @property
    def columns(self) -> list[str]:
        return [d[0] for d in self.description or ()]

    def setinputsizes(self, sizes: Any) -> None:
        """PEP 249: accepted and ignored."""

    def setoutputsize(self, size: Any, column: Any = None) -> None:
        """PEP 249: accepted and ignored."""

    def close(self) -> None:
        self._reset()
        self._closed = True

    def __enter__(self) -> Cursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ internals

    def _set_result(self, result: Outcome) -> None:
        self._result = result
        self._rows = result.rows
        report = result.report
        written = report is not None and not report.dry_run
        if report is not None and written:
            self.rowcount = report.written
            self._rows = iter(list(result.rows))  # RETURNING rows: the count stays the rows written
        codes = self._type_codes(result)
        described = [
            (name, code, None, None, None, None, None) for name, code in zip(result.columns, codes, strict=True)
        ]
        self.description = (described or None) if written else described  # PEP 249: None when no rows come back

    def _type_codes(self, result: Outcome) -> Codes:
        """Each column's type code: from the plan and catalog, else from the first row (read now)."""
        if result.plan_text is not None:
            return [FieldType.STRING for _ in result.columns]
        known = plan_type_codes(result.statement.plan, self.connection.catalog, result.columns)
        if None not in known or self._rows is None:
            return known
        first = next(self._rows, None)
        if first is not None:
            self._rows = itertools.chain([first], self._rows)
        return merged(known, value_type_codes(len(known), first))

    def _reset(self) -> None:
        if self._rows is not None and hasattr(self._rows, "close"):
            self._rows.close()
        self._rows, self._result, self.description, self.plan = None, None, None, None
        self.rowcount, self._fetched = -1, 0
        self._cancel = threading.Event()

    def _require_rows(self) -> Iterator[tuple[Any, ...]]:
        self._check_open()
        if self._rows is None:
            raise InterfaceError("no result: call execute() first")
        return self._rows

    def _check_open(self) -> None:
        if self._closed:
            raise InterfaceError("the cursor is closed")
        self.connection._check_open()

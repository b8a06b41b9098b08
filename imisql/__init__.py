"""imisql: SQL for the iMIS REST API.

    >>> import imisql
    >>> conn = imisql.connect(demo=True)          # or connect("https://example.org/imis", username=..., password=...)
    >>> cur = conn.cursor()
    >>> cur.execute("SELECT PartyId, Name FROM Party WHERE LastName CONTAINS :name LIMIT 5", {"name": "smith"})

The pipeline: ``parse`` (text -> AST) -> ``compile`` (AST + catalog + params -> Plan of iMIS requests)
-> execution over HTTP. Everything left of execution is pure and needs no server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from imisql.lazy_names import lazy_names

if TYPE_CHECKING:
    from imisql.binding import Params
    from imisql.catalog import Catalog
    from imisql.dbapi import Connection, Cursor, apilevel, connect, paramstyle, threadsafety
    from imisql.dbtypes import (
        BINARY,
        DATETIME,
        NUMBER,
        ROWID,
        STRING,
        Binary,
        Date,
        DateFromTicks,
        Time,
        TimeFromTicks,
        Timestamp,
        TimestampFromTicks,
    )
    from imisql.errors import (
        AuthenticationError,
        ConnectionFailed,
        DatabaseError,
        DataError,
        Error,
        ImisqlError,
        IntegrityError,
        InterfaceError,
        InternalError,
        NotSupportedError,
        OperationalError,
        ParameterError,
        ProgrammingError,
        QueryError,
        SemanticError,
        ServerError,
        SyntaxError,
        Warning,
        WriteNotConfirmed,
        WriteStopped,
    )
    from imisql.parser import parse
    from imisql.plan import Plan

__version__ = "0.1.0"

# The public names are imported on first use (PEP 562), so ``import imisql`` (and ``imisql --version``)
# stays cheap: the DB-API pulls in the HTTP client, the compiler the grammar.
_HOMES = {
    "imisql.catalog": ("Catalog",),
    "imisql.dbapi": ("Connection", "Cursor", "apilevel", "connect", "paramstyle", "threadsafety"),
    "imisql.dbtypes": (
        "BINARY", "DATETIME", "NUMBER", "ROWID", "STRING", "Binary", "Date", "DateFromTicks", "Time",
        "TimeFromTicks", "Timestamp", "TimestampFromTicks",
    ),
    "imisql.errors": (
        "AuthenticationError", "ConnectionFailed", "DatabaseError", "DataError", "Error", "ImisqlError",
        "IntegrityError", "InterfaceError", "InternalError", "NotSupportedError", "OperationalError",
        "ParameterError", "ProgrammingError", "QueryError", "SemanticError", "ServerError", "SyntaxError",
        "Warning", "WriteNotConfirmed", "WriteStopped",
    ),
    "imisql.parser": ("parse",),
    "imisql.plan": ("Plan",),
}  # fmt: skip
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


__getattr__ = lazy_names("imisql", _HOME_OF, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME_OF})


def compile(sql: str, params: Params = None, *, catalog: Catalog | None = None, **options: Any) -> Plan:
    """The Plan of a statement: its steps, with the exact iMIS requests at the leaves. No I/O."""
    from imisql.catalog import BUILTIN
    from imisql.compiler import CompileOptions, compile_sql

    return compile_sql(sql, catalog or BUILTIN, params, CompileOptions(**options))


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext imisql`` in IPython/Jupyter: adds the ``%%imisql`` cell magic (see ``imisql.ipython``)."""
    from imisql.ipython import load_ipython_extension as load

    load(shell)


__all__ = [
    "BINARY",
    "DATETIME",
    "NUMBER",
    "ROWID",
    "STRING",
    "AuthenticationError",
    "Binary",
    "Catalog",
    "Connection",
    "ConnectionFailed",
    "Cursor",
    "DataError",
    "DatabaseError",
    "Date",
    "DateFromTicks",
    "Error",
    "ImisqlError",
    "IntegrityError",
    "InterfaceError",
    "InternalError",
    "NotSupportedError",
    "OperationalError",
    "ParameterError",
    "Plan",
    "ProgrammingError",
    "QueryError",
    "SemanticError",
    "ServerError",
    "SyntaxError",
    "Time",
    "TimeFromTicks",
    "Timestamp",
    "TimestampFromTicks",
    "Warning",
    "WriteNotConfirmed",
    "WriteStopped",
    "apilevel",
    "compile",
    "connect",
    "paramstyle",
    "parse",
    "threadsafety",
]  # fmt: skip

"""The imisql dialects: connection URLs, a read-only DB-API, and reflection from the catalog.

``imisql://user[:password]@host[:port]/path`` reaches ``https://host[:port]/path`` (the site root);
``imisql+http://`` is plain HTTP, which the driver allows for loopback hosts only;
``imisql+demo://`` starts the embedded emulator with demo data. The password comes from the URL
or ``IMISQL_PASSWORD``. Reflection answers from the connection's catalog: entities are tables and
fields are columns typed from the catalog. iMIS has no transactions: writes apply when they run, so
commit and rollback do nothing here (the pool's reset-on-return rollback must not fail).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

from sqlalchemy import exc, pool, types
from sqlalchemy.engine import default, reflection
from sqlalchemy.engine.url import URL

from imisql.catalog.model import Catalog, FieldType
from imisql.dialect.compiler import ImisqlCompiler, ImisqlIdentifierPreparer

_TYPES: dict[FieldType, Any] = {
    FieldType.STRING: types.String,
    FieldType.INTEGER: types.Integer,
    FieldType.DECIMAL: types.Numeric,
    FieldType.BOOLEAN: types.Boolean,
    FieldType.DATETIME: types.DateTime,
    FieldType.OBJECT: types.JSON,
    FieldType.LIST: types.JSON,
    FieldType.BINARY: types.LargeBinary,
}
_OPTIONS: dict[str, Callable[[str], Any]] = {
    "page_size": int,
    "max_fanout": int,
    "max_url": int,
    "server_timezone": str,
    "iqa_endpoint": str,
    "live_catalog": lambda v: v.lower() in ("1", "true", "yes"),
    "nulls_lowest": lambda v: v.lower() in ("1", "true", "yes"),
}


class ImisqlDialect(default.DefaultDialect):
    """``imisql://``: an iMIS site over HTTPS."""

    name = "imisql"
    driver = "imisql"
    scheme = "https"
    supports_statement_cache = True
    default_paramstyle = "named"
    supports_native_decimal = True
    supports_native_boolean = True
    supports_sane_rowcount = False
    supports_sane_multi_rowcount = False
    supports_alter = False
    supports_sequences = False
    supports_default_values = False
    supports_empty_insert = False
    supports_multivalues_insert = False
    postfetch_lastrowid = False
    statement_compiler = ImisqlCompiler
    preparer = ImisqlIdentifierPreparer

    @classmethod
    def import_dbapi(cls) -> ModuleType:
        import imisql

        return imisql

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        if not url.host:
            raise exc.ArgumentError(f"{url.drivername}:// needs a host: {url.drivername}://user@host/path")
        port = f":{url.port}" if url.port else ""
        site = f"{self.scheme}://{url.host}{port}/{url.database or ''}".rstrip("/")
        password = url.password if url.password is not None else os.environ.get("IMISQL_PASSWORD")
        return [site], {"username": url.username, "password": password, **_options(url)}

    def initialize(self, connection: Any) -> None:
        self.server_version_info = None
        self.default_schema_name = None
        self.default_isolation_level = None

    def do_rollback(self, dbapi_connection: Any) -> None:
        """No transactions: nothing can be rolled back (the driver's rollback() raises; the pool calls this)."""

    def do_commit(self, dbapi_connection: Any) -> None:
        """No transactions: every write was applied when it ran."""

    # ------------------------------------------------------------ reflection

    @reflection.cache
    def get_table_names(self, connection: Any, schema: str | None = None, **kw: Any) -> list[str]:
        return list(dict.fromkeys(e.name for e in _catalog(connection).entities()))

    def has_table(self, connection: Any, table_name: str, schema: str | None = None, **kw: Any) -> bool:
        return _catalog(connection).entity(table_name) is not None

    @reflection.cache
    def get_columns(self, connection: Any, table_name: str, schema: str | None = None, **kw: Any) -> list[Any]:
        entity = _catalog(connection).entity(table_name)
        if entity is None:
            raise exc.NoSuchTableError(table_name)
        keys = {k.lower() for k in entity.key}
        return [
            {
                "name": f.name,
                "type": _TYPES[f.type](),
                "nullable": f.name.lower() not in keys,
                "default": None,
                "comment": f.description or None,
            }
            for f in entity.fields
        ]

    def get_pk_constraint(self, connection: Any, table_name: str, schema: str | None = None, **kw: Any) -> Any:
        entity = _catalog(connection).entity(table_name)
        return {"constrained_columns": list(entity.key) if entity else [], "name": None}

    def get_view_names(self, connection: Any, schema: str | None = None, **kw: Any) -> list[str]:
        return []

    def get_schema_names(self, connection: Any, **kw: Any) -> list[str]:
        return []

    def get_foreign_keys(self, *args: Any, **kw: Any) -> list[Any]:
        return []

    def get_indexes(self, *args: Any, **kw: Any) -> list[Any]:
        return []

    def get_unique_constraints(self, *args: Any, **kw: Any) -> list[Any]:
        return []

    def get_check_constraints(self, *args: Any, **kw: Any) -> list[Any]:
        return []


class ImisqlHttpDialect(ImisqlDialect):
    """``imisql+http://``: plain HTTP, for a loopback site (the driver refuses any other host)."""

    driver = "http"
    scheme = "http"
    supports_statement_cache = True


class ImisqlDemoDialect(ImisqlDialect):
    """``imisql+demo://``: one embedded emulator with demo data, shared by the engine's connections."""

    driver = "demo"
    supports_statement_cache = True

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        return pool.StaticPool

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        return [], {"demo": True, **_options(url)}


def _options(url: URL) -> dict[str, Any]:
    """Driver options from the URL's query string (``?page_size=100&live_catalog=true``)."""
    out = {}
    for name, value in url.query.items():
        if name not in _OPTIONS or not isinstance(value, str):
            raise exc.ArgumentError(f"unknown or repeated imisql URL option {name!r}; known: {', '.join(_OPTIONS)}")
        try:
            out[name] = _OPTIONS[name](value)
        except ValueError:
            raise exc.ArgumentError(f"imisql URL option {name}={value!r} is not valid") from None
    return out


def _catalog(connection: Any) -> Catalog:
    catalog: Catalog = connection.connection.dbapi_connection.catalog
    return catalog

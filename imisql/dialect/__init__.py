"""The SQLAlchemy dialect: ``create_engine("imisql://user@host/path")`` over imisql's DB-API driver.

Registered through the ``sqlalchemy.dialects`` entry point (``imisql``, ``imisql+http``,
``imisql+demo``). Needs the ``sqlalchemy`` extra; importing ``imisql`` itself never imports it.
"""

from __future__ import annotations

from imisql.dialect.base import ImisqlDemoDialect, ImisqlDialect, ImisqlHttpDialect
from imisql.dialect.compiler import ImisqlCompiler, ImisqlIdentifierPreparer

__all__ = ["ImisqlCompiler", "ImisqlDemoDialect", "ImisqlDialect", "ImisqlHttpDialect", "ImisqlIdentifierPreparer"]

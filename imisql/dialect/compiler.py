"""How SQLAlchemy Core statements are spelt in imisql SQL: identifier quoting and the statement compiler.

Quoting: a name is written bare when it is a plain identifier (letters, digits, ``_``, ``$``, not
starting with a digit) and not one of imisql's keywords; anything else (``PersonName.FirstName``,
``Custom Field``, ``limit``) goes in double quotes, with ``"`` doubled. Names are case-insensitive
in imisql, so case never forces quotes. ``LIMIT``/``OFFSET`` are imisql's own (``OFFSET`` may stand
alone); everything else is SQLAlchemy's standard rendering, which imisql's grammar reads.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.sql import compiler

from imisql.engine.tokens import tables

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


class ImisqlIdentifierPreparer(compiler.IdentifierPreparer):
    """Double quotes only where imisql needs them (see the module docstring)."""

    reserved_words = {word.lower() for word in tables().keywords}  # the grammar's own keyword table

    def _requires_quotes(self, value: str) -> bool:
        return not _PLAIN.match(value) or value.lower() in self.reserved_words

    def _requires_quotes_illegal_chars(self, value: str) -> bool:
        return not _PLAIN.match(value)


class ImisqlCompiler(compiler.SQLCompiler):
    """SQLAlchemy's statement compiler with imisql's LIMIT/OFFSET."""

    def limit_clause(self, select: Any, **kw: Any) -> str:
        text = ""
        if select._limit_clause is not None:
            text += "\n LIMIT " + self.process(select._limit_clause, **kw)
        if select._offset_clause is not None:
            text += "\n OFFSET " + self.process(select._offset_clause, **kw)
        return text

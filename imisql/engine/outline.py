"""Statements of a document for outlines and commands: one symbol per statement, the one at a cursor.

``symbols(text)`` names each statement by what it reads (``SELECT Party``, ``DESCRIBE Event``).
``statement_at(text, offset)`` gives the text of the statement under the cursor (for EXPLAIN and run)
and ``explain_at`` what it compiles to.
"""

from __future__ import annotations

from imisql import ast
from imisql.catalog import builtin_catalog
from imisql.catalog.model import Catalog
from imisql.engine import statements
from imisql.engine.results import Symbol
from imisql.errors import QueryError
from imisql.frontend import BLANK
from imisql.plan import Plan

_NAME_WIDTH = 60


def symbols(text: str) -> list[Symbol]:
    """One symbol per statement, in document order."""
    out = []
    for parsed in statements.document(text):
        body = parsed.text.strip(BLANK)
        start = parsed.start + parsed.text.index(body[0])
        first_line = body.split("\n", 1)[0]
        out.append(Symbol(_name(parsed), first_line[:_NAME_WIDTH], start, start + len(body), start,
                          start + len(first_line)))  # fmt: skip
    return out


def _name(parsed: statements.Parsed) -> str:
    statement = parsed.statement
    if isinstance(statement, ast.Describe):
        return f"DESCRIBE {statement.entity}"
    if isinstance(statement, ast.ShowEntities):
        return "SHOW ENTITIES"
    select = statements.select_of(statement)
    if select is None:
        return " ".join(parsed.text.split())[:_NAME_WIDTH]
    head = "EXPLAIN SELECT" if isinstance(statement, ast.Explain) else "SELECT"
    source = select.source
    what = source.name if isinstance(source, ast.EntitySource) else "iqa(…)"
    return f"{head} {what}"


def statement_at(text: str, offset: int) -> str | None:
    """The text of the statement under ``offset`` (stripped), or None in blank space."""
    parsed = statements.at(text, offset)
    return parsed.text.strip(BLANK) if parsed is not None else None


def explain_at(text: str, offset: int, catalog: Catalog | None = None) -> str:
    """EXPLAIN of the statement under ``offset`` (parameters as placeholders), or its error."""
    parsed = statements.at(text, offset)
    if parsed is None:
        return "no statement here"
    if parsed.error is not None:
        return parsed.error.render()
    compiled = statements.compile_parsed(parsed, catalog if catalog is not None else builtin_catalog())
    if isinstance(compiled, QueryError):
        return compiled.render()
    if isinstance(compiled, Plan):
        return compiled.explain()
    return "parameters need values before this statement can be planned"

"""The editor engine: pure functions over document text that the REPL and the language server share.

Every function takes the whole text and character offsets (Python string indices), never raises for
any input, and does no I/O. ``complete`` is safe to call from a background thread.

- ``complete(text, offset, catalog)`` -> ``list[Completion]``: context-aware, fuzzy, ranked
- ``check(text, catalog)`` -> ``list[Diagnostic]``: syntax, names, types, planner notes
- ``hover(text, offset, catalog)`` -> ``Hover | None``: entity, field, function, or the compiled requests
- ``format_sql(text)`` (also ``format``) and ``format_range(text, start, end)``: canonical formatting
- ``signature_help``, ``code_actions``, ``semantic_tokens``, ``symbols``, ``explain_at``, ``statement_at``
"""

from __future__ import annotations

from imisql.engine.actions import code_actions
from imisql.engine.check import check
from imisql.engine.complete import complete
from imisql.engine.fmt import format_range, format_sql
from imisql.engine.hover import hover
from imisql.engine.outline import explain_at, statement_at, symbols
from imisql.engine.results import (
    Action,
    Completion,
    Diagnostic,
    Edit,
    Hover,
    SemanticToken,
    Signature,
    Symbol,
    plain_snippet,
)
from imisql.engine.semantic import TOKEN_TYPES, semantic_tokens
from imisql.engine.signature import signature_help

format = format_sql  # the name; format_sql avoids shadowing the builtin

__all__ = [
    "TOKEN_TYPES",
    "Action",
    "Completion",
    "Diagnostic",
    "Edit",
    "Hover",
    "SemanticToken",
    "Signature",
    "Symbol",
    "check",
    "code_actions",
    "complete",
    "explain_at",
    "format",
    "format_range",
    "format_sql",
    "hover",
    "plain_snippet",
    "semantic_tokens",
    "signature_help",
    "statement_at",
    "symbols",
]

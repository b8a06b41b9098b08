"""A document as statements: each ``;``-separated piece parsed on its own, cached, and compiled.

Pieces are parsed standalone, so spans and plan notes are relative to the piece; ``Parsed.start``
shifts them to document offsets. Parsing is cached per piece text: while one statement is edited
the others are not parsed again. ``compile_parsed`` compiles with typed placeholder parameters
(``imisql.engine.placeholders``), so parameters without values are never an error at edit time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from imisql import ast
from imisql.binding import Params
from imisql.catalog.model import Catalog
from imisql.compiler import compile_sql
from imisql.engine.placeholders import placeholders
from imisql.errors import ParameterError, QueryError
from imisql.frontend import has_code, split
from imisql.parser import parse_statement
from imisql.plan import Plan

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_CACHES: list[Lru[Any, Any]] = []


def clear_caches() -> None:
    """Forget every cached parse and diagnostic (benchmarks measure cold runs with it)."""
    for cache in _CACHES:
        cache.clear()


class Lru(Generic[K, V]):
    """A small thread-safe cache dropping its oldest entries (the REPL completes on a background thread)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        _CACHES.append(self)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)  # recently used: evicted last
            return found

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


_PARSED: Lru[str, tuple[ast.Statement | None, QueryError | None]] = Lru(10_000)


@dataclass(frozen=True)
class Parsed:
    """One statement of a document: its range, its text, and its AST or the error it raised."""

    start: int
    end: int
    text: str  # the piece; AST spans and error spans are offsets into it
    statement: ast.Statement | None
    error: QueryError | None


def parse_piece(chunk: str) -> tuple[ast.Statement | None, QueryError | None]:
    """The statement in ``chunk``, or the error it raises (cached per text; never raises)."""
    found = _PARSED.get(chunk)
    if found is not None:
        return found
    try:
        return _PARSED.put(chunk, (parse_statement(chunk), None))
    except QueryError as exc:
        return _PARSED.put(chunk, (None, exc))


def document(text: str) -> list[Parsed]:
    """Every non-empty statement of ``text`` (pieces holding only comments are skipped)."""
    out = []
    for start, end in split(text):
        chunk = text[start:end]
        if not has_code(chunk):
            continue
        statement, error = parse_piece(chunk)
        out.append(Parsed(start, end, chunk, statement, error))
    return out


def at(text: str, offset: int) -> Parsed | None:
    """The statement whose range holds ``offset`` (a cursor right before ``;`` belongs to it)."""
    for start, end in split(text):
        if start <= offset <= end:
            chunk = text[start:end]
            if not has_code(chunk):
                return None
            statement, error = parse_piece(chunk)
            return Parsed(start, end, chunk, statement, error)
    return None


def select_of(statement: ast.Statement | None) -> ast.Select | None:
    if isinstance(statement, ast.Explain):
        statement = statement.statement
    return statement if isinstance(statement, ast.Select) else None


def compile_parsed(parsed: Parsed, catalog: Catalog) -> Plan | QueryError | None:
    """The plan of a parsed statement with placeholder parameters, or its semantic error.

    None when it has no statement, or when only parameter binding failed (a runtime concern).
    """
    if parsed.statement is None:
        return None
    values = placeholders(parsed.statement, catalog, parsed.text)
    try:
        return compile_sql(parsed.statement, catalog, cast(Params, values), text=parsed.text)
    except ParameterError:
        return None
    except QueryError as exc:
        return exc

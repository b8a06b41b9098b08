"""Which engine answers a document: query files whole, Python files only inside their embedded queries.

A document is Python when the editor says so (``languageId`` ``python``) or its name ends in ``.py``.
In Python documents diagnostics, completion, hover, quick fixes and the explain/run commands work in the
string literals ``imisql.check`` finds (positions mapped to the host file); every other request
answers nothing, so the server runs beside the user's own Python language server.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from pygls.workspace import TextDocument

from imisql import engine
from imisql.catalog.model import Catalog
from imisql.check import check_python, code_actions_python, complete_python, hover_python, query_at

Handler = TypeVar("Handler", bound=Callable[..., Any])


def is_python(document: TextDocument) -> bool:
    return document.language_id == "python" or document.uri.endswith((".py", ".pyi"))


def check(text: str, catalog: Catalog, python: bool) -> list[engine.Diagnostic]:
    return check_python(text, catalog) if python else engine.check(text, catalog)


def complete(text: str, offset: int, catalog: Catalog, python: bool) -> list[engine.Completion]:
    return complete_python(text, offset, catalog) if python else engine.complete(text, offset, catalog)


def hover(text: str, offset: int, catalog: Catalog, python: bool) -> engine.Hover | None:
    return hover_python(text, offset, catalog) if python else engine.hover(text, offset, catalog)


def code_actions(text: str, start: int, end: int, catalog: Catalog, python: bool) -> list[engine.Action]:
    if python:
        return code_actions_python(text, start, end, catalog)
    return engine.code_actions(text, start, end, catalog)


def statement_text(text: str, offset: int, python: bool) -> tuple[str, int] | None:
    """The query text holding ``offset`` and the offset within it (a Python file: its embedded query)."""
    if not python:
        return text, offset
    found = query_at(text, offset)
    return (found[0].sql, found[1]) if found is not None else None


def query_files_only(empty: Callable[[], Any]) -> Callable[[Handler], Handler]:
    """A handler that answers ``empty()`` for Python documents (formatting, outline, tokens...)."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        def answer(ls: Any, params: Any) -> Any:
            document = ls.workspace.get_text_document(params.text_document.uri)
            return empty() if is_python(document) else handler(ls, params)

        return answer  # type: ignore[return-value]

    return decorate

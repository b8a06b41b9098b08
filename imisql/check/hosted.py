"""The editor engine over Python files: diagnostics, completion, hover and code actions inside embedded
queries only.

Each function takes the whole Python text and file offsets, runs the engine on the query text of the
literal involved (``imisql.check.pysource``) and maps every range back into the file. Outside those
literals there is nothing: no diagnostics, no completions, no hover. Pure, like the engine.
"""

from __future__ import annotations

from dataclasses import replace

from imisql import engine
from imisql.catalog.model import Catalog
from imisql.check.pysource import Embedded, scan


def check_python(source: str, catalog: Catalog | None = None) -> list[engine.Diagnostic]:
    """Every embedded query's diagnostics and every injection warning, as file ranges, in file order."""
    found = scan(source)
    out = list(found.warnings)
    for query in found.queries:
        for d in engine.check(query.sql, catalog):
            start, end = query.host_range(d.start, d.end)
            out.append(replace(d, start=start, end=end))
    return sorted(out, key=lambda d: (d.start, d.end))


def query_at(source: str, offset: int) -> tuple[Embedded, int] | None:
    """The embedded query whose literal text holds ``offset``, and the matching offset in its SQL."""
    for query in scan(source).queries:
        at = query.sql_offset(offset)
        if at is not None:
            return query, at
    return None


def complete_python(source: str, offset: int, catalog: Catalog | None = None) -> list[engine.Completion]:
    """Completions at ``offset`` when it is inside an embedded query; insert texts escaped for the literal."""
    found = query_at(source, offset)
    if found is None:
        return []
    query, at = found
    out = []
    for c in engine.complete(query.sql, at, catalog):
        start, end = query.host_range(c.start, c.end)
        out.append(replace(c, start=start, end=end, insert_text=query.escape(c.insert_text, offset)))
    return out


def code_actions_python(source: str, start: int, end: int, catalog: Catalog | None = None) -> list[engine.Action]:
    """Code actions for the range ``[start, end)`` when it starts inside an embedded query."""
    found = query_at(source, start)
    if found is None:
        return []
    query, at = found
    until = query.sql_offset(end)
    out = []
    for action in engine.code_actions(query.sql, at, at if until is None else max(at, until), catalog):
        out.append(replace(action, edits=tuple(_host_edit(query, e) for e in action.edits)))
    return out


def _host_edit(query: Embedded, edit: engine.Edit) -> engine.Edit:
    start, end = query.host_range(edit.start, edit.end)
    return engine.Edit(start, end, query.escape(edit.new_text, start))


def hover_python(source: str, offset: int, catalog: Catalog | None = None) -> engine.Hover | None:
    """Hover at ``offset`` when it is inside an embedded query."""
    found = query_at(source, offset)
    if found is None:
        return None
    query, at = found
    shown = engine.hover(query.sql, at, catalog)
    if shown is None:
        return None
    start, end = query.host_range(shown.start, shown.end)
    return replace(shown, start=start, end=end)

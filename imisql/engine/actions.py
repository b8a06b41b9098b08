"""``code_actions(text, start, end, catalog)``: fixes and rewrites offered for a range.

Quick fixes come from diagnostics that carry ``fixes`` (a misspelt field, entity or keyword is
replaced by a likely meaning). Rewrites: ``LIKE '%x%'`` becomes ``CONTAINS 'x'`` (and ``'x%'`` /
``'%x'`` become ``STARTS WITH`` / ``ENDS WITH``), the iMIS operators the compiler would send anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

from imisql import ast
from imisql.binding import literal_sql
from imisql.catalog import builtin_catalog
from imisql.catalog.model import Catalog
from imisql.engine.check import check
from imisql.engine.results import Action, Edit
from imisql.engine.statements import document, select_of

_LIKE_AS = {(True, True): "CONTAINS", (False, True): "STARTS WITH", (True, False): "ENDS WITH"}


def code_actions(text: str, start: int, end: int, catalog: Catalog | None = None) -> list[Action]:
    """Actions for ``text[start:end]``: quick fixes first, then rewrites."""
    catalog = catalog if catalog is not None else builtin_catalog()
    out: list[Action] = []
    for d in check(text, catalog):
        if d.fixes and d.start <= end and start <= d.end:
            out.extend(
                Action(f"Replace with {fix}", "quickfix", (Edit(d.start, d.end, fix),), d.code) for fix in d.fixes
            )
    out.extend(_like_rewrites(text, start, end))
    return out


def _like_rewrites(text: str, start: int, end: int) -> Iterator[Action]:
    for parsed in document(text):
        if parsed.end < start or parsed.start > end:
            continue
        select = select_of(parsed.statement)
        for like in _likes(select.where if select else None):
            shift = parsed.start
            if like.span.start + shift <= end and start <= like.span.end + shift:
                action = _rewrite(like, parsed.text, shift)
                if action is not None:
                    yield action


def _rewrite(like: ast.Like, chunk: str, shift: int) -> Action | None:
    pattern = like.pattern.value if isinstance(like.pattern, ast.Literal) else None
    if not isinstance(pattern, str) or "_" in pattern:
        return None
    core = pattern.strip("%")
    key = (pattern.startswith("%"), pattern.endswith("%"))
    if not core or "%" in core or key not in _LIKE_AS or (like.negated and key != (True, True)):
        return None
    operator = ("NOT " if like.negated else "") + _LIKE_AS[key]
    left = chunk[like.left.span.start : like.left.span.end]
    new_text = f"{left} {operator} {literal_sql(core)}"
    title = f"Rewrite LIKE {literal_sql(pattern)} as {operator} {literal_sql(core)}"
    return Action(title, "refactor.rewrite", (Edit(like.span.start + shift, like.span.end + shift, new_text),))


def _likes(cond: ast.Cond | None) -> Iterator[ast.Like]:
    if isinstance(cond, ast.Like):
        yield cond
    elif isinstance(cond, ast.And | ast.Or):
        for item in cond.items:
            yield from _likes(item)
    elif isinstance(cond, ast.Not):
        yield from _likes(cond.operand)

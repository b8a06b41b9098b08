"""Whether the parameters given fit a statement's placeholders: none missing, none left over.

``check_params(statement, params, text)`` raises ``ParameterError`` (a ``ProgrammingError``) naming
the placeholders without a value (``:last``, ``? number 2``) or the positional values no ``?``
takes (``positional value 3``). Named placeholders take a mapping, which may hold more keys than
the statement uses (one dict can serve several statements, as in ``sqlite3``); ``?`` placeholders
take a sequence of exactly their number, or a mapping keyed by 0-based position (what
``--param 1=...`` builds). An empty mapping or sequence is the same as no parameters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from imisql import ast
from imisql.ast import children_reader
from imisql.binding import Params
from imisql.errors import ParameterError


def placeholders(node: Any) -> list[ast.Param]:
    """Every ``Param`` in a statement, in source order (a walk without recursion: this runs on every compile)."""
    found: list[ast.Param] = []
    pending = [node]
    while pending:
        item = pending.pop()
        kind: Any = type(item)
        if kind is ast.Param:
            found.append(item)
        elif kind is tuple or kind is list:
            pending.extend(item[::-1])
        else:
            children = children_reader(kind)
            if children is not None:
                pending.extend(children(item))
    return found


def check_params(statement: Any, params: Params, text: str = "", text_is_source: bool = False) -> None:
    """Raise ``ParameterError`` when ``params`` do not fit the placeholders of ``statement``.

    A statement from the parser carries its placeholders (``placeholders`` field), so the tree is only
    walked for statements built otherwise, and to word an error (in source order). With
    ``text_is_source`` (``text`` is the statement's own source), a text without ``?`` or ``:`` has
    no placeholders, and the tree is not walked either."""
    recorded = getattr(statement, "placeholders", None)
    if recorded is not None and _fit(recorded, params):
        return
    marked = not text_is_source or "?" in text or ":" in text
    found = placeholders(statement) if marked else []
    names = list(dict.fromkeys(p.name for p in found if p.name is not None))
    positions = sorted({p.index for p in found if p.index is not None})
    given_names, given_positions, strict = _given(params)
    missing = [f":{n}" for n in names if n not in given_names]
    missing += [_ordinal_placeholder(i) for i in positions if i not in given_positions]
    if missing:
        first = next(p for p in found if _label(p) == missing[0])
        noun = "parameter" if len(missing) == 1 else "parameters"
        raise ParameterError(
            f"no value for {noun} {_listed(missing)}", text, first.span, hint="pass a value for each placeholder"
        )
    extra = [_ordinal_value(i) for i in sorted(given_positions) if i not in positions]
    if extra and strict:
        raise ParameterError(
            f"{_listed(extra)} {'matches' if len(extra) == 1 else 'match'} no placeholder in the statement",
            text, None, hint=_placeholders_hint(names, positions),
        )  # fmt: skip


def _fit(found: tuple[ast.Param, ...], params: Params) -> bool:
    """Whether ``params`` fit the placeholders ``found``: what the full check accepts, without wording
    (and without reading every key of a mapping of named values)."""
    if params is None:
        return not found
    if type(params) is dict or isinstance(params, Mapping):
        for param in found:
            if param.name is None:
                break  # a ? placeholder: the check below
            if param.name not in params:  # only a str key equals a name
                return False
        else:
            return True
    try:
        given_names, given_positions, strict = _given(params)
    except ParameterError:
        return False
    positions = set()
    for param in found:
        if param.name is None:
            if param.index not in given_positions:
                return False
            positions.add(param.index)
        elif param.name not in given_names:
            return False
    return not strict or given_positions == positions


def _given(params: Params) -> tuple[set[str], set[int], bool]:
    """The names and positions given, and whether unused ones are an error (a sequence's are)."""
    if params is None:
        return set(), set(), False
    if isinstance(params, Mapping):
        return {k for k in params if isinstance(k, str)}, {k for k in params if isinstance(k, int)}, False
    if isinstance(params, Sequence) and not isinstance(params, str | bytes):
        return set(), set(range(len(params))), True
    raise ParameterError(
        f"parameters must be a dict or a sequence, not {type(params).__name__}", "", None,
        hint="execute(sql, {'name': value}) for :name, execute(sql, [value]) for ?",
    )  # fmt: skip


def _label(param: ast.Param) -> str:
    return f":{param.name}" if param.name is not None else _ordinal_placeholder(param.index or 0)


def _ordinal_placeholder(index: int) -> str:
    return f"?{index + 1}"


def _ordinal_value(index: int) -> str:
    return f"positional value {index + 1}"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _placeholders_hint(names: list[str], positions: list[int]) -> str:
    if not names and not positions:
        return "the statement has no placeholders: pass no parameters"
    parts = [f":{n}" for n in names] + [_ordinal_placeholder(i) for i in positions]
    return "the statement's placeholders: " + ", ".join(parts)

"""The conditions of a JOIN statement: the ones ANDed in a WHERE or ON, the column names each uses (which
sources it refers to), and several ANDed back into one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from imisql import ast
from imisql.errors import Span


def conjuncts(cond: ast.Cond | None) -> list[ast.Cond]:
    """The conditions ANDed in ``cond``, in order (a list: a generator is a call per condition)."""
    if cond is None:
        return []
    if type(cond) is not ast.And:
        return [cond]
    found: list[ast.Cond] = []
    for item in cond.items:
        if type(item) is ast.And:
            found.extend(conjuncts(item))
        else:
            found.append(item)
    return found


def all_of(conds: list[ast.Cond], text: str) -> ast.Cond | None:
    """``conds`` ANDed into one condition spanning them all (None when there are none)."""
    if not conds:
        return None
    if len(conds) == 1:
        return conds[0]
    start, end = min(c.span.start for c in conds), max(c.span.end for c in conds)
    return ast.And(tuple(conds), Span.of(text, start, end))


def column_names(node: object) -> list[ast.Name]:
    """Every column name a condition or expression uses, in order."""
    if type(node) is ast.Compare and type(node.left) in _LEAVES and type(node.right) in _LEAVES:  # a = b, a = 1
        names = [node.left] if type(node.left) is ast.Name else []
        if type(node.right) is ast.Name:
            names.append(node.right)
        return names
    found: list[ast.Name] = []
    pending = [node]
    while pending:
        item = pending.pop()
        if type(item) is ast.Name:
            found.append(item)
        else:
            children = _CHILDREN.get(type(item))
            if children is not None:
                pending.extend(reversed(children(item)))
    return found


_LEAVES = frozenset({ast.Name, ast.Literal, ast.Param})
_CHILDREN: dict[type, Callable[[Any], tuple[object, ...]]] = {  # where a condition's column names can be
    ast.Call: lambda node: node.args,
    ast.And: lambda node: node.items,
    ast.Or: lambda node: node.items,
    ast.Compare: lambda node: (node.left, node.right),
    ast.Like: lambda node: (node.left, node.pattern),
    ast.Between: lambda node: (node.left, node.low, node.high),
    ast.InList: lambda node: (node.left, *node.items),
    ast.Check: lambda node: (node.operand,),
    ast.IsNull: lambda node: (node.operand,),
    ast.Not: lambda node: (node.operand,),
}

"""How deep a parsed statement's tree goes, measured without recursion (see ``imisql.limits``).

Everything after the parser walks trees recursively, so a statement nested deeper than
``MAX_TREE_DEPTH`` (function calls in function calls, CASE in CASE, and the conditions inside them) is
refused where it is parsed, with the position of the first node past the limit.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from imisql.limits import MAX_TREE_DEPTH


def too_deep_node(statement: Any, length: int) -> Any | None:
    """The first node of ``statement`` more than ``MAX_TREE_DEPTH`` levels down, or None.

    ``length`` is the statement's length in characters: every level takes at least one character,
    so shorter statements (nearly all) are not walked at all."""
    if length <= MAX_TREE_DEPTH:
        return None
    stack: list[tuple[Any, int]] = [(statement, 0)]
    while stack:
        node, depth = stack.pop()
        if type(node) is tuple:
            children: Any = node
        elif depth > MAX_TREE_DEPTH and getattr(node, "span", None) is not None:
            return node
        else:
            children = (getattr(node, name) for name in _node_fields(node.__class__))
        for child in children:
            if type(child) is tuple:
                stack.append((child, depth))  # a container of nodes, not a level of its own
            elif dataclasses.is_dataclass(child):
                stack.append((child, depth + 1))
    return None


@cache
def _node_fields(kind: Any) -> tuple[str, ...]:
    """The fields of an AST node class that may hold other nodes (spans and plain values never do)."""
    if not dataclasses.is_dataclass(kind):
        return ()
    return tuple(f.name for f in dataclasses.fields(kind) if f.name != "span")

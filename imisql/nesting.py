"""How deep a parsed statement's tree goes, measured without recursion (see ``imisql.limits``).

Everything after the parser walks trees recursively, so a statement nested deeper than
``MAX_TREE_DEPTH`` (function calls in function calls, CASE in CASE, and the conditions inside them) is
refused where it is parsed, with the position of the first node past the limit.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from imisql.ast import child_fields
from imisql.limits import MAX_TREE_DEPTH


def too_deep_node(statement: Any, size: int) -> Any | None:
    """The first node of ``statement`` more than ``MAX_TREE_DEPTH`` levels down, or None.

    ``size`` is the statement's length in tokens or characters: every level below the statement takes at
    least one token of its own (a select or order item may add none to its expression, but what is
    below it does), so smaller statements (nearly all) are not walked at all."""
    if size <= MAX_TREE_DEPTH:
        return None
    stack: list[tuple[Any, int]] = [(statement, 0)]
    while stack:
        node, depth = stack.pop()
        if type(node) is tuple:
            children: Any = node
        elif depth > MAX_TREE_DEPTH and getattr(node, "span", None) is not None:
            return node
        else:
            children = (getattr(node, name) for name in child_fields(node.__class__))
        for child in children:
            if type(child) is tuple:
                stack.append((child, depth))  # a container of nodes, not a level of its own
            elif dataclasses.is_dataclass(child):
                stack.append((child, depth + 1))
    return None

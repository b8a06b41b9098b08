"""AND / OR trees built in linear time, and the nesting bound every condition is checked against.

The grammar reads ``a OR b OR c`` left-recursively, one reduction per ``OR``. Building a flat
``ast.Or`` at each step copies the items so far, which is quadratic (100,000 terms took minutes).
Instead each reduction appends to a ``Chain`` that becomes one node when a rule outside the chain
takes it: ``finish`` is called by every rule that receives a condition (``WHERE``, ``HAVING``,
``NOT``, and the other connective). Parentheses pass a chain through, so ``(a OR b) OR c`` is still
one ``Or`` of three items, as before.
"""

from __future__ import annotations

from typing import Any

from imisql import ast
from imisql.errors import Span
from imisql.limits import MAX_CONDITION_DEPTH
from imisql.quick_init import maker


class Chain:
    """An ``And`` or ``Or`` still being extended by the parser (made by ``grow``)."""

    __slots__ = ("items", "kind", "span")
    items: list[ast.Cond]
    kind: type[ast.And] | type[ast.Or]
    span: Span

    def add(self, item: Any) -> None:
        kind = type(item)  # exact types: neither Chain nor the connectives have subclasses
        if kind is self.kind or (kind is Chain and item.kind is self.kind):
            self.items.extend(item.items)
        else:
            self.items.append(finish(item) if kind is Chain else item)
        first = self.span
        start, end = first.start, item.span.end
        self.span = tuple.__new__(Span, (start, end if end > start else start, first.line, first.column))


def grow(kind: type[ast.And] | type[ast.Or], left: Any, right: Any) -> Chain:
    """``left <kind> right``: ``left`` extended in place when it is already a chain of this kind."""
    if type(left) is Chain and left.kind is kind:
        chain = left
    else:  # filled here: a class without __init__ is made without running Python code
        chain = Chain()
        chain.kind, chain.items, chain.span = kind, [], left.span
        chain.add(left)
    chain.add(right)
    return chain


def finish(cond: Any) -> Any:
    """The AST node of a condition (a chain becomes its ``And`` / ``Or``; anything else is itself)."""
    if type(cond) is Chain:
        return _MAKERS[cond.kind](tuple(cond.items), cond.span)
    return cond


_MAKERS = {ast.And: maker(ast.And), ast.Or: maker(ast.Or)}  # positional (items, span): cheaper than the classes


def too_deep(cond: ast.Cond) -> ast.Cond | None:
    """The first node nested deeper than ``MAX_CONDITION_DEPTH`` connectives, or None.

    Iterative, so it can measure any depth; linear in the size of the condition. Only the nodes that nest
    (AND, OR, NOT) are visited: a comparison is never too deep itself."""
    stack: list[tuple[Any, int]] = [(cond, 0)] if type(cond) in _NESTING else []
    while stack:
        node, depth = stack.pop()
        children = (node.operand,) if type(node) is _NOT else node.items
        if depth >= MAX_CONDITION_DEPTH:
            return node
        depth += 1
        for child in children:  # a loop, not a generator: no frame per node
            if type(child) in _NESTING:
                stack.append((child, depth))
    return None


_NOT = ast.Not
_NESTING = frozenset({ast.And, ast.Or, ast.Not})  # exact types: the node classes have no subclasses

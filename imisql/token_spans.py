"""Tokens and spans for the AST builder: the fast lexer's token, and spans from tokens and nodes.

Both parsing paths hand the rule callbacks tokens (the fast lexer's ``Tok`` or Lark's ``Token``:
the same attributes); every node's span is computed from its children's with these helpers.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from lark import Token

from imisql import ast
from imisql.errors import Span

NO_SPAN = ast.NO_SPAN


class Tok(NamedTuple):
    """A token of the fast lexer: what the rule callbacks read of a ``lark.Token``, and no more.

    A named tuple, made with ``tuple.__new__`` by the lexer: the cheapest object with named fields."""

    type: str
    value: str
    start_pos: int
    end_pos: int
    line: int
    column: int

    def __str__(self) -> str:
        return self.value


AnyToken = Token | Tok


def fast_span(fields: tuple[Any, ...]) -> Span:
    """Build a Span without the named tuple's Python-level ``__new__`` (hot: one per token and node)."""
    return tuple.__new__(Span, fields)


def tspan(token: AnyToken) -> Span:
    """The span of one token."""
    return fast_span((token.start_pos, token.end_pos, token.line, token.column))


def join(first: Span, last: Span) -> Span:
    """The span from the start of ``first`` to the end of ``last``."""
    if first is NO_SPAN:
        return last
    if last is NO_SPAN:
        return first
    return fast_span((first.start, max(first.start, last.end), first.line, first.column))


def span_of(item: Any) -> Span:
    """The span of a token, node or Span (NO_SPAN for anything else)."""
    if isinstance(item, Tok | Token):
        return tspan(item)
    if isinstance(item, Span):
        return item
    return getattr(item, "span", NO_SPAN)


def ident(token: Token) -> str:
    """The name a NAME or QUOTED_NAME token spells (quotes removed, doubled quotes undone)."""
    return unquote(token.value, '"') if token.type == "QUOTED_NAME" else token.value


def unquote(raw: str, quote: str) -> str:
    return raw[1:-1].replace(quote * 2, quote)

"""Tokens and spans for the AST builder: the fast lexer's token, and spans from tokens and nodes.

The rule callbacks only ever see ``Tok`` tuples (``token[0]`` its terminal, ``token[1]`` its text): the
fast lexer makes them, and the reference path turns Lark's tokens into them (``token_of``); every
node's span is computed from its children's with these helpers.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from imisql import ast
from imisql.errors import Span

NO_SPAN = ast.NO_SPAN
_new = tuple.__new__


Tok = tuple[str, str, int, int, int, int]
"""A token: ``(terminal, text, start, end, line, column)``, a plain tuple (the cheapest object to make,
and the lexer makes one per token a rule keeps); its last four items are its ``Span``'s. Where a
callback may get a token or a node (``span_of``, a CASE's ELSE), ``type(value) is tuple`` tells the
token: nodes and spans are not plain tuples, and the rules that return pairs hand them only to their
parent rule, which unpacks them."""


def token_of(token: Token) -> Tok:
    """Lark's token as a ``Tok`` (the reference path hands the callbacks the same tokens as the fast one)."""
    return (token.type, token.value, token.start_pos or 0, token.end_pos or 0, token.line or 1, token.column or 1)


def tspan(token: Tok) -> Span:
    """The span of one token."""
    return _new(Span, token[2:])


def join(first: Span, last: Span) -> Span:
    """The span from the start of ``first`` to the end of ``last``."""
    if first is NO_SPAN:
        return last
    if last is NO_SPAN:
        return first
    return _new(Span, (first.start, max(first.start, last.end), first.line, first.column))


def span_of(item: Any) -> Span:
    """The span of a token, node or Span (NO_SPAN for anything else)."""
    if type(item) is tuple:  # a token
        return _new(Span, item[2:])
    if isinstance(item, Span):
        return item
    return getattr(item, "span", NO_SPAN)


def ident(token: Tok) -> str:
    """The name a NAME or QUOTED_NAME token spells (quotes removed, doubled quotes undone)."""
    return unquote(token[1], '"') if token[0] == "QUOTED_NAME" else token[1]


def unquote(raw: str, quote: str) -> str:
    return raw[1:-1].replace(quote * 2, quote)

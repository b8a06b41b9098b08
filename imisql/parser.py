"""Text to typed AST: the fast path, Lark's parser (the reference path and its errors), each statement apart.

``parse(text)`` returns a ``Script`` or raises ``imisql.SyntaxError`` / ``SemanticError`` with a span,
caret rendering and hint. ``parse_each(text)`` parses statement by statement so one broken statement
does not hide the others (the language server and ``check`` use it); statements are cut by
``imisql.frontend.split``. No Lark exception escapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from lark import Token, Transformer
from lark.exceptions import LarkError, UnexpectedInput

from imisql import ast
from imisql.errors import QueryError, SemanticError, Span, SyntaxError
from imisql.fastparse import FastParser, FastPathMiss
from imisql.frontend import has_code, lark_parser, split
from imisql.limits import MAX_TREE_DEPTH, TREE_HINT
from imisql.nesting import too_deep_node
from imisql.syntax_hints import describe_unexpected
from imisql.token_spans import Tok, token_of
from imisql.transform import AstBuilder

_NOT_NEWLINE = re.compile(r"[^\n]")


@cache
def _fast_parser() -> FastParser:
    return FastParser(AstBuilder())


def parse(text: str) -> ast.Script:
    """Parse every statement of ``text``; raise the first error found."""
    return ast.Script(tuple(_statements(text)), text)


def _statements(text: str) -> list[ast.Statement]:
    """The statements of ``text``: the fast path, or Lark's parser (which reports the error) when it misses."""
    if not text.isascii():
        _check_unicode(text, 0, len(text))
    try:
        statements, tokens = _fast_parser().parse(text)
    except FastPathMiss:
        statements, tokens = _parse_with_lark(text), None
    if tokens is None or tokens > MAX_TREE_DEPTH:  # fewer tokens cannot nest that deep (see too_deep_node)
        for statement in statements:
            _check_depth(statement, text, tokens)
    return statements


def _check_depth(statement: ast.Statement, text: str, tokens: int | None) -> None:
    """A statement nested past ``MAX_TREE_DEPTH`` is an error here, not a RecursionError later.

    ``tokens``: how many tokens the whole text has, when known (else the statement's length bounds its depth)."""
    if tokens is None:
        span = getattr(statement, "span", None)
        tokens = span.end - span.start if span is not None else len(text)
    deep = too_deep_node(statement, tokens)
    if deep is not None:
        at = Span.of(text, deep.span.start, deep.span.end)
        raise SemanticError("expression nested too deeply", text, at, hint=TREE_HINT)


def _parse_with_lark(text: str) -> list[ast.Statement]:
    """The reference path: Lark's own lexer and parser, then the same AST builder over the tree."""
    try:
        tree = lark_parser().parse(text)
    except UnexpectedInput as exc:
        raise describe_unexpected(exc, text, lark_parser()) from None
    except LarkError as exc:  # pragma: no cover - defensive: any other Lark failure
        raise SyntaxError(str(exc), text, Span.of(text, 0)) from None
    builder = AstBuilder()
    builder.begin(text)
    return list(_TreeToAst(builder).transform(tree))


class _TreeToAst(Transformer[Token, Any]):
    """Lark's parse tree to AST nodes: each rule's kept children go to the ``AstBuilder`` method of its
    name, as arguments, the way the fast path's reduce functions call it. (Lark calls ``__default__``
    outside its ``VisitError`` wrapping, so a callback's ``QueryError`` reaches the caller as it is.)"""

    def __init__(self, builder: AstBuilder):
        super().__init__()
        self.builder = builder

    def __default__(self, data: str, children: list[Any], meta: Any) -> Any:
        return getattr(self.builder, data)(*children)

    def __default_token__(self, token: Token) -> Tok:
        return token_of(token)


def parse_statement(text: str) -> ast.Statement:
    """Parse a text holding exactly one statement."""
    statements = _statements(text)
    if len(statements) != 1:
        count = len(statements)
        raise SyntaxError(
            f"expected one statement, found {count}", text, Span.of(text, 0, len(text)),
            hint="run statements one at a time here, or separate them with ';' in a script",
        )  # fmt: skip
    return statements[0]


@dataclass(frozen=True)
class Piece:
    """One ``;``-separated piece of a text: its range, and its statement or the error it raised."""

    start: int
    end: int
    statement: ast.Statement | None
    error: QueryError | None


def parse_each(text: str) -> list[Piece]:
    """Parse each statement separately so errors in one do not hide the rest. Never raises."""
    pieces = []
    for start, end in split(text):
        if not has_code(text[start:end]):
            continue
        try:
            statement = _statement_in(text, start, end)
            pieces.append(Piece(start, end, statement, None))
        except QueryError as exc:
            exc.text = text
            if exc.span is not None:
                exc.span = Span.of(text, exc.span.start, exc.span.end)
            pieces.append(Piece(start, end, None, exc))
    return pieces


def _statement_in(text: str, start: int, end: int) -> ast.Statement:
    """Parse ``text[start:end]`` with offsets and lines of the whole text (no copying on the fast path)."""
    if not text.isascii():
        _check_unicode(text, start, end)
    try:
        statements, tokens = _fast_parser().parse(text, start, end)
    except FastPathMiss:
        padded = _blank_except_newlines(text[:start]) + text[start:end]  # keeps offsets and lines
        return parse_statement(padded)
    if len(statements) != 1:  # pragma: no cover - a piece between semicolons holds at most one statement
        return parse_statement(text[start:end])
    _check_depth(statements[0], text, tokens)
    return statements[0]


def _check_unicode(text: str, start: int, end: int) -> None:
    """A lone surrogate (what undecodable input bytes become) cannot be sent anywhere: a syntax error."""
    try:
        text[start:end].encode("utf-8")
    except UnicodeEncodeError as exc:
        at = start + exc.start
        raise SyntaxError(
            f"character U+{ord(text[at]):04X} is not valid Unicode text (a lone surrogate)", text,
            Span.of(text, at, at + 1), hint="the input is not valid UTF-8: save it as UTF-8",
        ) from None  # fmt: skip


def _blank_except_newlines(prefix: str) -> str:
    return _NOT_NEWLINE.sub(" ", prefix)

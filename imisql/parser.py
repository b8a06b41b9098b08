"""Text to typed AST: the Lark parser, the tree transformer, and statement splitting.

``parse(text)`` returns a ``Script`` or raises ``imisql.SyntaxError`` / ``SemanticError`` with a span,
caret rendering and hint. ``parse_each(text)`` parses statement by statement so one broken statement
does not hide the others (the language server and ``check`` use it). No Lark exception escapes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedInput, VisitError
from lark.tree import Meta

from imisql import ast
from imisql.errors import QueryError, SemanticError, Span, SyntaxError
from imisql.operators import Op
from imisql.syntax_hints import describe_unexpected

AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG"})

_COMPARE_TOKENS: dict[str, Op] = {
    "EQ_SIGN": Op.EQUAL, "EQUAL": Op.EQUAL, "EQ": Op.EQUAL,
    "NE_SIGN": Op.NOT_EQUAL, "NOTEQUAL": Op.NOT_EQUAL, "NE": Op.NOT_EQUAL,
    "LT_SIGN": Op.LESS_THAN, "LESSTHAN": Op.LESS_THAN, "LT": Op.LESS_THAN,
    "LE_SIGN": Op.LESS_THAN_OR_EQUAL, "LESSTHANOREQUAL": Op.LESS_THAN_OR_EQUAL, "LE": Op.LESS_THAN_OR_EQUAL,
    "GT_SIGN": Op.GREATER_THAN, "GREATERTHAN": Op.GREATER_THAN, "GT": Op.GREATER_THAN,
    "GE_SIGN": Op.GREATER_THAN_OR_EQUAL, "GREATERTHANOREQUAL": Op.GREATER_THAN_OR_EQUAL,
    "GE": Op.GREATER_THAN_OR_EQUAL,
    "CONTAINS": Op.CONTAINS, "NOTCONTAIN": Op.NOT_CONTAIN, "BANG_CONTAIN": Op.NOT_CONTAIN,
    "STARTSWITH": Op.STARTS_WITH, "STARTS": Op.STARTS_WITH, "ENDSWITH": Op.ENDS_WITH, "ENDS": Op.ENDS_WITH,
}  # fmt: skip

_CHECK_TOKENS: dict[str, Op] = {
    "ISEMPTY": Op.IS_EMPTY, "EMPTY_KW": Op.IS_EMPTY, "NOTEMPTY": Op.NOT_EMPTY, "BANG_EMPTY": Op.NOT_EMPTY,
    "ISTRUE": Op.IS_TRUE, "TRUE": Op.IS_TRUE, "ISFALSE": Op.IS_FALSE, "FALSE": Op.IS_FALSE,
}  # fmt: skip


@cache
def lark_parser() -> Lark:
    """The LALR parser for the shipped grammar (built once per process)."""
    grammar = resources.files("imisql.grammar").joinpath("imisql.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=True, cache=True)


def parse(text: str) -> ast.Script:
    """Parse every statement of ``text``; raise the first error found."""
    try:
        tree = lark_parser().parse(text)
    except UnexpectedInput as exc:
        raise describe_unexpected(exc, text, lark_parser()) from None
    except LarkError as exc:  # pragma: no cover - defensive: any other Lark failure
        raise SyntaxError(str(exc), text, Span.of(text, 0)) from None
    return ast.Script(_transform(tree, text), text)


def parse_statement(text: str) -> ast.Statement:
    """Parse a text holding exactly one statement."""
    script = parse(text)
    if len(script.statements) != 1:
        count = len(script.statements)
        raise SyntaxError(
            f"expected one statement, found {count}", text, Span.of(text, 0, len(text)),
            hint="run statements one at a time here, or separate them with ';' in a script",
        )  # fmt: skip
    return script.statements[0]


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
    for start, end in split_statements(text):
        chunk = text[start:end]
        if not chunk.strip() or _only_comments(chunk):
            continue
        padded = _blank_except_newlines(text[:start]) + chunk  # keeps offsets and lines
        try:
            statement = parse_statement(padded)
            pieces.append(Piece(start, end, statement, None))
        except QueryError as exc:
            exc.text = text
            if exc.span is not None:
                exc.span = Span.of(text, exc.span.start, exc.span.end)
            pieces.append(Piece(start, end, None, exc))
    return pieces


def split_statements(text: str) -> list[tuple[int, int]]:
    """Ranges of the ``;``-separated pieces of ``text``, ignoring ``;`` in strings, names and comments."""
    ranges, start = [], 0
    for index in _top_level_semicolons(text):
        ranges.append((start, index))
        start = index + 1
    ranges.append((start, len(text)))
    return ranges


def _top_level_semicolons(text: str) -> Iterator[int]:
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            close = text.find(ch, i + 1)
            while close != -1 and close + 1 < n and text[close + 1] == ch:
                close = text.find(ch, close + 2)
            i = n if close == -1 else close + 1
        elif text.startswith("--", i):
            newline = text.find("\n", i)
            i = n if newline == -1 else newline + 1
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close == -1 else close + 2
        else:
            if ch == ";":
                yield i
            i += 1


def _only_comments(chunk: str) -> bool:
    return not _strip_comments(chunk).strip()


def _strip_comments(chunk: str) -> str:
    out, i, n = [], 0, len(chunk)
    while i < n:
        if chunk.startswith("--", i):
            newline = chunk.find("\n", i)
            i = n if newline == -1 else newline
        elif chunk.startswith("/*", i):
            close = chunk.find("*/", i + 2)
            i = n if close == -1 else close + 2
        else:
            out.append(chunk[i])
            i += 1
    return "".join(out)


def _blank_except_newlines(prefix: str) -> str:
    return "".join("\n" if ch == "\n" else " " for ch in prefix)


def _transform(tree: Any, text: str) -> tuple[ast.Statement, ...]:
    try:
        return tuple(_ToAst(text).transform(tree))
    except VisitError as exc:
        if isinstance(exc.orig_exc, QueryError):
            raise exc.orig_exc from None
        raise  # pragma: no cover - a bug, not bad input


def _unquote(raw: str, quote: str) -> str:
    return raw[1:-1].replace(quote * 2, quote)


@v_args(meta=True, inline=True)
class _ToAst(Transformer[Token, Any]):
    """Builds the frozen dataclass tree; every node gets the span it was parsed from."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text
        self.positional = 0

    def _span(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span.of(self.text, 0)
        return Span.of(self.text, meta.start_pos, meta.end_pos)

    def _tspan(self, token: Token) -> Span:
        start = token.start_pos or 0
        return Span.of(self.text, start, token.end_pos if token.end_pos is not None else start)

    # ------------------------------------------------------------ statements

    @v_args(meta=False, inline=False)
    def start(self, children: list[Any]) -> list[ast.Statement]:
        return [c for c in children if c is not None]

    def select(self, meta: Meta, distinct, items, source, alias, where, group, having, order, limit, offset):
        return ast.Select(
            items=tuple(items), source=source, alias=alias, distinct=distinct is not None, where=where,
            group_by=tuple(group or ()), having=having, order_by=tuple(order or ()), limit=limit,
            offset=offset, span=self._span(meta),
        )  # fmt: skip

    def explain(self, meta: Meta, select: ast.Select) -> ast.Explain:
        return ast.Explain(select, self._span(meta))

    def describe(self, meta: Meta, *children: Any) -> ast.Describe:
        return ast.Describe(children[-1], self._span(meta))

    def show_entities(self, meta: Meta) -> ast.ShowEntities:
        return ast.ShowEntities(self._span(meta))

    @v_args(meta=False, inline=False)
    def select_list(self, children: list[ast.SelectItem]) -> list[ast.SelectItem]:
        return children

    def star(self, meta: Meta) -> ast.SelectItem:
        return ast.SelectItem(None, star=True, span=self._span(meta))

    def qualified_star(self, meta: Meta, path: ast.Name) -> ast.SelectItem:
        return ast.SelectItem(None, star=True, qualifier=path.dotted, span=self._span(meta))

    def item(self, meta: Meta, value: ast.Expr, alias: str | None) -> ast.SelectItem:
        return ast.SelectItem(value, alias, span=self._span(meta))

    def entity_source(self, meta: Meta, name: str) -> ast.EntitySource:
        return ast.EntitySource(name, self._span(meta))

    def function_source(self, meta: Meta, name: str, *args: ast.Expr | None) -> ast.IqaSource:
        span = self._span(meta)
        if name.lower() != "iqa":
            raise SemanticError(
                f"unknown table function {name!r}", self.text, span,
                hint="the only table function is iqa('$/Path/To/Query', 'prompt 1', ...)",
            )  # fmt: skip
        values = [a for a in args if a is not None]
        if not values:
            raise SemanticError(
                "iqa() needs the query path", self.text, span, hint="iqa('$/Common/Queries/My Query', ...)"
            )
        return ast.IqaSource(values[0], tuple(values[1:]), span)

    def alias(self, meta: Meta, name: str) -> str:
        return name

    def where(self, meta: Meta, cond: ast.Cond) -> ast.Cond:
        return cond

    having = where

    @v_args(meta=False, inline=False)
    def group_by(self, children: list[ast.Expr]) -> list[ast.Expr]:
        return children

    @v_args(meta=False, inline=False)
    def order_by(self, children: list[ast.OrderItem]) -> list[ast.OrderItem]:
        return children

    def order_item(self, meta: Meta, value: ast.Expr, direction: Token | None) -> ast.OrderItem:
        descending = direction is not None and direction.type == "DESC"
        return ast.OrderItem(value, descending, self._span(meta))

    def limit(self, meta: Meta, count: ast.Expr) -> ast.Expr:
        return count

    offset = limit

    def int_count(self, meta: Meta, token: Token) -> ast.Literal:
        return ast.Literal(int(token), self._tspan(token))

    # ------------------------------------------------------------ conditions

    def or_(self, meta: Meta, *items: ast.Cond) -> ast.Cond:
        return items[0] if len(items) == 1 else ast.Or(_flatten(items, ast.Or), self._span(meta))

    def and_(self, meta: Meta, *items: ast.Cond) -> ast.Cond:
        return items[0] if len(items) == 1 else ast.And(_flatten(items, ast.And), self._span(meta))

    def not_(self, meta: Meta, _not: Token, operand: ast.Cond) -> ast.Not:
        return ast.Not(operand, self._span(meta))

    def compare(self, meta: Meta, left: ast.Expr, op: Op, right: ast.Expr) -> ast.Cond:
        return ast.Compare(left, op, right, self._span(meta))

    def compare_op(self, meta: Meta, *tokens: Token) -> Op:
        if tokens[0].type == "NOT":
            return Op.NOT_CONTAIN
        return _COMPARE_TOKENS[tokens[0].type]

    def check(self, meta: Meta, operand: ast.Expr, op: Op) -> ast.Check:
        return ast.Check(operand, op, self._span(meta))

    def check_op(self, meta: Meta, token: Token) -> Op:
        return _CHECK_TOKENS[token.type]

    def is_check(self, meta: Meta, *tokens: Token | None) -> Op:
        negated = tokens[0] is not None and tokens[0].type == "NOT"
        op = _CHECK_TOKENS[tokens[-1].type]  # type: ignore[union-attr]
        return Op.NOT_EMPTY if negated and op is Op.IS_EMPTY else op

    def is_null(self, meta: Meta, operand: ast.Expr, negated: Token | None, _null: Token) -> ast.IsNull:
        return ast.IsNull(operand, negated is not None, self._span(meta))

    def between(self, meta: Meta, left, negated, low, high) -> ast.Between:
        return ast.Between(left, low, high, negated is not None, self._span(meta))

    def in_list(self, meta: Meta, left: ast.Expr, negated: Token | None, *items: ast.Expr) -> ast.InList:
        return ast.InList(left, tuple(items), negated is not None, self._span(meta))

    def like(self, meta: Meta, left: ast.Expr, negated: Token | None, pattern: ast.Expr) -> ast.Like:
        return ast.Like(left, pattern, negated is not None, self._span(meta))

    # ------------------------------------------------------------ values

    def path(self, meta: Meta, *parts: Any) -> ast.Name:
        names: list[str] = []
        for part in parts:
            names.extend(part.parts if isinstance(part, ast.Name) else (part,))
        return ast.Name(tuple(names), self._span(meta))

    def name(self, meta: Meta, token: Token) -> str:
        return str(token)

    def quoted_name(self, meta: Meta, token: Token) -> str:
        return _unquote(str(token), '"')

    def call_star(self, meta: Meta, name: str) -> ast.Call:
        return self._call(meta, name, (), star=True)

    def call(self, meta: Meta, name: str, distinct: Token | None, value: ast.Expr) -> ast.Call:
        return self._call(meta, name, (value,), distinct=distinct is not None)

    def _call(self, meta: Meta, name: str, args: tuple[ast.Expr, ...], **flags: bool) -> ast.Call:
        upper, span = name.upper(), self._span(meta)
        if upper not in AGGREGATES:
            raise SemanticError(
                f"unknown function {name!r}", self.text, span,
                hint="the functions are the aggregates COUNT, SUM, MIN, MAX and AVG",
            )  # fmt: skip
        if flags.get("star") and upper != "COUNT":
            raise SemanticError(f"{upper}(*) is not allowed", self.text, span, hint="only COUNT(*) takes *")
        return ast.Call(upper, args, span=span, **flags)

    def named_param(self, meta: Meta, token: Token) -> ast.Param:
        return ast.Param(name=str(token)[1:], span=self._tspan(token))

    def positional_param(self, meta: Meta) -> ast.Param:
        index, self.positional = self.positional, self.positional + 1
        return ast.Param(index=index, span=self._span(meta))

    def string(self, meta: Meta, token: Token) -> ast.Literal:
        return ast.Literal(_unquote(str(token), "'"), self._tspan(token))

    def integer(self, meta: Meta, token: Token) -> ast.Literal:
        return ast.Literal(int(token), self._tspan(token))

    def decimal(self, meta: Meta, token: Token) -> ast.Literal:
        return ast.Literal(Decimal(str(token)), self._tspan(token))

    def neg_integer(self, meta: Meta, token: Token) -> ast.Literal:
        return ast.Literal(-int(token), self._span(meta))

    def neg_decimal(self, meta: Meta, token: Token) -> ast.Literal:
        return ast.Literal(-Decimal(str(token)), self._span(meta))

    def true(self, meta: Meta, token: Token) -> ast.Literal:
        return ast.Literal(True, self._tspan(token))

    def false(self, meta: Meta, token: Token) -> ast.Literal:
        return ast.Literal(False, self._tspan(token))

    def null(self, meta: Meta, token: Token) -> ast.Literal:
        return ast.Literal(None, self._tspan(token))

    def date(self, meta: Meta, token: Token) -> ast.Literal:
        raw = _unquote(str(token), "'")
        try:
            return ast.Literal(dt.date.fromisoformat(raw), self._span(meta))
        except ValueError:
            raise SemanticError(
                f"invalid DATE literal {raw!r}", self.text, self._tspan(token),
                hint="write dates as DATE 'YYYY-MM-DD', e.g. DATE '2024-01-31'",
            ) from None  # fmt: skip

    def timestamp(self, meta: Meta, token: Token) -> ast.Literal:
        raw = _unquote(str(token), "'")
        try:
            value = dt.datetime.fromisoformat(raw.replace(" ", "T", 1))
        except ValueError:
            raise SemanticError(
                f"invalid TIMESTAMP literal {raw!r}", self.text, self._tspan(token),
                hint="write timestamps as TIMESTAMP 'YYYY-MM-DD HH:MM:SS'",
            ) from None  # fmt: skip
        return ast.Literal(value.replace(tzinfo=None), self._span(meta))


def _flatten(items: tuple[ast.Cond, ...], kind: type) -> tuple[ast.Cond, ...]:
    out: list[ast.Cond] = []
    for item in items:
        out.extend(item.items if isinstance(item, kind) else (item,))  # type: ignore[attr-defined]
    return tuple(out)

"""Grammar rules to typed AST nodes: ``AstBuilder``, the statement and condition rules over ``ValueRules``.

``AstBuilder`` has one method per grammar rule (or alias). Each receives the rule's children as
arguments, already filtered the way Lark's tree builder filters them (``None`` for an absent
``[optional]`` part), so the same object serves the fast parser's reduce functions
(``imisql.fast_tables``) and the reference path's walk over a Lark tree (``imisql.parser``).
Spans come from the children's tokens and nodes (``imisql.token_spans``), so no parse-tree metadata
is needed. The rules for values (names, literals, calls, CASE) are in ``imisql.value_rules``.
"""

from __future__ import annotations

from typing import Any

from imisql import ast
from imisql.condtree import Chain, finish, grow
from imisql.errors import Span
from imisql.operators import Op
from imisql.quick_init import maker
from imisql.token_spans import NO_SPAN, Tok, ident, join, span_of, tspan, unquote
from imisql.value_rules import ValueRules

_COMPARE_TOKENS: dict[str, Op] = {
    "EQ_SIGN": Op.EQUAL, "EQUAL": Op.EQUAL, "EQ": Op.EQUAL,
    "NE_SIGN": Op.NOT_EQUAL, "NOTEQUAL": Op.NOT_EQUAL, "NE": Op.NOT_EQUAL,
    "LT_SIGN": Op.LESS_THAN, "LESSTHAN": Op.LESS_THAN, "LT": Op.LESS_THAN,
    "LE_SIGN": Op.LESS_THAN_OR_EQUAL, "LESSTHANOREQUAL": Op.LESS_THAN_OR_EQUAL, "LE": Op.LESS_THAN_OR_EQUAL,
    "GT_SIGN": Op.GREATER_THAN, "GREATERTHAN": Op.GREATER_THAN, "GT": Op.GREATER_THAN,
    "GE_SIGN": Op.GREATER_THAN_OR_EQUAL, "GREATERTHANOREQUAL": Op.GREATER_THAN_OR_EQUAL,
    "GE": Op.GREATER_THAN_OR_EQUAL,
    "CONTAINS": Op.CONTAINS, "NOTCONTAIN": Op.NOT_CONTAIN, "BANG_CONTAIN": Op.NOT_CONTAIN, "NOT": Op.NOT_CONTAIN,
    "STARTSWITH": Op.STARTS_WITH, "STARTS": Op.STARTS_WITH, "ENDSWITH": Op.ENDS_WITH, "ENDS": Op.ENDS_WITH,
}  # fmt: skip

_CHECK_TOKENS: dict[str, Op] = {
    "ISEMPTY": Op.IS_EMPTY, "EMPTY_KW": Op.IS_EMPTY, "NOTEMPTY": Op.NOT_EMPTY, "BANG_EMPTY": Op.NOT_EMPTY,
    "ISTRUE": Op.IS_TRUE, "TRUE": Op.IS_TRUE, "ISFALSE": Op.IS_FALSE, "FALSE": Op.IS_FALSE,
}  # fmt: skip


_new = tuple.__new__
_PLAIN_CONDITIONS = frozenset({ast.Compare, ast.Like, ast.Between, ast.InList, ast.Check, ast.IsNull})  # finished
_NOTHING = (NO_SPAN, None)  # an absent ORDER BY or LIMIT clause: no keyword, no value
_select = maker(ast.Select)
_item = maker(ast.SelectItem)
_entity = maker(ast.EntitySource)
_compare = maker(ast.Compare)
_explain = maker(ast.Explain)
_update = maker(ast.Update)
_insert = maker(ast.Insert)
_delete = maker(ast.Delete)


class AstBuilder(ValueRules):
    """Rule callbacks producing ``imisql.ast`` nodes."""

    # ------------------------------------------------------------ statements

    def start(self, first: ast.Statement | None, *rest: ast.Statement | None) -> list[ast.Statement]:
        if not rest:  # one statement (or an empty text)
            return [] if first is None else [first]
        return [s for s in (first, *rest) if s is not None]

    def select(
        self, keyword: Tok, distinct: Tok | None, items: tuple[ast.SelectItem, ...], source: ast.Source,
        alias: Tok | None, joins: list[ast.Join] | None, where: ast.Cond | None, group: list[ast.Expr] | None,
        having: ast.Cond | None, ordered: tuple[Span, list[ast.OrderItem]] | None,
        limited: tuple[Span, ast.Expr] | None, offset: Any,
    ) -> ast.Select:  # fmt: skip
        order_keyword, order = ordered or _NOTHING
        limit_keyword, limit = limited or _NOTHING
        last: Any = (
            offset or limit or (order and order[-1]) or having or (group and group[-1]) or where
            or (joins and joins[-1]) or alias or source
        )  # fmt: skip
        end = last[3] if last.__class__ is tuple else last.span[1]  # a token (the alias) or a node
        start = keyword[2]
        return _select(
            items, source, ident(alias) if alias is not None else None, distinct is not None, where,
            tuple(joins) if joins else (), tuple(group) if group else (), having, tuple(order) if order else (),
            limit, offset, _new(Span, (start, end if end > start else start, keyword[4], keyword[5])),
            order_keyword, limit_keyword, _new(Span, keyword[2:]), self.end_statement(),
        )  # fmt: skip

    def explain(self, keyword: Tok, statement: ast.Select | ast.Write) -> ast.Explain:
        return _explain(statement, join(tspan(keyword), statement.span), statement.placeholders)

    def describe(self, keyword: Tok, name: Tok) -> ast.Describe:
        return ast.Describe(ident(name), join(tspan(keyword), tspan(name)))

    def show_entities(self, show: Tok, entities: Tok) -> ast.ShowEntities:
        return ast.ShowEntities(join(tspan(show), tspan(entities)))

    def update(self, keyword: Tok, entity: Tok, _set: Tok, *rest: Any) -> ast.Update:
        assignments, where = tuple(rest[:-1]), rest[-1]
        last = where if isinstance(where, ast.Cond) else assignments[-1]
        span = join(tspan(keyword), span_of(last))
        return _update(ident(entity), assignments, where, tspan(entity), span, self.end_statement())

    def assignment(self, target: ast.Name, _eq: Tok, value: ast.Expr) -> ast.Assignment:
        return ast.Assignment(target, value, join(target.span, value.span))

    def insert(self, keyword: Tok, _into: Tok, entity: Tok, *rest: Any) -> ast.Insert:
        *columns, _close, rows, returning = rest
        end = returning[-1].span if returning else rows.span if isinstance(rows, ast.Select) else rows[-1][1]
        span = join(tspan(keyword), end)
        select = rows if isinstance(rows, ast.Select) else None
        values = () if select is not None else tuple(r for r, _ in rows)
        found = self.end_statement()  # the SELECT's own were taken by its rule
        if select is not None and select.placeholders:
            found = select.placeholders + found
        return _insert(
            ident(entity), tuple(columns), values, select, tuple(returning or ()), tspan(entity), span, found
        )  # fmt: skip

    def insert_values(self, _values: Tok, *rows: Any) -> list[tuple[tuple[ast.Expr, ...], Span]]:
        return list(rows)

    def value_row(self, *c: Any) -> tuple[tuple[ast.Expr, ...], Span]:
        return tuple(c[:-1]), tspan(c[-1])

    def returning(self, _returning: Tok, *items: ast.SelectItem) -> list[ast.SelectItem]:
        return list(items)

    def delete(self, keyword: Tok, entity: Tok, where: ast.Cond | str | None) -> ast.Delete:
        last = where if isinstance(where, ast.Cond) else entity
        span = join(tspan(keyword), span_of(last))
        return _delete(ident(entity), where, tspan(entity), span, self.end_statement())

    def where_everything(self, _true: Tok) -> str:
        return ast.EVERYTHING

    def select_list(self, *items: ast.SelectItem) -> tuple[ast.SelectItem, ...]:
        return items

    def star(self, t: Tok) -> ast.SelectItem:
        return _item(None, None, True, None, _new(Span, t[2:]))

    def qualified_star(self, path: ast.Name, star: Tok) -> ast.SelectItem:
        return ast.SelectItem(None, star=True, qualifier=path.dotted, span=join(path.span, tspan(star)))

    def item(self, value: ast.Expr, alias: Tok | None) -> ast.SelectItem:
        span = value.span
        if alias is None:
            return _item(value, None, False, None, span)
        return _item(value, ident(alias), False, None, _new(Span, (span[0], alias[3], span[2], span[3])))

    def entity_source(self, t: Tok) -> ast.EntitySource:
        return _entity(t[1] if t[0] == "NAME" else unquote(t[1], '"'), _new(Span, t[2:]))

    def function_source(self, name: Tok, *rest: Any) -> ast.IqaSource:
        args = [a for a in rest[:-1] if a is not None]
        span = join(tspan(name), tspan(rest[-1]))
        if name[1].lower() != "iqa":
            raise self._error(
                f"unknown table function {name[1]!r}", span,
                "the only table function is iqa('$/Path/To/Query', 'prompt 1', ...)",
            )  # fmt: skip
        if not args or isinstance(args[0], ast.NamedArg):
            raise self._error("iqa() needs the query path", span, "iqa('$/Common/Queries/My Query', ...)")
        named = [a for a in args if isinstance(a, ast.NamedArg)]
        prompts = args[1 : len(args) - len(named)]
        misplaced = next((a for a in prompts if isinstance(a, ast.NamedArg)), None)
        if misplaced is not None:
            raise self._error(
                "the prompts of iqa() come before its named URL filters", misplaced.span,
                "iqa('$/Path/To/Query', 'prompt 1', COLUMN => 'value')",
            )  # fmt: skip
        return ast.IqaSource(args[0], tuple(prompts), span, tuple(named))

    def named_arg(self, name: Tok, value: ast.Expr) -> ast.NamedArg:
        return ast.NamedArg(ident(name), value, join(tspan(name), value.span))

    def alias(self, t: Tok) -> Tok:
        return t

    def joins(self, *joins: ast.Join) -> list[ast.Join]:
        return list(joins)

    def join(
        self, kind: tuple[str, Tok] | None, keyword: Tok, source: ast.Source, alias: Tok | None, _on: Tok | None,
        condition: Any,
    ) -> ast.Join:  # fmt: skip
        on = self.where(condition) if condition is not None else None
        first = kind[1] if kind is not None else keyword
        last = on or alias or source
        span = join(tspan(first), span_of(last))
        name = ident(alias) if alias is not None else None
        return ast.Join(kind[0] if kind is not None else "inner", source, name, on, span)

    def join_kind(self, t: Tok, _outer: Tok | None = None) -> tuple[str, Tok]:
        return t[1].lower(), t

    def where(self, cond: ast.Cond) -> ast.Cond:
        return cond if cond.__class__ in _PLAIN_CONDITIONS else self._condition(cond)

    having = where

    def limit(self, keyword: Tok, count: ast.Expr) -> tuple[Span, ast.Expr]:
        return tspan(keyword), count

    def offset(self, count: ast.Expr) -> ast.Expr:
        return count

    def group_by(self, *values: ast.Expr) -> list[ast.Expr]:
        return list(values)

    def order_by(self, keyword: Tok, *items: ast.OrderItem) -> tuple[Span, list[ast.OrderItem]]:
        return tspan(keyword), list(items)

    def order_item(self, value: ast.Expr, direction: Tok | None) -> ast.OrderItem:
        descending = direction is not None and direction[0] == "DESC"
        span = value.span if direction is None else join(value.span, tspan(direction))
        return ast.OrderItem(value, descending, span)

    def int_count(self, t: Tok) -> ast.Literal:
        return ast.Literal(int(self._digits(t)), tspan(t))

    # ------------------------------------------------------------ conditions

    def or_(self, left: Any, right: Any) -> Chain:
        return grow(ast.Or, left, right)

    def and_(self, left: Any, right: Any) -> Chain:
        return grow(ast.And, left, right)

    def not_(self, keyword: Tok, operand: Any) -> ast.Not:
        return ast.Not(finish(operand), join(tspan(keyword), operand.span))

    def compare(self, left: ast.Expr, op: Op, right: ast.Expr) -> ast.Cond:
        first, last = left.span, right.span  # (start, end, line, column)
        return _compare(left, op, right, _new(Span, (first[0], last[1], first[2], first[3])))

    def compare_op(self, t: Tok, _second: Tok | None = None) -> Op:  # NOT CONTAINS, STARTS WITH: two words
        return _COMPARE_TOKENS[t[0]]

    def check(self, operand: ast.Expr, op_end: tuple[Op, Span]) -> ast.Check:
        op, end = op_end
        return ast.Check(operand, op, join(operand.span, end))

    def check_op(self, t: Tok) -> tuple[Op, Span]:
        return _CHECK_TOKENS[t[0]], tspan(t)

    def is_check(self, *c: Tok | None) -> tuple[Op, Span]:  # [NOT] EMPTY, or TRUE / FALSE alone
        last = c[-1]
        assert last is not None
        op = _CHECK_TOKENS[last[0]]
        negated = c[0] is not None and c[0][0] == "NOT"
        return (Op.NOT_EMPTY if negated and op is Op.IS_EMPTY else op), tspan(last)

    def is_null(self, operand: ast.Expr, negated: Tok | None, null: Tok) -> ast.IsNull:
        return ast.IsNull(operand, negated is not None, join(operand.span, tspan(null)))

    def between(self, left: ast.Expr, negated: Tok | None, low: ast.Expr, high: ast.Expr) -> ast.Between:
        return ast.Between(left, low, high, negated is not None, join(left.span, high.span))

    def in_list(self, left: ast.Expr, negated: Tok | None, *rest: Any) -> ast.InList:
        *items, close = rest
        return ast.InList(left, tuple(items), negated is not None, join(left.span, tspan(close)))

    def parenthesised(self, cond: Any, _close: Tok) -> Any:  # a chain passes through: (a OR b) OR c is one Or
        return cond

    def like(self, left: ast.Expr, negated: Tok | None, pattern: ast.Expr) -> ast.Like:
        return ast.Like(left, pattern, negated is not None, join(left.span, pattern.span))

"""Grammar rules to typed AST nodes: ``AstBuilder``, the statement and condition rules over ``ValueRules``.

``AstBuilder`` has one method per grammar rule (or alias). Each receives the rule's children as a
list, already filtered the way Lark's tree builder filters them, so the same object serves both as
reduce callbacks in the fast parser (``imisql.fastparse``) and as a ``Transformer`` over a Lark tree.
Spans come from the children's tokens and nodes (``imisql.token_spans``), so no parse-tree metadata
is needed. The rules for values (names, literals, calls, CASE) are in ``imisql.value_rules``.
"""

from __future__ import annotations

from typing import Any

from imisql import ast
from imisql.condtree import Chain, finish, grow
from imisql.errors import Span
from imisql.operators import Op
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
    "CONTAINS": Op.CONTAINS, "NOTCONTAIN": Op.NOT_CONTAIN, "BANG_CONTAIN": Op.NOT_CONTAIN,
    "STARTSWITH": Op.STARTS_WITH, "STARTS": Op.STARTS_WITH, "ENDSWITH": Op.ENDS_WITH, "ENDS": Op.ENDS_WITH,
}  # fmt: skip

_CHECK_TOKENS: dict[str, Op] = {
    "ISEMPTY": Op.IS_EMPTY, "EMPTY_KW": Op.IS_EMPTY, "NOTEMPTY": Op.NOT_EMPTY, "BANG_EMPTY": Op.NOT_EMPTY,
    "ISTRUE": Op.IS_TRUE, "TRUE": Op.IS_TRUE, "ISFALSE": Op.IS_FALSE, "FALSE": Op.IS_FALSE,
}  # fmt: skip


_new = tuple.__new__
_PLAIN_CONDITIONS = frozenset({ast.Compare, ast.Like, ast.Between, ast.InList, ast.Check, ast.IsNull})  # finished
_NOTHING = (NO_SPAN, None)  # an absent ORDER BY or LIMIT clause: no keyword, no value
_select = ast.maker(ast.Select)
_item = ast.maker(ast.SelectItem)
_entity = ast.maker(ast.EntitySource)
_compare = ast.maker(ast.Compare)
_explain = ast.maker(ast.Explain)
_update = ast.maker(ast.Update)
_insert = ast.maker(ast.Insert)
_delete = ast.maker(ast.Delete)


class AstBuilder(ValueRules):
    """Rule callbacks producing ``imisql.ast`` nodes."""

    # ------------------------------------------------------------ statements

    def start(self, c: list[Any]) -> list[ast.Statement]:
        if len(c) == 1 and c[0] is not None:  # one statement (the reduce function's own list)
            return c
        return [s for s in c if s is not None]

    def select(self, c: list[Any]) -> ast.Select:
        keyword, distinct, items, source, alias, joins, where, group, having, ordered, limited, offset = c
        order_keyword, order = ordered or _NOTHING
        limit_keyword, limit = limited or _NOTHING
        last = (
            offset or limit or (order and order[-1]) or having or (group and group[-1]) or where
            or (joins and joins[-1]) or alias or source
        )  # fmt: skip
        end = last[3] if last.__class__ is tuple else last.span.end  # a token (the alias) or a node
        start = keyword[2]
        return _select(
            tuple(items), source, ident(alias) if alias is not None else None, distinct is not None, where,
            tuple(joins) if joins else (), tuple(group) if group else (), having, tuple(order) if order else (),
            limit, offset, _new(Span, (start, end if end > start else start, keyword[4], keyword[5])),
            order_keyword, limit_keyword, _new(Span, keyword[2:]), self.end_statement(),
        )  # fmt: skip

    def explain(self, c: list[Any]) -> ast.Explain:
        statement = c[-1]
        return _explain(statement, join(tspan(c[0]), statement.span), statement.placeholders)

    def describe(self, c: list[Any]) -> ast.Describe:
        return ast.Describe(ident(c[-1]), join(span_of(c[0]), span_of(c[-1])))

    def show_entities(self, c: list[Tok]) -> ast.ShowEntities:
        return ast.ShowEntities(join(tspan(c[0]), tspan(c[-1])))

    def update(self, c: list[Any]) -> ast.Update:
        keyword, entity, _set, *rest = c
        assignments, where = tuple(rest[:-1]), rest[-1]
        last = where if isinstance(where, ast.Cond) else assignments[-1]
        span = join(tspan(keyword), span_of(last))
        return _update(ident(entity), assignments, where, tspan(entity), span, self.end_statement())

    def assignment(self, c: list[Any]) -> ast.Assignment:
        target, _eq, value = c
        return ast.Assignment(target, value, join(target.span, value.span))

    def insert(self, c: list[Any]) -> ast.Insert:
        keyword, _into, entity, *columns, _close, rows, returning = c
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

    def insert_values(self, c: list[Any]) -> list[tuple[tuple[ast.Expr, ...], Span]]:
        return c[1:]

    def value_row(self, c: list[Any]) -> tuple[tuple[ast.Expr, ...], Span]:
        return tuple(c[:-1]), tspan(c[-1])

    def returning(self, c: list[Any]) -> list[ast.SelectItem]:
        return c[1:]

    def delete(self, c: list[Any]) -> ast.Delete:
        keyword, entity, where = c
        last = where if isinstance(where, ast.Cond) else entity
        span = join(tspan(keyword), span_of(last))
        return _delete(ident(entity), where, tspan(entity), span, self.end_statement())

    def where_everything(self, c: list[Tok]) -> str:
        return ast.EVERYTHING

    def select_list(self, c: list[ast.SelectItem]) -> list[ast.SelectItem]:
        return c

    def star(self, c: list[Tok]) -> ast.SelectItem:
        return _item(None, None, True, None, _new(Span, c[0][2:]))

    def qualified_star(self, c: list[Any]) -> ast.SelectItem:
        path, star = c
        return ast.SelectItem(None, star=True, qualifier=path.dotted, span=join(path.span, tspan(star)))

    def item(self, c: list[Any]) -> ast.SelectItem:
        value, alias = c
        if alias is None:
            return _item(value, None, False, None, value.span)
        return _item(value, ident(alias), False, None, join(value.span, tspan(alias)))

    def entity_source(self, c: list[Tok]) -> ast.EntitySource:
        t = c[0]
        return _entity(t[1] if t[0] == "NAME" else unquote(t[1], '"'), _new(Span, t[2:]))

    def function_source(self, c: list[Any]) -> ast.IqaSource:
        name, args = c[0], [a for a in c[1:-1] if a is not None]
        span = join(tspan(name), tspan(c[-1]))
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

    def named_arg(self, c: list[Any]) -> ast.NamedArg:
        name, value = c
        return ast.NamedArg(ident(name), value, join(tspan(name), value.span))

    def alias(self, c: list[Tok]) -> Tok:
        return c[0]

    def joins(self, c: list[ast.Join]) -> list[ast.Join]:
        return c

    def join(self, c: list[Any]) -> ast.Join:
        kind, keyword, source, alias, _on, condition = c
        on = self.where([condition]) if condition is not None else None
        first = kind[1] if kind is not None else keyword
        last = on or alias or source
        span = join(tspan(first), span_of(last))
        name = ident(alias) if alias is not None else None
        return ast.Join(kind[0] if kind is not None else "inner", source, name, on, span)

    def join_kind(self, c: list[Tok]) -> tuple[str, Tok]:
        return c[0][1].lower(), c[0]

    def where(self, c: list[Any]) -> ast.Cond:
        cond: ast.Cond = c[0]
        return cond if cond.__class__ in _PLAIN_CONDITIONS else self._condition(cond)

    having = where

    def limit(self, c: list[Any]) -> tuple[Span, Any]:
        return tspan(c[0]), c[1]

    def offset(self, c: list[Any]) -> Any:
        return c[0]

    def group_by(self, c: list[ast.Expr]) -> list[ast.Expr]:
        return c

    def order_by(self, c: list[Any]) -> tuple[Span, list[ast.OrderItem]]:
        return tspan(c[0]), c[1:]

    def order_item(self, c: list[Any]) -> ast.OrderItem:
        value, direction = c
        descending = direction is not None and direction[0] == "DESC"
        span = value.span if direction is None else join(value.span, tspan(direction))
        return ast.OrderItem(value, descending, span)

    def int_count(self, c: list[Tok]) -> ast.Literal:
        return ast.Literal(int(self._digits(c[0])), tspan(c[0]))

    # ------------------------------------------------------------ conditions

    def or_(self, c: list[Any]) -> Chain:
        return grow(ast.Or, c[0], c[1])

    def and_(self, c: list[Any]) -> Chain:
        return grow(ast.And, c[0], c[1])

    def not_(self, c: list[Any]) -> ast.Not:
        keyword, operand = c
        return ast.Not(finish(operand), join(tspan(keyword), operand.span))

    def compare(self, c: list[Any]) -> ast.Cond:
        left, op, right = c
        first, last = left.span, right.span
        return _compare(left, op, right, _new(Span, (first.start, last.end, first.line, first.column)))

    def compare_op(self, c: list[Tok]) -> Op:
        return Op.NOT_CONTAIN if c[0][0] == "NOT" else _COMPARE_TOKENS[c[0][0]]

    def check(self, c: list[Any]) -> ast.Check:
        operand, (op, end) = c
        return ast.Check(operand, op, join(operand.span, end))

    def check_op(self, c: list[Tok]) -> tuple[Op, Span]:
        return _CHECK_TOKENS[c[0][0]], tspan(c[0])

    def is_check(self, c: list[Tok | None]) -> tuple[Op, Span]:
        last = c[-1]
        assert last is not None
        op = _CHECK_TOKENS[last[0]]
        negated = c[0] is not None and c[0][0] == "NOT"
        return (Op.NOT_EMPTY if negated and op is Op.IS_EMPTY else op), tspan(last)

    def is_null(self, c: list[Any]) -> ast.IsNull:
        operand, negated, null = c
        return ast.IsNull(operand, negated is not None, join(operand.span, tspan(null)))

    def between(self, c: list[Any]) -> ast.Between:
        left, negated, low, high = c
        return ast.Between(left, low, high, negated is not None, join(left.span, high.span))

    def in_list(self, c: list[Any]) -> ast.InList:
        left, negated, items = c[0], c[1], c[2:-1]
        return ast.InList(left, tuple(items), negated is not None, join(left.span, tspan(c[-1])))

    def parenthesised(self, c: list[Any]) -> Any:  # a chain passes through: (a OR b) OR c is one Or
        return c[0]

    def like(self, c: list[Any]) -> ast.Like:
        left, negated, pattern = c
        return ast.Like(left, pattern, negated is not None, join(left.span, pattern.span))

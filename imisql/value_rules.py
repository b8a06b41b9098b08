"""Grammar rules for values, and what every rule callback shares (the per-parse state, errors).

``ValueRules`` builds the nodes of value expressions: names, parameters, literals, function calls
(checked against the function vocabulary of ``imisql.frontend``), arithmetic and CASE. ``AstBuilder``
(``imisql.transform``) adds the statement and condition rules on top. Per-parse state (the source
text, the ``?`` counter) is thread-local: the shell completes in a background thread.
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any, cast

from imisql import ast
from imisql.condtree import finish, too_deep
from imisql.errors import SemanticError, Span
from imisql.frontend import AGGREGATES
from imisql.limits import DEPTH_HINT, MAX_NUMBER_DIGITS, NUMBER_HINT, digits_of
from imisql.operators import Op
from imisql.quick_init import maker
from imisql.scalar import ARITY
from imisql.token_spans import Tok, join, tspan, unquote

FUNCTION_LIST = "the aggregates COUNT, SUM, MIN, MAX, AVG and the scalar functions " + ", ".join(sorted(ARITY))
FUNCTION_EXAMPLES = {
    "COALESCE": "COALESCE(Email, 'none')", "ROUND": "ROUND(Amount, 2)", "CURRENT_DATE": "CURRENT_DATE()",
    "CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP()", "YEAR": "YEAR(JoinDate)", "MONTH": "MONTH(JoinDate)",
    "DAY": "DAY(JoinDate)", "LOWER": "LOWER(Email)", "UPPER": "UPPER(LastName)",
}  # fmt: skip


_new = tuple.__new__
_name = maker(ast.Name)
_literal = maker(ast.Literal)
_param = maker(ast.Param)
_CONNECTIVES = (ast.And, ast.Or, ast.Not)


class ValueRules:
    """Rule callbacks for values, and the state and errors every rule callback shares.

    A rule's callback takes the children Lark's tree builder keeps, as arguments (``None`` for an absent
    ``[optional]`` part). Per parse (thread-local): the text, the ``?`` counter and the placeholders
    made since the last statement (``end_statement``)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def begin(self, text: str) -> None:
        """Reset the per-parse state before parsing ``text``."""
        local = self._local
        local.text = text
        local.positional = 0
        local.placeholders = []

    def end_statement(self) -> tuple[ast.Param, ...]:
        """The placeholders made since the last statement, for the statement now made; ``?`` counts from
        0 again (each statement runs with its own values)."""
        local = self._local
        local.positional = 0
        found = local.placeholders
        if not found:
            return ()
        local.placeholders = []
        return tuple(found)

    def _error(self, message: str, span: Span, hint: str) -> SemanticError:
        text = getattr(self._local, "text", "")
        return SemanticError(message, text, Span.of(text, span.start, span.end) if text else span, hint=hint)

    def _condition(self, raw: Any) -> ast.Cond:
        """A whole condition (WHERE, HAVING, CASE WHEN): the finished tree, no deeper than the limit.

        Every rule that takes a ``cond`` must pass it through here (see ``imisql.condtree``)."""
        cond = finish(raw)
        if cond.__class__ in _CONNECTIVES:  # nothing else nests conditions
            deep = too_deep(cond)
            if deep is not None:
                raise self._error("condition nested too deeply", deep.span, DEPTH_HINT)
        return cast(ast.Cond, cond)

    # ------------------------------------------------------------ values

    def path(self, head: Any, t: Tok | None = None) -> ast.Name:  # hot: written out instead of calling helpers
        if t is None:  # one NAME or QUOTED_NAME
            return _name((head[1] if head[0] == "NAME" else unquote(head[1], '"'),), _new(Span, head[2:]))
        part = t[1] if t[0] == "NAME" else unquote(t[1], '"')
        first = head.span
        return _name((*head.parts, part), _new(Span, (first.start, t[3], first.line, first.column)))

    def call_star(self, name: Tok, _star: Tok, close: Tok) -> ast.Call:
        return self._call(name, (), join(tspan(name), tspan(close)), star=True)

    def call(self, name: Tok, distinct: Tok | None, value: ast.Expr, close: Tok) -> ast.Call:
        return self._call(name, (value,), join(tspan(name), tspan(close)), distinct=distinct is not None)

    def call_many(self, name: Tok, *rest: Any) -> ast.Call:
        *args, close = rest
        return self._call(name, tuple(args), join(tspan(name), tspan(close)))

    def call_none(self, name: Tok, close: Tok) -> ast.Call:
        return self._call(name, (), join(tspan(name), tspan(close)))

    def _call(self, name: Tok, args: tuple[ast.Expr, ...], span: Span, **flags: bool) -> ast.Call:
        upper = name[1].upper()
        if upper not in AGGREGATES and upper not in ARITY:
            raise self._error(f"unknown function {name[1]!r}", span, f"the functions are {FUNCTION_LIST}")
        if flags.get("star") and upper != "COUNT":
            raise self._error(f"{upper}(*) is not allowed", span, "only COUNT(*) takes *")
        fewest, most = ARITY.get(upper, (0 if flags.get("star") else 1, 1))
        if len(args) < fewest or (most is not None and len(args) > most):
            wanted = f"{fewest}" if fewest == most else f"{fewest} or more" if most is None else f"{fewest} to {most}"
            raise self._error(
                f"{upper} takes {wanted} argument{'' if wanted == '1' else 's'}, got {len(args)}", span,
                f"e.g. {FUNCTION_EXAMPLES.get(upper, upper + '(Amount)')}",
            )  # fmt: skip
        if flags.get("distinct") and upper not in AGGREGATES:
            raise self._error(f"DISTINCT does not apply to {upper}", span, "write it in aggregates: COUNT(DISTINCT x)")
        return ast.Call(upper, args, span=span, **flags)

    # ------------------------------------------------------------ scalar expressions

    def _binary(self, left: ast.Expr, op: Tok, right: ast.Expr) -> ast.Binary:
        return ast.Binary(op[1], left, right, join(left.span, right.span))

    concat_op = add_op = sub_op = mul_op = div_op = _binary

    def paren(self, value: ast.Expr, _close: Tok) -> ast.Expr:
        return value

    def when_then(self, _when: Tok, cond: Any, _then: Tok, value: ast.Expr) -> list[Any]:
        return [self._condition(cond), value]  # a list: the CASE rules tell branches from tokens

    def simple_when(self, _when: Tok, value: ast.Expr, _then: Tok, result: ast.Expr) -> list[Any]:
        return [value, result]

    def searched_case(self, case: Tok, *rest: Any) -> ast.Case:
        *middle, end = rest
        branches = tuple((cond, value) for cond, value in (item for item in middle if type(item) is list))
        return ast.Case(branches, _else(middle), join(tspan(case), tspan(end)))

    def simple_case(self, case: Tok, operand: ast.Expr, *rest: Any) -> ast.Case:
        *middle, end = rest
        branches = tuple(
            (ast.Compare(operand, Op.EQUAL, value, join(operand.span, value.span)), result)
            for value, result in (item for item in middle if type(item) is list)
        )
        return ast.Case(branches, _else(middle), join(tspan(case), tspan(end)))

    def named_param(self, t: Tok) -> ast.Param:
        param = _param(t[1][1:], None, _new(Span, t[2:]))
        self._local.placeholders.append(param)
        return param

    def positional_param(self, t: Tok) -> ast.Param:
        local = self._local
        index = local.positional
        local.positional = index + 1
        param = _param(None, index, _new(Span, t[2:]))
        local.placeholders.append(param)
        return param

    def string(self, t: Tok) -> ast.Literal:
        text = t[1][1:-1]
        return _literal(text.replace("''", "'") if "''" in text else text, _new(Span, t[2:]))

    def integer(self, t: Tok) -> ast.Literal:
        return _literal(int(self._digits(t)), tspan(t))

    def decimal(self, t: Tok) -> ast.Literal:
        return _literal(Decimal(self._digits(t)), tspan(t))

    def neg_integer(self, minus: Tok, t: Tok) -> ast.Literal:
        return _literal(-int(self._digits(t)), join(tspan(minus), tspan(t)))

    def neg_decimal(self, minus: Tok, t: Tok) -> ast.Literal:
        return _literal(-Decimal(self._digits(t)), join(tspan(minus), tspan(t)))

    def _digits(self, token: Tok) -> str:
        """A number token's text, once it is known to fit ``MAX_NUMBER_DIGITS``."""
        text = token[1]
        if len(text) > MAX_NUMBER_DIGITS and digits_of(text) > MAX_NUMBER_DIGITS:
            raise self._error(f"number too long ({digits_of(text):,} digits)", tspan(token), NUMBER_HINT)
        return text

    def true(self, t: Tok) -> ast.Literal:
        return _literal(True, tspan(t))

    def false(self, t: Tok) -> ast.Literal:
        return _literal(False, tspan(t))

    def null(self, t: Tok) -> ast.Literal:
        return _literal(None, tspan(t))

    def date(self, keyword: Tok, token: Tok) -> ast.Literal:
        raw = unquote(token[1], "'")
        try:
            return _literal(dt.date.fromisoformat(raw), join(tspan(keyword), tspan(token)))
        except ValueError:
            raise self._error(
                f"invalid DATE literal {raw!r}",
                tspan(token),
                "write dates as DATE 'YYYY-MM-DD', e.g. DATE '2024-01-31'",
            ) from None

    def timestamp(self, keyword: Tok, token: Tok) -> ast.Literal:
        raw = unquote(token[1], "'")
        try:
            value = dt.datetime.fromisoformat(raw.replace(" ", "T", 1))
        except ValueError:
            raise self._error(
                f"invalid TIMESTAMP literal {raw!r}",
                tspan(token),
                "write timestamps as TIMESTAMP 'YYYY-MM-DD HH:MM:SS'",
            ) from None
        return _literal(value, join(tspan(keyword), tspan(token)))  # an offset is bound to the server clock


def _else(middle: list[Any]) -> ast.Expr | None:
    """The ELSE value among a CASE's children (after the ELSE keyword), if any."""
    for index, item in enumerate(middle):
        if type(item) is tuple and item[0] == "ELSE":  # the ELSE token
            value: ast.Expr = middle[index + 1]
            return value
    return None

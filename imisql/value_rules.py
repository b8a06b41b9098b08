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

from lark import Token, Transformer

from imisql import ast
from imisql.condtree import finish, too_deep
from imisql.errors import SemanticError, Span
from imisql.frontend import AGGREGATES
from imisql.limits import DEPTH_HINT, MAX_NUMBER_DIGITS, NUMBER_HINT, digits_of
from imisql.operators import Op
from imisql.scalar import ARITY
from imisql.token_spans import AnyToken, Tok, fast_span, join, tspan, unquote

FUNCTION_LIST = "the aggregates COUNT, SUM, MIN, MAX, AVG and the scalar functions " + ", ".join(sorted(ARITY))
FUNCTION_EXAMPLES = {
    "COALESCE": "COALESCE(Email, 'none')", "ROUND": "ROUND(Amount, 2)", "CURRENT_DATE": "CURRENT_DATE()",
    "CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP()", "YEAR": "YEAR(JoinDate)", "MONTH": "MONTH(JoinDate)",
    "DAY": "DAY(JoinDate)", "LOWER": "LOWER(Email)", "UPPER": "UPPER(LastName)",
}  # fmt: skip


class ValueRules(Transformer[Token, Any]):
    """Rule callbacks for values, and the state and errors every rule callback shares."""

    def __init__(self) -> None:
        super().__init__()
        self._local = threading.local()

    def begin(self, text: str) -> None:
        """Reset the per-parse state before parsing ``text``."""
        self._local.text = text
        self._local.positional = 0

    def _error(self, message: str, span: Span, hint: str) -> SemanticError:
        text = getattr(self._local, "text", "")
        return SemanticError(message, text, Span.of(text, span.start, span.end) if text else span, hint=hint)

    def _condition(self, raw: Any) -> ast.Cond:
        """A whole condition (WHERE, HAVING, CASE WHEN): the finished tree, no deeper than the limit.

        Every rule that takes a ``cond`` must pass it through here (see ``imisql.condtree``)."""
        cond = finish(raw)
        deep = too_deep(cond)
        if deep is not None:
            raise self._error("condition nested too deeply", deep.span, DEPTH_HINT)
        return cast(ast.Cond, cond)

    # ------------------------------------------------------------ values

    def path(self, c: list[Any]) -> ast.Name:  # hot: written out instead of calling helpers
        if len(c) == 1:
            t = c[0]
            part = t.value if t.type == "NAME" else unquote(t.value, '"')
            return ast.Name((part,), fast_span((t.start_pos, t.end_pos, t.line, t.column)))
        head, t = c
        part = t.value if t.type == "NAME" else unquote(t.value, '"')
        first = head.span
        return ast.Name((*head.parts, part), fast_span((first.start, t.end_pos, first.line, first.column)))

    def call_star(self, c: list[Token]) -> ast.Call:
        name, _, close = c
        return self._call(name, (), join(tspan(name), tspan(close)), star=True)

    def call(self, c: list[Any]) -> ast.Call:
        name, distinct, value, close = c
        return self._call(name, (value,), join(tspan(name), tspan(close)), distinct=distinct is not None)

    def call_many(self, c: list[Any]) -> ast.Call:
        name, *args, close = c
        return self._call(name, tuple(args), join(tspan(name), tspan(close)))

    def call_none(self, c: list[Token]) -> ast.Call:
        name, close = c
        return self._call(name, (), join(tspan(name), tspan(close)))

    def _call(self, name: Token, args: tuple[ast.Expr, ...], span: Span, **flags: bool) -> ast.Call:
        upper = name.value.upper()
        if upper not in AGGREGATES and upper not in ARITY:
            raise self._error(f"unknown function {name.value!r}", span, f"the functions are {FUNCTION_LIST}")
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

    def _binary(self, c: list[Any]) -> ast.Binary:
        left, op, right = c
        return ast.Binary(op.value, left, right, join(left.span, right.span))

    concat_op = add_op = sub_op = mul_op = div_op = _binary

    def paren(self, c: list[Any]) -> ast.Expr:
        return c[0]

    def when_then(self, c: list[Any]) -> tuple[ast.Cond, ast.Expr]:
        return (self._condition(c[1]), c[3])

    def simple_when(self, c: list[Any]) -> tuple[ast.Expr, ast.Expr]:
        return (c[1], c[3])

    def searched_case(self, c: list[Any]) -> ast.Case:
        case, *middle, end = c
        branches = tuple(item for item in middle if type(item) is tuple)  # not a token (a named tuple)
        return ast.Case(branches, _else(middle), join(tspan(case), tspan(end)))

    def simple_case(self, c: list[Any]) -> ast.Case:
        case, operand, *middle, end = c
        branches = tuple(
            (ast.Compare(operand, Op.EQUAL, value, join(operand.span, value.span)), result)
            for value, result in (item for item in middle if type(item) is tuple)
        )
        return ast.Case(branches, _else(middle), join(tspan(case), tspan(end)))

    def named_param(self, c: list[Token]) -> ast.Param:
        return ast.Param(name=c[0].value[1:], span=tspan(c[0]))

    def positional_param(self, c: list[Token]) -> ast.Param:
        index = self._local.positional
        self._local.positional = index + 1
        return ast.Param(index=index, span=tspan(c[0]))

    def string(self, c: list[Token]) -> ast.Literal:
        t = c[0]
        text = t.value[1:-1]
        return ast.Literal(text.replace("''", "'") if "''" in text else text, tspan(t))

    def integer(self, c: list[Token]) -> ast.Literal:
        return ast.Literal(int(self._digits(c[0])), tspan(c[0]))

    def decimal(self, c: list[Token]) -> ast.Literal:
        return ast.Literal(Decimal(self._digits(c[0])), tspan(c[0]))

    def neg_integer(self, c: list[Token]) -> ast.Literal:
        return ast.Literal(-int(self._digits(c[1])), join(tspan(c[0]), tspan(c[1])))

    def neg_decimal(self, c: list[Token]) -> ast.Literal:
        return ast.Literal(-Decimal(self._digits(c[1])), join(tspan(c[0]), tspan(c[1])))

    def _digits(self, token: AnyToken) -> str:
        """A number token's text, once it is known to fit ``MAX_NUMBER_DIGITS``."""
        text = token.value
        if len(text) > MAX_NUMBER_DIGITS and digits_of(text) > MAX_NUMBER_DIGITS:
            raise self._error(f"number too long ({digits_of(text):,} digits)", tspan(token), NUMBER_HINT)
        return text

    def true(self, c: list[Token]) -> ast.Literal:
        return ast.Literal(True, tspan(c[0]))

    def false(self, c: list[Token]) -> ast.Literal:
        return ast.Literal(False, tspan(c[0]))

    def null(self, c: list[Token]) -> ast.Literal:
        return ast.Literal(None, tspan(c[0]))

    def date(self, c: list[Token]) -> ast.Literal:
        keyword, token = c
        raw = unquote(token.value, "'")
        try:
            return ast.Literal(dt.date.fromisoformat(raw), join(tspan(keyword), tspan(token)))
        except ValueError:
            raise self._error(
                f"invalid DATE literal {raw!r}",
                tspan(token),
                "write dates as DATE 'YYYY-MM-DD', e.g. DATE '2024-01-31'",
            ) from None

    def timestamp(self, c: list[Token]) -> ast.Literal:
        keyword, token = c
        raw = unquote(token.value, "'")
        try:
            value = dt.datetime.fromisoformat(raw.replace(" ", "T", 1))
        except ValueError:
            raise self._error(
                f"invalid TIMESTAMP literal {raw!r}",
                tspan(token),
                "write timestamps as TIMESTAMP 'YYYY-MM-DD HH:MM:SS'",
            ) from None
        return ast.Literal(value, join(tspan(keyword), tspan(token)))  # an offset is bound to the server clock


def _else(middle: list[Any]) -> ast.Expr | None:
    """The ELSE value among a CASE's children (after the ELSE keyword), if any."""
    for index, item in enumerate(middle):
        if isinstance(item, Tok | Token) and item.type == "ELSE":
            value: ast.Expr = middle[index + 1]
            return value
    return None

"""The canonical text of a statement: upper-case keywords, one clause per line, SQL operator spellings.

``statement_lines`` renders an AST as ``Line``s, each remembering where in the source its content
starts so the formatter can put comments back next to the code they followed. Names keep their
original spelling (quotes included); literals are written canonically (``DATE '2024-01-31'``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from imisql import ast
from imisql.binding import literal_sql
from imisql.engine.tokens import tables
from imisql.errors import Span
from imisql.operators import SPEC_BY_OP
from imisql.resolve import is_plain_name

WRAP = 100  # a SELECT list longer than this gets one item per line
INDENT = "    "

_PART = r'(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"\n]|"")*")'
_CLEAN_PATH = re.compile(rf"{_PART}(?:\.{_PART})*")


@dataclass(frozen=True)
class Line:
    """One output line and the source offset its content starts at."""

    code: str
    source: int


def statement_lines(statement: ast.Statement, text: str, anchors: dict[str, int]) -> list[Line]:
    """The canonical lines of ``statement``; ``anchors`` maps clause keywords to their source offsets."""
    if isinstance(statement, ast.Describe):
        return [Line(f"DESCRIBE {_ident(statement.entity)}", statement.span.start)]
    if isinstance(statement, ast.ShowEntities):
        return [Line("SHOW ENTITIES", statement.span.start)]
    if isinstance(statement, ast.Explain):
        lines = statement_lines(statement.statement, text, anchors)
        return [Line("EXPLAIN " + lines[0].code, statement.span.start), *lines[1:]]
    if isinstance(statement, ast.Update | ast.Insert | ast.Delete):
        return _Printer(text, anchors).write(statement)
    return _Printer(text, anchors).select(statement)


class _Printer:
    def __init__(self, text: str, anchors: dict[str, int]):
        self.text, self.anchors = text, anchors

    def select(self, s: ast.Select) -> list[Line]:
        lines = self._items(s)
        alias = f" AS {_ident(s.alias)}" if s.alias else ""
        lines.append(Line(f"FROM {self.source(s.source)}{alias}", self.anchors.get("FROM", 0)))
        lines.extend(self.join(j) for j in s.joins)
        if s.where is not None:
            lines.extend(self._condition("WHERE", s.where))
        if s.group_by:
            lines.append(self._clause("GROUP", "GROUP BY " + ", ".join(self.expr(e) for e in s.group_by)))
        if s.having is not None:
            lines.extend(self._condition("HAVING", s.having))
        if s.order_by:
            lines.append(self._clause("ORDER", "ORDER BY " + ", ".join(self.order(o) for o in s.order_by)))
        if s.limit is not None:
            lines.append(self._clause("LIMIT", f"LIMIT {self.expr(s.limit)}"))
        if s.offset is not None:
            lines.append(self._clause("OFFSET", f"OFFSET {self.expr(s.offset)}"))
        return lines

    def write(self, s: ast.Update | ast.Insert | ast.Delete) -> list[Line]:
        entity = self._original(s.entity_span) or _ident(s.entity)
        if isinstance(s, ast.Insert):
            return self._insert(s, entity)
        if isinstance(s, ast.Update):
            sets = ", ".join(f"{self.expr(a.target)} = {self.expr(a.value)}" for a in s.assignments)
            lines = [Line(f"UPDATE {entity}", s.span.start), self._clause("SET", f"SET {sets}")]
        else:
            lines = [Line(f"DELETE FROM {entity}", s.span.start)]
        if s.where == ast.EVERYTHING:
            lines.append(self._clause("WHERE", "WHERE TRUE"))
        elif s.where is not None and not isinstance(s.where, str):
            lines.extend(self._condition("WHERE", s.where))
        return lines

    def _insert(self, s: ast.Insert, entity: str) -> list[Line]:
        columns = ", ".join(self.expr(c) for c in s.columns)
        lines = [Line(f"INSERT INTO {entity} ({columns})", s.span.start)]
        if s.select is not None:
            lines.extend(self.select(s.select))
        else:
            rows = [f"({', '.join(self.expr(v) for v in row)})" for row in s.rows]
            lines.append(self._clause("VALUES", "VALUES " + rows[0] + ("," if len(rows) > 1 else "")))
            lines.extend(
                Line(f"{INDENT}{row}{',' if n < len(rows) - 1 else ''}", 0) for n, row in enumerate(rows[1:], 1)
            )
        if s.returning:
            lines.append(self._clause("RETURNING", "RETURNING " + ", ".join(self.item(i) for i in s.returning)))
        return lines

    def join(self, j: ast.Join) -> Line:
        """``[LEFT|RIGHT|FULL|CROSS] JOIN source [AS alias] [ON condition]`` on one line (INNER is implied)."""
        kind = "" if j.kind == "inner" else j.kind.upper() + " "
        alias = f" AS {_ident(j.alias)}" if j.alias else ""
        on = f" ON {self.cond(j.on)}" if j.on is not None else ""
        return Line(f"{kind}JOIN {self.source(j.source)}{alias}{on}", j.span.start)

    def _clause(self, keyword: str, code: str) -> Line:
        return Line(code, self.anchors.get(keyword, 0))

    def _items(self, s: ast.Select) -> list[Line]:
        head = "SELECT DISTINCT" if s.distinct else "SELECT"
        items = [self.item(i) for i in s.items]
        one_line = f"{head} {', '.join(items)}"
        if len(one_line) <= WRAP:
            return [self._clause("SELECT", one_line)]
        last = len(items) - 1
        rest = [Line(f"{INDENT}{code}{',' if n < last else ''}", s.items[n].span.start) for n, code in enumerate(items)]
        return [self._clause("SELECT", head), *rest]

    def _condition(self, keyword: str, cond: ast.Cond) -> list[Line]:
        if isinstance(cond, ast.And | ast.Or):
            joiner = "  AND " if isinstance(cond, ast.And) else "   OR "
            first, *rest = cond.items
            lines = [self._clause(keyword, f"{keyword} {self.operand(first, cond)}")]
            lines.extend(Line(joiner + self.operand(c, cond), c.span.start) for c in rest)
            return lines
        return [self._clause(keyword, f"{keyword} {self.cond(cond)}")]

    # ------------------------------------------------------------ pieces

    def item(self, item: ast.SelectItem) -> str:
        if item.star:
            return f"{item.qualifier}.*" if item.qualifier else "*"
        assert item.expr is not None
        return self.expr(item.expr) + (f" AS {_ident(item.alias)}" if item.alias else "")

    def source(self, source: ast.Source) -> str:
        if isinstance(source, ast.EntitySource):
            return self._original(source.span) or _ident(source.name)
        named = (f"{_ident(f.name)} => {self.expr(f.value)}" for f in source.filters)
        return "iqa(" + ", ".join((*(self.expr(e) for e in (source.path, *source.args)), *named)) + ")"

    def order(self, item: ast.OrderItem) -> str:
        return self.expr(item.expr) + (" DESC" if item.descending else "")

    def expr(self, e: ast.Expr) -> str:
        if isinstance(e, ast.Name):
            return self._original(e.span) or ".".join(_ident(p) for p in e.parts)
        if isinstance(e, ast.Literal):
            return _literal(e.value)
        if isinstance(e, ast.Param):
            return f":{e.name}" if e.name is not None else "?"
        if isinstance(e, ast.Binary):
            return self._binary(e)
        if isinstance(e, ast.Case):
            whens = " ".join(f"WHEN {self.cond(c)} THEN {self.expr(v)}" for c, v in e.branches)
            default = f" ELSE {self.expr(e.default)}" if e.default is not None else ""
            return f"CASE {whens}{default} END"
        if e.star:
            return f"{e.name}(*)"
        return f"{e.name}({'DISTINCT ' if e.distinct else ''}{', '.join(self.expr(a) for a in e.args)})"

    def _binary(self, e: ast.Binary) -> str:
        """``left op right``, parenthesising an operand that binds looser (or as loosely, on the right)."""
        rank = _PRECEDENCE[e.op]

        def side(operand: ast.Expr, right: bool) -> str:
            text = self.expr(operand)
            inner = _PRECEDENCE.get(operand.op, 9) if isinstance(operand, ast.Binary) else 9
            return f"({text})" if inner < rank or (right and inner == rank) else text

        return f"{side(e.left, False)} {e.op} {side(e.right, True)}"

    def _original(self, span: Span) -> str | None:
        """A name as written (keeps its quoting), when its span holds just the name."""
        written = self.text[span.start : span.end]
        return written if span.end > span.start and _CLEAN_PATH.fullmatch(written) else None

    def cond(self, c: ast.Cond) -> str:
        if isinstance(c, ast.And | ast.Or):
            word = " AND " if isinstance(c, ast.And) else " OR "
            return word.join(self.operand(item, c) for item in c.items)
        if isinstance(c, ast.Not):
            inner = self.cond(c.operand)
            return f"NOT ({inner})" if isinstance(c.operand, ast.And | ast.Or) else f"NOT {inner}"
        return self.predicate(c)

    def operand(self, item: ast.Cond, parent: ast.And | ast.Or) -> str:
        text = self.cond(item)
        return f"({text})" if isinstance(item, ast.Or) and isinstance(parent, ast.And) else text

    def predicate(self, c: ast.Cond) -> str:
        if isinstance(c, ast.Compare):
            return f"{self.expr(c.left)} {SPEC_BY_OP[c.op].sql} {self.expr(c.right)}"
        if isinstance(c, ast.Check):
            return f"{self.expr(c.operand)} {SPEC_BY_OP[c.op].sql}"
        if isinstance(c, ast.IsNull):
            return f"{self.expr(c.operand)} IS {'NOT ' if c.negated else ''}NULL"
        not_ = "NOT " if getattr(c, "negated", False) else ""
        if isinstance(c, ast.Between):
            return f"{self.expr(c.left)} {not_}BETWEEN {self.expr(c.low)} AND {self.expr(c.high)}"
        if isinstance(c, ast.InList):
            return f"{self.expr(c.left)} {not_}IN ({', '.join(self.expr(i) for i in c.items)})"
        assert isinstance(c, ast.Like)
        return f"{self.expr(c.left)} {not_}LIKE {self.expr(c.pattern)}"


_PRECEDENCE = {"||": 1, "+": 2, "-": 2, "*": 3, "/": 3}


def _ident(name: str) -> str:
    if is_plain_name(name) and name.lower() not in tables().keywords:
        return name
    return '"' + name.replace('"', '""') + '"'


def _literal(value: ast.LiteralValue) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return literal_sql(value)

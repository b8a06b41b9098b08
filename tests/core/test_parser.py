"""Parser: statements to typed AST nodes, spans, and friendly errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from imisql import ast
from imisql.errors import QueryError, SemanticError, SyntaxError
from imisql.frontend import split
from imisql.operators import OPERATORS, Arity, Op
from imisql.parser import parse, parse_each, parse_statement


def where(sql: str) -> ast.Cond:
    statement = parse_statement(f"SELECT * FROM Party WHERE {sql}")
    assert isinstance(statement, ast.Select) and statement.where is not None
    return statement.where


ONE_OPERAND = [(s, spec.op) for spec in OPERATORS if spec.arity is Arity.ONE for s in spec.spellings]
NO_OPERAND = [(s, spec.op) for spec in OPERATORS if spec.arity is Arity.NONE for s in spec.spellings]


@pytest.mark.parametrize(("spelling", "op"), ONE_OPERAND)
def test_every_one_operand_spelling_is_infix(spelling: str, op: Op) -> None:
    assert where(f"x {spelling} 'v'") == ast.Compare(ast.Name(("x",)), op, ast.Literal("v"))


@pytest.mark.parametrize(("spelling", "op"), NO_OPERAND)
def test_every_value_less_spelling_is_postfix(spelling: str, op: Op) -> None:
    assert where(f"x {spelling}") == ast.Check(ast.Name(("x",)), op)


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("x = 1", ast.Compare(ast.Name(("x",)), Op.EQUAL, ast.Literal(1))),
        ("x <> 1", ast.Compare(ast.Name(("x",)), Op.NOT_EQUAL, ast.Literal(1))),
        ("x NOT CONTAINS 'a'", ast.Compare(ast.Name(("x",)), Op.NOT_CONTAIN, ast.Literal("a"))),
        ("x STARTS WITH 'a'", ast.Compare(ast.Name(("x",)), Op.STARTS_WITH, ast.Literal("a"))),
        ("x ENDS WITH 'a'", ast.Compare(ast.Name(("x",)), Op.ENDS_WITH, ast.Literal("a"))),
        ("x BETWEEN 1 AND 2", ast.Between(ast.Name(("x",)), ast.Literal(1), ast.Literal(2))),
        (
            "x NOT BETWEEN 1 AND 2",
            ast.Between(ast.Name(("x",)), ast.Literal(1), ast.Literal(2), negated=True),
        ),
        ("x IN (1, 2)", ast.InList(ast.Name(("x",)), (ast.Literal(1), ast.Literal(2)))),
        ("x NOT IN ('a')", ast.InList(ast.Name(("x",)), (ast.Literal("a"),), negated=True)),
        ("x LIKE 'a%'", ast.Like(ast.Name(("x",)), ast.Literal("a%"))),
        ("x NOT LIKE 'a%'", ast.Like(ast.Name(("x",)), ast.Literal("a%"), negated=True)),
        ("x IS EMPTY", ast.Check(ast.Name(("x",)), Op.IS_EMPTY)),
        ("x IS NOT EMPTY", ast.Check(ast.Name(("x",)), Op.NOT_EMPTY)),
        ("x IS NULL", ast.IsNull(ast.Name(("x",)))),
        ("x IS NOT NULL", ast.IsNull(ast.Name(("x",)), negated=True)),
        ("x IS TRUE", ast.Check(ast.Name(("x",)), Op.IS_TRUE)),
        ("x IS FALSE", ast.Check(ast.Name(("x",)), Op.IS_FALSE)),
        ("NOT x = 1", ast.Not(ast.Compare(ast.Name(("x",)), Op.EQUAL, ast.Literal(1)))),
        ("a.b.c = 'it''s'", ast.Compare(ast.Name(("a", "b", "c")), Op.EQUAL, ast.Literal("it's"))),
        ('"odd ""name""" = 1', ast.Compare(ast.Name(('odd "name"',)), Op.EQUAL, ast.Literal(1))),
        ("x = 1.50", ast.Compare(ast.Name(("x",)), Op.EQUAL, ast.Literal(Decimal("1.50")))),
        ("x = -2", ast.Compare(ast.Name(("x",)), Op.EQUAL, ast.Literal(-2))),
        ("x = TRUE", ast.Compare(ast.Name(("x",)), Op.EQUAL, ast.Literal(True))),
        ("x = DATE '2024-02-29'", ast.Compare(ast.Name(("x",)), Op.EQUAL, ast.Literal(dt.date(2024, 2, 29)))),
        (
            "x = TIMESTAMP '2024-02-29 10:11:12'",
            ast.Compare(ast.Name(("x",)), Op.EQUAL, ast.Literal(dt.datetime(2024, 2, 29, 10, 11, 12))),
        ),
        ("x = :p", ast.Compare(ast.Name(("x",)), Op.EQUAL, ast.Param(name="p"))),
        ("x = ?", ast.Compare(ast.Name(("x",)), Op.EQUAL, ast.Param(index=0))),
    ],
)
def test_predicate_forms(sql: str, expected: ast.Cond) -> None:
    assert where(sql) == expected


def test_and_binds_tighter_than_or_and_flattens() -> None:
    cond = where("a = 1 OR b = 2 AND c = 3 AND d = 4")
    assert isinstance(cond, ast.Or)
    assert isinstance(cond.items[1], ast.And) and len(cond.items[1].items) == 3


def test_full_select_shape() -> None:
    s = parse_statement(
        "select distinct p.Name as n, count(*), sum(distinct x) from Party as p where a = 1 "
        "group by p.Name having count(*) > 1 order by n desc, 2 limit 10 offset 5"
    )
    assert isinstance(s, ast.Select)
    assert s.distinct and s.alias == "p" and s.items[0].alias == "n"
    assert s.items[1].expr == ast.Call("COUNT", (), star=True)
    assert s.items[2].expr == ast.Call("SUM", (ast.Name(("x",)),), distinct=True)
    assert s.order_by[0].descending and not s.order_by[1].descending
    assert s.limit == ast.Literal(10) and s.offset == ast.Literal(5)


def test_statements_comments_and_other_statement_kinds() -> None:
    script = parse("/* c */ DESCRIBE Party; -- x\n SHOW ENTITIES;; EXPLAIN SELECT * FROM iqa('$/q', 'a')")
    kinds = [type(s) for s in script.statements]
    assert kinds == [ast.Describe, ast.ShowEntities, ast.Explain]
    explain = script.statements[2]
    assert isinstance(explain, ast.Explain) and isinstance(explain.statement.source, ast.IqaSource)


def test_spans_point_at_source() -> None:
    text = "SELECT *\nFROM Party\nWHERE LastName = 'x'"
    cond = where_in(text)
    assert text[cond.span.start : cond.span.end] == "LastName = 'x'"
    assert (cond.span.line, cond.span.column) == (3, 7)


def where_in(text: str) -> ast.Cond:
    s = parse_statement(text)
    assert isinstance(s, ast.Select) and s.where is not None
    return s.where


@pytest.mark.parametrize(
    ("sql", "kind", "line", "column", "hint_part"),
    [
        ("SELEC * FROM Party", SyntaxError, 1, 1, "did you mean SELECT"),
        ("SELECT * FROM Party WHERE x = 'abc", SyntaxError, 1, 31, "close the string"),
        ("SELECT * FROM Party WHERE", SyntaxError, 1, 26, "condition is missing"),
        ("SELECT a, FROM Party", SyntaxError, 1, 21, "trailing comma"),
        ("SELECT * FROM Party ORDER x", SyntaxError, 1, 27, "ORDER BY"),
        ("SELECT * FROM Party WHERE a IN 1", SyntaxError, 1, 32, "parenthesised"),
        ("SELECT * FROM Party\n WHERE a = 1 b = 2", SyntaxError, 2, 14, "AND or OR"),
        ("SELECT * FROM Party /* open", SyntaxError, 1, 21, "close the comment"),
        ("SELECT * FROM Party WHERE d = DATE '2024-13-01'", SemanticError, 1, 36, "YYYY-MM-DD"),
        ("SELECT foo(x) FROM Party", SemanticError, 1, 8, "aggregates"),
        ("SELECT SUM(*) FROM Party", SemanticError, 1, 8, "COUNT(*)"),
        ("SELECT * FROM bar('x')", SemanticError, 1, 15, "iqa("),
    ],
)
def test_errors_have_positions_and_hints(sql, kind, line, column, hint_part) -> None:
    with pytest.raises(kind) as info:
        parse(sql)
    err = info.value
    assert (err.line, err.column) == (line, column)
    assert hint_part in (err.hint or "")
    rendered = err.render()
    assert "^" in rendered and "Traceback" not in rendered


def test_parse_each_recovers_per_statement() -> None:
    text = "SELECT * FROM Party; SELEC x;\nSELECT a FROM b WHERE; SHOW ENTITIES"
    pieces = parse_each(text)
    assert [p.error is None for p in pieces] == [True, False, False, True]
    second = pieces[1].error
    assert isinstance(second, QueryError) and second.span is not None
    assert text[second.span.start : second.span.end] == "SELEC"
    third = pieces[2].error
    assert third is not None and third.line == 2


@pytest.mark.parametrize("text", ["\u2028", " \u00a0 ", "\u3000;\u2029", "SELECT * FROM Party;\u2028\x85"])
def test_pieces_of_unicode_spaces_hold_no_statement_in_either_reading(text: str) -> None:
    """The parser reads any Unicode space as a blank; ``parse_each`` must skip such a piece as ``parse`` does,
    not report "found 0" for it."""
    statements = parse(text).statements
    pieces = parse_each(text)
    assert [p.statement for p in pieces] == list(statements)
    assert all(p.error is None for p in pieces)


def test_split_statements_ignores_semicolons_in_strings_names_and_comments() -> None:
    text = "SELECT ';' FROM \"a;b\" -- ;\n; /* ; */ SELECT 1"
    ranges = split(text)
    assert len(ranges) == 2
    assert text[ranges[1][0] : ranges[1][1]].strip() == "/* ; */ SELECT 1"


def test_one_statement_expected() -> None:
    with pytest.raises(SyntaxError):
        parse_statement("SELECT * FROM a; SELECT * FROM b")

"""The fast parsing path builds exactly the trees Lark's own parser builds, records the same placeholders, and
misses cleanly."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from imisql import ast
from imisql.errors import ParameterError, Span
from imisql.fast_tables import ASCII_NAME
from imisql.fastparse import FastPathMiss
from imisql.frontend import terminal_regexp, terminals
from imisql.operators import Op
from imisql.param_check import check_params, placeholders
from imisql.parser import _fast_parser, _parse_with_lark, parse_statement
from imisql.quick_init import maker
from tests.core.golden import load_statements

EXTRA = [
    "",
    ";;",
    "SELECT *\n  FROM Party -- comment\n  WHERE /* x */ LastName = 'O''Brien'",
    'SELECT "odd ""name""", p.* FROM "My Table" AS p WHERE "a b" IS NOT NULL',
    "select count(distinct x), min(y) from t group by z having count(*) >= 2 order by 1 desc limit ? offset :o",
    "EXPLAIN SELECT * FROM iqa('$/q', NULL, -1, 2.5, DATE '2024-01-01', TIMESTAMP '2024-01-01 10:00:00')",
    'DESC Party; DESCRIBE "Group"; SHOW ENTITIES',
    "SELECT * FROM t WHERE a BETWEEN 1 AND 2 AND NOT (b IN (1, 2) OR c NOT LIKE '%x%') AND d IS TRUE",
    "UPDATE Party SET FirstName = ?, PersonName.InformalName = FirstName WHERE PartyId = ? AND TRUE = x",
    'update "My Panel" set "odd name" = NULL where true; DELETE FROM Activity WHERE SEQN IN (1, :s)',
    "INSERT INTO Person (PersonName.LastName, a) VALUES ('x', ?), (?, DATE '2024-01-01') RETURNING PartyId, *",
    "EXPLAIN INSERT INTO Activity (ID) SELECT PartyId FROM Party WHERE LastName = ? RETURNING SEQN AS s",
    "SELECT \u212aelvin, \u017fize FROM Party WHERE LastName = 'M\u00fcller' AND x = 1--no space",
]


def _parses_with_lark(sql: str) -> bool:
    try:
        _parse_with_lark(sql)
    except Exception:
        return False
    return True


STATEMENTS = [sql for _, sql in load_statements()] + EXTRA
VALID = [sql for sql in STATEMENTS if _parses_with_lark(sql)]


@pytest.mark.parametrize("sql", VALID)
def test_fast_path_equals_lark(sql: str) -> None:
    fast, _ = _fast_parser().parse(sql)
    reference = _parse_with_lark(sql)
    assert fast == reference
    assert [_spans(s) for s in fast] == [_spans(s) for s in reference]


def _spans(node: object) -> list[tuple[int, int]]:
    """Every span in a tree, depth first: the two paths must agree on positions too."""
    out: list[tuple[int, int]] = []
    span = getattr(node, "span", None)
    if span is not None and span is not ast.NO_SPAN:
        out.append((span.start, span.end))
    for name in getattr(node, "__slots__", ()):
        value = getattr(node, name, None)
        if isinstance(value, Span) and name != "span" and value is not ast.NO_SPAN:
            out.append((value.start, value.end))  # keyword spans such as Select.order_keyword
            continue
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(child, "__slots__"):
                out.extend(_spans(child))
    return out


@pytest.mark.parametrize("char", [chr(c) for c in range(128)])
def test_the_ascii_name_pattern_is_the_grammars_on_ascii(char: str) -> None:
    """ASCII text is read with ``ASCII_NAME`` instead of the grammar's case-folding NAME: same words."""
    name = terminal_regexp(terminals()["NAME"])
    for word in (char, "a" + char, char + "a"):
        assert bool(re.fullmatch(name, word)) == bool(re.fullmatch(ASCII_NAME, word))


def test_every_rule_has_a_fast_reduction() -> None:
    """A rule the tables cannot reduce (a callback shape Lark did not build before) would quietly send
    every statement using it to the slow path."""
    reducers = {r for r in _fast_parser().tables.reductions if callable(r)}
    assert reducers
    assert not [r.__name__ for r in reducers if r.__name__.startswith("miss_")]


@pytest.mark.parametrize("sql", ["SELECT * FROM", "SELECT # FROM x", "SELECT 'open", "SELEC x"])
def test_fast_path_misses_on_bad_input(sql: str) -> None:
    with pytest.raises(FastPathMiss):
        _fast_parser().parse(sql)


@pytest.mark.parametrize("sql", [sql for sql in VALID if "?" in sql or ":" in sql])
def test_statements_carry_the_placeholders_a_walk_finds(sql: str) -> None:
    """Both paths record each statement's placeholders while parsing, so checking parameters needs no walk."""
    for statement in (*_fast_parser().parse(sql)[0], *_parse_with_lark(sql)):
        recorded = getattr(statement, "placeholders", ())
        assert sorted(map(id, recorded)) == sorted(map(id, placeholders(statement)))


def test_a_statement_built_otherwise_is_walked() -> None:
    """A tree not made by the parser (or rebuilt with dataclasses.replace) records nothing: the walk decides."""
    parsed = parse_statement("SELECT * FROM Party WHERE PartyId = :id")
    assert isinstance(parsed, ast.Select) and parsed.placeholders
    rebuilt = replace(parsed, where=ast.Compare(ast.Name(("PartyId",)), Op.EQUAL, ast.Param(name="other")))
    assert rebuilt.placeholders is None
    check_params(rebuilt, {"other": 1})
    with pytest.raises(ParameterError, match="no value for parameter :other"):
        check_params(rebuilt, {"id": 1})


def test_a_node_from_a_maker_is_an_ordinary_frozen_node() -> None:
    """maker fills a twin class's slots and then sets the class: the result must not be told apart."""
    made = maker(ast.Compare)(ast.Name(("a",)), Op.EQUAL, ast.Literal(1), Span(0, 5))
    built = ast.Compare(ast.Name(("a",)), Op.EQUAL, ast.Literal(1))
    assert type(made) is ast.Compare and made == built and hash(made) == hash(built)
    assert made.span == Span(0, 5) and repr(made) == repr(built)
    with pytest.raises(AttributeError):  # FrozenInstanceError
        made.op = Op.NOT_EQUAL  # type: ignore[misc]

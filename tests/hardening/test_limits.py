"""Input past the documented limits (``imisql.limits``) is a located ``ImisqlError`` on every entry point.

Conditions nested past ``MAX_CONDITION_DEPTH`` used to raise ``RecursionError`` from compile, check,
hover and format; integers of more than 4,300 digits raised ``ValueError`` from everything that parses.
Input at the limits still works end to end, through a real query against the emulator.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

import imisql
from imisql import engine
from imisql.compiler import compile_sql
from imisql.emulator import Emulator
from imisql.errors import ParameterError, QueryError, SemanticError
from imisql.limits import MAX_CONDITION_DEPTH, MAX_NUMBER_DIGITS
from imisql.parser import parse, parse_each

BASE = "SELECT PartyId FROM Party WHERE "
LEAF = "LastName = 'z'"


def nots(count: int) -> str:
    return "NOT " * count + LEAF


def alternating(depth: int) -> str:
    """``(a OR (b AND (c OR ...)))``: ``depth`` connectives, each inside the previous one."""
    text = LEAF
    for level in range(depth):
        text = f"(LastName = 'a{level}' {('AND', 'OR')[level % 2]} {text})"
    return text


def not_groups(depth: int) -> str:
    """``NOT (a AND NOT (b OR ...))``: NOT and a connective alternating, ``depth`` of them in all."""
    text = LEAF
    for level in range(depth // 2):
        text = f"NOT (LastName = 'a{level}' {('AND', 'OR')[level % 2]} {text})"
    return text


TOO_DEEP = {
    "1000 NOTs": BASE + nots(1000),
    "500-deep AND/OR": BASE + alternating(500),
    "500-deep NOT/AND/OR": BASE + not_groups(500),
    "one NOT past the limit": BASE + nots(MAX_CONDITION_DEPTH + 1),
    "one level past the limit": BASE + alternating(MAX_CONDITION_DEPTH + 1),
    "HAVING": "SELECT CountryCode, COUNT(*) FROM Party GROUP BY CountryCode HAVING " + nots(600),
}
AT_THE_LIMIT = {
    "nested calls": "SELECT PartyId FROM Party WHERE " + "UPPER(" * 120 + "LastName" + ")" * 120 + " = 'A'",
    "nested CASE": BASE + "CASE WHEN LastName = " * 60 + "'a'" + " THEN 'a' END" * 60 + " = 'a'",
    "NOTs": BASE + nots(MAX_CONDITION_DEPTH),
    "AND/OR": BASE + alternating(MAX_CONDITION_DEPTH),
    "NOT/AND/OR": BASE + not_groups(MAX_CONDITION_DEPTH),
}
NESTED_EXPRESSIONS = {
    "1,000 nested function calls": "SELECT " + "UPPER(" * 1000 + "LastName" + ")" * 1000 + " FROM Party",
    "nested calls in WHERE": BASE + "UPPER(" * 1000 + "LastName" + ")" * 1000 + " = 'A'",
    "400 nested CASE": "SELECT " + "CASE WHEN LastName = " * 400 + "'a'" + " THEN 1 END" * 400 + " FROM Party",
}
LONG_NUMBERS = {
    "5,000-digit integer": BASE + "PartyId = " + "9" * 5000,
    "negative 5,000-digit integer": BASE + "PartyId = -" + "9" * 5000,
    "5,000-digit decimal": BASE + "PartyId = 1." + "5" * 5000,
    "5,000-digit LIMIT": "SELECT PartyId FROM Party LIMIT " + "9" * 5000,
    "39 digits": BASE + "PartyId = " + "1" * (MAX_NUMBER_DIGITS + 1),
}


def _editor_calls(text: str) -> Iterator[Any]:
    """Every editor function at the start, middle and end; none of them may raise."""
    for offset in (0, len(text) // 2, len(text)):
        yield engine.complete(text, offset)
        yield engine.hover(text, offset)
        yield engine.signature_help(text, offset)
        yield engine.explain_at(text, offset)
    yield engine.semantic_tokens(text)
    yield engine.code_actions(text, 0, len(text))
    yield engine.symbols(text)


@pytest.mark.parametrize("text", TOO_DEEP.values(), ids=TOO_DEEP.keys())
def test_conditions_nested_too_deeply_are_located_errors_everywhere(text: str) -> None:
    for entry in (parse, compile_sql):
        with pytest.raises(SemanticError, match="nested too deeply") as info:
            entry(text)
        assert info.value.span is not None and text[info.value.span.start :].startswith(("NOT", "(", "LastName"))
        assert "nest at most" in (info.value.hint or "")
    (piece,) = parse_each(text)
    assert isinstance(piece.error, SemanticError)
    assert [d.message for d in engine.check(text) if d.severity == "error"] == ["condition nested too deeply"]
    assert engine.format_sql(text).rstrip("\n") == text  # a statement that does not parse is kept as written
    list(_editor_calls(text))


@pytest.mark.parametrize("text", NESTED_EXPRESSIONS.values(), ids=NESTED_EXPRESSIONS.keys())
def test_expressions_nested_too_deeply_are_located_errors_everywhere(text: str) -> None:
    for entry in (parse, compile_sql):
        with pytest.raises(SemanticError, match="expression nested too deeply") as info:
            entry(text)
        assert info.value.span is not None and info.value.span.start > 0
    assert [d.message for d in engine.check(text) if d.severity == "error"] == ["expression nested too deeply"]
    assert engine.format_sql(text).rstrip("\n") == text
    list(_editor_calls(text))


def test_a_case_with_an_or_condition_is_one_or_node() -> None:
    """CASE WHEN takes a whole condition: its OR chain is finished into an ``Or`` like WHERE's."""
    statement = parse("SELECT CASE WHEN LastName = 'a' OR LastName = 'b' THEN 1 END FROM Party").statements[0]
    condition = statement.items[0].expr.branches[0][0]  # type: ignore[union-attr]
    assert type(condition).__name__ == "Or" and len(condition.items) == 2


@pytest.mark.parametrize("text", LONG_NUMBERS.values(), ids=LONG_NUMBERS.keys())
def test_numbers_past_the_digit_limit_are_located_errors_everywhere(text: str) -> None:
    for entry in (parse, compile_sql):
        with pytest.raises(SemanticError, match="number too long") as info:
            entry(text)
        assert info.value.span is not None and text[info.value.span.start].isdigit()
    assert [d.code for d in engine.check(text)] == ["semantic"]
    assert engine.format_sql(text).rstrip("\n") == text
    list(_editor_calls(text))


def test_numbers_at_the_digit_limit_parse() -> None:
    widest = "9" * MAX_NUMBER_DIGITS
    statement = parse(f"{BASE}PartyId = {widest} OR PartyId = -{widest[:-2]}.5 LIMIT {widest}").statements[0]
    assert statement.limit.value == int(widest)  # type: ignore[union-attr]


@pytest.fixture
def conn(emulator: Emulator) -> Iterator[imisql.Connection]:
    connection = imisql.connect(emulator.base_url, username=emulator.username, password=emulator.password)
    yield connection
    connection.close()


@pytest.mark.parametrize("text", AT_THE_LIMIT.values(), ids=AT_THE_LIMIT.keys())
def test_conditions_at_the_limit_work_end_to_end(text: str, conn: imisql.Connection) -> None:
    """The deepest allowed condition compiles, checks, formats and runs against the emulator."""
    compile_sql(text)
    assert not [d for d in engine.check(text) if d.severity == "error"]
    assert parse(engine.format_sql(text)) == parse(text)
    list(_editor_calls(text))
    cursor = conn.cursor()
    cursor.execute(text)
    rows = cursor.fetchall()
    cursor.execute(text.replace("SELECT PartyId", "SELECT COUNT(*)"))
    assert cursor.fetchone() == (len(rows),)


@pytest.mark.parametrize(
    "value",
    [10**5000, -(10**MAX_NUMBER_DIGITS), Decimal("1e999999999"), Decimal("NaN"), Decimal("sNaN"), float("inf")],
    ids=["5,000 digits", "39 digits", "1e999999999", "NaN", "sNaN", "infinity"],
)
def test_numeric_parameters_past_the_limits_are_parameter_errors(value: object, conn: imisql.Connection) -> None:
    cursor = conn.cursor()
    with pytest.raises(ParameterError, match="parameter :n") as info:
        cursor.execute(BASE + "PartyId = :n", {"n": value})
    assert info.value.span is not None and info.value.column == len(BASE) + len("PartyId = ") + 1
    with pytest.raises(ParameterError):
        compile_sql(BASE + "PartyId > ?", params=[value])


def test_a_long_string_literal_is_an_ordinary_value() -> None:
    """10 MB between quotes is not a limit: it parses and compiles like any other string."""
    value = "x" * 10_000_000
    plan = compile_sql(f"{BASE}LastName = '{value}'")
    assert not isinstance(plan, QueryError)
    assert parse(f"SELECT '{value}' FROM Party").statements[0].items[0].expr.value == value  # type: ignore[union-attr]

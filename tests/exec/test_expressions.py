"""Scalar expressions on the client: LOWER, UPPER, COALESCE, YEAR, MONTH, CURRENT_DATE, arithmetic,
||, CASE in the SELECT list, WHERE (client-side filters), GROUP BY and ORDER BY, with SQL NULL rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

import imisql
from imisql.errors import DataError, SemanticError
from imisql.scalar import Apply, Arith, Clock, Const, evaluate
from imisql.semantics import sort_key

CLOCK = Clock(dt.datetime(2026, 3, 4, 5, 6, 7))


def value(scalar: Any) -> Any:
    return evaluate(scalar, {}, CLOCK)


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        (Arith("+", Const(1), Const(2)), 3),
        (Arith("-", Const(Decimal("10.50")), Const(1)), Decimal("9.50")),
        (Arith("*", Const(Decimal("2.5")), Const(2)), Decimal("5.0")),
        (Arith("/", Const(7), Const(2)), 3),
        (Arith("/", Const(-7), Const(2)), -3),
        (Arith("/", Const(Decimal("7.0")), Const(2)), Decimal("3.500000")),
        (Arith("+", Const(None), Const(2)), None),
        (Arith("||", Const("a"), Const(1)), "a1"),
        (Arith("||", Const("a"), Const(None)), None),
        (Arith("+", Const(dt.date(2024, 2, 28)), Const(2)), dt.date(2024, 3, 1)),
        (Apply("LOWER", (Const("ÄbC"),)), "äbc"),
        (Apply("UPPER", (Const(None),)), None),
        (Apply("COALESCE", (Const(None), Const(None), Const(3))), 3),
        (Apply("COALESCE", (Const(None),)), None),
        (Apply("YEAR", (Const(dt.datetime(1999, 12, 31, 23, 0)),)), 1999),
        (Apply("MONTH", (Const("2024-07-04T00:00:00"),)), 7),
        (Apply("CURRENT_DATE"), dt.date(2026, 3, 4)),
        (Apply("ROUND", (Const(Decimal("2.345")), Const(2))), Decimal("2.34")),
        (Apply("LENGTH", (Const("ab  "),)), 2),
    ],
)
def test_scalar_values_with_null_rules(scalar: Any, expected: Any) -> None:
    result = value(scalar)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("scalar", "message"),
    [
        (Arith("/", Const(1), Const(0)), "division by zero"),
        (Arith("+", Const("a"), Const(1)), "+ needs numbers, got 'a' (join text with ||)"),
        (Apply("YEAR", (Const("someday"),)), "YEAR needs a date"),
    ],
)
def test_bad_values_are_data_errors(scalar: Any, message: str) -> None:
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)").replace("+", r"\+")):
        value(scalar)


# ---------------------------------------------------------------- end to end against the emulator


def rows(conn: imisql.Connection, sql: str) -> list[tuple[Any, ...]]:
    return conn.execute(sql).fetchall()


def test_functions_in_the_select_list(conn: imisql.Connection) -> None:
    sql = ("SELECT PartyId, LOWER(PersonName.LastName), UPPER(PersonName.FirstName) || ' ' || PersonName.LastName, "
           "YEAR(BirthDate), MONTH(BirthDate), COALESCE(BirthDate, DATE '1900-01-01') "
           "FROM Person ORDER BY PartyId LIMIT 50")  # fmt: skip
    plain = rows(conn, "SELECT PartyId, PersonName.LastName, PersonName.FirstName, BirthDate FROM Person "
                       "ORDER BY PartyId LIMIT 50")  # fmt: skip
    for (pid, lower, joined, year, month, birth), (pid2, last, first, born) in zip(rows(conn, sql), plain, strict=True):
        assert pid == pid2 and lower == (last.lower() if last is not None else None)
        assert joined == (None if first is None or last is None else f"{first.upper()} {last}")
        assert (year, month) == ((born.year, born.month) if born is not None else (None, None))
        assert birth == (born if born is not None else dt.date(1900, 1, 1))


def test_arithmetic_keeps_money_exact(conn: imisql.Connection) -> None:
    sql = "SELECT Balance.Amount, Balance.Amount * 2, InvoiceAmount.Amount - Balance.Amount FROM Invoice LIMIT 30"
    for balance, double, paid in rows(conn, sql):
        assert double == balance * 2 and isinstance(paid, Decimal)


def test_case_in_the_select_list_and_group_by(conn: imisql.Connection) -> None:
    grouped = dict(rows(conn, "SELECT CASE Status WHEN 'A' THEN 'active' ELSE 'other' END AS s, COUNT(*) FROM Party "
                              "GROUP BY CASE Status WHEN 'A' THEN 'active' ELSE 'other' END"))  # fmt: skip
    [(active,)] = rows(conn, "SELECT COUNT(*) FROM Party WHERE Status = 'A'")
    [(total,)] = rows(conn, "SELECT COUNT(*) FROM Party")
    assert grouped == {"active": active, "other": total - active}


def test_expressions_filter_on_the_client(conn: imisql.Connection) -> None:
    computed = rows(conn, "SELECT PartyId FROM Person WHERE YEAR(BirthDate) = 1980 ORDER BY PartyId")
    ranged = rows(conn, "SELECT PartyId FROM Person WHERE BirthDate BETWEEN DATE '1980-01-01' AND "
                        "TIMESTAMP '1980-12-31 23:59:59' ORDER BY PartyId")  # fmt: skip
    assert computed == ranged and computed
    plan = conn.explain("SELECT PartyId FROM Person WHERE YEAR(BirthDate) = 1980")
    assert "compute: YEAR(BirthDate)" in plan and "filter: YEAR(BirthDate) = 1980" in plan


def test_null_never_matches_a_computed_comparison(conn: imisql.Connection) -> None:
    [(nulls,)] = rows(conn, "SELECT COUNT(*) FROM Person WHERE BirthDate IS NULL")
    [(matched,)] = rows(conn, "SELECT COUNT(*) FROM Person WHERE YEAR(BirthDate) > 0")
    [(total,)] = rows(conn, "SELECT COUNT(*) FROM Person")
    assert nulls and matched == total - nulls


def test_order_by_an_expression(conn: imisql.Connection) -> None:
    result = rows(conn, "SELECT LOWER(PersonName.LastName) AS l FROM Person WHERE PersonName.LastName IS NOT NULL "
                        "ORDER BY LOWER(PersonName.LastName) LIMIT 20")  # fmt: skip
    keys = [sort_key(r[0]) for r in result]  # the server's collation: trailing spaces do not count
    assert keys == sorted(keys)


def test_current_date_is_the_clients_date(conn: imisql.Connection) -> None:
    before = dt.date.today()
    [(today, yesterday)] = rows(conn, "SELECT CURRENT_DATE, CURRENT_DATE - 1 FROM Party LIMIT 1")
    assert before <= today <= dt.date.today() and yesterday == today - dt.timedelta(days=1)


def test_select_star_does_not_show_computed_values(conn: imisql.Connection) -> None:
    cursor = conn.execute("SELECT * FROM Country WHERE LOWER(CountryCode) = 'au'")
    assert not any(c.startswith("\x00") for c in cursor.columns) and len(cursor.fetchall()) == 1


@pytest.mark.parametrize(
    ("sql", "message", "hint"),
    [
        ("SELECT LOWER(Email, Name) FROM Party", "LOWER takes 1 argument, got 2", "LOWER(Email)"),
        ("SELECT NOPE(Email) FROM Party", "unknown function 'NOPE'", "scalar functions ABS, COALESCE"),
        ("SELECT ROUND(AVG(PartyId), 2) FROM Party", "aggregate AVG inside an expression", "a column of its own"),
        ("SELECT LOWER(Nope) FROM Party", "Party has no field 'Nope'", ""),
    ],
)
def test_expression_errors(conn: imisql.Connection, sql: str, message: str, hint: str) -> None:
    with pytest.raises(SemanticError) as caught:
        conn.execute(sql)
    assert message in str(caught.value) and hint in (caught.value.hint or "")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT (a + b) * c, a - (b - c), a || b || c, CASE WHEN a = 1 THEN 'x' ELSE 'y' END FROM Party",
        "SELECT CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END FROM Party WHERE a * 2 > b / 3",
    ],
)
def test_formatting_keeps_the_meaning(sql: str) -> None:
    from imisql.engine import format_sql

    assert imisql.parse(format_sql(sql)) == imisql.parse(sql)

"""PEP 249 completeness: the module globals, type codes, parameter errors, NULL binds, aware datetimes.

Queries run against the session emulator over a real socket; expected rows come from equivalent
queries, never from hard-coded data.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator

import pytest

import imisql
from imisql.catalog.model import FieldType
from imisql.emulator import Emulator

TYPE_OBJECTS = (imisql.STRING, imisql.BINARY, imisql.NUMBER, imisql.DATETIME, imisql.ROWID)


@pytest.fixture(scope="module")
def conn(emulator_session: Emulator) -> Iterator[imisql.Connection]:
    site = emulator_session
    with imisql.connect(site.base_url, username=site.username, password=site.password) as connection:
        yield connection


def test_constructors_are_the_standard_types() -> None:
    assert imisql.Date(2024, 1, 31) == dt.date(2024, 1, 31)
    assert imisql.Time(13, 5, 9) == dt.time(13, 5, 9)
    assert imisql.Timestamp(2024, 1, 31, 13, 5) == dt.datetime(2024, 1, 31, 13, 5)
    assert imisql.Binary(b"\x00\xff") == b"\x00\xff"
    ticks = 1_700_000_000.75
    local = dt.datetime.fromtimestamp(ticks)
    assert imisql.DateFromTicks(ticks) == local.date()
    assert imisql.TimeFromTicks(ticks) == local.time().replace(microsecond=0)
    assert imisql.TimestampFromTicks(ticks) == local.replace(microsecond=0)
    assert time.mktime(imisql.TimestampFromTicks(ticks).timetuple()) == int(ticks)


def test_every_type_code_equals_exactly_one_type_object() -> None:
    for code in FieldType:
        assert sum(code == t for t in TYPE_OBJECTS) == 1, code
        assert sum(t == code for t in TYPE_OBJECTS) == 1, code
    assert imisql.NUMBER == FieldType.DECIMAL and imisql.NUMBER != FieldType.STRING
    assert imisql.DATETIME == FieldType.DATETIME and imisql.STRING == FieldType.LIST
    assert imisql.NUMBER != imisql.STRING and imisql.NUMBER == imisql.NUMBER
    assert len(set(TYPE_OBJECTS)) == len(TYPE_OBJECTS)


def test_none_binds_as_sql_null_and_matches_no_row(conn: imisql.Connection) -> None:
    for sql in (
        "SELECT PartyId FROM Party WHERE LastName = :v",
        "SELECT PartyId FROM Party WHERE NOT LastName = :v",
        "SELECT PartyId FROM Party WHERE LastName <> :v",
        "SELECT PartyId FROM Party WHERE BirthDate BETWEEN :v AND :v",
    ):
        assert conn.execute(sql, {"v": None}).fetchall() == [], sql
    everyone = conn.execute("SELECT PartyId FROM Party ORDER BY PartyId").fetchall()
    some = conn.execute("SELECT PartyId FROM Party WHERE LastName = :v OR PartyId <> :w ORDER BY PartyId",
                        {"v": None, "w": everyone[0][0]}).fetchall()  # fmt: skip
    assert some == everyone[1:]


def test_a_literal_null_comparison_is_still_an_error(conn: imisql.Connection) -> None:
    with pytest.raises(imisql.ProgrammingError, match="comparison with NULL is never true"):
        conn.execute("SELECT PartyId FROM Party WHERE LastName = NULL")


def test_aware_datetimes_compare_as_instants(conn: imisql.Connection) -> None:
    sql = "SELECT InvoiceId FROM Invoice WHERE InvoiceDate >= :d ORDER BY InvoiceId"
    (first_date,) = conn.execute("SELECT InvoiceDate FROM Invoice ORDER BY InvoiceId LIMIT 1").fetchone() or ()
    five_east = dt.timezone(dt.timedelta(hours=5))
    aware = first_date.replace(tzinfo=dt.UTC).astimezone(five_east)  # the same instant, written at +05:00
    for pushdown in (True, False):
        conn.with_options(pushdown=pushdown)
        assert conn.execute(sql, {"d": aware}).fetchall() == conn.execute(sql, {"d": first_date}).fetchall()
    conn.with_options(pushdown=True)


@pytest.mark.parametrize(
    ("sql", "params", "message"),
    [
        ("SELECT PartyId FROM Party WHERE LastName = :last", {}, "no value for parameter :last"),
        ("SELECT PartyId FROM Party WHERE LastName = :a AND FirstName = :b", {"a": "x"}, "no value for parameter :b"),
        ("SELECT PartyId FROM Party WHERE LastName = :a AND FirstName = :b", None, "parameters :a and :b"),
        ("SELECT PartyId FROM Party WHERE LastName = ? AND FirstName = ?", ["x"], "no value for parameter ?2"),
        ("SELECT PartyId FROM Party WHERE LastName = ?", ["x", "y", "z"], "positional value 2 and positional value 3"),
        ("SELECT PartyId FROM Party", ["x"], "positional value 1 matches no placeholder"),
        ("SELECT PartyId FROM Party WHERE LastName = ?", "x", "must be a dict or a sequence, not str"),
    ],
)
def test_parameter_count_errors_name_the_parameters(
    conn: imisql.Connection, sql: str, params: object, message: str
) -> None:
    with pytest.raises(imisql.ProgrammingError, match=re.escape(message)):
        conn.cursor().execute(sql, params)  # type: ignore[arg-type]


def test_a_shared_dict_may_hold_more_names_than_one_statement_uses(conn: imisql.Connection) -> None:
    (last,) = conn.execute("SELECT LastName FROM Party WHERE LastName IS NOT NULL LIMIT 1").fetchone() or ()
    shared = {"last": last, "first": "Ann"}
    rows = conn.execute("SELECT PartyId FROM Party WHERE LastName = :last", shared).fetchall()
    assert rows and rows == conn.execute("SELECT PartyId FROM Party WHERE LastName = ?", [last]).fetchall()


def _codes(cursor: imisql.Cursor) -> dict[str, object]:
    return {d[0]: d[1] for d in cursor.description or ()}


def test_description_type_codes_from_the_catalog(conn: imisql.Connection) -> None:
    cur = conn.execute(
        "SELECT InvoiceId, Balance, InvoiceDate, COUNT(*) AS n FROM Invoice GROUP BY InvoiceId, Balance, InvoiceDate"
    )
    codes = _codes(cur)
    assert codes["InvoiceId"] == imisql.STRING and codes["Balance"] == imisql.NUMBER
    assert codes["InvoiceDate"] == imisql.DATETIME and codes["n"] == imisql.NUMBER
    assert codes["Balance"] != imisql.STRING and codes["InvoiceDate"] != imisql.NUMBER
    assert _codes(conn.execute("EXPLAIN SELECT PartyId FROM Party")) == {"QUERY PLAN": imisql.STRING}


def test_description_type_codes_from_the_values_of_a_business_object(conn: imisql.Connection) -> None:
    cur = conn.execute("SELECT * FROM CsContact ORDER BY ID LIMIT 20")
    codes = _codes(cur)
    rows = cur.fetchall()
    assert len(rows) == len(conn.execute("SELECT * FROM CsContact ORDER BY ID LIMIT 20").fetchall())  # none lost
    expected = {bool: imisql.NUMBER, int: imisql.NUMBER, dt.datetime: imisql.DATETIME, str: imisql.STRING}
    first = rows[0]
    checked = 0
    for name, value in zip(codes, first, strict=True):
        if type(value) in expected:
            assert codes[name] == expected[type(value)], name
            checked += 1
    assert checked >= 3


def test_type_codes_of_an_empty_pass_through_result_are_unknown(conn: imisql.Connection) -> None:
    cur = conn.execute("SELECT ID, IsMember FROM CsContact WHERE ID = 'no such contact'")
    assert [d[1] for d in cur.description or ()] == [None, None]
    assert cur.fetchall() == []

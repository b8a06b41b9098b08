"""PEP 249 completeness: the module globals, type codes, parameter errors, NULL binds, aware datetimes.

Queries run against the session emulator over a real socket; expected rows come from equivalent
queries, never from hard-coded data.
"""

from __future__ import annotations

import datetime as dt
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

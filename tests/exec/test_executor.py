"""Executor behaviour over a real socket: paging, early stop, fan-out de-duplication, decoding, client work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest

import imisql
from imisql.emulator import Emulator
from imisql.semantics import collation_key


@contextmanager
def page_size(conn: imisql.Connection, size: int) -> Iterator[None]:
    """Run a block with a smaller page size, then restore iMIS's maximum."""
    conn.with_options(page_size=size)
    try:
        yield
    finally:
        conn.with_options(page_size=500)


def api_requests(emu: Emulator) -> list[tuple[str, dict[str, str]]]:
    return [(r.path, dict(r.params)) for r in emu.request_log if r.path.lower().startswith("/api/")]


@pytest.fixture
def log(exec_emulator: Emulator) -> Emulator:
    exec_emulator.clear_log()
    return exec_emulator


def test_many_pages_are_followed_to_the_end(conn: imisql.Connection, log: Emulator) -> None:
    with page_size(conn, 40):
        rows = conn.execute("SELECT PartyId FROM Party").fetchall()
    offsets = [int(p["offset"]) for path, p in api_requests(log)]
    assert len(rows) == 300 and len({r[0] for r in rows}) == 300
    assert offsets == list(range(0, 300, 40))


def test_exactly_one_full_page(conn: imisql.Connection, log: Emulator) -> None:
    with page_size(conn, 300):
        rows = conn.execute("SELECT PartyId FROM Party").fetchall()
    assert len(rows) == 300
    assert len(api_requests(log)) == 1


def test_empty_result_is_one_request(conn: imisql.Connection, log: Emulator) -> None:
    cur = conn.execute("SELECT PartyId FROM Party WHERE LastName = 'no such person'")
    assert cur.fetchall() == [] and cur.rowcount == 0
    assert len(api_requests(log)) == 1


def test_limit_above_page_size_is_paged_and_stops(conn: imisql.Connection, log: Emulator) -> None:
    rows = conn.execute("SELECT PartyId FROM Party LIMIT 250 OFFSET 10").fetchall()
    assert len(rows) == 250
    first = api_requests(log)[0][1]
    assert (first["limit"], first["offset"]) == ("250", "10")


def test_early_stop_with_client_filter(conn: imisql.Connection, log: Emulator) -> None:
    with page_size(conn, 50):
        rows = conn.execute("SELECT PartyId FROM Party WHERE PersonName.FullName CONTAINS 'a' LIMIT 3").fetchall()
    assert len(rows) == 3
    assert len(api_requests(log)) == 1  # the first page already held three matches


def test_limit_zero_sends_nothing_more_than_needed(conn: imisql.Connection, log: Emulator) -> None:
    assert conn.execute("SELECT PartyId FROM Party LIMIT 0").fetchall() == []
    assert api_requests(log) == []


def test_fan_out_deduplicates_rows_matching_several_branches(conn: imisql.Connection, log: Emulator) -> None:
    sql = "SELECT PartyId FROM Party WHERE Status = 'A' OR CountryCode = 'US'"
    rows = conn.execute(sql).fetchall()
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids))
    paths = [p for p, _ in api_requests(log)]
    assert len(paths) == 2
    both = conn.execute("SELECT COUNT(*) FROM Party WHERE Status = 'A' AND CountryCode = 'US'").fetchone()
    a = conn.execute("SELECT COUNT(*) FROM Party WHERE Status = 'A'").fetchone()
    us = conn.execute("SELECT COUNT(*) FROM Party WHERE CountryCode = 'US'").fetchone()
    assert both and a and us and both[0] > 0
    assert len(ids) == a[0] + us[0] - both[0]


def test_count_star_reads_total_count(conn: imisql.Connection, log: Emulator) -> None:
    assert conn.execute("SELECT COUNT(*) AS n FROM Party").fetchall() == [(300,)]
    [(_path, params)] = api_requests(log)
    assert params["limit"] == "1"


def test_key_lookup_and_missing_key(conn: imisql.Connection, log: Emulator) -> None:
    assert conn.execute("SELECT CountryName FROM Country WHERE CountryCode = 'AF'").fetchall() == [("Afghanistan",)]
    assert conn.execute("SELECT CountryName FROM Country WHERE CountryCode = 'ZZ'").fetchall() == []
    assert [p for p, _ in api_requests(log)] == ["/api/Country/AF", "/api/Country/ZZ"]


def test_decoding_of_typed_wrappers_and_generic_entities(conn: imisql.Connection) -> None:
    row = conn.execute(
        "SELECT SEQN, ID, TRANSACTION_DATE, AMOUNT FROM Activity WHERE AMOUNT > 0 ORDER BY SEQN LIMIT 1"
    ).fetchone()
    assert row is not None
    seqn, party, when, amount = row
    assert isinstance(seqn, int) and isinstance(party, str)
    assert isinstance(when, dt.datetime) and isinstance(amount, Decimal)
    contact = conn.execute("SELECT IsMember, JoinDate, Photo FROM CsContact WHERE Photo IS NOT NULL LIMIT 1").fetchone()
    assert contact is not None and isinstance(contact[0], bool) and isinstance(contact[2], bytes)


def test_null_property_values_come_back_as_none(conn: imisql.Connection) -> None:
    rows = conn.execute("SELECT Date_Certified FROM Name_CEU WHERE Date_Certified IS NULL LIMIT 3").fetchall()
    assert rows and all(r == (None,) for r in rows)


def test_typed_contract_datetimes_and_nested_columns(conn: imisql.Connection) -> None:
    row = conn.execute("SELECT UpdatedOn, PersonName.LastName, Email, Emails FROM Person LIMIT 1").fetchone()
    assert row is not None
    assert isinstance(row[0], dt.datetime) and isinstance(row[1], str)
    assert isinstance(row[3], list) and row[3][0]["Address"] == row[2]


def test_select_star_flattens_nested_objects(conn: imisql.Connection) -> None:
    cur = conn.execute("SELECT * FROM Person LIMIT 2")
    assert "PersonName.LastName" in cur.columns and "UpdateInformation.UpdatedOn" in cur.columns
    assert len(cur.fetchall()) == 2


def test_iqa_rows_lose_result_row_and_prompts_are_positional(conn: imisql.Connection, log: Emulator) -> None:
    cur = conn.execute("SELECT * FROM iqa('$/Common/Queries/Search/Contact/Last Name', 'smith')")
    rows = cur.fetchall()
    assert rows and "ResultRow" not in cur.columns
    params = api_requests(log)[0][1]
    assert params["QueryName"] == "$/Common/Queries/Search/Contact/Last Name"


def test_aggregates_over_no_rows(conn: imisql.Connection) -> None:
    sql = "SELECT COUNT(*), SUM(AMOUNT), MAX(AMOUNT) FROM Activity WHERE ACTIVITY_TYPE = 'nothing'"
    assert conn.execute(sql).fetchall() == [(0, None, None)]


def test_client_sort_orders_nulls_first_by_the_collation(conn: imisql.Connection) -> None:
    rows = conn.execute("SELECT CityName FROM Party ORDER BY CityName, PartyId").fetchall()
    values = [r[0] for r in rows]
    nulls = values.count(None)
    assert nulls and values[:nulls] == [None] * nulls
    rest = values[nulls:]
    assert rest == sorted(rest, key=collation_key)


def test_cancel_stops_between_pages(conn: imisql.Connection, log: Emulator) -> None:
    with page_size(conn, 20):
        cur = conn.execute("SELECT PartyId FROM Party")
        assert cur.fetchmany(5)
        cur.cancel()
        with pytest.raises(imisql.InterfaceError, match="cancelled"):
            cur.fetchall()
    assert len(api_requests(log)) < 300 // 20

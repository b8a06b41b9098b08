"""Long IN lists and OR-of-equalities are split so every URL stays under the limit, with the same rows."""

from __future__ import annotations

import datetime as dt

import pytest

import imisql
from imisql.compiler import CompileOptions, compile_sql
from imisql.emulator import Emulator
from imisql.errors import InterfaceError
from imisql.urlsplit import url_length


def _ids(n: int, start: int = 20000) -> str:
    return ", ".join(f"'{start + i}'" for i in range(n))


@pytest.mark.parametrize("max_url", [2000, 700])
def test_every_request_stays_under_the_limit_and_covers_every_value(max_url: int) -> None:
    sql = f"SELECT PartyId FROM Party WHERE PartyId IN ({_ids(400)}) AND Status = 'A'"
    plan = compile_sql(sql, options=CompileOptions(max_url=max_url))
    requests = plan.requests
    assert len(requests) > 1
    assert all(url_length(r.path, r.params, r.page_size) <= max_url for r in requests)
    values = [v for r in requests for k, pairs in r.params if k == "PartyId" for v in pairs[3:].split("|")]
    assert sorted(values) == sorted(str(20000 + i) for i in range(400))
    assert all(("Status", "eq:A") in r.params for r in requests)
    explained = plan.explain()
    assert f"under {max_url} characters" in explained and explained.count("GET ") == len(requests)


def test_or_of_equalities_is_split_too() -> None:
    sql = "SELECT PartyId FROM Party WHERE " + " OR ".join(f"PartyId = '{20000 + i}'" for i in range(300))
    requests = compile_sql(sql).requests
    assert len(requests) > 1 and all(url_length(r.path, r.params, r.page_size) <= 2000 for r in requests)


@pytest.mark.parametrize("max_url", [2000, 300])
def test_each_request_takes_as_many_values_as_fit(max_url: int) -> None:
    """Values that spell to 1, 3, 6 and 12 characters on the wire: every request but the last would pass
    the limit with one more value, so the lengths the split adds up are the lengths sent."""
    names = [["a", "&", "é", "😀", "O'Brien", "x y"][i % 6] + str(i) for i in range(500)]
    listed = ", ".join("'" + n.replace("'", "''") + "'" for n in names)
    requests = compile_sql(
        f"SELECT PartyId FROM Party WHERE LastName IN ({listed})", options=CompileOptions(max_url=max_url)
    ).requests
    chunks = [dict(r.params)["LastName"][3:].split("|") for r in requests]
    assert [v for chunk in chunks for v in chunk] == names
    for request, following in zip(requests, chunks[1:], strict=False):
        assert url_length(request.path, request.params, request.page_size) <= max_url
        grown = dict(request.params)["LastName"] + "|" + following[0]
        params = tuple((k, grown if k == "LastName" else v) for k, v in request.params)
        assert url_length(request.path, params, request.page_size) > max_url


def test_a_short_list_is_one_request() -> None:
    assert len(compile_sql(f"SELECT PartyId FROM Party WHERE PartyId IN ({_ids(20)})").requests) == 1


def test_split_requests_return_the_rows_of_the_whole_list(
    conn: imisql.Connection, local_conn: imisql.Connection, exec_emulator: Emulator
) -> None:
    sql = f"SELECT PartyId, LastName FROM Party WHERE PartyId IN ({_ids(280, 20005)}, '20010', '20011')"
    exec_emulator.clear_log()
    pushed = sorted(conn.execute(sql).fetchall())
    assert len(exec_emulator.request_log) > 1
    assert all(len(e.path) + 1 + len(e.query) <= 2000 for e in exec_emulator.request_log)
    assert pushed == sorted(local_conn.execute(sql).fetchall()) and len(pushed) == 280


def test_server_timezone_converts_offsets_before_sending(exec_emulator: Emulator) -> None:
    with imisql.connect(
        exec_emulator.base_url, username=exec_emulator.username, password=exec_emulator.password,
        server_timezone="Australia/Melbourne",
    ) as connection:  # fmt: skip
        aware = dt.datetime(2024, 1, 1, 0, 0, tzinfo=dt.UTC)
        exec_emulator.clear_log()
        connection.execute("SELECT PartyId FROM Party WHERE UpdatedOn >= :t LIMIT 1", {"t": aware}).fetchall()
        sent = dict(exec_emulator.request_log[-1].params)
    assert sent["UpdatedOn"] == "ge:2024-01-01T11:00:00"


def test_an_unknown_server_timezone_is_refused(exec_emulator: Emulator) -> None:
    with pytest.raises(InterfaceError, match="IANA"):
        imisql.connect(exec_emulator.base_url, username="x", password="y", server_timezone="Mars/Olympus")


def test_a_long_not_in_list_keeps_what_fits_and_checks_the_rest_on_the_client() -> None:
    sql = f"SELECT PartyId FROM Party WHERE PartyId NOT IN ({_ids(400)}) AND Status = 'A'"
    assert len(sql) > 2000
    plan = compile_sql(sql)
    (request,) = plan.requests
    assert url_length(request.path, request.params, request.page_size) <= 2000
    sent = [v[3:] for k, v in request.params if k == "PartyId"]
    assert all(v.startswith("ne:") for k, v in request.params if k == "PartyId") and 0 < len(sent) < 400
    assert sent == [str(20000 + i) for i in range(len(sent))] and ("Status", "eq:A") in request.params
    explained = plan.explain()
    assert f"{len(sent)} of its values are sent as ne:" in explained and f"other {400 - len(sent)}" in explained
    assert "filter: PartyId NOT IN (" in explained


@pytest.mark.parametrize(
    "where",
    [
        "PartyId NOT IN ({ids})",
        "PartyId NOT IN ({ids}) AND Status = 'A'",
        "(PartyId NOT IN ({ids}) AND Status = 'A') OR LastName = 'Smith'",
    ],
)
def test_a_long_not_in_list_returns_the_rows_pushdown_off_returns(
    where: str, conn: imisql.Connection, local_conn: imisql.Connection, exec_emulator: Emulator
) -> None:
    sql = "SELECT PartyId, Status, LastName FROM Party WHERE " + where.format(ids=_ids(420, 20003))
    assert len(sql) > 2000
    exec_emulator.clear_log()
    pushed = sorted(conn.execute(sql).fetchall())
    log = exec_emulator.request_log
    assert log and all(len(e.path) + 1 + len(e.query) <= 2000 for e in log)
    assert any("ne%3A" in e.query or "ne:" in e.query for e in log)
    expected = sorted(local_conn.execute(sql).fetchall())
    assert pushed == expected and expected
    if " OR " not in where:
        assert all(not 20003 <= int(row[0]) < 20423 for row in expected)

"""The PEP 249 surface of ``imisql.connect``."""

from __future__ import annotations

import pytest

import imisql
from imisql.emulator import Emulator


def test_module_globals() -> None:
    assert imisql.apilevel == "2.0"
    assert imisql.threadsafety == 1
    assert imisql.paramstyle == "named"
    for name in ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
                 "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError"):  # fmt: skip
        assert issubclass(getattr(imisql, name), imisql.ImisqlError)
    assert issubclass(imisql.ProgrammingError, imisql.DatabaseError)
    assert issubclass(imisql.DatabaseError, imisql.Error)


def test_cursor_fetch_methods_and_description(conn: imisql.Connection) -> None:
    cur = conn.cursor()
    assert cur.description is None and cur.rowcount == -1
    cur.execute("SELECT PartyId, Name FROM Party WHERE Status = :status ORDER BY PartyId LIMIT 7", {"status": "A"})
    assert [d[0] for d in cur.description or ()] == ["PartyId", "Name"]
    assert all(len(d) == 7 for d in cur.description or ())
    first = cur.fetchone()
    some = cur.fetchmany(2)
    cur.arraysize = 3
    more = cur.fetchmany()
    rest = cur.fetchall()
    assert first is not None and len(some) == 2 and len(more) == 3 and len(rest) == 1
    assert cur.fetchone() is None
    assert cur.rowcount == 7


def test_iteration_dicts_and_qmark_parameters(conn: imisql.Connection) -> None:
    cur = conn.execute("SELECT CountryCode, CountryName FROM Country WHERE CountryCode IN (?, ?)", ["US", "CA"])
    rows = sorted(cur.dicts(), key=lambda d: d["CountryCode"])
    assert rows == [
        {"CountryCode": "CA", "CountryName": "Canada"},
        {"CountryCode": "US", "CountryName": "United States"},
    ]
    assert [r for r in conn.execute("SELECT CountryCode FROM Country WHERE CountryCode = 'FR'")] == [("FR",)]


def test_parameters_are_values_never_text(conn: imisql.Connection, exec_emulator: Emulator) -> None:
    exec_emulator.clear_log()
    tricky = "x' OR '1'='1"
    assert conn.execute("SELECT PartyId FROM Party WHERE LastName = :n", {"n": tricky}).fetchall() == []
    sent = [dict(r.params) for r in exec_emulator.request_log if r.path == "/api/Party"]
    assert sent[0]["LastName"] == f"eq:{tricky}"


def test_missing_parameter_is_a_programming_error(conn: imisql.Connection) -> None:
    with pytest.raises(imisql.ProgrammingError) as info:
        conn.execute("SELECT PartyId FROM Party WHERE LastName = :name")
    assert isinstance(info.value, imisql.ParameterError) and info.value.column == 44


def test_errors_are_dbapi_errors_with_positions(conn: imisql.Connection) -> None:
    with pytest.raises(imisql.ProgrammingError) as info:
        conn.execute("SELECT PartyId FROM Party WHERE LastNme = 'x'")
    assert "did you mean LastName" in str(info.value)
    with pytest.raises(imisql.Error):
        conn.execute("SELECT FROM")


def test_explain_describe_and_show(conn: imisql.Connection) -> None:
    text = conn.explain("SELECT * FROM Party WHERE LastName CONTAINS 'smith'")
    assert "LastName=contains%3Asmith" in text and conn.base_url in text
    plan_rows = conn.execute("EXPLAIN SELECT * FROM Party WHERE LastName CONTAINS 'smith'").fetchall()
    assert any("LastName = contains:smith" in r[0] for r in plan_rows)
    described = conn.execute("DESCRIBE Party").fetchall()
    assert described[[r[0] for r in described].index("PersonName.LastName")][:4] == (
        "PersonName.LastName",
        "string",
        "LastName",
        "text",
    )
    entities = [r[0] for r in conn.execute("SHOW ENTITIES").fetchall()]
    assert "Party" in entities and "Country" in entities
    with pytest.raises(imisql.ProgrammingError, match="did you mean Party"):
        conn.execute("DESCRIBE Partyy")


def test_compile_without_a_server() -> None:
    plan = imisql.compile("SELECT * FROM Party WHERE LastName = :n LIMIT 5", {"n": "Smith"})
    [request] = plan.requests
    assert request.method == "GET" and request.path == "/api/Party"
    assert request.params == (("LastName", "eq:Smith"),)
    assert request.url("https://example.org/imis") == (
        "https://example.org/imis/api/Party?LastName=eq%3ASmith&limit=5&offset=0"
    )


def test_closed_objects_refuse_work(exec_emulator: Emulator) -> None:
    connection = imisql.connect(
        exec_emulator.base_url, username=exec_emulator.username, password=exec_emulator.password
    )
    cur = connection.cursor()
    cur.close()
    with pytest.raises(imisql.InterfaceError):
        cur.execute("SELECT PartyId FROM Party")
    connection.close()
    with pytest.raises(imisql.InterfaceError):
        connection.cursor()
    connection.commit  # noqa: B018 - the attribute exists (read-only API)
    with pytest.raises(imisql.InterfaceError):
        connection.commit()


def test_demo_connection_starts_and_stops_its_emulator() -> None:
    with imisql.connect(demo=True) as connection:
        assert connection.execute("SELECT COUNT(*) FROM Party").fetchone() == (2000,)
        url = connection.base_url
    assert "127.0.0.1" in url and connection.closed


def test_secrets_are_not_in_reprs(exec_emulator: Emulator) -> None:
    connection = imisql.connect(
        exec_emulator.base_url, username=exec_emulator.username, password=exec_emulator.password
    )
    try:
        for obj in (connection, connection.client, connection.client.config, connection.cursor()):
            assert exec_emulator.password not in repr(obj)
    finally:
        connection.close()

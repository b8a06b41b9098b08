"""Where iMIS puts NULLs, over a real socket. By default a connection takes iMIS to sort NULLs below every
value (as SQL Server does) and reads an ORDER BY key's rows in one request, checking the answer: on an
emulator that sorts NULLs above every value (``nulls_high``), a NULL seen where it does not belong stops
the statement with ``ServerOrderError`` saying to connect with ``nulls_lowest=False``, which reads each
key's empty values apart and gives the rows of a client sort on both emulators. NULLs placed high that a
statement never reads (ascending, past the rows a LIMIT needs) cannot be seen: the last test pins that
limit down."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

import imisql
from imisql.emulator import Emulator, EmulatorConfig
from imisql.errors import ServerOrderError


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[bool, Emulator]]:
    """Two emulators with the same parties (organizations have a NULL LastName): NULLs low, and high (True)."""
    with contextlib.ExitStack() as stack:
        configs = {high: EmulatorConfig(seed=31, parties=400, nulls_high=high) for high in (False, True)}
        yield {high: stack.enter_context(Emulator(config)) for high, config in configs.items()}


def _connect(emu: Emulator, **options: Any) -> imisql.Connection:
    conn = imisql.connect(emu.base_url, username=emu.username, password=emu.password, **options)
    conn.execute("SELECT COUNT(*) FROM Country").fetchall()  # the token, before any request counted
    return conn


def _run(emu: Emulator, conn: imisql.Connection, sql: str) -> tuple[list[tuple[Any, ...]], list[dict[str, str]]]:
    """The rows of ``sql`` and the query pairs of the requests it sent (from the emulator's log)."""
    before = len(emu.request_log)
    rows = [tuple(r) for r in conn.execute(sql).fetchall()]
    return rows, [dict(e.params) for e in emu.request_log[before:] if e.path.startswith("/api/")]


def _client_sort(emu: Emulator, sql: str) -> list[tuple[Any, ...]]:
    with _connect(emu, pushdown=False) as local:
        return _run(emu, local, sql)[0]


SEEN = [  # each reads NULL last names (72 of 400) next to a value where NULLs sorting high puts them
    "SELECT PartyId, LastName FROM Party ORDER BY LastName DESC, FirstName LIMIT 20",
    "SELECT PartyId FROM Party ORDER BY LastName DESC LIMIT 100",
    "SELECT PartyId FROM Party ORDER BY LastName DESC LIMIT 20",  # NULL first: a row with a value asked for
    "SELECT * FROM Party ORDER BY LastName DESC LIMIT 80",
    "SELECT PartyId, FirstName FROM Party ORDER BY LastName",
    "SELECT PartyId, LastName FROM Party ORDER BY LastName, FirstName, PartyId",
]


@pytest.mark.parametrize("page_size", [500, 7])
@pytest.mark.parametrize("sql", SEEN)
def test_by_default_nulls_sorted_high_stop_the_statement_and_say_what_to_do(
    sites: dict[bool, Emulator], sql: str, page_size: int
) -> None:
    with _connect(sites[True], page_size=page_size) as conn, pytest.raises(ServerOrderError) as caught:
        conn.execute(sql).fetchall()
    message = str(caught.value)
    assert message.startswith("iMIS returned LastName ") and "None" in message
    assert "nulls_lowest=False" in message and "--no-nulls-lowest" in message


@pytest.mark.parametrize("page_size", [500, 7])
@pytest.mark.parametrize("sql", SEEN)
@pytest.mark.parametrize(
    ("high", "options"), [(False, {}), (False, {"nulls_lowest": False}), (True, {"nulls_lowest": False})]
)
def test_the_same_statements_give_the_rows_of_a_client_sort_where_the_assumption_holds(
    sites: dict[bool, Emulator], sql: str, page_size: int, high: bool, options: dict[str, Any]
) -> None:
    emu = sites[high]
    with _connect(emu, page_size=page_size, **options) as conn:
        got, _ = _run(emu, conn, sql)
    expected = _client_sort(emu, sql)
    assert got == expected
    assert expected


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("high", [False, True], ids=["nulls-low", "nulls-high"])
def test_assuming_nothing_one_key_reads_its_empty_values_apart(
    sites: dict[bool, Emulator], high: bool, descending: bool
) -> None:
    emu, direction = sites[high], " DESC" if descending else ""
    sql = f"SELECT PartyId, LastName FROM Party ORDER BY LastName{direction} LIMIT 30 OFFSET 340"
    with _connect(emu, nulls_lowest=False) as conn:
        got, sent = _run(emu, conn, sql)
        planned = [dict(r.first_page_params()) for r in conn.compile(sql).requests]
    assert got == _client_sort(emu, sql)
    empty, others = {"LastName": "isEmpty:"}, {"LastName": "notEmpty:", "OrderBy": "LastName"}
    parts = [{**others, "OrderBy": "LastName:Descending"}, empty] if descending else [empty, others]
    assert [{k: v for k, v in p.items() if k in ("LastName", "OrderBy")} for p in planned] == parts
    assert sent and all(p in planned for p in sent)  # every page of a request planned, at its first offset
    assert len({p["LastName"] for p in sent}) == 2  # the offset runs past the first request's rows


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_by_default_one_key_is_one_request_with_the_window_and_explain_says_it_is_checked(
    sites: dict[bool, Emulator], descending: bool
) -> None:
    emu, direction = sites[False], " DESC" if descending else ""
    sql = f"SELECT PartyId, LastName FROM Party ORDER BY LastName{direction} LIMIT 30 OFFSET 340"
    with _connect(emu) as conn:
        got, sent = _run(emu, conn, sql)
        explain = conn.explain(sql)
    assert got == _client_sort(emu, sql)
    order = "LastName" + (":Descending" if descending else "")
    assert sent == [{"OrderBy": order, "limit": "30", "offset": "340"}]
    assert f"check that iMIS put NULL LastName {'last' if descending else 'first'}" in explain


@pytest.mark.parametrize("high", [False, True], ids=["nulls-low", "nulls-high"])
def test_descending_a_first_null_is_checked_by_one_more_request_only_then(
    sites: dict[bool, Emulator], high: bool
) -> None:
    emu = sites[high]
    nulls = "SELECT PartyId, LastName FROM Party WHERE LastName IS NULL ORDER BY LastName DESC LIMIT 5"
    with _connect(emu) as conn:
        got, sent = _run(emu, conn, nulls)  # every row NULL, on either site: none with a value to come
        assert "if the first row's LastName is NULL, GET /api/Party?LastName=isEmpty:&LastName=notEmpty:&limit=1" in (
            conn.explain(nulls)
        )
    assert got == _client_sort(emu, nulls) and len(got) == 5
    assert [p.get("OrderBy") for p in sent] == ["LastName:Descending", None] and sent[1]["limit"] == "1"
    if not high:
        with _connect(emu) as conn:
            assert len(_run(emu, conn, "SELECT PartyId FROM Party ORDER BY LastName DESC LIMIT 20")[1]) == 1


def test_nulls_sorted_high_that_a_limit_never_reads_cannot_be_seen(sites: dict[bool, Emulator]) -> None:
    """Ascending, the NULLs iMIS put last lie past the rows a LIMIT needs: the statement gives the first
    rows with a last name, where a client sort gives organizations (NULL) first. Only ``nulls_lowest=False``
    (or pushdown off) holds on such a site."""
    emu = sites[True]
    sql = "SELECT PartyId, LastName FROM Party ORDER BY LastName, FirstName LIMIT 20"
    with _connect(emu) as conn:
        got, _ = _run(emu, conn, sql)
    expected = _client_sort(emu, sql)
    assert all(row[1] is not None for row in got) and all(row[1] is None for row in expected)

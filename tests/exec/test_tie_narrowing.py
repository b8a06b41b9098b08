"""ORDER BY of several keys with a LIMIT, over a real socket: the run of ties on the first key that reaches
the LIMIT is narrowed by one more request (filtered to its value, sorted by the next key) instead of read
whole. The rows are the ones a client sort gives (pushdown off): by default (NULLs taken to sort lowest)
on an emulator that sorts NULLs below every value (as SQL Server), and with ``nulls_lowest=False`` (each
key's empty values read apart) on that one and on one that sorts them above; the requests are read from
the emulator's request log. What the default does on the second emulator: ``test_null_order.py``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import imisql
from imisql.emulator import Emulator, EmulatorConfig

# the first run of person last names (ascending) and the last (descending), 30 rows each, spelt in
# several ways the collation calls equal; some first names NULL, some equal but for case and trailing spaces
FIRSTS = ["Zed", "ann", "Ann  ", "bo", "NULL", "Cy", "al", "AL", "Dee", "NULL"] * 3
SPELLINGS = {"Aardvark": ["aardvark", "AARDVARK  ", "Aardvark"], "Zzyzx": ["zzyzx", "ZZYZX", "Zzyzx   "]}


def _values() -> str:
    rows = []
    for spellings in SPELLINGS.values():
        for n, first in enumerate(FIRSTS):
            given = "NULL" if first == "NULL" else f"'{first}'"
            rows.append(f"({given}, '{spellings[n % 3]}')")
    return ", ".join(rows)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[bool, tuple[Emulator, Path]]]:
    """Two emulators with the same rows: one sorts NULLs below every value, the other (True) above."""
    journal = tmp_path_factory.mktemp("narrowing") / "journal.jsonl"
    with contextlib.ExitStack() as stack:
        found = {}
        for high in (False, True):
            emu = stack.enter_context(Emulator(EmulatorConfig(seed=29, parties=400, nulls_high=high)))
            with _connect(emu, journal) as conn:
                conn.execute(f"INSERT INTO Person (PersonName.FirstName, PersonName.LastName) VALUES {_values()}")
            found[high] = (emu, journal)
        yield found


@pytest.fixture(params=[False, True], ids=["nulls-low", "nulls-high"])
def site(request: pytest.FixtureRequest, sites: dict[bool, tuple[Emulator, Path]]) -> tuple[Emulator, Path]:
    return sites[request.param]


def _connect(emu: Emulator, journal: Path, **options: Any) -> imisql.Connection:
    conn = imisql.connect(emu.base_url, username=emu.username, password=emu.password, journal=str(journal), **options)
    conn.execute("SELECT COUNT(*) FROM Country").fetchall()  # the token, before any request counted
    return conn


def _run(emu: Emulator, conn: imisql.Connection, sql: str) -> tuple[list[tuple[Any, ...]], list[dict[str, str]]]:
    """The rows of ``sql`` and the query pairs of the list requests it sent (from the emulator's log)."""
    before = len(emu.request_log)
    rows = [tuple(r) for r in conn.execute(sql).fetchall()]
    sent = [dict(e.params) for e in emu.request_log[before:] if e.path.startswith("/api/")]
    return rows, sent


SHAPES = [
    "SELECT PartyId, LastName, FirstName FROM Person ORDER BY LastName, FirstName LIMIT 20",
    "SELECT PartyId, LastName, FirstName FROM Person ORDER BY LastName DESC, FirstName LIMIT 20",
    "SELECT PartyId, FirstName FROM Person ORDER BY LastName, FirstName DESC LIMIT 7 OFFSET 9",
    "SELECT PartyId, LastName FROM Person ORDER BY LastName DESC, FirstName DESC LIMIT 25 OFFSET 3",
    "SELECT PartyId, LastName, FirstName FROM Party ORDER BY LastName, FirstName LIMIT 20",
    "SELECT PartyId, LastName, FirstName FROM Party ORDER BY LastName DESC, FirstName LIMIT 20",
    "SELECT PartyId FROM Party ORDER BY LastName, FirstName, PartyId LIMIT 20 OFFSET 60",
    "SELECT * FROM Person ORDER BY LastName, FirstName LIMIT 12",
    "SELECT PartyId, FirstName FROM Person WHERE Status = 'A' ORDER BY LastName DESC, FirstName LIMIT 15",
    "SELECT PartyId, FirstName FROM Person WHERE FirstName LIKE '%e%' ORDER BY LastName, FirstName LIMIT 4",
    "SELECT PartyId, LastName FROM Person ORDER BY LastName, FirstName LIMIT 30 OFFSET 25",
    "SELECT PartyId, LastName, FirstName FROM Party ORDER BY LastName, FirstName DESC LIMIT 20",
    "SELECT PartyId FROM Person ORDER BY LastName, FirstName, PartyId LIMIT 9",
    "SELECT PartyId FROM Person ORDER BY LastName DESC, FirstName DESC, PartyId DESC LIMIT 14 OFFSET 1",
]


ASSUME_NOTHING = {"nulls_lowest": False}
CORRECT = pytest.mark.parametrize(  # the sites and connection options on which the rows are right
    ("site", "options"),
    [(False, {}), (False, ASSUME_NOTHING), (True, ASSUME_NOTHING)],
    ids=["nulls-low-default", "nulls-low-assume-nothing", "nulls-high-assume-nothing"],
    indirect=["site"],
)


@pytest.mark.parametrize("page_size", [500, 10, 3])
@pytest.mark.parametrize("sql", SHAPES)
@CORRECT
def test_same_rows_as_a_client_sort(
    site: tuple[Emulator, Path], options: dict[str, Any], sql: str, page_size: int
) -> None:
    emu, journal = site
    pushed = _connect(emu, journal, page_size=page_size, **options)
    with pushed, _connect(emu, journal, pushdown=False) as local:
        expected, _ = _run(emu, local, sql)
        got, _ = _run(emu, pushed, sql)
    assert got == expected
    assert expected


@pytest.mark.parametrize(
    ("sql", "need"),
    [
        ("SELECT PartyId, LastName, FirstName FROM Person ORDER BY LastName, FirstName LIMIT 20", 20),
        ("SELECT PartyId, LastName FROM Person ORDER BY LastName DESC, FirstName LIMIT 15 OFFSET 2", 17),
    ],
)
def test_assuming_nothing_the_run_that_reaches_the_limit_is_narrowed_not_read_whole(
    site: tuple[Emulator, Path], sql: str, need: int
) -> None:
    emu, journal = site
    pushed = _connect(emu, journal, page_size=20, **ASSUME_NOTHING)
    with pushed, _connect(emu, journal, pushdown=False) as local:
        got, sent = _run(emu, pushed, sql)
        assert got == _run(emu, local, sql)[0]
    narrowing = [p for p in sent if p.get("LastName", "").startswith("eq:")]
    # the run of 30 equal last names, past the first page: its empty first names apart, then the others sorted
    assert [p["FirstName"] for p in narrowing] == ["isEmpty:", "notEmpty:"]
    assert narrowing[1]["OrderBy"] == "FirstName" and narrowing[1]["limit"] == str(need)
    assert narrowing[0]["LastName"].casefold().rstrip() in ("eq:aardvark", "eq:zzyzx")
    first_key = [p for p in sent if p not in narrowing]
    assert len(first_key) == (1 if "DESC" in sql else 2)  # one page of the sorted last names (after the empty ones)


@pytest.mark.parametrize("page_size", [500, 20])
@pytest.mark.parametrize("entity", ["Person", "Party"])
@pytest.mark.parametrize("direction", ["", " DESC"], ids=["asc", "desc"])
@pytest.mark.parametrize("site", [False], ids=["nulls-low"], indirect=True)
def test_by_default_limit_20_on_two_keys_is_at_most_two_requests(
    site: tuple[Emulator, Path], entity: str, direction: str, page_size: int
) -> None:
    """Issue 16's figure: runs of 30 ties at both ends of the person last names (narrowed past a page of 20),
    organizations' NULL last names first ascending; assuming nothing, the same statements take up to 4."""
    emu, journal = site
    sql = f"SELECT PartyId, LastName, FirstName FROM {entity} ORDER BY LastName{direction}, FirstName LIMIT 20"
    with _connect(emu, journal, page_size=page_size) as pushed, _connect(emu, journal, pushdown=False) as local:
        got, sent = _run(emu, pushed, sql)
        assert got == _run(emu, local, sql)[0]
    assert len(sent) <= (1 if page_size == 500 else 2)


@pytest.mark.parametrize("site", [False], ids=["nulls-low"], indirect=True)
def test_by_default_the_run_that_reaches_the_limit_is_narrowed_in_one_request(site: tuple[Emulator, Path]) -> None:
    emu, journal = site
    sql = "SELECT PartyId, LastName, FirstName FROM Person ORDER BY LastName, FirstName LIMIT 20"
    with _connect(emu, journal, page_size=20) as pushed:
        got, sent = _run(emu, pushed, sql)
        assert "NULLs taken to sort lowest" in "\n".join(r[0] for r in pushed.execute("EXPLAIN " + sql).fetchall())
    with _connect(emu, journal, pushdown=False) as local:
        assert got == _run(emu, local, sql)[0]
    assert [p.get("OrderBy") for p in sent] == ["LastName", "FirstName"]
    assert sent[1]["LastName"].casefold().rstrip() == "eq:aardvark" and sent[1]["limit"] == "20"
    assert [r[2] for r in got[:6]] == [None] * 6  # NULL first names first


@CORRECT
def test_a_run_of_null_first_keys_that_reaches_the_limit_is_settled_in_one_request(
    site: tuple[Emulator, Path], options: dict[str, Any]
) -> None:
    """Organizations have neither last nor first name: NULL on every ascending key, nothing sorts before them."""
    emu, journal = site
    sql = "SELECT PartyId, LastName, FirstName FROM Party ORDER BY LastName, FirstName LIMIT 20"
    pushed = _connect(emu, journal, page_size=30, **options)
    with pushed, _connect(emu, journal, pushdown=False) as local:
        got, sent = _run(emu, pushed, sql)
        assert got == _run(emu, local, sql)[0]
    first = {"OrderBy": "LastName"} if not options else {"LastName": "isEmpty:"}
    assert sent == [{**first, "limit": "30", "offset": "0"}]


@pytest.mark.parametrize("options", [{}, ASSUME_NOTHING], ids=["default", "assume-nothing"])
def test_explain_shows_the_narrowing_requests(site: tuple[Emulator, Path], options: dict[str, Any]) -> None:
    emu, journal = site
    sql = "SELECT PartyId FROM Party WHERE Status = 'A' ORDER BY LastName DESC, FirstName LIMIT 20 OFFSET 5"
    with _connect(emu, journal, **options) as conn:
        text = "\n".join(r[0] for r in conn.execute("EXPLAIN " + sql).fetchall())
        without_limit = "\n".join(r[0] for r in conn.execute("EXPLAIN " + sql.split(" LIMIT")[0]).fetchall())
    assert "reaches row 25" in text
    narrowing = "Status=eq:A&LastName=eq:{LastName}"
    if options:
        narrowing += "&FirstName=isEmpty:, then Status=eq:A&LastName=eq:{LastName}&FirstName=notEmpty:"
    assert f"sorted by FirstName: {narrowing}&OrderBy=FirstName (the rows still needed)" in text
    assert "reaches row" not in without_limit

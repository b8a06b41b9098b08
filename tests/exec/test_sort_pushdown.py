"""ORDER BY with the first key pushed to iMIS and ties completed on the client, over a real socket: the same
rows as with pushdown off for many ORDER BY shapes (directions, NULL and blank keys, case and trailing-space
variants, runs of ties across page boundaries), with the requests counted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import imisql
from imisql.emulator import Emulator, EmulatorConfig

VARIANTS = [  # (FirstName, LastName): one last name in several spellings the collation calls equal
    ("Ann", "quill"), ("bob", "QUILL"), ("Cy", "Quill  "), ("ann", "Quill"), ("Dee", "Qüill"), ("Eve", "quilla"),
]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Emulator, Path]]:
    journal = tmp_path_factory.mktemp("sorts") / "journal.jsonl"
    with Emulator(EmulatorConfig(seed=23, parties=300)) as emu:
        with _connect(emu, journal) as conn:
            values = ", ".join(f"('{first}', '{last}')" for first, last in VARIANTS)
            conn.execute(f"INSERT INTO Person (PersonName.FirstName, PersonName.LastName) VALUES {values}")
        yield emu, journal


def _connect(emu: Emulator, journal: Path, **options: object) -> imisql.Connection:
    """A signed-in connection (its token fetched, so requests counted afterwards are the statement's)."""
    conn = imisql.connect(
        emu.base_url,
        username=emu.username,
        password=emu.password,
        journal=str(journal),
        **options,  # type: ignore[arg-type]
    )
    conn.execute("SELECT COUNT(*) FROM Country").fetchall()
    return conn


def _run(conn: imisql.Connection, sql: str) -> tuple[list[tuple[object, ...]], int]:
    before = conn.client.stats.snapshot().requests
    rows = [tuple(r) for r in conn.execute(sql).fetchall()]
    return rows, conn.client.stats.snapshot().requests - before


SHAPES = [
    "SELECT PartyId, LastName, FirstName FROM Party ORDER BY LastName, FirstName",
    "SELECT PartyId, LastName, FirstName FROM Party ORDER BY LastName DESC, FirstName",
    "SELECT PartyId, FirstName FROM Party ORDER BY LastName, FirstName DESC, PartyId",
    "SELECT PartyId, LastName FROM Party ORDER BY LastName DESC, FirstName DESC, PartyId DESC",
    "SELECT PartyId FROM Party ORDER BY LastName, PartyId LIMIT 20",
    "SELECT PartyId FROM Party ORDER BY LastName DESC, PartyId LIMIT 20",
    "SELECT PartyId, Name FROM Party ORDER BY CityName, PartyId LIMIT 37 OFFSET 11",
    "SELECT PartyId, FirstName FROM Person ORDER BY LastName, FirstName, PartyId LIMIT 20",
    "SELECT PartyId FROM Party WHERE Status = 'A' ORDER BY LastName, PartyId DESC LIMIT 50",
    "SELECT PartyId FROM Party WHERE FirstName LIKE '%a%n%' ORDER BY LastName, PartyId",
    "SELECT PartyId, BirthDate FROM Party ORDER BY BirthDate DESC, PartyId LIMIT 25",
    "SELECT PartyId FROM Party ORDER BY UpdatedOn, PartyId DESC LIMIT 300",
    "SELECT DISTINCT LastName FROM Party ORDER BY LastName, FirstName LIMIT 30",
]


@pytest.mark.parametrize("page_size", [500, 7])
@pytest.mark.parametrize("sql", SHAPES)
def test_same_rows_as_pushdown_off(site: tuple[Emulator, Path], sql: str, page_size: int) -> None:
    emu, journal = site
    with _connect(emu, journal, page_size=page_size) as pushed, _connect(emu, journal, pushdown=False) as local:
        assert "one run of ties at a time" in "\n".join(r[0] for r in pushed.execute("EXPLAIN " + sql).fetchall())
        expected, _ = _run(local, sql)
        got, _ = _run(pushed, sql)
    assert got == expected
    assert expected


def test_case_and_blank_variants_come_in_collation_order(site: tuple[Emulator, Path]) -> None:
    emu, journal = site
    sql = "SELECT FirstName, LastName FROM Person WHERE LastName STARTSWITH 'q' ORDER BY LastName, FirstName DESC"
    with _connect(emu, journal, page_size=2) as pushed, _connect(emu, journal, pushdown=False) as local:
        got, _ = _run(pushed, sql)
        expected, _ = _run(local, sql)
    assert got == expected
    quills = [i for i, (_, last) in enumerate(got) if str(last).rstrip().casefold() == "quill"]
    assert quills == list(range(quills[0], quills[0] + 4))  # four spellings, one run
    assert [got[i][0].casefold() for i in quills] == ["cy", "bob", "ann", "ann"]
    assert got[quills[-1] + 1][1] == "Qüill"  # accents break ties after the base letters


def test_null_first_keys_come_first_ascending_and_last_descending(site: tuple[Emulator, Path]) -> None:
    emu, journal = site
    sql = "SELECT PartyId, LastName, FirstName FROM Party ORDER BY LastName{}, FirstName, PartyId"
    with _connect(emu, journal) as pushed, _connect(emu, journal, pushdown=False) as local:
        ascending, _ = _run(pushed, sql.format(""))
        descending, _ = _run(pushed, sql.format(" DESC"))
        assert ascending == _run(local, sql.format(""))[0]
        assert descending == _run(local, sql.format(" DESC"))[0]
    nulls = sum(1 for r in ascending if r[1] is None)
    assert nulls > 0
    assert all(r[1] is None for r in ascending[:nulls]) and all(r[1] is None for r in descending[-nulls:])


@pytest.mark.parametrize(("options", "first"), [({}, 1), ({"nulls_lowest": False}, 2)], ids=["default", "apart"])
def test_limit_20_on_two_text_keys_sends_at_most_two_requests(
    site: tuple[Emulator, Path], options: dict[str, bool], first: int
) -> None:
    emu, journal = site
    with _connect(emu, journal, page_size=50, **options) as conn:
        _, ascending = _run(
            conn, "SELECT PartyId, LastName, FirstName FROM Person ORDER BY LastName, FirstName LIMIT 20"
        )
        _, descending = _run(conn, "SELECT PartyId, LastName FROM Party ORDER BY LastName DESC, FirstName LIMIT 20")
    with _connect(emu, journal, page_size=50, pushdown=False) as local:
        _, everything = _run(local, "SELECT PartyId FROM Person ORDER BY LastName, FirstName LIMIT 20")
    assert ascending == first  # the first page iMIS sorted; read apart, the run of empty last names before it
    assert descending == 1
    assert everything >= 300 // 50  # every page, to sort on the client


def test_a_run_of_ties_across_pages_is_read_whole_and_no_further(site: tuple[Emulator, Path]) -> None:
    emu, journal = site
    sql = "SELECT PartyId, LastName FROM Person ORDER BY LastName DESC, PartyId LIMIT 3"
    with _connect(emu, journal, page_size=2) as pushed, _connect(emu, journal, pushdown=False) as local:
        everything, _ = _run(local, "SELECT LastName FROM Person ORDER BY LastName DESC")
        got, requests = _run(pushed, sql)
        expected, _ = _run(local, sql)
    assert got == expected
    run_end = next(i for i, r in enumerate(everything) if i >= 3 and r[0].casefold() != everything[2][0].casefold())
    assert requests == run_end // 2 + 1  # pages of 2 up to the first row after the run that reaches row 3


def test_a_client_sort_by_columns_not_selected_returns_only_the_selected_ones(site: tuple[Emulator, Path]) -> None:
    emu, journal = site
    with _connect(emu, journal, pushdown=False) as local:
        cursor = local.execute("SELECT PartyId FROM Party ORDER BY LastName DESC, FirstName LIMIT 5")
        rows = cursor.fetchall()
        assert [d[0] for d in cursor.description] == ["PartyId"]
        names = local.execute(
            "SELECT PartyId, LastName, FirstName FROM Party ORDER BY LastName DESC, FirstName"
        ).fetchall()
    assert [tuple(r) for r in rows] == [(r[0],) for r in names[:5]]

"""Statements an application runs again reuse their plan; other parameters, catalogs or options never do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest

import imisql
from imisql.catalog.builtin import BUILTIN, StaticCatalog
from imisql.emulator import Emulator
from imisql.plan_cache import PlanCache, params_key


@pytest.fixture
def conn(emulator_session: Emulator) -> Iterator[imisql.Connection]:
    site = emulator_session
    with imisql.connect(site.base_url, username=site.username, password=site.password) as connection:
        yield connection


def test_the_same_statement_and_parameters_reuse_the_plan(conn: imisql.Connection) -> None:
    sql = "SELECT PartyId, Name FROM Party WHERE LastName <> :last ORDER BY PartyId LIMIT 3"
    cursor = conn.cursor()
    first = cursor.execute(sql, {"last": "Smith"}).plan
    rows = cursor.fetchall()
    again = cursor.execute(sql, {"last": "Smith"}).plan
    assert again is first and cursor.fetchall() == rows and len(rows) == 3


def test_other_parameter_values_and_types_compile_again(conn: imisql.Connection) -> None:
    cursor = conn.cursor()
    one = cursor.execute("SELECT PartyId FROM Party LIMIT ?", [1]).plan
    assert len(cursor.fetchall()) == 1
    two = cursor.execute("SELECT PartyId FROM Party LIMIT ?", [2]).plan
    assert two is not one and len(cursor.fetchall()) == 2
    with pytest.raises(imisql.ProgrammingError, match="LIMIT must be a non-negative integer"):
        cursor.execute("SELECT PartyId FROM Party LIMIT ?", [True])  # equal to 1, but not the same value


def test_a_new_catalog_or_new_options_compile_again(conn: imisql.Connection) -> None:
    sql = "SELECT PartyId FROM Party WHERE LastName = 'Smith'"
    before = conn.cursor().execute(sql).plan
    conn.options = replace(conn.options, pushdown=False)
    unpushed = conn.cursor().execute(sql).plan
    assert unpushed is not before and "LastName=eq:Smith" not in unpushed.explain()
    conn.catalog = StaticCatalog(e for e in BUILTIN.entities() if e.name != "Party")
    with pytest.raises(imisql.ProgrammingError, match="Party"):
        conn.cursor().execute(sql)


def test_scripts_with_errors_are_not_kept(conn: imisql.Connection) -> None:
    runner = conn.runner()
    for _ in range(2):
        assert runner.prepare("SELECT Name FROM Party; SELEC 1").errors
    assert runner.plans is not None and len(runner.plans) == 0
    runner.prepare("SELECT Name FROM Party")
    assert len(runner.plans) == 1


def test_the_cache_is_bounded_and_drops_the_least_recently_used() -> None:
    cache: PlanCache[str] = PlanCache(size=2)
    keys = [cache.key(text, None, BUILTIN, None) for text in ("a", "b", "c")]
    cache.put(keys[0], "A")
    cache.put(keys[1], "B")
    assert cache.get(keys[0]) == "A"  # now the most recently used
    cache.put(keys[2], "C")
    assert len(cache) == 2 and cache.get(keys[1]) is None and cache.get(keys[0]) == "A"


def test_parameters_key_by_type_and_spelling_and_not_by_mapping_order() -> None:
    assert params_key({"a": 1, "b": "x"}) == params_key({"b": "x", "a": 1})
    assert params_key([1]) != params_key([True]) != params_key([1.0])
    assert params_key([Decimal("1.0")]) != params_key([Decimal("1.00")])
    assert params_key({0: "x"}) != params_key(["x"]) and params_key(None) != params_key([])
    huge = 10**5000  # too long for repr: keyed by value, never an error
    assert params_key([huge]) == params_key([huge]) != params_key([huge + 1])

"""The collation on the demo data, end to end: case and trailing-space variants are one value."""

from __future__ import annotations

from collections import Counter

import imisql
from imisql.semantics import text_key


def test_group_by_has_one_group_per_collation_value(conn: imisql.Connection) -> None:
    rows = conn.execute("SELECT LastName, COUNT(*) FROM Party WHERE LastName IS NOT NULL GROUP BY LastName").fetchall()
    keys = Counter(text_key(name) for name, _ in rows)
    assert keys and max(keys.values()) == 1
    every = conn.execute("SELECT LastName FROM Party WHERE LastName IS NOT NULL").fetchall()
    spellings = Counter(text_key(name) for (name,) in every)
    assert {text_key(name): n for name, n in rows} == dict(spellings)
    assert any(len({name for (name,) in every if text_key(name) == key}) > 1 for key in spellings)


def test_group_shows_the_first_spelling_seen(conn: imisql.Connection) -> None:
    every = [name for (name,) in conn.execute("SELECT LastName FROM Party WHERE LastName IS NOT NULL").fetchall()]
    first: dict[object, str] = {}
    for name in every:
        first.setdefault(text_key(name), name)
    rows = conn.execute("SELECT LastName FROM Party WHERE LastName IS NOT NULL GROUP BY LastName").fetchall()
    assert sorted(name for (name,) in rows) == sorted(first.values())


def test_distinct_and_count_distinct_agree(conn: imisql.Connection) -> None:
    distinct = conn.execute("SELECT DISTINCT LastName FROM Party WHERE LastName IS NOT NULL").fetchall()
    (count,) = conn.execute("SELECT COUNT(DISTINCT LastName) FROM Party").fetchone()
    assert len(distinct) == count == len({text_key(name) for (name,) in distinct})


def test_equality_ignores_case_and_trailing_spaces_on_the_server(conn: imisql.Connection) -> None:
    names = {name for (name,) in conn.execute("SELECT LastName FROM Party WHERE LastName = 'PATEL'").fetchall()}
    assert len(names) > 1 and {text_key(n) for n in names} == {"patel"}

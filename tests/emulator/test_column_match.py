"""Sorted columns and their bulk filter tests agree value by value with ``sort_key`` and ``Filter.test_value``.

The bulk paths (C-level keys for the sort, bisection for comparisons, casefolded texts for
``contains`` and the like) must give exactly what one call per value gives, on the generated data
and on values chosen to be awkward: equal but not identical texts, accents, dates the fast parser
takes and dates it refuses, mixed types.
"""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest

from imisql.emulator.columnmatch import passing
from imisql.emulator.columns import ColumnStore
from imisql.emulator.dataset import Dataset, RowSource
from imisql.emulator.entities import SearchField, entity
from imisql.emulator.query import make_filter
from imisql.emulator.valueorder import sort_order
from imisql.semantics import Kind, sort_key
from tests.emulator.test_column_scan import filter_text

TEXTS = ["Smith", "SMITH", "smith ", "Zoë", "Zoe", "zof", "Müller", "MÜLLER", "ß", "SS", "", " ", "Æther", "a\u0301"]
DATES = ["2024-01-01T00:00:00", "2024-01-01", "2024-01-01T10:00:00.1234567", "2023-12-31T23:59:59.99", "2024-W01"]
SAMPLES: dict[str, tuple[Kind | None, list[Any]]] = {
    "texts": (Kind.STRING, TEXTS),
    "ascii": (Kind.STRING, ["b", "B ", "a", "ab", "A", "10", "9"]),
    "texts and numbers": (Kind.STRING, [*TEXTS, 5, Decimal("1.50"), True]),
    "dates": (Kind.DATETIME, DATES),
    "odd dates": (Kind.DATETIME, [*DATES, " 2024-01-01", "01/02/2024", "2024-01-01T10:00:00+02:00", "junk"]),
    "date objects": (Kind.DATETIME, [datetime(2024, 1, 1), datetime(2023, 5, 1, 8), *DATES]),
    "integers": (Kind.INTEGER, [3, -1, 0, 10**12, 7]),
    "integer texts": (Kind.INTEGER, [3, "3", " 4", "x", Decimal("2.0"), True]),
    "booleans": (Kind.BOOLEAN, [True, False]),
    "no kind": (None, [1, "1", True, Decimal("1.5"), 1.5, "b", datetime(2024, 1, 1)]),
}


def distinct_values(draw: random.Random, pool: list[Any]) -> list[Any]:
    """The pool's values in a random order, with NULL somewhere among them half of the time."""
    values = draw.sample(pool, len(pool))
    if draw.random() < 0.5:
        values.insert(draw.randrange(len(values) + 1), None)
    return values


@pytest.mark.parametrize("name", SAMPLES)
def test_sort_order_is_sort_key_order(name: str) -> None:
    kind, pool = SAMPLES[name]
    draw = random.Random(name)
    for _ in range(30):
        values = distinct_values(draw, pool)
        order, starts = sort_order(values, kind)
        keys = [sort_key(values[i], kind) for i in order]
        expected = sorted(range(len(values)), key=lambda i: sort_key(values[i], kind))
        assert [True] + [a < b for a, b in pairwise(keys)] == starts
        assert [sort_key(values[i], kind) for i in expected] == keys
        assert all(a < b for a, b, new in zip(order, order[1:], starts[1:], strict=False) if not new)  # ties stable


def test_generated_columns_are_sorted() -> None:
    party = entity("Party")
    assert party is not None
    for name, column in ColumnStore(party.rows(Dataset(seed=5, parties=400)), party.fields).columns().items():
        keys = [sort_key(column.values[index], column.kind) for index in column.order]
        assert keys == sorted(keys), name
        starts = [next(p for p in range(len(keys)) if keys[p] == key) for key in keys]
        assert [column.ranks[index] for index in column.order] == starts, name


@pytest.mark.parametrize("name", SAMPLES)
def test_hits_are_test_value(name: str) -> None:
    kind, pool = SAMPLES[name]
    draw = random.Random(name)
    field = SearchField("Value", "Value", kind)
    for _ in range(20):
        rows = [{"Value": value} for value in distinct_values(draw, pool)]
        source = RowSource(lambda rows=rows: len(rows), rows.__getitem__, lambda key: None)
        column = ColumnStore(source, [field]).columns()["Value"]
        for _ in range(40):
            f = make_filter(field, filter_text(draw, pool))
            assert passing(f, column).by_value(column) == bytes(map(f.test_value, column.values)), (f.op, f.raw)


def test_hits_on_generated_party_columns() -> None:
    party = entity("Party")
    assert party is not None
    columns = ColumnStore(party.rows(Dataset(seed=6, parties=300)), party.fields).columns()
    draw = random.Random(2)
    for _ in range(600):
        field = draw.choice(party.fields)
        column = columns[field.name]
        f = make_filter(field, filter_text(draw, column.values))
        assert passing(f, column).by_value(column) == bytes(map(f.test_value, column.values)), (field.name, f.op, f.raw)

"""The column scan gives exactly the rows, in exactly the order, of the row-by-row scan.

Differential: many generated filters (every operator and spelling, operands drawn from the data
with case, trailing-space, substring and junk variants, several filters at once, ``OrderBy`` on
one or two columns) on every entity, with and without written rows (replaced, deleted and
created), each answered by both scans over the same rows.
"""

from __future__ import annotations

import random
from array import array
from decimal import Decimal
from typing import Any

import pytest

from imisql.emulator.columns import ColumnStore
from imisql.emulator.columnscan import IndexedTable
from imisql.emulator.dataset import Dataset, RowSource
from imisql.emulator.entities import ENTITIES, EntityDef, SearchField, entity
from imisql.emulator.listing import scan
from imisql.emulator.overlay import Change, overlaid
from imisql.emulator.query import ListQuery, parse_list_query
from imisql.operators import OPERATORS, Arity, lookup
from imisql.semantics import Kind

SPELLINGS = [spelling for spec in OPERATORS for spelling in spec.spellings] + ["notIn", "!in", ""]
DATASET = Dataset(seed=3, parties=120)


def operand(draw: random.Random, values: list[Any]) -> str:
    """A filter operand: a value of the column, a variant of one, or something unrelated."""
    value = draw.choice(values)
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    cut = draw.randrange(len(text) + 1)
    variants = [text, text.upper(), text.lower(), text + "  ", text[:cut], text[cut:], text[cut // 2 : cut]]
    junk = ["", " ", "zz", "0", "1", "-3", "2.5", "true", "FALSE", "2020-01-01", "06/30/2026", "notadate", "ü"]
    return draw.choice(variants if draw.random() < 0.8 else junk)


def filter_text(draw: random.Random, values: list[Any]) -> str:
    spelling = draw.choice(SPELLINGS)
    spec = lookup(spelling)
    many = spec is None or spec.arity in (Arity.MANY, Arity.NONE)  # a bare value, in:, notIn: and isEmpty:
    count = draw.choice([1, 1, 2, 3]) if many else 2 if spec.arity is Arity.TWO else 1
    operands = "|".join(operand(draw, values) for _ in range(count))
    return operands if spelling == "" else f"{spelling}:{operands}"


def random_query(draw: random.Random, ent: EntityDef, columns: dict[str, list[Any]]) -> ListQuery:
    params = []
    for _ in range(draw.choice([1, 1, 2, 3])):
        field = draw.choice(ent.fields)
        params.append((field.name, filter_text(draw, columns[field.name])))
    if draw.random() < 0.5:
        order = draw.sample(ent.fields, min(len(ent.fields), draw.choice([1, 2])))
        params.append(("OrderBy", "|".join(f.name + draw.choice(["", ":Descending", ":ascending"]) for f in order)))
    return parse_list_query(params, ent)


def same_answers(ent: EntityDef, source: RowSource, indexed: IndexedTable, seed: int, rounds: int) -> int:
    """Compare both scans on ``rounds`` random queries; returns how many rows matched in all."""
    rows = [source.record(pos) for pos in range(source.count())]
    columns = {f.name: [row.get(f.name) for row in rows] for f in ent.fields}
    draw = random.Random(seed)
    matched = 0
    for _ in range(rounds):
        query = random_query(draw, ent, columns)
        expected = scan(source, query)
        found = indexed.scan(query)
        assert len(found) == len(expected), (ent.name, query.signature)  # counted before the rows are listed
        assert found[:3] == expected[:3] and array("i", found) == expected, (ent.name, query.signature)
        matched += len(expected)
    return matched


@pytest.mark.parametrize("ent", ENTITIES, ids=lambda e: e.name)
def test_generated_rows(ent: EntityDef) -> None:
    source = ent.rows(DATASET)
    store = ColumnStore(source, ent.fields)
    assert same_answers(ent, source, IndexedTable(store), seed=len(ent.name), rounds=60) > 0


@pytest.mark.parametrize("name", ["Party", "Activity"])
def test_columns_of_more_than_256_values(name: str) -> None:
    """Codes in two or four bytes (and columns where every row has its own value) rather than one."""
    ent = entity(name)
    assert ent is not None
    source = ent.rows(Dataset(seed=4, parties=700))
    store = ColumnStore(source, ent.fields)
    assert same_answers(ent, source, IndexedTable(store), seed=9, rounds=80) > 0
    assert any(column.counts is None for column in store.columns().values())
    assert any(not isinstance(column.codes, bytes) and column.counts for column in store.columns().values())


def _awkward_table(size: int) -> tuple[EntityDef, RowSource]:
    """Values that are equal but not identical: case, trailing spaces, accents, number scales, 1/True."""
    texts = ["Smith", "SMITH", "smith ", "Smith", None, "", " ", "Zoë", "Zoe", "zof", "Müller", "O'Brien"]
    amounts = [Decimal("1.5"), Decimal("1.50"), 1, True, 1.5, None, 0, False, "1", Decimal("-0"), "x"]
    dates = ["2024-01-01T00:00:00", "2024-01-01", "01/01/2024", "2024-01-01T10:00:00+02:00", None, "junk"]
    draw = random.Random(11)
    rows = [
        {"Key": f"{n:04d}", "Text": draw.choice(texts), "Amount": draw.choice(amounts), "When": draw.choice(dates),
         "Flag": draw.choice([True, False, None, 1, 0, "true", "0"])}
        for n in range(size)
    ]  # fmt: skip
    fields = (SearchField("Key", "Key", Kind.STRING), SearchField("Text", "Text", Kind.STRING),
              SearchField("Amount", "Amount", None), SearchField("When", "When", Kind.DATETIME),
              SearchField("Flag", "Flag", Kind.BOOLEAN))  # fmt: skip
    source = RowSource(lambda: len(rows), rows.__getitem__, lambda key: None)
    return EntityDef("Awkward", "Awkward", "Key", fields, dict, lambda dataset: source), source


def test_values_equal_but_not_identical() -> None:
    ent, source = _awkward_table(300)
    store = ColumnStore(source, ent.fields)
    assert same_answers(ent, source, IndexedTable(store), seed=5, rounds=300) > 0
    assert len(store.columns()["Amount"].values) == 11  # each amount apart: 1.5 and 1.50, 1 and True, 0 and -0


def _key_of(ent: EntityDef, record: dict[str, Any]) -> str:
    return str(record[ent.key])


def _written(ent: EntityDef, base: RowSource, draw: random.Random) -> list[Change]:
    """Replacements (fields set to other rows' values, variants or NULL), deletions and creations."""
    changes = []
    picked = draw.sample(range(base.count()), base.count() // 4)
    fields: list[SearchField] = [f for f in ent.fields if f.name != ent.key]
    for n, pos in enumerate(picked):
        record = base.record(pos)
        if n % 3 == 0:
            changes.append(Change(_key_of(ent, record), True, None))
            continue
        changed = dict(record)
        for field in draw.sample(fields, 2):
            other = base.record(draw.randrange(base.count())).get(field.name)
            changed[field.name] = draw.choice([other, None, f"{other} ".upper() if isinstance(other, str) else other])
        if n % 3 == 1:
            changes.append(Change(_key_of(ent, record), True, changed))
        else:
            changed[ent.key] = f"9{n:08d}"
            changes.append(Change(changed[ent.key], False, changed))
    return changes


@pytest.mark.parametrize("name", ["Party", "Person", "Activity", "Invoice", "EventRegistration", "Country"])
def test_written_rows(name: str) -> None:
    ent = entity(name)
    assert ent is not None
    base = ent.rows(DATASET)
    shown = overlaid(base, _written(ent, base, random.Random(name)), lambda record: True)
    store = ColumnStore(base, ent.fields)
    indexed = IndexedTable(store, shown.positions)
    assert same_answers(ent, shown.rows, indexed, seed=7, rounds=60) > 0


def test_columns_are_built_once_and_scans_generate_no_record() -> None:
    ent = entity("Party")
    assert ent is not None
    base = ent.rows(DATASET)
    calls: list[int] = []

    def record(pos: int) -> dict[str, Any]:
        calls.append(pos)
        return base.record(pos)

    counted = RowSource(base.count, record, base.position)
    indexed = IndexedTable(ColumnStore(counted, ent.fields))
    first = indexed.scan(parse_list_query([("LastName", "contains:smith")], ent))
    assert sorted(calls) == list(range(base.count()))  # the build: each row once
    second = indexed.scan(parse_list_query([("Email", "notEmpty:"), ("OrderBy", "LastName:Descending")], ent))
    assert len(calls) == base.count() and indexed.store.built  # no record generated after the build
    assert len(first) > 0 and len(second) > len(first)

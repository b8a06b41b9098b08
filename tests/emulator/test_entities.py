"""The entity table against the generated data (no HTTP): records agree with rendered items.

Filtering runs on flat records while clients see rendered JSON, so for every entity and search
name the record value must equal the value at the search name's JSON path. Positions must come
in ascending key order, and single-GET ids must resolve back to their position.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from imisql.emulator.dataset import Dataset
from imisql.emulator.entities import ENTITIES, EntityDef, entity, generic_values, resolve_path
from imisql.semantics import sort_key

DATA = Dataset(seed=1, parties=300)


def _sample(count: int) -> list[int]:
    head = list(range(min(count, 40)))
    return sorted(set(head + list(range(0, count, max(1, count // 40)))))


def _identity(e: EntityDef, rec: dict[str, Any]) -> str:
    if e.business_object and len(e.business_object.identity) > 1:
        return "~" + "|".join(str(rec[name]) for name in e.business_object.identity)
    return str(rec[e.key])


@pytest.mark.parametrize("e", ENTITIES, ids=[e.name for e in ENTITIES])
def test_record_values_equal_values_at_search_paths(e: EntityDef) -> None:
    source = e.rows(DATA)
    assert source.count() > 0
    for pos in _sample(source.count()):
        rec = source.record(pos)
        item = e.render(rec)
        values = generic_values(item) if e.business_object else None
        for field in e.fields:
            if field.path is None:
                continue
            shown = values[field.name] if values is not None else resolve_path(item, field.path)
            expected = rec.get(field.name)
            if isinstance(expected, bytes):
                expected = base64.b64encode(expected).decode("ascii")
            assert shown == expected, (e.name, pos, field.name)


def test_is_organization_is_derived_from_the_item_type() -> None:
    party = entity("Party")
    assert party is not None
    source = party.rows(DATA)
    for pos in range(source.count()):
        rec = source.record(pos)
        assert rec["IsOrganization"] is party.render(rec)["$type"].startswith(
            "Asi.Soa.Membership.DataContracts.OrganizationData"
        )


@pytest.mark.parametrize("e", ENTITIES, ids=[e.name for e in ENTITIES])
def test_positions_are_in_key_order_and_ids_resolve(e: EntityDef) -> None:
    source = e.rows(DATA)
    positions = _sample(source.count())
    records = [source.record(p) for p in positions]
    if not e.business_object or len(e.business_object.identity) == 1:
        key_field = e.field(e.key)
        kind = key_field.kind if key_field else None
        keys = [sort_key(rec[e.key], kind) for rec in records]
        assert keys == sorted(keys)
    for pos, rec in zip(positions, records, strict=True):
        assert source.position(_identity(e, rec)) == pos


def test_every_search_name_is_case_insensitive() -> None:
    for e in ENTITIES:
        for field in e.fields:
            assert e.field(field.name.upper()) is field and e.field(field.name.lower()) is field


def test_a_million_parties_are_generated_lazily() -> None:
    data = Dataset(seed=1, parties=1_000_000)
    source = data.party_rows()
    assert source.count() == 1_000_000
    last = source.record(999_999)
    assert last["PartyId"] == "20999999" and source.position("20999999") == 999_999
    assert source.position("21000000") is None
    assert data._lazy == {}  # nothing per-party was materialised

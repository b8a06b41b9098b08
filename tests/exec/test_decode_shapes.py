"""Decoding typed contracts that look like business objects, $type-derived columns, and 200 "not found"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from imisql.compiler import compile_sql
from imisql.decode import decode_item, is_missing
from imisql.executor import execute
from imisql.plan import Plan

CORE = "Asi.Soa.Core.DataContracts"
BO_DEFINITION = {
    "$type": f"{CORE}.BOEntityDefinitionData, Asi.Contracts",
    "EntityTypeName": "CsContact",
    "ObjectTypeName": "Standard",
    "Properties": {
        "$type": f"{CORE}.PropertyDefinitionDataCollection, Asi.Contracts",
        "$values": [
            {"$type": f"{CORE}.PropertyTypeStringData, Asi.Contracts", "Name": "ID", "MaxLength": 10},
            {"$type": f"{CORE}.PropertyTypeBooleanData, Asi.Contracts", "Name": "IsMember"},
        ],
    },
}


def test_a_bo_entity_definition_decodes_as_its_own_shape() -> None:
    record = decode_item(BO_DEFINITION)
    assert record["EntityTypeName"] == "CsContact" and record["ObjectTypeName"] == "Standard"
    assert [p["Name"] for p in record["Properties"]] == ["ID", "IsMember"]
    assert record["Properties"][0]["MaxLength"] == 10


def test_generic_entity_data_still_decodes_as_its_properties() -> None:
    item = {
        "$type": f"{CORE}.GenericEntityData, Asi.Contracts",
        "EntityTypeName": "CsContact",
        "Properties": {
            "$type": f"{CORE}.GenericPropertyDataCollection, Asi.Contracts",
            "$values": [{"$type": f"{CORE}.GenericPropertyData, Asi.Contracts", "Name": "ID", "Value": "7"}],
        },
    }
    assert decode_item(item) == {"ID": "7"}


@pytest.mark.parametrize(
    ("contract", "expected"),
    [("OrganizationData", True), ("PersonData", False), ("PartyData", None), ("PartySummaryData", None)],
)
def test_is_organization_comes_from_the_type(contract: str, expected: bool | None) -> None:
    item = {"$type": f"Asi.Soa.Membership.DataContracts.{contract}, Asi.Contracts", "PartyId": "1"}
    assert decode_item(item).get("IsOrganization") is expected


def test_a_carried_is_organization_is_trusted() -> None:
    item = {"$type": "Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts", "IsOrganization": True}
    assert decode_item(item)["IsOrganization"] is True


@pytest.mark.parametrize(
    ("record", "missing"),
    [({}, True), ({"EventRegistrationId": None, "Status": None}, True), ({"Other": 1}, True),
     ({"EventRegistrationId": "E-1"}, False)],
)  # fmt: skip
def test_is_missing(record: dict[str, Any], missing: bool) -> None:
    assert is_missing(record, (("EventRegistrationId",),)) is missing


class _Answers:
    """A JsonSource answering single GETs from a table (unit level: no HTTP involved)."""

    def __init__(self, answers: dict[str, Any]):
        self.answers = answers

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any:
        return self.answers[path]


def test_a_single_get_answering_200_without_the_key_yields_no_row() -> None:
    plan = compile_sql("SELECT EventRegistrationId FROM EventRegistration WHERE EventRegistrationId = 'E1-101'")
    assert isinstance(plan, Plan) and not plan.requests[0].paged
    empty = {"$type": "Asi.Soa.Events.DataContracts.EventRegistrationData, Asi.Contracts", "EventId": None}
    assert list(execute(plan, _Answers({plan.requests[0].path: empty})).rows) == []
    found = {"EventRegistrationId": "E1-101", "Status": 1}
    assert list(execute(plan, _Answers({plan.requests[0].path: found})).rows) == [("E1-101",)]

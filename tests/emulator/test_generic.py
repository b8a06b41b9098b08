"""GenericEntityData encoding: typed wrappers, omitted null values, Byte[] base64, identities."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.emulator.support import MISSING, Client, properties

GENERIC = "Asi.Soa.Core.DataContracts.GenericEntityData, Asi.Contracts"
PROPERTY = "Asi.Soa.Core.DataContracts.GenericPropertyData, Asi.Contracts"

# entity -> {property: expected wrapper $type, or None for a plain string}
TYPES: dict[str, dict[str, str | None]] = {
    "Activity": {"SEQN": "System.Int32", "ID": None, "ACTIVITY_TYPE": None, "TRANSACTION_DATE": "System.DateTime",
                 "PRODUCT_CODE": None, "DESCRIPTION": None, "UNITS": "System.Decimal", "AMOUNT": "System.Decimal",
                 "OTHER_CODE": None},
    "CsContact": {"ID": None, "ContactKey": "System.Guid", "FirstName": None, "LastName": None, "FullName": None,
                  "Email": None, "City": None, "CountryCode": None, "MemberType": None, "IsMember": "System.Boolean",
                  "JoinDate": "System.DateTime", "Company": None, "Photo": "System.Byte[], mscorlib",
                  "IsCompany": "System.Boolean", "Status": None, "MajorKey": None},
    "Name_CEU": {"ID": None, "SEQN": "System.Int32", "CEU_TYPE": None, "CREDITS": "System.Decimal",
                 "DATE_EARNED": "System.DateTime", "DESCRIPTION": None, "Date_Certified": "System.DateTime"},
}  # fmt: skip


@pytest.fixture
def rows(client: Client) -> dict[str, list[dict[str, Any]]]:
    return {name: client.items(f"/api/{name}", {"limit": "500"}) for name in TYPES}


@pytest.mark.parametrize("entity", list(TYPES))
def test_property_bag_encoding(rows: dict[str, list[dict[str, Any]]], entity: str) -> None:
    expected = TYPES[entity]
    for row in rows[entity]:
        assert row["$type"] == GENERIC and row["EntityTypeName"] == entity
        assert row["Properties"]["$type"] == "Asi.Soa.Core.DataContracts.GenericPropertyDataCollection, Asi.Contracts"
        bag = row["Properties"]["$values"]
        assert [p["Name"] for p in bag] == list(expected)
        for prop in bag:
            assert prop["$type"] == PROPERTY
            if "Value" not in prop:
                continue
            value, wrapper = prop["Value"], expected[prop["Name"]]
            if wrapper is None:
                assert isinstance(value, str)
            else:
                assert set(value) == {"$type", "$value"} and value["$type"] == wrapper
            assert value is not None


@pytest.mark.parametrize(("entity", "name"), [("Activity", "OTHER_CODE"), ("Name_CEU", "Date_Certified"),
                                              ("CsContact", "Photo")])  # fmt: skip
def test_null_values_omit_the_value_key(rows: dict[str, list[dict[str, Any]]], entity: str, name: str) -> None:
    values = [properties(r)[name] for r in rows[entity]]
    assert any(v is MISSING for v in values) and any(v is not MISSING for v in values)
    for row in rows[entity]:
        prop = next(p for p in row["Properties"]["$values"] if p["Name"] == name)
        assert "Value" in prop or set(prop) == {"$type", "Name"}


def test_byte_array_is_base64(rows: dict[str, list[dict[str, Any]]]) -> None:
    photos = [properties(r)["Photo"] for r in rows["CsContact"] if properties(r)["Photo"] is not MISSING]
    assert photos
    for photo in photos:
        data = base64.b64decode(photo["$value"], validate=True)
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) == 32


def test_wrapped_values_have_json_types(rows: dict[str, list[dict[str, Any]]]) -> None:
    bag = properties(rows["Activity"][0])
    assert isinstance(bag["SEQN"]["$value"], int)
    assert isinstance(bag["AMOUNT"]["$value"], int | float)
    contact = properties(rows["CsContact"][0])
    assert isinstance(contact["IsMember"]["$value"], bool)


def test_identities(rows: dict[str, list[dict[str, Any]]]) -> None:
    activity = rows["Activity"][0]
    assert activity["PrimaryParentEntityTypeName"] == "Party"
    assert activity["Identity"]["IdentityElements"]["$values"] == [str(properties(activity)["SEQN"]["$value"])]
    assert activity["PrimaryParentIdentity"]["IdentityElements"]["$values"] == [properties(activity)["ID"]]
    contact = rows["CsContact"][0]
    assert contact["PrimaryParentEntityTypeName"] == "Standalone" and "PrimaryParentIdentity" not in contact
    ceu = rows["Name_CEU"][0]
    bag = properties(ceu)
    assert ceu["Identity"]["IdentityElements"]["$values"] == [bag["ID"], str(bag["SEQN"]["$value"])]


def test_contacts_mirror_parties(client: Client) -> None:
    person = client.items("/api/Person", {"limit": "1", "offset": "4"})[0]
    contact = properties(client.json(f"/api/CsContact/{person['PartyId']}"))
    assert contact["LastName"] == person["PersonName"]["LastName"]
    assert contact["ContactKey"]["$value"] == person["UniformId"]
    assert contact["IsCompany"]["$value"] is False and contact["Status"] == person["Status"]["PartyStatusId"]
    assert client.json("/api/CsContact")["TotalCount"] == client.json("/api/Party")["TotalCount"]
    companies = client.items("/api/CsContact", {"IsCompany": "true", "limit": "500"})
    organizations = client.json("/api/Organization")["TotalCount"]
    assert len(companies) == organizations and all(properties(c)["MajorKey"] for c in companies)


def test_several_activities_per_party(client: Client) -> None:
    total = client.json("/api/Activity")["TotalCount"]
    assert 300 * 1.5 <= total <= 300 * 4
    kinds = {properties(r)["ACTIVITY_TYPE"] for r in client.items("/api/Activity", {"limit": "500"})}
    assert {"DUES", "EVENT", "GIFT", "ONLINEAPP", "CEU"} <= kinds

"""GET /api/metadata/{Entity} and /api/BOEntityDefinition."""

from __future__ import annotations

from typing import Any

import pytest

from imisql.emulator.entities import ENTITIES
from tests.conftest import MakeEmulator
from tests.emulator.support import Client


def _props(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["Name"]: p for p in definition["Properties"]["$values"]}


def test_party_metadata(client: Client) -> None:
    meta = client.json("/api/metadata/Party")
    assert meta["$type"] == "Asi.Soa.Core.DataContracts.EntityDefinitionData, Asi.Contracts"
    props = _props(meta)
    assert props["PartyId"]["PropertyTypeName"] == "String"
    assert props["BirthDate"]["PropertyTypeName"] == "Date"
    assert props["Gender"]["PropertyTypeName"] == "Integer"
    person_name = _props(props["PersonName"]["EntityDefinition"])
    assert person_name["LastName"]["PropertyTypeName"] == "String"
    emails = props["Emails"]["ItemEntityPropertyDefinition"]
    assert _props(emails["EntityDefinition"])["IsPrimary"]["PropertyTypeName"] == "Boolean"
    attributes = props["AdditionalAttributes"]
    assert attributes["PropertyTypeName"] == "GenericPropertyDataCollection"
    bag = {p["Name"]: p["PropertyTypeName"] for p in attributes["GenericPropertyDefinitions"]["$values"]}
    assert bag == {"CustomerTypeCode": "String", "CustomerTypeDescription": "String", "IsMember": "Boolean",
                   "JoinDate": "Date"}  # fmt: skip


def test_invoice_amounts_are_monetary(client: Client) -> None:
    balance = _props(client.json("/api/metadata/invoice"))["Balance"]["EntityDefinition"]
    assert _props(balance)["Amount"]["PropertyTypeName"] == "Monetary"


def test_generic_entity_metadata_comes_from_the_business_object(client: Client) -> None:
    props = _props(client.json("/api/metadata/CsContact"))
    assert {n: p["PropertyTypeName"] for n, p in props.items()} == {
        "ID": "String", "ContactKey": "String", "FirstName": "String", "LastName": "String", "FullName": "String",
        "Email": "String", "City": "String", "CountryCode": "String", "MemberType": "String", "IsMember": "Boolean",
        "JoinDate": "Date", "Company": "String", "Photo": "Binary", "IsCompany": "Boolean", "Status": "String",
        "MajorKey": "String",
    }  # fmt: skip


@pytest.mark.parametrize("entity", [e.name for e in ENTITIES if e.name != "EventRegistration"])
def test_every_entity_has_metadata(client: Client, entity: str) -> None:
    assert _props(client.json(f"/api/metadata/{entity}"))


def test_some_metadata_is_not_implemented(client: Client) -> None:
    response = client.get("/api/metadata/EventRegistration")
    assert response.status_code == 501 and response.json()["Message"]


def test_unknown_metadata_is_404(client: Client) -> None:
    assert client.get("/api/metadata/Nope").status_code == 404


def test_bo_entity_definitions(client: Client) -> None:
    page = client.json("/api/BOEntityDefinition", {"limit": "500"})
    assert page["$type"] == (
        "Asi.Soa.Core.DataContracts.PagedResult`1[[Asi.Soa.Core.DataContracts.BOEntityDefinitionData, "
        "Asi.Contracts]], Asi.Contracts"
    )
    defs = {d["EntityTypeName"]: d for d in page["Items"]["$values"]}
    assert set(defs) == {"Activity", "CsContact", "CsContactBasic", "GenTable", "Name_CEU", "Name_Demo", "Subscription"}
    assert page["Limit"] == 500
    ceu = defs["Name_CEU"]
    assert ceu["ObjectTypeName"] == "Multi" and ceu["PrimaryParentEntityTypeName"] == "Party"
    props = _props(ceu)
    assert props["SEQN"]["$type"] == "Asi.Soa.Core.DataContracts.PropertyTypeIntegerData, Asi.Contracts"
    assert props["SEQN"]["IsIdentity"] is True and props["ID"]["IsIdentity"] is True
    assert props["DATE_EARNED"]["PropertyTypeName"] == "Date" and props["DATE_EARNED"]["DateTimeDataType"] == 0
    assert props["CREDITS"]["PropertyTypeName"] == "Decimal"
    assert props["DESCRIPTION"]["MaxLength"] == 255
    assert props["Date_Certified"]["ExtendedPropertyInformation"]["IsNullable"] is True
    photo = _props(defs["CsContact"])["Photo"]
    assert photo["PropertyTypeName"] == "Binary" and photo["ExtendedPropertyInformation"]["DbDataType"] == "VarBinary"


def test_bo_definition_filter_and_single(client: Client) -> None:
    page = client.json("/api/BOEntityDefinition", {"EntityTypeName": "cscontact"})
    assert [d["EntityTypeName"] for d in page["Items"]["$values"]] == ["CsContact"]
    assert client.json("/api/BOEntityDefinition/Activity")["EntityTypeName"] == "Activity"


def test_bo_definition_limit_zero_quirk(make_emulator: MakeEmulator) -> None:
    client = Client(make_emulator(bo_definition_limit_zero=True)).login()
    page = client.json("/api/BOEntityDefinition", {"limit": "500"})
    assert page["Limit"] == 0 and page["Count"] == 7 and page["NextOffset"] == 0


def test_metadata_not_implemented_is_configurable(make_emulator: MakeEmulator) -> None:
    client = Client(make_emulator(metadata_not_implemented=("Party",))).login()
    assert client.get("/api/metadata/party").status_code == 501
    assert client.get("/api/metadata/EventRegistration").status_code == 200

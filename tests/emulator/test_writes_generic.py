"""Writes on GenericEntityData: business objects (Activity, CsContact) and panels (Name_CEU, Name_Demo)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from imisql.emulator import Emulator
from tests.emulator.support import MISSING, Client, bag, plain, properties, validation_messages


def a_person(client: Client, **filters: str) -> str:
    return str(client.items("/api/Person", {"limit": "1", **filters})[0]["PartyId"])


def identity(item: dict[str, Any]) -> list[str]:
    return list(item["Identity"]["IdentityElements"]["$values"])


def test_post_activity_allocates_the_next_seqn(client: Client) -> None:
    total = client.total("/api/Activity")
    party = a_person(client)
    body = bag("Activity", ID=party, ACTIVITY_TYPE="GIFT", AMOUNT={"$type": "System.Decimal", "$value": 50},
               UNITS="1.5", TRANSACTION_DATE="2026-07-01")  # fmt: skip
    response = client.send("POST", "/api/Activity", body)
    assert response.status_code == 201
    created = response.json()
    assert identity(created) == [str(total + 1)]
    assert created["PrimaryParentIdentity"]["IdentityElements"]["$values"] == [party]
    values = properties(created)
    assert values["SEQN"] == {"$type": "System.Int32", "$value": total + 1}
    assert values["AMOUNT"] == {"$type": "System.Decimal", "$value": 50.0}
    assert values["UNITS"] == {"$type": "System.Decimal", "$value": 1.5}
    assert values["TRANSACTION_DATE"] == {"$type": "System.DateTime", "$value": "2026-07-01T00:00:00"}
    assert values["OTHER_CODE"] is MISSING
    assert client.json(f"/api/Activity/{total + 1}") == created
    assert client.total("/api/Activity") == total + 1
    found = client.items("/api/Activity", {"ID": party, "ACTIVITY_TYPE": "gift", "AMOUNT": "50"})
    assert created in found
    biggest = client.items("/api/Activity", {"OrderBy": "SEQN:Descending", "limit": "1"})[0]
    assert biggest == created


def test_discarded_writes_give_back_their_key_numbers(client: Client, emulator: Emulator) -> None:
    """A reset emulator numbers new rows as a fresh one does, whatever earlier tests wrote."""
    body = bag("Activity", ID=a_person(client), ACTIVITY_TYPE="GIFT", TRANSACTION_DATE="2026-07-01")
    first = identity(client.send("POST", "/api/Activity", body).json())
    emulator.discard_writes()
    assert identity(client.send("POST", "/api/Activity", body).json()) == first


def test_put_replaces_the_property_bag(client: Client) -> None:
    row = client.items("/api/Activity", {"OTHER_CODE": "notEmpty:", "limit": "1"})[0]
    seqn = identity(row)[0]
    kept = [p for p in row["Properties"]["$values"] if p["Name"] != "OTHER_CODE"]
    changed = {**row, "Properties": {**row["Properties"], "$values": kept}}
    response = client.send("PUT", f"/api/Activity/{seqn}", changed)
    assert response.status_code == 200
    assert properties(client.json(f"/api/Activity/{seqn}"))["OTHER_CODE"] is MISSING
    with_code = client.items("/api/Activity", {"OTHER_CODE": "notEmpty:", "limit": "500"})
    assert seqn not in [identity(r)[0] for r in with_code]


def test_binary_values_round_trip(client: Client) -> None:
    contact = client.items("/api/CsContact", {"limit": "1"})[0]
    key = identity(contact)[0]
    photo = base64.b64encode(b"\x89PNG\r\n\x1a\nhello").decode("ascii")
    values = {p["Name"]: plain(p.get("Value", MISSING)) for p in contact["Properties"]["$values"]}
    body = bag("CsContact", **{**values, "Photo": photo})
    stored = client.send("PUT", f"/api/CsContact/{key}", body).json()
    assert properties(stored)["Photo"] == {"$type": "System.Byte[], mscorlib", "$value": photo}
    assert properties(stored)["IsMember"]["$type"] == "System.Boolean"


def test_multi_instance_panel_rows_use_composite_ids(client: Client) -> None:
    party = client.items("/api/Name_CEU", {"limit": "1"})[0]["Properties"]["$values"][0]["Value"]
    existing = client.items(f"/api/Name_CEU/{party}")
    created = client.send("POST", "/api/Name_CEU", bag("Name_CEU", ID=party, CEU_TYPE="ETHICS", CREDITS=2)).json()
    seqn = str(len(existing) + 1)
    assert identity(created) == [party, seqn]
    assert client.json(f"/api/Name_CEU/~{party}|{seqn}") == created
    assert client.items(f"/api/Name_CEU/{party}")[-1] == created
    created_values = {p["Name"]: plain(p.get("Value", MISSING)) for p in created["Properties"]["$values"]}
    changed = bag("Name_CEU", **{**created_values, "CREDITS": 3.5})
    updated = client.send("PUT", f"/api/Name_CEU/~{party}%7C{seqn}", changed)
    assert updated.status_code == 200 and properties(updated.json())["CREDITS"]["$value"] == 3.5
    assert client.send("DELETE", f"/api/Name_CEU/~{party}|1").status_code == 204
    assert [identity(r)[1] for r in client.items(f"/api/Name_CEU/{party}")] == [
        str(n) for n in range(2, len(existing) + 2)
    ]
    assert client.get(f"/api/Name_CEU/~{party}|1").status_code == 404


@pytest.mark.parametrize("key", ["20001", "~20001", "~20001|1|2"])
def test_composite_ids_need_every_element(client: Client, key: str) -> None:
    messages = validation_messages(client.send("DELETE", f"/api/Name_CEU/{key}"))
    assert any("Incorrect number of identity elements" in m for m in messages)


def test_single_instance_panel_rows_conflict(client: Client) -> None:
    demo = client.items("/api/Name_Demo", {"limit": "500"})
    owners = {r["Identity"]["IdentityElements"]["$values"][0] for r in demo}
    persons = [p["PartyId"] for p in client.items("/api/Person", {"limit": "500"})]
    has_row = next(p for p in persons if p in owners)
    has_none = next(p for p in persons if p not in owners)
    response = client.send("POST", "/api/Name_Demo", bag("Name_Demo", ID=has_row, SHIRT_SIZE="M"))
    assert response.status_code == 409 and "already exists" in response.json()["Message"]
    created = client.send("POST", "/api/Name_Demo", bag("Name_Demo", ID=has_none, NEWSLETTER=True))
    assert created.status_code == 201 and identity(created.json()) == [has_none]
    assert client.send("POST", "/api/Name_Demo", bag("Name_Demo", ID=has_none)).status_code == 409
    replaced = client.send("PUT", f"/api/Name_Demo/{has_none}", bag("Name_Demo", ID=has_none, SHIRT_SIZE="XL"))
    assert properties(replaced.json())["NEWSLETTER"] is MISSING
    assert client.send("DELETE", f"/api/Name_Demo/{has_row}").status_code == 204
    assert client.send("POST", "/api/Name_Demo", bag("Name_Demo", ID=has_row)).status_code == 201
    assert client.total("/api/Name_Demo") == len(demo) + 1


@pytest.mark.parametrize(
    ("entity", "values", "expected"),
    [
        ("Activity", {"ID": "20000", "ACTIVITY_TYPE": "GIFT", "COLOUR": "red"}, "'COLOUR' is not a property"),
        ("Activity", {"ID": "20000", "ACTIVITY_TYPE": "GIFT", "UNITS": "many"}, "'UNITS' is not a valid Decimal"),
        ("Activity", {"ID": "20000", "ACTIVITY_TYPE": "GIFT", "SEQN": "x"}, "'SEQN' is not a valid Integer"),
        ("Activity", {"ID": "20000", "ACTIVITY_TYPE": "G" * 11}, "at most 10 characters"),
        ("Activity", {"ID": "20000"}, "'ACTIVITY_TYPE' is required."),
        ("Activity", {"ID": "99999999", "ACTIVITY_TYPE": "GIFT"}, "Party '99999999' does not exist."),
        ("CsContact", {"ID": "X1", "ContactKey": "not-a-guid", "IsMember": False}, "'ContactKey' is not a valid"),
        ("CsContact", {"ID": "X1"}, "'ContactKey' is required."),
        ("Name_Demo", {"ID": "99999999"}, "Person '99999999' does not exist."),
        ("Name_CEU", {"CEU_TYPE": "ETHICS"}, "'ID' is required."),
    ],
)  # fmt: skip
def test_bad_property_bags_are_validation_errors(
    client: Client, entity: str, values: dict[str, Any], expected: str
) -> None:
    before = client.total(f"/api/{entity}")
    messages = validation_messages(client.send("POST", f"/api/{entity}", bag(entity, **values)))
    assert any(expected in m for m in messages), messages
    assert client.total(f"/api/{entity}") == before


def test_type_and_entity_name_must_match(client: Client) -> None:
    body = bag("Activity", ID="20000", ACTIVITY_TYPE="GIFT")
    assert validation_messages(client.send("POST", "/api/Activity", {**body, "EntityTypeName": "Name_CEU"}))
    person_type = "Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts"
    assert validation_messages(client.send("POST", "/api/Activity", {**body, "$type": person_type}))


def test_identity_elements_and_properties_must_agree(client: Client) -> None:
    row = client.items("/api/Activity", {"limit": "1"})[0]
    seqn = identity(row)[0]
    other = {**row, "Identity": {**row["Identity"], "IdentityElements": {"$values": [str(int(seqn) + 1)]}}}
    messages = validation_messages(client.send("PUT", f"/api/Activity/{seqn}", other))
    assert any("keys cannot change" in m for m in messages)
    body = bag("Activity", ID="20000", ACTIVITY_TYPE="GIFT", SEQN=999999)
    body["Identity"] = {"IdentityElements": {"$values": ["999998"]}}
    assert validation_messages(client.send("POST", "/api/Activity", body))
    body["Identity"] = {"IdentityElements": {"$values": ["999999"]}}
    assert identity(client.send("POST", "/api/Activity", body).json()) == ["999999"]

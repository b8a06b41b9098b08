"""Picking a record's fields before decoding: which fields are kept, compared as paths read them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from imisql.decode import decode_item, get_path
from imisql.picking import FieldPicker

PERSON = {
    "$type": "Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts",
    "PartyId": "101",
    "Name": "Ada Lovelace",
    "PersonName": {"$type": "X.PersonNameData", "FirstName": "Ada", "LastName": "Lovelace"},
    "BirthDate": {"$type": "System.DateTime", "$value": "1815-12-10T00:00:00"},
    "Emails": {"$type": "X.EmailDataCollection", "$values": [{"$type": "X.EmailData", "Address": "ada@x.org"}]},
}
BAG = "Asi.Soa.Core.DataContracts.GenericPropertyData, Asi.Contracts"
ACTIVITY = {
    "$type": "Asi.Soa.Core.DataContracts.GenericEntityData, Asi.Contracts",
    "EntityTypeName": "Activity",
    "Properties": {"$type": "Asi.Soa.Core.DataContracts.GenericPropertyDataCollection, Asi.Contracts", "$values": [
        {"$type": BAG, "Name": "SEQN", "Value": {"$type": "System.Int32", "$value": 7}},
        {"$type": BAG, "Name": "AMOUNT", "Value": {"$type": "System.Decimal", "$value": "12.50"}},
        {"$type": BAG, "Name": "DESCRIPTION", "Value": "Dues"},
    ]},
}  # fmt: skip


def test_only_the_picked_fields_are_decoded() -> None:
    record = decode_item(PERSON, FieldPicker(["Name", "BirthDate"]))
    assert record == {"Name": "Ada Lovelace", "BirthDate": datetime(1815, 12, 10), "IsOrganization": False}


def test_picked_fields_equal_the_whole_records_values() -> None:
    whole = decode_item(PERSON)
    picked = decode_item(PERSON, FieldPicker(["PersonName", "Emails", "PartyId"]))
    for path in (("PersonName", "LastName"), ("Emails", 0, "Address"), ("PartyId",)):
        assert get_path(picked, path) == get_path(whole, path)
    assert "Name" not in picked and "BirthDate" not in picked


def test_names_compare_case_insensitively_like_paths() -> None:
    picked = decode_item(PERSON, FieldPicker(["partyid", "PERSONNAME"]))
    assert set(picked) == {"PartyId", "PersonName", "IsOrganization"}
    assert get_path(picked, ("personname", "lastname")) == "Lovelace"


def test_a_business_objects_properties_are_picked() -> None:
    assert decode_item(ACTIVITY, FieldPicker(["AMOUNT"])) == {"AMOUNT": Decimal("12.50")}
    assert decode_item(ACTIVITY, FieldPicker([])) == {}


def test_an_amount_brings_its_currency_for_the_scale() -> None:
    money = {"$type": "X.MonetaryAmountData", "Amount": Decimal(125), "Currency": {"DecimalPositions": 2}}
    assert str(decode_item(money, FieldPicker(["Amount"]))["Amount"]) == "125.00"


def test_a_picker_answers_right_past_its_bound_of_remembered_spellings() -> None:
    picker = FieldPicker(["Name"])
    assert all(not picker.wants(f"Field{n}") for n in range(10_000))
    assert picker.wants("NAME") and not picker.wants("Names")

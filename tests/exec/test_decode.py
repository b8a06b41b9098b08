"""Tests for imisql.decode: iMIS JSON shapes → Python values and records (pure, table-driven)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from imisql.decode import decode, decode_item, flatten, get_path, parse_datetime
from imisql.errors import DataError

GPD = "Asi.Soa.Core.DataContracts.GenericPropertyData, Asi.Contracts"
GPDC = "Asi.Soa.Core.DataContracts.GenericPropertyDataCollection, Asi.Contracts"
GED = "Asi.Soa.Core.DataContracts.GenericEntityData, Asi.Contracts"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "imis-samples"  # ../shared beside the checkout


def w(type_name: str, value: Any) -> dict[str, Any]:
    return {"$type": type_name, "$value": value}


def prop(name: str, *value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"$type": GPD, "Name": name}
    if value:
        out["Value"] = value[0]
    return out


def bag(*props: dict[str, Any]) -> dict[str, Any]:
    return {"$type": GPDC, "$values": list(props)}


def entity(type_name: str, *props: dict[str, Any]) -> dict[str, Any]:
    return {
        "$type": GED,
        "EntityTypeName": type_name,
        "PrimaryParentEntityTypeName": "Party",
        "Properties": bag(*props),
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(w("System.Int32", 5), 5, id="int32"),
        pytest.param(w("System.Int64", 9007199254740993), 9007199254740993, id="int64"),
        pytest.param(w("System.Int16", -3), -3, id="int16"),
        pytest.param(w("System.Byte", 255), 255, id="byte"),
        pytest.param(w("System.SByte", -128), -128, id="sbyte"),
        pytest.param(w("System.Decimal", Decimal("10.10")), Decimal("10.10"), id="decimal"),
        pytest.param(w("System.Decimal", 10), Decimal(10), id="decimal-from-int"),
        pytest.param(w("System.Double", 0.1), Decimal("0.1"), id="double-from-float"),
        pytest.param(w("System.Single", Decimal("1.5")), Decimal("1.5"), id="single"),
        pytest.param(
            w("System.DateTime", "2012-11-13T12:52:41.95"),
            datetime(2012, 11, 13, 12, 52, 41, 950000),
            id="dt-frac",
        ),
        pytest.param(w("System.DateTime", "2012-11-13T12:52:41"), datetime(2012, 11, 13, 12, 52, 41), id="dt"),
        pytest.param(w("System.DateTime", "2012-11-13"), datetime(2012, 11, 13), id="date-only"),
        pytest.param(
            w("System.DateTime", "2012-11-13T12:52:41.1234567"),
            datetime(2012, 11, 13, 12, 52, 41, 123456),
            id="dt-7-digits",
        ),
        pytest.param(w("System.DateTime", "2012-11-13T12:52:41Z"), datetime(2012, 11, 13, 12, 52, 41), id="dt-z-naive"),
        pytest.param(w("System.Boolean", True), True, id="bool-true"),
        pytest.param(w("System.Boolean", False), False, id="bool-false"),
        pytest.param(w("System.Boolean", "True"), True, id="bool-text"),
        pytest.param(
            w("System.Guid", "0f2a5c51-8f59-4e2b-9b3e-4b2f7d1a9c00"),
            "0f2a5c51-8f59-4e2b-9b3e-4b2f7d1a9c00",
            id="guid",
        ),
        pytest.param(w("System.Byte[], mscorlib", "aGVsbG8="), b"hello", id="bytes"),
        pytest.param(w("System.Byte[]", ""), b"", id="bytes-empty"),
        pytest.param(w("System.String", "x"), "x", id="string"),
        pytest.param(w("System.Int32, mscorlib", 7), 7, id="assembly-qualified"),
        pytest.param(w("Some.Unknown.Type", "raw"), "raw", id="unknown-wrapper"),
        pytest.param(w("Some.Unknown.Type", w("System.Int32", 1)), 1, id="unknown-wrapper-nested"),
        pytest.param(w("System.Int32", None), None, id="wrapped-null"),
    ],
)
def test_typed_wrappers(raw: Any, expected: Any) -> None:
    result = decode(raw)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(None, None, id="null"),
        pytest.param("text", "text", id="string"),
        pytest.param("1952-05-19T00:00:00", "1952-05-19T00:00:00", id="unwrapped-date-not-sniffed"),
        pytest.param(3, 3, id="int"),
        pytest.param(Decimal("1.25"), Decimal("1.25"), id="decimal"),
        pytest.param({"$type": "X, Y", "A": 1}, {"A": 1}, id="strip-type"),
        pytest.param({"$type": "L", "$values": [1, "a"]}, [1, "a"], id="values-list"),
        pytest.param({"$type": "L", "$values": []}, [], id="values-empty"),
        pytest.param(
            {"$type": "L", "$values": [{"$type": "T", "A": w("System.Int32", 1)}]},
            [{"A": 1}],
            id="values-nested",
        ),
        pytest.param([w("System.Boolean", True), 2], [True, 2], id="bare-list"),
        pytest.param({"A": {"B": {"$type": "L", "$values": ["x"]}}}, {"A": {"B": ["x"]}}, id="deep"),
        pytest.param(
            bag(prop("IsMember", w("System.Boolean", True)), prop("Code", "CM"), prop("Missing")),
            {"IsMember": True, "Code": "CM", "Missing": None},
            id="property-bag",
        ),
        pytest.param(bag(), {}, id="property-bag-empty"),
        pytest.param({"$type": "Other", "$values": [prop("A", 1)]}, {"A": 1}, id="property-bag-detected-by-element"),
        pytest.param([prop("A", "x"), prop("B")], {"A": "x", "B": None}, id="property-bag-bare-list"),
        pytest.param(
            {"$type": "P", "AdditionalAttributes": bag(prop("JoinDate", "1967-05-28T00:00:00"))},
            {"AdditionalAttributes": {"JoinDate": "1967-05-28T00:00:00"}},
            id="additional-attributes",
        ),
    ],
)
def test_decode_shapes(raw: Any, expected: Any) -> None:
    assert decode(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(w("System.DateTime", "13/11/2012"), id="bad-date"),
        pytest.param(w("System.Int32", "five"), id="bad-int"),
        pytest.param(w("System.Decimal", "ten"), id="bad-decimal"),
        pytest.param(w("System.Boolean", "yes"), id="bad-bool"),
        pytest.param(w("System.Byte[], mscorlib", "not base64!"), id="bad-base64"),
    ],
)
def test_bad_wrapped_values_raise_data_error(raw: Any) -> None:
    with pytest.raises(DataError):
        decode(raw)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param(
            entity(
                "Name_CEU",
                prop("CEU_Hours", w("System.Double", 10)),
                prop("CEU_Notes", "n"),
                prop("CEU_Type"),
            ),
            {"CEU_Hours": Decimal(10), "CEU_Notes": "n", "CEU_Type": None},
            id="generic-entity",
        ),
        pytest.param(
            entity(
                "59",
                prop("ResultRow", "1"),
                prop("Id", "101"),
                prop("Paid", w("System.Decimal", Decimal("5.5"))),
            ),
            {"Id": "101", "Paid": Decimal("5.5")},
            id="iqa-row-drops-resultrow",
        ),
        pytest.param(entity("Name_Demo"), {}, id="generic-entity-no-properties"),
        pytest.param(
            {"$type": "System.Dynamic.ExpandoObject, System.Core", "sub": "u-1", "email": "a@b.c", "n": None},
            {"sub": "u-1", "email": "a@b.c", "n": None},
            id="expando-row",
        ),
        pytest.param(
            {
                "$type": "Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts",
                "PartyId": "101",
                "PersonName": {"$type": "PersonNameData", "LastName": "Hunt"},
                "Emails": {
                    "$type": "EmailDataCollection",
                    "$values": [{"$type": "EmailData", "Address": "a@b"}],
                },
                "AdditionalAttributes": bag(prop("IsMember", w("System.Boolean", False))),
            },
            {
                "PartyId": "101",
                "PersonName": {"LastName": "Hunt"},
                "Emails": [{"Address": "a@b"}],
                "AdditionalAttributes": {"IsMember": False},
                "IsOrganization": False,
            },
            id="typed-contract",
        ),
    ],
)
def test_decode_item(item: Any, expected: dict[str, Any]) -> None:
    assert decode_item(item) == expected


@pytest.mark.parametrize("item", [pytest.param("x", id="string"), pytest.param([1], id="list")])
def test_decode_item_rejects_non_objects(item: Any) -> None:
    with pytest.raises(DataError):
        decode_item(item)


RECORD = {
    "PartyId": "101",
    "PersonName": {"LastName": "Hunt", "FirstName": None},
    "Emails": [{"Address": "a@b"}, {"Address": "c@d"}],
    "AdditionalAttributes": {"IsMember": True},
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(("PartyId",), "101", id="top"),
        pytest.param(("PersonName", "LastName"), "Hunt", id="nested"),
        pytest.param(("personname", "LASTNAME"), "Hunt", id="case-insensitive"),
        pytest.param(("Emails", 1, "Address"), "c@d", id="list-index"),
        pytest.param(("Emails", -1, "Address"), "c@d", id="negative-index"),
        pytest.param(("Emails", 5, "Address"), None, id="index-out-of-range"),
        pytest.param(("Emails", "Address"), None, id="name-on-list"),
        pytest.param(("PartyId", "x"), None, id="through-scalar"),
        pytest.param(("Nope",), None, id="missing"),
        pytest.param(("PersonName", "FirstName", "X"), None, id="through-null"),
        pytest.param((), RECORD, id="empty-path"),
    ],
)
def test_get_path(path: tuple[str | int, ...], expected: Any) -> None:
    assert get_path(RECORD, path) == expected


def test_flatten_dots_nested_dicts_and_keeps_lists() -> None:
    assert flatten(RECORD) == {
        "PartyId": "101",
        "PersonName.LastName": "Hunt",
        "PersonName.FirstName": None,
        "Emails": [{"Address": "a@b"}, {"Address": "c@d"}],
        "AdditionalAttributes.IsMember": True,
    }


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        pytest.param({}, {}, id="empty"),
        pytest.param({"A": {}}, {}, id="empty-nested-vanishes"),
        pytest.param({"A": {"B": {"C": 1}}}, {"A.B.C": 1}, id="three-levels"),
    ],
)
def test_flatten_cases(record: dict[str, Any], expected: dict[str, Any]) -> None:
    assert flatten(record) == expected


def test_parse_datetime_is_exported_for_typed_fields() -> None:
    assert parse_datetime("1952-05-19T00:00:00") == datetime(1952, 5, 19)
    with pytest.raises(DataError):
        parse_datetime("yesterday")


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared iMIS samples not present")
def test_real_party_sample_decodes_and_flattens() -> None:
    raw = json.loads((SAMPLES / "party_post_body_ComboPartyData.json").read_text(), parse_float=Decimal)
    flat = flatten(decode_item(raw))
    assert flat["PersonName.LastName"] == "Hunt"
    assert flat["AdditionalAttributes.IsMember"] is True
    assert flat["AdditionalAttributes.JoinDate"] == "1967-05-28T00:00:00"
    assert flat["Addresses"][0]["Address"]["AddressLines"] == ["P.O. Box 4564"]
    assert not any("$type" in key for key in flat)


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared iMIS samples not present")
def test_real_udt_sample_decodes() -> None:
    raw = json.loads((SAMPLES / "udt_multi_instance_Name_CEU_post_body.json").read_text(), parse_float=Decimal)
    record = decode_item(raw)
    assert record["SEQN"] == 2
    assert record["CEU_Hours"] == Decimal(10)
    assert record["CEU_Course"] is None
    assert record["PartyId"] == "23179"

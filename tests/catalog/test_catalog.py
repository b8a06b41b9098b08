"""The built-in catalog: the entity contract shared with the emulator, name resolution, docs in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from imisql.catalog import BUILTIN, Entity, EntityKind, FieldType, StaticCatalog, builtin_catalog
from imisql.catalog.builtin import COUNTRY_CODES

ADDRESS = ("Addresses", 0, "Address")
PARTY_SEARCH = {
    "PartyId": ("PartyId",),
    "Id": ("Id",),
    "UniformId": ("UniformId",),
    "Name": ("Name",),
    "FullName": ("Name",),
    "IsOrganization": ("IsOrganization",),
    "FirstName": ("PersonName", "FirstName"),
    "LastName": ("PersonName", "LastName"),
    "OrganizationName": ("OrganizationName",),
    "Email": ("Emails", 0, "Address"),
    "Phone": ("Phones", 0, "Number"),
    "CityName": (*ADDRESS, "CityName"),
    "CountrySubEntityName": (*ADDRESS, "CountrySubEntityName"),
    "CountryCode": (*ADDRESS, "CountryCode"),
    "PostalCode": (*ADDRESS, "PostalCode"),
    "Status": ("Status", "PartyStatusId"),
    "UpdatedOn": ("UpdateInformation", "UpdatedOn"),
    "CreatedOn": ("UpdateInformation", "CreatedOn"),
    "BirthDate": ("BirthDate",),
}
PERSON_ONLY = {"UniformId", "FirstName", "LastName", "BirthDate", "CountrySubEntityName", "PostalCode"}
ORGANIZATION_SEARCH = {
    k: p for k, p in PARTY_SEARCH.items() if k not in PERSON_ONLY | {"CreatedOn", "FullName", "IsOrganization"}
}


def _flat(*names: str) -> dict[str, tuple[str | int, ...]]:
    return {n: (n,) for n in names}


EVENT_SEARCH = _flat("EventId", "Name", "StartDateTime", "EndDateTime", "Status")

# The contract with the emulator, written out from the spec rather than read back from the table:
# entity -> (REST path, key, kind, {search name: path of the value in a decoded item}).
CONTRACT: dict[str, tuple[str, tuple[str, ...], EntityKind, dict[str, tuple[str | int, ...]]]] = {
    "Party": ("/api/Party", ("PartyId",), EntityKind.TYPED, PARTY_SEARCH),
    "Person": ("/api/Person", ("PartyId",), EntityKind.TYPED, PARTY_SEARCH),
    "Organization": ("/api/Organization", ("PartyId",), EntityKind.TYPED, ORGANIZATION_SEARCH),
    "PartySummary": (
        "/api/PartySummary",
        ("PartyId",),
        EntityKind.TYPED,
        _flat(
            "PartyId",
            "Id",
            "Name",
            "CityName",
            "CountryName",
            "CountrySubEntityName",
            "Email",
            "Phone",
            "IsMarkedForDelete",
            "IsOrganization",
        )
        | {"Status": ("Status", "PartyStatusId"), "FullName": ("Name",)},
    ),
    "Country": (
        "/api/Country",
        ("CountryCode",),
        EntityKind.TYPED,
        _flat("CountryCode", "CountryName", "MailGroup", "IsActive"),
    ),
    "Event": (
        "/api/Event",
        ("EventId",),
        EntityKind.TYPED,
        EVENT_SEARCH | {"CategoryId": ("Category", "EventCategoryId")},
    ),
    "EventSummary": ("/api/EventSummary", ("EventId",), EntityKind.TYPED, EVENT_SEARCH),
    "EventRegistration": (
        "/api/EventRegistration",
        ("EventRegistrationId",),
        EntityKind.TYPED,
        _flat("EventRegistrationId", "EventId", "PartyId", "RegistrationDate", "Status"),
    ),
    "Group": (
        "/api/Group",
        ("GroupId",),
        EntityKind.TYPED,
        _flat("GroupId", "Name", "StatusCode") | {"GroupClassId": ("GroupClass", "GroupClassId")},
    ),
    "GroupMember": (
        "/api/GroupMember",
        ("GroupMemberId",),
        EntityKind.TYPED,
        _flat("GroupMemberId", "IsActive", "JoinDate")
        | {"GroupId": ("Group", "GroupId"), "PartyId": ("Party", "PartyId")},
    ),
    "User": ("/api/User", ("UserId",), EntityKind.TYPED, _flat("UserId", "UserName", "IsDisabled")),
    "Invoice": (
        "/api/Invoice",
        ("InvoiceId",),
        EntityKind.TYPED,
        _flat("InvoiceId", "InvoiceDate", "DueDate")
        | {"BillToId": ("BillToParty", "Id"), "Balance": ("Balance", "Amount")},
    ),
    "InvoiceSummary": (
        "/api/InvoiceSummary",
        ("InvoiceId",),
        EntityKind.TYPED,
        _flat("InvoiceId", "SoldToPartyId", "BillToPartyId", "SourceSystem", "InvoiceDate", "Balance"),
    ),
    "Item": (
        "/api/Item",
        ("ItemId",),
        EntityKind.TYPED,
        _flat("ItemId", "ItemCode", "Name", "IsActive", "ItemStatus") | {"ItemClassId": ("ItemClass", "ItemClassId")},
    ),
    "Activity": (
        "/api/Activity",
        ("SEQN",),
        EntityKind.GENERIC,
        _flat("SEQN", "ID", "ACTIVITY_TYPE", "TRANSACTION_DATE", "PRODUCT_CODE", "DESCRIPTION", "UNITS")
        | _flat("AMOUNT"),
    ),
}


def _entity(name: str) -> Entity:
    entity = BUILTIN.entity(name)
    assert entity is not None, name
    return entity


def test_the_catalog_holds_exactly_the_contracted_entities() -> None:
    assert [e.name for e in BUILTIN.entities()] == list(CONTRACT)
    assert builtin_catalog() is BUILTIN


@pytest.mark.parametrize("name", list(CONTRACT))
def test_entity_matches_the_contract(name: str) -> None:
    path, key, kind, search = CONTRACT[name]
    entity = _entity(name)
    assert (entity.path, entity.key, entity.kind) == (path, key, kind)
    assert {f.search: f.path for f in entity.searchable} == search


@pytest.mark.parametrize("name", list(CONTRACT))
def test_every_name_in_an_entity_is_unique_and_described(name: str) -> None:
    entity = _entity(name)
    names = [n.lower() for f in entity.fields for n in set(f.names())]
    assert sorted(names) == sorted(set(names))
    assert all(f.description for f in entity.fields)
    assert all(entity.field(k) is not None for k in entity.key)


@pytest.mark.parametrize(
    ("entity", "written", "column", "search"),
    [
        ("party", "lastname", "PersonName.LastName", "LastName"),
        ("PARTY", "PersonName.LastName", "PersonName.LastName", "LastName"),
        ("Person", "FullName", "FullName", "FullName"),
        ("PartySummary", "fullname", "FullName", "FullName"),
        ("Party", "isorganization", "IsOrganization", "IsOrganization"),
        ("Party", "PersonName.FullName", "PersonName.FullName", None),
        ("party", "EMAIL", "Email", "Email"),
        ("Party", "status", "Status.PartyStatusId", "Status"),
        ("Party", "Status.Name", "Status.Name", None),
        ("Organization", "CreatedOn", "UpdateInformation.CreatedOn", None),
        ("Organization", "PostalCode", "PostalCode", None),
        ("Organization", "UpdatedOn", "UpdateInformation.UpdatedOn", "UpdatedOn"),
        ("GroupMember", "PartyId", "Party.PartyId", "PartyId"),
        ("Invoice", "balance", "Balance.Amount", "Balance"),
        ("activity", "activity_type", "ACTIVITY_TYPE", "ACTIVITY_TYPE"),
    ],
)
def test_names_resolve_case_insensitively(entity: str, written: str, column: str, search: str | None) -> None:
    field = _entity(entity).field(written)
    assert field is not None
    assert (field.name, field.search) == (column, search)


@pytest.mark.parametrize(
    ("entity", "written"),
    [
        ("Organization", "FirstName"),
        ("Organization", "BirthDate"),
        ("EventSummary", "CategoryId"),
        ("Party", "Emails.Address"),
    ],
)
def test_names_an_entity_does_not_have(entity: str, written: str) -> None:
    assert _entity(entity).field(written) is None


@pytest.mark.parametrize("name", ["CsContact", "Name_CEU", "", "Parties"])
def test_unknown_entities_are_none(name: str) -> None:
    assert BUILTIN.entity(name) is None


@pytest.mark.parametrize(
    ("entity", "column", "type"),
    [
        ("Party", "BirthDate", FieldType.DATETIME),
        ("Party", "Gender", FieldType.INTEGER),
        ("Party", "AdditionalAttributes.IsMember", FieldType.BOOLEAN),
        ("Party", "AdditionalAttributes.JoinDate", FieldType.DATETIME),
        ("Party", "Addresses", FieldType.LIST),
        ("Party", "UpdatedOn", FieldType.DATETIME),
        ("PartySummary", "IsMarkedForDelete", FieldType.BOOLEAN),
        ("Country", "IsActive", FieldType.BOOLEAN),
        ("Event", "Capacity", FieldType.INTEGER),
        ("Event", "EndDateTime", FieldType.DATETIME),
        ("EventRegistration", "Status", FieldType.INTEGER),
        ("GroupMember", "MembershipDetails", FieldType.LIST),
        ("User", "IsDisabled", FieldType.BOOLEAN),
        ("Invoice", "Balance", FieldType.DECIMAL),
        ("Invoice", "InvoiceAmount.Amount", FieldType.DECIMAL),
        ("Activity", "SEQN", FieldType.INTEGER),
        ("Activity", "UNITS", FieldType.DECIMAL),
        ("Activity", "TRANSACTION_DATE", FieldType.DATETIME),
    ],
)
def test_column_types(entity: str, column: str, type: FieldType) -> None:
    field = _entity(entity).field(column)
    assert field is not None and field.type is type


@pytest.mark.parametrize(
    ("entity", "column", "values"),
    [
        ("Party", "Status", ("A", "I", "D")),
        ("PartySummary", "Status", ("A", "I", "D")),
        ("Event", "Status", ("A", "C", "F", "P")),
        ("Item", "ItemStatus", ("A", "I")),
        ("InvoiceSummary", "SourceSystem", ("DUES", "MEETING", "ORDER")),
        ("EventRegistration", "Status", ("1", "2", "3")),
        ("Activity", "ACTIVITY_TYPE", ("DUES", "EVENT", "GIFT", "ONLINEAPP", "CEU", "ORDER")),
    ],
)
def test_code_sets(entity: str, column: str, values: tuple[str, ...]) -> None:
    field = _entity(entity).field(column)
    assert field is not None and field.values == values


@pytest.mark.parametrize(("entity", "column"), [("Party", "CountryCode"), ("Country", "CountryCode")])
def test_country_code_fields_offer_iso_3166_codes(entity: str, column: str) -> None:
    field = _entity(entity).field(column)
    assert field is not None and field.values == COUNTRY_CODES
    assert len(set(COUNTRY_CODES)) == 249
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in COUNTRY_CODES)
    assert {"US", "GB", "AF", "ZW"} <= set(COUNTRY_CODES)


def test_country_codes_agree_with_the_emulator_table() -> None:
    countries = pytest.importorskip("imisql.emulator.countries")
    assert {c.code for c in countries.COUNTRIES} == set(COUNTRY_CODES)


def test_static_catalog_first_definition_of_a_name_wins() -> None:
    first = Entity("Thing", "/api/Thing", (), ())
    second = Entity("THING", "/api/Other", (), ())
    catalog = StaticCatalog([first, second])
    assert catalog.entity("thing") is first
    assert catalog.entities() == (first,)


# ---------------------------------------------------------------- docs/entities.md stays in step

DOCS = Path(__file__).resolve().parents[2] / "docs" / "entities.md"
ROW = re.compile(r"^\| `([^`]+)` \| `([^`]+)` \| (\w+) \| (\w+) \|$", re.M)
OPERATOR_CLASS = {"string": "text", "boolean": "boolean"}


def _sections() -> dict[str, str]:
    parts = re.split(r"^## (\w+)\s*$", DOCS.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_docs_have_one_section_per_entity() -> None:
    assert list(_sections()) == [e.name for e in BUILTIN.entities()]


@pytest.mark.parametrize("name", list(CONTRACT))
def test_docs_list_every_search_name_column_and_type(name: str) -> None:
    entity, text = _entity(name), _sections()[name]
    documented = {(s, c, t, o) for s, c, t, o in ROW.findall(text)}
    expected = {
        (f.search, f.name, f.type.value, OPERATOR_CLASS.get(f.type.value, "ordered")) for f in entity.searchable
    }
    assert documented == expected
    assert f"`GET {entity.path}`" in text
    assert all(f"`{f.name}`" in text for f in entity.fields)

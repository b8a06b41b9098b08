"""Per-entity definitions: route name, key, item ``$type``, search names and their JSON paths.

This table is the contract the client's built-in catalog mirrors. Search names are matched
case-insensitively and each maps to a JSON path inside the item (``Emails[0].Address``: ``[0]`` is
the first element of a ``$values`` collection; a path of ``None`` marks a derived value such as
``IsOrganization``). For GenericEntityData entities every property name is a search name and its
path is the property name inside ``Properties``.

Rows are generated as flat records whose keys are the search names, holding exactly the value at
the search name's path (tests check this), so filtering never needs to render JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from imisql.emulator import commerce, events, groups, metadata, panels, party_json, sitebos
from imisql.emulator.contracts import GENERIC_ENTITY, JsonDict
from imisql.emulator.dataset import Dataset, RowSource
from imisql.emulator.genericentity import BusinessObject, render_generic
from imisql.semantics import Kind

Record = dict[str, Any]

S, N, D, B, T = Kind.STRING, Kind.INTEGER, Kind.DECIMAL, Kind.BOOLEAN, Kind.DATETIME


@dataclass(frozen=True)
class SearchField:
    name: str
    path: str | None
    kind: Kind | None


@dataclass(frozen=True)
class EntityDef:
    name: str
    item_type: str  # the data contract named in the PagedResult $type
    key: str
    fields: tuple[SearchField, ...]
    render: Callable[[Record], JsonDict]
    rows: Callable[[Dataset], RowSource]
    business_object: BusinessObject | None = None
    _by_name: dict[str, SearchField] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({f.name.casefold(): f for f in self.fields})

    def field(self, name: str) -> SearchField | None:
        """The search field a (case-insensitive) name refers to."""
        return self._by_name.get(name.casefold())


def _fields(*specs: tuple[str, str | None, Kind | None]) -> tuple[SearchField, ...]:
    return tuple(SearchField(name, path, kind) for name, path, kind in specs)


_PARTY_COMMON = (
    ("PartyId", "PartyId", S), ("Id", "Id", S), ("UniformId", "UniformId", S), ("Name", "Name", S),
    ("FullName", "Name", S), ("FirstName", "PersonName.FirstName", S), ("LastName", "PersonName.LastName", S),
    ("OrganizationName", "OrganizationName", S), ("Email", "Emails[0].Address", S), ("Phone", "Phones[0].Number", S),
    ("CityName", "Addresses[0].Address.CityName", S),
    ("CountrySubEntityName", "Addresses[0].Address.CountrySubEntityName", S),
    ("CountryCode", "Addresses[0].Address.CountryCode", S), ("PostalCode", "Addresses[0].Address.PostalCode", S),
    ("Status", "Status.PartyStatusId", S), ("UpdatedOn", "UpdateInformation.UpdatedOn", T),
    ("CreatedOn", "UpdateInformation.CreatedOn", T), ("BirthDate", "BirthDate", T),
)  # fmt: skip
_ORG_NAMES = ("PartyId", "Id", "Name", "OrganizationName", "Email", "Phone", "CityName", "CountryCode", "Status",
              "UpdatedOn")  # fmt: skip


_EVENT_FIELDS = (
    ("EventId", "EventId", S), ("Name", "Name", S), ("StartDateTime", "StartDateTime", T),
    ("EndDateTime", "EndDateTime", T), ("Status", "Status", S),
)  # fmt: skip


def _generic(bo: BusinessObject, rows: Callable[[Dataset], RowSource]) -> EntityDef:
    fields = tuple(SearchField(p.name, p.name, p.kind) for p in bo.properties)
    key = "|".join(bo.identity)
    return EntityDef(bo.entity_type, GENERIC_ENTITY, key, fields, lambda rec: render_generic(bo, rec), rows, bo)


def _business_objects() -> tuple[EntityDef, ...]:
    return (
        _generic(panels.ACTIVITY, Dataset.activity_rows),
        _generic(panels.CS_CONTACT, Dataset.contact_rows),
        _generic(panels.NAME_CEU, Dataset.ceu_rows),
        _generic(panels.NAME_DEMO, Dataset.demo_rows),
        _generic(sitebos.CS_CONTACT_BASIC, Dataset.contact_basic_rows),
        _generic(sitebos.SUBSCRIPTION, Dataset.subscription_rows),
        _generic(sitebos.GEN_TABLE, Dataset.gen_table_rows),
    )


def _build() -> tuple[EntityDef, ...]:
    return (*_party_entities(), *_event_and_group_entities(), *_commerce_entities(),
            EntityDef("GroupSummary", groups.GROUP_SUMMARY_TYPE, "GroupId", _fields(
                ("GroupId", "GroupId", S), ("Name", "Name", S), ("GroupClassId", "GroupClass.GroupClassId", S)),
                groups.render_group_summary, Dataset.group_rows),
            *_business_objects(),
            EntityDef("BOEntityDefinition", metadata.BO_DEFINITION_TYPE, "EntityTypeName", _fields(
                ("EntityTypeName", "EntityTypeName", S), ("ObjectTypeName", "ObjectTypeName", S),
                ("PrimaryParentEntityTypeName", "PrimaryParentEntityTypeName", S)),
                metadata.render_bo_definition, Dataset.bo_rows))  # fmt: skip


def _party_entities() -> tuple[EntityDef, ...]:
    m = party_json
    return (
        EntityDef("Party", m.PARTY_TYPE, "PartyId", _fields(*_PARTY_COMMON, ("IsOrganization", None, B)),
                  m.render_party, Dataset.party_rows),
        EntityDef("Person", m.PERSON_TYPE, "PartyId", _fields(*_PARTY_COMMON, ("IsOrganization", None, B)),
                  m.render_person, Dataset.person_rows),
        EntityDef("Organization", m.ORGANIZATION_TYPE, "PartyId",
                  _fields(*(f for f in _PARTY_COMMON if f[0] in _ORG_NAMES)), m.render_organization,
                  Dataset.organization_rows),
        EntityDef("PartySummary", m.SUMMARY_TYPE, "PartyId", _fields(
            ("PartyId", "PartyId", S), ("Id", "Id", S), ("Name", "Name", S), ("FullName", "Name", S),
            ("IsOrganization", "IsOrganization", B), ("CityName", "CityName", S),
            ("CountryName", "CountryName", S), ("CountrySubEntityName", "CountrySubEntityName", S),
            ("Email", "Email", S), ("Phone", "Phone", S), ("Status", "Status.PartyStatusId", S),
            ("IsMarkedForDelete", "IsMarkedForDelete", B)), m.render_summary, Dataset.party_rows),
        EntityDef("Country", "Asi.Soa.Membership.DataContracts.CountryData, Asi.Contracts", "CountryCode", _fields(
            ("CountryCode", "CountryCode", S), ("CountryName", "CountryName", S), ("MailGroup", "MailGroup", S),
            ("IsActive", "IsActive", B)), _render_country, Dataset.country_rows),
    )  # fmt: skip


def _event_and_group_entities() -> tuple[EntityDef, ...]:
    return (
        EntityDef("Event", events.EVENT_TYPE, "EventId",
                  _fields(*_EVENT_FIELDS, ("CategoryId", "Category.EventCategoryId", S)),
                  events.render_event, Dataset.event_rows),
        EntityDef("EventSummary", events.EVENT_SUMMARY_TYPE, "EventId", _fields(*_EVENT_FIELDS),
                  events.render_event_summary, Dataset.event_rows),
        EntityDef("EventRegistration", events.REGISTRATION_TYPE, "EventRegistrationId", _fields(
            ("EventRegistrationId", "EventRegistrationId", S), ("EventId", "EventId", S), ("PartyId", "PartyId", S),
            ("Status", "Status", N), ("RegistrationDate", "RegistrationDate", T)),
            events.render_registration, Dataset.registration_rows),
        EntityDef("Group", groups.GROUP_TYPE, "GroupId", _fields(
            ("GroupId", "GroupId", S), ("Name", "Name", S), ("GroupClassId", "GroupClass.GroupClassId", S),
            ("StatusCode", "StatusCode", S)), groups.render_group, Dataset.group_rows),
        EntityDef("GroupMember", groups.GROUP_MEMBER_TYPE, "GroupMemberId", _fields(
            ("GroupMemberId", "GroupMemberId", S), ("GroupId", "Group.GroupId", S), ("PartyId", "Party.PartyId", S),
            ("IsActive", "IsActive", B), ("JoinDate", "JoinDate", T)), groups.render_member, Dataset.member_rows),
    )  # fmt: skip


def _commerce_entities() -> tuple[EntityDef, ...]:
    return (
        EntityDef("User", commerce.USER_TYPE, "UserId", _fields(
            ("UserId", "UserId", S), ("UserName", "UserName", S), ("IsDisabled", "IsDisabled", B)),
            commerce.render_user, Dataset.user_rows),
        EntityDef("Invoice", commerce.INVOICE_TYPE, "InvoiceId", _fields(
            ("InvoiceId", "InvoiceId", S), ("BillToId", "BillToParty.Id", S), ("InvoiceDate", "InvoiceDate", T),
            ("DueDate", "DueDate", T), ("Balance", "Balance.Amount", D)),
            commerce.render_invoice, Dataset.invoice_rows),
        EntityDef("Item", commerce.ITEM_TYPE, "ItemId", _fields(
            ("ItemId", "ItemId", S), ("ItemCode", "ItemCode", S), ("Name", "Name", S),
            ("ItemClassId", "ItemClass.ItemClassId", S), ("IsActive", "IsActive", B), ("ItemStatus", "ItemStatus", S)),
            commerce.render_item, Dataset.item_rows),
        EntityDef("InvoiceSummary", commerce.INVOICE_SUMMARY_TYPE, "InvoiceId", _fields(
            ("InvoiceId", "InvoiceId", S), ("SoldToPartyId", "SoldToPartyId", S), ("BillToPartyId", "BillToPartyId", S),
            ("SourceSystem", "SourceSystem", S), ("InvoiceDate", "InvoiceDate", T), ("Balance", "Balance", D)),
            commerce.render_invoice_summary, Dataset.invoice_rows),
    )  # fmt: skip


def _render_country(rec: Record) -> JsonDict:
    return {"$type": "Asi.Soa.Membership.DataContracts.CountryData, Asi.Contracts", **rec}


ENTITIES: tuple[EntityDef, ...] = _build()
_BY_NAME = {e.name.casefold(): e for e in ENTITIES}


def entity(name: str) -> EntityDef | None:
    """The entity a (case-insensitive) route name refers to."""
    return _BY_NAME.get(name.casefold())


def resolve_path(item: JsonDict, path: str) -> object:
    """The value at a dotted search path (``Emails[0].Address``) in a rendered item, or None."""
    value: object = item
    for part in path.split("."):
        name, _, index = part.partition("[")
        value = value.get(name) if isinstance(value, dict) else None
        if index:
            values = value.get("$values") if isinstance(value, dict) else None
            position = int(index.rstrip("]"))
            value = values[position] if isinstance(values, list) and len(values) > position else None
    return value


def generic_values(item: JsonDict) -> dict[str, object]:
    """Decode a GenericEntityData item's property bag (wrapper ``$value`` unwrapped, missing = None)."""
    out: dict[str, object] = {}
    for prop in item["Properties"]["$values"]:
        value = prop.get("Value")
        out[prop["Name"]] = value.get("$value") if isinstance(value, dict) else value
    return out

"""Which entities accept writes, and the rules for each: table, ``$type``, key, required fields, references.

Every entity has a :class:`WriteSpec`; read-only ones (``PartySummary``, ``EventSummary``,
``BOEntityDefinition``) accept no ``$type`` and answer writes with 501, but still name the table
they read, so they show the writes made through their siblings (a PUT on ``Person`` shows in
``PartySummary``).

Keys (:class:`KeyRule`): ``GIVEN`` keys must be in the body (``CountryCode``, ``EventId``, a
CsContact or Name_Demo ``ID``); ``NEXT_NUMBER`` keys are numbered after the last generated one
when the body has none (``PartyId``, Activity ``SEQN``, ``InvoiceId``); ``GUID`` keys are new GUIDs
(``GroupId``); ``DERIVED`` keys are composed from other fields (``EventRegistrationId`` =
``EventId-PartyId``, ``GroupMemberId`` = ``GroupId:PartyId``, ``ItemId`` = ``ItemCode``);
``NEXT_IN_PARENT`` is a multi-instance panel's ``SEQN``, the next one for its party. A key the body
does carry is used as is (so a deleted row can be created again under its old key); if that row
exists the create is a 409.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from imisql.emulator import commerce, events, groups, panels, party_json
from imisql.emulator.contracts import CORE, GENERIC_ENTITY, MEMBERSHIP, JsonDict, contract, typed
from imisql.emulator.entities import EntityDef, resolve_path
from imisql.emulator.genericentity import BusinessObject

Record = dict[str, Any]


class KeyRule(enum.Enum):
    GIVEN = "given"
    NEXT_NUMBER = "next number"
    GUID = "guid"
    DERIVED = "derived"
    NEXT_IN_PARENT = "next in parent"


def _always(record: Record) -> bool:
    return True


@dataclass(frozen=True)
class WriteSpec:
    table: str
    contracts: tuple[str, ...] = ()  # accepted $type names ("Namespace.Name, Assembly"); () = read-only
    key_path: str = ""  # typed contracts: where the key lives
    also_key: tuple[str, ...] = ()  # other paths holding the same key (Party ``Id``)
    key_rule: KeyRule = KeyRule.GIVEN
    derive: Callable[[JsonDict], object] | None = None  # DERIVED keys
    required: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # contract name -> required paths
    references: tuple[tuple[str, str], ...] = ()  # (path or property, entity) pairs naming existing rows
    belongs: Callable[[Record], bool] = _always  # whether a row of the table is a row of this entity
    shows_stored: bool = True  # False: a view rendered from the record (summaries)
    record_fields: str | None = None  # the entity whose search names the record holds (default: this one)
    extra: Callable[[JsonDict], Record] | None = None  # record values beyond the search names
    complete: Callable[[JsonDict], None] | None = None  # server-side defaults filled in on create
    tracks_updates: bool = False  # the contract carries UpdateInformation

    @property
    def writable(self) -> bool:
        return bool(self.contracts)


def contract_name(type_text: str) -> str:
    """``Namespace.Name`` of a ``$type`` (the assembly after the comma varies between versions)."""
    return type_text.split(",")[0].strip()


def _each(contracts: tuple[str, ...], *paths: str) -> dict[str, tuple[str, ...]]:
    return {contract_name(c): paths for c in contracts}


# -- the party table ------------------------------------------------------------------------------


def _bag_value(item: JsonDict, bag: str, name: str) -> object:
    values = resolve_path(item, f"{bag}.$values")
    for prop in values if isinstance(values, list) else []:
        if isinstance(prop, dict) and prop.get("Name") == name:
            value = prop.get("Value")
            return value.get("$value") if isinstance(value, dict) else value
    return None


def _party_extra(item: JsonDict) -> Record:
    """Record values the summary view and the IQA queries read, beyond Party's search names."""
    status = resolve_path(item, "Status.PartyStatusId")
    return {
        "IsOrganization": contract_name(str(item.get("$type", ""))) == contract_name(party_json.ORGANIZATION_TYPE),
        "Sort": item.get("Sort"), "CountryName": resolve_path(item, "Addresses[0].Address.CountryName"),
        "StatusName": resolve_path(item, "Status.Name"), "IsMarkedForDelete": status == "D",
        "CustomerTypeCode": _bag_value(item, "AdditionalAttributes", "CustomerTypeCode"),
        "IsMember": _bag_value(item, "AdditionalAttributes", "IsMember") is True,
        "JoinDate": _bag_value(item, "AdditionalAttributes", "JoinDate"),
    }  # fmt: skip


def _complete_party(item: JsonDict) -> None:
    """What iMIS fills in on create: a UniformId, an active status, the display name."""
    item.setdefault("UniformId", str(uuid.uuid4()))
    item.setdefault("Status", typed(contract(MEMBERSHIP, "PartyStatusData"), PartyStatusId="A", Name="Active"))
    if item.get("Name"):
        return
    name = item.get("OrganizationName")
    person = item.get("PersonName")
    if isinstance(person, dict):
        parts = (person.get(k) for k in ("NamePrefix", "FirstName", "MiddleName", "LastName"))
        name = " ".join(p for p in parts if isinstance(p, str) and p) or name
        if name and not person.get("FullName"):
            person["FullName"] = name
    if name:
        item["Name"] = name


_PARTY_CONTRACTS = (party_json.PERSON_TYPE, party_json.ORGANIZATION_TYPE)
_PARTY = WriteSpec(
    "party", _PARTY_CONTRACTS, "PartyId", ("Id",), KeyRule.NEXT_NUMBER,
    required={contract_name(party_json.PERSON_TYPE): ("PersonName.LastName",),
              contract_name(party_json.ORGANIZATION_TYPE): ("OrganizationName",)},
    record_fields="Party", extra=_party_extra, complete=_complete_party, tracks_updates=True,
)  # fmt: skip


def _derived(*paths: str, sep: str) -> Callable[[JsonDict], object]:
    def derive(item: JsonDict) -> object:
        parts = [resolve_path(item, p) for p in paths]
        return sep.join(str(p) for p in parts) if all(isinstance(p, str) and p for p in parts) else None

    return derive


def _typed(table: str, type_name: str, key: str, *required: str, **rules: Any) -> WriteSpec:
    return WriteSpec(table, (type_name,), key, required=_each((type_name,), *required), **rules)


def generic(bo: BusinessObject, key_rule: KeyRule, *references: tuple[str, str]) -> WriteSpec:
    return WriteSpec(bo.entity_type, (GENERIC_ENTITY,), key_rule=key_rule, references=references)


_COUNTRY = "Asi.Soa.Membership.DataContracts.CountryData, Asi.Contracts"
_REGISTRATION_KEY = _derived("EventId", "PartyId", sep="-")
_MEMBER_KEY = _derived("Group.GroupId", "Party.PartyId", sep=":")

SPECS: dict[str, WriteSpec] = {
    "Party": _PARTY,
    "Person": replace(_PARTY, contracts=(party_json.PERSON_TYPE,), belongs=lambda r: not r["IsOrganization"]),
    "Organization": replace(_PARTY, contracts=(party_json.ORGANIZATION_TYPE,), belongs=lambda r: r["IsOrganization"]),
    "PartySummary": WriteSpec("party", shows_stored=False),
    "Country": _typed("Country", _COUNTRY, "CountryCode", "CountryCode", "CountryName"),
    "Event": _typed("event", events.EVENT_TYPE, "EventId", "EventId", "Name"),
    "EventSummary": WriteSpec("event", shows_stored=False),
    "EventRegistration": _typed(
        "EventRegistration", events.REGISTRATION_TYPE, "EventRegistrationId", "EventId", "PartyId",
        key_rule=KeyRule.DERIVED, derive=_REGISTRATION_KEY, references=(("EventId", "Event"), ("PartyId", "Party")),
    ),
    "Group": _typed("Group", groups.GROUP_TYPE, "GroupId", "Name", key_rule=KeyRule.GUID),
    "GroupMember": _typed(
        "GroupMember", groups.GROUP_MEMBER_TYPE, "GroupMemberId", "Group.GroupId", "Party.PartyId",
        key_rule=KeyRule.DERIVED, derive=_MEMBER_KEY,
        references=(("Group.GroupId", "Group"), ("Party.PartyId", "Party")),
    ),
    "User": _typed("User", commerce.USER_TYPE, "UserId", "UserId", "UserName", references=(("UserId", "Person"),)),
    "Invoice": _typed("Invoice", commerce.INVOICE_TYPE, "InvoiceId", "BillToParty.Id",
                      key_rule=KeyRule.NEXT_NUMBER, references=(("BillToParty.Id", "Party"),)),
    "Item": _typed("Item", commerce.ITEM_TYPE, "ItemId", "ItemCode", "Name", key_rule=KeyRule.DERIVED,
                   derive=lambda item: item.get("ItemCode")),
    "BOEntityDefinition": WriteSpec("BOEntityDefinition"),
    "Activity": generic(panels.ACTIVITY, KeyRule.NEXT_NUMBER, ("ID", "Party")),
    "CsContact": generic(panels.CS_CONTACT, KeyRule.GIVEN),
    "Name_CEU": generic(panels.NAME_CEU, KeyRule.NEXT_IN_PARENT, ("ID", "Person")),
    "Name_Demo": generic(panels.NAME_DEMO, KeyRule.GIVEN, ("ID", "Person")),
    # read-only views and lookup tables: each its own table, writes answered with 501
    "InvoiceSummary": WriteSpec("InvoiceSummary"),
    "GroupSummary": WriteSpec("GroupSummary"),
    "CsContactBasic": WriteSpec("CsContactBasic"),
    "Subscription": WriteSpec("Subscription"),
    "GenTable": WriteSpec("GenTable"),
}  # fmt: skip


def write_spec(entity: EntityDef) -> WriteSpec:
    return SPECS[entity.name]


def main_entity(spec: WriteSpec) -> str:
    """The entity that shows every row of the spec's table (``Party`` for the party table)."""
    return {"party": "Party", "event": "Event"}.get(spec.table, spec.table)


def row_key(entity: EntityDef, record: Record) -> str:
    """The single-GET id of a row: its key, or ``~a|b`` for a composite identity."""
    bo = entity.business_object
    if bo is None:
        return str(record[entity.key])
    values = [str(record[name]) for name in bo.identity]
    return "~" + "|".join(values) if len(values) > 1 else values[0]


UPDATE_INFORMATION_TYPE = f"{CORE}.EntityUpdateInformationData, Asi.Contracts"

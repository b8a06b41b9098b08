"""What a write may touch: read-only entities and columns, required INSERT columns, and body contracts.

Pure data and checks used by the write compiler (and so by the editors' diagnostics). iMIS writes
whole objects (fact sheet §6): UPDATE changes fields of the object it read, INSERT builds a body of
the entity's contract (``$type``) or, for business objects and panels, a GenericEntityData property
bag. A column is refused when the write would be meaningless or ambiguous: the key (keys cannot
change), ``UpdateInformation.*`` (iMIS stamps it), a value read from the first element of a
collection (``Email`` is ``Emails[0]``: which address is primary is not a field), a whole collection,
and names that iMIS derives from a code (``Status.Name`` from ``Status.PartyStatusId``).
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql.catalog.model import Entity, EntityKind, Field, FieldType

_MEMBERSHIP = "Asi.Soa.Membership.DataContracts"
_EVENTS = "Asi.Soa.Events.DataContracts"
_COMMERCE = "Asi.Soa.Commerce.DataContracts"


def _contract(namespace: str, name: str) -> str:
    return f"{namespace}.{name}, Asi.Contracts"


PERSON = _contract(_MEMBERSHIP, "PersonData")
ORGANIZATION = _contract(_MEMBERSHIP, "OrganizationData")

CONTRACTS: dict[str, str] = {
    "person": PERSON,
    "organization": ORGANIZATION,
    "country": _contract(_MEMBERSHIP, "CountryData"),
    "event": _contract(_EVENTS, "EventData"),
    "eventregistration": _contract(_EVENTS, "EventRegistrationData"),
    "group": _contract(_MEMBERSHIP, "GroupData"),
    "groupmember": _contract(_MEMBERSHIP, "GroupMemberData"),
    "user": _contract(_MEMBERSHIP, "UserData"),
    "invoice": _contract(_COMMERCE, "InvoiceData"),
    "item": _contract(_COMMERCE, "ItemData"),
}

REQUIRED_ON_INSERT: dict[str, tuple[str, ...]] = {
    "person": ("PersonName.LastName",),
    "organization": ("OrganizationName",),
    "country": ("CountryCode", "CountryName"),
    "event": ("EventId", "Name"),
    "eventregistration": ("EventId", "PartyId"),
    "group": ("Name",),
    "groupmember": ("Group.GroupId", "Party.PartyId"),
    "user": ("UserId", "UserName"),
    "invoice": ("BillToParty.Id",),
    "item": ("ItemCode", "Name"),
    "activity": ("ID", "ACTIVITY_TYPE"),
}

READ_ONLY_ENTITIES: dict[str, str] = {"partysummary": "Party", "eventsummary": "Event"}
BAGS = frozenset({"AdditionalAttributes"})  # typed contracts' GenericPropertyDataCollection members
_PARTIES = frozenset({"party", "person", "organization"})
_DERIVED = {
    "Status.Name": "Status.PartyStatusId", "Status.Description": "Status.PartyStatusId",
    "Category.Name": "Category.EventCategoryId", "GroupClass.Name": "GroupClass.GroupClassId",
    "ItemClass.Name": "ItemClass.ItemClassId", "BillToParty.Name": "BillToParty.Id",
    "Group.Name": "Group.GroupId", "Party.Name": "Party.PartyId",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a column cannot be written, and what to do instead."""

    message: str
    hint: str


def read_only_entity(entity: Entity) -> Refusal | None:
    """A refusal for entities that are views of others (PartySummary, EventSummary)."""
    through = READ_ONLY_ENTITIES.get(entity.name.lower())
    if through is None:
        return None
    return Refusal(f"{entity.name} is a read-only view", f"write through {through}, which it shows")


def refusal(entity: Entity, field: Field, *, inserting: bool) -> Refusal | None:
    """Why ``field`` of ``entity`` cannot be set (None when it can)."""
    path = field.path
    if path[0] == "UpdateInformation":
        return Refusal(f"{field.name} is set by iMIS on every write", "leave it out: iMIS records who changed the row")
    if not inserting and is_key(entity, field):
        return Refusal(f"{field.name} is the key of {entity.name}: keys cannot change",
                       f"INSERT a new {entity.name} and DELETE the old one")  # fmt: skip
    if any(isinstance(step, int) for step in path):
        return Refusal(
            f"{field.name} is read from the first of {entity.name}'s {path[0]}: writing it would be ambiguous",
            f"which of {path[0]} is primary is not a field; change it in iMIS",
        )
    if field.type is FieldType.LIST:
        return Refusal(f"{field.name} is a whole collection", "imisql writes single fields of an object")
    derived_from = _DERIVED.get(field.name)
    if derived_from is not None:
        return Refusal(f"{field.name} is derived by iMIS from {derived_from}", f"set {derived_from} instead")
    return None


def is_key(entity: Entity, field: Field) -> bool:
    """Whether ``field`` is (a copy of) the entity's key."""
    if field.name in entity.key:
        return True
    return entity.name.lower() in _PARTIES and field.name == "Id"


def writable_fields(entity: Entity, *, inserting: bool = False) -> list[Field]:
    """The fields a write may set, in catalog order (for completion)."""
    if read_only_entity(entity) is not None:
        return []
    return [f for f in entity.fields if refusal(entity, f, inserting=inserting) is None]


def contract_for(entity: Entity, columns: list[str]) -> str | None:
    """The ``$type`` of a new row of ``entity`` ("" for GenericEntityData; None when unknown).

    ``Party`` is a person or an organization: the columns given decide (PersonName.* → PersonData)."""
    if entity.kind is EntityKind.GENERIC:
        return ""
    name = entity.name.lower()
    if name == "party":
        if any(c.lower().startswith("personname.") for c in columns):
            return PERSON
        return ORGANIZATION if any(c.lower() == "organizationname" for c in columns) else None
    return CONTRACTS.get(name)


def required_columns(entity: Entity, contract: str) -> tuple[str, ...]:
    """Columns an INSERT into ``entity`` must name."""
    if entity.name.lower() == "party":
        return REQUIRED_ON_INSERT["person" if contract == PERSON else "organization"]
    return REQUIRED_ON_INSERT.get(entity.name.lower(), ())


def tracks_updates(entity: Entity) -> bool:
    """Whether the entity carries ``UpdateInformation.UpdatedOn`` (the lost-update guard applies)."""
    return entity.field("UpdateInformation.UpdatedOn") is not None

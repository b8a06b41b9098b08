"""The built-in catalog: the common iMIS entities, their REST paths, keys, columns and search names.

This module owns the data table the compiler falls back on when no live catalog is loaded, and the
``StaticCatalog`` that serves a fixed list of entities. Column paths locate a value in a decoded item:
``$values`` collections are lists (``("Emails", 0, "Address")`` is the primary email) and
``GenericPropertyDataCollection`` bags (``AdditionalAttributes``) are objects keyed by property name.
A column with ``search`` set is one the API filters and sorts on under that flat name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from imisql.catalog.countries import ISO_COUNTRIES
from imisql.catalog.model import Entity, EntityKind, Field, FieldType, PathSegment

STR = FieldType.STRING
INT = FieldType.INTEGER
DEC = FieldType.DECIMAL
BOOL = FieldType.BOOLEAN
DATE = FieldType.DATETIME
LIST = FieldType.LIST

Codes = Sequence[str] | Mapping[str, str]  # a column's known values, or its values with their meanings

COUNTRY_CODES: tuple[str, ...] = tuple(c.code for c in ISO_COUNTRIES)
_COUNTRY_NAMES: Codes = {c.code: c.name for c in ISO_COUNTRIES}
PARTY_STATUS: Codes = {"A": "Active", "I": "Inactive", "D": "Marked for deletion"}
EVENT_STATUS: Codes = {"A": "Active", "C": "Closed", "F": "Future", "P": "Pending"}
REGISTRATION_STATUS: Codes = {"1": "Registered", "2": "Wait-listed", "3": "Cancelled"}
ITEM_STATUS: Codes = {"A": "Active", "I": "Inactive"}
SOURCE_SYSTEMS: Codes = {"DUES": "Dues billing", "MEETING": "Event registration", "ORDER": "Order"}
ACTIVITY_TYPES: Codes = {
    "DUES": "Dues payment", "EVENT": "Event registration", "GIFT": "Gift or donation",
    "ONLINEAPP": "Online application", "CEU": "Continuing education units", "ORDER": "Order",
}  # fmt: skip


def column(
    name: str,
    type: FieldType = STR,
    doc: str = "",
    *,
    path: tuple[PathSegment, ...] | None = None,
    values: Codes = (),
) -> Field:
    """A column the API cannot filter on; its path defaults to the dotted name."""
    return Field(name, path or tuple(name.split(".")), type, None, doc, tuple(values), meanings=_meanings(values))


def searchable(
    name: str,
    type: FieldType = STR,
    doc: str = "",
    *,
    by: str | None = None,
    path: tuple[PathSegment, ...] | None = None,
    values: Codes = (),
    aliases: Sequence[str] = (),
) -> Field:
    """A column the API filters on under the search name ``by`` (default: the column name)."""
    path = path or tuple(name.split("."))
    return Field(name, path, type, by or name, doc, tuple(values), tuple(aliases), _meanings(values))


def _meanings(values: Codes) -> tuple[tuple[str, str], ...]:
    return tuple(values.items()) if isinstance(values, Mapping) else ()


def address(name: str, doc: str, values: Codes = ()) -> Field:
    """A searchable column read from the primary (first) address."""
    return searchable(name, STR, doc, path=("Addresses", 0, "Address", name), values=values)


_STATUS_DOC = "Status code: A active, I inactive, D deleted"


PARTY: tuple[Field, ...] = (
    searchable("PartyId", STR, "iMIS ID of the party (the key)"),
    searchable("Id", STR, "iMIS ID (same value as PartyId)"),
    searchable("UniformId", STR, "Globally unique id (GUID)"),
    searchable("Name", STR, "Display name"),
    searchable("FullName", STR, "Full name (the display name)", path=("Name",)),
    searchable("IsOrganization", BOOL, "Whether the party is an organization (OrganizationData)"),
    column("Sort", STR, "Sort name (last name first)"),
    searchable("OrganizationName", STR, "Organization name (a person's primary organization)"),
    searchable("BirthDate", DATE, "Date of birth"),
    column("Gender", INT, "Gender code (0 = not specified)"),
    searchable("PersonName.FirstName", STR, "Given name", by="FirstName"),
    column("PersonName.InformalName", STR, "Informal (preferred) name"),
    searchable("PersonName.LastName", STR, "Family name", by="LastName"),
    column("PersonName.MiddleName", STR, "Middle name"),
    column("PersonName.NamePrefix", STR, "Prefix such as Mr. or Dr."),
    column("PersonName.NameSuffix", STR, "Suffix such as Jr."),
    column("PersonName.FullName", STR, "Full name with prefix and suffix"),
    column("PrimaryOrganization.Name", STR, "Name of the primary organization"),
    column("PrimaryOrganization.Title", STR, "Title at the primary organization"),
    column("PrimaryOrganization.OrganizationPartyId", STR, "iMIS ID of the primary organization"),
    column("AdditionalAttributes.CustomerTypeCode", STR, "Customer (member) type code"),
    column("AdditionalAttributes.CustomerTypeDescription", STR, "Customer (member) type"),
    column("AdditionalAttributes.IsMember", BOOL, "Whether the party is a member"),
    column("AdditionalAttributes.JoinDate", DATE, "Date the party joined"),
    searchable("Email", STR, "Primary email address", path=("Emails", 0, "Address")),
    searchable("Phone", STR, "Primary phone number", path=("Phones", 0, "Number")),
    address("CityName", "City of the primary address"),
    address("CountrySubEntityName", "State or province of the primary address"),
    address("CountryCode", "Country of the primary address (ISO 3166-1 alpha-2)", _COUNTRY_NAMES),
    address("PostalCode", "Postal code of the primary address"),
    column("Addresses", LIST, "All addresses (FullAddressData)"),
    column("Emails", LIST, "All email addresses"),
    column("Phones", LIST, "All phone numbers"),
    column("UpdateInformation.CreatedBy", STR, "User who created the record"),
    searchable("UpdateInformation.CreatedOn", DATE, "When the record was created", by="CreatedOn"),
    column("UpdateInformation.UpdatedBy", STR, "User who last changed the record"),
    searchable("UpdateInformation.UpdatedOn", DATE, "When the record last changed", by="UpdatedOn"),
    searchable("Status.PartyStatusId", STR, _STATUS_DOC, by="Status", values=PARTY_STATUS),
    column("Status.Name", STR, "Status name"),
    column("Status.Description", STR, "Status description"),
)


def restrict(fields: Iterable[Field], searches: Iterable[str], drop: Iterable[str] = ()) -> tuple[Field, ...]:
    """``fields`` without the columns under a top-level name in ``drop``, searchable only on ``searches``.

    A search name taken away stays an alias of its column, so queries still resolve it (and filter
    on the client instead).
    """
    keep, dropped = set(searches), set(drop)
    return tuple(_unsearch(f, keep) for f in fields if f.path[0] not in dropped)


def _unsearch(f: Field, keep: set[str]) -> Field:
    if f.search is None or f.search in keep:
        return f
    aliases = f.aliases if f.search == f.name else (*f.aliases, f.search)
    return replace(f, search=None, aliases=aliases)


def pick(fields: Iterable[Field], *names: str) -> tuple[Field, ...]:
    """The columns called ``names``, in the order given."""
    by_name = {f.name: f for f in fields}
    return tuple(by_name[n] for n in names)


ORGANIZATION = restrict(
    PARTY,
    searches=(
        "PartyId",
        "Id",
        "Name",
        "OrganizationName",
        "Email",
        "Phone",
        "CityName",
        "CountryCode",
        "Status",
        "UpdatedOn",
    ),
    drop=("PersonName", "PrimaryOrganization", "BirthDate", "Gender"),
)

PARTY_SUMMARY = (
    searchable("PartyId", STR, "iMIS ID of the party (the key)"),
    searchable("Id", STR, "iMIS ID (same value as PartyId)"),
    column("UniformId", STR, "Globally unique id (GUID)"),
    searchable("Name", STR, "Display name"),
    searchable("FullName", STR, "Full name (the display name)", path=("Name",)),
    searchable("IsOrganization", BOOL, "Whether the party is an organization"),
    column("Sort", STR, "Sort name (last name first)"),
    searchable("CityName", STR, "City of the primary address"),
    searchable("CountryName", STR, "Country name of the primary address"),
    searchable("CountrySubEntityName", STR, "State or province of the primary address"),
    searchable("Email", STR, "Primary email address"),
    searchable("Phone", STR, "Primary phone number"),
    searchable("Status.PartyStatusId", STR, _STATUS_DOC, by="Status", values=PARTY_STATUS),
    column("Status.Name", STR, "Status name"),
    searchable("IsMarkedForDelete", BOOL, "Whether the party is marked for deletion"),
)

COUNTRY = (
    searchable("CountryCode", STR, "ISO 3166-1 alpha-2 code (the key)", values=_COUNTRY_NAMES),
    searchable("CountryName", STR, "Country name"),
    searchable("MailGroup", STR, "Mailing region, such as ASIA"),
    column("SubEntityNameCaption", STR, "Caption for the state/province field"),
    searchable("IsActive", BOOL, "Whether the country is offered"),
)

EVENT = (
    searchable("EventId", STR, "Event code (the key)"),
    searchable("Name", STR, "Event name"),
    column("Description", STR, "Event description"),
    searchable("StartDateTime", DATE, "When the event starts"),
    searchable("EndDateTime", DATE, "When the event ends"),
    searchable("Status", STR, "Status code: A active, C closed, F future, P pending", values=EVENT_STATUS),
    column("Capacity", INT, "Maximum number of registrants"),
    searchable("Category.EventCategoryId", STR, "Event category code", by="CategoryId"),
    column("Category.Name", STR, "Event category name"),
)

EVENT_SUMMARY = pick(EVENT, "EventId", "Name", "StartDateTime", "EndDateTime", "Status")

EVENT_REGISTRATION = (
    searchable("EventRegistrationId", STR, "EVENTID-PARTYID (the key)"),
    searchable("EventId", STR, "Event code"),
    searchable("PartyId", STR, "iMIS ID of the registrant"),
    searchable("RegistrationDate", DATE, "When the registration was made"),
    searchable("Status", INT, "1 registered, 2 wait-listed, 3 cancelled", values=REGISTRATION_STATUS),
)

GROUP = (
    searchable("GroupId", STR, "Group id (the key)"),
    searchable("Name", STR, "Group name"),
    column("Description", STR, "Group description"),
    searchable("GroupClass.GroupClassId", STR, "Group class id", by="GroupClassId"),
    column("GroupClass.Name", STR, "Group class name"),
    searchable("StatusCode", STR, "Group status code"),
)

GROUP_MEMBER = (
    searchable("GroupMemberId", STR, "GROUPID:PARTYID (the key)"),
    searchable("Group.GroupId", STR, "Group id", by="GroupId"),
    column("Group.Name", STR, "Group name"),
    searchable("Party.PartyId", STR, "iMIS ID of the member", by="PartyId"),
    column("Party.Name", STR, "Member name"),
    searchable("JoinDate", DATE, "When the member joined the group"),
    searchable("IsActive", BOOL, "Whether the membership is active"),
    column("MembershipDetails", LIST, "Roles and terms (GroupMemberDetailData)"),
)

USER = (
    searchable("UserId", STR, "User id: the iMIS ID of the user's party (the key)"),
    searchable("UserName", STR, "Login name"),
    searchable("IsDisabled", BOOL, "Whether the login is disabled"),
    column("Party.PartyId", STR, "iMIS ID of the user's party"),
    column("Party.Name", STR, "Name of the user's party"),
)

INVOICE = (
    searchable("InvoiceId", STR, "Invoice id (the key)"),
    searchable("BillToParty.Id", STR, "iMIS ID of the bill-to party", by="BillToId"),
    column("BillToParty.Name", STR, "Name of the bill-to party"),
    searchable("InvoiceDate", DATE, "Invoice date"),
    searchable("DueDate", DATE, "Payment due date"),
    column("Description", STR, "Invoice description"),
    searchable("Balance.Amount", DEC, "Amount still owed", by="Balance"),
    column("Balance.Currency.CurrencyCode", STR, "Currency of the balance"),
    column("InvoiceAmount.Amount", DEC, "Invoiced amount"),
)

ITEM = (
    searchable("ItemId", STR, "Item id (the key)"),
    searchable("ItemCode", STR, "Item code"),
    searchable("Name", STR, "Item name"),
    column("Description", STR, "Item description"),
    searchable("ItemClass.ItemClassId", STR, "Item class id", by="ItemClassId"),
    column("ItemClass.Name", STR, "Item class name"),
    searchable("IsActive", BOOL, "Whether the item is for sale"),
    searchable("ItemStatus", STR, "Item status: A active, I inactive", values=ITEM_STATUS),
)

INVOICE_SUMMARY = (
    searchable("InvoiceId", STR, "Invoice id (the key)"),
    searchable("SoldToPartyId", STR, "iMIS ID of the sold-to party"),
    searchable("BillToPartyId", STR, "iMIS ID of the bill-to party"),
    searchable("SourceSystem", STR, "Where the invoice came from: DUES, MEETING, ORDER", values=SOURCE_SYSTEMS),
    searchable("InvoiceDate", DATE, "Invoice date"),
    searchable("Balance", DEC, "Amount still owed"),
    column("InvoiceAmount", DEC, "Invoiced amount"),
)

ACTIVITY = (
    searchable("SEQN", INT, "Activity sequence number (the key)"),
    searchable("ID", STR, "iMIS ID of the party"),
    searchable("ACTIVITY_TYPE", STR, "Activity type code", values=ACTIVITY_TYPES),
    searchable("TRANSACTION_DATE", DATE, "When the activity happened"),
    searchable("PRODUCT_CODE", STR, "Product (item) code"),
    searchable("DESCRIPTION", STR, "Description"),
    searchable("UNITS", DEC, "Units (such as CEU credits)"),
    searchable("AMOUNT", DEC, "Amount"),
)


def _entity(name: str, key: str, fields: tuple[Field, ...], doc: str, kind: EntityKind = EntityKind.TYPED) -> Entity:
    return Entity(name, f"/api/{name}", (key,), fields, kind, doc)


ENTITIES: tuple[Entity, ...] = (
    _entity("Party", "PartyId", PARTY, "People and organizations (PersonData / OrganizationData)"),
    _entity("Person", "PartyId", PARTY, "People"),
    _entity("Organization", "PartyId", ORGANIZATION, "Organizations"),
    _entity("PartySummary", "PartyId", PARTY_SUMMARY, "A light view of parties, for long lists"),
    _entity("Country", "CountryCode", COUNTRY, "Countries"),
    _entity("Event", "EventId", EVENT, "Events"),
    _entity("EventSummary", "EventId", EVENT_SUMMARY, "A light view of events"),
    _entity("EventRegistration", "EventRegistrationId", EVENT_REGISTRATION, "Registrations for events"),
    _entity("Group", "GroupId", GROUP, "Groups: committees, chapters, lists"),
    _entity("GroupMember", "GroupMemberId", GROUP_MEMBER, "Memberships of parties in groups"),
    _entity("User", "UserId", USER, "Logins"),
    _entity("Invoice", "InvoiceId", INVOICE, "Invoices"),
    _entity("InvoiceSummary", "InvoiceId", INVOICE_SUMMARY, "A light view of invoices"),
    _entity("Item", "ItemId", ITEM, "Products and other sellable items"),
    _entity("Activity", "SEQN", ACTIVITY, "Activity history (dues, events, gifts, CEU)", EntityKind.GENERIC),
)


class StaticCatalog:
    """A catalog over a fixed list of entities (and IQA query paths); names resolve case-insensitively,
    the first one wins."""

    def __init__(self, entities: Iterable[Entity], queries: Iterable[str] = ()) -> None:
        self._entities = tuple(entities)
        self._queries = tuple(queries)
        self._by_name: dict[str, Entity] = {}
        for e in self._entities:
            self._by_name.setdefault(e.name.lower(), e)

    def entity(self, name: str) -> Entity | None:
        return self._by_name.get(name.lower())

    def entities(self) -> Sequence[Entity]:
        return tuple(self._by_name.values())

    def queries(self) -> Sequence[str]:
        return self._queries


BUILTIN = StaticCatalog(ENTITIES)


def builtin_catalog() -> StaticCatalog:
    """The built-in catalog (a shared, immutable instance)."""
    return BUILTIN

"""Party generation: one flat *record* per party index, and its Party/Person/Organization/Summary JSON.

A record is a plain dict whose keys include every Party search name (``PartyId``, ``LastName``,
``Email``, ``CityName``, ...) holding exactly the value found at that search name's JSON path in
the rendered item, so filters can run on records without rendering. Records are pure functions of
``(seed, index)``: nothing is stored per party.

Ids: ``PartyId`` = ``Id`` = ``base + index`` where ``base = 2 * 10**d`` and ``d = max(4,
digits(count))``; every id has the same width, so string order equals numeric order.
About 15% of parties are organizations (decided by a hash of the index).
"""

from __future__ import annotations

import functools
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from imisql.emulator import pools
from imisql.emulator.contracts import (
    CORE,
    GENERIC_PROPERTY,
    GENERIC_PROPERTY_COLLECTION,
    MEMBERSHIP,
    JsonDict,
    collection,
    contract,
    dotnet_datetime,
    typed,
)
from imisql.emulator.countries import BY_CODE
from imisql.emulator.rand import Draw, Keyed, salt_of

Record = dict[str, Any]

PERSON_TYPE = contract(MEMBERSHIP, "PersonData")
ORGANIZATION_TYPE = contract(MEMBERSHIP, "OrganizationData")
PARTY_TYPE = contract(MEMBERSHIP, "PartyData")
SUMMARY_TYPE = contract(MEMBERSHIP, "PartySummaryData")

_SALT_KIND = salt_of("party-kind")
_SALT_PARTY = salt_of("party")
_SALT_ORG_NAME = salt_of("org-name")
_EPOCH = datetime(2005, 1, 1)
_CREATED_SPAN = int((datetime(2025, 12, 31) - _EPOCH).total_seconds())
_LAST_UPDATE = datetime(2026, 6, 30, 17, 0)
_STATUS = (("A", "Active"),) * 45 + (("I", "Inactive"),) * 4 + (("D", "Marked for deletion"),)
_CALLING_CODES = {
    "GB": "44", "IE": "353", "AU": "61", "NZ": "64", "DE": "49", "FR": "33", "NL": "31",
    "ZA": "27", "SG": "65", "JP": "81", "IN": "91", "MX": "52", "BR": "55",
}  # fmt: skip


class PartyGenerator:
    """Deterministic parties ``0 .. count-1`` for one seed."""

    def __init__(self, seed: int, count: int) -> None:
        self.seed = seed
        self.count = count
        self.width = max(4, len(str(count))) + 1
        self.base = 2 * 10 ** (self.width - 1)
        self._kind = Keyed(seed, _SALT_KIND)
        self._party = Keyed(seed, _SALT_PARTY)
        self._org_name = Keyed(seed, _SALT_ORG_NAME)

    def party_id(self, index: int) -> str:
        return str(self.base + index)

    def index_of(self, party_id: str) -> int | None:
        """The index of a party id string, or None when it names no party."""
        if len(party_id) != self.width or not party_id.isdigit():
            return None
        index = int(party_id) - self.base
        return index if 0 <= index < self.count else None

    def is_org(self, index: int) -> bool:
        return self._kind(index) % 20 < 3

    def org_name(self, index: int) -> str:
        draw = self._org_name.draw(index)
        return f"{draw.pick(pools.ORG_FIRST)} {draw.pick(pools.ORG_SECOND)} {draw.pick(pools.ORG_SUFFIX)}"

    def find_org(self, start: int) -> int | None:
        """The first organization at or after ``start`` (wrapping), or None if there is none."""
        for step in range(min(self.count, 400)):
            index = (start + step) % self.count
            if self.is_org(index):
                return index
        return None

    def record(self, index: int) -> Record:
        draw = self._party.draw(index)
        rec = self._common(index, draw)
        if rec["IsOrganization"]:
            self._fill_org(rec, index, draw)
        else:
            self._fill_person(rec, draw)
        _fill_contact(rec, draw)
        return rec

    def _common(self, index: int, draw: Draw) -> Record:
        party_id = self.party_id(index)
        status, status_name = draw.pick(_STATUS)
        created = _EPOCH + timedelta(seconds=draw.below(_CREATED_SPAN), milliseconds=10 * draw.below(100))
        span = int((_LAST_UPDATE - created).total_seconds())
        updated = created + timedelta(seconds=draw.below(span), milliseconds=10 * draw.below(100))
        return {
            "PartyId": party_id,
            "Id": party_id,
            "UniformId": draw.guid(),
            "IsOrganization": self.is_org(index),
            "Status": status,
            "StatusName": status_name,
            "IsMarkedForDelete": status == "D",
            "CreatedOn": dotnet_datetime(created),
            "UpdatedOn": dotnet_datetime(updated),
        }

    def _fill_org(self, rec: Record, index: int, draw: Draw) -> None:
        name = self.org_name(index)
        code, description = draw.pick(pools.ORG_CUSTOMER_TYPES)
        rec.update(
            Name=name, FullName=name, Sort=name, OrganizationName=name, PrimaryOrgId=None, Title=None,
            FirstName=None, LastName=None, MiddleName=None, NamePrefix=None, NameSuffix=None,
            InformalName=None, BirthDate=None, Gender=0, CustomerTypeCode=code,
            CustomerTypeDescription=description, EmailLocal="info", EmailDomain=_org_domain(name),
        )  # fmt: skip
        _fill_membership(rec, draw)

    def _fill_person(self, rec: Record, draw: Draw) -> None:
        gender = 2 if draw.chance(0.5) else (1 if draw.chance(0.94) else 0)
        first = draw.pick(pools.FEMALE_FIRST if gender == 2 else pools.MALE_FIRST)
        last = draw.pick(pools.LAST_NAMES)
        middle = f"{draw.pick(pools.MIDDLE_INITIALS)}." if draw.chance(0.4) else None
        prefix = draw.pick(pools.PREFIXES_FEMALE if gender == 2 else pools.PREFIXES_MALE) if draw.chance(0.5) else None
        suffix = draw.pick(pools.SUFFIXES) if draw.chance(0.05) else None
        name = " ".join(part for part in (prefix, first, middle, last) if part) + (f", {suffix}" if suffix else "")
        birth = datetime(1940, 1, 1) + timedelta(days=draw.below(23000)) if draw.chance(0.7) else None
        code, description = draw.pick(pools.CUSTOMER_TYPES)
        org_index = self.find_org(draw.below(self.count)) if draw.chance(0.6) else None
        org_name = self.org_name(org_index) if org_index is not None else None
        rec.update(
            Name=name, FullName=name, Sort=f"{last.upper()}, {first.upper()}", FirstName=first,
            LastName=last, MiddleName=middle, NamePrefix=prefix, NameSuffix=suffix, InformalName=first,
            BirthDate=dotnet_datetime(birth) if birth else None, Gender=gender, OrganizationName=org_name,
            PrimaryOrgId=self.party_id(org_index) if org_index is not None else None,
            Title=draw.pick(pools.TITLES) if org_name else None, CustomerTypeCode=code,
            CustomerTypeDescription=description, EmailLocal=f"{_slug(first)}.{_slug(last)}",
            EmailDomain=_org_domain(org_name) if org_name and draw.chance(0.7) else draw.pick(pools.FREE_MAIL),
        )  # fmt: skip
        _fill_membership(rec, draw)


def _fill_membership(rec: Record, draw: Draw) -> None:
    is_member_type = rec["CustomerTypeCode"] in pools.MEMBER_TYPE_CODES
    rec["IsMember"] = is_member_type and rec["Status"] == "A"
    join = datetime(1985, 1, 1) + timedelta(days=draw.below(15000))
    rec["JoinDate"] = dotnet_datetime(join) if is_member_type else None


def _fill_contact(rec: Record, draw: Draw) -> None:
    """Email, phones and the primary address (all optional)."""
    rec["Email"] = f"{rec.pop('EmailLocal')}@{rec.pop('EmailDomain')}" if draw.chance(0.95) else None
    city = draw.pick(pools.CITIES)
    rec["Phone"] = _phone(city, draw) if draw.chance(0.9) else None
    mobile = not rec["IsOrganization"] and rec["Phone"] is not None and draw.chance(0.4)
    rec["Mobile"] = _phone(city, draw) if mobile else None
    has_address = draw.chance(0.97)
    country = BY_CODE[city.country]
    rec.update(
        HasAddress=has_address,
        AddressLine=f"{draw.between(1, 9999)} {draw.pick(pools.STREET_NAMES)} {draw.pick(pools.STREET_KINDS)}",
        Suite=f"Suite {draw.between(100, 999)}" if draw.chance(0.15) else None,
        HomeLine=f"{draw.between(1, 999)} {draw.pick(pools.STREET_NAMES)} {draw.pick(pools.STREET_KINDS)}"
        if not rec["IsOrganization"] and draw.chance(0.25) else None,
        CityName=city.name if has_address else None,
        CountrySubEntityCode=(city.sub_code or None) if has_address else None,
        CountrySubEntityName=(city.sub_name or None) if has_address else None,
        CountryCode=city.country if has_address else None,
        CountryName=country.name if has_address else None,
        PostalCode=_postal(city.postal, draw) if has_address else None,
    )  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


@functools.lru_cache(maxsize=4096)
def _org_domain(org_name: str) -> str:
    words = org_name.split()
    return f"{_slug(words[0])}{_slug(words[1])}.example.com"


def _phone(city: pools.City, draw: Draw) -> str:
    if city.country in ("US", "CA"):
        return f"({city.area}) {draw.between(200, 999)}-{draw.digits(4)}"
    return f"+{_CALLING_CODES.get(city.country, '1')} {city.area} {draw.digits(4)} {draw.digits(4)}"


def _postal(pattern: str, draw: Draw) -> str:
    letters = "ABCEGHJKLMNPRSTVXY"
    out = []
    for ch in pattern:
        if ch == "9":
            out.append(str(draw.below(10)))
        elif ch == "A":
            out.append(draw.pick(letters))
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def _m(name: str) -> str:
    return contract(MEMBERSHIP, name)


def _status(rec: Record, with_description: bool = True) -> JsonDict:
    name = rec["StatusName"]
    return typed(_m("PartyStatusData"), PartyStatusId=rec["Status"], Name=name,
                 Description=name if with_description else None)  # fmt: skip


def _property(name: str, value: object) -> JsonDict:
    prop: JsonDict = {"$type": GENERIC_PROPERTY, "Name": name}
    if isinstance(value, bool):
        prop["Value"] = {"$type": "System.Boolean", "$value": value}
    elif value is not None:
        prop["Value"] = value
    return prop


def _attributes(rec: Record) -> JsonDict:
    values = [
        _property("CustomerTypeCode", rec["CustomerTypeCode"]),
        _property("CustomerTypeDescription", rec["CustomerTypeDescription"]),
        _property("IsMember", rec["IsMember"]),
        _property("JoinDate", rec["JoinDate"]),
    ]
    return collection(GENERIC_PROPERTY_COLLECTION, values)


def _lines(*lines: str | None) -> JsonDict:
    return collection(_m("AddressLineDataCollection"), [line for line in lines if line])


def _full_address(rec: Record, lines: list[str]) -> str:
    region = f"{rec['CityName']}, {rec['CountrySubEntityCode']}" if rec["CountrySubEntityCode"] else rec["CityName"]
    return "\r".join([*lines, f"{region}  {rec['PostalCode']}", rec["CountryName"].upper()])


def _address(rec: Record, address_id: str, purpose: str, lines: list[str], primary: bool) -> JsonDict:
    address = typed(
        _m("AddressData"), AddressId=address_id, AddressLines=_lines(*lines), CityName=rec["CityName"],
        CountryCode=rec["CountryCode"], CountryName=rec["CountryName"],
        CountrySubEntityCode=rec["CountrySubEntityCode"], CountrySubEntityName=rec["CountrySubEntityName"],
        FullAddress=_full_address(rec, lines), PostalCode=rec["PostalCode"], VerificationStatus=0,
    )  # fmt: skip
    return typed(
        _m("FullAddressData"), AdditionalLines=_lines(), Address=address, AddressPurpose=purpose,
        Email=rec["Email"] if primary else None, Phone=rec["Phone"] if primary else None,
        FullAddressId=address_id, DisplayName=rec["InformalName"] or rec["Name"],
        DisplayOrganizationName=rec["OrganizationName"], DisplayOrganizationTitle=rec["Title"],
    )  # fmt: skip


def _addresses(rec: Record) -> JsonDict:
    values = []
    if rec["HasAddress"]:
        values.append(_address(rec, "1", "Address", [rec["AddressLine"], *filter(None, [rec["Suite"]])], True))
        if rec["HomeLine"]:
            values.append(_address(rec, "2", "Home Address", [rec["HomeLine"]], False))
    return collection(_m("FullAddressDataCollection"), values)


def _emails(rec: Record) -> JsonDict:
    values = []
    if rec["Email"]:
        values.append(typed(_m("EmailData"), Address=rec["Email"], EmailType="_Primary", IsPrimary=True))
    return collection(_m("EmailDataCollection"), values)


def _phones(rec: Record) -> JsonDict:
    values = []
    if rec["Phone"]:
        kind = "_Work Phone" if rec["IsOrganization"] or rec["OrganizationName"] else "_Home Phone"
        values.append(typed(_m("PhoneData"), Number=rec["Phone"], PhoneType=kind, IsPrimary=True))
    if rec["Mobile"]:
        values.append(typed(_m("PhoneData"), Number=rec["Mobile"], PhoneType="Mobile", IsPrimary=False))
    return collection(_m("PhoneDataCollection"), values)


def _update_information(rec: Record) -> JsonDict:
    return typed(f"{CORE}.EntityUpdateInformationData, Asi.Contracts", CreatedBy="ADMINISTRATOR",
                 CreatedOn=rec["CreatedOn"], UpdatedBy="ADMINISTRATOR", UpdatedOn=rec["UpdatedOn"])  # fmt: skip


def _salutations(rec: Record) -> JsonDict:
    def salutation(method: str, text: str) -> JsonDict:
        summary = typed(_m("PartySalutationMethodSummaryData"), PartySalutationMethodId=method)
        return typed(_m("PartySalutationData"), SalutationMethod=summary, Text=text)

    formal = " ".join(p for p in (rec["NamePrefix"], rec["FirstName"], rec["LastName"]) if p)
    values = [salutation("INFORMAL", rec["InformalName"] or rec["Name"]), salutation("FORMAL", formal or rec["Name"])]
    return collection(_m("PartySalutationDataCollection"), values)


def _party_tail(rec: Record) -> JsonDict:
    empty = [("SocialNetworks", "PartySocialNetworkDataCollection"),
             ("CommunicationTypePreferences", "PartyCommunicationTypePreferenceDataCollection")]  # fmt: skip
    tail: JsonDict = {
        "AdditionalAttributes": _attributes(rec),
        "Addresses": _addresses(rec),
        "AlternateIds": collection(f"{CORE}.AlternateIdDataCollection, Asi.Contracts", []),
        "Emails": _emails(rec),
        "FinancialInformation": typed(_m("FinancialInformationData")),
        "Phones": _phones(rec),
        "Salutations": _salutations(rec),
    }
    for key, type_name in empty:
        tail[key] = collection(_m(type_name), [])
    tail.update(
        SortIsOverridden=False, UpdateInformation=_update_information(rec), Id=rec["Id"],
        PartyId=rec["PartyId"], UniformId=rec["UniformId"], Status=_status(rec), Name=rec["Name"],
        Sort=rec["Sort"],
    )  # fmt: skip
    return tail


def render_party(rec: Record) -> JsonDict:
    """The full PersonData or OrganizationData object for a party record."""
    return render_organization(rec) if rec["IsOrganization"] else render_person(rec)


def render_person(rec: Record) -> JsonDict:
    person_name = typed(
        _m("PersonNameData"), FirstName=rec["FirstName"], InformalName=rec["InformalName"],
        LastName=rec["LastName"], MiddleName=rec["MiddleName"], NamePrefix=rec["NamePrefix"],
        NameSuffix=rec["NameSuffix"], FullName=rec["FullName"],
    )  # fmt: skip
    primary = None
    if rec["PrimaryOrgId"]:
        primary = typed(_m("PrimaryOrganizationInformationData"), Name=rec["OrganizationName"],
                        Title=rec["Title"], OrganizationPartyId=rec["PrimaryOrgId"])  # fmt: skip
    head = typed(PERSON_TYPE, PersonName=person_name, PrimaryOrganization=primary, BirthDate=rec["BirthDate"],
                 Gender=rec["Gender"], OrganizationName=rec["OrganizationName"])  # fmt: skip
    head.update(_party_tail(rec))
    return head


def render_organization(rec: Record) -> JsonDict:
    head = typed(ORGANIZATION_TYPE, OrganizationName=rec["OrganizationName"])
    head.update(_party_tail(rec))
    return head


def render_summary(rec: Record) -> JsonDict:
    """PartySummaryData: the small flat form docs recommend for large lists."""
    return typed(
        SUMMARY_TYPE, PartyId=rec["PartyId"], Id=rec["Id"], UniformId=rec["UniformId"], Name=rec["Name"],
        Sort=rec["Sort"], CityName=rec["CityName"], CountryName=rec["CountryName"],
        CountrySubEntityName=rec["CountrySubEntityName"], Email=rec["Email"], Phone=rec["Phone"],
        Status=_status(rec, with_description=False), IsMarkedForDelete=rec["IsMarkedForDelete"],
    )  # fmt: skip

"""Party JSON: PersonData, OrganizationData and PartySummaryData objects from a party record.

Shapes follow ASI's ComboPartyData sample (facts sheet section 4.3): ``$type`` first, ``None``
fields omitted, collections as ``{"$type", "$values"}``, the primary email/phone/address first in
their collections (the search names ``Email``, ``Phone``, ``CityName`` ... read element 0).
"""

from __future__ import annotations

from imisql.emulator.contracts import (
    CORE,
    GENERIC_PROPERTY,
    GENERIC_PROPERTY_COLLECTION,
    MEMBERSHIP,
    JsonDict,
    collection,
    contract,
    typed,
)
from imisql.emulator.parties import Record

PERSON_TYPE = contract(MEMBERSHIP, "PersonData")
ORGANIZATION_TYPE = contract(MEMBERSHIP, "OrganizationData")
PARTY_TYPE = contract(MEMBERSHIP, "PartyData")
SUMMARY_TYPE = contract(MEMBERSHIP, "PartySummaryData")


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
        IsOrganization=rec["IsOrganization"],
    )  # fmt: skip

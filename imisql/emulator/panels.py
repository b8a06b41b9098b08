"""The business objects served as GenericEntityData: Activity, CsContact, Name_CEU and Name_Demo.

* ``Activity`` (identity ``SEQN``, parent Party): several rows per party, SEQN = row number + 1.
* ``CsContact`` (custom BO, "Standalone", identity ``ID``): one row per party, mirroring it, with
  ``IsCompany``, ``Status`` and, for organizations, a ``MajorKey`` (the site's own number).
* ``Name_CEU`` (multi-instance panel, identity ``ID`` + ``SEQN``): 0-3 rows per person.
* ``Name_Demo`` (single-instance panel, identity ``ID``): at most one row per person (about 70%).

Record values are Python values keyed by property name (float for decimals, ISO text for dates,
bytes for binary); :func:`imisql.emulator.genericentity.render_generic` encodes them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from imisql.emulator.contracts import dotnet_datetime
from imisql.emulator.genericentity import BoProperty, BusinessObject
from imisql.emulator.rand import Draw, salt_of

Record = dict[str, Any]
P = BoProperty

ACTIVITY = BusinessObject(
    entity_type="Activity", object_type="Standard", parent_type="Party", identity=("SEQN",), parent_key="ID",
    description="Contact activity history",
    properties=(
        P("SEQN", "Integer", nullable=False, caption="Sequence"), P("ID", "String", 10, False, "Party ID"),
        P("ACTIVITY_TYPE", "String", 10, False, "Activity type"), P("TRANSACTION_DATE", "Date", caption="Date"),
        P("PRODUCT_CODE", "String", 31, caption="Product code"), P("DESCRIPTION", "String", 255, caption="Description"),
        P("UNITS", "Decimal", caption="Units"), P("AMOUNT", "Monetary", caption="Amount"),
        P("OTHER_CODE", "String", 255, caption="Other code"),
    ),
)  # fmt: skip

CS_CONTACT = BusinessObject(
    entity_type="CsContact", object_type="Standard", parent_type="Standalone", identity=("ID",), parent_key=None,
    description="Contact (custom business object)",
    properties=(
        P("ID", "String", 10, False, "ID"), P("ContactKey", "Guid", nullable=False, caption="Contact key"),
        P("FirstName", "String", 20, caption="First name"), P("LastName", "String", 30, caption="Last name"),
        P("FullName", "String", 70, caption="Full name"), P("Email", "String", 100, caption="Email"),
        P("City", "String", 40, caption="City"), P("CountryCode", "String", 2, caption="Country code"),
        P("MemberType", "String", 5, caption="Member type"), P("IsMember", "Boolean", nullable=False, caption="Member"),
        P("JoinDate", "Date", caption="Join date"), P("Company", "String", 80, caption="Company"),
        P("Photo", "Binary", caption="Photo"), P("IsCompany", "Boolean", nullable=False, caption="Is company"),
        P("Status", "String", 5, caption="Status"), P("MajorKey", "String", 20, caption="Major key"),
    ),
)  # fmt: skip

NAME_CEU = BusinessObject(
    entity_type="Name_CEU", object_type="Multi", parent_type="Party", identity=("ID", "SEQN"), parent_key="ID",
    description="Continuing education credits (multi-instance panel)",
    properties=(
        P("ID", "String", 10, False, "ID"), P("SEQN", "Integer", nullable=False, caption="Sequence"),
        P("CEU_TYPE", "String", 20, caption="CEU type"), P("CREDITS", "Decimal", caption="Credits"),
        P("DATE_EARNED", "Date", caption="Date earned"), P("DESCRIPTION", "String", 255, caption="Description"),
        P("Date_Certified", "Date", caption="Date certified"),
    ),
)  # fmt: skip

NAME_DEMO = BusinessObject(
    entity_type="Name_Demo", object_type="Single", parent_type="Party", identity=("ID",), parent_key="ID",
    description="Member profile (single-instance panel)",
    properties=(
        P("ID", "String", 10, False, "ID"), P("BADGE_NAME", "String", 40, caption="Badge name"),
        P("SHIRT_SIZE", "String", 5, caption="Shirt size"), P("NEWSLETTER", "Boolean", caption="Newsletter"),
        P("VOLUNTEER_HOURS", "Decimal", caption="Volunteer hours"), P("LAST_REVIEWED", "Date", caption="Last reviewed"),
    ),
)  # fmt: skip

BUSINESS_OBJECTS = (ACTIVITY, CS_CONTACT, NAME_CEU, NAME_DEMO)

_SALT_ACTIVITY = salt_of("activity")
_SALT_CEU = salt_of("ceu")
_SALT_PHOTO = salt_of("photo")
_SALT_DEMO = salt_of("demo")
_SHIRT_SIZES = ("XS", "S", "M", "M", "L", "L", "XL", "XXL")
_ACTIVITY_TYPES = ("DUES", "DUES", "EVENT", "EVENT", "GIFT", "ONLINEAPP", "CEU", "ORDER")
_EVENT_CODES = ("ANNUAL2024", "ANNUAL2025", "GALA2025", "WEB2503", "WKSHP2508", "ANNUAL2026")
_CEU_TYPES = ("ETHICS", "TECHNICAL", "LEADERSHIP", "GENERAL")
_PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def activity_record(seed: int, seqn: int, party_id: str) -> Record:
    draw = Draw(seed, _SALT_ACTIVITY, seqn)
    kind = draw.pick(_ACTIVITY_TYPES)
    when = datetime(2015, 1, 1) + timedelta(days=draw.below(4200), seconds=draw.below(86400))
    code, description, units, amount = _activity_detail(kind, when.year, draw)
    return {
        "SEQN": seqn, "ID": party_id, "ACTIVITY_TYPE": kind, "TRANSACTION_DATE": dotnet_datetime(when),
        "PRODUCT_CODE": code, "DESCRIPTION": description, "UNITS": units, "AMOUNT": amount,
        "OTHER_CODE": f"PROMO{when.year % 100:02d}" if draw.chance(0.05) else None,
    }  # fmt: skip


def _activity_detail(kind: str, year: int, draw: Draw) -> tuple[str | None, str, float, float]:
    if kind == "DUES":
        return draw.pick(("MEMB-IND", "MEMB-STU", "MEMB-RET")), f"Membership dues {year}", 1.0, 195.0
    if kind == "EVENT":
        code = draw.pick(_EVENT_CODES)
        return code, f"Registered for {code}", 1.0, float(draw.between(2, 26) * 25)
    if kind == "GIFT":
        return draw.pick(("GIFT-GENERAL", "GIFT-SCHOLAR")), "Donation", 1.0, float(draw.between(1, 100) * 10)
    if kind == "ONLINEAPP":
        return None, "Online membership application", 0.0, 0.0
    if kind == "CEU":
        return "CERT-RENEW", "Continuing education credit", draw.between(1, 16) / 2, 0.0
    return draw.pick(("PUB-HANDBOOK", "MERCH-MUG", "MERCH-TOTE")), "Store order", float(draw.between(1, 3)), 19.0


def contact_record(seed: int, party: Record) -> Record:
    """The CsContact row mirroring a party record."""
    draw = Draw(seed, _SALT_PHOTO, int(party["PartyId"]))
    photo = _PNG_HEADER + bytes(draw.below(256) for _ in range(24)) if draw.chance(0.1) else None
    return {
        "ID": party["PartyId"], "ContactKey": party["UniformId"], "FirstName": party["FirstName"],
        "LastName": party["LastName"], "FullName": party["FullName"], "Email": party["Email"],
        "City": party["CityName"], "CountryCode": party["CountryCode"], "MemberType": party["CustomerTypeCode"],
        "IsMember": party["IsMember"], "JoinDate": party["JoinDate"], "Company": party["OrganizationName"],
        "Photo": photo, "IsCompany": party["IsOrganization"], "Status": party["Status"],
        "MajorKey": f"{int(party['PartyId']) * 7919 % 100000:05d}" if party["IsOrganization"] else None,
    }  # fmt: skip


def ceu_record(seed: int, party_id: str, seqn: int) -> Record:
    draw = Draw(seed, _SALT_CEU, int(party_id) * 8 + seqn)
    earned = datetime(2018, 1, 1) + timedelta(days=draw.below(3100))
    certified = earned + timedelta(days=draw.between(5, 90)) if draw.chance(0.4) else None
    kind = draw.pick(_CEU_TYPES)
    return {
        "ID": party_id, "SEQN": seqn, "CEU_TYPE": kind, "CREDITS": draw.between(1, 16) / 2,
        "DATE_EARNED": dotnet_datetime(earned), "DESCRIPTION": f"{kind.title()} course {earned.year}",
        "Date_Certified": dotnet_datetime(certified) if certified else None,
    }  # fmt: skip


def has_demo_row(seed: int, party_index: int) -> bool:
    """Whether a person has a Name_Demo row (about 70% do)."""
    return Draw(seed, _SALT_DEMO, party_index).chance(0.7)


def demo_record(seed: int, party: Record) -> Record:
    """The Name_Demo row of a person who has one."""
    draw = Draw(seed, _SALT_DEMO, int(party["PartyId"]) * 3 + 1)
    reviewed = datetime(2022, 1, 1) + timedelta(days=draw.below(1600)) if draw.chance(0.6) else None
    return {
        "ID": party["PartyId"], "BADGE_NAME": party["InformalName"] if draw.chance(0.8) else None,
        "SHIRT_SIZE": draw.pick(_SHIRT_SIZES), "NEWSLETTER": draw.chance(0.5),
        "VOLUNTEER_HOURS": draw.below(80) / 2 if draw.chance(0.4) else None,
        "LAST_REVIEWED": dotnet_datetime(reviewed) if reviewed else None,
    }  # fmt: skip

"""Business objects real integrations filter on: CsContactBasic, Subscription and GenTable.

* ``CsContactBasic`` (Standalone, identity ``ID``): the short contact view, one row per party,
  with ``IsCompany`` and ``Status`` as CsContact carries them.
* ``Subscription`` (identity ``PartyId`` + ``ItemId``, composite id ``~PartyId|ItemId``): 0-3
  billing lines per party (dues, chapter dues, journal) with status ``A`` or ``I``. Its dates are
  plain strings, not ``System.DateTime`` wrappers, as some sites send business-object dates.
* ``GenTable`` (identity ``TableName`` + ``Code``): general lookup tables (prefixes, member types,
  marketing groups).

Rows are pure functions of the seed and the row's position.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from imisql.emulator.contracts import dotnet_datetime
from imisql.emulator.genericentity import BoProperty, BusinessObject
from imisql.emulator.rand import Draw, salt_of

Record = dict[str, Any]
P = BoProperty

CS_CONTACT_BASIC = BusinessObject(
    entity_type="CsContactBasic", object_type="Standard", parent_type="Standalone", identity=("ID",),
    parent_key=None, description="Contact, short form (custom business object)",
    properties=(
        P("ID", "String", 10, False, "ID"), P("FullName", "String", 70, caption="Full name"),
        P("FirstName", "String", 20, caption="First name"), P("LastName", "String", 30, caption="Last name"),
        P("Email", "String", 100, caption="Email"), P("Company", "String", 80, caption="Company"),
        P("IsCompany", "Boolean", nullable=False, caption="Is company"), P("Status", "String", 5, caption="Status"),
    ),
)  # fmt: skip

SUBSCRIPTION = BusinessObject(
    entity_type="Subscription", object_type="Multi", parent_type="Party", identity=("PartyId", "ItemId"),
    parent_key="PartyId", description="Subscriptions and dues billing lines",
    properties=(
        P("PartyId", "String", 10, False, "Party ID"), P("ItemId", "String", 31, False, "Item"),
        P("Status", "String", 1, False, "Status"), P("BeginDate", "DateText", caption="Begin date"),
        P("PaidThrough", "DateText", caption="Paid through"), P("BillAmount", "Monetary", caption="Bill amount"),
    ),
)  # fmt: skip

GEN_TABLE = BusinessObject(
    entity_type="GenTable", object_type="Standard", parent_type="Standalone", identity=("TableName", "Code"),
    parent_key=None, description="General lookup tables",
    properties=(
        P("TableName", "String", 15, False, "Table"), P("Code", "String", 60, False, "Code"),
        P("Description", "String", 255, caption="Description"), P("Substitute", "String", 255, caption="Substitute"),
    ),
)  # fmt: skip

SITE_BUSINESS_OBJECTS = (CS_CONTACT_BASIC, SUBSCRIPTION, GEN_TABLE)

_SUBSCRIBED = (("DUES_VICS", 195.0), ("CHAPT-NE", 25.0), ("PUB-JOURNAL", 80.0), ("CHAPT-W", 25.0))
_SALT_SUBSCRIPTION = salt_of("subscription")
_GEN_TABLES = {
    "PREFIX": (("Mr.", "Mister"), ("Ms.", "Ms"), ("Mrs.", "Missus"), ("Dr.", "Doctor"), ("Prof.", "Professor")),
    "MEMBER_TYPE": (("REG", "Regular Member"), ("STU", "Student Member"), ("RET", "Retired Member"),
                    ("FEL", "Fellow"), ("NM", "Non-member"), ("CM", "Company Member")),
    "MARKETINGGROUPS": (("NEWS", "Newsletter"), ("EVENTS", "Event announcements"), ("SURVEY", "Surveys")),
}  # fmt: skip


def contact_basic_record(party: Record) -> Record:
    return {
        "ID": party["PartyId"], "FullName": party["FullName"], "FirstName": party["FirstName"],
        "LastName": party["LastName"], "Email": party["Email"], "Company": party["OrganizationName"],
        "IsCompany": party["IsOrganization"], "Status": party["Status"],
    }  # fmt: skip


def subscription_count(hashed: int) -> int:
    """How many subscriptions a party has, from a hash of its index (0-3)."""
    return hashed % 4


def subscription_record(seed: int, party_id: str, number: int, first_item: int) -> Record:
    """The ``number``-th subscription of a party; items are distinct within a party."""
    item, amount = _SUBSCRIBED[(first_item + number) % len(_SUBSCRIBED)]
    draw = Draw(seed, _SALT_SUBSCRIPTION, int(party_id) * 8 + number)
    begin = datetime(2015, 1, 1) + timedelta(days=draw.below(3650))
    active = draw.chance(0.8)
    paid = datetime(2026 if active else 2024, 12, 31)
    return {
        "PartyId": party_id, "ItemId": item, "Status": "A" if active else "I",
        "BeginDate": dotnet_datetime(begin), "PaidThrough": dotnet_datetime(paid), "BillAmount": amount,
    }  # fmt: skip


def gen_table_rows() -> list[Record]:
    """Every GenTable row, in key order."""
    rows = [{"TableName": table, "Code": code, "Description": text, "Substitute": None}
            for table, entries in _GEN_TABLES.items() for code, text in entries]  # fmt: skip
    return sorted(rows, key=lambda r: (r["TableName"], r["Code"].casefold()))

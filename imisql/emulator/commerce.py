"""Items (the product catalogue), invoices and users.

Items are a fixed catalogue (``ItemStatus`` A, or I for retired items). Invoices are generated
lazily from their number: ``InvoiceId`` is a fixed-width integer string, the bill-to party a hashed
pick, ``SourceSystem`` follows the item's class (DUES, MEETING for events, ORDER otherwise); the
same rows serve ``Invoice`` and the flat ``InvoiceSummary``. Users are persons with a login;
``UserId`` is the person's ``PartyId``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from imisql.emulator.contracts import COMMERCE, CORE, MEMBERSHIP, JsonDict, contract, dotnet_datetime, typed
from imisql.emulator.rand import Draw, salt_of
from imisql.emulator.responses import money

Record = dict[str, Any]

ITEM_TYPE = contract(COMMERCE, "ItemData")
INVOICE_TYPE = contract(COMMERCE, "InvoiceData")
INVOICE_SUMMARY_TYPE = contract(COMMERCE, "InvoiceSummaryData")
USER_TYPE = contract(MEMBERSHIP, "UserData")

_SALT_INVOICE = salt_of("invoice")

# (ItemCode, Name, ItemClassId, price)
ITEMS = (
    ("MEMB-IND", "Individual Membership", "DUES", 195.0),
    ("MEMB-STU", "Student Membership", "DUES", 45.0),
    ("MEMB-RET", "Retired Membership", "DUES", 95.0),
    ("MEMB-ORG", "Organization Membership", "DUES", 950.0),
    ("MEMB-FEL", "Fellow Membership", "DUES", 295.0),
    ("CHAPT-NE", "Northeast Chapter Dues", "DUES", 25.0),
    ("CHAPT-W", "West Coast Chapter Dues", "DUES", 25.0),
    ("PUB-HANDBOOK", "Association Handbook", "PRODUCT", 59.95),
    ("PUB-GUIDE", "Association CEO's Guide to Improving Organizational Performance", "PRODUCT", 129.0),
    ("PUB-JOURNAL", "Quarterly Journal Subscription", "SUBSCRIPTION", 80.0),
    ("PUB-NEWS", "Monthly Newsletter", "SUBSCRIPTION", 0.0),
    ("EVT-ANNUAL", "Annual Conference Registration", "EVENT", 650.0),
    ("EVT-GALA", "Awards Gala Ticket", "EVENT", 175.0),
    ("EVT-WKSHP", "Workshop Registration", "EVENT", 225.0),
    ("GIFT-GENERAL", "General Fund Donation", "GIFT", 0.0),
    ("GIFT-SCHOLAR", "Scholarship Fund Donation", "GIFT", 0.0),
    ("CERT-EXAM", "Certification Exam Fee", "PRODUCT", 350.0),
    ("CERT-RENEW", "Certification Renewal", "PRODUCT", 120.0),
    ("MERCH-MUG", "Logo Mug", "PRODUCT", 14.5),
    ("MERCH-TOTE", "Conference Tote Bag", "PRODUCT", 19.0),
    ("LEGACY-DUES", "Legacy Dues (retired item)", "DUES", 150.0),
)
_CLASS_NAMES = {"DUES": "Dues", "PRODUCT": "Product", "SUBSCRIPTION": "Subscription", "EVENT": "Event",
                "GIFT": "Gift"}  # fmt: skip


def build_items() -> list[Record]:
    """The catalogue, sorted by ItemId (= ItemCode)."""
    rows = [
        {
            "ItemId": code,
            "ItemCode": code,
            "Name": name,
            "Description": f"{name} ({_CLASS_NAMES[cls].lower()})",
            "ItemClassId": cls,
            "ItemClassName": _CLASS_NAMES[cls],
            "IsActive": not code.startswith("LEGACY"),
            "ItemStatus": "I" if code.startswith("LEGACY") else "A",
            "Price": price,
        }
        for code, name, cls, price in ITEMS
    ]
    return sorted(rows, key=lambda r: r["ItemId"])


def render_item(rec: Record) -> JsonDict:
    item_class = typed(contract(COMMERCE, "ItemClassSummaryData"), ItemClassId=rec["ItemClassId"],
                       Name=rec["ItemClassName"])  # fmt: skip
    return typed(ITEM_TYPE, ItemId=rec["ItemId"], ItemCode=rec["ItemCode"], Name=rec["Name"],
                 Description=rec["Description"], ItemClass=item_class, IsActive=rec["IsActive"],
                 ItemStatus=rec["ItemStatus"])  # fmt: skip


def invoice_record(seed: int, number: int, invoice_id: str, party_id: str, party_name: str) -> Record:
    draw = Draw(seed, _SALT_INVOICE, number)
    item = ITEMS[draw.below(len(ITEMS))]
    amount = item[3] or float(draw.between(1, 40) * 25)
    invoiced = datetime(2023, 1, 1) + timedelta(days=draw.below(1275))
    paid = draw.below(100)
    balance = 0.0 if paid < 70 else (amount if paid < 90 else round(amount / 2, 2))
    return {
        "InvoiceId": invoice_id,
        "BillToId": party_id,
        "BillToName": party_name,
        "InvoiceDate": dotnet_datetime(invoiced),
        "DueDate": dotnet_datetime(invoiced + timedelta(days=30)),
        "Description": f"{item[1]} {invoiced.year}",
        "Balance": balance,
        "InvoiceAmount": amount,
        "SoldToPartyId": party_id,
        "BillToPartyId": party_id,
        "SourceSystem": _SOURCE_SYSTEMS.get(item[2], "ORDER"),
    }


_SOURCE_SYSTEMS = {"DUES": "DUES", "EVENT": "MEETING"}


def render_invoice_summary(rec: Record) -> JsonDict:
    return typed(
        INVOICE_SUMMARY_TYPE, InvoiceId=rec["InvoiceId"], SoldToPartyId=rec["SoldToPartyId"],
        BillToPartyId=rec["BillToPartyId"], SourceSystem=rec["SourceSystem"], InvoiceDate=rec["InvoiceDate"],
        Balance=rec["Balance"], InvoiceAmount=rec["InvoiceAmount"],
    )  # fmt: skip


def _money(amount: float) -> JsonDict:
    """A MonetaryAmountData; the amount goes out with the currency's two places (``125.00``), as iMIS sends it."""
    currency = typed(f"{CORE}.CurrencyData, Asi.Contracts", CurrencyCode="USD", DecimalPositions=2)
    return typed(f"{CORE}.MonetaryAmountData, Asi.Contracts", Amount=money(amount), Currency=currency)


def render_invoice(rec: Record) -> JsonDict:
    bill_to = typed(contract(MEMBERSHIP, "PartySummaryData"), Id=rec["BillToId"], Name=rec["BillToName"])
    return typed(
        INVOICE_TYPE, InvoiceId=rec["InvoiceId"], BillToParty=bill_to, InvoiceDate=rec["InvoiceDate"],
        DueDate=rec["DueDate"], Description=rec["Description"], Balance=_money(rec["Balance"]),
        InvoiceAmount=_money(rec["InvoiceAmount"]),
    )  # fmt: skip


def user_record(party: Record, disabled: bool) -> Record:
    """The login of a person record."""
    first = "".join(ch for ch in (party["FirstName"] or "x")[:1].lower() if ch.isalnum()) or "x"
    last = "".join(ch for ch in (party["LastName"] or "user").lower() if ch.isascii() and ch.isalnum())
    return {
        "UserId": party["PartyId"],
        "UserName": f"{first}{last}{party['PartyId']}",
        "IsDisabled": disabled,
        "PartyName": party["Name"],
    }


def render_user(rec: Record) -> JsonDict:
    party = typed(contract(MEMBERSHIP, "PartySummaryData"), PartyId=rec["UserId"], Name=rec["PartyName"])
    return typed(USER_TYPE, UserId=rec["UserId"], UserName=rec["UserName"], IsDisabled=rec["IsDisabled"],
                 Party=party)  # fmt: skip

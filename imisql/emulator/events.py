"""Events, event summaries and event registrations.

About 48 events over 2024-2027 (annual conferences, galas, webinars, workshops) relative to the
demo database's fixed "today", :data:`REFERENCE_DATE`. Each event registers a distinct, sorted
set of persons; registration ids are ``EVENTID-PARTYID``.

Event ``Status``: ``C`` closed (ended before today), ``A`` active (starts within 180 days or is
running), ``F`` future (within a year), ``P`` pending (further out). Registration ``Status`` enum:
1 = Registered, 2 = Wait-listed, 3 = Cancelled. No registration is dated after today.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from imisql.emulator.contracts import EVENTS, JsonDict, contract, dotnet_datetime, typed
from imisql.emulator.rand import Draw, salt_of

Record = dict[str, Any]

REFERENCE_DATE = datetime(2026, 6, 30)
EVENT_TYPE = contract(EVENTS, "EventData")
EVENT_SUMMARY_TYPE = contract(EVENTS, "EventSummaryData")
REGISTRATION_TYPE = contract(EVENTS, "EventRegistrationData")

_SALT_EVENT = salt_of("event")
_SALT_REGISTRATION = salt_of("registration")

# (id prefix, category id, category name, title, capacity, duration days, months)
_SERIES = (
    ("ANNUAL", "CONF", "Conference", "Annual Conference", 500, 3, (10,)),
    ("GALA", "GALA", "Gala", "Awards Gala", 300, 1, (12,)),
    ("WEB", "WEB", "Webinar", "Member Webinar", 1000, 1, (1, 3, 5, 7, 9, 11)),
    ("WKSHP", "WKSHP", "Workshop", "Professional Workshop", 40, 2, (2, 5, 8, 11)),
)
_TOPICS = (
    "Governance Essentials", "Data-Driven Membership", "Advocacy in Practice", "Leading Volunteers",
    "Financial Stewardship", "Digital Engagement", "Ethics and Compliance", "Career Pathways",
)  # fmt: skip


def event_status(start: datetime, end: datetime) -> str:
    if end < REFERENCE_DATE:
        return "C"
    if start <= REFERENCE_DATE + timedelta(days=180):
        return "A"
    return "F" if start <= REFERENCE_DATE + timedelta(days=365) else "P"


def build_events(seed: int) -> list[Record]:
    """All events, sorted by EventId."""
    events = []
    for year in range(2024, 2028):
        for prefix, cat_id, cat_name, title, capacity, days, months in _SERIES:
            for month in months:
                event_id = f"{prefix}{year}" if len(months) == 1 else f"{prefix}{year % 100:02d}{month:02d}"
                events.append(_event(seed, event_id, year, month, (cat_id, cat_name, title), capacity, days))
    return sorted(events, key=lambda e: e["EventId"])


def _event(
    seed: int, event_id: str, year: int, month: int, kind: tuple[str, str, str], capacity: int, days: int
) -> Record:
    cat_id, cat_name, title = kind
    draw = Draw(seed, _SALT_EVENT, year * 100 + month + len(cat_id) * 10000)
    start = datetime(year, month, draw.between(1, 26), 9 if days > 1 else 12, 0)
    end = start + timedelta(days=days - 1, hours=8 if days > 1 else 1)
    topic = draw.pick(_TOPICS)
    name = f"{title} {year}" if cat_id in ("CONF", "GALA") else f"{title}: {topic}"
    return {
        "EventId": event_id,
        "Name": name,
        "Description": f"{name} ({cat_name.lower()}), {start:%B %Y}.",
        "StartDateTime": dotnet_datetime(start),
        "EndDateTime": dotnet_datetime(end),
        "Status": event_status(start, end),
        "Capacity": capacity,
        "CategoryId": cat_id,
        "CategoryName": cat_name,
    }


def registration_target(seed: int, event: Record, persons: int) -> int:
    """How many persons register for ``event`` (bounded by a tenth of the persons)."""
    draw = Draw(seed, _SALT_REGISTRATION, sum(map(ord, event["EventId"])))
    fill = {"C": (60, 95), "A": (30, 60), "F": (0, 15), "P": (0, 5)}[event["Status"]]
    wanted = event["Capacity"] * draw.between(*fill) // 100
    return max(1, min(wanted, persons // 10)) if persons else 0


def registration_record(seed: int, event: Record, party_id: str, party_index: int) -> Record:
    draw = Draw(seed, _SALT_REGISTRATION, party_index * 131 + sum(map(ord, event["EventId"])))
    start = datetime.fromisoformat(event["StartDateTime"])
    registered = min(start, REFERENCE_DATE) - timedelta(days=draw.between(1, 120), minutes=draw.below(1440))
    roll = draw.below(100)
    return {
        "EventRegistrationId": f"{event['EventId']}-{party_id}",
        "EventId": event["EventId"],
        "PartyId": party_id,
        "RegistrationDate": dotnet_datetime(registered),
        "Status": 1 if roll < 85 else (2 if roll < 90 else 3),
    }


def render_event(rec: Record) -> JsonDict:
    category = typed(contract(EVENTS, "EventCategoryData"), EventCategoryId=rec["CategoryId"], Name=rec["CategoryName"])
    return typed(
        EVENT_TYPE, EventId=rec["EventId"], Name=rec["Name"], Description=rec["Description"],
        StartDateTime=rec["StartDateTime"], EndDateTime=rec["EndDateTime"], Status=rec["Status"],
        Capacity=rec["Capacity"], Category=category,
    )  # fmt: skip


def render_event_summary(rec: Record) -> JsonDict:
    return typed(EVENT_SUMMARY_TYPE, EventId=rec["EventId"], Name=rec["Name"], StartDateTime=rec["StartDateTime"],
                 EndDateTime=rec["EndDateTime"], Status=rec["Status"])  # fmt: skip


def render_registration(rec: Record) -> JsonDict:
    return typed(REGISTRATION_TYPE, EventRegistrationId=rec["EventRegistrationId"], EventId=rec["EventId"],
                 PartyId=rec["PartyId"], RegistrationDate=rec["RegistrationDate"], Status=rec["Status"])  # fmt: skip

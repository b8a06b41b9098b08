"""The usual links between built-in entities, and the join conditions they give.

``LINKS`` is a small data table: each row says a column of one entity holds the key of another. Each row
names the fact in the iMIS API fact sheet that backs it. ``links_between(a, b)`` answers both
directions, so completion after ``JOIN Activity a ON`` can offer ``a.ID = p.PartyId``.
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql.semantics import text_key


@dataclass(frozen=True)
class Link:
    """``entity.column`` holds the value of ``target.target_column`` (usually the target's key)."""

    entity: str
    column: str
    target: str
    target_column: str


LINKS: tuple[Link, ...] = (
    # Activity rows carry the party's iMIS ID in ID (§2.3: custom BOs filter by column name `ID`;
    # §4.3 "Activity rows are GenericEntityData with ACTIVITY_TYPE, PartyId ...").
    Link("Activity", "ID", "Party", "PartyId"),
    # §2.3: EventRegistration is filtered by `EventId` + `PartyId`; its id is EVENTID-PARTYID (§4.3).
    Link("EventRegistration", "PartyId", "Party", "PartyId"),
    Link("EventRegistration", "EventId", "Event", "EventId"),
    Link("EventRegistration", "EventId", "EventSummary", "EventId"),
    # §4.3: a GroupMember body holds `Group` (GroupSummaryData: GroupId) and `Party` (PartySummaryData);
    # §2.3: GroupMember is filtered by `GroupId`, `PartyId`.
    Link("GroupMember", "Party.PartyId", "Party", "PartyId"),
    Link("GroupMember", "Group.GroupId", "Group", "GroupId"),
    # The catalog's Invoice column BillToParty.Id (search name BillToId); the fact sheet lists Invoice
    # among the entities (§4.2) but records no body, so this link rests on the catalog alone.
    Link("Invoice", "BillToParty.Id", "Party", "PartyId"),
    # §4.3: /api/Person and /api/Organization are typed endpoints over the same parties as /api/Party;
    # PartySummaryData carries the same PartyId (§4.3).
    Link("Person", "PartyId", "Party", "PartyId"),
    Link("Organization", "PartyId", "Party", "PartyId"),
    Link("PartySummary", "PartyId", "Party", "PartyId"),
    # §4.3: PrimaryOrganization {Name, Title, OrganizationPartyId} [seen: BITS ACHcart.js].
    Link("Party", "PrimaryOrganization.OrganizationPartyId", "Organization", "PartyId"),
    Link("Person", "PrimaryOrganization.OrganizationPartyId", "Organization", "PartyId"),
    # §4.3: /api/User items carry UserId (= party id) [seen: BITS example.py].
    Link("User", "UserId", "Party", "PartyId"),
    # §4.2: EventSummary is the light view of Event, keyed by the same EventId.
    Link("EventSummary", "EventId", "Event", "EventId"),
)


@dataclass(frozen=True)
class JoinPair:
    """One way to join two entities: ``column`` of the first equals ``other_column`` of the second."""

    column: str
    other_column: str


def links_between(first: str, second: str) -> list[JoinPair]:
    """The catalog links between two entities (either direction), seen from ``first``'s side."""
    a, b = text_key(first), text_key(second)
    pairs: list[JoinPair] = []
    for link in LINKS:
        source, target = text_key(link.entity), text_key(link.target)
        if (source, target) == (a, b):
            pairs.append(JoinPair(link.column, link.target_column))
        if (source, target) == (b, a):
            pairs.append(JoinPair(link.target_column, link.column))
    return list(dict.fromkeys(pairs))

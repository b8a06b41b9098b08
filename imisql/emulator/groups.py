"""Groups (committees, chapters, sections) and their members.

Group ids are upper-case GUIDs; ``GroupMemberId`` is ``GROUPID:PARTYID``. Committees have a fixed
number of members; chapters, sections and lists hold a fixed share of the persons, however many
there are (no cap, so member counts grow with the demo database).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from imisql.emulator.contracts import MEMBERSHIP, JsonDict, collection, contract, dotnet_datetime, typed
from imisql.emulator.rand import Draw, salt_of

Record = dict[str, Any]

GROUP_TYPE = contract(MEMBERSHIP, "GroupData")
GROUP_MEMBER_TYPE = contract(MEMBERSHIP, "GroupMemberData")
GROUP_SUMMARY_TYPE = contract(MEMBERSHIP, "GroupSummaryData")

_SALT_GROUP = salt_of("group")
_SALT_MEMBER = salt_of("group-member")

_CLASSES = {"COMMITTEE": "Committee", "CHAPTER": "Chapter", "SECTION": "Section", "PUBLIC": "Public Groups"}

# (name, class, fraction of persons, size when the fraction is 0)
_GROUPS = (
    ("Board of Directors", "COMMITTEE", 0.0, 12),
    ("Finance Committee", "COMMITTEE", 0.0, 9),
    ("Membership Committee", "COMMITTEE", 0.0, 15),
    ("Education Committee", "COMMITTEE", 0.0, 11),
    ("Nominating Committee", "COMMITTEE", 0.0, 7),
    ("Northeast Chapter", "CHAPTER", 0.06, 4000),
    ("Southeast Chapter", "CHAPTER", 0.05, 4000),
    ("Midwest Chapter", "CHAPTER", 0.05, 4000),
    ("West Coast Chapter", "CHAPTER", 0.07, 4000),
    ("International Chapter", "CHAPTER", 0.03, 4000),
    ("Young Professionals Section", "SECTION", 0.04, 3000),
    ("Research Section", "SECTION", 0.02, 3000),
    ("Policy & Advocacy Section", "SECTION", 0.03, 3000),
    ("Association Guide Document", "PUBLIC", 0.01, 2000),
    ("Newsletter Subscribers", "PUBLIC", 0.2, 5000),
)


def build_groups(seed: int) -> list[Record]:
    """All groups, sorted by GroupId."""
    groups = []
    for number, (name, class_id, fraction, size) in enumerate(_GROUPS):
        draw = Draw(seed, _SALT_GROUP, number)
        groups.append(
            {
                "GroupId": draw.guid().upper(),
                "Name": name,
                "Description": f"Members of the {name}.",
                "GroupClassId": class_id,
                "GroupClassName": _CLASSES[class_id],
                "StatusCode": "A",
                "Fraction": fraction,
                "Size": size,
            }
        )
    return sorted(groups, key=lambda g: g["GroupId"])


def member_target(group: Record, persons: int) -> int:
    if persons == 0:
        return 0
    wanted = group["Size"] if group["Fraction"] == 0 else int(persons * group["Fraction"])
    return max(1, min(wanted, persons))


def member_record(seed: int, group: Record, party_id: str, party_name: str, party_index: int, first: bool) -> Record:
    draw = Draw(seed, _SALT_MEMBER, party_index * 17 + sum(map(ord, group["GroupId"])))
    joined = datetime(2010, 1, 1) + timedelta(days=draw.below(6000))
    committee = group["GroupClassId"] == "COMMITTEE"
    role = "Chair" if committee and first else "Member"
    return {
        "GroupMemberId": f"{group['GroupId']}:{party_id}",
        "GroupId": group["GroupId"],
        "GroupName": group["Name"],
        "PartyId": party_id,
        "PartyName": party_name,
        "JoinDate": dotnet_datetime(joined),
        "IsActive": draw.chance(0.9),
        "RoleId": role.upper(),
        "RoleName": role,
        "EffectiveDate": dotnet_datetime(joined),
        "ExpirationDate": dotnet_datetime(joined + timedelta(days=365 * draw.between(1, 3))),
    }


def _class(rec: Record) -> JsonDict:
    return typed(contract(MEMBERSHIP, "GroupClassSummaryData"), GroupClassId=rec["GroupClassId"],
                 Name=rec["GroupClassName"])  # fmt: skip


def render_group(rec: Record) -> JsonDict:
    return typed(GROUP_TYPE, GroupId=rec["GroupId"], Name=rec["Name"], Description=rec["Description"],
                 GroupClass=_class(rec), StatusCode=rec["StatusCode"])  # fmt: skip


def render_group_summary(rec: Record) -> JsonDict:
    return typed(GROUP_SUMMARY_TYPE, GroupId=rec["GroupId"], Name=rec["Name"], GroupClass=_class(rec))


def render_member(rec: Record) -> JsonDict:
    role = typed(contract(MEMBERSHIP, "GroupRoleData"), RoleId=rec["RoleId"], Name=rec["RoleName"])
    detail = typed(contract(MEMBERSHIP, "GroupMemberDetailData"), EffectiveDate=rec["EffectiveDate"],
                   ExpirationDate=rec["ExpirationDate"], IsActive=rec["IsActive"], Role=role)  # fmt: skip
    return typed(
        GROUP_MEMBER_TYPE, GroupMemberId=rec["GroupMemberId"],
        Group=typed(contract(MEMBERSHIP, "GroupSummaryData"), GroupId=rec["GroupId"], Name=rec["GroupName"]),
        Party=typed(contract(MEMBERSHIP, "PartySummaryData"), PartyId=rec["PartyId"], Name=rec["PartyName"]),
        JoinDate=rec["JoinDate"], IsActive=rec["IsActive"],
        MembershipDetails=collection(contract(MEMBERSHIP, "GroupMemberDetailDataCollection"), [detail]),
    )  # fmt: skip

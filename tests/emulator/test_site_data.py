"""Demo data that real integrations depend on: their business objects, IQA by key and URL filters,
plain-string business-object dates, case and trailing-space variants, and dates not after "today"."""

from __future__ import annotations

from datetime import datetime

from imisql.emulator.events import REFERENCE_DATE
from imisql.emulator.groups import build_groups, member_target
from imisql.emulator.iqa import QUERIES
from imisql.semantics import text_key
from tests.emulator.support import Client, path_value, plain, properties


def test_subscriptions_filter_as_real_code_does(client: Client) -> None:
    # registerEventWorker.js: /api/Subscription/?PartyId={0}&ItemId=notContain:CHAPT&Status=A&ItemId=ne:DUES_VICS
    every = [properties(r) for r in client.items("/api/Subscription", {"limit": "500"})]
    party = next(r["PartyId"] for r in every if r["ItemId"] == "PUB-JOURNAL" and r["Status"] == "A")
    params = [("PartyId", party), ("ItemId", "notContain:CHAPT"), ("Status", "A"), ("ItemId", "ne:DUES_VICS")]
    found = [properties(r) for r in client.items("/api/Subscription/", params)]
    expected = [r for r in every if r["PartyId"] == party and "CHAPT" not in r["ItemId"] and r["Status"] == "A"
                and r["ItemId"] != "DUES_VICS"]  # fmt: skip
    assert found == expected and found
    single = properties(client.json(f"/api/Subscription/~{party}|pub-journal"))
    assert single["ItemId"] == "PUB-JOURNAL"


def test_business_object_dates_can_be_plain_strings(client: Client) -> None:
    row = properties(client.items("/api/Subscription", {"limit": "1"})[0])
    assert isinstance(row["PaidThrough"], str) and datetime.fromisoformat(row["PaidThrough"])
    later = client.items("/api/Subscription", {"PaidThrough": "gt:2025-01-01", "limit": "500"})
    assert later and all(properties(r)["PaidThrough"] > "2025" for r in later)


def test_contact_basic_and_gen_table_and_group_summary(client: Client) -> None:
    company = properties(client.items("/api/CsContactBasic", {"IsCompany": "isTrue:", "limit": "1"})[0])
    assert company["IsCompany"] == {"$type": "System.Boolean", "$value": True}
    tables = [properties(r) for r in client.items("/api/GenTable", {"TableName": "MEMBER_TYPE"})]
    assert {r["Code"] for r in tables} >= {"REG", "STU"} and {r["TableName"] for r in tables} == {"MEMBER_TYPE"}
    group = client.items("/api/Group", {"limit": "1"})[0]
    summary = client.items("/api/GroupSummary", {"Name": group["Name"].upper()})
    assert [s["GroupId"] for s in summary] == [group["GroupId"]]


def test_iqa_by_document_version_key(client: Client) -> None:
    query = QUERIES[0]
    by_path = client.json("/api/iqa", [("QueryName", query.path), ("Parameter", "sm")])
    by_key = client.json("/api/iqa", [("querydocumentversionkey", query.version_key.lower()), ("Parameter", "sm")])
    assert by_key == by_path and by_key["TotalCount"] > 0
    assert (
        client.get("/api/iqa", {"QueryDocumentVersionKey": "00000000-0000-0000-0000-000000000000"}).status_code == 404
    )


def test_iqa_url_filters_are_applied(client: Client) -> None:
    path = "$/imisql/Event Registrations"
    every = client.json("/api/query", [("QueryName", path), ("Parameter", ""), ("limit", "500")])["Items"]["$values"]
    party = every[0]["ID"]
    filtered = client.json("/api/query", [("QueryName", path), ("Parameter", ""), ("ID", party), ("limit", "500")])
    rows = filtered["Items"]["$values"]
    assert rows == [r for r in every if r["ID"] == party]
    status = client.json("/api/iqa", [("QueryName", path), ("Parameter", ""), ("status", "gt:1")])
    assert all(plain(p["Value"]) > 1 for r in status["Items"]["$values"] for p in r["Properties"]["$values"]
               if p["Name"] == "Status")  # fmt: skip
    bad = client.get("/api/query", [("QueryName", path), ("Parameter", ""), ("FullName", "x")])
    assert bad.status_code == 400


def test_party_summary_carries_full_name_and_is_organization(client: Client) -> None:
    orgs = client.items("/api/PartySummary", {"IsOrganization": "true", "limit": "500"})
    assert orgs and all(o["IsOrganization"] is True for o in orgs)
    assert len(orgs) == client.json("/api/Organization")["TotalCount"]
    name = orgs[0]["Name"]
    assert [o["PartyId"] for o in client.items("/api/PartySummary", {"FullName": name.lower()})] == [orgs[0]["PartyId"]]


def test_demo_names_have_case_and_trailing_space_variants(client: Client) -> None:
    names = [path_value(p, "PersonName.LastName") for p in client.items("/api/Person", {"limit": "500"})]
    assert any(n.isupper() for n in names) and any(n.islower() for n in names) and any(n.endswith(" ") for n in names)
    variant = next(n for n in names if n.endswith(" "))
    matched = client.items("/api/Person", {"LastName": variant.strip().upper(), "limit": "500"})
    assert variant in {path_value(p, "PersonName.LastName") for p in matched}
    assert all(text_key(path_value(p, "PersonName.LastName")) == text_key(variant) for p in matched)


def test_no_registration_is_dated_after_today(client: Client) -> None:
    rows = client.items("/api/EventRegistration", {"OrderBy": "RegistrationDate:Descending", "limit": "1"})
    assert datetime.fromisoformat(rows[0]["RegistrationDate"]) <= REFERENCE_DATE
    assert client.json("/api/Event", {"Status": "P"})["TotalCount"] > 0


def test_chapter_membership_is_not_capped() -> None:
    chapter = next(g for g in build_groups(1) if g["GroupClassId"] == "CHAPTER")
    assert member_target(chapter, 1_000_000) == int(1_000_000 * chapter["Fraction"])

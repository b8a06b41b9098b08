"""Paging, the PagedResult envelope, ordering, single GETs and composite ids."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from imisql.semantics import collation_key
from tests.conftest import MakeEmulator
from tests.emulator.support import Client, path_value, plain, properties

ENVELOPE_KEYS = ["$type", "Items", "Offset", "Limit", "Count", "TotalCount", "NextPageLink", "HasNext", "NextOffset"]
PARTY_PAGED = (
    "Asi.Soa.Core.DataContracts.PagedResult`1[[Asi.Soa.Membership.DataContracts.PartyData, Asi.Contracts]], "
    "Asi.Contracts"
)


def _walk(client: Client, path: str, params: list[tuple[str, str]], limit: int) -> list[dict[str, Any]]:
    """Follow NextOffset to the end (bounded), checking each envelope's paging arithmetic."""
    offset, pages, seen = 0, [], []
    for _ in range(1000):
        page = client.json(path, [*params, ("limit", str(limit)), ("offset", str(offset))])
        assert page["Offset"] == offset and page["Count"] == len(page["Items"]["$values"])
        more = page["TotalCount"] > offset + page["Count"]
        assert page["HasNext"] is more
        assert page["NextOffset"] == (offset + page["Count"] if more else 0)
        pages.append(page)
        seen.extend(page["Items"]["$values"])
        if page["NextOffset"] == 0:
            return seen
        offset = page["NextOffset"]
    raise AssertionError("paging did not end")


def test_envelope_has_exactly_the_imis_fields(client: Client) -> None:
    page = client.json("/api/Party", {"limit": "3"})
    assert list(page) == ENVELOPE_KEYS
    assert page["$type"] == PARTY_PAGED
    assert page["Items"]["$type"] == (
        "System.Collections.Generic.List`1[[Asi.Soa.Membership.DataContracts.PartyData, Asi.Contracts]], mscorlib"
    )
    assert (page["Offset"], page["Limit"], page["Count"], page["TotalCount"]) == (0, 3, 3, 300)
    assert page["NextPageLink"] is None and page["HasNext"] is True and page["NextOffset"] == 3


def test_default_limit_is_100(client: Client) -> None:
    page = client.json("/api/Party")
    assert (page["Limit"], page["Count"], page["NextOffset"]) == (100, 100, 100)


@pytest.mark.parametrize(("requested", "echoed"), [("1000", 500), ("501", 500), ("500", 500), ("0", 100)])
def test_limit_is_clamped_and_echoed(client: Client, requested: str, echoed: int) -> None:
    page = client.json("/api/Activity", {"limit": requested})
    assert page["Limit"] == echoed and page["Count"] == echoed and page["TotalCount"] > 500


@pytest.mark.parametrize("limit", [7, 37, 100, 500])
def test_paging_to_the_end_loses_and_duplicates_nothing(client: Client, limit: int) -> None:
    everything = [i["PartyId"] for i in client.items("/api/Party", {"limit": "500"})]
    walked = [i["PartyId"] for i in _walk(client, "/api/Party", [], limit)]
    assert walked == everything == sorted(everything)
    assert len(set(walked)) == 300


def test_paging_a_filtered_sorted_result(client: Client) -> None:
    params = [("IsOrganization", "isFalse:"), ("OrderBy", "LastName:Descending")]
    whole = [i["PartyId"] for i in client.items("/api/Party", [*params, ("limit", "500")])]
    assert [i["PartyId"] for i in _walk(client, "/api/Party", params, 19)] == whole


def test_offset_past_the_end(client: Client) -> None:
    page = client.json("/api/Party", {"offset": "10000", "limit": "10"})
    assert (page["Offset"], page["Count"], page["TotalCount"], page["HasNext"], page["NextOffset"]) == (
        10000, 0, 300, False, 0,
    )  # fmt: skip


def test_last_page_has_next_offset_zero(client: Client) -> None:
    page = client.json("/api/Party", {"offset": "290", "limit": "10"})
    assert page["Count"] == 10 and page["HasNext"] is False and page["NextOffset"] == 0


def test_offset_is_echoed_as_sent(client: Client) -> None:
    page = client.json("/api/Party", {"offset": "5", "limit": "5"})
    assert page["Offset"] == 5 and page["NextOffset"] == 10


def test_offset_page_rounding_quirk(make_emulator: MakeEmulator) -> None:
    client = Client(make_emulator(offset_page_rounding=True)).login()
    page = client.json("/api/Party", {"offset": "101", "limit": "100"})
    assert (
        page["Offset"] == 100
        and page["Items"]["$values"][0]["PartyId"] == client.items("/api/Party", {"limit": "500"})[100]["PartyId"]
    )


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("filters", [{}, {"CityName": "notEmpty:"}, {"Status": "A"}])
def test_nulls_high_quirk_sorts_null_above_every_value(
    make_emulator: MakeEmulator, descending: bool, filters: dict[str, str]
) -> None:
    """Without the quirk NULL sorts lowest; with it, highest; with or without a filter the column scan answers."""
    order = {"OrderBy": "LastName:Descending" if descending else "LastName", "limit": "500", **filters}
    for high in (False, True):
        client = Client(make_emulator(parties=300, nulls_high=high)).login()
        names = [path_value(i, "PersonName.LastName") for i in client.items("/api/Party", order)]
        nulls = [n is None for n in names]
        assert any(nulls) and not all(nulls)
        assert nulls == sorted(nulls, reverse=high == descending)  # the NULLs at one end, the right one
        _sorted_check([n for n in names if n is not None], descending)


def _sorted_check(values: list[Any], descending: bool) -> None:
    keys = [(v is not None, collation_key(v or "") if isinstance(v, str) or v is None else v) for v in values]
    assert keys == sorted(keys, reverse=descending)


@pytest.mark.parametrize(
    ("order", "path", "descending"),
    [
        ("LastName", "PersonName.LastName", False),
        ("lastname:Descending", "PersonName.LastName", True),
        ("LastName:descending", "PersonName.LastName", True),
        ("LastName:Ascending", "PersonName.LastName", False),
        ("CityName", "Addresses[0].Address.CityName", False),
        ("BirthDate:Descending", "BirthDate", True),
        ("UpdatedOn", "UpdateInformation.UpdatedOn", False),
    ],
)
def test_order_by(client: Client, order: str, path: str, descending: bool) -> None:
    for name in ("OrderBy", "orderby", "ORDERBY"):
        items = client.items("/api/Party", {name: order, "limit": "500"})
        assert len(items) == 300
        _sorted_check([path_value(i, path) for i in items], descending)


def test_order_ties_stay_in_key_order(client: Client) -> None:
    for direction in ("", ":Descending"):
        items = client.items("/api/Party", {"OrderBy": f"Status{direction}", "limit": "500"})
        by_status: dict[str, list[str]] = {}
        for i in items:
            by_status.setdefault(i["Status"]["PartyStatusId"], []).append(i["PartyId"])
        assert all(ids == sorted(ids) for ids in by_status.values())


def test_two_column_order(client: Client) -> None:
    items = client.items("/api/Person", {"OrderBy": "LastName|FirstName:Descending", "limit": "500"})
    keys = [(collation_key(i["PersonName"]["LastName"]), collation_key(i["PersonName"]["FirstName"])) for i in items]
    for a, b in itertools.pairwise(keys):
        assert a[0] < b[0] or (a[0] == b[0] and a[1] >= b[1])


def test_nulls_sort_first_ascending_and_last_descending(client: Client) -> None:
    asc = client.items("/api/Party", {"OrderBy": "BirthDate", "limit": "500"})
    desc = client.items("/api/Party", {"OrderBy": "BirthDate:Descending", "limit": "500"})
    assert asc[0].get("BirthDate") is None and desc[-1].get("BirthDate") is None
    assert desc[0].get("BirthDate") is not None


@pytest.mark.parametrize(
    ("path", "key"),
    [("/api/Party", "PartyId"), ("/api/Country", "CountryCode"), ("/api/Event", "EventId"),
     ("/api/EventRegistration", "EventRegistrationId"), ("/api/GroupMember", "GroupMemberId"),
     ("/api/Invoice", "InvoiceId"), ("/api/User", "UserId"), ("/api/Item", "ItemId")],
)  # fmt: skip
def test_default_order_is_by_key(client: Client, path: str, key: str) -> None:
    keys = [i[key] for i in client.items(path, {"limit": "500"})]
    assert keys == sorted(keys, key=str.casefold)


@pytest.mark.parametrize(
    ("path", "key"),
    [("/api/Party", "PartyId"), ("/api/Person", "PartyId"), ("/api/Organization", "PartyId"),
     ("/api/PartySummary", "PartyId"), ("/api/Country", "CountryCode"), ("/api/Event", "EventId"),
     ("/api/EventSummary", "EventId"), ("/api/EventRegistration", "EventRegistrationId"),
     ("/api/Group", "GroupId"), ("/api/GroupMember", "GroupMemberId"), ("/api/User", "UserId"),
     ("/api/Invoice", "InvoiceId"), ("/api/Item", "ItemId")],
)  # fmt: skip
def test_single_get_returns_the_bare_item(client: Client, path: str, key: str) -> None:
    listed = client.items(path, {"limit": "3", "offset": "2"})[0]
    single = client.json(f"{path}/{listed[key]}")
    assert single == listed and "$type" in single and "Items" not in single


@pytest.mark.parametrize(
    "path",
    ["/api/Party/99999999", "/api/Party/abc", "/api/Country/ZZ", "/api/Event/NOPE", "/api/Activity/0",
     "/api/Name_CEU/~1|1", "/api/EventRegistration/ANNUAL2024-1", "/api/Invoice/1"],
)  # fmt: skip
def test_single_get_missing_is_404_json(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Message" in response.json()


def test_country_sample_shape(client: Client) -> None:
    assert client.json("/api/country/af") == {
        "$type": "Asi.Soa.Membership.DataContracts.CountryData, Asi.Contracts",
        "CountryCode": "AF", "CountryName": "Afghanistan", "MailGroup": "ASIA",
        "SubEntityNameCaption": "County / region", "IsActive": True,
    }  # fmt: skip


def test_all_iso_countries(client: Client) -> None:
    countries = client.json("/api/Country", {"limit": "500"})
    assert countries["TotalCount"] == 249
    names = {c["CountryCode"]: c["CountryName"] for c in countries["Items"]["$values"]}
    assert names["US"] == "United States" and names["GB"] == "United Kingdom" and names["ZW"] == "Zimbabwe"


def _ceu_owner(client: Client) -> tuple[str, list[dict[str, Any]]]:
    for row in client.items("/api/Name_CEU", {"limit": "50"}):
        party = row["Identity"]["IdentityElements"]["$values"][0]
        rows = client.items(f"/api/Name_CEU/{party}")
        if len(rows) >= 2:
            return party, rows
    raise AssertionError("no party with two CEU rows")


@pytest.mark.parametrize("encode", [False, True], ids=["raw-pipe", "percent-encoded"])
def test_composite_id(client: Client, encode: bool) -> None:
    party, rows = _ceu_owner(client)
    for seqn, row in enumerate(rows, start=1):
        sep = "%7C" if encode else "|"
        single = client.json(f"/api/Name_CEU/~{party}{sep}{seqn}")
        assert single == row
        assert single["Identity"]["IdentityElements"]["$values"] == [party, str(seqn)]
        assert plain(properties(single)["SEQN"]) == seqn


def test_multi_instance_rows_by_party(client: Client) -> None:
    party, rows = _ceu_owner(client)
    assert all(r["PrimaryParentIdentity"]["IdentityElements"]["$values"] == [party] for r in rows)
    listed = client.items("/api/Name_CEU", {"ID": party, "limit": "500"})
    assert listed == rows


def test_activity_by_seqn(client: Client) -> None:
    row = client.items("/api/Activity", {"limit": "1", "offset": "10"})[0]
    assert plain(properties(row)["SEQN"]) == 11
    assert client.json("/api/Activity/11") == row


def test_same_seed_same_data_other_seed_other_data(make_emulator: MakeEmulator, client: Client) -> None:
    same = Client(make_emulator(seed=1)).login()
    other = Client(make_emulator(seed=2)).login()
    page = client.items("/api/Party", {"limit": "20"})
    assert same.items("/api/Party", {"limit": "20"}) == page
    assert other.items("/api/Party", {"limit": "20"}) != page

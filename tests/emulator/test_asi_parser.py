"""Conformance with ASI's own query-string parser and token service (facts sheet section 12)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from imisql.semantics import collation_key
from tests.emulator.support import TIMEOUT, Client, path_value


@pytest.mark.parametrize(
    ("params", "offset", "limit"),
    [({"limit": "abc"}, 0, 100), ({"offset": "-5", "limit": "7"}, 0, 7), ({"limit": "-1"}, 0, 100),
     ({"offset": "1e3"}, 0, 100), ({"limit": "9" * 40}, 0, 100), ({"offset": "9" * 11}, 0, 100),
     ({"limit": " 5 ", "offset": "+3"}, 3, 5)],
)  # fmt: skip
def test_unparsable_or_non_positive_paging_is_ignored(
    client: Client, params: dict[str, str], offset: int, limit: int
) -> None:
    page = client.json("/api/Party", params)
    assert (page["Offset"], page["Limit"], page["Count"]) == (offset, limit, limit)


def _last_names(client: Client, order: str) -> list[Any]:
    return [
        path_value(i, "PersonName.LastName") for i in client.items("/api/Person", {"OrderBy": order, "limit": "500"})
    ]


def test_only_descending_means_descending(client: Client) -> None:
    ascending = _last_names(client, "LastName")
    assert _last_names(client, "LastName:DESCENDING")[0] != ascending[0]
    for spelling in ("LastName:Desc", "LastName:down", "LastName:Ascending"):
        assert [collation_key(n) for n in _last_names(client, spelling)] == [collation_key(n) for n in ascending]


def test_order_by_columns_are_split_on_bars_only(client: Client) -> None:
    items = client.items("/api/Person", {"OrderBy": "LastName|FirstName:Descending", "limit": "500"})
    keys = [(collation_key(path_value(i, "PersonName.LastName")), collation_key(path_value(i, "PersonName.FirstName")))
            for i in items]  # fmt: skip
    assert all(a[0] < b[0] or (a[0] == b[0] and a[1] >= b[1]) for a, b in itertools.pairwise(keys))
    assert client.get("/api/Person", {"OrderBy": "LastName,FirstName"}).status_code == 400


def test_phrase_is_an_equal_filter_on_the_whole_text(client: Client) -> None:
    name = client.items("/api/Party", {"limit": "1"})[0]["Name"]
    found = client.items("/api/Party", {"PHRASE": name.upper() + " ", "limit": "500"})
    assert found and all(i["Name"].casefold() == name.casefold() for i in found)
    assert client.items("/api/Party", {"phrase": f"contains:{name}"}) == []


def test_entity_id_answers_like_the_path(client: Client) -> None:
    first = client.items("/api/EventRegistration", {"limit": "1"})[0]
    key = first["EventRegistrationId"]
    assert client.json("/api/EventRegistration", {"EntityId": key}) == first
    member = client.items("/api/GroupMember", {"limit": "1"})[0]
    assert client.json("/api/GroupMember", {"entityid": member["GroupMemberId"]}) == member
    assert client.get("/api/Party", {"EntityId": "nobody"}).status_code == 404


@pytest.mark.parametrize("spelling", ["notIn", "!in", "NOTIN"])
def test_not_in_matches_none_of_the_values(client: Client, spelling: str) -> None:
    every = client.items("/api/Party", {"limit": "500"})
    kept = client.items("/api/Party", {"Status": f"{spelling}:a|i", "limit": "500"})
    assert kept and {i["Status"]["PartyStatusId"] for i in kept} == {"D"}
    with_city = [i for i in every if path_value(i, "Addresses[0].Address.CityName") is not None]
    not_boston = client.items("/api/Party", {"CityName": f"{spelling}:boston", "limit": "500"})
    assert len(not_boston) == sum(1 for i in with_city if path_value(i, "Addresses[0].Address.CityName") != "Boston")


def test_unauthorized_carries_www_authenticate(anonymous: Client) -> None:
    response = anonymous.get("/api/Party")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "WWW_Authenticate" not in response.headers


def test_refresh_token_grant(anonymous: Client) -> None:
    form = {"grant_type": "password", "username": "demo", "password": "demo-password"}
    first = anonymous.http.post(anonymous.base + "/token", data=form, timeout=TIMEOUT).json()
    again = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"], "client_id": "app"}
    response = anonymous.http.post(anonymous.base + "/token", data=again, timeout=TIMEOUT)
    assert response.status_code == 200
    token = response.json()["access_token"]
    assert token != first["access_token"] and response.json()["userName"] == "demo"
    api = anonymous.get("/api/Party", {"limit": "1"}, headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    bad = anonymous.http.post(anonymous.base + "/token", data={**again, "refresh_token": "x"}, timeout=TIMEOUT)
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"

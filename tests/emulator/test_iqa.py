"""GET /api/iqa and /api/query: positional prompts, operator prefixes, row shape."""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.support import Client, plain, properties

LAST_NAME = "$/Common/Queries/Search/Contact/Last Name"
BY_COUNTRY = "$/imisql/Members by Country"
REGISTRATIONS = "$/imisql/Event Registrations"


def _rows(client: Client, name: str, *parameters: str, **paging: str) -> dict[str, Any]:
    params = [("QueryName", name), *(("Parameter", p) for p in parameters), *paging.items()]
    page: dict[str, Any] = client.json("/api/iqa", params)
    return page


def _column(page: dict[str, Any], name: str) -> list[Any]:
    return [plain(properties(row)[name]) for row in page["Items"]["$values"]]


def test_last_name_bare_value_is_starts_with(client: Client) -> None:
    page = _rows(client, LAST_NAME, "smi", limit="500")
    names = _column(page, "LastName")
    assert names and all(n.casefold().startswith("smi") for n in names)
    assert page["TotalCount"] == len(names)


def test_operator_prefix_in_a_parameter(client: Client) -> None:
    names = _column(_rows(client, LAST_NAME, "eq:smith", limit="500"), "LastName")
    assert names and set(names) == {"Smith"}
    contains = _column(_rows(client, LAST_NAME, "contains:SMITH", limit="500"), "LastName")
    assert "Goldsmith" in contains or "Arrowsmith" in contains or len(contains) > len(names)


def test_empty_parameter_means_no_filter(client: Client) -> None:
    assert _rows(client, LAST_NAME, "")["TotalCount"] == client.json("/api/Person")["TotalCount"]


def test_row_shape(client: Client) -> None:
    page = _rows(client, LAST_NAME, "", limit="3", offset="4")
    assert page["$type"] == (
        "Asi.Soa.Core.DataContracts.PagedResult`1[[Asi.Soa.Core.DataContracts.GenericEntityData, Asi.Contracts]], "
        "Asi.Contracts"
    )
    rows = page["Items"]["$values"]
    assert [r["EntityTypeName"] for r in rows] == ["59"] * 3
    assert [r["Properties"]["$values"][0] for r in rows] == [
        {"$type": "Asi.Soa.Core.DataContracts.GenericPropertyData, Asi.Contracts", "Name": "ResultRow", "Value": v}
        for v in ("5", "6", "7")
    ]
    assert page["Offset"] == 4 and page["Limit"] == 3 and page["NextOffset"] == 7


def test_two_prompts(client: Client) -> None:
    both = _rows(client, BY_COUNTRY, "US", "REG", limit="500")
    assert both["TotalCount"] > 0
    assert set(_column(both, "Country")) == {"US"} and set(_column(both, "MemberType")) == {"REG"}
    assert all(v is True for v in _column(both, "IsMember"))
    country_only = _rows(client, BY_COUNTRY, "in:US|CA", "", limit="500")
    assert set(_column(country_only, "Country")) == {"US", "CA"}
    assert country_only["TotalCount"] > both["TotalCount"]


def test_event_registrations(client: Client) -> None:
    page = _rows(client, REGISTRATIONS, "ANNUAL2025", limit="500")
    assert page["TotalCount"] == client.json("/api/EventRegistration", {"EventId": "ANNUAL2025"})["TotalCount"] > 0
    first = properties(page["Items"]["$values"][0])
    assert first["Status"]["$type"] == "System.Int32" and first["FullName"]


@pytest.mark.parametrize("name_param", ["QueryName", "queryname", "QueryPath"])
@pytest.mark.parametrize("param_name", ["Parameter", "parameter"])
def test_parameter_spellings(client: Client, name_param: str, param_name: str) -> None:
    page = client.json("/api/iqa", [(name_param, LAST_NAME.upper()), (param_name, "eq:smith")])
    assert page["TotalCount"] > 0


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ([("QueryName", LAST_NAME)], 400),
        ([("QueryName", BY_COUNTRY), ("Parameter", "US")], 400),
        ([("QueryName", LAST_NAME), ("Parameter", "a"), ("Parameter", "b")], 400),
        ([("Parameter", "smith")], 400),
        ([("QueryName", "$/No/Such/Query"), ("Parameter", "")], 404),
    ],
    ids=["missing-prompt", "one-of-two", "too-many", "no-query-name", "unknown-query"],
)
def test_iqa_errors(client: Client, params: list[tuple[str, str]], status: int) -> None:
    response = client.get("/api/iqa", params)
    assert response.status_code == status
    assert response.json()


def test_query_endpoint_returns_flat_rows(client: Client) -> None:
    page = client.json("/api/query", [("QueryName", BY_COUNTRY), ("Parameter", "US"), ("Parameter", ""),
                                      ("limit", "2")])  # fmt: skip
    assert page["$type"] == "Asi.Soa.Core.DataContracts.PagedResult, Asi.Contracts"
    row = page["Items"]["$values"][0]
    assert row["$type"] == "System.Dynamic.ExpandoObject, System.Core"
    assert row["Country"] == "US" and row["IsMember"] is True


def test_past_the_iqa_end_of_life_only_the_query_endpoint_serves(make_emulator: Any) -> None:
    ems = Client(make_emulator(iqa_end_of_life=True)).login()
    try:
        params = [("QueryName", BY_COUNTRY), ("Parameter", "US"), ("Parameter", ""), ("limit", "2")]
        assert ems.get("/api/iqa", params).status_code == 404
        assert ems.json("/api/query", params)["Items"]["$values"][0]["Country"] == "US"
    finally:
        ems.close()


def test_a_query_without_url_filters_ignores_them(make_emulator: Any) -> None:
    site = Client(make_emulator(iqa_url_filters_ignored=True)).login()
    try:
        params = [("QueryName", BY_COUNTRY), ("Parameter", "AU"), ("Parameter", "")]
        everything = site.json("/api/iqa", params)["TotalCount"]
        assert site.json("/api/iqa", [*params, ("MemberType", "REG")])["TotalCount"] == everything > 0
        assert site.get("/api/iqa", [*params, ("NoSuchColumn", "x")]).status_code == 200
    finally:
        site.close()

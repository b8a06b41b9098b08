"""Filter syntax on GET /api/{Entity}: every operator and alias, case rules, value parsing.

Each case is checked against an independent oracle: a plain Python predicate over the full,
unfiltered party list (300 parties fit one 500-row page).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from imisql.operators import OPERATORS
from tests.emulator.support import Client, path_value

Item = dict[str, Any]
Oracle = Callable[[Item], bool]


@pytest.fixture
def parties(client: Client) -> list[Item]:
    items = client.items("/api/Party", {"limit": "500"})
    assert len(items) == 300
    return items


def _ids(items: list[Item]) -> list[str]:
    return [i["PartyId"] for i in items]


def _s(path: str) -> Callable[[Item], str | None]:
    return lambda item: path_value(item, path)


def _lower(path: str) -> Callable[[Item], str]:
    return lambda item: (path_value(item, path) or "").casefold()


def _date(path: str) -> Callable[[Item], datetime | None]:
    def get(item: Item) -> datetime | None:
        text = path_value(item, path)
        return datetime.fromisoformat(text) if text else None

    return get


last, first, bday = _lower("PersonName.LastName"), _lower("PersonName.FirstName"), _date("BirthDate")
updated, city, email = (
    _date("UpdateInformation.UpdatedOn"),
    _s("Addresses[0].Address.CityName"),
    _s("Emails[0].Address"),
)
is_org: Oracle = lambda i: i["$type"].startswith("Asi.Soa.Membership.DataContracts.OrganizationData")  # noqa: E731


def _between(get: Callable[[Item], datetime | None], low: datetime, high: datetime) -> Oracle:
    return lambda i: (v := get(i)) is not None and low <= v <= high


def _cmp(get: Callable[[Item], Any], test: Callable[[Any], bool]) -> Oracle:
    return lambda i: (v := get(i)) is not None and test(v)


D1960, D1969 = datetime(1960, 1, 1), datetime(1969, 12, 31)
D2020, D1950 = datetime(2020, 1, 1), datetime(1950, 12, 31)

# (operator spelling -> (parameter, value after the "op:" prefix, oracle))
CASES: dict[str, tuple[str, str, Oracle]] = {
    "Between": ("BirthDate", "1960-01-01|1969-12-31", _between(bday, D1960, D1969)),
    "Contains": ("LastName", "smith", lambda i: "smith" in last(i)),
    "EndsWith": ("LastName", "SON", lambda i: last(i).endswith("son")),
    "Equal": ("LastName", "smith", lambda i: last(i) == "smith"),
    "GreaterThan": ("UpdatedOn", "2020-01-01", _cmp(updated, lambda v: v > D2020)),
    "GreaterThanOrEqual": ("BirthDate", "1990-05-17", _cmp(bday, lambda v: v >= datetime(1990, 5, 17))),
    "In": ("CityName", "Boston|toronto|LONDON", lambda i: (city(i) or "") in ("Boston", "Toronto", "London")),
    "IsEmpty": ("BirthDate", "", lambda i: bday(i) is None),
    "IsFalse": ("IsOrganization", "", lambda i: not is_org(i)),
    "IsTrue": ("IsOrganization", "", is_org),
    "LessThan": ("Id", "20100", lambda i: i["Id"] < "20100"),
    "LessThanOrEqual": ("BirthDate", "1950-12-31", _cmp(bday, lambda v: v <= D1950)),
    "NotContain": ("LastName", "smith", lambda i: i.get("PersonName") is not None and "smith" not in last(i)),
    "NotEmpty": ("Email", "", lambda i: email(i) is not None),
    "NotEqual": ("Status", "a", lambda i: i["Status"]["PartyStatusId"] != "A"),
    "StartsWith": ("FirstName", "jo", lambda i: first(i).startswith("jo")),
}
SPELLINGS = [(spec.op.value, spelling) for spec in OPERATORS for spelling in spec.spellings]


def test_every_operator_has_a_case() -> None:
    assert {op for op, _ in SPELLINGS} == set(CASES)
    assert len(SPELLINGS) == 43  # every spelling in the facts sheet table


@pytest.mark.parametrize(("op", "spelling"), SPELLINGS, ids=[s for _, s in SPELLINGS])
def test_operator_spelling(client: Client, parties: list[Item], op: str, spelling: str) -> None:
    param, value, oracle = CASES[op]
    got = client.items("/api/Party", [(param, f"{spelling}:{value}"), ("limit", "500")])
    expected = [i for i in parties if oracle(i)]
    assert _ids(got) == _ids(expected)
    assert 0 < len(expected) < len(parties) or op in ("NotEmpty", "NotContain", "IsFalse")


@pytest.mark.parametrize("spelling", ["CONTAINS", "cOnTaInS", "contains"])
def test_operator_names_are_case_insensitive(client: Client, parties: list[Item], spelling: str) -> None:
    got = client.items("/api/Party", [("LastName", f"{spelling}:smith"), ("limit", "500")])
    assert _ids(got) == _ids([i for i in parties if "smith" in last(i)])


@pytest.mark.parametrize("spelling", ["isTrue", "ISTRUE", "True", "TRUE"])
def test_value_less_operator_names_are_case_insensitive(client: Client, parties: list[Item], spelling: str) -> None:
    got = client.items("/api/Party", [("IsOrganization", f"{spelling}:"), ("limit", "500")])
    assert _ids(got) == _ids([i for i in parties if is_org(i)])


@pytest.mark.parametrize("path", ["/api/Party", "/api/party", "/api/PARTY", "/API/pArTy", "/api/Party/"])
@pytest.mark.parametrize("param", ["LastName", "lastname", "LASTNAME"])
def test_entity_and_parameter_names_are_case_insensitive(client: Client, path: str, param: str) -> None:
    got = client.items(path, [(param, "contains:smith"), ("Limit", "500")])
    assert got and all("smith" in last(i) for i in got)


@pytest.mark.parametrize("value", ["SMITH", "smith", "Smith", "sMiTh"])
def test_string_values_compare_case_insensitively(client: Client, parties: list[Item], value: str) -> None:
    got = client.items("/api/Party", [("LastName", value), ("limit", "500")])
    assert _ids(got) == _ids([i for i in parties if last(i) == "smith"])
    assert got


def test_bare_value_is_equal(client: Client, parties: list[Item]) -> None:
    target = parties[7]["PartyId"]
    assert _ids(client.items("/api/Party", {"PartyId": target})) == [target]


def test_bare_value_with_pipes_behaves_like_in(client: Client, parties: list[Item]) -> None:
    wanted = [parties[3]["PartyId"], parties[150]["PartyId"], "99999999"]
    got = client.items("/api/Party", {"PartyId": "|".join(wanted)})
    assert _ids(got) == wanted[:2]


def test_a_prefix_that_is_not_an_operator_is_part_of_the_value(client: Client) -> None:
    member = client.items("/api/GroupMember", {"limit": "1"})[0]["GroupMemberId"]
    assert ":" in member
    for value in (member, f"eq:{member}", member.lower()):
        assert [m["GroupMemberId"] for m in client.items("/api/GroupMember", {"GroupMemberId": value})] == [member]


def test_equal_with_an_operator_name_inside_the_value(client: Client) -> None:
    got = client.json("/api/Party", {"LastName": "eq:contains:smith"})
    assert got["TotalCount"] == 0


def test_colon_value_without_operator_is_not_an_error(client: Client) -> None:
    assert client.json("/api/Party", {"Phone": "12:30"})["TotalCount"] == 0


def test_repeated_parameters_are_anded(client: Client, parties: list[Item]) -> None:
    params = [("LastName", "startsWith:s"), ("LastName", "ne:smith"), ("LastName", "notContain:son"), ("limit", "500")]
    got = client.items("/api/Party", params)
    expected = [i for i in parties if last(i).startswith("s") and last(i) != "smith" and "son" not in last(i)]
    assert _ids(got) == _ids(expected) and expected


def test_different_parameters_are_anded(client: Client, parties: list[Item]) -> None:
    got = client.items("/api/Party", [("IsOrganization", "isFalse:"), ("CountryCode", "US"), ("limit", "500")])
    expected = [i for i in parties if not is_org(i) and path_value(i, "Addresses[0].Address.CountryCode") == "US"]
    assert _ids(got) == _ids(expected) and expected


def test_dates_compare_as_dates(client: Client, parties: list[Item]) -> None:
    got = client.items("/api/Party", [("UpdatedOn", "ge:2024-01-01T00:00:00+00:00"), ("limit", "500")])
    assert _ids(got) == _ids([i for i in parties if (updated(i) or D2020) >= datetime(2024, 1, 1)])


def test_boolean_equal_spelling(client: Client, parties: list[Item]) -> None:
    got = client.items("/api/Party", [("isOrganization", "true"), ("limit", "500")])
    assert _ids(got) == _ids([i for i in parties if is_org(i)])


def test_an_operand_that_cannot_be_parsed_matches_nothing(client: Client) -> None:
    assert client.json("/api/Party", {"BirthDate": "gt:not-a-date"})["TotalCount"] == 0


def test_decimal_filter(client: Client) -> None:
    items = client.items("/api/Invoice", [("Balance", "gt:100"), ("limit", "500")])
    assert items and all(i["Balance"]["Amount"] > 100 for i in items)


def test_integer_filter(client: Client) -> None:
    items = client.items("/api/EventRegistration", [("Status", "in:2|3"), ("limit", "500")])
    assert items and {i["Status"] for i in items} == {2, 3}


def test_generic_entity_filters_by_property_name(client: Client) -> None:
    rows = client.items("/api/Activity", [("ACTIVITY_TYPE", "eq:gift"), ("AMOUNT", "ge:500"), ("limit", "500")])
    assert rows
    for row in rows:
        values = {p["Name"]: p.get("Value") for p in row["Properties"]["$values"]}
        assert values["ACTIVITY_TYPE"] == "GIFT" and values["AMOUNT"]["$value"] >= 500


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"NoSuchField": "x"}, "'NoSuchField' is not a valid property of Party"),
        ({"BirthDate": "between:1960-01-01"}, "requires 2 value(s)"),
        ({"LastName": "contains:a|b"}, "requires 1 value(s)"),
        ({"OrderBy": "Nope"}, "OrderBy property 'Nope'"),
    ],
    ids=["unknown-property", "between-arity", "one-value-arity", "unknown-orderby"],
)
def test_validation_errors(client: Client, params: dict[str, str], fragment: str) -> None:
    response = client.get("/api/Party", params)
    assert response.status_code == 400
    assert response.reason == "Validation error"
    body = response.json()
    assert body["$type"] == "Asi.Soa.Core.DataContracts.ValidationResultsData, Asi.Contracts"
    assert body["Errors"]["$type"].startswith("Asi.Soa.Core.DataContracts.ValidationResultDataCollection")
    assert fragment in body["Errors"]["$values"][0]["Message"]
    assert fragment in body["Summary"]


def test_realistic_smith_handful(client: Client, parties: list[Item]) -> None:
    smiths = client.json("/api/Party", {"lastname": "contains:smith"})["TotalCount"]
    persons = sum(1 for i in parties if not is_org(i))
    assert 2 <= smiths <= persons // 10
    assert 0.75 <= persons / len(parties) <= 0.95

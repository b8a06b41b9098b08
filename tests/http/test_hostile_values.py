"""Hostile values in a response stay inside the error tree (issue 14 item 8, the response side).

A small server answers ``/api/Party`` and ``/api/Activity`` with items a real iMIS never sends: lists
nested hundreds deep, property-bag names that are not text, decimals that are not finite or are far
beyond any .NET type. Each query goes through the whole stack and must end in a ``DataError`` with a
clear message, never a ``RecursionError``, ``TypeError`` or ``decimal.InvalidOperation``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import imisql
from imisql.errors import DataError
from tests.http.hostile import Reply, envelope, hostile_server, json_reply

PARTY = "Asi.Soa.Membership.DataContracts.PartyData, Asi.Contracts"
GENERIC = "Asi.Soa.Core.DataContracts.GenericEntityData, Asi.Contracts"
PROPERTY = "Asi.Soa.Core.DataContracts.GenericPropertyData, Asi.Contracts"


def _activity(seqn: int, amount: Any, name: Any = "AMOUNT") -> dict[str, Any]:
    properties = [
        {"$type": PROPERTY, "Name": "SEQN", "Value": seqn},
        {"$type": PROPERTY, "Name": name, "Value": amount},
    ]
    return {
        "$type": GENERIC,
        "EntityTypeName": "Activity",
        "Properties": {"$type": "Asi.Soa.Core.DataContracts.GenericPropertyDataCollection", "$values": properties},
    }


def _decimal(text: str) -> dict[str, str]:
    return {"$type": "System.Decimal", "$value": text}


def _run(items: list[Any] | Reply, sql: str) -> list[tuple[Any, ...]]:
    reply = items if isinstance(items, Reply) else json_reply(envelope(items, 0, len(items)))
    with hostile_server(lambda seen: reply) as site, imisql.connect(site.base_url, token="t", max_attempts=1) as conn:
        return conn.execute(sql).fetchall()


def test_good_values_aggregate() -> None:
    items = [_activity(1, _decimal("12.5")), _activity(2, 7)]
    assert _run(items, "SELECT SUM(AMOUNT), MAX(AMOUNT) FROM Activity") == [(19.5, 12.5)]


@pytest.mark.parametrize("depth", [500, 900])
def test_a_result_item_nested_hundreds_deep_is_a_data_error(depth: int) -> None:
    raw = json.dumps({"$type": PARTY, "PartyId": "1", "Deep": 0}).replace("0}", "[" * depth + "1" + "]" * depth + "}")
    body = json.dumps(envelope([0], 0, 1)).replace("[0]", f"[{raw}]").encode()
    with pytest.raises(DataError, match="nested too deeply to decode"):
        _run(Reply(200, body, {"Content-Type": "application/json"}), "SELECT * FROM Party")


@pytest.mark.parametrize("name", [{"a": 1}, 7, None, ["AMOUNT"]], ids=["object", "number", "null", "list"])
def test_a_property_name_that_is_not_text_is_a_data_error(name: Any) -> None:
    with pytest.raises(DataError, match="a property name must be text"):
        _run([_activity(1, 5), _activity(2, 6, name)], "SELECT * FROM Activity")


@pytest.mark.parametrize("value", ["sNaN", "NaN", "-Infinity", "1e999999999", "1E-999999999"])
@pytest.mark.parametrize("sql", ["SELECT SUM(AMOUNT) FROM Activity", "SELECT MAX(AMOUNT) FROM Activity"])
def test_decimals_that_are_not_finite_or_absurdly_large_are_data_errors(value: str, sql: str) -> None:
    items = [
        _activity(1, {"$type": "System.Decimal", "$value": "1"}),
        _activity(2, {"$type": "System.Decimal", "$value": value}),
    ]
    with pytest.raises(DataError, match="not a valid decimal value") as info:
        _run(items, sql)
    assert value in str(info.value)

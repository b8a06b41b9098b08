"""The page parser: msgspec's C decoder gives exactly what the standard library's parser gives (Decimal
numbers with the scale sent), refuses the same bodies, and the standard parser takes over without it."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

import pytest
import requests

import imisql
from imisql.emulator import Emulator
from imisql.errors import DataError
from imisql.http import jsonparse
from imisql.http.jsonparse import parse_json, parse_json_reference


def _typed(value: Any) -> Any:
    """A value with every number's type and printed form made part of it (``1.50`` is not ``1.5``)."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, str(value))


@pytest.fixture(scope="module")
def pages(emulator_session: Emulator) -> list[bytes]:
    """Raw page bodies as the emulator sends them over its socket."""
    site = emulator_session
    session = requests.Session()
    form = {"grant_type": "password", "username": site.username, "password": site.password}
    token = session.post(f"{site.base_url}/token", data=form, timeout=30).json()["access_token"]
    session.headers["Authorization"] = f"Bearer {token}"
    paths = ("/api/Party", "/api/Invoice", "/api/Activity", "/api/Event")
    bodies = [session.get(site.base_url + p, params={"limit": 200}, timeout=60).content for p in paths]
    session.close()
    return bodies


def test_pages_parse_exactly_as_the_standard_parser_parses_them(pages: list[bytes]) -> None:
    for body in pages:
        assert _typed(parse_json(body)) == _typed(parse_json_reference(body))


def test_decimals_keep_the_scale_sent() -> None:
    parsed = parse_json(b'{"a": 125.50, "b": [1e2, -0.000], "c": 7}')
    assert [str(parsed["a"]), *map(str, parsed["b"]), parsed["c"]] == ["125.50", "1E+2", "-0.000", 7]
    assert type(parsed["a"]) is Decimal and type(parsed["c"]) is int


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        (b'{"a": NaN}', "NaN, which is not a JSON number"),
        (b'[-Infinity]', "-Infinity, which is not a JSON number"),
        (b'[1e999999999]', "a number with exponent"),
        (b'[' + b'9' * 5000 + b']', "an integer of more than 4,300 digits"),
        (b'[' * 100_000 + b']' * 100_000, "JSON nested too deeply"),
    ],
    ids=["nan", "infinity", "exponent", "long-integer", "deep"],
)  # fmt: skip
def test_refused_json_is_a_data_error(body: bytes, refused: str) -> None:
    with pytest.raises(DataError, match=refused):
        parse_json(body)


@pytest.mark.parametrize("body", [b"<html>busy</html>", b'{"a": 1', b"\xff\xfe{}"])
def test_text_that_is_not_json_is_a_value_error(body: bytes) -> None:
    with pytest.raises(ValueError):
        parse_json(body)


def test_a_byte_order_mark_is_read_as_the_standard_parser_reads_it() -> None:
    assert parse_json(b'\xef\xbb\xbf{"a": 1.0}') == {"a": Decimal("1.0")}


def test_without_msgspec_the_standard_parser_reads_pages(monkeypatch: pytest.MonkeyPatch, pages: list[bytes]) -> None:
    monkeypatch.setitem(sys.modules, "msgspec", None)  # import msgspec now fails
    assert jsonparse._fast_parser() is None
    with_msgspec = [_typed(parse_json(body)) for body in pages]
    monkeypatch.setattr(jsonparse, "_FAST", None)
    assert [_typed(parse_json(body)) for body in pages] == with_msgspec


def test_rows_are_the_same_without_msgspec(monkeypatch: pytest.MonkeyPatch, emulator_session: Emulator) -> None:
    site = emulator_session
    sql = "SELECT InvoiceId, Balance.Amount, InvoiceDate, BillToParty.Name FROM Invoice LIMIT 300"
    with imisql.connect(site.base_url, username=site.username, password=site.password) as conn:
        fast = conn.execute(sql).fetchall()
        monkeypatch.setattr(jsonparse, "_FAST", None)
        slow = conn.execute(sql).fetchall()
    assert fast and _typed([list(r) for r in fast]) == _typed([list(r) for r in slow])

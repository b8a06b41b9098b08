"""Reading a page body with only the fields a plan reads: the kept values are exactly what the whole
parse gives, anything that is not a paged envelope is parsed whole, and refusals still apply."""

from __future__ import annotations

import sys
from typing import Any

import pytest
import requests

from imisql.emulator import Emulator
from imisql.errors import DataError
from imisql.http.jsonparse import parse_json
from imisql.picking import FieldPicker
from imisql.pickpage import page_reader
from tests.http.test_jsonparse import _typed

KEPT = frozenset({"$type", "$value", "$values", "Properties", "EntityTypeName"})


@pytest.fixture(scope="module")
def bodies(emulator_session: Emulator) -> dict[str, bytes]:
    """Raw page bodies as the emulator sends them over its socket."""
    site = emulator_session
    session = requests.Session()
    form = {"grant_type": "password", "username": site.username, "password": site.password}
    token = session.post(f"{site.base_url}/token", data=form, timeout=30).json()["access_token"]
    session.headers["Authorization"] = f"Bearer {token}"
    paths = ("Party", "Invoice", "Activity")
    found = {p: session.get(f"{site.base_url}/api/{p}", params={"limit": 300}, timeout=60).content for p in paths}
    session.close()
    return found


def _picked(page: dict[str, Any], picker: FieldPicker) -> dict[str, Any]:
    """The whole parse of a page with each item cut to the kept fields: what the reader must give."""
    items = page["Items"]["$values"]
    cut = [{k: v for k, v in item.items() if k in KEPT or picker.wants(k)} for item in items]
    return {**page, "Items": {**page["Items"], "$values": cut}}


@pytest.mark.parametrize(
    ("entity", "fields"),
    [("Party", ["PartyId", "name", "PersonName", "UpdateInformation", "Emails"]),
     ("Invoice", ["InvoiceId", "Balance", "InvoiceDate"]), ("Activity", ["SEQN", "AMOUNT"]), ("Party", [])],
)  # fmt: skip
def test_kept_fields_are_what_the_whole_parse_gives(bodies: dict[str, bytes], entity: str, fields: list[str]) -> None:
    picker = FieldPicker(fields)
    whole = parse_json(bodies[entity])
    read = page_reader(picker)(bodies[entity])
    assert _typed(read) == _typed(_picked(whole, picker))
    assert len(read["Items"]["$values"]) == len(whole["Items"]["$values"]) > 0


@pytest.mark.parametrize(
    "body",
    [b'{"Message": "An error has occurred."}', b"[1, 2.50]", b'{"Items": 5, "Offset": 0}', b'{"Id": 1.5}',
     b'{"Items": {"$type": "x"}}', b'{"Items": [1, 2]}', b"null", b'"text"'],
)  # fmt: skip
def test_anything_but_a_page_of_objects_is_parsed_whole(body: bytes) -> None:
    assert _typed(page_reader(FieldPicker(["Id"]))(body)) == _typed(parse_json(body))


def test_a_bare_list_of_items_is_picked() -> None:
    read = page_reader(FieldPicker(["Id"]))(b'{"Items": [{"Id": 1.50, "Other": [1]}], "Offset": 0}')
    assert _typed(read) == _typed({"Items": [{"Id": parse_json(b"1.50")}], "Offset": 0})


def test_a_refused_value_in_a_kept_field_is_a_data_error() -> None:
    body = b'{"Items": {"$values": [{"Id": 1e999999999}]}}'
    with pytest.raises(DataError, match="exponent"):
        page_reader(FieldPicker(["Id"]))(body)


def test_a_skipped_field_is_only_checked_for_syntax() -> None:
    body = b'{"Items": {"$values": [{"Id": 1, "Other": 1e999999999}]}}'
    assert page_reader(FieldPicker(["Id"]))(body) == {"Items": {"$values": [{"Id": 1}]}}
    with pytest.raises(DataError, match="NaN"):
        page_reader(FieldPicker(["Id"]))(b'{"Items": {"$values": [{"Id": 1, "Other": NaN}]}}')


def test_without_msgspec_the_reader_is_the_whole_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "msgspec", None)
    assert page_reader(FieldPicker(["Id"])) is parse_json

"""Shared helpers for the emulator conformance tests: an HTTP client and JSON helpers.

Every request has a timeout (``TIMEOUT``) so no test can wait forever.
"""

from __future__ import annotations

from typing import Any

import requests

from imisql.emulator import Emulator

TIMEOUT = 10.0


class Client:
    """A ``requests`` session bound to one emulator, with a bearer token once ``login()`` ran."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.base = emu.base_url
        self.http = requests.Session()

    def token(self, username: str | None = None, password: str | None = None) -> str:
        form = {"grant_type": "password", "username": username or self.emu.username,
                "password": password or self.emu.password}  # fmt: skip
        response = self.http.post(f"{self.base}/token", data=form, timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def login(self, username: str | None = None, password: str | None = None) -> Client:
        self.http.headers["Authorization"] = f"Bearer {self.token(username, password)}"
        return self

    def get(self, path: str, params: Any = None, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return self.http.get(self.base + path, params=params, **kwargs)

    def json(self, path: str, params: Any = None) -> Any:
        response = self.get(path, params)
        assert response.status_code == 200, (response.status_code, response.text)
        return response.json()

    def items(self, path: str, params: Any = None) -> list[dict[str, Any]]:
        return list(self.json(path, params)["Items"]["$values"])

    def send(self, method: str, path: str, body: Any = None) -> requests.Response:
        """A write request with a JSON body (none when ``body`` is None)."""
        return self.http.request(method, self.base + path, json=body, timeout=TIMEOUT)

    def total(self, path: str, params: Any = None) -> int:
        return int(self.json(path, params)["TotalCount"])

    def close(self) -> None:
        self.http.close()


def path_value(item: Any, path: str) -> Any:
    """The value at a dotted path with ``[0]`` meaning the first ``$values`` element."""
    value = item
    for part in path.split("."):
        name, _, index = part.partition("[")
        value = value.get(name) if isinstance(value, dict) else None
        if index:
            values = value.get("$values") if isinstance(value, dict) else None
            value = values[0] if values else None
    return value


def properties(item: dict[str, Any]) -> dict[str, Any]:
    """A GenericEntityData property bag as ``{name: raw Value or MISSING}``."""
    return {p["Name"]: p.get("Value", MISSING) for p in item["Properties"]["$values"]}


MISSING = object()


def plain(value: Any) -> Any:
    """Unwrap a ``{"$type", "$value"}`` wrapper; MISSING becomes None."""
    if value is MISSING:
        return None
    return value["$value"] if isinstance(value, dict) else value


GENERIC = "Asi.Soa.Core.DataContracts.GenericEntityData, Asi.Contracts"


def bag(entity: str, **values: Any) -> dict[str, Any]:
    """A GenericEntityData body for ``entity`` with plain property values (None omits ``Value``)."""
    entries = [{"Name": name} if value is None else {"Name": name, "Value": value} for name, value in values.items()]
    return {"$type": GENERIC, "EntityTypeName": entity, "Properties": {"$values": entries}}


def validation_messages(response: requests.Response) -> list[str]:
    """The messages of a 400 ``ValidationResults`` answer (asserting its shape)."""
    assert response.status_code == 400 and response.reason == "Validation error", (response.status_code, response.text)
    body = response.json()
    assert body["$type"] == "Asi.Soa.Core.DataContracts.ValidationResultsData, Asi.Contracts"
    assert body["IsValid"] is False and body["Summary"]
    errors = body["Errors"]["$values"]
    assert errors and all(e["Severity"] == "Error" for e in errors)
    return [str(e["Message"]) for e in errors]

"""The values a client exchange is made of: ``Request`` (what to send) and ``Response`` (what came back).

Both are plain data, so the auth flow can build requests and read responses without touching the
network, and the transport, retry policy and failure mapping can share them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from imisql.http.jsonparse import Body
from imisql.http.requestlog import describe_request

__all__ = ["METHODS", "Request", "Response"]

METHODS = frozenset({"GET", "POST", "PUT", "DELETE"})


@dataclass(frozen=True)
class Request:
    """One HTTP request relative to the site root.

    ``body`` is an encoded JSON body, ``form`` a form body (the token grant; never shown anywhere). ``replayable``
    marks a request that is safe to send twice whatever its verb (the token grant is). ``is_token``
    marks the token request, which stats count apart. ``parse`` reads the answer's body in place of
    ``imisql.http.jsonparse.parse_json`` (a page reader that skips the fields a plan does not read); it
    is given a view of a buffer that is reused once it returns, so it must not keep that view.
    """

    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    body: bytes | None = field(default=None, repr=False)
    form: Mapping[str, str] | None = field(default=None, repr=False)
    replayable: bool = False
    is_token: bool = False
    parse: Callable[[Body], Any] | None = field(default=None, repr=False, compare=False)  # None: parse_json

    @property
    def described(self) -> str:
        """``GET /api/Party?LastName=Smith``: how errors and logs name it (secrets redacted)."""
        return describe_request(self.method, self.path, self.params)

    def with_headers(self, **headers: str) -> Request:
        return replace(self, headers={**self.headers, **headers})


@dataclass(frozen=True)
class Response:
    """A complete response: status, headers (lower-cased names), the body's size, the body, and its JSON.

    ``data`` is the parsed JSON body (``None`` for an empty body); ``parsed`` says whether it parsed.
    ``body`` holds the bytes only where something may still read them: a success whose JSON parsed
    keeps ``b""`` (its ``data`` is the answer), every other response keeps the body in full.
    """

    status: int
    reason: str
    headers: Mapping[str, str] = field(repr=False)
    size: int
    body: bytes = field(default=b"", repr=False)
    data: Any = field(default=None, repr=False)
    parsed: bool = False

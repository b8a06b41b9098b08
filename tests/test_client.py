"""Tests for imisql.client: configuration and secrecy (pure), then HTTP behaviour over real sockets.

Every HTTP test talks to 127.0.0.1 only: the emulator, or a port with nothing listening. Retry limits
in these configs are tiny so every wait is bounded.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest

from imisql.client import Client, ClientConfig, RequestLog, describe_request, imis_message, normalize_base_url
from imisql.errors import (
    ConnectionFailed,
    InsecureConnectionError,
    InterfaceError,
    OperationalError,
    RetriesExhaustedError,
)

SECRETS = ("s3cret-pass", "tok-SECRET-123", "rvt-SECRET-456")

# --- configuration (pure) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://example.org/imis", "https://example.org/imis"),
        ("https://example.org/imis/", "https://example.org/imis"),
        ("https://example.org/imis/api", "https://example.org/imis"),
        ("https://example.org/imis/API/", "https://example.org/imis"),
        ("https://example.org", "https://example.org"),
        ("  https://example.org/api  ", "https://example.org"),
        ("https://example.org/rapid", "https://example.org/rapid"),
    ],
)
def test_base_url_is_normalised_to_the_site_root(given: str, expected: str) -> None:
    assert normalize_base_url(given) == expected
    assert ClientConfig(given, token="t").base_url == expected


@pytest.mark.parametrize(
    "url",
    ["http://example.org", "http://10.0.0.5/imis", "http://imis.internal:8080", "http://[2001:db8::1]/"],
)
def test_plain_http_to_a_non_loopback_host_is_refused_before_connecting(url: str) -> None:
    with pytest.raises(InsecureConnectionError, match="allow_insecure_http"):
        ClientConfig(url, token="t")
    assert ClientConfig(url, token="t", allow_insecure_http=True).base_url.startswith("http://")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080",
        "http://127.5.6.7",
        "http://localhost/imis",
        "http://[::1]:9000",
        "https://a.b",
    ],
)
def test_loopback_http_and_https_are_allowed(url: str) -> None:
    ClientConfig(url, token="t")


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({}, id="no-auth"),
        pytest.param({"username": "u"}, id="username-without-password"),
        pytest.param({"password": "p"}, id="password-without-username"),
        pytest.param({"token": "t", "verification_token": "v"}, id="two-modes"),
        pytest.param({"token": "t", "username": "u", "password": "p"}, id="token-and-password"),
        pytest.param({"token": "t", "max_attempts": 0}, id="zero-attempts"),
        pytest.param({"token": "t", "read_timeout": 0}, id="zero-timeout"),
        pytest.param({"token": "t", "concurrency": 0}, id="zero-concurrency"),
        pytest.param({"token": "t", "retry_budget": -1}, id="negative-budget"),
    ],
)
def test_bad_configs_are_interface_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InterfaceError):
        ClientConfig("https://example.org", **kwargs)


@pytest.mark.parametrize("url", ["ftp://example.org", "example.org/imis", "https://"])
def test_base_url_must_be_http(url: str) -> None:
    with pytest.raises(InterfaceError):
        ClientConfig(url, token="t")


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(ClientConfig("https://e.org", username="u", password=SECRETS[0]), id="password"),
        pytest.param(ClientConfig("https://e.org", token=SECRETS[1]), id="token"),
        pytest.param(ClientConfig("https://e.org", verification_token=SECRETS[2]), id="verification-token"),
    ],
)
def test_repr_never_shows_secrets(config: ClientConfig) -> None:
    with Client(config) as client:
        for text in (repr(config), str(config), repr(client), repr(client.stats)):
            assert not any(secret in text for secret in SECRETS)
    assert config.auth_mode in repr(client)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ([], "GET /api/Party"),
        ([("LastName", "O'Brien & Co")], "GET /api/Party?LastName=O'Brien & Co"),
        ([("A", "1"), ("A", "2")], "GET /api/Party?A=1&A=2"),
        ([("password", "x"), ("access_token", "y")], "GET /api/Party?password=***&access_token=***"),
    ],
)
def test_describe_request_decodes_and_redacts(params: list[tuple[str, str]], expected: str) -> None:
    assert describe_request("GET", "/api/Party", params) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            b'{"$type":"Asi.Soa.Core.DataContracts.ValidationResultsData, Asi.Contracts",'
            b'"Errors":{"$type":"C","$values":[{"Message":"Bad A"},{"Message":"Bad B"}]},'
            b'"Summary":"2 errors"}',
            "Bad A; Bad B",
            id="validation-errors",
        ),
        pytest.param(
            b'{"ValidationResults":{"Errors":{"$values":[]},"Summary":"Nope"}}', "Nope", id="summary"
        ),
        pytest.param(
            b'{"error":"invalid_grant","error_description":"Bad password"}', "Bad password", id="oauth"
        ),
        pytest.param(b'{"Message":"An error occurred."}', "An error occurred.", id="message"),
        pytest.param(b'"plain json string"', "plain json string", id="json-string"),
        pytest.param(b"Not found: Party 9", "Not found: Party 9", id="text"),
        pytest.param(
            b"<html><head><title>Service  Unavailable</title></head></html>", "Service Unavailable", id="html"
        ),
        pytest.param(b"", None, id="empty"),
        pytest.param(b"{}", None, id="empty-object"),
    ],
)
def test_imis_message_extraction(body: bytes, expected: str | None) -> None:
    assert imis_message(body) == expected


@pytest.mark.parametrize("path", ["api/Party", "/api/Party?x=1", "https://e.org/api/Party"])
def test_bad_paths_are_interface_errors(path: str) -> None:
    with Client(ClientConfig("https://e.org", token="t")) as client, pytest.raises(InterfaceError):
        client.get_json(path)


def test_closed_client_refuses_requests() -> None:
    client = Client(ClientConfig("https://e.org", token="t"))
    client.close()
    with pytest.raises(InterfaceError, match="closed"):
        client.get_json("/api/Party")


# --- a port with nothing listening (127.0.0.1, no emulator needed) ---------------------------------------


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_is_retried_then_reported() -> None:
    logs: list[RequestLog] = []
    config = ClientConfig(f"http://127.0.0.1:{_dead_port()}", token=SECRETS[1], max_attempts=3, backoff=0.01)
    with Client(config, on_request=logs.append) as client, pytest.raises(RetriesExhaustedError) as info:
        client.get_json("/api/Party", [("LastName", "Smith")])
    error = info.value
    assert isinstance(error, ConnectionFailed) and isinstance(error, OperationalError)
    assert error.attempts == 3 and "connection refused" in str(error) and "3 attempts" in str(error)
    assert error.request == "GET /api/Party?LastName=Smith"
    assert [log.attempt for log in logs] == [1, 2, 3] and all(log.status is None for log in logs)
    assert client.stats.retries == 2 and client.stats.requests == 3


def test_token_endpoint_refused_is_a_connection_failure_without_secrets() -> None:
    config = ClientConfig(
        f"http://127.0.0.1:{_dead_port()}", username="u", password=SECRETS[0], max_attempts=2, backoff=0.01
    )
    with Client(config) as client, pytest.raises(ConnectionFailed, match="POST /token") as info:
        client.get_json("/api/Party")
    assert SECRETS[0] not in str(info.value)
    assert client.stats.auth_count == 2

"""Tests for imisql.client: configuration and secrecy (pure), then HTTP behaviour over real sockets.

Every HTTP test talks to 127.0.0.1 only: the emulator, or a port with nothing listening. Retry limits
in these configs are tiny so every wait is bounded.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

from imisql.decode import decode_item
from imisql.emulator import Emulator, EmulatorConfig, Faults, LoggedRequest
from imisql.errors import (
    AuthenticationError,
    BadRequestError,
    ConnectionFailed,
    InsecureConnectionError,
    InterfaceError,
    NotFoundError,
    NotSupportedByServerError,
    OperationalError,
    PermissionDeniedError,
    RetriesExhaustedError,
    ServerError,
    ServerFaultError,
)
from imisql.http import Client, ClientConfig, RequestLog, describe_request, imis_message, normalize_base_url
from imisql.paging import fetch_one, iter_pages
from tests.conftest import MakeEmulator
from tests.support.tls_server import tls_server

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
        pytest.param(b'{"ValidationResults":{"Errors":{"$values":[]},"Summary":"Nope"}}', "Nope", id="summary"),
        pytest.param(b'{"error":"invalid_grant","error_description":"Bad password"}', "Bad password", id="oauth"),
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


# --- against the emulator (real sockets, 127.0.0.1) ----------------------------------------------------

GUEST = EmulatorConfig()  # the emulator's default accounts


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    """The shared emulator (conftest), clean, with the previous test's late log entries settled."""
    _wait_until_quiet(emulator)
    emulator.clear_log()
    return emulator


@pytest.fixture
def rvt_emu(make_emulator: MakeEmulator) -> Emulator:
    """An emulator that accepts ``RequestVerificationToken: <SECRETS[2]>``."""
    return make_emulator(verification_token=SECRETS[2], parties=20)


def _wait_until_quiet(emulator: Emulator) -> None:
    """Let the previous test's last log entries land (the emulator logs just after responding)."""
    deadline = time.monotonic() + 1.0
    seen = -1
    while len(emulator.request_log) != seen and time.monotonic() < deadline:
        seen = len(emulator.request_log)
        time.sleep(0.03)


def fast(emulator: Emulator, **overrides: Any) -> ClientConfig:
    """A password-grant config with tiny, bounded retry limits."""
    settings: dict[str, Any] = {
        "username": emulator.username,
        "password": emulator.password,
        "max_attempts": 8,
        "backoff": 0.005,
        "max_backoff": 0.05,
        "retry_budget": 10.0,
        "read_timeout": 5.0,
        "connect_timeout": 2.0,
    }
    settings.update(overrides)
    return ClientConfig(emulator.base_url, **settings)


def api_log(emulator: Emulator, expect: int) -> list[LoggedRequest]:
    """The emulator's /api log once it holds ``expect`` entries (it logs just after responding).

    Bounded: after 2 s it returns whatever is there and the caller's assertion shows the difference.
    """
    deadline = time.monotonic() + 2.0
    while True:
        entries = [r for r in emulator.request_log if r.path.startswith("/api")]
        if len(entries) >= expect or time.monotonic() > deadline:
            return entries
        time.sleep(0.01)


def gets(client: Client) -> int:
    """GET requests the client sent (token POSTs excluded)."""
    return client.stats.requests - client.stats.auth_count


def fresh_token(emulator: Emulator) -> str:
    """A bearer token fetched by the test itself (the given-token mode needs one)."""
    form = {"grant_type": "password", "username": emulator.username, "password": emulator.password}
    response = requests.post(emulator.base_url + "/token", data=form, timeout=5)
    response.raise_for_status()
    return str(response.json()["access_token"])


def test_password_grant_token_is_cached_and_sent_as_bearer(emu: Emulator) -> None:
    with Client(fast(emu)) as client:
        for _ in range(3):
            body = client.get_json("/api/Party", [("limit", "1")])
            assert body["TotalCount"] == 300
        assert client.stats.auth_count == 1 and client.stats.requests == 4
    posts = [r for r in emu.request_log if r.method == "POST"]
    assert [r.path.lower() for r in posts] == ["/token"]
    assert all("Authorization" in r.headers and r.status == 200 for r in api_log(emu, 3))


def test_bad_password_is_an_authentication_error_with_the_imis_description(emu: Emulator) -> None:
    with Client(fast(emu, password=SECRETS[0])) as client, pytest.raises(AuthenticationError) as info:
        client.get_json("/api/Party")
    message = str(info.value)
    assert "The user name or password is incorrect." in message and "HTTP 400" in message
    assert SECRETS[0] not in message and "POST /token" in message
    assert api_log(emu, 0) == []


def test_given_token_mode(emu: Emulator) -> None:
    with Client(ClientConfig(emu.base_url, token=fresh_token(emu))) as client:
        assert client.get_json("/api/Party", [("limit", "1")])["Count"] == 1
        assert client.stats.auth_count == 0


def test_given_token_refused_is_an_authentication_error_without_retry(emu: Emulator) -> None:
    config = ClientConfig(emu.base_url, token=SECRETS[1], max_attempts=5, backoff=0.005)
    with Client(config) as client, pytest.raises(AuthenticationError, match="bearer token") as info:
        client.get_json("/api/Party", [("LastName", "Smith")])
    assert SECRETS[1] not in str(info.value) and "GET /api/Party?LastName=Smith" in str(info.value)
    assert len(api_log(emu, 1)) == 1


def test_verification_token_mode_sends_the_header_and_no_bearer(rvt_emu: Emulator) -> None:
    with Client(ClientConfig(rvt_emu.base_url, verification_token=SECRETS[2])) as client:
        assert client.get_json("/api/Party", [("limit", "2")])["Count"] == 2
    (logged,) = api_log(rvt_emu, 1)
    assert "RequestVerificationToken" in logged.headers and "Authorization" not in logged.headers


def test_wrong_verification_token_is_an_authentication_error(rvt_emu: Emulator) -> None:
    config = ClientConfig(rvt_emu.base_url, verification_token="wrong")
    with Client(config) as client, pytest.raises(AuthenticationError, match="RequestVerificationToken"):
        client.get_json("/api/Party")


def test_token_rejected_mid_paging_is_refreshed_transparently(emu: Emulator) -> None:
    emu.faults = Faults(token_expiry_after=2)
    with Client(fast(emu)) as client:
        pages = list(iter_pages(client, "/api/Party", page_size=40))
        assert client.stats.auth_count >= 3 and client.stats.retries == 0
    ids = [item["Id"] for page in pages for item in page.items]
    assert len(ids) == len(set(ids)) == 300
    statuses = [r.status for r in api_log(emu, gets(client))]
    assert statuses.count(401) == client.stats.auth_count - 1 and statuses.count(200) == len(pages)


def test_a_token_lifetime_below_a_second_is_kept_until_a_401(make_emulator: MakeEmulator) -> None:
    """expires_in 0 (a 0.5 s lifetime, rounded down) is nonsense: the token is not renewed before every use."""
    now = [1000.0]
    emulator = make_emulator(parties=5, token_lifetime=0.5, clock=lambda: now[0])
    with Client(fast(emulator)) as client:
        for _ in range(3):
            client.get_json("/api/Party", [("limit", "1")])
        assert client.stats.auth_count == 1
        now[0] += 1  # the server's token expires: one 401, one renewal, and the request goes through
        assert client.get_json("/api/Party", [("limit", "1")])["Count"] == 1
        assert client.stats.auth_count == 2
    assert [r.status for r in api_log(emulator, 5)] == [200, 200, 200, 401, 200]


def test_repeated_401_after_reauth_is_an_authentication_error(emu: Emulator) -> None:
    emu.faults = Faults(token_expiry_after=0)
    with Client(fast(emu)) as client, pytest.raises(AuthenticationError, match="fresh token"):
        client.get_json("/api/Party")
    assert [r.status for r in api_log(emu, 2)] == [401, 401]


@pytest.mark.parametrize(
    ("path", "params", "error", "text"),
    [
        pytest.param("/api/Party", [("Foo", "bar")], BadRequestError, "'Foo' is not a valid property", id="400"),
        pytest.param("/api/Party/999999", [], NotFoundError, "999999", id="404-id"),
        pytest.param("/api/NoSuchEntity", [], NotFoundError, "No HTTP resource", id="404-route"),
        pytest.param("/api/metadata/EventRegistration", [], NotSupportedByServerError, "HTTP 501", id="501"),
    ],
)
def test_error_statuses_map_to_the_exception_tree(
    emu: Emulator, path: str, params: list[tuple[str, str]], error: type[Exception], text: str
) -> None:
    with Client(fast(emu)) as client, pytest.raises(error, match=text) as info:
        client.get_json(path, params)
    assert isinstance(info.value, ServerError) and info.value.request == describe_request("GET", path, params)
    assert len(api_log(emu, 1)) == 1


def test_forbidden_entity_is_permission_denied(emu: Emulator) -> None:
    config = fast(emu, username=GUEST.guest_username, password=GUEST.guest_password)
    with Client(config) as client, pytest.raises(PermissionDeniedError) as info:
        client.get_json("/api/User")
    assert info.value.status == 403 and isinstance(info.value, OperationalError)


def test_fetch_one_returns_the_item_or_none_on_404(emu: Emulator) -> None:
    with Client(fast(emu)) as client:
        first = client.get_json("/api/Party", [("limit", "1")])["Items"]["$values"][0]
        found = fetch_one(client, f"/api/Party/{first['Id']}")
        assert found is not None and found["Id"] == first["Id"]
        assert fetch_one(client, "/api/Party/999999") is None


def test_json_numbers_are_parsed_as_exact_decimals(emu: Emulator) -> None:
    with Client(fast(emu)) as client:
        items = client.get_json("/api/Invoice", [("limit", "20")])["Items"]["$values"]
    amounts = [decode_item(item)["InvoiceAmount"] for item in items]
    amounts = [a["Amount"] if isinstance(a, dict) else a for a in amounts]
    assert amounts and all(isinstance(a, Decimal | int) for a in amounts)
    assert not any(isinstance(a, float) for a in amounts)


def test_query_values_are_url_encoded_by_the_client(emu: Emulator) -> None:
    odd = "O'Brien & Sons|=?#%+ é"
    with Client(fast(emu)) as client:
        client.get_json("/api/Party", [("LastName", odd), ("LastName", "ne:x")])
    (logged,) = api_log(emu, 1)
    assert logged.params == [("LastName", odd), ("LastName", "ne:x")]


@pytest.mark.parametrize(
    "faults",
    [
        pytest.param(Faults(error_rate=0.5, seed=3), id="503"),
        pytest.param(Faults(error_rate=0.5, error_status=429, seed=3), id="429"),
        pytest.param(Faults(error_rate=0.5, error_status=502, retry_after=0, seed=3), id="502-retry-after-0"),
        pytest.param(Faults(reset_rate=0.4, seed=4), id="connection-reset"),
        pytest.param(Faults(truncate_rate=0.4, seed=5), id="truncated-body"),
        pytest.param(Faults(non_json_rate=0.4, seed=6), id="html-200"),
        pytest.param(Faults(restore_window=(1, 5)), id="restore-window"),
    ],
)
def test_transient_faults_are_retried_and_paging_completes(emu: Emulator, faults: Faults) -> None:
    emu.faults = faults
    logs: list[RequestLog] = []
    with Client(fast(emu, max_attempts=12), on_request=logs.append) as client:
        pages = list(iter_pages(client, "/api/Party", page_size=50))
        assert client.stats.retries > 0
    ids = [item["Id"] for page in pages for item in page.items]
    assert len(ids) == len(set(ids)) == 300
    assert max(log.attempt for log in logs) >= 2


def test_timed_restore_is_ridden_out(emu: Emulator) -> None:
    emu.begin_restore(0.3)
    with Client(fast(emu, max_attempts=50, backoff=0.02, max_backoff=0.1)) as client:
        assert client.get_json("/api/Party", [("limit", "1")])["Count"] == 1
        assert client.stats.retries >= 1
    log = api_log(emu, gets(client))
    assert log[-1].status == 200 and log[0].status in (500, 503)


def test_retries_are_bounded_by_max_attempts_with_a_clear_error(emu: Emulator) -> None:
    emu.faults = Faults(error_rate=1.0)
    with Client(fast(emu, max_attempts=3)) as client, pytest.raises(RetriesExhaustedError) as info:
        client.get_json("/api/Party", [("LastName", "Smith")])
    error = info.value
    assert (error.status, error.attempts, error.request) == (503, 3, "GET /api/Party?LastName=Smith")
    assert "3 attempts" in str(error) and "HTTP 503" in str(error) and "max_attempts=3" in str(error)
    assert len(api_log(emu, 3)) == 3


def test_retries_are_bounded_by_the_budget(emu: Emulator) -> None:
    emu.faults = Faults(error_rate=1.0)
    config = fast(emu, max_attempts=1000, backoff=0.02, max_backoff=0.02, retry_budget=0.2)
    with Client(config) as client, pytest.raises(RetriesExhaustedError, match=r"retry_budget=0\.2s") as info:
        client.get_json("/api/Party")
    assert 1 < info.value.attempts < 1000


def test_retry_after_beyond_the_budget_gives_up_at_once(emu: Emulator) -> None:
    emu.faults = Faults(error_rate=1.0, retry_after=3600)
    with Client(fast(emu, retry_budget=5.0)) as client, pytest.raises(RetriesExhaustedError) as info:
        client.get_json("/api/Party")
    assert info.value.attempts == 1 and "asked to wait 3600s" in str(info.value)


def test_retry_after_is_honoured(emu: Emulator) -> None:
    emu.faults = Faults(restore_window=(0, 1), retry_after=1)
    logs: list[RequestLog] = []
    started = time.monotonic()
    with Client(fast(emu), on_request=logs.append) as client:
        client.get_json("/api/Party", [("limit", "1")])
    assert time.monotonic() - started >= 1.0  # the jittered backoff alone stays under 0.05 s
    first, second = [log for log in logs if log.method == "GET"]
    assert second.attempt == 2 and first.status in (500, 503) and second.status == 200
    assert client.stats.retries == 1


def test_json_500_is_not_retried(emu: Emulator) -> None:
    emu.faults = Faults(error_rate=1.0, error_status=500)
    with Client(fast(emu)) as client, pytest.raises(ServerFaultError, match="HTTP 500") as info:
        client.get_json("/api/Party")
    assert isinstance(info.value, OperationalError) and len(api_log(emu, 1)) == 1


def test_hung_response_times_out_and_is_bounded(make_emulator: MakeEmulator) -> None:
    # its own emulator: stopping it at teardown ends the server-side hangs
    emulator = make_emulator(parties=5, faults=Faults(hang_rate=1.0, hang_seconds=5.0))
    config = fast(emulator, read_timeout=0.2, max_attempts=2, retry_budget=1.0)
    with Client(config) as client, pytest.raises(RetriesExhaustedError, match="read timeout") as info:
        client.get_json("/api/Party")
    assert info.value.attempts == 2 and info.value.status is None


def test_concurrent_requests_share_one_token(emu: Emulator) -> None:
    emu.faults = Faults(token_expiry_after=5)
    with Client(fast(emu, concurrency=4)) as client, ThreadPoolExecutor(max_workers=4) as pool:
        offsets = range(0, 300, 20)
        bodies = list(pool.map(lambda n: client.get_json("/api/Party", [("limit", "20"), ("offset", str(n))]), offsets))
        assert sum(body["Count"] for body in bodies) == 300
        assert client.stats.auth_count <= 1 + len(offsets) // 5 + 4


def test_on_request_logs_and_errors_never_carry_secrets(emu: Emulator) -> None:
    logs: list[RequestLog] = []
    emu.faults = Faults(token_expiry_after=1, error_rate=0.3, seed=2)
    config = fast(emu, max_attempts=12)
    with Client(config, on_request=logs.append) as client:
        list(iter_pages(client, "/api/Party", [("LastName", "ne:x")], page_size=100))
        with pytest.raises(BadRequestError) as info:
            client.get_json("/api/Party", [("password", "hunter2"), ("Foo", "1")])
        texts = [repr(log) for log in logs] + [str(info.value), repr(client), repr(config)]
    token = fresh_token(emu)
    for text in texts:
        assert emu.password not in text and "hunter2" not in text and token[:20] not in text
    assert any(log.method == "POST" and log.url.endswith("/token") for log in logs)
    assert any("LastName=ne:x" in log.url and "limit=100" in log.url for log in logs)


# --- TLS (a self-signed HTTPS server on 127.0.0.1) -------------------------------------------------------


@pytest.fixture
def tls_url(tmp_path: Path) -> Iterator[str]:
    with tls_server(tmp_path, b'{"ok": true, "amount": 0.10}') as url:
        yield url


def test_tls_is_verified_by_default_and_not_retried(tls_url: str) -> None:
    logs: list[RequestLog] = []
    config = ClientConfig(tls_url, token=SECRETS[1], max_attempts=5)
    with Client(config, on_request=logs.append) as client, pytest.raises(ConnectionFailed, match="TLS") as info:
        client.get_json("/api/Party")
    assert not isinstance(info.value, RetriesExhaustedError) and len(logs) == 1


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_tls_verification_can_be_switched_off_for_test_servers(tls_url: str) -> None:
    with Client(ClientConfig(tls_url, token=SECRETS[1], verify_tls=False)) as client:
        assert client.get_json("/api/Party") == {"ok": True, "amount": Decimal("0.10")}

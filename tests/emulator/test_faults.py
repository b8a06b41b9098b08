"""Injected faults, the request log and the API request counter.

Waits are bounded by request timeouts; no test asserts an upper bound on elapsed time.
"""

from __future__ import annotations

import time

import pytest
import requests

from imisql.emulator import Emulator, Faults
from tests.conftest import MakeEmulator
from tests.emulator.support import TIMEOUT, Client


def _statuses(client: Client, count: int, path: str = "/api/Country/US") -> list[int]:
    return [client.get(path).status_code for _ in range(count)]


def test_latency_delays_api_responses(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(latency=0.3)
    started = time.monotonic()
    assert client.get("/api/Country/US").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_error_rate_one_fails_every_api_request(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(error_rate=1.0, retry_after=7)
    response = client.get("/api/Party")
    assert response.status_code == 503 and response.reason == "Service Unavailable"
    assert response.json() == {"Message": "Service Unavailable"}
    assert response.headers["Retry-After"] == "7"
    assert client.token()  # /token is never faulted


@pytest.mark.parametrize("status", [429, 500, 502, 504])
def test_error_status_is_configurable(emulator: Emulator, client: Client, status: int) -> None:
    emulator.faults = Faults(error_rate=1.0, error_status=status)
    response = client.get("/api/Party")
    assert response.status_code == status and response.json()["Message"]
    assert "Retry-After" not in response.headers


def test_fault_sequence_is_deterministic(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(error_rate=0.5, seed=3)
    first = _statuses(client, 30)
    emulator.faults = Faults(error_rate=0.5, seed=3)
    assert _statuses(client, 30) == first
    assert set(first) == {200, 503}
    emulator.faults = Faults(error_rate=0.5, seed=4)
    assert _statuses(client, 30) != first


def test_restore_window_counts_from_when_faults_were_set(emulator: Emulator, client: Client) -> None:
    _statuses(client, 3)
    emulator.faults = Faults(restore_window=(2, 5), retry_after=30)
    responses = [client.get("/api/Country/US") for _ in range(7)]
    assert [r.status_code for r in responses[:2] + responses[5:]] == [200] * 4
    for r in responses[2:5]:
        assert r.status_code in (500, 503) and r.headers["Content-Type"].startswith("text/html")
        assert r.headers["Retry-After"] == "30"
        with pytest.raises(ValueError):
            r.json()


def test_begin_restore_fails_until_the_time_has_passed(make_emulator: MakeEmulator) -> None:
    now = [0.0]
    emu = make_emulator(clock=lambda: now[0])
    client = Client(emu).login()
    emu.begin_restore(300)
    assert set(_statuses(client, 6)) <= {500, 503}
    assert client.token()
    now[0] += 299
    assert client.get("/api/Party").status_code in (500, 503)
    now[0] += 1
    assert _statuses(client, 3) == [200] * 3


def test_begin_restore_on_the_real_clock(emulator: Emulator, client: Client) -> None:
    emulator.begin_restore(600)
    assert client.get("/api/Party").status_code in (500, 503)
    emulator.end_restore()
    assert client.get("/api/Party").status_code == 200


def test_reset_gives_a_connection_error(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(reset_rate=1.0)
    with pytest.raises(requests.ConnectionError):
        client.get("/api/Party")
    assert emulator.request_log[-1].status == 0


def test_truncated_body(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(truncate_rate=1.0)
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        client.get("/api/Party")


def test_truncated_body_raw(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(truncate_rate=1.0)
    response = client.http.get(client.base + "/api/Country/US", stream=True, timeout=TIMEOUT)
    expected = int(response.headers["Content-Length"])
    received = b""
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        for chunk in response.iter_content(16):
            received += chunk
    assert 0 < len(received) < expected


def test_non_json_body(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(non_json_rate=1.0)
    response = client.get("/api/Party")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    with pytest.raises(ValueError):
        response.json()


def test_short_hang_then_the_connection_closes(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(hang_rate=1.0, hang_seconds=0.2)
    with pytest.raises(requests.ConnectionError):
        client.get("/api/Party")
    assert emulator.request_log[-1].status == 0


def test_long_hang_times_out_and_does_not_block_shutdown(make_emulator: MakeEmulator) -> None:
    emu = make_emulator(faults=Faults(hang_rate=1.0, hang_seconds=600))
    client = Client(emu).login()
    with pytest.raises(requests.ReadTimeout):
        client.get("/api/Party", timeout=0.3)
    emu.stop()
    assert emu.stopping.is_set()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and not any(e.path == "/api/Party" for e in emu.request_log):
        time.sleep(0.02)
    assert [e.status for e in emu.request_log if e.path == "/api/Party"] == [0]


def test_token_expiry_after_n_requests(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(token_expiry_after=2)
    assert _statuses(client, 4) == [200, 200, 401, 401]
    client.login()
    assert _statuses(client, 3) == [200, 200, 401]


def test_faults_only_touch_api_requests(emulator: Emulator, anonymous: Client) -> None:
    emulator.faults = Faults(error_rate=1.0, latency=0.0)
    assert anonymous.get("/nothing").status_code == 404
    assert anonymous.token()


def test_faults_validate_their_values() -> None:
    with pytest.raises(ValueError):
        Faults(error_rate=1.5)
    with pytest.raises(ValueError):
        Faults(error_status=200)
    with pytest.raises(ValueError):
        Faults(latency=-1)


def test_request_log_redacts_credentials(emulator: Emulator, client: Client) -> None:
    client.token()
    headers = {"Cookie": ".ASPXAUTH=abc", "RequestVerificationToken": "vt", "X-Trace": "t1"}
    client.get("/api/Party", [("LastName", "contains:smith"), ("limit", "2"), ("LastName", "ne:x y")], headers=headers)
    token_entry, entry = emulator.request_log[-2:]
    assert (token_entry.method, token_entry.path, token_entry.status) == ("POST", "/token", 200)
    assert (entry.method, entry.path, entry.status) == ("GET", "/api/Party", 200)
    assert entry.params == [("LastName", "contains:smith"), ("limit", "2"), ("LastName", "ne:x y")]
    assert entry.query == "LastName=contains%3Asmith&limit=2&LastName=ne%3Ax+y"
    assert entry.headers["Authorization"] == "<redacted>"
    assert entry.headers["Cookie"] == "<redacted>" and entry.headers["RequestVerificationToken"] == "<redacted>"
    assert entry.headers["X-Trace"] == "t1"
    everything = repr(emulator.request_log)
    assert emulator.password not in everything
    token = str(client.http.headers["Authorization"]).split()[1]
    assert token not in everything


def test_clear_log(emulator: Emulator, client: Client) -> None:
    client.get("/api/Country/US")
    assert emulator.request_log
    emulator.clear_log()
    assert emulator.request_log == []


def test_request_log_is_bounded(make_emulator: MakeEmulator) -> None:
    emu = make_emulator(request_log_entries=5, request_log_chars=20_000)
    client = Client(emu).login()
    for n in range(8):
        client.get("/api/Country/US", params={"n": str(n)})
    assert [e.params for e in emu.request_log] == [[("n", str(n))] for n in range(3, 8)]
    client.get("/api/Party", params={"LastName": "x" * 15_000})
    client.get("/api/Party", params={"LastName": "y" * 15_000})
    assert [e.params[0][1][0] for e in emu.request_log] == ["y"]


def test_api_request_count(emulator: Emulator, client: Client) -> None:
    before = emulator.api_request_count
    client.token()
    _statuses(client, 3)
    client.get("/not-api")
    assert emulator.api_request_count == before + 3

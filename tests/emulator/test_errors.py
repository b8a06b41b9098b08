"""Error responses: every failure is JSON (or the documented HTML), never a traceback, never a crash."""

from __future__ import annotations

import socket

import pytest
import requests

from imisql.emulator import Emulator
from tests.conftest import MakeEmulator
from tests.emulator.support import TIMEOUT, Client


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/api/Party", 400), ("PUT", "/api/Party/20001", 400), ("PUT", "/api/Party", 405),
        ("DELETE", "/api/Party", 405), ("POST", "/api/Party/20001", 405), ("POST", "/api/PartySummary", 501),
        ("PUT", "/api/EventSummary/X", 501), ("DELETE", "/api/BOEntityDefinition/Activity", 501),
        ("PATCH", "/api/Party/20001", 501), ("POST", "/api/Party/_execute/x", 501),
        ("GET", "/api/Party/20001/changelog", 501),
        ("POST", "/api/iqa", 405), ("PUT", "/api/query", 405), ("POST", "/api/metadata/Party", 405),
        ("GET", "/", 404), ("GET", "/nothing/here", 404), ("GET", "/api", 404), ("GET", "/api/", 404),
        ("GET", "/api/NoSuchEntity", 404), ("GET", "/api/Par%ZZty", 404), ("GET", "/api/metadata", 404),
        ("GET", "/api/iqa/extra", 404),
    ],
)  # fmt: skip
def test_error_statuses_have_json_bodies(client: Client, method: str, path: str, status: int) -> None:
    response = client.http.request(method, client.base + path, json={"a": 1}, timeout=TIMEOUT)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["Message" if status != 400 else "Summary"]
    assert "Traceback" not in response.text
    if status == 405:
        assert response.headers["Allow"].startswith("GET")


def test_not_implemented_reason_phrase(client: Client) -> None:
    assert client.http.patch(client.base + "/api/Party/20001", timeout=TIMEOUT).reason == "Operation not implemented"


@pytest.mark.parametrize(
    "query",
    ["LastName=%ZZsmith", "LastName=%FF%FE", "LastName=contains:%", "LastName=%", "=x", "&&&", "LastName=a%00b",
     "Limit=%2B5", "OrderBy=", "LastName=" + "x" * 5000],
    ids=["bad-escape", "bad-utf8", "lone-percent", "only-percent", "empty-name", "empty-pairs", "nul", "plus",
         "empty-order", "long-value"],
)  # fmt: skip
def test_odd_query_strings_never_crash(client: Client, query: str) -> None:
    response = client.http.get(f"{client.base}/api/Party?{query}", timeout=TIMEOUT)
    assert response.status_code in (200, 400)
    assert response.json()
    assert "Traceback" not in response.text
    assert client.get("/api/Country/US").status_code == 200


def test_overlong_request_line_is_json(client: Client) -> None:
    response = client.http.get(f"{client.base}/api/Party?LastName={'x' * 70000}", timeout=TIMEOUT)
    assert response.status_code == 414
    assert response.json()["Message"]


def _raw(emu: Emulator, data: bytes) -> bytes:
    host, port = emu.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    "data",
    [b"GARBAGE\r\n\r\n", b"GET /api/Party HTTP/9.9\r\n\r\n", b"\x00\x01\x02\r\n\r\n",
     b"GET /api/Party HTTP/1.1\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
     b"POST /token HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
     b"POST /token HTTP/1.1\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n"],
    ids=["garbage", "bad-version", "binary", "bad-length", "chunked", "too-large"],
)  # fmt: skip
def test_malformed_requests_get_json_and_the_server_survives(emulator: Emulator, data: bytes) -> None:
    reply = _raw(emulator, data)
    head, _, body = reply.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n")[0]
    assert status_line.startswith(b"HTTP/1.") and status_line.split()[1] in (b"400", b"411", b"413", b"505")
    assert b"application/json" in head and body.startswith(b'{"Message":')
    assert Client(emulator).login().get("/api/Country/US").status_code == 200


def test_head_has_no_body(client: Client) -> None:
    response = client.http.head(client.base + "/api/Party", timeout=TIMEOUT)
    assert response.status_code == 501 and response.content == b""


def test_unexpected_exceptions_become_json_500(make_emulator: MakeEmulator) -> None:
    emu = make_emulator()

    def boom(*args: object) -> None:
        raise RuntimeError("secret internal detail")

    emu.router.endpoints.list_entity = boom  # type: ignore[method-assign, assignment]
    client = Client(emu).login()
    response = client.get("/api/Party")
    assert response.status_code == 500
    assert response.json() == {"Message": "An error occurred. Please contact the administrator."}
    assert "secret" not in response.text
    assert isinstance(emu.router.last_error, RuntimeError)
    assert client.get("/api/Country/US").status_code == 200


def test_keep_alive_connection_serves_many_requests(client: Client) -> None:
    for _ in range(20):
        assert client.get("/api/Country/US").status_code == 200


def test_nothing_listens_outside_loopback() -> None:
    from imisql.emulator import EmulatorConfig

    for host in ("0.0.0.0", "192.168.1.10", "example.com"):
        with pytest.raises(ValueError, match="loopback"):
            EmulatorConfig(host=host)
    assert EmulatorConfig(host="localhost").host == "127.0.0.1"


def test_connection_refused_after_stop(make_emulator: MakeEmulator) -> None:
    emu = make_emulator()
    base = emu.base_url
    emu.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(base + "/api/Party", timeout=TIMEOUT)

"""Time and size bounds against a hostile server (issue 14 items 4, 6, 7, 8), over real sockets.

A dripping server sends one byte at a time, well inside any per-read timeout, for far longer than
the deadline; the client must give up at the deadline with a clear error. The tests never time
anything: they check that the request failed the way a deadline makes it fail, where without the
deadline it would have succeeded once the drip finished.
"""

from __future__ import annotations

import gzip
import json

import pytest

import imisql
from imisql.errors import DataError, ResponseTooLargeError, RetriesExhaustedError, ServerFaultError
from imisql.http import Client, ClientConfig
from tests.http.hostile import Reply, Seen, envelope, hostile_server, json_reply

DRIP = 0.05  # seconds per byte: a 300-byte body takes 15 s, a 0.5 s deadline cuts it after ~10 bytes
BODY = json.dumps(envelope([{"Id": str(n), "Name": "x" * 10} for n in range(8)])).encode()


def _config(url: str, **overrides: object) -> ClientConfig:
    options: dict[str, object] = {"token": "t-123", "max_attempts": 1, "read_timeout": 0.5, "backoff": 0.001}
    return ClientConfig(url, **(options | overrides))  # type: ignore[arg-type]


@pytest.mark.parametrize("drip_headers", [False, True], ids=["body", "headers"])
def test_a_dripping_response_ends_at_the_read_timeout(drip_headers: bool) -> None:
    assert len(BODY) > 250
    reply = Reply(200, BODY, {"Content-Type": "application/json"}, drip=DRIP, drip_headers=drip_headers)
    with (
        hostile_server(lambda seen: reply) as site,
        Client(_config(site.base_url)) as client,
        pytest.raises(RetriesExhaustedError, match=r"no complete response within the read timeout \(0.5s\)"),
    ):
        client.get_json("/api/Party")
        assert len(site.seen) == 1


def test_the_retry_budget_caps_the_first_attempt_too() -> None:
    """DB-API: a 60 s read timeout, but a 1 s budget for the request: the drip is cut at the budget."""
    reply = Reply(200, BODY, {"Content-Type": "application/json"}, drip=DRIP)
    with (
        hostile_server(lambda seen: reply) as site,
        imisql.connect(site.base_url, token="t", read_timeout=60, retry_budget=1.0, max_attempts=5) as conn,
        pytest.raises(RetriesExhaustedError, match="1 attempt over") as info,
    ):
        conn.execute("SELECT PartyId FROM Party").fetchall()
    assert info.value.attempts == 1


def test_a_200_carrying_only_an_error_message_is_an_error() -> None:
    body = {"Message": "An error has occurred.", "ExceptionMessage": "Object reference not set"}
    with (
        hostile_server(lambda seen: json_reply(body)) as site,
        Client(_config(site.base_url)) as client,
        pytest.raises(ServerFaultError, match=r"HTTP 200 carrying an error message.*An error has occurred"),
    ):
        client.get_json("/api/Party")


def test_a_200_error_body_is_not_a_row() -> None:
    with (
        hostile_server(lambda seen: json_reply({"Message": "Authorization has been denied."})) as site,
        imisql.connect(site.base_url, token="t", max_attempts=1) as conn,
        pytest.raises(ServerFaultError, match="Authorization has been denied"),
    ):
        conn.execute("SELECT * FROM Party").fetchall()


def _bomb(size: int) -> bytes:
    return gzip.compress(b'{"Items": {"$values": ["' + b"a" * size + b'"]}}', compresslevel=9)


def test_a_gzip_bomb_is_refused_at_the_size_cap() -> None:
    bomb = _bomb(200 * 1024 * 1024)  # 200 MB of JSON in about 200 KB
    assert len(bomb) < 1024 * 1024
    reply = Reply(200, bomb, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    with (
        hostile_server(lambda seen: reply) as site,
        Client(_config(site.base_url, max_response_bytes=8 * 1024 * 1024, read_timeout=30)) as client,
    ):
        with pytest.raises(ResponseTooLargeError, match="larger than max_response_bytes"):
            client.get_json("/api/Party")
        assert client.stats.requests == 1 and client.stats.retries == 0


def test_a_declared_length_over_the_cap_is_refused_before_reading() -> None:
    reply = Reply(200, b"[" + b"1," * 3000 + b"1]", {"Content-Type": "application/json"})
    with (
        hostile_server(lambda seen: reply) as site,
        Client(_config(site.base_url, max_response_bytes=1000)) as client,
        pytest.raises(ResponseTooLargeError, match="1,000 bytes"),
    ):
        client.get_json("/api/Party")


def test_a_compressed_body_within_the_cap_is_read() -> None:
    reply = Reply(200, gzip.compress(BODY), {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    with hostile_server(lambda seen: reply) as site, Client(_config(site.base_url)) as client:
        assert client.get_json("/api/Party")["Count"] == 8


@pytest.mark.parametrize(
    ("raw", "refused"),
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, "nested too deeply", id="deep-json"),
        pytest.param(b'{"Amount": 1e999999999}', "exponent 999999999", id="huge-exponent"),
        pytest.param(b'{"Amount": NaN}', "NaN", id="nan"),
        pytest.param(b'{"Amount": -Infinity}', "-Infinity", id="infinity"),
        pytest.param(b'{"Id": ' + b"9" * 5000 + b"}", "4,300 digits", id="huge-int"),
    ],
)
def test_json_that_cannot_become_values_is_a_data_error(raw: bytes, refused: str) -> None:
    reply = Reply(200, raw, {"Content-Type": "application/json"})
    with (
        hostile_server(lambda seen: reply) as site,
        Client(_config(site.base_url, max_attempts=3)) as client,
        pytest.raises(DataError, match=refused) as info,
    ):
        client.get_json("/api/Party")
        assert "GET /api/Party" in str(info.value)
        assert len(site.seen) == 1  # refused content is not retried


def _items(seen: Seen) -> Reply:
    return json_reply(envelope([{"Id": "1"}]))


def test_a_cut_body_is_retried_and_then_read() -> None:
    replies = iter([Reply(200, BODY, {"Content-Type": "application/json"}, cut=40)])
    with (
        hostile_server(lambda seen: next(replies, None) or _items(seen)) as site,
        Client(_config(site.base_url, max_attempts=3)) as client,
    ):
        assert client.get_json("/api/Party")["Count"] == 1
        assert client.stats.retries == 1

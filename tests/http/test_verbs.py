"""The verb is a parameter; the retry policy knows which verbs are idempotent (issue 17 item 2).

GET, PUT and DELETE are re-sent after any transient failure. A POST is re-sent only when the
failure proves it was not processed (refused connection, 429, 503); once it went out and its answer
was lost, it ends as ``UnknownOutcomeError`` and the server has seen it exactly once.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from decimal import Decimal

import pytest

from imisql.errors import InterfaceError, RetriesExhaustedError, UnknownOutcomeError
from imisql.http import Client, ClientConfig
from tests.http.hostile import Reply, Seen, hostile_server, json_reply


def _config(url: str, **overrides: object) -> ClientConfig:
    options: dict[str, object] = {"token": "t-123", "max_attempts": 3, "backoff": 0.001, "read_timeout": 0.5}
    return ClientConfig(url, **(options | overrides))


def _failing_first(first: Reply) -> Callable[[Seen], Reply]:
    replies = iter([first])
    return lambda seen: next(replies, None) or json_reply({"Saved": seen.method})


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_each_verb_sends_its_method_query_and_json_body(method: str) -> None:
    body = None if method == "GET" else {"Name": "Müller", "Amount": Decimal("12.50"), "Count": Decimal("3")}
    with (
        hostile_server(lambda seen: json_reply({"Saved": seen.method})) as site,
        Client(_config(site.base_url)) as client,
    ):
        assert client.request_json(method, "/api/Thing/1", [("a", "b c")], body) == {"Saved": method}
    (seen,) = site.seen
    assert (seen.method, seen.path, seen.params) == (method, "/api/Thing/1", [("a", "b c")])
    assert seen.headers["Authorization"] == "Bearer t-123"
    if body is not None:
        assert seen.headers["Content-Type"] == "application/json"
        assert json.loads(seen.body) == {"Name": "Müller", "Amount": 12.5, "Count": 3}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize(
    "first", [Reply(hang_up=True), Reply(502), Reply(200, b'{"Sav', cut=4)], ids=["reset", "502", "cut"]
)
def test_idempotent_verbs_are_sent_again_after_a_lost_answer(method: str, first: Reply) -> None:
    with hostile_server(_failing_first(first)) as site, Client(_config(site.base_url)) as client:
        assert client.request_json(method, "/api/Thing/1") == {"Saved": method}
        assert client.stats.retries == 1
    assert [s.method for s in site.seen] == [method, method]


@pytest.mark.parametrize(
    "first",
    [Reply(hang_up=True), Reply(502), Reply(504), Reply(200, b'{"Sav', cut=4)],
    ids=["reset", "502", "504", "cut"],
)
def test_a_post_whose_answer_was_lost_is_not_sent_again(first: Reply) -> None:
    with (
        hostile_server(_failing_first(first)) as site,
        Client(_config(site.base_url)) as client,
        pytest.raises(UnknownOutcomeError, match="outcome of this POST is unknown") as info,
    ):
        client.request_json("POST", "/api/Thing", body={"Name": "x"})
        assert client.stats.retries == 0
    assert [s.method for s in site.seen] == ["POST"]
    assert "POST /api/Thing" in str(info.value) and "check on the server" in str(info.value)


@pytest.mark.parametrize("status", [429, 503])
def test_a_post_the_server_refused_to_process_is_sent_again(status: int) -> None:
    with (
        hostile_server(_failing_first(json_reply({"Message": "busy"}, status))) as site,
        Client(_config(site.base_url)) as client,
    ):
        assert client.request_json("POST", "/api/Thing", body={"Name": "x"}) == {"Saved": "POST"}
    assert [s.method for s in site.seen] == ["POST", "POST"]


def test_a_post_to_a_refused_connection_is_retried_then_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        Client(_config(f"http://127.0.0.1:{port}")) as client,
        pytest.raises(RetriesExhaustedError, match="connection refused") as info,
    ):
        client.request_json("POST", "/api/Thing", body={"Name": "x"})
    assert info.value.attempts == 3


@pytest.mark.parametrize(
    ("method", "body", "message"),
    [
        ("PATCH", None, "method must be one of"),
        ("GET", {"a": 1}, "a GET carries no body"),
        ("POST", {"a": object()}, "cannot be sent as JSON"),
        ("POST", {"a": float("nan")}, "cannot be sent as JSON"),
    ],
)
def test_bad_requests_are_interface_errors_before_sending(method: str, body: object, message: str) -> None:
    def answer(seen: Seen) -> Reply:
        raise AssertionError("nothing may be sent")

    with (
        hostile_server(answer) as site,
        Client(_config(site.base_url)) as client,
        pytest.raises(InterfaceError, match=message),
    ):
        client.request_json(method, "/api/Thing", body=body)
    assert site.seen == []

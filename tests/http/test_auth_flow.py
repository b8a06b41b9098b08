"""The token life cycle against a hostile token endpoint, and secrets a server echoes back
(issue 14 items 5, 11 and 12), over real sockets."""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

import imisql
from imisql.errors import AuthenticationError, BadRequestError, ImisqlError, InterfaceError, PermissionDeniedError
from imisql.http import Client, ClientConfig
from tests.http.hostile import TOKEN_REPLY, Reply, Seen, envelope, hostile_server, json_reply

PASSWORD = "echo-SECRET-pw-42"


def _config(url: str, **overrides: object) -> ClientConfig:
    options: dict[str, object] = {"username": "u", "password": PASSWORD, "max_attempts": 4, "backoff": 0.001}
    return ClientConfig(url, **(options | overrides))  # type: ignore[arg-type]


def _token_posts(seen: list[Seen]) -> int:
    return sum(1 for s in seen if s.path == "/token")


@pytest.mark.parametrize("status", [503, 429, 502])
def test_a_token_request_is_retried_through_a_restore_window(status: int) -> None:
    failures = iter([json_reply({"Message": "restoring"}, status, **{"Retry-After": "0"})] * 2)

    def answer(seen: Seen) -> Reply:
        if seen.path == "/token":
            return next(failures, None) or TOKEN_REPLY
        return json_reply(envelope([{"Id": "1"}]))

    with hostile_server(answer) as site, Client(_config(site.base_url)) as client:
        assert client.get_json("/api/Party")["Count"] == 1
        assert client.stats.retries == 2 and client.stats.auth_count == 3
    assert _token_posts(site.seen) == 3


@pytest.mark.parametrize("expires_in", [0, -5, "NaN", "soon", None, 0.2, 1e308])
def test_a_nonsensical_expires_in_does_not_fetch_a_token_before_every_request(expires_in: Any) -> None:
    token = {"access_token": "tok-1", "token_type": "bearer", "expires_in": expires_in}

    def answer(seen: Seen) -> Reply:
        return json_reply(token) if seen.path == "/token" else json_reply(envelope([{"Id": "1"}]))

    with hostile_server(answer) as site, Client(_config(site.base_url)) as client:
        for _ in range(4):
            client.get_json("/api/Party")
    assert _token_posts(site.seen) == 1


def test_an_expired_token_of_unknown_lifetime_is_renewed_on_the_401() -> None:
    tokens = iter(["tok-1", "tok-2"])

    def answer(seen: Seen) -> Reply:
        if seen.path == "/token":
            return json_reply({"access_token": next(tokens), "expires_in": "never"})
        fresh = seen.headers.get("Authorization") == "Bearer tok-2" or len(seen_api(site)) <= 2
        return json_reply(envelope([{"Id": "1"}])) if fresh else json_reply({"Message": "expired"}, 401)

    def seen_api(server: Any) -> list[Seen]:
        return server.api_requests()

    with hostile_server(answer) as site, Client(_config(site.base_url)) as client:
        for _ in range(4):
            client.get_json("/api/Party")
        assert client.stats.auth_count == 2
    assert [s.headers["Authorization"][7:] for s in site.api_requests()] == [
        "tok-1",
        "tok-1",
        "tok-1",
        "tok-2",
        "tok-2",
    ]


_TOKEN_ECHO = {"error": "invalid_grant", "error_description": f"bad password {PASSWORD}"}
_API_ECHO = {"Message": f"rejected Bearer hostile-token for {PASSWORD}"}
_PAGE_ECHO = f"<html><title>Denied {PASSWORD}</title></html>".encode()
ECHOES = [
    pytest.param("/token", json_reply(_TOKEN_ECHO, 400), AuthenticationError, id="token-400"),
    pytest.param("/api/Party", json_reply(_API_ECHO, 400), BadRequestError, id="api-400"),
    pytest.param("/api/Party", Reply(403, _PAGE_ECHO), PermissionDeniedError, id="api-403-page"),
]


@pytest.mark.parametrize(("where", "reply", "error"), ECHOES)
def test_a_password_or_token_echoed_by_the_server_is_redacted(where: str, reply: Reply, error: type) -> None:
    def answer(seen: Seen) -> Reply:
        return reply if seen.path == where else TOKEN_REPLY

    with (
        hostile_server(answer) as site,
        Client(_config(site.base_url, max_attempts=1)) as client,
        pytest.raises(error) as info,
    ):
        client.get_json("/api/Party")
    shown = "".join(traceback.format_exception(info.value))
    assert PASSWORD not in shown and "hostile-token" not in shown and "***" in str(info.value)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        yield current
        current = current.__cause__ or current.__context__


def _reachable_text(exc: BaseException) -> str:
    """Everything an exception and its chain hold: args, attributes, and their attributes one level down."""
    parts = []
    for link in _chain(exc):
        parts += [repr(link.args), type(link).__name__]
        for value in vars(link).values():
            parts.append(repr(value))
            parts += [repr(v) for v in getattr(value, "__dict__", {}).values()]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "token_reply",
    [Reply(hang_up=True), Reply(200, b'{"access_tok', cut=5), Reply(503), json_reply({"error": "x"}, 400)],
    ids=["reset", "cut", "503", "400"],
)
def test_exception_chains_keep_no_request_and_no_password(token_reply: Reply) -> None:
    with (
        hostile_server(lambda seen: token_reply) as site,
        Client(_config(site.base_url, max_attempts=2)) as client,
        pytest.raises(ImisqlError) as info,
    ):
        client.get_json("/api/Party")
    assert [type(link) for link in _chain(info.value)] == [type(info.value)]
    assert PASSWORD not in _reachable_text(info.value)


@pytest.mark.parametrize(
    "url", ["https://example.org/imis?x=1", "https://example.org/imis#top", "https://example.org/?"]
)
def test_a_base_url_with_a_query_or_fragment_is_refused(url: str) -> None:
    with pytest.raises(InterfaceError, match="without a query string or fragment"):
        ClientConfig(url, token="t")
    with pytest.raises(InterfaceError, match="without a query string or fragment"):
        imisql.connect(url, token="t")


@pytest.mark.parametrize(
    "url", ["https://example.org/imis?access_token=tok-SECRET-9", "https://example.org/#tok-SECRET-9"]
)
def test_a_config_error_about_the_url_never_echoes_what_it_carries(url: str) -> None:
    command = [sys.executable, "-m", "imisql", "--url", url, "-c", "SELECT PartyId FROM Party"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMISQL_")}
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert run.returncode == 2 and "query string or fragment" in run.stderr
    assert "tok-SECRET-9" not in run.stdout + run.stderr


@pytest.mark.parametrize("where", ["/token", "/api/Party"])
def test_the_command_line_never_prints_a_password_the_server_echoes(where: str) -> None:
    def answer(seen: Seen) -> Reply:
        if seen.path == where:
            return json_reply({"error_description": f"no user with {PASSWORD}", "Message": f"bad {PASSWORD}"}, 400)
        return TOKEN_REPLY if seen.path == "/token" else json_reply(envelope([]))

    with hostile_server(answer) as site:
        env = {**os.environ, "IMISQL_URL": site.base_url, "IMISQL_USERNAME": "u", "IMISQL_PASSWORD": PASSWORD}
        command = [sys.executable, "-m", "imisql", "-v", "-c", "SELECT PartyId FROM Party"]
        run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert run.returncode != 0 and "***" in run.stderr
    assert PASSWORD not in run.stdout + run.stderr


def test_a_client_closed_during_a_call_sends_nothing_more() -> None:
    """Closed by another thread after the token grant (a shell leaving while its catalog load signs in):
    the request the grant was for is not sent."""

    def answer(seen: Seen) -> Reply:
        return TOKEN_REPLY if seen.path == "/token" else json_reply(envelope([{"Id": "1"}]))

    with hostile_server(answer) as site:
        client = Client(_config(site.base_url), on_request=lambda log: client.close())
        with pytest.raises(InterfaceError, match="closed"):
            client.get_json("/api/Party")
    assert [s.path for s in site.seen] == ["/token"]

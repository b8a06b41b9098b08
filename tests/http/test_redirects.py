"""Redirects never carry credentials off the site (issue 14 items 1 and 12), over real sockets.

A hostile site answers with 3xx; a second server on another port (another origin) records whatever
reaches it. Within the site a redirect is followed, and ``on_request`` (what ``-v`` prints) shows
every hop.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from imisql.errors import RedirectRefusedError
from imisql.http import Client, ClientConfig, RequestLog
from tests.http.hostile import TOKEN_REPLY, Reply, Seen, envelope, hostile_server, json_reply

PASSWORD = "redirect-SECRET-pw"


def _fast(url: str, **overrides: object) -> ClientConfig:
    options: dict[str, object] = {"username": "u", "password": PASSWORD, "max_attempts": 2, "backoff": 0.001}
    return ClientConfig(url, **(options | overrides))  # type: ignore[arg-type]


def _redirect(status: int, location: str) -> Reply:
    return Reply(status, b"", {"Location": location})


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_token_request_is_not_redirected_to_another_site(status: int) -> None:
    with (
        hostile_server(lambda seen: TOKEN_REPLY) as elsewhere,
        hostile_server(lambda seen: _redirect(status, elsewhere.base_url + "/token")) as site,
        Client(_fast(site.base_url)) as client,
        pytest.raises(RedirectRefusedError) as info,
    ):
        client.get_json("/api/Party")
    assert elsewhere.seen == []  # the password form never left the site
    assert f"HTTP {status}" in str(info.value) and elsewhere.base_url.split("//")[1] in str(info.value)
    assert PASSWORD not in str(info.value)


def test_an_api_get_is_not_redirected_to_another_site_with_the_bearer_token() -> None:
    def site_answer(seen: Seen) -> Reply:
        return TOKEN_REPLY if seen.path == "/token" else _redirect(302, elsewhere.base_url + "/api/Party")

    with (
        hostile_server(lambda seen: json_reply(envelope([]))) as elsewhere,
        hostile_server(site_answer) as site,
        Client(_fast(site.base_url)) as client,
        pytest.raises(RedirectRefusedError, match="302"),
    ):
        client.get_json("/api/Party", [("LastName", "Smith")])
    assert elsewhere.seen == []


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_https_is_never_redirected_to_plain_http(tmp_path: Path) -> None:
    with hostile_server(lambda seen: json_reply(envelope([]))) as plain:
        port = plain.base_url.rsplit(":", 1)[1]
        with hostile_server(lambda seen: _redirect(307, f"http://127.0.0.1:{port}/api/Party"), tmp_path) as site:
            config = ClientConfig(site.base_url, token="bearer-SECRET", verify_tls=False, max_attempts=1)
            with Client(config) as client, pytest.raises(RedirectRefusedError, match=r"http://127\.0\.0\.1"):
                client.get_json("/api/Party")
    assert plain.seen == []


def test_a_redirect_within_the_site_is_followed_and_every_hop_is_logged() -> None:
    def answer(seen: Seen) -> Reply:
        if seen.path == "/token":
            return TOKEN_REPLY
        if seen.path == "/api/Party":
            return _redirect(302, "/imis/api/Party?moved=1")
        return json_reply(envelope([{"Id": "1"}]))

    logs: list[RequestLog] = []
    with hostile_server(answer) as site, Client(_fast(site.base_url), on_request=logs.append) as client:
        assert client.get_json("/api/Party", [("limit", "1")])["Count"] == 1
        api = site.api_requests()
    assert [(s.path, s.params) for s in api] == [
        ("/api/Party", [("limit", "1")]),
        ("/imis/api/Party", [("moved", "1")]),
    ]
    assert all(s.headers.get("Authorization") == "Bearer hostile-token" for s in api)
    assert [(log.status, log.url.split("/", 3)[3]) for log in logs[1:]] == [
        (302, "api/Party?limit=1"),
        (200, "imis/api/Party?moved=1"),
    ]


def test_a_post_is_not_turned_into_a_get_by_a_302() -> None:
    def answer(seen: Seen) -> Reply:
        return TOKEN_REPLY if seen.path == "/token" else _redirect(302, "/api/Elsewhere")

    with (
        hostile_server(answer) as site,
        Client(_fast(site.base_url)) as client,
        pytest.raises(RedirectRefusedError, match="redirected a POST"),
    ):
        client.request_json("POST", "/api/Party", body={"Name": "x"})
        assert [s.method for s in site.api_requests()] == ["POST"]


def test_redirect_loops_within_the_site_end() -> None:
    with (
        hostile_server(lambda seen: TOKEN_REPLY if seen.path == "/token" else _redirect(307, seen.path)) as site,
        Client(_fast(site.base_url)) as client,
        pytest.raises(RedirectRefusedError, match="more than 5"),
    ):
        client.get_json("/api/Party")
        assert len(site.api_requests()) == 6

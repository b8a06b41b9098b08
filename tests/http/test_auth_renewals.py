"""Renewals of a shared token (``concurrency > 1``), driven step by step through the auth flows.

The flow never touches the network (``imisql.http.auth``), so these tests play the server and order the
requests of two flows exactly: the interleavings a loaded machine produces only now and then.
"""

from __future__ import annotations

from itertools import count

import pytest

from imisql.errors import AuthenticationError
from imisql.http.auth import MAX_RENEWALS, Flow, PasswordGrant
from imisql.http.exchange import Request, Response
from imisql.http.settings import ClientConfig

_ACCEPTED = Response(200, "OK", {}, 2, data={})
_REFUSED = Response(401, "Unauthorized", {}, 0)
_TOKENS = count(1)


def _grant() -> PasswordGrant:
    return PasswordGrant(ClientConfig("http://127.0.0.1:9", username="u", password="p", concurrency=3))


def _token_reply() -> Response:
    return Response(200, "OK", {}, 40, data={"access_token": f"tok-{next(_TOKENS)}", "expires_in": 3600})


def _answer_tokens(flow: Flow, request: Request) -> Request:
    """Answer token grants until the flow sends an API request; that request."""
    while request.path == "/token":
        request = flow.send(_token_reply())
    return request


def _other_request_gets_through(grant: PasswordGrant) -> None:
    """Another thread's request runs to completion with the current token."""
    other = grant.flow(Request("GET", "/api/Other"))
    _answer_tokens(other, next(other))
    with pytest.raises(StopIteration):
        other.send(_ACCEPTED)


def test_a_renewed_token_that_other_requests_used_up_is_renewed_again_not_refused() -> None:
    grant = _grant()
    flow = grant.flow(Request("GET", "/api/Party"))
    request = _answer_tokens(flow, next(flow))
    renewals = 0
    for _ in range(MAX_RENEWALS + 2):  # more times than refusals may be: each time, others got through first
        _other_request_gets_through(grant)
        request = flow.send(_REFUSED)
        renewals += request.path == "/token"
        request = _answer_tokens(flow, request)
    with pytest.raises(StopIteration):
        flow.send(_ACCEPTED)
    assert renewals == MAX_RENEWALS + 2


def test_fresh_tokens_refused_with_no_request_getting_through_are_final() -> None:
    grant = _grant()
    flow = grant.flow(Request("GET", "/api/Party"))
    request = _answer_tokens(flow, next(flow))
    with pytest.raises(AuthenticationError, match="refused a fresh token"):
        for _ in range(MAX_RENEWALS + 2):
            request = _answer_tokens(flow, flow.send(_REFUSED))
    assert request.path == "/api/Party"

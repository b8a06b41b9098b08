"""The iMIS REST client: ``request_json(method, path, params, body)`` → parsed JSON, or an imisql error.

It drives the pieces: the auth flow says which requests to send (``imisql.http.auth``), the transport
sends each one (``imisql.http.transport``), the retry policy decides what is tried again
(``imisql.http.retry``) and the failure tables what each failure becomes (``imisql.http.failures``).
Each request spends from a retry budget of its own; ``for_statement`` gives a ``StatementClient`` whose
requests all spend from one budget, so ``retry_budget`` bounds a whole statement.
Errors are raised outside ``except`` blocks, so no exception chain keeps a request (and its
credentials) reachable.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, Self

from imisql.errors import InterfaceError
from imisql.http.auth import Auth, auth_for
from imisql.http.exchange import METHODS, Request, Response
from imisql.http.failures import Failure, Retry, error_for_status, error_in_success, status_failure
from imisql.http.jsonparse import Body
from imisql.http.requestlog import ClientStats, RequestLog
from imisql.http.retry import RetryBudget, RetryPolicy
from imisql.http.settings import ClientConfig
from imisql.http.transport import Transport
from imisql.log import log_exchange, log_retry

__all__ = ["Client", "StatementClient"]


class Client:
    """A thread-safe iMIS REST client over one site (see the module docstring)."""

    def __init__(self, config: ClientConfig, *, on_request: Callable[[RequestLog], None] | None = None):
        self.config = config
        self.stats = ClientStats()
        self.on_request = on_request  # observer of every HTTP exchange (-v logs, the shell's \\requests)
        self.auth: Auth = auth_for(config)
        self._policy = RetryPolicy.of(config)
        self._transport = Transport(config, self._record)
        self._closed = False

    def __repr__(self) -> str:
        user = f" user={self.config.username!r}" if self.config.username else ""
        return f"<Client {self.config.base_url} auth={self.config.auth_mode}{user}>"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release pooled connections. Nothing is sent after this, not even the next request of a call
        under way in another thread (its token grant, say): it raises ``InterfaceError`` instead."""
        self._closed = True
        self._transport.close()

    # -- public API --

    def request_json(self, method: str, path: str, params: Sequence[tuple[str, str]] = (), body: Any = None) -> Any:
        """``method`` (GET, POST, PUT or DELETE) ``{base_url}{path}`` with ordered query pairs and an
        optional JSON ``body``; the parsed JSON answer (``None`` for an empty one)."""
        return self.send_json(method, path, params, body)[1]

    def send_json(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, str]] = (),
        body: Any = None,
        *,
        budget: RetryBudget | None = None,
        parse: Callable[[Body], Any] | None = None,
    ) -> tuple[int, Any]:
        """``request_json`` that also gives the answer's HTTP status (writes record it in their journal).
        Failed attempts and waits spend from ``budget`` (by default, a new one of ``retry_budget``); ``parse``
        reads the body instead of the standard parse (``imisql.pickpage``: a page without unread fields)."""
        request = replace(_request(method, path, params, body), parse=parse)
        if budget is None:
            budget = RetryBudget(self.config.retry_budget)
        response = self._through_auth(request, budget)
        return response.status, self._result(request, response)

    def for_statement(self) -> StatementClient:
        """This client for one statement: all its requests spend from one ``retry_budget``."""
        return StatementClient(self, RetryBudget(self.config.retry_budget))

    def get_json(
        self, path: str, params: Sequence[tuple[str, str]] = (), *, parse: Callable[[Body], Any] | None = None
    ) -> Any:
        """GET ``{base_url}{path}`` with ordered query pairs; the parsed JSON (``None`` for 204)."""
        return self.send_json("GET", path, params, parse=parse)[1]

    # -- driving the auth flow --

    def _through_auth(self, request: Request, budget: RetryBudget) -> Response:
        flow = self.auth.flow(request)
        try:
            return _drive(flow, lambda outgoing: self._with_retries(outgoing, budget))
        finally:
            flow.close()  # releases the token lock if sending failed half-way through the flow

    def _with_retries(self, request: Request, budget: RetryBudget) -> Response:
        started = time.monotonic()
        attempt = 0
        while True:
            self._check_open()
            attempt += 1
            sent = time.monotonic()
            try:
                response = self._transport.send(request, attempt, self._policy.attempt_seconds(budget))
            except Failure as caught:
                failure = caught
            else:
                found = _retryable(request, response)
                if found is None:
                    return response
                failure = found
            budget.spend(time.monotonic() - sent)
            delay = self._policy.wait_before_retry(request, failure, attempt, started, budget)
            self._check_open()  # no wait for an attempt that will not be made
            log_retry(request.described, failure.cause, attempt, delay)
            time.sleep(delay)
            self.stats.add(retries=1)

    def _check_open(self) -> None:
        if self._closed:
            raise InterfaceError("the client is closed")

    def _result(self, request: Request, response: Response) -> Any:
        secrets = (*self.config.secrets, *self.auth.secrets())
        if not 200 <= response.status < 300:
            raise error_for_status(response.status, response.reason, response.body, request.described, secrets)
        error = error_in_success(response.data, response.status, request.described, secrets)
        if error is not None:
            raise error
        return response.data

    def _record(self, log: RequestLog, is_token: bool) -> None:
        self.stats.add(requests=1, nbytes=log.bytes, elapsed=log.elapsed, auth=int(is_token))
        log_exchange(log)
        if self.on_request is not None:
            self.on_request(log)


class StatementClient:
    """A ``Client`` as one statement uses it: every request spends from the statement's ``budget``."""

    def __init__(self, client: Client, budget: RetryBudget) -> None:
        self.client = client
        self.budget = budget

    def get_json(
        self, path: str, params: Sequence[tuple[str, str]] = (), *, parse: Callable[[Body], Any] | None = None
    ) -> Any:
        return self.client.send_json("GET", path, params, budget=self.budget, parse=parse)[1]

    def send_json(
        self, method: str, path: str, params: Sequence[tuple[str, str]] = (), body: Any = None
    ) -> tuple[int, Any]:
        return self.client.send_json(method, path, params, body, budget=self.budget)


def _drive(flow: Generator[Request, Response, None], send: Callable[[Request], Response]) -> Response:
    """Send what the flow yields and feed it the answers; the answer to its last request is the result."""
    outgoing = next(flow)
    while True:
        response = send(outgoing)
        try:
            outgoing = flow.send(response)
        except StopIteration:
            return response


def _retryable(request: Request, response: Response) -> Failure | None:
    """The failure in a complete response that is worth another attempt, if any."""
    status = response.status
    if not 200 <= status < 300:
        return status_failure(status, response.headers, response.body)
    if request.is_token or status == 204 or response.parsed:
        return None
    if not response.body.strip():
        return (
            Failure(f"HTTP {status} with an empty body", Retry.IF_IDEMPOTENT, status)
            if request.method == "GET"
            else None
        )
    return Failure(f"HTTP {status} with a truncated or non-JSON body", Retry.IF_IDEMPOTENT, status)


def _json_default(value: Any) -> Any:
    """Decimals go as JSON numbers (exact up to 15 significant digits), dates as ISO 8601 text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be sent as JSON")


def _encoded(body: Any) -> bytes:
    try:
        return json.dumps(body, default=_json_default, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        problem = str(exc)
    raise InterfaceError(f"the request body cannot be sent as JSON: {problem}")


def _request(method: str, path: str, params: Sequence[tuple[str, str]], body: Any) -> Request:
    verb = method.upper()
    if verb not in METHODS:
        raise InterfaceError(f"method must be one of {', '.join(sorted(METHODS))}, got {method!r}")
    if not path.startswith("/") or "?" in path or "#" in path:
        raise InterfaceError(f"path must start with '/' and carry no query string (pass params), got {path!r}")
    if body is not None and verb == "GET":
        raise InterfaceError("a GET carries no body")
    pairs = tuple((str(k), str(v)) for k, v in params)
    return Request(verb, path, pairs, body=None if body is None else _encoded(body))

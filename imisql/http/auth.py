"""Authentication as a flow the client drives (the shape of httpx's ``Auth.auth_flow``).

``flow(request)`` is a generator: it yields the requests to send (the token grant, the API request with
its credentials, a repeat after a 401) and receives each one's ``Response``. It never touches the
network, so the token life cycle is plain logic: fetch a token when there is none or it expired, send
the request, and after a 401 renew once and repeat. When concurrent requests share the token, a 401
right after a renewal may only mean the other requests used that token up: it counts as a refusal only
if no request got through meanwhile, and a few refusals in a row are final. The response to the last
request yielded is the result.

Three modes: ``PasswordGrant`` (``POST /token``), and ``HeaderAuth`` for a given bearer token or the
``RequestVerificationToken`` header, which cannot be renewed.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, Protocol

from imisql import log
from imisql.errors import AuthenticationError, NotFoundError
from imisql.http.exchange import Request, Response
from imisql.http.failures import error_for_status, json_message
from imisql.http.requestlog import redact
from imisql.http.settings import ClientConfig

__all__ = ["MAX_RENEWALS", "MIN_TOKEN_LIFETIME", "Auth", "Flow", "HeaderAuth", "PasswordGrant", "auth_for"]

Flow = Generator[Request, Response, None]
MAX_RENEWALS = 3  # renewals refused in a row for one request, when requests run concurrently
MAX_USED_UP = 30  # renewals for one request whose token other requests used up first (bounds the loop)
MIN_TOKEN_LIFETIME = 1.0  # seconds: a shorter (or non-finite) expires_in is nonsense; keep the token until a 401


class Auth(Protocol):
    """Adds credentials to requests, renewing them as the responses require."""

    def flow(self, request: Request) -> Flow: ...

    def secrets(self) -> tuple[str, ...]:
        """Every secret this auth holds now (for redacting what a server echoes back)."""
        ...


class HeaderAuth:
    """A fixed credential header (a given bearer token, or ``RequestVerificationToken``): a 401 is final."""

    def __init__(self, header: str, value: str, what: str) -> None:
        self._header, self._value, self._what = header, value, what

    def __repr__(self) -> str:
        return f"<HeaderAuth {self._header}>"

    def flow(self, request: Request) -> Flow:
        response = yield request.with_headers(**{self._header: self._value})
        if response.status == 401:
            raise AuthenticationError(f"HTTP 401: the server refused the configured {self._what} [{request.described}]")

    def secrets(self) -> tuple[str, ...]:
        return (self._value,)


@dataclass(frozen=True)
class _Token:
    value: str = field(repr=False)
    expires_at: float | None

    def fresh(self, now: float) -> bool:
        return self.expires_at is None or now < self.expires_at


class PasswordGrant:
    """OAuth password grant against ``{site}/token``; the token is shared by every request of a client.

    The lock is held while a token is fetched, so concurrent requests wait for one token rather than
    each fetching their own. ``shared`` says requests may run concurrently.
    """

    def __init__(self, config: ClientConfig, clock: Callable[[], float] = time.monotonic) -> None:
        assert config.username is not None and config.password is not None
        self._username, self._password = config.username, config.password
        self._site, self._margin, self._clock = config.base_url, config.token_margin, clock
        self._shared = config.concurrency > 1
        self._lock = threading.Lock()
        self._token: _Token | None = None
        self._accepted = 0  # responses that got through: a 401 after others did means the token was used up

    def __repr__(self) -> str:
        return f"<PasswordGrant user={self._username!r}>"

    def secrets(self) -> tuple[str, ...]:
        token = self._token
        return (self._password,) if token is None else (self._password, token.value)

    def issued(self) -> tuple[str, float] | None:
        """The current token and when it expires (wall-clock seconds), for a cache; None if unknown."""
        token = self._token
        if token is None or token.expires_at is None:
            return None
        return token.value, time.time() + (token.expires_at - self._clock())

    def adopt(self, value: str, expires_at: float) -> None:
        """Use a token issued earlier (``expires_at`` in wall-clock seconds) until it expires or is refused."""
        with self._lock:
            self._token = _Token(value, self._clock() + (expires_at - time.time()))

    def flow(self, request: Request) -> Flow:
        token = yield from self._current()
        response = yield _bearer(request, token)
        refused = 0
        for _ in range(MAX_RENEWALS + MAX_USED_UP):
            if response.status != 401:
                self._accepted += 1  # (a rare lost update only makes a later 401 count as a refusal)
                return
            log.reauthentication(self._username, request.described)
            accepted = self._accepted
            token, own = yield from self._renewed(token)
            response = yield _bearer(request, token)
            if response.status == 401 and own and not self._shared:
                break  # a token fetched just now for this request was refused: final
            if response.status == 401 and self._accepted == accepted:
                refused += 1  # no request got through with it meanwhile: refused, not used up by others
                if refused == MAX_RENEWALS:
                    break
        if response.status == 401:
            raise AuthenticationError(
                f"HTTP 401: the server refused a fresh token for user {self._username!r} [{request.described}]"
            )

    def _current(self) -> Generator[Request, Response, str]:
        with self._lock:
            if self._token is None or not self._token.fresh(self._clock()):
                self._token = yield from self._fetch()
            return self._token.value

    def _renewed(self, refused: str) -> Generator[Request, Response, tuple[str, bool]]:
        """A token to use instead of ``refused``, and whether it was fetched for this caller."""
        with self._lock:
            token = self._token
            if token is not None and token.value != refused and token.fresh(self._clock()):
                return token.value, False
            self._token = yield from self._fetch()
            return self._token.value, True

    def _fetch(self) -> Generator[Request, Response, _Token]:
        log.token_fetch(self._username)
        form = {"grant_type": "password", "username": self._username, "password": self._password}
        headers = {"Accept": "application/json"}
        response = yield Request("POST", "/token", headers=headers, form=form, replayable=True, is_token=True)
        return self._token_from(response)

    def _token_from(self, response: Response) -> _Token:
        status = response.status
        if status in (400, 401):
            detail = redact(json_message(response.data) or "credentials refused", (self._password,))
            raise AuthenticationError(
                f"authentication failed for user {self._username!r}: {detail} (HTTP {status} from POST /token)"
            )
        if status == 404:
            raise NotFoundError(
                f"HTTP 404: no token endpoint at {self._site}/token; base_url must be the iMIS site root",
                404,
                "POST /token",
            )
        if not 200 <= status < 300:
            raise error_for_status(status, response.reason, response.body, "POST /token", (self._password,))
        data = response.data
        if not isinstance(data, dict) or not isinstance(data.get("access_token"), str) or not data["access_token"]:
            raise AuthenticationError(
                f"POST /token at {self._site} answered without an access_token; base_url must be the iMIS site root"
            )
        return _Token(data["access_token"], self._expiry(data.get("expires_in")))

    def _expiry(self, expires_in: Any) -> float | None:
        """When to renew before use; ``None`` (keep until a 401) for a missing or nonsensical lifetime."""
        try:
            lifetime = float(expires_in)
        except (TypeError, ValueError, OverflowError):
            return None
        if not math.isfinite(lifetime) or lifetime < MIN_TOKEN_LIFETIME:
            return None
        return self._clock() + lifetime - min(self._margin, lifetime / 2)


def _bearer(request: Request, token: str) -> Request:
    return request.with_headers(Authorization=f"Bearer {token}")


def auth_for(config: ClientConfig) -> Auth:
    """The auth flow a config asks for."""
    if config.token is not None:
        return HeaderAuth("Authorization", f"Bearer {config.token}", "bearer token")
    if config.verification_token is not None:
        return HeaderAuth("RequestVerificationToken", config.verification_token, "RequestVerificationToken")
    return PasswordGrant(config)

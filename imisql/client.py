"""The HTTP boundary: the only module in imisql that talks to an iMIS server.

It owns, in one place:

- authentication — password grant against ``{site}/token`` (token cached until ``expires_in`` minus a
  margin, re-authenticated on a 401 -- once, or a few times while concurrent requests share the token --
  even in the middle of paging), a given bearer token, or the
  ``RequestVerificationToken`` header;
- transport policy — one ``requests.Session``, an explicit ``(connect, read)`` timeout on every call,
  TLS verification on, plain ``http://`` refused for non-loopback hosts, an in-flight cap
  (``ClientConfig.concurrency``) so several executor threads stay polite;
- retries — GET only, exponential backoff with full jitter, ``Retry-After`` honoured, bounded by
  ``max_attempts`` *and* ``retry_budget`` seconds;
- error mapping — every failure leaves as an ``imisql.errors`` exception carrying the iMIS message,
  the status and the request as ``GET /api/Party?LastName=...``; secrets never appear in messages,
  ``repr`` or ``on_request`` logs;
- JSON parsing with ``parse_float=Decimal`` so money stays exact.

What is retried: 408/429/502/503/504; connection errors (refused, reset); timeouts; a 200 whose body is
truncated or not JSON; a 500 whose body is not JSON (an IIS fault or "site restoring" page). Everything
else maps straight to an error. ``POST /token`` is only retried when the connection was never made.
"""

from __future__ import annotations

import ipaddress
import json
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any, Self
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NewConnectionError

from imisql.errors import (
    AuthenticationError,
    BadRequestError,
    ConnectionFailed,
    InsecureConnectionError,
    InterfaceError,
    NotFoundError,
    NotSupportedByServerError,
    PermissionDeniedError,
    RetriesExhaustedError,
    ServerError,
    ServerFaultError,
)

__all__ = [
    "Client",
    "ClientConfig",
    "ClientStats",
    "RequestLog",
    "describe_request",
    "imis_message",
    "normalize_base_url",
]

_RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
_STATUS_ERRORS: dict[int, type[ServerError]] = {
    400: BadRequestError,
    422: BadRequestError,
    403: PermissionDeniedError,
    404: NotFoundError,
    405: NotSupportedByServerError,
    501: NotSupportedByServerError,
}
_MAX_RENEWALS = 3  # token renewals for one request after a 401 (see Client._after_unauthorized)
_SECRET_PARAMS = frozenset({"password", "token", "access_token", "refresh_token", "client_secret"})
_REDACTED = "***"


# --- configuration -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientConfig:
    """How to reach and authenticate against one iMIS site. Secrets are left out of ``repr``.

    Exactly one auth mode: ``username`` + ``password`` (password grant), ``token`` (a bearer token you
    already have; it cannot be refreshed) or ``verification_token`` (the ``RequestVerificationToken``
    header used by code running inside an iMIS page).

    Retry defaults: ``max_attempts`` is 30 rather than 10 because with full jitter the expected wait
    per retry is half the backoff cap (15 s once capped); 30 attempts spread over the 360 s budget are
    what it takes to ride out a ~5 minute site restore. Lower both for interactive use.
    """

    base_url: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    verification_token: str | None = field(default=None, repr=False)
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    max_attempts: int = 30
    backoff: float = 0.5
    max_backoff: float = 30.0
    retry_budget: float = 360.0
    concurrency: int = 1
    allow_insecure_http: bool = False
    verify_tls: bool = True
    token_margin: float = 10.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", normalize_base_url(self.base_url))
        _check_transport(self.base_url, self.allow_insecure_http)
        _check_auth(self)
        _check_limits(self)

    @property
    def auth_mode(self) -> str:
        """``"password"``, ``"token"`` or ``"verification-token"``."""
        if self.token is not None:
            return "token"
        if self.verification_token is not None:
            return "verification-token"
        return "password"


def normalize_base_url(url: str) -> str:
    """The site root: surrounding whitespace, a trailing ``/`` and a trailing ``/api`` are stripped."""
    root = url.strip().rstrip("/")
    if root.lower().endswith("/api"):
        root = root[:-4].rstrip("/")
    return root


def _is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _without_userinfo(url: str) -> str:
    """``url`` with any ``user:password@`` removed, for messages."""
    return re.sub(r"^([^:/?#]*://)[^/?#]*@", r"\1", url)


def _check_transport(base_url: str, allow_insecure_http: bool) -> None:
    shown = _without_userinfo(base_url)
    try:
        parts = urlsplit(base_url)
        hostname = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise InterfaceError(f"base_url is not a valid URL: {shown!r}") from None
    if parts.scheme not in ("http", "https") or not hostname:
        raise InterfaceError(f"base_url must be an http(s) URL of the iMIS site root, got {shown!r}")
    if shown != base_url:  # credentials in the URL would show in repr, logs, EXPLAIN and error messages
        raise InterfaceError(
            f"base_url must not carry credentials (user:password@host): use {shown!r} "
            "and pass username= and password= (or token=)"
        )
    if parts.scheme == "http" and not allow_insecure_http and not _is_loopback(hostname):
        raise InsecureConnectionError(
            f"refusing plain http:// to {hostname}: credentials and data would cross the network "
            "unencrypted; use https:// or set allow_insecure_http=True"
        )


def _check_auth(config: ClientConfig) -> None:
    has_password = config.username is not None or config.password is not None
    modes = [has_password, config.token is not None, config.verification_token is not None]
    if sum(modes) != 1:
        raise InterfaceError("configure exactly one of: username + password, token, verification_token")
    if has_password and (not config.username or config.password is None):
        raise InterfaceError("password authentication needs both username and password")


def _check_limits(config: ClientConfig) -> None:
    positive = {
        "connect_timeout": config.connect_timeout,
        "read_timeout": config.read_timeout,
        "max_attempts": config.max_attempts,
        "concurrency": config.concurrency,
    }
    for name, value in positive.items():
        if value <= 0:
            raise InterfaceError(f"ClientConfig.{name} must be positive, got {value!r}")
    for name in ("backoff", "max_backoff", "retry_budget", "token_margin"):
        if getattr(config, name) < 0:
            raise InterfaceError(f"ClientConfig.{name} must not be negative")


# --- observability -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestLog:
    """One HTTP exchange, for ``-v`` logging: no headers, no bodies, secrets redacted from the URL."""

    method: str
    url: str
    status: int | None
    elapsed: float
    bytes: int
    attempt: int
    error: str | None = None


@dataclass
class ClientStats:
    """Counters over the client's lifetime; updated under a lock, read ``snapshot()`` for a copy.

    ``requests`` counts every HTTP request sent (token requests included), ``retries`` the re-attempts,
    ``bytes`` the response bodies received, ``auth_count`` the token requests, ``elapsed`` the seconds
    spent inside HTTP calls (summed over threads).
    """

    requests: int = 0
    retries: int = 0
    bytes: int = 0
    auth_count: int = 0
    elapsed: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, *, requests: int = 0, retries: int = 0, nbytes: int = 0, auth: int = 0, elapsed: float = 0.0):
        with self._lock:
            self.requests += requests
            self.retries += retries
            self.bytes += nbytes
            self.auth_count += auth
            self.elapsed += elapsed

    def snapshot(self) -> ClientStats:
        with self._lock:
            return replace(self, _lock=threading.Lock())


def _visible_pairs(params: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, _REDACTED if k.lower() in _SECRET_PARAMS else v) for k, v in params]


def _query_text(params: Sequence[tuple[str, str]]) -> str:
    return "&".join(f"{k}={v}" for k, v in _visible_pairs(params))


def describe_request(method: str, path: str, params: Sequence[tuple[str, str]] = ()) -> str:
    """``GET /api/Party?LastName=Smith``: how errors name a request (params decoded, secrets redacted)."""
    return f"{method} {path}?{_query_text(params)}" if params else f"{method} {path}"


# --- internals ---------------------------------------------------------------------------------------


class _Transient(Exception):
    """One attempt failed in a way worth retrying."""

    def __init__(self, cause: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(cause)
        self.cause = cause
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Get:
    """One logical GET: what is sent and how errors name it."""

    path: str
    pairs: list[tuple[str, str]]
    request: str


@dataclass(frozen=True)
class _Attempt:
    number: int
    read_timeout: float


class _HeaderAuth(requests.auth.AuthBase):
    """Sets auth headers on a prepared request. Passing an ``auth`` also keeps ``~/.netrc`` out."""

    def __init__(self, headers: dict[str, str]):
        self._headers = headers

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers.update(self._headers)
        return request

    def __repr__(self) -> str:
        return f"<_HeaderAuth {sorted(self._headers)}>"


@dataclass(frozen=True)
class _Token:
    value: str = field(repr=False)
    expires_at: float | None

    def fresh(self, now: float) -> bool:
        return self.expires_at is None or now < self.expires_at


def _exception_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(chain) < 12:
        current = todo.pop()
        if current in chain:
            continue
        chain.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        todo.extend(e for e in linked if isinstance(e, BaseException))
    return chain


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the request provably never reached the server (refused, DNS, connect timeout)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    return any(isinstance(e, NewConnectionError | ConnectionRefusedError) for e in _exception_chain(exc))


_TRANSIENT_ERRORS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


def _cause_text(exc: requests.RequestException, read_timeout: float) -> str:
    chain = _exception_chain(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS certificate verification failed (verify_tls=False skips it, for test servers only)"
    if isinstance(exc, requests.ReadTimeout):
        return f"no response within the read timeout ({read_timeout:g}s)"
    if isinstance(exc, requests.ConnectTimeout):
        return "connect timeout"
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "connection refused"
    if any(isinstance(e, ConnectionResetError) for e in chain):
        return "connection reset by the server"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "response body cut short"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "response body could not be decompressed"
    if any(isinstance(e, NewConnectionError) for e in chain):
        return "could not connect"
    if isinstance(exc, requests.TooManyRedirects):
        return "too many redirects"
    return f"request failed ({type(exc).__name__})"


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _loads(body: bytes) -> Any:
    return json.loads(body, parse_float=Decimal)


def _try_json(body: bytes) -> tuple[bool, Any]:
    try:
        return True, _loads(body)
    except ValueError:
        return False, None


def _validation_messages(obj: dict[str, Any]) -> list[str]:
    results = obj.get("ValidationResults", obj)
    if not isinstance(results, dict):
        return []
    errors = results.get("Errors")
    values = errors.get("$values") if isinstance(errors, dict) else errors
    messages = [str(e["Message"]) for e in values or () if isinstance(e, dict) and e.get("Message")]
    if not messages and results.get("Summary"):
        messages.append(str(results["Summary"]))
    return messages


def _json_message(obj: Any) -> str | None:
    if isinstance(obj, str):
        return obj or None
    if not isinstance(obj, dict):
        return None
    messages = _validation_messages(obj)
    if messages:
        return "; ".join(messages)
    for key in ("error_description", "Message", "message", "ExceptionMessage", "error"):
        if obj.get(key):
            return str(obj[key])
    return None


def _text_message(body: bytes) -> str | None:
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return None
    lower = text.lower()
    if lower.startswith("<"):
        start, end = lower.find("<title>"), lower.find("</title>")
        text = text[start + 7 : end] if 0 <= start < end else "an HTML page"
    return " ".join(text.split())[:300] or None


def imis_message(body: bytes) -> str | None:
    """The human message in an iMIS error body: validation errors, OAuth description, ``Message``, text."""
    ok, obj = _try_json(body)
    return _json_message(obj) if ok else _text_message(body)


def _error_for_status(status: int, reason: str, body: bytes, request: str) -> ServerError:
    cls = _STATUS_ERRORS.get(status) or (ServerFaultError if status >= 500 else ServerError)
    detail = imis_message(body) or reason or "no message"
    return cls(f"HTTP {status}: {detail}", status, request)


# --- the client --------------------------------------------------------------------------------------


class Client:
    """A thread-safe iMIS REST client: ``get_json(path, params)`` → parsed JSON, or an imisql error."""

    def __init__(self, config: ClientConfig, *, on_request: Callable[[RequestLog], None] | None = None):
        self.config = config
        self.stats = ClientStats()
        self.on_request = on_request  # observer of every HTTP exchange (-v logs, the shell's \\requests)
        self._session = _new_session(config)
        self._token_lock = threading.Lock()
        self._token: _Token | None = None
        self._slots = threading.BoundedSemaphore(config.concurrency)
        self._rng = random.Random()
        self._closed = False

    def __repr__(self) -> str:
        user = f" user={self.config.username!r}" if self.config.username else ""
        return f"<Client {self.config.base_url} auth={self.config.auth_mode}{user}>"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release pooled connections. Further calls raise ``InterfaceError``."""
        self._closed = True
        self._session.close()

    # -- public API --

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any:
        """GET ``{base_url}{path}`` with ordered query pairs; the parsed JSON (``None`` for 204)."""
        if self._closed:
            raise InterfaceError("the client is closed")
        _check_path(path)
        pairs = [(str(k), str(v)) for k, v in params]
        call = _Get(path, pairs, describe_request("GET", path, pairs))
        return self._with_retries(call.request, lambda attempt: self._get_once(call, attempt))

    # -- retries --

    def _with_retries(self, request: str, once: Callable[[_Attempt], Any]) -> Any:
        started = time.monotonic()
        number = 0
        while True:
            number += 1
            try:
                return once(self._attempt(number, started))
            except _Transient as failure:
                delay = self._retry_delay(failure, number, started)
                if delay is None:
                    raise self._exhausted(request, failure, number, started) from None
                self.stats.add(retries=1)
                time.sleep(delay)

    def _attempt(self, number: int, started: float) -> _Attempt:
        """Retries may not wait past the budget: their read timeout is capped by what is left of it."""
        read_timeout = self.config.read_timeout
        if number > 1:
            remaining = self.config.retry_budget - (time.monotonic() - started)
            read_timeout = min(read_timeout, max(remaining, 0.05))
        return _Attempt(number, read_timeout)

    def _retry_delay(self, failure: _Transient, attempt: int, started: float) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` when the limits say stop."""
        if attempt >= self.config.max_attempts:
            return None
        remaining = self.config.retry_budget - (time.monotonic() - started)
        delay = failure.retry_after if failure.retry_after is not None else self._backoff(attempt)
        return delay if delay < remaining else None

    def _backoff(self, attempt: int) -> float:
        cap = min(self.config.max_backoff, self.config.backoff * 2 ** (attempt - 1))
        return self._rng.uniform(0.0, cap)

    def _exhausted(self, request: str, failure: _Transient, attempts: int, started: float) -> RetriesExhaustedError:
        elapsed = time.monotonic() - started
        plural = "s" if attempts != 1 else ""
        wait = f"; the server asked to wait {failure.retry_after:g}s" if failure.retry_after else ""
        message = (
            f"giving up after {attempts} attempt{plural} over {elapsed:.1f}s: last failure was "
            f"{failure.cause}{wait} (limits: max_attempts={self.config.max_attempts}, "
            f"retry_budget={self.config.retry_budget:g}s)"
        )
        return RetriesExhaustedError(
            message, failure.status, request, attempts=attempts, elapsed=elapsed, cause=failure.cause
        )

    # -- one GET attempt --

    def _get_once(self, call: _Get, attempt: _Attempt) -> Any:
        auth, used = self._api_auth()
        response = self._send_get(call, attempt, auth)
        if response.status_code == 401:
            response = self._after_unauthorized(call, attempt, used)
        return self._interpret(response, call.request)

    def _after_unauthorized(self, call: _Get, attempt: _Attempt, used: str | None) -> requests.Response:
        """Re-authenticate and repeat; only the password grant can get a new token.

        With one request in flight, a refused token this call fetched itself is final. Concurrent requests
        share the token, so the token may already be gone again (iMIS counts and expires tokens on its
        side): then renew again, ``_MAX_RENEWALS`` times at most.
        """
        if self.config.auth_mode != "password":
            what = "bearer token" if self.config.auth_mode == "token" else "RequestVerificationToken"
            raise AuthenticationError(f"HTTP 401: the server refused the configured {what} [{call.request}]")
        for _ in range(_MAX_RENEWALS):
            token, own = self._renewed(used)
            response = self._send_get(call, attempt, _HeaderAuth({"Authorization": f"Bearer {token}"}))
            if response.status_code != 401:
                return response
            if own and self.config.concurrency == 1:
                break
            used = token
        raise AuthenticationError(
            f"HTTP 401: the server refused a fresh token for user {self.config.username!r} [{call.request}]"
        )

    def _send_get(self, call: _Get, attempt: _Attempt, auth: requests.auth.AuthBase) -> requests.Response:
        url = self.config.base_url + call.path
        try:
            return self._send("GET", url, call.pairs, attempt, auth=auth, params=call.pairs)
        except requests.exceptions.SSLError as exc:
            raise ConnectionFailed(f"{_cause_text(exc, attempt.read_timeout)} [{call.request}]") from None
        except _TRANSIENT_ERRORS as exc:
            raise _Transient(_cause_text(exc, attempt.read_timeout)) from None
        except requests.RequestException as exc:  # redirect loops, invalid URLs: not worth retrying
            raise ConnectionFailed(f"{_cause_text(exc, attempt.read_timeout)} [{call.request}]") from None

    def _interpret(self, response: requests.Response, request: str) -> Any:
        status = response.status_code
        if 200 <= status < 300:
            return self._parse_success(response)
        if status in _RETRY_STATUSES:
            raise _Transient(f"HTTP {status}", status, _retry_after(response))
        body = response.content
        if status == 500 and not _try_json(body)[0]:
            raise _Transient("HTTP 500 with a non-JSON body (server fault page)", status)
        raise _error_for_status(status, response.reason or "", body, request)

    def _parse_success(self, response: requests.Response) -> Any:
        if response.status_code == 204:
            return None
        ok, obj = _try_json(response.content)
        if not ok:
            kind = "an empty body" if not response.content.strip() else "a truncated or non-JSON body"
            raise _Transient(f"HTTP {response.status_code} with {kind}", response.status_code)
        return obj

    # -- sending and logging --

    def _send(
        self, method: str, url: str, shown: Sequence[tuple[str, str]], attempt: _Attempt, **kwargs: Any
    ) -> requests.Response:
        timeout = (self.config.connect_timeout, attempt.read_timeout)
        log_url = f"{url}?{_query_text(shown)}" if shown else url
        started = time.monotonic()
        with self._slots:
            try:
                response = self._session.request(method, url, timeout=timeout, verify=self.config.verify_tls, **kwargs)
            except requests.RequestException as exc:
                elapsed = time.monotonic() - started
                self._record(RequestLog(method, log_url, None, elapsed, 0, attempt.number, type(exc).__name__))
                raise
        elapsed = time.monotonic() - started
        size = len(response.content)
        self._record(RequestLog(method, log_url, response.status_code, elapsed, size, attempt.number))
        return response

    def _record(self, log: RequestLog) -> None:
        self.stats.add(requests=1, nbytes=log.bytes, elapsed=log.elapsed, auth=int(log.method == "POST"))
        if self.on_request is not None:
            self.on_request(log)

    # -- authentication --

    def _api_auth(self) -> tuple[requests.auth.AuthBase, str | None]:
        """Auth for one /api request, and the token it used (to invalidate exactly that one on a 401)."""
        if self.config.token is not None:
            return _HeaderAuth({"Authorization": f"Bearer {self.config.token}"}), None
        if self.config.verification_token is not None:
            return _HeaderAuth({"RequestVerificationToken": self.config.verification_token}), None
        token = self._current_token()
        return _HeaderAuth({"Authorization": f"Bearer {token}"}), token

    def _current_token(self) -> str:
        with self._token_lock:
            if self._token is None or not self._token.fresh(time.monotonic()):
                self._token = self._fetch_token()
            return self._token.value

    def _renewed(self, refused: str | None) -> tuple[str, bool]:
        """A token to use instead of ``refused``, and whether it was fetched for this caller."""
        with self._token_lock:
            token = self._token
            if token is not None and token.value != refused and token.fresh(time.monotonic()):
                return token.value, False
            self._token = self._fetch_token()
            return self._token.value, True

    def _fetch_token(self) -> _Token:
        form = {"grant_type": "password", "username": self.config.username, "password": self.config.password}
        response = self._post_token(form)
        return self._token_from(response)

    def _post_token(self, form: dict[str, Any]) -> requests.Response:
        """POST /token; retried only while the connection is refused (nothing was sent)."""
        url = self.config.base_url + "/token"
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send(
                    "POST",
                    url,
                    (),
                    _Attempt(attempt, self.config.read_timeout),
                    data=form,
                    headers={"Accept": "application/json"},
                    auth=_HeaderAuth({}),
                )
            except requests.RequestException as exc:
                cause = _cause_text(exc, self.config.read_timeout)
                delay = self._retry_delay(_Transient(cause), attempt, started) if _never_sent(exc) else None
                if delay is None:
                    raise ConnectionFailed(
                        f"could not get a token from POST /token at {self.config.base_url}: {cause} "
                        f"(after {attempt} attempt{'s' if attempt != 1 else ''})"
                    ) from None
                self.stats.add(retries=1)
                time.sleep(delay)

    def _token_from(self, response: requests.Response) -> _Token:
        status = response.status_code
        ok, obj = _try_json(response.content)
        if status in (400, 401):
            detail = (_json_message(obj) if ok else None) or "credentials refused"
            raise AuthenticationError(
                f"authentication failed for user {self.config.username!r}: {detail} (HTTP {status} from POST /token)"
            )
        if status == 404:
            raise NotFoundError(
                f"HTTP 404: no token endpoint at {self.config.base_url}/token; base_url must be the iMIS site root",
                404,
                "POST /token",
            )
        if not 200 <= status < 300:
            raise _error_for_status(status, response.reason or "", response.content, "POST /token")
        return self._parse_token(obj if ok else None)

    def _parse_token(self, obj: Any) -> _Token:
        if not isinstance(obj, dict) or not isinstance(obj.get("access_token"), str):
            raise AuthenticationError(
                f"POST /token at {self.config.base_url} answered without an access_token; "
                "base_url must be the iMIS site root"
            )
        return _Token(obj["access_token"], self._expiry(obj.get("expires_in")))

    def _expiry(self, expires_in: Any) -> float | None:
        try:
            lifetime = float(expires_in)
        except (TypeError, ValueError):
            return None  # unknown lifetime: keep the token until a 401 says otherwise
        margin = min(self.config.token_margin, lifetime / 2)
        return time.monotonic() + lifetime - margin


def _check_path(path: str) -> None:
    if not path.startswith("/") or "?" in path or "#" in path:
        raise InterfaceError(f"path must start with '/' and carry no query string (pass params), got {path!r}")


def _new_session(config: ClientConfig) -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=config.concurrency, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.verify = config.verify_tls
    session.headers["Accept"] = "application/json"
    session.headers["User-Agent"] = "imisql"
    return session

"""Failure mapping, as data: which failures are retried, for which verbs, and which error each becomes.

Two tables own every decision (in the spirit of httpx's ``map_exceptions``):

- ``TRANSPORT_FAILURES``: an exception raised while sending or reading (requests', urllib3's or the
  socket's) → the cause shown to people and the retry rule;
- ``STATUSES``: an HTTP status → its retry rule, or the error class it maps to.

Retry rules: ``SAFE`` failures provably left the request unprocessed (refused connection, 429, 503), so
any verb may be sent again; ``IF_IDEMPOTENT`` ones may have been processed (a reset after sending, a
lost answer), so only idempotent requests are re-sent and a POST ends as ``UnknownOutcomeError``;
``FINAL`` ones are reported at once.
"""

from __future__ import annotations

import enum
import ssl
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
import urllib3.exceptions as u3

from imisql.errors import (
    BadRequestError,
    DataError,
    NotFoundError,
    NotSupportedByServerError,
    PermissionDeniedError,
    ServerError,
    ServerFaultError,
)
from imisql.http.jsonparse import parse_json
from imisql.http.requestlog import redact

__all__ = ["Failure", "Retry", "error_for_status", "imis_message", "transport_failure"]


class Retry(enum.Enum):
    SAFE = "the request was not processed: any verb may be sent again"
    IF_IDEMPOTENT = "the request may have been processed: only idempotent requests are sent again"
    FINAL = "not worth retrying"


class Failure(Exception):
    """One attempt failed: why (``cause``), whether it may be retried, and the server's wait hint."""

    def __init__(self, cause: str, retry: Retry, status: int | None = None, retry_after: float | None = None):
        super().__init__(cause)
        self.cause, self.retry, self.status, self.retry_after = cause, retry, status, retry_after


_MAYBE, _FINAL = Retry.IF_IDEMPOTENT, Retry.FINAL

# Checked in order against the exception and everything it wraps; the first matching row wins.
TRANSPORT_FAILURES: tuple[tuple[tuple[type[BaseException], ...], str, Retry], ...] = (
    (
        (ssl.SSLCertVerificationError,),
        "TLS certificate verification failed (verify_tls=False skips it, for test servers only)",
        Retry.FINAL,
    ),
    (
        (requests.exceptions.SSLError, u3.SSLError, ssl.SSLError),
        "TLS handshake failed: the server does not answer TLS on this port (is the site plain http://?)",
        Retry.FINAL,
    ),
    ((ConnectionRefusedError,), "connection refused", Retry.SAFE),
    ((u3.NameResolutionError,), "could not resolve the host name", Retry.SAFE),
    ((u3.NewConnectionError,), "could not connect", Retry.SAFE),  # a ConnectTimeoutError subclass: first
    ((requests.ConnectTimeout, u3.ConnectTimeoutError), "connect timeout", Retry.SAFE),
    (
        (requests.ReadTimeout, u3.ReadTimeoutError, TimeoutError),
        "no response within the read timeout",
        Retry.IF_IDEMPOTENT,
    ),
    ((ConnectionResetError, BrokenPipeError), "connection reset by the server", Retry.IF_IDEMPOTENT),
    (
        (requests.exceptions.ChunkedEncodingError, u3.ProtocolError, u3.IncompleteRead),
        "response body cut short",
        Retry.IF_IDEMPOTENT,
    ),
    (
        (requests.exceptions.InvalidURL, requests.exceptions.InvalidHeader, u3.LocationParseError),
        "invalid URL",
        Retry.FINAL,
    ),
    ((requests.ConnectionError, u3.HTTPError, OSError), "connection failed", Retry.IF_IDEMPOTENT),
)

# An error status → its retry rule, or the error it maps to at once. Statuses not listed: 5xx →
# ServerFaultError (a 500 whose body is not JSON is a fault page and retried), others → ServerError.
STATUSES: Mapping[int, Retry | type[ServerError]] = {
    408: Retry.SAFE,  # the server timed out waiting for the request
    429: Retry.SAFE,
    503: Retry.SAFE,
    502: Retry.IF_IDEMPOTENT,  # a gateway: the site behind it may have acted
    504: Retry.IF_IDEMPOTENT,
    400: BadRequestError,
    422: BadRequestError,
    403: PermissionDeniedError,
    404: NotFoundError,
    405: NotSupportedByServerError,
    501: NotSupportedByServerError,
}
_ERROR_ONLY_KEYS = frozenset({"Message", "MessageDetail", "ExceptionMessage", "ExceptionType", "StackTrace"})


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


def transport_failure(exc: BaseException) -> Failure:
    """The ``Failure`` for an exception raised while sending or reading a response."""
    chain = _exception_chain(exc)
    for types, cause, retry in TRANSPORT_FAILURES:
        if any(isinstance(e, types) for e in chain):
            return Failure(cause, retry)
    return Failure(f"request failed ({type(exc).__name__})", Retry.IF_IDEMPOTENT)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked to wait (``Retry-After`` as seconds or an HTTP date), if any."""
    value = headers.get("retry-after")
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


def _try_json(body: bytes) -> tuple[bool, Any]:
    try:
        return True, parse_json(body)
    except (ValueError, DataError):
        return False, None


def _validation_messages(obj: dict[str, Any]) -> list[str]:
    results = obj.get("ValidationResults", obj)
    if not isinstance(results, dict):
        return []
    errors = results.get("Errors")
    values = errors.get("$values") if isinstance(errors, dict) else errors
    values = values if isinstance(values, list) else []
    messages = [str(e["Message"]) for e in values if isinstance(e, dict) and e.get("Message")]
    if not messages and results.get("Summary"):
        messages.append(str(results["Summary"]))
    return messages


def json_message(obj: Any) -> str | None:
    """The human message in a parsed error body: validation errors, OAuth description, ``Message``."""
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
    return json_message(obj) if ok else _text_message(body)


def status_failure(status: int, headers: Mapping[str, str], body: bytes) -> Failure | None:
    """The retryable ``Failure`` for an error status, or ``None`` when the status maps to an error."""
    rule = STATUSES.get(status)
    if isinstance(rule, Retry):
        return Failure(f"HTTP {status}", rule, status, retry_after(headers))
    if status == 500 and not _try_json(body)[0]:
        return Failure("HTTP 500 with a non-JSON body (server fault page)", Retry.IF_IDEMPOTENT, status)
    return None


def error_for_status(status: int, reason: str, body: bytes, request: str, secrets: Iterable[str]) -> ServerError:
    """The error an error status maps to, with the server's message (any echoed secret redacted)."""
    rule = STATUSES.get(status)
    cls = rule if isinstance(rule, type) else ServerFaultError if status >= 500 else ServerError
    detail = redact(imis_message(body) or reason or "no message", secrets)
    return cls(f"HTTP {status}: {detail}", status, request)


def error_in_success(data: Any, status: int, request: str, secrets: Iterable[str]) -> ServerError | None:
    """A 2xx whose body is only an error message (``{"Message": ...}``, no data): that is an error."""
    if not isinstance(data, dict) or not data or "Message" not in data or not data.keys() <= _ERROR_ONLY_KEYS:
        return None
    detail = redact(json_message(data) or "no message", secrets)
    return ServerFaultError(f"HTTP {status} carrying an error message instead of data: {detail}", status, request)

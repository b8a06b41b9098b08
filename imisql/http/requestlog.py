"""What the client shows about its work: ``RequestLog`` entries, ``ClientStats`` counters, and redaction.

Nothing here ever holds a header or a body. Query parameters with secret names are shown as ``***``,
and ``redact`` removes configured secrets from any text a server sends back (an error message that
echoes the password, say).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

__all__ = ["REDACTED", "ClientStats", "RequestLog", "describe_request", "query_text", "redact"]

REDACTED = "***"
_SECRET_PARAMS = frozenset({"password", "token", "access_token", "refresh_token", "client_secret"})
_SHORTEST_REDACTED = 4  # a one-letter "secret" would blank out every message


@dataclass(frozen=True)
class RequestLog:
    """One HTTP exchange, for ``-v`` logging: no headers, no bodies, secrets redacted from the URL.

    A redirect is one entry per hop: the hop that answered 3xx, then the one it led to.
    """

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

    ``requests`` counts every HTTP request sent (token requests and redirect hops included),
    ``retries`` the re-attempts, ``bytes`` the response bodies received (decompressed), ``auth_count``
    the token requests, ``elapsed`` the seconds spent inside HTTP calls (summed over threads).
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


def query_text(params: Sequence[tuple[str, str]]) -> str:
    """``a=1&password=***``: query pairs as shown to people (decoded, secret names redacted)."""
    return "&".join(f"{k}={REDACTED if k.lower() in _SECRET_PARAMS else v}" for k, v in params)


def describe_request(method: str, path: str, params: Sequence[tuple[str, str]] = ()) -> str:
    """``GET /api/Party?LastName=Smith``: how errors name a request (params decoded, secrets redacted)."""
    return f"{method} {path}?{query_text(params)}" if params else f"{method} {path}"


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced by ``***``."""
    for secret in secrets:
        if len(secret) >= _SHORTEST_REDACTED and secret in text:
            text = text.replace(secret, REDACTED)
    return text

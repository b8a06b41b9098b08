"""Client settings: ``ClientConfig`` and the checks that refuse an unsafe or meaningless configuration.

A config is checked once, when it is made: the base URL (an http(s) site root with no credentials, no
query and no fragment; plain ``http://`` only to loopback unless opted in), exactly one auth mode, and
positive limits. Secrets are left out of ``repr``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from imisql.errors import InsecureConnectionError, InterfaceError

__all__ = ["DEFAULT_MAX_RESPONSE_BYTES", "ClientConfig", "is_loopback", "normalize_base_url", "origin_of"]

DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # decompressed; the largest real iMIS page is a few MB


@dataclass(frozen=True)
class ClientConfig:
    """How to reach and authenticate against one iMIS site. Secrets are left out of ``repr``.

    Exactly one auth mode: ``username`` + ``password`` (password grant), ``token`` (a bearer token you
    already have; it cannot be refreshed) or ``verification_token`` (the ``RequestVerificationToken``
    header used by code running inside an iMIS page).

    Time limits: ``connect_timeout`` bounds connecting; ``read_timeout`` is a deadline for the whole
    response of one attempt (headers and body, however slowly they trickle in); ``retry_budget`` bounds
    the time one statement spends on failed attempts and the waits between them, all its requests
    together (a request sent outside a statement has a budget of its own; see ``imisql.http.retry``).

    Retry defaults: ``max_attempts`` is 30 rather than 10 because with full jitter the expected wait
    per retry is half the backoff cap (15 s once capped); 30 attempts spread over the 360 s budget are
    what it takes to ride out a ~5 minute site restore. Lower both for interactive use.

    ``max_response_bytes`` caps one response body after decompression.
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
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES

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

    @property
    def secrets(self) -> tuple[str, ...]:
        """The configured secrets, for redacting anything a server echoes back."""
        given = (self.password, self.token, self.verification_token)
        return tuple(s for s in given if s)


def normalize_base_url(url: str) -> str:
    """The site root: surrounding whitespace, a trailing ``/`` and a trailing ``/api`` are stripped."""
    root = url.strip().rstrip("/")
    if root.lower().endswith("/api"):
        root = root[:-4].rstrip("/")
    return root


def is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin_of(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` with the default port filled in: what "the same site" means."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _without_userinfo(url: str) -> str:
    """``url`` with any ``user:password@`` removed, for messages."""
    return re.sub(r"^([^:/?#]*://)[^/?#]*@", r"\1", url)


def _check_transport(base_url: str, allow_insecure_http: bool) -> None:
    shown = _without_userinfo(base_url)
    try:
        parts = urlsplit(base_url)
        hostname = parts.hostname
        parts.port  # noqa: B018 - a non-numeric or out-of-range port raises here
    except ValueError:  # e.g. an unclosed IPv6 bracket, a port that is not a number
        raise InterfaceError(f"base_url is not a valid URL: {shown!r}") from None
    if parts.scheme not in ("http", "https") or not hostname:
        raise InterfaceError(f"base_url must be an http(s) URL of the iMIS site root, got {shown!r}")
    if shown != base_url:  # credentials in the URL would show in repr, logs, EXPLAIN and error messages
        raise InterfaceError(
            f"base_url must not carry credentials (user:password@host): use {shown!r} "
            "and pass username= and password= (or token=)"
        )
    if "?" in base_url or "#" in base_url:
        raise InterfaceError(
            "base_url must be the site root without a query string or fragment ('?' or '#'): "
            f"use {shown.split('?')[0].split('#')[0]!r}"
        )
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(hostname):
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
        "max_response_bytes": config.max_response_bytes,
    }
    for name, value in positive.items():
        if not value > 0:
            raise InterfaceError(f"ClientConfig.{name} must be positive, got {value!r}")
    for name in ("backoff", "max_backoff", "retry_budget", "token_margin"):
        if not getattr(config, name) >= 0:
            raise InterfaceError(f"ClientConfig.{name} must not be negative")

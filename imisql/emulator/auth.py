"""``POST /token`` (OAuth2 password grant) and bearer-token checks for ``/api``.

* The form body is ``application/x-www-form-urlencoded``; keys are matched case-insensitively
  (``grant_type``/``Grant_type``, ``username``/``Username`` ...). User names are
  case-insensitive, passwords are not.
* Success: ``{"access_token", "token_type": "bearer", "expires_in", "refresh_token", "userName",
  ".issued", ".expires"}`` (OWIN's default shape; ``.issued``/``.expires`` are RFC 1123 dates).
* ``grant_type=refresh_token`` with a ``refresh_token`` this emulator issued (``client_id`` and
  ``client_secret`` as iMIS SSO clients send them are accepted and not checked) gives a new access
  token for the same account; an unknown refresh token is 400 ``invalid_grant``.
* Bad credentials: 400 ``invalid_grant`` / "The user name or password is incorrect.". Any other
  grant (``client_credentials``, missing): 400 ``unsupported_grant_type``.
* ``/api`` accepts ``Authorization: Bearer <token>`` (scheme case-insensitive) or, when configured,
  a ``RequestVerificationToken`` header equal to the configured value. Tokens expire after the
  configured lifetime measured on the emulator's clock.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import formatdate
from urllib.parse import parse_qsl

from imisql.emulator.responses import Response, json_response, oauth_error


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    restricted: bool = False  # a "guest": 403 on restricted entities


@dataclass
class Session:
    token: str
    account: Account
    expires_at: float


class TokenStore:
    def __init__(self, accounts: list[Account], lifetime: float, clock: Callable[[], float]) -> None:
        self._accounts = {a.username.casefold(): a for a in accounts}
        self._lifetime = lifetime
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._refresh: dict[str, Account] = {}
        self._lock = threading.Lock()

    def authenticate(self, username: str, password: str) -> Account | None:
        account = self._accounts.get(username.casefold())
        if account is None or not secrets.compare_digest(account.password.encode(), password.encode()):
            return None
        return account

    def issue(self, account: Account) -> Session:
        session = Session(secrets.token_urlsafe(48), account, self._clock() + self._lifetime)
        with self._lock:
            self._purge()
            self._sessions[session.token] = session
        return session

    def refresh_token(self, account: Account) -> str:
        """A refresh token for ``account`` (one per account, valid while the emulator runs)."""
        with self._lock:
            for token, owner in self._refresh.items():
                if owner == account:
                    return token
            token = secrets.token_urlsafe(32)
            self._refresh[token] = account
            return token

    def redeem(self, refresh_token: str) -> Account | None:
        with self._lock:
            return self._refresh.get(refresh_token)

    def lookup(self, token: str) -> Session | None:
        """The live session for a token, or None when unknown, revoked or expired."""
        with self._lock:
            session = self._sessions.get(token)
            if session is not None and self._clock() >= session.expires_at:
                del self._sessions[token]
                return None
            return session

    def revoke(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token, None)

    def _purge(self) -> None:
        now = self._clock()
        for token in [t for t, s in self._sessions.items() if now >= s.expires_at]:
            del self._sessions[token]


def token_endpoint(store: TokenStore, body: bytes, lifetime: float) -> Response:
    """Handle a ``POST /token`` body."""
    form = {k.strip().casefold(): v for k, v in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)}
    grant = form.get("grant_type", "").strip().casefold()
    if grant == "password":
        account = store.authenticate(form.get("username", ""), form.get("password", ""))
        if account is None:
            raise oauth_error("invalid_grant", "The user name or password is incorrect.")
    elif grant == "refresh_token":
        account = store.redeem(form.get("refresh_token", "").strip())
        if account is None:
            raise oauth_error("invalid_grant", "The refresh token is invalid or has expired.")
    else:
        raise oauth_error("unsupported_grant_type")
    session = store.issue(account)
    now = time.time()
    body_json = {
        "access_token": session.token,
        "token_type": "bearer",
        "expires_in": int(lifetime),
        "refresh_token": store.refresh_token(account),
        "userName": account.username,
        ".issued": formatdate(now, usegmt=True),
        ".expires": formatdate(now + lifetime, usegmt=True),
    }
    return json_response(200, body_json, None, **{"Cache-Control": "no-cache", "Pragma": "no-cache", "Expires": "-1"})


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header (scheme case-insensitive)."""
    value = headers.get("authorization", "")
    scheme, _, token = value.strip().partition(" ")
    if scheme.casefold() != "bearer" or not token.strip():
        return None
    return token.strip()

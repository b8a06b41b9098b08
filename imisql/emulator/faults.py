"""Fault decisions: which failure (if any) an ``/api`` request gets.

One :class:`FaultState` exists per assigned :class:`~imisql.emulator.config.Faults`. It numbers
``/api`` requests, draws a fixed number of random values per request (so the sequence of
decisions depends only on the seed and request order), counts token uses for
``token_expiry_after``, numbers write requests for the ``write_fault_*`` knobs, and builds the
failure responses. Transport-level effects (reset, truncation, hangs) are carried out by
:mod:`imisql.emulator.server`.
"""

from __future__ import annotations

import enum
import random
import threading
from dataclasses import dataclass

from imisql.emulator.config import Faults
from imisql.emulator.responses import HTML_TYPE, Response, json_response, server_error

_DRAWS_PER_REQUEST = 6


class Action(enum.Enum):
    RESTORE = "restore"
    HANG = "hang"
    RESET = "reset"
    ERROR = "error"
    NON_JSON = "non_json"
    TRUNCATE = "truncate"


class WriteFault(enum.Enum):
    FAIL = "fail"  # answer with write_fault_status; nothing is written
    LOSE_ANSWER = "lose_answer"  # write, then reset the connection without answering


@dataclass(frozen=True)
class Decision:
    number: int
    latency: float
    action: Action | None
    flavour: float  # a spare draw (picks the restore page)


_RESTORE_503 = """<!DOCTYPE html><html><head><title>Service Unavailable</title></head>
<body><h1>Service Unavailable</h1><p>HTTP Error 503. The service is unavailable.</p></body></html>"""
_RESTORE_500 = """<!DOCTYPE html><html><head><title>Runtime Error</title></head>
<body><h1>Server Error in '/' Application.</h1><h2><i>Runtime Error</i></h2>
<p>An application error occurred on the server. The database is being restored.</p></body></html>"""
_LOGIN_PAGE = """<!DOCTYPE html><html><head><title>Sign In</title></head>
<body><form id="aspnetForm"><input type="hidden" id="__RequestVerificationToken" value="x" />
<p>Please sign in.</p></form></body></html>"""

_REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout"}  # fmt: skip


class FaultState:
    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._rng = random.Random(faults.seed)
        self._count = 0
        self._token_uses: dict[str, int] = {}
        self._writes = 0
        self._lock = threading.Lock()

    def decide(self, restoring: bool) -> Decision:
        """Number this ``/api`` request and pick its fault. ``restoring``: a timed restore is on."""
        with self._lock:
            number = self._count
            self._count += 1
            draws = [self._rng.random() for _ in range(_DRAWS_PER_REQUEST)]
        return Decision(number, self.faults.latency, self._action(number, draws, restoring), draws[5])

    def _action(self, number: int, draws: list[float], restoring: bool) -> Action | None:
        f = self.faults
        window = f.restore_window
        if restoring or (window is not None and window[0] <= number < window[1]):
            return Action.RESTORE
        chances = (
            (Action.HANG, f.hang_rate),
            (Action.RESET, f.reset_rate),
            (Action.ERROR, f.error_rate),
            (Action.NON_JSON, f.non_json_rate),
            (Action.TRUNCATE, f.truncate_rate),
        )
        for (action, rate), draw in zip(chances, draws, strict=False):
            if draw < rate:
                return action
        return None

    def use_token(self, token: str) -> bool:
        """Count one authenticated use; False once the token is past ``token_expiry_after``."""
        limit = self.faults.token_expiry_after
        if limit is None:
            return True
        with self._lock:
            uses = self._token_uses.get(token, 0) + 1
            self._token_uses[token] = uses
        return uses <= limit

    def write_fault(self) -> WriteFault | None:
        """Number one write request (from 1) and decide whether the ``write_fault_*`` knobs hit it."""
        f = self.faults
        with self._lock:
            self._writes += 1
            number = self._writes
        if f.write_fault_at is None or number < f.write_fault_at:
            return None
        if f.write_fault_count is not None and number >= f.write_fault_at + f.write_fault_count:
            return None
        return WriteFault.LOSE_ANSWER if f.write_fault_lose_answer else WriteFault.FAIL

    def write_error_response(self) -> Response:
        status = self.faults.write_fault_status
        if status == 500:
            return server_error()
        return json_response(status, {"Message": _REASONS.get(status, "The write failed.")}, _REASONS.get(status))

    def _retry_headers(self) -> dict[str, str]:
        return {} if self.faults.retry_after is None else {"Retry-After": str(self.faults.retry_after)}

    def error_response(self) -> Response:
        status = self.faults.error_status
        reason = _REASONS.get(status)
        message = reason or "The service is unavailable."
        return json_response(status, {"Message": message}, reason, **self._retry_headers())

    def restore_response(self, flavour: float) -> Response:
        status, page = (503, _RESTORE_503) if flavour < 0.5 else (500, _RESTORE_500)
        return Response(status, page.encode("utf-8"), HTML_TYPE, None, self._retry_headers())


def non_json_response() -> Response:
    """A 200 HTML page where JSON was expected (a login redirect target, a proxy page)."""
    return Response(200, _LOGIN_PAGE.encode("utf-8"), HTML_TYPE)

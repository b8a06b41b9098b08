"""The retry policy: which failures are tried again, for which verbs, how long to wait, when to stop.

GET, PUT and DELETE are idempotent: sending one twice has the effect of sending it once, so any
transient failure is retried. A POST is re-sent only when the failure proves it was never processed
(the connection was refused, the server answered 429 or 503); once it may have gone out, a lost
answer ends as ``UnknownOutcomeError`` rather than risking a second write. A request marked
``replayable`` (the token grant) is retried like an idempotent one.

Waits use exponential backoff with full jitter, honour ``Retry-After``, and stop at ``max_attempts``
per request. ``retry_budget`` is a ``RetryBudget``: the time one statement may spend on failed attempts
and on the waits between attempts, however many requests it sends. An answer that arrives spends
nothing, so a long export that makes progress is never cut; once a wait would not fit in what is left,
the statement ends. What is left also caps each attempt's deadline, the first one included, so an
attempt that hangs spends at most the rest of the budget. A request sent outside a statement has a
budget of its own.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

from imisql.errors import ConnectionFailed, RetriesExhaustedError, UnknownOutcomeError
from imisql.http.exchange import Request
from imisql.http.failures import Failure, Retry
from imisql.http.settings import ClientConfig

__all__ = ["IDEMPOTENT", "RetryBudget", "RetryPolicy"]

IDEMPOTENT = frozenset({"GET", "PUT", "DELETE"})
_SHORTEST_ATTEMPT = 0.05  # seconds: an attempt near the end of the budget still gets a chance


class RetryBudget:
    """The seconds one statement may spend on failed attempts and waits; shared by its threads."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._spent = 0.0
        self._lock = threading.Lock()

    @property
    def spent(self) -> float:
        return self._spent

    @property
    def remaining(self) -> float:
        return self.seconds - self._spent

    def spend(self, seconds: float) -> None:
        with self._lock:
            self._spent += seconds


@dataclass
class RetryPolicy:
    """Retry limits for one client (see the module docstring)."""

    max_attempts: int
    backoff: float
    max_backoff: float
    read_timeout: float
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    @classmethod
    def of(cls, config: ClientConfig) -> RetryPolicy:
        return cls(config.max_attempts, config.backoff, config.max_backoff, config.read_timeout)

    def attempt_seconds(self, budget: RetryBudget) -> float:
        """The deadline of the next attempt: the read timeout, cut to what is left of the budget."""
        return min(self.read_timeout, max(budget.remaining, _SHORTEST_ATTEMPT))

    def wait_before_retry(
        self, request: Request, failure: Failure, attempt: int, started: float, budget: RetryBudget
    ) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (spent from ``budget``), or the error that ends
        the request. The failed attempt has already been spent from ``budget``."""
        if failure.retry is Retry.FINAL:
            raise ConnectionFailed(f"{failure.cause} [{request.described}]")
        if not (failure.retry is Retry.SAFE or request.method in IDEMPOTENT or request.replayable):
            raise UnknownOutcomeError(
                f"the outcome of this {request.method} is unknown: it was sent, then {failure.cause}; "
                f"a {request.method} is not sent twice, so check on the server whether it took effect",
                failure.status,
                request.described,
            )
        delay = failure.retry_after if failure.retry_after is not None else self._backoff(attempt)
        elapsed = time.monotonic() - started
        if attempt >= self.max_attempts or delay >= budget.remaining:
            raise self._exhausted(request, failure, attempt, elapsed, budget)
        budget.spend(delay)
        return delay

    def _backoff(self, attempt: int) -> float:
        cap = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        return self._rng.uniform(0.0, cap)

    def _exhausted(
        self, request: Request, failure: Failure, attempts: int, elapsed: float, budget: RetryBudget
    ) -> RetriesExhaustedError:
        plural = "s" if attempts != 1 else ""
        wait = f"; the server asked to wait {failure.retry_after:g}s" if failure.retry_after else ""
        message = (
            f"giving up after {attempts} attempt{plural} over {elapsed:.1f}s: last failure was "
            f"{failure.cause}{wait} (limits: max_attempts={self.max_attempts} per request, "
            f"retry_budget={budget.seconds:g}s, {budget.spent:.1f}s of it spent)"
        )
        return RetriesExhaustedError(
            message, failure.status, request.described, attempts=attempts, elapsed=elapsed, cause=failure.cause
        )

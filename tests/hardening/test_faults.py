"""Multi-page queries against a misbehaving emulator: exact results or a clear, bounded failure.

Every query runs with 40-row pages over the 300-party test database (8+ pages), through the whole
stack (``imisql.connect`` -> cursor -> executor -> read-ahead paging -> client -> HTTP). Its rows are
compared with the same query's fault-free rows: nothing lost, nothing duplicated, same order. A query
may instead fail, but only with an ``imisql`` error that names what went wrong after at most
``max_attempts`` attempts. Each query runs in a worker thread that must finish within ``WAIT`` (a bound
on the wait, never a performance assertion): nothing hangs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

import imisql
from imisql.emulator import Emulator, Faults
from imisql.errors import AuthenticationError, ImisqlError, RetriesExhaustedError
from tests.hardening.profiles import cases, is_slow

WAIT = 120.0  # upper bound on one query's wait; a healthy run takes well under a second
PAGE = 40
MAX_ATTEMPTS = 10
CLIENT = {
    "max_attempts": MAX_ATTEMPTS,
    "retry_budget": 30.0,
    "backoff": 0.005,
    "max_backoff": 0.02,
    "read_timeout": 1.0,  # a hang costs one read timeout; POST /token is not retried after one, so not lower
    "connect_timeout": 2.0,
}

QUERIES = {
    "scan": "SELECT PartyId, LastName FROM Party",
    "filter+sort pushed": "SELECT PartyId, Email FROM Party WHERE LastName CONTAINS 'a' ORDER BY LastName DESC",
    "or fan-out": "SELECT PartyId FROM Party WHERE LastName CONTAINS 'o' OR FirstName CONTAINS 'e' OR Email LIKE '%x%'",
    "client filter": "SELECT PartyId, FirstName FROM Party WHERE FirstName LIKE '%a%e%'",
    "aggregate": "SELECT Status, COUNT(*), MIN(PartyId) FROM Party GROUP BY Status ORDER BY Status",
    "distinct": "SELECT DISTINCT PostalCode FROM Party ORDER BY PostalCode",
    "limit+offset": "SELECT EventRegistrationId FROM EventRegistration LIMIT 150 OFFSET 30",
    "generic entity": "SELECT SEQN, ID, ACTIVITY_TYPE FROM Activity WHERE ACTIVITY_TYPE <> 'ORDER'",
    "count": "SELECT COUNT(*) FROM Party WHERE Status = 'A'",
}

# Faults the client must ride out: with MAX_ATTEMPTS attempts per request, the query must succeed.
RECOVERABLE: dict[str, Any] = {
    "20% 503": lambda seed: Faults(error_rate=0.2, seed=seed),
    "20% 503 + Retry-After": lambda seed: Faults(error_rate=0.2, retry_after=0, seed=seed),
    "20% 502/504/429": lambda seed: Faults(error_rate=0.2, error_status=(502, 504, 429)[seed % 3], seed=seed),
    "20% connection resets": lambda seed: Faults(reset_rate=0.2, seed=seed),
    "restore window mid-paging": lambda seed: Faults(restore_window=(2 + seed % 3, 8 + seed % 3), seed=seed),
    "token expiry every 3 requests": lambda seed: Faults(token_expiry_after=3, seed=seed),
    "20% truncated bodies": lambda seed: Faults(truncate_rate=0.2, seed=seed),
    "20% non-JSON 200 bodies": lambda seed: Faults(non_json_rate=0.2, seed=seed),
    "hung responses": lambda seed: Faults(hang_rate=0.05, hang_seconds=3.0, seed=seed),
    "all at once": lambda seed: Faults(
        error_rate=0.1,
        reset_rate=0.05,
        truncate_rate=0.05,
        non_json_rate=0.05,
        hang_rate=0.02,
        hang_seconds=3.0,
        token_expiry_after=4,
        seed=seed,
    ),
}
SEEDS = range(cases(1, 12))


@dataclass
class Outcome:
    rows: list[tuple[Any, ...]] | None = None
    error: BaseException | None = None
    logs: list[Any] = field(default_factory=list)


def _run(emu: Emulator, sql: str, **options: Any) -> Outcome:
    """Run ``sql`` to the end in a worker thread; fail the test if it is still running after WAIT."""
    outcome = Outcome()

    def work() -> None:
        try:
            with imisql.connect(
                emu.base_url,
                username=emu.username,
                password=emu.password,
                page_size=PAGE,
                on_request=outcome.logs.append,
                **{**CLIENT, **options},
            ) as conn:
                outcome.rows = conn.execute(sql).fetchall()
        except BaseException as exc:
            outcome.error = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(WAIT)
    assert not worker.is_alive(), f"{sql!r} still running after {WAIT}s"
    return outcome


@pytest.fixture(scope="module")
def expected(emulator_session: Emulator) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    emulator_session.faults = Faults()
    emulator_session.end_restore()
    results = {}
    for name, sql in QUERIES.items():
        outcome = _run(emulator_session, sql)
        assert outcome.error is None, outcome.error
        assert outcome.rows, name
        results[name] = outcome.rows
    yield results


def test_the_queries_are_multi_page(expected: dict[str, list[tuple[Any, ...]]], emulator: Emulator) -> None:
    for name, sql in QUERIES.items():
        if name == "count":
            continue
        outcome = _run(emulator, sql)
        pages = [log for log in outcome.logs if log.method == "GET"]
        assert len(pages) >= 3, f"{name}: only {len(pages)} requests"
        assert outcome.rows == expected[name]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scenario", list(RECOVERABLE))
def test_recoverable_faults_give_exactly_the_fault_free_rows(
    emulator: Emulator, expected: dict[str, list[tuple[Any, ...]]], scenario: str, seed: int
) -> None:
    retried = 0
    for index, (name, sql) in enumerate(QUERIES.items()):
        emulator.faults = RECOVERABLE[scenario](seed * 100 + index)
        outcome = _run(emulator, sql)
        assert outcome.error is None, f"{scenario}, {name}: {type(outcome.error).__name__}: {outcome.error}"
        assert outcome.rows == expected[name], f"{scenario}, {name}: rows lost, duplicated or reordered"
        attempts = [log.attempt for log in outcome.logs if log.method == "GET"]
        assert max(attempts) <= MAX_ATTEMPTS
        retried += max(attempts) > 1 or sum(log.method == "POST" for log in outcome.logs) > 1
    assert retried, f"{scenario}: no query met a fault; the scenario tested nothing"


def test_a_timed_restore_in_the_middle_of_paging_is_ridden_out(
    emulator: Emulator, expected: dict[str, list[tuple[Any, ...]]]
) -> None:
    """``begin_restore`` while a query is between pages: the next page waits for the site to return."""
    rows: list[tuple[Any, ...]] = []
    with imisql.connect(
        emulator.base_url,
        username=emulator.username,
        password=emulator.password,
        page_size=PAGE,
        **{**CLIENT, "max_attempts": 200, "backoff": 0.02, "max_backoff": 0.05},
    ) as conn:
        cursor = conn.execute(QUERIES["scan"])
        rows += cursor.fetchmany(PAGE * 2 + 5)
        emulator.begin_restore(0.4)
        rows += cursor.fetchall()
        assert conn.client.stats.retries >= 1
    assert rows == expected["scan"]


# ---------------------------------------------------------------- faults that outlast the limits

PERSISTENT: dict[str, tuple[Any, dict[str, Any], type[BaseException], str]] = {
    "every request 503": (Faults(error_rate=1.0), {"max_attempts": 3}, RetriesExhaustedError, "HTTP 503"),
    "every request reset": (Faults(reset_rate=1.0), {"max_attempts": 3}, RetriesExhaustedError, "reset"),
    "every body truncated": (Faults(truncate_rate=1.0), {"max_attempts": 3}, RetriesExhaustedError, "body"),
    "every body HTML": (Faults(non_json_rate=1.0), {"max_attempts": 3}, RetriesExhaustedError, "non-JSON"),
    "every response hangs": (
        Faults(hang_rate=1.0, hang_seconds=3.0),
        {"max_attempts": 2, "read_timeout": 0.8},
        RetriesExhaustedError,
        "read timeout",
    ),
    "restore longer than the budget": (
        Faults(restore_window=(0, 10_000)),
        {"max_attempts": 1000, "retry_budget": 0.5},
        RetriesExhaustedError,
        "retry_budget=0.5s",
    ),
    "Retry-After beyond the budget": (
        Faults(error_rate=1.0, retry_after=3600),
        {"retry_budget": 5.0},
        RetriesExhaustedError,
        "asked to wait 3600s",
    ),
    "every token refused": (Faults(token_expiry_after=0), {}, AuthenticationError, "refused a fresh token"),
    "mostly failing, few attempts": (
        Faults(error_rate=0.6, reset_rate=0.3, seed=9),
        {"max_attempts": 2},
        RetriesExhaustedError,
        "attempts",
    ),
}


@pytest.mark.parametrize("scenario", list(PERSISTENT))
@pytest.mark.parametrize(
    "query", ["scan", "or fan-out", "count", *(["aggregate", "limit+offset"] if is_slow() else [])]
)
def test_faults_beyond_the_limits_fail_clearly_and_promptly(
    emulator: Emulator, expected: dict[str, list[tuple[Any, ...]]], scenario: str, query: str
) -> None:
    faults, options, error_type, says = PERSISTENT[scenario]
    emulator.faults = faults
    outcome = _run(emulator, QUERIES[query], **options)
    if outcome.error is None:  # a random scenario may let a whole query through: then it must be exact
        assert scenario == "mostly failing, few attempts" and outcome.rows == expected[query]
        return
    error = outcome.error
    assert isinstance(error, error_type) and isinstance(error, ImisqlError), repr(error)
    assert says in str(error), str(error)
    limit = options.get("max_attempts", MAX_ATTEMPTS)
    assert max(log.attempt for log in outcome.logs if log.method == "GET") <= limit
    if isinstance(error, RetriesExhaustedError):
        assert 1 <= error.attempts <= limit and error.request and error.request.startswith("GET /api/")
        assert f"max_attempts={limit}" in str(error)


PARALLEL = {
    "token expiry every 3 requests": lambda seed: Faults(token_expiry_after=3, seed=seed),
    "all at once": RECOVERABLE["all at once"],
}


@pytest.mark.parametrize("scenario", list(PARALLEL))
def test_parallel_fan_out_branches_ride_out_the_same_faults(
    emulator: Emulator, expected: dict[str, list[tuple[Any, ...]]], scenario: str
) -> None:
    """``concurrency=3``: the OR branches are fetched at once, sharing one token that keeps expiring."""
    for seed in range(cases(10, 200)):
        emulator.faults = PARALLEL[scenario](seed)
        outcome = _run(emulator, QUERIES["or fan-out"], concurrency=3)
        assert outcome.error is None, f"seed {seed}: {type(outcome.error).__name__}: {outcome.error}"
        assert outcome.rows == expected["or fan-out"], f"seed {seed}: rows lost, duplicated or reordered"

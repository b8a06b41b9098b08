"""The retry budget is a deadline for the statement (issue 14 item 4), over real sockets.

A hostile list endpoint serves ``PAGES`` pages of ``/api/Party`` and answers the first request for
chosen pages with 503 and ``Retry-After``; the retry gets the page. Each page alone recovers well
within the budget, so a budget per request never runs out: only a budget shared by the statement
stops it. The tests count requests and rows, never time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest

import imisql
from imisql.errors import RetriesExhaustedError
from tests.http.hostile import Reply, Seen, envelope, hostile_server, json_reply

PAGE = 5
PAGES = 20
WAIT = 0.25  # seconds of Retry-After on each refused page
CLI_WAIT = 120  # seconds: bound for the command-line run


def _party(n: int) -> dict[str, Any]:
    return {"$type": "Asi.Soa.Membership.DataContracts.PartyData, Asi.Contracts", "PartyId": str(n), "Id": str(n)}


def _intermittent(refused: Callable[[int], bool]) -> Callable[[Seen], Reply]:
    """Pages of ``PAGE`` parties; the first request for page ``p`` is a 503 when ``refused(p)``."""
    asked: set[int] = set()
    lock = threading.Lock()
    total = PAGE * PAGES

    def answer(seen: Seen) -> Reply:
        if seen.path != "/api/Party":
            return json_reply({"Message": "No HTTP resource"}, 404)
        offset = int(dict(seen.params).get("offset", 0))
        with lock:
            first = offset not in asked
            asked.add(offset)
        if first and refused(offset // PAGE):
            return Reply(503, b"restoring", {"Retry-After": str(WAIT)})
        stop = min(offset + PAGE, total)
        more = stop < total
        items = [_party(n) for n in range(offset, stop)]
        return json_reply(envelope(items, offset, total, HasNext=more, NextOffset=stop if more else 0))

    return answer


def _pages_served(seen: list[Seen]) -> int:
    return len({dict(s.params).get("offset") for s in seen if s.path == "/api/Party"})


def test_a_statement_that_keeps_retrying_ends_at_its_budget() -> None:
    """Every page is refused once: 20 waits of 0.25 s. Each request fits a 1 s budget; the statement does not."""
    with (
        hostile_server(_intermittent(lambda page: True)) as site,
        imisql.connect(site.base_url, token="t", page_size=PAGE, retry_budget=1.0, max_attempts=5) as conn,
        pytest.raises(RetriesExhaustedError, match=r"retry_budget=1s, \d\.\ds of it spent") as info,
    ):
        conn.execute("SELECT PartyId FROM Party").fetchall()
    assert _pages_served(site.seen) < PAGES
    assert info.value.attempts == 1  # the request that found the budget spent had waited for nothing yet


def test_every_statement_has_a_budget_of_its_own() -> None:
    """The same connection runs a second statement after the first used up its budget."""
    with (
        hostile_server(_intermittent(lambda page: page in (0, 1, 2))) as site,
        imisql.connect(site.base_url, token="t", page_size=PAGE, retry_budget=1.0, max_attempts=5) as conn,
    ):
        assert len(conn.execute("SELECT PartyId FROM Party").fetchall()) == PAGE * PAGES
        assert len(conn.execute("SELECT PartyId FROM Party").fetchall()) == PAGE * PAGES


def test_a_long_export_that_makes_progress_is_not_cut() -> None:
    """Every fourth page refused once (5 waits, 1.25 s) under a 2 s budget: all rows, however long the export."""
    with (
        hostile_server(_intermittent(lambda page: page % 4 == 0)) as site,
        imisql.connect(site.base_url, token="t", page_size=PAGE, retry_budget=2.0, max_attempts=5) as conn,
    ):
        cursor = conn.execute("SELECT PartyId FROM Party")
        rows = cursor.fetchall()
    assert sorted(int(r[0]) for r in rows) == list(range(PAGE * PAGES))
    assert _pages_served(site.seen) == PAGES


def test_the_command_line_budget_is_for_the_statement() -> None:
    with hostile_server(_intermittent(lambda page: True)) as site:
        env = {**os.environ, "IMISQL_URL": site.base_url, "IMISQL_TOKEN": "t"}
        command = [sys.executable, "-m", "imisql", "--page-size", str(PAGE), "--retry-budget", "1"]
        command += ["-c", "SELECT PartyId FROM Party"]
        run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=CLI_WAIT, check=False)
    assert run.returncode == 3, run.stderr
    assert "retry_budget=1s" in run.stderr and "Traceback" not in run.stderr
    assert _pages_served(site.seen) < PAGES

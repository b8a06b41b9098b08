"""Paging against a hostile list endpoint (issue 14 items 2, 3 and 12), through the whole stack.

``imisql.connect`` → cursor → executor → paging → client → a real socket to a small server that
answers ``/api/Party`` from a scripted table, honouring (or not) ``limit`` and ``offset``. Every script
stops answering rows after ``CAP`` requests, so a client that would page for ever still ends and the
test fails on its assertions instead of hanging.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import imisql
from imisql.errors import PagingError
from tests.http.hostile import Reply, Seen, envelope, hostile_server, json_reply

CAP = 200  # requests a script answers with rows; after that, empty pages
PAGE = 10

Script = Callable[[int, int, int], dict[str, Any]]  # (offset, limit, request number) -> envelope


def _party(n: int) -> dict[str, Any]:
    return {"$type": "Asi.Soa.Membership.DataContracts.PartyData, Asi.Contracts", "PartyId": str(n), "Id": str(n)}


def _rows(start: int, stop: int) -> list[dict[str, Any]]:
    return [_party(n) for n in range(start, stop)]


def _serve(script: Script) -> Callable[[Seen], Reply]:
    count = [0]

    def answer(seen: Seen) -> Reply:
        params = dict(seen.params)
        if seen.path != "/api/Party":
            return json_reply({"Message": "No HTTP resource"}, 404)
        count[0] += 1
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 500))
        if count[0] > CAP:
            return json_reply(envelope([], offset, total=0))
        return json_reply(script(offset, limit, count[0]))

    return answer


def _query(url: str, sql: str) -> tuple[list[tuple[Any, ...]], list[str]]:
    with imisql.connect(url, token="t", page_size=PAGE, max_attempts=1) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall(), cursor.stats.notes


def _honest(total: int) -> Script:
    def script(offset: int, limit: int, number: int) -> dict[str, Any]:
        stop = min(offset + limit, total)
        more = stop < total
        return envelope(_rows(offset, stop), offset, total, HasNext=more, NextOffset=stop if more else 0)

    return script


def test_an_honest_server_gives_every_row_with_no_note() -> None:
    with hostile_server(_serve(_honest(35))) as site:
        rows, notes = _query(site.base_url, "SELECT PartyId FROM Party")
    assert [r[0] for r in rows] == [str(n) for n in range(35)] and notes == []


def test_a_server_that_ignores_offset_is_stopped() -> None:
    def script(offset: int, limit: int, number: int) -> dict[str, Any]:
        return envelope(_rows(0, limit), offset, 1000, HasNext=True, NextOffset=offset + limit)

    with hostile_server(_serve(script)) as site, pytest.raises(PagingError, match="the server ignores offset"):
        _query(site.base_url, "SELECT PartyId FROM Party")
    assert len(site.seen) == 2


def test_hasnext_true_for_ever_is_stopped_by_totalcount() -> None:
    def script(offset: int, limit: int, number: int) -> dict[str, Any]:
        return envelope(_rows(offset, offset + limit), offset, 25, HasNext=True, NextOffset=offset + limit)

    with hostile_server(_serve(script)) as site, pytest.raises(PagingError, match="TotalCount 25"):
        _query(site.base_url, "SELECT PartyId FROM Party")
    assert len(site.seen) == 3 + 2 + 1  # 3 pages hold 25 rows; PAGE_SLACK more; the one past the bound


def test_a_nextoffset_that_jumps_ahead_loses_no_row() -> None:
    def script(offset: int, limit: int, number: int) -> dict[str, Any]:
        stop = min(offset + limit, 30)
        return envelope(_rows(offset, stop), offset, 30, HasNext=stop < 30, NextOffset=stop + 10 if stop < 30 else 0)

    with hostile_server(_serve(script)) as site:
        rows, notes = _query(site.base_url, "SELECT PartyId FROM Party")
    assert [r[0] for r in rows] == [str(n) for n in range(30)]
    assert notes and "NextOffset 20 at offset 0 would skip rows 10-19" in notes[0]


def test_nextoffset_0_with_hasnext_true_loses_no_row() -> None:
    def script(offset: int, limit: int, number: int) -> dict[str, Any]:
        stop = min(offset + limit, 30)
        return envelope(_rows(offset, stop), offset, 30, HasNext=stop < 30, NextOffset=0)

    with hostile_server(_serve(script)) as site:
        rows, notes = _query(site.base_url, "SELECT PartyId FROM Party")
    assert [r[0] for r in rows] == [str(n) for n in range(30)]
    assert any("NextOffset 0 with HasNext true" in note for note in notes)


def test_paging_that_ends_short_of_totalcount_is_an_error() -> None:
    def script(offset: int, limit: int, number: int) -> dict[str, Any]:
        return envelope(_rows(offset, offset + limit), offset, 30, HasNext=False, NextOffset=0)

    with hostile_server(_serve(script)) as site, pytest.raises(PagingError, match="20 rows would be lost"):
        _query(site.base_url, "SELECT PartyId FROM Party")


def test_rows_inserted_while_paging_are_reported() -> None:
    def script(offset: int, limit: int, number: int) -> dict[str, Any]:
        total = 30 + number  # one row more on every request
        stop = min(offset + limit, total)
        return envelope(
            _rows(offset, stop), offset, total, HasNext=stop < total, NextOffset=stop if stop < total else 0
        )

    with hostile_server(_serve(script)) as site:
        rows, notes = _query(site.base_url, "SELECT PartyId FROM Party")
    assert len(rows) == len({r[0] for r in rows}) >= 30
    assert any("TotalCount changed while paging" in note for note in notes)


def test_count_without_totalcount_is_counted_and_bounded() -> None:
    def ignores_offset(offset: int, limit: int, number: int) -> dict[str, Any]:
        return envelope(_rows(0, limit), offset, HasNext=True, NextOffset=offset + limit) | {"TotalCount": None}

    def counts(offset: int, limit: int, number: int) -> dict[str, Any]:
        return _honest(42)(offset, limit, number) | {"TotalCount": None}

    with hostile_server(_serve(counts)) as site:
        assert _query(site.base_url, "SELECT COUNT(*) FROM Party")[0] == [(42,)]
    with hostile_server(_serve(ignores_offset)) as site, pytest.raises(PagingError, match="ignores offset"):
        _query(site.base_url, "SELECT COUNT(*) FROM Party")
    assert len(site.seen) == 3  # the limit=1 probe, then two pages of the count


def test_a_key_lookup_that_finds_nothing_says_so_under_v() -> None:
    with hostile_server(_serve(_honest(5))) as site:
        rows, notes = _query(site.base_url, "SELECT PartyId FROM Party WHERE PartyId = '77'")
        env = {**os.environ, "IMISQL_URL": site.base_url, "IMISQL_TOKEN": "t"}
        command = [sys.executable, "-m", "imisql", "-v", "-c", "SELECT PartyId FROM Party WHERE PartyId = '77'"]
        run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert rows == [] and notes == ["/api/Party/77: 404, no such row"]
    assert run.returncode == 0 and "imisql: note: /api/Party/77: 404, no such row" in run.stderr

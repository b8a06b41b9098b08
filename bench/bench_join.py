"""JOIN benchmark: a bind join against the naive way, on an emulator in another process, in the same run.

The statement
    SELECT p.PartyId, p.Name, a.ACTIVITY_TYPE, a.AMOUNT FROM Party p JOIN Activity a ON a.ID = p.PartyId
    WHERE p.LastName = 'Smith'
runs through imisql (Party filtered by iMIS, Activity filtered by the Smiths' ids in ``in:`` batches)
and through the naive reference: every Party and every Activity row read with pushdown off, joined in
plain Python. Prints both times, the ratio (target >= 10 with 30 ms of added latency), imisql's
request count against the bound 1 + ceil(parties/500) + batches x pages, and checks the rows agree.

Run: python bench/bench_join.py [--parties 10000] [--latency 0.03] [--rounds 3]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from emulator_process import Site, emulator_process

import imisql
from imisql.semantics import group_key

SQL = (
    "SELECT p.PartyId, p.Name, a.ACTIVITY_TYPE, a.AMOUNT FROM Party p JOIN Activity a ON a.ID = p.PartyId "
    "WHERE p.LastName = 'Smith'"
)


def _connect(site: Site, **options: Any) -> imisql.Connection:
    conn = imisql.connect(site.base_url, username=site.username, password=site.password, **options)
    conn.execute("SELECT COUNT(*) FROM Country").fetchall()  # authenticate outside the timing
    return conn


def planned(site: Site) -> tuple[list[tuple[Any, ...]], float, list[str]]:
    """(rows, seconds, the URLs of the HTTP requests) through the planner."""
    conn = _connect(site)
    urls: list[str] = []
    conn.client.on_request = lambda entry: urls.append(entry.url)
    try:
        start = time.perf_counter()
        rows = conn.execute(SQL).fetchall()
        return rows, time.perf_counter() - start, urls
    finally:
        conn.close()


def naive(site: Site) -> tuple[list[tuple[Any, ...]], float]:
    """Every row of both entities, pushdown off, joined in plain Python."""
    conn = _connect(site, pushdown=False)
    try:
        start = time.perf_counter()
        parties = conn.execute("SELECT PartyId, Name, LastName FROM Party").fetchall()
        activities = conn.execute("SELECT ID, ACTIVITY_TYPE, AMOUNT FROM Activity").fetchall()
        by_party: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        for activity in activities:
            by_party[group_key(activity[0])].append(activity)
        rows = [
            (party_id, name, activity[1], activity[2])
            for party_id, name, last in parties
            if last is not None and group_key(last) == group_key("Smith")
            for activity in by_party.get(group_key(party_id), [])
        ]
        return rows, time.perf_counter() - start
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parties", type=int, default=10000)
    parser.add_argument("--latency", type=float, default=0.03)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with emulator_process(args.parties, 0.0) as site:
        conn = _connect(site)
        activities = conn.execute("SELECT COUNT(*) FROM Activity").fetchone()[0]
        smiths = conn.execute("SELECT COUNT(*) FROM Party WHERE LastName = 'Smith'").fetchone()[0]
        conn.close()
    print(f"data: {args.parties} parties, {activities} Activity rows, {smiths} parties named Smith")
    assert activities >= 20_000, "the benchmark needs at least 20,000 Activity rows: raise --parties"
    with emulator_process(args.parties, args.latency) as site:
        ours, theirs, urls = [], [], []
        for _ in range(args.rounds):
            rows, seconds, urls = planned(site)
            reference, reference_seconds = naive(site)
            assert sorted(rows, key=repr) == sorted(reference, key=repr), "the bind join and the naive join disagree"
            ours.append(seconds)
            theirs.append(reference_seconds)
    activity_urls = [u for u in urls if "/api/Activity" in u]
    batches = sum(1 for u in activity_urls if "offset=0" in u)
    pages = max(1, math.ceil(len(rows) / 500))
    bound = 1 + math.ceil(smiths / 500) + batches * pages
    requests = len(urls)
    ratio = statistics.median(theirs) / statistics.median(ours)
    longest = max(len(u) for u in urls)
    print(
        f"rows: {len(rows)}; imisql requests: {requests} ({batches} key batches, longest URL {longest} chars; "
        f"bound 1 + ceil({smiths}/500) + {batches} x {pages} = {bound})"
    )
    print(f"imisql {statistics.median(ours):.3f}s, naive {statistics.median(theirs):.3f}s "
          f"-> {ratio:.1f}x faster (target >= 10x, {args.latency * 1000:.0f} ms latency)")  # fmt: skip
    assert requests <= bound, f"{requests} requests exceed the bound {bound}"


if __name__ == "__main__":
    main()

"""Execution benchmarks against an emulator in another process, each against a baseline in the same run.

(a) a 20,000-row query vs a minimal hand-written ``requests`` paging loop fetching the same rows;
(b) a selective query: requests issued, and time vs fetching every row and filtering locally;
(c) peak memory (max RSS of a fresh client process) streaming 200,000 rows vs 10,000 rows.

Run: python bench/bench_execute.py [--parties 50000] [--latency 0.03] [--rounds 3] [--skip-memory]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from emulator_process import Site, emulator_process

import imisql

ROWS = 20_000


def imisql_rows(site: Site, sql: str, **options: object) -> tuple[int, float, int]:
    """(rows, seconds, HTTP requests) for one query through imisql, connection set-up excluded."""
    conn = imisql.connect(site.base_url, username=site.username, password=site.password, **options)  # type: ignore[arg-type]
    try:
        conn.execute("SELECT COUNT(*) FROM Country").fetchall()  # authenticate outside the timing
        before = conn.client.stats.snapshot().requests
        start = time.perf_counter()
        count = sum(1 for _ in conn.execute(sql))
        elapsed = time.perf_counter() - start
        return count, elapsed, conn.client.stats.snapshot().requests - before
    finally:
        conn.close()


def handwritten_loop(site: Site, wanted: int) -> tuple[int, float]:
    """The baseline: token, then GET /api/Party pages of 500 until ``wanted`` rows, keeping two columns."""
    session = requests.Session()
    form = {"grant_type": "password", "username": site.username, "password": site.password}
    token = session.post(f"{site.base_url}/token", data=form, timeout=30).json()["access_token"]
    session.headers["Authorization"] = f"Bearer {token}"
    start = time.perf_counter()
    rows: list[tuple[str, str]] = []
    offset = 0
    while len(rows) < wanted:
        page = session.get(f"{site.base_url}/api/Party", params={"limit": 500, "offset": offset}, timeout=60).json()
        rows.extend((item["PartyId"], item["Name"]) for item in page["Items"]["$values"])
        if not page["NextOffset"]:
            break
        offset = page["NextOffset"]
    elapsed = time.perf_counter() - start
    session.close()
    return min(len(rows), wanted), elapsed


def bench_large(site: Site, rounds: int) -> None:
    ours, theirs = [], []
    for _ in range(rounds):
        count, seconds, _ = imisql_rows(site, f"SELECT PartyId, Name FROM Party LIMIT {ROWS}")
        assert count == ROWS, count
        ours.append(seconds)
        count, seconds = handwritten_loop(site, ROWS)
        assert count == ROWS, count
        theirs.append(seconds)
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"(a) {ROWS} rows: imisql {statistics.median(ours):.2f}s, hand-written loop {statistics.median(theirs):.2f}s"
          f" -> ratio {ratio:.2f} (target <= 1.15)")  # fmt: skip


def bench_selective(site: Site, rounds: int) -> None:
    sql = "SELECT PartyId, Name FROM Party WHERE LastName = 'Smith'"
    ours, theirs = [], []
    for _ in range(rounds):
        n_pushed, seconds, requests_pushed = imisql_rows(site, sql)
        ours.append(seconds)
        n_local, seconds, requests_local = imisql_rows(site, sql, pushdown=False)
        theirs.append(seconds)
        assert n_pushed == n_local
    speedup = statistics.median(theirs) / statistics.median(ours)
    print(f"(b) selective query ({n_pushed} rows): {requests_pushed} request(s) with pushdown vs {requests_local} "
          f"fetching everything; {statistics.median(ours) * 1000:.0f} ms vs {statistics.median(theirs) * 1000:.0f} ms"
          f" -> {speedup:.0f}x faster (target >= 10x)")  # fmt: skip


_STREAM = """
import resource, sys, imisql
url, user, password, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = imisql.connect(url, username=user, password=password)
n = sum(1 for _ in conn.execute(f"SELECT PartyId, Name, Email FROM Party LIMIT {rows}"))
assert n == rows, n
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_kib(site: Site, rows: int) -> int:
    out = subprocess.run(
        [sys.executable, "-c", _STREAM, site.base_url, site.username, site.password, str(rows)],
        capture_output=True, text=True, check=True, timeout=1800,
    )  # fmt: skip
    return int(out.stdout.strip())


def bench_memory() -> None:
    with emulator_process(210_000) as site:
        small, large = peak_rss_kib(site, 10_000), peak_rss_kib(site, 200_000)
    print(f"(c) peak RSS streaming 10,000 rows {small / 1024:.1f} MiB, 200,000 rows {large / 1024:.1f} MiB"
          f" -> ratio {large / small:.2f} (target <= 1.5)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parties", type=int, default=50_000)
    parser.add_argument("--latency", type=float, default=0.03, help="seconds the emulator adds to every request")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    with emulator_process(args.parties, args.latency) as site:
        print(f"emulator: {args.parties} parties, {args.latency * 1000:.0f} ms latency per request")
        bench_large(site, args.rounds)
        bench_selective(site, args.rounds)
    if not args.skip_memory:
        bench_memory()


if __name__ == "__main__":
    main()

"""ORDER BY benchmarks against emulators in other processes, each figure a ratio within the same run.

(a) requests of ``ORDER BY LastName, FirstName LIMIT 20`` on Person and Party, both directions: the first
    key pushed to iMIS (ties completed on the client, the run of ties that reaches the LIMIT narrowed by a
    request sorted by the second key), by default (NULLs taken to sort lowest, as in SQL Server) and with
    ``nulls_lowest=False`` (assume nothing: each key's empty values read apart), against the same statement
    sorted on the client (pushdown off); the rows are compared.
(b) memory a client sort holds per row (traced memory when the first sorted row is given: every row is
    read and sorted, the pages are gone) against the size of the row's projected values
    (``sys.getsizeof`` of each value), at 10,000 and 200,000 rows, and per row between the two sizes
    (what each further row costs, the connection's fixed costs left out); and the peak while sorting (the
    pages in flight and the sort keys included) against the peak of streaming the same rows unsorted.
Streaming memory (peak RSS, 10,000 against 200,000 rows) is measured by bench_memory.py.

Run: python bench/bench_sort.py [--small 10000] [--large 200000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from emulator_process import Site, emulator_process

import imisql

COLUMNS = "PartyId, LastName, FirstName"
TWO_KEYS = "ORDER BY LastName, FirstName"

_CHILD = """
import json, sys, tracemalloc
import imisql
url, user, password, sql, pushdown = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "on"
conn = imisql.connect(url, username=user, password=password, pushdown=pushdown)
conn.execute("SELECT COUNT(*) FROM Country").fetchall()
tracemalloc.start()
start = tracemalloc.get_traced_memory()[0]
rows = values = first = 0
for row in conn.execute(sql):
    if not rows:
        first = tracemalloc.get_traced_memory()[0] - start  # a sort is done: what it holds, the pages gone
    rows += 1
    values += sum(sys.getsizeof(v) for v in row)
peak = tracemalloc.get_traced_memory()[1] - start
tracemalloc.stop()
print(json.dumps({"rows": rows, "peak": peak, "first": first, "values": values}))
"""


def measure(site: Site, sql: str, pushdown: bool = True) -> dict[str, int]:
    """Rows, tracemalloc peak and projected values' bytes of a fresh process running ``sql``."""
    args = [site.base_url, site.username, site.password, sql, "on" if pushdown else "off"]
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=True, timeout=3600
    )  # fmt: skip
    result: dict[str, int] = json.loads(out.stdout)
    return result


def requests_of(
    site: Site, sql: str, pushdown: bool, nulls_lowest: bool = True
) -> tuple[list[tuple[object, ...]], int]:
    conn = imisql.connect(
        site.base_url, username=site.username, password=site.password, pushdown=pushdown, nulls_lowest=nulls_lowest
    )  # fmt: skip
    try:
        conn.execute("SELECT COUNT(*) FROM Country").fetchall()  # the token, outside the count
        before = conn.client.stats.snapshot().requests
        rows = [tuple(r) for r in conn.execute(sql).fetchall()]
        return rows, conn.client.stats.snapshot().requests - before
    finally:
        conn.close()


def bench_requests(site: Site, parties: int) -> None:
    for entity, direction in (("Person", ""), ("Person", " DESC"), ("Party", ""), ("Party", " DESC")):
        sql = f"SELECT {COLUMNS} FROM {entity} ORDER BY LastName{direction}, FirstName LIMIT 20"
        pushed, lowest = requests_of(site, sql, True)
        apart, nothing = requests_of(site, sql, True, nulls_lowest=False)
        local, theirs = requests_of(site, sql, False)
        assert pushed == apart == local, sql
        print(f"(a) {parties:,} parties, {entity} ORDER BY LastName{direction}, FirstName LIMIT 20: {lowest} request(s)"
              f" by default (NULLs lowest), {nothing} with nulls_lowest=False (assume nothing), {theirs} client sort"
              f" -> {theirs / lowest:.0f}x / {theirs / nothing:.0f}x fewer")  # fmt: skip


def bench_client_sort(site: Site, rows: int) -> dict[str, int]:
    sql = f"SELECT {COLUMNS} FROM Party"
    sorted_run = measure(site, f"{sql} {TWO_KEYS}", pushdown=False)
    streamed = measure(site, sql, pushdown=False)
    assert sorted_run["rows"] == streamed["rows"] == rows, (sorted_run, streamed)
    held, values = sorted_run["first"] / rows, sorted_run["values"] / rows
    peak = (sorted_run["peak"] - streamed["peak"]) / rows
    print(f"(b) client sort of {rows:,} rows ({COLUMNS}): {held:.0f} B held per row, projected values "
          f"{values:.0f} B per row -> ratio {held / values:.2f} (target <= 2); peak while sorting "
          f"{sorted_run['peak'] / 2**20:.1f} MiB vs streaming {streamed['peak'] / 2**20:.1f} MiB "
          f"({peak:.0f} B more per row, {peak / values:.2f}x the values)")  # fmt: skip
    return sorted_run


def marginal(small: dict[str, int], large: dict[str, int]) -> None:
    """What each further row costs the sort: the growth of held memory over the growth in rows, so the
    connection's fixed costs (its page buffer, caches) do not count as per-row memory."""
    rows = large["rows"] - small["rows"]
    held, values = (large["first"] - small["first"]) / rows, (large["values"] - small["values"]) / rows
    print(f"(b) each row past {small['rows']:,}: {held:.0f} B held, projected values {values:.0f} B -> ratio "
          f"{held / values:.2f} (target <= 2)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=200_000)
    args = parser.parse_args()
    with emulator_process(args.small) as small, emulator_process(args.large) as large:
        bench_requests(small, args.small)
        bench_requests(large, args.large)
        marginal(bench_client_sort(small, args.small), bench_client_sort(large, args.large))


if __name__ == "__main__":
    main()

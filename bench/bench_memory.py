"""Streaming memory: peak RSS of a fresh client process streaming 200,000 rows against 10,000 rows.

``SELECT PartyId, LastName, FirstName FROM Party`` over the DB-API, plain and with ``ORDER BY LastName,
FirstName`` (the first key pushed to iMIS, ties completed on the client), from emulators in their own
processes. Each figure is a fresh client process; the peak RSS is taken from a process that does not
trace (tracemalloc's own tables are part of the RSS and grow with the number of live objects), and the
traced peak (Python objects only) from another one. Runs alternate 10,000 and 200,000 rows; medians
are compared.

The plain statement is also measured with the standard library's JSON parser, which imisql uses when
msgspec is not installed (the child process blocks its import).

Run: python bench/bench_memory.py [--small 10000] [--large 200000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from emulator_process import Site, emulator_process

PLAIN = "SELECT PartyId, LastName, FirstName FROM Party"
CASES = (("msgspec", PLAIN), ("msgspec", f"{PLAIN} ORDER BY LastName, FirstName"), ("stdlib", PLAIN))

_CHILD = """
import json, resource, sys, tracemalloc
if sys.argv[6] == "stdlib":
    sys.modules["msgspec"] = None  # imisql then parses pages with the standard library
import imisql
url, user, password, sql, trace = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "trace"
conn = imisql.connect(url, username=user, password=password)
conn.execute("SELECT COUNT(*) FROM Country").fetchall()
if trace:
    tracemalloc.start()
rows = sum(1 for _ in conn.execute(sql))
peak = tracemalloc.get_traced_memory()[1] if trace else 0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"rows": rows, "peak": peak, "rss": rss}))
"""


def measure(site: Site, sql: str, parser: str, trace: bool) -> dict[str, int]:
    """Rows, and peak RSS (``trace`` off) or tracemalloc peak (``trace`` on), of a fresh process."""
    args = [site.base_url, site.username, site.password, sql, "trace" if trace else "rss", parser]
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=True, timeout=3600
    )  # fmt: skip
    result: dict[str, int] = json.loads(out.stdout)
    return result


def bench_case(small: Site, large: Site, sizes: tuple[int, int], parser: str, sql: str, runs: int) -> None:
    figures: dict[tuple[int, bool], list[float]] = {}
    for _ in range(runs):
        for rows, site in zip(sizes, (small, large), strict=True):
            for trace in (False, True):
                got = measure(site, sql, parser, trace)
                assert got["rows"] == rows, (got, rows)
                figures.setdefault((rows, trace), []).append((got["peak"] if trace else got["rss"]) / 2**20)
    print(f"{sql} [{parser}], {runs} runs:")
    for trace, name in ((False, "peak RSS"), (True, "tracemalloc peak")):
        a, b = (statistics.median(figures[(rows, trace)]) for rows in sizes)
        pairs = zip(figures[(sizes[0], trace)], figures[(sizes[1], trace)], strict=True)
        each = ", ".join(f"{x:.1f}->{y:.1f}" for x, y in pairs)
        print(f"  {name:16} {a:6.1f} -> {b:6.1f} MiB (median), ratio {b / a:.2f}   [runs: {each}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with emulator_process(args.small) as small, emulator_process(args.large) as large:
        for json_parser, sql in CASES:
            bench_case(small, large, (args.small, args.large), json_parser, sql, args.runs)


if __name__ == "__main__":
    main()

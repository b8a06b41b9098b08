"""CLI render cost: ``SELECT *`` through the ``imisql`` command (csv, json, table) against the DB-API's
CPU for the same rows, measured in the same run.

Every measure is a fresh client process against an emulator in its own process, its CPU (user + system,
from ``getrusage`` of the finished child) taken, so the server's work never counts. Baseline: a
``python -c`` that connects and iterates the same query's rows through the DB-API, discarding them.
Measured: the ``imisql`` command with ``--format csv|json|table``, output to /dev/null. The four
alternate within every round; medians per row are compared (start-up included on both sides).

Run: python bench/bench_render.py [--rows 20000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from emulator_process import Site, emulator_process

FORMATS = ("csv", "json", "table")
_DBAPI = """
import os, sys, imisql
conn = imisql.connect(os.environ["IMISQL_URL"], username=os.environ["IMISQL_USERNAME"],
                      password=os.environ["IMISQL_PASSWORD"])
count = sum(1 for _ in conn.execute(sys.argv[1]))
assert count == int(sys.argv[2]), count
"""


def _cpu_of(command: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, timeout=1800)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _commands(site: Site, rows: int) -> dict[str, list[str]]:
    sql = f"SELECT * FROM Party LIMIT {rows}"
    imisql = str(Path(sys.executable).parent / "imisql")
    commands = {"DB-API": [sys.executable, "-c", _DBAPI, sql, str(rows)]}
    commands.update({f"imisql --format {fmt}": [imisql, "--format", fmt, "-c", sql] for fmt in FORMATS})
    return commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with emulator_process(args.rows) as site:
        env = {**os.environ, "IMISQL_URL": site.base_url, "IMISQL_USERNAME": site.username,
               "IMISQL_PASSWORD": site.password}  # fmt: skip
        commands = _commands(site, args.rows)
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                cpu[name].append(_cpu_of(command, env))
    baseline = statistics.median(cpu["DB-API"])
    print(f"SELECT * FROM Party LIMIT {args.rows}: client CPU, median of {args.rounds} alternating rounds")
    for name, samples in cpu.items():
        median = statistics.median(samples)
        per_row = median / args.rows * 1e6
        print(f"  {name:24} {median:6.2f} s  {per_row:6.1f} µs/row  ratio {median / baseline:.2f}x (target <= 1.5)")


if __name__ == "__main__":
    main()

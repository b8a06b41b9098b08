"""Parse+compile time per statement (imisql) against sqlglot.parse_one (parse only), same run.

Uses the golden corpus statements that both parse; prints per-statement medians and the ratio.
Run: python bench/bench_compile.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import sqlglot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imisql.compiler import compile_sql
from imisql.errors import QueryError
from tests.core.golden import PARAMS, load_statements


def usable_statements() -> list[str]:
    """Golden statements that compile in imisql and that sqlglot also parses."""
    out = []
    for _, sql in load_statements():
        try:
            compile_sql(sql, params=PARAMS)
            sqlglot.parse_one(sql)
        except (QueryError, sqlglot.errors.ParseError, sqlglot.errors.TokenError):
            continue
        out.append(sql)
    return out


def one_pass(fn, statements: list[str]) -> float:
    """Seconds per statement for one pass over all statements."""
    start = time.perf_counter()
    for sql in statements:
        fn(sql)
    return (time.perf_counter() - start) / len(statements)


def interleaved(a, b, statements: list[str], rounds: int, block: int = 10) -> tuple[list[float], list[float]]:
    """Alternate blocks of ``block`` passes of ``a`` and of ``b``, so machine noise hits both alike while
    each runs warm, as in a program that compiles one statement after another."""
    samples_a, samples_b = [], []
    for _ in range(max(1, rounds // block)):
        samples_a.extend(one_pass(a, statements) for _ in range(block))
        samples_b.extend(one_pass(b, statements) for _ in range(block))
    return samples_a, samples_b


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    statements = usable_statements()
    for sql in statements:  # warm both: parser construction, caches
        compile_sql(sql, params=PARAMS)
        sqlglot.parse_one(sql)
    ours, theirs = interleaved(lambda s: compile_sql(s, params=PARAMS), sqlglot.parse_one, statements, args.rounds)
    print(f"statements: {len(statements)} (golden corpus, parsed by both), {args.rounds} passes each, in blocks of 10")
    print("                      best     median  (us/statement)")
    print(f"imisql parse+compile: {min(ours) * 1e6:7.1f} {statistics.median(ours) * 1e6:9.1f}")
    print(f"sqlglot parse_one:    {min(theirs) * 1e6:7.1f} {statistics.median(theirs) * 1e6:9.1f}")
    best, typical = min(theirs) / min(ours), statistics.median(theirs) / statistics.median(ours)
    print(f"ratio sqlglot/imisql: {best:7.2f}x {typical:8.2f}x  (target >= 2x)")


if __name__ == "__main__":
    main()

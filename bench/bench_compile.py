"""Parse+compile time per statement (imisql) against sqlglot.parse_one (parse only), same run; and the
plan cache for statements an application runs again.

Uses the golden corpus statements that both parse; prints per-statement times and the ratios. Times
are this process's CPU time (``time.process_time``), so other jobs on a shared machine do not count.
Run: python bench/bench_compile.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlglot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imisql.catalog.builtin import BUILTIN
from imisql.catalog.model import Catalog
from imisql.compiler import DEFAULT_OPTIONS, CompileOptions, compile_sql
from imisql.errors import QueryError
from imisql.plan_cache import PlanCache
from imisql.runner import StatementRunner
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


def one_pass(fn: Callable[[str], object], statements: list[str]) -> float:
    """CPU seconds per statement for one pass over all statements."""
    start = time.process_time()
    for sql in statements:
        fn(sql)
    return (time.process_time() - start) / len(statements)


def interleaved(
    a: Callable[[str], object], b: Callable[[str], object], statements: list[str], rounds: int, block: int = 10
) -> tuple[list[float], list[float]]:
    """Alternate blocks of ``block`` passes of ``a`` and of ``b``, so machine noise hits both alike while
    each runs warm, as in a program that compiles one statement after another."""
    samples_a: list[float] = []
    samples_b: list[float] = []
    for _ in range(max(1, rounds // block)):
        samples_a.extend(one_pass(a, statements) for _ in range(block))
        samples_b.extend(one_pass(b, statements) for _ in range(block))
    return samples_a, samples_b


@dataclass(frozen=True)
class _Target:
    """What the statement runner reads when it only prepares (nothing runs, nothing is sent)."""

    catalog: Catalog = BUILTIN
    options: CompileOptions = DEFAULT_OPTIONS


def report(name: str, ours: list[float], theirs: list[float], baseline: str, target: str) -> None:
    print(f"{name:<32} {min(ours) * 1e6:7.1f} {statistics.median(ours) * 1e6:9.1f}")
    print(f"{baseline:<32} {min(theirs) * 1e6:7.1f} {statistics.median(theirs) * 1e6:9.1f}")
    best, typical = min(theirs) / min(ours), statistics.median(theirs) / statistics.median(ours)
    print(f"{'ratio':<32} {best:7.2f}x {typical:8.2f}x  ({target})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    statements = usable_statements()
    for sql in statements:  # warm both: parser construction, caches
        compile_sql(sql, params=PARAMS)
        sqlglot.parse_one(sql)
    print(f"statements: {len(statements)} (golden corpus, parsed by both), {args.rounds} passes each, in blocks of 10")
    print(f"{'CPU us/statement':<32} {'best':>7} {'median':>9}")
    ours, theirs = interleaved(lambda s: compile_sql(s, params=PARAMS), sqlglot.parse_one, statements, args.rounds)
    report("imisql parse+compile", ours, theirs, "sqlglot parse_one", "sqlglot/imisql, target >= 3x")
    fresh, cached = StatementRunner(_Target()), StatementRunner(_Target(), PlanCache())
    hits, misses = interleaved(
        lambda s: cached.prepare(s, PARAMS), lambda s: fresh.prepare(s, PARAMS), statements, args.rounds
    )
    report("prepare, plan cache (repeated)", hits, misses, "prepare, no cache", "no cache/cache")


if __name__ == "__main__":
    main()

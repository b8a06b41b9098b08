"""Growth with input size (issue 14, item 9): times at x1, x4, x16 and their ratio, then the headline sizes.

The cases are those of ``tests/hardening/test_growth.py`` (``tests/hardening/growth.py``): the baseline
of each row is the same operation at the smallest size, in the same run. Linear work shows a x16 ratio
near 16 (lower while fixed costs still count); quadratic work shows about 256. The headline rows run
the sizes the issue names once each, then once more to record the peak memory Python allocated.

Run: python bench/bench_growth.py [--skip-headline]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imisql import engine
from imisql.compiler import compile_sql
from imisql.engine.statements import clear_caches
from imisql.parser import parse
from tests.hardening.growth import CASES, FACTORS, measure, or_terms, ratio, string_literal, trailing_blanks

HEADLINE: list[tuple[str, Callable[[str], object], Callable[[], str]]] = [
    ("parse, 4,000 trailing blanks", parse, lambda: trailing_blanks(4_000)),
    ("compile, 100,000 OR terms", compile_sql, lambda: or_terms(100_000)),
    ("compile, 10 MB string literal", compile_sql, lambda: string_literal(10_000_000)),
    ("check, 10 MB string literal", engine.check, lambda: string_literal(10_000_000)),
]


def growth() -> None:
    print(f"{'case':36} {'x1':>9} {'x4':>9} {'x16':>9} {'x16/x1':>7}")
    for case in CASES:
        times = measure(case.run, case.make, case.base)
        cells = " ".join(f"{t * 1000:7.1f}ms" for t in times)
        print(f"{case.name:36} {cells} {ratio(times):7.1f}")


def headline() -> None:
    print(f"\n{'headline size':36} {'time':>9} {'peak alloc':>11}")
    for name, run, make in HEADLINE:
        text = make()
        start = time.perf_counter()
        run(text)
        elapsed = time.perf_counter() - start
        clear_caches()
        tracemalloc.start()  # a second, traced run: tracing slows allocation several times over
        run(text)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        clear_caches()
        print(f"{name:36} {elapsed:8.2f}s {peak / 2**20:9.1f}MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-headline", action="store_true", help="only the growth ratios")
    args = parser.parse_args()
    print(f"sizes x{FACTORS}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    growth()
    if not args.skip_headline:
        headline()


if __name__ == "__main__":
    main()

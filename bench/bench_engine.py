"""Editor engine latency: ``complete()`` at random cursor positions and ``check()`` on a 500-line document.

The document is the golden corpus, one statement after another, until it has 500 lines. Baselines
run in the same process: for completion, Lark's own interactive parser asked for the acceptable
tokens at the same cursor (``parse_interactive(prefix)`` + ``accepts()``, the textbook approach);
for ``check``, ``imisql.parser.parse_each`` on the document (parsing only, no names or plans).

``check`` is measured cold (caches cleared: a document just opened) and warm (one statement edited,
as on a keystroke). Targets: complete p99 < 10 ms, check < 100 ms.

Run: python bench/bench_engine.py [--samples N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imisql.engine import check, complete, statements
from imisql.engine.tokens import tokenize
from imisql.frontend import lark_parser
from imisql.parser import parse_each
from tests.core.golden import load_statements

LINES = 500
_WORD = re.compile(r"[A-Za-z0-9_$.\"']*\Z")


def document() -> str:
    """The corpus repeated until the text has ``LINES`` lines; a numbered comment after each ``;``
    makes every statement's text unique, so no cache shortcut helps a cold ``check``. Statements with
    an unclosed string are left out: one would turn the rest of the document into a single statement."""
    corpus = [sql for _, sql in load_statements() if all(t.closed for t in tokenize(sql))]
    lines: list[str] = []
    while len(lines) < LINES:
        for sql in corpus:
            lines.extend(f"{sql}; -- {len(lines)}".split("\n"))
    return "\n".join(lines[:LINES])


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def lark_accepts(text: str, offset: int) -> bool:
    """The baseline: Lark's interactive parser over the statement up to the word at the cursor, then
    ``accepts()``. False when Lark cannot get there (it stops at the first error)."""
    start = text.rfind(";", 0, offset) + 1
    prefix = text[start:offset]
    interactive = lark_parser().parse_interactive(prefix[: len(prefix) - len(_WORD.search(prefix).group())])
    try:
        interactive.exhaust_lexer()
        interactive.accepts()
    except Exception:
        return False
    return True


def bench_complete(text: str, samples: int, rng: random.Random) -> tuple[list[float], list[float]]:
    offsets = [rng.randrange(len(text) + 1) for _ in range(samples)]
    for offset in offsets[:50]:  # warm-up: grammar tables, operator forms
        complete(text, offset)
    ours = [timed(lambda o=o: complete(text, o)) for o in offsets]
    comparable = [o for o in offsets if lark_accepts(text, o)]
    lark = [timed(lambda o=o: lark_accepts(text, o)) for o in comparable]
    return ours, lark


def bench_check(text: str, rounds: int) -> tuple[list[float], list[float], list[float]]:
    cold, warm, baseline = [], [], []
    edit_at = text.index("LastName")
    for n in range(rounds):
        statements.clear_caches()
        cold.append(timed(lambda: check(text)))
        edited = text[:edit_at] + f"LastName{n % 10}" + text[edit_at + len("LastName") :]
        warm.append(timed(lambda e=edited: check(e)))
        baseline.append(timed(lambda: parse_each(text)))
    return cold, warm, baseline


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    text = document()
    ours, lark = bench_complete(text, args.samples, random.Random(args.seed))
    count = len(statements.document(text))
    print(f"document: {text.count(chr(10)) + 1} lines, {len(text)} characters, {count} statements")
    print(f"complete() over {len(ours)} random cursors: p50 {ms(percentile(ours, 50))}, "
          f"p99 {ms(percentile(ours, 99))}, max {ms(max(ours))}")  # fmt: skip
    print(f"  baseline Lark parse_interactive+accepts ({len(lark)} cursors it can parse up to): "
          f"p50 {ms(percentile(lark, 50))}, p99 {ms(percentile(lark, 99))}"
          f"  -> ratio p50 {statistics.median(ours) / statistics.median(lark):.2f}")  # fmt: skip
    cold, warm, baseline = bench_check(text, args.rounds)
    print(f"check() cold (caches cleared): median {ms(statistics.median(cold))}, max {ms(max(cold))}")
    print(f"check() warm (one statement edited): median {ms(statistics.median(warm))}, max {ms(max(warm))}")
    print(f"  baseline parse_each (parse only): median {ms(statistics.median(baseline))}"
          f"  -> ratio cold {statistics.median(cold) / statistics.median(baseline):.2f}")  # fmt: skip


if __name__ == "__main__":
    main()

"""Growth measurement shared by ``tests/hardening/test_growth.py`` and ``bench/bench_growth.py``.

A case builds an input of size ``n`` and runs one operation on it. ``measure`` times the operation at
sizes ``n``, ``4n`` and ``16n`` (caches cleared before every run) and returns the times; the tests
assert on the ratio of the largest to the smallest, never on a time itself. Linear work gives a ratio
near 16 (less while fixed costs still show); quadratic work gives about 256. A long string literal is
not timed here (copying megabytes runs at the speed of memory, which other processes share): its
defect was memory, and ``test_a_10_mb_literal_needs_memory_proportional_to_its_size`` bounds that.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

from imisql import engine
from imisql.compiler import compile_sql
from imisql.engine.statements import clear_caches
from imisql.errors import QueryError
from imisql.parser import parse

FACTORS = (1, 4, 16)
LINEAR_BOUND = 48.0  # 3x what linear growth gives at x16; quadratic growth gives about 256


@dataclass(frozen=True)
class Case:
    name: str
    base: int  # the size at x1
    make: Callable[[int], str]
    run: Callable[[str], object]


def trailing_blanks(n: int) -> str:
    return "SELECT * FROM Party WHERE LastName = 'x'" + " " * n


def blanks_before_a_stray_character(n: int) -> str:
    """Blanks, then a character no terminal matches: the token reader must not search on from each blank."""
    return "SELECT * FROM Party" + " " * n + "#"


def _refused(text: str) -> object:
    try:
        parse(text)
    except QueryError as exc:
        return exc
    raise AssertionError(f"{text[-20:]!r} parsed")


def trailing_newlines(n: int) -> str:
    return "SELECT * FROM Party WHERE LastName = 'x'" + "\n" * n


def empty_statements(n: int) -> str:
    """``n`` semicolons: the script rule's repetition with the least work per step."""
    return ";" * n


def script(n: int) -> str:
    """``n`` statements, one per line."""
    return "\n".join(f"SELECT PartyId FROM Party WHERE LastName = 'n{i}' LIMIT {i + 1};" for i in range(n))


def or_terms(n: int) -> str:
    return "SELECT * FROM Party WHERE " + " OR ".join(f"LastName = 'n{i}'" for i in range(n))


def short_or_terms(n: int) -> str:
    """OR terms with the least lexing per term, so the cost of joining them shows."""
    return "SELECT * FROM Party WHERE " + " OR ".join(["x=1"] * n)


def string_literal(n: int) -> str:
    return "SELECT * FROM Party WHERE LastName = '" + "x" * n + "'"


def long_line(n: int) -> str:
    """One line of about ``n`` characters: a select list of aliased columns."""
    return "SELECT " + ", ".join(f"LastName AS a{i}" for i in range(n // 18)) + " FROM Party WHERE PartyId = '1'"


def _complete_at_end(text: str) -> object:
    return engine.complete(text, len(text))


CASES = [
    Case("parse: trailing blanks", 4_000, trailing_blanks, parse),
    Case("parse: blanks before a stray character", 4_000, blanks_before_a_stray_character, _refused),
    Case("check: trailing newlines", 5_000, trailing_newlines, engine.check),
    Case("parse: empty statements", 4_000, empty_statements, parse),
    Case("check: statements in one script", 125, script, engine.check),
    Case("parse: OR terms", 1_000, short_or_terms, parse),
    Case("compile: OR terms", 500, or_terms, compile_sql),
    Case("format: OR terms", 500, or_terms, engine.format_sql),
    Case("semantic tokens: one long line", 5_625, long_line, engine.semantic_tokens),
    Case("complete: one long line", 5_625, long_line, _complete_at_end),
]


def best_time(run: Callable[[str], object], text: str, loops: int = 1, repeats: int = 2) -> float:
    """The best over ``repeats`` of the mean time of ``loops`` runs (caches cleared before each run)."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        elapsed = 0.0
        for _ in range(loops):
            clear_caches()
            start = time.perf_counter()
            run(text)
            elapsed += time.perf_counter() - start
        best = min(best, elapsed / loops)
    return best


def measure(run: Callable[[str], object], make: Callable[[int], str], base: int) -> list[float]:
    """Times at ``base`` x each of ``FACTORS``. Smaller sizes run more times (16, 4, 1), so each
    measurement covers the same amount of work and a moment of machine load weighs the same on all."""
    return [best_time(run, make(base * factor), loops=FACTORS[-1] // factor) for factor in FACTORS]


def ratio(times: list[float]) -> float:
    return times[-1] / max(times[0], 1e-9)

"""The two halves of parse+compile, each against ``sqlglot.parse_one`` in the same run.

Over the statements ``bench_compile.py`` uses: the fast parser's token reader alone (one ``findall``, of
the cheaper pattern for ASCII text without comments where the parser uses it),
``parse_statement`` (text to AST: tokens, LALR loop, nodes), and ``compile_sql`` on an already parsed
AST (parameters checked, names resolved, the Plan built). Each alternates in blocks of 10 passes with
sqlglot, as in ``bench_compile.py``; times are this process's CPU time (``time.process_time``).
Run: python bench/bench_parse.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import sqlglot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_compile import interleaved, usable_statements
from imisql.compiler import compile_sql
from imisql.parser import _fast_parser, parse_statement
from tests.core.golden import PARAMS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    statements = usable_statements()
    parsed = {sql: parse_statement(sql) for sql in statements}
    tables = _fast_parser().tables

    def read_tokens(text: str) -> object:  # the reader FastParser.parse picks for the text
        plain = text.isascii() and "--" not in text and "/*" not in text
        return (tables.plain_pieces if plain else tables.pieces)(text, 0, len(text))

    halves = {
        "token reader (findall)": read_tokens,
        "parse_statement": parse_statement,
        "compile_sql(parsed AST)": lambda s: compile_sql(parsed[s], params=PARAMS, text=s),
    }
    print(f"statements: {len(statements)}, {args.rounds} passes each, in blocks of 10 alternating with sqlglot")
    print(f"{'CPU us/statement':<26} {'best':>7} {'median':>8} {'sqlglot best':>13} {'sqlglot/this':>13}")
    for name, run in halves.items():
        ours, theirs = interleaved(run, sqlglot.parse_one, statements, args.rounds)
        best, typical = min(ours) * 1e6, statistics.median(ours) * 1e6
        print(f"{name:<26} {best:7.1f} {typical:8.1f} {min(theirs) * 1e6:13.1f} {min(theirs) / min(ours):12.2f}x")


if __name__ == "__main__":
    main()

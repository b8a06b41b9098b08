"""The grammar's one front end: the Lark parser, its terminals and keywords, its LALR tables, the
statement splitter and the words every reader of the language shares.

Everything that reads ``grammar/imisql.lark`` reads it here: the fast parser (``imisql.fastparse``),
the parser's reference path and its errors (``imisql.parser``), the editors' tolerant lexer and
parser feed (``imisql.engine.tokens``, ``imisql.engine.feed``), the shell's Enter key
(``repl/keys.py``) and the highlighter (``imisql.highlight``). The LALR tables are read through
Lark's public interactive parser (``parse_interactive().parser_state.parse_conf``), as Lark's own
``InteractiveParser.accepts`` does. ``split`` is the one statement splitter: scripts, the runner,
the language server and the shell's Enter key all cut text into statements with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lark import Lark
from lark.lexer import PatternStr, TerminalDef
from lark.parsers.lalr_analysis import Shift

from imisql.scalar import ARITY

END = "$END"  # the end-of-input terminal of the LALR tables
SHIFT = Shift  # the action kind of a shift in ``LalrTables.states`` (anything else reduces by a rule)
BLANK = " \t\f\r\n"  # the grammar's whitespace; str.strip() would also eat characters the lexer rejects

AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG"})
FUNCTIONS = AGGREGATES | frozenset(ARITY)  # every function name, for highlighting and completion


@cache
def grammar_text() -> str:
    """The shipped grammar's source."""
    return resources.files("imisql.grammar").joinpath("imisql.lark").read_text(encoding="utf-8")


@cache
def lark_parser() -> Lark:
    """The Lark LALR parser for the shipped grammar (built once per process): parse trees with
    positions, the interactive parser for completion, and precise syntax errors."""
    return Lark(grammar_text(), parser="lalr", propagate_positions=True, maybe_placeholders=True, cache=True)


@dataclass(frozen=True)
class LalrTables:
    """The LALR(1) tables Lark generated from the grammar.

    ``states[state][symbol]`` is ``(SHIFT, next state)`` or ``(reduce, rule)`` for a terminal, and
    ``(SHIFT, next state)`` (the goto) for a rule's symbol."""

    states: dict[Any, dict[str, tuple[Any, Any]]]
    start: Any
    end: Any


@cache
def lalr_tables() -> LalrTables:
    """The parse tables, read from Lark's public interactive parser (once per process)."""
    conf = lark_parser().parse_interactive("").parser_state.parse_conf
    return LalrTables(conf.states, conf.start_state, conf.end_state)


@cache
def terminals() -> dict[str, TerminalDef]:
    """The grammar's terminals by name."""
    return {t.name: t for t in lark_parser().terminals}


def ignored_terminals() -> frozenset[str]:
    """The terminals the parser skips (whitespace and comments)."""
    return frozenset(lark_parser().lexer_conf.ignore)


def is_keyword(term: TerminalDef) -> bool:
    """Whether a terminal is one word (``"from"i``, ``"contains"i``): a keyword the lexer reads as a name first."""
    return isinstance(term.pattern, PatternStr) and term.pattern.value.isalpha()


@cache
def keywords() -> dict[str, str]:
    """Lower-case word -> keyword terminal (``"and"`` -> ``_AND``)."""
    return {t.pattern.value.lower(): t.name for t in terminals().values() if is_keyword(t)}


def terminal_regexp(term: TerminalDef) -> str:
    """A terminal's regular expression with its flags applied (``(?i:select)``)."""
    flags = "".join(term.pattern.flags)
    body = term.pattern.to_regexp()
    return f"(?{flags}:{body})" if flags else body


@cache
def grammar_words() -> tuple[str, ...]:
    """Every case-insensitive word literal of the grammar (keywords and word operators), lower-case,
    longest first: the words of ``keywords()`` read from the grammar's text, so that the highlighter
    (imported by Pygments and at the shell's start) builds no parser."""
    found = {w.lower() for w in re.findall(r'"([A-Za-z]+)"i', grammar_text())}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


# ---------------------------------------------------------------- statements

_COMMENT_OR_QUOTED = re.compile(r"""'[^']*(?:''[^']*)*'?|"[^"]*(?:""[^"]*)*"?|--[^\n]*|/\*[\s\S]*?(?:\*/|\Z)""")

# One statement: runs of ordinary characters, strings and names (unclosed ones run to the end) and
# comments, up to the next top-level ';'. Matching a whole statement at a time keeps the Python loop
# to one step per statement. Strings and names are unrolled (runs of plain characters between doubled
# quotes) so that a long literal costs no regex backtracking state per character.
_STATEMENT = re.compile(
    r"""(?:[^;'"/-]+|'[^']*(?:''[^']*)*'?|"[^"]*(?:""[^"]*)*"?|--[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|-|/)*"""
)


def split(text: str) -> list[tuple[int, int]]:
    """Ranges of the ``;``-separated pieces of ``text``, ignoring ``;`` in strings, names and comments
    (the last piece runs to the end of the text, so there is always one more piece than top-level ``;``)."""
    return list(_pieces(text))


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while True:
        end = _STATEMENT.match(text, start).end()  # type: ignore[union-attr]  # the pattern matches ""
        yield start, end
        if end >= len(text):
            return
        start = end + 1


def statement_at(text: str, offset: int) -> tuple[int, int]:
    """The range of the statement holding ``offset`` (a cursor just before ``;`` is in that statement)."""
    for start, end in _pieces(text):
        if start <= offset <= end:
            return start, end
    return len(text), len(text)


def has_code(chunk: str) -> bool:
    """Whether a piece of text holds anything but blanks and comments. A blank is any Unicode space, as
    the parser reads it between tokens (``imisql.fast_tables``): a piece the parser finds empty has no code."""
    if "--" in chunk or "/*" in chunk:
        chunk = _COMMENT_OR_QUOTED.sub(lambda m: m.group() if m.group()[0] in "'\"" else " ", chunk)
    return bool(chunk.strip())

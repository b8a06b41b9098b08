"""A tolerant lexer for imisql, built from the grammar's own terminal definitions.

Lark's lexer stops at the first bad character; editors need every token of any text. ``tokenize``
never raises: an unclosed string or comment runs to the end, an unknown character becomes an ``ERROR``
token. Words are ``NAME`` tokens that also carry the keyword terminal they would be (``keyword``): the
grammar's contextual lexer decides per parser state, and so does ``imisql.engine.feed``.

The terminal tables (keywords, punctuation, literal patterns) are read from ``lark_parser().terminals``
so they cannot drift from ``grammar/imisql.lark``. ``split`` finds statement ranges like
``imisql.parser.split_statements`` but with one regular expression, fast enough to call per keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from lark.lexer import PatternStr, TerminalDef

from imisql.parser import lark_parser

BLANK = " \t\f\r\n"  # the grammar's whitespace; str.strip() would also eat characters the lexer rejects
COMMENTS = frozenset({"COMMENT", "BLOCK_COMMENT"})
LITERALS = frozenset({"STRING", "INT", "DECIMAL"})
UNCLOSED = {"STRING": r"'[\s\S]*", "QUOTED_NAME": r'"[^"\n]*', "BLOCK_COMMENT": r"/\*[\s\S]*"}
_FIRST = ("COMMENT", "BLOCK_COMMENT", "STRING", "QUOTED_NAME", "NAMED_PARAM", "DECIMAL", "INT")


class Tok(NamedTuple):
    """One token: its terminal type, document range and text (a tuple: cheap to make by the thousand).

    ``keyword`` is the keyword terminal a word could be (``FROM``, ``_AND``, ``CONTAINS``), else None.
    ``closed`` is False for a string, quoted name or block comment that runs off the end.
    """

    type: str
    start: int
    end: int
    text: str
    keyword: str | None = None
    closed: bool = True

    @property
    def is_word(self) -> bool:
        return self.type == "NAME"


@dataclass(frozen=True)
class Tables:
    """The grammar's terminals, sorted into what the lexer and the completion engine need."""

    keywords: dict[str, str]  # lower-case word -> terminal name
    punctuation: dict[str, str]  # terminal name -> one spelling, for display
    pattern: re.Pattern[str]


def _regex(term: TerminalDef) -> str:
    body = term.pattern.to_regexp()
    return f"(?i:{body})" if "i" in term.pattern.flags else body


def _is_keyword(term: TerminalDef) -> bool:
    return isinstance(term.pattern, PatternStr) and term.pattern.value.isalpha()


@cache
def tables() -> Tables:
    """Build the lexer tables from the grammar (once per process)."""
    terms = {t.name: t for t in lark_parser().terminals}
    keywords = {t.pattern.value.lower(): t.name for t in terms.values() if _is_keyword(t)}
    symbols = [t for t in terms.values() if not _is_keyword(t) and t.name not in (*_FIRST, "NAME", "WS")]
    symbols.sort(key=lambda t: -t.pattern.max_width)
    parts = [f"(?P<WS>{_regex(terms['WS'])})"]
    for name in _FIRST:
        parts.append(f"(?P<{name}>{_regex(terms[name])})")
        if name in UNCLOSED:
            parts.append(f"(?P<UNCLOSED_{name}>{UNCLOSED[name]})")
    parts.append(f"(?P<NAME>{_regex(terms['NAME'])})")
    parts.extend(f"(?P<{t.name}>{_regex(t)})" for t in symbols)
    parts.append(r"(?P<ERROR>[\s\S])")
    punctuation = {t.name: _spelling(t) for t in symbols}
    return Tables(keywords, punctuation, re.compile("|".join(parts)))


def _spelling(term: TerminalDef) -> str:
    if isinstance(term.pattern, PatternStr):
        return term.pattern.value
    return min(re.findall(r"[^()?:|\\]+", term.pattern.value), key=len)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """Every token of ``text[start:end]`` (whitespace dropped, comments kept), with document offsets."""
    t = tables()
    stop = len(text) if end is None else end
    out: list[Tok] = []
    for m in t.pattern.finditer(text, start, stop):
        kind = m.lastgroup or "ERROR"
        if kind == "WS":
            continue
        value = m.group()
        if kind.startswith("UNCLOSED_"):
            out.append(Tok(kind[9:], m.start(), m.end(), value, None, closed=False))
        elif kind == "NAME":
            out.append(Tok(kind, m.start(), m.end(), value, t.keywords.get(value.lower())))
        else:
            out.append(Tok(kind, m.start(), m.end(), value))
    return out


_COMMENT_OR_QUOTED = re.compile(r"""'[^']*(?:''[^']*)*'?|"[^"]*(?:""[^"]*)*"?|--[^\n]*|/\*[\s\S]*?(?:\*/|\Z)""")


def has_code(chunk: str) -> bool:
    """Whether a piece of text holds anything but blanks and comments."""
    if "--" in chunk or "/*" in chunk:
        chunk = _COMMENT_OR_QUOTED.sub(lambda m: m.group() if m.group()[0] in "'\"" else " ", chunk)
    return bool(chunk.strip(BLANK))


def significant(tokens: list[Tok]) -> list[Tok]:
    """The tokens without comments."""
    return [tok for tok in tokens if tok.type not in COMMENTS]


# One statement: runs of ordinary characters, strings and names (unclosed ones run to the end) and
# comments, up to the next top-level ';'. Matching a whole statement at a time keeps the Python loop
# to one step per statement. Strings and names are unrolled (runs of plain characters between doubled
# quotes) so that a long literal costs no regex backtracking state per character.
_STATEMENT = re.compile(
    r"""(?:[^;'"/-]+|'[^']*(?:''[^']*)*'?|"[^"]*(?:""[^"]*)*"?|--[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|-|/)*"""
)


def split(text: str) -> list[tuple[int, int]]:
    """Ranges of the ``;``-separated pieces of ``text`` (same answer as ``parser.split_statements``)."""
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

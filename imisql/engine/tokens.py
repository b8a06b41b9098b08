"""A tolerant lexer for imisql, built from the grammar's own terminal definitions.

Lark's lexer stops at the first bad character; editors need every token of any text. ``tokenize``
never raises: an unclosed string or comment runs to the end, an unknown character becomes an ``ERROR``
token. Words are ``NAME`` tokens that also carry the keyword terminal they would be (``keyword``): the
grammar's contextual lexer decides per parser state, and so does ``imisql.engine.feed``.

The terminal tables (keywords, punctuation, literal patterns) are read from the grammar's front end
(``imisql.frontend``) so they cannot drift from ``grammar/imisql.lark``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from lark.lexer import PatternStr, TerminalDef

from imisql.frontend import is_keyword, keywords, terminal_regexp, terminals

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


@cache
def tables() -> Tables:
    """Build the lexer tables from the grammar (once per process)."""
    terms = terminals()
    symbols = [t for t in terms.values() if not is_keyword(t) and t.name not in (*_FIRST, "NAME", "WS")]
    symbols.sort(key=lambda t: -t.pattern.max_width)
    parts = [f"(?P<WS>{terminal_regexp(terms['WS'])})"]
    for name in _FIRST:
        parts.append(f"(?P<{name}>{terminal_regexp(terms[name])})")
        if name in UNCLOSED:
            parts.append(f"(?P<UNCLOSED_{name}>{UNCLOSED[name]})")
    parts.append(f"(?P<NAME>{terminal_regexp(terms['NAME'])})")
    parts.extend(f"(?P<{t.name}>{terminal_regexp(t)})" for t in symbols)
    parts.append(r"(?P<ERROR>[\s\S])")
    punctuation = {t.name: _spelling(t) for t in symbols}
    return Tables(keywords(), punctuation, re.compile("|".join(parts)))


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


def significant(tokens: list[Tok]) -> list[Tok]:
    """The tokens without comments."""
    return [tok for tok in tokens if tok.type not in COMMENTS]

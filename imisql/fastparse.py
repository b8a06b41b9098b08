"""The fast path of the parser: one loop that reads tokens and drives Lark's LALR tables.

Lark generates the LALR(1) tables and the reduce callbacks from ``grammar/imisql.lark``;
``imisql.fast_tables`` derives from them a token regex, the keywords each state accepts and a reduce
function per rule. This module is the loop: tokens come from one ``findall``, keywords are resolved
against the parser state like Lark's contextual lexer, unit reductions only change the state, and only
tokens some rule keeps become ``Tok`` tuples. Any input it cannot handle raises ``FastPathMiss`` and
the caller falls back to Lark's parser, which also produces the precise error. A test checks both
paths build identical trees on the whole corpus.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from typing import Any

from imisql.errors import QueryError
from imisql.fast_tables import FastPathMiss, build_tables
from imisql.frontend import END
from imisql.transform import AstBuilder

__all__ = ["FastParser", "FastPathMiss"]


class FastParser:
    """Parses with Lark's tables and ``AstBuilder`` callbacks; raises ``FastPathMiss`` on any problem."""

    def __init__(self, builder: AstBuilder):
        self.builder = builder
        self.tables = t = build_tables(builder)
        self._read = (
            t.pieces,
            t.plain_pieces,
            t.actions,
            t.reductions,
            t.keywords,
            t.kept,
            t.fixed,
            t.classify,
            t.units_below,
            t.start,
        )

    def parse(self, text: str, begin: int = 0, end: int = sys.maxsize) -> tuple[list[Any], int]:
        """The statements of ``text[begin:end]`` as AST nodes, positioned in the whole ``text``, and how
        many tokens they hold (at most). One tight loop: this is the hot path. A terminal no action
        expects is a ``KeyError``: the text is not in the language."""
        self.builder.begin(text)
        findall, plain, actions, reductions, keywords, kept, fixed, classify, units_below, state = self._read
        plain_text = text.isascii() and "--" not in text and "/*" not in text  # no comment can start in it
        pieces = (plain if plain_text else findall)(text, begin, end)
        lines = _line_starts(text, begin, end) if "\n" in text else None
        stack: list[Any] = [state]
        pos = begin
        try:
            for gap, word, other in pieces:
                start = pos + len(gap)
                if word:
                    pos = start + len(word)
                    kind = keywords[state].get(word.lower(), "NAME")
                elif other:
                    word = other
                    pos = start + len(other)
                    kind = fixed.get(other) or _terminal(classify(other))
                else:  # the end of the text: reduce until the start rule's value is made
                    kind = END
                if kind not in kept:
                    token = None
                elif lines is None:
                    token = (kind, word, start, pos, 1, start + 1)
                else:
                    index = bisect_right(lines[1], start)
                    token = (kind, word, start, pos, lines[0] + index - 1, start - lines[1][index - 1] + 1)
                action = actions[state][kind]
                while action < 0:  # reduce until the token shifts
                    if action < units_below:  # ?rule: child -- the value stays, only the state changes
                        units = reductions[~action]
                        target = units.get(stack[-3])
                        stack[-1] = state = units.follow(stack[-3]) if target is None else target
                    else:
                        state = reductions[~action](stack)
                    action = actions[state][kind]
                state = action
                stack.append(token)  # two appends cost less than ``stack += (token, state)``
                stack.append(state)
        except KeyError:
            raise FastPathMiss("syntax") from None
        except QueryError:  # a callback's error is this text's only if no character matches no terminal
            if self._unmatched(pieces):  # (Lark reports that first)
                raise FastPathMiss("character") from None
            raise
        result: list[Any] = stack[1]  # [start state, the value, end state, END, accept state...]
        return result, len(pieces)

    def _unmatched(self, pieces: list[tuple[str, str, str]]) -> bool:
        """Whether a piece is a character no terminal matches."""
        fixed, classify = self.tables.fixed, self.tables.classify
        return any(o and not fixed.get(o) and classify(o) is None for _, _, o in pieces)


def _terminal(match: re.Match[str] | None) -> str:
    """The terminal ``classify`` found, or a miss for a character no terminal matches."""
    if match is None:
        raise FastPathMiss("character")
    return match.lastgroup or ""


def _line_starts(text: str, begin: int, end: int) -> tuple[int, list[int]]:
    """(line number of ``begin``, offsets where the lines from there to ``end`` start)."""
    first_line = text.count("\n", 0, begin) + 1
    starts = [text.rfind("\n", 0, begin) + 1]
    at = text.find("\n", begin, end)
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1, end)
    return first_line, starts

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
from bisect import bisect_right
from typing import Any

from imisql.errors import QueryError
from imisql.fast_tables import FastPathMiss, Units, build_tables
from imisql.frontend import END
from imisql.transform import AstBuilder

__all__ = ["FastParser", "FastPathMiss"]


class FastParser:
    """Parses with Lark's tables and ``AstBuilder`` callbacks; raises ``FastPathMiss`` on any problem."""

    def __init__(self, builder: AstBuilder):
        self.builder = builder
        self.tables = t = build_tables(builder)
        self._read = (t.pieces, t.actions, t.keywords, t.kept, t.fixed, t.classify, t.start)

    def parse(self, text: str, begin: int = 0, end: int | None = None) -> tuple[list[Any], int]:
        """The statements of ``text[begin:end]`` as AST nodes, positioned in the whole ``text``, and how
        many tokens they hold (at most). One tight loop: this is the hot path."""
        end = len(text) if end is None else end
        self.builder.begin(text)
        findall, actions, keywords, kept, fixed, classify, state = self._read
        pieces = findall(text, begin, end)
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
                else:  # the end
                    return self._finish(stack), len(pieces)
                if kind not in kept:
                    token = None
                elif lines is None:
                    token = (kind, word, start, pos, 1, start + 1)
                else:
                    index = bisect_right(lines[1], start)
                    token = (kind, word, start, pos, lines[0] + index - 1, start - lines[1][index - 1] + 1)
                action = actions[state].get(kind)
                while action.__class__ is not int:  # reduce until the token shifts
                    if action.__class__ is Units:  # ?rule: child -- the value stays, only the state changes
                        below = stack[-3]
                        target = action.get(below)
                        if target is None:
                            target = action[below] = self._follow_units(below, state, kind)
                        stack[-1] = state = target
                    elif action is None:
                        raise FastPathMiss(kind)
                    else:
                        state = action(stack)
                    action = actions[state].get(kind)
                state = action
                stack += (token, state)
        except QueryError:  # a callback's error is this text's only if no later character matches no terminal:
            if any(o and not fixed.get(o) and classify(o) is None for _, _, o in pieces):  # Lark reports that first
                raise FastPathMiss("character") from None
            raise
        raise FastPathMiss(END)  # pragma: no cover - the pattern always ends with an empty piece

    def _finish(self, stack: list[Any]) -> list[Any]:
        """Reduce on the end of input until Lark's end state: the value of the start rule."""
        t = self.tables
        state = stack[-1]
        while True:
            action = t.actions[state].get(END)
            if action is None or action.__class__ is int:
                raise FastPathMiss(END)
            if action.__class__ is Units:
                stack[-1] = state = t.gotos[stack[-3]][action.rule]
            else:
                state = action(stack)
            if state == t.end:
                result: list[Any] = stack[-2]
                return result

    def _follow_units(self, below: int, state: int, kind: str) -> int:
        """The state after a chain of unit reductions (``cond -> and_cond -> not_cond -> predicate``) on
        lookahead ``kind``: each one only swaps the top state, so the chain is a function of
        (state below, top state, lookahead), remembered in the first one's ``Units``."""
        actions, gotos = self.tables.actions, self.tables.gotos
        while True:
            action = actions[state].get(kind)
            if action.__class__ is not Units:
                return state
            state = gotos[below][action.rule]


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

"""The fast path of the parser: a small lexer and LALR driver over Lark's own tables.

Lark generates the LALR(1) tables and the reduce callbacks from ``grammar/imisql.lark``; this module
only replaces the per-token machinery with a leaner loop (one master regex, keywords resolved against
the parser state like Lark's contextual lexer, callbacks building AST nodes directly). Any input it
cannot handle raises ``FastPathMiss`` and the caller falls back to Lark's parser, which also produces
the precise error. A test checks both paths build identical trees on the whole corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from lark import Lark, Token
from lark.lexer import PatternStr
from lark.parse_tree_builder import ChildFilterLALR, ChildFilterLALR_NoPlaceholders, ParseTreeBuilder
from lark.parsers.lalr_analysis import Shift
from lark.tree import Tree

from imisql.transform import AstBuilder

_WORD = re.compile(r"^\w+$")
_END = "$END"
_NEWLINE = re.compile("\n")


class FastPathMiss(Exception):
    """The fast path cannot parse this text; use Lark's parser (which reports the error)."""


@dataclass
class _Tables:
    master: re.Pattern[str]
    keywords: dict[str, str]  # lower-case word -> terminal name
    ignore: frozenset[str]
    # state -> symbol -> (True, next state) for a shift or goto, (False, (size, symbol, callback)) for a reduce
    states: dict[Any, dict[str, tuple[bool, Any]]]
    start: Any
    end: Any


class FastParser:
    """Parses with Lark's tables and ``AstBuilder`` callbacks; raises ``FastPathMiss`` on any problem."""

    def __init__(self, lark: Lark, builder: AstBuilder):
        self.builder = builder
        self.tables = _build_tables(lark, builder)

    def parse(self, text: str) -> list[Any]:
        """The statements of ``text`` as AST nodes (one tight loop: this is the hot path)."""
        self.builder.begin(text)
        t = self.tables
        states, keywords = t.states, t.keywords
        stack: list[Any] = [t.start]
        values: list[Any] = []
        for token in _tokens(text, t.master, t.ignore):
            kind = token.type
            if kind == "NAME":
                keyword = keywords.get(token.lower())
                if keyword is not None and keyword in states[stack[-1]]:
                    token.type = kind = keyword
            while True:
                action = states[stack[-1]].get(kind)
                if action is None:
                    raise FastPathMiss(kind)
                if action[0]:
                    stack.append(action[1])
                    values.append(token)
                    break
                size, origin, callback = action[1]
                if size:
                    children = values[-size:]
                    del stack[-size:], values[-size:]
                else:
                    children = []
                values.append(callback(children))
                stack.append(states[stack[-1]][origin][1])
        while stack[-1] != t.end:
            action = states[stack[-1]].get(_END)
            if action is None or action[0]:
                raise FastPathMiss(_END)
            size, origin, callback = action[1]
            if size:
                children = values[-size:]
                del stack[-size:], values[-size:]
            else:
                children = []
            values.append(callback(children))
            stack.append(states[stack[-1]][origin][1])
        return values[-1]


def _tokens(text: str, master: re.Pattern[str], ignore: frozenset[str]) -> list[Token]:
    """Tokens with Lark-compatible positions; ignored terminals skipped."""
    tokens: list[Token] = []
    line_starts = [0, *(m.end() for m in _NEWLINE.finditer(text))] if "\n" in text else None
    pos = 0
    for m in master.finditer(text):
        if m.start() != pos:
            raise FastPathMiss("character")
        kind = m.lastgroup or ""
        start, pos = m.span(kind)
        if kind in ignore:
            continue
        if line_starts is None:
            line, column = 1, start + 1
        else:
            line = bisect_right(line_starts, start)
            column = start - line_starts[line - 1] + 1
        token = str.__new__(Token, m.group(kind))
        token.type, token.start_pos, token.end_pos, token.line, token.column = kind, start, pos, line, column
        tokens.append(token)
    if pos != len(text) and text[pos:].strip():
        raise FastPathMiss("character")
    return tokens


def _build_tables(lark: Lark, builder: AstBuilder) -> _Tables:
    terminals = lark.terminals
    keywords = {
        t.pattern.value.lower(): t.name
        for t in terminals
        if isinstance(t.pattern, PatternStr) and _WORD.match(t.pattern.value)
    }
    others = [t for t in terminals if not (isinstance(t.pattern, PatternStr) and _WORD.match(t.pattern.value))]
    words = [t for t in others if t.name in ("NAME",)]
    symbols = sorted((t for t in others if t.name != "NAME"), key=lambda t: -_width(t))
    parts = [f"(?P<{t.name}>{_regexp(t)})" for t in (*symbols, *words) if t.name != "WS"]
    parse_table = lark.parser.parser.parser.parse_table
    tree_builder = ParseTreeBuilder(lark.rules, Tree, False, False, True)
    reductions = {
        rule: (len(rule.expansion), rule.origin.name, _passthrough(rule) or _specialize(callback))
        for rule, callback in tree_builder.create_callback(builder).items()
    }
    states = {
        state: {
            symbol: (True, arg) if kind is Shift else (False, reductions[arg])
            for symbol, (kind, arg) in actions.items()
        }
        for state, actions in parse_table.states.items()
    }
    return _Tables(
        master=re.compile(r"\s*(?:" + "|".join(parts) + ")"),  # leading whitespace rides along
        keywords=keywords,
        ignore=frozenset(lark.lexer_conf.ignore),
        states=states,
        start=parse_table.start_states["start"],
        end=parse_table.end_states["start"],
    )


def _specialize(callback: Any) -> Any:
    """Replace Lark's generic child filter (a loop per reduce) by a one-expression function.

    The filter keeps some children, splices inlined ``_rule`` children and inserts ``None`` for absent
    ``[optional]`` parts; the generated lambda does exactly that for one rule, from integers only.
    """
    if not isinstance(callback, ChildFilterLALR | ChildFilterLALR_NoPlaceholders):
        return callback
    items: list[str] = []
    for entry in callback.to_include:
        index, expand = entry[0], entry[1]
        items.extend(["None"] * (entry[2] if len(entry) > 2 else 0))
        items.append(f"*c[{index}].children" if expand else f"c[{index}]")
    items.extend(["None"] * getattr(callback, "append_none", 0))
    return eval(f"lambda c: build([{', '.join(items)}])", {"build": callback.node_builder})


def _passthrough(rule: Any) -> Any:
    """For ``?rule: other_rule`` (inlined, one non-terminal child) the callback just returns the child."""
    if rule.options.expand1 and not rule.alias and len(rule.expansion) == 1 and not rule.expansion[0].is_term:
        return itemgetter(0)
    return None


def _regexp(terminal: Any) -> str:
    flags = "".join(terminal.pattern.flags)
    body = terminal.pattern.to_regexp()
    return f"(?{flags}:{body})" if flags else body


def _width(terminal: Any) -> int:
    """Longest match first among symbols; regex terminals (strings, numbers, names) by their kind."""
    if isinstance(terminal.pattern, PatternStr):
        return len(terminal.pattern.value)
    return min(terminal.pattern.max_width, 100)

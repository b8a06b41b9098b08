"""The fast path of the parser: a small lexer and LALR driver over Lark's own tables.

Lark generates the LALR(1) tables and the reduce callbacks from ``grammar/imisql.lark`` (read through
``imisql.frontend``); this module only replaces the per-token machinery with a leaner loop (one master
regex, keywords resolved against the parser state like Lark's contextual lexer, callbacks building AST
nodes directly). Any input it cannot handle raises ``FastPathMiss`` and the caller falls back to Lark's
parser, which also produces the precise error. A test checks both paths build identical trees on the whole corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from lark.lexer import PatternStr
from lark.parse_tree_builder import ChildFilterLALR, ChildFilterLALR_NoPlaceholders, ParseTreeBuilder
from lark.tree import Tree

from imisql.frontend import (
    END,
    SHIFT,
    ignored_terminals,
    is_keyword,
    keywords,
    lalr_tables,
    lark_parser,
    terminal_regexp,
    terminals,
)  # fmt: skip
from imisql.token_spans import Tok
from imisql.transform import AstBuilder

END_TOKEN = Tok(END, "", 0, 0, 1, 1)
_NEWLINE = re.compile("\n")


class FastPathMiss(Exception):
    """The fast path cannot parse this text; use Lark's parser (which reports the error)."""


@dataclass
class _Tables:
    master: re.Pattern[str]
    names: list[str]  # master regex group index -> terminal name
    keywords: dict[str, str]  # lower-case word -> terminal name
    ignore: frozenset[str]
    # state -> terminal -> the action, told apart by its type (checked once per step, cheaper than unpacking):
    # the next state (int) for a shift, the rule symbol (str) for a unit reduction, (size, rule symbol,
    # callback) for any other reduction
    actions: dict[int, dict[str, Any]]
    gotos: dict[Any, dict[str, Any]]  # state -> rule symbol -> next state
    start: Any
    end: Any
    units: dict[tuple[Any, Any, str], Any]  # memo of unit-reduction chains, filled while parsing


class FastParser:
    """Parses with Lark's tables and ``AstBuilder`` callbacks; raises ``FastPathMiss`` on any problem."""

    def __init__(self, builder: AstBuilder):
        self.builder = builder
        self.tables = _build_tables(builder)

    def parse(self, text: str, start: int = 0, end: int | None = None) -> list[Any]:
        """The statements of ``text[start:end]`` as AST nodes, positioned in the whole ``text``.

        One tight loop: this is the hot path."""
        self.builder.begin(text)
        t = self.tables
        actions, gotos, keywords, end_state, units = t.actions, t.gotos, t.keywords, t.end, t.units
        state = t.start
        stack: list[Any] = [state]
        values: list[Any] = []
        push_state, push_value, new = stack.append, values.append, tuple.__new__
        for token in _tokens(text, t.master, t.names, t.ignore, start, len(text) if end is None else end):
            kind = token.type
            table = actions[state]
            if kind == "NAME":
                keyword = keywords.get(token.value.lower())
                if keyword is not None and keyword in table:
                    kind = keyword
                    token = new(Tok, (kind, *token[1:]))
            while True:
                action = table.get(kind)
                if action is None:
                    raise FastPathMiss(kind)
                if action.__class__ is int:  # shift
                    state = action
                    push_state(state)
                    push_value(token)
                    break
                if action.__class__ is str:  # ?rule: child -- the value stays, only the state changes
                    below = stack[-2]
                    key = (below, state, kind)
                    target = units.get(key)
                    if target is None:
                        target = units[key] = _follow_units(actions, gotos, below, state, kind)
                    stack[-1] = state = target
                else:
                    size, origin, callback = action
                    if size:
                        children = values[-size:]
                        del stack[-size:], values[-size:]
                    else:
                        children = []
                    push_value(callback(children))
                    state = gotos[stack[-1]][origin]
                    push_state(state)
                if state == end_state:
                    return values[-1]
                table = actions[state]
        raise FastPathMiss(END)  # pragma: no cover - the end token always reduces or misses above


def _follow_units(actions: Any, gotos: Any, below: Any, state: Any, kind: str) -> Any:
    """The state after a chain of unit reductions (``cond -> and_cond -> not_cond -> predicate``) on
    lookahead ``kind``: each one only swaps the top state, so the chain is a function of
    (state below, top state, lookahead) and is remembered per parser."""
    while True:
        action = actions[state].get(kind)
        if action.__class__ is not str:
            return state
        state = gotos[below][action]


def _tokens(
    text: str, master: re.Pattern[str], names: list[str], ignore: frozenset[str], begin: int, end: int
) -> list[Tok]:
    """Tokens of ``text[begin:end]`` with Lark-compatible positions in ``text``, then the end token;
    ignored terminals skipped."""
    tokens: list[Tok] = []
    line_starts = _line_starts(text, begin, end)
    pos = begin
    match, new = master.match, tuple.__new__
    while (m := match(text, pos, end)) is not None:
        index = m.lastindex or 0
        kind = names[index]
        start, pos = m.span(index)
        if kind in ignore:
            continue
        if line_starts is None:
            line, column = 1, start + 1
        else:
            index = bisect_right(line_starts[1], start)
            line = line_starts[0] + index - 1
            column = start - line_starts[1][index - 1] + 1
        tokens.append(new(Tok, (kind, text[start:pos], start, pos, line, column)))
    if pos != end and text[pos:end].strip():
        raise FastPathMiss("character")
    tokens.append(END_TOKEN)
    return tokens


def _line_starts(text: str, begin: int, end: int) -> tuple[int, list[int]] | None:
    """(line number of ``begin``, offsets where the lines from there to ``end`` start); None for one-line texts."""
    if "\n" not in text:
        return None
    first_line = text.count("\n", 0, begin) + 1
    starts = [text.rfind("\n", 0, begin) + 1, *(m.end() for m in _NEWLINE.finditer(text, begin, end))]
    return first_line, starts


def _group_names(master: re.Pattern[str]) -> list[str]:
    """Group index -> terminal name (unnamed inner groups map to an empty name)."""
    names = [""] * (master.groups + 1)
    for name, index in master.groupindex.items():
        names[index] = name
    return names


def _build_tables(builder: AstBuilder) -> _Tables:
    others = [t for t in terminals().values() if not is_keyword(t)]
    words = [t for t in others if t.name in ("NAME",)]
    # longest first; on a tie a fixed string before a pattern ("=>" before "=" | "==")
    symbols = sorted((t for t in others if t.name != "NAME"), key=lambda t: (-_width(t), _is_pattern(t)))
    parts = [f"(?P<{t.name}>{terminal_regexp(t)})" for t in (*symbols, *words) if t.name != "WS"]
    # Leading whitespace rides along, possessively: blanks after the last token fail in one step, not by
    # backtracking through every shorter run of them (which made trailing blanks quadratic).
    master = re.compile(r"\s*+(?:" + "|".join(parts) + ")")
    callbacks = ParseTreeBuilder(lark_parser().rules, Tree, False, False, True).create_callback(builder)
    lalr = lalr_tables()
    terminal_names = set(terminals()) | {END}
    actions = {
        state: {
            symbol: _action(kind, arg, callbacks) for symbol, (kind, arg) in table.items() if symbol in terminal_names
        }
        for state, table in lalr.states.items()
    }
    gotos = {
        state: {symbol: arg for symbol, (kind, arg) in table.items() if symbol not in terminal_names}
        for state, table in lalr.states.items()
    }
    return _Tables(
        master=master,
        names=_group_names(master),
        keywords=keywords(),
        ignore=ignored_terminals(),
        actions=actions,
        gotos=gotos,
        units={},
        start=lalr.start,
        end=lalr.end,
    )


def _specialize(callback: Any) -> Any:
    """Replace Lark's generic child filter (a loop per reduce) by a one-expression function.

    The filter keeps some children, splices inlined ``_rule`` children and inserts ``None`` for absent
    ``[optional]`` parts; the generated lambda does exactly that for one rule, from integers only.
    When the first kept child is spliced (a left-recursive repetition such as the statements of a
    script), its list is extended in place, as Lark's filter does: copying it at every step made a
    script of n statements cost n² list copies.
    """
    if not isinstance(callback, ChildFilterLALR | ChildFilterLALR_NoPlaceholders):
        return callback
    head, items = "", list[str]()
    for position, entry in enumerate(callback.to_include):
        index, expand, nones = entry[0], entry[1], entry[2] if len(entry) > 2 else 0
        if position == 0 and expand and not nones:
            head = f"c[{index}].children"
            continue
        items.extend(["None"] * nones)
        items.append(f"*c[{index}].children" if expand else f"c[{index}]")
    items.extend(["None"] * getattr(callback, "append_none", 0))
    body = f"[{', '.join(items)}]"
    if head:
        body = f"_extended({head}, {body})" if items else head
    return eval(f"lambda c: build({body})", {"build": callback.node_builder, "_extended": _extended})


def _extended(head: list[Any], tail: list[Any]) -> list[Any]:
    head += tail
    return head


def _action(kind: Any, arg: Any, callbacks: dict[Any, Any]) -> int | str | tuple[int, str, Any]:
    if kind is SHIFT:
        return int(arg)
    if _is_unit(arg):
        return str(arg.origin.name)
    return len(arg.expansion), arg.origin.name, _specialize(callbacks[arg])


def _is_unit(rule: Any) -> bool:
    """``?rule: other_rule`` (inlined, one non-terminal child): the reduction just renames the value."""
    return bool(rule.options.expand1 and not rule.alias and len(rule.expansion) == 1 and not rule.expansion[0].is_term)


def _is_pattern(terminal: Any) -> bool:
    return not isinstance(terminal.pattern, PatternStr)


def _width(terminal: Any) -> int:
    """Longest match first among symbols; regex terminals (strings, numbers, names) by their kind."""
    if isinstance(terminal.pattern, PatternStr):
        return len(terminal.pattern.value)
    return min(terminal.pattern.max_width, 100)

"""The fast parser's tables, derived from Lark's: one token regex, keywords per state, actions per state
and a generated reduce function per grammar rule.

Everything here is computed from ``grammar/imisql.lark`` through ``imisql.frontend`` (Lark's terminals,
rules, child filters and LALR tables); ``imisql.fastparse`` only drives it.

- ``pieces``: ``findall`` over a text gives ``(gap, word, other)`` per token: the blanks and comments
  before it, then a NAME in ``word`` or any other terminal in ``other`` (its terminal told by ``fixed`` or
  ``classify``); a last piece with both empty marks the end (a text ending in blanks has two). A
  character no terminal matches comes as an ``other`` of its own, which ``classify`` does not match.
  ``plain_pieces`` does the same for an ASCII text without comments, cheaper (no comment alternatives,
  no case folding).
- ``actions[state][terminal]``: the next state for a shift (``>= 0``), else ``~i`` for a reduction:
  ``reductions[i]`` is the rule's reduce function, or a ``Units`` for a unit reduction; the ``Units`` come
  last, so an action below ``units_below`` is a unit reduction. A terminal the state does not expect has
  no entry. (Plain ints: telling a shift from a reduction, or a unit reduction from another, is one
  integer comparison.)
- A reduce function takes the parser's stack (states and values interleaved: ``[s0, v1, s1, v2, s2]``),
  builds the rule's value from exactly the children Lark's child filter keeps (``None`` for absent
  ``[optional]`` parts, inlined ``_rule`` children spliced in), pops them, pushes the value and the
  state after the goto, and returns that state. The functions are compiled from source once per
  distinct shape of rule and bound to each rule's callback and goto column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import FunctionType, MethodType
from typing import Any

from lark.grammar import Terminal
from lark.lexer import PatternStr
from lark.parse_tree_builder import (
    ChildFilterLALR,
    ChildFilterLALR_NoPlaceholders,
    ExpandSingleChild,
    ParseTreeBuilder,
)
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

Stack = list[Any]
Reducer = Callable[[Stack], int]


ASCII_NAME = "[A-Za-z_][A-Za-z0-9_$]*"
"""The grammar's NAME (``/[a-z_][a-z0-9_$]*/i``) on ASCII text, without case folding: cheaper to match, and
exact there (folding also lets four non-ASCII letters in, such as the Kelvin sign). A test checks it."""


class FastPathMiss(Exception):
    """The fast path cannot parse this text; use Lark's parser (which reports the error)."""


class Units(dict[int, int]):
    """A unit reduction (``?value: concat``) in one state on one lookahead. A chain of them (``cond ->
    and_cond -> not_cond -> predicate``) only swaps the top state, so where it ends is a function of the
    state below: ``units.get(below)``, once ``units.follow(below)`` has worked it out. (Read with ``get``:
    subscripting a dict subclass takes a slower path.)"""

    __slots__ = ("actions", "gotos", "lookahead", "reductions", "rule")

    def __init__(self, rule: Any, lookahead: str, actions: list[dict[str, int]], gotos: list[dict[str, int]]):
        super().__init__()
        self.rule, self.lookahead, self.actions, self.gotos = rule.origin.name, lookahead, actions, gotos
        self.reductions: list[Any] = []

    def follow(self, below: int) -> int:
        """The state where the chain starting here ends, over state ``below`` (remembered)."""
        state = self.gotos[below][self.rule]
        action = self.actions[state].get(self.lookahead, 0)
        while action < 0 and self.reductions[~action].__class__ is Units:
            state = self.gotos[below][self.reductions[~action].rule]
            action = self.actions[state].get(self.lookahead, 0)
        self[below] = state
        return state


@dataclass(frozen=True)
class Tables:
    pieces: Callable[[str, int, int], list[tuple[str, str, str]]]  # findall: (gap, word, other) per token
    plain_pieces: Callable[[str, int, int], list[tuple[str, str, str]]]  # the same on ASCII without comments
    fixed: dict[str, str]  # text of a fixed-string terminal -> terminal name
    classify: Callable[[str], re.Match[str] | None]  # fullmatch of one token's text; ``lastgroup`` names it
    keywords: list[dict[str, str]]  # state -> lower-case word -> keyword terminal the state accepts
    kept: frozenset[str]  # terminals some rule keeps as a child (the others are pushed as None)
    actions: list[dict[str, int]]  # state -> terminal -> next state | ~(index in reductions)
    reductions: list[Any]  # reduce functions, then Units
    units_below: int  # an action below this is a unit reduction
    start: int


def build_tables(builder: Any) -> Tables:
    """The tables for reduce callbacks taken from ``builder`` (an ``AstBuilder``)."""
    pieces, plain_pieces, classify, fixed = _token_reader()
    actions, reductions, units_below = _actions(builder)
    words = keywords()
    return Tables(
        pieces=pieces.findall,
        plain_pieces=plain_pieces.findall,
        fixed=fixed,
        classify=classify.fullmatch,
        keywords=[{w: k for w, k in words.items() if k in table} for table in actions],
        kept=_kept_terminals(),
        actions=actions,
        reductions=reductions,
        units_below=units_below,
        start=lalr_tables().start,
    )


def _token_reader() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """The ``pieces``, ``plain_pieces`` and ``classify`` patterns, and the ``fixed`` terminals."""
    others = [t for t in terminals().values() if not is_keyword(t) and t.name not in ignored_terminals()]
    # longest first; on a tie a fixed string before a pattern ("=>" before "=" | "==")
    symbols = sorted((t for t in others if t.name != "NAME"), key=lambda t: (-_width(t), _is_pattern(t)))
    # Between tokens: spaces (any Unicode space, which the fast path has always read as a blank: a pasted
    # no-break space; the grammar's WS is narrower) and the other ignored terminals (comments), each
    # followed by spaces. Everything is possessive: blanks after the last token fail in one step, not by
    # backtracking through every shorter run of them (which made trailing blanks quadratic).
    ignored = [terminals()[name] for name in sorted(ignored_terminals())]
    comments = "|".join(terminal_regexp(t) for t in ignored if not re.fullmatch(terminal_regexp(t), " "))
    blank = f"\\s*+(?:(?:{comments})\\s*+)*+"
    other = "|".join(terminal_regexp(t) for t in symbols)
    # A character no terminal matches is read as an ``other`` of its own (``classify`` rejects it): findall
    # must not search on from there, which is quadratic in the blanks before it.
    pieces = re.compile(f"({blank})(?:({terminal_regexp(terminals()['NAME'])})|({other}|[\\s\\S])|\\Z)")
    plain = re.compile(f"(\\s*+)(?:({ASCII_NAME})|({other}|[\\s\\S])|\\Z)")
    # an empty group after each terminal names it: an alternative that starts with its first character is
    # skipped on that character alone (one that starts with a group is entered)
    classify = re.compile("|".join(f"{terminal_regexp(t)}(?P<{t.name}>)" for t in symbols))
    fixed = {t.pattern.value: t.name for t in symbols if isinstance(t.pattern, PatternStr)}
    return pieces, plain, classify, fixed


def _actions(builder: Any) -> tuple[list[dict[str, int]], list[Any], int]:
    """``actions``, ``reductions`` and ``units_below`` (see the module's docstring). Lark's end state shifts
    the end of input to a last state that shifts it to itself: the start rule's value is made (a text ending
    in blanks or a comment has two pieces at its end)."""
    lalr = lalr_tables()
    count = max(lalr.states) + 2
    names = set(terminals()) | {END}
    gotos: list[dict[str, int]] = [{} for _ in range(count)]
    columns: dict[str, list[Any]] = {}  # rule name -> its goto column: state below -> next state
    for state, table in lalr.states.items():
        for symbol, (_, arg) in table.items():
            if symbol not in names:
                gotos[state][symbol] = arg
                columns.setdefault(symbol, [None] * count)[state] = arg
    reducers = _reducers(builder, columns)
    actions: list[dict[str, int]] = [{} for _ in range(count)]
    reductions: list[Any] = []
    unit_entries: list[tuple[int, str, Units]] = []  # numbered after the other reductions
    for state, table in lalr.states.items():
        for symbol, (kind, arg) in table.items():
            if symbol not in names:
                continue
            if kind is SHIFT:
                actions[state][symbol] = arg
            elif _is_unit(arg):
                unit_entries.append((state, symbol, Units(arg, symbol, actions, gotos)))
            else:
                actions[state][symbol] = ~len(reductions)
                reductions.append(reducers[arg])
    units_below = -len(reductions)
    for state, symbol, units in unit_entries:
        actions[state][symbol] = ~len(reductions)
        reductions.append(units)
        units.reductions = reductions
    actions[lalr.end][END] = actions[count - 1][END] = count - 1
    return actions, reductions, units_below


def _reducers(builder: Any, columns: dict[str, list[Any]]) -> dict[Any, Reducer]:
    """A reduce function per rule that is not a unit reduction (``columns``: the goto column of each rule name)."""
    filters = ParseTreeBuilder(lark_parser().rules, Tree, False, False, True).create_callback(None)
    compiled: dict[str, FunctionType] = {}
    out: dict[Any, Reducer] = {}
    for rule, callback in filters.items():
        if _is_unit(rule):
            continue
        method = getattr(builder, rule.alias or rule.options.template_source or rule.origin.name, None)
        source = _shape(rule, callback, method)
        if source not in compiled:
            namespace: dict[str, Any] = {}
            exec(source, {"FastPathMiss": FastPathMiss}, namespace)  # the source is built from integers only
            compiled[source] = namespace["reduce"]
        template = compiled[source]
        column = columns.get(rule.origin.name, [])
        name = f"{'miss' if source == MISS else 'reduce'}_{rule.origin.name}"
        code = template.__code__.replace(co_name=name)  # a copy: its call site of ``build`` sees one method
        out[rule] = FunctionType(code, template.__globals__, name, (method, column))
    return out


def _shape(rule: Any, callback: Any, method: Any) -> str:
    """The source of ``rule``'s reduce function: it depends only on integers (``build`` is ``method``).

    Value ``i`` of a rule of ``size`` children is at ``st[2 * (i - size)]``; the method gets the children
    Lark's child filter keeps, as arguments. An inlined ``_rule`` child (its value a list) is spliced;
    when it is the first child kept, its list is extended in place, as Lark's filter does (copying it
    at every step made a script of n statements cost n² list copies)."""
    size = len(rule.expansion)
    if isinstance(callback, ChildFilterLALR | ChildFilterLALR_NoPlaceholders):
        include = [(e[0], e[1], e[2] if len(e) > 2 else 0) for e in callback.to_include]
        tail_nones = getattr(callback, "append_none", 0)
    else:
        include, tail_nones = [(i, False, 0) for i in range(size)], 0
    inlined = rule.origin.name.startswith("_")  # a helper Lark made for a repetition: its value is a list
    if isinstance(callback, ExpandSingleChild) or inlined == isinstance(method, MethodType):
        return MISS  # pragma: no cover - a shape this grammar does not have (Lark's parser takes it)
    head, items = "", list[str]()
    for position, (index, expand, nones) in enumerate(include):
        at = f"st[{2 * (index - size)}]"
        if position == 0 and expand and not nones:
            head = at
            continue
        items.extend(["None"] * nones)
        items.append(f"*{at}" if expand else at)
    items.extend(["None"] * tail_nones)
    lines = ["def reduce(st, build, goto):"]
    if head:
        lines.append(f"    value = {head}")
        if items:
            lines.append(f"    value += [{', '.join(items)}]")
        if not inlined:
            lines.append("    value = build(*value)")
    else:
        lines.append(f"    value = [{', '.join(items)}]" if inlined else f"    value = build({', '.join(items)})")
    # the children and their states give way to the value and the state after the goto
    lines.append(f"    state = goto[st[{-2 * size - 1}]]")
    if size == 1:
        lines += ["    st[-2] = value", "    st[-1] = state"]
    elif size:
        lines.append(f"    st[{-2 * size}:] = value, state")
    else:
        lines.append("    st += value, state")
    lines.append("    return state")
    return "\n".join(lines) + "\n"


MISS = "def reduce(st, build, goto):\n    raise FastPathMiss('rule')\n"


def _kept_terminals() -> frozenset[str]:
    """The terminals some rule keeps as a child (Lark's child filters drop the others: ``","``, ``_OR``)."""
    rules = lark_parser().rules
    return frozenset(s.name for r in rules for s in r.expansion if isinstance(s, Terminal) and not s.filter_out)


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

"""Drive the grammar's LALR table over tolerant tokens: parser states, recovery and resolved words.

``feed(tokens)`` runs the grammar's LALR tables (``imisql.frontend.lalr_tables``) over one
statement's tokens. It decides keyword-or-name for each word the way Lark's contextual lexer does (the
keyword when the parser state has an action for it, else a name), records unexpected tokens and
recovers (assuming a missing name, or skipping the token), so it never raises. Completion reads the
parser state before the cursor (``Fed.states``) and asks ``expected(state)``, the terminals that truly
advance the parser — the same question Lark's ``InteractiveParser.accepts()`` answers, cached per
state stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imisql.engine.tokens import Tok
from imisql.frontend import END, SHIFT, lalr_tables

Stack = tuple[int, ...]
_CACHE_LIMIT = 4096


def initial() -> Stack:
    return (lalr_tables().start,)


def advance(stack: Stack, terminal: str) -> Stack | None:
    """The stack after shifting ``terminal`` (reducing first as needed), or None if it is an error."""
    t = lalr_tables()
    work = list(stack)
    while True:
        action = t.states[work[-1]].get(terminal)
        if action is None:
            return None
        kind, arg = action
        if kind is SHIFT:
            if terminal == END:
                return None
            work.append(arg)
            return tuple(work)
        size = len(arg.expansion)
        if size:
            del work[-size:]
        goto = t.states[work[-1]].get(arg.origin.name)
        if goto is None:  # pragma: no cover - a consistent LALR table always has the goto
            return None
        work.append(goto[1])
        if terminal == END and work[-1] == t.end:
            return tuple(work)


_EXPECTED: dict[Stack, frozenset[str]] = {}


def expected(stack: Stack) -> frozenset[str]:
    """Terminals that advance the parser from ``stack`` (``$END`` included when it may stop here)."""
    found = _EXPECTED.get(stack)
    if found is None:
        choices = lalr_tables().states[stack[-1]]
        found = frozenset(term for term in choices if term.isupper() and advance(stack, term) is not None)
        if len(_EXPECTED) > _CACHE_LIMIT:
            _EXPECTED.clear()
        _EXPECTED[stack] = found
    return found


def has_action(stack: Stack, terminal: str) -> bool:
    """Whether the state has any action for ``terminal`` (what Lark's contextual lexer looks at)."""
    return terminal in lalr_tables().states[stack[-1]]


@dataclass(frozen=True)
class Unexpected:
    """A token the parser could not take, as the terminal it was read as, and what would have fit."""

    token: Tok
    terminal: str
    expected: frozenset[str]


@dataclass
class Fed:
    """The outcome of feeding one statement's tokens.

    ``states[i]`` is the stack before ``tokens[i]`` (``states[len(tokens)]`` the final one);
    ``terminals[i]`` what ``tokens[i]`` was read as, or ``""`` when it was skipped as an error.
    """

    tokens: list[Tok]
    terminals: list[str] = field(default_factory=list)
    states: list[Stack] = field(default_factory=list)
    errors: list[Unexpected] = field(default_factory=list)
    end_error: frozenset[str] | None = None  # what was expected when the statement ended too early


def resolve(stack: Stack, tok: Tok, reserved: bool = False) -> str:
    """The terminal a token is read as in this parser state.

    Like Lark's contextual lexer, a keyword the state cannot take is read as a name where a name
    fits. With ``reserved`` (after an error) keywords stay keywords, so recovery does not swallow
    ``FROM`` as a column in ``SELECT a, FROM x``.
    """
    if tok.type != "NAME":
        return tok.type
    if tok.keyword is not None and (reserved or has_action(stack, tok.keyword) or not has_action(stack, "NAME")):
        return tok.keyword
    return "NAME"


def feed(tokens: list[Tok], stop: int | None = None) -> Fed:
    """Feed significant ``tokens`` (the first ``stop`` of them, default all) from the start state.

    An unexpected token is repaired by assuming a missing name before it (``SELECT , FROM x`` reads
    as ``SELECT <name>, <name> FROM x``) when that lets the parser take it, and skipped otherwise.
    Errors after the first are reported only once the parser has accepted a token normally again.
    """
    out = Fed(tokens)
    stack = initial()
    stalled = False
    for tok in tokens[:stop]:
        out.states.append(stack)
        terminal = resolve(stack, tok, reserved=bool(out.errors))
        after = advance(stack, terminal)
        if after is not None:
            stack, stalled = after, False
            out.terminals.append(terminal)
            continue
        if not stalled:
            out.errors.append(Unexpected(tok, terminal, expected(stack)))
        stalled = True
        repaired = _with_missing_name(stack, tok, bool(out.errors))
        if repaired is None:
            out.terminals.append("")
            continue
        stack, terminal = repaired
        out.terminals.append(terminal)
    out.states.append(stack)
    if stop is None and advance(stack, END) is None and not out.errors:
        out.end_error = expected(stack)
    return out


def _with_missing_name(stack: Stack, tok: Tok, reserved: bool) -> tuple[Stack, str] | None:
    """The stack after a made-up name and then ``tok``, if the parser accepts both."""
    named = advance(stack, "NAME")
    if named is None:
        return None
    terminal = resolve(named, tok, reserved)
    after = advance(named, terminal)
    return None if after is None else (after, terminal)

"""Semantic highlighting: every token of a document classified with the parser's reading of it.

A word is a keyword only where the grammar reads it as one (``SELECT * FROM "Group"`` vs a column
called ``Group``); names are entities after FROM/JOIN/DESCRIBE, functions before ``(``, aliases after
AS or right after a value (and any source's alias before a dot), and fields otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator

from imisql.engine.feed import feed
from imisql.engine.results import SemanticToken
from imisql.engine.scope import NAME_TERMINALS, find_sources
from imisql.engine.tokens import COMMENTS, Tok, tables, tokenize
from imisql.engine.vocabulary import operator_terminals
from imisql.frontend import split

TOKEN_TYPES = (
    "keyword", "operator", "string", "number", "parameter",
    "comment", "class", "property", "function", "variable",
)  # fmt: skip

_BY_TYPE = {
    "STRING": "string", "INT": "number", "DECIMAL": "number", "NAMED_PARAM": "parameter",
    "QMARK": "parameter", "COMMENT": "comment", "BLOCK_COMMENT": "comment", "STAR": "operator",
    "MINUS": "operator",
}  # fmt: skip
_ALIAS_AFTER = NAME_TERMINALS | {"RPAR", "STRING", "INT", "DECIMAL", "AS"}


def semantic_tokens(text: str) -> list[SemanticToken]:
    """Classified tokens of ``text`` in document order (punctuation left out)."""
    out: list[SemanticToken] = []
    for start, end in split(text):
        out.extend(_statement(tokenize(text, start, end)))
    return out


def _statement(tokens: list[Tok]) -> Iterator[SemanticToken]:
    code = [t for t in tokens if t.type not in COMMENTS]
    fed = feed(code)
    terminals = dict(zip((t.start for t in code), fed.terminals, strict=True))
    aliases = {s.alias.lower() for s in find_sources(fed, None).items if s.alias}
    followers = _following_terminals(code, fed.terminals)
    previous = ""
    for tok in tokens:
        if tok.type in COMMENTS:
            yield SemanticToken(tok.start, tok.end, "comment")
            continue
        terminal = terminals[tok.start]
        following = followers[tok.start]
        if terminal in NAME_TERMINALS and following == "DOT" and previous != "DOT" and tok.text.lower() in aliases:
            kind: str | None = "variable"
        else:
            kind = _classify(tok, terminal, previous, following)
        if kind is not None:
            yield SemanticToken(tok.start, tok.end, kind)
        previous = terminal or previous


def _following_terminals(code: list[Tok], terminals: list[str]) -> dict[int, str]:
    """Token start -> what the next significant token was read as ("" for the last one).

    One pass for the whole statement: looking ahead from each token was quadratic in its length."""
    following = [*terminals[1:], ""][: len(code)]
    return {tok.start: after for tok, after in zip(code, following, strict=True)}


def _classify(tok: Tok, terminal: str, previous: str, following: str) -> str | None:
    if tok.type in _BY_TYPE:
        return _BY_TYPE[tok.type]
    if terminal in NAME_TERMINALS:
        return _name_kind(previous, following)
    if terminal in operator_terminals() and terminal not in ("NOT", "TRUE", "FALSE"):
        return "operator"
    if tok.is_word and (terminal or tok.keyword) and (terminal or tok.keyword) != "NAME":
        return "keyword"
    if tok.type in tables().punctuation and tok.type.endswith("_SIGN"):
        return "operator"
    return None


def _name_kind(previous: str, following: str) -> str:
    if previous in ("FROM", "JOIN", "DESCRIBE", "DESC"):
        return "class"
    if following == "LPAR":
        return "function"
    if previous in _ALIAS_AFTER:
        return "variable"
    return "property"

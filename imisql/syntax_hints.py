"""Friendly syntax errors: turn a Lark ``UnexpectedInput`` into an ``imisql.SyntaxError``.

Owns the table of common mistakes (matched against the parser state with ``match_examples``), the
readable names of terminals, and "did you mean" suggestions for misspelt keywords.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Any

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from imisql.errors import Span, SyntaxError
from imisql.unsupported import explain_unsupported

COMMON_MISTAKES: dict[str, list[str]] = {
    "list the columns to return, or * for all of them: SELECT * FROM Party": [
        "SELECT FROM Party",
    ],
    "name an entity after FROM, e.g. FROM Party (SHOW ENTITIES lists them)": [
        "SELECT * FROM",
        "SELECT * FROM WHERE x = 1",
    ],
    "missing FROM before the entity: SELECT * FROM Party": [
        "SELECT * Party x",
        "SELECT a b c",
    ],
    "a value is missing after the operator, e.g. LastName = 'Smith'": [
        "SELECT * FROM Party WHERE LastName =",
        "SELECT * FROM Party WHERE LastName contains",
        "SELECT * FROM Party WHERE LastName = AND",
    ],
    "a condition is missing: WHERE LastName = 'Smith'": [
        "SELECT * FROM Party WHERE",
        "SELECT * FROM Party WHERE ORDER BY x",
        "SELECT * FROM Party WHERE a = 1 AND",
        "SELECT * FROM Party WHERE a = 1 OR",
    ],
    "combine conditions with AND or OR": [
        "SELECT * FROM Party WHERE a = 1 b = 2",
        "SELECT * FROM Party WHERE a = 1 (b = 2)",
    ],
    "an operator is missing after the column, e.g. = 'x', CONTAINS 'x', IS EMPTY": [
        "SELECT * FROM Party WHERE a 'x'",
        "SELECT * FROM Party WHERE a 1",
    ],
    "write ORDER BY / GROUP BY": [
        "SELECT * FROM Party ORDER x",
        "SELECT * FROM Party GROUP x",
    ],
    "LIMIT and OFFSET take a non-negative integer or a parameter": [
        "SELECT * FROM Party LIMIT 'x'",
        "SELECT * FROM Party LIMIT -1",
        "SELECT * FROM Party LIMIT x",
        "SELECT * FROM Party OFFSET 'x'",
    ],
    "IN takes a parenthesised list: x IN ('a', 'b')": [
        "SELECT * FROM Party WHERE a IN 1",
        "SELECT * FROM Party WHERE a IN 'x'",
    ],
    "BETWEEN needs two bounds: x BETWEEN 1 AND 10": [
        "SELECT * FROM Party WHERE a BETWEEN 1",
        "SELECT * FROM Party WHERE a BETWEEN 1 OR",
    ],
    "remove the trailing comma before FROM": [
        "SELECT a, FROM Party",
    ],
    "name the columns after the entity: INSERT INTO Person (PersonName.LastName) VALUES ('Smith')": [
        "INSERT INTO Party VALUES (1)",
        "INSERT INTO Party SELECT",
        "INSERT Party (x) VALUES (1)",
    ],
    "set each column with =: UPDATE Party SET Email = 'a@example.org' WHERE PartyId = '101'": [
        "UPDATE Party WHERE x = 1",
        "UPDATE Party SET x WHERE x = 1",
        "UPDATE Party SET x 1",
    ],
    "DELETE names its entity after FROM: DELETE FROM Activity WHERE SEQN = 12": [
        "DELETE Party",
        "DELETE * FROM Party",
    ],
    "a statement starts with SELECT, EXPLAIN, DESCRIBE, SHOW ENTITIES, INSERT, UPDATE or DELETE": [
        "FROM Party",
        "WHERE a = 1",
        "x",
    ],
    "close the parenthesis": [
        "SELECT * FROM Party WHERE (a = 1",
        "SELECT COUNT(* FROM Party",
    ],
    "separate statements with ';'": [
        "SELECT * FROM Party SELECT",
        "SELECT * FROM Party LIMIT 1 SELECT",
    ],
}

_READABLE: dict[str, str] = {
    "$END": "end of input", "LPAR": "'('", "RPAR": "')'", "COMMA": "','", "SEMICOLON": "';'",
    "STAR": "'*'", "DOT": "'.'", "MINUS": "'-'", "QMARK": "'?'", "NAME": "a name", "QUOTED_NAME": "a \"name\"",
    "STRING": "a 'string'", "INT": "an integer", "DECIMAL": "a number", "NAMED_PARAM": "a :parameter",
    "DATE_KW": "DATE", "TIMESTAMP_KW": "TIMESTAMP", "EQ_SIGN": "'='", "NE_SIGN": "'!='", "LT_SIGN": "'<'",
    "LE_SIGN": "'<='", "GT_SIGN": "'>'", "GE_SIGN": "'>='", "BANG_CONTAIN": "'!contain'",
    "BANG_EMPTY": "'!empty'", "EMPTY_KW": "EMPTY",
    "_AND": "AND", "_OR": "OR", "_IS": "IS", "_IN": "IN", "_LIKE": "LIKE", "_BETWEEN": "BETWEEN",
}  # fmt: skip

_KEYWORDS = (
    "SELECT", "FROM", "WHERE", "ORDER", "GROUP", "BY", "HAVING", "LIMIT", "OFFSET", "EXPLAIN", "DESCRIBE",
    "SHOW", "ENTITIES", "DISTINCT", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "RETURNING",
    "AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL", "CONTAINS",
)  # fmt: skip

_MAX_EXPECTED = 8


def readable(terminal: str) -> str:
    """A user-facing name for a grammar terminal."""
    if terminal in _READABLE:
        return _READABLE[terminal]
    return terminal.lstrip("_").upper()


def describe_unexpected(exc: UnexpectedInput, text: str, parser: Lark) -> SyntaxError:
    """Build the user-facing error for a Lark parse failure."""
    if isinstance(exc, UnexpectedCharacters):
        return _bad_character(exc, text)
    token = getattr(exc, "token", None)
    if token is not None and token.type == "SLASH" and text.startswith("/*", token.start_pos or 0):
        span = Span.of(text, token.start_pos, token.start_pos + 1)
        return SyntaxError("unterminated comment", text, span, hint="close the comment with */")
    expected = sorted({readable(t) for t in getattr(exc, "expected", set()) or ()})
    hint = (
        explain_unsupported(text)
        or _did_you_mean(token, expected)
        or _misspelt_before(token, text)
        or _match_mistake(exc, parser)
    )
    if token is None or token.type == "$END":
        span = Span.of(text, len(text.rstrip()))
        message = "unexpected end of input"
    else:
        start = token.start_pos or 0
        span = Span.of(text, start, token.end_pos if token.end_pos is not None else start + len(token))
        message = f"unexpected {_describe_token(token)}"
    if expected:
        shown = ", ".join(expected[:_MAX_EXPECTED]) + (", ..." if len(expected) > _MAX_EXPECTED else "")
        message += f"; expected {shown}"
    return SyntaxError(message, text, span, hint=hint)


def _bad_character(exc: UnexpectedCharacters, text: str) -> SyntaxError:
    pos = exc.pos_in_stream or 0
    char = text[pos] if pos < len(text) else ""
    span = Span.of(text, pos, pos + 1)
    if char == "'":
        return SyntaxError("unterminated string", text, span, hint="close the string with ' (write '' for a quote)")
    if char == '"':
        return SyntaxError("unterminated quoted name", text, span, hint='close the name with " (write "" for a quote)')
    if text.startswith("/*", pos):
        return SyntaxError("unterminated comment", text, span, hint="close the comment with */")
    hint = "strings use single quotes: 'text'" if char == "`" else explain_unsupported(text)
    return SyntaxError(f"unexpected character {char!r}", text, span, hint=hint)


def _describe_token(token: Any) -> str:
    if token.type in ("NAME", "QUOTED_NAME"):
        return f"name {str(token)!r}"
    if token.type in ("STRING", "INT", "DECIMAL"):
        return f"value {token!s}"
    return f"{str(token)!r}"


def _match_mistake(exc: UnexpectedInput, parser: Lark) -> str | None:
    """The label of the common mistake that fails like ``exc`` (Lark's ``match_examples`` rule).

    The examples' own failures are worked out once per parser, not parsed again for every error.
    """
    if not isinstance(exc, UnexpectedToken):
        return None
    try:
        return _best_label(exc, _mistakes(parser))
    except Exception:
        return None


@cache
def _mistakes(parser: Lark) -> tuple[tuple[str, UnexpectedToken], ...]:
    """Each example of ``COMMON_MISTAKES`` with the error it raises, in the table's order."""
    found = []
    for label, examples in COMMON_MISTAKES.items():
        for example in examples:
            try:
                parser.parse(example)
            except UnexpectedInput as error:
                if isinstance(error, UnexpectedToken):
                    error.accepts  # noqa: B018 -- worked out now, once
                    found.append((label, error.with_traceback(None)))
    return tuple(found)


def _best_label(exc: UnexpectedToken, mistakes: tuple[tuple[str, UnexpectedToken], ...]) -> str | None:
    """The first example failing in the same state on the same token, else on the same kind of token,
    else in the same state."""
    by_type: str | None = None
    same_state: str | None = None
    for label, example in mistakes:
        if example.state != exc.state or example.accepts != exc.accepts:
            continue
        if example.token == exc.token:
            return label
        if by_type is None and example.token.type == exc.token.type:
            by_type = label
        same_state = same_state or label
    return by_type or same_state


_CLAUSE_KEYWORDS = ("WHERE", "ORDER", "GROUP", "HAVING", "LIMIT", "OFFSET", "FROM", "AND", "OR", "NOT", "LIKE")
_WORD_BEFORE = re.compile(r"([A-Za-z_]\w*)\s*$")


def _misspelt_before(token: Any, text: str) -> str | None:
    """``FROM Party WHRE x = 1`` fails at ``x``: the culprit is the word before, read as an alias."""
    if token is None or token.type == "$END" or token.start_pos is None:
        return None
    match = _WORD_BEFORE.search(text, 0, token.start_pos)
    if match is None or match.group(1).upper() in _KEYWORDS:
        return None
    close = difflib.get_close_matches(match.group(1).upper(), _CLAUSE_KEYWORDS, n=1, cutoff=0.75)
    return f"did you mean {close[0]}? ({match.group(1)!r} was read as a name)" if close else None


def _did_you_mean(token: Any, expected: list[str]) -> str | None:
    if token is None or token.type != "NAME":
        return None
    word = str(token).upper()
    candidates = [e for e in expected if e.isalpha() and e.isupper()] or list(_KEYWORDS)
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    if close:
        return f"did you mean {close[0]}?"
    if word in _KEYWORDS:
        return f'{word} is a keyword; quote it to use it as a name: "{token!s}"'
    return None

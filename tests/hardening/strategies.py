"""Hypothesis strategies for hostile imisql input, built from the language's own vocabulary.

Three families of statement text:

* ``statements()`` -- structured SELECT/EXPLAIN/DESCRIBE/SHOW statements from the grammar's keywords,
  every operator spelling in ``imisql.operators``, the built-in catalog's entities and field names and
  literals of every kind (including hostile strings), with random keyword case, spacing and comments;
  most of them parse, so they reach the compiler and the formatter.
* ``token_soup()`` -- random sequences of the same vocabulary, mostly nonsense.
* ``mutated()`` -- golden corpus statements (``tests/golden/statements.txt``) and generated statements
  with characters or tokens deleted, inserted, duplicated or swapped.

``statement_text()`` mixes the three. ``hostile_strings()`` are the values the injection tests send.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Any

from hypothesis import strategies as st
from lark.lexer import PatternStr

from imisql.catalog import BUILTIN
from imisql.frontend import lark_parser
from imisql.operators import ALL_SPELLINGS
from tests.core.golden import load_statements

GOLDEN = [sql for _, sql in load_statements()]

# ---------------------------------------------------------------- vocabulary


@cache
def keywords() -> tuple[str, ...]:
    """Every fixed word of the grammar (named terminals and the anonymous ``"from"i`` ones)."""
    words = {
        t.pattern.value
        for t in lark_parser().terminals
        if isinstance(t.pattern, PatternStr) and re.fullmatch(r"[A-Za-z!]\w*", t.pattern.value)
    }
    return tuple(sorted(words | {"from", "where", "group", "by", "having", "order", "limit", "offset", "as"}))


SQL_OPERATORS = ("=", "<>", "!=", "==", "<", "<=", ">", ">=", "NOT CONTAINS", "STARTS WITH", "ENDS WITH")
CHECKS = (
    "IS NULL",
    "IS NOT NULL",
    "IS EMPTY",
    "IS NOT EMPTY",
    "IS TRUE",
    "IS FALSE",
    "isEmpty",
    "notEmpty",
    "!empty",
    "empty",
    "isTrue",
    "isFalse",
    "true",
    "false",
    "IsEmpty",
    "NotEmpty",
    "IsTrue",
    "IsFalse",
)
BINARY_SPELLINGS = tuple(
    s
    for s in ALL_SPELLINGS
    if s.lower() not in {"between", "in", "isempty", "empty", "notempty", "!empty"}
    and s.lower() not in {"istrue", "true", "isfalse", "false"}
)
PUNCTUATION = (",", ".", "(", ")", "*", ";", "-", ":", "?", "'", '"', "--", "/*", "*/", "=", "<", ">", "!", "|")
AGGREGATES = ("COUNT", "SUM", "MIN", "MAX", "AVG", "count", "Sum")


@cache
def entity_names() -> tuple[str, ...]:
    return tuple(e.name for e in BUILTIN.entities())


@cache
def field_names() -> tuple[str, ...]:
    return tuple(sorted({n for e in BUILTIN.entities() for n in e.field_names()}))


@cache
def fields_by_entity() -> dict[str, tuple[str, ...]]:
    return {e.name: tuple(dict.fromkeys(e.field_names())) for e in BUILTIN.entities()}


# Characters that mean something in a URL, a query string, SQL or a terminal.
HOSTILE_CHARS = "&=|:#%?+ '\"\n\r\t\x00;/\\-*.,()[]{}<>!~`^$@"
HOSTILE_STRINGS = (
    "",
    " ",
    "a b",
    "a&b=c",
    "a|b",
    "|",
    "a:b",
    "eq:",
    "eq:x",
    "contains:x",
    "in:a|b",
    "between:a|b",
    "isEmpty:",
    "!contain:x",
    "ne:",
    "==x",
    "%",
    "%25",
    "%2F",
    "%00",
    "a+b",
    "+",
    "#frag",
    "?q=1",
    "&limit=1",
    "&offset=5",
    "a\nb",
    "a\r\nb",
    "\x00",
    "a\x00b",
    "O'Brien",
    "'; DROP TABLE Party; --",
    'say "hi"',
    "Müller",
    "Núñez",
    "日本語",
    "😀",
    "e\u0301",
    "\u202e",
    "\u2028",
    "\ufeff",
    "../",
    "..",
    ".",
    "/api/Party",
    "\\",
    "%s%n",
    "   padded   ",
    "x" * 300,
    "a\udc80b",
    "\ud83d",
    "OrderBy=LastName",
    "limit=1",
    "Parameter=x",
    "QueryName=x",
)


def is_valid_unicode(text: str) -> bool:
    """False for text holding a lone surrogate (which cannot be encoded, so is never sent)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@cache
def hostile_strings() -> st.SearchStrategy[str]:
    """Strings built to break query strings, paths and SQL quoting; arbitrary text too."""
    return st.one_of(
        st.sampled_from(HOSTILE_STRINGS),
        st.text(alphabet=st.sampled_from(HOSTILE_CHARS + "abcXYZ019éü😀\udc80"), max_size=12),
        st.builds(lambda p, v: p + v, st.sampled_from([s + ":" for s in ALL_SPELLINGS]), st.text(max_size=6)),
        st.text(max_size=10),
    )


# ---------------------------------------------------------------- literals


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_name(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", name) else '"' + name.replace('"', '""') + '"'


@cache
def literals() -> st.SearchStrategy[str]:
    """Literal text of every kind the grammar has, valid and not."""
    return st.one_of(
        hostile_strings().map(sql_string),
        st.integers(-(10**30), 10**30).map(str),
        st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**12), max_value=10**12).map(
            lambda d: format(d, "f")
        ),
        st.sampled_from(["TRUE", "FALSE", "NULL", "true", "null", ".5", "-0", "-.5", "0.0", "007"]),
        st.dates().map(lambda d: f"DATE '{d.isoformat()}'"),
        st.datetimes().map(lambda d: f"TIMESTAMP '{d.isoformat(sep=' ')}'"),
        st.sampled_from(["DATE 'soon'", "DATE '2024-02-30'", "TIMESTAMP '2024-01-01T25:00'", "DATE ''"]),
        st.sampled_from([":name", ":n", ":member", ":p1", "?", ":missing"]),
    )


# ---------------------------------------------------------------- structured statements


_KEYWORD_STYLES = st.sampled_from(("upper", "lower", "as-is", "mixed"))


def _kw(draw: st.DrawFn, word: str) -> str:
    style = draw(_KEYWORD_STYLES)
    if style == "upper":
        return word.upper()
    if style == "lower":
        return word.lower()
    if style == "mixed":
        return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(word))
    return word


@cache
def _column_names(entity: str | None) -> st.SearchStrategy[str]:
    names = fields_by_entity().get(entity or "", ()) or field_names()
    return st.one_of(st.sampled_from(names), st.sampled_from(field_names()), st.sampled_from(HOSTILE_STRINGS[:20]))


def _column(draw: st.DrawFn, entity: str | None, alias: str | None) -> str:
    name = draw(_column_names(entity))
    parts = (
        [sql_name(p) for p in name.split(".")] if "." in name and name.replace(".", "").isalnum() else [sql_name(name)]
    )
    if alias and draw(st.booleans()):
        parts.insert(0, alias)
    return ".".join(parts)


def _predicate(draw: st.DrawFn, entity: str | None, alias: str | None) -> str:
    column = _column(draw, entity, alias)
    kind = draw(st.integers(0, 8))
    if kind == 0:
        return f"{column} {draw(st.sampled_from(SQL_OPERATORS + BINARY_SPELLINGS))} {draw(literals())}"
    if kind == 1:
        return f"{column} {draw(st.sampled_from(CHECKS))}"
    if kind == 2:
        items = draw(st.lists(literals(), min_size=1, max_size=4))
        return f"{column} {draw(st.sampled_from(['IN', 'NOT IN', 'in']))} ({', '.join(items)})"
    if kind == 3:
        return f"{column} {draw(st.sampled_from(['BETWEEN', 'NOT BETWEEN']))} {draw(literals())} AND {draw(literals())}"
    if kind == 4:
        return f"{column} {draw(st.sampled_from(['LIKE', 'NOT LIKE']))} {sql_string(draw(hostile_strings()))}"
    if kind == 5:
        return f"{column} = {_column(draw, entity, alias)}"
    if kind == 6:
        return f"{draw(literals())} {draw(st.sampled_from(SQL_OPERATORS))} {column}"
    if kind == 7:
        return f"{draw(literals())} = {draw(literals())}"
    return f"{column} {draw(st.sampled_from(BINARY_SPELLINGS))} {draw(literals())}"


def _condition(draw: st.DrawFn, entity: str | None, alias: str | None, depth: int = 0) -> str:
    if depth >= 2 or draw(st.integers(0, 2)) == 0:
        return _predicate(draw, entity, alias)
    shape = draw(st.sampled_from(("and", "or", "not", "paren")))
    if shape == "not":
        return f"{_kw(draw, 'NOT')} {_condition(draw, entity, alias, depth + 1)}"
    if shape == "paren":
        return f"({_condition(draw, entity, alias, depth + 1)})"
    joiner = f" {_kw(draw, shape.upper())} "
    count = draw(st.integers(2, 4))
    return joiner.join(_condition(draw, entity, alias, depth + 1) for _ in range(count))


def _select_item(draw: st.DrawFn, entity: str | None, alias: str | None) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return "*"
    if kind == 1 and alias:
        return f"{alias}.*"
    if kind == 2:
        agg = draw(st.sampled_from(AGGREGATES))
        inner = (
            "*" if draw(st.booleans()) else ("DISTINCT " if draw(st.booleans()) else "") + _column(draw, entity, alias)
        )
        return f"{agg}({inner})"
    if kind == 3:
        return draw(literals())
    item = _column(draw, entity, alias)
    if draw(st.booleans()):
        item += f" {_kw(draw, 'AS')} {sql_name(draw(st.sampled_from(['n', 'x', 'limit', 'Name', 'a b', ''])) or 'z')}"
    return item


_COUNTS = st.one_of(st.integers(0, 10**20).map(str), st.sampled_from([":n", "?", ":name", "-1", "1.5", "'3'"]))


@st.composite
def statements(draw: st.DrawFn) -> str:
    """One statement from the grammar's vocabulary; most parse, many compile."""
    kind = draw(st.integers(0, 12))
    if kind == 0:
        return f"{_kw(draw, 'DESCRIBE')} {sql_name(draw(st.sampled_from(entity_names() + HOSTILE_STRINGS[:12])))}"
    if kind == 1:
        return f"{_kw(draw, 'SHOW')} {_kw(draw, 'ENTITIES')}"
    iqa = kind == 2
    entity = None if iqa else draw(st.one_of(st.sampled_from(entity_names()), st.sampled_from(HOSTILE_STRINGS)))
    alias = draw(st.sampled_from([None, None, "p", "x", "Party"]))
    if iqa:
        prompts = draw(st.lists(literals(), max_size=3))
        source = f"iqa({', '.join([sql_string(draw(hostile_strings())), *prompts])})"
    else:
        source = sql_name(entity) if entity else '""'
    parts = [_kw(draw, "SELECT")]
    if draw(st.integers(0, 5)) == 0:
        parts.append(_kw(draw, "DISTINCT"))
    items = draw(st.integers(1, 4))
    parts.append(", ".join(_select_item(draw, entity, alias) for _ in range(items)))
    parts += [_kw(draw, "FROM"), source]
    if alias:
        parts.append(f"{_kw(draw, 'AS')} {alias}" if draw(st.booleans()) else alias)
    if draw(st.booleans()):
        parts += [_kw(draw, "WHERE"), _condition(draw, entity, alias)]
    if draw(st.integers(0, 4)) == 0:
        parts += [_kw(draw, "GROUP"), _kw(draw, "BY"), _column(draw, entity, alias)]
        if draw(st.booleans()):
            parts += [_kw(draw, "HAVING"), f"COUNT(*) > {draw(literals())}"]
    if draw(st.integers(0, 2)) == 0:
        keys = [
            _column(draw, entity, alias) + draw(st.sampled_from(["", " ASC", " DESC", " desc"]))
            for _ in range(draw(st.integers(1, 3)))
        ]
        parts += [_kw(draw, "ORDER"), _kw(draw, "BY"), ", ".join(keys)]
    if draw(st.integers(0, 2)) == 0:
        parts += [_kw(draw, "LIMIT"), draw(_COUNTS)]
    if draw(st.integers(0, 4)) == 0:
        parts += [_kw(draw, "OFFSET"), draw(_COUNTS)]
    text = " ".join(parts)
    if draw(st.integers(0, 5)) == 0:
        text = f"{_kw(draw, 'EXPLAIN')} {text}"
    return _respace(draw, text)


_FILLERS = st.sampled_from(["  ", "\n", "\t", " -- note\n", " /* c */ ", "\r\n", "\n\n  "])


def _respace(draw: st.DrawFn, text: str) -> str:
    """Replace some single spaces outside quotes with other blanks or comments."""
    if draw(st.integers(0, 3)):
        return text
    out, quote = [], None
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == " " and draw(st.integers(0, 6)) == 0:
            out.append(draw(_FILLERS))
            continue
        out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- soup and mutations


@cache
def vocabulary() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(keywords()),
        st.sampled_from(ALL_SPELLINGS + SQL_OPERATORS),
        st.sampled_from(entity_names() + field_names()),
        st.sampled_from(PUNCTUATION),
        literals(),
        st.sampled_from(["\n", "--x\n", "/*", "*/", "\u2028", "😀", "é", "\x00", "\t", "$", "#", "\\", "`"]),
    )


@cache
def token_soup() -> st.SearchStrategy[str]:
    return st.lists(vocabulary(), max_size=30).flatmap(
        lambda parts: st.sampled_from([" ", "", "\n"]).map(lambda sep: sep.join(parts))
    )


_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\w+|\s+|.", re.S)


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str] | None = None) -> str:
    """A corpus (or generated) statement after 1-4 character or token edits."""
    text = draw(base if base is not None else st.sampled_from(GOLDEN))
    for _ in range(draw(st.integers(1, 4))):
        text = _mutate_once(draw, text)
    return text


_INSERTED_CHARS = st.text(alphabet=HOSTILE_CHARS + "aZ9_é😀", min_size=1, max_size=3)


def _mutate_once(draw: st.DrawFn, text: str) -> str:
    op = draw(st.integers(0, 7))
    if op <= 3 or not text:
        i = draw(st.integers(0, len(text)))
        if op == 0 and text:  # delete a character range
            j = draw(st.integers(i, min(len(text), i + 4)))
            return text[:i] + text[j:]
        if op == 1:  # insert characters
            return text[:i] + draw(_INSERTED_CHARS) + text[i:]
        if op == 2:  # insert a vocabulary token
            return text[:i] + " " + draw(vocabulary()) + " " + text[i:]
        if op == 3 and len(text) > 1:  # swap two characters
            i = min(i, len(text) - 2)
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text
    tokens = _TOKEN.findall(text)
    i = draw(st.integers(0, len(tokens) - 1))
    if op == 4:  # delete a token
        del tokens[i]
    elif op == 5:  # duplicate a token
        tokens.insert(i, tokens[i])
    elif op == 6:  # swap two tokens
        j = draw(st.integers(0, len(tokens) - 1))
        tokens[i], tokens[j] = tokens[j], tokens[i]
    else:  # replace a token with a vocabulary token
        tokens[i] = draw(vocabulary())
    return "".join(tokens)


@cache
def statement_text() -> st.SearchStrategy[str]:
    """Any of the families above, sometimes several joined by ';'."""
    one = st.one_of(statements(), mutated(), mutated(statements()), token_soup(), st.text(max_size=60))
    return st.one_of(one, st.lists(one, min_size=2, max_size=3).map(";\n".join))


# ---------------------------------------------------------------- parameters


@cache
def param_values() -> st.SearchStrategy[Any]:
    """Values a caller might bind: the supported types, hostile strings and unsupported types."""
    return st.one_of(
        hostile_strings(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.dates(),
        st.datetimes(timezones=st.sampled_from([None, dt.UTC])),
        st.sampled_from([b"bytes", [1, 2], {"a": 1}, object(), Decimal("1e400"), dt.time(1, 2)]),
    )


@cache
def param_sets() -> st.SearchStrategy[Any]:
    named = st.fixed_dictionaries({}, optional={k: param_values() for k in ("name", "n", "member", "p1", "missing")})
    positional = st.lists(param_values(), max_size=3)
    return st.one_of(named, positional, st.none(), st.just("a string is not a sequence of params"))

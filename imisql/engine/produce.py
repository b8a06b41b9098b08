"""Completion, second stage: one producer per kind of suggestion, and the table from kind to producer.

Each producer turns one typed suggestion of ``imisql.engine.suggest`` into ``Candidate`` items —
label, kind, detail, the text to insert (quoted where the grammar needs it) and a rank group —
against the catalog of the cursor's ``Context``. ``PRODUCERS`` maps each suggestion type to its
producer; ``imisql.engine.complete`` matches the typed word against the candidates and ranks them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from imisql.catalog.links import links_between
from imisql.catalog.model import Field, FieldType
from imisql.engine import fuzzy
from imisql.engine.context import Context
from imisql.engine.suggest import (
    ClauseTemplate,
    Column,
    Entity,
    Function,
    IqaPath,
    JoinCondition,
    Keyword,
    Operator,
    Parameter,
    StatementTemplate,
    Value,
    qualifier_of,
)
from imisql.engine.tokens import tables
from imisql.engine.vocabulary import LIKE, aggregates, keyword_label, operator_forms
from imisql.resolve import is_plain_name
from imisql.write_rules import writable_fields

_WRITE_KEYWORDS = frozenset({"INSERT", "UPDATE", "DELETE"})


@dataclass(frozen=True)
class Candidate:
    label: str
    kind: str
    detail: str
    insert: str
    group: int  # lower is shown first
    match: str = ""  # what the typed text is matched against (default: label)
    documentation: str = ""
    tiebreak: int = 0  # orders equally good matches within a group
    description: str = ""  # shown beside the label (a code's meaning)


def _entities(suggestion: Entity, ctx: Context) -> Iterator[Candidate]:
    for entity in ctx.catalog.entities():
        detail = f"{entity.kind.value} entity · {entity.path}"
        insert = quote(entity.name, ctx.expected)
        yield Candidate(entity.name, "entity", detail, insert, 0, documentation=entity.description)
    if suggestion.iqa:
        snippet = "iqa('${1:\\$/Common/Queries/My Query}')"
        yield Candidate("iqa('…')", "snippet", "read an IQA query", snippet, 1, match="iqa")


def _columns(suggestion: Column, ctx: Context) -> Iterator[Candidate]:
    for scope in suggestion.scopes:
        entity = scope.source.entity
        assert entity is not None
        fields = writable_fields(entity, inserting=ctx.clause == "INTO") if suggestion.writable else entity.fields
        shown = quote(scope.qualifier, frozenset()) + "." if scope.qualifier else ""
        for f in fields:
            name = _best_name(f, scope.prefix, "" if shown else ctx.query)
            if name is not None:
                insert = shown + quote_path(name, ctx.expected)
                detail = _field_detail(f, name)
                yield Candidate(shown + name, "field", detail, insert, suggestion.rank, documentation=f.description)


def _best_name(f: Field, prefix: str, partial: str) -> str | None:
    """The name of ``f`` (column, search name or alias) that best matches, without ``prefix``.

    With nothing typed yet the shortest name wins: ``LastName`` rather than ``PersonName.LastName``.
    """
    best: tuple[int, int, str] | None = None
    for name in f.names():
        if not name.lower().startswith(prefix.lower()) or len(name) == len(prefix):
            continue
        rest = name[len(prefix) :]
        s = fuzzy.score(partial, rest)
        if s is not None and (best is None or (s, -len(rest)) > best[:2]):
            best = (s, -len(rest), rest)
    return None if best is None else best[2]


def _field_detail(f: Field, label: str) -> str:
    parts = [f.type.value]
    if not f.name.endswith(label):
        parts.append(f.name)
    parts.append(f"filter: {f.search}" if f.search else "filtered on the client")
    return " · ".join(parts)


def _join_conditions(suggestion: JoinCondition, ctx: Context) -> Iterator[Candidate]:
    """The catalog's links between the new JOIN source and each earlier source, as whole conditions."""
    new = suggestion.new
    assert new.entity is not None
    for earlier in suggestion.earlier:
        assert earlier.entity is not None
        for pair in links_between(new.entity.name, earlier.entity.name):
            left = f"{quote(qualifier_of(new), frozenset())}.{quote_path(pair.column, frozenset())}"
            right = f"{quote(qualifier_of(earlier), frozenset())}.{quote_path(pair.other_column, frozenset())}"
            condition = f"{left} = {right}"
            detail = f"join condition: {new.entity.name} → {earlier.entity.name}"
            yield Candidate(condition, "snippet", detail, condition, -1)


def _functions(suggestion: Function, ctx: Context) -> Iterator[Candidate]:
    for name in aggregates():
        insert = "COUNT(*)" if name == "COUNT" else f"{name}("
        yield Candidate("COUNT(*)" if name == "COUNT" else name, "function", "aggregate", insert, 1, match=name)
        if name == "COUNT":
            yield Candidate("COUNT", "function", "aggregate: non-empty values", "COUNT(", 1)


def _operators(suggestion: Operator, ctx: Context) -> Iterator[Candidate]:
    left = suggestion.left
    for form in operator_forms():
        if form.first not in ctx.expected or not _applies(form.op, left):
            continue
        detail = form.dialect + (f" · {left.name} is {left.type.value}" if left is not None else "")
        match = form.label.strip("…( ")
        yield Candidate(form.label, "operator", detail, form.insert, 0, match=match, tiebreak=form.rank)


def _applies(op: object, left: Field | None) -> bool:
    if left is None or op is None:
        return True
    if op == LIKE:
        return left.type is FieldType.STRING
    return op in left.operators


def _values(suggestion: Value, ctx: Context) -> Iterator[Candidate]:
    left = suggestion.field
    for value in left.values:
        literal = sql_string(value)
        meaning = left.meaning(value)
        detail = f"{value} — {meaning}" if meaning else f"{left.name} value"
        yield Candidate(literal, "value", detail, literal, 0, match=value, description=meaning)
    if left.type is FieldType.DATETIME and not suggestion.in_string:
        yield Candidate("DATE '…'", "snippet", "a date literal", "DATE '${1:2024-01-31}'", 1, match="date")


def _iqa_paths(suggestion: IqaPath, ctx: Context) -> Iterator[Candidate]:
    for path in ctx.catalog.queries():
        literal = sql_string(path)
        yield Candidate(literal, "entity", "IQA query", literal, 0, match=path)


def _parameters(suggestion: Parameter, ctx: Context) -> Iterator[Candidate]:
    for name in suggestion.names:
        yield Candidate(name, "parameter", "named parameter", name, 0)


def _keywords(suggestion: Keyword, ctx: Context) -> Iterator[Candidate]:
    labels = {t: keyword_label(t) for t in suggestion.terminals}
    if "DESCRIBE" in labels:
        labels.pop("DESC", None)
    for terminal, label in labels.items():
        if label is not None:
            rank = suggestion.rank + (1 if terminal in _WRITE_KEYWORDS else 0)  # reading comes first
            yield Candidate(label, "keyword", "keyword", label + " ", rank)


_STATEMENTS = (
    (
        "SELECT … FROM … WHERE …",
        "SELECT ${1:*}\nFROM ${2:Party}\nWHERE ${3:LastName} = ${4:'Smith'}",
        "select",
    ),
    ("SELECT COUNT(*) FROM …", "SELECT COUNT(*)\nFROM ${1:Party}\nWHERE ${2:Status} = ${3:'A'}", "count"),
    (
        "EXPLAIN SELECT …",
        "EXPLAIN SELECT ${1:*}\nFROM ${2:Party}\nWHERE ${3:LastName} = ${4:'Smith'}",
        "explain",
    ),
    ("DESCRIBE …", "DESCRIBE ${1:Party}", "describe"),
    (
        "UPDATE … SET … WHERE …",
        "UPDATE ${1:Party}\nSET ${2:PersonName.FirstName} = ${3:'Ann'}\nWHERE ${4:PartyId} = ${5:'101'}",
        "update",
    ),
    (
        "INSERT INTO … VALUES …",
        "INSERT INTO ${1:Activity} (${2:ID, ACTIVITY_TYPE})\nVALUES (${3:'101', 'CEU'})",
        "insert",
    ),
    ("DELETE FROM … WHERE …", "DELETE FROM ${1:Activity}\nWHERE ${2:SEQN} = ${3:12}", "delete"),
)


def _statements(suggestion: StatementTemplate, ctx: Context) -> Iterator[Candidate]:
    for label, body, match in _STATEMENTS:
        yield Candidate(label, "snippet", "statement", body, 5, match=match)


def _clauses(suggestion: ClauseTemplate, ctx: Context) -> Iterator[Candidate]:
    body = "WHERE ${1:LastName} = ${2:'Smith'}\nORDER BY ${3:LastName}\nLIMIT ${4:20}"
    yield Candidate("WHERE … ORDER BY … LIMIT …", "snippet", "clauses", body, 5, match="where")


def sql_string(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def quote(name: str, expected: frozenset[str]) -> str:
    """``name`` as it must be typed here: quoted when not a plain name or when it would read as a keyword."""
    if is_plain_name(name) and tables().keywords.get(name.lower()) not in expected:
        return name
    return '"' + name.replace('"', '""') + '"'


def quote_path(dotted: str, expected: frozenset[str]) -> str:
    head, *rest = dotted.split(".")
    return ".".join([quote(head, expected), *(quote(part, frozenset()) for part in rest)])


Producer = Callable[[Any, Context], Iterator[Candidate]]

PRODUCERS: dict[type, Producer] = {
    Keyword: _keywords,
    Entity: _entities,
    Column: _columns,
    JoinCondition: _join_conditions,
    Operator: _operators,
    Value: _values,
    IqaPath: _iqa_paths,
    Parameter: _parameters,
    Function: _functions,
    StatementTemplate: _statements,
    ClauseTemplate: _clauses,
}

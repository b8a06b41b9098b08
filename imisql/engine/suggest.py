"""Completion, first stage: which kinds of suggestion fit at the cursor, as typed values.

``suggest(ctx)`` reads a cursor ``Context`` (``imisql.engine.context``) and answers with frozen
dataclasses saying *what* may be written there — keywords the parser accepts, entity names, the columns
of given sources, join conditions between given sources, operators for a given field, values of a given
field, IQA query paths, named parameters used elsewhere, aggregate functions, statement and clause
templates — and how they rank against each other. It is pure and does no matching: the second stage
(``imisql.engine.produce``) turns each kind into candidates, and ``imisql.engine.complete`` matches and
ranks them. A new kind of suggestion is one more dataclass here and one more producer there.
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql.catalog.model import Field
from imisql.engine.context import Context
from imisql.engine.scope import NAME_TERMINALS, SOURCE_KEYWORDS, Source
from imisql.engine.tokens import tokenize
from imisql.engine.vocabulary import operator_terminals

_FUNCTION_CLAUSES = frozenset({"SELECT", "HAVING", "ORDER"})
_FIELD_CLAUSES = frozenset({"SELECT", "ON", "WHERE", "GROUP", "HAVING", "ORDER", "SET", "INTO", "RETURNING"})


@dataclass(frozen=True)
class Keyword:
    """The keywords among ``terminals`` (the parser's expected set); ``rank`` orders them."""

    terminals: frozenset[str]
    rank: int = 0


@dataclass(frozen=True)
class Entity:
    """Entity names (after FROM, JOIN, DESCRIBE, UPDATE, INTO); ``iqa``: ``iqa('…')`` fits too."""

    iqa: bool = False


@dataclass(frozen=True)
class ColumnScope:
    """Fields of ``source`` under the dotted ``prefix`` already typed, shown with ``qualifier``."""

    source: Source
    prefix: str = ""
    qualifier: str = ""  # "p" (shown as "p.Name") when several sources are in play and no qualifier was typed


@dataclass(frozen=True)
class Column:
    """Fields of the sources in ``scopes``; ``writable``: only those a write may set."""

    scopes: tuple[ColumnScope, ...]
    rank: int = 0
    writable: bool = False


@dataclass(frozen=True)
class JoinCondition:
    """Whole conditions linking the ``new`` JOIN source to each of the ``earlier`` sources."""

    new: Source
    earlier: tuple[Source, ...]


@dataclass(frozen=True)
class Operator:
    """Operators that apply to ``left`` (any operator when the field is unknown)."""

    left: Field | None


@dataclass(frozen=True)
class Value:
    """The values ``field`` is known to take; ``in_string``: the cursor is already inside quotes."""

    field: Field
    in_string: bool = False


@dataclass(frozen=True)
class IqaPath:
    """The paths of the IQA queries the catalog knows, as the first argument of ``iqa(``."""


@dataclass(frozen=True)
class Parameter:
    """The named parameters (``:name``) the document already uses elsewhere, in order of first use."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Function:
    """Aggregate functions."""


@dataclass(frozen=True)
class StatementTemplate:
    """Whole-statement templates (at the start of a statement)."""


@dataclass(frozen=True)
class ClauseTemplate:
    """The ``WHERE … ORDER BY … LIMIT …`` template (after a complete FROM or JOIN)."""


Suggestion = (
    Keyword | Entity | Column | JoinCondition | Operator | Value | IqaPath | Parameter | Function
    | StatementTemplate | ClauseTemplate
)  # fmt: skip


def suggest(ctx: Context) -> tuple[Suggestion, ...]:
    """The kinds of suggestion that fit at the cursor of ``ctx``, in no particular order."""
    if ctx.in_comment:
        return ()
    if ctx.partial.startswith(":"):
        return (Parameter(_parameters_elsewhere(ctx)),)
    if _iqa_argument(ctx):
        return (IqaPath(),) if ctx.in_string else (IqaPath(), Keyword(ctx.expected, 3))
    if ctx.in_string:
        return _in_string(ctx)
    if ctx.qualifier:
        return (Column(column_scopes(ctx)),)
    if operator_terminals() & ctx.expected and ctx.previous in NAME_TERMINALS | {"RPAR"}:
        return (Operator(ctx.previous_field()),)
    return (*_names(ctx), Keyword(ctx.expected, 3 if ctx.value_position else 0), *_templates(ctx))


def _parameters_elsewhere(ctx: Context) -> tuple[str, ...]:
    named = (tok.text for tok in tokenize(ctx.text) if tok.type == "NAMED_PARAM" and tok.start != ctx.start)
    return tuple(dict.fromkeys(named))


def _in_string(ctx: Context) -> tuple[Suggestion, ...]:
    left = ctx.left_operand()
    return (Value(left, in_string=True),) if left is not None else ()


def _iqa_argument(ctx: Context) -> bool:
    """The cursor is on the first argument of ``FROM iqa(`` (or ``JOIN iqa(``)."""
    last = ctx.before[-3:]
    if [term for _, term in last] not in (["FROM", "NAME", "LPAR"], ["JOIN", "NAME", "LPAR"]):
        return False
    return last[1][0].text.lower() == "iqa"


def _names(ctx: Context) -> tuple[Suggestion, ...]:
    if not ({"NAME", "QUOTED_NAME"} & ctx.expected):
        return ()
    if ctx.previous in SOURCE_KEYWORDS:
        return (Entity(iqa=ctx.previous == "FROM"),)
    joins = _join_condition(ctx) if ctx.previous == "ON" else ()
    if _setting(ctx):
        return (*joins, Column(column_scopes(ctx), writable=True))
    if not ctx.value_position or ctx.clause not in _FIELD_CLAUSES:
        return joins
    left = ctx.left_operand()
    if left is not None or ctx.previous in operator_terminals():
        values = (Value(left),) if left is not None else ()
        return (*joins, *values, Column(column_scopes(ctx), rank=2))
    functions = (Function(),) if ctx.clause in _FUNCTION_CLAUSES and ctx.depth == 0 else ()
    return (*joins, Column(column_scopes(ctx)), *functions)


def _setting(ctx: Context) -> bool:
    """The cursor names a column a write sets: left of ``=`` in SET, or in INSERT's column list."""
    if ctx.clause == "SET":
        return ctx.previous in ("SET", "COMMA")
    return ctx.clause == "INTO" and ctx.previous in ("LPAR", "COMMA")


def _join_condition(ctx: Context) -> tuple[JoinCondition, ...]:
    """Right after ``JOIN E e ON``: conditions between ``e`` and each earlier source."""
    joined = sum(1 for _, term in ctx.before if term == "JOIN")
    sources = ctx.sources.items
    if not 0 < joined < len(sources) or sources[joined].entity is None:
        return ()
    earlier = tuple(s for s in sources[:joined] if s.entity is not None)
    return (JoinCondition(sources[joined], earlier),) if earlier else ()


def _templates(ctx: Context) -> tuple[Suggestion, ...]:
    found: list[Suggestion] = []
    if "SELECT" in ctx.expected and ctx.previous == "":
        found.append(StatementTemplate())
    if ctx.clause in ("FROM", "JOIN", "ON") and "WHERE" in ctx.expected:
        found.append(ClauseTemplate())
    return tuple(found)


def column_scopes(ctx: Context) -> tuple[ColumnScope, ...]:
    """Where fields come from: each source, the dotted prefix typed under it, and the qualifier to show.

    ``a.`` offers the fields of the source aliased ``a``; with several sources and no qualifier, the
    fields of every source are offered as ``alias.Field``.
    """
    sources = ctx.sources
    if not ctx.qualifier and sources.joined:
        return tuple(ColumnScope(s, "", qualifier_of(s)) for s in sources.items if s.entity is not None)
    parts = list(ctx.qualifier)
    named = sources.named(parts[0]) if parts else None
    if named is not None and named.entity is not None:
        candidates, parts = [named], parts[1:]
    else:
        candidates = [s for s in sources.items if s.entity is not None]
    prefix = ".".join(parts) + "." if parts else ""
    for source in candidates:
        assert source.entity is not None
        if any(n.lower().startswith(prefix.lower()) for n in source.entity.field_names()):
            return (ColumnScope(source, prefix),)
    return ()


def qualifier_of(source: Source) -> str:
    """How a source is referred to: its alias, else its name as written."""
    return source.alias or source.name or ""

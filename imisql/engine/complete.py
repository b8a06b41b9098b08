"""``complete(text, offset, catalog)``: context-aware completion that tolerates broken text.

What is offered follows the parser state at the cursor (``imisql.engine.context``): keywords the
grammar accepts there; entities after FROM, JOIN and DESCRIBE; fields of the sources (alias-aware,
dotted; ``alias.Field`` for every source of a join) where a value may start in SELECT, ON, WHERE,
GROUP BY, HAVING and ORDER BY; whole join conditions from the catalog's links right after ON; operators
valid for the left field's type after a field; the catalog's known values after an operator or inside
a string; aggregate functions; snippets for common statement shapes. Matches are fuzzy and ranked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from imisql.catalog import builtin_catalog
from imisql.catalog.links import links_between
from imisql.catalog.model import Catalog, Field, FieldType
from imisql.engine import fuzzy
from imisql.engine.context import Context, context_at
from imisql.engine.results import Completion
from imisql.engine.scope import NAME_TERMINALS, SOURCE_KEYWORDS, Source
from imisql.engine.tokens import tables
from imisql.engine.vocabulary import LIKE, aggregates, keyword_label, operator_forms, operator_terminals
from imisql.resolve import is_plain_name
from imisql.write_rules import writable_fields

MAX_ITEMS = 400
_FUNCTION_CLAUSES = frozenset({"SELECT", "HAVING", "ORDER"})
_FIELD_CLAUSES = frozenset({"SELECT", "ON", "WHERE", "GROUP", "HAVING", "ORDER", "SET", "INTO", "RETURNING"})
_WRITE_KEYWORDS = frozenset({"INSERT", "UPDATE", "DELETE"})


@dataclass(frozen=True)
class _Candidate:
    label: str
    kind: str
    detail: str
    insert: str
    group: int  # lower is shown first
    match: str = ""  # what the typed text is matched against (default: label)
    documentation: str = ""
    tiebreak: int = 0  # orders equally good matches within a group


def complete(text: str, offset: int, catalog: Catalog | None = None) -> list[Completion]:
    """Suggestions at ``offset`` in ``text``, best first. Never raises for any text."""
    ctx = context_at(text, offset, catalog if catalog is not None else builtin_catalog())
    if ctx.in_comment:
        return []
    return _rank(ctx, _candidates(ctx))


def _rank(ctx: Context, candidates: Iterable[_Candidate]) -> list[Completion]:
    scored = []
    for c in candidates:
        s = fuzzy.score(ctx.query, c.match or c.label)
        if s is not None:
            scored.append((c.group, -s, c.tiebreak, c.label.lower(), c))
    scored.sort(key=lambda item: item[:4])
    out: list[Completion] = []
    seen: set[tuple[str, str]] = set()
    for rank, (*_, c) in enumerate(scored):
        if (c.label, c.kind) in seen:
            continue
        seen.add((c.label, c.kind))
        out.append(Completion(c.label, c.kind, c.detail, c.insert, ctx.start, ctx.end, f"{rank:04d}", c.documentation))
    return out[:MAX_ITEMS]


def _candidates(ctx: Context) -> Iterator[_Candidate]:
    if ctx.in_string:
        yield from _values(ctx, ctx.left_operand(), in_string=True)
        return
    if ctx.qualifier:
        yield from _fields(ctx, group=0)
        return
    if operator_terminals() & ctx.expected and ctx.previous in NAME_TERMINALS | {"RPAR"}:
        yield from _operators(ctx)
        return
    yield from _names(ctx)
    yield from _keywords(ctx)
    yield from _snippets(ctx)


# ---------------------------------------------------------------- names


def _names(ctx: Context) -> Iterator[_Candidate]:
    if not ({"NAME", "QUOTED_NAME"} & ctx.expected):
        return
    if ctx.previous in SOURCE_KEYWORDS:
        yield from _entities(ctx)
        return
    if ctx.previous == "ON":
        yield from _join_conditions(ctx)
    if _setting(ctx):
        yield from _fields(ctx, group=0, writable=True)
        return
    if not ctx.value_position or ctx.clause not in _FIELD_CLAUSES:
        return
    left = ctx.left_operand()
    if left is not None or ctx.previous in operator_terminals():
        yield from _values(ctx, left, in_string=False)
        yield from _fields(ctx, group=2)
        return
    yield from _fields(ctx, group=0)
    if ctx.clause in _FUNCTION_CLAUSES and ctx.depth == 0:
        yield from _functions()


def _entities(ctx: Context) -> Iterator[_Candidate]:
    for entity in ctx.catalog.entities():
        detail = f"{entity.kind.value} entity · {entity.path}"
        insert = _quote(entity.name, ctx.expected)
        yield _Candidate(entity.name, "entity", detail, insert, 0, documentation=entity.description)
    if ctx.previous == "FROM":
        snippet = "iqa('${1:\\$/Common/Queries/My Query}')"
        yield _Candidate("iqa('…')", "snippet", "read an IQA query", snippet, 1, match="iqa")


def _setting(ctx: Context) -> bool:
    """The cursor names a column a write sets: left of ``=`` in SET, or in INSERT's column list."""
    if ctx.clause == "SET":
        return ctx.previous in ("SET", "COMMA")
    return ctx.clause == "INTO" and ctx.previous in ("LPAR", "COMMA")


def _fields(ctx: Context, group: int, writable: bool = False) -> Iterator[_Candidate]:
    for source, prefix, shown in _field_scopes(ctx):
        assert source.entity is not None
        inserting = ctx.clause == "INTO"
        fields = writable_fields(source.entity, inserting=inserting) if writable else source.entity.fields
        for f in fields:
            name = _best_name(f, prefix, "" if shown else ctx.query)
            if name is not None:
                label = shown + name
                insert = shown + _quote_path(name, ctx.expected)
                yield _Candidate(label, "field", _field_detail(f, name), insert, group, documentation=f.description)


def _field_scopes(ctx: Context) -> list[tuple[Source, str, str]]:
    """Where fields come from: each source, the dotted prefix typed under it, and the qualifier to show.

    ``a.`` offers the fields of the source aliased ``a``; with several sources and no qualifier, the
    fields of every source are offered as ``alias.Field``.
    """
    sources = ctx.sources
    if not ctx.qualifier and sources.joined:
        return [(s, "", _quote(_qualifier_of(s), frozenset()) + ".") for s in sources.items if s.entity is not None]
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
            return [(source, prefix, "")]
    return []


def _qualifier_of(source: Source) -> str:
    """How a source is referred to: its alias, else its name as written."""
    return source.alias or source.name or ""


def _join_conditions(ctx: Context) -> Iterator[_Candidate]:
    """Right after ``JOIN E e ON``: the catalog's links between ``e`` and each earlier source."""
    joined = sum(1 for _, term in ctx.before if term == "JOIN")
    sources = ctx.sources.items
    if not 0 < joined < len(sources) or sources[joined].entity is None:
        return
    new = sources[joined]
    for earlier in sources[:joined]:
        if earlier.entity is None:
            continue
        assert new.entity is not None
        for pair in links_between(new.entity.name, earlier.entity.name):
            left = f"{_quote(_qualifier_of(new), frozenset())}.{_quote_path(pair.column, frozenset())}"
            right = f"{_quote(_qualifier_of(earlier), frozenset())}.{_quote_path(pair.other_column, frozenset())}"
            condition = f"{left} = {right}"
            detail = f"join condition: {new.entity.name} → {earlier.entity.name}"
            yield _Candidate(condition, "snippet", detail, condition, -1)


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


def _functions() -> Iterator[_Candidate]:
    for name in aggregates():
        insert = "COUNT(*)" if name == "COUNT" else f"{name}("
        yield _Candidate("COUNT(*)" if name == "COUNT" else name, "function", "aggregate", insert, 1, match=name)
        if name == "COUNT":
            yield _Candidate("COUNT", "function", "aggregate: non-empty values", "COUNT(", 1)


# ---------------------------------------------------------------- operators and values


def _operators(ctx: Context) -> Iterator[_Candidate]:
    left = ctx.previous_field()
    for form in operator_forms():
        if form.first not in ctx.expected or not _applies(form.op, left):
            continue
        detail = form.dialect + (f" · {left.name} is {left.type.value}" if left is not None else "")
        match = form.label.strip("…( ")
        yield _Candidate(form.label, "operator", detail, form.insert, 0, match=match, tiebreak=form.rank)


def _applies(op: object, left: Field | None) -> bool:
    if left is None or op is None:
        return True
    if op == LIKE:
        return left.type is FieldType.STRING
    return op in left.operators


def _values(ctx: Context, left: Field | None, in_string: bool) -> Iterator[_Candidate]:
    if left is None:
        return
    for value in left.values:
        literal = "'" + value.replace("'", "''") + "'"
        yield _Candidate(literal, "value", f"{left.name} value", literal, 0, match=value)
    if left.type is FieldType.DATETIME and not in_string:
        yield _Candidate("DATE '…'", "snippet", "a date literal", "DATE '${1:2024-01-31}'", 1, match="date")


# ---------------------------------------------------------------- keywords and snippets


def _keywords(ctx: Context) -> Iterator[_Candidate]:
    labels = {t: keyword_label(t) for t in ctx.expected}
    if "DESCRIBE" in labels:
        labels.pop("DESC", None)
    group = 3 if ctx.value_position else 0
    for terminal, label in labels.items():
        if label is not None:
            rank = group + 1 if terminal in _WRITE_KEYWORDS else group  # reading comes first
            yield _Candidate(label, "keyword", "keyword", label + " ", rank)


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


def _snippets(ctx: Context) -> Iterator[_Candidate]:
    if "SELECT" in ctx.expected and ctx.previous == "":
        for label, body, match in _STATEMENTS:
            yield _Candidate(label, "snippet", "statement", body, 5, match=match)
    if ctx.clause in ("FROM", "JOIN", "ON") and "WHERE" in ctx.expected:
        body = "WHERE ${1:LastName} = ${2:'Smith'}\nORDER BY ${3:LastName}\nLIMIT ${4:20}"
        yield _Candidate("WHERE … ORDER BY … LIMIT …", "snippet", "clauses", body, 5, match="where")


def _quote(name: str, expected: frozenset[str]) -> str:
    """``name`` as it must be typed here: quoted when not a plain name or when it would read as a keyword."""
    if is_plain_name(name) and tables().keywords.get(name.lower()) not in expected:
        return name
    return '"' + name.replace('"', '""') + '"'


def _quote_path(dotted: str, expected: frozenset[str]) -> str:
    head, *rest = dotted.split(".")
    return ".".join([_quote(head, expected), *(_quote(part, frozenset()) for part in rest)])

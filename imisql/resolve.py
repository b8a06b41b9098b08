"""Name resolution: which entity a FROM names, and which column each identifier means.

A ``Scope`` knows the statement's source (a catalog entity, an unknown business object, or an IQA
query) and its alias. It turns written names (``p.LastName``, ``PersonName.LastName``) into
``Column``s that carry the record path, the flat search name the API filters on, and the type.
Unknown fields of a known entity are errors with a "did you mean"; fields of unknown entities and
IQA queries pass through by name. An entity name that is a likely typo of a catalog entity (a plural,
or one or two letters off: ``FROM Parties``, ``FROM Evnt``) is an error with "did you mean" before
any request is sent; a business object that really has such a name is written in double quotes.
"""

from __future__ import annotations

import difflib
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

from imisql import ast
from imisql.catalog.model import Catalog, Entity, EntityKind, Field, FieldType
from imisql.catalog.names import suggest_entities
from imisql.catalog.typos import likely_typo
from imisql.errors import SemanticError
from imisql.quick_init import maker, quick_init
from imisql.semantics import Kind

PathT = tuple[str | int, ...]

_KIND_BY_TYPE = {
    FieldType.STRING: Kind.STRING,
    FieldType.INTEGER: Kind.INTEGER,
    FieldType.DECIMAL: Kind.DECIMAL,
    FieldType.BOOLEAN: Kind.BOOLEAN,
    FieldType.DATETIME: Kind.DATETIME,
}
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@quick_init
@dataclass(frozen=True, slots=True)
class Column:
    """A resolved column reference."""

    written: str  # as the user wrote it, without the qualifier
    path: PathT
    search: str | None  # flat search name the API filters and sorts on, if any
    field: Field | None  # None for pass-through columns
    # the field's type, and that type as values are compared (stored, not properties: the lowering reads them)
    kind: Kind | None = None
    type: FieldType | None = None


class Names(Protocol):
    """What resolves names in a statement: one source's ``Scope``, or the sources of a JOIN."""

    def resolve(self, name: ast.Name, text: str) -> Column: ...
    def qualifies(self, qualifier: str) -> bool: ...
    def roots(self, qualifier: str) -> tuple[str, ...]: ...
    def star_hint(self) -> str: ...
    def knows(self, name: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Scope:
    """The source of a SELECT and how names resolve against it."""

    name: str  # entity name as the API spells it (catalog's) or as written
    rest_path: str  # "/api/Party" (percent-encoded)
    entity: Entity | None
    alias: str | None
    iqa: bool = False
    resolved: dict[tuple[str, ...], Column] = field(default_factory=dict, compare=False, repr=False)
    # where each column was first written, for the scopes that check names against the rows (see ``noting_uses``)
    uses: dict[PathT, tuple[str, ast.Span]] | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, ...]:
        return self.entity.key if self.entity else ()

    def qualifies(self, qualifier: str) -> bool:
        """True when ``qualifier.*`` names this source (its alias or its entity name)."""
        return qualifier.lower() in {q.lower() for q in (self.alias, self.name) if q}

    def roots(self, qualifier: str) -> tuple[str, ...]:
        """A single source's records are not qualified: ``alias.*`` lists every field."""
        return ()

    def star_hint(self) -> str:
        return f"write {self.alias or self.name}.* or *"

    def knows(self, name: str) -> bool:
        """True when the catalog entity has a field of that name."""
        return self.entity is not None and self.entity.field(name) is not None

    def resolve(self, name: ast.Name, text: str) -> Column:
        """The column ``name`` refers to, or a SemanticError with a suggestion."""
        column = self.resolved.get(name.parts)
        if column is None or self.uses is not None:
            return self.resolve_parts(name.parts, name, text)
        return column

    def resolve_parts(self, parts: tuple[str, ...], name: ast.Name, text: str) -> Column:
        """The column the names ``parts`` (all or the end of ``name``'s, where errors point) refer to."""
        column = self.resolved.get(parts)
        if column is None:
            column = self.resolved[parts] = self._resolve(parts, name, text)
        if self.uses is not None:
            self.uses.setdefault(column.path, (column.written, name.span))
        return column

    def noting_uses(self) -> Scope:
        """This scope for one statement, noting every column it resolves: names of sources outside the
        catalog (business objects, IQA) pass through unchecked, so the rows check them instead."""
        if self.entity is not None:
            return self
        return _new_scope(self.name, self.rest_path, None, self.alias, self.iqa, {}, {})

    def _resolve(self, written: tuple[str, ...], name: ast.Name, text: str) -> Column:
        parts = self._unqualified(written)
        dotted = ".".join(parts)
        if self.entity is None:
            search = dotted if len(parts) == 1 and not self.iqa else None
            return _new_column(dotted, tuple(parts), search, None, None, None)
        found = self.entity.field(dotted)
        if found is None:
            raise self._unknown_field(dotted, name, text)
        return _new_column(dotted, found.path, found.search, found, _KIND_BY_TYPE.get(found.type), found.type)

    def _unqualified(self, parts: tuple[str, ...]) -> tuple[str, ...]:
        if len(parts) < 2:
            return parts
        head = parts[0].lower()
        qualifiers = {q.lower() for q in (self.alias, self.name) if q}
        if head not in qualifiers:
            return parts
        rest = ".".join(parts[1:])
        if self.entity is not None and self.entity.field(".".join(parts)) and not self.entity.field(rest):
            return parts  # a nested object that happens to share the entity's name
        return parts[1:]

    def _unknown_field(self, dotted: str, name: ast.Name, text: str) -> SemanticError:
        assert self.entity is not None
        options = sorted(set(self.entity.field_names()), key=str.lower)
        lowered = {o.lower(): o for o in options}
        close = difflib.get_close_matches(dotted.lower(), list(lowered), n=3, cutoff=0.6)
        if close:
            hint = "did you mean " + " or ".join(lowered[c] for c in close) + "?"
        else:
            hint = f"DESCRIBE {self.entity.name} lists its fields"
        if '"' in text[name.span.start : name.span.end]:
            hint += " (strings use single quotes: 'text'; double quotes are for names)"
        return SemanticError(f"{self.entity.name} has no field {dotted!r}", text, name.span, hint=hint)


_new_scope = maker(Scope)  # every field, positionally: name, rest_path, entity, alias, iqa, resolved, uses
_new_column = maker(Column)  # written, path, search, field, kind, type


def scope_for(source: ast.Source, alias: str | None, catalog: Catalog, text: str) -> Scope:
    """Resolve a FROM clause against the catalog."""
    if isinstance(source, ast.IqaSource):
        return _new_scope("iqa", "/api/iqa", None, alias, True, {}, None)
    last, known = _last  # the catalog used last and its memo: _memo's usual case, without a call
    memo = known if last() is catalog else _memo(catalog)
    name = source.name
    scope = memo.scopes.get((name, alias)) if memo is not None else None
    if scope is None:
        scope = _entity_scope(catalog, memo, name, alias)
    if scope.entity is not None:
        return scope  # a catalog entity
    if not source.name.strip():
        raise SemanticError("empty entity name", text, source.span, hint="FROM Party, FROM CsContact, ...")
    if source.name in (".", ".."):  # percent-encoding keeps dots: /api/.. would leave /api
        raise SemanticError(f"{source.name!r} is not an entity name", text, source.span, hint="FROM Party, ...")
    quoted = text[source.span.start : source.span.start + 1] == '"'
    if not quoted:
        meant = _remembered(memo.typos if memo else None, source.name, lambda: likely_typo(source.name, catalog))
        if meant is not None:
            really = f'a business object really called {source.name} is written "{source.name}"'
            raise SemanticError(
                f"unknown entity {source.name!r}", text, source.span, hint=f"did you mean {meant}? ({really})"
            )
    return scope


def shared_tables(catalog: Catalog) -> dict[Any, Any] | None:
    """Where the statements joining the same sources share how names resolve (None: nothing is shared)."""
    memo = _memo(catalog)
    if memo is None:
        return None
    if len(memo.joins) >= _PER_CATALOG:
        memo.joins.clear()
    return memo.joins


def similar_entities(name: str, catalog: Catalog) -> list[str]:
    """The catalog's entity names close to ``name`` (``suggest_entities``, remembered with the catalog)."""
    memo = _memo(catalog)
    close: tuple[str, ...] = _remembered(
        memo.similar if memo else None, name, lambda: tuple(suggest_entities(name, catalog))
    )
    return list(close)


class _Memo:
    """What compiling against one catalog has worked out: pure functions of the catalog and the names,
    shared between statements (the shell and the language server compile the same entities over and over).
    It lives as long as its catalog; a refreshed catalog is a new object with a new memo."""

    __slots__ = ("joins", "scopes", "similar", "typos")

    def __init__(self) -> None:
        self.scopes: dict[tuple[str, str | None], Scope] = {}  # by (entity name, alias), with their columns
        self.typos: dict[str, str | None] = {}  # an unknown entity name: the catalog entity it likely misspells
        self.similar: dict[str, tuple[str, ...]] = {}  # an unknown entity name: catalog entities close to it
        self.joins: dict[Any, Any] = {}  # the name tables of joined sources (imisql.sources), by scopes and aliases


_MEMOS: weakref.WeakKeyDictionary[Any, _Memo] = weakref.WeakKeyDictionary()
_PER_CATALOG = 512  # entries of each kind; a full table starts again
# the catalog used last (weakly) and its memo, found without a weak dictionary lookup: most programs use one
_last: tuple[Callable[[], Any], _Memo] = (lambda: None, _Memo())

V = TypeVar("V")


def _memo(catalog: Catalog) -> _Memo | None:
    """The memo of ``catalog``; None for a catalog that cannot be weakly referenced (nothing is shared)."""
    global _last
    last, memo = _last
    if last() is not catalog:
        try:
            memo = _MEMOS.setdefault(catalog, _Memo())
        except TypeError:
            return None
        _last = weakref.ref(catalog, _forget), memo
    return memo


def _forget(ref: weakref.ref[Any]) -> None:
    """The last catalog is gone: its memo goes with it."""
    global _last
    if _last[0] is ref:
        _last = (lambda: None, _Memo())


def _remembered(table: dict[str, V] | None, name: str, work: Callable[[], V]) -> V:
    """``table[name]``, worked out by ``work`` the first time (every time without a table)."""
    if table is None:
        return work()
    if name not in table:
        if len(table) >= _PER_CATALOG:
            table.clear()
        table[name] = work()
    return table[name]


def _entity_scope(catalog: Catalog, memo: _Memo | None, name: str, alias: str | None) -> Scope:
    if memo is None:
        return _catalog_scope(catalog, name, alias)
    scopes = memo.scopes
    scope = scopes.get((name, alias))
    if scope is None:
        if len(scopes) >= _PER_CATALOG:
            scopes.clear()
        scope = scopes[(name, alias)] = _catalog_scope(catalog, name, alias)
    return scope


def _catalog_scope(catalog: Catalog, name: str, alias: str | None) -> Scope:
    entity = catalog.entity(name)
    if entity is not None and entity.kind is not EntityKind.IQA:
        return Scope(entity.name, entity.path, entity, alias)
    return Scope(name, "/api/" + quote(name, safe=""), None, alias)


def is_plain_name(name: str) -> bool:
    return _PLAIN_NAME.match(name) is not None

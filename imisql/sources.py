"""Name resolution across the sources of a JOIN: which source a column belongs to, and its path.

Each source is known by its alias (or, without one, its entity name). ``a.Col`` and ``Entity.Col``
resolve against that source; an unqualified name resolves where exactly one source has it (known
entities first, then a single pass-through source). Resolved paths start with the source's alias,
because joined records are ``{alias: record}`` mappings. What a name resolves to depends only on the
sources' scopes and aliases, so statements joining the same sources share one table of answers.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from imisql import ast
from imisql.errors import SemanticError, Span
from imisql.quick_init import quick_init
from imisql.resolve import Column, Scope


@quick_init
@dataclass(frozen=True, slots=True)
class Source:
    """One FROM or JOIN source: its alias (how rows and names refer to it) and its scope."""

    alias: str
    scope: Scope
    span: Span


class _Table:
    """What names resolve to over one list of sources: by qualifier the source's index; by a name's parts
    its source and column there, and its column in the joined record."""

    __slots__ = ("by_qualifier", "located", "resolved", "scopes")

    def __init__(self, sources: list[Source], text: str):
        self.scopes = tuple([s.scope for s in sources])  # kept: the shared tables are found by their ids
        self.by_qualifier: dict[str, int] = {}
        self.located: dict[tuple[str, ...], tuple[int, Column]] = {}
        self.resolved: dict[tuple[str, ...], Column] = {}
        for index, source in enumerate(sources):
            key = source.alias.lower()
            if key in self.by_qualifier:
                raise SemanticError(
                    f"two sources are called {source.alias!r}", text, source.span,
                    hint="give each source its own alias: FROM Party p JOIN Party q ON ...",
                )  # fmt: skip
            self.by_qualifier[key] = index
        named: dict[str, int] = {}
        for source in sources:
            name = source.scope.name.lower()
            named[name] = named.get(name, 0) + 1
        for index, source in enumerate(sources):  # an entity name qualifies too, where it names one source only
            name = source.scope.name.lower()
            if named[name] == 1:
                self.by_qualifier.setdefault(name, index)


class Sources:
    """The sources of a joined SELECT, resolving names for projection, filters and join conditions.
    ``shared`` (``imisql.resolve.shared_tables``) holds the tables of sources joined before."""

    def __init__(self, sources: list[Source], text: str, shared: dict[Any, Any] | None = None):
        self.sources = sources
        self.text = text
        key = tuple([(id(s.scope), s.alias) for s in sources])
        table = shared.get(key) if shared is not None else None
        if table is None:
            table = _Table(sources, text)
            if shared is not None and not any(s.scope.iqa for s in sources):  # an IQA scope is made per statement
                shared[key] = table
        self._table: _Table = table

    # ------------------------------------------------------------ the Names interface

    def star_hint(self) -> str:
        return "write " + " or ".join(f"{s.alias}.*" for s in self.sources) + " or *"

    def knows(self, name: str) -> bool:
        return any(s.scope.knows(name) for s in self.sources)

    def qualifies(self, qualifier: str) -> bool:
        return qualifier.lower() in self._table.by_qualifier

    def roots(self, qualifier: str) -> tuple[str, ...]:
        """The aliases ``qualifier.*`` lists."""
        return (self.sources[self._table.by_qualifier[qualifier.lower()]].alias,)

    def resolve(self, name: ast.Name, text: str) -> Column:
        column = self._table.resolved.get(name.parts)
        if column is None:
            source, found = self.locate(name, text)
            path = (source.alias, *found.path)
            column = Column(found.written, path, found.search, found.field, found.kind, found.type)
            self._table.resolved[name.parts] = column
        return column

    # ------------------------------------------------------------ where a name belongs

    def locate(self, name: ast.Name, text: str) -> tuple[Source, Column]:
        """The source a name belongs to and its column there (path relative to that source's record)."""
        index, column = self.index_of(name, text)
        return self.sources[index], column

    def index_of(self, name: ast.Name, text: str) -> tuple[int, Column]:
        """The index of the source a name belongs to, and its column there."""
        located = self._table.located.get(name.parts)
        if located is None:
            located = self._table.located[name.parts] = self._locate(name, text)
        return located

    def _locate(self, name: ast.Name, text: str) -> tuple[int, Column]:
        parts = name.parts
        index = self._table.by_qualifier.get(parts[0].lower()) if len(parts) >= 2 else None
        if index is not None:
            return index, self.sources[index].scope.resolve_parts(parts[1:], name, text)
        dotted = ".".join(parts)
        if len(parts) == 2 and not any(s.scope.entity is None or s.scope.entity.field(dotted) for s in self.sources):
            names = ", ".join(s.alias for s in self.sources)
            raise SemanticError(
                f"no source is called {parts[0]!r}", text, name.span, hint=f"the sources are {names}"
            )  # fmt: skip
        sources = self.sources
        known = [i for i, s in enumerate(sources) if s.scope.entity is not None and s.scope.entity.field(dotted)]
        if not known:
            known = [i for i, s in enumerate(sources) if s.scope.entity is None]
        if len(known) == 1:
            return known[0], sources[known[0]].scope.resolve(name, text)
        if known:
            candidates = " or ".join(f"{sources[i].alias}.{dotted}" for i in known)
            raise SemanticError(
                f"{dotted!r} is ambiguous: {candidates}", text, name.span,
                hint=f"qualify it: {sources[known[0]].alias}.{dotted}",
            )  # fmt: skip
        raise self._unknown(dotted, name, text)

    def _unknown(self, dotted: str, name: ast.Name, text: str) -> SemanticError:
        options = {
            f"{s.alias}.{f.name}".lower(): f"{s.alias}.{f.name}"
            for s in self.sources
            if s.scope.entity is not None
            for f in s.scope.entity.fields
        }
        close = [options[c] for c in difflib.get_close_matches(dotted.lower(), list(options), n=3, cutoff=0.6)]
        bare = {key.split(".", 1)[1]: value for key, value in options.items()}
        close += [bare[c] for c in difflib.get_close_matches(dotted.lower(), list(bare), n=3, cutoff=0.6)]
        names = ", ".join(s.alias for s in self.sources)
        hint = f"did you mean {' or '.join(dict.fromkeys(close))}?" if close else f"qualify it with one of {names}"
        return SemanticError(f"no source has a field {dotted!r}", text, name.span, hint=hint)

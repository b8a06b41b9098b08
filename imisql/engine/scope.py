"""What a statement reads from, found in its tokens: the FROM and JOIN entities, their aliases, fields.

Completion and hover work on text that may not parse, so the source is found from the parser's
reading of the tokens (``Fed.terminals``) rather than from an AST. Names resolve like
``imisql.resolve.Scope``: a leading alias or entity name is a qualifier unless the full dotted name is
itself a field.
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql.catalog.model import Catalog, Entity, EntityKind, Field
from imisql.engine.feed import Fed
from imisql.engine.tokens import Tok

NAME_TERMINALS = frozenset({"NAME", "QUOTED_NAME"})
SOURCE_KEYWORDS = ("FROM", "JOIN", "DESCRIBE", "DESC", "UPDATE", "INTO")  # the keywords an entity name follows
_ALIASED = ("FROM", "JOIN")  # the sources that may carry an alias


@dataclass(frozen=True)
class Source:
    """The FROM of a statement: the name as written, the catalog entity if known, and the alias."""

    name: str | None = None
    entity: Entity | None = None
    alias: str | None = None
    iqa: bool = False
    token: Tok | None = None

    def qualifiers(self) -> set[str]:
        return {q.lower() for q in (self.alias, self.name, self.entity.name if self.entity else None) if q}

    def field(self, parts: list[str]) -> Field | None:
        """The field a dotted name refers to, with an alias or entity qualifier allowed."""
        if self.entity is None or not parts:
            return None
        dotted = ".".join(parts)
        if len(parts) > 1 and parts[0].lower() in self.qualifiers():
            return self.entity.field(".".join(parts[1:])) or self.entity.field(dotted)
        return self.entity.field(dotted)


@dataclass(frozen=True)
class Sources:
    """Every source of a statement in order: the FROM source, then each JOIN's (empty when none)."""

    items: tuple[Source, ...] = ()

    @property
    def first(self) -> Source:
        return self.items[0] if self.items else Source()

    @property
    def joined(self) -> bool:
        return len(self.items) > 1

    def named(self, qualifier: str) -> Source | None:
        """The source an alias (or, failing that, an entity name) stands for."""
        key = qualifier.lower()
        by_alias = [s for s in self.items if s.alias and s.alias.lower() == key]
        return next(iter(by_alias), None) or next((s for s in self.items if key in s.qualifiers()), None)

    def owner(self, parts: list[str]) -> tuple[Source, Field] | None:
        """The source and field a dotted name refers to: qualified by its alias, else the first that has it."""
        if len(parts) > 1:
            source = self.named(parts[0])
            found = source.field(parts) if source is not None else None
            if source is not None and found is not None:
                return source, found
        for source in self.items:
            found = source.entity.field(".".join(parts)) if source.entity is not None and parts else None
            if found is not None:
                return source, found
        return None

    def field(self, parts: list[str]) -> Field | None:
        owned = self.owner(parts)
        return owned[1] if owned is not None else None


def name_text(tok: Tok) -> str:
    """The name a NAME or QUOTED_NAME token spells (quotes removed, doubled quotes undone)."""
    if tok.type == "QUOTED_NAME":
        body = tok.text[1:-1] if tok.closed else tok.text[1:]
        return body.replace('""', '"')
    return tok.text


def find_source(fed: Fed, catalog: Catalog | None) -> Source:
    """The source named after the first FROM (or UPDATE, INTO, DESCRIBE) the parser accepted (an empty
    Source when none).

    Without a catalog only the names are found (the entity stays None).
    """
    terms = fed.terminals
    for i, term in enumerate(terms):
        if term in SOURCE_KEYWORDS and i + 1 < len(terms) and terms[i + 1] in NAME_TERMINALS:
            return _source_at(fed, i + 1, catalog, describe=term not in _ALIASED)
    return Source()


def find_sources(fed: Fed, catalog: Catalog | None) -> Sources:
    """The FROM source and every JOIN source the parser accepted, in order."""
    first = find_source(fed, catalog)
    if first.name is None:
        return Sources()
    terms = fed.terminals
    joined = [
        _source_at(fed, i + 1, catalog, describe=False)
        for i, term in enumerate(terms)
        if term == "JOIN" and i + 1 < len(terms) and terms[i + 1] in NAME_TERMINALS
    ]
    return Sources((first, *joined))


def _source_at(fed: Fed, i: int, catalog: Catalog | None, describe: bool) -> Source:
    tok, terms = fed.tokens[i], fed.terminals
    name = name_text(tok)
    if i + 1 < len(terms) and terms[i + 1] == "LPAR" and not describe:
        return Source(name, None, _alias(fed, _after_call(terms, i + 1)), iqa=True, token=tok)
    entity = catalog.entity(name) if catalog is not None else None
    if entity is not None and entity.kind is EntityKind.IQA:
        entity = None
    return Source(name, entity, None if describe else _alias(fed, i + 1), token=tok)


def _after_call(terms: list[str], lpar: int) -> int:
    depth = 0
    for j in range(lpar, len(terms)):
        depth += {"LPAR": 1, "RPAR": -1}.get(terms[j], 0)
        if depth == 0:
            return j + 1
    return len(terms)


def _alias(fed: Fed, j: int) -> str | None:
    terms = fed.terminals
    if j < len(terms) and terms[j] == "AS":
        j += 1
    if j < len(terms) and terms[j] in NAME_TERMINALS and fed.tokens[j].text:
        return name_text(fed.tokens[j])
    return None

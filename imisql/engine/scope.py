"""What a statement reads from, found in its tokens: the FROM entity, its alias, and field lookup.

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
SOURCE_KEYWORDS = ("FROM", "DESCRIBE", "DESC", "UPDATE", "INTO")  # the keywords an entity name follows


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
            return _source_at(fed, i + 1, catalog, describe=term != "FROM")
    return Source()


def source_alias(fed: Fed) -> str | None:
    """The alias given to the FROM source, without looking anything up."""
    return find_source(fed, None).alias


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

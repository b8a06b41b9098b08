"""What imisql knows about an iMIS site's entities: the ``Catalog`` seam and its value types.

A catalog answers "what is entity X, which fields does it have, which of them the API can filter on
(its flat *search names*) and with which operators". The built-in catalog describes the common iMIS
entities; a live catalog built from ``/api/metadata`` and ``BOEntityDefinition`` plugs into the same
protocol.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from imisql.field_types import FieldType
from imisql.operators import OPS_BY_TYPE, Op

PathSegment = str | int


@dataclass(frozen=True)
class Field:
    """One column of an entity.

    ``name`` is the column as users write it (``PersonName.LastName``); ``path`` locates the value in
    a decoded item (``("Emails", 0, "Address")``); ``search`` is the flat name the API filters and
    sorts on, if any (``LastName``); ``aliases`` are other names that resolve to this column.
    ``values`` are the codes the column is known to hold, and ``meanings`` what some of them stand for
    (``("A", "Active")``).
    """

    name: str
    path: tuple[PathSegment, ...]
    type: FieldType
    search: str | None = None
    description: str = ""
    values: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    meanings: tuple[tuple[str, str], ...] = ()

    @cached_property
    def operators(self) -> frozenset[Op]:
        return OPS_BY_TYPE[self.type]

    def meaning(self, value: str) -> str:
        """What a code of this column stands for ("" when not known)."""
        return next((meaning for code, meaning in self.meanings if code == value), "")

    def names(self) -> tuple[str, ...]:
        """Every name this field answers to: its column name, search name and aliases."""
        extra = (self.search,) if self.search else ()
        return (self.name, *extra, *self.aliases)


class EntityKind(enum.Enum):
    TYPED = "typed"  # a data contract such as PartyData
    GENERIC = "generic"  # GenericEntityData: business objects, panels, custom tables
    IQA = "iqa"


@dataclass(frozen=True)
class Entity:
    """An addressable iMIS entity: its REST path, key column(s) and fields."""

    name: str
    path: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    kind: EntityKind = EntityKind.TYPED
    description: str = ""
    _index: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for f in reversed(self.fields):  # earlier fields win on a shared name
            for n in f.names():
                self._index[n.lower()] = f

    def field(self, name: str) -> Field | None:
        """The field a name (column, search name or alias; case-insensitive) resolves to."""
        return self._index.get(name.lower())

    def field_names(self) -> list[str]:
        """Every name a field of this entity answers to, for suggestions."""
        return [n for f in self.fields for n in f.names()]

    @property
    def searchable(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.search)

    @cached_property
    def key_paths(self) -> tuple[tuple[PathSegment, ...], ...]:
        """Record paths of the key fields."""
        fields = [self.field(k) for k in self.key]
        return tuple(f.path for f in fields if f is not None)

    @cached_property
    def key_fields(self) -> tuple[Field | None, ...]:
        """The field of each key column (None where the catalog lacks it)."""
        return tuple(self.field(k) for k in self.key)

    @cached_property
    def key_columns(self) -> tuple[str, ...]:
        """The key fields' record paths as dotted column names."""
        return tuple(".".join(str(p) for p in path) for path in self.key_paths)

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """The dotted column names of the fields outside lists (each once, in field order)."""
        dotted = (".".join(str(p) for p in f.path) for f in self.fields if not any(isinstance(p, int) for p in f.path))
        return tuple(dict.fromkeys(dotted))

    @cached_property
    def datetime_paths(self) -> tuple[tuple[PathSegment, ...], ...]:
        """Record paths of the DATETIME fields (decoded to ``datetime`` on output)."""
        return tuple(f.path for f in self.fields if f.type is FieldType.DATETIME)


class Catalog(Protocol):
    """The seam between the language and a site's schema."""

    def entity(self, name: str) -> Entity | None:
        """The entity a name refers to (case-insensitive), or None when unknown."""
        ...

    def entities(self) -> Sequence[Entity]:
        """All entities known, for SHOW ENTITIES and completion."""
        ...

    def queries(self) -> Sequence[str]:
        """The paths of the IQA queries known on the site (``$/Common/Queries/...``), for completion."""
        ...

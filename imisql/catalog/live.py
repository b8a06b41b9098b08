"""The live catalog: entity definitions as one iMIS site reports them, laid over the built-in ones.

This module owns reading ``/api/metadata/{Entity}`` and ``/api/BOEntityDefinition`` payloads into
entities (and, through ``imisql.catalog.documents``, the site's IQA query paths), the overlay rule (a
site's definition adds columns to the built-in one and never removes the built-in search-name
knowledge, which metadata does not carry), and catalog chaining. Business object definitions are paged
by ``imisql.paging``; the on-disk cache is ``imisql.catalog.cache``. It does no HTTP: ``load`` takes a
fetcher that returns decoded JSON, the shape of ``imisql.client.Client.get_json``, and expects it to
raise ``ServerError`` for an error status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol
from urllib.parse import quote

from imisql.catalog.builtin import BUILTIN, StaticCatalog
from imisql.catalog.documents import Execute, query_paths
from imisql.catalog.model import Catalog, Entity, EntityKind, Field, FieldType
from imisql.errors import ConnectionFailed, ServerError
from imisql.paging import iter_pages

Fetch = Callable[[str, list[tuple[str, str]]], Any]

BO_PAGE_SIZE = 500
MAX_BO_PAGES = 40  # 20,000 business objects: far above any real site
MAX_DEPTH = 4  # nesting levels of metadata objects turned into dotted columns

_SCALARS = {
    "string": FieldType.STRING,
    "boolean": FieldType.BOOLEAN,
    "date": FieldType.DATETIME,
    "datetime": FieldType.DATETIME,
    "integer": FieldType.INTEGER,
    "decimal": FieldType.DECIMAL,
    "monetary": FieldType.DECIMAL,
    "binary": FieldType.BINARY,
}


class ChainCatalog:
    """Looks each name up in ``catalogs`` in order; the first that knows it answers."""

    def __init__(self, *catalogs: Catalog) -> None:
        self.catalogs = catalogs

    def entity(self, name: str) -> Entity | None:
        for catalog in self.catalogs:
            found = catalog.entity(name)
            if found is not None:
                return found
        return None

    def entities(self) -> Sequence[Entity]:
        seen: dict[str, Entity] = {}
        for catalog in self.catalogs:
            for e in catalog.entities():
                seen.setdefault(e.name.lower(), e)
        return tuple(seen.values())

    def queries(self) -> Sequence[str]:
        found: dict[str, str] = {}
        for catalog in self.catalogs:
            for path in catalog.queries():
                found.setdefault(path.casefold(), path)
        return tuple(found.values())


class LiveCatalog(ChainCatalog):
    """A site's catalog: what it ``reported``, each laid over ``base``'s entity of the same name.

    Names the site did not report fall through to ``base``; ``entities()`` lists ``base``'s entities
    first, in their order, then the site's own; ``queries()`` are the IQA query paths the site listed.
    Only ``reported`` (and those paths) are cached, so a newer built-in catalog still applies to an
    old cache.
    """

    def __init__(self, reported: Iterable[Entity], base: Catalog = BUILTIN, queries: Iterable[str] = ()) -> None:
        self.reported = tuple(reported)
        self.reported_queries = tuple(queries)
        self.base = base
        merged = {e.name.lower(): e for e in base.entities()}
        for e in self.reported:
            below = merged.get(e.name.lower()) or base.entity(e.name)
            merged[e.name.lower()] = overlay(below, e)
        super().__init__(StaticCatalog(merged.values(), self.reported_queries), base)


def overlay(base: Entity | None, live: Entity) -> Entity:
    """``base`` plus the columns of ``live`` it does not already answer to.

    Built-in fields keep their search names, paths and code sets. A definition of another kind (a
    business object named like a typed entity) describes something else: ``base`` stays as it is.
    """
    if base is None:
        return live
    if base.kind is not live.kind:
        return base
    extra = tuple(f for f in live.fields if not any(base.field(n) for n in f.names()))
    return Entity(
        base.name,
        base.path,
        base.key or live.key,
        base.fields + extra,
        base.kind,
        base.description or live.description,
    )


# ---------------------------------------------------------------- loading from a site


def load(
    fetch: Fetch, base: Catalog = BUILTIN, *, max_pages: int = MAX_BO_PAGES, execute: Execute | None = None
) -> LiveCatalog:
    """Ask a site for the metadata of ``base``'s entities, for its business objects and (with
    ``execute``, which POSTs to ``_execute`` routes) for the paths of its IQA queries.

    An entity whose metadata request fails with a server error (iMIS answers 501 for some) keeps its
    built-in definition, and a refused BOEntityDefinition just adds no business objects. Connection and
    authentication errors propagate.
    """
    reported = [e for e in (_metadata_entity(fetch, e) for e in base.entities()) if e is not None]
    reported += [e for e in map(bo_entity, _bo_definitions(fetch, max_pages)) if e is not None]
    return LiveCatalog(reported, base, query_paths(execute) if execute is not None else ())


class JsonClient(Protocol):
    """What ``load_from`` needs of an HTTP client (``imisql.client.Client``)."""

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any: ...

    def request_json(self, method: str, path: str, params: Sequence[tuple[str, str]] = (), body: Any = None) -> Any: ...


def load_from(client: JsonClient, base: Catalog = BUILTIN) -> LiveCatalog:
    """``load`` through an imisql client: GETs for definitions, POSTs to ``_execute`` for IQA query paths."""
    return load(client.get_json, base, execute=lambda path, body: client.request_json("POST", path, (), body))


def _ask(fetch: Fetch, path: str, params: list[tuple[str, str]]) -> Any:
    """The site's answer, or None when it refuses with an error status.

    Retries that ran out (``RetriesExhaustedError`` is a ServerError too) mean the site is failing,
    not refusing: that propagates like any connection failure.
    """
    try:
        return fetch(path, params)
    except ServerError as exc:
        if isinstance(exc, ConnectionFailed):
            raise
        return None


def _metadata_entity(fetch: Fetch, entity: Entity) -> Entity | None:
    body = _ask(fetch, f"/api/metadata/{entity.name}", [])
    return metadata_entity(entity, body) if isinstance(body, dict) else None


def metadata_entity(entity: Entity, body: dict[str, Any]) -> Entity:
    """The fields an ``EntityDefinitionData`` body reports for ``entity`` (same name, path and key).

    Top-level properties of a generic entity are its search names; a typed entity's metadata names
    no search properties.
    """
    generic = entity.kind is EntityKind.GENERIC
    fields = tuple(_metadata_fields(_values(body.get("Properties")), (), generic))
    return Entity(entity.name, entity.path, entity.key, fields, entity.kind, entity.description)


def _metadata_fields(props: list[Any], prefix: tuple[str, ...], searchable: bool) -> Iterator[Field]:
    for prop in props:
        name = prop.get("Name") if isinstance(prop, dict) else None
        if not isinstance(name, str) or not name:
            continue
        path = (*prefix, name)
        children = _children(prop)
        if children and len(path) < MAX_DEPTH:
            yield from _metadata_fields(children, path, False)
        else:
            search = name if searchable and not prefix else None
            yield Field(".".join(path), path, _metadata_type(prop), search)


def _children(prop: dict[str, Any]) -> list[Any]:
    """Member definitions of a nested object property (not of a collection)."""
    kind = prop.get("PropertyTypeName")
    if kind == "EntityDefinitionData" and not prop.get("ItemEntityPropertyDefinition"):
        definition = prop.get("EntityDefinition")
        return _values(definition.get("Properties")) if isinstance(definition, dict) else []
    if kind == "GenericPropertyDataCollection":
        return _values(prop.get("GenericPropertyDefinitions"))
    return []


def _metadata_type(prop: dict[str, Any]) -> FieldType:
    kind = str(prop.get("PropertyTypeName") or "String")
    if kind == "EntityDefinitionData":
        return FieldType.LIST if prop.get("ItemEntityPropertyDefinition") else FieldType.OBJECT
    if kind == "GenericPropertyDataCollection":
        return FieldType.OBJECT
    return _SCALARS.get(kind.lower(), FieldType.STRING)


class _FetchSource:
    """A fetch callable seen as the ``JsonSource`` that ``imisql.paging`` walks."""

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any:
        return self._fetch(path, list(params))


def _bo_definitions(fetch: Fetch, max_pages: int) -> list[Any]:
    """Every ``BOEntityDefinitionData`` the site lists, through the one paging loop (``imisql.paging``).

    A site that refuses (an error status), or whose paging breaks a stop rule (``PagingError``), adds
    the definitions read until then.
    """
    found: list[Any] = []
    pages = iter_pages(_FetchSource(fetch), "/api/BOEntityDefinition", page_size=BO_PAGE_SIZE, max_pages=max_pages)
    try:
        for page in pages:
            found += page.items
    except ServerError as exc:
        if isinstance(exc, ConnectionFailed):
            raise
    return found


def bo_entity(definition: Any) -> Entity | None:
    """A generic entity from one ``BOEntityDefinitionData``: its properties are its search names."""
    if not _named(definition, "EntityTypeName"):
        return None
    name: str = definition["EntityTypeName"]
    props = [p for p in _values(definition.get("Properties")) if _named(p)]
    fields = tuple(_bo_field(p) for p in props)
    key = tuple(p["Name"] for p in props if p.get("IsIdentity") is True)
    doc = definition.get("Description")
    path = "/api/" + quote(name, safe="")
    return Entity(name, path, key, fields, EntityKind.GENERIC, doc if isinstance(doc, str) else "")


def _named(obj: Any, key: str = "Name") -> bool:
    return isinstance(obj, dict) and isinstance(obj.get(key), str) and bool(obj[key])


def _bo_field(prop: dict[str, Any]) -> Field:
    name: str = prop["Name"]
    caption = prop.get("Caption")
    doc = caption if isinstance(caption, str) and caption != name else ""
    return Field(name, (name,), _metadata_type(prop), name, doc)


def _values(collection: Any) -> list[Any]:
    """The members of a ``{"$values": [...]}`` collection (or of a list already unwrapped)."""
    if isinstance(collection, dict):
        collection = collection.get("$values")
    return collection if isinstance(collection, list) else []

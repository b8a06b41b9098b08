"""What imisql knows about a site's entities: the ``Catalog`` seam, the built-in catalog, the live one.

``BUILTIN`` describes the common iMIS entities and needs no server. ``load_live(fetch)`` asks a site
for its metadata and business objects (``load_from(client)`` also for its IQA query paths) and returns
a ``LiveCatalog`` laid over the built-in one; ``save_cache``/``load_cache`` keep it on disk between
sessions (``catalog_to_json`` and ``catalog_from_json`` are its file format).
"""

from __future__ import annotations

from imisql.catalog.builtin import BUILTIN, StaticCatalog, builtin_catalog
from imisql.catalog.cache import catalog_from_json, catalog_to_json, load_cache, save_cache
from imisql.catalog.live import ChainCatalog, Fetch, LiveCatalog, load_from, overlay
from imisql.catalog.live import load as load_live
from imisql.catalog.model import Catalog, Entity, EntityKind, Field, FieldType, PathSegment

__all__ = [
    "BUILTIN",
    "Catalog",
    "ChainCatalog",
    "Entity",
    "EntityKind",
    "Fetch",
    "Field",
    "FieldType",
    "LiveCatalog",
    "PathSegment",
    "StaticCatalog",
    "builtin_catalog",
    "catalog_from_json",
    "catalog_to_json",
    "load_cache",
    "load_from",
    "load_live",
    "overlay",
    "save_cache",
]

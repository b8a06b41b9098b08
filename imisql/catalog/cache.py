"""The live catalog on disk: one JSON file per site, written atomically, read back or ignored.

Only what the site reported is stored (``LiveCatalog.reported`` and its IQA query paths), so a newer
built-in catalog still applies to an old cache. A file that is missing, unreadable, corrupt or of
another format is ignored.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from imisql.catalog.builtin import BUILTIN
from imisql.catalog.live import LiveCatalog
from imisql.catalog.model import Catalog, Entity, EntityKind, Field, FieldType

__all__ = ["CACHE_FORMAT", "catalog_from_json", "catalog_to_json", "load_cache", "save_cache"]

CACHE_FORMAT = 1


def catalog_to_json(catalog: LiveCatalog) -> dict[str, Any]:
    """What the site reported, as JSON data of the current cache format."""
    entities = [_entity_to_json(e) for e in catalog.reported]
    return {"format": CACHE_FORMAT, "entities": entities, "queries": list(catalog.reported_queries)}


def catalog_from_json(data: Any, base: Catalog = BUILTIN) -> LiveCatalog:
    """Rebuild a catalog saved by ``catalog_to_json``; raises ValueError for anything else."""
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise ValueError(f"not an imisql catalog cache of format {CACHE_FORMAT}")
    try:
        queries = [_text(q) for q in data.get("queries", ())]
        return LiveCatalog([_entity_from_json(e) for e in data["entities"]], base, queries)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed catalog cache: {exc!r}") from exc


def save_cache(catalog: LiveCatalog, path: str | os.PathLike[str]) -> None:
    """Write ``catalog`` to ``path`` (creating its folder), replacing any old cache atomically."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps(catalog_to_json(catalog)), encoding="utf-8")
    os.replace(temporary, target)


def load_cache(path: str | os.PathLike[str], base: Catalog = BUILTIN) -> LiveCatalog | None:
    """The catalog saved at ``path``, or None when it is missing, unreadable, corrupt or outdated."""
    try:
        return catalog_from_json(json.loads(Path(path).read_text(encoding="utf-8")), base)
    except (OSError, ValueError):
        return None


def _entity_to_json(e: Entity) -> dict[str, Any]:
    return {
        "name": e.name,
        "path": e.path,
        "key": list(e.key),
        "kind": e.kind.value,
        "description": e.description,
        "fields": [_field_to_json(f) for f in e.fields],
    }


def _field_to_json(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "path": list(f.path), "type": f.type.value}
    optional: dict[str, Any] = {"search": f.search, "description": f.description}
    optional |= {"values": list(f.values), "aliases": list(f.aliases), "meanings": [list(m) for m in f.meanings]}
    return out | {k: v for k, v in optional.items() if v}


def _entity_from_json(d: dict[str, Any]) -> Entity:
    fields = tuple(_field_from_json(f) for f in d["fields"])
    key = tuple(_text(k) for k in d["key"])
    kind = EntityKind(d["kind"])
    return Entity(_text(d["name"]), _text(d["path"]), key, fields, kind, _text(d.get("description", "")))


def _field_from_json(d: dict[str, Any]) -> Field:
    path = tuple(p if isinstance(p, int) else _text(p) for p in d["path"])
    search = d.get("search")
    return Field(
        _text(d["name"]),
        path,
        FieldType(d["type"]),
        None if search is None else _text(search),
        _text(d.get("description", "")),
        tuple(_text(v) for v in d.get("values", ())),
        tuple(_text(a) for a in d.get("aliases", ())),
        tuple((_text(code), _text(meaning)) for code, meaning in d.get("meanings", ())),
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value

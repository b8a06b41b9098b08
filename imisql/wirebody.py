"""Write bodies in iMIS JSON: an object as received with some fields changed, and new objects.

An UPDATE changes only the named fields of the object its GET returned: ``$type`` and every other
field stay exactly as received (a copy is changed, never the original). A typed wrapper keeps its
``$type`` and gets a new ``$value``; a property-bag entry (GenericEntityData ``Properties``,
``AdditionalAttributes``) is found by name, added when absent, and loses its ``Value`` when set to
NULL (iMIS's NULL). An INSERT body is the entity's contract (``$type``, nested objects from dotted
columns) or a GenericEntityData property bag named by its entity.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from typing import Any

from imisql.plan.parts import PathT, SetValue, WriteTarget

_CORE = "Asi.Soa.Core.DataContracts"
GENERIC_ENTITY = f"{_CORE}.GenericEntityData, Asi.Contracts"
PROPERTY = f"{_CORE}.GenericPropertyData, Asi.Contracts"
PROPERTY_COLLECTION = f"{_CORE}.GenericPropertyDataCollection, Asi.Contracts"

Change = tuple[SetValue, Any]  # where a value goes, and the value


def changed_copy(obj: dict[str, Any], changes: Sequence[Change], generic: bool) -> dict[str, Any]:
    """A deep copy of ``obj`` with each change applied; everything else exactly as received."""
    body = copy.deepcopy(obj)
    for change, value in changes:
        wire = to_wire(value)
        if generic:
            _set_property(_bag(body, "Properties"), str(change.path[0]), wire)
        elif change.in_bag:
            parent = _object_at(body, change.path[:-2])
            _set_property(_bag(parent, str(change.path[-2])), str(change.path[-1]), wire)
        else:
            _set_plain(_object_at(body, change.path[:-1]), str(change.path[-1]), wire)
    return body


def new_body(target: WriteTarget, columns: Sequence[SetValue], row: Sequence[Any]) -> dict[str, Any]:
    """The POST body of one new row: the contract with nested objects, or a property bag."""
    if target.generic:
        props = [_property(str(c.path[0]), to_wire(v)) for c, v in zip(columns, row, strict=True)]
        values = [p for p in props if "Value" in p]
        return {"$type": GENERIC_ENTITY, "EntityTypeName": target.entity,
                "Properties": {"$type": PROPERTY_COLLECTION, "$values": values}}  # fmt: skip
    body: dict[str, Any] = {"$type": target.contract}
    return changed_copy(body, list(zip(columns, row, strict=True)), False)


def to_wire(value: Any) -> Any:
    """A Python value as iMIS JSON takes it (dates and datetimes as ISO 8601 text)."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _object_at(obj: dict[str, Any], path: PathT) -> dict[str, Any]:
    """The object at ``path`` (keys matched case-insensitively), created empty where missing or NULL."""
    current = obj
    for step in path:
        key = _existing_key(current, str(step))
        child = current.get(key)
        if not isinstance(child, dict):
            child = current[key] = {}
        current = child
    return current


def _existing_key(obj: dict[str, Any], name: str) -> str:
    if name in obj:
        return name
    folded = name.casefold()
    return next((k for k in obj if k.casefold() == folded), name)


def _set_plain(parent: dict[str, Any], name: str, value: Any) -> None:
    key = _existing_key(parent, name)
    current = parent.get(key)
    if isinstance(current, dict) and "$value" in current and value is not None:
        current["$value"] = value
    else:
        parent[key] = value


def _bag(parent: dict[str, Any], name: str) -> list[Any]:
    """The entries of the property bag ``parent[name]``, created empty when missing."""
    key = _existing_key(parent, name)
    bag = parent.get(key)
    if isinstance(bag, list):
        return bag
    if not isinstance(bag, dict):
        bag = parent[key] = {"$type": PROPERTY_COLLECTION, "$values": []}
    values = bag.get("$values")
    if not isinstance(values, list):
        values = bag["$values"] = []
    return values


def _set_property(entries: list[Any], name: str, value: Any) -> None:
    folded = name.casefold()
    for entry in entries:
        if isinstance(entry, dict) and str(entry.get("Name", "")).casefold() == folded:
            current = entry.get("Value")
            if value is None:
                entry.pop("Value", None)
            elif isinstance(current, dict) and "$value" in current:
                current["$value"] = value
            else:
                entry["Value"] = value
            return
    entries.append(_property(name, value))


def _property(name: str, value: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"$type": PROPERTY, "Name": name}
    if value is not None:
        entry["Value"] = value
    return entry

"""``GET /api/metadata/{Entity}`` and the ``BOEntityDefinition`` rows.

Typed contracts (Party, Event, ...) are described by walking sample items, so the metadata always
matches what the list endpoint returns: nested objects become ``EntityDefinitionData`` with an
``EntityDefinition``, ``$values`` collections an ``ItemEntityPropertyDefinition``, property bags
``GenericPropertyDataCollection`` with ``GenericPropertyDefinitions``; scalars are ``String``,
``Integer``, ``Decimal`` (``Monetary`` for amounts), ``Boolean`` or ``Date`` (ISO date text).
GenericEntityData entities are described from their business-object declaration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from imisql.emulator.contracts import CORE, GENERIC_PROPERTY_COLLECTION, JsonDict, collection
from imisql.emulator.genericentity import BoProperty, BusinessObject

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
_WRAPPED = {"System.Boolean": "Boolean", "System.Int32": "Integer", "System.Decimal": "Decimal",
            "System.DateTime": "Date", "System.Guid": "String", "System.Byte[], mscorlib": "Binary"}  # fmt: skip
_PROPERTY_TYPES = {"String": "PropertyTypeStringData", "Integer": "PropertyTypeIntegerData",
                   "Boolean": "PropertyTypeBooleanData", "Date": "PropertyTypeDateTimeData",
                   "Decimal": "PropertyTypeDecimalData", "Monetary": "PropertyTypeMonetaryData",
                   "Binary": "PropertyTypeBinaryData"}  # fmt: skip
DEFINITION_TYPE = f"{CORE}.EntityDefinitionData, Asi.Contracts"
BO_DEFINITION_TYPE = f"{CORE}.BOEntityDefinitionData, Asi.Contracts"
_PROPERTIES_TYPE = f"{CORE}.PropertyDefinitionDataCollection, Asi.Contracts"


def _scalar_type(name: str, value: object) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float | Decimal):
        return "Monetary" if name == "Amount" else "Decimal"
    if isinstance(value, str) and _DATE.match(value):
        return "Date"
    return "String"


def _definition(properties: list[JsonDict]) -> JsonDict:
    return {"$type": DEFINITION_TYPE, "Properties": collection(_PROPERTIES_TYPE, properties)}


def _bag_definitions(bags: list[dict[str, Any]]) -> list[JsonDict]:
    found: dict[str, str] = {}
    for bag in bags:
        for prop in bag["$values"]:
            value = prop.get("Value")
            if isinstance(value, dict):
                found[prop["Name"]] = _WRAPPED.get(value.get("$type", ""), "String")
            elif value is not None:
                found.setdefault(prop["Name"], _scalar_type(prop["Name"], value))
            else:
                found.setdefault(prop["Name"], "String")
    return [{"Name": name, "PropertyTypeName": type_name} for name, type_name in found.items()]


def _describe(name: str, values: list[Any]) -> JsonDict:
    sample = values[0]
    if isinstance(sample, dict) and "$values" in sample:
        if sample.get("$type") == GENERIC_PROPERTY_COLLECTION:
            return {"Name": name, "PropertyTypeName": "GenericPropertyDataCollection",
                    "GenericPropertyDefinitions": collection(_PROPERTIES_TYPE, _bag_definitions(values))}  # fmt: skip
        items = [item for value in values for item in value["$values"]]
        return {"Name": name, "PropertyTypeName": "EntityDefinitionData",
                "ItemEntityPropertyDefinition": _item_definition(items)}  # fmt: skip
    if isinstance(sample, dict):
        return {
            "Name": name,
            "PropertyTypeName": "EntityDefinitionData",
            "EntityDefinition": _definition(describe(values)),
        }
    return {"Name": name, "PropertyTypeName": _scalar_type(name, sample)}


def _item_definition(items: list[Any]) -> JsonDict:
    if items and all(isinstance(i, dict) for i in items):
        return {
            "Name": "item",
            "PropertyTypeName": "EntityDefinitionData",
            "EntityDefinition": _definition(describe(items)),
        }
    return {"Name": "item", "PropertyTypeName": "String"}


def describe(objects: Iterable[dict[str, Any]]) -> list[JsonDict]:
    """Property definitions covering every key seen in ``objects`` (first-seen order)."""
    seen: dict[str, list[Any]] = {}
    for obj in objects:
        for key, value in obj.items():
            if key == "$type":
                continue
            bucket = seen.setdefault(key, [])
            if value is not None:
                bucket.append(value)
    return [_describe(name, values) if values else {"Name": name, "PropertyTypeName": "String"}
            for name, values in seen.items()]  # fmt: skip


def entity_definition(entity_name: str, samples: list[JsonDict], bo: BusinessObject | None) -> JsonDict:
    """The EntityDefinitionData served by ``/api/metadata/{entity_name}``."""
    if bo is not None:
        properties = [{"Name": p.name, "PropertyTypeName": p.property_type_name} for p in bo.properties]
    else:
        properties = describe(samples)
    return {"$type": DEFINITION_TYPE, "EntityTypeName": entity_name,
            "Properties": collection(_PROPERTIES_TYPE, properties)}  # fmt: skip


def _bo_property(bo: BusinessObject, prop: BoProperty) -> JsonDict:
    type_name = prop.property_type_name
    definition: JsonDict = {
        "$type": f"{CORE}.{_PROPERTY_TYPES[type_name]}, Asi.Contracts",
        "Name": prop.name, "Caption": prop.caption or prop.name, "PropertyTypeName": type_name,
        "IsIdentity": prop.name in bo.identity, "Required": not prop.nullable, "Visible": True,
    }  # fmt: skip
    if type_name == "String":
        definition["MaxLength"] = prop.max_length or (36 if prop.type_name == "Guid" else 255)
    elif type_name == "Date":
        definition["DateTimeDataType"] = 0
    elif type_name == "Decimal":
        definition.update(Precision=18, Scale=2)
    definition["ExtendedPropertyInformation"] = {
        "$type": f"{CORE}.ExtendedPropertyInformationData, Asi.Contracts",
        "DatabaseColumnName": prop.name, "DbDataType": prop.db_type, "IsNullable": prop.nullable,
    }  # fmt: skip
    return definition


def bo_record(bo: BusinessObject) -> dict[str, Any]:
    """The searchable record of one business object definition."""
    return {"EntityTypeName": bo.entity_type, "ObjectTypeName": bo.object_type,
            "PrimaryParentEntityTypeName": bo.parent_type, "Description": bo.description, "_bo": bo}  # fmt: skip


def render_bo_definition(rec: dict[str, Any]) -> JsonDict:
    bo: BusinessObject = rec["_bo"]
    return {
        "$type": BO_DEFINITION_TYPE, "EntityTypeName": bo.entity_type, "ObjectTypeName": bo.object_type,
        "Description": bo.description, "PrimaryParentEntityTypeName": bo.parent_type, "IsDesignable": True,
        "Properties": collection(_PROPERTIES_TYPE, [_bo_property(bo, p) for p in bo.properties]),
        "RelatedEntities": collection(f"{CORE}.RelatedEntityDataCollection, Asi.Contracts", []),
    }  # fmt: skip

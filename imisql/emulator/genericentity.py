"""GenericEntityData: business-object definitions and their property-bag JSON encoding.

A :class:`BusinessObject` declares its typed properties once; that declaration drives the row
encoding (:func:`render_generic`), the search kinds, ``/api/metadata`` and ``/api/BOEntityDefinition``.

Encoding rules (facts sheet section 3.3/3.4): strings are plain; every other value is wrapped as
``{"$type": "System.Int32", "$value": 5}`` (``System.Decimal``, ``System.Boolean``,
``System.DateTime``, ``System.Guid``, ``System.Byte[], mscorlib`` with base64 text); a NULL value
omits the ``Value`` key entirely. A ``DateText`` property is a date sent as a plain string, as some
sites send business-object dates; its metadata type is ``Date``.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from imisql.emulator.contracts import (
    GENERIC_ENTITY,
    GENERIC_PROPERTY,
    GENERIC_PROPERTY_COLLECTION,
    JsonDict,
    collection,
    identity,
)
from imisql.emulator.responses import money
from imisql.semantics import Kind

# PropertyTypeName -> (wrapper $type or None for plain strings, comparison kind, SQL type)
_TYPES: dict[str, tuple[str | None, Kind | None, str]] = {
    "String": (None, Kind.STRING, "NVarChar"),
    "Integer": ("System.Int32", Kind.INTEGER, "Int"),
    "Decimal": ("System.Decimal", Kind.DECIMAL, "Decimal"),
    "Monetary": ("System.Decimal", Kind.DECIMAL, "Money"),
    "Boolean": ("System.Boolean", Kind.BOOLEAN, "Bit"),
    "Date": ("System.DateTime", Kind.DATETIME, "DateTime"),
    "DateText": (None, Kind.DATETIME, "DateTime"),
    "Guid": ("System.Guid", Kind.STRING, "UniqueIdentifier"),
    "Binary": ("System.Byte[], mscorlib", None, "VarBinary"),
}


@dataclass(frozen=True)
class BoProperty:
    name: str
    type_name: str  # a key of _TYPES; "Guid" is reported as PropertyTypeName "String"
    max_length: int = 0
    nullable: bool = True
    caption: str = ""

    @property
    def kind(self) -> Kind | None:
        return _TYPES[self.type_name][1]

    @property
    def wrapper(self) -> str | None:
        return _TYPES[self.type_name][0]

    @property
    def property_type_name(self) -> str:
        return {"Guid": "String", "DateText": "Date"}.get(self.type_name, self.type_name)

    @property
    def db_type(self) -> str:
        return _TYPES[self.type_name][2]


@dataclass(frozen=True)
class BusinessObject:
    entity_type: str
    object_type: str  # "Multi", "Single", "Standard"
    parent_type: str  # "Party" or "Standalone"
    identity: tuple[str, ...]  # identity property names, in IdentityElements order
    parent_key: str | None  # property holding the parent party id
    properties: tuple[BoProperty, ...]
    description: str


def wrap(prop: BoProperty, value: object) -> object:
    """The JSON form of one property value (never called with None)."""
    if prop.wrapper is None:
        return value
    if isinstance(value, bytes):
        value = base64.b64encode(value).decode("ascii")
    elif prop.type_name == "Monetary" and isinstance(value, int | float) and not isinstance(value, bool):
        value = money(value)
    return {"$type": prop.wrapper, "$value": value}


def _element(value: object) -> str:
    return str(value)


def render_generic(bo: BusinessObject, rec: Mapping[str, Any]) -> JsonDict:
    """One GenericEntityData row for a record keyed by property name."""
    values = []
    for prop in bo.properties:
        entry: JsonDict = {"$type": GENERIC_PROPERTY, "Name": prop.name}
        value = rec.get(prop.name)
        if value is not None:
            entry["Value"] = wrap(prop, value)
        values.append(entry)
    row: JsonDict = {"$type": GENERIC_ENTITY, "EntityTypeName": bo.entity_type,
                     "PrimaryParentEntityTypeName": bo.parent_type}  # fmt: skip
    row["Identity"] = identity(bo.entity_type, [_element(rec[name]) for name in bo.identity])
    if bo.parent_key:
        row["PrimaryParentIdentity"] = identity(bo.parent_type, [_element(rec[bo.parent_key])])
    row["Properties"] = collection(GENERIC_PROPERTY_COLLECTION, values)
    return row

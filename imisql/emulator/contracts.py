"""iMIS JSON conventions: ``$type`` names, ``$values`` collections and .NET datetime text.

Everything that spells an ``Asi.*`` or ``System.*`` type name lives here, so the generators only
say *what* they build.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

JsonDict = dict[str, Any]

MEMBERSHIP = "Asi.Soa.Membership.DataContracts"
CORE = "Asi.Soa.Core.DataContracts"
EVENTS = "Asi.Soa.Events.DataContracts"
COMMERCE = "Asi.Soa.Commerce.DataContracts"
ASSEMBLY = "Asi.Contracts"

GENERIC_ENTITY = f"{CORE}.GenericEntityData, {ASSEMBLY}"
GENERIC_PROPERTY = f"{CORE}.GenericPropertyData, {ASSEMBLY}"
GENERIC_PROPERTY_COLLECTION = f"{CORE}.GenericPropertyDataCollection, {ASSEMBLY}"
IDENTITY = f"{CORE}.IdentityData, {ASSEMBLY}"
STRING_COLLECTION = "System.Collections.ObjectModel.Collection`1[[System.String, mscorlib]], mscorlib"


def contract(namespace: str, name: str) -> str:
    """``Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts``."""
    return f"{namespace}.{name}, {ASSEMBLY}"


def paged_type(item_type: str) -> str:
    """The PagedResult ``$type`` for items of ``item_type`` (``Namespace.Name, Assembly``)."""
    return f"{CORE}.PagedResult`1[[{item_type}]], {ASSEMBLY}"


def list_type(item_type: str) -> str:
    return f"System.Collections.Generic.List`1[[{item_type}]], mscorlib"


def collection(type_name: str, values: list[Any]) -> JsonDict:
    return {"$type": type_name, "$values": values}


def typed(type_name: str, **fields: Any) -> JsonDict:
    """An object with its ``$type`` first and ``None`` fields omitted (as iMIS serialises)."""
    obj: JsonDict = {"$type": type_name}
    for key, value in fields.items():
        if value is not None:
            obj[key] = value
    return obj


def identity(entity_type: str, elements: list[str]) -> JsonDict:
    return {
        "$type": IDENTITY,
        "EntityTypeName": entity_type,
        "IdentityElements": collection(STRING_COLLECTION, elements),
    }


def dotnet_datetime(value: datetime) -> str:
    """``2012-11-13T12:52:41.95``: no zone, fraction only when non-zero, trailing zeros trimmed."""
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text

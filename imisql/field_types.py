"""The value types a catalog field can have (``FieldType``), shared by the catalog and the operators."""

from __future__ import annotations

import enum

__all__ = ["FieldType"]


class FieldType(enum.Enum):
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    OBJECT = "object"
    LIST = "list"
    BINARY = "binary"

    __hash__ = object.__hash__  # members are singletons; identity hashing is C-fast (Enum's is Python)

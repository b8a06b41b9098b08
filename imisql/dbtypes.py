"""PEP 249 type objects and constructors, and the type codes ``cursor.description`` reports.

The constructors are the standard library's types (``Date`` is ``datetime.date``...), so their
values bind as parameters directly. A column's type code is the catalog's ``FieldType`` of the field
it reads, or, for a column the catalog cannot type (an expression, a business object's field), the
``FieldType`` of its first non-NULL value. Each type code compares equal to exactly one of
``STRING``, ``BINARY``, ``NUMBER``, ``DATETIME`` (booleans count as numbers, as ``bool`` is an
``int``; collections and objects as strings). ``ROWID`` matches no column: iMIS has no row ids.
"""

from __future__ import annotations

import datetime
import decimal
import time
from typing import Any

from imisql.catalog.model import FieldType

Date = datetime.date
Time = datetime.time
Timestamp = datetime.datetime
Binary = bytes


def DateFromTicks(ticks: float) -> datetime.date:
    return Date(*time.localtime(ticks)[:3])


def TimeFromTicks(ticks: float) -> datetime.time:
    return Time(*time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks: float) -> datetime.datetime:
    return Timestamp(*time.localtime(ticks)[:6])


class DBAPITypeObject:
    """A PEP 249 type object: equal to each type code of its group."""

    def __init__(self, name: str, *codes: FieldType) -> None:
        self.name = name
        self.codes = frozenset(codes)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DBAPITypeObject):
            return other is self
        return other in self.codes

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"imisql.{self.name}"


STRING = DBAPITypeObject("STRING", FieldType.STRING, FieldType.OBJECT, FieldType.LIST)
BINARY = DBAPITypeObject("BINARY", FieldType.BINARY)
NUMBER = DBAPITypeObject("NUMBER", FieldType.INTEGER, FieldType.DECIMAL, FieldType.BOOLEAN)
DATETIME = DBAPITypeObject("DATETIME", FieldType.DATETIME)
ROWID = DBAPITypeObject("ROWID")

_BY_VALUE: tuple[tuple[type | tuple[type, ...], FieldType], ...] = (
    (bool, FieldType.BOOLEAN),
    (int, FieldType.INTEGER),
    ((decimal.Decimal, float), FieldType.DECIMAL),
    ((datetime.date, datetime.time), FieldType.DATETIME),
    ((bytes, bytearray), FieldType.BINARY),
    (dict, FieldType.OBJECT),
    (list, FieldType.LIST),
)


def type_code_of(value: Any) -> FieldType | None:
    """The type code of a column whose first non-NULL value is ``value`` (``None`` when it is NULL)."""
    if value is None:
        return None
    return next((code for kind, code in _BY_VALUE if isinstance(value, kind)), FieldType.STRING)

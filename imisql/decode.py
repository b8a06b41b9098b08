"""iMIS JSON → plain Python values and records. Pure: no I/O, no configuration.

This module owns the *shape* conventions of iMIS responses (fact sheet §3):

- ``$type`` annotations are dropped; ``{"$type": ..., "$values": [...]}`` collections become lists.
- Typed wrappers ``{"$type": "System.Int32", "$value": 5}`` become Python values (see ``_WRAPPERS``):
  integers → ``int``; ``System.Decimal``/``Double``/``Single`` → ``Decimal`` (money stays exact);
  ``System.DateTime`` → naive ``datetime``; ``System.Boolean`` → ``bool``; ``System.Guid`` → ``str``
  (kept as the server's text so it round-trips into filters unchanged); ``System.Byte[]`` (base64) →
  ``bytes``; ``System.String``/``Char`` → ``str``; any other wrapper → its decoded ``$value``.
- A ``MonetaryAmountData``'s ``Amount`` keeps the scale the server sent, and at least its currency's
  ``DecimalPositions`` (``125`` → ``125.00`` for a two-place currency).
- A ``GenericPropertyDataCollection`` (a list of ``{Name, Value}``) becomes a dict ``Name → value``;
  an omitted ``Value`` is iMIS's NULL and becomes ``None``. This covers ``AdditionalAttributes`` on
  typed contracts as well as ``Properties`` of GenericEntityData.

Hostile values stay inside the error tree: a decimal that is not finite (``NaN``, ``sNaN``,
``Infinity``) or whose exponent is beyond ±400, a property-bag name that is not text, and an item
nested beyond Python's recursion limit each raise ``DataError``.

Plain (unwrapped) strings are never sniffed: ``"1952-05-19T00:00:00"`` inside a typed contract stays a
string; turning it into a date is the job of whoever knows the field's declared type
(``parse_datetime`` is exported for that). A DateTime carrying an offset keeps its wall-clock time and
drops the offset, so every datetime this module returns is naive.

``decode_item`` turns one list item into a record (a dict), optionally only the fields a plan reads
(``imisql.picking``); ``flatten`` turns a record into dotted columns; ``get_path`` reads one nested
value; ``is_missing`` tells a single GET's "not found" answer (200 with an empty object, or one without
its key fields) from a row.

Only items whose ``$type`` is GenericEntityData (or that have no ``$type``) are read as property
bags: typed contracts that happen to carry ``Properties`` and ``EntityTypeName``, such as
``BOEntityDefinitionData``, decode as their own nested shape. Party items derive ``IsOrganization``
from their ``$type`` (OrganizationData true, PersonData false) unless the item carries it.

These run on every row of large result streams, so they dispatch on exact types with dict lookups
and avoid regexes.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from imisql.errors import DataError
from imisql.picking import FieldPicker

__all__ = ["decode", "decode_item", "flatten", "get_path", "is_missing", "parse_datetime"]

_TYPE = "$type"
_VALUES = "$values"
_VALUE = "$value"
_PROPERTY_COLLECTION = "GenericPropertyDataCollection"
_PROPERTY_DATA = "GenericPropertyData,"
MAX_DECIMAL_EXPONENT = 400  # beyond System.Double's ±1.8e308: no iMIS value, and aggregates would overflow
_TOO_DEEP = "a result item is nested too deeply to decode (beyond Python's recursion limit)"


def parse_datetime(text: str) -> datetime:
    """Parse an iMIS/.NET date or datetime string into a naive ``datetime``.

    Accepts date-only (``2012-11-13``), whole and fractional seconds (``2012-11-13T12:52:41.95``, up to
    .NET's 7 digits) and a trailing ``Z`` or offset, which is dropped (wall-clock time is kept).
    """
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise DataError(f"not a valid System.DateTime value: {text!r}") from None
    return value.replace(tzinfo=None) if value.tzinfo is not None else value


def _to_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DataError(f"not a valid integer value: {value!r}") from None


def _to_decimal(value: Any) -> Decimal:
    try:
        number = value if type(value) is Decimal else Decimal(str(value)) if type(value) is float else Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        number = None
    if number is None or not number.is_finite() or abs(number.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise DataError(f"not a valid decimal value: {str(value)[:40]!r} (finite, exponent within ±400)")
    return number


def _to_bool(value: Any) -> bool:
    if type(value) is bool:
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if type(value) is int:
        return value != 0
    raise DataError(f"not a valid System.Boolean value: {value!r}")


def _to_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return parse_datetime(value)


def _to_bytes(value: Any) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (TypeError, ValueError, binascii.Error):
        raise DataError(f"not valid base64 for System.Byte[]: {str(value)[:40]!r}") from None


def _to_str(value: Any) -> str:
    return value if type(value) is str else str(value)


_WRAPPERS: dict[str, Callable[[Any], Any]] = {
    "System.Int16": _to_int,
    "System.Int32": _to_int,
    "System.Int64": _to_int,
    "System.UInt16": _to_int,
    "System.UInt32": _to_int,
    "System.UInt64": _to_int,
    "System.Byte": _to_int,
    "System.SByte": _to_int,
    "System.Decimal": _to_decimal,
    "System.Double": _to_decimal,
    "System.Single": _to_decimal,
    "System.DateTime": _to_datetime,
    "System.Boolean": _to_bool,
    "System.Guid": _to_str,
    "System.String": _to_str,
    "System.Char": _to_str,
    "System.Byte[]": _to_bytes,
}


def _wrapper_for(type_name: str) -> Callable[[Any], Any] | None:
    """The converter for a wrapper ``$type``; ``"System.Byte[], mscorlib"`` matches ``System.Byte[]``."""
    converter = _WRAPPERS.get(type_name)
    if converter is None and "," in type_name:
        converter = _WRAPPERS.get(type_name.split(",", 1)[0].strip())
        if converter is not None:
            _WRAPPERS[type_name] = converter  # cache the long spelling: later rows hit the first lookup
    return converter


def _unwrap(obj: dict[str, Any]) -> Any:
    raw = obj[_VALUE]
    type_name = obj.get(_TYPE)
    converter = _wrapper_for(type_name) if type(type_name) is str else None
    if raw is None:
        return None
    return converter(raw) if converter is not None else decode(raw)


def _is_property_bag(type_name: Any, values: list[Any]) -> bool:
    if type(type_name) is str and _PROPERTY_COLLECTION in type_name:
        return True
    if not values or type(values[0]) is not dict:
        return False
    first_type = values[0].get(_TYPE)
    return type(first_type) is str and _PROPERTY_DATA in first_type


def _property_bag(values: list[Any], picker: FieldPicker | None = None) -> dict[str, Any]:
    """``[{Name, Value}, ...]`` → ``{Name: decoded Value}``; an omitted ``Value`` is ``None``. With a
    ``picker``, only the properties it wants are decoded."""
    out: dict[str, Any] = {}
    for prop in values:
        if type(prop) is dict and "Name" in prop:
            name, value = prop["Name"], prop.get("Value")
            if type(name) is not str:
                raise DataError(f"a property name must be text, got {type(name).__name__} {str(name)[:40]!r}")
            if picker is None or picker.wants(name):
                out[name] = value if value is None or type(value) is str else decode(value)
    return out


def _collection(obj: dict[str, Any]) -> Any:
    values = obj[_VALUES]
    if type(values) is not list:
        return decode(values)
    if _is_property_bag(obj.get(_TYPE), values):
        return _property_bag(values)
    return [_decode_value(v) for v in values]


def _decode_value(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return _decode_dict(value)
    if kind is list:
        return _property_bag(value) if _is_property_bag(None, value) else [_decode_value(v) for v in value]
    return value


def _decode_dict(obj: dict[str, Any]) -> Any:
    if _VALUES in obj:
        return _collection(obj)
    if _VALUE in obj:
        return _unwrap(obj)
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key == _TYPE:
            continue
        kind = type(value)
        out[key] = _decode_dict(value) if kind is dict else _decode_value(value) if kind is list else value
    if type(out.get("Amount")) is Decimal and type(out.get("Currency")) is dict:
        _to_currency_scale(out)
    return out


def _to_currency_scale(money: dict[str, Any]) -> None:
    """A MonetaryAmountData's amount shown with its currency's places (``125`` → ``125.00`` for USD):
    more places than the currency has are kept as sent, never rounded away."""
    places = money["Currency"].get("DecimalPositions")
    amount = money["Amount"]
    exponent = amount.as_tuple().exponent
    if type(places) is int and 0 <= places <= 8 and isinstance(exponent, int) and -exponent < places:
        with contextlib.suppress(InvalidOperation):  # too many digits for decimal arithmetic: keep it as sent
            money["Amount"] = amount.quantize(Decimal(1).scaleb(-places))


def decode(obj: Any) -> Any:
    """Decode any iMIS JSON value (already parsed by ``json.loads``) into plain Python values."""
    return _decode_value(obj)


_GENERIC_ENTITY = "GenericEntityData"
_PARTY_KINDS = {"OrganizationData": True, "PersonData": False}  # contract name -> IsOrganization


def _is_generic_entity(obj: dict[str, Any]) -> bool:
    if "Properties" not in obj or "EntityTypeName" not in obj:
        return False
    type_name = obj.get(_TYPE)
    return type(type_name) is not str or _GENERIC_ENTITY in type_name


def _contract_name(type_name: Any) -> str:
    """``Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts`` -> ``PersonData``."""
    if type(type_name) is not str:
        return ""
    return type_name.split(",", 1)[0].rsplit(".", 1)[-1]


def _generic_entity_record(obj: dict[str, Any], picker: FieldPicker | None) -> dict[str, Any]:
    """The properties of a GenericEntityData item as a record; IQA rows lose their leading ``ResultRow``."""
    props = obj["Properties"]
    values = props.get(_VALUES) if type(props) is dict else props
    if type(values) is not list:
        return {}
    record = _property_bag(values, picker)
    if values and type(values[0]) is dict and values[0].get("Name") == "ResultRow":
        record.pop("ResultRow", None)
    return record


def decode_item(obj: Any, picker: FieldPicker | None = None) -> dict[str, Any]:
    """Decode one item of a result list into a record (a dict).

    GenericEntityData (user-defined tables, business objects, IQA rows) → its properties;
    an ExpandoObject row (``/api/query``) → its keys; a typed contract (PartyData, ...) → a nested dict
    with collections as lists and property bags as dicts. With a ``picker``, only the top-level fields
    (or properties) it wants are decoded: the record holds those and nothing else.
    """
    if type(obj) is not dict:
        raise DataError(f"expected an object as a result item, got {type(obj).__name__}")
    try:
        if _is_generic_entity(obj):
            record = _generic_entity_record(obj, picker)
        else:
            record = _decode_dict(obj if picker is None or _VALUES in obj or _VALUE in obj else picker.pick(obj))
    except RecursionError:
        record = None
    if record is None:
        raise DataError(_TOO_DEEP)
    if type(record) is not dict:
        raise DataError("expected an object as a result item, got a collection or a typed value")
    is_organization = _PARTY_KINDS.get(_contract_name(obj.get(_TYPE)))
    if is_organization is not None and "IsOrganization" not in record:
        record["IsOrganization"] = is_organization
    return record


def is_missing(record: dict[str, Any], key: tuple[tuple[str | int, ...], ...]) -> bool:
    """Whether a single GET's 200 answer means "not found": an empty object, or none of its key fields."""
    if not record:
        return True
    return bool(key) and all(get_path(record, path) is None for path in key)


def get_path(record: Any, path: tuple[str | int, ...]) -> Any:
    """Follow ``path`` through dict keys (exact, then case-insensitive) and list indexes; missing → None."""
    current = record
    for step in path:
        if type(current) is dict:
            current = _lookup(current, step) if type(step) is str else None
        elif type(current) is list and type(step) is int:
            current = current[step] if -len(current) <= step < len(current) else None
        else:
            return None
        if current is None:
            return None
    return current


def _lookup(mapping: dict[str, Any], key: str) -> Any:
    if key in mapping:
        return mapping[key]
    folded = key.casefold()
    for candidate, value in mapping.items():
        if candidate.casefold() == folded:
            return value
    return None


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """Nested dicts → dotted keys (``PersonName.LastName``); lists stay values. Empty dicts vanish."""
    out: dict[str, Any] = {}
    try:
        _flatten_into(out, "", record)
    except RecursionError:
        out = {}
    else:
        return out
    raise DataError(_TOO_DEEP)


def _flatten_into(out: dict[str, Any], prefix: str, record: dict[str, Any]) -> None:
    for key, value in record.items():
        name = prefix + key
        if type(value) is dict:
            _flatten_into(out, name + ".", value)
        else:
            out[name] = value

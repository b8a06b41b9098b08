"""Reading and checking write bodies: JSON objects, ``$type``, required paths, typed values, property bags.

Every problem is a 400 ``Validation error`` with iMIS's ``ValidationResults`` body (one message per
problem found), raised as :class:`~imisql.emulator.responses.ApiError`.

Property bags (GenericEntityData ``Properties``) are read into Python values by the business
object's declared types, whether a value comes wrapped (``{"$type": "System.Int32", "$value": 5}``)
or plain: Integer -> int, Decimal/Monetary -> float, Boolean -> bool, Date -> .NET datetime text,
Binary -> bytes (base64 on the wire), String/Guid -> str (no longer than ``MaxLength``). A missing
``Value`` is NULL; a property missing from the bag is NULL too (a PUT replaces the whole row).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from imisql.emulator.contracts import JsonDict, dotnet_datetime
from imisql.emulator.entities import SearchField, resolve_path
from imisql.emulator.genericentity import BoProperty, BusinessObject
from imisql.emulator.responses import validation_error
from imisql.semantics import Kind, coerce

_GUID = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")
_INT32 = 2**31


_MAX_DEPTH = 64  # iMIS contracts nest a dozen levels at most; deeper bodies are refused, not recursed into


def json_object(body: bytes) -> JsonDict:
    try:
        value = json.loads(body.decode("utf-8")) if body.strip() else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        value = None
    if not isinstance(value, dict):
        raise validation_error("The request body must be a JSON object.")
    if _depth(value) > _MAX_DEPTH:
        raise validation_error(f"The request body nests deeper than {_MAX_DEPTH} levels.")
    return value


def _depth(value: object) -> int:
    """How deeply objects and arrays nest in a parsed JSON value (iteratively: no recursion limit)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        node, level = pending.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def missing_paths(item: JsonDict, paths: Iterable[str]) -> list[str]:
    return [f"'{path}' is required." for path in paths if is_blank(resolve_path(item, path))]


def kind_problems(item: JsonDict, fields: Iterable[SearchField]) -> list[str]:
    """Search fields whose value is not of the field's kind (filters and sorts rely on it)."""
    problems = []
    for f in fields:
        if f.path is None or f.kind is None:
            continue
        value = resolve_path(item, f.path)
        try:
            if isinstance(value, dict | list):
                raise ValueError(value)
            coerce(value, f.kind)
        except ValueError:
            problems.append(f"The value of '{f.path}' is not a valid {f.kind.value}.")
    return problems


def set_path(item: JsonDict, path: str, value: object) -> None:
    """Set the value at a dotted path (``PersonName.FirstName``, ``Emails[0].Address``); parents must exist."""
    *parents, last = path.split(".")
    target: Any = item
    for part in parents:
        name, _, index = part.partition("[")
        target = target[name]
        if index:
            target = target["$values"][int(index.rstrip("]"))]
    name, _, index = last.partition("[")
    if index:
        target[name]["$values"][int(index.rstrip("]"))] = value
    else:
        target[name] = value


# -- property bags ----------------------------------------------------------------------------------


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):  # Decimal: rendered money
        raise ValueError(value)
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(value)
    return number


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(value)
    number = int(value)
    if not -_INT32 <= number < _INT32:
        raise ValueError(value)
    return number


def _text(prop: BoProperty, value: object) -> str:
    if not isinstance(value, str) or (prop.type_name == "Guid" and not _GUID.match(value)):
        raise ValueError(value)
    if prop.max_length and len(value) > prop.max_length:
        raise ValueError(value)
    return value


def property_value(prop: BoProperty, value: object) -> object:
    """A wire value (wrapped or plain) as the Python value of ``prop``'s type; ValueError if it is not one."""
    if isinstance(value, dict):
        if "$value" not in value:
            raise ValueError(value)
        value = value["$value"]
    if value is None:
        return None
    kind = prop.type_name
    if kind in ("String", "Guid"):
        return _text(prop, value)
    if kind == "Integer":
        return _integer(value)
    if kind in ("Decimal", "Monetary"):
        return _number(value)
    if kind == "Boolean":
        return coerce(value, Kind.BOOLEAN)
    if kind == "Date":
        when = coerce(value, Kind.DATETIME) if isinstance(value, str) else None
        if not isinstance(when, datetime):
            raise ValueError(value)
        return dotnet_datetime(when)
    if not isinstance(value, str):
        raise ValueError(value)
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error as error:
        raise ValueError(value) from error


def _entries(item: JsonDict) -> list[Any]:
    bag = item.get("Properties")
    entries = bag.get("$values") if isinstance(bag, dict) else bag
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise validation_error("'Properties' must be a GenericPropertyDataCollection.")
    return entries


def read_bag(bo: BusinessObject, item: JsonDict) -> dict[str, object]:
    """Every property of ``bo`` (NULL when absent) from a GenericEntityData body."""
    by_name = {p.name.casefold(): p for p in bo.properties}
    values: dict[str, object] = {p.name: None for p in bo.properties}
    problems = []
    for entry in _entries(item):
        name = entry.get("Name") if isinstance(entry, dict) else None
        prop = by_name.get(name.casefold()) if isinstance(name, str) else None
        if prop is None:
            problems.append(f"'{name}' is not a property of {bo.entity_type}.")
            continue
        try:
            values[prop.name] = property_value(prop, entry.get("Value"))
        except (ValueError, TypeError):
            detail = f" (at most {prop.max_length} characters)" if prop.max_length else ""
            problems.append(f"The value of '{prop.name}' is not a valid {prop.property_type_name}{detail}.")
    if problems:
        raise validation_error(*problems)
    return values


def identity_elements(item: JsonDict) -> list[str]:
    """``Identity.IdentityElements`` of a GenericEntityData body ([] when absent or empty)."""
    elements = resolve_path(item, "Identity.IdentityElements.$values")
    if elements is None:
        return []
    if not isinstance(elements, list) or not all(isinstance(e, str | int) for e in elements):
        raise validation_error("'Identity.IdentityElements' must be a collection of strings.")
    return [str(e) for e in elements]


def set_property(item: JsonDict, name: str, value: object) -> None:
    """Set (or, with None, clear) one property of a GenericEntityData body."""
    entries = _entries(item)
    entry = next((e for e in entries if isinstance(e, dict) and e.get("Name") == name), None)
    if entry is None:
        entry = {"Name": name}
        entries.append(entry)
    entry.pop("Value", None)
    if value is not None:
        entry["Value"] = value

"""Reading a page body with only the item fields a plan reads: the rest is skipped, never built.

``page_reader(picker)`` gives a parser for a list answer's body that produces what ``parse_json`` would,
except that each item keeps only the fields ``picker`` wants (and the ones decoding looks at: ``$type``,
``$value``, ``$values``, ``Properties``, ``EntityTypeName``). msgspec reads the envelope and the items'
top-level keys with every value left as raw text (``msgspec.Raw``, no copy), and only kept values are
parsed (by ``parse_json``'s decoder, so numbers stay exact ``Decimal`` and the same refusals apply). A
500-row Party page then costs a few milliseconds instead of building about 60,000 objects.

Anything that is not a paged envelope of objects (an error body, a bare list, a single object), and
anything msgspec refuses, is read by ``parse_json`` whole. Values that are skipped are checked only for
JSON syntax: a number far beyond any .NET type in a field the plan never reads no longer stops it.
Without msgspec installed, the reader is ``parse_json`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from imisql.gcpause import paused
from imisql.http.jsonparse import Body, parse_json, parse_value
from imisql.picking import FieldPicker

__all__ = ["page_reader"]

BodyParser = Callable[[Body], Any]
_DECODING_KEYS = frozenset({"$type", "$value", "$values", "Properties", "EntityTypeName"})


class _Unexpected(Exception):
    """The body is not a paged envelope of objects: read it whole."""


def page_reader(picker: FieldPicker) -> BodyParser:
    """A body parser keeping only the item fields ``picker`` wants (see the module docstring)."""
    try:
        import msgspec
    except ImportError:
        return parse_json
    raw_object = msgspec.json.Decoder(dict[str, msgspec.Raw]).decode
    raw_items = msgspec.json.Decoder(list[dict[str, msgspec.Raw]]).decode

    def keep(name: str) -> bool:
        return name in _DECODING_KEYS or picker.wants(name)

    def items_of(raw: Any) -> list[dict[str, Any]]:
        return [{name: parse_value(value) for name, value in item.items() if keep(name)} for item in raw_items(raw)]

    def envelope(body: Body) -> dict[str, Any]:
        top = raw_object(body)
        items = top.get("Items")
        opening = b"" if items is None else memoryview(items)[:1].tobytes()
        if items is None or opening not in (b"{", b"["):
            raise _Unexpected
        page: dict[str, Any] = {name: parse_value(value) for name, value in top.items() if name != "Items"}
        if opening == b"[":
            page["Items"] = items_of(items)
            return page
        collection = raw_object(items)
        if "$values" not in collection:
            raise _Unexpected
        page["Items"] = {name: parse_value(value) for name, value in collection.items() if name != "$values"}
        page["Items"]["$values"] = items_of(collection["$values"])
        return page

    def read(body: Body) -> Any:
        try:
            with paused():
                return envelope(body)
        except (_Unexpected, ValueError, RecursionError):
            return parse_json(body)

    return read

"""How one value becomes output text: the value conventions shared by every format.

- ``text_of`` — the text form used by table, vertical and csv: ``true``/``false``; exact decimals in
  positional notation (``125.00``, never ``1.25E+2``); ISO 8601 dates and times; bytes as base64;
  lists and dicts as compact JSON. ``None`` has no text form here: each format decides (table and
  vertical show a NULL marker, csv an empty field).
- ``json_of`` — one JSON value: ``None`` → ``null``; decimals as exact JSON numbers (never through
  ``float``); non-finite numbers as strings (JSON has no NaN); everything else as in ``text_of``.
- ``display_width`` / ``truncate`` / ``escape_controls`` — terminal geometry for the table formats:
  wide (East Asian) characters count two cells, combining marks none.
"""

from __future__ import annotations

import base64
import json
import math
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any

ELLIPSIS = "…"

_CONTROL_ESCAPES = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F]}
_CONTROL_ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def text_of(value: Any) -> str:
    """The text of a non-NULL value in table, vertical and csv output."""
    exact = _TEXT_BY_TYPE.get(type(value))
    return exact(value) if exact is not None else _text_of_other(value)


def _text_of_other(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, list | tuple | dict):
        return json_of(value)
    if isinstance(value, float):
        return json.dumps(value)  # shortest round-trip form; NaN and Infinity spelled out
    return str(value)


def json_of(value: Any) -> str:
    """``value`` as one compact JSON value; decimals stay exact, non-finite numbers become strings."""
    encode = _JSON_BY_TYPE.get(type(value))
    return encode(value) if encode is not None else _json_of_other(value)


def _json_of_other(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)  # json.dumps(value, ensure_ascii=False) without the encoder set-up
    if value is None:
        return "null"
    if isinstance(value, bool | int):
        return text_of(value)
    if isinstance(value, float | Decimal):
        text = text_of(value)
        return text if _finite(value) else json.dumps(text)
    if isinstance(value, dict):
        return _json_object(value)
    if isinstance(value, list | tuple):
        return _json_array(value)
    return encode_basestring(text_of(value))


def _json_object(value: dict[Any, Any]) -> str:
    parts = []
    for key, item in value.items():
        kind = type(item)
        text = encode_basestring(item) if kind is str else "null" if item is None else json_of(item)
        parts.append(_json_key(key) + text)
    return "{" + ",".join(parts) + "}"


def _json_array(value: list[Any] | tuple[Any, ...]) -> str:
    return "[" + ",".join([encode_basestring(v) if type(v) is str else json_of(v) for v in value]) + "]"


_KEYS_KEPT = 4096  # text keys whose JSON is remembered (records repeat the same few names)
_key_texts: dict[str, str] = {}


def _json_key(key: Any) -> str:
    """``"key":`` for an object key; a text key's is remembered for the next object with the same keys."""
    text = _key_texts.get(key) if type(key) is str else None
    if text is None:
        text = encode_basestring(str(key)) + ":"
        if type(key) is str and len(_key_texts) < _KEYS_KEPT:
            _key_texts[key] = text
    return text


_JSON_BY_TYPE: dict[type, Callable[[Any], str]] = {  # the exact types seen most, without the isinstance chain
    str: encode_basestring,
    type(None): lambda _: "null",
    bool: lambda flag: "true" if flag else "false",
    int: int.__repr__,
    dict: _json_object,
    list: _json_array,
}


_TEXT_BY_TYPE: dict[type, Callable[[Any], str]] = {  # the exact types seen most, without the isinstance chain
    str: str.__str__,
    bool: lambda flag: "true" if flag else "false",
    int: int.__repr__,
    Decimal: lambda number: _decimal_text(number),
    datetime: datetime.isoformat,
    date: date.isoformat,
    dict: json_of,
    list: json_of,
}


def json_objects(columns: list[str]) -> Callable[[Iterable[Any]], str]:
    """A function turning one row into a compact JSON object keyed by ``columns``; repeated column
    names are made unique (``unique_names``) so no value is lost."""
    keys = [encode_basestring(name) + ":" for name in unique_names(columns)]

    def to_object(row: Iterable[Any]) -> str:
        return "{" + ",".join(key + json_of(value) for key, value in zip(keys, row, strict=False)) + "}"

    return to_object


def unique_names(columns: list[str]) -> list[str]:
    """Column names usable as object keys: a repeated name gets ``_2``, ``_3``... (``SELECT a, a``)."""
    seen: set[str] = set()
    out = []
    for name in columns:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def _decimal_text(value: Decimal) -> str:
    return format(value, "f") if value.is_finite() else str(value)


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


# ---------------------------------------------------------------- terminal geometry


def escape_controls(text: str) -> str:
    """Control characters made visible (``\\n``, ``\\t``, ``\\x1b``) so a cell stays on one line."""
    return text.translate(_CONTROL_ESCAPES) if not text.isprintable() else text


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal cells taken by ``text`` (which holds no control characters)."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in an ellipsis when something was cut."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    room, kept = width - 1, []
    for ch in text:
        cells = _char_width(ch)
        if cells > room:
            break
        room -= cells
        kept.append(ch)
    return "".join(kept) + ELLIPSIS

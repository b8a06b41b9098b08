"""Parsing a response body as JSON, with exact decimals and the refusals imisql applies.

Numbers with a fraction or an exponent become ``Decimal`` exactly as sent (``125.50`` keeps its two
places): money must never pass through a binary float. The parse runs in msgspec's C decoder, whose
``float_hook`` receives each such number as its text, with the garbage collector paused for the burst
of allocations (``imisql.gcpause``). Without msgspec installed, or when msgspec refuses a body, the
standard library's parser reads it instead: it is the reference, and it says precisely what is wrong
with a body (not JSON at all, or JSON that is refused).

Refused JSON raises ``DataError``: nested beyond Python's parser, ``NaN``/``Infinity``, a number whose
exponent is beyond ±400, an integer of more than 4,300 digits. Text that is not JSON raises
``ValueError``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from imisql.errors import DataError
from imisql.gcpause import paused

__all__ = ["MAX_NUMBER_EXPONENT", "Body", "parse_json", "parse_json_reference", "parse_value"]

Body = bytes | bytearray | memoryview  # a body as read, or a view of the buffer it was read into
MAX_NUMBER_EXPONENT = 400  # beyond System.Double's ±1.8e308: no iMIS value, and aggregates would overflow


class _Refused(ValueError):
    """Valid JSON that imisql refuses to turn into values."""


def _decimal(text: str) -> Decimal:
    number = Decimal(text)
    if abs(number.adjusted()) > MAX_NUMBER_EXPONENT:
        raise _Refused(f"a number with exponent {number.adjusted()} (the limit is ±{MAX_NUMBER_EXPONENT})")
    return number


def _constant(name: str) -> Any:
    raise _Refused(f"{name}, which is not a JSON number")


def _fast_parser() -> Callable[[Body], Any] | None:
    try:
        import msgspec
    except ImportError:
        return None
    return msgspec.json.Decoder(float_hook=_decimal).decode


_FAST = _fast_parser()


def parse_json(body: Body) -> Any:
    """Parse a JSON body with exact decimals (see the module docstring for what is refused)."""
    if _FAST is not None:
        try:
            with paused():
                return _FAST(body)
        except (ValueError, RecursionError):
            pass  # not UTF-8 JSON, refused, or too deep: the reference parser says which
    return parse_json_reference(body)


def parse_value(text: Any) -> Any:
    """``parse_json`` of one value's raw text (bytes or a buffer such as ``msgspec.Raw``), without a GC
    pause of its own: it is called many times inside a caller's pause."""
    if _FAST is not None:
        try:
            return _FAST(text)
        except (ValueError, RecursionError):
            pass
    return parse_json_reference(bytes(text))


def parse_json_reference(body: Body) -> Any:
    """The standard library's parse of ``body``, with the same numbers and refusals as ``parse_json``."""
    try:
        with paused():
            return json.loads(bytes(body), parse_float=_decimal, parse_constant=_constant)
    except RecursionError:
        refused = "JSON nested too deeply to parse"
    except _Refused as exc:
        refused = str(exc)
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise
        refused = "an integer of more than 4,300 digits"
    raise DataError(f"the response holds {refused}")

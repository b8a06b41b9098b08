"""How values are spelt in iMIS requests (query values, key lookups), for the compiler and for requests
built from rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote


def wire(value: Any) -> str:
    """How a value is spelt in an iMIS query string (before URL encoding)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


_UNSAFE_IN_PATH = frozenset({".", ".."})  # URL normalisation would drop them


def key_request(rest_path: str, values: Sequence[str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The path and query pairs that fetch the one row whose key is ``values``: ``/api/E/{id}`` when the id
    survives URL encoding unchanged, else ``/api/E?EntityId=<id>`` (composite keys as ``~a|b``), as ASI's
    own client does."""
    entity_id = values[0] if len(values) == 1 else "~" + "|".join(values)
    if quote(entity_id, safe="") == entity_id and "~" not in entity_id and entity_id not in _UNSAFE_IN_PATH:
        return f"{rest_path}/{entity_id}", ()
    return rest_path, (("EntityId", entity_id),)

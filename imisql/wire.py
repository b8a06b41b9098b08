"""How values are spelt in iMIS requests (query values, key lookups, the reserved parameter names), for the
compiler and for requests built from rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

# Query parameters the API reserves: a column with one of these names is never sent as a filter.
RESERVED_PARAMS = frozenset({"limit", "offset", "orderby", "phrase", "entityid", "queryname", "querypath", "parameter"})


def is_reserved(search: str) -> bool:
    """Whether a search name would be read as one of ``RESERVED_PARAMS`` (servers trim parameter names)."""
    known = _RESERVED.get(search)
    if known is None:
        if len(_RESERVED) >= _RESERVED_SIZE:
            _RESERVED.clear()
        known = _RESERVED[search] = search.strip().lower() in RESERVED_PARAMS
    return known


def sendable_column(search: str | None) -> bool:
    """Whether search name ``search`` can name one column in ``OrderBy`` or beside a bound ``in:`` list: not
    reserved, and no ``:`` (read as the direction or the operator), ``|`` or ``,`` (read between columns)."""
    return search is not None and not is_reserved(search) and _LIST_MARKS.isdisjoint(search)


_LIST_MARKS = frozenset(":|,")
_RESERVED: dict[str, bool] = {}  # by search name: the compiler asks for every condition and sort key
_RESERVED_SIZE = 4096


def wire(value: Any) -> str:
    """How a value is spelt in an iMIS query string (before URL encoding)."""
    if type(value) is str:
        return value
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

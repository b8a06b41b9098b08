"""Matching joined records on the client, and the requests a bind or key-lookup join builds from rows.

Join keys compare as the server compares values (``semantics.group_key``: text without case or
trailing spaces); a NULL in any key never matches. A LEFT JOIN keeps a left record with no match,
its right side ``None``. Bind joins send distinct key values as ``in:`` filters in batches whose whole
URL stays under the plan's limit; key lookups address one object per distinct key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlencode

from imisql.decode import get_path
from imisql.plan import Request
from imisql.plan.parts import PathT
from imisql.plan.steps import JoinKey
from imisql.predicate import Pred, keep
from imisql.semantics import group_key
from imisql.wire import key_request, wire

Record = dict[str, Any]
Key = tuple[Any, ...]
KEYS_MARKER = "{keys}"
_ONE_VALUE = "eq:"  # a key that holds "|" cannot go in an in: list


def key_of(record: Record | None, paths: Iterable[PathT]) -> Key | None:
    """The record's join key, or None when any part is NULL (NULL never matches)."""
    if record is None:
        return None
    values = [get_path(record, path) for path in paths]
    if any(v is None for v in values):
        return None
    return tuple(group_key(v) for v in values)


class Index:
    """Right-side records by join key (only those passing the right side's own filter)."""

    def __init__(self, keys: tuple[JoinKey, ...], right_filter: Pred | None = None):
        self.paths = tuple(k.right for k in keys)
        self.right_filter = right_filter
        self.rows: dict[Key, list[Record]] = {}

    def add_all(self, records: Iterable[Record]) -> Index:
        for record in records:
            if self.right_filter is not None and not keep(self.right_filter, record):
                continue
            key = key_of(record, self.paths)
            if key is not None:
                self.rows.setdefault(key, []).append(record)
        return self

    def matches(self, key: Key | None) -> list[Record]:
        return self.rows.get(key, []) if key is not None else []


def match(
    left: Iterable[Record],
    index: Index,
    keys: tuple[JoinKey, ...],
    alias: str,
    kind: str,
    condition: Pred | None,
) -> Iterator[Record]:
    """Each left record joined with every right record of the same key (and, for LEFT, alone)."""
    left_paths = tuple(k.left for k in keys)
    for record in left:
        found = False
        for right in index.matches(key_of(record, left_paths)):
            joined = {**record, alias: right}
            if condition is None or keep(condition, joined):
                found = True
                yield joined
        if not found and kind == "left":
            yield {**record, alias: None}


def batches(
    left: Iterable[Record], path: PathT, template: Request, base_url: str, url_limit: int
) -> Iterator[tuple[list[Record], list[Request]]]:
    """Left records in runs, each with the requests that fetch the right rows their keys can match.

    A run grows until one more distinct key would push the ``in:`` request's URL past ``url_limit``.
    """
    chunk: list[Record] = []
    values: dict[Any, str] = {}
    for record in left:
        value = get_path(record, path)
        if value is not None and group_key(value) not in values:
            spelled = wire(value)
            if values and _url_length(template, base_url, [*values.values(), spelled]) > url_limit:
                yield chunk, _requests(template, list(values.values()))
                chunk, values = [], {}
            values[group_key(value)] = spelled
        chunk.append(record)
    if chunk:
        yield chunk, _requests(template, list(values.values()))


def lookup_request(template: Request, value: Any) -> Request:
    """``GET /api/E/{key}`` for one key value (``?EntityId=`` where encoding would change the id)."""
    path, params = key_request(template.path.removesuffix("/{key}"), [wire(value)])
    return replace(template, path=path, params=params, template=False)


def cached(fetch: Callable[[Any], Record | None]) -> Callable[[Any], Record | None]:
    """``fetch`` remembered per key (as the server compares it), so each distinct key is read once."""
    seen: dict[Any, Record | None] = {}

    def lookup(value: Any) -> Record | None:
        marker = group_key(value)
        if marker not in seen:
            seen[marker] = fetch(value)
        return seen[marker]

    return lookup


def _requests(template: Request, values: list[str]) -> list[Request]:
    listed = [v for v in values if "|" not in v]
    alone = [v for v in values if "|" in v]
    out = [_with_value(template, "in:" + "|".join(listed))] if listed else []
    out.extend(_with_value(template, _ONE_VALUE + v) for v in alone)
    return out


def _with_value(template: Request, value: str) -> Request:
    params = tuple((k, value if v.endswith(KEYS_MARKER) else v) for k, v in template.params)
    return replace(template, params=params, template=False)


def _url_length(template: Request, base_url: str, values: list[str]) -> int:
    request = _with_value(template, "in:" + "|".join(values))
    query = urlencode(request.first_page_params(), quote_via=quote, safe="")
    return len(base_url.rstrip("/")) + len(request.path) + 1 + len(query)

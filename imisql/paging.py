"""The paging loop over iMIS's list envelope (fact sheet §2.5, §3.1).

It owns how a list endpoint is walked: ``limit``/``offset`` are appended to the caller's query pairs,
the next offset comes from ``NextOffset`` (``0`` means done), else ``Offset + Count``; the echoed
``Limit`` is never trusted (iMIS may echo 0 or silently clamp to 500). It stops on an empty page,
``HasNext: false`` or ``NextOffset: 0``, and refuses to loop when a server's offset does not advance.

``iter_pages`` is a lazy generator: each page is requested only when the caller asks for it, so
stopping early (or closing the generator) issues no further requests. Items are yielded raw;
``imisql.decode`` turns them into records. ``fetch_one`` is the single-GET helper (404 → ``None``).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from imisql.errors import InterfaceError, InternalError, NotFoundError

__all__ = ["JsonSource", "Page", "fetch_one", "iter_items", "iter_pages", "parse_page"]

MAX_PAGE_SIZE = 500
_PAGING_KEYS = frozenset({"limit", "offset"})


class JsonSource(Protocol):
    """What paging needs from a client: ``imisql.client.Client`` satisfies it."""

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any: ...


@dataclass(frozen=True)
class Page:
    """One page of a list answer: raw JSON items plus where the next page starts (``None``: last page)."""

    items: list[Any]
    offset: int
    count: int
    total_count: int | None
    next_offset: int | None
    has_next: bool


def _int_or_none(value: Any) -> int | None:
    return value if type(value) is int else None


def _envelope_items(envelope: dict[str, Any]) -> list[Any]:
    items = envelope.get("Items")
    if isinstance(items, dict):
        items = items.get("$values")
    return items if isinstance(items, list) else []


def _next_offset(envelope: dict[str, Any], offset: int, count: int, total: int | None) -> int | None:
    """Where the next page starts, from the server's signals; ``None`` when this is the last page."""
    if count == 0 or envelope.get("HasNext") is False:
        return None
    announced = _int_or_none(envelope.get("NextOffset"))
    if announced is not None:
        return announced or None
    if envelope.get("HasNext") is True:
        return offset + count
    if total is not None:
        return offset + count if offset + count < total else None
    return offset + count  # no signals at all: keep going until an empty page


def _single_page(items: list[Any]) -> Page:
    return Page(items, 0, len(items), len(items), None, False)


def parse_page(body: Any, requested_offset: int = 0) -> Page:
    """Interpret one answer: the paged envelope, or a bare list / collection / object as one page."""
    if body is None:
        return _single_page([])
    if isinstance(body, list):
        return _single_page(body)
    if not isinstance(body, dict):
        return _single_page([body])
    if "Items" not in body:
        values = body.get("$values")
        return _single_page(values if isinstance(values, list) else [body])
    items = _envelope_items(body)
    offset = _int_or_none(body.get("Offset"))
    offset = requested_offset if offset is None else offset
    total = _int_or_none(body.get("TotalCount"))
    following = _next_offset(body, offset, len(items), total)
    return Page(items, offset, len(items), total, following, following is not None)


def _align(page: Page, requested: int) -> Page:
    """Drop the items before ``requested`` when a server rounded the offset down to a page boundary."""
    skip = requested - page.offset
    if skip <= 0:
        return page
    items = page.items[skip:]
    return replace(page, items=items, offset=requested, count=len(items))


def _check_params(params: Sequence[tuple[str, str]], page_size: int, offset: int) -> None:
    if any(key.lower() in _PAGING_KEYS for key, _ in params):
        raise InterfaceError("iter_pages owns limit/offset; pass page_size= and offset= instead of query pairs")
    if page_size <= 0 or offset < 0:
        raise InterfaceError(f"page_size must be positive and offset non-negative, got {page_size}, {offset}")


def iter_pages(
    client: JsonSource,
    path: str,
    params: Sequence[tuple[str, str]] = (),
    *,
    page_size: int = MAX_PAGE_SIZE,
    offset: int = 0,
    max_pages: int | None = None,
) -> Generator[Page, None, None]:
    """Yield the pages of ``GET path?params&limit=page_size&offset=n`` lazily, first page at ``offset``.

    ``max_pages`` (optional) stops after that many pages. A server whose next offset does not move
    forward raises ``InternalError`` instead of looping.
    """
    base = list(params)
    _check_params(base, page_size, offset)
    pages = 0
    while max_pages is None or pages < max_pages:
        body = client.get_json(path, [*base, ("limit", str(page_size)), ("offset", str(offset))])
        page = _align(parse_page(body, offset), offset)
        pages += 1
        yield page
        if page.next_offset is None:
            return
        if page.next_offset <= offset:
            raise InternalError(
                f"the server's paging does not advance: GET {path} at offset {offset} announced next offset "
                f"{page.next_offset}; stopping instead of looping"
            )
        offset = page.next_offset


def iter_items(
    client: JsonSource,
    path: str,
    params: Sequence[tuple[str, str]] = (),
    *,
    page_size: int = MAX_PAGE_SIZE,
    offset: int = 0,
) -> Iterator[Any]:
    """The raw items of every page, in order (lazy, like ``iter_pages``)."""
    for page in iter_pages(client, path, params, page_size=page_size, offset=offset):
        yield from page.items


def fetch_one(client: JsonSource, path: str, params: Sequence[tuple[str, str]] = ()) -> Any | None:
    """A single GET (``/api/Party/101``): the parsed JSON, or ``None`` when the server says 404."""
    try:
        return client.get_json(path, params)
    except NotFoundError:
        return None

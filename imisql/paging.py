"""The paging loop over iMIS's list envelope (fact sheet §2.5, §3.1): the one place a list is walked.

``limit``/``offset`` are appended to the caller's query pairs; the next offset comes from
``NextOffset`` (``0`` means done), else ``Offset + Count``; the echoed ``Limit`` is never trusted (iMIS
may echo 0 or silently clamp to 500).

Stop rules, so that paging always ends and never loses rows without a word:

- the walk ends on an empty page, ``HasNext: false`` or ``NextOffset: 0``;
- ``NextOffset: 0`` with ``HasNext: true`` (contradictory) goes on from ``Offset + Count``, with a note;
- a ``NextOffset`` that jumps past ``Offset + Count`` would skip rows: the walk goes on from
  ``Offset + Count`` instead, with a note;
- a next offset that does not advance, a page that repeats the previous page's rows (a server that
  ignores ``offset``), or more pages than ``TotalCount / limit + PAGE_SLACK`` raise ``PagingError``;
- at the end, when ``TotalCount`` stayed the same on every page, fewer rows than it promised raise
  ``PagingError`` (rows would be lost silently) and more rows give a note; when ``TotalCount``
  changed, rows were inserted or deleted while paging, and a note says so.

Notes go to ``on_note`` (the executor puts them in its stats; ``-v`` prints them).

``iter_pages`` is a lazy generator: each page is requested only when the caller asks for it, so
stopping early (or closing the generator) issues no further requests and skips the final count check.
Items are yielded raw; ``imisql.decode`` turns them into records. ``fetch_one`` is the single-GET
helper (404 → ``None``, with a note).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from imisql.errors import InterfaceError, NotFoundError, PagingError

__all__ = ["PAGE_SLACK", "JsonSource", "Page", "fetch_one", "iter_items", "iter_pages", "parse_page"]

MAX_PAGE_SIZE = 500
PAGE_SLACK = 2  # pages allowed beyond what TotalCount needs (rounded offsets, rows added while paging)
_PAGING_KEYS = frozenset({"limit", "offset"})

Note = Callable[[str], None]


class JsonSource(Protocol):
    """What paging needs from a client: ``imisql.client.Client`` satisfies it."""

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any: ...


@dataclass(frozen=True)
class Page:
    """One page of a list answer: raw JSON items plus where the next page starts (``None``: last page).

    ``note`` says what was odd about the page's paging signals and how it was read, if anything.
    """

    items: list[Any]
    offset: int
    count: int
    total_count: int | None
    next_offset: int | None
    has_next: bool
    note: str | None = None


def _int_or_none(value: Any) -> int | None:
    return value if type(value) is int else None


def _envelope_items(envelope: dict[str, Any]) -> list[Any]:
    items = envelope.get("Items")
    if isinstance(items, dict):
        items = items.get("$values")
    return items if isinstance(items, list) else []


def _next_offset(envelope: dict[str, Any], offset: int, count: int, total: int | None) -> tuple[int | None, str | None]:
    """Where the next page starts, from the server's signals (``None``: last page), and any note."""
    following = offset + count
    if count == 0 or envelope.get("HasNext") is False:
        return None, None
    announced = _int_or_none(envelope.get("NextOffset"))
    if announced == 0 and envelope.get("HasNext") is True:
        return following, f"NextOffset 0 with HasNext true at offset {offset}: went on from offset {following}"
    if announced is not None and announced > following:
        note = f"NextOffset {announced} at offset {offset} would skip rows {following}-{announced - 1}"
        return following, note + f": went on from offset {following}"
    if announced is not None:
        return announced or None, None
    if envelope.get("HasNext") is True or total is None:
        return following, None  # no signals at all: keep going until an empty page
    return (following if following < total else None), None


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
    following, note = _next_offset(body, offset, len(items), total)
    return Page(items, offset, len(items), total, following, following is not None, note)


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


@dataclass
class _Walk:
    """What one walk has seen so far, for the stop rules."""

    path: str
    start: int
    page_size: int
    pages: int = 0
    rows: int = 0
    first_total: int | None = None
    largest_total: int | None = None
    totals_differ: bool = False
    previous: list[Any] | None = None

    def see(self, page: Page, offset: int) -> None:
        """Count ``page``; raise ``PagingError`` when it repeats the last page or passes the page bound."""
        self.pages += 1
        self.rows += page.count
        total = page.total_count
        if total is not None:
            self.first_total = total if self.first_total is None else self.first_total
            self.totals_differ |= total != self.first_total
            self.largest_total = max(total, self.largest_total or 0)
        if page.items and page.items == self.previous:
            raise self.error(f"offset {offset} answered the same rows as the page before: the server ignores offset")
        self.previous = page.items
        if self.largest_total is not None and self.pages > self.page_bound(self.largest_total):
            raise self.error(
                f"more than {self.page_bound(self.largest_total)} pages of {self.page_size} for "
                f"TotalCount {self.largest_total}: the server keeps announcing more pages"
            )

    def page_bound(self, total: int) -> int:
        return -(-max(total - self.start, 0) // self.page_size) + PAGE_SLACK

    def finish(self, on_note: Note | None) -> None:
        """At the natural end: compare the rows received with ``TotalCount``."""
        if self.first_total is None:
            return
        if self.totals_differ:
            _tell(on_note, f"{self.path}: TotalCount changed while paging (rows were inserted or deleted)")
            return
        expected = max(self.first_total - self.start, 0)
        if self.rows < expected:
            raise self.error(
                f"TotalCount {self.first_total} promised {expected} rows from offset {self.start}, but paging "
                f"ended after {self.rows}; {expected - self.rows} rows would be lost"
            )
        if self.rows > expected:
            _tell(on_note, f"{self.path}: {self.rows} rows received where TotalCount promised {expected}")

    def error(self, detail: str) -> PagingError:
        return PagingError(f"paging stopped: {detail}", None, f"GET {self.path}")


def _tell(on_note: Note | None, note: str) -> None:
    if on_note is not None:
        on_note(note)


def iter_pages(
    client: JsonSource,
    path: str,
    params: Sequence[tuple[str, str]] = (),
    *,
    page_size: int = MAX_PAGE_SIZE,
    offset: int = 0,
    max_pages: int | None = None,
    on_note: Note | None = None,
) -> Generator[Page, None, None]:
    """Yield the pages of ``GET path?params&limit=page_size&offset=n`` lazily, first page at ``offset``.

    ``max_pages`` (optional) stops after that many pages, without the final count check. The stop
    rules in the module docstring apply; ``on_note`` receives the notes.
    """
    base = list(params)
    _check_params(base, page_size, offset)
    walk = _Walk(path, offset, page_size)
    while max_pages is None or walk.pages < max_pages:
        body = client.get_json(path, [*base, ("limit", str(page_size)), ("offset", str(offset))])
        page = _align(parse_page(body, offset), offset)
        walk.see(page, offset)
        if page.note is not None:
            _tell(on_note, f"{path}: {page.note}")
        yield page
        if page.next_offset is None:
            walk.finish(on_note)
            return
        if page.next_offset <= offset:
            raise walk.error(f"offset {offset} announced next offset {page.next_offset}; it does not advance")
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


def fetch_one(
    client: JsonSource, path: str, params: Sequence[tuple[str, str]] = (), *, on_note: Note | None = None
) -> Any | None:
    """A single GET (``/api/Party/101``): the parsed JSON, or ``None`` when the server says 404 (noted)."""
    try:
        return client.get_json(path, params)
    except NotFoundError:
        _tell(on_note, f"{path}: 404, no such row")
        return None

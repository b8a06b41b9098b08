"""Getting a plan's records from iMIS: paging, single GETs, fan-out branches, de-duplication, read-ahead.

One ``Fetcher`` serves one source step of one execution. Paged requests stop at their row limit; rows
repeated across adjacent pages (data that shifted while paging) are dropped by key; fan-out branches are
merged and de-duplicated by key. A page is decoded in one go with the garbage collector paused, only
the fields the plan reads when a ``FieldPicker`` is given. Read-ahead fetches page N+1 in a background
thread while the caller works on page N, so the network wait overlaps decoding while still only one
request is in flight.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from imisql.decode import decode_item, flatten, get_path, is_missing
from imisql.errors import InterfaceError
from imisql.gcpause import paused
from imisql.http.client import Client, StatementClient
from imisql.http.jsonparse import Body
from imisql.paging import JsonSource, Page, fetch_one, iter_pages
from imisql.picking import FieldPicker
from imisql.pickpage import page_reader
from imisql.plan import Request
from imisql.semantics import group_key

Record = dict[str, Any]
PathT = tuple[str | int, ...]
_HANDOFF_POLL = 0.1  # seconds between checks that the consumer still wants pages


@dataclass
class ExecutionStats:
    """What one execution cost: pages fetched, items received from iMIS, rows returned, and notes on
    anything odd the paging saw (a key lookup that found nothing, rows changing while paging)."""

    pages: int = 0
    items: int = 0
    rows: int = 0
    notes: list[str] = field(default_factory=list)


class Cancelled(InterfaceError):
    """The caller cancelled the query (Ctrl-C in the shell, ``Cursor.cancel()``)."""


class Fetcher:
    """Records of requests, in order, each at most once (``key`` identifies a row)."""

    def __init__(
        self,
        client: JsonSource,
        stats: ExecutionStats,
        key: tuple[PathT, ...] = (),
        cancel: threading.Event | None = None,
        *,
        concurrency: int = 1,
        read_ahead: bool = False,
        picker: FieldPicker | None = None,
        on_page: Callable[[list[Record]], None] | None = None,
        page_gate: Callable[[bool], bool] | None = None,
    ):
        self.client, self.stats, self.key, self.cancel = client, stats, key, cancel
        self.concurrency, self.read_ahead, self.picker = concurrency, read_ahead, picker
        self.on_page = on_page  # sees each page's records (or a single GET's one) before they are given
        # asked before each page of a list is fetched (True: the first page of a request); False stops the
        # request. Set only without read-ahead: it is asked once the records before it were taken.
        self.page_gate = page_gate

    def request(self, request: Request) -> Iterator[Record]:
        """The records of one request: every page of a list, or the single object of a GET."""
        if request.paged:
            yield from self._paged(request)
            return
        self.stats.pages += 1
        body = fetch_one(self.client, request.path, request.params, on_note=self.stats.notes.append)
        if body is None:
            return
        record = decode_item(body, self.picker)
        if not is_missing(record, self.key):  # some single GETs answer "not found" with 200
            self.stats.items += 1
            if self.on_page is not None:
                self.on_page([record])
            yield record

    def merged(self, requests: tuple[Request, ...]) -> Iterator[Record]:
        """The records of several requests, merged and de-duplicated by key."""
        parallel = self.concurrency > 1 and self.page_gate is None
        streams = self._parallel(requests) if parallel else (self.request(r) for r in requests)
        seen: set[Any] = set()
        for stream in streams:
            for record in stream:
                identity = identity_of(record, self.key)
                if identity not in seen:
                    seen.add(identity)
                    yield record

    def total_count(self, request: Request) -> int:
        """COUNT(*) from the TotalCount of one ``limit=1`` request (or by counting, if the server omits it)."""
        first = next(iter_pages(self.client, request.path, request.params, page_size=1, offset=0), None)
        self.stats.pages += 1
        if first is not None and first.total_count is not None:
            return first.total_count
        everything = Request(request.method, request.path, request.params, page_size=500)
        return sum(1 for _ in self.request(everything))

    def _parallel(self, requests: tuple[Request, ...]) -> list[Iterator[Record]]:
        """Opt-in concurrency: fetch fan-out branches at the same time, each fully, then merge."""
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(requests))) as pool:
            futures = [pool.submit(self._request_all, r) for r in requests]
            return [iter(f.result()) for f in futures]

    def _request_all(self, request: Request) -> list[Record]:
        return list(self.request(request))

    def _paged(self, request: Request) -> Iterator[Record]:
        wanted = request.row_limit
        if wanted == 0:
            return
        key, picker, gate = self.key, self.picker, self.page_gate
        if gate is not None and not gate(True):
            return
        recent: deque[set[Any]] = deque(maxlen=2)
        given = 0
        for page in self._pages(request):
            self._check_cancel()
            self.stats.pages += 1
            keys: set[Any] = set()
            with paused():  # the page's records in one burst of allocations (see imisql.gcpause)
                records = [decode_item(item, picker) for item in page.items]
            self.stats.items += len(records)
            if self.on_page is not None:
                self.on_page(records)
            for record in records:
                if key:
                    identity = identity_of(record, key)
                    if any(identity in k for k in recent):
                        continue
                    keys.add(identity)
                yield record
                given += 1
                if wanted is not None and given >= wanted:
                    return
            recent.append(keys)
            if gate is not None and page.next_offset is not None and not gate(False):
                return

    def _pages(self, request: Request) -> Iterator[Page]:
        wanted = request.row_limit
        size = request.page_size if wanted is None else max(1, min(request.page_size, wanted))
        pages = iter_pages(
            self._page_source(), request.path, request.params, page_size=size, offset=request.offset,
            on_note=self.stats.notes.append,
        )  # fmt: skip
        return read_ahead(pages, wanted) if self.read_ahead and self.page_gate is None else pages

    def _page_source(self) -> JsonSource:
        """The client, reading pages without the fields the plan does not read when it can. Only with a
        key: paging compares consecutive pages' items to catch a server ignoring ``offset``, and picked
        items stay distinct only while they carry the row's key."""
        if self.picker is None or not self.key or not isinstance(self.client, Client | StatementClient):
            return self.client
        return _PickedPages(self.client, page_reader(self.picker))

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("query cancelled")


@dataclass(frozen=True)
class _PickedPages:
    """A client whose answers are read by a page reader that skips unread fields (``imisql.pickpage``)."""

    client: Client | StatementClient
    reader: Callable[[Body], Any]

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any:
        return self.client.get_json(path, params, parse=self.reader)


def identity_of(record: Record, key: tuple[PathT, ...]) -> Any:
    """What makes a record the same row: its key values (compared by the collation), or (no key
    known) its whole content."""
    if key:
        values = tuple(group_key(get_path(record, p)) for p in key)
        if any(v is not None for v in values):
            return values
    return repr(sorted(flatten(record).items(), key=lambda kv: kv[0]))


def read_ahead(pages: Iterator[Page], max_items: int | None = None) -> Iterator[Page]:
    """Yield ``pages`` while a background thread already fetches the next one (one request in flight).

    The producer stops once ``max_items`` items were fetched, when the consumer stops, or on error
    (which the consumer re-raises). At most two pages are held in memory.
    """
    handoff: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def offer(kind: str, value: Any) -> bool:
        while not stop.is_set():
            try:
                handoff.put((kind, value), timeout=_HANDOFF_POLL)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        fetched = 0
        try:
            for page in pages:
                fetched += len(page.items)
                if not offer("page", page) or (max_items is not None and fetched >= max_items):
                    break
        except BaseException as exc:
            offer("error", exc)
            return
        offer("end", None)

    worker = threading.Thread(target=produce, name="imisql-read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = handoff.get()
            if kind == "page":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        stop.set()

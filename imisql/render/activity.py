"""What a user sees on stderr while statements run: request log lines and the stats line (``-v``),
and the progress indicator shown on a terminal while a long result is still paging."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from imisql.client import RequestLog
from imisql.render.options import Out

T = TypeVar("T")

_ERASE_LINE = "\r\x1b[K"


def request_line(log: RequestLog) -> str:
    """``> GET http://host/api/Party?LastName=Smith&limit=500&offset=0 -> 200 (12 ms, 3456 bytes)``.

    The URL is the client's decoded, redacted one; headers (and so ``Authorization``) are never shown.
    """
    outcome = str(log.status) if log.status is not None else f"failed ({log.error})"
    attempt = f", attempt {log.attempt}" if log.attempt > 1 else ""
    return f"> {log.method} {log.url} -> {outcome} ({log.elapsed * 1000:.0f} ms, {log.bytes} bytes{attempt})"


def stats_line(*, requests: int, pages: int, rows: int, nbytes: int, seconds: float) -> str:
    """``-- 2 requests, 1 page, 20 rows, 4213 bytes in 0.041 s``."""
    counts = [_count(requests, "request"), _count(pages, "page"), _count(rows, "row"), _count(nbytes, "byte")]
    return f"-- {', '.join(counts)} in {seconds:.3f} s"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class Progress:
    """A one-line ``… 1500 rows, 3 pages`` status on a terminal while a result is paging.

    It appears only once the output has been quiet for ``delay`` seconds (so short queries and
    steadily streaming output never see it), redraws at most every ``interval`` seconds, and is
    erased before anything is written through ``guard(out)`` and when the tracked rows end. Rows
    arriving redraw it, and so does a heartbeat every ``beat`` seconds from a helper thread, so the
    page count moves while a scan is still finding nothing (``beat=None``: rows only).
    """

    def __init__(
        self,
        stream: Out,
        *,
        clock: Callable[[], float] = time.monotonic,
        delay: float = 0.5,
        interval: float = 0.1,
        beat: float | None = 0.25,
    ):
        self._stream = stream
        self._clock = clock
        self._delay = delay
        self._interval = interval
        self._beat = beat
        self._quiet_since = clock()
        self._drawn_at: float | None = None
        self._lock = threading.Lock()  # the heartbeat and the writer take turns on the terminal
        self._count = 0
        self._pages: Callable[[], int] = lambda: 0

    def track(self, rows: Iterable[T], pages: Callable[[], int]) -> Iterator[T]:
        """Yield ``rows`` unchanged, updating the status with the row count and ``pages()``."""
        with self._lock:
            self._quiet_since, self._count, self._pages = self._clock(), 0, pages
        stop = threading.Event()
        ticker = None
        if self._beat is not None:
            ticker = threading.Thread(target=self._heartbeats, args=(stop,), name="imisql-progress", daemon=True)
            ticker.start()
        try:
            for row in rows:
                with self._lock:
                    self._count += 1
                    self._tick()
                yield row
        finally:
            stop.set()
            if ticker is not None:
                ticker.join()
            self.clear()

    def heartbeat(self) -> None:
        """Redraw the status if it is due, whether or not a row has arrived."""
        with self._lock:
            self._tick()

    def guard(self, out: Out) -> Out:
        """``out``, erasing the status before every write."""
        return _Guarded(out, self)

    def clear(self) -> None:
        """Erase the status line if it is shown; the output counts as active from now on."""
        with self._lock:
            self._erase()

    def write_through(self, out: Out, text: str) -> Any:
        """Write ``text`` to ``out`` with the status erased first, never in the middle of a redraw."""
        with self._lock:
            self._erase()
            return out.write(text)

    def _erase(self) -> None:
        if self._drawn_at is not None:
            self._stream.write(_ERASE_LINE)
            _flush(self._stream)
            self._drawn_at = None
        self._quiet_since = self._clock()

    def _heartbeats(self, stop: threading.Event) -> None:
        assert self._beat is not None
        while not stop.wait(self._beat):
            self.heartbeat()

    def _tick(self) -> None:
        now = self._clock()
        if now - self._quiet_since < self._delay:
            return
        if self._drawn_at is not None and now - self._drawn_at < self._interval:
            return
        page_count = self._pages()
        self._stream.write(f"{_ERASE_LINE}… {_count(self._count, 'row')}, {_count(page_count, 'page')}")
        _flush(self._stream)
        self._drawn_at = now


class _Guarded:
    """A text stream wrapper that erases the progress line before writing."""

    def __init__(self, out: Out, progress: Progress):
        self._out = out
        self._progress = progress

    def write(self, text: str) -> Any:
        return self._progress.write_through(self._out, text)


def _flush(stream: Out) -> None:
    flush = getattr(stream, "flush", None)
    if flush is not None:
        flush()

"""What a user sees on stderr while statements run: request log lines and the stats line (``-v``),
and the progress indicator shown on a terminal while a long result is still paging."""

from __future__ import annotations

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
    erased before anything is written through ``guard(out)`` and when the tracked rows end.
    """

    def __init__(
        self,
        stream: Out,
        *,
        clock: Callable[[], float] = time.monotonic,
        delay: float = 0.5,
        interval: float = 0.1,
    ):
        self._stream = stream
        self._clock = clock
        self._delay = delay
        self._interval = interval
        self._quiet_since = clock()
        self._drawn_at: float | None = None

    def track(self, rows: Iterable[T], pages: Callable[[], int]) -> Iterator[T]:
        """Yield ``rows`` unchanged, updating the status with the row count and ``pages()``."""
        self._quiet_since = self._clock()
        count = 0
        try:
            for row in rows:
                count += 1
                self._tick(count, pages)
                yield row
        finally:
            self.clear()

    def guard(self, out: Out) -> Out:
        """``out``, erasing the status before every write."""
        return _Guarded(out, self)

    def clear(self) -> None:
        """Erase the status line if it is shown; the output counts as active from now on."""
        if self._drawn_at is not None:
            self._stream.write(_ERASE_LINE)
            _flush(self._stream)
            self._drawn_at = None
        self._quiet_since = self._clock()

    def _tick(self, count: int, pages: Callable[[], int]) -> None:
        now = self._clock()
        if now - self._quiet_since < self._delay:
            return
        if self._drawn_at is not None and now - self._drawn_at < self._interval:
            return
        page_count = pages()
        self._stream.write(f"{_ERASE_LINE}… {_count(count, 'row')}, {_count(page_count, 'page')}")
        _flush(self._stream)
        self._drawn_at = now


class _Guarded:
    """A text stream wrapper that erases the progress line before writing."""

    def __init__(self, out: Out, progress: Progress):
        self._out = out
        self._progress = progress

    def write(self, text: str) -> Any:
        self._progress.clear()
        return self._out.write(text)


def _flush(stream: Out) -> None:
    flush = getattr(stream, "flush", None)
    if flush is not None:
        flush()

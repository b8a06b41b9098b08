"""The emulator's request log: thread-safe, bounded so a long-running server cannot grow without limit.

The log keeps the most recent entries: at most ``max_entries`` and at most ``max_chars`` characters
of query text (raw query plus decoded parameters), dropping the oldest first.
"""

from __future__ import annotations

import threading
from collections import deque

from imisql.emulator.config import LoggedRequest


def _weight(entry: LoggedRequest) -> int:
    return 64 + len(entry.query) + sum(len(k) + len(v) for k, v in entry.params)


class RequestLog:
    def __init__(self, max_entries: int, max_chars: int) -> None:
        self._entries: deque[tuple[LoggedRequest, int]] = deque()
        self._max_entries = max_entries
        self._max_chars = max_chars
        self._chars = 0
        self._lock = threading.Lock()

    def append(self, entry: LoggedRequest) -> None:
        weight = _weight(entry)
        with self._lock:
            self._entries.append((entry, weight))
            self._chars += weight
            while len(self._entries) > self._max_entries or (self._chars > self._max_chars and len(self._entries) > 1):
                _, dropped = self._entries.popleft()
                self._chars -= dropped

    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return [entry for entry, _ in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0

"""Reusable buffers that response bodies are read into, one per request in flight.

A page body is about 2 MB. Built afresh for every page (a ``bytearray`` grown chunk by chunk, then
copied into ``bytes``), it cost about 3 ms of copying and page faults per page, and two large
allocations that the C allocator may serve from its heap once an earlier one was freed. Instead each
body is read into a buffer kept from one request to the next, and parsed from a ``memoryview`` of it.

A buffer goes back to the pool only when nothing still looks into it: if a parser kept a zero-copy
view of the body (msgspec's ``Raw`` is one), that buffer is left to the garbage collector rather than
overwritten by the next body. A buffer grown past ``KEPT_AT_MOST`` by one large answer is
not kept either, so a connection holds at most one ordinary page per request in flight.
"""

from __future__ import annotations

import threading

__all__ = ["KEPT_AT_MOST", "BodyBuffers"]

KEPT_AT_MOST = 8 * 1024 * 1024  # bytes: buffers larger than this are dropped after use


class BodyBuffers:
    """A pool of body buffers: ``take`` one for a response, ``give`` it back with the view that was read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: list[bytearray] = []

    def take(self) -> bytearray:
        """A buffer to read a body into (its length is its capacity; the body's length is kept apart)."""
        with self._lock:
            return self._free.pop() if self._free else bytearray()

    def give(self, buffer: bytearray, view: memoryview | None = None) -> None:
        """Return ``buffer`` after use; ``view`` (of it) is released, and the buffer kept only if that
        worked (nothing else still looks into it) and it is not oversized."""
        if view is not None:
            try:
                view.release()
            except BufferError:  # the view itself is still exported
                return
        if len(buffer) > KEPT_AT_MOST or _looked_into(buffer):
            return
        with self._lock:
            self._free.append(buffer)


def _looked_into(buffer: bytearray) -> bool:
    """Whether some view still exports ``buffer`` (then it cannot be resized: the one-byte probe fails)."""
    try:
        buffer.append(0)
    except BufferError:
        return True
    buffer.pop()
    return False

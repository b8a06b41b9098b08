"""Reading a response body in full, within a size cap, decompressing as it streams.

The body arrives in chunks and is decompressed with a bounded output per step, so a small compressed
body that would expand to gigabytes (a gzip bomb) is refused once it passes the cap, having used no
more than the cap in memory. ``Content-Length`` over the cap is refused before reading. The body is
written into a buffer the caller reuses from one response to the next (``imisql.http.buffers``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping

from imisql.errors import ResponseTooLargeError

__all__ = ["ACCEPT_ENCODING", "UnreadableBody", "read_body"]

ACCEPT_ENCODING = "gzip, deflate"
_CHUNK = 64 * 1024
_ZLIB_OR_GZIP = 32 + zlib.MAX_WBITS  # either header, detected


class UnreadableBody(Exception):
    """The body could not be decompressed (corrupt, cut short, or an encoding not asked for)."""


def _too_large(limit: int, request: str) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"the response is larger than max_response_bytes ({limit:,} bytes decompressed); "
        "ask for smaller pages or raise the limit",
        None,
        request,
    )


def _decompressor(encoding: str) -> zlib._Decompress | None:
    name = encoding.strip().lower()
    if name in ("", "identity"):
        return None
    if name in ("gzip", "x-gzip", "deflate"):
        return zlib.decompressobj(_ZLIB_OR_GZIP)
    raise UnreadableBody(f"unsupported Content-Encoding {encoding[:40]!r}")


def read_body(headers: Mapping[str, str], chunks: Iterable[bytes], limit: int, request: str, into: bytearray) -> int:
    """Write the decompressed body from raw ``chunks`` at the start of ``into`` (grown when too short,
    never shrunk) and give its length; ``ResponseTooLargeError`` past ``limit`` bytes."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit, request)
    decoder = _decompressor(headers.get("content-encoding", ""))
    size = 0
    for chunk in chunks:
        pending = chunk
        while pending:
            if decoder is None:
                piece, pending = pending, b""
            else:
                piece = _inflate(decoder, pending, limit + 1 - size)
                pending = decoder.unconsumed_tail
            size = _put(into, size, piece)
            if size > limit:
                raise _too_large(limit, request)
    if decoder is not None:
        if not decoder.eof:
            raise UnreadableBody("compressed body cut short")
        size = _put(into, size, decoder.flush())
    return size


def _put(into: bytearray, size: int, piece: bytes) -> int:
    """``piece`` written at ``size`` in ``into`` (in place while it fits); the new size."""
    end = size + len(piece)
    into[size:end] = piece
    return end


def _inflate(decoder: zlib._Decompress, data: bytes, room: int) -> bytes:
    try:
        return decoder.decompress(data, max(room, 1))
    except zlib.error:
        raise UnreadableBody("response body could not be decompressed") from None

"""What pygls reads from stdin: frames resynchronised after damage, capped in size, checked as UTF-8.

pygls reads header lines, then exactly ``Content-Length`` bytes of body. ``FramedInput`` sits under it:

* a header line with bytes before ``Content-Length:`` (what is left of a malformed frame) is read from
  the header on, so one broken frame cannot desynchronise the stream for good;
* a ``Content-Length`` over ``MAX_MESSAGE_BYTES`` is refused rather than read (pygls would try to
  allocate that many bytes and die): the header is hidden from pygls, the body is skipped as junk
  until the next header, and ``on_refused`` is told so that the client hears of it;
* a body that is not UTF-8 is passed on with each bad sequence replaced by U+FFFD, and
  ``undecodable`` says what was wrong with it, so the protocol can refuse a request and still apply a
  notification's edits (dropping a ``didChange`` would leave the document out of step for good).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import BinaryIO

MAX_MESSAGE_BYTES = 64 * 2**20
_MAX_HEADER_LINE = 64 * 1024  # the junk of a refused frame is read in pieces of this size
_LENGTH = re.compile(rb"Content-Length:[ \t]*([0-9]+)", re.IGNORECASE)


class FramedInput:
    """stdin for pygls (``readline`` for headers, ``read`` for bodies)."""

    def __init__(self, raw: BinaryIO, on_refused: Callable[[str], None]):
        self._raw = raw
        self._on_refused = on_refused
        self.undecodable: str | None = None  # why the last body was not UTF-8, or None

    def readline(self) -> bytes:
        line = self._raw.readline(_MAX_HEADER_LINE)
        at = line.find(b"Content-Length:")
        if at > 0:
            line = line[at:]
        found = _LENGTH.match(line)
        if found is not None and _too_long(found.group(1)):
            self._on_refused(f"a message of {_shown(found.group(1))} bytes is over the limit of {MAX_MESSAGE_BYTES:,}")
            return b"X-Refused-" + line  # a header pygls does not know, so it reads no body
        return line

    def read(self, size: int) -> bytes:
        body = self._raw.read(size)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.undecodable = f"byte 0x{body[exc.start]:02x} at offset {exc.start} is not UTF-8"
            return body.decode("utf-8", "replace").encode("utf-8")
        self.undecodable = None
        return body


def _too_long(digits: bytes) -> bool:
    return len(digits.lstrip(b"0")) > len(str(MAX_MESSAGE_BYTES)) or int(digits) > MAX_MESSAGE_BYTES


def _shown(digits: bytes) -> str:
    significant = digits.lstrip(b"0").decode("ascii")
    return f"{int(significant):,}" if len(significant) <= 18 else f"{significant[:6]}... ({len(significant)} digits)"

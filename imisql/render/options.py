"""What every output format shares: ``RenderOptions``, the ``Rows``/``Out`` types, the ANSI styles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

DIM = "\x1b[2m"
BOLD = "\x1b[1m"
RESET = "\x1b[0m"

Rows = Iterable[Sequence[Any]]


class Out(Protocol):
    """Where a format writes: any text stream (``sys.stdout``, ``io.StringIO``, a wrapper)."""

    def write(self, text: str, /) -> Any: ...


@dataclass(frozen=True)
class RenderOptions:
    """How results look. The defaults suit a pipe; a terminal caller passes its width and ``color``.

    ``null`` is the NULL marker of table and vertical output (csv writes an empty field, json ``null``);
    ``max_width`` fits table columns to that many cells (``None``: natural widths); ``window`` is how many
    rows the table buffers to size its columns before it streams; ``color`` dims NULL markers and
    bolds table headers with ANSI escapes.
    """

    null: str = "∅"
    max_width: int | None = None
    window: int = 1000
    color: bool = False

    def style(self, text: str, ansi: str) -> str:
        """``text`` wrapped in ``ansi`` ... reset when colour is on; unchanged otherwise."""
        return f"{ansi}{text}{RESET}" if self.color else text

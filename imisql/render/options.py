"""What every output format shares: ``RenderOptions``, the ``Rows``/``Out`` types, the ANSI styles,
and the one colour rule of the command and the shell (``use_color``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
    bolds table headers with ANSI escapes; ``header`` off drops the header line (and the table's
    footer) of table, csv, tsv and html, as ``psql -t`` does.
    """

    null: str = "∅"
    max_width: int | None = None
    window: int = 1000
    color: bool = False
    header: bool = True

    def style(self, text: str, ansi: str) -> str:
        """``text`` wrapped in ``ansi`` ... reset when colour is on; unchanged otherwise."""
        return f"{ansi}{text}{RESET}" if self.color else text


def use_color(mode: str, stream: object, env: Mapping[str, str]) -> bool:
    """Whether output to ``stream`` is coloured: ``always`` / ``never`` as told; ``auto`` colours a
    terminal unless ``NO_COLOR`` is set to anything non-empty (no-color.org) or ``TERM`` is ``dumb``."""
    if mode in ("always", "never"):
        return mode == "always"
    isatty = getattr(stream, "isatty", None)
    terminal = bool(isatty and isatty())
    return terminal and not env.get("NO_COLOR") and env.get("TERM") != "dumb"

"""The ``vertical`` format: one block per row, one ``name | value`` line per column, for wide rows.

Values are never truncated: a multi-line value continues on indented lines under its first line.
NULL shows the marker (dimmed with colour). Streams row by row.
"""

from __future__ import annotations

from typing import Any

from imisql.render.options import DIM, Out, RenderOptions, Rows
from imisql.render.values import display_width, escape_controls, text_of


def write_vertical(columns: list[str], rows: Rows, out: Out, options: RenderOptions) -> int:
    """Write ``rows`` as records; returns the number of rows written."""
    labels = [escape_controls(name) for name in columns]
    width = max((display_width(label) for label in labels), default=0)
    padded = [label + " " * (width - display_width(label)) for label in labels]
    count = 0
    for count, row in enumerate(rows, 1):
        title = f"-[ RECORD {count} ]"
        out.write(title + "-" * max(0, width + 3 - len(title)) + "\n")
        for label, value in zip(padded, row, strict=False):
            out.write(_field(label, width, value, options))
    if count == 0:
        out.write("(0 rows)\n")
    return count


def _field(label: str, width: int, value: Any, options: RenderOptions) -> str:
    if value is None:
        return f"{label} | {options.style(options.null, DIM)}\n"
    first, *rest = [escape_controls(line) for line in text_of(value).split("\n")]
    indent = " " * width + " | "
    return "".join([f"{label} | {first}".rstrip(" ") + "\n", *(f"{indent}{line}\n" for line in rest)])

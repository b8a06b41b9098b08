"""The ``table`` format: aligned columns under a header, for people.

Column widths come from the header and a bounded window of rows (``RenderOptions.window``); after
that window the table keeps streaming with the same widths. Values wider than their column, and
columns that would overflow ``max_width`` (the terminal), are cut with an ellipsis, so the table
never holds more than the window and never wraps. Numbers are right-aligned; NULL shows the marker
(dimmed with colour), so it stays distinct from the string ``'NULL'`` and from an empty string.
Control characters are shown escaped (``\\n``) to keep every row on one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from imisql.render.options import BOLD, DIM, Out, RenderOptions, Rows
from imisql.render.values import display_width, escape_controls, text_of, truncate

SEPARATOR = " | "
MIN_WIDTH = 4  # narrowest a column is squeezed to when the terminal is too narrow for all


_Cell = tuple[str, bool, str]  # text, right-aligned, an ANSI style applied when colour is on ("" for none)


def write_table(columns: list[str], rows: Rows, out: Out, options: RenderOptions) -> int:
    """Write ``rows`` as a table; returns the number of rows written."""
    stream = iter(rows)
    null = (options.null, False, DIM)
    window = [_cells(row, null) for row in islice(stream, options.window)]
    headers = [(escape_controls(name), False, BOLD) for name in columns]
    natural = [max(display_width(text) for text, _, _ in column) for column in zip(headers, *window, strict=False)]
    widths = fit_widths(natural, options.max_width)
    if columns and options.header:
        out.write(_line(headers, widths, options))
        out.write("-+-".join("-" * w for w in widths) + "\n")
    count = 0
    for cells in chain(window, (_cells(row, null) for row in stream)):
        out.write(_line(cells, widths, options))
        count += 1
    if options.header:
        out.write(f"({count} row{'' if count == 1 else 's'})\n")
    return count


def fit_widths(natural: list[int], max_width: int | None) -> list[int]:
    """Column widths that fit ``max_width`` cells with separators: the widest columns are capped first."""
    if max_width is None or not natural:
        return natural
    budget = max_width - len(SEPARATOR) * (len(natural) - 1)
    if sum(natural) <= budget:
        return natural
    low, high = MIN_WIDTH, max(natural)
    while low < high:  # the largest cap whose capped widths still fit the budget
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in natural) <= budget:
            low = cap
        else:
            high = cap - 1
    widths = [min(w, low) for w in natural]
    spare = budget - sum(widths)
    for i, w in enumerate(natural):  # hand the cells left over to the capped columns, left to right
        if spare > 0 and w > widths[i]:
            widths[i] += 1
            spare -= 1
    return widths


def _cells(row: Sequence[Any], null: _Cell) -> list[_Cell]:
    return [
        (value, False, "") if type(value) is str and value.isprintable() else null if value is None else _cell(value)
        for value in row
    ]


def _cell(value: Any) -> _Cell:
    if isinstance(value, str):
        return (escape_controls(value), False, "")
    numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    return (escape_controls(text_of(value)), numeric, "")


def _line(cells: list[_Cell], widths: list[int], options: RenderOptions) -> str:
    parts = []
    for (text, right, style), width in zip(cells, widths, strict=False):
        if not style and text.isascii() and len(text) <= width:  # the common case: pad in C
            parts.append(text.rjust(width) if right else text.ljust(width))
            continue
        used = display_width(text)
        if used > width:
            text = truncate(text, width)
            used = display_width(text)
        padding = " " * (width - used)
        styled = options.style(text, style) if style else text
        parts.append(padding + styled if right else styled + padding)
    return SEPARATOR.join(parts).rstrip(" ") + "\n"

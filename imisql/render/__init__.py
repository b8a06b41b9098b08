"""Result formatters shared by the ``imisql`` command and the interactive shell.

``render(fmt, columns, rows, out, options)`` writes one result in one of ``FORMATS`` (table, csv,
json, jsonl, vertical, tsv, markdown, html, xlsx) and returns the row count; ``render_plan`` writes
EXPLAIN text. Value conventions (NULL, decimals, dates, bytes, nested values) live in
``imisql.render.values``; ``RenderOptions`` holds the NULL marker, terminal width, table window,
colour and header switch. Every text format streams: only ``table`` buffers, and only its first
``options.window`` rows (to size the columns), so huge results run in constant memory; ``xlsx`` (binary)
builds its workbook in openpyxl's write-only mode.
``imisql.render.activity`` is the stderr side: ``-v`` request lines, the stats line, progress.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from imisql.format_names import BINARY_FORMATS, BOM_FORMATS, FORMATS, HUMAN_FORMATS, TEXT_FORMATS
from imisql.render.options import Out, RenderOptions, Rows
from imisql.render.structured import write_csv, write_json, write_jsonl
from imisql.render.table import write_table
from imisql.render.text import write_html, write_markdown, write_tsv
from imisql.render.vertical import write_vertical
from imisql.render.xlsx import XlsxUnavailable, write_xlsx

__all__ = [
    "BINARY_FORMATS",
    "BOM_FORMATS",
    "FORMATS",
    "HUMAN_FORMATS",
    "TEXT_FORMATS",
    "RenderOptions",
    "XlsxUnavailable",
    "render",
    "render_plan",
]

Writer = Callable[[list[str], Rows, Out, RenderOptions], int]

_WRITERS: dict[str, Writer] = {
    "table": write_table,
    "csv": write_csv,
    "json": write_json,
    "jsonl": write_jsonl,
    "vertical": write_vertical,
    "tsv": write_tsv,
    "markdown": write_markdown,
    "html": write_html,
    "xlsx": write_xlsx,
}


def render(
    fmt: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    out: Out,
    options: RenderOptions | None = None,
) -> int:
    """Write one result (``columns`` + ``rows``) to ``out`` in ``fmt``; returns the rows written."""
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return writer(list(columns), rows, out, options or RenderOptions())


def render_plan(fmt: str, plan_text: str, out: Out, options: RenderOptions | None = None) -> None:
    """EXPLAIN output: plain text in the human formats (long URLs stay whole), rows of one
    ``QUERY PLAN`` column in the machine formats."""
    if fmt in HUMAN_FORMATS:
        out.write(plan_text if plan_text.endswith("\n") else plan_text + "\n")
    else:
        from imisql.plan import PLAN_COLUMN  # imported here: the shell shows its prompt without the planner

        render(fmt, [PLAN_COLUMN], ([line] for line in plan_text.splitlines()), out, options)

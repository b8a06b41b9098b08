"""How the shell shows one result: format choice (``\\x`` expanded and auto), the footer, the destination.

Rows are formatted by the shared ``imisql.render`` package as they arrive. This module adds what only
the shell does: ``\\x auto`` switches a table wider than the screen to vertical records (judged on
the table's first window of rows), a table that is too wide otherwise is fitted to the screen,
EXPLAIN prints as plain text, results stream to the terminal (through the pager once taller than
the screen) or to the ``\\o`` file, and a footer says what it cost.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

from imisql.render import HUMAN_FORMATS, RenderOptions, render, render_plan
from imisql.render.values import display_width

from .console import Console, Screen
from .state import ShellState

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_COUNTS_ROWS = frozenset({"table"})  # formats that already end with "(N rows)"


@dataclass(frozen=True)
class Footer:
    """What one statement cost."""

    rows: int
    requests: int
    seconds: float

    def text(self, fmt: str, timing: bool) -> str:
        parts = [] if fmt in _COUNTS_ROWS else [_plural(self.rows, "row")]
        parts.append(_plural(self.requests, "request"))
        if timing:
            parts.append(f"{self.seconds:.3f} s")
        return ", ".join(parts)


Cost = Callable[[int], Footer]  # the footer, once the number of rows shown is known


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def show_result(
    state: ShellState,
    console: Console,
    columns: list[str],
    rows: Iterable[Sequence[Any]],
    cost: Cost,
    plan_text: str | None = None,
    legend: Sequence[str] = (),
) -> int:
    """Print one result (or, for EXPLAIN, the plan) where it belongs as its rows arrive, with its legend
    after a table (DESCRIBE's operator classes), then its footer on the terminal; returns the number of
    rows shown."""
    if plan_text is not None:
        _write_plan(state, console, plan_text)
        return 0
    to_file = state.output_path is not None
    width = console.size()[0] if console.interactive and not to_file else None
    options = _options(state, console, width, to_file)
    stream = iter(rows)
    window = list(islice(stream, options.window))
    fmt = result_format(state, columns, window, width)
    notes = "".join(line + "\n" for line in legend) if fmt in HUMAN_FORMATS else ""
    if to_file:
        assert state.output_path is not None
        with state.output_path.open("a", encoding="utf-8") as handle:
            count = render(fmt, columns, chain(window, stream), handle, options)
            handle.write(notes)
    else:
        with console.screen(pager=state.pager) as screen:
            count = render(fmt, columns, chain(window, stream), screen, options)
            screen.write(notes)
    console.message(cost(count).text(fmt, state.timing))
    return count


def result_format(state: ShellState, columns: list[str], rows: Sequence[Sequence[Any]], width: int | None) -> str:
    """The format to print in: ``\\x on`` turns tables vertical, ``\\x auto`` only tables too wide."""
    if state.format != "table" or state.expanded == "off":
        return state.format
    if state.expanded == "on":
        return "vertical"
    natural = format_rows("table", columns, rows, RenderOptions(null=state.null))
    return "vertical" if width is not None and text_width(natural) > width else "table"


def format_rows(fmt: str, columns: list[str], rows: Sequence[Sequence[Any]], options: RenderOptions) -> str:
    out = io.StringIO()
    render(fmt, columns, rows, out, options)
    return out.getvalue()


def text_width(text: str) -> int:
    """Terminal cells taken by the widest line of ``text`` (colour codes take none)."""
    return max((display_width(_ANSI.sub("", line)) for line in text.splitlines()), default=0)


def _options(state: ShellState, console: Console, width: int | None, to_file: bool) -> RenderOptions:
    return RenderOptions(null=state.null, max_width=width, color=console.color and not to_file)


def _write_plan(state: ShellState, console: Console, plan_text: str) -> None:
    out = io.StringIO()
    render_plan(state.format, plan_text, out, RenderOptions(null=state.null))
    if state.output_path is not None:
        with state.output_path.open("a", encoding="utf-8") as handle:
            handle.write(out.getvalue())
    else:
        console.show(out.getvalue(), pager=state.pager)


__all__ = ["Cost", "Footer", "Screen", "format_rows", "result_format", "show_result", "text_width"]

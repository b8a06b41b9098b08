"""How the shell shows one result: format choice (``\\x`` expanded and auto), the footer, the destination.

Rows are formatted by the shared ``imisql.render`` package. This module adds what only the shell
does: ``\\x auto`` switches a table wider than the screen to vertical records, a table that is too
wide otherwise is fitted to the screen, EXPLAIN prints as plain text, results go to the terminal
(paged when taller than the screen) or to the ``\\o`` file, and a footer says what it cost.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from imisql.render import RenderOptions, render, render_plan
from imisql.render.values import display_width

from .console import Console
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


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def show_result(
    state: ShellState,
    console: Console,
    columns: list[str],
    rows: Sequence[Sequence[Any]],
    footer: Footer,
    plan_text: str | None = None,
) -> None:
    """Print one result (or, for EXPLAIN, the plan) where it belongs, then its footer on the terminal."""
    to_file = state.output_path is not None
    if plan_text is not None:
        text, fmt = _plan_text(state, plan_text), "plan"
    else:
        width = console.size()[0] if console.interactive and not to_file else None
        fmt = result_format(state, columns, rows, width)
        text = format_rows(fmt, columns, rows, _options(state, console, width, to_file))
    if to_file:
        assert state.output_path is not None
        with state.output_path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    else:
        console.show(text, pager=state.pager)
    if fmt != "plan":
        console.message(footer.text(fmt, state.timing))


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


def _plan_text(state: ShellState, plan_text: str) -> str:
    out = io.StringIO()
    render_plan(state.format, plan_text, out, RenderOptions(null=state.null))
    return out.getvalue()

"""A chain of client steps run again over other records: the source step at its bottom swapped for
records already being read (``Given``), as the requests that narrow a run of ties need (``imisql.tie_reader``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from imisql.plan import steps


@dataclass(frozen=True, slots=True, eq=False)
class Given:
    """A source whose records are given (they are read elsewhere)."""

    records: Iterator[dict[str, Any]]

    def client_lines(self) -> list[str]:
        return []


def source_of(step: steps.Step) -> steps.Scan | steps.Fanout:
    """The list source at the bottom of a chain of single-input client steps."""
    while not isinstance(step, steps.Scan | steps.Fanout):
        step = step.input  # type: ignore[union-attr]
    return step


def over(step: steps.Step, records: Iterator[dict[str, Any]]) -> steps.Step:
    """``step``'s chain with ``records`` in place of its source."""
    if isinstance(step, steps.Scan | steps.Fanout):
        return Given(records)  # type: ignore[return-value]
    inner: Any = over(step.input, records)  # type: ignore[union-attr]
    return replace(step, input=inner)


def reading(
    source: steps.Scan | steps.Fanout, parts: list[tuple[tuple[tuple[str, str], ...], int | None]]
) -> steps.Scan | steps.Fanout:
    """``source`` reading other requests (query pairs and row limit each) from the first row, one after another."""
    first = source.branches[0] if isinstance(source, steps.Fanout) else source
    scans = tuple(
        replace(first, request=replace(first.request, params=pairs, offset=0, row_limit=limit))
        for pairs, limit in parts
    )
    if len(scans) == 1:
        return replace(scans[0], names=source.names)
    return steps.Fanout(source.entity, scans, source.key, source.datetime_paths, source.names)

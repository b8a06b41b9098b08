"""The ORDER BY keys iMIS can sort and filter by, and what narrowing a run of ties to them needs.

Built by ``imisql.ordering``; read by ``steps.CompleteTies`` (EXPLAIN) and ``imisql.tie_reader`` (the
requests that narrow a run of ties).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imisql.operators import SPEC_BY_OP, Op
from imisql.wire import wire

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class TieKey:
    """An ORDER BY key iMIS sorts by (``OrderBy``) and filters on (``isEmpty``/``notEmpty``, and ``eq``
    when ``equal``: a run of ties can then be asked for alone)."""

    search: str
    descending: bool
    equal: bool

    @property
    def order(self) -> Pair:
        return order_pair(self.search, self.descending)

    def parts(self, nulls_lowest: bool) -> tuple[tuple[Pair, ...], ...]:
        """The query pairs of the requests that read rows sorted by this key, in the order wanted: the
        empty values apart unless iMIS is known to sort NULLs lowest."""
        if nulls_lowest:
            return ((self.order,),)
        empty, other = (self.empty,), (_filter(self.search, Op.NOT_EMPTY), self.order)
        return (other, empty) if self.descending else (empty, other)

    @property
    def empty(self) -> Pair:
        return _filter(self.search, Op.IS_EMPTY)

    def equal_to(self, value: Any) -> Pair | None:
        """The filter to the rows equal to ``value`` (by the collation), or None when iMIS cannot take it."""
        text = wire(value)
        if not self.equal or isinstance(value, bool) or not text.strip() or "|" in text:
            return None
        return (self.search, f"{SPEC_BY_OP[Op.EQUAL].short}:{text}")


@dataclass(frozen=True, slots=True)
class FollowUps:
    """What narrowing a run of ties needs: the statement's pushed filters (``base``), the ORDER BY keys
    iMIS can sort and filter by (a leading run of them, at least two) and whether iMIS sorts NULLs lowest."""

    base: tuple[Pair, ...]
    keys: tuple[TieKey, ...]
    nulls_lowest: bool


def order_pair(search: str, descending: bool) -> Pair:
    """The ``OrderBy`` query pair sorting by search name ``search`` (iMIS reads ``:Descending``, else ascending)."""
    return ("OrderBy", f"{search}:Descending" if descending else search)


def _filter(search: str, op: Op) -> Pair:
    return (search, f"{SPEC_BY_OP[op].short}:")


def narrowing_lines(follow: FollowUps, need: int) -> list[str]:
    """EXPLAIN's account of the requests that narrow a run of ties (sent only when a run needs them)."""
    keys = follow.keys
    lines = [f"the run of ties that reaches row {need}, if it goes on past the page read, is asked for alone:"]
    for level in range(1, len(keys)):
        filters = [f"{k}={v}" for k, v in follow.base] + [f"{k.search}=eq:{{{k.search}}}" for k in keys[:level]]
        parts = [
            "&".join([*filters, *(f"{k}={v}" for k, v in part)]) for part in keys[level].parts(follow.nulls_lowest)
        ]
        lines.append(f"  sorted by {keys[level].search}: {', then '.join(parts)} (the rows still needed)")
    if not keys[0].descending and not keys[1].descending:
        lines.append(f"  (the run of empty {keys[0].search}: {keys[0].search}=isEmpty: in place of eq:)")
    return lines

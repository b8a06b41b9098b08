"""Writes held as an overlay on the generated data: per-table changes and the row sources that show them.

A *table* is the store one or more entities read (``Party``, ``Person``, ``Organization`` and
``PartySummary`` share ``party``; ``Event`` and ``EventSummary`` share ``event``; every other entity
is its own table; see :mod:`imisql.emulator.writable`). A table's changes are keyed by the folded
single-GET key, each one of:

* a generated row replaced (it keeps its position),
* a generated row deleted (a tombstone: the rows after it move up by one),
* a created row (shown after the generated rows, in creation order).

:func:`overlaid` wraps an entity's generated :class:`RowSource` with a table's changes without
materialising any row: positions are mapped through a sorted array of deleted positions (a few
bisects per record), so a million-party table stays lazy. Every write gives its table a new version
(from one counter that never goes back, so a version never names two states); readers key their
caches on it.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count as counter
from typing import Any

from imisql.emulator.dataset import RowSource

Record = dict[str, Any]

STORED_ITEM = "$item"  # record key holding a typed contract's JSON as written (no search name starts with $)


def fold_key(key: str) -> str:
    """How keys are compared: case-insensitively (``US`` = ``us``)."""
    return key.casefold()


@dataclass(frozen=True)
class Change:
    key: str  # the row's key as it reads in the row
    generated: bool  # the key names a generated row
    record: Record | None  # None: deleted


class Overlay:
    """Every table's changes, behind one lock."""

    def __init__(self) -> None:
        self._tables: dict[str, dict[str, Change]] = {}
        self._versions: dict[str, int] = {}
        self._numbers: dict[str, int] = {}
        self._clock = counter(1)
        self._lock = threading.Lock()

    def version(self, table: str) -> int:
        """0 while the table has never changed."""
        with self._lock:
            return self._versions.get(table, 0)

    def snapshot(self, table: str) -> tuple[int, tuple[Change, ...]]:
        with self._lock:
            return self._versions.get(table, 0), tuple(self._tables.get(table, {}).values())

    def get(self, table: str, key: str) -> Change | None:
        with self._lock:
            return self._tables.get(table, {}).get(fold_key(key))

    def changes_where(self, table: str, test: Callable[[Record], bool]) -> list[Record]:
        """The records of created or replaced rows that pass ``test``."""
        with self._lock:
            changes = list(self._tables.get(table, {}).values())
        return [c.record for c in changes if c.record is not None and test(c.record)]

    def put(self, table: str, change: Change) -> None:
        """Store a created, replaced or deleted row. Deleting a created row forgets it."""
        with self._lock:
            rows = self._tables.setdefault(table, {})
            folded = fold_key(change.key)
            if change.record is None and not change.generated:
                rows.pop(folded, None)
            else:
                rows[folded] = change
            self._versions[table] = next(self._clock)

    def next_number(self, table: str, first: int, taken: Callable[[int], bool]) -> int:
        """The next free number of a table's numeric keys, counting up from ``first``; never handed out twice."""
        while True:
            with self._lock:
                number = max(first, self._numbers.get(table, first))
                self._numbers[table] = number + 1
            if not taken(number):  # outside the lock: ``taken`` reads the overlay
                return number

    def discard(self) -> None:
        """Forget every write (the generated data shows again)."""
        with self._lock:
            for table in self._tables:
                self._versions[table] = next(self._clock)
            self._tables.clear()


@dataclass(frozen=True)
class OverlaidRows:
    """A row source with a table's changes applied, and where each shown row came from."""

    rows: RowSource
    generated_position: Callable[[int], int | None]  # the unchanged generated row shown at a position


def overlaid(
    base: RowSource,
    changes: Sequence[Change],
    belongs: Callable[[Record], bool],
    parent_field: str | None = None,
) -> OverlaidRows:
    """``base`` as its table's ``changes`` leave it (``belongs``: whether a created row is in this entity)."""
    removed: list[int] = []
    replaced: dict[int, Record] = {}
    created: list[Record] = []
    created_at: dict[str, int] = {}
    for change in changes:
        if not change.generated:
            if change.record is not None and belongs(change.record):
                created_at[fold_key(change.key)] = len(created)
                created.append(change.record)
            continue
        pos = base.position(change.key)
        if pos is not None:
            if change.record is None:
                removed.append(pos)
            else:
                replaced[pos] = change.record
    deleted = array("q", sorted(removed))
    kept = base.count() - len(deleted)

    def is_deleted(pos: int) -> bool:
        at = bisect_left(deleted, pos)
        return at < len(deleted) and deleted[at] == pos

    def generated_at(vpos: int) -> int:
        pos = vpos  # the smallest pos with pos - (deleted positions <= pos) == vpos
        while (shifted := vpos + bisect_right(deleted, pos)) != pos:
            pos = shifted
        return pos

    def record(vpos: int) -> Record:
        if vpos >= kept:
            return created[vpos - kept]
        pos = generated_at(vpos)
        return replaced.get(pos) or base.record(pos)

    def position(key: str) -> int | None:
        at = created_at.get(fold_key(key))
        if at is not None:
            return kept + at
        pos = base.position(key)
        if pos is None or is_deleted(pos):
            return None
        return pos - bisect_left(deleted, pos)

    def generated_position(vpos: int) -> int | None:
        if vpos >= kept:
            return None
        pos = generated_at(vpos)
        return None if pos in replaced else pos

    children = None
    if base.children is not None and parent_field is not None:
        base_children, field = base.children, parent_field

        def children(parent: str) -> list[int] | None:
            rows = base_children(parent)
            if rows is None:
                return None
            shown = [p - bisect_left(deleted, p) for p in rows if not is_deleted(p)]
            folded = fold_key(parent)
            return shown + [kept + n for n, rec in enumerate(created) if fold_key(str(rec[field])) == folded]

    rows = RowSource(lambda: kept + len(created), record, position, children)
    return OverlaidRows(rows, generated_position)

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
from imisql.semantics import text_key

Record = dict[str, Any]

STORED_ITEM = "$item"  # record key holding a typed contract's JSON text as stored (no search name starts with $)
WRITE_SERIAL = "$written"  # record key numbering each stored record uniquely (a cache key for its JSON text)


def fold_key(key: str) -> str:
    """How keys are compared: as the server's collation does (``US`` = ``us ``)."""
    return str(text_key(key))


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
            if change.record is not None:
                change.record[WRITE_SERIAL] = self._versions[table]

    def next_number(self, table: str, first: int, taken: Callable[[int], bool]) -> int:
        """The next free number of a table's numeric keys, counting up from ``first``; never handed out twice."""
        while True:
            with self._lock:
                number = max(first, self._numbers.get(table, first))
                self._numbers[table] = number + 1
            if not taken(number):  # outside the lock: ``taken`` reads the overlay
                return number

    def discard(self) -> None:
        """Forget every write and the key numbers they took (the generated data shows again, as new)."""
        with self._lock:
            for table in self._tables:
                self._versions[table] = next(self._clock)
            self._tables.clear()
            self._numbers.clear()


@dataclass(frozen=True)
class OverlaidRows:
    """A row source with a table's changes applied, and where each shown row came from."""

    rows: RowSource
    generated_position: Callable[[int], int | None]  # the unchanged generated row shown at a position
    positions: Positions  # the changes as a scan reads them (deleted, replaced and created rows)


class Positions:
    """Position arithmetic of one entity's generated rows under one snapshot of its table's changes."""

    def __init__(self, base: RowSource, changes: Sequence[Change], belongs: Callable[[Record], bool]) -> None:
        self.base = base
        removed: list[int] = []
        self.replaced: dict[int, Record] = {}
        self.created: list[Record] = []
        self.created_at: dict[str, int] = {}
        for change in changes:
            if not change.generated:
                if change.record is not None and belongs(change.record):
                    self.created_at[fold_key(change.key)] = len(self.created)
                    self.created.append(change.record)
                continue
            pos = base.position(change.key)
            if pos is not None and change.record is None:
                removed.append(pos)
            elif pos is not None and change.record is not None:
                self.replaced[pos] = change.record
        self.deleted = array("q", sorted(removed))
        self.kept = base.count() - len(self.deleted)

    def count(self) -> int:
        return self.kept + len(self.created)

    def is_deleted(self, pos: int) -> bool:
        at = bisect_left(self.deleted, pos)
        return at < len(self.deleted) and self.deleted[at] == pos

    def shown_at(self, pos: int) -> int:
        """Where a (not deleted) generated row is shown."""
        return pos - bisect_left(self.deleted, pos)

    def generated_at(self, vpos: int) -> int:
        """The generated row shown at ``vpos < kept``: the smallest pos with ``shown_at(pos) == vpos``."""
        pos = vpos
        while (shifted := vpos + bisect_right(self.deleted, pos)) != pos:
            pos = shifted
        return pos

    def record(self, vpos: int) -> Record:
        if vpos >= self.kept:
            return self.created[vpos - self.kept]
        pos = self.generated_at(vpos)
        return self.replaced.get(pos) or self.base.record(pos)

    def position(self, key: str) -> int | None:
        at = self.created_at.get(fold_key(key))
        if at is not None:
            return self.kept + at
        pos = self.base.position(key)
        return None if pos is None or self.is_deleted(pos) else self.shown_at(pos)

    def generated_position(self, vpos: int) -> int | None:
        if vpos >= self.kept:
            return None
        pos = self.generated_at(vpos)
        return None if pos in self.replaced else pos

    def children(self, parent: str, parent_field: str) -> list[int] | None:
        assert self.base.children is not None
        rows = self.base.children(parent)
        if rows is None:
            return None
        shown = [self.shown_at(p) for p in rows if not self.is_deleted(p)]
        folded = fold_key(parent)
        return shown + [
            self.kept + n for n, rec in enumerate(self.created) if fold_key(str(rec[parent_field])) == folded
        ]


def overlaid(
    base: RowSource,
    changes: Sequence[Change],
    belongs: Callable[[Record], bool],
    parent_field: str | None = None,
) -> OverlaidRows:
    """``base`` as its table's ``changes`` leave it (``belongs``: whether a created row is in this entity)."""
    positions = Positions(base, changes, belongs)
    children = None
    if base.children is not None and parent_field is not None:
        field = parent_field

        def children(parent: str) -> list[int] | None:
            return positions.children(parent, field)

    rows = RowSource(positions.count, positions.record, positions.position, children)
    return OverlaidRows(rows, positions.generated_position, positions)

"""The first rows of an ORDER BY whose keys iMIS sorts one at a time, without reading whole the run of ties
that reaches the LIMIT.

Rows arrive sorted by one key (the ``level``: the first ORDER BY key, then deeper ones) in runs of equal
values (``imisql.ties``); each run is sorted by every ORDER BY key once complete, and iMIS's order between
runs is checked. Before each page the source asks ``Level.more_pages``. Once the rows given plus the
current run reach the rows wanted and the page read ends inside the run (more pages follow), reading
stops and the run is

* settled when enough of its rows certainly come first: every later key ascending and NULL (nothing
  sorts before NULL), so any of them are the run's first rows;
* narrowed: asked for alone (``eq:`` its value, or ``isEmpty:`` for the run of empty values), sorted by
  the next key, only the rows still needed: the same reading one level down (``TieReader.narrow``);
* read on to its end when neither applies (the next key is not pushed, the value cannot be sent).

A run of empty values holds NULL and blank ones, which sort apart (NULL first): it is narrowed only when
it and the next key are ascending, and the narrowed rows count only when every one is NULL; otherwise
the run is read whole. iMIS is assumed to sort NULLs lowest, as SQL Server does (``FollowUps.nulls_lowest``;
an answer against it stops the statement); when the connection assumes nothing, the empty values of each
key are read apart, before the others ascending and after them descending.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any, Generic, TypeVar

from imisql.errors import ServerOrderError
from imisql.plan.tie_keys import FollowUps, Pair
from imisql.reducers import sort_items
from imisql.semantics import is_empty
from imisql.ties import out_of_order, run_key

T = TypeVar("T")  # a row, or a record
Keys = Sequence[tuple[Callable[[T], Any], bool]]
Gate = Callable[[bool], bool]  # asked before each page (True: the first of a request); False stops reading
Part = tuple[tuple[Pair, ...], int | None]  # one request's query pairs and row limit
Stream = Callable[[list[Part], Gate], Iterator[T]]  # the rows of requests read one after the other
_NO_PUSHDOWN = "Run the statement with pushdown off (--no-pushdown, or pushdown=False) to sort every row on the client"


class Level(Generic[T]):
    """Reading rows sorted by ORDER BY key ``level`` until ``need`` rows are given."""

    def __init__(self, keys: Keys[T], level: int, need: int, narrowable: Callable[[T], bool], nulls_lowest: bool):
        self.keys, self.level, self.need, self.narrowable = keys, level, need, narrowable
        self.nulls_lowest = nulls_lowest  # read in one request, assuming iMIS sorts NULLs lowest (errors say so)
        self.given = 0  # rows of complete runs given
        self.run: list[T] = []
        self.first = 0  # rows of the run that certainly come first in it (``_first``)
        self.stop = ""  # why reading stopped inside a run: "settled" or "narrow"
        later = keys[level + 1 :]  # None: a later key is descending, so no row is certainly first
        self.later = None if any(descending for _, descending in later) else tuple(get for get, _ in later)

    def more_pages(self, first_of_request: bool) -> bool:
        """Whether to fetch the next page (the first of another request: the run before it is complete)."""
        run = self.run
        if not run or self.given + len(run) < self.need:
            return True
        if first_of_request:
            return False  # requests are read by runs of their own: the run that reaches ``need`` is complete
        if self.first >= self.need - self.given:
            self.stop = "settled"
        elif self.narrowable(run[0]):
            self.stop = "narrow"
        return not self.stop

    def rows(self, items: Iterator[T], narrow: Callable[[T, int], Iterator[T]], first: str) -> Iterator[T]:
        """``items`` in the order of every key, at most ``need`` of them; ``narrow(row, n)`` gives the first
        ``n`` rows of the run of ``row``; ``first`` names key ``level`` in errors."""
        value, descending = self.keys[self.level]
        key: tuple[Any, ...] = ()
        for item in items:
            next_key = run_key(value(item))
            if self.run and next_key != key:
                if (next_key < key) != descending:
                    raise out_of_order(first, value(self.run[0]), value(item), self.nulls_lowest)
                done, self.run, self.first = sort_items(self.run, list(self.keys)), [], 0
                self.given += len(done)
                yield from done
                if self.given >= self.need:
                    return
            key = next_key
            self.run.append(item)
            self.first += self._first(item, value, descending)
        wanted = self.need - self.given
        if self.stop == "narrow":
            yield from narrow(self.run[0], wanted)
        else:
            yield from sort_items(self.run, list(self.keys))[:wanted]

    def _first(self, row: T, value: Callable[[T], Any], descending: bool) -> bool:
        """Whether ``row`` certainly comes first in its run: NULL on every later key, all ascending (and
        NULL on this key too in the run of empty values, ascending: blank ones come after NULL)."""
        if self.later is None or not all(get(row) is None for get in self.later):
            return False
        own = value(row)
        return not is_empty(own) or (own is None and not descending)


class TieReader(Generic[T]):
    """Narrows runs of ties: ``stream`` reads the rows of requests over the statement's source."""

    def __init__(
        self, keys: Keys[T], follow: FollowUps, names: Sequence[str], stream: Stream[T], row_limits: bool = True
    ):
        self.keys, self.follow, self.names, self.stream = keys, follow, names, stream
        self.row_limits = row_limits  # each record read is a row (no client filter): a request may stop at a count

    def top(self, need: int) -> Level[T]:
        """The reading of the statement's own requests (sorted by the first key)."""
        return Level(self.keys, 0, need, lambda row: self._filter(row, 0) is not None, self.follow.nulls_lowest)

    def rows(self, top: Level[T], items: Iterator[T]) -> Iterator[T]:
        """The rows of the statement's requests (read with ``top.more_pages`` as their page gate)."""
        return top.rows(items, lambda row, n: self.narrow(row, 0, (), n), self.names[0])

    def narrow(self, row: T, level: int, filters: tuple[Pair, ...], wanted: int) -> Iterator[T]:
        """The first ``wanted`` rows of the run of ``row`` at ``level`` (under ``filters``), in order."""
        pair = self._filter(row, level)
        assert pair is not None
        inner, deeper = (*filters, pair), level + 1
        value = self.keys[level][0]
        sub = Level(self.keys, deeper, wanted, lambda r: self._filter(r, deeper) is not None, self.follow.nulls_lowest)
        last = self.row_limits and deeper == len(self.keys) - 1
        parts = [
            (part, wanted if last and part[-1][0] == "OrderBy" else None)
            for part in self.follow.keys[deeper].parts(self.follow.nulls_lowest)
        ]
        items = self._in_run(self.stream([((*self.follow.base, *inner, *p), n) for p, n in parts], sub.more_pages),
                             row, level, pair)  # fmt: skip
        narrowed = sub.rows(items, lambda r, n: self.narrow(r, deeper, inner, n), self.names[deeper])
        got = list(islice(narrowed, wanted))
        if is_empty(value(row)) and (len(got) < wanted or any(value(r) is not None for r in got)):
            whole = self.stream([((*self.follow.base, *inner), None)], lambda first: True)
            got = sort_items(list(self._in_run(whole, row, level, pair)), list(self.keys))[:wanted]
        if len(got) < wanted:
            raise ServerOrderError(
                f"iMIS returned {len(got)} rows for {pair[0]}={pair[1]}, fewer than the {wanted} of that run it "
                f"had sorted; its collation differs from SQL Server's default, which imisql compares by. "
                f"{_NO_PUSHDOWN}"
            )  # fmt: skip
        return iter(got)

    def _filter(self, row: T, level: int) -> Pair | None:
        """The filter to the run of ``row`` at ``level``, when it can be narrowed by the next key."""
        keys = self.follow.keys
        if level + 1 >= len(keys) or level + 1 >= len(self.keys):
            return None
        value = self.keys[level][0](row)
        if is_empty(value):  # its rows count only if all NULL: ascending, with the empty next keys first
            return None if keys[level].descending or keys[level + 1].descending else keys[level].empty
        return keys[level].equal_to(value)

    def _in_run(self, items: Iterator[T], row: T, level: int, pair: Pair) -> Iterator[T]:
        """``items``, each checked to belong to the run of ``row`` (iMIS filtered by ``pair`` as the client would)."""
        value = self.keys[level][0]
        expected = run_key(value(row))
        for item in items:
            if run_key(value(item)) != expected:
                raise ServerOrderError(
                    f"iMIS returned {self.names[level]} {value(item)!r} for {pair[0]}={pair[1]}; its collation "
                    f"differs from SQL Server's default, which imisql compares by. {_NO_PUSHDOWN}"
                )  # fmt: skip
            yield item

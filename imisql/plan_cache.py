"""Compiled scripts remembered for the statements an application runs again and again.

A program that calls ``cursor.execute(sql, params)`` in a loop hands the same text every time;
``PlanCache`` keeps what compiling it gave, keyed by everything compiling reads: the exact text, the
parameters, the catalog and the compile options. Parameter values are keyed by their type and value
(or their ``repr`` where equal values may be spelt differently), so ``1``, ``True``, ``1.0`` and
``Decimal('1.00')`` never share a plan; the catalog by identity, so once a catalog is refreshed (a new
object) nothing compiled against the old one is reused. The cache holds at most ``size`` entries and
drops the least recently used first.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from typing import Generic, TypeVar

from imisql.binding import Params

DEFAULT_SIZE = 128
Value = TypeVar("Value")


class _Same:
    """A key part equal only to the very same object (hashing it by identity, however it compares)."""

    __slots__ = ("target",)

    def __init__(self, target: object):
        self.target = target  # held, so its id cannot be reused while the entry lives

    def __hash__(self) -> int:
        return id(self.target)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.target is self.target


_EXACT = frozenset({int, bool, str, type(None), dt.date})  # equal values of these types mean the same


def _spelt(value: object) -> Hashable:
    """A value as a key part: itself with its type where equal means the same, else its ``repr`` (which
    tells ``Decimal('1.0')`` from ``Decimal('1.00')`` and -0.0 from 0.0). A value that cannot be spelt
    keys nothing else (it fails to bind anyway)."""
    if type(value) in _EXACT:
        return type(value), value
    try:
        return type(value), repr(value)
    except Exception:  # any object may be passed; the binder reports it
        return object()


def params_key(params: Params) -> Hashable:
    """The parameters as a key: each value by type and spelling; a mapping's order does not matter."""
    if params is None:
        return None
    if isinstance(params, Mapping):
        return "mapping", frozenset((name, _spelt(value)) for name, value in params.items())
    if isinstance(params, Sequence) and not isinstance(params, str | bytes):
        return "sequence", tuple(_spelt(value) for value in params)
    return "other", _spelt(params)


class PlanCache(Generic[Value]):
    """At most ``size`` compiled results by (text, parameters, catalog, options); least recently used out."""

    def __init__(self, size: int = DEFAULT_SIZE):
        self.size = size
        self._entries: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()  # a connection's cursors may run in several threads

    def key(self, text: str, params: Params, catalog: object, options: Hashable) -> Hashable:
        return text, params_key(params), _Same(catalog), options

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value: Value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

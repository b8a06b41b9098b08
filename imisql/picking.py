"""Picking the top-level fields a plan reads out of raw items, before they are decoded.

Names compare as ``imisql.decode.get_path`` reads them: exactly first, then case-insensitively, so a
picked record answers every path of the plan exactly as the whole record would. A ``MonetaryAmountData``
item's ``Amount`` brings its ``Currency`` along (the currency's places set the amount's scale).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["FieldPicker"]

_SPELLINGS_KEPT = 4096  # distinct key spellings remembered; a server inventing keys per item cannot grow it


class FieldPicker:
    """The top-level fields of a record that are decoded; every other field is skipped."""

    __slots__ = ("_folded", "_spellings", "names")

    def __init__(self, names: Iterable[str]) -> None:
        wanted = dict.fromkeys(names)
        if any(name.casefold() == "amount" for name in wanted):
            wanted["Currency"] = None
        self.names = tuple(wanted)
        self._folded = frozenset(name.casefold() for name in self.names)
        self._spellings: dict[str, bool] = {}

    def wants(self, name: str) -> bool:
        """Whether the field spelt ``name`` in an item is one of the picked fields."""
        known = self._spellings.get(name)
        if known is None:
            if len(self._spellings) >= _SPELLINGS_KEPT:
                self._spellings.clear()
            known = self._spellings[name] = name.casefold() in self._folded
        return known

    def pick(self, item: dict[str, Any]) -> dict[str, Any]:
        """The picked fields of a raw item (its other fields are left out, not decoded)."""
        picked: dict[str, Any] = {}
        for name in self.names:
            if name not in item:
                return {key: value for key, value in item.items() if self.wants(key)}
            picked[name] = item[name]
        return picked

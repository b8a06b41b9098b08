"""The demo database: per-entity row sources over deterministic generators.

A :class:`RowSource` exposes a table as positions ``0 .. count-1`` in ascending key order, with
``record(pos)`` generating the row on demand and ``position(key)`` resolving a single-GET id.
The only per-row state kept is compact index arrays built lazily on first use (persons,
organizations, users and Name_Demo owners as party indexes; prefix sums for activities and CEU
rows): about 35 MB at one million parties. Writes live in :mod:`imisql.emulator.overlay`, not here.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from imisql.emulator import commerce, events, groups, metadata, panels, sitebos
from imisql.emulator.countries import COUNTRIES
from imisql.emulator.parties import PartyGenerator, Record
from imisql.emulator.rand import Draw, Keyed, salt_of
from imisql.emulator.selection import map_positions, pick_distinct, prefix_sums

T = TypeVar("T")

_SALT_USER = salt_of("user")
_SALT_ACTIVITY_COUNT = salt_of("activity-count")
_SALT_CEU_COUNT = salt_of("ceu-count")
_SALT_SUBSCRIPTION_COUNT = salt_of("subscription-count")
_SALT_PICK = salt_of("pick")


@dataclass(frozen=True)
class RowSource:
    """A table: positions in ascending key order, rows generated on demand."""

    count: Callable[[], int]
    record: Callable[[int], Record]
    position: Callable[[str], int | None]
    children: Callable[[str], Sequence[int] | None] | None = None  # rows of one parent (Name_CEU/{PartyId})


def _static(rows: list[Record], key: str, fold: Callable[[str], str] = str.casefold) -> RowSource:
    index = {fold(str(row[key])): pos for pos, row in enumerate(rows)}
    return RowSource(lambda: len(rows), rows.__getitem__, lambda k: index.get(fold(k)))


def _find(sorted_values: array[int] | list[int], value: int) -> int | None:
    pos = bisect_left(sorted_values, value)
    return pos if pos < len(sorted_values) and sorted_values[pos] == value else None


class Dataset:
    """All generated demo data for one (seed, parties) pair."""

    def __init__(self, seed: int, parties: int) -> None:
        if parties < 1:
            raise ValueError("parties must be at least 1")
        self.seed = seed
        self.parties = PartyGenerator(seed, parties)
        self.events = events.build_events(seed)
        self.groups = groups.build_groups(seed)
        self.items = commerce.build_items()
        self.invoice_count = max(1, parties * 6 // 10)
        self._invoice_width = max(5, len(str(self.invoice_count))) + 1
        self._user_hash = Keyed(seed, _SALT_USER)
        self._lock = threading.RLock()  # builders may need other lazy arrays
        self._lazy: dict[str, Any] = {}

    def _once(self, name: str, build: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._lazy:
                self._lazy[name] = build()
            return self._lazy[name]

    # -- index arrays ---------------------------------------------------------------------------

    @property
    def persons(self) -> array[int]:
        """Party indexes of persons, ascending."""
        gen = self.parties
        return self._once("persons", lambda: array("i", (i for i in range(gen.count) if not gen.is_org(i))))

    @property
    def organizations(self) -> array[int]:
        gen = self.parties
        return self._once("orgs", lambda: array("i", (i for i in range(gen.count) if gen.is_org(i))))

    @property
    def users(self) -> array[int]:
        """Party indexes of persons with a login (about 40%)."""
        user = self._user_hash
        return self._once("users", lambda: array("i", (i for i in self.persons if user(i) % 10 < 4)))

    @property
    def demo_persons(self) -> array[int]:
        """Party indexes of persons with a Name_Demo row, ascending."""
        seed = self.seed
        return self._once("demo", lambda: array("i", (i for i in self.persons if panels.has_demo_row(seed, i))))

    def _activity_offsets(self) -> array[int]:
        count, hashed = self.parties.count, Keyed(self.seed, _SALT_ACTIVITY_COUNT)
        return self._once("activities", lambda: prefix_sums([hashed(i) % 6 for i in range(count)]))

    def _ceu_offsets(self) -> array[int]:
        hashed = Keyed(self.seed, _SALT_CEU_COUNT)
        return self._once("ceu", lambda: prefix_sums([hashed(i) % 4 for i in self.persons]))

    def _registrants(self) -> tuple[list[array[int]], array[int]]:
        def build() -> tuple[list[array[int]], array[int]]:
            persons = self.persons
            lists = []
            for number, event in enumerate(self.events):
                target = events.registration_target(self.seed, event, len(persons))
                picked = pick_distinct(Draw(self.seed, _SALT_PICK, number), len(persons), target)
                lists.append(map_positions(picked, persons))
            return lists, prefix_sums([len(x) for x in lists])

        return self._once("registrants", build)

    def _members(self) -> tuple[list[array[int]], array[int]]:
        def build() -> tuple[list[array[int]], array[int]]:
            persons = self.persons
            lists = []
            for number, group in enumerate(self.groups):
                target = groups.member_target(group, len(persons))
                picked = pick_distinct(Draw(self.seed, _SALT_PICK, 1000 + number), len(persons), target)
                lists.append(map_positions(picked, persons))
            return lists, prefix_sums([len(x) for x in lists])

        return self._once("members", build)

    # -- helpers ---------------------------------------------------------------------------------

    def party(self, index: int) -> Record:
        return self.parties.record(index)

    def _subset(self, indexes: Callable[[], array[int]], make: Callable[[int], Record]) -> RowSource:
        def position(key: str) -> int | None:
            index = self.parties.index_of(key)
            return None if index is None else _find(indexes(), index)

        return RowSource(lambda: len(indexes()), lambda pos: make(indexes()[pos]), position)

    def _grouped(
        self, lists_and_sums: Callable[[], tuple[list[array[int]], array[int]]], make: Callable[[int, int], Record]
    ) -> tuple[Callable[[], int], Callable[[int], Record]]:
        def count() -> int:
            return lists_and_sums()[1][-1]

        def record(pos: int) -> Record:
            lists, sums = lists_and_sums()
            group = bisect_right(sums, pos) - 1
            return make(group, lists[group][pos - sums[group]])

        return count, record

    def _grouped_position(
        self, key: str, sep: str, owners: list[Record], owner_key: str, lists_and_sums: Callable[[], Any]
    ) -> int | None:
        owner_id, _, party_id = key.rpartition(sep)
        folded = owner_id.casefold()
        owner = next((n for n, o in enumerate(owners) if o[owner_key].casefold() == folded), None)
        index = self.parties.index_of(party_id)
        if owner is None or index is None:
            return None
        lists, sums = lists_and_sums()
        found = _find(lists[owner], index)
        return None if found is None else sums[owner] + found

    # -- row sources -----------------------------------------------------------------------------

    def party_rows(self) -> RowSource:
        gen = self.parties
        return RowSource(lambda: gen.count, gen.record, gen.index_of)

    def person_rows(self) -> RowSource:
        return self._subset(lambda: self.persons, self.party)

    def organization_rows(self) -> RowSource:
        return self._subset(lambda: self.organizations, self.party)

    def user_rows(self) -> RowSource:
        user = self._user_hash
        return self._subset(lambda: self.users, lambda i: commerce.user_record(self.party(i), user(i) % 100 >= 95))

    def contact_rows(self) -> RowSource:
        gen = self.parties
        return RowSource(lambda: gen.count, lambda i: panels.contact_record(self.seed, gen.record(i)), gen.index_of)

    def contact_basic_rows(self) -> RowSource:
        gen = self.parties
        return RowSource(lambda: gen.count, lambda i: sitebos.contact_basic_record(gen.record(i)), gen.index_of)

    def gen_table_rows(self) -> RowSource:
        rows = sitebos.gen_table_rows()
        index = {f"~{r['TableName']}|{r['Code']}".casefold(): pos for pos, r in enumerate(rows)}
        return RowSource(lambda: len(rows), rows.__getitem__, lambda key: index.get(key.strip().casefold()))

    def _subscription_offsets(self) -> array[int]:
        count, hashed = self.parties.count, Keyed(self.seed, _SALT_SUBSCRIPTION_COUNT)
        return self._once(
            "subscriptions", lambda: prefix_sums([sitebos.subscription_count(hashed(i)) for i in range(count)])
        )

    def subscription_rows(self) -> RowSource:
        hashed = Keyed(self.seed, _SALT_SUBSCRIPTION_COUNT)

        def record(pos: int) -> Record:
            sums = self._subscription_offsets()
            index = bisect_right(sums, pos) - 1
            return sitebos.subscription_record(
                self.seed, self.parties.party_id(index), pos - sums[index], hashed(index)
            )

        def position(key: str) -> int | None:
            party_id, sep, item_id = key.removeprefix("~").partition("|")
            index = self.parties.index_of(party_id)
            if not sep or index is None:
                return None
            sums = self._subscription_offsets()
            return next((p for p in range(sums[index], sums[index + 1])
                         if record(p)["ItemId"].casefold() == item_id.strip().casefold()), None)  # fmt: skip

        return RowSource(lambda: self._subscription_offsets()[-1], record, position)

    def demo_rows(self) -> RowSource:
        return self._subset(lambda: self.demo_persons, lambda i: panels.demo_record(self.seed, self.party(i)))

    def country_rows(self) -> RowSource:
        rows = [
            {"CountryCode": c.code, "CountryName": c.name, "MailGroup": c.mail_group,
             "SubEntityNameCaption": c.caption, "IsActive": c.is_active}
            for c in COUNTRIES
        ]  # fmt: skip
        return _static(rows, "CountryCode")

    def bo_rows(self) -> RowSource:
        every = (*panels.BUSINESS_OBJECTS, *sitebos.SITE_BUSINESS_OBJECTS)
        return _static(sorted((metadata.bo_record(bo) for bo in every), key=lambda r: r["EntityTypeName"].casefold()),
                       "EntityTypeName")  # fmt: skip

    def event_rows(self) -> RowSource:
        return _static(self.events, "EventId")

    def group_rows(self) -> RowSource:
        return _static(self.groups, "GroupId")

    def item_rows(self) -> RowSource:
        return _static(self.items, "ItemId")

    def registration_rows(self) -> RowSource:
        def make(event: int, index: int) -> Record:
            return events.registration_record(self.seed, self.events[event], self.parties.party_id(index), index)

        count, record = self._grouped(self._registrants, make)
        return RowSource(
            count, record, lambda key: self._grouped_position(key, "-", self.events, "EventId", self._registrants)
        )

    def member_rows(self) -> RowSource:
        def make(group: int, index: int) -> Record:
            lists, _ = self._members()
            first = lists[group][0] == index
            party = self.party(index)
            return groups.member_record(self.seed, self.groups[group], party["PartyId"], party["Name"], index, first)

        count, record = self._grouped(self._members, make)
        return RowSource(
            count, record, lambda key: self._grouped_position(key, ":", self.groups, "GroupId", self._members)
        )

    def invoice_rows(self) -> RowSource:
        base = 10 ** (self._invoice_width - 1)

        def record(pos: int) -> Record:
            index = Draw(self.seed, _SALT_PICK, 7_000_000 + pos).below(self.parties.count)
            party = self.party(index)
            return commerce.invoice_record(self.seed, pos, str(base + pos), party["PartyId"], party["Name"])

        def position(key: str) -> int | None:
            if len(key) != self._invoice_width or not key.isdigit():
                return None
            pos = int(key) - base
            return pos if 0 <= pos < self.invoice_count else None

        return RowSource(lambda: self.invoice_count, record, position)

    def activity_rows(self) -> RowSource:
        def record(pos: int) -> Record:
            index = bisect_right(self._activity_offsets(), pos) - 1
            return panels.activity_record(self.seed, pos + 1, self.parties.party_id(index))

        def position(key: str) -> int | None:
            key = key.strip()
            if not key.isdigit() or len(key) > 12:
                return None
            pos = int(key) - 1
            return pos if 0 <= pos < self._activity_offsets()[-1] else None

        return RowSource(lambda: self._activity_offsets()[-1], record, position)

    def ceu_rows(self) -> RowSource:
        def record(pos: int) -> Record:
            sums = self._ceu_offsets()
            person = bisect_right(sums, pos) - 1
            party_id = self.parties.party_id(self.persons[person])
            return panels.ceu_record(self.seed, party_id, pos - sums[person] + 1)

        return RowSource(lambda: self._ceu_offsets()[-1], record, self._ceu_position, self._ceu_children)

    def _ceu_children(self, party_id: str) -> range | None:
        index = self.parties.index_of(party_id)
        person = None if index is None else _find(self.persons, index)
        if person is None:
            return None
        sums = self._ceu_offsets()
        return range(sums[person], sums[person + 1])

    def _ceu_position(self, key: str) -> int | None:
        party_id, sep, seqn = key.removeprefix("~").partition("|")
        rows = self._ceu_children(party_id)
        if not sep or rows is None or not seqn.isdigit() or len(seqn) > 9:
            return None
        number = int(seqn)
        return rows[number - 1] if 1 <= number <= len(rows) else None

"""Party generation: one flat *record* per party index (rendered by :mod:`party_json`).

A record is a plain dict whose keys include every Party search name (``PartyId``, ``LastName``,
``Email``, ``CityName``, ...) holding exactly the value found at that search name's JSON path in
the rendered item, so filters can run on records without rendering. Records are pure functions of
``(seed, index)``: nothing is stored per party.

Ids: ``PartyId`` = ``Id`` = ``base + index`` where ``base = 2 * 10**d`` and ``d = max(4,
digits(count))``; every id has the same width, so string order equals numeric order.
About 15% of parties are organizations (decided by a hash of the index).

Real sites hold text typed by people, so the demo does too: about one person in twelve has a last
name in capitals, in lower case or with a trailing space (``SMITH``, ``smith``, ``Smith ``), and
one in ten an email address with capitals (``John.Doe@Example.com``); accented names come from
the pools. Grouping, de-duplication and filters must treat these as the server's collation does.
"""

from __future__ import annotations

import functools
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from imisql.emulator import pools
from imisql.emulator.contracts import dotnet_datetime
from imisql.emulator.countries import BY_CODE
from imisql.emulator.rand import Draw, Keyed, salt_of

Record = dict[str, Any]

_SALT_KIND = salt_of("party-kind")
_SALT_PARTY = salt_of("party")
_SALT_ORG_NAME = salt_of("org-name")
_SALT_SPELLING = salt_of("spelling")
_EPOCH = datetime(2005, 1, 1)
_CREATED_SPAN = int((datetime(2025, 12, 31) - _EPOCH).total_seconds())
_LAST_UPDATE = datetime(2026, 6, 30, 17, 0)
_STATUS = (("A", "Active"),) * 45 + (("I", "Inactive"),) * 4 + (("D", "Marked for deletion"),)
_CALLING_CODES = {
    "GB": "44", "IE": "353", "AU": "61", "NZ": "64", "DE": "49", "FR": "33", "NL": "31",
    "ZA": "27", "SG": "65", "JP": "81", "IN": "91", "MX": "52", "BR": "55",
}  # fmt: skip


class PartyGenerator:
    """Deterministic parties ``0 .. count-1`` for one seed."""

    def __init__(self, seed: int, count: int) -> None:
        self.seed = seed
        self.count = count
        self.width = max(4, len(str(count))) + 1
        self.base = 2 * 10 ** (self.width - 1)
        self._kind = Keyed(seed, _SALT_KIND)
        self._party = Keyed(seed, _SALT_PARTY)
        self._org_name = Keyed(seed, _SALT_ORG_NAME)
        self._spelling = Keyed(seed, _SALT_SPELLING)

    def party_id(self, index: int) -> str:
        return str(self.base + index)

    def index_of(self, party_id: str) -> int | None:
        """The index of a party id string, or None when it names no party."""
        if len(party_id) != self.width or not party_id.isdigit():
            return None
        index = int(party_id) - self.base
        return index if 0 <= index < self.count else None

    def is_org(self, index: int) -> bool:
        return self._kind(index) % 20 < 3

    def org_name(self, index: int) -> str:
        draw = self._org_name.draw(index)
        return f"{draw.pick(pools.ORG_FIRST)} {draw.pick(pools.ORG_SECOND)} {draw.pick(pools.ORG_SUFFIX)}"

    def find_org(self, start: int) -> int | None:
        """The first organization at or after ``start`` (wrapping), or None if there is none."""
        for step in range(min(self.count, 400)):
            index = (start + step) % self.count
            if self.is_org(index):
                return index
        return None

    def record(self, index: int) -> Record:
        draw = self._party.draw(index)
        rec = self._common(index, draw)
        if rec["IsOrganization"]:
            self._fill_org(rec, index, draw)
        else:
            self._fill_person(rec, draw, self._spelling(index))
        _fill_contact(rec, draw)
        return rec

    def _common(self, index: int, draw: Draw) -> Record:
        party_id = self.party_id(index)
        status, status_name = draw.pick(_STATUS)
        created = _EPOCH + timedelta(seconds=draw.below(_CREATED_SPAN), milliseconds=10 * draw.below(100))
        span = int((_LAST_UPDATE - created).total_seconds())
        updated = created + timedelta(seconds=draw.below(span), milliseconds=10 * draw.below(100))
        return {
            "PartyId": party_id,
            "Id": party_id,
            "UniformId": draw.guid(),
            "IsOrganization": self.is_org(index),
            "Status": status,
            "StatusName": status_name,
            "IsMarkedForDelete": status == "D",
            "CreatedOn": dotnet_datetime(created),
            "UpdatedOn": dotnet_datetime(updated),
        }

    def _fill_org(self, rec: Record, index: int, draw: Draw) -> None:
        name = self.org_name(index)
        code, description = draw.pick(pools.ORG_CUSTOMER_TYPES)
        rec.update(
            Name=name, FullName=name, Sort=name, OrganizationName=name, PrimaryOrgId=None, Title=None,
            FirstName=None, LastName=None, MiddleName=None, NamePrefix=None, NameSuffix=None,
            InformalName=None, BirthDate=None, Gender=0, CustomerTypeCode=code,
            CustomerTypeDescription=description, EmailLocal="info", EmailDomain=_org_domain(name),
        )  # fmt: skip
        _fill_membership(rec, draw)

    def _fill_person(self, rec: Record, draw: Draw, spelling: int) -> None:
        gender = 2 if draw.chance(0.5) else (1 if draw.chance(0.94) else 0)
        first = draw.pick(pools.FEMALE_FIRST if gender == 2 else pools.MALE_FIRST)
        last = _as_typed(draw.pick(pools.LAST_NAMES), spelling % 36)
        middle = f"{draw.pick(pools.MIDDLE_INITIALS)}." if draw.chance(0.4) else None
        prefix = draw.pick(pools.PREFIXES_FEMALE if gender == 2 else pools.PREFIXES_MALE) if draw.chance(0.5) else None
        suffix = draw.pick(pools.SUFFIXES) if draw.chance(0.05) else None
        name = " ".join(part for part in (prefix, first, middle, last) if part) + (f", {suffix}" if suffix else "")
        birth = datetime(1940, 1, 1) + timedelta(days=draw.below(23000)) if draw.chance(0.7) else None
        code, description = draw.pick(pools.CUSTOMER_TYPES)
        org_index = self.find_org(draw.below(self.count)) if draw.chance(0.6) else None
        org_name = self.org_name(org_index) if org_index is not None else None
        rec.update(
            Name=name, FullName=name, Sort=f"{last.upper()}, {first.upper()}", FirstName=first,
            LastName=last, MiddleName=middle, NamePrefix=prefix, NameSuffix=suffix, InformalName=first,
            BirthDate=dotnet_datetime(birth) if birth else None, Gender=gender, OrganizationName=org_name,
            PrimaryOrgId=self.party_id(org_index) if org_index is not None else None,
            Title=draw.pick(pools.TITLES) if org_name else None, CustomerTypeCode=code,
            CustomerTypeDescription=description, EmailLocal=_email_local(first, last, spelling // 36 % 10 == 0),
            EmailDomain=_org_domain(org_name) if org_name and draw.chance(0.7) else draw.pick(pools.FREE_MAIL),
        )  # fmt: skip
        _fill_membership(rec, draw)


def _as_typed(last: str, variant: int) -> str:
    """A last name as someone may have typed it: capitals, lower case or a trailing space."""
    return {0: last.upper(), 1: last.lower(), 2: last + " "}.get(variant, last)


def _email_local(first: str, last: str, capitalised: bool) -> str:
    local = f"{_slug(first)}.{_slug(last)}"
    return local.title() if capitalised else local


def _fill_membership(rec: Record, draw: Draw) -> None:
    is_member_type = rec["CustomerTypeCode"] in pools.MEMBER_TYPE_CODES
    rec["IsMember"] = is_member_type and rec["Status"] == "A"
    join = datetime(1985, 1, 1) + timedelta(days=draw.below(15000))
    rec["JoinDate"] = dotnet_datetime(join) if is_member_type else None


def _fill_contact(rec: Record, draw: Draw) -> None:
    """Email, phones and the primary address (all optional)."""
    rec["Email"] = f"{rec.pop('EmailLocal')}@{rec.pop('EmailDomain')}" if draw.chance(0.95) else None
    city = draw.pick(pools.CITIES)
    rec["Phone"] = _phone(city, draw) if draw.chance(0.9) else None
    mobile = not rec["IsOrganization"] and rec["Phone"] is not None and draw.chance(0.4)
    rec["Mobile"] = _phone(city, draw) if mobile else None
    has_address = draw.chance(0.97)
    country = BY_CODE[city.country]
    rec.update(
        HasAddress=has_address,
        AddressLine=f"{draw.between(1, 9999)} {draw.pick(pools.STREET_NAMES)} {draw.pick(pools.STREET_KINDS)}",
        Suite=f"Suite {draw.between(100, 999)}" if draw.chance(0.15) else None,
        HomeLine=f"{draw.between(1, 999)} {draw.pick(pools.STREET_NAMES)} {draw.pick(pools.STREET_KINDS)}"
        if not rec["IsOrganization"] and draw.chance(0.25) else None,
        CityName=city.name if has_address else None,
        CountrySubEntityCode=(city.sub_code or None) if has_address else None,
        CountrySubEntityName=(city.sub_name or None) if has_address else None,
        CountryCode=city.country if has_address else None,
        CountryName=country.name if has_address else None,
        PostalCode=_postal(city.postal, draw) if has_address else None,
    )  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


@functools.lru_cache(maxsize=4096)
def _org_domain(org_name: str) -> str:
    words = org_name.split()
    return f"{_slug(words[0])}{_slug(words[1])}.example.com"


def _phone(city: pools.City, draw: Draw) -> str:
    if city.country in ("US", "CA"):
        return f"({city.area}) {draw.between(200, 999)}-{draw.digits(4)}"
    return f"+{_CALLING_CODES.get(city.country, '1')} {city.area} {draw.digits(4)} {draw.digits(4)}"


def _postal(pattern: str, draw: Draw) -> str:
    letters = "ABCEGHJKLMNPRSTVXY"
    out = []
    for ch in pattern:
        if ch == "9":
            out.append(str(draw.below(10)))
        elif ch == "A":
            out.append(draw.pick(letters))
        else:
            out.append(ch)
    return "".join(out)

"""The country rows served by ``/api/Country``: the ISO 3166-1 table (``imisql.catalog.countries``) with
the columns iMIS adds — a ``MailGroup`` region, the caption of the state/province field, and whether
the country is offered.
"""

from __future__ import annotations

from typing import NamedTuple

from imisql.catalog.countries import ISO_COUNTRIES


class Country(NamedTuple):
    code: str
    name: str
    mail_group: str
    caption: str
    is_active: bool


_CAPTIONS = {"US": "State", "CA": "Province", "AU": "State", "GB": "County", "IE": "County", "NZ": "Region"}
_INACTIVE = frozenset({"AQ", "BV", "HM", "UM", "TF", "IO"})

COUNTRIES: tuple[Country, ...] = tuple(
    Country(c.code, c.name, c.region, _CAPTIONS.get(c.code, "County / region"), c.code not in _INACTIVE)
    for c in ISO_COUNTRIES
)
BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}

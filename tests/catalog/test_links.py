"""The built-in catalog's links between entities: every one names real columns, both directions agree."""

from __future__ import annotations

import pytest

from imisql.catalog import builtin_catalog
from imisql.catalog.links import LINKS, JoinPair, Link, links_between


@pytest.mark.parametrize("link", LINKS, ids=lambda link: f"{link.entity}.{link.column}")
def test_every_link_names_columns_of_the_builtin_catalog(link: Link) -> None:
    catalog = builtin_catalog()
    source, target = catalog.entity(link.entity), catalog.entity(link.target)
    assert source is not None and source.field(link.column) is not None
    assert target is not None and target.field(link.target_column) is not None


def test_links_are_found_in_both_directions_and_any_case() -> None:
    assert links_between("Activity", "Party") == [JoinPair("ID", "PartyId")]
    assert links_between("party", "ACTIVITY") == [JoinPair("PartyId", "ID")]


def test_entities_with_several_links_list_each_once() -> None:
    assert links_between("EventRegistration", "Event") == [JoinPair("EventId", "EventId")]
    assert links_between("Party", "Organization") == [
        JoinPair("PartyId", "PartyId"),
        JoinPair("PrimaryOrganization.OrganizationPartyId", "PartyId"),
    ]


def test_unrelated_entities_have_no_links() -> None:
    assert links_between("Country", "Item") == []
    assert links_between("Party", "NoSuchEntity") == []

"""Tests for imisql.paging: the envelope parser (pure), the loop's guards, and paging over the emulator.

The loop-guard tests feed ``iter_pages`` a scripted ``JsonSource`` (the seam above HTTP) to produce
server answers the emulator never gives (a NextOffset that goes backwards); everything that touches
HTTP runs against the emulator over a real socket.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from imisql.errors import InterfaceError, InternalError
from imisql.paging import Page, fetch_one, iter_items, iter_pages, parse_page

LIST = "System.Collections.Generic.List`1[[System.Object, mscorlib]], mscorlib"


def envelope(items: list[Any], offset: int, total: int | None, **overrides: Any) -> dict[str, Any]:
    has_next = total is not None and offset + len(items) < total
    body: dict[str, Any] = {
        "$type": "Asi.Soa.Core.DataContracts.PagedResult, Asi.Contracts",
        "Items": {"$type": LIST, "$values": items},
        "Offset": offset,
        "Limit": 100,
        "Count": len(items),
        "TotalCount": total,
        "NextPageLink": None,
        "HasNext": has_next,
        "NextOffset": offset + len(items) if has_next else 0,
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


@pytest.mark.parametrize(
    ("body", "requested", "expected"),
    [
        pytest.param(envelope([1, 2], 0, 5), 0, Page([1, 2], 0, 2, 5, 2, True), id="first-of-many"),
        pytest.param(envelope([5], 4, 5), 4, Page([5], 4, 1, 5, None, False), id="last-nextoffset-0"),
        pytest.param(envelope([], 0, 0), 0, Page([], 0, 0, 0, None, False), id="empty"),
        pytest.param(
            envelope([1, 2], 0, 5, Limit=0), 0, Page([1, 2], 0, 2, 5, 2, True), id="limit-echo-0-ignored"
        ),
        pytest.param(
            envelope([1, 2], 0, 5, NextOffset=...), 0, Page([1, 2], 0, 2, 5, 2, True), id="hasnext-only"
        ),
        pytest.param(
            envelope([1, 2], 0, 5, NextOffset=..., HasNext=...),
            0,
            Page([1, 2], 0, 2, 5, 2, True),
            id="totalcount-only",
        ),
        pytest.param(
            envelope([1, 2], 3, 5, NextOffset=..., HasNext=...),
            3,
            Page([1, 2], 3, 2, 5, None, False),
            id="totalcount-reached",
        ),
        pytest.param(
            envelope([1, 2], 0, None, NextOffset=..., HasNext=..., TotalCount=...),
            0,
            Page([1, 2], 0, 2, None, 2, True),
            id="no-signals-continue-until-empty",
        ),
        pytest.param(
            envelope([1, 2], 0, 5, HasNext=False, NextOffset=2),
            0,
            Page([1, 2], 0, 2, 5, None, False),
            id="hasnext-false",
        ),
        pytest.param(
            envelope([1], 0, 5, Offset=...),
            7,
            Page([1], 7, 1, 5, 1, True),
            id="missing-offset-uses-requested",
        ),
        pytest.param(
            {"Items": [1, 2], "Offset": 0, "HasNext": False},
            0,
            Page([1, 2], 0, 2, None, None, False),
            id="bare-items",
        ),
        pytest.param([1, 2, 3], 0, Page([1, 2, 3], 0, 3, 3, None, False), id="bare-list"),
        pytest.param(
            {"$type": "C", "$values": [1]}, 0, Page([1], 0, 1, 1, None, False), id="bare-collection"
        ),
        pytest.param({"PartyId": "1"}, 0, Page([{"PartyId": "1"}], 0, 1, 1, None, False), id="bare-object"),
        pytest.param(None, 0, Page([], 0, 0, 0, None, False), id="null"),
    ],
)
def test_parse_page(body: Any, requested: int, expected: Page) -> None:
    assert parse_page(body, requested) == expected


class ScriptedSource:
    """A JsonSource answering from a list of bodies, recording the params it was asked for."""

    def __init__(self, *bodies: Any):
        self.bodies = list(bodies)
        self.calls: list[list[tuple[str, str]]] = []

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any:
        self.calls.append(list(params))
        return self.bodies.pop(0)


def test_offset_that_does_not_advance_raises_instead_of_looping() -> None:
    source = ScriptedSource(envelope([1], 0, 9, NextOffset=1), envelope([2], 1, 9, NextOffset=1))
    with pytest.raises(InternalError, match="does not advance"):
        list(iter_pages(source, "/api/X", page_size=1))
    assert len(source.calls) == 2


def test_params_keep_order_and_paging_pairs_come_last() -> None:
    source = ScriptedSource(envelope([1], 10, 11))
    list(iter_pages(source, "/api/X", [("B", "2"), ("A", "1"), ("A", "3")], page_size=7, offset=10))
    assert source.calls == [[("B", "2"), ("A", "1"), ("A", "3"), ("limit", "7"), ("offset", "10")]]


def test_max_pages_bounds_the_loop() -> None:
    source = ScriptedSource(*(envelope([i], i, 100) for i in range(5)))
    pages = list(iter_pages(source, "/api/X", page_size=1, max_pages=3))
    assert [p.items for p in pages] == [[0], [1], [2]]
    assert len(source.calls) == 3


@pytest.mark.parametrize(
    ("params", "kwargs"),
    [
        pytest.param([("Limit", "5")], {}, id="limit-in-params"),
        pytest.param([("offset", "5")], {}, id="offset-in-params"),
        pytest.param([], {"page_size": 0}, id="zero-page-size"),
        pytest.param([], {"offset": -1}, id="negative-offset"),
    ],
)
def test_bad_paging_arguments(params: list[tuple[str, str]], kwargs: dict[str, int]) -> None:
    with pytest.raises(InterfaceError):
        next(iter_pages(ScriptedSource(), "/api/X", params, **kwargs))


def test_offset_rounded_down_by_the_server_is_trimmed_to_the_requested_offset() -> None:
    source = ScriptedSource(envelope([5, 6, 7, 8, 9], 5, 12), envelope([10, 11], 10, 12))
    pages = list(iter_pages(source, "/api/X", page_size=5, offset=7))
    assert [p.items for p in pages] == [[7, 8, 9], [10, 11]]
    assert [(p.offset, p.count) for p in pages] == [(7, 3), (10, 2)]

"""Tests for imisql.paging: the envelope parser (pure), the loop's guards, and paging over the emulator.

The loop-guard tests feed ``iter_pages`` a scripted ``JsonSource`` (the seam above HTTP) to produce
server answers the emulator never gives (a NextOffset that goes backwards); everything that touches
HTTP runs against the emulator over a real socket.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

import pytest

from imisql.emulator import Emulator
from imisql.errors import InterfaceError, InternalError
from imisql.http import Client, ClientConfig, RequestLog
from imisql.paging import Page, fetch_one, iter_items, iter_pages, parse_page
from tests.conftest import MakeEmulator

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
        pytest.param(envelope([1, 2], 0, 5, Limit=0), 0, Page([1, 2], 0, 2, 5, 2, True), id="limit-echo-0-ignored"),
        pytest.param(envelope([1, 2], 0, 5, NextOffset=...), 0, Page([1, 2], 0, 2, 5, 2, True), id="hasnext-only"),
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
        pytest.param({"$type": "C", "$values": [1]}, 0, Page([1], 0, 1, 1, None, False), id="bare-collection"),
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


# --- against the emulator (real sockets, 127.0.0.1) ----------------------------------------------------


@pytest.fixture
def quirky(make_emulator: MakeEmulator) -> Emulator:
    """Older-iMIS quirks on: Offset rounded down to a page, BOEntityDefinition echoing Limit 0."""
    return make_emulator(offset_page_rounding=True, bo_definition_limit_zero=True)


@pytest.fixture
def client(emulator: Emulator) -> Iterator[CountingClient]:
    with CountingClient(emulator) as counting:
        yield counting


@pytest.fixture
def quirky_client(quirky: Emulator) -> Iterator[CountingClient]:
    with CountingClient(quirky) as counting:
        yield counting


class CountingClient(Client):
    """A real client that keeps its own request log (the emulator logs just after responding)."""

    def __init__(self, emulator: Emulator):
        self.logs: list[RequestLog] = []
        config = ClientConfig(emulator.base_url, username=emulator.username, password=emulator.password)
        super().__init__(config, on_request=self.logs.append)

    def gets(self) -> list[str]:
        return [log.url.split("?", 1)[1] if "?" in log.url else "" for log in self.logs if log.method == "GET"]


def all_party_ids(client: Client) -> list[str]:
    return [item["Id"] for item in iter_items(client, "/api/Party", page_size=500)]


@pytest.mark.parametrize(
    ("page_size", "requests_sent"),
    [
        pytest.param(7, 43, id="many-pages"),
        pytest.param(100, 3, id="exact-multiple"),
        pytest.param(300, 1, id="exactly-one-page"),
        pytest.param(500, 1, id="one-short-page"),
    ],
)
def test_pages_cover_every_item_once(client: CountingClient, page_size: int, requests_sent: int) -> None:
    pages = list(iter_pages(client, "/api/Party", page_size=page_size))
    ids = [item["Id"] for page in pages for item in page.items]
    assert len(ids) == len(set(ids)) == 300
    assert len(client.gets()) == requests_sent == len(pages)
    assert pages[-1].next_offset is None and all(p.has_next for p in pages[:-1])
    assert [p.offset for p in pages] == list(range(0, 300, page_size))


def test_empty_result_is_one_empty_page(client: CountingClient) -> None:
    pages = list(iter_pages(client, "/api/Party", [("LastName", "zzzz-nobody")]))
    assert pages == [Page([], 0, 0, 0, None, False)]
    assert client.gets() == ["LastName=zzzz-nobody&limit=500&offset=0"]


def test_clamped_limit_is_followed_by_next_offset(client: CountingClient) -> None:
    pages = list(iter_pages(client, "/api/Activity", page_size=1000))
    assert [(p.offset, p.count) for p in pages] == [(0, 500), (500, 260)]
    assert client.gets() == ["limit=1000&offset=0", "limit=1000&offset=500"]


def test_limit_echoed_as_zero_is_not_trusted(quirky_client: CountingClient) -> None:
    pages = list(iter_pages(quirky_client, "/api/BOEntityDefinition", page_size=1))
    total = pages[0].total_count
    assert total is not None and total > 1
    assert [(p.offset, p.count) for p in pages] == [(n, 1) for n in range(total)]


def test_server_offset_rounding_is_trimmed(quirky_client: CountingClient) -> None:
    expected = all_party_ids(quirky_client)[7:19]
    got = [item["Id"] for item in iter_items(quirky_client, "/api/Party", page_size=5, offset=7)][:12]
    assert got == expected
    assert quirky_client.gets()[1:4] == ["limit=5&offset=7", "limit=5&offset=10", "limit=5&offset=15"]


def test_starting_offset_near_the_end(client: CountingClient) -> None:
    pages = list(iter_pages(client, "/api/Party", page_size=10, offset=290))
    assert [(p.offset, p.count, p.next_offset) for p in pages] == [(290, 10, None)]


def test_early_stop_issues_no_further_requests(client: CountingClient) -> None:
    pages = iter_pages(client, "/api/Party", page_size=10)
    first = next(pages)
    assert first.has_next and len(client.gets()) == 1
    pages.close()
    assert list(islice(iter_items(client, "/api/Party", page_size=10), 15))
    assert len(client.gets()) == 3  # 1 + the two pages the 15 items needed


def test_single_object_answer_is_one_page(client: CountingClient) -> None:
    party_id = all_party_ids(client)[0]
    (page,) = iter_pages(client, f"/api/Party/{party_id}")
    assert page.count == 1 and page.items[0]["Id"] == party_id and not page.has_next


def test_fetch_one_not_found_is_none(client: CountingClient) -> None:
    assert fetch_one(client, "/api/Party/999999") is None

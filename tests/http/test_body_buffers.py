"""Bodies read into reused buffers: the same answers whatever the order of body sizes, over real sockets.

A client reads every body into a buffer kept from one response to the next (``imisql.http.buffers``).
These tests change what a stale buffer would expose: a small body after a larger one (the larger
one's tail is still in the buffer), a body larger than the buffer, compressed bodies, bodies cut
short, and a parser that keeps a view of the buffer.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

import msgspec
import pytest

import imisql
from imisql.errors import RetriesExhaustedError
from imisql.http import Client, ClientConfig
from imisql.http.buffers import KEPT_AT_MOST, BodyBuffers
from tests.conftest import MakeEmulator
from tests.http.hostile import Reply, envelope, hostile_server, json_reply


def _config(url: str, **overrides: object) -> ClientConfig:
    options: dict[str, object] = {"token": "t-123", "max_attempts": 1, "read_timeout": 10.0, "backoff": 0.001}
    return ClientConfig(url, **(options | overrides))  # type: ignore[arg-type]


def _page(rows: int, width: int, start: int = 0) -> dict[str, Any]:
    return envelope([{"Id": str(start + n), "Name": chr(65 + n % 26) * width} for n in range(rows)])


def _digest(data: Any) -> str:
    """A short fingerprint of parsed JSON, so that a failed comparison of megabyte pages prints briefly."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def test_bodies_of_every_size_in_turn_parse_as_sent() -> None:
    shapes = [(2000, 600), (3, 5), (1, 2), (4000, 900), (0, 0), (50, 40)]  # (rows, width of a name)
    pages = [_page(rows, width, start) for start, (rows, width) in enumerate(shapes)]
    replies = iter([json_reply(page) for page in pages])
    with hostile_server(lambda seen: next(replies)) as site, Client(_config(site.base_url)) as client:
        for page in pages:
            assert _digest(client.get_json("/api/Party")) == _digest(page)
    assert len(json.dumps(pages[3])) > 3_000_000  # larger than the buffer the first page grew


def test_compressed_and_plain_bodies_alternate() -> None:
    big, small = _page(3000, 500), _page(2, 3)
    packed = Reply(200, gzip.compress(json.dumps(big).encode()), {"Content-Encoding": "gzip"})
    replies = iter([packed, json_reply(small), packed, json_reply(small)])
    with hostile_server(lambda seen: next(replies)) as site, Client(_config(site.base_url)) as client:
        answers = [_digest(client.get_json("/api/Party")) for _ in range(4)]
    assert answers == [_digest(page) for page in (big, small, big, small)]


def test_a_body_cut_short_after_a_full_one_is_an_error_and_the_next_one_reads() -> None:
    full, after = _page(1500, 700), _page(5, 9)
    cut = Reply(200, json.dumps(_page(1500, 700, 1)).encode(), {"Content-Type": "application/json"}, cut=600_000)
    replies = iter([json_reply(full), cut, json_reply(after)])
    with hostile_server(lambda seen: next(replies)) as site, Client(_config(site.base_url)) as client:
        assert _digest(client.get_json("/api/Party")) == _digest(full)
        with pytest.raises(RetriesExhaustedError, match="response body cut short"):
            client.get_json("/api/Party")
        assert _digest(client.get_json("/api/Party")) == _digest(after)


def test_an_error_status_keeps_its_body_for_the_message() -> None:
    replies = iter([json_reply(_page(1000, 800)), json_reply({"Message": "No such field: Nmae"}, 400)])
    with hostile_server(lambda seen: next(replies)) as site, Client(_config(site.base_url)) as client:
        client.get_json("/api/Party")
        with pytest.raises(imisql.Error, match="No such field: Nmae"):
            client.get_json("/api/Party")


def test_a_body_over_the_kept_size_is_read_and_not_kept() -> None:
    huge = _page(6000, 1500)
    replies = iter([json_reply(huge), json_reply(_page(3, 3))])
    with hostile_server(lambda seen: next(replies)) as site, Client(_config(site.base_url)) as client:
        assert _digest(client.get_json("/api/Party")) == _digest(huge)
        assert client.get_json("/api/Party") == _page(3, 3)
    assert len(json.dumps(huge)) > KEPT_AT_MOST


@pytest.mark.parametrize("page_size", [1, 7, 64, 500])
def test_rows_are_the_same_whatever_the_page_size(make_emulator: MakeEmulator, page_size: int) -> None:
    emu = make_emulator(parties=700)
    rows = {}
    for size in sorted({page_size, 500}):
        with imisql.connect(emu.base_url, username=emu.username, password=emu.password, page_size=size) as conn:
            rows[size] = conn.execute("SELECT PartyId, LastName, FirstName, Name FROM Party").fetchall()
    assert len(rows[500]) == 700
    assert rows[page_size] == rows[500]


def test_a_buffer_a_parser_still_looks_into_is_never_handed_out_again() -> None:
    buffers = BodyBuffers()
    buffer = buffers.take()
    buffer[0:13] = b'{"a": [1, 2]}'
    view = memoryview(buffer)[:13]
    kept = msgspec.json.Decoder(dict[str, msgspec.Raw]).decode(view)  # zero-copy views of the buffer
    buffers.give(buffer, view)
    again = buffers.take()
    assert again is not buffer
    again[0:13] = b'{"a": "xyz!"}'
    assert bytes(kept["a"]) == b"[1, 2]"


def test_a_released_buffer_is_reused_and_an_oversized_one_dropped() -> None:
    buffers = BodyBuffers()
    buffer = buffers.take()
    buffer[0:4] = b"null"
    buffers.give(buffer, memoryview(buffer)[:4])
    assert buffers.take() is buffer
    big = bytearray(KEPT_AT_MOST + 1)
    buffers.give(big)
    assert buffers.take() is not big

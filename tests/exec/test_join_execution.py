"""How joins run: key batches kept under the URL limit, early stop under LIMIT, keys that cannot be listed."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

import pytest

import imisql
from imisql.emulator import Emulator
from imisql.joining import batches
from imisql.plan import Request

SQL = "SELECT p.PartyId, a.SEQN FROM Party p JOIN Activity a ON a.ID = p.PartyId WHERE p.Status = 'A'"


def _connect(emu: Emulator, urls: list[str], **options: object) -> imisql.Connection:
    conn = imisql.connect(emu.base_url, username=emu.username, password=emu.password, **options)
    conn.client.on_request = lambda entry: urls.append(entry.url)
    return conn


@pytest.fixture(scope="module")
def emu(exec_emulator: Emulator) -> Iterator[Emulator]:
    yield exec_emulator


def test_key_batches_stay_under_the_url_limit_and_give_the_same_rows(emu: Emulator) -> None:
    wide, narrow = [], []
    with _connect(emu, wide) as conn:
        expected = sorted(conn.execute(SQL).fetchall())
    with _connect(emu, narrow, max_url=400) as conn:
        rows = sorted(conn.execute(SQL).fetchall())
    assert rows == expected and rows
    batches_sent = [u for u in narrow if "/api/Activity" in u and "offset=0" in u]
    assert len(batches_sent) > len([u for u in wide if "/api/Activity" in u and "offset=0" in u])
    assert all(len(u) <= 400 for u in batches_sent)


def test_limit_stops_reading_once_it_has_its_rows(emu: Emulator) -> None:
    everything, limited = [], []
    with _connect(emu, everything, max_url=400) as conn:
        conn.execute(SQL).fetchall()
    with _connect(emu, limited, max_url=400) as conn:
        assert len(conn.execute(SQL + " LIMIT 3").fetchall()) == 3
    assert len(limited) < len(everything) / 2


def test_a_left_join_keeps_rows_without_a_match(emu: Emulator) -> None:
    sql = (
        "SELECT p.PartyId, a.SEQN FROM Party p LEFT JOIN Activity a ON a.ID = p.PartyId AND a.AMOUNT > 100000 "
        "WHERE p.Status = 'A'"
    )
    with _connect(emu, []) as conn:
        rows = conn.execute(sql).fetchall()
        parties = conn.execute("SELECT PartyId FROM Party WHERE Status = 'A'").fetchall()
    assert sorted(r[0] for r in rows) == sorted(p[0] for p in parties)
    assert all(seqn is None for _, seqn in rows)


def test_a_key_that_holds_a_bar_is_sent_on_its_own() -> None:
    template = Request("GET", "/api/Activity", (("ID", "in:{keys}"),), template=True)
    left = [{"p": {"PartyId": "1"}}, {"p": {"PartyId": "a|b"}}, {"p": {"PartyId": "2"}}, {"p": {"PartyId": None}}]
    [(chunk, requests)] = list(batches(left, ("p", "PartyId"), template, "http://127.0.0.1", 2000))
    assert chunk == left
    assert [unquote(r.url("http://127.0.0.1")).split("?")[1].split("&")[0] for r in requests] == [
        "ID=in:1|2",
        "ID=eq:a|b",
    ]
    assert not any(r.template for r in requests)

"""Key lookups as ASI's client sends them: the id in the path, or ?EntityId= when encoding would change it."""

from __future__ import annotations

import imisql
from imisql.emulator import Emulator


def _last_request(emulator: Emulator) -> str:
    entry = emulator.request_log[-1]
    return f"{entry.path}?{entry.query}" if entry.query else entry.path


def test_an_id_that_encoding_would_change_is_sent_as_entity_id(
    conn: imisql.Connection, exec_emulator: Emulator
) -> None:
    (member_id,) = conn.execute("SELECT GroupMemberId FROM GroupMember LIMIT 1").fetchone()
    assert ":" in member_id
    rows = conn.execute("SELECT GroupMemberId FROM GroupMember WHERE GroupMemberId = :k", {"k": member_id}).fetchall()
    assert rows == [(member_id,)]
    assert "EntityId=" in _last_request(exec_emulator) and ":" not in _last_request(exec_emulator).split("?")[0]


def test_a_plain_id_stays_in_the_path(conn: imisql.Connection, exec_emulator: Emulator) -> None:
    (party_id,) = conn.execute("SELECT PartyId FROM Party LIMIT 1").fetchone()
    assert conn.execute("SELECT PartyId FROM Party WHERE PartyId = :k", {"k": party_id}).fetchall() == [(party_id,)]
    assert _last_request(exec_emulator).endswith(f"/api/Party/{party_id}")

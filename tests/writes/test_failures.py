"""Write failures on the emulator: the Nth PUT failing for good stops the statement after exactly N-1
rows (journalled, nothing after), a POST whose answer is lost is not sent again, a row changed
between the read and the write is a conflict and is not overwritten, and a 400 names the row and
iMIS's validation message."""

from __future__ import annotations

from pathlib import Path

import pytest

from imisql.emulator import Emulator, Faults
from imisql.errors import DatabaseError, UnknownOutcomeError, WriteNotConfirmed, WriteStopped
from tests.writes.conftest import Connect, entries

SMITHS = "LastName CONTAINS 'smith'"


def _smiths(connect: Connect) -> list[str]:
    return [r[0] for r in connect().execute(f"SELECT PartyId FROM Party WHERE {SMITHS}").fetchall()]


def test_the_nth_put_failing_for_good_stops_after_n_minus_1_rows(
    connect: Connect, emulator: Emulator, journal: Path
) -> None:
    ids = _smiths(connect)
    assert len(ids) >= 4
    emulator.faults = Faults(write_fault_at=3)
    with pytest.raises(WriteStopped) as caught:
        connect(max_attempts=2).execute(f"UPDATE Party SET FirstName = 'Zed' WHERE {SMITHS}")
    stopped = caught.value
    assert isinstance(stopped, DatabaseError)
    assert (stopped.written, stopped.planned) == (2, len(ids))
    assert str(stopped).startswith(f"2 of {len(ids)} rows updated; stopped at Party {ids[2]}: ")
    assert [e["id"] for e in entries(journal)] == ids[:2]
    emulator.faults = Faults()
    names = [(emulator.current("Party", i) or {})["PersonName"]["FirstName"] for i in ids]
    assert names[:2] == ["Zed", "Zed"] and "Zed" not in names[2:]


def test_a_post_whose_answer_is_lost_is_not_sent_again(connect: Connect, emulator: Emulator, journal: Path) -> None:
    emulator.faults = Faults(write_fault_at=1, write_fault_count=1, write_fault_lose_answer=True)
    emulator.clear_log()
    with pytest.raises(WriteStopped) as caught:
        connect().execute("INSERT INTO Person (PersonName.LastName) VALUES ('Lost'), ('Never')")
    assert isinstance(caught.value.cause, UnknownOutcomeError)
    assert caught.value.written == 0
    posts = [r for r in emulator.request_log if r.method == "POST" and r.path.startswith("/api/")]
    assert len(posts) == 1
    (entry,) = entries(journal)
    assert entry["outcome"] == "unknown" and entry["body"]["PersonName"]["LastName"] == "Lost"
    emulator.faults = Faults()
    found = connect().execute("SELECT LastName FROM Party WHERE LastName IN ('Lost', 'Never')").fetchall()
    assert found == [("Lost",)]  # it was applied once; the second row was never sent


def test_a_row_changed_between_read_and_write_is_a_conflict(connect: Connect, emulator: Emulator) -> None:
    ids = _smiths(connect)
    changed = ids[1]

    def someone_else_edits(question: str) -> bool:
        emulator.concurrent_update("Party", changed, {"PersonName.FirstName": "Theirs"})
        return True

    runner = connect().runner()
    (statement,) = runner.prepare(f"UPDATE Party SET FirstName = 'Mine' WHERE {SMITHS}").statements
    outcome = runner.run(statement, confirm=someone_else_edits)
    assert outcome.report is not None
    assert outcome.report.written == len(ids) - 1
    assert outcome.report.conflicts == [f"Party {changed} changed since it was read"]
    assert "1 skipped as conflicts" in (outcome.message or "")
    assert (emulator.current("Party", changed) or {})["PersonName"]["FirstName"] == "Theirs"


def test_a_validation_error_names_the_row_and_imis_message(connect: Connect, journal: Path) -> None:
    with pytest.raises(WriteStopped) as caught:
        connect().execute("INSERT INTO Activity (ID, ACTIVITY_TYPE) VALUES ('20001', 'CEU'), ('nobody', 'CEU')")
    assert str(caught.value).startswith("1 of 2 rows inserted; stopped at row 2: ")
    assert "nobody" in str(caught.value) or "Party" in str(caught.value)
    assert len(entries(journal)) == 1


def test_declining_writes_nothing(connect: Connect, emulator: Emulator, journal: Path) -> None:
    connection = connect()
    (party,) = connection.execute("SELECT ID FROM Activity LIMIT 1").fetchone() or (None,)
    runner = connection.runner()
    (statement,) = runner.prepare("DELETE FROM Activity WHERE ID = :p", {"p": party}).statements
    asked: list[str] = []

    def decline(question: str) -> bool:
        asked.append(question)
        return False

    emulator.clear_log()
    with pytest.raises(WriteNotConfirmed) as caught:
        runner.run(statement, confirm=decline)
    assert "nothing was written" in str(caught.value)
    assert asked and asked[0].startswith("DELETE ") and asked[0].endswith(" Activity rows?")
    assert not [r for r in emulator.request_log if r.method != "GET" and r.path.startswith("/api/")]
    assert entries(journal) == []

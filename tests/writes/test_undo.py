"""``imisql undo`` restores the emulator's state after UPDATE, INSERT and DELETE, compared field by field
(``UpdateInformation`` excepted: iMIS stamps every write)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imisql.emulator import Emulator
from imisql.journal import Journal
from imisql.undo import plan_undo, undo
from tests.writes.conftest import Connect, entries


def _state(emulator: Emulator, entity: str, ids: list[str]) -> dict[str, Any]:
    out = {}
    for row_id in ids:
        row = emulator.current(entity, row_id)
        if row is not None:
            row.pop("UpdateInformation", None)
        out[row_id] = row
    return out


def _undo(connect: Connect, journal: Path, tmp_path: Path) -> list[str]:
    connection = connect()
    report = undo(connection.client, journal, Journal(tmp_path / "undo.jsonl"))
    assert report.done == len(report.planned)
    return report.notes


def test_undo_of_an_update(connect: Connect, emulator: Emulator, journal: Path, tmp_path: Path) -> None:
    cur = connect().cursor()
    ids = [r[0] for r in cur.execute("SELECT PartyId FROM Party WHERE LastName CONTAINS 'smith'").fetchall()]
    before = _state(emulator, "Party", ids)
    cur.execute("UPDATE Party SET FirstName = 'Zed', OrganizationName = NULL WHERE LastName CONTAINS 'smith'")
    assert _state(emulator, "Party", ids) != before
    assert _undo(connect, journal, tmp_path) == []
    assert _state(emulator, "Party", ids) == before


def test_undo_of_an_insert(connect: Connect, emulator: Emulator, journal: Path, tmp_path: Path) -> None:
    cur = connect().cursor()
    cur.execute("INSERT INTO Activity (ID, ACTIVITY_TYPE) VALUES ('20001', 'CEU'), ('20002', 'GIFT') RETURNING SEQN")
    created = [str(r[0]) for r in cur.fetchall()]
    assert all(emulator.current("Activity", c) is not None for c in created)
    _undo(connect, journal, tmp_path)
    assert all(emulator.current("Activity", c) is None for c in created)


def test_undo_of_a_delete(connect: Connect, emulator: Emulator, journal: Path, tmp_path: Path) -> None:
    cur = connect(live_catalog=True).cursor()
    (party,) = cur.execute("SELECT ID FROM Name_CEU LIMIT 1").fetchone() or (None,)
    ids = [f"~{i}|{s}" for i, s in cur.execute("SELECT ID, SEQN FROM Name_CEU WHERE ID = :p", {"p": party})]
    persons = [r[0] for r in cur.execute("SELECT PartyId FROM Person LIMIT 2").fetchall()]
    before_panels, before_people = _state(emulator, "Name_CEU", ids), _state(emulator, "Person", persons)
    cur.execute("DELETE FROM Name_CEU WHERE ID = :p", {"p": party})
    cur.execute("DELETE FROM Person WHERE PartyId IN (:a, :b)", {"a": persons[0], "b": persons[1]})
    assert set(_state(emulator, "Name_CEU", ids).values()) == {None}
    assert [e["method"] for e in entries(journal)] == ["DELETE"] * (len(ids) + 2)
    assert _undo(connect, journal, tmp_path) == []
    assert _state(emulator, "Name_CEU", ids) == before_panels
    assert _state(emulator, "Person", persons) == before_people


def test_an_unknown_outcome_is_reported_not_reversed(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    journal.record("INSERT ...", "Person", "POST", "/api/Person", None, body={"x": 1}, status=None, outcome="unknown")
    journal.record("UPDATE ...", "Party", "PUT", "/api/Party/20001", "20001", before={"a": 1}, body={"a": 2})
    reversals, notes = plan_undo(journal.path)
    assert [(r.method, r.path, r.body) for r in reversals] == [("PUT", "/api/Party/20001", {"a": 1})]
    assert notes == ["POST /api/Person: its outcome is unknown (the answer was lost); check Person by hand"]

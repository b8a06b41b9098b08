"""UPDATE, INSERT and DELETE round trips on the emulator over a socket: a typed entity (Party/Person),
a business object (Activity) and panels (Name_CEU, Name_Demo, through the site's catalog); and a PUT
body that equals the GET body except the set paths, deep, for every built-in writable entity."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from imisql.emulator import Emulator
from tests.writes.conftest import Connect, entries


def test_update_of_a_person_changes_only_the_named_field(connect: Connect, emulator: Emulator, journal: Path) -> None:
    cur = connect().cursor()
    ids = [r[0] for r in cur.execute("SELECT PartyId FROM Party WHERE LastName CONTAINS 'smith'").fetchall()]
    before = {i: emulator.current("Party", i) for i in ids}
    cur.execute("UPDATE Party SET FirstName = 'Zed' WHERE LastName CONTAINS 'smith'")
    assert cur.rowcount == len(ids) > 1
    assert cur.description is None
    for party_id in ids:
        after = emulator.current("Party", party_id)
        assert after is not None and after["PersonName"]["FirstName"] == "Zed"
        expected = copy.deepcopy(before[party_id])
        assert expected is not None
        expected["PersonName"]["FirstName"] = "Zed"
        expected["UpdateInformation"] = after["UpdateInformation"]
        assert after == expected
    assert [e["id"] for e in entries(journal)] == ids


def test_set_takes_a_column_of_the_row_and_a_parameter(connect: Connect, emulator: Emulator) -> None:
    cur = connect().cursor()
    (person,) = cur.execute("SELECT PartyId FROM Person LIMIT 1").fetchone() or (None,)
    cur.execute(
        "UPDATE Person SET PersonName.InformalName = FirstName, Gender = :g WHERE PartyId = :p", {"g": 2, "p": person}
    )
    row = emulator.current("Person", str(person))
    assert row is not None and row["PersonName"]["InformalName"] == row["PersonName"]["FirstName"]
    assert row["Gender"] == 2


def test_insert_person_returning_its_new_key(connect: Connect, emulator: Emulator) -> None:
    cur = connect().cursor()
    cur.execute(
        "INSERT INTO Person (PersonName.LastName, PersonName.FirstName, AdditionalAttributes.CustomerTypeCode) "
        "VALUES ('Quill', 'Ann', 'REG'), ('Quill', ?, NULL) RETURNING PartyId, Name",
        ["Bob"],
    )
    assert cur.rowcount == 2
    created = cur.fetchall()
    assert [name for _, name in created] == ["Ann Quill", "Bob Quill"]
    stored = emulator.current("Person", created[0][0])
    assert stored is not None and stored["PersonName"]["LastName"] == "Quill"
    bag = {p["Name"]: p.get("Value") for p in stored["AdditionalAttributes"]["$values"]}
    assert bag["CustomerTypeCode"] == "REG"
    found = cur.execute("SELECT COUNT(*) FROM Party WHERE LastName = 'Quill'").fetchone()
    assert found == (2,)


def test_activity_insert_update_delete(connect: Connect, emulator: Emulator) -> None:
    cur = connect().cursor()
    cur.execute(
        "INSERT INTO Activity (ID, ACTIVITY_TYPE, UNITS) SELECT PartyId, 'CEU', 1.5 FROM Party "
        "WHERE PartyId = '20003' RETURNING SEQN"
    )
    (seqn,) = cur.fetchone() or (None,)
    assert isinstance(seqn, int)
    cur.execute("UPDATE Activity SET DESCRIPTION = 'checked', UNITS = 2 WHERE SEQN = :s", {"s": seqn})
    assert cur.rowcount == 1
    assert cur.execute("SELECT DESCRIPTION, UNITS FROM Activity WHERE SEQN = :s", {"s": seqn}).fetchall() == [
        ("checked", Decimal(2))
    ]
    cur.execute("DELETE FROM Activity WHERE SEQN = :s", {"s": seqn})
    assert cur.rowcount == 1
    assert emulator.current("Activity", str(seqn)) is None


def test_panels_through_the_sites_catalog(connect: Connect, emulator: Emulator) -> None:
    cur = connect(live_catalog=True).cursor()
    (party,) = cur.execute("SELECT ID FROM Name_CEU LIMIT 1").fetchone() or (None,)
    ids = cur.execute("SELECT ID, SEQN FROM Name_CEU WHERE ID = :p", {"p": party}).fetchall()
    cur.execute("UPDATE Name_CEU SET DESCRIPTION = 'audited' WHERE ID = :p", {"p": party})
    assert cur.rowcount == len(ids) >= 1
    for row_id, seqn in ids:
        stored = emulator.current("Name_CEU", f"~{row_id}|{seqn}")
        assert stored is not None and _property(stored, "DESCRIPTION") == "audited"
    cur.execute("INSERT INTO Name_CEU (ID, CEU_TYPE, CREDITS) VALUES (:p, 'ETHICS', 3) RETURNING SEQN", {"p": party})
    (seqn,) = cur.fetchone() or (None,)
    assert emulator.current("Name_CEU", f"~{party}|{seqn}") is not None
    cur.execute("DELETE FROM Name_CEU WHERE ID = :p AND SEQN = :s", {"p": party, "s": seqn})
    assert cur.rowcount == 1 and emulator.current("Name_CEU", f"~{party}|{seqn}") is None
    (member,) = cur.execute("SELECT ID FROM Name_Demo LIMIT 1").fetchone() or (None,)
    cur.execute("UPDATE Name_Demo SET BADGE_NAME = 'Zed' WHERE ID = :p", {"p": member})
    demo = emulator.current("Name_Demo", str(member))
    assert cur.rowcount == 1 and demo is not None and _property(demo, "BADGE_NAME") == "Zed"


def _property(obj: dict[str, Any], name: str) -> Any:
    for prop in obj["Properties"]["$values"]:
        if prop["Name"] == name:
            value = prop.get("Value")
            return value.get("$value") if isinstance(value, dict) else value
    return None


# entity, key column, column set, SQL value, where it lands (a JSON path, or a bag and property), its JSON value
WRITABLE = [
    ("Party", "PartyId", "PersonName.MiddleName", "'Q'", ("PersonName", "MiddleName"), "Q"),
    ("Person", "PartyId", "AdditionalAttributes.CustomerTypeCode", "'STU'",
     ("AdditionalAttributes", "#CustomerTypeCode"), "STU"),
    ("Organization", "PartyId", "OrganizationName", "'Acme Widgets'", ("OrganizationName",), "Acme Widgets"),
    ("Country", "CountryCode", "SubEntityNameCaption", "'Region'", ("SubEntityNameCaption",), "Region"),
    ("Event", "EventId", "Description", "'Moved online'", ("Description",), "Moved online"),
    ("EventRegistration", "EventRegistrationId", "RegistrationDate", "DATE '2020-01-02'",
     ("RegistrationDate",), "2020-01-02"),
    ("Group", "GroupId", "Description", "'Renamed'", ("Description",), "Renamed"),
    ("GroupMember", "GroupMemberId", "IsActive", "FALSE", ("IsActive",), False),
    ("User", "UserId", "UserName", "'renamed.user'", ("UserName",), "renamed.user"),
    ("Invoice", "InvoiceId", "Description", "'Adjusted'", ("Description",), "Adjusted"),
    ("Item", "ItemId", "Description", "'New text'", ("Description",), "New text"),
    ("Activity", "SEQN", "DESCRIPTION", "'Edited'", ("Properties", "#DESCRIPTION"), "Edited"),
]  # fmt: skip


@pytest.mark.parametrize(("entity", "key", "column", "sql", "lands", "value"), WRITABLE, ids=[w[0] for w in WRITABLE])
def test_put_body_is_the_get_body_except_the_set_path(
    connect: Connect, journal: Path, entity: str, key: str, column: str, sql: str, lands: tuple[str, ...], value: Any
) -> None:
    cur = connect().cursor()
    first = cur.execute(f"SELECT {key} FROM {entity} LIMIT 1").fetchone()
    assert first is not None
    cur.execute(f"UPDATE {entity} SET {column} = {sql} WHERE {key} = :k", {"k": first[0]})
    assert cur.rowcount == 1
    (entry,) = entries(journal)
    expected = copy.deepcopy(entry["before"])
    _put(expected, lands, value)
    assert entry["body"] == expected
    assert entry["body"] != entry["before"]


def _put(obj: dict[str, Any], lands: tuple[str, ...], value: Any) -> None:
    """Set ``value`` where ``lands`` says: nested keys, and ``#Name`` for a property of a bag."""
    *parents, last = lands
    for step in parents:
        obj = obj[step]
    if not last.startswith("#"):
        obj[last] = value
        return
    entry = next(p for p in obj["$values"] if p["Name"] == last[1:])
    current = entry.get("Value")
    if isinstance(current, dict):
        current["$value"] = value
    else:
        entry["Value"] = value


def test_set_computes_expressions_over_the_row(connect: Connect, emulator: Emulator) -> None:
    cur = connect().cursor()
    (seqn, units, text) = cur.execute(
        "SELECT SEQN, UNITS, DESCRIPTION FROM Activity WHERE UNITS IS NOT NULL AND DESCRIPTION IS NOT NULL LIMIT 1"
    ).fetchone() or (None, None, None)
    cur.execute("UPDATE Activity SET UNITS = UNITS + 1, DESCRIPTION = UPPER(DESCRIPTION) || '!' WHERE SEQN = :s",
                {"s": seqn})  # fmt: skip
    assert cur.rowcount == 1
    after = cur.execute("SELECT UNITS, DESCRIPTION FROM Activity WHERE SEQN = :s", {"s": seqn}).fetchone()
    assert after == (units + 1, str(text).upper() + "!")

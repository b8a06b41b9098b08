"""The write fault knobs (``Faults.write_fault_*``) and ``Emulator.concurrent_update``."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from imisql.emulator import Emulator, Faults
from tests.emulator.support import MISSING, Client, bag, properties

PERSON = "Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts"


def persons(client: Client, count: int) -> list[dict[str, Any]]:
    return client.items("/api/Person", {"limit": str(count)})


def rename(client: Client, person: dict[str, Any], last: str) -> requests.Response:
    changed = {**person, "PersonName": {**person["PersonName"], "LastName": last}}
    return client.send("PUT", f"/api/Person/{person['PartyId']}", changed)


def test_the_nth_write_and_every_later_one_fail_for_good(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(write_fault_at=3)
    rows = persons(client, 5)
    statuses = []
    for row in rows:
        statuses.append(rename(client, row, "Faulted").status_code)
        assert client.get(f"/api/Person/{row['PartyId']}").status_code == 200  # reads are never write-faulted
    assert statuses == [200, 200, 500, 500, 500]
    assert client.total("/api/Person", {"LastName": "faulted"}) == 2
    failed = rename(client, rows[2], "Faulted")
    assert failed.json() == {"Message": "An error occurred. Please contact the administrator."}


def test_a_limited_count_fails_only_those_writes(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(write_fault_at=2, write_fault_count=1, write_fault_status=503)
    rows = persons(client, 3)
    statuses = [rename(client, row, "Once").status_code for row in rows]
    assert statuses == [200, 503, 200]
    assert rename(client, rows[1], "Once").status_code == 200  # the retry of the failed write
    assert client.total("/api/Person", {"LastName": "once"}) == 3


def test_numbering_restarts_when_faults_are_set(emulator: Emulator, client: Client) -> None:
    row = persons(client, 1)[0]
    emulator.faults = Faults(write_fault_at=2)
    assert rename(client, row, "A").status_code == 200
    emulator.faults = Faults(write_fault_at=2)
    assert rename(client, row, "B").status_code == 200
    assert rename(client, row, "C").status_code == 500


def test_a_lost_answer_still_writes(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(write_fault_at=1, write_fault_count=1, write_fault_lose_answer=True)
    before = client.total("/api/Person")
    body = {"$type": PERSON, "PersonName": {"FirstName": "Lost", "LastName": "Answerson"}}
    with pytest.raises(requests.ConnectionError):
        client.http.post(client.base + "/api/Person", json=body, timeout=10)
    created = client.items("/api/Person", {"LastName": "answerson"})
    assert len(created) == 1 and client.total("/api/Person") == before + 1
    posts = [entry for entry in emulator.request_log if entry.method == "POST" and entry.path == "/api/Person"]
    assert [entry.status for entry in posts] == [0]
    assert client.send("POST", "/api/Person", body).status_code == 201  # the next write is answered


def test_write_fault_settings_are_checked() -> None:
    for bad in ({"write_fault_at": 0}, {"write_fault_count": 0}, {"write_fault_status": 200}):
        with pytest.raises(ValueError):
            Faults(**bad)  # type: ignore[arg-type]


def test_a_concurrent_update_changes_the_row_behind_the_client(emulator: Emulator, client: Client) -> None:
    read = persons(client, 1)[0]
    party_id = read["PartyId"]
    stored = emulator.concurrent_update("Person", party_id, {"PersonName.FirstName": "Elsewhere"})
    fresh = client.json(f"/api/Person/{party_id}")
    assert fresh == stored and fresh["PersonName"]["FirstName"] == "Elsewhere"
    assert fresh["UpdateInformation"]["UpdatedOn"] > read["UpdateInformation"]["UpdatedOn"]
    assert fresh["UpdateInformation"]["UpdatedBy"] == "OTHERUSER"
    assert emulator.current("Party", party_id) == fresh
    assert client.items("/api/Person", {"FirstName": "elsewhere"})[0]["PartyId"] == party_id


def test_a_concurrent_update_of_a_property_bag(emulator: Emulator, client: Client) -> None:
    row = client.items("/api/Activity", {"limit": "1"})[0]
    seqn = row["Identity"]["IdentityElements"]["$values"][0]
    emulator.concurrent_update("Activity", seqn, {"DESCRIPTION": "Changed elsewhere", "OTHER_CODE": None})
    values = properties(client.json(f"/api/Activity/{seqn}"))
    assert values["DESCRIPTION"] == "Changed elsewhere" and values["OTHER_CODE"] is MISSING
    assert client.total("/api/Activity", {"DESCRIPTION": "changed elsewhere"}) == 1


def test_concurrent_update_errors(emulator: Emulator) -> None:
    with pytest.raises(KeyError):
        emulator.concurrent_update("Person", "99999999", {"PersonName.FirstName": "x"})
    with pytest.raises(KeyError):
        emulator.concurrent_update("Nope", "1", {})
    with pytest.raises(ValueError, match="not a valid DateTime"):
        emulator.concurrent_update("Party", "20000", {"BirthDate": "someday"})
    with pytest.raises(ValueError, match="not a path"):
        emulator.concurrent_update("Party", "20000", {"Nothing.Here": "x"})
    assert emulator.current("Party", "99999999") is None


def test_concurrent_updates_do_not_count_as_writes(emulator: Emulator, client: Client) -> None:
    emulator.faults = Faults(write_fault_at=1)
    emulator.concurrent_update("Activity", "1", {"DESCRIPTION": "x"})
    assert client.send("POST", "/api/Activity", bag("Activity", ID="20000", ACTIVITY_TYPE="GIFT")).status_code == 500

"""Writes on typed contracts: POST creates, PUT replaces the whole object, DELETE removes; reads see them.

Every test runs against the shared emulator, whose writes are discarded before and after each test.
"""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from imisql.emulator import Emulator, EmulatorConfig
from imisql.emulator.entities import ENTITIES
from imisql.emulator.parties import PartyGenerator
from imisql.emulator.writable import write_spec
from tests.conftest import MakeEmulator
from tests.emulator.support import Client, validation_messages

PERSON = "Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts"
ORGANIZATION = "Asi.Soa.Membership.DataContracts.OrganizationData, Asi.Contracts"
WRITABLE = [e.name for e in ENTITIES if write_spec(e).writable]
READ_ONLY = [e.name for e in ENTITIES if not write_spec(e).writable]


def new_person(last: str = "Quillfeather", first: str = "Ada", **extra: Any) -> dict[str, Any]:
    name = {"$type": "Asi.Soa.Membership.DataContracts.PersonNameData, Asi.Contracts", "FirstName": first,
            "LastName": last}  # fmt: skip
    return {"$type": PERSON, "PersonName": name, **extra}


def first_person(client: Client, offset: int = 0) -> dict[str, Any]:
    return client.items("/api/Person", {"limit": "1", "offset": str(offset)})[0]


def single_get_id(entity: str, item: dict[str, Any]) -> str:
    if item["$type"].startswith("Asi.Soa.Core.DataContracts.GenericEntityData"):
        elements = item["Identity"]["IdentityElements"]["$values"]
        return "~" + "|".join(elements) if len(elements) > 1 else elements[0]
    found = next(e for e in ENTITIES if e.name == entity)
    value = item
    for part in write_spec(found).key_path.split("."):
        value = value[part]
    return str(value)


def without_update_stamp(item: dict[str, Any]) -> dict[str, Any]:
    copied = copy.deepcopy(item)
    for key in ("UpdatedOn", "UpdatedBy"):
        copied.get("UpdateInformation", {}).pop(key, None)
    return copied


def test_post_creates_with_a_new_key(client: Client) -> None:
    before = client.total("/api/Party")
    response = client.send("POST", "/api/Person", new_person())
    assert response.status_code == 201
    created = response.json()
    party_id = created["PartyId"]
    assert created["Id"] == party_id and int(party_id) >= 20000 + before
    assert created["Name"] == "Ada Quillfeather" and created["UniformId"]
    assert created["UpdateInformation"]["CreatedOn"] == created["UpdateInformation"]["UpdatedOn"]
    assert client.json(f"/api/Party/{party_id}") == created
    assert client.total("/api/Party") == before + 1
    assert client.items("/api/Party", {"offset": str(before)})[0] == created
    assert [p["PartyId"] for p in client.items("/api/Person", {"LastName": "quillfeather"})] == [party_id]
    assert client.json(f"/api/PartySummary/{party_id}")["Name"] == "Ada Quillfeather"
    assert client.get(f"/api/Organization/{party_id}").status_code == 404
    again = client.send("POST", "/api/Person", new_person()).json()
    assert int(again["PartyId"]) == int(party_id) + 1


def test_new_person_ids_follow_the_last_party_even_an_organization(make_emulator: MakeEmulator) -> None:
    generator = PartyGenerator(1, 1000)
    last = next(i for i in range(299, 1000) if generator.is_org(i))
    client = Client(make_emulator(parties=last + 1)).login()
    created = client.send("POST", "/api/Person", new_person())
    assert created.status_code == 201 and created.json()["PartyId"] == generator.party_id(last + 1)
    client.close()


def test_put_replaces_the_whole_object(client: Client) -> None:
    person = next(p for p in client.items("/api/Person", {"Phone": "notEmpty:"}) if p["Emails"]["$values"])
    party_id, old_email = person["PartyId"], person["Emails"]["$values"][0]["Address"]
    person["Phones"]["$values"] = []
    person["Emails"]["$values"][0]["Address"] = "moved@example.org"
    response = client.send("PUT", f"/api/Person/{party_id}", person)
    assert response.status_code == 200
    stored = client.json(f"/api/Person/{party_id}")
    assert stored == response.json() and stored["Phones"]["$values"] == []
    assert without_update_stamp(stored) == without_update_stamp(person)
    assert [p["PartyId"] for p in client.items("/api/Party", {"Email": "MOVED@example.org"})] == [party_id]
    assert party_id not in [p["PartyId"] for p in client.items("/api/Party", {"Email": old_email})]
    assert party_id in [p["PartyId"] for p in client.items("/api/Party", {"Phone": "isEmpty:", "limit": "500"})]


@pytest.mark.parametrize("entity", WRITABLE)
def test_a_get_body_put_back_unchanged_is_accepted(client: Client, entity: str) -> None:
    listed = client.items(f"/api/{entity}", {"limit": "3", "offset": "1"})[-1]
    key = single_get_id(entity, listed)
    body = client.json(f"/api/{entity}/{key}")
    response = client.send("PUT", f"/api/{entity}/{key}", body)
    assert response.status_code == 200, response.text
    assert without_update_stamp(response.json()) == without_update_stamp(body)
    assert client.json(f"/api/{entity}/{key}") == response.json()


@pytest.mark.parametrize("entity", READ_ONLY)
def test_read_only_entities_refuse_writes(client: Client, entity: str) -> None:
    response = client.send("POST", f"/api/{entity}", {"$type": "x"})
    assert response.status_code == 501 and response.json()["Message"]


def test_updated_on_moves_forward_on_every_put(client: Client) -> None:
    person = first_person(client)
    stamps = [person["UpdateInformation"]["UpdatedOn"]]
    for _ in range(3):
        answer = client.send("PUT", f"/api/Person/{person['PartyId']}", person).json()
        assert answer["UpdateInformation"]["CreatedOn"] == person["UpdateInformation"]["CreatedOn"]
        assert answer["UpdateInformation"]["UpdatedBy"] == "demo"
        stamps.append(answer["UpdateInformation"]["UpdatedOn"])
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    created = person["UpdateInformation"]["CreatedOn"]
    person["UpdateInformation"] = {"UpdatedOn": "whenever", "CreatedOn": "1900-01-01"}  # the server owns these
    answer = client.send("PUT", f"/api/Person/{person['PartyId']}", person).json()
    assert answer["UpdateInformation"]["UpdatedOn"] > stamps[-1]
    assert answer["UpdateInformation"]["CreatedOn"] == created


def test_delete_removes_the_row_from_every_read(client: Client) -> None:
    before = client.total("/api/Party")
    victim = first_person(client, 5)["PartyId"]
    response = client.send("DELETE", f"/api/Person/{victim}")
    assert response.status_code == 204 and response.content == b""
    assert client.get(f"/api/Party/{victim}").status_code == 404
    assert client.get(f"/api/PartySummary/{victim}").status_code == 404
    assert client.total("/api/Party") == before - 1
    pages = [client.items("/api/Party", {"limit": "40", "offset": str(offset)}) for offset in range(0, before, 40)]
    walked = [p["PartyId"] for page in pages for p in page]
    assert len(walked) == len(set(walked)) == before - 1 and victim not in walked
    assert client.send("DELETE", f"/api/Person/{victim}").status_code == 404


def test_a_deleted_row_can_be_created_again_under_its_key(client: Client) -> None:
    person = first_person(client, 2)
    assert client.send("DELETE", f"/api/Party/{person['PartyId']}").status_code == 204
    response = client.send("POST", "/api/Party", person)
    assert response.status_code == 201 and response.json()["PartyId"] == person["PartyId"]
    assert client.items("/api/Person", {"limit": "1", "offset": "2"})[0]["PartyId"] == person["PartyId"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", "/api/Party/99999999"), ("DELETE", "/api/Party/abc"), ("PUT", "/api/Country/ZZ"),
     ("DELETE", "/api/Event/NOPE"), ("PUT", "/api/EventRegistration/ANNUAL2024-1"), ("DELETE", "/api/Invoice/1"),
     ("DELETE", "/api/Activity/0"), ("PUT", "/api/Name_CEU/~1|1"), ("DELETE", "/api/Group/NOPE")],
)  # fmt: skip
def test_unknown_ids_are_404(client: Client, method: str, path: str) -> None:
    response = client.send(method, path, {"$type": PERSON} if method == "PUT" else None)
    assert response.status_code == 404 and "not found" in response.json()["Message"]


def test_a_person_id_is_not_an_organization(client: Client) -> None:
    person = first_person(client)
    assert client.send("DELETE", f"/api/Organization/{person['PartyId']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"not json", "must be a JSON object"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"PersonName": {}}', "does not match Person"),
        (b'{"$type": "Asi.Soa.Membership.DataContracts.OrganizationData, Asi.Contracts"}', "does not match Person"),
        (b'{"$type": "' + PERSON.encode() + b'"}', "'PersonName.LastName' is required."),
        (b'{"$type": "' + PERSON.encode() + b'", "PersonName": {"LastName": "X"}, "BirthDate": "soon"}',
         "'BirthDate' is not a valid DateTime"),
        (b'{"$type": "' + PERSON.encode() + b'", "PersonName": {"LastName": "X"}, "PartyId": {"a": 1}}',
         "'PartyId' must be text."),
        (b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "must be a JSON object"),
        (b'{"a": ' + b"[" * 100 + b"]" * 100 + b"}", "nests deeper than 64 levels"),
        (b'\xff\xfe{}', "must be a JSON object"),
    ],
    ids=["not-json", "array", "no-type", "wrong-type", "missing-last-name", "bad-date", "object-key", "too-deep",
         "deep", "not-utf8"],
)  # fmt: skip
def test_invalid_bodies_get_validation_results(client: Client, body: bytes, expected: str) -> None:
    headers = {"Content-Type": "application/json"}
    response = client.http.post(client.base + "/api/Person", data=body, headers=headers, timeout=10)
    assert any(expected in m for m in validation_messages(response))
    assert client.total("/api/Person", {"LastName": "X"}) == 0


def test_an_older_assembly_name_is_accepted_and_stored_in_the_current_spelling(client: Client) -> None:
    body = new_person(last="Oldassembly")
    body["$type"] = "Asi.Soa.Membership.DataContracts.PersonData, Asi.Soa.Membership.Contracts"
    created = client.send("POST", "/api/Person", body).json()
    assert created["$type"] == PERSON


def test_put_cannot_change_the_key_or_the_contract(client: Client) -> None:
    person = first_person(client)
    party_id = person["PartyId"]
    moved = {**person, "PartyId": str(int(party_id) + 1)}
    messages = validation_messages(client.send("PUT", f"/api/Party/{party_id}", moved))
    assert any("keys cannot change" in m for m in messages)
    organization = {**person, "$type": ORGANIZATION}
    assert validation_messages(client.send("PUT", f"/api/Party/{party_id}", organization))
    keyless = {k: v for k, v in person.items() if k not in ("PartyId", "Id")}
    assert client.send("PUT", f"/api/Party/{party_id}", keyless).json()["PartyId"] == party_id


def test_creating_an_existing_key_is_409(client: Client) -> None:
    country = client.json("/api/Country/US")
    response = client.send("POST", "/api/Country", country)
    assert response.status_code == 409 and "already exists" in response.json()["Message"]
    person = first_person(client)
    assert client.send("POST", "/api/Organization", {**person, "$type": ORGANIZATION}).status_code == 409


def test_natural_and_derived_keys(client: Client) -> None:
    country = {"$type": "Asi.Soa.Membership.DataContracts.CountryData, Asi.Contracts", "CountryCode": "XK",
               "CountryName": "Kosovo", "IsActive": True}  # fmt: skip
    assert client.send("POST", "/api/Country", country).status_code == 201
    assert client.json("/api/Country/xk")["CountryName"] == "Kosovo"
    person = first_person(client)["PartyId"]
    registration = {"$type": "Asi.Soa.Events.DataContracts.EventRegistrationData, Asi.Contracts",
                    "EventId": "GALA2027", "PartyId": person, "Status": 1}  # fmt: skip
    created = client.send("POST", "/api/EventRegistration", registration).json()
    assert created["EventRegistrationId"] == f"GALA2027-{person}"
    assert client.total("/api/EventRegistration", {"PartyId": person, "EventId": "gala2027"}) == 1
    unknown = {**registration, "EventId": "NOPE2099"}
    messages = validation_messages(client.send("POST", "/api/EventRegistration", unknown))
    assert "Event 'NOPE2099' does not exist." in messages
    group = {"$type": "Asi.Soa.Membership.DataContracts.GroupData, Asi.Contracts", "Name": "Writers Circle"}
    group_id = client.send("POST", "/api/Group", group).json()["GroupId"]
    assert len(group_id) == 36 and client.json(f"/api/Group/{group_id}")["Name"] == "Writers Circle"


def test_sorts_and_filters_see_writes(client: Client) -> None:
    person = first_person(client, 7)
    person["PersonName"]["LastName"] = "Aaaaardvark"
    client.send("PUT", f"/api/Person/{person['PartyId']}", person)
    created = client.send("POST", "/api/Person", new_person(last="Zzzzyzzx")).json()
    ascending = client.items("/api/Person", {"OrderBy": "LastName", "limit": "1"})
    descending = client.items("/api/Person", {"OrderBy": "LastName:Descending", "limit": "1"})
    assert ascending[0]["PartyId"] == person["PartyId"] and descending[0]["PartyId"] == created["PartyId"]
    assert client.total("/api/Person", {"LastName": "startsWith:aaaa"}) == 1
    assert client.total("/api/Party", {"UpdatedOn": f"ge:{created['UpdateInformation']['UpdatedOn']}"}) == 1


def test_iqa_and_query_see_writes(client: Client) -> None:
    path = "$/Common/Queries/Search/Contact/Last Name"
    created = client.send("POST", "/api/Person", new_person(last="Iqawritten")).json()
    rows = client.items("/api/iqa", {"QueryName": path, "Parameter": "iqawri"})
    assert [r["Properties"]["$values"][1]["Value"] for r in rows] == [created["PartyId"]]
    assert [r["ID"] for r in client.items("/api/query", {"QueryName": path, "Parameter": "iqawri"})] == [
        created["PartyId"]
    ]
    client.send("DELETE", f"/api/Person/{created['PartyId']}")
    assert client.total("/api/iqa", {"QueryName": path, "Parameter": "iqawri"}) == 0


def test_event_writes_show_in_event_summary(client: Client) -> None:
    event = client.items("/api/Event", {"limit": "1"})[0]
    event["Name"] = "Renamed Conference"
    client.send("PUT", f"/api/Event/{event['EventId']}", event)
    assert client.json(f"/api/EventSummary/{event['EventId']}")["Name"] == "Renamed Conference"
    assert client.items("/api/EventSummary", {"Name": "renamed conference"})[0]["EventId"] == event["EventId"]


def test_the_guest_account_cannot_write(emulator: Emulator) -> None:
    guest = Client(emulator).login(emulator.config.guest_username, emulator.config.guest_password)
    response = guest.send("POST", "/api/Person", new_person())
    assert response.status_code == 403 and response.json()["Message"]
    guest.close()


def test_discard_writes_restores_the_generated_data(emulator: Emulator, client: Client) -> None:
    person = first_person(client)
    original = client.json(f"/api/Party/{person['PartyId']}")
    client.send("DELETE", f"/api/Party/{person['PartyId']}")
    client.send("POST", "/api/Person", new_person())
    emulator.discard_writes()
    assert client.json(f"/api/Party/{person['PartyId']}") == original
    assert client.total("/api/Party") == 300


def test_a_million_party_emulator_stays_lazy(make_emulator: MakeEmulator) -> None:
    emu = make_emulator(EmulatorConfig(parties=1_000_000))
    client = Client(emu).login()
    party = client.items("/api/Party", {"limit": "1", "offset": "500000"})[0]
    assert client.send("PUT", f"/api/Party/{party['PartyId']}", party).status_code == 200
    assert client.send("DELETE", "/api/Party/20000003").status_code == 204
    created = client.send("POST", "/api/Party", new_person()).json()
    assert created["PartyId"] == "21000000"
    assert client.total("/api/Party") == 1_000_000
    assert client.items("/api/Party", {"limit": "1", "offset": "999999"})[0]["PartyId"] == "21000000"
    assert emu.dataset._lazy == {}  # no per-party index was built
    client.close()


def test_concurrent_creates_neither_lose_nor_duplicate_rows(emulator: Emulator) -> None:
    country = {"$type": "Asi.Soa.Membership.DataContracts.CountryData, Asi.Contracts", "CountryCode": "QZ",
               "CountryName": "Racing"}  # fmt: skip
    clients = [Client(emulator).login() for _ in range(6)]
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda c: c.send("POST", "/api/Country", country).status_code, clients * 2))
        created = list(pool.map(lambda c: c.send("POST", "/api/Person", new_person(last="Racer")).json(), clients))
    assert sorted(statuses) == [201] + [409] * 11
    ids = [c["PartyId"] for c in created]
    assert len(set(ids)) == 6 and clients[0].total("/api/Person", {"LastName": "racer"}) == 6
    for c in clients:
        c.close()

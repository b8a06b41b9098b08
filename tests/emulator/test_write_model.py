"""Random write sequences against a model: after any mix of creates, replaces and deletes, every read
agrees with the model (no row lost, none duplicated, none stale), however the pages are cut."""

from __future__ import annotations

import random
from typing import Any

import pytest

from imisql.semantics import Kind, sort_key
from tests.conftest import MakeEmulator
from tests.emulator.support import Client, bag, plain, properties

PERSON = "Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts"


def walk(client: Client, path: str, page: int, **params: str) -> list[dict[str, Any]]:
    """Every item of a list, ``page`` rows at a time (bounded by the first TotalCount)."""
    total = client.total(path, {**params, "limit": "1"})
    items: list[dict[str, Any]] = []
    for offset in range(0, total + page, page):
        items += client.items(path, {**params, "limit": str(page), "offset": str(offset)})
    return items


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_party_reads_match_the_model(make_emulator: MakeEmulator, seed: int) -> None:
    client = Client(make_emulator(parties=60)).login()
    model = {p["PartyId"]: p["Name"] for p in walk(client, "/api/Party", 500)}
    draw = random.Random(seed)
    for step in range(40):
        action, some = draw.random(), draw.choice(sorted(model))
        if action < 0.35:
            body = {"$type": PERSON, "PersonName": {"FirstName": "Step", "LastName": f"Model{step}"}}
            created = client.send("POST", "/api/Person", body).json()
            model[created["PartyId"]] = created["Name"]
        elif action < 0.7:
            item = client.json(f"/api/Party/{some}")
            item["Name"] = f"Renamed {step}"
            assert client.send("PUT", f"/api/Party/{some}", item).status_code == 200
            model[some] = item["Name"]
        else:
            assert client.send("DELETE", f"/api/Party/{some}").status_code == 204
            del model[some]
    for page in (7, 500):
        listed = walk(client, "/api/Party", page)
        assert {p["PartyId"]: p["Name"] for p in listed} == model and len(listed) == len(model)
    summaries = walk(client, "/api/PartySummary", 11, OrderBy="Name:Descending")
    names = [s["Name"] for s in summaries]
    assert sorted(names) == sorted(model.values())
    assert names == sorted(names, key=lambda n: sort_key(n, Kind.STRING), reverse=True)
    for party_id, name in model.items():
        assert client.json(f"/api/Party/{party_id}")["Name"] == name
    client.close()


@pytest.mark.parametrize("seed", [4, 5])
def test_panel_rows_match_the_model(make_emulator: MakeEmulator, seed: int) -> None:
    client = Client(make_emulator(parties=60)).login()
    rows = walk(client, "/api/Name_CEU", 500)
    model = {(plain(properties(r)["ID"]), plain(properties(r)["SEQN"])): plain(properties(r)["CREDITS"]) for r in rows}
    persons = [p["PartyId"] for p in walk(client, "/api/Person", 500)]
    draw = random.Random(seed)
    for step in range(40):
        action = draw.random()
        if action < 0.4 or not model:
            party = draw.choice(persons)
            created = client.send("POST", "/api/Name_CEU", bag("Name_CEU", ID=party, CREDITS=step)).json()
            model[(party, plain(properties(created)["SEQN"]))] = float(step)
            continue
        party, seqn = draw.choice(sorted(model))
        if action < 0.7:
            changed = bag("Name_CEU", ID=party, SEQN=seqn, CREDITS=step + 0.5)
            assert client.send("PUT", f"/api/Name_CEU/~{party}|{seqn}", changed).status_code == 200
            model[(party, seqn)] = step + 0.5
        else:
            assert client.send("DELETE", f"/api/Name_CEU/~{party}|{seqn}").status_code == 204
            del model[(party, seqn)]
    listed = walk(client, "/api/Name_CEU", 9)
    seen = {(plain(properties(r)["ID"]), plain(properties(r)["SEQN"])): plain(properties(r)["CREDITS"]) for r in listed}
    assert seen == model and len(listed) == len(model)
    for party in {p for p, _ in model}:
        children = client.items(f"/api/Name_CEU/{party}")
        assert sorted(plain(properties(r)["SEQN"]) for r in children) == sorted(s for p, s in model if p == party)
    client.close()

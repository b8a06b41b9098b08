"""``POST /api/DocumentSummary/_execute``: the folders of IQA queries, and a live catalog that lists them."""

from __future__ import annotations

from typing import Any

import imisql
from imisql.catalog.documents import query_paths
from imisql.emulator import Emulator
from imisql.emulator.iqa import QUERIES
from tests.emulator.support import Client

EXECUTE = "/api/DocumentSummary/_execute"


def _request(operation: str, *values: Any) -> dict[str, Any]:
    return {"EntityTypeName": "DocumentSummary", "OperationName": operation, "Parameters": {"$values": list(values)}}


def _result(client: Client, operation: str, *values: Any) -> Any:
    response = client.send("POST", EXECUTE, _request(operation, *values))
    assert response.status_code == 200, response.text
    return response.json()["Result"]


def test_find_by_path_gives_a_folder_and_null_for_an_unknown_path(client: Client) -> None:
    folder = _result(client, "FindByPath", {"$type": "System.String", "$value": "$/imisql"})
    assert (folder["DocumentTypeId"], folder["Path"], folder["Name"]) == ("FOL", "$/imisql", "imisql")
    assert _result(client, "FindByPath", "$/No/Such/Folder") is None


def test_a_folder_lists_its_immediate_children_of_the_types_asked_for(client: Client) -> None:
    folder = _result(client, "FindByPath", "$/imisql")["DocumentId"]
    queries = _result(client, "FindDocumentsInFolder", folder, {"$values": ["IQD"]}, False)["$values"]
    assert sorted(q["Path"] for q in queries) == ["$/imisql/Event Registrations", "$/imisql/Members by Country"]
    root = _result(client, "FindByPath", "$")["DocumentId"]
    top = _result(client, "FindDocumentsInFolder", root, ["IQD", "FOL"], True)["$values"]
    assert sorted(d["Path"] for d in top) == ["$/Common", "$/imisql"]
    assert _result(client, "FindDocumentsInFolder", root, ["IQD"], True)["$values"] == []


def test_bad_execute_requests_are_refused(client: Client) -> None:
    assert client.send("POST", EXECUTE, _request("DeleteEverything")).status_code == 400
    assert client.send("POST", EXECUTE, _request("FindDocumentsInFolder", "not-an-id", ["IQD"])).status_code == 400
    assert client.send("POST", EXECUTE, [1, 2]).status_code == 400
    assert client.get(EXECUTE).status_code == 405


def test_execute_needs_a_token(anonymous: Client) -> None:
    assert anonymous.send("POST", EXECUTE, _request("FindByPath", "$")).status_code == 401


def test_the_walk_finds_every_query_and_stops_at_the_folder_bound(emulator: Emulator) -> None:
    with imisql.connect(emulator.base_url, username=emulator.username, password=emulator.password) as conn:

        def execute(path: str, body: Any) -> Any:
            return conn.client.request_json("POST", path, (), body)

        assert sorted(query_paths(execute)) == sorted(q.path for q in QUERIES)
        assert query_paths(execute, max_folders=1) == ()  # the root holds only folders
        assert sorted(query_paths(execute, max_folders=3)) == ["$/imisql/Event Registrations",
                                                                "$/imisql/Members by Country"]  # fmt: skip


def test_the_live_catalog_knows_the_sites_queries(emulator: Emulator) -> None:
    with imisql.connect(emulator.base_url, username=emulator.username, password=emulator.password) as conn:
        catalog = conn.refresh_catalog()
    assert set(catalog.queries()) == {q.path for q in QUERIES}

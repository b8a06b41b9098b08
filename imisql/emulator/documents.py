"""The document system's folders of IQA queries: ``POST /api/DocumentSummary/_execute``.

Two operations of iMIS's generic execute request, as a site answers them: ``FindByPath`` (one
document or folder by its path, as ``DocumentSummaryData``; ``Result`` is null for an unknown
path) and ``FindDocumentsInFolder`` (the immediate children of a folder, by the folder's
``DocumentId``, of the document types asked for: ``IQD`` for queries, ``FOL`` for folders; the
third parameter, "published only", changes nothing here). The folders are the path prefixes of
the built-in IQA queries (``imisql.emulator.iqa``) under the root ``$``. Any other operation, or
a malformed request, is a 400.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from imisql.emulator.iqa import QUERIES
from imisql.emulator.responses import Response, json_response, validation_error

_SUMMARY = "Asi.Soa.Core.DataContracts.DocumentSummaryData, Asi.Contracts"
_COLLECTION = (
    "System.Collections.Generic.List`1[[Asi.Soa.Core.DataContracts.DocumentSummaryData, Asi.Contracts]], mscorlib"
)
_RESPONSE = "Asi.Soa.Core.DataContracts.ServiceResponse`1[[System.Object, mscorlib]], Asi.Contracts"
_IDS = uuid.UUID("3f0c5a2e-8d4b-4f6a-b1e7-92c4d5a6e013")  # namespace of the demo documents' ids
ROOT = "$"


@dataclass(frozen=True)
class Document:
    path: str
    type_id: str  # IQD (query) or FOL (folder)

    @property
    def id(self) -> str:
        return str(uuid.uuid5(_IDS, self.path.casefold())).upper()

    @property
    def parent(self) -> str:
        return self.path.rsplit("/", 1)[0]

    def summary(self) -> dict[str, Any]:
        return {
            "$type": _SUMMARY, "DocumentId": self.id, "DocumentVersionId": self.id, "DocumentTypeId": self.type_id,
            "Name": self.path.rsplit("/", 1)[-1], "Path": self.path, "Status": "Published",
        }  # fmt: skip


@cache
def documents() -> tuple[Document, ...]:
    """The root folder, every folder on the way to a built-in query, and the queries."""
    folders = {ROOT: Document(ROOT, "FOL")}
    for query in QUERIES:
        parts = query.path.split("/")
        for depth in range(2, len(parts)):
            folder = "/".join(parts[:depth])
            folders.setdefault(folder.casefold(), Document(folder, "FOL"))
    return (*folders.values(), *(Document(q.path, "IQD") for q in QUERIES))


def execute(body: bytes) -> Response:
    """Answer a ``GenericExecuteRequest`` for ``DocumentSummary``."""
    operation, parameters = _request(body)
    if operation == "findbypath" and parameters and isinstance(parameters[0], str):
        path = parameters[0].rstrip("/") or ROOT
        found = next((d for d in documents() if d.path.casefold() == path.casefold()), None)
        return _result(None if found is None else found.summary())
    if operation == "finddocumentsinfolder" and len(parameters) >= 2:
        return _result(_children(parameters[0], parameters[1]))
    raise validation_error(f"DocumentSummary does not support the operation {operation!r} with these parameters.")


def _children(folder_id: Any, types: Any) -> dict[str, Any]:
    folder = next((d for d in documents() if d.type_id == "FOL" and d.id == str(folder_id).upper()), None)
    wanted = {str(t).upper() for t in types} if isinstance(types, list) else set()
    if folder is None:
        raise validation_error(f"No folder has the DocumentId {folder_id!r}.")
    found = [d.summary() for d in documents() if d.path != ROOT and d.parent == folder.path and d.type_id in wanted]
    return {"$type": _COLLECTION, "$values": found}


def _request(body: bytes) -> tuple[str, list[Any]]:
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        raise validation_error("The request body is not JSON.") from None
    if not isinstance(request, dict) or not isinstance(request.get("OperationName"), str):
        raise validation_error("A GenericExecuteRequest with an OperationName is required.")
    raw = request.get("Parameters")
    values = raw.get("$values") if isinstance(raw, dict) else raw
    return request["OperationName"].casefold(), [_plain(v) for v in values] if isinstance(values, list) else []


def _plain(value: Any) -> Any:
    """A parameter without its ``$type`` wrapper (``{"$value": x}`` or ``{"$values": [...]}``)."""
    if isinstance(value, dict):
        return value.get("$value", value.get("$values"))
    return value


def _result(result: Any) -> Response:
    return json_response(200, {"$type": _RESPONSE, "Result": result, "IsSuccessStatusCode": True})

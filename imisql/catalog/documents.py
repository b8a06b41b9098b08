"""The paths of a site's IQA queries, read from its document system folder by folder.

iMIS lists documents through ``POST /api/DocumentSummary/_execute``: ``FindByPath`` gives the root
folder's ``DocumentId``, and ``FindDocumentsInFolder`` a folder's immediate children of the types
asked for (``IQD`` queries, ``FOL`` folders). ``query_paths`` walks the tree breadth first from
``$``, at most ``MAX_FOLDERS`` folders, and returns the query paths it met. It does no HTTP: it
takes an ``Execute`` callable (path and JSON body to decoded JSON) that raises ``ServerError`` for
an error status. A site that refuses (an error status) lists the queries found until then;
connection failures propagate.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from imisql.errors import ConnectionFailed, ServerError

Execute = Callable[[str, Any], Any]

MAX_FOLDERS = 100  # folders listed per catalog load: one request each
ROOT = "$"
_ENDPOINT = "/api/DocumentSummary/_execute"
_QUERY, _FOLDERS = "IQD", ("FOL", "CFL")


def query_paths(execute: Execute, max_folders: int = MAX_FOLDERS) -> tuple[str, ...]:
    """The IQA query paths found under ``$`` (in the order met), reading at most ``max_folders`` folders."""
    found: list[str] = []
    try:
        root = _result(execute(_ENDPOINT, _request("FindByPath", _string(ROOT))))
        folders = deque([(_plain(root.get("DocumentId")), ROOT)] if isinstance(root, dict) else [])
        for _ in range(max_folders):
            if not folders:
                break
            folder_id, path = folders.popleft()
            for child in _children(execute, folder_id):
                child_path = _child_path(child, path)
                if child.get("DocumentTypeId") == _QUERY:
                    found.append(child_path)
                elif child.get("DocumentTypeId") in _FOLDERS:
                    folders.append((_plain(child.get("DocumentId")), child_path))
    except ServerError as exc:
        if isinstance(exc, ConnectionFailed):
            raise
    return tuple(found)


def _children(execute: Execute, folder_id: Any) -> list[dict[str, Any]]:
    types = {"$type": "System.String[]", "$values": [_QUERY, *_FOLDERS]}
    published = {"$type": "System.Boolean", "$value": False}
    result = _result(execute(_ENDPOINT, _request("FindDocumentsInFolder", _string(str(folder_id)), types, published)))
    values = result.get("$values") if isinstance(result, dict) else result
    return [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []


def _child_path(child: dict[str, Any], folder: str) -> str:
    path, name = _plain(child.get("Path")), _plain(child.get("Name"))
    if isinstance(path, str) and path:
        return path
    return f"{folder}/{name}" if isinstance(name, str) else folder


def _request(operation: str, *parameters: Any) -> dict[str, Any]:
    return {
        "$type": "Asi.Soa.Core.DataContracts.GenericExecuteRequest, Asi.Contracts",
        "EntityTypeName": "DocumentSummary",
        "OperationName": operation,
        "Parameters": {
            "$type": "System.Collections.ObjectModel.Collection`1[[System.Object, mscorlib]], mscorlib",
            "$values": list(parameters),
        },
    }


def _string(value: str) -> dict[str, str]:
    return {"$type": "System.String", "$value": value}


def _result(body: Any) -> Any:
    return body.get("Result") if isinstance(body, dict) else None


def _plain(value: Any) -> Any:
    """A value without its ``{"$type": ..., "$value": x}`` wrapper."""
    return value.get("$value") if isinstance(value, dict) else value

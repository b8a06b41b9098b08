"""HTTP responses and the error bodies iMIS sends.

Status mapping follows ASI's ``ServiceResponse`` translation (facts sheet section 5): 400 with
reason phrase ``Validation error`` and a ``ValidationResults`` body, 401/403/404/405/409 (409 is
a duplicate key) with an ASP.NET-style ``{"Message": ...}`` body, 501 ``Operation not
implemented``, 500 with iMIS's "Please contact the administrator" message. Handlers raise
:class:`ApiError`; nothing else reaches the client.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from imisql.emulator.contracts import CORE, collection

JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = JSON_TYPE
    reason: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    lose_answer: bool = False  # the transport resets the connection instead of sending this


_DECIMAL_MARK = "\x00decimal:"
_MARKED_DECIMAL = re.compile(r'"\\u0000decimal:([-0-9.]+)"')


class _Encoder(json.JSONEncoder):
    """JSON with ``Decimal`` values written as numbers with their scale, as .NET writes a decimal
    (``125.00``, not ``125.0``): they are marked as strings, then unquoted."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return _DECIMAL_MARK + format(o, "f")
        return super().default(o)


_ENCODER = _Encoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def money(amount: float) -> Decimal:
    """An amount as iMIS sends money: a decimal with two places."""
    return Decimal(f"{amount:.2f}")


def dumps(value: Any) -> str:
    """Compact JSON as .NET writes it (UTF-8, no spaces, decimals with their scale)."""
    text = _ENCODER.encode(value)
    return _MARKED_DECIMAL.sub(r"\1", text) if "\\u0000decimal:" in text else text


def json_response(status: int, value: Any, reason: str | None = None, **headers: str) -> Response:
    return Response(status, dumps(value).encode("utf-8"), JSON_TYPE, reason, dict(headers))


def text_json_response(status: int, text: str) -> Response:
    return Response(status, text.encode("utf-8"), JSON_TYPE)


class ApiError(Exception):
    """An error response; raising it anywhere in a handler sends it."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def _message(status: int, message: str, reason: str | None = None, **headers: str) -> ApiError:
    return ApiError(json_response(status, {"Message": message}, reason, **headers))


def validation_error(*messages: str) -> ApiError:
    """400 ``Validation error`` with an ``Asi`` ValidationResults body."""
    errors = [
        {"$type": f"{CORE}.ValidationResultData, Asi.Contracts", "Message": message, "Severity": "Error"}
        for message in messages
    ]
    body = {
        "$type": f"{CORE}.ValidationResultsData, Asi.Contracts",
        "Errors": collection(f"{CORE}.ValidationResultDataCollection, Asi.Contracts", errors),
        "Warnings": collection(f"{CORE}.ValidationResultDataCollection, Asi.Contracts", []),
        "Summary": messages[0] if len(messages) == 1 else f"{len(messages)} validation errors",
        "IsValid": False,
    }
    return ApiError(json_response(400, body, "Validation error"))


def unauthorized() -> ApiError:
    return _message(401, "Authorization has been denied for this request.", **{"WWW-Authenticate": "Bearer"})


def forbidden(what: str) -> ApiError:
    return _message(403, f"The current user is not authorized to access {what}.")


def not_found(message: str) -> ApiError:
    return _message(404, message)


def conflict(message: str) -> ApiError:
    """409 (iMIS's DuplicateKey): the row being created already exists."""
    return _message(409, message, "Conflict")


def no_route(path: str) -> ApiError:
    return not_found(f"No HTTP resource was found that matches the request URI '{path}'.")


def method_not_allowed(method: str, allowed: str) -> ApiError:
    return _message(405, f"The requested resource does not support http method '{method}'.", Allow=allowed)


def not_implemented(what: str = "Operation not implemented") -> ApiError:
    return _message(501, what, what)


def server_error() -> Response:
    return json_response(500, {"Message": "An error occurred. Please contact the administrator."})


def oauth_error(error: str, description: str | None = None) -> ApiError:
    body = {"error": error} if description is None else {"error": error, "error_description": description}
    return ApiError(json_response(400, body))

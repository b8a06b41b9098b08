"""Request dispatch: path and method -> endpoint, with authentication and authorisation.

Routes (path segments are percent-decoded and matched case-insensitively):

======================================  =====================================================
``POST /token``                          password grant (other methods: 405)
``GET /api/{Entity}``                    paged list with filters
``GET /api/{Entity}/{id}``               one item; ``~a|b`` composite ids; ``Name_CEU/{PartyId}``
``POST /api/{Entity}``                   create (PUT/DELETE without an id: 405)
``PUT|DELETE /api/{Entity}/{id}``        replace / delete (POST with an id: 405)
``GET /api/iqa``, ``GET /api/query``     built-in IQA queries (other methods: 405)
``GET /api/metadata/{Entity}``           entity definition (other methods: 405)
``POST /api/DocumentSummary/_execute``   folders of IQA queries (``imisql.emulator.documents``)
``/api/{Entity}/{id}/anything``          501 (changelog, _execute ... are not emulated)
======================================  =====================================================

Every ``/api`` route needs a valid bearer token (401 otherwise, checked before the route so an
unknown path under ``/api`` is still 401 without a token); the restricted guest account gets 403
on the configured entities and on every write. Writes to read-only entities and other methods
(PATCH, HEAD) are 501. Each write request is numbered for the ``write_fault_*`` knobs before it is
handled (see :mod:`imisql.emulator.faults`). Unknown paths are 404. Any unexpected exception
becomes a JSON 500.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from imisql.emulator import documents
from imisql.emulator.auth import Account, TokenStore, bearer_token, token_endpoint
from imisql.emulator.config import EmulatorConfig
from imisql.emulator.endpoints import Endpoints
from imisql.emulator.entities import EntityDef
from imisql.emulator.entities import entity as find_entity
from imisql.emulator.faults import FaultState, WriteFault
from imisql.emulator.responses import (
    ApiError,
    Response,
    forbidden,
    method_not_allowed,
    no_route,
    not_implemented,
    server_error,
    unauthorized,
)
from imisql.emulator.writes import Writer

_WRITES = {"POST": 1, "PUT": 2, "DELETE": 2}  # method -> path segments it takes (entity, or entity and id)


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str  # raw path, no query string
    params: Sequence[tuple[str, str]]  # decoded query parameters, in order
    headers: Mapping[str, str]  # lower-case names
    body: bytes = b""


class Router:
    def __init__(self, config: EmulatorConfig, endpoints: Endpoints, tokens: TokenStore) -> None:
        self.config = config
        self.endpoints = endpoints
        self.writer = Writer(endpoints)
        self.tokens = tokens
        self.last_error: BaseException | None = None  # for debugging; never sent to clients

    def handle(self, request: ApiRequest, faults: FaultState) -> Response:
        try:
            return self._dispatch(request, faults)
        except ApiError as error:
            return error.response
        except Exception as error:  # the client gets a JSON 500, never a traceback
            self.last_error = error
            return server_error()

    def _dispatch(self, request: ApiRequest, faults: FaultState) -> Response:
        segments = [unquote(s, errors="replace") for s in request.path.split("/") if s]
        head = segments[0].casefold() if segments else ""
        if head == "token" and len(segments) == 1:
            if request.method != "POST":
                raise method_not_allowed(request.method, "POST")
            return token_endpoint(self.tokens, request.body, self.config.token_lifetime)
        if head != "api":
            raise no_route(request.path)
        account = self._authenticate(request.headers, faults)
        return self._api(request, segments[1:], account, faults)

    def _authenticate(self, headers: Mapping[str, str], faults: FaultState) -> Account:
        token = bearer_token(headers)
        expected = self.config.verification_token
        if token is None:
            if expected and headers.get("requestverificationtoken") == expected:
                return Account(self.config.username, "")
            raise unauthorized()
        session = self.tokens.lookup(token)
        if session is None:
            raise unauthorized()
        if not faults.use_token(token):
            self.tokens.revoke(token)
            raise unauthorized()
        return session.account

    def _api(self, request: ApiRequest, rest: list[str], account: Account, faults: FaultState) -> Response:
        if not rest:
            raise no_route(request.path)
        name = rest[0].casefold()
        if name in ("iqa", "query", "metadata"):
            return self._read_only(request, rest)
        if name == "documentsummary" and len(rest) == 2 and rest[1].casefold() == "_execute":
            if request.method != "POST":
                raise method_not_allowed(request.method, "POST")
            return documents.execute(request.body)
        entity = find_entity(rest[0])
        if entity is None:
            raise no_route(request.path)
        if account.restricted and entity.name in self.config.guest_denied_entities:
            raise forbidden(entity.name)
        if request.method in _WRITES and len(rest) <= 2:
            return self._write(request, entity, rest, account, faults)
        if request.method != "GET" or len(rest) > 2:
            raise not_implemented()
        if len(rest) == 1:
            return self.endpoints.list_entity(entity, request.params)
        return self.endpoints.get_entity(entity, rest[1])

    def _write(
        self, request: ApiRequest, entity: EntityDef, rest: list[str], account: Account, faults: FaultState
    ) -> Response:
        if len(rest) != _WRITES[request.method]:
            raise method_not_allowed(request.method, "GET, POST" if len(rest) == 1 else "GET, PUT, DELETE")
        if account.restricted:
            raise forbidden(f"writes to {entity.name}")
        fault = faults.write_fault()
        if fault is WriteFault.FAIL:
            return faults.write_error_response()
        try:
            if request.method == "POST":
                response = self.writer.create(entity, request.body, account.username)
            elif request.method == "PUT":
                response = self.writer.replace(entity, rest[1], request.body, account.username)
            else:
                response = self.writer.delete(entity, rest[1])
        except ApiError as error:
            response = error.response
        response.lose_answer = fault is WriteFault.LOSE_ANSWER
        return response

    def _read_only(self, request: ApiRequest, rest: list[str]) -> Response:
        if request.method != "GET":
            raise method_not_allowed(request.method, "GET")
        name = rest[0].casefold()
        if name == "metadata":
            entity = find_entity(rest[1]) if len(rest) == 2 else None
            if entity is None:
                raise no_route(request.path)
            return self.endpoints.metadata(entity)
        if len(rest) != 1 or (name == "iqa" and self.config.iqa_end_of_life):
            raise no_route(request.path)
        return self.endpoints.iqa(request.params) if name == "iqa" else self.endpoints.query(request.params)

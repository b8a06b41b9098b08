"""The HTTP boundary: the only package in imisql that talks to an iMIS server.

| Module | Owns |
|---|---|
| ``settings`` | ``ClientConfig`` and its checks (site root, one auth mode, limits) |
| ``exchange`` | ``Request`` and ``Response`` values |
| ``auth`` | authentication as a flow of requests and responses (token grant, expiry, re-auth on 401) |
| ``failures`` | the tables from exceptions and statuses to retry rules and errors; iMIS error messages |
| ``retry`` | which verbs are retried, backoff, ``Retry-After``, the retry budget of a statement |
| ``deadline`` | a deadline for a whole response, however slowly it trickles in |
| ``body`` | reading a body within a size cap, decompressing as it streams |
| ``transport`` | the session, redirects within the site, one request log entry per hop |
| ``requestlog`` | ``RequestLog``, ``ClientStats``, how requests are described, redaction |
| ``client`` | ``Client``: drives the pieces for ``request_json`` / ``get_json``; ``StatementClient`` |
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imisql.lazy_names import lazy_names

if TYPE_CHECKING:
    from imisql.http.client import Client, StatementClient
    from imisql.http.failures import imis_message
    from imisql.http.requestlog import ClientStats, RequestLog, describe_request
    from imisql.http.settings import ClientConfig, normalize_base_url

# Imported on first use (PEP 562), so checking settings (``imisql.http.settings``) does not load requests.
_HOME_OF = {
    "Client": "imisql.http.client",
    "StatementClient": "imisql.http.client",
    "imis_message": "imisql.http.failures",
    "ClientStats": "imisql.http.requestlog",
    "RequestLog": "imisql.http.requestlog",
    "describe_request": "imisql.http.requestlog",
    "ClientConfig": "imisql.http.settings",
    "normalize_base_url": "imisql.http.settings",
}


__getattr__ = lazy_names("imisql.http", _HOME_OF, globals())


__all__ = [
    "Client",
    "ClientConfig",
    "ClientStats",
    "RequestLog",
    "StatementClient",
    "describe_request",
    "imis_message",
    "normalize_base_url",
]

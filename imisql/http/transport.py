"""Sending one request and reading its whole response: the only code that calls requests.

It owns the session (TLS verification, pooled connections capped at ``concurrency``, no ``~/.netrc``),
the per-attempt deadline (``imisql.http.deadline``), the size cap and streamed decompression
(``imisql.http.body``) into reused buffers (``imisql.http.buffers``), redirects, and one ``RequestLog``
per hop.

Redirects are followed only within the site (same scheme, host and port as ``base_url``), at most
``MAX_REDIRECTS`` hops; a redirect to another host or from https to http raises
``RedirectRefusedError``, so credentials never leave the site. A 301/302/303 is followed only by a GET
(other verbs are not silently turned into a GET).
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Sequence
from urllib.parse import parse_qsl, urljoin, urlsplit

import requests
import urllib3.exceptions

from imisql.errors import DataError, RedirectRefusedError, ResponseTooLargeError
from imisql.http.body import ACCEPT_ENCODING, UnreadableBody, read_body
from imisql.http.buffers import BodyBuffers
from imisql.http.deadline import watched_adapter, watching
from imisql.http.exchange import Request, Response
from imisql.http.failures import Failure, Retry, transport_failure
from imisql.http.jsonparse import Body, parse_json
from imisql.http.requestlog import RequestLog, query_text
from imisql.http.settings import ClientConfig, origin_of

__all__ = ["MAX_REDIRECTS", "Transport"]

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_PEEK = 256  # bytes: the step in which a body is checked for text
_TRANSPORT_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)


def _no_netrc(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """Passed as ``auth`` so requests never adds credentials from ``~/.netrc``."""
    return request


def _shown(url: str) -> str:
    """A URL as logs show it: query parameters with secret names redacted."""
    parts = urlsplit(url)
    query = query_text(parse_qsl(parts.query, keep_blank_values=True))
    return parts._replace(query=query, fragment="").geturl()


def _site(url: str) -> str:
    scheme, host, port = origin_of(url)
    return f"{scheme}://{host}:{port}"


class Transport:
    """Sends requests for one site; ``record`` receives a ``RequestLog`` per hop and whether it was the token."""

    def __init__(self, config: ClientConfig, record: Callable[[RequestLog, bool], None]) -> None:
        self._config = config
        self._record = record
        self._slots = threading.BoundedSemaphore(config.concurrency)
        self._buffers = BodyBuffers()
        self._session = requests.Session()
        adapter = watched_adapter(config.concurrency)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.verify = config.verify_tls
        self._session.headers.update({"Accept": "application/json", "User-Agent": "imisql"})
        self._session.headers["Accept-Encoding"] = ACCEPT_ENCODING

    def close(self) -> None:
        self._session.close()

    def send(self, request: Request, attempt: int, seconds: float) -> Response:
        """One attempt at ``request``, redirects within the site included, all within ``seconds``.

        Raises ``Failure`` (retried or mapped by the caller), ``RedirectRefusedError``,
        ``ResponseTooLargeError`` or ``DataError`` (JSON refused).
        """
        url, params, method = self._config.base_url + request.path, request.params, request.method
        started = time.monotonic()
        for _ in range(MAX_REDIRECTS + 1):
            remaining = max(seconds - (time.monotonic() - started), 0.01)
            response, sent_url = self._exchange(request, method, url, params, attempt, remaining)
            if response.status not in _REDIRECTS:
                return response
            url, method = self._follow(request, response, sent_url, method)
            params = ()
        raise RedirectRefusedError(f"more than {MAX_REDIRECTS} redirects", None, request.described)

    def _follow(self, request: Request, response: Response, url: str, method: str) -> tuple[str, str]:
        status, location = response.status, response.headers.get("location")
        if not location:
            raise RedirectRefusedError(f"HTTP {status} redirect without a Location", status, request.described)
        target = urljoin(url, location.strip())
        if origin_of(target) != origin_of(self._config.base_url):
            raise RedirectRefusedError(
                f"HTTP {status}: the server redirected to {_site(target)}, which is not {_site(url)}; "
                "imisql sends credentials and requests only to the configured site",
                status,
                request.described,
            )
        if status in (301, 302, 303) and method != "GET":
            raise RedirectRefusedError(
                f"HTTP {status}: the server redirected a {method}; it is not sent again as a GET",
                status,
                request.described,
            )
        return target, method

    def _exchange(
        self, request: Request, method: str, url: str, params: Sequence[tuple[str, str]], attempt: int, seconds: float
    ) -> tuple[Response, str]:
        started = time.monotonic()
        failure: Failure | None = None
        with self._slots, watching(seconds) as watch:
            try:
                response, sent_url = self._read(request, method, url, params)
            except (ResponseTooLargeError, DataError):
                self._log(request, method, url, params, attempt, started, None, 0, "refused")
                raise
            except UnreadableBody as exc:
                failure = Failure(str(exc), Retry.IF_IDEMPOTENT)
            except _TRANSPORT_ERRORS as exc:
                failure = transport_failure(exc)
        if failure is not None:
            if watch.expired:
                cause = f"no complete response within the read timeout ({round(seconds, 2):g}s)"
                failure = Failure(cause, Retry.IF_IDEMPOTENT)
            self._log(request, method, url, params, attempt, started, None, 0, failure.cause)
            raise failure
        self._log(request, method, url, params, attempt, started, response.status, response.size, None)
        return response, sent_url

    def _read(self, request: Request, method: str, url: str, params: Sequence[tuple[str, str]]) -> tuple[Response, str]:
        headers = dict(request.headers)
        if request.body is not None:
            headers["Content-Type"] = "application/json"
        raw = self._session.request(
            method, url, params=list(params) or None, headers=headers, data=request.form or request.body,
            timeout=(self._config.connect_timeout, self._config.read_timeout), allow_redirects=False,
            stream=True, auth=_no_netrc, verify=self._config.verify_tls,
        )  # fmt: skip
        buffer, view = self._buffers.take(), None
        try:
            try:
                headers_in = {k.lower(): v for k, v in raw.headers.items()}
                size = read_body(
                    headers_in, raw.raw.stream(_CHUNK, decode_content=False), self._config.max_response_bytes,
                    request.described, buffer,
                )  # fmt: skip
            finally:
                raw.close()
            view = memoryview(buffer)[:size]
            return _response(raw.status_code, raw.reason or "", headers_in, view, request), raw.url
        finally:
            self._buffers.give(buffer, view)

    def _log(
        self, request: Request, method: str, url: str, params: Sequence[tuple[str, str]], attempt: int,
        started: float, status: int | None, size: int, error: str | None,
    ) -> None:  # fmt: skip
        shown = f"{url}?{query_text(params)}" if params else _shown(url)
        log = RequestLog(method, shown, status, time.monotonic() - started, size, attempt, error)
        self._record(log, request.is_token)


def _response(status: int, reason: str, headers: dict[str, str], body: memoryview, request: Request) -> Response:
    """The response with its JSON parsed from ``body`` (a view of the reused buffer, copied only when kept)."""
    size = len(body)
    if not _has_text(body):
        return Response(status, reason, headers, size, body.tobytes())
    try:
        data = (request.parse or parse_json)(body)
    except ValueError:
        return Response(status, reason, headers, size, body.tobytes())
    except DataError as exc:
        refused = str(exc)
    else:
        kept = b"" if 200 <= status < 300 else body.tobytes()
        return Response(status, reason, headers, size, kept, data, True)
    raise DataError(f"{refused} [{request.described}]")


def _has_text(body: Body) -> bool:
    """Whether ``body`` holds more than whitespace, copying a few bytes at a time up to the first other one."""
    return any(bytes(body[start : start + _PEEK]).strip() for start in range(0, len(body), _PEEK))

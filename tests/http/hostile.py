"""A small hostile HTTP server on loopback: each test scripts what it answers, byte by byte if need be.

``hostile_server(answer)`` serves every request with ``answer(seen)`` and records what it was sent
(method, path, query pairs, headers, body) in ``server.seen``. A ``Reply`` can drip its bytes slowly,
stop half-way, or close the connection without answering; with ``tls_dir`` the server speaks HTTPS
with a fresh self-signed certificate.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

WAIT = 60  # seconds: bound for the certificate, the server thread and every drip
DRIP_LIMIT = 600  # bytes a dripping reply sends at most, so a forgotten client cannot keep it busy


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    params: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Reply:
    """What to answer. ``drip`` sends the body one byte per ``drip`` seconds (headers at once unless
    ``drip_headers``); ``cut`` stops after that many body bytes and closes; ``hang_up`` closes at once."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drip: float | None = None
    drip_headers: bool = False
    cut: int | None = None
    hang_up: bool = False


def json_reply(data: Any, status: int = 200, **headers: str) -> Reply:
    return Reply(status, json.dumps(data).encode(), {"Content-Type": "application/json", **headers})


def envelope(items: list[Any], offset: int = 0, total: int | None = None, **extra: Any) -> dict[str, Any]:
    """An iMIS paged envelope; ``extra`` overrides any member (``NextOffset``, ``HasNext``...)."""
    count = len(items)
    body: dict[str, Any] = {
        "$type": "Asi.Soa.Core.DataContracts.PagedResult, Asi.Contracts",
        "Items": {"$type": "System.Collections.Generic.List`1", "$values": items},
        "Offset": offset,
        "Limit": 500,
        "Count": count,
        "TotalCount": total if total is not None else count,
        "HasNext": False,
        "NextOffset": 0,
    }
    return body | extra


TOKEN_REPLY = json_reply({"access_token": "hostile-token", "token_type": "bearer", "expires_in": 1199})


class HostileServer:
    def __init__(self, answer: Callable[[Seen], Reply], tls_dir: Path | None) -> None:
        self.answer = answer
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.scheme = "http"
        if tls_dir is not None:
            self._server.socket = _tls_context(tls_dir).wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._server.server_address[1]}"

    def api_requests(self) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.path.lower() != "/token"]

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                seen = Seen(self.command, parts.path, parse_qsl(parts.query, keep_blank_values=True),
                            dict(self.headers.items()), body)  # fmt: skip
                server._record(seen)
                _write(self, server.answer(seen))

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(WAIT)


def _write(handler: http.server.BaseHTTPRequestHandler, reply: Reply) -> None:
    if reply.hang_up:
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)
        return
    head = [f"HTTP/1.1 {reply.status} Hostile\r\n"]
    headers = {"Content-Length": str(len(reply.body)), **reply.headers}
    head += [f"{k}: {v}\r\n" for k, v in headers.items()] + ["\r\n"]
    raw_head = "".join(head).encode("latin-1")
    body = reply.body if reply.cut is None else reply.body[: reply.cut]
    try:
        _send(handler, raw_head, reply.drip if reply.drip_headers else None)
        _send(handler, body, reply.drip)
    except OSError:
        return  # the client gave up: that is what dripping tests expect
    if reply.cut is not None:
        handler.close_connection = True


def _send(handler: http.server.BaseHTTPRequestHandler, data: bytes, drip: float | None) -> None:
    if drip is None:
        handler.wfile.write(data)
        handler.wfile.flush()
        return
    for index in range(min(len(data), DRIP_LIMIT)):
        handler.wfile.write(data[index : index + 1])
        handler.wfile.flush()
        time.sleep(drip)


def _tls_context(directory: Path) -> ssl.SSLContext:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    cert, key = directory / "cert.pem", directory / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
    subprocess.run([*command, "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=WAIT)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@contextmanager
def hostile_server(answer: Callable[[Seen], Reply], tls_dir: Path | None = None) -> Iterator[HostileServer]:
    server = HostileServer(answer, tls_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()

"""HTTP transport: a loopback ``ThreadingHTTPServer`` that applies faults and logs requests.

The handler turns each HTTP request into an :class:`~imisql.emulator.routes.ApiRequest`, asks the
runtime for a fault decision (``/api`` only), and writes the response -- or performs the
transport fault: a reset (RST, no response; also after a write whose answer is to be lost), a
truncated body, a bounded hang. Every request is
logged (before its response is written) with credentials redacted; requests too malformed to
parse are answered with a JSON 400 but not logged. HTTP/1.1 keep-alive is supported; on shutdown all open
connections are shut down so no thread waits on an idle client, and hangs/latency sleeps are
interrupted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import socketserver
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl

from imisql.emulator.config import LoggedRequest
from imisql.emulator.faults import Action, FaultState, non_json_response
from imisql.emulator.responses import Response, json_response
from imisql.emulator.routes import ApiRequest

_REDACTED = frozenset({"authorization", "cookie", "requestverificationtoken"})


class Runtime(Protocol):
    """What the transport needs from the emulator."""

    stopping: threading.Event

    def handle(self, request: ApiRequest, faults: FaultState) -> Response: ...
    def begin_api_request(self) -> tuple[FaultState, bool]: ...
    @property
    def current_faults(self) -> FaultState: ...
    def log(self, entry: LoggedRequest) -> None: ...
    @property
    def max_body_bytes(self) -> int: ...


def redact(headers: dict[str, str]) -> dict[str, str]:
    return {k: ("<redacted>" if k.casefold() in _REDACTED else v) for k, v in headers.items()}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # so errors on unparsable request lines still get a status line
    server_version = "imisql-emulator"
    sys_version = ""
    timeout = 120  # idle keep-alive connections are dropped after this many seconds
    server: EmulatorHttpServer
    _pending: LoggedRequest | None = None

    def setup(self) -> None:
        super().setup()
        # Headers and body are separate writes; without TCP_NODELAY, Nagle + delayed ACK adds ~40 ms.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        return

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Malformed requests get JSON too (BaseHTTPRequestHandler would send HTML)."""
        self.close_connection = True
        self._write(json_response(code, {"Message": message or "Bad request"}))

    def _serve(self) -> None:
        runtime = self.server.runtime
        raw_path, _, query = self.path.partition("?")
        params = parse_qsl(query, keep_blank_values=True, errors="replace")
        headers = {k: v for k, v in self.headers.items()}
        self._pending = LoggedRequest(self.command, raw_path, query, list(params), redact(headers), 0)
        try:
            body = self._read_body(runtime.max_body_bytes)
            if body is not None:
                request = ApiRequest(self.command, raw_path, params, {k.lower(): v for k, v in headers.items()}, body)
                self._respond(runtime, request)
        finally:
            self._log(0)

    def _log(self, status: int) -> None:
        """Log the current request once, *before* its response is sent (so a client sees it logged)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self.server.runtime.log(dataclasses.replace(pending, status=status))

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve

    def _read_body(self, limit: int) -> bytes | None:
        if self.headers.get("Transfer-Encoding"):
            self.send_error(411, "Length Required")
            return None
        length_text = self.headers.get("Content-Length", "0").strip() or "0"
        if not length_text.isdigit():
            self.send_error(400, "Bad Content-Length")
            return None
        length = int(length_text)
        if length > limit:
            self.send_error(413, "Request body too large")
            return None
        return self.rfile.read(length) if length else b""

    def _respond(self, runtime: Runtime, request: ApiRequest) -> int:
        if not _is_api(request.path):
            return self._write(runtime.handle(request, runtime.current_faults))
        faults, restoring = runtime.begin_api_request()
        decision = faults.decide(restoring)
        if decision.latency:
            runtime.stopping.wait(decision.latency)
        action = decision.action
        if action is Action.RESTORE:
            return self._write(faults.restore_response(decision.flavour))
        if action is Action.ERROR:
            return self._write(faults.error_response())
        if action is Action.NON_JSON:
            return self._write(non_json_response())
        if action is Action.HANG:
            self._log(0)
            runtime.stopping.wait(faults.faults.hang_seconds)
            self.close_connection = True
            return 0
        if action is Action.RESET:
            self._log(0)
            self._reset()
            return 0
        response = runtime.handle(request, faults)
        if response.lose_answer:
            self._log(0)
            self._reset()
            return 0
        return self._write(response, truncate=action is Action.TRUNCATE)

    def _write(self, response: Response, truncate: bool = False) -> int:
        self._log(response.status)
        self.send_response(response.status, response.reason)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", response.headers.get("Cache-Control", "no-cache"))
        for name, value in response.headers.items():
            if name != "Cache-Control":
                self.send_header(name, value)
        if truncate or self.close_connection:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body[: len(response.body) // 2] if truncate else response.body)
        return response.status

    def _reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0) and no response."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.rfile.close()
        except OSError:
            pass


def _is_api(path: str) -> bool:
    lowered = path.lower()
    return lowered == "/api" or lowered.startswith("/api/")


class EmulatorHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], runtime: Runtime) -> None:
        self.runtime = runtime
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn(), a reverse-DNS lookup; skip it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # client disconnects and resets are normal here; never print tracebacks

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

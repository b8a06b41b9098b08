"""A raw JSON-RPC client for the real ``imisql-lsp`` process over stdio, able to send broken frames.

pytest-lsp speaks only well-formed LSP; these tests also need to send what no client library would
(bad headers, bad JSON, wrong shapes), so this module writes bytes itself. A reader thread parses the
server's frames; requests the server sends (``workspace/configuration``, ``client/registerCapability``)
are answered with ``null``. Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

WAIT = 30.0


class ServerDied(AssertionError):
    pass


class LspProcess:
    """``python -m imisql.lsp.server`` with raw access to its stdin; use as a context manager."""

    def __init__(self, env: dict[str, str] | None = None):
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "imisql.lsp.server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env if env is not None else dict(os.environ),
        )
        self._ids = itertools.count(1)
        self._lock = threading.Condition()
        self.responses: dict[Any, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.malformed_output: list[bytes] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # ------------------------------------------------------------ context

    def __enter__(self) -> LspProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()  # type: ignore[union-attr]
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._reader.join(timeout=10)
        self._stderr.close()

    # ------------------------------------------------------------ writing

    def send_bytes(self, data: bytes) -> None:
        if self.proc.poll() is not None:
            raise ServerDied(f"the server exited with {self.proc.returncode}:\n{self.stderr_text()[-3000:]}")
        self.proc.stdin.write(data)  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]

    def send(self, message: Any) -> None:
        body = json.dumps(message).encode("utf-8")
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any = None, wait: float = WAIT) -> dict[str, Any]:
        """Send a request and return its response message (``result`` or ``error``)."""
        ident = next(self._ids)
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        return self.response(ident, wait)

    def response(self, ident: Any, wait: float = WAIT) -> dict[str, Any]:
        deadline = time.monotonic() + wait
        with self._lock:
            while ident not in self.responses:
                if self.proc.poll() is not None:
                    raise ServerDied(f"the server exited with {self.proc.returncode}:\n{self.stderr_text()[-3000:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no response to request {ident!r} within {wait}s")
                self._lock.wait(min(left, 0.2))
            return self.responses.pop(ident)

    # ------------------------------------------------------------ session helpers

    def initialize(self, options: Any = None) -> dict[str, Any]:
        capabilities = {"textDocument": {"completion": {"completionItem": {"snippetSupport": True}}}}
        answer = self.request(
            "initialize",
            {"processId": None, "rootUri": None, "capabilities": capabilities, "initializationOptions": options},
        )
        assert "result" in answer, answer
        self.notify("initialized", {})
        return answer

    def shutdown(self) -> None:
        answer = self.request("shutdown")
        assert "error" not in answer, answer
        self.notify("exit")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise AssertionError("the server did not exit after shutdown/exit") from None

    @property
    def log_messages(self) -> list[str]:
        with self._lock:
            return [
                str(n.get("params", {}).get("message"))
                for n in self.notifications
                if n.get("method") in ("window/logMessage", "window/showMessage")
            ]

    def wait_for_log(self, text: str, wait: float = WAIT) -> str:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            for message in self.log_messages:
                if text in message:
                    return message
            time.sleep(0.05)
        raise AssertionError(f"no log message with {text!r} within {wait}s; got {self.log_messages}")

    def alive(self) -> bool:
        """The server still answers a request."""
        answer = self.request(
            "textDocument/hover", {"textDocument": {"uri": "file:///nope"}, "position": {"line": 0, "character": 0}}
        )
        return "result" in answer or "error" in answer

    def stderr_text(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

    # ------------------------------------------------------------ reading

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii", "replace").partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            body = stream.read(length)
            try:
                message = json.loads(body)
            except ValueError:
                self.malformed_output.append(body)
                continue
            self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:  # a request from the server: answer it
            result: Any = [None] if message["method"] == "workspace/configuration" else None
            with contextlib.suppress(OSError, ServerDied):
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        with self._lock:
            if "method" in message:
                self.notifications.append(message)
            else:
                self.responses[message.get("id")] = message
            self._lock.notify_all()

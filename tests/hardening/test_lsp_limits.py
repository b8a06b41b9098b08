"""The real ``imisql-lsp`` process under bytes that are not UTF-8, frames too large to read, and big files.

Before: a ``didChange`` holding bytes that are not UTF-8 was dropped, so every later edit landed in the
wrong place; a request holding them got no answer; a ``Content-Length`` of a terabyte killed the server
(pygls tried to read that much); and after one edit in a 5,000-statement file every statement was
checked again, because the per-statement caches were smaller than the file.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

from imisql import engine
from tests.hardening.lsp_raw import LspProcess

BAD = b"\xff\xfe"
PLACEHOLDER = "@@BAD@@"


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LspProcess]:
    env = {**os.environ, "IMISQL_CONFIG": os.devnull, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    with LspProcess(env=env) as process:
        process.initialize({"imisql": {"debounceMs": 0}})
        yield process
        if process.proc.poll() is None:
            process.shutdown()


def _frame_with_bad_bytes(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode("utf-8").replace(PLACEHOLDER.encode(), BAD)
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _open(server: LspProcess, uri: str, text: str) -> None:
    item = {"uri": uri, "languageId": "imisql", "version": 1, "text": text}
    server.notify("textDocument/didOpen", {"textDocument": item})


def _change(version: int, line: int, character: int, text: str) -> dict[str, Any]:
    at = {"line": line, "character": character}
    return {
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": "file:///tmp/utf8.imisql", "version": version},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": text}],
        },
    }


def _formatted_by_server(server: LspProcess, uri: str, text: str) -> str:
    answer = server.request(
        "textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": True}}
    )
    assert "result" in answer, answer
    edits = answer["result"] or []
    return edits[0]["newText"] if edits else text


def test_a_request_that_is_not_utf8_is_answered_with_an_error(server: LspProcess) -> None:
    uri = "file:///tmp/request.imisql"
    _open(server, uri, "SELECT * FROM Party")
    hover = {"textDocument": {"uri": uri + PLACEHOLDER}, "position": {"line": 0, "character": 3}}
    server.send_bytes(
        _frame_with_bad_bytes({"jsonrpc": "2.0", "id": "bad", "method": "textDocument/hover", "params": hover})
    )
    answer = server.response("bad")
    assert answer["error"]["code"] == -32700 and "not valid UTF-8" in answer["error"]["message"], answer
    assert server.alive()


def test_an_edit_that_is_not_utf8_keeps_the_document_in_step(server: LspProcess) -> None:
    """The bad bytes arrive as U+FFFD; the edits after them still land where the client put them."""
    uri = "file:///tmp/utf8.imisql"
    text = "SELECT * FROM Party WHERE LastName = 'ab'"
    _open(server, uri, text)
    server.send_bytes(_frame_with_bad_bytes(_change(2, 0, 39, PLACEHOLDER)))
    text = text[:39] + "\ufffd\ufffd" + text[39:]
    server.send(_change(3, 0, len(text), " ORDER BY LastName"))
    text += " ORDER BY LastName"
    assert _formatted_by_server(server, uri, text) == engine.format_sql(text)
    position = {"line": 0, "character": len(text)}
    answer = server.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": position})
    assert "result" in answer and answer["result"]["items"], answer


@pytest.mark.parametrize(
    "length", [b"99999999999999", b"9" * 5000, b"67108865"], ids=["100 TB", "5,000 digits", "limit+1"]
)
def test_a_frame_too_large_is_refused_and_the_next_one_is_read(server: LspProcess, length: bytes) -> None:
    server.send_bytes(b"Content-Length: " + length + b'\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"shutdown"}')
    uri = "file:///tmp/after-refusal.imisql"
    _open(server, uri, "SELECT * FROM Party")
    answer = server.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 16}}
    )
    assert "result" in answer and answer["result"] is not None, answer
    refusal = server.response(None)
    assert refusal["error"]["code"] == -32600 and "over the limit" in refusal["error"]["message"], refusal


def _diagnostics_time(server: LspProcess, uri: str, version: int, send: Any) -> float:
    start = time.perf_counter()
    send()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with server._lock:
            for note in server.notifications:
                params = note.get("params") or {}
                published = note.get("method") == "textDocument/publishDiagnostics"
                if published and params.get("uri") == uri and params.get("version") == version:
                    return time.perf_counter() - start
        time.sleep(0.002)
    raise AssertionError(f"no diagnostics for version {version} within 300 s")


def test_after_one_edit_in_a_5000_statement_file_only_that_statement_is_checked(server: LspProcess) -> None:
    """Diagnostics after an edit take a small fraction of a full check (a ratio of times, no limit)."""
    uri = "file:///tmp/five-thousand.imisql"
    lines = [f"SELECT PartyId FROM Party WHERE LastName = 'n{i}' AND CountryCode = 'US';" for i in range(5000)]
    full = _diagnostics_time(server, uri, 1, lambda: _open(server, uri, "\n".join(lines)))
    edits = []
    for version in range(2, 5):
        at = {"line": 2500 + version, "character": 48}
        change = {"range": {"start": at, "end": at}, "text": "x"}
        params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        edits.append(
            _diagnostics_time(server, uri, version, lambda p=params: server.notify("textDocument/didChange", p))
        )
    assert min(edits) < full / 5, f"full check {full:.3f}s, after one edit {edits}"

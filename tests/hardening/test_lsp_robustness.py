"""The real ``imisql-lsp`` process under random edit sequences and malformed JSON-RPC.

One server process per test, driven over stdio by ``tests/hardening/lsp_raw.py`` (it can write bytes
no LSP client library would). The server must stay up and keep answering; where the edits are valid
LSP, its view of the document must be the client's (checked through ``textDocument/formatting``).
Every wait is bounded; nothing is timed.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types
from lsprotocol.converters import get_converter

from imisql import engine
from tests.hardening import strategies as hs
from tests.hardening.lsp_raw import LspProcess
from tests.hardening.profiles import cases, profile

_URIS = itertools.count()
_EOL = re.compile(r"\r\n|\r|\n")
CONVERTER = get_converter()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LspProcess]:
    env = {**os.environ, "IMISQL_CONFIG": os.devnull, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    with LspProcess(env=env) as process:
        process.initialize({"imisql": {"debounceMs": 0}})
        yield process
        if process.proc.poll() is None:
            process.shutdown()


# ---------------------------------------------------------------- a client-side model of the document


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _EOL.finditer(text))]


def _offset(text: str, line: int, character: int) -> int:
    """LSP position (UTF-16 units) -> string offset, clamped the way the spec says servers should."""
    starts = _line_starts(text)
    if line >= len(starts):
        return len(text)
    start = starts[line]
    end = len(text) if line + 1 >= len(starts) else starts[line + 1]
    end -= len(_EOL.search(text, start, end).group()) if _EOL.search(text, start, end) else 0  # type: ignore[union-attr]
    i, units = start, 0
    while i < end and units < character:
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i


def _position(text: str, offset: int) -> dict[str, int]:
    starts = _line_starts(text)
    line = max(i for i, s in enumerate(starts) if s <= offset)
    prefix = text[starts[line] : offset]
    return {"line": line, "character": len(prefix.encode("utf-16-le")) // 2}


def _apply(text: str, edits: list[dict[str, Any]]) -> str:
    spans = []
    for edit in edits:
        r = edit["range"]
        start = _offset(text, r["start"]["line"], r["start"]["character"])
        end = _offset(text, r["end"]["line"], r["end"]["character"])
        spans.append((start, end, edit["newText"]))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# ---------------------------------------------------------------- requests


def _ask(server: LspProcess, method: str, params: dict[str, Any]) -> dict[str, Any]:
    answer = server.request(method, params)
    assert "result" in answer or "error" in answer, answer
    if "result" in answer and method in types.METHOD_TO_TYPES:
        CONVERTER.structure(answer, types.METHOD_TO_TYPES[method][1])  # the answer is well-formed LSP
    return answer


def _requests(uri: str, position: dict[str, int], end: dict[str, int]) -> list[tuple[str, dict[str, Any]]]:
    doc = {"uri": uri}
    at = {"textDocument": doc, "position": position}
    whole = {"start": {"line": 0, "character": 0}, "end": end}
    return [
        ("textDocument/completion", at),
        ("textDocument/hover", at),
        ("textDocument/signatureHelp", at),
        (
            "textDocument/rangeFormatting",
            {
                "textDocument": doc,
                "range": {"start": position, "end": end},
                "options": {"tabSize": 4, "insertSpaces": True},
            },
        ),
        ("textDocument/semanticTokens/full", {"textDocument": doc}),
        ("textDocument/documentSymbol", {"textDocument": doc}),
        ("textDocument/codeAction", {"textDocument": doc, "range": whole, "context": {"diagnostics": []}}),
        ("workspace/executeCommand", {"command": "imisql.explain", "arguments": [uri, position]}),
    ]


def _open(server: LspProcess, text: str) -> str:
    uri = f"file:///tmp/hardening-{next(_URIS)}.imisql"
    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "imisql", "version": 1, "text": text}}
    )
    return uri


def _change(server: LspProcess, uri: str, version: int, changes: list[dict[str, Any]]) -> None:
    server.notify(
        "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}
    )


# ---------------------------------------------------------------- valid random edits


INSERTS = st.one_of(
    hs.statements(),
    hs.token_soup(),
    st.text(max_size=8),
    st.sampled_from(["\n", "\r\n", "\r", "😀", "é", "\u2028", "\t", ";", "'", '"', "--", "/*", "\x00"]),
)


def _valid_unicode(text: str) -> str:
    """Lone surrogates cannot cross JSON-RPC as UTF-8: a valid edit never holds one."""
    return text.encode("utf-8", "replace").decode("utf-8")


@st.composite
def valid_edits(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str, bool]]]:
    """A starting text and edits at code-point offsets (start, end, new text, whole-document?)."""
    text = _valid_unicode(draw(st.one_of(hs.statements(), st.sampled_from(hs.GOLDEN), st.just(""))))
    steps, current = [], text
    for _ in range(draw(st.integers(1, 12))):
        whole = draw(st.integers(0, 9)) == 0
        new = _valid_unicode(draw(INSERTS))
        start = draw(st.integers(0, len(current)))
        end = draw(st.integers(start, min(len(current), start + 20)))
        if whole:
            start, end = 0, len(current)
        steps.append((start, end, new, whole))
        current = current[:start] + new + current[end:]
    return text, steps


@profile(cases(30, 2000))
@given(valid_edits(), st.data())
def test_random_valid_edits_keep_the_server_in_step_with_the_client(
    server: LspProcess, edits: tuple[str, list[tuple[int, int, str, bool]]], data: st.DataObject
) -> None:
    text, steps = edits
    uri = _open(server, text)
    for version, (start, end, new, whole) in enumerate(steps, start=2):
        if whole:
            _change(server, uri, version, [{"text": new}])
        else:
            lsp_range = {"start": _position(text, start), "end": _position(text, end)}
            _change(server, uri, version, [{"range": lsp_range, "text": new}])
        text = text[:start] + new + text[end:]
        if data.draw(st.integers(0, 3)) == 0:
            offset = data.draw(st.integers(0, len(text)))
            method, params = data.draw(
                st.sampled_from(_requests(uri, _position(text, offset), _position(text, len(text))))
            )
            answer = _ask(server, method, params)
            assert "error" not in answer, (method, params, answer)
    formatting = {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": True}}
    answer = _ask(server, "textDocument/formatting", formatting)
    assert "error" not in answer, answer
    assert _apply(text, answer["result"] or []) == engine.format_sql(text), "the server's text is not the client's"
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


# ---------------------------------------------------------------- hostile edits


def _hostile_position(draw: st.DrawFn) -> dict[str, int]:
    big = st.sampled_from([2**31 - 1, 2**32, 10**6])
    return {"line": draw(st.one_of(st.integers(0, 6), big)), "character": draw(st.one_of(st.integers(0, 12), big))}


@st.composite
def hostile_steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    steps: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(1, 15))):
        kind = draw(st.integers(0, 4))
        if kind <= 2:  # an edit anywhere, possibly past the end, inverted, or splitting a surrogate pair
            change = {
                "range": {"start": _hostile_position(draw), "end": _hostile_position(draw)},
                "text": draw(INSERTS),
            }
            steps.append(("change", [change]))
        elif kind == 3:
            steps.append(
                (
                    "change",
                    [
                        {"text": draw(INSERTS)},
                        {"range": {"start": _hostile_position(draw), "end": _hostile_position(draw)}, "text": "x"},
                    ],
                )
            )
        else:
            steps.append(("request", (draw(st.integers(0, 7)), _hostile_position(draw), _hostile_position(draw))))
    return steps


@profile(cases(30, 2000))
@given(st.one_of(st.sampled_from(hs.GOLDEN), st.just("😀😀\r\n\u2028x")), hostile_steps())
def test_hostile_edits_and_positions_never_stop_the_server(
    server: LspProcess, text: str, steps: list[tuple[str, Any]]
) -> None:
    uri = _open(server, text)
    for version, (kind, payload) in enumerate(steps, start=2):
        if kind == "change":
            _change(server, uri, version, payload)
        else:
            which, position, end = payload
            method, params = _requests(uri, position, end)[which]
            _ask(server, method, params)  # answered: a result, or an error response
    assert server.alive()
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


# ---------------------------------------------------------------- malformed JSON-RPC


def _frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _message(**fields: Any) -> bytes:
    return _frame(json.dumps({"jsonrpc": "2.0", **fields}).encode())


DEEP = b"[" * 100_000 + b"]" * 100_000
MALFORMED: dict[str, bytes] = {
    "truncated JSON": _frame(b'{"jsonrpc": "2.0", "id": 1, "method": '),
    "invalid UTF-8": _frame(b'{"jsonrpc":"2.0","method":"x","params":"\xff\xfe"}'),
    "JSON array": _frame(b"[]"),
    "JSON number": _frame(b"42"),
    "JSON null": _frame(b"null"),
    "batch": _frame(b'[{"jsonrpc":"2.0","id":"b","method":"textDocument/hover","params":{}}]'),
    "deeply nested params": _frame(b'{"jsonrpc":"2.0","method":"x","params":' + DEEP + b"}"),
    "no jsonrpc member": _frame(b'{"id":"v","method":"textDocument/hover","params":{}}'),
    "jsonrpc 1.0": _frame(b'{"jsonrpc":"1.0","id":"w","method":"textDocument/hover","params":{}}'),
    "unknown notification": _message(method="imisql/nothing", params={"a": 1}),
    "response to nothing": _message(id=999, result=None),
    "error response to nothing": _message(id=998, error={"code": 1, "message": "x"}),
    "cancel of nothing": _message(method="$/cancelRequest", params={"id": 12345}),
    "didChange of an unopened document": _message(
        method="textDocument/didChange",
        params={"textDocument": {"uri": "file:///nope", "version": 2}, "contentChanges": [{"text": "x"}]},
    ),
    "didOpen without text": _message(method="textDocument/didOpen", params={"textDocument": {"uri": "file:///a"}}),
    "didChange with a negative position": _message(
        method="textDocument/didChange",
        params={
            "textDocument": {"uri": "file:///a", "version": 2},
            "contentChanges": [
                {"range": {"start": {"line": -1, "character": -5}, "end": {"line": 0, "character": 0}}, "text": "x"}
            ],
        },
    ),
    "didClose of nothing": _message(method="textDocument/didClose", params={"textDocument": {"uri": "file:///z"}}),
    "configuration of the wrong shape": _message(
        method="workspace/didChangeConfiguration", params={"settings": {"imisql": [1, 2, {"demo": "yes"}]}}
    ),
    "extra headers": (
        b"X-Junk: 1\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}"
    ),
    "a huge document": _message(
        method="textDocument/didOpen",
        params={
            "textDocument": {
                "uri": "file:///huge",
                "languageId": "imisql",
                "version": 1,
                "text": "SELECT * FROM Party;\n" * 50_000,
            }
        },
    ),
    "header without a length": b"X-Junk: 1\r\n\r\n",
    "garbage line": b"this is not a header\r\n",
    "non-numeric length": b"Content-Length: abc\r\n\r\n{}",
    "length too short": b'Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","method":"x"}',
    "body without a header": b'{"jsonrpc":"2.0","method":"x"}',
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_messages_never_stop_the_server(server: LspProcess, name: str) -> None:
    server.send_bytes(MALFORMED[name])
    assert server.alive(), f"no answer after {name}"


# Requests that are well-framed JSON-RPC but wrong: each gets an answer (an error), none is dropped.
BAD_REQUESTS: dict[str, tuple[str, Any]] = {
    "unknown method": ("imisql/nothing", {}),
    "position of the wrong type": ("textDocument/completion", {"textDocument": {"uri": "file:///x"}, "position": "x"}),
    "negative position": (
        "textDocument/hover",
        {"textDocument": {"uri": "file:///x"}, "position": {"line": -1, "character": 0}},
    ),
    "missing params": ("textDocument/hover", None),
    "params of the wrong shape": ("textDocument/formatting", [1, 2, 3]),
    "unknown document": (
        "textDocument/completion",
        {"textDocument": {"uri": "file:///unknown"}, "position": {"line": 0, "character": 0}},
    ),
    "unknown command": ("workspace/executeCommand", {"command": "imisql.nothing", "arguments": []}),
    "command with bad arguments": ("workspace/executeCommand", {"command": "imisql.explain", "arguments": [1, "x"]}),
    "run with no arguments": ("workspace/executeCommand", {"command": "imisql.run"}),
}


@pytest.mark.parametrize("name", list(BAD_REQUESTS))
def test_bad_requests_are_answered(server: LspProcess, name: str) -> None:
    method, params = BAD_REQUESTS[name]
    answer = server.request(method, params)
    assert "result" in answer or "error" in answer
    assert server.alive()


def test_every_malformed_message_in_one_stream_then_a_clean_shutdown(tmp_path: Any) -> None:
    env = {**os.environ, "IMISQL_CONFIG": os.devnull, "XDG_CACHE_HOME": str(tmp_path)}
    with LspProcess(env=env) as process:
        process.initialize({"imisql": {"debounceMs": 0}})
        for data in MALFORMED.values():
            process.send_bytes(data)
        for method, params in BAD_REQUESTS.values():
            process.send({"jsonrpc": "2.0", "id": f"bad-{method}", "method": method, "params": params})
        assert process.alive()
        process.shutdown()
        assert process.proc.returncode == 0

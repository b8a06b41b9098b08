"""The real ``imisql-lsp`` process serving a Python file: help inside embedded queries, nothing elsewhere.

Positions are UTF-16 (the LSP default) and an astral character sits before the mistakes on their
lines, so a server counting code points would be off by one. Every wait is bounded by ``WAIT``.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from collections.abc import Callable
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 30.0  # an upper bound on any single wait for the server, never a performance assertion
_NAMES = itertools.count()

APP = '''import imisql

conn = imisql.connect(demo=True)
print("SELECT Emial FROM Party")  # not passed as SQL: left alone
rows = conn.execute("SELECT '😀' AS smile, Emial FROM Party WHERE LastName = :n", {"n": "x"})
frame = conn.execute(f"SELECT PartyId FROM Party WHERE LastName = '{rows}'")
# imisql
REPORT = """
SELECT PartyId
FROM Party
WHERE """
'''


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "imisql.lsp.server"]),
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            initialization_options={"imisql": {"debounceMs": 20}},
        )
    )
    yield
    await lsp_client.shutdown_session()


def _position(text: str, offset: int) -> types.Position:
    """The LSP position (UTF-16 columns) of a string offset."""
    before = text[:offset]
    column = before[before.rfind("\n") + 1 :]
    return types.Position(before.count("\n"), len(column.encode("utf-16-le")) // 2)


def _open(client: LanguageClient, text: str, language: str = "python") -> str:
    uri = f"file:///tmp/imisql-python-test-{next(_NAMES)}.py"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text)))
    return uri


async def _until(condition: Callable[[], Any]) -> Any:
    async def poll() -> Any:
        while not (value := condition()):
            await asyncio.sleep(0.02)
        return value

    return await asyncio.wait_for(poll(), WAIT)


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri)


async def test_diagnostics_only_for_embedded_queries(client: LanguageClient) -> None:
    uri = _open(client, APP)
    found = (await _until(lambda: uri in client.diagnostics and [client.diagnostics[uri]]))[0]
    mistake = APP.index("Emial FROM Party WHERE")
    fstring = APP.index('f"SELECT')
    fstring_end = APP.index("'\")\n", fstring) + 2
    unfinished = APP.index('WHERE """')
    assert [(d.range.start, d.range.end, d.code) for d in found] == [
        (_position(APP, mistake), _position(APP, mistake + 5), "unknown-field"),
        (_position(APP, fstring), _position(APP, fstring_end), "injection"),
        (_position(APP, unfinished), _position(APP, unfinished + 5), "syntax"),  # the report stops at WHERE
    ]
    assert found[0].range.start.character == APP.splitlines()[4].index("Emial") + 1  # the astral character


async def test_completion_inside_a_query_and_not_outside(client: LanguageClient) -> None:
    uri = _open(client, APP)
    inside = _position(APP, APP.index('WHERE """') + len("WHERE "))
    result = await client.text_document_completion_async(types.CompletionParams(_doc(uri), inside))
    labels = [item.label for item in result.items]
    assert "LastName" in labels
    edit = next(item.text_edit for item in result.items if item.label == "LastName")
    assert edit.range.start == inside
    outside = _position(APP, APP.index("imisql.connect") + len("imisql.con"))
    result = await client.text_document_completion_async(types.CompletionParams(_doc(uri), outside))
    assert not result.items


async def test_completion_is_escaped_for_the_literal(client: LanguageClient) -> None:
    text = 'cur.execute("SELECT * FROM Party WHERE Status = ")\n'
    uri = _open(client, text)
    at = _position(text, text.index('= "') + 2)
    result = await client.text_document_completion_async(types.CompletionParams(_doc(uri), at))
    quoted = [item.text_edit.new_text for item in result.items if "'" in item.text_edit.new_text]
    assert quoted and all('"' not in t or '\\"' in t for t in quoted)


async def test_hover_inside_a_query_and_not_outside(client: LanguageClient) -> None:
    uri = _open(client, APP)
    party = APP.index("Party", APP.index("FROM Party\nWHERE"))
    hover = await client.text_document_hover_async(types.HoverParams(_doc(uri), _position(APP, party + 2)))
    assert hover is not None and "Party" in hover.contents.value
    assert hover.range.start == _position(APP, party)
    python = await client.text_document_hover_async(types.HoverParams(_doc(uri), _position(APP, 3)))
    assert python is None


async def test_other_features_stay_out_of_python_files(client: LanguageClient) -> None:
    uri = _open(client, APP)
    options = types.FormattingOptions(tab_size=4, insert_spaces=True)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(_doc(uri), options))
    assert not edits
    tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(_doc(uri)))
    assert not tokens.data
    assert not await client.text_document_document_symbol_async(types.DocumentSymbolParams(_doc(uri)))


async def test_a_python_file_without_queries_has_no_diagnostics(client: LanguageClient) -> None:
    text = 'import re\nPATTERN = re.compile("SELECT x FROM")\n'
    uri = _open(client, text)
    found = (await _until(lambda: uri in client.diagnostics and [client.diagnostics[uri]]))[0]
    assert not found


async def test_quick_fix_edits_the_python_file_in_place(client: LanguageClient) -> None:
    uri = _open(client, APP)
    mistake = APP.index("Emial FROM Party WHERE")
    found = (await _until(lambda: uri in client.diagnostics and [client.diagnostics[uri]]))[0]
    here = types.Range(_position(APP, mistake), _position(APP, mistake + 5))
    params = types.CodeActionParams(_doc(uri), here, types.CodeActionContext(diagnostics=list(found)))
    actions = await client.text_document_code_action_async(params)
    edit = next(a.edit.changes[uri][0] for a in actions if "Email" in a.title)
    assert (edit.range, edit.new_text) == (here, "Email")
    outside = types.Range(_position(APP, 0), _position(APP, 6))
    params = types.CodeActionParams(_doc(uri), outside, types.CodeActionContext(diagnostics=[]))
    assert not await client.text_document_code_action_async(params)

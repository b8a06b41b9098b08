"""The server against the capabilities of the editors ``docs/editors.md`` covers.

pytest-lsp ships the capabilities real clients send (Neovim 0.11, Emacs 29 eglot, VS Code). Each
client gets its own server process: initialize, diagnostics on open, completion, hover, formatting,
shutdown. Helix is not among the recorded clients; its settings arrive as initialization options,
which ``test_server`` covers.
"""

from __future__ import annotations

import asyncio
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = pytest.mark.asyncio

WAIT = 30.0
TEXT = "SELECT * FROM Party WHERE Emial = 'x';\nSELECT p. FROM Party p"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "imisql.lsp.server"]),
    params=["neovim", "emacs", "visual-studio-code"],
)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param), initialization_options={"imisql": {"debounceMs": 10}}
        )
    )
    yield
    await lsp_client.shutdown_session()


async def test_a_session_in_each_editor(client: LanguageClient) -> None:
    uri = "file:///tmp/clients.imisql"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "imisql", 1, TEXT)))

    async def diagnostics() -> list[types.Diagnostic]:
        while uri not in client.diagnostics:
            await asyncio.sleep(0.02)
        return list(client.diagnostics[uri])

    found = await asyncio.wait_for(diagnostics(), WAIT)
    assert [d.code for d in found if d.code != "syntax"] == ["unknown-field"]
    document = types.TextDocumentIdentifier(uri)
    items = await client.text_document_completion_async(types.CompletionParams(document, types.Position(1, 9)))
    assert "Email" in [i.label for i in items.items]
    hover = await client.text_document_hover_async(types.HoverParams(document, types.Position(0, 15)))
    assert "**Party**" in hover.contents.value
    options = types.FormattingOptions(tab_size=2, insert_spaces=True)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(document, options))
    assert edits and edits[0].new_text.startswith("SELECT *\nFROM Party\nWHERE Emial = 'x';")

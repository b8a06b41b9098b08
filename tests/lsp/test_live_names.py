"""The language server with a site's live catalog: a business object's misspelt column is a diagnostic
as soon as the catalog has the object's shape, and the site's IQA query paths complete after ``iqa('``
(the real server process, against the emulator)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from imisql.emulator import Emulator, EmulatorConfig
from imisql.emulator.iqa import QUERIES

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 60.0  # an upper bound on the catalog load and one diagnostics round, never a performance assertion
_SITE = EmulatorConfig(seed=3, parties=40)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Emulator, Path]]:
    with Emulator(_SITE) as emu:
        yield emu, tmp_path_factory.mktemp("lsp-cache")


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "imisql.lsp.server"],
        server_env={**os.environ, "IMISQL_PASSWORD": _SITE.password, "IMISQL_TOKEN_CACHE": "off"},
    ),
)
async def client(lsp_client: LanguageClient, site: tuple[Emulator, Path]):
    emu, cache = site
    options = {"url": emu.base_url, "username": emu.username, "cacheDir": str(cache), "debounceMs": 20}
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"), initialization_options={"imisql": options}
        )
    )
    yield
    await lsp_client.shutdown_session()


async def _diagnostic_mentioning(client: LanguageClient, uri: str, word: str) -> types.Diagnostic:
    async def poll() -> types.Diagnostic:
        while True:
            found = [d for d in client.diagnostics.get(uri, []) if word in d.message]
            if found:
                return found[0]
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(poll(), WAIT)


async def test_a_misspelt_business_object_column_is_a_diagnostic_once_the_catalog_is_live(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/imisql-live-names.imisql"
    text = "SELECT ID, Emial FROM CsContact"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "imisql", 1, text)))
    diagnostic = await _diagnostic_mentioning(client, uri, "Emial")
    assert "CsContact" in diagnostic.message and diagnostic.severity == types.DiagnosticSeverity.Error
    assert (diagnostic.range.start.character, diagnostic.range.end.character) == (11, 16)


async def _labels_once_loaded(client: LanguageClient, uri: str, text: str) -> list[str]:
    """Completion labels at the end of ``text``, polled until the live catalog offers some."""
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "imisql", 1, text)))
    params = types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(0, len(text)))

    async def poll() -> list[str]:
        while True:
            labels = [item.label for item in (await client.text_document_completion_async(params)).items]
            if labels:
                return labels
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(poll(), WAIT)


async def test_iqa_paths_complete_from_the_sites_catalog(client: LanguageClient) -> None:
    labels = await _labels_once_loaded(client, "file:///tmp/imisql-live-iqa.imisql", "SELECT * FROM iqa('$/imisql/")
    assert set(labels[:2]) == {"'$/imisql/Event Registrations'", "'$/imisql/Members by Country'"}
    assert set(labels) <= {f"'{q.path}'" for q in QUERIES}

"""The real ``imisql-lsp`` process against a site (the emulator): completion from the site's live catalog.

The server loads the catalog in the background after ``initialize``; the test polls completion until
the site's IQA queries appear, each wait bounded by ``WAIT``.
"""

from __future__ import annotations

import asyncio
import os
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from imisql.emulator import Emulator, EmulatorConfig
from imisql.emulator.iqa import QUERIES

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 60.0  # an upper bound on the background catalog load, never a performance assertion
_ENV = {k: v for k, v in os.environ.items() if k not in ("IMISQL_CONFIG", "IMISQL_PROFILE")}


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "imisql.lsp.server"],
        server_env={**_ENV, "IMISQL_PASSWORD": EmulatorConfig().password},
    ),
)
async def client(lsp_client: LanguageClient, emulator_session: Emulator, tmp_path_factory: pytest.TempPathFactory):
    cache = tmp_path_factory.mktemp("lsp-cache")
    site = {"url": emulator_session.base_url, "username": emulator_session.username, "cacheDir": str(cache)}
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"), initialization_options={"imisql": site}
        )
    )
    yield
    await lsp_client.shutdown_session()


async def _labels_once_loaded(client: LanguageClient, text: str) -> list[str]:
    uri = f"file:///tmp/imisql-live-{len(text)}.imisql"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "imisql", 1, text)))
    position = types.Position(0, len(text))

    async def poll() -> list[str]:
        while True:
            result = await client.text_document_completion_async(
                types.CompletionParams(types.TextDocumentIdentifier(uri), position)
            )
            labels = [item.label for item in result.items]
            if labels:
                return labels
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(poll(), WAIT)


async def test_iqa_paths_complete_from_the_sites_catalog(client: LanguageClient) -> None:
    labels = await _labels_once_loaded(client, "SELECT * FROM iqa('$/imisql/")
    assert set(labels[:2]) == {"'$/imisql/Event Registrations'", "'$/imisql/Members by Country'"}
    assert set(labels) <= {f"'{q.path}'" for q in QUERIES}

"""The LSP handlers: each converts positions, calls one engine function, and converts back.

No language logic lives here. Completion, hover, formatting and the other requests answer from
the current document text and the current catalog without waiting on the network; diagnostics are
pushed after a short debounce; ``imisql.run`` executes on a worker thread.
"""

from __future__ import annotations

import asyncio
from typing import Any

from lsprotocol import types

from imisql import engine
from imisql.engine.complete import MAX_ITEMS

from . import convert, languages
from .convert import Positions
from .languages import query_files_only
from .server import ImisqlServer
from .settings import SECTION

TRIGGERS = [" ", ".", "(", ",", "'"]


def register(server: ImisqlServer) -> None:
    """Attach every handler to ``server``."""
    for method, options, handler in _HANDLERS:
        server.feature(method, options)(handler)
    server.command("imisql.explain")(explain)
    server.command("imisql.run")(run)


def _document(ls: ImisqlServer, uri: str) -> tuple[str, Positions]:
    document = ls.workspace.get_text_document(uri)
    return document.source, Positions.of(document)


def _is_python(ls: ImisqlServer, uri: str) -> bool:
    return languages.is_python(ls.workspace.get_text_document(uri))


# ---------------------------------------------------------------- session


async def initialize(ls: ImisqlServer, params: types.InitializeParams) -> None:
    ls.loop = asyncio.get_running_loop()
    ls.apply_settings(params.initialization_options, force=True)
    ls.warm_up()


async def initialized(ls: ImisqlServer, params: types.InitializedParams) -> None:
    await _pull_configuration(ls)


async def did_change_configuration(ls: ImisqlServer, params: types.DidChangeConfigurationParams) -> None:
    settings = params.settings
    if isinstance(settings, dict) and SECTION in settings:
        ls.apply_settings(settings)
    else:
        await _pull_configuration(ls)


async def _pull_configuration(ls: ImisqlServer) -> None:
    workspace = ls.client_capabilities.workspace
    if workspace is None or not workspace.configuration:
        return
    found = await ls.workspace_configuration_async(
        types.ConfigurationParams([types.ConfigurationItem(section=SECTION)])
    )
    if found:
        ls.apply_settings(found[0])


def shutdown(ls: ImisqlServer, params: None) -> None:
    ls.runner.close()


# ---------------------------------------------------------------- documents and diagnostics


async def did_open(ls: ImisqlServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule_check(params.text_document.uri, 0)


async def did_change(ls: ImisqlServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule_check(params.text_document.uri, ls.settings.debounce_ms / 1000)


def did_close(ls: ImisqlServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)


# ---------------------------------------------------------------- requests


def completion(ls: ImisqlServer, params: types.CompletionParams) -> types.CompletionList:
    uri = params.text_document.uri
    text, pos = _document(ls, uri)
    items = languages.complete(text, pos.offset(params.position), ls.loader.catalog, _is_python(ls, uri))
    return convert.completion_list(items, pos, MAX_ITEMS)


def hover(ls: ImisqlServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    text, pos = _document(ls, uri)
    found = languages.hover(text, pos.offset(params.position), ls.loader.catalog, _is_python(ls, uri))
    return convert.hover(found, pos) if found is not None else None


@query_files_only(lambda: None)
def signature_help(ls: ImisqlServer, params: types.SignatureHelpParams) -> types.SignatureHelp | None:
    text, pos = _document(ls, params.text_document.uri)
    found = engine.signature_help(text, pos.offset(params.position))
    return convert.signature_help(found) if found is not None else None


@query_files_only(list)
def formatting(ls: ImisqlServer, params: types.DocumentFormattingParams) -> list[types.TextEdit]:
    text, pos = _document(ls, params.text_document.uri)
    return convert.whole_document_edit(text, engine.format_sql(text), pos)


@query_files_only(list)
def range_formatting(ls: ImisqlServer, params: types.DocumentRangeFormattingParams) -> list[types.TextEdit]:
    text, pos = _document(ls, params.text_document.uri)
    edits = engine.format_range(text, pos.offset(params.range.start), pos.offset(params.range.end))
    return convert.text_edits(edits, pos)


@query_files_only(lambda: types.SemanticTokens(data=[]))
def semantic_tokens(ls: ImisqlServer, params: types.SemanticTokensParams) -> types.SemanticTokens:
    text, pos = _document(ls, params.text_document.uri)
    return convert.semantic_tokens(engine.semantic_tokens(text), pos)


@query_files_only(list)
def document_symbols(ls: ImisqlServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    text, pos = _document(ls, params.text_document.uri)
    return convert.symbols(engine.symbols(text), pos)


def code_actions(ls: ImisqlServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    text, pos = _document(ls, uri)
    start, end = pos.offset(params.range.start), pos.offset(params.range.end)
    found = languages.code_actions(text, start, end, ls.loader.catalog, _is_python(ls, uri))
    return [convert.code_action(a, uri, pos, list(params.context.diagnostics)) for a in found]


# ---------------------------------------------------------------- commands


def explain(ls: ImisqlServer, uri: str, position: types.Position) -> str:
    """``imisql.explain(uri, position)``: the EXPLAIN text of the statement under the cursor."""
    text, pos = _document(ls, uri)
    found = languages.statement_text(text, pos.offset(position), _is_python(ls, uri))
    if found is None:
        return "no query here"
    return engine.explain_at(*found, ls.loader.catalog)


async def run(ls: ImisqlServer, uri: str, position: types.Position) -> dict[str, Any]:
    """``imisql.run(uri, position)``: run the statement under the cursor; columns, rows, truncation."""
    text, pos = _document(ls, uri)
    found = languages.statement_text(text, pos.offset(position), _is_python(ls, uri))
    sql = engine.statement_at(*found) if found is not None else None
    if sql is None:
        return {"error": "no statement under the cursor"}
    return await asyncio.get_running_loop().run_in_executor(ls.thread_pool, ls.runner.run, sql)


_HANDLERS: list[tuple[str, Any, Any]] = [
    (types.INITIALIZE, None, initialize),
    (types.INITIALIZED, None, initialized),
    (types.WORKSPACE_DID_CHANGE_CONFIGURATION, None, did_change_configuration),
    (types.SHUTDOWN, None, shutdown),
    (types.TEXT_DOCUMENT_DID_OPEN, None, did_open),
    (types.TEXT_DOCUMENT_DID_CHANGE, None, did_change),
    (types.TEXT_DOCUMENT_DID_CLOSE, None, did_close),
    (types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS), completion),
    (types.TEXT_DOCUMENT_HOVER, None, hover),
    (
        types.TEXT_DOCUMENT_SIGNATURE_HELP,
        types.SignatureHelpOptions(trigger_characters=["(", ","]),
        signature_help,
    ),
    (types.TEXT_DOCUMENT_FORMATTING, None, formatting),
    (types.TEXT_DOCUMENT_RANGE_FORMATTING, None, range_formatting),
    (types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, convert.LEGEND, semantic_tokens),
    (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, None, document_symbols),
    (
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite]
        ),
        code_actions,
    ),
]

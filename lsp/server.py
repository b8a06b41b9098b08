"""The imisql language server: one pygls server object holding the session state; ``main()`` runs it.

State: the settings (initialization options merged with workspace settings), the catalog loader
(built-in catalog at once, live catalog in the background), the runner for ``imisql.run``, and one
pending diagnostics task per document (debounced). Handlers live in ``imisql.lsp.handlers``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Generator
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

import imisql
from imisql import engine

from . import languages
from .catalog_loader import CatalogLoader
from .convert import LspWorkspace, Positions, diagnostic
from .framing import FramedInput
from .runner import Runner
from .settings import LspSettings

log = logging.getLogger(__name__)
_PARSE_ERROR = -32700  # JSON-RPC: the text received is not valid JSON (RFC 8259 JSON is UTF-8)
_SYNC_KIND = types.TextDocumentSyncKind.Incremental


class _Protocol(LanguageServerProtocol):
    """pygls drops a request whose params fail validation (a negative position, a wrong type) without an
    answer, so the client would wait forever: answer it with the JSON-RPC error instead. A request whose
    bytes were not UTF-8 (``FramedInput.undecodable``) is answered with a parse error, not run; such a
    notification is applied as decoded (bad bytes as U+FFFD), so edits keep the document in step."""

    input: FramedInput | None = None

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Generator[Any, Any, types.InitializeResult]:
        """pygls's initialize, then a workspace whose documents split lines the way LSP clients do."""
        result = yield from super().lsp_initialize(params)
        workspace = self.workspace
        folders = list(workspace.folders.values())
        self._workspace = LspWorkspace(workspace.root_uri, _SYNC_KIND, folders, workspace.position_encoding)
        return result

    def handle_message(self, message: Any) -> None:
        problem = self.input.undecodable if self.input is not None else None
        method, ident = getattr(message, "method", None), getattr(message, "id", None)
        if problem is not None and method is not None:
            if ident is not None:
                error = types.ResponseError(_PARSE_ERROR, f"the message is not valid UTF-8: {problem}")
                self._send_response(ident, error=error)
                return
            log.warning("%s: %s; applied with U+FFFD in its place", method, problem)
        super().handle_message(message)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            ident = data.get("id")
            if "method" in data and isinstance(ident, int | str) and not isinstance(ident, bool):
                self._send_response(ident, error=types.ResponseError(exc.code, exc.message))
            raise


class ImisqlServer(LanguageServer):
    """The server object: pygls's LanguageServer plus the imisql session state."""

    def __init__(self) -> None:
        super().__init__(
            "imisql-lsp",
            imisql.__version__,
            text_document_sync_kind=_SYNC_KIND,
            protocol_cls=_Protocol,
        )
        self.settings = LspSettings()
        self.loader = CatalogLoader(self.log, self.refresh_all)
        self.runner = Runner()
        self.loop: asyncio.AbstractEventLoop | None = None
        self._pending: dict[str, asyncio.Task[None]] = {}

    def log(self, message: str) -> None:
        """A message for the editor's log (safe from any thread)."""
        params = types.LogMessageParams(types.MessageType.Info, message)
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.window_log_message, params)

    def refuse_frame(self, reason: str) -> None:
        """A frame was too large to read (called from the reading thread): answer with an error whose id
        is null, as JSON-RPC says to when the request's id cannot be known."""
        log.warning("refused %s", reason)
        if self.loop is not None:
            error = types.ResponseError(types.ErrorCodes.InvalidRequest, f"refused {reason}")
            self.loop.call_soon_threadsafe(lambda: self.protocol._send_response(None, error=error))  # type: ignore[arg-type]

    def warm_up(self) -> None:
        """Build the grammar tables and caches off the event loop, so the first answers are quick."""
        self.thread_pool.submit(engine.check, "SELECT * FROM Party WHERE LastName = 'x'")

    def apply_settings(self, raw: object, force: bool = False) -> None:
        """Merge settings from the editor; reload the catalog and reset the runner if they changed."""
        updated = self.settings.merged(raw)
        if updated == self.settings and not force:
            return
        self.settings = updated
        self.runner.configure(updated)
        self.loader.configure(updated)

    # ------------------------------------------------------------ diagnostics

    def schedule_check(self, uri: str, delay: float) -> None:
        """(Re)compute the diagnostics of ``uri`` after ``delay`` seconds, replacing a pending run."""
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._pending[uri] = asyncio.get_running_loop().create_task(self._publish(uri, delay))

    def refresh_all(self) -> None:
        """The catalog changed: recheck every open document (safe from any thread)."""
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._refresh_all)

    def _refresh_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule_check(uri, 0)

    def forget(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    async def _publish(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        if uri not in self.workspace.text_documents:
            return  # closed meanwhile
        document = self.workspace.get_text_document(uri)
        text, version = document.source, document.version
        try:
            found = await asyncio.get_running_loop().run_in_executor(
                self.thread_pool, languages.check, text, self.loader.catalog, languages.is_python(document)
            )
        except Exception:
            log.exception("check failed")
            found = [engine.Diagnostic(0, 0, "error", "imisql: internal error while checking", code="internal")]
        if document.version != version:
            return  # edited meanwhile: the newer task publishes
        pos = Positions(text, document.position_codec)
        items = [diagnostic(d, pos) for d in found]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, items, version))


def create_server() -> ImisqlServer:
    """A server with every handler registered."""
    from imisql.lsp.handlers import register

    server = ImisqlServer()
    register(server)
    return server


def _command_line() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imisql-lsp",
        description="The imisql language server. It speaks LSP over stdin/stdout: an editor starts it, "
        "a person does not need to (see docs/editors.md).",
    )
    parser.add_argument("--version", action="version", version=f"imisql-lsp {imisql.__version__}")
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default and only transport)")
    return parser


def main(argv: list[str] | None = None) -> None:
    """Run the language server on stdio (the ``imisql-lsp`` command); ``--version``/``--help`` answer and exit."""
    _command_line().parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    server = create_server()
    stdin = FramedInput(sys.stdin.buffer, server.refuse_frame)
    server.protocol.input = stdin  # type: ignore[attr-defined]
    try:
        server.start_io(stdin=stdin)  # type: ignore[arg-type]
    finally:
        server.runner.close()


if __name__ == "__main__":  # python -m imisql.lsp.server: run the imported module, not a second copy
    from imisql.lsp.server import main as run

    run()

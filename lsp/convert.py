"""The one module that speaks lsprotocol: engine values to LSP types and LSP positions to offsets.

The engine works in string offsets (code points); LSP in line/character positions counted in the
client's position encoding (UTF-16 by default). ``Positions`` converts both ways through pygls's
``PositionCodec`` over the document's lines, built once per request.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace
from pygls.workspace.position_codec import PositionCodec

from imisql import engine

SOURCE = "imisql"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_COMPLETION_KIND = {
    "keyword": types.CompletionItemKind.Keyword,
    "entity": types.CompletionItemKind.Class,
    "field": types.CompletionItemKind.Field,
    "operator": types.CompletionItemKind.Operator,
    "value": types.CompletionItemKind.Value,
    "function": types.CompletionItemKind.Function,
    "snippet": types.CompletionItemKind.Snippet,
    "parameter": types.CompletionItemKind.Variable,
}
LEGEND = types.SemanticTokensLegend(token_types=list(engine.TOKEN_TYPES), token_modifiers=[])


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lsp_lines(text: str) -> list[str]:
    """Lines as LSP counts them: only \\n, \\r\\n and \\r end a line (``str.splitlines`` has more)."""
    return _LINE.findall(text)


class LspDocument(TextDocument):
    """A pygls document whose lines break where LSP clients break them, so incremental edits land right."""

    @property
    def lines(self) -> list[str]:
        return lsp_lines(self.source)


class LspWorkspace(Workspace):
    """A workspace creating ``LspDocument``s."""

    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return LspDocument(
            doc_uri, source=source, version=version, language_id=language_id,
            sync_kind=self._sync_kind, position_codec=self.position_codec,
        )  # fmt: skip


class Positions:
    """Offset <-> Position conversion for one version of a document's text."""

    def __init__(self, text: str, codec: PositionCodec):
        self.text = text
        self.codec = codec
        self.lines = lsp_lines(text) or [""]
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self._units: dict[int, list[int] | None] = {}

    @classmethod
    def of(cls, document: TextDocument) -> Positions:
        return cls(document.source, document.position_codec)

    def offset(self, position: types.Position) -> int:
        """The string offset of a client position (clamped into the text)."""
        if position.line >= len(self.lines):
            return len(self.text)
        server = self.codec.position_from_client_units(self.lines, types.Position(position.line, position.character))
        return min(self.starts[server.line] + server.character, len(self.text))

    def position(self, offset: int) -> types.Position:
        """The client position of a string offset."""
        offset = max(0, min(offset, len(self.text)))
        line = min(max(0, bisect.bisect_right(self.starts, offset) - 1), len(self.lines) - 1)
        character = offset - self.starts[line]
        if character >= len(self.lines[line]) and self.lines[line].endswith(("\n", "\r")):
            return types.Position(line + 1, 0)
        return types.Position(line, self._client_units(line, character))

    def _client_units(self, line: int, character: int) -> int:
        """Client code units before ``character`` (code points) on ``line``: O(1) per call.

        Counting the prefix each time (what pygls's codec does) made semantic tokens of one long line
        quadratic in its length; per line, the counts are now built once, and only when code points
        and client units differ (non-ASCII text; under UTF-16 only characters beyond the BMP)."""
        if line not in self._units:
            self._units[line] = _unit_counts(self.lines[line], self.codec)
        counts = self._units[line]
        return character if counts is None else counts[min(character, len(counts) - 1)]

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))


def _unit_counts(line: str, codec: PositionCodec) -> list[int] | None:
    """Client units before each code point of ``line``; None when they equal the code points."""
    if line.isascii() or codec.encoding == types.PositionEncodingKind.Utf32:
        return None
    if codec.encoding != types.PositionEncodingKind.Utf8 and max(line) <= "\uffff":
        return None  # UTF-16 (the default): only characters beyond the BMP take two units
    return list(itertools.accumulate((codec.client_num_units(ch) for ch in line), initial=0))


# ---------------------------------------------------------------- engine -> LSP


def diagnostic(d: engine.Diagnostic, pos: Positions) -> types.Diagnostic:
    message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
    data = {"fixes": list(d.fixes)} if d.fixes else None
    return types.Diagnostic(pos.range(d.start, d.end), message, _SEVERITY[d.severity], d.code, source=SOURCE, data=data)


def completion_list(items: Sequence[engine.Completion], pos: Positions, limit: int) -> types.CompletionList:
    return types.CompletionList(is_incomplete=len(items) >= limit, items=[_completion(c, pos) for c in items])


def _completion(c: engine.Completion, pos: Positions) -> types.CompletionItem:
    snippet = c.kind == "snippet"
    return types.CompletionItem(
        label=c.label,
        label_details=types.CompletionItemLabelDetails(description=c.description) if c.description else None,
        kind=_COMPLETION_KIND[c.kind],
        detail=c.detail,
        documentation=c.documentation or None,
        sort_text=c.sort_text,
        filter_text=c.label if c.kind != "operator" else c.label.strip("…( "),
        text_edit=types.TextEdit(pos.range(c.start, c.end), c.insert_text),
        insert_text_format=types.InsertTextFormat.Snippet if snippet else types.InsertTextFormat.PlainText,
    )


def hover(h: engine.Hover, pos: Positions) -> types.Hover:
    content = types.MarkupContent(types.MarkupKind.Markdown, h.markdown)
    return types.Hover(content, pos.range(h.start, h.end))


def text_edits(edits: Iterable[engine.Edit], pos: Positions) -> list[types.TextEdit]:
    return [types.TextEdit(pos.range(e.start, e.end), e.new_text) for e in edits]


def whole_document_edit(old: str, new: str, pos: Positions) -> list[types.TextEdit]:
    return [] if old == new else [types.TextEdit(pos.range(0, len(old)), new)]


def signature_help(sig: engine.Signature) -> types.SignatureHelp:
    parameters = [types.ParameterInformation(label=p) for p in sig.parameters]
    info = types.SignatureInformation(sig.label, sig.documentation, parameters)
    return types.SignatureHelp([info], active_signature=0, active_parameter=sig.active)


def symbols(found: Sequence[engine.Symbol], pos: Positions) -> list[types.DocumentSymbol]:
    return [
        types.DocumentSymbol(
            name=s.name,
            kind=types.SymbolKind.Function,
            range=pos.range(s.start, s.end),
            selection_range=pos.range(s.select_start, s.select_end),
            detail=s.detail,
        )
        for s in found
    ]


def code_action(action: engine.Action, uri: str, pos: Positions, related: list[types.Diagnostic]) -> types.CodeAction:
    kind = types.CodeActionKind.QuickFix if action.kind == "quickfix" else types.CodeActionKind.RefactorRewrite
    edit = types.WorkspaceEdit(changes={uri: text_edits(action.edits, pos)})
    fixes = [d for d in related if action.fixes_code and d.code == action.fixes_code]
    return types.CodeAction(action.title, kind=kind, edit=edit, diagnostics=fixes or None)


def semantic_tokens(tokens: Sequence[engine.SemanticToken], pos: Positions) -> types.SemanticTokens:
    """Tokens encoded as LSP relative quintuples; tokens spanning lines are split per line."""
    data: list[int] = []
    last_line, last_char = 0, 0
    for tok in tokens:
        kind = engine.TOKEN_TYPES.index(tok.type)
        for start, end in _single_lines(pos, tok.start, tok.end):
            a, b = pos.position(start), pos.position(end)
            delta_char = a.character - last_char if a.line == last_line else a.character
            data += [a.line - last_line, delta_char, b.character - a.character, kind, 0]
            last_line, last_char = a.line, a.character
    return types.SemanticTokens(data=data)


def _single_lines(pos: Positions, start: int, end: int) -> Iterable[tuple[int, int]]:
    while start < end:
        newline = pos.text.find("\n", start, end)
        stop = end if newline < 0 else newline
        if stop > start:
            yield start, stop
        start = stop + 1

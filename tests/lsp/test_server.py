"""End-to-end tests of the real ``imisql-lsp`` process, driven over stdio by pytest-lsp.

One server process for the module, started with ``demo`` so ``imisql.run`` reaches the embedded
emulator. Every wait is bounded by ``WAIT``; no test asserts on wall-clock time.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import sys
from collections.abc import Callable
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 30.0  # an upper bound on any single wait for the server, never a performance assertion
SESSION: dict[str, Any] = {}
_NAMES = itertools.count()


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "imisql.lsp.server"]),
)
async def client(lsp_client: LanguageClient):
    SESSION["init"] = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            initialization_options={"imisql": {"demo": True, "debounceMs": 20, "maxRows": 3}},
        )
    )
    yield
    await lsp_client.shutdown_session()


def _at(text: str) -> tuple[str, types.Position]:
    """``text`` without its ``|`` cursor marker, and the marker's position in UTF-16 units."""
    offset = text.index("|")
    before = text[:offset]
    column = before[before.rfind("\n") + 1 :]
    return text.replace("|", "", 1), types.Position(before.count("\n"), len(column.encode("utf-16-le")) // 2)


def _open(client: LanguageClient, text: str) -> str:
    uri = f"file:///tmp/imisql-lsp-test-{next(_NAMES)}.imisql"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "imisql", 1, text)))
    return uri


async def _until(condition: Callable[[], Any]) -> Any:
    """Poll ``condition`` until it is truthy (bounded by WAIT) and return its value."""

    async def poll() -> Any:
        while not (value := condition()):
            await asyncio.sleep(0.02)
        return value

    return await asyncio.wait_for(poll(), WAIT)


async def _diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    found = await _until(lambda: uri in client.diagnostics and [client.diagnostics[uri]])
    return list(found[0])


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri)


async def test_initialize_advertises_the_features(client: LanguageClient) -> None:
    caps = SESSION["init"].capabilities
    assert set(caps.completion_provider.trigger_characters) >= {" ", ".", "(", ","}
    assert caps.hover_provider and caps.document_formatting_provider and caps.document_range_formatting_provider
    assert list(caps.signature_help_provider.trigger_characters) == ["(", ","]
    assert "property" in caps.semantic_tokens_provider.legend.token_types
    assert set(caps.execute_command_provider.commands) == {"imisql.explain", "imisql.run"}
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert SESSION["init"].server_info.name == "imisql-lsp"


async def test_diagnostics_are_pushed_on_open_with_utf16_ranges(client: LanguageClient) -> None:
    text = "-- naïve 😀 query\nSELECT * FROM Party WHERE LastNme = 'x';\nSELECT * FRM Party"
    uri = _open(client, text)
    found = await _diagnostics(client, uri)
    by_code = {d.code: d for d in found}
    unknown = by_code["unknown-field"]
    assert unknown.range == types.Range(types.Position(1, 26), types.Position(1, 33))
    assert "did you mean LastName" in unknown.message
    assert unknown.severity == types.DiagnosticSeverity.Error
    assert by_code["syntax"].range.start.line == 2


async def test_utf16_positions_after_an_astral_character(client: LanguageClient) -> None:
    text = "SELECT * FROM Party WHERE Name = '😀' AND Emial = 'x'"
    uri = _open(client, text)
    found = await _diagnostics(client, uri)
    (unknown,) = [d for d in found if d.code == "unknown-field"]
    start = text.index("Emial")
    assert unknown.range.start.character == start + 1  # the emoji is two UTF-16 units, one code point


async def test_incremental_change_updates_diagnostics(client: LanguageClient) -> None:
    uri = _open(client, "SELECT * FROM Party WHERE LastNme = 'x'")
    assert any(d.code == "unknown-field" for d in await _diagnostics(client, uri))
    fix = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(0, 26), types.Position(0, 33)), text="LastName"
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version=2, uri=uri), [fix])
    )
    await _until(lambda: not any(d.code == "unknown-field" for d in client.diagnostics[uri]))


async def test_incremental_edits_count_lines_as_the_client_does(client: LanguageClient) -> None:
    uri = _open(client, "-- a\u2028b\nSELECT * FROM Party WHERE LastNme = 'x'")  # \u2028 is not a line break
    (unknown,) = [d for d in await _diagnostics(client, uri) if d.code == "unknown-field"]
    assert unknown.range.start == types.Position(1, 26)
    fix = types.TextDocumentContentChangePartial(range=unknown.range, text="LastName")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version=2, uri=uri), [fix])
    )
    await _until(lambda: not any(d.code == "unknown-field" for d in client.diagnostics[uri]))


async def test_broken_input_gets_diagnostics_not_a_crash(client: LanguageClient) -> None:
    uri = _open(client, "SELECT 'unterminated\x00 ;;; /* \u2028 (( ,, FROM")
    assert await _diagnostics(client, uri)
    hover = await client.text_document_hover_async(types.HoverParams(_doc(uri), types.Position(0, 3)))
    assert hover is not None


async def test_completion_offers_fields_of_the_from_entity(client: LanguageClient) -> None:
    text, position = _at("SELECT * FROM Party p WHERE p.Las|")
    uri = _open(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(_doc(uri), position))
    labels = [item.label for item in result.items]
    assert labels[0] == "LastName"
    edit = result.items[0].text_edit
    assert edit.range.start == types.Position(0, 30) and edit.new_text == "LastName"


async def test_completion_offers_operators_by_type(client: LanguageClient) -> None:
    text, position = _at("SELECT * FROM Country WHERE IsActive |")
    uri = _open(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(_doc(uri), position))
    labels = {item.label for item in result.items}
    assert {"IS TRUE", "IsTrue", "= …"} <= labels
    assert "LIKE …" not in labels and "Contains …" not in labels


async def test_value_completion_shows_what_each_code_means(client: LanguageClient) -> None:
    text, position = _at("SELECT * FROM Party WHERE Status = '|'")
    uri = _open(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(_doc(uri), position))
    active = next(item for item in result.items if item.label == "'A'")
    assert active.label_details is not None and active.label_details.description == "Active"
    assert active.detail == "A — Active"


async def test_hover_on_a_statement_shows_the_compiled_request(client: LanguageClient) -> None:
    text, position = _at("SEL|ECT * FROM Party WHERE LastName CONTAINS 'smith' LIMIT 20")
    uri = _open(client, text)
    hover = await client.text_document_hover_async(types.HoverParams(_doc(uri), position))
    assert "GET https://<site>/api/Party?LastName=contains%3Asmith&limit=20&offset=0" in hover.contents.value


async def test_hover_on_a_field_shows_type_and_search_name(client: LanguageClient) -> None:
    text, position = _at("SELECT * FROM Party WHERE PersonName.Last|Name = 'x'")
    uri = _open(client, text)
    hover = await client.text_document_hover_async(types.HoverParams(_doc(uri), position))
    assert "`string`" in hover.contents.value and "`LastName`" in hover.contents.value


async def test_hover_on_a_field_shows_its_operator_class_on_one_line(client: LanguageClient) -> None:
    text, position = _at("SELECT * FROM Party WHERE PersonName.Last|Name = 'x'")
    hover = await client.text_document_hover_async(types.HoverParams(_doc(_open(client, text)), position))
    lines = hover.contents.value.splitlines()
    assert (
        "Operators (text class): `= <> < <= > >=, BETWEEN, IN, [NOT] CONTAINS, STARTS WITH, ENDS WITH, "
        "IS [NOT] EMPTY`" in lines
    )
    assert not {"StartsWith", "NotContain", "GreaterThanOrEqual"} & set(re.findall(r"\w+", hover.contents.value))
    text, position = _at("SELECT a.AMO|UNT FROM Activity a WHERE a.AMOUNT > 1")
    hover = await client.text_document_hover_async(types.HoverParams(_doc(_open(client, text)), position))
    assert (
        "Operators (number class): `= <> < <= > >=, BETWEEN, IN, IS [NOT] EMPTY`" in hover.contents.value.splitlines()
    )


async def test_completion_in_a_join_knows_every_alias_and_offers_the_join_condition(client: LanguageClient) -> None:
    text, position = _at("SELECT a.| FROM Party p JOIN Activity a ON a.ID = p.PartyId")
    uri = _open(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(_doc(uri), position))
    labels = {item.label for item in result.items}
    assert {"ACTIVITY_TYPE", "AMOUNT"} <= labels and "LastName" not in labels
    text, position = _at("SELECT * FROM Party p JOIN Activity a ON |")
    uri = _open(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(_doc(uri), position))
    first = result.items[0]
    assert first.label == "a.ID = p.PartyId" and first.text_edit.new_text == "a.ID = p.PartyId"
    assert first.text_edit.range.start == position


async def test_hover_on_join_shows_the_strategy_and_on_a_joined_field_shows_it(client: LanguageClient) -> None:
    text, position = _at("SELECT a.AMOUNT FROM Party p JO|IN Activity a ON a.ID = p.PartyId WHERE p.LastName = 'x'")
    uri = _open(client, text)
    hover = await client.text_document_hover_async(types.HoverParams(_doc(uri), position))
    assert "bind join: p.PartyId -> a.ID" in hover.contents.value
    text, position = _at("SELECT a.AMO|UNT FROM Party p JOIN Activity a ON a.ID = p.PartyId")
    uri = _open(client, text)
    hover = await client.text_document_hover_async(types.HoverParams(_doc(uri), position))
    assert "**AMOUNT** — `decimal` · Activity" in hover.contents.value


async def test_formatting_returns_the_canonical_text(client: LanguageClient) -> None:
    uri = _open(client, "select a,b from Party where a=1 and b contains 'x'")
    options = types.FormattingOptions(tab_size=4, insert_spaces=True)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(_doc(uri), options))
    assert [e.new_text for e in edits] == ["SELECT a, b\nFROM Party\nWHERE a = 1\n  AND b CONTAINS 'x';\n"]


async def test_range_formatting_touches_only_the_selected_statement(client: LanguageClient) -> None:
    uri = _open(client, "select 1 from x;\nselect a,b from y")
    options = types.FormattingOptions(tab_size=4, insert_spaces=True)
    selection = types.Range(types.Position(1, 2), types.Position(1, 3))
    edits = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(_doc(uri), selection, options)
    )
    assert [(e.range.start.line, e.new_text) for e in edits] == [(1, "SELECT a, b\nFROM y;")]


async def test_code_actions_rewrite_like_and_fix_a_misspelt_field(client: LanguageClient) -> None:
    text = "SELECT * FROM Party WHERE LastName LIKE '%smith%' AND Emial = 'x'"
    uri = _open(client, text)
    diagnostics = await _diagnostics(client, uri)
    whole = types.Range(types.Position(0, 0), types.Position(0, len(text)))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(_doc(uri), whole, types.CodeActionContext(diagnostics))
    )
    titles = {a.title: a for a in actions}
    rewrite = titles["Rewrite LIKE '%smith%' as CONTAINS 'smith'"]
    assert rewrite.edit.changes[uri][0].new_text == "LastName CONTAINS 'smith'"
    fix = titles["Replace with Email"]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.diagnostics[0].code == "unknown-field"


async def test_signature_help_inside_iqa(client: LanguageClient) -> None:
    text, position = _at("SELECT * FROM iqa('$/Q', |")
    uri = _open(client, text)
    help_ = await client.text_document_signature_help_async(types.SignatureHelpParams(_doc(uri), position))
    assert help_.signatures[0].label.startswith("iqa(") and help_.active_parameter == 1


async def test_document_symbols_and_semantic_tokens(client: LanguageClient) -> None:
    uri = _open(client, "SELECT Name FROM Party;\nDESCRIBE Event")
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(_doc(uri)))
    assert [s.name for s in symbols] == ["SELECT Party", "DESCRIBE Event"]
    tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(_doc(uri)))
    legend = SESSION["init"].capabilities.semantic_tokens_provider.legend.token_types
    kinds = [legend[tokens.data[i + 3]] for i in range(0, len(tokens.data), 5)]
    assert kinds == ["keyword", "property", "keyword", "class", "keyword", "class"]


async def test_explain_command(client: LanguageClient) -> None:
    uri = _open(client, "SELECT * FROM Party WHERE PartyId = '101'")
    text = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("imisql.explain", [uri, {"line": 0, "character": 3}])
    )
    assert "GET https://<site>/api/Party/101" in text


async def test_run_command_against_the_emulator(client: LanguageClient) -> None:
    uri = _open(client, "SELECT * FROM Country;\nSELECT CountryCode, CountryName FROM Country WHERE CountryCode = 'US'")
    result = await asyncio.wait_for(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams("imisql.run", [uri, {"line": 1, "character": 5}])
        ),
        WAIT,
    )
    assert result["columns"] == ["CountryCode", "CountryName"]
    assert result["rows"] == [["US", "United States"]] and result["truncated"] is False
    many = await asyncio.wait_for(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams("imisql.run", [uri, {"line": 0, "character": 5}])
        ),
        WAIT,
    )
    assert len(many["rows"]) == 3 and many["truncated"] is True


async def test_run_reports_errors_as_results(client: LanguageClient) -> None:
    uri = _open(client, "SELECT * FROM Party WHERE Nope = 1")
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("imisql.run", [uri, {"line": 0, "character": 0}])
    )
    assert "no field 'Nope'" in result["error"]


async def test_writes_in_the_editor_are_checked_explained_and_never_run(client: LanguageClient) -> None:
    text = "UPDATE Party SET Email = 'x' WHERE TRUE;\nUPDATE Activity SET DESCRIPTION = 'x' WHERE SEQN = 1"
    uri = _open(client, text)
    (refused,) = await _diagnostics(client, uri)
    assert "ambiguous" in refused.message and refused.range.start == types.Position(0, 17)
    hover = await client.text_document_hover_async(types.HoverParams(_doc(uri), types.Position(1, 2)))
    assert "PUT https://<site>/api/Activity/{id}" in hover.contents.value
    result = await asyncio.wait_for(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams("imisql.run", [uri, {"line": 1, "character": 2}])
        ),
        WAIT,
    )
    assert "UPDATE 1 Activity row: nothing was written; the editor does not write" in result["error"]

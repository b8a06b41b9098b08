"""Unit tests of the server's pieces: position conversion, settings, the catalog loader, the runner."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from imisql import engine
from imisql.catalog import BUILTIN, LiveCatalog
from imisql.emulator import Emulator, EmulatorConfig
from imisql.lsp.catalog_loader import CatalogLoader
from imisql.lsp.convert import LspDocument, Positions, diagnostic, lsp_lines, semantic_tokens
from imisql.lsp.runner import Runner, _plain
from imisql.lsp.settings import LspSettings

UTF16 = PositionCodec(types.PositionEncodingKind.Utf16)
UTF8 = PositionCodec(types.PositionEncodingKind.Utf8)


@pytest.mark.parametrize(
    ("text", "offset", "position"),
    [
        ("abc", 3, (0, 3)),
        ("a😀b", 2, (0, 3)),  # the emoji is two UTF-16 units
        ("é\nx😀y", 4, (1, 3)),
        ("a\r\nb", 3, (1, 0)),
        ("a\rb", 2, (1, 0)),  # a lone \r ends a line for LSP
        ("a\u2028b", 2, (0, 2)),  # \u2028 does not
        ("ab\n", 3, (1, 0)),  # after the last newline
        ("", 0, (0, 0)),
    ],
)
def test_positions_round_trip_in_utf16(text: str, offset: int, position: tuple[int, int]) -> None:
    pos = Positions(text, UTF16)
    assert (pos.position(offset).line, pos.position(offset).character) == position
    assert pos.offset(types.Position(*position)) == offset


def test_positions_in_utf8_and_beyond_the_end() -> None:
    pos = Positions("é😀x", UTF8)
    assert pos.position(2) == types.Position(0, 6)
    assert Positions("ab", UTF16).offset(types.Position(7, 3)) == 2


def test_lsp_lines_and_documents_agree_with_clients() -> None:
    assert lsp_lines("a\r\nb\rc\u2028d\n") == ["a\r\n", "b\r", "c\u2028d\n"]
    doc = LspDocument("file:///x.imisql", "SELECT\u2028 1;\nx")
    doc.apply_change(
        types.TextDocumentContentChangePartial(types.Range(types.Position(1, 0), types.Position(1, 1)), "y")
    )
    assert doc.source == "SELECT\u2028 1;\ny"


def test_diagnostics_and_semantic_tokens_convert() -> None:
    text = "SELECT * FROM Party WHERE Emial = 'x' /* two\nlines */"
    pos = Positions(text, UTF16)
    (d,) = [diagnostic(x, pos) for x in engine.check(text)]
    assert d.severity == types.DiagnosticSeverity.Error and d.data == {"fixes": ["Email", "Emails"]}
    assert "hint: did you mean Email" in d.message
    data = semantic_tokens(engine.semantic_tokens(text), pos).data
    assert len(data) % 5 == 0
    comment = engine.TOKEN_TYPES.index("comment")
    assert data[-10:] == [0, 4, 6, comment, 0, 1, 0, 8, comment, 0]  # a two-line comment: one token per line


def test_settings_merge_camel_case_and_ignore_bad_values() -> None:
    settings = LspSettings().merged({"imisql": {"demo": True, "maxRows": 7, "debounceMs": "x", "cache_dir": "/c"}})
    assert (settings.demo, settings.max_rows, settings.debounce_ms, settings.cache_dir) == (True, 7, 300, "/c")
    assert LspSettings().merged({"maxRows": True}).max_rows == 200
    assert LspSettings().merged(None) == LspSettings() and not LspSettings().has_connection


def test_settings_keep_each_fields_type() -> None:
    wrong = {"demo": 1, "liveCatalog": "no", "url": 3, "profile": ["p"], "maxRows": 2.5, "debounceMs": False}
    assert LspSettings().merged(wrong) == LspSettings()
    right = {"demo": False, "liveCatalog": False, "url": "http://127.0.0.1:1", "profile": "p", "maxRows": 0}
    assert LspSettings().merged(right) == LspSettings(live_catalog=False, url="http://127.0.0.1:1", profile="p",
                                                      max_rows=0)  # fmt: skip


@pytest.fixture(scope="module")
def emulator():
    with Emulator(EmulatorConfig()) as emu:
        yield emu


def _site(emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> LspSettings:
    monkeypatch.setenv("IMISQL_PASSWORD", emulator.password)
    monkeypatch.delenv("IMISQL_CONFIG", raising=False)
    monkeypatch.delenv("IMISQL_PROFILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return LspSettings(url=emulator.base_url, username=emulator.username, cache_dir=str(tmp_path / "cache"))


def test_the_loader_answers_at_once_then_loads_and_caches_the_live_catalog(
    emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = _site(emulator, monkeypatch, tmp_path)
    messages: list[str] = []
    changed = threading.Event()
    loader = CatalogLoader(messages.append, changed.set)
    worker = loader.configure(settings)
    assert loader.catalog is BUILTIN  # completion never waits for the network
    assert worker is not None
    worker.join(timeout=120)
    assert isinstance(loader.catalog, LiveCatalog) and changed.is_set()
    cache = settings.cache_file(settings.connection())
    assert json.loads(cache.read_text())["entities"]
    assert messages[-1].startswith("imisql: live catalog loaded")


def test_the_loader_reads_the_cache_first_and_survives_an_unreachable_site(
    emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = _site(emulator, monkeypatch, tmp_path)
    first = CatalogLoader(lambda _: None)
    worker = first.configure(settings)
    assert worker is not None
    worker.join(timeout=120)
    cache = settings.cache_file(settings.connection())
    unreachable = LspSettings(url="http://127.0.0.1:9", username="u", cache_dir=settings.cache_dir)
    cache.rename(unreachable.cache_file(unreachable.connection()))
    messages: list[str] = []
    second = CatalogLoader(messages.append)
    worker = second.configure(unreachable)
    assert worker is not None
    worker.join(timeout=120)
    assert isinstance(second.catalog, LiveCatalog)  # from the cache
    assert "could not load the live catalog" in messages[-1]


def test_demo_and_no_connection_keep_the_builtin_catalog() -> None:
    loader = CatalogLoader(lambda _: None)
    assert loader.configure(LspSettings(demo=True)) is None and loader.catalog is BUILTIN
    assert loader.configure(LspSettings()) is None


def test_the_runner_limits_rows_and_reports_errors(emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    runner = Runner()
    runner.configure(_site(emulator, monkeypatch, tmp_path).merged({"maxRows": 2}))
    try:
        result = runner.run("SELECT CountryCode FROM Country")
        assert result["columns"] == ["CountryCode"] and len(result["rows"]) == 2 and result["truncated"]
        assert "no field" in runner.run("SELECT Nope FROM Country")["error"]
    finally:
        runner.close()
    assert "no connection configured" in Runner().run("SELECT 1 FROM x")["error"]


def test_values_become_json_friendly() -> None:
    row = [Decimal("1.10"), dt.datetime(2024, 1, 2, 3, 4), dt.date(2024, 1, 2), None, True, 3, [Decimal(1)], {"a": 1}]
    assert json.dumps([_plain(v) for v in row]) == (
        '["1.10", "2024-01-02T03:04:00", "2024-01-02", null, true, 3, ["1"], {"a": 1}]'
    )

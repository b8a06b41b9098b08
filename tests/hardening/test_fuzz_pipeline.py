"""Hostile statement text through every pure stage: parse, compile (+ EXPLAIN), complete, check, format.

Only ``ImisqlError`` subclasses may leave ``parse`` and ``compile``; the editor functions never raise at
all; ``format`` is idempotent and keeps the meaning of every statement (``parse(format(x)) == parse(x)``).
Inputs come from ``tests/hardening/strategies.py``: generated statements, token soup and mutations of
the golden corpus.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from imisql import engine
from imisql.compiler import compile_sql
from imisql.errors import ImisqlError, SyntaxError
from imisql.parser import parse, parse_each, parse_statement
from imisql.plan import Plan
from tests.core.golden import PARAMS
from tests.hardening import strategies as hs
from tests.hardening.profiles import profile

SURROGATES = ["SELECT * FROM Party WHERE LastName = 'a\udc80'", 'SELECT * FROM "x\ud800"', "SELECT \udc80"]


def _compile_each(text: str, params: object) -> None:
    """Compile every statement of ``text``; EXPLAIN its plan; only ImisqlError may escape."""
    for piece in parse_each(text):
        if piece.statement is None:
            continue
        source = text[: piece.end]
        try:
            compiled = compile_sql(piece.statement, params=params, text=source)  # type: ignore[arg-type]
        except ImisqlError:
            continue
        if isinstance(compiled, Plan):
            compiled.explain("https://example.org/imis")
            for request in compiled.requests:
                request.url("https://example.org/imis")
                _assert_safe_path(request.path)


def _assert_safe_path(path: str) -> None:
    """Statement text never adds, removes or climbs path segments, nor starts a query string."""
    assert path.startswith("/api/") and "?" not in path and "#" not in path, path
    segments = path.split("/")[2:]
    assert 1 <= len(segments) <= 2 and all(s not in ("", ".", "..") for s in segments), path


@profile(200)
@given(hs.statement_text())
@example(SURROGATES[0])
@example(SURROGATES[1])
@example(SURROGATES[2])
@example("\u2028")  # a Unicode space alone: blank to the parser, so no piece for parse_each either
def test_parse_raises_only_imisql_errors(text: str) -> None:
    try:
        script = parse(text)
    except ImisqlError:
        script = None
    pieces = parse_each(text)  # never raises
    if script is not None:
        assert [p.statement for p in pieces] == list(script.statements)


@profile(200)
@given(hs.statement_text(), hs.param_sets())
@example(SURROGATES[0], None)
@example(SURROGATES[1], None)
@example("SELECT * FROM Party WHERE LastName = :name", {"name": "a\udc80"})
@example('SELECT * FROM ".."', None)
@example("SELECT * FROM Party WHERE PartyId = '.'", None)
def test_compile_and_explain_raise_only_imisql_errors(text: str, params: object) -> None:
    _compile_each(text, params)


@profile(200)
@given(hs.statement_text())
def test_compile_with_the_corpus_parameters(text: str) -> None:
    _compile_each(text, PARAMS)


@profile(200)
@given(hs.statement_text(), st.data())
@example(SURROGATES[0], None)
def test_editor_functions_never_raise(text: str, data: st.DataObject | None) -> None:
    offset = data.draw(st.integers(0, len(text))) if data is not None else len(text)
    assert isinstance(engine.complete(text, offset), list)
    for diagnostic in engine.check(text):
        assert 0 <= diagnostic.start <= diagnostic.end <= len(text)
    engine.hover(text, offset)
    engine.signature_help(text, offset)
    engine.explain_at(text, offset)
    engine.code_actions(text, 0, len(text))
    engine.semantic_tokens(text)
    for edit in engine.format_range(text, 0, offset):
        assert 0 <= edit.start <= edit.end <= len(text)


def _statements(text: str) -> list[object]:
    return [p.statement for p in parse_each(text)]


@profile(200)
@given(hs.statement_text())
def test_format_is_idempotent_and_keeps_the_meaning(text: str) -> None:
    formatted = engine.format_sql(text)
    assert engine.format_sql(formatted) == formatted
    assert [s for s in _statements(formatted) if s is not None] == [s for s in _statements(text) if s is not None]
    try:
        original = parse(text)
    except ImisqlError:
        return
    assert parse(formatted) == original


def test_lone_surrogates_are_syntax_errors_on_every_entry_point() -> None:
    """Undecodable input bytes (``surrogateescape``) cannot be sent as UTF-8: a located syntax error."""
    for text in SURROGATES:
        for entry in (parse, parse_statement, compile_sql):
            with pytest.raises(SyntaxError, match="lone surrogate"):
                entry(text)
        (piece,) = parse_each(text)
        assert isinstance(piece.error, SyntaxError) and text[piece.error.span.start] in "\udc80\ud800"
        assert any("lone surrogate" in d.message for d in engine.check(text))
        assert "lone surrogate" in engine.hover(text, len(text)).markdown

"""The engine never raises: every prefix of every golden statement, and random token soup."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imisql import engine
from imisql.parser import parse_each
from tests.core.golden import load_statements

STATEMENTS = [sql for _, sql in load_statements()]
EXAMPLES = 2000 if os.environ.get("IMISQL_SLOW") else 150


@pytest.mark.parametrize("sql", STATEMENTS, ids=[name for name, _ in load_statements()])
def test_complete_and_check_never_raise_on_any_prefix(sql: str) -> None:
    for end in range(len(sql) + 1):
        prefix = sql[:end]
        assert isinstance(engine.complete(prefix, end), list)
        assert isinstance(engine.check(prefix), list)


def test_every_engine_function_accepts_the_whole_corpus_as_one_document() -> None:
    document = ";\n".join(STATEMENTS)
    middle = len(document) // 2
    assert engine.check(document)
    assert engine.complete(document, middle) is not None
    assert engine.hover(document, middle) is not None
    assert len(engine.symbols(document)) == len(parse_each(document))
    assert engine.semantic_tokens(document)
    assert engine.format_sql(engine.format_sql(document)) == engine.format_sql(document)


PIECES = st.sampled_from(
    ["SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "ORDER", "BY", "GROUP", "LIMIT", "IN", "IS", "NULL", "LIKE",
     "BETWEEN", "Party", "p", "LastName", "PersonName", ".", ",", "(", ")", "*", "=", "<>", "contains", "'x'",
     "'open", '"q', "1", "2.5", "-", ":p", "?", ";", "--c\n", "/*", "*/", "iqa", "COUNT", "DATE", "é", "😀", "\n",
     "#", "\u2028"]
)  # fmt: skip


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=25), st.data())
def test_random_token_soup_never_raises(pieces: list[str], data: st.DataObject) -> None:
    text = " ".join(pieces)
    offset = data.draw(st.integers(0, len(text)))
    engine.complete(text, offset)
    engine.check(text)
    engine.hover(text, offset)
    engine.signature_help(text, offset)
    engine.code_actions(text, 0, len(text))
    engine.semantic_tokens(text)
    engine.symbols(text)
    engine.explain_at(text, offset)
    formatted = engine.format_sql(text)
    assert engine.format_sql(formatted) == formatted
    for edit in engine.format_range(text, 0, offset):
        assert 0 <= edit.start <= edit.end <= len(text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=80), st.data())
def test_arbitrary_text_never_raises(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    engine.complete(text, offset)
    engine.check(text)
    engine.hover(text, offset)
    assert engine.format_sql(engine.format_sql(text)) == engine.format_sql(text)

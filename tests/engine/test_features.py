"""Signature help, code actions, semantic tokens, outline, explain, and the highlighters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pygments import lex
from pygments.lexers import get_lexer_by_name
from pygments.token import Error, Keyword, Name, Operator

from imisql import engine
from imisql.engine import Edit
from imisql.highlight import ImisqlLexer, grammar_words, keyword_words
from tests.core.golden import load_statements
from tests.engine.cursor import cursor

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("marked", "label", "active"),
    [
        ("SELECT COUNT(| FROM Party", "COUNT(* | [DISTINCT] value)", 0),
        ("SELECT sum(Bal| FROM Invoice", "SUM([DISTINCT] value)", 0),
        ("SELECT * FROM iqa(|", "iqa(path, prompt…, COLUMN => value…)", 0),
        ("SELECT * FROM iqa('$/Q', 'a', |", "iqa(path, prompt…, COLUMN => value…)", 1),
        ("SELECT * FROM iqa('$/Q', MAX(|", "MAX(value)", 0),
        ("SELECT * FROM iqa('$/Q', MAX(x), |", "iqa(path, prompt…, COLUMN => value…)", 1),
    ],
)
def test_signature_help(marked: str, label: str, active: int) -> None:
    text, offset = cursor(marked)
    found = engine.signature_help(text, offset)
    assert found is not None and (found.label, found.active) == (label, active)


@pytest.mark.parametrize("marked", ["SELECT * FROM Party WHERE (a = 1|", "SELECT COUNT(*) |", "SELECT foo(|"])
def test_no_signature_outside_known_calls(marked: str) -> None:
    text, offset = cursor(marked)
    assert engine.signature_help(text, offset) is None


@pytest.mark.parametrize(
    ("where", "rewritten"),
    [
        ("LastName LIKE '%smith%'", "LastName CONTAINS 'smith'"),
        ("LastName LIKE 'smi%'", "LastName STARTS WITH 'smi'"),
        ("p.Email LIKE '%.org'", "p.Email ENDS WITH '.org'"),
        ("LastName NOT LIKE '%o''b%'", "LastName NOT CONTAINS 'o''b'"),
    ],
)
def test_like_is_rewritten_as_the_imis_operator(where: str, rewritten: str) -> None:
    text = f"SELECT * FROM Party p WHERE {where}"
    (action,) = engine.code_actions(text, 0, len(text))
    start = text.index(where)
    assert action.kind == "refactor.rewrite"
    assert action.edits == (Edit(start, start + len(where), rewritten),)


@pytest.mark.parametrize("where", ["LastName LIKE '%a_b%'", "LastName LIKE '%a%b%'", "LastName NOT LIKE 'a%'"])
def test_like_patterns_without_an_imis_operator_are_left_alone(where: str) -> None:
    text = f"SELECT * FROM Party WHERE {where}"
    assert engine.code_actions(text, 0, len(text)) == []


def test_quick_fixes_replace_the_misspelt_name_and_only_in_range() -> None:
    text = "SELECT * FROM Party WHERE Emial = 'x';\nSELECT * FROM Partty"
    titles = [a.title for a in engine.code_actions(text, 0, len(text))]
    assert titles == ["Replace with Email", "Replace with Emails", "Replace with Party"]
    at = text.index("Partty")
    fixes = engine.code_actions(text, at, at)
    assert [(a.title, a.edits, a.fixes_code) for a in fixes] == [
        ("Replace with Party", (Edit(at, at + 6, "Party"),), "unknown-entity")
    ]


def test_semantic_tokens_follow_the_parser() -> None:
    text = "SELECT p.Name AS n, COUNT(*) FROM \"Group\" p WHERE p.Name like '%x%' AND Status IN (1) -- c"
    kinds = [(text[t.start : t.end], t.type) for t in engine.semantic_tokens(text)]
    assert kinds == [
        ("SELECT", "keyword"), ("p", "variable"), ("Name", "property"), ("AS", "keyword"), ("n", "variable"),
        ("COUNT", "function"), ("*", "operator"), ("FROM", "keyword"), ('"Group"', "class"), ("p", "variable"),
        ("WHERE", "keyword"), ("p", "variable"), ("Name", "property"), ("like", "operator"), ("'%x%'", "string"),
        ("AND", "keyword"), ("Status", "property"), ("IN", "operator"), ("1", "number"), ("-- c", "comment"),
    ]  # fmt: skip


def test_a_keyword_spelt_column_is_a_property() -> None:
    text = "SELECT * FROM Group WHERE Name = 'x'"
    kinds = {text[t.start : t.end]: t.type for t in engine.semantic_tokens(text)}
    assert kinds["Group"] == "class"


def test_symbols_name_each_statement() -> None:
    text = "SELECT * FROM Party;\n\nEXPLAIN SELECT * FROM iqa('$/Q');\nDESCRIBE Event;\nSHOW ENTITIES;\nSELEC x"
    found = engine.symbols(text)
    assert [s.name for s in found] == ["SELECT Party", "EXPLAIN SELECT iqa(…)", "DESCRIBE Event", "SHOW ENTITIES",
                                       "SELEC x"]  # fmt: skip
    assert text[found[1].start : found[1].end] == "EXPLAIN SELECT * FROM iqa('$/Q')"


def test_explain_and_statement_at_the_cursor() -> None:
    text = "SELECT 1 FROM Party;\nSELECT * FROM Party WHERE PartyId = '101'"
    assert engine.statement_at(text, len(text)) == "SELECT * FROM Party WHERE PartyId = '101'"
    assert "GET https://<site>/api/Party/101" in engine.explain_at(text, len(text))
    assert "syntax error" in engine.explain_at("SELECT * FRM x", 3)
    assert engine.statement_at("  ;  ", 4) is None


# ---------------------------------------------------------------- highlighting


def test_the_pygments_lexer_is_registered_and_uses_the_grammars_words() -> None:
    assert isinstance(get_lexer_by_name("imisql"), ImisqlLexer)
    assert {"select", "where", "having", "entities", "timestamp"} <= set(keyword_words())
    assert "contains" in grammar_words() and "contains" not in keyword_words()


@pytest.mark.parametrize("sql", [sql for _, sql in load_statements()][:80])
def test_the_lexer_highlights_the_corpus_without_errors(sql: str) -> None:
    tokens = list(lex(sql, ImisqlLexer()))
    assert not [t for t in tokens if t[0] in Error]
    assert "".join(value for _, value in tokens).rstrip("\n") == sql


def test_token_classes() -> None:
    tokens = {
        value: kind for kind, value in lex("SELECT COUNT(*) FROM p WHERE a contains 'x' AND b isEmpty", ImisqlLexer())
    }
    assert tokens["SELECT"] in Keyword and tokens["COUNT"] in Name.Function
    assert tokens["contains"] in Operator.Word and tokens["isEmpty"] in Operator.Word and tokens["a"] in Name


def test_the_textmate_grammar_is_generated_from_the_same_words() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "editors" / "textmate.py"), "--check"], check=False)
    assert result.returncode == 0, "run: python editors/textmate.py"


def test_the_engine_and_the_lexer_stay_free_of_editor_dependencies() -> None:
    probe = (
        "import sys, imisql.engine, imisql.highlight; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'prompt_toolkit') "
        "or m.startswith(('imisql.lsp', 'imisql.repl'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

"""The tolerant lexer and parser feed agree with Lark."""

from __future__ import annotations

import pytest

from imisql.engine.feed import expected, feed, initial
from imisql.engine.tokens import significant, tables, tokenize
from imisql.engine.vocabulary import operator_forms
from imisql.frontend import lark_parser
from imisql.parser import parse_statement
from tests.core.golden import load_statements

VALID = []
for _name, _sql in load_statements():
    try:
        parse_statement(_sql)
    except Exception:
        continue
    VALID.append(_sql)


@pytest.mark.parametrize("sql", VALID)
def test_the_feed_reads_every_token_as_lark_does(sql: str) -> None:
    tokens = significant(tokenize(sql))
    fed = feed(tokens)
    assert fed.errors == [] and fed.end_error is None
    lark = [(t.type, t.start_pos) for t in lark_parser().parse_interactive(sql).iter_parse()]
    assert [(term, tok.start) for term, tok in zip(fed.terminals, tokens, strict=True)] == lark


def test_keywords_come_from_the_grammar() -> None:
    words = tables().keywords
    assert words["select"] == "SELECT" and words["contains"] == "CONTAINS" and words["and"] == "_AND"
    assert {t.name for t in lark_parser().terminals} >= set(words.values())


def test_expected_terminals_match_larks_interactive_parser() -> None:
    for prefix in ("", "SELECT", "SELECT * FROM Party", "SELECT * FROM Party WHERE a", "SELECT a FROM x ORDER BY a"):
        interactive = lark_parser().parse_interactive(prefix)
        interactive.exhaust_lexer()
        fed = feed(significant(tokenize(prefix)))
        assert expected(fed.states[-1]) - {"$END"} == interactive.accepts() - {"$END"}


def test_recovery_reports_each_error_once_and_repairs_missing_names() -> None:
    fed = feed(significant(tokenize("SELECT , , FROM Party WHERE = = AND x = 1")))
    assert [e.token.text for e in fed.errors] == [",", "="]
    assert fed.terminals[3] == "FROM"


def test_the_start_state_expects_statements() -> None:
    assert {"SELECT", "EXPLAIN", "DESCRIBE", "SHOW"} <= expected(initial())


def test_unclosed_tokens_run_to_the_end() -> None:
    (string,) = tokenize("'abc\ndef")
    (comment,) = tokenize("/* never closed")
    assert (string.type, string.closed, comment.type, comment.closed) == ("STRING", False, "BLOCK_COMMENT", False)
    assert [t.type for t in tokenize("a # b")] == ["NAME", "ERROR", "NAME"]


def test_every_operator_form_parses_and_is_distinct() -> None:
    forms = operator_forms()
    assert len({f.label.lower() for f in forms}) == len(forms)
    for form in forms:
        sample = form.label.replace("(…)", "(1)").replace("…", "1")
        parse_statement(f"SELECT * FROM x WHERE a {sample}")
    assert {f.label for f in forms} >= {"= …", "IS NOT NULL", "NOT IN (…)", "STARTS WITH …", "StartsWith …", "gt …"}

"""The grammar's one front end: the splitter's pieces, the keyword readings, and no other reach into Lark."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from imisql.frontend import grammar_words, has_code, keywords, lalr_tables, split, statement_at

ROOT = Path(__file__).resolve().parents[2]
SQLISH = st.text(alphabet="ab ;'\"-*/\n", max_size=60)


@settings(max_examples=300, deadline=None)
@given(SQLISH)
def test_the_pieces_cover_the_text_and_cut_only_at_top_level_semicolons(text: str) -> None:
    pieces = split(text)
    assert ";".join(text[start:end] for start, end in pieces) == text
    for start, end in pieces[:-1]:
        assert text[end] == ";" and split(text[start : end + 1])[0] == (0, end - start)


def test_semicolons_in_strings_names_and_comments_do_not_cut() -> None:
    text = "SELECT ';' FROM \"a;b\" -- ;\n; /* ; */ SELECT 1; 'open ; string"
    assert [text[start:end] for start, end in split(text)] == [
        "SELECT ';' FROM \"a;b\" -- ;\n", " /* ; */ SELECT 1", " 'open ; string",
    ]  # fmt: skip
    assert statement_at(text, text.index("/*")) == split(text)[1]
    assert not has_code(" -- only ; a comment\n /* and ; this */ ") and has_code("/* c */ x")


def test_the_grammar_words_are_the_keywords_of_the_terminals() -> None:
    assert set(grammar_words()) == set(keywords())
    assert keywords()["and"] == "_AND" and keywords()["select"] == "SELECT"


def test_the_tables_start_and_end_in_distinct_states() -> None:
    tables = lalr_tables()
    assert tables.start in tables.states and tables.start != tables.end
    assert "SELECT" in tables.states[tables.start]


def test_only_the_front_end_builds_the_parser_or_reads_its_tables() -> None:
    private = re.compile(r"\.parser\.parser|parse_table|\bLark\(")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("imisql", "lsp", "repl")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "frontend.py" and private.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

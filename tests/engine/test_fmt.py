"""``format_sql``: canonical output, idempotent, meaning-preserving, and no comment is ever lost."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imisql.engine import Edit, format_range, format_sql
from imisql.engine.tokens import COMMENTS, tokenize
from imisql.parser import parse_each
from tests.core.golden import load_statements

STATEMENTS = [sql for _, sql in load_statements()]
EXAMPLES = 1000 if os.environ.get("IMISQL_SLOW") else 100

CASES = [
    ("select a,b from party p where x contains 'y' and (z = 1 or w eq 2) order by a desc limit 5",
     "SELECT a, b\nFROM party AS p\nWHERE x CONTAINS 'y'\n  AND (z = 1 OR w = 2)\nORDER BY a DESC\nLIMIT 5;\n"),
    ("select * from Party where a = 1 or b = 2", "SELECT *\nFROM Party\nWHERE a = 1\n   OR b = 2;\n"),
    ("select * from x where not (a = 1 and b isEmpty)", "SELECT *\nFROM x\nWHERE NOT (a = 1 AND b IS EMPTY);\n"),
    ("select * from x where a !contain 'q' and b notEmpty and c == 1 and d != 2 and e ge 3",
     "SELECT *\nFROM x\nWHERE a NOT CONTAINS 'q'\n  AND b IS NOT EMPTY\n  AND c = 1\n  AND d <> 2\n  AND e >= 3;\n"),
    ("select * from x where a startswith 'p' and b ends with 's' and c istrue",
     "SELECT *\nFROM x\nWHERE a STARTS WITH 'p'\n  AND b ENDS WITH 's'\n  AND c IS TRUE;\n"),
    ("select * from x where d between -1 and 2.50 and e not in (1, 2) and f not like '%x' and g is not null",
     "SELECT *\nFROM x\nWHERE d BETWEEN -1 AND 2.50\n  AND e NOT IN (1, 2)\n"
     "  AND f NOT LIKE '%x'\n  AND g IS NOT NULL;\n"),
    ("select * from x where d = date '2020-01-02' and t < timestamp '2020-01-02 03:04'",
     "SELECT *\nFROM x\nWHERE d = DATE '2020-01-02'\n  AND t < TIMESTAMP '2020-01-02 03:04:00';\n"),
    ("select count(*), sum(distinct Balance) total from Invoice group by BillToId having count(*) > 1",
     "SELECT COUNT(*), SUM(DISTINCT Balance) AS total\nFROM Invoice\nGROUP BY BillToId\nHAVING COUNT(*) > 1;\n"),
    ("select * from iqa('$/Q', :p, ?) limit 10 offset 20",
     "SELECT *\nFROM iqa('$/Q', :p, ?)\nLIMIT 10\nOFFSET 20;\n"),
    ('select "odd name", p."Group" from "Group" "desc"', 'SELECT "odd name", p."Group"\nFROM "Group" AS "desc";\n'),
    ("select 'it''s' as s from x", "SELECT 'it''s' AS s\nFROM x;\n"),
    ("explain select * from x", "EXPLAIN SELECT *\nFROM x;\n"),
    ("describe party; desc event ;show   entities", "DESCRIBE party;\n\nDESCRIBE event;\n\nSHOW ENTITIES;\n"),
    ("select PartyId, Name, Email, PersonName.FirstName, PersonName.LastName, CityName, CountryCode, PostalCode "
     "from Party",
     "SELECT\n    PartyId,\n    Name,\n    Email,\n    PersonName.FirstName,\n    PersonName.LastName,\n"
     "    CityName,\n    CountryCode,\n    PostalCode\nFROM Party;\n"),
    # comments stay next to the code they followed
    ("-- head\nselect * from Party -- after from\n where a = 1 -- c1\n and b=2; -- tail\n-- trailer",
     "-- head\nSELECT *\nFROM Party  -- after from\nWHERE a = 1  -- c1\n  AND b = 2;  -- tail\n\n-- trailer\n"),
    ("select /* inline */ a from x", "SELECT a  /* inline */\nFROM x;\n"),
    ("select * from x -- a\n-- b\n;", "SELECT *\nFROM x;  -- a -- b\n"),
    ("-- only\n\n/* two */", "-- only\n/* two */\n"),
    # broken statements are kept as written (trimmed)
    ("selct * from x;  select * from y", "selct * from x;\n\nSELECT *\nFROM y;\n"),
    ("SELECT 'abc   \n\n", "SELECT 'abc\n"),
    ("select * from x /* open", "select * from x  /* open\n"),
    ("", ""),
    ("  \n ;; \n", ""),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_format_table(source: str, expected: str) -> None:
    assert format_sql(source) == expected
    assert format_sql(expected) == expected


def _meaning(text: str) -> list[object]:
    return [piece.statement if piece.error is None else type(piece.error) for piece in parse_each(text)]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[name for name, _ in load_statements()])
def test_corpus_is_idempotent_and_keeps_its_meaning(sql: str) -> None:
    once = format_sql(sql)
    assert format_sql(once) == once
    assert _meaning(once) == _meaning(sql)


def _comments(text: str) -> list[str]:
    return [t.text.rstrip() for t in tokenize(text) if t.type in COMMENTS]


COMMENT = st.sampled_from(["-- note", "/* block */", "/* multi\nline */", "-- x;y", "/**/"])


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(STATEMENTS), st.lists(st.tuples(st.integers(0, 40), COMMENT), max_size=4))
def test_comments_are_never_lost(sql: str, inserts: list[tuple[int, str]]) -> None:
    tokens = tokenize(sql)
    text = sql
    for index, comment in sorted(inserts, reverse=True):
        at = tokens[index % len(tokens)].end if tokens else 0
        text = f"{text[:at]} {comment}\n{text[at:]}"
    once = format_sql(text)
    assert format_sql(once) == once
    assert _meaning(once) == _meaning(text)
    found = " ".join(_comments(once))
    for comment in _comments(text):
        assert comment in found


def test_range_formatting_rewrites_only_the_touched_statement() -> None:
    text = "select 1 from x;\nselect a,b from y;\nselect c from z"
    start = text.index("a,b")
    (edit,) = format_range(text, start, start + 1)
    assert edit == Edit(text.index("select a"), text.index(";\nselect c") + 1, "SELECT a, b\nFROM y;")


def test_range_formatting_of_formatted_text_changes_nothing() -> None:
    text = format_sql("select a from x; select b from y")
    assert format_range(text, 0, len(text)) == []

"""Messages that help: SQL imisql lacks gets one sentence naming what to write instead, and no
message names something that does not exist."""

from __future__ import annotations

import pytest

import imisql
from imisql.errors import InterfaceError, SyntaxError

UNSUPPORTED = [
    ("SELECT TOP 5 PartyId FROM Party", "no TOP n: write LIMIT n"),
    ("SELECT DISTINCT TOP 5 PartyId FROM Party", "no TOP n: write LIMIT n"),
    ("SELECT PartyId FROM Party UNION SELECT PartyId FROM Person", "no UNION: run the SELECTs as separate statements"),
    ("SELECT PartyId FROM Party EXCEPT SELECT PartyId FROM Person", "no EXCEPT"),
    ("SELECT PartyId FROM Party WHERE PartyId IN (SELECT PartyId FROM Person)", "no subqueries"),
    ("WITH p AS (SELECT PartyId FROM Party) SELECT PartyId FROM p", "no WITH"),
    ("INSERT INTO Party VALUES (1)", "name the columns after the entity"),
    ("UPDATE Party WHERE PartyId = '1'", "set each column with ="),
    ("delete Party", "DELETE names its entity after FROM"),
    ("DROP TABLE Party", "imisql has no DROP: it changes rows with INSERT, UPDATE and DELETE"),
    ("SELECT PartyId INTO backup FROM Party", "no SELECT ... INTO"),
]


@pytest.mark.parametrize(("sql", "key"), UNSUPPORTED)
def test_constructs_imisql_lacks_get_a_sentence(sql: str, key: str) -> None:
    with pytest.raises(SyntaxError) as caught:
        imisql.parse(sql)
    assert caught.value.hint is not None and key in caught.value.hint


def test_words_inside_strings_and_comments_do_not_count() -> None:
    with pytest.raises(SyntaxError) as caught:
        imisql.parse("SELECT 'union top' FROM Party /* insert */ WHERE")
    assert "imisql has no" not in (caught.value.hint or "")
    assert "changes rows" not in (caught.value.hint or "")


def test_execute_of_two_statements_names_no_missing_method() -> None:
    conn = imisql.connect(demo=True)
    try:
        with pytest.raises(InterfaceError) as caught:
            conn.cursor().execute("SELECT PartyId FROM Party; SELECT PartyId FROM Party")
    finally:
        conn.close()
    assert "call execute() once per statement" in str(caught.value)
    assert "executescript" not in str(caught.value)

"""No silent NULLs: a name read from a business object outside the catalog or from an IQA query that the
rows do not carry is an error with "did you mean", decided on the first page that has rows."""

from __future__ import annotations

import pytest

import imisql
from imisql.errors import BadRequestError, SemanticError
from imisql.plan import ReadName
from imisql.shapes import NameCheck

_IQA = "iqa('$/imisql/Members by Country', 'AU', NULL)"


@pytest.mark.parametrize(
    ("sql", "written", "meant"),
    [
        ("SELECT ID, Emial FROM CsContact", "Emial", "Email"),
        ("SELECT ID FROM CsContact WHERE Emial LIKE '%a%b%'", "Emial", "Email"),
        ("SELECT ID FROM CsContact ORDER BY LastNme", "LastNme", "LastName"),
        ("SELECT ID FROM CsContact WHERE Stauts = 'A' OR City = 'Perth'", "Stauts", "Status"),
        ("SELECT Staus, COUNT(*) FROM CsContact GROUP BY Staus", "Staus", "Status"),
        (f"SELECT FullName, Cuntry FROM {_IQA}", "Cuntry", "Country"),
        (f"SELECT * FROM {_IQA} WHERE Cuntry = 'AU'", "Cuntry", "Country"),
        (f"SELECT FullName FROM {_IQA} ORDER BY JoinDat DESC", "JoinDat", "JoinDate"),
        (f"SELECT MembrType, COUNT(*) FROM {_IQA} GROUP BY MembrType", "MembrType", "MemberType"),
    ],
)
def test_a_name_the_rows_do_not_carry_is_an_error_with_a_suggestion(
    conn: imisql.Connection, sql: str, written: str, meant: str
) -> None:
    with pytest.raises(SemanticError) as caught:
        conn.execute(sql).fetchall()
    error = caught.value
    assert f"no column {written!r}" in error.message and f"did you mean {meant}" in (error.hint or "")
    assert error.span is not None and sql[error.span.start : error.span.end] == written


def test_names_match_case_insensitively_and_rows_come_back(
    conn: imisql.Connection, local_conn: imisql.Connection
) -> None:
    sql = f"SELECT fullname, COUNTRY FROM {_IQA} WHERE joindate IS NOT NULL ORDER BY FullName"
    rows = conn.execute(sql).fetchall()
    assert rows and rows == local_conn.execute(sql).fetchall()
    assert conn.execute("SELECT id, email FROM CsContact WHERE lastname IS NOT NULL LIMIT 3").fetchall()


def test_a_refusal_that_no_misspelt_name_explains_stands(conn: imisql.Connection) -> None:
    with pytest.raises(BadRequestError, match="expects 2 parameter"):
        conn.execute("SELECT Cuntry FROM iqa('$/imisql/Members by Country', 'AU')").fetchall()


def test_an_empty_first_page_decides_nothing(conn: imisql.Connection) -> None:
    assert conn.execute("SELECT Emial FROM CsContact WHERE LastName = 'No Such Name At All'").fetchall() == []
    assert conn.execute("SELECT Cuntry FROM iqa('$/imisql/Members by Country', 'ZZ', NULL)").fetchall() == []


def test_explain_says_the_names_are_checked_against_the_rows(conn: imisql.Connection) -> None:
    plan = "\n".join(row[0] for row in conn.execute("EXPLAIN SELECT Emial FROM CsContact").fetchall())
    assert "checked against the first page's rows" in plan


def test_a_property_some_rows_leave_out_is_known_from_the_others() -> None:
    text = "SELECT Fax FROM Bag"
    check = NameCheck((ReadName("Fax", ("Fax",), 7, 10),), "Bag", text)
    check.page([{"ID": "1"}, {"ID": "2", "Fax": None}])  # the page's union of names carries Fax
    missing = NameCheck((ReadName("Fax", ("Fax",), 7, 10),), "Bag", text)
    missing.page([])  # an empty page decides nothing
    with pytest.raises(SemanticError, match="no column 'Fax'"):
        missing.page([{"ID": "1"}, {"ID": "2", "Phone": "5"}])


def test_an_alias_of_an_expression_is_not_a_column_to_check_or_to_push(
    conn: imisql.Connection, local_conn: imisql.Connection
) -> None:
    sql = "SELECT UPPER(LastName) || ' ' || FirstName AS x FROM CsContact ORDER BY x DESC LIMIT 5"
    assert "OrderBy" not in conn.explain(sql)
    rows = conn.execute(sql).fetchall()
    assert len(rows) == 5 and rows == local_conn.execute(sql).fetchall()

"""Write statements compile without I/O: the WHERE is planned like a SELECT, the per-row requests are
listed as templates, read-only columns and entities, missing INSERT columns and a missing WHERE are
errors with hints, and the editors complete, check, hover and format writes."""

from __future__ import annotations

import pytest

import imisql
from imisql.engine.check import check
from imisql.engine.complete import complete
from imisql.engine.fmt import format_sql
from imisql.engine.hover import hover
from imisql.errors import SemanticError


def test_update_reads_like_a_select_and_lists_its_per_row_requests() -> None:
    plan = imisql.compile("UPDATE Party SET FirstName = 'A' WHERE LastName CONTAINS 'smith'")
    select = imisql.compile("SELECT * FROM Party WHERE LastName CONTAINS 'smith'")
    reads = [r for r in plan.requests if not r.template]
    assert reads == list(select.requests)
    assert [(r.method, r.path, r.template) for r in plan.requests[1:]] == [
        ("GET", "/api/Party/{id}", True),
        ("PUT", "/api/Party/{id}", True),
    ]
    assert plan.writes is not None and select.writes is None
    text = plan.explain()
    assert "once per row written" in text and "UpdatedOn moved since it was read" in text


def test_key_equality_reads_one_object_and_insert_lists_its_post() -> None:
    plan = imisql.compile("DELETE FROM Activity WHERE SEQN = 12")
    assert [r.readable() for r in plan.requests] == [
        "GET /api/Activity/12", "GET /api/Activity/{id}", "DELETE /api/Activity/{id}",
    ]  # fmt: skip
    insert = imisql.compile("INSERT INTO Country (CountryCode, CountryName) VALUES ('QQ', 'Q-land')")
    assert [r.readable() for r in insert.requests] == ["POST /api/Country"]


REFUSED = [
    ("UPDATE Party SET FirstName = 'x'", "UPDATE without WHERE would change every Party", "WHERE TRUE"),
    ("DELETE FROM Activity", "DELETE without WHERE would change every Activity", "WHERE TRUE"),
    ("UPDATE Party SET Email = 'a@b' WHERE TRUE", "read from the first of Party's Emails", "primary"),
    ("UPDATE Party SET UpdatedOn = DATE '2024-01-01' WHERE TRUE", "set by iMIS on every write", "leave it out"),
    ("UPDATE Party SET Id = '1' WHERE TRUE", "the key of Party", "INSERT a new Party"),
    ("UPDATE Party SET Status.Name = 'x' WHERE TRUE", "derived by iMIS from Status.PartyStatusId", "set Status"),
    ("UPDATE PartySummary SET Name = 'x' WHERE TRUE", "PartySummary is a read-only view", "write through Party"),
    ("UPDATE Party SET Addresses = NULL WHERE TRUE", "is a whole collection", "single fields"),
    ("UPDATE Party SET Gender = 'x' WHERE TRUE", "Gender cannot hold 'x'", "integer"),
    ("UPDATE Name_CEU SET X = 1 WHERE TRUE", "needs the key of Name_CEU", "--live-catalog"),
    ("INSERT INTO Person (FirstName) VALUES ('a')", "INSERT INTO Person needs PersonName.LastName", "iMIS refuses"),
    ("INSERT INTO Party (FirstName) VALUES ('a')", "the body of a new Party is not known", "INSERT INTO Person"),
    ("INSERT INTO Country (CountryCode, CountryName) VALUES ('QQ')", "1 values for 2 columns", "one value per"),
    ("INSERT INTO Activity (ID, ACTIVITY_TYPE) SELECT * FROM Party", "needs the columns listed", "SELECT the"),
    (
        "INSERT INTO Activity (ID, ACTIVITY_TYPE, UNITS) VALUES ('1', 'CEU', 'abc')",
        "UNITS cannot hold 'abc'",
        "decimal",
    ),
]


@pytest.mark.parametrize(("sql", "message", "hint"), REFUSED)
def test_refused_writes_say_why_and_what_to_do(sql: str, message: str, hint: str) -> None:
    with pytest.raises(SemanticError) as caught:
        imisql.compile(sql)
    assert message in str(caught.value)
    assert caught.value.hint is not None and hint in caught.value.hint
    assert caught.value.span is not None and caught.value.span.start > 0


def test_where_true_states_the_intent() -> None:
    plan = imisql.compile("UPDATE Activity SET DESCRIPTION = 'x' WHERE TRUE")
    assert next(r.readable() for r in plan.requests) == "GET /api/Activity?limit=500&offset=0"


def test_completion_offers_writable_columns_after_set_and_entities_after_update() -> None:
    labels = [c.label for c in complete("UPDATE Party SET ", 17)]
    assert "FirstName" in labels and "PersonName.MiddleName" in labels
    assert not {"Email", "PartyId", "UpdatedOn", "Status.Name", "Addresses"} & set(labels)
    assert "Party" in [c.label for c in complete("UPDATE Pa", 9)]
    assert "SEQN" in [c.label for c in complete("INSERT INTO Activity (", 22)]
    assert next(c.label for c in complete("EXPLAIN ", 8)) == "SELECT"


def test_diagnostics_and_hover_on_writes() -> None:
    (missing_where,) = check("UPDATE Party SET FirstName = 'x'")
    assert "without WHERE" in missing_where.message
    (read_only,) = check("UPDATE Party SET Email = 'x' WHERE TRUE")
    assert "ambiguous" in read_only.message
    (required,) = check("INSERT INTO Activity (ID) VALUES ('1')")
    assert "needs ACTIVITY_TYPE" in required.message
    text = "UPDATE Party SET FirstName = 'x' WHERE LastName = 'y'"
    shown = hover(text, text.index("WHERE"))
    assert shown is not None and "PUT https://<site>/api/Party/{id}" in shown.markdown


@pytest.mark.parametrize(
    "sql",
    [
        "update party set firstname='a',lastname = :b where partyid = '1' and x = 2",
        "delete from Activity where true",
        "insert into Person (PersonName.LastName) values ('a'), ('b') returning PartyId",
        "explain insert into Activity (ID, ACTIVITY_TYPE) select PartyId, 'CEU' from Party where x = 1",
    ],
)
def test_formatting_writes_is_stable_and_keeps_the_statement(sql: str) -> None:
    once = format_sql(sql)
    assert format_sql(once) == once
    assert imisql.parse(once) == imisql.parse(sql)

"""IQA named URL filters: ``iqa('$/Q', 'prompt', COLUMN => 'value')`` sends ``&COLUMN=value`` and re-checks it
on the rows that carry the column, because iMIS applies a URL filter only where the query defines one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import imisql
from imisql.compiler import compile_sql
from imisql.emulator import Emulator, EmulatorConfig
from imisql.engine.fmt import format_sql
from imisql.errors import QueryError

QUERY = "iqa('$/imisql/Members by Country', 'AU', NULL{filters})"
SELECT = "SELECT ID, FullName, MemberType, City FROM "


def _sql(filters: str = "", where: str = "") -> str:
    return SELECT + QUERY.format(filters=filters) + where + " ORDER BY ID"


@pytest.fixture(scope="module")
def ignoring() -> Iterator[imisql.Connection]:
    """A site whose queries define no URL filter: it ignores them."""
    with Emulator(EmulatorConfig(seed=11, parties=300, iqa_url_filters_ignored=True)) as emu:
        conn = imisql.connect(emu.base_url, username=emu.username, password=emu.password)
        yield conn
        conn.close()


def test_a_url_filter_is_sent_as_real_code_sends_it_and_rechecked() -> None:
    plan = compile_sql(_sql(", MemberType => 'REG', \"City\" => :city"), params={"city": "Perth"})
    (request,) = plan.requests
    assert request.params[:5] == (
        ("QueryName", "$/imisql/Members by Country"), ("Parameter", "AU"), ("Parameter", ""),
        ("MemberType", "REG"), ("City", "Perth"),
    )  # fmt: skip
    explained = plan.explain()
    assert "filter: MemberType => 'REG'" in explained and 'filter: "City" => :city' in explained


def test_a_value_iMIS_would_read_as_an_operator_gets_an_explicit_eq() -> None:
    (request,) = compile_sql(_sql(", Status => 'ne:D'")).requests
    assert ("Status", "eq:ne:D") in request.params
    (request,) = compile_sql(_sql(", City => '12:30'")).requests
    assert ("City", "12:30") in request.params


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (", QueryName => 'x'", "cannot be a URL filter"),
        (", limit => 5", "cannot be a URL filter"),
        (", City => NULL", "has no value"),
        (", City => ''", "is empty"),
        (", City => 'a|b'", "holds '|'"),
    ],
)
def test_url_filters_iMIS_would_misread_are_refused(filters: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as caught:
        compile_sql(_sql(filters))
    assert caught.value.span is not None


def test_prompts_come_before_url_filters() -> None:
    with pytest.raises(QueryError, match="prompts of iqa\\(\\) come before"):
        compile_sql("SELECT * FROM iqa('$/imisql/Members by Country', City => 'Perth', 'AU', NULL)")


def test_the_rows_are_those_of_the_same_condition_in_where(conn: imisql.Connection) -> None:
    filtered = conn.execute(_sql(", MemberType => 'reg'")).fetchall()
    assert filtered and filtered == conn.execute(_sql(where=" WHERE MemberType = 'REG'")).fetchall()
    assert len(filtered) < len(conn.execute(_sql()).fetchall())


def test_a_site_that_ignores_the_filter_still_gives_the_filtered_rows(
    conn: imisql.Connection, ignoring: imisql.Connection
) -> None:
    sql = _sql(", MemberType => 'REG', City => 'Sydney'")
    assert ignoring.execute(sql).fetchall() == conn.execute(sql).fetchall()
    assert (
        ignoring.execute(sql).fetchall()
        == conn.execute(_sql(where=" WHERE MemberType = 'REG' AND City = 'Sydney'")).fetchall()
    )


def test_a_filter_on_a_column_the_query_does_not_return_is_trusted_to_the_server(ignoring: imisql.Connection) -> None:
    assert ignoring.execute(_sql(", BranchCode => 'X7'")).fetchall() == ignoring.execute(_sql()).fetchall()


def test_formatting_keeps_the_url_filters() -> None:
    text = "select id from iqa('$/imisql/Members by Country','AU',null,membertype=>'REG',\"City\"=>:c)"
    formatted = format_sql(text)
    assert "membertype => 'REG', City => :c)" in formatted
    params = {"c": "Perth"}
    assert compile_sql(formatted, params=params).requests == compile_sql(text, params=params).requests

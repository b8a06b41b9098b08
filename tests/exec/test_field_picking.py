"""Decoding only the fields a plan reads gives exactly the rows decoding every field gives.

The reference is ``SELECT *`` of the same statement (which decodes every field), read through the
emulator over a real socket: values must match in value, type and printed form (a money amount's
scale, a datetime parsed from text, nested records and lists).
"""

from __future__ import annotations

from typing import Any

import pytest

import imisql
from imisql.compiler import CompileOptions, compile_sql
from imisql.plan import steps
from imisql.plan.reads import fields_read
from imisql.render.values import text_of


def _columns(cursor: imisql.Cursor) -> list[str]:
    return [d[0] for d in cursor.description or ()]


def _star_values(conn: imisql.Connection, tail: str, names: list[str]) -> list[tuple[Any, ...]]:
    cursor = conn.execute(f"SELECT * {tail}")
    index = {name: i for i, name in enumerate(_columns(cursor))}
    return [tuple(row[index[name]] for name in names) for row in cursor.fetchall()]


def _same(picked: list[tuple[Any, ...]], reference: list[tuple[Any, ...]]) -> None:
    assert len(picked) == len(reference) > 0
    for mine, theirs in zip(picked, reference, strict=True):
        assert mine == theirs
        assert [type(v) for v in mine] == [type(v) for v in theirs]
        assert [text_of(v) for v in mine] == [text_of(v) for v in theirs]


SELECTS = [
    ("PartyId, Name, PersonName.LastName, BirthDate, AdditionalAttributes.JoinDate, "
     "UpdateInformation.CreatedOn, Emails, Addresses, IsOrganization", "FROM Party"),
    ("InvoiceId, Balance.Amount, InvoiceAmount.Amount, InvoiceDate, BillToParty.Name", "FROM Invoice"),
    ("SEQN, AMOUNT, TRANSACTION_DATE, DESCRIPTION", "FROM Activity"),
]  # fmt: skip


@pytest.mark.parametrize(("columns", "tail"), SELECTS, ids=["Party", "Invoice", "Activity"])
def test_picked_columns_equal_the_whole_records(conn: imisql.Connection, columns: str, tail: str) -> None:
    tail += " LIMIT 700"
    cursor = conn.execute(f"SELECT {columns} {tail}")
    picked = cursor.fetchall()
    _same(picked, _star_values(conn, tail, _columns(cursor)))


def test_money_and_datetimes_keep_their_types(conn: imisql.Connection) -> None:
    rows = conn.execute("SELECT Balance.Amount, InvoiceDate FROM Invoice LIMIT 50").fetchall()
    assert rows and all(amount.as_tuple().exponent == -2 for amount, _ in rows)
    assert {type(date).__name__ for _, date in rows} == {"datetime"}


TAILS = [
    "FROM Party WHERE PersonName.FirstName LIKE 'A%' ORDER BY PersonName.LastName DESC, PartyId",
    "FROM Party WHERE UpdateInformation.CreatedOn > '2015-01-01' AND Status.Name <> 'x' ORDER BY BirthDate",
    "FROM Activity WHERE AMOUNT > 20 ORDER BY TRANSACTION_DATE, SEQN",
]


@pytest.mark.parametrize("tail", TAILS)
def test_fields_read_only_by_filters_and_sorts_still_decide(local_conn: imisql.Connection, tail: str) -> None:
    key = "SEQN" if "Activity" in tail else "PartyId"
    picked = local_conn.execute(f"SELECT {key} {tail}").fetchall()
    _same(picked, _star_values(local_conn, tail, [key]))


def test_expressions_and_aggregates_read_their_fields(local_conn: imisql.Connection) -> None:
    sql = "SELECT PartyId, UPPER(PersonName.LastName) FROM Party WHERE PersonName.LastName IS NOT NULL LIMIT 50"
    rows = local_conn.execute(sql).fetchall()
    reference = _star_values(local_conn, "FROM Party WHERE PersonName.LastName IS NOT NULL LIMIT 50",
                             ["PartyId", "PersonName.LastName"])  # fmt: skip
    assert rows == [(party_id, last.upper()) for party_id, last in reference]
    [(total,)] = local_conn.execute("SELECT SUM(Balance.Amount) FROM Invoice").fetchall()
    amounts = _star_values(local_conn, "FROM Invoice", ["Balance.Amount"])
    assert total == sum(amount for (amount,) in amounts)


@pytest.mark.parametrize(
    ("sql", "fields"),
    [
        ("SELECT Name FROM Party", ("PartyId", "Name")),
        ("SELECT Name FROM Party WHERE PersonName.LastName LIKE '%a%' ORDER BY Email",
         ("PartyId", "PersonName", "Emails", "Name")),
        ("SELECT COUNT(*), MAX(BirthDate) FROM Party GROUP BY Gender", ("PartyId", "Gender", "BirthDate")),
        ("SELECT * FROM Party", None),
        ("SELECT p.Name FROM Party p JOIN Invoice i ON i.BillToParty.Id = p.PartyId", None),
    ],
)  # fmt: skip
def test_fields_read_by_a_plan(sql: str, fields: tuple[str, ...] | None) -> None:
    found = fields_read(compile_sql(sql, options=CompileOptions(pushdown=False)).root)
    assert (None if found is None else sorted(found)) == (None if fields is None else sorted(fields))


def test_a_sort_imis_starts_reads_its_ties_keys(conn: imisql.Connection, local_conn: imisql.Connection) -> None:
    sql = "SELECT PartyId FROM Party ORDER BY PersonName.LastName, PersonName.FirstName, PartyId LIMIT 80"
    plan = compile_sql(sql, options=CompileOptions())
    assert any(isinstance(step, steps.CompleteTies) for step in steps.walk(plan.root))
    assert sorted(fields_read(plan.root) or ()) == ["PartyId", "PersonName"]
    assert conn.execute(sql).fetchall() == local_conn.execute(sql).fetchall()

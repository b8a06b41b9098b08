"""Differential guarantee for JOIN: the planner's rows equal a naive nested-loop join of whole sources.

The planner pushes filters into each source, binds one side's keys into the other's requests, looks
objects up by key or hashes both sides; the reference (``join_reference``) reads every source in full
and tries every pair. Statements marked ``+`` must return rows, so no comparison is vacuous. The demo
data has duplicate keys (many activities per party), NULL keys (parties without an organization) and
text keys that differ only in case or trailing spaces (last names), so those rules are exercised.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import imisql
from imisql.emulator import Emulator, EmulatorConfig
from tests.exec.join_reference import reference_rows

STATEMENTS = """
+ SELECT p.PartyId, p.Name, a.ACTIVITY_TYPE, a.AMOUNT FROM Party p JOIN Activity a ON a.ID = p.PartyId WHERE
      p.LastName = 'Coleman'
+ SELECT p.PartyId, a.SEQN FROM Party p INNER JOIN Activity a ON a.ID = p.PartyId WHERE p.LastName STARTS WITH 'b'
+ SELECT p.Name, a.AMOUNT FROM Activity a JOIN Party p ON a.ID = p.PartyId WHERE p.LastName = 'COLEMAN ' AND
      a.AMOUNT > 10
+ SELECT p.Name, a.AMOUNT FROM Party p JOIN Activity a ON a.ID = p.PartyId AND a.ACTIVITY_TYPE = 'GIFT' WHERE
      p.Status = 'A'
+ SELECT a.SEQN, p.Name FROM Activity a JOIN Party p ON a.ID = p.PartyId WHERE a.SEQN = 5
+ SELECT p.PartyId, a.SEQN FROM Party p JOIN Activity a ON p.PartyId = a.ID WHERE p.PartyId = '20005'
+ SELECT p.PartyId, q.PartyId FROM Party p JOIN Party q ON q.PersonName.FullName = p.Name WHERE p.LastName =
      'Coleman'
+ SELECT p.PartyId, q.PartyId FROM Party p JOIN Party q ON q.LastName = p.LastName WHERE p.LastName = 'coleman'
+ SELECT p.PartyId, q.PartyId, q.LastName FROM Party p JOIN Party q ON q.LastName = p.LastName WHERE
      p.LastName IN ('MARTIN', 'ford')
+ SELECT p.PartyId, q.PartyId FROM Party p JOIN Person q ON q.PartyId = p.PartyId WHERE p.Status = 'I'
+ SELECT p.Name, a.AMOUNT FROM Party p LEFT JOIN Activity a ON a.ID = p.PartyId AND a.ACTIVITY_TYPE = 'DUES'
      WHERE p.LastName = 'Coleman'
+ SELECT p.Name, a.AMOUNT FROM Party p LEFT JOIN Activity a ON a.ID = p.PartyId WHERE a.ACTIVITY_TYPE = 'DUES'
      AND p.LastName STARTS WITH 'm'
+ SELECT p.PartyId, a.SEQN FROM Party p LEFT JOIN Activity a ON a.ID = p.PartyId WHERE a.SEQN IS NULL
+ SELECT p.PartyId, a.SEQN FROM Party p LEFT OUTER JOIN Activity a ON a.ID = p.PartyId AND a.AMOUNT > 400
      WHERE p.CountryCode = 'GB'
+ SELECT p.PartyId, o.Name FROM Party p LEFT JOIN Organization o ON o.PartyId =
      p.PrimaryOrganization.OrganizationPartyId WHERE p.Status = 'A'
+ SELECT p.PartyId, o.Name FROM Party p JOIN Organization o ON o.PartyId = p.PrimaryOrganization.OrganizationPartyId
+ SELECT r.EventRegistrationId, p.Name FROM EventRegistration r JOIN Party p ON p.PartyId = r.PartyId WHERE
      r.EventId = 'ANNUAL2025'
+ SELECT e.EventId, r.PartyId FROM Event e JOIN EventRegistration r ON r.EventId = e.EventId WHERE e.Status = 'A'
+ SELECT e.Name, p.Name FROM Event e JOIN EventRegistration r ON r.EventId = e.EventId JOIN Party p ON
      p.PartyId = r.PartyId WHERE e.EventId = 'ANNUAL2024'
+ SELECT e.Name, p.Name, a.AMOUNT FROM Event e JOIN EventRegistration r ON r.EventId = e.EventId JOIN Party p
      ON p.PartyId = r.PartyId JOIN Activity a ON a.ID = p.PartyId WHERE e.EventId = 'ANNUAL2024' AND
      a.ACTIVITY_TYPE = 'EVENT'
+ SELECT e.EventId, p.PartyId, a.SEQN, o.Name FROM Event e JOIN EventRegistration r ON r.EventId = e.EventId
      JOIN Party p ON p.PartyId = r.PartyId JOIN Activity a ON a.ID = p.PartyId LEFT JOIN Organization o ON
      o.PartyId = p.PrimaryOrganization.OrganizationPartyId WHERE e.EventId = 'ANNUAL2025'
+ SELECT g.Name, gm.GroupMemberId FROM "Group" g JOIN GroupMember gm ON gm.Group.GroupId = g.GroupId
+ SELECT g.Name, p.Name FROM GroupMember gm JOIN "Group" g ON g.GroupId = gm.Group.GroupId JOIN Party p ON
      p.PartyId = gm.Party.PartyId WHERE gm.IsActive isTrue
+ SELECT i.InvoiceId, p.Name FROM Invoice i JOIN Party p ON p.PartyId = i.BillToParty.Id WHERE i.Balance.Amount > 0
+ SELECT p.Name, COUNT(*), SUM(a.AMOUNT) FROM Party p JOIN Activity a ON a.ID = p.PartyId WHERE p.LastName =
      'Coleman' GROUP BY p.Name
+ SELECT a.ACTIVITY_TYPE, COUNT(*) FROM Party p JOIN Activity a ON a.ID = p.PartyId WHERE p.CountryCode = 'US'
      GROUP BY a.ACTIVITY_TYPE ORDER BY a.ACTIVITY_TYPE
+ SELECT p.LastName, COUNT(DISTINCT a.ACTIVITY_TYPE) FROM Party p JOIN Activity a ON a.ID = p.PartyId GROUP BY
      p.LastName HAVING COUNT(*) > 10
+ SELECT COUNT(*) FROM Party p LEFT JOIN Activity a ON a.ID = p.PartyId WHERE p.Status = 'A'
+ SELECT p.PartyId, a.SEQN FROM Party p JOIN Activity a ON a.ID = p.PartyId ORDER BY p.PartyId, a.SEQN LIMIT 25
+ SELECT p.PartyId, a.AMOUNT FROM Party p JOIN Activity a ON a.ID = p.PartyId WHERE p.LastName = 'Coleman'
      ORDER BY a.AMOUNT DESC, a.SEQN LIMIT 5
+ SELECT DISTINCT p.LastName FROM Party p JOIN Activity a ON a.ID = p.PartyId WHERE a.ACTIVITY_TYPE = 'CEU'
+ SELECT p.PartyId FROM Party p JOIN Activity a ON a.ID = p.PartyId WHERE p.LastName = 'Coleman' OR a.AMOUNT > 450
+ SELECT p.PartyId, a.SEQN FROM Party p JOIN Activity a ON a.ID = p.PartyId AND a.AMOUNT > p.Gender WHERE
      p.LastName = 'Patel'
+ SELECT c.ID, c.LastName, p.Email FROM CsContact c JOIN Party p ON p.PartyId = c.ID WHERE c.LastName = 'anderson'
+ SELECT c.ID, n.SEQN FROM CsContact c JOIN Name_CEU n ON n.ID = c.ID WHERE c.IsMember = TRUE
+ SELECT n.ID, n.CREDITS, a.SEQN FROM Name_CEU n JOIN Activity a ON a.ID = n.ID WHERE n.CREDITS >= 5 AND
      a.ACTIVITY_TYPE = 'CEU'
+ SELECT q.ID, p.Status FROM iqa('$/Common/Queries/Search/Contact/Last Name', 'c') q JOIN Party p ON p.PartyId
      = q.ID
+ SELECT q.ID, a.SEQN FROM iqa('$/imisql/Event Registrations', 'ANNUAL2024') q LEFT JOIN Activity a ON a.ID = q.ID
+ SELECT p.PartyId, q.EventId FROM Party p JOIN iqa('$/imisql/Event Registrations', 'ANNUAL2025') q ON q.ID =
      p.PartyId WHERE p.Status = 'A'
+ SELECT p.PartyId, u.UserName FROM Party p JOIN "User" u ON u.UserId = p.PartyId WHERE p.LastName STARTS WITH 's'
+ SELECT Party.Name, Activity.AMOUNT FROM Party JOIN Activity ON Activity.ID = Party.PartyId WHERE
      Party.LastName = 'Coleman'
+ SELECT p.Name, a.AMOUNT FROM Party p JOIN Activity a ON a.ID = p.PartyId WHERE a.ID = '20005'
+ SELECT a.SEQN, p.Name, r.EventId FROM Activity a JOIN Party p ON a.ID = p.PartyId JOIN EventRegistration r ON
      r.PartyId = p.PartyId WHERE r.EventId = 'ANNUAL2024'
  SELECT p.PartyId, a.SEQN FROM Party p JOIN Activity a ON a.ID = p.PartyId WHERE p.LastName = 'no-such-name'
  SELECT p.PartyId, q.PartyId FROM Party p JOIN Party q ON q.PartyId = p.PartyId WHERE p.LastName = 'a|b'
"""


@pytest.fixture(scope="module")
def join_conn() -> Iterator[imisql.Connection]:
    """A small demo site: the reference tries every pair of rows, so its cost grows with the product."""
    with Emulator(EmulatorConfig(seed=11, parties=150)) as emu:
        connection = imisql.connect(emu.base_url, username=emu.username, password=emu.password)
        yield connection
        connection.close()


def _cases() -> list[tuple[bool, str]]:
    """``+`` marks a statement that must return rows; indented lines continue the statement above."""
    cases: list[tuple[bool, str]] = []
    for line in STATEMENTS.strip("\n").splitlines():
        if line.startswith("      ") and cases:
            cases[-1] = (cases[-1][0], f"{cases[-1][1]} {line.strip()}")
        else:
            cases.append((line.startswith("+"), line[1:].strip()))
    return cases


CASES = _cases()


def test_corpus_size() -> None:
    assert len(CASES) >= 40


def _comparable(rows: list[tuple[Any, ...]], sql: str) -> list[tuple[Any, ...]]:
    return rows if "ORDER BY" in sql else sorted(rows, key=repr)


@pytest.mark.parametrize(("nonempty", "sql"), CASES, ids=[f"j{i:02d}" for i in range(len(CASES))])
def test_planned_join_matches_the_naive_join(join_conn: imisql.Connection, nonempty: bool, sql: str) -> None:
    planned = join_conn.execute(sql).fetchall()
    assert _comparable(planned, sql) == _comparable(reference_rows(join_conn, sql), sql)
    assert bool(planned) == nonempty
